"""Where a person appears in a workbook: their row, the references to them, and any text naming them.

Every sheet is read, not only the data sheets: the ``Prüfung`` sheet quotes names in its
messages, ``Konflikte`` holds the values of partners' answers, and users keep sheets of their
own. Reading stays bounded (``workbook.read.check_file`` on every sheet first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..checks.cells import label
from ..workbook.read import ALL_SHEETS, check_file
from ..workbook.tables import Book
from .person import Person, references


@dataclass(frozen=True)
class Mention:
    """One cell that names the person (outside their own row)."""

    sheet: str  # as written in the workbook
    cell: str  # "F12"
    column: str  # the header above it, where the sheet is a data sheet
    text: str  # the cell as it reads
    reference: bool  # a reference cell (the person's ID or name in a column that points at people)
    row: str = ""  # what the row is, as a manager calls it ("AK Sicherheit am 12.03.2026"), on data sheets


def all_cells(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values from A1 (python-calamine), after the bounds check of every sheet."""
    from python_calamine import CalamineWorkbook

    check_file(path, ALL_SHEETS)
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names}


def _text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def mentions(book: Book, person: Person, cells: dict[str, list[list[Any]]]) -> list[Mention]:
    """The reference cells pointing at the person and every other cell whose text names them."""
    found: dict[tuple[str, str], Mention] = {}
    for sheet, row, key in references(book, person):
        table = book.table(sheet)
        cell = table.cell(row.number, key)
        if cell:
            found[(table.name, cell)] = Mention(table.name, cell, table.columns[key].header,
                                                _text(row.raw.get(key, row[key])), True, label(book, sheet, row))
    by_number = {(t.name, r.number): (key, r) for key, t in book.tables.items() for r in t.rows}
    own = book.tables["people"].name if "people" in book.tables else None
    headers = {t.name: {pos.index: pos.header for pos in t.columns.values()} | {
        i: h for h, i in t.extra_columns.items()} for t in book.tables.values()}
    for sheet, rows in cells.items():
        for r, values in enumerate(rows, start=1):
            if sheet == own and r == person.row.number:
                continue
            for c, value in enumerate(values):
                if isinstance(value, str) and value and person.mentioned(value):
                    ref = f"{get_column_letter(c + 1)}{r}"
                    key, row = by_number.get((sheet, r), (None, None))
                    found.setdefault((sheet, ref), Mention(sheet, ref, headers.get(sheet, {}).get(c, ""), value,
                                                           False, label(book, key, row) if row else ""))
    order = {name: i for i, name in enumerate(cells)}
    return sorted(found.values(), key=lambda m: (order.get(m.sheet, -1), _row_col(m.cell)))


def _row_col(ref: str) -> tuple[int, str]:
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters):]), letters.rjust(3)
