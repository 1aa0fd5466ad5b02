"""The buttons as xlwings Lite runs them: the document buttons install their packages first.

xlwings Lite installs a workbook's requirements every time the workbook opens, and every
compiled package (lxml, Pillow, numpy, matplotlib) is a download from Pyodide's CDN. So
Lite's requirements hold only what the worksheet functions and Prüfen need (pure Python),
and a document button installs what it needs when it is first pressed, with micropip,
which Lite itself installs packages with. That takes a few seconds once per session; the
annual report, with matplotlib and the network map, takes longest.

Installing is asynchronous in Pyodide, so these buttons are ``async`` scripts (xlwings Lite
awaits them); they then run the same script as every other route (``scripts``). The
generated ``main.py`` imports the buttons from here instead of from ``scripts``.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
from collections.abc import Callable

import xlwings as xw

from ..errors import UserError
from . import scripts
from .live import read_live, tell
from .scripts import partneransicht, pruefen

__all__ = ["pruefen", "protokoll", "vereinbarungen", "einladungen", "kontaktliste", "jahresbericht",
           "partneransicht", "nutzenberichte"]

# What each kind of button imports (module, distribution); micropip brings their dependencies
# (jinja2, lxml, markupsafe, numpy, ...). Each must be pure Python or built for Pyodide
# (tests/test_excel_routes.py checks that against Pyodide's package list).
DOCUMENTS = (("docx", "python-docx"), ("docxtpl", "docxtpl"), ("PIL", "pillow"))
REPORT = (*DOCUMENTS, ("matplotlib", "matplotlib"), ("networkx", "networkx"), ("scipy", "scipy"),
          ("textalloc", "textalloc"))
INVITATIONS = (*DOCUMENTS, ("icalendar", "icalendar"))
PACKAGES = {"documents": DOCUMENTS, "report": REPORT, "invitations": INVITATIONS}


def missing(kind: str) -> list[str]:
    """The distributions a ``kind`` of button needs that cannot be imported yet."""
    return [dist for module, dist in PACKAGES[kind] if importlib.util.find_spec(module) is None]


async def install(kind: str) -> None:
    """Install what a ``kind`` of button needs, unless it is there already (then this costs nothing)."""
    needed = missing(kind)
    if not needed:
        return
    try:
        import micropip

        await micropip.install(needed)
    except Exception as exc:  # noqa: BLE001 - offline, blocked, or a package this Pyodide lacks
        raise UserError(
            f"Die Pakete für Word-Dateien ({', '.join(needed)}) konnten nicht geladen werden: {exc}. "
            "Bitte Internetverbindung prüfen und xlwings Lite neu starten (Menü › Restart).",
            f"The packages for Word files ({', '.join(needed)}) could not be loaded: {exc}. "
            "Please check the internet connection and restart xlwings Lite (menu › Restart).") from exc
    importlib.invalidate_caches()


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
