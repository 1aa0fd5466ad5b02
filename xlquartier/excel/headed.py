"""Worksheet functions that answer with a table: a header row and typed values, on every route.

A function returns a pandas DataFrame and declares ``@xw.ret(**HEADED)``; xlwings' own
DataFrame converter then writes the header and the rows (dates as dates, numbers as
numbers) on the desktop add-in, in xlwings Lite and through xlwings Server alike. Every
such function goes through ``table_answer``, so a new one (the offers search, say) is a
function computing ``(header, rows)`` and one line calling it.

pandas is loaded only when such a function runs: in xlwings Lite it is not among the
requirements (the download is large), so the first call installs it with micropip, Pyodide's
installer; that is why these functions are ``async`` (every route awaits them).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import UserError

HEADED = {"index": False}  # options for @xw.ret: the header row, no index column
Table = tuple[Sequence[str], Sequence[Sequence[Any]]]  # (header, rows)


async def table_answer(lang: str, compute: Callable[[], Table]) -> Any:
    """The table ``compute`` makes, as a DataFrame; or the plain sentence of a problem the
    manager can fix (one cell instead of ``#WERT!``)."""
    try:
        header, rows = compute()
    except UserError as exc:
        return exc.message(lang)
    pd = await load_pandas()
    # object columns keep each value as computed (None stays an empty cell, not NaN: xlwings
    # writes NaN as #NUM! through Office.js)
    return pd.DataFrame([list(row) for row in rows], columns=list(header), dtype=object)


async def load_pandas():
    """pandas, installed first in xlwings Lite; xlwings' DataFrame converter registered with it."""
    try:
        import pandas
    except ModuleNotFoundError:
        if sys.platform != "emscripten":
            raise
        import micropip  # Pyodide's installer: pandas comes from Pyodide's own package repository

        await micropip.install("pandas")
        importlib.invalidate_caches()
        import pandas
    _register_converter(pandas)
    return pandas


def _register_converter(pandas) -> None:
    """xlwings registers its DataFrame converter when it is imported, and only if pandas is there;
    in Lite pandas arrives later, so register it now (importing the converter module does that)."""
    from xlwings.conversion import accessors

    if pandas.DataFrame not in accessors:
        module = importlib.import_module("xlwings.conversion.pandas_conv")
        if pandas.DataFrame not in accessors:  # imported before pandas was there: run it again
            importlib.reload(module)
