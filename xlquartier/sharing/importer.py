"""Bring a partner's returned view back into the master, without overwriting anything.

Rows are matched by ID, never by position. Per cell the partner may change, a three-way
merge against the exported state (``store``) decides: changed only by the partner ->
applied; changed only at home -> kept; changed on both sides -> a conflict in the
``Konflikte`` sheet, nothing overwritten. New contact persons of the partner's own
organisation are added with new IDs; rows the partner deleted are reported, never
deleted. The master is written through ``workbook.write`` (surgically, atomically, after
a backup). After an import the base of every applied cell moves on to the applied value
and every added row is remembered, so importing the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError, WorkbookError
from ..privacy.retention import expire_records
from ..schema import DATA_SHEETS, SCHEMA_VERSION, Kind, sheet_name, translate
from ..texts import format_date, plural
from ..texts import t as _t
from ..workbook import ids
from ..workbook.read import read_book
from ..workbook.tables import Book, Row
from ..workbook.values import as_text, date_from_text
from ..workbook.write import Package, read_for_writing, sheet_link
from .manifest import Manifest, checksum, plain_record, read_manifest
from .merge import merge_row
from .store import ExportRecord, load_record, save_record
from .view import ADDABLE, EDITABLE, duplicated_ids, id_key, partner_view

# What makes a typed-in row a record: a person has a name or an address, an offer a title.
NEW_ROW_NEEDS = {"people": ("first_name", "last_name", "email"), "offers": ("title",)}


@dataclass(frozen=True)
class Change:
    """One cell the import applies, a conflict it found, or a row it reports."""

    sheet: str  # sheet key
    row_id: str
    column: str | None = None  # column key
    base: Any = None
    ours: Any = None
    theirs: Any = None
    why: str = ""  # for a row that is gone: "deleted", "moved" (no longer the partner's) or "duplicate"


GONE = {  # why an answer about a row was not applied: (German, English)
    "deleted": ("nicht mehr in der Mappe", "no longer in the workbook"),
    "moved": ("gehört nicht mehr zu diesem Partner", "no longer belongs to this partner"),
    "duplicate": ("ID in der Mappe doppelt", "ID used twice in the workbook"),
}


@dataclass
class ImportReport:
    export_id: str
    partner_id: str
    partner_name: str
    lang: str
    dry_run: bool
    applied: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    new_conflicts: int = 0  # conflicts not yet in the Konflikte sheet
    conflicts_changed: bool = False  # the Konflikte sheet needs rewriting
    added: list[Change] = field(default_factory=list)  # row_id = the new ID; theirs = values
    deleted: list[Change] = field(default_factory=list)  # deleted by the partner, kept
    gone: list[Change] = field(default_factory=list)  # answers about rows the master no longer has as exported
    ignored: list[Change] = field(default_factory=list)  # changes to cells the partner may not change
    refused: list[Change] = field(default_factory=list)  # new rows over the limit; row_id = "row N"
    max_new: int = 0  # the limit of new rows that applied
    expired: list[Path] = field(default_factory=list)  # export records past the retention, deleted
    written: bool = False
    backup: Path | None = None
    expired_backups: list[Path] = field(default_factory=list)  # deleted for the retention setting
    notices: list[tuple[str, str]] = field(default_factory=list)  # (German, English), e.g. a sheet kept

    @property
    def changed(self) -> bool:
        """Whether the import changes (or, in a dry run, would change) the master."""
        return bool(self.applied or self.added or self.conflicts_changed)

    def lines(self, lang: str | None = None) -> list[tuple[str, str, str, str, str]]:
        """(what, sheet, ID, column, detail) per entry, in ``lang`` (default: the workbook's)."""
        lang = lang or self.lang

        def col(c: Change) -> str:
            return DATA_SHEETS[c.sheet].column(c.column).header(lang) if c.column else ""

        def show(c: Change, value: Any) -> str:
            return display(value, c.sheet, c.column, lang)

        out = []
        applied = _t(lang, "würde übernommen", "would be applied") if self.dry_run else _t(
            lang, "übernommen", "applied")
        for c in self.applied:
            out.append((applied, sheet_name(c.sheet, lang), c.row_id, col(c),
                        f"{show(c, c.ours) or '–'} → {show(c, c.theirs) or '–'}"))
        for c in self.conflicts:
            out.append((_t(lang, "Konflikt", "conflict"), sheet_name(c.sheet, lang), c.row_id, col(c),
                        _t(lang, f"beim Export: {show(c, c.base) or '–'}; bei uns: {show(c, c.ours) or '–'}; "
                                 f"vom Partner: {show(c, c.theirs) or '–'}",
                           f"exported: {show(c, c.base) or '–'}; ours: {show(c, c.ours) or '–'}; "
                           f"theirs: {show(c, c.theirs) or '–'}")))
        for c in self.added:
            values = ", ".join(display(v, c.sheet, None, lang) for v in c.theirs.values() if v)
            out.append((_t(lang, "würde neu angelegt", "would be added") if self.dry_run else _t(lang, "neu", "added"),
                        sheet_name(c.sheet, lang), c.row_id, "",
                        _t(lang, f"{values} (Rechtsgrundlage bitte ergänzen)", f"{values} (please add the legal basis)")
                        if c.sheet == "people" else values))
        for c in self.deleted:
            out.append((_t(lang, "vom Partner gelöscht", "deleted by partner"), sheet_name(c.sheet, lang),
                        c.row_id, "", _t(lang, "bleibt in der Mappe", "kept in the workbook")))
        for c in self.gone:
            out.append((_t(lang, *GONE[c.why or "deleted"]), sheet_name(c.sheet, lang), c.row_id, "",
                        _t(lang, "übersprungen, nirgends sonst eingetragen", "skipped, applied nowhere else")))
        for sheet in dict.fromkeys(c.sheet for c in self.refused):
            rows = [c.row_id for c in self.refused if c.sheet == sheet]
            shown = ", ".join(rows[:10]) + (_t(lang, f" und {len(rows) - 10} weitere", f" and {len(rows) - 10} more")
                                            if len(rows) > 10 else "")
            out.append((_t(lang, "nicht übernommen", "not applied"), sheet_name(sheet, lang), shown, "",
                        _t(lang, f"{plural(lang, len(rows), ('neue Zeile', 'neue Zeilen'), ('', ''))} über der "
                                 f"Höchstzahl von {self.max_new} je Einlesen; mit --max-new mehr erlauben",
                           f"{plural(lang, len(rows), ('', ''), ('new row', 'new rows'))} over the limit of "
                           f"{self.max_new} per import; allow more with --max-new")))
        for c in self.ignored:
            out.append((_t(lang, "nicht übernommen", "not applied"), sheet_name(c.sheet, lang), c.row_id,
                        col(c), _t(lang, "Diese Zelle darf der Partner nicht ändern.",
                                   "The partner may not change this cell.")))
        return out


def display(value: Any, sheet: str, column: str | None, lang: str) -> str:
    """A plain value as a person reads it (German dates, translated list entries)."""
    if value is None:
        return ""
    spec = DATA_SHEETS[sheet].column(column) if column else None
    if isinstance(value, list):
        return "; ".join(display(v, sheet, column, lang) for v in value)
    if spec is not None and spec.kind is Kind.DATE and isinstance(value, str):
        parsed = date_from_text(value)
        return format_date(parsed, lang) if parsed else value
    if spec is not None and spec.list and isinstance(value, str):
        return translate(spec.list, value, lang)
    return str(value)


# --------------------------------------------------------------------------- checks

def _version(text: str) -> int:
    try:
        return int(str(text).split(".")[0])
    except ValueError:
        return 1 << 30  # unreadable: treated as too new


def _verified(book_path: Path, returned: Path, partner_id: str | None) -> tuple[Manifest, ExportRecord]:
    """The manifest and the export record; refuses foreign, tampered or outdated files."""
    name = returned.name
    if not returned.is_file():
        raise WorkbookError(f"Die Datei {returned} gibt es nicht.", f"The file {returned} does not exist.")
    manifest = read_manifest(returned)
    if manifest is None:
        raise UserError(f"{name} ist keine Partneransicht von xlquartier und wird nicht eingelesen.",
                      f"{name} is not a partner view made by xlquartier and is not imported.")
    if _version(manifest.schema_version) > _version(SCHEMA_VERSION):  # older views still match their rows
        raise UserError(
            f"{name} wurde mit einer anderen Version der Arbeitsmappe erstellt (Schema "
            f"{manifest.schema_version}, erwartet {SCHEMA_VERSION}); bitte eine neue Partneransicht senden.",
            f"{name} was made with another version of the workbook (schema {manifest.schema_version}, "
            f"expected {SCHEMA_VERSION}); please send a new partner view.")
    record = load_record(book_path, manifest.export_id)
    if record is None:
        raise UserError(
            f"{name} stammt aus einer Weitergabe, die aus {book_path.name} nicht bekannt ist, und wird "
            "nicht eingelesen.",
            f"{name} comes from an export that {book_path.name} does not know, and is not imported.")
    if partner_id and partner_id.strip().casefold() != record.manifest.partner_id.casefold():
        raise UserError(
            f"{name} ist die Ansicht von {record.partner_name} ({record.manifest.partner_id}), nicht von "
            f"{partner_id}; nichts wurde eingelesen.",
            f"{name} is the view of {record.partner_name} ({record.manifest.partner_id}), not of "
            f"{partner_id}; nothing was imported.")
    if manifest != record.manifest:
        raise UserError(
            f"Der Kontrollbereich von {name} wurde verändert; die Datei wird nicht eingelesen.",
            f"The control area of {name} was changed; the file is not imported.")
    return manifest, record


# --------------------------------------------------------------------------- values

def _theirs(row: Row) -> dict[str, Any]:
    """The returned row's plain values; a cell the reader could not parse keeps its text."""
    values = dict(row.values)
    for key, raw in row.raw.items():
        if values.get(key) is None and key in row.issues:
            values[key] = as_text(raw)
    return plain_record(values)


def _cell(book: Book, sheet: str, column: str, value: Any) -> Any:
    """A plain value as it goes into a master cell (typed dates, translated list entries)."""
    if value is None:
        return None
    spec = DATA_SHEETS[sheet].column(column)
    if spec.kind is Kind.DATE and isinstance(value, str):
        return date_from_text(value) or value
    if isinstance(value, list):
        return "; ".join(translate(spec.list, v, book.lang) if spec.list else v for v in value)
    if spec.list:
        return translate(spec.list, value, book.lang)
    return value


# --------------------------------------------------------------------------- import

def import_partner(book_path: str | Path, returned_path: str | Path, dry_run: bool = False,
                   partner_id: str | None = None, max_new: int | None = None,
                   today: dt.date | None = None) -> ImportReport:
    """``share import BOOK RETURNED.xlsx``: merge a returned partner view into the master.

    An answer is applied only to the row it was about: a row deleted from the master, given to
    another partner since, or whose ID is now used twice is reported and changed nowhere. At most
    ``max_new`` new rows are added (default: the setting ``import_max_new_rows``); the rest are
    reported. Export records past the retention setting are deleted when the master is written.

    Holds the tool's write lock of the master from reading it (and the export record) to
    writing both, so parallel imports and checks wait for each other and lose nothing.
    """
    book_path, returned = Path(book_path), Path(returned_path)
    if dry_run:
        return _import(read_book(book_path), book_path, returned, dry_run, partner_id, max_new, today)
    with read_for_writing(book_path) as master:
        return _import(master, book_path, returned, dry_run, partner_id, max_new, today)


def _import(master: Book, book_path: Path, returned: Path, dry_run: bool, partner_id: str | None,
            max_new: int | None, today: dt.date | None) -> ImportReport:
    manifest, record = _verified(book_path, returned, partner_id)
    back = read_book(returned)
    report = ImportReport(manifest.export_id, manifest.partner_id, record.partner_name, master.lang, dry_run)
    report.max_new = max_new if max_new is not None else master.whole("import_max_new_rows")
    writes: dict[str, dict[str, Any]] = {}  # sheet name -> cell -> value
    links: list[tuple[Change, str]] = []
    current = partner_view(master, manifest.partner_id, check_ids=False).editable if _known(
        master, manifest.partner_id) else {}

    for sheet, exported in record.rows.items():
        if sheet not in master.tables or sheet not in back.tables:
            continue
        table = master.table(sheet)
        ours_rows = table.by_id()
        twice = duplicated_ids(master, sheet)
        back_rows = back.table(sheet).by_id()
        editable = record.editable.get(sheet, {})
        for row_id, base in exported.items():
            returned_row = back_rows.get(row_id)
            if returned_row is None:
                report.deleted.append(Change(sheet, row_id))
                continue
            theirs = _theirs(returned_row)
            if checksum(theirs) == manifest.rows.get(sheet, {}).get(row_id):
                continue  # untouched by the partner
            allowed = editable.get(row_id, [])
            report.ignored += [Change(sheet, row_id, c) for c in sorted(set(base) | set(theirs))
                               if c not in allowed and base.get(c) != theirs.get(c)]
            ours_row = ours_rows.get(row_id)
            why = ("deleted" if ours_row is None else "duplicate" if id_key(row_id) in twice
                   else "moved" if allowed and row_id not in current.get(sheet, {}) else "")
            if why:
                if any(base.get(c) != theirs.get(c) for c in allowed):
                    report.gone.append(Change(sheet, row_id, why=why))
                continue
            ours = plain_record(ours_row.values)
            for d in merge_row(base, ours, theirs, allowed):
                change = Change(sheet, row_id, d.column, d.base, d.ours, d.theirs)
                cell = table.cell(ours_row.number, d.column)
                if d.conflict or cell is None:
                    report.conflicts.append(change)
                    links.append((change, sheet_link(table.name, cell or f"A{ours_row.number}")))
                else:
                    report.applied.append(change)
                    writes.setdefault(table.name, {})[cell] = _cell(master, sheet, d.column, d.theirs)
        known = set(exported) | {i for i in record.added.values()}
        report.ignored += [Change(sheet, rid) for rid in back_rows if rid not in known]  # IDs typed by the partner

    _added_rows(master, back, record, report, writes)
    conflict_rows = _conflict_sheet(book_path, master, record, report, links)
    if dry_run or not report.changed:
        return report
    with Package.open(book_path, master.lang, expect=master.fingerprint,
                      retention_days=master.setting("retention_days")) as pkg:
        for sheet, cells in writes.items():
            pkg.set_cells(sheet, cells)
        if report.conflicts_changed:
            pkg.replace_sheet(sheet_name("conflicts", master.lang), conflict_rows[0],
                              widths=(30, 28, 14, 10, 22, 28, 28, 28), links=conflict_rows[1])
        ids.remember(pkg, master, _added_ids(report))
    report.backup, report.written = pkg.backup_path, True
    report.expired_backups, report.notices = pkg.expired_backups, pkg.notices
    _remember(book_path, record, report)
    report.expired = expire_records(book_path, master.whole("retention_days"), today)
    return report


def _known(book: Book, partner_id: str) -> bool:
    return any(row.id == partner_id for row in book.rows("partners"))


def _added_ids(report: ImportReport) -> dict[str, list[str]]:
    added: dict[str, list[str]] = {}
    for change in report.added:
        added.setdefault(change.sheet, []).append(change.row_id)
    return added


def _added_rows(master: Book, back: Book, record: ExportRecord, report: ImportReport,
                writes: dict[str, dict[str, Any]]) -> None:
    """Rows without an ID the partner typed in: new contact persons of its own organisation, up to the limit."""
    for sheet in DATA_SHEETS:
        if sheet not in back.tables:
            continue
        fresh = [r for r in back.rows(sheet) if not r.id and plain_record(r.values)]
        if not fresh:
            continue
        if sheet not in ADDABLE or sheet not in master.tables:
            report.ignored += [Change(sheet, _t(master.lang, f"Zeile {r.number}", f"row {r.number}"))
                               for r in fresh]
            continue
        table = master.table(sheet)
        fresh_ids = ids.next_ids(master, sheet)
        next_row = max((r.number for r in table.rows), default=table.header_row) + 1
        for row in fresh:
            values = {k: v for k, v in _theirs(row).items() if k in EDITABLE[sheet]}
            if not any(values.get(k) for k in NEW_ROW_NEEDS[sheet]):
                if values:  # e.g. only a salutation picked: not a person yet
                    report.ignored.append(Change(sheet, _t(master.lang, f"Zeile {row.number}",
                                                           f"row {row.number}")))
                continue
            fingerprint = checksum(values)
            if fingerprint in record.added:
                continue  # added by an earlier import of this file
            if len(report.added) >= report.max_new:
                report.refused.append(Change(sheet, _t(master.lang, f"Zeile {row.number}", f"row {row.number}"),
                                             theirs=values))
                continue
            new_id = next(fresh_ids)
            cells = {"id": new_id, "partner": record.manifest.partner_id} | values
            report.added.append(Change(sheet, new_id, theirs=values))
            for key, value in cells.items():
                cell = table.cell(next_row, key)
                if cell:
                    writes.setdefault(table.name, {})[cell] = _cell(master, sheet, key, value)
            next_row += 1


CONFLICT_HEADERS = {
    "de": ("Partner", "Weitergabe", "Blatt", "ID", "Spalte", "Stand beim Export", "Bei uns jetzt",
           "Vom Partner"),
    "en": ("Partner", "Export", "Sheet", "ID", "Column", "As exported", "Ours now", "Theirs"),
}


def _conflict_sheet(book_path: Path, master: Book, record: ExportRecord, report: ImportReport,
                    links: list[tuple[Change, str]]) -> tuple[list[list[Any]], dict[str, str]]:
    """The Konflikte sheet after this import: other exports' rows kept, this export's replaced.

    Sets ``report.new_conflicts`` (conflicts the sheet does not hold yet) and
    ``report.conflicts_changed`` (this export's rows differ from the sheet's).
    """
    lang = master.lang
    name = sheet_name("conflicts", lang)
    existing = _existing_rows(book_path, name)
    export_label = f"{record.manifest.export_id} ({format_date(dt.date.fromisoformat(record.manifest.date), lang)})"
    kept = [r for r in existing if len(r) > 1 and r[1] != export_label]
    mine = []
    for change in report.conflicts:
        spec = DATA_SHEETS[change.sheet]
        mine.append([record.partner_name, export_label, spec.name(lang), change.row_id,
                     spec.column(change.column).header(lang),
                     display(change.base, change.sheet, change.column, lang),
                     display(change.ours, change.sheet, change.column, lang),
                     display(change.theirs, change.sheet, change.column, lang)])
    old_mine = [r for r in existing if len(r) > 1 and r[1] == export_label]
    report.new_conflicts = sum(1 for r in mine if r not in old_mine)
    report.conflicts_changed = mine != old_mine
    rows = [list(CONFLICT_HEADERS[lang])] + kept + mine
    link_cells = {}
    for offset, (_, target) in enumerate(links):
        link_cells[f"D{len(kept) + 2 + offset}"] = target
    return rows, link_cells


def _existing_rows(book_path: Path, name: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(book_path))
    if name not in workbook.sheet_names:
        return []
    rows = workbook.get_sheet_by_name(name).to_python()[1:]
    return [[as_text(c) if c not in (None, "") else "" for c in r] for r in rows if any(r)]


def _remember(book_path: Path, record: ExportRecord, report: ImportReport) -> None:
    """Move the base on to what was applied and remember added rows (re-imports change nothing)."""
    for change in report.applied:
        values = record.rows[change.sheet][change.row_id]
        if change.theirs is None:
            values.pop(change.column, None)
        else:
            values[change.column] = change.theirs
    for change in report.added:
        record.added[checksum(change.theirs)] = change.row_id
    record.imports.append({
        "applied": [[c.sheet, c.row_id, c.column] for c in report.applied],
        "added": [c.row_id for c in report.added],
        "conflicts": [[c.sheet, c.row_id, c.column] for c in report.conflicts],
    })
    save_record(book_path, record)
