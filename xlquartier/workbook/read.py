"""Read a workbook into typed tables, from a file or from the values of a live book.

Files are read with python-calamine, which is many times faster than openpyxl and never
runs macros. Both routes end in ``book_from_values``, so a live Excel book (xlwings, which
hands over 2-D lists) and a file give the same tables.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..errors import WorkbookError
from ..files import fingerprint
from ..schema import (
    DATA_SHEETS,
    LISTS,
    OTHER_SHEETS,
    SETTINGS,
    Kind,
    list_entry_map,
    normalize_header,
)
from .tables import Book, ColumnPos, Row, Table, match_header
from .values import EXCEL_ERRORS, PLAIN_TEXT_KINDS, as_text, is_empty, parse_cell, parser_for

HEADER_SEARCH_ROWS = 10  # a header may sit below a title the user added
LANG_PROPERTY = "xlquartier.language"
VERSION_PROPERTY = "xlquartier.schema"


# --------------------------------------------------------------------------- from values

def _find_header(spec, rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, ColumnPos], dict[str, int]]:
    """The (0-based) header row: the one among the first rows matching most columns."""
    best = (0, -1, {}, {})
    for r, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, ColumnPos] = {}
        extra: dict[str, int] = {}
        for c, cell in enumerate(cells):
            if is_empty(cell):
                continue
            col = match_header(cell, spec)
            if col and col.key not in found:
                found[col.key] = ColumnPos(as_text(cell), c)
            else:
                extra[as_text(cell)] = c
        if len(found) > best[1]:
            best = (r, len(found), found, extra)
    return best[0], best[2], best[3]


def _read_table(spec, name: str, rows: Sequence[Sequence[Any]], offset: int = 1) -> Table:
    header_at, columns, extra = _find_header(spec, rows)
    parsers = []
    for key, pos in columns.items():
        column = spec.column(key)
        plain_text = column.kind in PLAIN_TEXT_KINDS
        ready = dt.date if column.kind is Kind.DATE else None  # calamine's dates need no parsing
        parsers.append((key, pos.index, parser_for(column), plain_text, ready))
    extras = list(extra.items())
    records: list[Row] = []
    for r in range(header_at + 1, len(rows)):
        cells = rows[r]
        width = len(cells)
        values: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        issues: dict[str, str] = {}
        for key, index, parser, plain_text, ready in parsers:
            cell = cells[index] if index < width else None
            if cell is None or cell == "":
                continue
            if cell.__class__ is ready:
                raw[key] = values[key] = cell
                continue
            if plain_text and cell.__class__ is str and cell not in EXCEL_ERRORS:
                text = cell.strip()  # the hot path: most cells are plain text
                if text:
                    raw[key] = cell
                    values[key] = text
                continue
            value, issue = parse_cell(parser, cell)
            raw[key] = cell
            if value is not None and value != []:
                values[key] = value
            if issue:
                issues[key] = issue
        if not raw:
            continue  # an empty row
        row = Row(r + offset, values, raw, issues)
        for header, index in extras:
            if index < width and not is_empty(cells[index]):
                row.extra[header] = cells[index]
        records.append(row)
    return Table(spec, name, header_at + offset, columns, records, extra)


def _read_settings(rows: Sequence[Sequence[Any]], offset: int) -> tuple[dict[str, Any], dict[str, int]]:
    labels = {}
    for setting in SETTINGS.values():
        labels[normalize_header(setting.de)] = setting.key
        labels[normalize_header(setting.en)] = setting.key
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    for r, cells in enumerate(rows):
        if not cells or is_empty(cells[0]):
            continue
        key = labels.get(normalize_header(cells[0]))
        if key and key not in values:
            value = cells[1] if len(cells) > 1 else None
            values[key] = value.strip() if isinstance(value, str) else value
            where[key] = r + offset
    return values, where


def _read_lists(rows: Sequence[Sequence[Any]]) -> dict[str, list[str]]:
    """List values as in the Listen sheet; known entries in their canonical German form."""
    if not rows:
        return {}
    names = {}
    for spec in LISTS.values():
        names[normalize_header(spec.de)] = spec.key
        names[normalize_header(spec.en)] = spec.key
    lists: dict[str, list[str]] = {}
    for c, header in enumerate(rows[0]):
        key = names.get(normalize_header(header)) if not is_empty(header) else None
        if not key:
            continue
        canonical = list_entry_map(LISTS[key])
        values = []
        for cells in rows[1:]:
            if c < len(cells) and not is_empty(cells[c]):
                text = as_text(cells[c])
                values.append(canonical.get(normalize_header(text), text))
        lists[key] = values
    return lists


def _sheet_lookup(names: Sequence[str]) -> dict[str, str]:
    """Maps sheet keys (data and other) to the workbook's sheet name, in either language."""
    by_norm = {normalize_header(n): n for n in names}
    found = {}
    pairs = {k: (s.de, s.en) for k, s in DATA_SHEETS.items()} | OTHER_SHEETS
    for key, (de, en) in pairs.items():
        for candidate in (de, en):
            if normalize_header(candidate) in by_norm:
                found[key] = by_norm[normalize_header(candidate)]
                break
    return found


def detect_language(sheet_names: Sequence[str], settings: Mapping[str, Any], recorded: str | None) -> str:
    """The recorded property wins, then the Sprache setting, then the sheet names."""
    for candidate in (recorded, settings.get("language")):
        if isinstance(candidate, str) and candidate.strip().lower() in ("de", "en"):
            return candidate.strip().lower()
    english = {s.en for s in DATA_SHEETS.values()} - {s.de for s in DATA_SHEETS.values()}
    return "en" if english & set(sheet_names) else "de"


def book_from_values(
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    path: Path | None = None,
    recorded_lang: str | None = None,
    schema_version: str | None = None,
    offsets: Mapping[str, int] | None = None,
) -> Book:
    """Build the typed tables from 2-D cell values per sheet.

    ``offsets`` gives the Excel row number of each sheet's first value row (1 unless the
    values start lower, as xlwings' used range may).
    """
    offsets = offsets or {}
    names = list(sheets)
    where = _sheet_lookup(names)
    settings, setting_rows = {}, {}
    if "settings" in where:
        name = where["settings"]
        settings, setting_rows = _read_settings(sheets[name], offsets.get(name, 1))
    lists = _read_lists(sheets[where["lists"]]) if "lists" in where else {}
    tables, missing = {}, []
    for key, spec in DATA_SHEETS.items():
        if key not in where:
            missing.append(key)
            continue
        name = where[key]
        tables[key] = _read_table(spec, name, sheets[name], offsets.get(name, 1))
    lang = detect_language(names, settings, recorded_lang)
    return Book(lang, tables, settings, lists, path, names, missing, setting_rows, schema_version)


# --------------------------------------------------------------------------- from a file

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
_CELL = re.compile(rb"<c ([^>]*)>(?:<f[^>]*?(?:/>|>.*?</f>))?<v>([^<]*)</v>", re.DOTALL)
_REF = re.compile(rb'r="([A-Z]+)(\d+)"')
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_file(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise WorkbookError(f"Die Datei {path} gibt es nicht.", f"The file {path} does not exist.")
    if path.is_dir():
        raise WorkbookError(f"{path} ist ein Ordner, keine Arbeitsmappe.",
                            f"{path} is a folder, not a workbook.")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise WorkbookError(
            f"{name} ist kennwortgeschützt oder im alten .xls-Format; bitte ohne Kennwort als "
            ".xlsx speichern.",
            f"{name} is password-protected or an old .xls file; please save it as .xlsx "
            "without a password.")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(
            f"{name} ist keine Excel-Arbeitsmappe (.xlsx/.xlsm) oder ist beschädigt.",
            f"{name} is not an Excel workbook (.xlsx/.xlsm) or is damaged.")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part path, from workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    parts = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _error_cells(xml: bytes) -> list[tuple[int, int, str]]:
    """(row, column, error text) of every cell holding an Excel error value.

    python-calamine hands error cells over as empty; the checks must see them.
    """
    if b't="e"' not in xml:
        return []
    found = []
    for attrs, value in _CELL.findall(xml):
        if b't="e"' in attrs and (ref := _REF.search(attrs)):
            letters, number = ref.groups()
            col = 0
            for ch in letters:
                col = col * 26 + ch - 64
            found.append((int(number) - 1, col - 1, value.decode("utf-8", "replace")))
    return found


def _custom_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    try:
        root = ElementTree.fromstring(archive.read("docProps/custom.xml"))
    except KeyError:
        return {}
    props = {}
    for prop in root.findall("cp:property", _NS):
        props[prop.get("name", "")] = "".join(prop.itertext()).strip()
    return props


def read_book(path: str | Path) -> Book:
    """Read a standard workbook file (.xlsx/.xlsm) into typed tables; never runs macros."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    _check_file(path)
    digest = fingerprint(path.read_bytes())
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "EncryptionInfo" in names or "xl/workbook.xml" not in names:
                raise WorkbookError(f"{path.name} ist keine lesbare Excel-Arbeitsmappe.",
                                    f"{path.name} is not a readable Excel workbook.")
            props = _custom_properties(archive)
            parts = _sheet_parts(archive)
            workbook = CalamineWorkbook.from_path(str(path))
            wanted = _sheet_lookup(workbook.sheet_names)
            sheets: dict[str, list[list[Any]]] = {}
            for name in workbook.sheet_names:
                if name not in wanted.values():
                    sheets[name] = []  # not ours: keep the name, skip the cells
                    continue
                values = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                part = parts.get(name)
                if part in names:
                    for r, c, text in _error_cells(archive.read(part)):
                        while len(values) <= r:
                            values.append([])
                        row = values[r]
                        row.extend([""] * (c + 1 - len(row)))
                        row[c] = text
                sheets[name] = values
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name} ist beschädigt und kann nicht gelesen werden.",
                            f"{path.name} is damaged and cannot be read.") from exc
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise WorkbookError(f"{path.name} kann nicht gelesen werden ({type(exc).__name__}).",
                            f"{path.name} cannot be read ({type(exc).__name__}).") from exc
    book = book_from_values(
        sheets, path=path, recorded_lang=props.get(LANG_PROPERTY),
        schema_version=props.get(VERSION_PROPERTY))
    require_standard(book, path.name)
    book.fingerprint = digest
    return book


def require_standard(book: Book, name: str) -> None:
    """Refuse a workbook that holds none of the standard data sheets (with at least two known columns).

    Such a file is someone else's spreadsheet: checking it would list every sheet as missing,
    and a report or documents from it would be empty. One missing sheet in an otherwise
    standard workbook is a finding of the check (``missing-sheet``), not this error.
    """
    if any(len(table.columns) >= 2 for table in book.tables.values()):
        return
    de = ", ".join(spec.de for spec in DATA_SHEETS.values())
    en = ", ".join(spec.en for spec in DATA_SHEETS.values())
    raise WorkbookError(
        f"{name} ist keine xlquartier-Arbeitsmappe: die Blätter {de} fehlen "
        "(oder haben keine bekannten Spalten) – „xlquartier new“ legt eine an.",
        f"{name} is not an xlquartier workbook: the sheets {en} are missing "
        "(or have no known columns) – “xlquartier new” makes one.")
