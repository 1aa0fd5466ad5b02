"""Write a partner's view of the workbook as a new file in the standard layout.

The file is built from the partner's view only (``view.partner_view``), so data the
partner may not see is never written at all: no hidden sheet or column, no cached string,
no defined name or comment holds it. ``build_workbook`` lays out the standard sheets; this
module then locks every cell except the ones the partner may change, drops the Prüfung
sheet, protects every sheet and the workbook structure, adds the hidden manifest and
records the export beside the master (``store``) as the base of the later merge.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Font, Protection
from openpyxl.utils import column_index_from_string, coordinate_to_tuple, get_column_letter
from openpyxl.workbook.protection import WorkbookProtection

from ..files import replacing
from ..safe import xml_text
from ..schema import DATA_SHEETS, LISTS, SCHEMA_VERSION, Kind, sheet_name, translate
from ..texts import format_date
from ..texts import t as _t
from ..workbook.build import build_workbook
from ..workbook.read import read_book
from ..workbook.tables import Book
from .manifest import SHEET, Manifest, checksum, plain_record
from .store import ExportRecord, save_record
from .view import ADDABLE, EDITABLE, SHOWN_COLUMNS, PartnerView, find_partner, partner_view

NEW_ROWS = 15  # empty, editable rows for new contact persons
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
DATE_FORMAT = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-")[:40] or "Partner"


def default_name(book_path: Path, partner_id: str, short: str, lang: str) -> str:
    label = _t(lang, "Partneransicht", "partner-view")
    return f"{book_path.stem}_{label}_{_slug(partner_id)}_{_slug(short)}.xlsx"


def _list_extras(book: Book) -> dict[str, list[str]]:
    """Entries users added to the Listen sheet, so the partner's dropdowns match the office's."""
    extras = {}
    for key, spec in LISTS.items():
        known = {de for de, _ in spec.entries}
        added = [v for v in book.lists.get(key, []) if v not in known]
        if added:
            extras[key] = added
    return extras


def _lock_data_sheet(ws, sheet: str, view: PartnerView, lang: str) -> None:
    """Lock every cell, then unlock only the partner's own editable cells (and new-row space)."""
    spec = DATA_SHEETS[sheet]
    keys = [c.key for c in spec.columns]
    for dim in ws.column_dimensions.values():
        dim.protection = LOCKED
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.protection = LOCKED
    rows = view.rows(sheet)
    editable = view.editable.get(sheet, {})
    targets = [(i + 2, editable[r["id"]]) for i, r in enumerate(rows) if r.get("id") in editable]
    if sheet in ADDABLE:
        first = len(rows) + 2
        targets += [(n, EDITABLE[sheet]) for n in range(first, first + NEW_ROWS)]
    for number, columns in targets:
        for key in columns:
            column = spec.column(key)
            cell = ws.cell(number, keys.index(key) + 1)
            cell.protection = UNLOCKED
            if column.kind is Kind.DATE:
                cell.number_format = DATE_FORMAT[lang]
            elif column.kind in (Kind.PHONE, Kind.POSTCODE):
                cell.number_format = "@"  # keeps 030 12 34 and leading zeros as typed
    ws.protection.sheet = True


def _drop_trailing_columns(ws, sheet: str) -> None:
    """Remove the columns at the end of a sheet that no partner view ever fills.

    The people sheet ends with legal basis, consent date, sharing flag, deletion review and
    the internal note; the partner sheet with the internal note; the task sheet with the
    annual topic. Their values are never written, and without them not even the headers
    hint at what the office keeps. Columns inside a table stay (empty), so the table,
    its validations and formats keep their places.
    """
    columns = DATA_SHEETS[sheet].columns
    keep = max(i for i, c in enumerate(columns, start=1) if c.key in SHOWN_COLUMNS[sheet])
    if keep == len(columns):
        return
    last = get_column_letter(keep)
    for table in ws.tables.values():
        start, end = table.ref.split(":")
        table.ref = f"{start}:{last}{coordinate_to_tuple(end)[0]}"
        table.tableColumns = table.tableColumns[:keep]
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
    ws.data_validations.dataValidation = [
        dv for dv in ws.data_validations.dataValidation
        if all(rng.min_col <= keep for rng in dv.sqref.ranges)]
    for coordinate in [xy for xy in ws._cells if xy[1] > keep]:
        del ws._cells[coordinate]
    for letter in [k for k in ws.column_dimensions if column_index_from_string(k) > keep]:
        del ws.column_dimensions[letter]


def _overview_note(ws, view: PartnerView, book: Book, today: dt.date, lang: str) -> None:
    """A short note on the first sheet: whose view this is and what the partner may change."""
    lines = [
        _t(lang, f"Partneransicht für {view.partner_name}", f"Partner view for {view.partner_name}"),
        _t(lang, f"Erstellt am {format_date(today, lang)} von {book.setting('qm_name')}.",
           f"Made on {format_date(today, lang)} by {book.setting('qm_name')}."),
        _t(lang, "Ändern können Sie nur die nicht gesperrten Zellen:",
           "You can change only the unlocked cells:"),
        _t(lang, f"• {sheet_name('partners', lang)}: Anschrift, Telefon, E-Mail und Webseite Ihrer Organisation",
           f"• {sheet_name('partners', lang)}: your organisation's address, phone, email and website"),
        _t(lang, f"• {sheet_name('people', lang)}: Kontaktdaten Ihrer Ansprechpersonen",
           f"• {sheet_name('people', lang)}: your contact persons' details"),
        _t(lang, f"• {sheet_name('people', lang)}: neue Ansprechpersonen in den freien Zeilen",
           f"• {sheet_name('people', lang)}: new contact persons in the empty rows"),
        _t(lang, f"• {sheet_name('tasks', lang)}: Status, Erledigt am und Erledigungsvermerk Ihrer Aufgaben",
           f"• {sheet_name('tasks', lang)}: status, done date and completion note of your tasks"),
        _t(lang, "Danach bitte speichern und die Datei zurückschicken.",
           "Then please save and send the file back."),
    ]
    start = ws.max_row + 2
    for offset, text in enumerate(lines):
        cell = ws.cell(start + offset, 1, xml_text(text))
        if offset == 0:
            cell.font = Font(bold=True, size=12, color="1F4E79")
    ws.protection.sheet = True


def _print_setup(ws) -> None:
    """Landscape, all columns on one page width: a partner may well print its view."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _finish(tmp: Path, view: PartnerView, book: Book, manifest: Manifest, today: dt.date) -> None:
    """Post-process the freshly built file (a new file: a full openpyxl save is fine here)."""
    lang = book.lang
    wb = load_workbook(tmp)
    del wb[sheet_name("check", lang)]
    for key in DATA_SHEETS:
        _drop_trailing_columns(wb[sheet_name(key, lang)], key)
        _lock_data_sheet(wb[sheet_name(key, lang)], key, view, lang)
        _print_setup(wb[sheet_name(key, lang)])
    settings = wb[sheet_name("settings", lang)]
    for row in settings.iter_rows(min_row=2):
        for cell in row:
            cell.protection = LOCKED
    for key in ("settings", "lists", "guide"):
        wb[sheet_name(key, lang)].protection.sheet = True
    _overview_note(wb[sheet_name("overview", lang)], view, book, today, lang)
    hidden = wb.create_sheet(SHEET)
    for line in manifest.cells():
        hidden.append([xml_text(c) if isinstance(c, str) else c for c in line])
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    props = wb.properties
    props.creator = props.lastModifiedBy = "xlquartier"
    props.title = xml_text(_t(lang, f"Partneransicht: {view.partner_name}", f"Partner view: {view.partner_name}"))
    props.subject = props.description = props.keywords = props.category = None
    wb.save(tmp)


def _export(book: Book, book_path: Path, partner_id: str, out: Path, today: dt.date) -> Path:
    view = partner_view(book, partner_id)
    plain = {sheet: {r["id"]: plain_record(r) for r in rows if r.get("id")}
             for sheet, rows in view.data.items()}
    manifest = Manifest(
        export_id="E" + secrets.token_hex(6).upper(), partner_id=view.partner_id,
        schema_version=SCHEMA_VERSION, date=today.isoformat(), lang=book.lang,
        rows={sheet: {rid: checksum(values) for rid, values in ids.items()}
              for sheet, ids in plain.items() if ids})
    settings = {k: v for k, v in book.settings.items() if v not in (None, "")}
    with replacing(out) as tmp:
        build_workbook(tmp, book.lang, data=view.data, settings=settings,
                       extra_list_values={k: [translate(k, v, book.lang) for v in vals]
                                          for k, vals in _list_extras(book).items()})
        _finish(tmp, view, book, manifest, today)
    editable = {sheet: {rid: list(cols) for rid, cols in ids.items()}
                for sheet, ids in view.editable.items()}
    save_record(book_path, ExportRecord(manifest, view.partner_name, out.name, plain, editable))
    return out


def export_partner(book_path: str | Path, partner_id: str, out: str | Path | None = None,
                   today: dt.date | None = None) -> Path:
    """``share export --partner ID``: write one partner's view; returns the file written."""
    book_path = Path(book_path)
    book = read_book(book_path)
    partner = find_partner(book, partner_id)
    name = default_name(book_path, partner.id, partner["short_name"] or partner["name"] or "", book.lang)
    target = Path(out) if out else book_path.parent / name
    if target.is_dir():
        target = target / name
    return _export(book, book_path, partner.id, target, today or dt.date.today())


def export_all(book_path: str | Path, out_dir: str | Path | None = None,
               today: dt.date | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> list[Path]:
    """``share export --all``: one view per active partner; ``progress(done, total, name)``."""
    book_path = Path(book_path)
    book = read_book(book_path)
    folder = Path(out_dir) if out_dir else book_path.parent / _t(
        book.lang, "Partneransichten", "partner-views")
    partners = [p for p in book.rows("partners") if p.id and p["status"] == "aktiv"]
    written = []
    for done, partner in enumerate(partners):
        label = partner["short_name"] or partner["name"] or partner.id
        if progress:
            progress(done, len(partners), label)
        target = folder / default_name(book_path, partner.id, label, book.lang)
        written.append(_export(book, book_path, partner.id, target, today or dt.date.today()))
    if progress:
        progress(len(partners), len(partners), "")
    return written
