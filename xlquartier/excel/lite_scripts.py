"""The buttons as xlwings Lite runs them: the document buttons install their packages first.

Lite loads only what the worksheet functions and Prüfen need when the workbook opens; a
document button installs the rest when it is first pressed (``lite_packages``). Installing
is asynchronous in Pyodide, so these buttons are ``async`` scripts (xlwings Lite awaits
them); they then run the same script as every other route (``scripts``). The generated
``main.py`` imports the buttons from here instead of from ``scripts``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import xlwings as xw

from ..errors import UserError
from . import scripts
from .lite_packages import install
from .live import read_live, tell
from .scripts import partneransicht, pruefen

__all__ = ["pruefen", "protokoll", "vereinbarungen", "einladungen", "kontaktliste", "jahresbericht",
           "partneransicht", "nutzenberichte"]


def _installing_first(script: Callable, kind: str) -> Callable:
    """``script`` as an async Lite script that first installs what ``kind`` needs."""
    plain = inspect.unwrap(script)  # the function below xlwings' decorator

    @functools.wraps(plain)
    async def run(book: xw.Book) -> None:
        try:
            await install(kind)
        except UserError as exc:
            live = read_live(book)
            tell(live, exc.message(live.book.lang))
            return
        plain(book)

    return xw.script(name=getattr(script, "__xlscript__", {}).get("name"))(run)


protokoll = _installing_first(scripts.protokoll, "documents")
vereinbarungen = _installing_first(scripts.vereinbarungen, "documents")
kontaktliste = _installing_first(scripts.kontaktliste, "documents")
jahresbericht = _installing_first(scripts.jahresbericht, "report")
einladungen = _installing_first(scripts.einladungen, "invitations")
nutzenberichte = _installing_first(scripts.nutzenberichte, "documents")
