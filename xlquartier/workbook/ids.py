"""IDs are never handed out twice: the workbook remembers the highest number each sheet ever used.

Without a memory, deleting the row with the highest ID frees its number, the next new row gets
it, and an answer to an older partner view about the deleted row lands on the new one (a private
phone number on another partner's person). So the highest number per sheet is kept in the
workbook itself, in the custom document property ``xlquartier.last_ids`` (``"P042 K084 S09"``,
visible in Excel under File › Info › Properties), read by the reader into ``Book.last_ids`` and
raised surgically through ``Package`` by every run that writes the master.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from xml.sax.saxutils import escape

from ..schema import DATA_SHEETS
from .tables import Book

PROPERTY = "xlquartier.last_ids"
_CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_BY_PREFIX = {spec.id_prefix: key for key, spec in DATA_SHEETS.items()}


def parse(text: str | None) -> dict[str, int]:
    """``"P042 K084"`` -> ``{"partners": 42, "people": 84}`` (unknown or broken parts are ignored)."""
    marks: dict[str, int] = {}
    for prefix, number in re.findall(r"([A-Za-z]+)(\d+)", text or ""):
        key = _BY_PREFIX.get(prefix.upper())
        if key:
            marks[key] = max(marks.get(key, 0), int(number))
    return marks


def render(marks: Mapping[str, int]) -> str:
    return " ".join(DATA_SHEETS[key].new_id(n) for key, n in marks.items() if n and key in DATA_SHEETS)


def _number(sheet: str, row_id: str | None) -> int | None:
    m = re.fullmatch(rf"{re.escape(DATA_SHEETS[sheet].id_prefix)}(\d+)", (row_id or "").strip(), re.IGNORECASE)
    return int(m[1]) if m else None


def highest(book: Book, sheet: str) -> int:
    """The highest number the sheet has used: in its rows now, or remembered."""
    used = (_number(sheet, row.id) for row in book.rows(sheet))
    return max([book.last_ids.get(sheet, 0), *(n for n in used if n is not None)])


def next_ids(book: Book, sheet: str) -> Iterator[str]:
    """New IDs after every number the sheet ever used; skips IDs typed by hand in another form."""
    spec = DATA_SHEETS[sheet]
    taken = {" ".join(row.id.split()).casefold() for row in book.rows(sheet) if row.id}
    number = highest(book, sheet)
    while True:
        number += 1
        if spec.new_id(number).casefold() not in taken:
            yield spec.new_id(number)


def marks_after(book: Book, assigned: Mapping[str, list[str]] | None = None) -> dict[str, int]:
    """The marks to keep after a run: the highest numbers now in use, remembered or just ``assigned``."""
    marks = {}
    for sheet in DATA_SHEETS:
        numbers = [_number(sheet, i) for i in (assigned or {}).get(sheet, [])]
        marks[sheet] = max([highest(book, sheet), *(n for n in numbers if n is not None)])
    return {k: v for k, v in marks.items() if v}


def remember(pkg, book: Book, assigned: Mapping[str, list[str]] | None = None) -> None:
    """Raise the marks in the workbook ``pkg`` (a ``Package``) when this run used higher numbers."""
    marks = marks_after(book, assigned)
    if parse(render(marks)) != parse(render(book.last_ids)) or PROPERTY not in _names(pkg):
        set_custom_property(pkg, PROPERTY, render(marks))


def _names(pkg) -> set[str]:
    if not pkg.has_part(_CUSTOM_PART):
        return set()
    return {m.decode() for m in re.findall(rb'<(?:\w+:)?property\b[^>]*?\sname="([^"]*)"', pkg.read(_CUSTOM_PART))}


def set_custom_property(pkg, name: str, value: str) -> None:
    """Set a text custom document property through the ``Package`` part API (the part is created when missing)."""
    def element(pid: int) -> bytes:
        return (f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
                f'<vt:lpwstr xmlns:vt="{_VT}">{escape(value)}</vt:lpwstr></property>').encode()

    if not pkg.has_part(_CUSTOM_PART):
        data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
                b'openxmlformats.org/officeDocument/2006/custom-properties"></Properties>')
        pkg.add_relationship("", _CUSTOM_TYPE, _CUSTOM_PART)
        pkg.add_override(f"/{_CUSTOM_PART}", _CUSTOM_CT)
    else:
        data = pkg.read(_CUSTOM_PART)
    quoted = re.escape(escape(name).encode())
    existing = re.search(rb'<(?:\w+:)?property\b[^>]*?\sname="' + quoted + rb'"[^>]*>.*?</(?:\w+:)?property>',
                         data, re.S)
    if existing:
        pid = re.search(rb'\spid="(\d+)"', existing[0])
        new = element(int(pid[1]) if pid else 2)
        data = data[: existing.start()] + new + data[existing.end():]
    else:
        pids = [int(p) for p in re.findall(rb'\spid="(\d+)"', data)]
        new = element(max(pids, default=1) + 1)
        close = re.search(rb"</(?:\w+:)?Properties>", data)
        data = data[: close.start()] + new + data[close.start():]
    pkg.write_part(_CUSTOM_PART, data)
