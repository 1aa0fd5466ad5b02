"""The workbook as pandas DataFrames, for analysts in Jupyter (controlling, evaluators, the city).

``frames(path_or_book)`` gives one DataFrame per data sheet of ``schema.DATA_SHEETS`` (new
sheets are covered as soon as the schema lists them), built on the reader's typed tables:

- dates as ``datetime64[s]``, whole numbers as nullable ``Int64``, list columns as categoricals
  in the order of the Listen sheet, multi-value cells as Python lists (``[]`` when empty),
  times as ``datetime.time``, everything else as text;
- every reference resolved with the one rule the checks use (``Book.resolve``: ID, short name
  or name, and ``QM``) into extra columns after it: ``<header>_id`` and ``<header>_name``, and
  ``<header>_partner`` where the reference may name a person (the partner behind the person);
  lists of them for multi-value references;
- the Excel row number as the first column, so a finding points back at the cell;
- ``(intern)`` columns only with ``internal=True``.

pandas is imported here only, inside the functions: reading, checking and the documents do
not pay for it.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checks.cells import label
from .schema import DATA_SHEETS, LISTS, Column, Kind, SheetSpec, translate
from .texts import t
from .workbook.read import read_book
from .workbook.tables import Book, Row

if TYPE_CHECKING:
    import pandas as pd

Resolved = tuple[Any, Any, Any]  # (id, name, partner) of one reference
UNRESOLVED: Resolved = (None, None, None)
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
NAT = -(2**63)  # numpy's NaT as a 64-bit day number


def row_column(lang: str) -> str:
    """The name of the column holding the Excel row number."""
    return t(lang, "Zeile", "Row")


def ref_column(column: Column, lang: str, part: str) -> str:
    """``Zuständig`` -> ``zuständig_id``: the extra columns of a resolved reference."""
    return "_".join(column.header(lang).casefold().split()) + f"_{part}"


def frames(path_or_book: str | Path | Book, lang: str = "de",
           internal: bool = False) -> dict[str, pd.DataFrame]:
    """One DataFrame per data sheet of the workbook, keyed by the sheet's name in ``lang``.

    ``lang`` (de or en) names the columns and the list entries: German by default, as the API
    promises, whatever language the workbook is kept in. Sheets the workbook lacks come back
    empty, with their columns.
    """
    book = path_or_book if isinstance(path_or_book, Book) else read_book(path_or_book)
    cache: dict = {}
    with _no_cyclic_gc():
        return {spec.name(lang): sheet_frame(book, spec, lang, internal, cache) for spec in DATA_SHEETS.values()}


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector while the columns are built: they are hundreds of thousands
    of new lists and tuples without cycles, and each collection would walk the whole book again
    (a third of the time on the 5,000-partner benchmark). Reference counting still frees memory."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def sheet_frame(book: Book, spec: SheetSpec, lang: str, internal: bool = False,
                cache: dict | None = None) -> pd.DataFrame:
    """One sheet as a DataFrame (see the module's docstring for the columns and their types).

    ``cache`` keeps resolved references between the sheets of one book."""
    import numpy as np
    import pandas as pd

    cache = {} if cache is None else cache
    rows = book.rows(spec.key)
    cells = [row.values for row in rows]
    data: dict[str, Any] = {row_column(lang): np.array([row.number for row in rows], dtype="int64")}
    for column in spec.columns:
        if column.internal and not internal:
            continue
        key = column.key
        values = [record.get(key) for record in cells]
        data[column.header(lang)] = _typed(column, values, book, lang)
        if column.kind in (Kind.REF, Kind.MULTIREF):
            data.update(_resolved(book, column, values, lang, cache))
    return pd.DataFrame(data)


def _typed(column: Column, values: list[Any], book: Book, lang: str) -> Any:
    import numpy as np
    import pandas as pd

    kind = column.kind
    if kind is Kind.DATE:  # by day numbers: numpy converts date objects one by one, slowly
        days = [NAT if value is None else value.toordinal() - EPOCH_ORDINAL for value in values]
        # seconds, not pandas' usual nanoseconds: a date typed as 3026 must not overflow
        return np.array(days, dtype="int64").view("datetime64[D]").astype("datetime64[s]")
    if kind is Kind.INT:
        return pd.array(values, dtype="Int64")
    if kind is Kind.LIST:
        assert column.list is not None
        entries = [translate(column.list, v, lang) for v in book.list_values(column.list)]
        labels = _translator(column.list, lang)
        labelled = [labels(v) if v is not None else None for v in values]
        extra = dict.fromkeys(v for v in labelled if v is not None and v not in entries)
        return pd.Categorical(labelled, categories=list(dict.fromkeys([*entries, *extra])))
    if kind is Kind.MULTILIST:
        assert column.list is not None
        labels = _translator(column.list, lang)
        return _objects([[labels(v) for v in value] if value else [] for value in values])
    if column.multi:
        return _objects([list(value) if value else [] for value in values])
    return _objects(values)


def _objects(values: list[Any]) -> Any:
    """A column of Python objects as they are (lists, times, text with None for empty)."""
    import numpy as np

    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


def _translator(list_key: str, lang: str) -> Callable[[str], str]:
    """Canonical (German) list entry -> its label in ``lang``; user-added entries as they are."""
    if lang == "de":
        return lambda value: value
    labels = {de: en for de, en in LISTS[list_key].entries}
    return lambda value: labels.get(value, value)


def _resolved(book: Book, column: Column, values: list[Any], lang: str, cache: dict) -> dict[str, Any]:
    """The extra columns of one reference column: what each cell names, by the reader's one rule."""
    resolve = _resolver(book, column, cache)
    parts = ("id", "name", "partner") if "people" in column.ref else ("id", "name")
    if column.multi:
        found = [[r for text in value if (r := resolve(text)) is not None] if value else [] for value in values]
        columns = {part: [[r[i] for r in cell] for cell in found] for i, part in enumerate(parts)}
    else:
        found = [resolve(value) or UNRESOLVED if value else UNRESOLVED for value in values]
        columns = {part: [r[i] for r in found] for i, part in enumerate(parts)}
    return {ref_column(column, lang, part): _objects(cells) for part, cells in columns.items()}


def _resolver(book: Book, column: Column, cache: dict) -> Callable[[str], Resolved | None]:
    """Resolves a reference text once per distinct text and kind of reference: the same names
    repeat in every row and in several columns (``Book.resolve`` depends on nothing else)."""
    seen: dict[str, Resolved | None] = cache.setdefault((column.ref, column.qm), {})
    qm = (book.qm, str(book.setting("qm_name") or book.qm), book.qm)

    def resolve(text: str) -> Resolved | None:
        if text not in seen:
            match = book.resolve(column, text)
            if match is None:
                seen[text] = None
            elif match.row is None:
                seen[text] = qm
            else:
                assert match.sheet is not None
                seen[text] = (match.row.id, label(book, match.sheet, match.row),
                              _partner_of(book, match.sheet, match.row))
        return seen[text]

    return resolve


def _partner_of(book: Book, sheet: str, row: Row) -> str | None:
    """The partner a person belongs to (by name), or the partner itself."""
    if sheet == "partners":
        return label(book, "partners", row)
    if sheet == "people":
        partner = book.ref("people", row, "partner")
        return label(book, "partners", partner) if partner is not None else None
    return None
