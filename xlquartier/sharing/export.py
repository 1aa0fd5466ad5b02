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
from pathlib import Path, PureWindowsPath

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import column_index_from_string, coordinate_to_tuple, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection

from ..files import replacing
from ..outputs import output_file, output_folder
from ..schema import DATA_SHEETS, LISTS, OFFICE_ONLY_SHEETS, SCHEMA_VERSION, Kind, sheet_name, translate
from ..texts import format_date
from ..texts import t as _t
from ..workbook import printing
from ..workbook.build import HEADER_FILL, HEADER_FONT, build_workbook, guide_sheet
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
    if sheet in ADDABLE and sheet in view.editable:
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


def _editable_text(lang: str, view: PartnerView) -> list[str]:
    """What the partner may change, one line per kind of cell."""
    return [
        _t(lang, f"{sheet_name('partners', lang)}: Anschrift, Telefon, E-Mail und Webseite Ihrer Organisation",
           f"{sheet_name('partners', lang)}: your organisation's address, phone, email and website"),
        _t(lang, f"{sheet_name('people', lang)}: Kontaktdaten Ihrer Ansprechpersonen; neue Ansprechpersonen in "
                 "den freien Zeilen darunter",
           f"{sheet_name('people', lang)}: your contact persons' details; new contact persons in the empty rows "
           "below"),
        _t(lang, f"{sheet_name('tasks', lang)}: Status, Erledigt am und Erledigungsvermerk Ihrer Aufgaben",
           f"{sheet_name('tasks', lang)}: status, done date and completion note of your tasks"),
        *([_t(lang, f"{sheet_name('offers', lang)}: Ihre Angebote und Räume, auch neue in den freien Zeilen",
              f"{sheet_name('offers', lang)}: your offers and rooms, new ones in the empty rows too")]
          if "offers" in view.editable else []),
    ]


def own_figures(view: PartnerView, today: dt.date) -> list[tuple[tuple[str, str], int]]:
    """The partner's own figures at export time: what this view holds about the partner itself.

    Network-wide figures computed from a filtered view would be wrong (one partner, no
    residents), so the partner's overview shows only these, labelled as its own.
    """
    open_states = {"offen", "in Arbeit", "verschoben"}
    own_tasks = [r for r in view.rows("tasks") if r.get("id") in view.editable.get("tasks", {})]
    open_tasks = [r for r in own_tasks if r.get("status") in open_states]
    overdue = [r for r in open_tasks if isinstance(r.get("due"), dt.date) and r["due"] < today]
    meetings = [m for m in view.rows("meetings") if isinstance(m.get("date"), dt.date)]
    return [
        (("Runden, in denen Sie mitwirken (aktiv)", "Groups you take part in (active)"),
         sum(1 for r in view.rows("structures") if r.get("status") == "aktiv")),
        ((f"Treffen Ihrer Runden {today.year} (stattgefunden)", f"Meetings of your groups in {today.year} (held)"),
         sum(1 for m in meetings if m.get("status") == "stattgefunden" and m["date"].year == today.year)),
        (("Geplante Treffen ab heute", "Planned meetings from today"),
         sum(1 for m in meetings if m.get("status") == "geplant" and m["date"] >= today)),
        (("Ihre offenen Aufgaben", "Your open tasks"), len(open_tasks)),
        (("davon überfällig", "of them overdue"), len(overdue)),
        (("Ihre unterzeichneten Vereinbarungen", "Your signed agreements"),
         sum(1 for r in view.rows("agreements") if r.get("status") == "unterzeichnet")),
    ]


def _clear(ws) -> None:
    for coordinate in list(ws._cells):
        del ws._cells[coordinate]
    for number in list(ws.row_dimensions):
        del ws.row_dimensions[number]


def _overview(ws, view: PartnerView, book: Book, today: dt.date, lang: str) -> None:
    """The partner's first sheet: whose view this is, its own figures (labelled so), what it may change."""
    _clear(ws)
    ws["A1"] = _t(lang, f"Partneransicht für {view.partner_name}", f"Partner view for {view.partner_name}")
    ws["A1"].font = Font(bold=True, size=14, color="1F4E79")
    ws["A2"] = _t(lang, f"Erstellt am {format_date(today, lang)} von {book.setting('qm_name')}.",
                  f"Made on {format_date(today, lang)} by {book.setting('qm_name')}.")
    ws["A2"].font = Font(italic=True, color="595959")
    ws["A4"] = _t(lang, f"Ihre Zahlen (Stand {format_date(today, lang)})", f"Your figures (as of "
                  f"{format_date(today, lang)})")
    ws["A4"].font = Font(bold=True, size=12, color="1F4E79")
    row = 5
    for (de, en), value in own_figures(view, today):
        ws.cell(row, 1, _t(lang, de, en))
        ws.cell(row, 2, value).font = Font(bold=True)
        row += 1
    row += 1
    ws.cell(row, 1, _t(lang, "Ändern können Sie nur die nicht gesperrten Zellen:",
                       "You can change only the unlocked cells:")).font = Font(bold=True, size=12, color="1F4E79")
    for line in _editable_text(lang, view):
        row += 1
        ws.cell(row, 1, f"• {line}").alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = printing.row_height([f"• {line}"], [70])
    row += 2
    ws.cell(row, 1, _t(lang, "Danach bitte speichern und die Datei zurückschicken; mehr im Blatt „Anleitung“.",
                       "Then please save and send the file back; more in the “Guide” sheet."))
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 10
    printing.set_page(ws, "portrait", title_rows=None)
    ws.protection.sheet = True


def partner_guide_lines(book: Book, view: PartnerView, lang: str) -> list[tuple[str, bool]]:
    """The partner's own short guide: what the file is, what to change, how it goes back, whom to ask."""
    email = str(book.setting("email") or "").strip()
    contact = ", ".join(str(v).strip() for v in (
        book.setting("qm_contact_name"), book.setting("qm_contact_function"), book.setting("qm_name"),
        book.setting("email"), book.setting("phone")) if v and str(v).strip())
    back = _t(lang, f" an {email}", f" to {email}") if email else ""
    sections = [
        (_t(lang, "Was ist diese Datei?", "What is this file?"), [
            _t(lang, "Das Quartiersmanagement teilt mit Ihnen, was Ihre Organisation im Netzwerk betrifft: Ihre "
                     "Angaben und "
                     "Ansprechpersonen, die Runden, in denen Sie mitwirken, und deren Treffen, Ihre Aufgaben und "
                     "Ihre Vereinbarungen.",
               "The neighbourhood management shares with you what concerns your organisation in the network: "
               "your details and contact "
               "persons, the groups you take part in and their meetings, your tasks and your agreements."),
            _t(lang, "Andere Organisationen stehen nur mit Name und Art darin, andere Personen nur, wenn sie der "
                     "Weitergabe ihrer Kontaktdaten zugestimmt haben.",
               "Other organisations appear by name and type only, other people only where they agreed to their "
               "contact details being passed on."),
        ]),
        (_t(lang, "Was Sie ändern können", "What you can change"), _editable_text(lang, view)),
        (_t(lang, "So geht die Datei zurück", "How the file goes back"), [
            _t(lang, f"Speichern Sie die Datei unter ihrem Namen als .xlsx und schicken Sie sie{back} zurück. "
                     "Ihre Änderungen werden übernommen; wo sich etwas mit Änderungen im Büro überschneidet, "
                     "klären wir das mit Ihnen. Gelöscht wird dabei nichts.",
               f"Save the file under its name as .xlsx and send it back{back}. Your changes are taken over; "
               "where they overlap with changes made in the office, we clear it up with you. Nothing is deleted."),
            _t(lang, "Bitte Blätter, Spalten und Zeilen nicht umbenennen, verschieben oder löschen: nur so lassen "
                     "sich Ihre Angaben zuordnen.",
               "Please do not rename, move or delete sheets, columns or rows: that is how your entries are "
               "matched."),
        ]),
        (_t(lang, "Datenschutz", "Data protection"), [
            _t(lang, "Die Kontaktdaten anderer Personen in dieser Datei sind nur für die Zusammenarbeit im "
                     "Netzwerk gedacht; bitte geben Sie sie nicht weiter.",
               "The contact details of other people in this file are for the cooperation in the network only; "
               "please do not pass them on."),
        ]),
    ]
    if contact:
        sections.append((_t(lang, "Fragen?", "Questions?"), [contact]))
    lines: list[tuple[str, bool]] = []
    for title, body in sections:
        lines.append((title, True))
        lines += [(line, False) for line in body]
        lines.append(("", False))
    return lines


def _lists_for_editable_cells(wb, lang: str) -> None:
    """Keep only the lists the partner's editable cells use (salutation, task status), with the
    office's own entries for them; drop the other lists, their names and their dropdowns."""
    keep = [key for key in LISTS
            if any(DATA_SHEETS[sheet].column(col).list == key for sheet, cols in EDITABLE.items() for col in cols)]
    ws = wb[sheet_name("lists", lang)]
    values = {}
    for column in ws.iter_cols(min_row=1, values_only=True):
        header = column[0]
        for key in keep:
            if header == LISTS[key].name(lang):
                values[key] = [v for v in column[1:] if v not in (None, "")]
    _clear(ws)
    for letter in list(ws.column_dimensions):
        del ws.column_dimensions[letter]
    dropped = {LISTS[key].defined_name for key in LISTS if key not in keep}
    for name in dropped:
        if name in wb.defined_names:
            del wb.defined_names[name]
    for sheet in wb.worksheets:
        validations = sheet.data_validations.dataValidation
        sheet.data_validations.dataValidation = [
            dv for dv in validations if str(dv.formula1 or "").lstrip("=") not in dropped]
    for i, key in enumerate(keep, start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i, LISTS[key].name(lang))
        head.font, head.fill = HEADER_FONT, HEADER_FILL
        for r, value in enumerate(values.get(key, LISTS[key].labels(lang)), start=2):
            ws.cell(r, i, value)
        ws.column_dimensions[letter].width = 24
        ref = f"OFFSET({quote_sheetname(ws.title)}!${letter}$2,0,0,MAX(1,COUNTA({quote_sheetname(ws.title)}!" \
              f"${letter}:${letter})-1),1)"
        wb.defined_names[LISTS[key].defined_name] = DefinedName(LISTS[key].defined_name, attr_text=ref)
    printing.set_page(ws, "portrait")


def _finish(tmp: Path, view: PartnerView, book: Book, manifest: Manifest, today: dt.date) -> None:
    """Post-process the freshly built file (a new file: a full openpyxl save is fine here)."""
    lang = book.lang
    wb = load_workbook(tmp)
    del wb[sheet_name("check", lang)]
    for key in OFFICE_ONLY_SHEETS:  # the contact log never leaves the office, not even empty
        del wb[sheet_name(key, lang)]
    for key in DATA_SHEETS:
        if key in OFFICE_ONLY_SHEETS:
            continue
        _drop_trailing_columns(wb[sheet_name(key, lang)], key)
        _lock_data_sheet(wb[sheet_name(key, lang)], key, view, lang)
        printing.set_page(wb[sheet_name(key, lang)], "landscape", title_columns=2)  # for the columns left
    del wb[sheet_name("settings", lang)]  # the office's thresholds and settings are its own
    _lists_for_editable_cells(wb, lang)
    guide = wb[sheet_name("guide", lang)]
    _clear(guide)
    guide_sheet(guide, lang, partner_guide_lines(book, view, lang),
                _t(lang, "Anleitung für Partner", "Guide for partners"))
    for key in ("lists", "guide"):
        wb[sheet_name(key, lang)].protection.sheet = True
    _overview(wb[sheet_name("overview", lang)], view, book, today, lang)
    hidden = wb.create_sheet(SHEET)
    for line in manifest.cells():
        hidden.append(line)
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    props = wb.properties
    props.creator = props.lastModifiedBy = "xlquartier"
    props.title = _t(lang, f"Partneransicht: {view.partner_name}", f"Partner view: {view.partner_name}")
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
    target = output_file(out, book_path.parent, name)  # a .xlsx name, or a folder (made when missing)
    return _export(book, book_path, partner.id, target, today or dt.date.today())


def stand_in_path(folder: str | Path, book_name: str) -> Path:
    """Where a workbook that has no file here counts as lying, by the name Excel reports
    (a plain file name is kept of it): its export records go beside that (``store``)."""
    stem = re.sub(r"[^\w.-]+", "-", Path(PureWindowsPath(str(book_name)).name).stem).strip(".-") or "Netzwerk"
    return Path(folder) / f"{stem}.xlsx"


def export_partner_view(book: Book, partner_id: str, folder: str | Path, book_name: str,
                        today: dt.date | None = None) -> Path:
    """One partner's view of a book that has no file here (xlwings Server, xlwings Lite).

    The view goes into ``folder``; the export record, the base of the later merge, into
    ``folder/<workbook>.xlquartier/`` (``store``): that folder belongs beside the workbook
    for ``share import`` to accept the partner's answer.
    """
    book_path = stand_in_path(folder, book_name)
    partner = find_partner(book, partner_id)
    name = default_name(book_path, partner.id, partner["short_name"] or partner["name"] or "", book.lang)
    return _export(book, book_path, partner.id, Path(folder) / name, today or dt.date.today())


def export_all(book_path: str | Path, out_dir: str | Path | None = None,
               today: dt.date | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> list[Path]:
    """``share export --all``: one view per active partner; ``progress(done, total, name)``."""
    book_path = Path(book_path)
    book = read_book(book_path)
    folder = output_folder(out_dir, book_path.parent / _t(book.lang, "Partneransichten", "partner-views"))
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
