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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError, WorkbookError
from ..schema import DATA_SHEETS, SCHEMA_VERSION, Kind, sheet_name, translate
from ..texts import format_date
from ..texts import t as _t
from ..workbook.read import read_book
from ..workbook.tables import Book, Row
from ..workbook.values import as_text, date_from_text
from ..workbook.write import Package, read_for_writing, sheet_link
from .manifest import Manifest, checksum, plain_record, read_manifest
from .merge import merge_row
from .store import ExportRecord, load_record, save_record
from .view import ADDABLE, EDITABLE

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
    gone: list[Change] = field(default_factory=list)  # exported, no longer in the master
    ignored: list[Change] = field(default_factory=list)  # changes to cells the partner may not change
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
            out.append((_t(lang, "nicht mehr in der Mappe", "no longer in the workbook"),
                        sheet_name(c.sheet, lang), c.row_id, "", _t(lang, "übersprungen", "skipped")))
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


def _next_ids(book: Book, sheet: str):
    """New IDs after the highest number in use with the sheet's prefix; never renumbers."""
    spec = DATA_SHEETS[sheet]
    pattern = re.compile(rf"^{re.escape(spec.id_prefix)}(\d+)$")
    used = [int(m[1]) for r in book.rows(sheet) if r.id and (m := pattern.match(r.id))]
    number = max(used, default=0)
    while True:
        number += 1
        yield spec.new_id(number)


# --------------------------------------------------------------------------- import

def import_partner(book_path: str | Path, returned_path: str | Path, dry_run: bool = False,
                   partner_id: str | None = None) -> ImportReport:
    """``share import BOOK RETURNED.xlsx``: merge a returned partner view into the master.

    Holds the tool's write lock of the master from reading it (and the export record) to
    writing both, so parallel imports and checks wait for each other and lose nothing.
    """
    book_path, returned = Path(book_path), Path(returned_path)
    if dry_run:
        return _import(read_book(book_path), book_path, returned, dry_run, partner_id)
    with read_for_writing(book_path) as master:
        return _import(master, book_path, returned, dry_run, partner_id)


def _import(master: Book, book_path: Path, returned: Path, dry_run: bool, partner_id: str | None) -> ImportReport:
    manifest, record = _verified(book_path, returned, partner_id)
    back = read_book(returned)
    report = ImportReport(manifest.export_id, manifest.partner_id, record.partner_name, master.lang, dry_run)
    writes: dict[str, dict[str, Any]] = {}  # sheet name -> cell -> value
    links: list[tuple[Change, str]] = []

    for sheet, exported in record.rows.items():
        if sheet not in master.tables or sheet not in back.tables:
            continue
        table = master.table(sheet)
        ours_rows = table.by_id()
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
            if ours_row is None:
                if any(base.get(c) != theirs.get(c) for c in allowed):
                    report.gone.append(Change(sheet, row_id))
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
    report.backup, report.written = pkg.backup_path, True
    report.expired_backups, report.notices = pkg.expired_backups, pkg.notices
    _remember(book_path, record, report)
    return report


def _added_rows(master: Book, back: Book, record: ExportRecord, report: ImportReport,
                writes: dict[str, dict[str, Any]]) -> None:
    """Rows without an ID the partner typed in: new contact persons of its own organisation."""
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
        ids = _next_ids(master, sheet)
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
            new_id = next(ids)
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
