"""The one start-up patch of xlwings: its per-cell import attempt when converting function arguments.

The upstream problem (xlwings 0.37): every cell of every range passed to a custom
function goes through ``xlwings.pro._xlofficejs._clean_value_data_element``, which first
calls ``xlwings.utils.is_jsnull(value)``. That function runs ``from pyodide.ffi import
JsNull`` each time. Outside Pyodide the import fails, and a failed import is not cached:
Python searches every ``sys.path`` entry again (a ``stat`` per entry) for every cell. The
demo workbook's tables are pre-sized (tblPartner has 243 rows for 42 partners), so
=XQ.PARTNERLAST(…) with five tables converts 22,591 cells and spent about 0.9 s of each
call in failed imports: 22,600 imports, 135,600 path look-ups.

The patch replaces ``is_jsnull`` with one that looked for ``JsNull`` once. The answer
cannot change while the process runs (Pyodide is there or not), so results are the same;
``tests/test_server_patch.py`` checks that the unpatched xlwings still imports per cell
(and fails once xlwings fixes it, so the patch can go) and that the patched one does not.
"""

from __future__ import annotations

from typing import Any

_original = None


def _jsnull_type() -> type | None:
    try:
        from pyodide.ffi import JsNull
    except ImportError:
        return None
    return JsNull


def apply() -> None:
    """Make ``xlwings.utils.is_jsnull`` look for Pyodide's ``JsNull`` once instead of per call."""
    global _original
    from xlwings import utils

    if _original is not None:
        return
    jsnull = _jsnull_type()

    def is_jsnull(value: Any) -> bool:
        return jsnull is not None and isinstance(value, jsnull)

    is_jsnull.__doc__ = utils.is_jsnull.__doc__
    _original, utils.is_jsnull = utils.is_jsnull, is_jsnull


def undo() -> None:
    global _original
    from xlwings import utils

    if _original is not None:
        utils.is_jsnull, _original = _original, None
