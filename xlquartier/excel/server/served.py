"""What xlwings Server serves: xlquartier's worksheet functions and buttons, run in the compute processes.

xlwings Server loads a project's functions from its ``custom_functions`` package and its
buttons from ``custom_scripts``; xlquartier's project (``project/``) fills both from here.
Each entry is an async stand-in for one function of ``excel.functions`` or script of
``excel.scripts``, with the same name, help and arguments (xlwings' own metadata is
copied), so Excel sees exactly what the desktop add-in and xlwings Lite offer. xlwings
converts the arguments as usual; the stand-in then hands the call to a compute process
(``compute``) and awaits it, so the event loop stays free.

A button also gets its session's folder for the documents it writes and the office's
logos (``work.run_script``); the Excel actions it recorded there (values, colours, the
message box) are added to the book xlwings answers with.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import xlwings as xw
from fastapi import HTTPException
from xlwings_server.models import CurrentUser

from ...errors import UserError
from .. import functions as excel_functions
from .. import scripts as excel_scripts
from . import work
from .app import runtime
from .auth import office_of
from .compute import Refused
from .limits import CURRENT_SESSION


def no_session(lang: str) -> str:
    return ("The task pane did not identify itself; please reload it (right-click › Reload)." if lang == "en" else
            "Der Aufgabenbereich hat sich nicht ausgewiesen; bitte neu laden (Rechtsklick › Neu laden).")


def download_hint(link_minutes: float, keep_minutes: float) -> tuple[str, str]:
    return (f"Zum Herunterladen: Aufgabenbereich „xlquartier“ › Dokumente (der Link gilt {link_minutes:g} Minuten, "
            f"die Datei wird nach {keep_minutes:g} Minuten vom Server gelöscht).",
            f"To download: task pane “xlquartier” › Documents (the link works for {link_minutes:g} minutes, "
            f"the file is deleted from the server after {keep_minutes:g} minutes).")


def _function(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)  # keeps xlwings' __xlfunc__ metadata and the signature
    async def served(*args: Any) -> Any:
        rt = runtime()
        try:
            return await rt.compute.run(work.call_function, (original.__module__, original.__name__, args),
                                        rt.config.limits.function_seconds)
        except Refused as exc:
            return [[exc.message(rt.config.lang)]]

    return served


async def _run_script(original: Callable[..., Any], book: xw.Book, user: Any) -> None:
    rt = runtime()
    config, lang = rt.config, rt.config.lang
    session = CURRENT_SESSION.get()
    if session is None:
        raise HTTPException(status_code=400, detail=no_session(lang))
    office = office_of(user)
    try:
        rt.storage.check_room(office, config.limits.office_mb)
    except UserError as exc:
        raise HTTPException(status_code=507, detail=exc.message(lang)) from None
    run = rt.storage.new_run(office, session)
    hint = download_hint(config.limits.link_minutes, config.limits.keep_minutes)
    try:
        result = await rt.compute.run(
            work.run_script,
            (original.__module__, original.__name__, book.api, str(run.work), str(rt.storage.logos(office)), hint),
            config.limits.script_seconds)
    except Refused as exc:
        rt.storage.discard(run)
        raise HTTPException(status_code=exc.status, detail=exc.message(lang)) from None
    except BaseException:
        rt.storage.discard(run)
        raise
    if result["download"] is None:
        rt.storage.discard(run)
    book.json()["actions"].extend(result["actions"])


def _script(original: Callable[..., Any]) -> Callable[..., Any]:
    meta = {key: value for key, value in original.__xlscript__.items() if key != "lazy"}

    async def served(book: xw.Book, user: CurrentUser) -> None:
        await _run_script(original, book, user)

    served.__name__ = served.__qualname__ = original.__name__
    served.__doc__ = original.__doc__
    return xw.script(**meta)(served)


FUNCTIONS = {name: _function(obj) for name, obj in inspect.getmembers(excel_functions)
             if hasattr(obj, "__xlfunc__")}
SCRIPTS = {name: _script(obj) for name, obj in inspect.getmembers(excel_scripts, inspect.isfunction)
           if hasattr(obj, "__xlscript__")}
