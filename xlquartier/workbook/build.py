"""Build the standard workbook from the schema (a new file, so openpyxl may write it whole).

The shipped files in ``workbook/`` are made by this module; ``xlquartier new`` calls it,
the demo and the benchmarks fill it with rows. Output is byte-for-byte reproducible: the
timestamps openpyxl stamps into the package are fixed, so a test can compare the
shipped files with a fresh build.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import ColBreak
from openpyxl.worksheet.table import Table, TableStyleInfo

from ..errors import UserError
from ..files import replacing
from ..safe import xml_text
from ..schema import (
    DATA_SHEETS,
    LANGUAGES,
    LISTS,
    OPEN_TASK_STATES,
    SCHEMA_VERSION,
    SETTINGS,
    Column,
    Kind,
    SheetSpec,
    sheet_name,
    translate,
)
from ..texts import t as _t
from . import guide, printing
from .read import LANG_PROPERTY, VERSION_PROPERTY

BLANK_ROWS = 200  # empty table rows below the data, ready to type into
VALIDATION_ROWS = 2000
FIXED_TIME = dt.datetime(2026, 1, 1)


def sheet_order() -> tuple[str, ...]:
    """Sheet keys in the order of a new workbook: the data sheets between the overview and the check."""
    return ("overview", *DATA_SHEETS, "check", "settings", "lists", "guide")


HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="0B2E4F")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")
DATE_FORMAT = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
TIME_FORMAT = "HH:MM"
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

Rows = Mapping[str, Iterable[Mapping[str, Any]]]


def _cell_value(column: Column, value: Any, lang: str) -> Any:
    """A Python value as it goes into a cell: lists joined, list entries translated, text XML-safe."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        if column.list:
            value = [translate(column.list, v, lang) for v in value]
        sep = "\n" if column.key == "agenda" else "; "
        return xml_text(sep.join(str(v) for v in value))
    if column.list and isinstance(value, str):
        return xml_text(translate(column.list, value, lang))
    return _safe(value)


def _safe(value: Any) -> Any:
    """Text as openpyxl can write it (a partner view carries what the master holds, control characters too)."""
    return xml_text(value) if isinstance(value, str) else value


def _list_columns() -> dict[str, str]:
    """List key -> column letter in the Listen sheet."""
    return {key: get_column_letter(i + 1) for i, key in enumerate(LISTS)}


def _write_lists(ws, lang: str, extra: Mapping[str, list[str]] | None) -> None:
    ws.title = sheet_name("lists", lang)
    for i, (key, spec) in enumerate(LISTS.items(), start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i, spec.name(lang))
        head.font, head.fill = HEADER_FONT, HEADER_FILL
        values = spec.labels(lang) + list((extra or {}).get(key, []))
        for r, value in enumerate(values, start=2):
            ws.cell(r, i, _safe(value))
        longest = max((len(str(v)) for v in values), default=0)  # no value is cut off on screen or paper
        ws.column_dimensions[letter].width = max(12, len(spec.name(lang)) * 1.15 + 3, min(longest + 3, 40))
    ws.freeze_panes = "A2"
    printing.set_page(ws, "landscape")


def list_formula(lists_sheet: str, letter: str) -> str:
    """The dynamic range of one list column (values from row 2 down to the last filled cell)."""
    sheet = quote_sheetname(lists_sheet)
    return f"OFFSET({sheet}!${letter}$2,0,0,MAX(1,COUNTA({sheet}!${letter}:${letter})-1),1)"


def _define_list_names(wb: Workbook, lang: str) -> None:
    """A dynamic range per list, so a value added in Listen becomes selectable."""
    for key, letter in _list_columns().items():
        ref = list_formula(sheet_name("lists", lang), letter)
        wb.defined_names[LISTS[key].defined_name] = DefinedName(LISTS[key].defined_name, attr_text=ref)


def _header_help(column: Column, lang: str) -> str:
    parts = [column.help(lang)]
    if column.kind is Kind.DATE:
        parts.append(_t(lang, "Datum, z. B. 03.12.2026.", "Date, e.g. 2026-12-03."))
    if column.kind is Kind.TIME:
        parts.append(_t(lang, "Uhrzeit, z. B. 17:30.", "Time, e.g. 17:30."))
    if column.ref and column.kind in (Kind.REF, Kind.MULTIREF):
        targets = ", ".join(DATA_SHEETS[r].name(lang) for r in column.ref)
        parts.append(_t(lang, f"Verweis auf {targets}: ID, Kurzname oder Name.",
                        f"Reference to {targets}: ID, short name or name."))
    if column.required:
        parts.append(_t(lang, "Pflichtfeld.", "Required."))
    if column.required_for_task:
        parts.append(_t(lang, "Pflicht bei Art „Aufgabe“.", "Required when the kind is “Task”."))
    return " ".join(p for p in parts if p)


def _column_width(column: Column, lang: str) -> float:
    """The schema's width, widened so the header breaks only between words and a single list value
    ("Wohnungsunternehmen") fits on one line."""
    width = printing.header_width(column.header(lang), column.width)
    if column.kind is Kind.LIST:
        width = max(width, min(max(len(v) for v in LISTS[column.list].labels(lang)) + 3, 30))
    return width


def _data_sheet(wb: Workbook, spec: SheetSpec, lang: str, rows: list[Mapping[str, Any]]) -> None:
    ws = wb.create_sheet(spec.name(lang))
    date_fmt = DATE_FORMAT[lang]
    last_row = len(rows) + 1 + BLANK_ROWS
    widths = [_column_width(c, lang) for c in spec.columns]
    wrapped, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for i, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i, column.header(lang))
        head.font = HEADER_FONT
        head.fill = REQUIRED_FILL if column.required else HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        head.protection = Protection(locked=True)
        help_text = _header_help(column, lang)
        if help_text:
            head.comment = Comment(help_text, "xlquartier", width=260, height=90)
        dim = ws.column_dimensions[letter]
        dim.width = widths[i - 1]
        if column.kind is not Kind.ID:
            dim.protection = UNLOCKED
        if column.kind is Kind.DATE:
            dim.number_format = date_fmt
        elif column.kind is Kind.TIME:
            dim.number_format = TIME_FORMAT
        wrap = (column.kind in (Kind.TEXT, Kind.MULTITEXT) or column.multi) and column.width >= 30
        if wrap:
            dim.alignment = WRAP
        _validation(ws, column, letter, lang, help_text)
        for r, record in enumerate(rows, start=2):
            value = _cell_value(column, record.get(column.key), lang)
            if value is None:
                continue
            cell = ws.cell(r, i, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text, never runs
            if column.kind is Kind.DATE:
                cell.number_format = date_fmt
            elif column.kind is Kind.TIME:
                cell.number_format = TIME_FORMAT
            cell.alignment = wrapped if isinstance(value, str) else top  # every line shows, rows read level
            if column.kind is not Kind.ID:
                cell.protection = UNLOCKED
    ws.row_dimensions[1].height = max(32, printing.row_height(
        [c.header(lang) for c in spec.columns], widths, bold=True) or 0)
    for r, record in enumerate(rows, start=2):
        height = printing.row_height([_cell_value(c, record.get(c.key), lang) for c in spec.columns], widths)
        if height:
            ws.row_dimensions[r].height = height
    ws.freeze_panes = "B2"
    printing.set_page(ws, "landscape", title_columns=2)
    ref = f"A1:{get_column_letter(len(spec.columns))}{last_row}"
    table = Table(displayName=spec.table, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    _protect(ws)
    if spec.key == "tasks":
        _task_highlights(ws, spec, lang, last_row)


def _validation(ws, column: Column, letter: str, lang: str, help_text: str) -> None:
    cells = f"{letter}2:{letter}{VALIDATION_ROWS}"
    if column.list:
        dv = DataValidation(type="list", formula1=f"={LISTS[column.list].defined_name}",
                            allow_blank=True)
        if column.multi:  # several values with ";" must be allowed, the list is a helper
            dv.showErrorMessage = False
        else:
            dv.error = _t(lang, "Bitte einen Wert aus der Liste wählen (Blatt „Listen“ ergänzen).",
                          "Please pick a value from the list (or add it in the “Lists” sheet).")
            dv.errorTitle = _t(lang, "Nicht in der Liste", "Not in the list")
            dv.showErrorMessage = True
    elif column.kind is Kind.DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        dv.error = _t(lang, "Bitte ein Datum eingeben, z. B. 03.12.2026.",
                      "Please enter a date, e.g. 2026-12-03.")
        dv.errorStyle = "warning"
        dv.showErrorMessage = True
    elif column.kind is Kind.INT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = _t(lang, "Bitte eine ganze Zahl eingeben.", "Please enter a whole number.")
        dv.showErrorMessage = True
    elif help_text:
        dv = DataValidation(allow_blank=True)
    else:
        return
    if help_text:
        dv.promptTitle = column.header(lang)[:32]
        dv.prompt = help_text[:255]
        dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(cells)


def _protect(ws) -> None:
    """Header and ID cells locked; everything else editable, formatting and sorting allowed."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.deleteRows = p.sort = p.autoFilter = False
    p.insertHyperlinks = False


def _task_highlights(ws, spec: SheetSpec, lang: str, last_row: int) -> None:
    letters = {c.key: get_column_letter(i) for i, c in enumerate(spec.columns, start=1)}
    due, status = letters["due"], letters["status"]
    rng = f"A2:{get_column_letter(len(spec.columns))}{last_row}"
    open_states = ",".join(f'${status}2="{translate("task_status", s, lang)}"' for s in OPEN_TASK_STATES)
    overdue = f'AND(${due}2<>"",${due}2<TODAY(),OR({open_states}))'
    done = f'${status}2="{translate("task_status", "erledigt", lang)}"'
    ws.conditional_formatting.add(rng, FormulaRule(
        formula=[overdue], fill=PatternFill("solid", bgColor="F8CBAD"), font=Font(color="9C0006")))
    ws.conditional_formatting.add(rng, FormulaRule(
        formula=[done], fill=PatternFill("solid", bgColor="E2EFDA"), font=Font(color="548235")))


def _settings_sheet(wb: Workbook, lang: str, values: Mapping[str, Any]) -> dict[str, int]:
    ws = wb.create_sheet(sheet_name("settings", lang))
    heads = (_t(lang, "Einstellung", "Setting"), _t(lang, "Wert", "Value"),
             _t(lang, "Erläuterung", "Explanation"))
    for i, text in enumerate(heads, start=1):
        cell = ws.cell(1, i, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    rows = {}
    widths = (44, 30, 54)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for r, setting in enumerate(SETTINGS.values(), start=2):
        ws.cell(r, 1, setting.label(lang)).alignment = wrapped
        value = values.get(setting.key, setting.default)
        if setting.key == "language":
            value = lang
        cell = ws.cell(r, 2, _safe(value))
        cell.protection = UNLOCKED
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        help_text = setting.help_de if lang == "de" else setting.help_en
        ws.cell(r, 3, help_text).alignment = wrapped
        height = printing.row_height((setting.label(lang), value, help_text), widths)
        if height:
            ws.row_dimensions[r].height = height
        rows[setting.key] = r
    for letter, width in zip("ABC", widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    printing.set_page(ws, "landscape")
    return rows


def _col(spec: SheetSpec, key: str, lang: str) -> str:
    """A whole-column range like ``Partner!$F:$F`` for the overview formulas."""
    index = [c.key for c in spec.columns].index(key) + 1
    letter = get_column_letter(index)
    return f"{quote_sheetname(spec.name(lang))}!${letter}:${letter}"


def _span(spec: SheetSpec, key: str, lang: str) -> str:
    index = [c.key for c in spec.columns].index(key) + 1
    letter = get_column_letter(index)
    return f"{quote_sheetname(spec.name(lang))}!${letter}$2:${letter}$100000"


def overview_formulas(lang: str, settings_rows: Mapping[str, int]) -> list[tuple[str, str]]:
    """(label, formula) rows of the Übersicht sheet; classic functions only (Excel 2016, LO 7.4)."""
    P, T, M, A, J = (DATA_SHEETS[k] for k in ("partners", "tasks", "meetings", "agreements", "topics"))

    def tr(list_key: str, value: str) -> str:
        return translate(list_key, value, lang)

    task_kind = f'{_col(T, "kind", lang)},"{tr("task_kind", "Aufgabe")}"'
    open_parts = [f'COUNTIFS({task_kind},{_col(T, "status", lang)},"{tr("task_status", s)}"'
                  for s in OPEN_TASK_STATES]
    open_tasks = "=" + "+".join(p + ")" for p in open_parts)
    overdue = "=" + "+".join(p + f',{_col(T, "due", lang)},"<"&TODAY())' for p in open_parts)
    year_start, year_end = "DATE(YEAR(TODAY()),1,1)", "DATE(YEAR(TODAY()),12,31)"
    meetings = (f'=COUNTIFS({_col(M, "status", lang)},"{tr("meeting_status", "stattgefunden")}",'
                f'{_col(M, "date", lang)},">="&{year_start},{_col(M, "date", lang)},"<="&{year_end})')
    topics = "=" + "+".join(
        f'COUNTIFS({_col(J, "year", lang)},YEAR(TODAY()),{_col(J, "status", lang)},"{tr("topic_status", s)}")'
        for s in ("geplant", "aktiv"))
    settings = quote_sheetname(sheet_name("settings", lang))
    max_topics = f"={settings}!$B${settings_rows['max_topics']}"
    status, review, until = (_span(A, k, lang) for k in ("status", "review_on", "valid_until"))
    review_due = (f'=SUMPRODUCT(({status}="{tr("agreement_status", "unterzeichnet")}")*'
                  f'((({review}<>"")*({review}<=TODAY())+({until}<>"")*({until}<TODAY()))>0))')
    since = _col(P, "since", lang)
    new_partners = f'=COUNTIFS({since},">="&{year_start},{since},"<="&{year_end})'
    residents = (f'=SUMIFS({_col(M, "residents", lang)},{_col(M, "status", lang)},'
                 f'"{tr("meeting_status", "stattgefunden")}",{_col(M, "date", lang)},">="&{year_start},'
                 f'{_col(M, "date", lang)},"<="&{year_end})')
    start = _span(A, "valid_from", lang)
    in_force = (f'=SUMPRODUCT(({status}="{tr("agreement_status", "unterzeichnet")}")*'
                f'((({start}="")+({start}<=TODAY()))>0)*((({until}="")+({until}>=TODAY()))>0))')
    return [
        (_t(lang, "Aktive Partner", "Active partners"),
         f'=COUNTIF({_col(P, "status", lang)},"{tr("partner_status", "aktiv")}")'),
        (_t(lang, "Neue Partner in diesem Jahr", "New partners this year"), new_partners),
        (_t(lang, "Offene Aufgaben", "Open tasks"), open_tasks),
        (_t(lang, "davon überfällig", "of them overdue"), overdue),
        (_t(lang, "Treffen in diesem Jahr (stattgefunden)", "Meetings this year (held)"), meetings),
        (_t(lang, "Erreichte Bewohner*innen in diesem Jahr", "Residents reached this year"), residents),
        (_t(lang, "Gemeinsame Jahresthemen in diesem Jahr", "Joint annual topics this year"), topics),
        (_t(lang, "Höchstzahl Jahresthemen", "Maximum annual topics"), max_topics),
        (_t(lang, "Gültige Vereinbarungen (unterzeichnet)", "Agreements in force (signed)"), in_force),
        (_t(lang, "Vereinbarungen zur Überprüfung fällig", "Agreements due for review"), review_due),
    ]


def _overview_sheet(ws, lang: str, settings_rows: Mapping[str, int]) -> None:
    ws.title = sheet_name("overview", lang)
    ws["A1"] = _t(lang, "Übersicht des Netzwerks", "Network overview")
    ws["A1"].font = TITLE_FONT
    ws["A2"] = _t(lang, "Die Zahlen rechnen sich bei jeder Änderung neu.",
                  "The figures update with every change.")
    ws["A2"].font = Font(italic=True, color="595959")
    for r, (label, formula) in enumerate(overview_formulas(lang, settings_rows), start=4):
        ws.cell(r, 1, label).border = Border(bottom=THIN)
        cell = ws.cell(r, 2, formula)
        cell.font = Font(bold=True, size=12)
        cell.border = Border(bottom=THIN)
        cell.alignment = Alignment(horizontal="right")
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 12
    printing.set_page(ws, "portrait", title_rows=None)


# The code stays in its own first column for scripts; the label beside the message is for people.
CHECK_HEADERS = {
    "de": ("Code", "Schwere", "Blatt", "Zelle", "Befund", "Meldung"),
    "en": ("Code", "Severity", "Sheet", "Cell", "Finding", "Message"),
}


def _check_sheet(wb: Workbook, lang: str) -> None:
    ws = wb.create_sheet(sheet_name("check", lang))
    for i, text in enumerate(CHECK_HEADERS[lang], start=1):
        cell = ws.cell(1, i, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for letter, width in zip("ABCDEF", (24, 10, 16, 10, 28, 96), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    # as check --write lays it out: landscape, all six columns on one page width
    printing.set_page(ws, "landscape")
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.col_breaks = ColBreak()


GUIDE_WIDTH = 88  # one column, as wide as a portrait page


def guide_sheet(ws, lang: str, lines: list[tuple[str, bool]], title: str) -> None:
    """A text sheet (the guide): one wrapped line per row, each row as tall as its text, portrait."""
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    ws.row_dimensions[1].height = 22
    for r, (text, is_title) in enumerate(lines, start=3):
        cell = ws.cell(r, 1, text)
        if text.startswith("="):  # a formula shown as an example stays text, never runs
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if is_title:
            cell.font = Font(bold=True, size=12, color="1F4E79")
            ws.row_dimensions[r].height = 20
        else:
            ws.row_dimensions[r].height = printing.row_height([text], [GUIDE_WIDTH]) or printing.LINE_PT
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    printing.set_page(ws, "portrait", title_rows=None)


def _guide_sheet(wb: Workbook, lang: str) -> None:
    guide_sheet(wb.create_sheet(sheet_name("guide", lang)), lang, guide.lines(lang), _t(lang, "Anleitung", "Guide"))


def build_workbook(
    path: str | Path,
    lang: str = "de",
    data: Rows | None = None,
    settings: Mapping[str, Any] | None = None,
    extra_list_values: Mapping[str, list[str]] | None = None,
) -> Path:
    """Write a standard workbook (optionally filled with rows) to ``path``, atomically."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be de or en, not {lang!r}")
    path = Path(path)
    wb = Workbook()
    _write_lists(wb.active, lang, extra_list_values)
    _define_list_names(wb, lang)
    for key, spec in DATA_SHEETS.items():
        _data_sheet(wb, spec, lang, list((data or {}).get(key, [])))
    settings_rows = _settings_sheet(wb, lang, settings or {})
    _overview_sheet(wb.create_sheet(), lang, settings_rows)
    _check_sheet(wb, lang)
    _guide_sheet(wb, lang)
    order = sheet_order()
    wb._sheets.sort(key=lambda ws: order.index(_sheet_key(ws.title, lang)))
    wb.active = 0
    props = wb.properties
    props.creator = props.lastModifiedBy = "xlquartier"
    props.title = _t(lang, "Netzwerk des Quartiersmanagements", "Neighbourhood network")
    props.created = FIXED_TIME
    wb.custom_doc_props.append(StringProperty(name=LANG_PROPERTY, value=lang))
    wb.custom_doc_props.append(StringProperty(name=VERSION_PROPERTY, value=SCHEMA_VERSION))
    with replacing(path, private=False) as tmp:  # an empty workbook, like a template
        wb.save(tmp)
        _make_reproducible(tmp)
    return path


def _sheet_key(title: str, lang: str) -> str:
    for key in sheet_order():
        if sheet_name(key, lang) == title:
            return key
    raise KeyError(title)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_FONT = re.compile(rb"<font>(.*?)</font>", re.DOTALL)
_FONT_CHILD = re.compile(rb"<(\w+)[^>]*/>")
# The element order of a font that the Open XML schema (and so Excel's validator) expects;
# openpyxl writes color and sz in another order.
_FONT_ORDER = [b"b", b"i", b"strike", b"condense", b"extend", b"outline", b"shadow", b"u", b"vertAlign",
               b"sz", b"color", b"name", b"family", b"charset", b"scheme"]


def _ordered_font(match: re.Match) -> bytes:
    children = [(m.group(1), m.group(0)) for m in _FONT_CHILD.finditer(match.group(1))]
    children.sort(key=lambda c: _FONT_ORDER.index(c[0]) if c[0] in _FONT_ORDER else len(_FONT_ORDER))
    return b"<font>" + b"".join(xml for _, xml in children) + b"</font>"


def _make_reproducible(path: Path) -> None:
    """Fix the save timestamp and the zip entry dates, so equal input gives equal bytes."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as src:
        parts = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            elif name == "xl/styles.xml":
                data = _FONT.sub(_ordered_font, data)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def new_workbook(path: str | Path, lang: str = "de", overwrite: bool = False) -> Path:
    """``xlquartier new``: an empty standard workbook; never overwrites by accident."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Bitte einen Dateinamen mit .xlsx angeben, nicht {path.name}.",
                        f"Please give a file name ending in .xlsx, not {path.name}.")
    if path.exists() and not overwrite:
        raise UserError(f"{path} gibt es schon; mit --force wird die Datei überschrieben.",
                        f"{path} already exists; use --force to overwrite it.")
    return build_workbook(path, lang)
