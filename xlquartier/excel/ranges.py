"""Turning the values Excel hands a worksheet function into the core's tables.

A worksheet function only sees the ranges typed into its formula, never the workbook
behind them, and each route delivers them a little differently: classic xlwings on
Windows gives a scalar for one cell and a flat list for one row or column, Office.js
(xlwings Server and Lite) gives 2-D lists, dates arrive as datetimes or as Excel serial
numbers, empty cells as None. Everything is normalised here once, so the functions stay
thin wrappers over the core.

Tables are recognised by their header row, not by their position in the formula, so a
manager can pass ``tblAufgaben[#Alle]`` and ``tblPartner[#Alle]`` in any order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..errors import UserError
from ..schema import DATA_SHEETS, SETTINGS, Column, Kind, normalize_header, sheet_name
from ..workbook.read import book_from_values
from ..workbook.tables import Book, match_header
from ..workbook.values import is_empty, parser_for

_DATE_PARSER = parser_for(Column("date", "Datum", "Date", Kind.DATE))
_SETTING_LABELS = {normalize_header(label) for s in SETTINGS.values() for label in (s.de, s.en)}


def rows_of(value: Any) -> list[list[Any]]:
    """Any range value as a 2-D list (a flat list counts as one column)."""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, (list, tuple)) for v in value):
            return [list(v) for v in value]
        return [[v] for v in value]
    return [[value]]


def cells_of(value: Any) -> list[Any]:
    """Any range value as a flat list, row by row."""
    return [cell for row in rows_of(value) for cell in row]


def as_date(value: Any) -> dt.date | None:
    """A date typed, computed (=HEUTE()) or passed as a serial number; None when empty."""
    if is_empty(value):
        return None
    parsed, _issue = _DATE_PARSER(value)
    if parsed is None:
        raise UserError(f"„{value}“ ist kein Datum.", f"“{value}” is not a date.")
    return parsed


def table_key(rows: list[list[Any]]) -> str | None:
    """The data sheet whose headers a table's first rows match best, or "settings"."""
    best, best_hits = None, 1  # one matching header ("Name", "Status") is not enough
    for key, spec in DATA_SHEETS.items():
        for cells in rows[:3]:
            hits = len({col.key for cell in cells if not is_empty(cell)
                        and (col := match_header(cell, spec)) is not None})
            if hits > best_hits:
                best, best_hits = key, hits
    if best is None and sum(1 for r in rows if r and not is_empty(r[0])
                            and normalize_header(r[0]) in _SETTING_LABELS) >= 2:
        return "settings"
    return best


_RECENT: dict[tuple[str, str], Book] = {}
RECENT_BOOKS = 8


def book_from_ranges(tables: Sequence[Any], lang: str) -> Book:
    """A ``Book`` of the tables passed to a function (each with its header row).

    A column of formulas passes the same tables again and again (=PARTNERLAST for each
    partner), so the last few Books are kept, keyed by the tables' text: building the key
    costs a fraction of parsing them again.

    Raises ``UserError`` for a range that is no table of the standard workbook, so the
    manager learns which argument is wrong instead of getting a silently wrong number.
    """
    key = (lang, repr(tables))
    if (book := _RECENT.get(key)) is None:
        book = _RECENT[key] = _book_from_ranges(tables, lang)
        while len(_RECENT) > RECENT_BOOKS:
            del _RECENT[next(iter(_RECENT))]
    return book


def _book_from_ranges(tables: Sequence[Any], lang: str) -> Book:
    sheets: dict[str, list[list[Any]]] = {}
    for position, table in enumerate(tables, start=1):
        rows = rows_of(table)
        key = table_key(rows)
        if key is None:
            raise UserError(
                f"Bereich {position} ist keine Tabelle der Arbeitsmappe; bitte ganze Tabellen mit "
                "Überschrift übergeben, z. B. tblAufgaben[#Alle].",
                f"Range {position} is not a table of the workbook; please pass whole tables with "
                "their header, e.g. tblAufgaben[#All].")
        name = sheet_name(key, lang)
        sheets[name] = rows
    return book_from_values(sheets, recorded_lang=lang)


def require(book: Book, *keys: str) -> None:
    """Refuse plainly when a table the function needs was not passed."""
    missing = [DATA_SHEETS[k] for k in keys if k not in book.tables]
    if missing:
        names = ", ".join(s.table for s in missing)
        if any(s.since != "1" for s in missing):  # a newer table an older workbook does not have yet
            raise UserError(f"Bitte auch diese Tabelle übergeben: {names} (in älteren Arbeitsmappen legt "
                            "„xlquartier upgrade“ sie an).",
                            f"Please also pass this table: {names} (in older workbooks “xlquartier upgrade” "
                            "adds it).")
        raise UserError(f"Bitte auch diese Tabelle übergeben: {names}.",
                        f"Please also pass this table: {names}.")
