"""Turning raw cell values into typed values, the same way for every source.

Cells arrive from python-calamine (files), from xlwings (a live book: ``None`` for empty
cells, floats, datetimes) or from tests. Each column kind has one parser that returns the
typed value and, when the cell needed forgiveness or could not be read, the check code
the entry checks report (``date-as-text``, ``bad-date``, ``bad-number``, ``excel-error``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..schema import LISTS, Column, Kind, list_entry_map

# Excel error values in English and German Excel, as text.
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!",
    "#NV", "#WERT!", "#BEZUG!", "#ZAHL!", "#ÜBERLAUF!", "#BERECHN!",
})

# Kinds whose cells are kept as stripped text; the reader takes a fast path for them.
PLAIN_TEXT_KINDS = frozenset({Kind.ID, Kind.TEXT, Kind.REF, Kind.EMAIL, Kind.PHONE, Kind.POSTCODE, Kind.URL})

Parsed = tuple[Any, str | None]  # (typed value or None, check code or None)

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_TIME_TEXT = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*uhr)?$", re.IGNORECASE)
_SPLIT = re.compile(r"[;\n\r]+")


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def as_text(raw: Any) -> str:
    """Text as a person reads it in the cell: 12.0 becomes "12", dates become ISO."""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "WAHR" if raw else "FALSCH"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        return raw.date().isoformat()
    if isinstance(raw, (dt.date, dt.time)):
        return raw.isoformat()
    return str(raw).strip()


def split_multi(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


def date_from_text(text: str) -> dt.date | None:
    """A German (03.12.2026, 3.12.26) or ISO (2026-12-03) date typed as text."""
    text = text.strip()
    try:
        if m := _GERMAN_DATE.match(text):
            day, month, year = (int(g) for g in m.groups())
            if year < 100:
                year += 2000
            return dt.date(year, month, day)
        if m := _ISO_DATE.match(text):
            return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None
    return None


def _parse_date(raw: Any) -> Parsed:
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        return (_EXCEL_EPOCH + dt.timedelta(days=float(raw))).date(), None
    if isinstance(raw, str) and (value := date_from_text(raw)):
        return value, "date-as-text"
    return None, "bad-date"


def _parse_time(raw: Any) -> Parsed:
    if isinstance(raw, dt.datetime):
        return raw.time(), None
    if isinstance(raw, dt.time):
        return raw, None
    if isinstance(raw, dt.timedelta) and raw < dt.timedelta(days=1):
        return (dt.datetime.min + raw).time(), None
    if isinstance(raw, float) and 0 <= raw < 1:
        return (dt.datetime.min + dt.timedelta(days=raw)).time().replace(microsecond=0), None
    if isinstance(raw, str) and (m := _TIME_TEXT.match(raw.strip())):
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        if hour < 24 and minute < 60 and second < 60:
            return dt.time(hour, minute, second), "date-as-text"
    return None, "bad-date"


def _parse_int(raw: Any) -> Parsed:
    if isinstance(raw, bool):
        return None, "bad-number"
    if isinstance(raw, int):
        return raw, None
    if isinstance(raw, float) and raw.is_integer():
        return int(raw), None
    if isinstance(raw, str) and raw.strip().isdecimal():  # isdigit() also admits "²", which int() refuses
        return int(raw.strip()), None
    return None, "bad-number"


def _parse_text(raw: Any) -> Parsed:
    return as_text(raw), None


def _list_parser(list_key: str, multi: bool) -> Callable[[Any], Parsed]:
    entries = list_entry_map(LISTS[list_key])
    seen: dict[str, str] = {}  # the same few values repeat in every row

    def canonical(text: str) -> str:
        if text not in seen:
            seen[text] = entries.get(" ".join(text.split()).casefold(), text)
        return seen[text]

    if multi:
        return lambda raw: ([canonical(v) for v in split_multi(as_text(raw))], None)
    return lambda raw: (canonical(as_text(raw)), None)


def _multi_text(raw: Any) -> Parsed:
    return split_multi(as_text(raw)), None


def parser_for(column: Column) -> Callable[[Any], Parsed]:
    """The parser for a column; built once per column, used for every cell."""
    if column.kind in (Kind.LIST, Kind.MULTILIST):
        return _list_parser(column.list or "", column.multi)
    if column.kind in (Kind.MULTITEXT, Kind.MULTIREF):
        return _multi_text
    return {Kind.DATE: _parse_date, Kind.TIME: _parse_time, Kind.INT: _parse_int}.get(
        column.kind, _parse_text)


def parse_cell(parser: Callable[[Any], Parsed], raw: Any) -> Parsed:
    """Empty cells are None; Excel error values are reported instead of parsed."""
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, str):
        if raw in EXCEL_ERRORS:
            return None, "excel-error"
        if not raw.strip():
            return None, None
    return parser(raw)
