"""What Excel hands xlquartier's functions and scripts, built from a real workbook file.

- ``office_js_args``: a range passed to a custom function through Office.js (xlwings Server
  and Lite): 2-D, ``""`` for empty cells, numbers and dates as floats (serial numbers).
- ``office_js_values``: a sheet's values in a script's book payload: as above, but
  date-formatted cells as ISO strings (the xlwings client converts them before sending).
- ``classic_values``: as classic xlwings on Windows passes a range: ``None`` for empty
  cells, datetimes for dates.
- ``book_payload``: the JSON body of ``custom-scripts-call`` (the shape the xlwings
  Office.js client builds in ``getBookData``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlwings as xw
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook


def raw_sheets(path: Path) -> dict[str, list[list[Any]]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names}


def _office_js(cell: Any) -> Any:
    if cell is None or cell == "":
        return ""
    if isinstance(cell, dt.datetime):
        return cell.isoformat(timespec="milliseconds") + "Z"
    if isinstance(cell, dt.date):
        return dt.datetime.combine(cell, dt.time()).isoformat(timespec="milliseconds") + "Z"
    if isinstance(cell, dt.time):
        return dt.datetime.combine(dt.date(1899, 12, 30), cell).isoformat(timespec="milliseconds") + "Z"
    if isinstance(cell, int) and not isinstance(cell, bool):
        return float(cell)
    return cell


def _serial(cell: Any) -> Any:
    if isinstance(cell, (dt.date, dt.time)):
        iso = _office_js(cell)
        moment = dt.datetime.fromisoformat(iso[:-1])
        return (moment - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return _office_js(cell)


def _classic(cell: Any) -> Any:
    if cell is None or cell == "":
        return None
    if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime):
        return dt.datetime.combine(cell, dt.time())
    if isinstance(cell, int) and not isinstance(cell, bool):
        return float(cell)
    return cell


def _rectangle(rows: list[list[Any]], convert) -> list[list[Any]]:
    width = max((len(r) for r in rows), default=0)
    return [[convert(r[c]) if c < len(r) else convert(None) for c in range(width)] for r in rows]


def office_js_args(rows: list[list[Any]]) -> list[list[Any]]:
    return _rectangle(rows, _serial)


def office_js_values(rows: list[list[Any]]) -> list[list[Any]]:
    return _rectangle(rows, _office_js)


def classic_values(rows: list[list[Any]]) -> list[list[Any]]:
    return _rectangle(rows, _classic)


def book_payload(path: Path, active_sheet: str, selection: str = "A1") -> dict[str, Any]:
    sheets = raw_sheets(path)
    names = list(sheets)
    payload_sheets = []
    for name, rows in sheets.items():
        values = office_js_values(rows) or [[""]]
        height, width = len(values), len(values[0])
        payload_sheets.append({
            "name": name, "visibility": "Visible", "show_gridlines": True, "print_area": None,
            "notes": [], "notes_supported": True,
            "used_range_address": f"A1:{get_column_letter(width)}{height}",
            "used_range_row_count": height, "used_range_column_count": width,
            "values": values, "pictures": [], "shapes": [], "charts": [], "tables": [], "pivot_tables": [],
        })
    return {
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": names.index(active_sheet), "selection": selection,
                 "calculation": "Automatic"},
        "names": [], "sheets": payload_sheets,
    }


def actions(book_json: dict[str, Any], func: str) -> list[dict[str, Any]]:
    return [a for a in book_json["actions"] if a["func"] == func]
