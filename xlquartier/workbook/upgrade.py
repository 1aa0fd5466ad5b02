"""``xlquartier upgrade``: bring a workbook to the current schema without touching the user's data.

The engine knows no sheet by name: it compares the workbook with ``schema.py`` and adds
what is missing, the way the builder makes it, out of a fresh standard workbook built in
the book's language (``transplant``):

- a missing data sheet, with its Excel table, header comments, dropdowns fed from the
  ``Listen`` sheet, column formats, protection and print setup, after the existing sheets;
- a missing column of an existing table, appended to the table's right edge with its
  dropdown or date check, format and header comment;
- a missing list (a new column in ``Listen`` with its defined name), a missing entry of a
  list, and a missing setting row in ``Einstellungen``;

then it raises the schema version (document property ``xlquartier.schema``). Every other
part of the file stays byte for byte as it was; the write is atomic, after a backup, and
refused while the file is open. A second run finds nothing missing and writes nothing.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from ..errors import UserError, WorkbookError
from ..schema import DATA_SHEETS, LISTS, OTHER_SHEETS, SCHEMA_VERSION, SETTINGS, normalize_header
from ..texts import plural, t
from . import transplant as tp
from .build import VALIDATION_ROWS, build_workbook, list_formula
from .read import LANG_PROPERTY, VERSION_PROPERTY
from .tables import Book, Table
from .values import is_empty
from .write import Package, read_for_writing


@dataclass
class UpgradeReport:
    """What ``upgrade_book`` added, in the workbook's names; empty lists when it was current."""

    path: Path
    lang: str
    old_version: str
    new_version: str = SCHEMA_VERSION
    sheets: list[str] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (sheet, header)
    lists: list[str] = field(default_factory=list)
    entries: list[tuple[str, str]] = field(default_factory=list)  # (list, entry)
    settings: list[str] = field(default_factory=list)
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.backup is not None

    def lines(self, lang: str | None = None) -> list[str]:
        """One line per kind of addition, in ``lang`` (default: the workbook's)."""
        lang = lang or self.lang
        if not self.changed:
            return [t(lang, f"{self.path.name} ist schon auf Schemaversion {self.new_version}; nichts geändert.",
                      f"{self.path.name} is already at schema version {self.new_version}; nothing changed.")]
        out = [t(lang, f"{self.path.name} auf Schemaversion {self.new_version} gebracht (vorher {self.old_version}).",
                 f"{self.path.name} brought to schema version {self.new_version} (was {self.old_version}).")]
        if self.sheets:
            out.append(t(lang, "  neue Blätter: ", "  new sheets: ") + ", ".join(self.sheets))
        if self.columns:
            out.append(t(lang, "  neue Spalten: ", "  new columns: ")
                       + "; ".join(f"{sheet}: {header}" for sheet, header in self.columns))
        if self.lists:
            out.append(t(lang, "  neue Auswahllisten: ", "  new lists: ") + ", ".join(self.lists))
        if self.entries:
            out.append(t(lang, "  neue Listeneinträge: ", "  new list entries: ")
                       + "; ".join(f"{name}: {entry}" for name, entry in self.entries))
        if self.settings:
            out.append("  " + plural(lang, len(self.settings), ("neue Einstellung", "neue Einstellungen"),
                                     ("new setting", "new settings")) + ": " + "; ".join(self.settings))
        out.append(t(lang, f"Sicherung: {self.backup}", f"Backup: {self.backup}"))
        return out


def _number(version: str | None) -> int:
    try:
        return int(str(version or "1").split(".")[0])
    except ValueError:
        return 1


def upgrade_book(path: str | Path) -> UpgradeReport:
    """Add what the workbook at ``path`` lacks of the current schema; see the module docstring."""
    path = Path(path)
    with read_for_writing(path) as book:  # one writer at a time, from reading to writing
        return _upgrade(path, book)


def _upgrade(path: Path, book: Book) -> UpgradeReport:
    old = book.schema_version or "1"
    if _number(old) > _number(SCHEMA_VERSION):
        raise UserError(
            f"{path.name} hat Schemaversion {old}, dieses xlquartier kennt nur {SCHEMA_VERSION}; bitte "
            "xlquartier aktualisieren.",
            f"{path.name} has schema version {old}; this xlquartier knows only {SCHEMA_VERSION}; please "
            "update xlquartier.")
    if not any(table.columns for table in book.tables.values()):
        raise WorkbookError(f"{path.name} ist keine Arbeitsmappe von xlquartier; nichts geändert.",
                            f"{path.name} is not an xlquartier workbook; nothing changed.")
    report = UpgradeReport(path, book.lang, old)
    with tempfile.TemporaryDirectory(prefix="xq-upgrade-") as tmp:
        fresh = Package.open(build_workbook(Path(tmp) / "fresh.xlsx", book.lang), book.lang)
        pkg = Package.open(path, book.lang, expect=book.fingerprint, retention_days=book.setting("retention_days"))
        styles = tp.StyleImporter(fresh.read("xl/styles.xml"), pkg.read("xl/styles.xml"))
        _lists(pkg, book, report)
        _sheets(pkg, fresh, book, styles, report)
        _columns(pkg, fresh, book, styles, report)
        _settings(pkg, book, report)
        if styles.changed:
            pkg.write_part("xl/styles.xml", styles.target)
        tp.set_custom_property(pkg, VERSION_PROPERTY, SCHEMA_VERSION)
        tp.set_custom_property(pkg, LANG_PROPERTY, book.lang)
        report.backup = pkg.save()
    return report


# --------------------------------------------------------------------------- pieces

def _other_sheet(book: Book, key: str) -> str | None:
    names = {normalize_header(n): n for n in book.sheet_names}
    return next((names[normalize_header(c)] for c in OTHER_SHEETS[key] if normalize_header(c) in names), None)


def _values(path: Path, sheet: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _lists(pkg: Package, book: Book, report: UpgradeReport) -> None:
    """Missing list columns in Listen (with their defined names) and missing entries of lists."""
    lang = book.lang
    name = _other_sheet(book, "lists")
    if name is None:
        raise UserError(
            f"In {book.path.name} fehlt das Blatt „Listen“ mit den Auswahllisten; upgrade braucht es. Bitte "
            "das Blatt aus einer neuen Vorlage (xlquartier new) kopieren.",
            f"{book.path.name} lacks the “Lists” sheet with the dropdown lists; upgrade needs it. Please copy "
            "it from a new template (xlquartier new).")
    rows = _values(pkg.path, name)
    header = rows[0] if rows else []
    found: dict[str, int] = {}
    for c, cell in enumerate(header):
        if is_empty(cell):
            continue
        for key, spec in LISTS.items():
            if normalize_header(cell) in (normalize_header(spec.de), normalize_header(spec.en)):
                found.setdefault(key, c)
    width = max((len(r) for r in rows), default=0)
    part = pkg.sheet_part(name)
    xml = pkg.read(part)
    head_style = tp.cell_style(xml, "A1")
    names = tp.defined_names(pkg)
    cells: dict[str, tuple[Any, int | None]] = {}
    widths: list[tuple[int, float]] = []
    for key, spec in LISTS.items():
        if key in found:
            c = found[key]
            letter = get_column_letter(c + 1)
            last = max((r for r in range(1, len(rows)) if c < len(rows[r]) and not is_empty(rows[r][c])), default=0)
            present = set(book.lists.get(key, []))
            style = tp.cell_style(xml, f"{letter}{last + 1}") if last else None
            for de, en in spec.entries:
                if de not in present:
                    last += 1
                    label = de if lang == "de" else en
                    cells[f"{letter}{last + 1}"] = (label, style)
                    report.entries.append((spec.name(lang), label))
        else:
            width += 1
            letter = get_column_letter(width)
            cells[f"{letter}1"] = (spec.name(lang), head_style)
            for r, label in enumerate(spec.labels(lang), start=2):
                cells[f"{letter}{r}"] = (label, None)
            widths.append((width, max(14, len(spec.name(lang)) + 4)))
            report.lists.append(spec.name(lang))
        if spec.defined_name not in names:
            tp.add_defined_name(pkg, spec.defined_name, list_formula(name, letter))
    if cells:
        pkg.put_cells(name, cells)
    if widths:
        xml = pkg.read(part)
        for index, w in widths:
            xml = tp.set_column(xml, index, w, None)
        pkg.write_part(part, xml)


def _sheets(pkg: Package, fresh: Package, book: Book, styles: tp.StyleImporter, report: UpgradeReport) -> None:
    """Missing data sheets, copied from the fresh book to the end of the workbook."""
    taken, _ = tp.table_names(pkg)
    for key, spec in DATA_SHEETS.items():
        table = book.tables.get(key)
        if table is not None:
            if not table.columns:
                raise UserError(
                    f"Das Blatt „{table.name}“ gibt es schon, aber ohne die Spalten von xlquartier; bitte das "
                    "Blatt umbenennen, dann legt upgrade es neu an.",
                    f"The sheet “{table.name}” exists but without xlquartier's columns; please rename it, then "
                    "upgrade adds it anew.")
            continue
        name = spec.name(book.lang)

        def unique(wanted: str) -> str:
            candidate, n = wanted, 1
            while candidate.casefold() in taken:
                n += 1
                candidate = f"{wanted}{n}"
            taken.add(candidate.casefold())
            return candidate

        tp.copy_sheet(pkg, fresh, name, name, styles, unique)
        report.sheets.append(name)


def _table_part(pkg: Package, part: str, table: Table) -> str | None:
    """The Excel table on the sheet whose header row is the one the reader found."""
    letters = {column_index_from_string(pos.letter) for pos in table.columns.values()}
    for _, kind, target in pkg.relationships(part):
        if kind != tp.TYPES["table"][0] or not pkg.has_part(target):
            continue
        ref = tp.table_ref(pkg.read(target))
        if ref and ref[1] == table.header_row and all(
                column_index_from_string(ref[0]) <= c <= column_index_from_string(ref[2]) for c in letters):
            return target
    return None


def _columns(pkg: Package, fresh: Package, book: Book, styles: tp.StyleImporter, report: UpgradeReport) -> None:
    """Missing columns of existing tables, appended at the right edge of each table."""
    lang = book.lang
    for key, table in book.tables.items():
        spec = DATA_SHEETS[key]
        missing = [c for c in spec.columns if c.key not in table.columns]
        if not missing or not table.columns:
            continue
        part = pkg.sheet_part(table.name)
        fresh_part = fresh.sheets()[spec.name(lang)]
        fresh_xml = fresh.read(fresh_part)
        table_part = _table_part(pkg, part, table)
        header_row = table.header_row
        last_row = max([header_row, *(r.number for r in table.rows)])
        if table_part is not None:
            _, _, right, bottom = tp.table_ref(pkg.read(table_part))
            start = column_index_from_string(right) + 1
            last_row = max(last_row, bottom)
        else:
            used = [pos.index for pos in table.columns.values()] + list(table.extra_columns.values())
            start = max(used) + 2
        xml = pkg.read(part)
        header_style = next((tp.cell_style(xml, f"{table.columns[c.key].letter}{header_row}")
                             for c in spec.columns if not c.required and c.key in table.columns), None)
        for offset, column in enumerate(missing):
            letter = get_column_letter(start + offset)
            taken = tp.occupied(pkg.read(part), letter, header_row, last_row)
            if taken:
                raise UserError(
                    f"Rechts neben der Tabelle auf dem Blatt „{table.name}“ steht etwas in Spalte {letter} "
                    f"({taken[0]}); bitte dort Platz machen, dann ergänzt upgrade die Spalte „{column.header(lang)}“.",
                    f"Something stands right of the table on the sheet “{table.name}” in column {letter} "
                    f"({taken[0]}); please make room there, then upgrade adds the column “{column.header(lang)}”.")
            fresh_index = spec.columns.index(column) + 1
            fresh_letter = get_column_letter(fresh_index)
            header = column.header(lang)
            pkg.put_cells(table.name, {f"{letter}{header_row}": (header, header_style)})
            xml = pkg.read(part)
            width, col_style = tp.col_of(fresh_xml, fresh_index)
            xml = tp.set_column(xml, start + offset, width, styles.xf(col_style) if col_style else None)
            validation = tp.validation_for(fresh_xml, fresh_letter)
            if validation is not None:
                xml = tp.add_validation(xml, tp.move_validation(validation, letter, header_row + 1,
                                                                VALIDATION_ROWS - 1))
            if table_part is not None:
                xml = _widen_formats(xml, get_column_letter(start + offset - 1), letter, header_row + 1, last_row)
            pkg.write_part(part, xml)
            if table_part is not None:
                pkg.write_part(table_part, tp.widen_table(pkg.read(table_part), header))
            tp.add_comment(pkg, part, fresh, fresh_part, f"{fresh_letter}1", f"{letter}{header_row}")
            report.columns.append((table.name, header))


def _widen_formats(xml: bytes, old_right: str, new_right: str, first: int, last: int) -> bytes:
    """Conditional formats that cover the table's rows (overdue tasks in red) cover the new column too."""
    def widen(m: re.Match[bytes]) -> bytes:
        sqref = m[2].decode()
        found = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", sqref)
        if found and found[3] == old_right and int(found[2]) == first and int(found[4]) >= last:
            return m[1] + f"{found[1]}{found[2]}:{new_right}{found[4]}".encode() + m[3]
        return m[0]

    return re.sub(rb'(<(?:\w+:)?conditionalFormatting\b[^>]*?\ssqref=")([^"]*)(")', widen, xml)


def _settings(pkg: Package, book: Book, report: UpgradeReport) -> None:
    """Missing setting rows, appended below the last row of Einstellungen with its defaults."""
    name = _other_sheet(book, "settings")
    missing = [s for s in SETTINGS.values() if s.key not in book.setting_rows]
    if name is None or not missing:
        return
    xml = pkg.read(pkg.sheet_part(name))
    last = max(len(_values(pkg.path, name)), *book.setting_rows.values(), 1)
    sample = min(book.setting_rows.values(), default=None)
    styles = [tp.cell_style(xml, f"{c}{sample}") if sample else None for c in "ABC"]
    cells: dict[str, tuple[Any, int | None]] = {}
    for setting in missing:
        last += 1
        cells[f"A{last}"] = (setting.label(book.lang), styles[0])
        cells[f"B{last}"] = (setting.default, styles[1])
        if setting.help_de:
            cells[f"C{last}"] = (setting.help_de if book.lang == "de" else setting.help_en, styles[2])
        report.settings.append(setting.label(book.lang))
    pkg.put_cells(name, cells)

