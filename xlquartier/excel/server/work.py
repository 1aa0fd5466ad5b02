"""What runs in the compute processes: one worksheet function or one button per task.

The server's event loop only receives, checks and answers requests; the computing happens
here, in processes that can be stopped when a call takes too long and that have a memory
ceiling, so one heavy or hostile call never stalls the other offices' calls.

A button runs with its own folder as the working folder: the documents it writes land
there under relative names (the manager's message says "written to Protokolle", never a
server path), and the book's logo folder there holds the office's logos (``OfficeLogos``).
Afterwards the files become one download: the file itself, or a zip when there are several.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import resource
import shutil
import zipfile
from pathlib import Path
from typing import Any

from ...workbook.tables import Book
from ..live import SERVER_CALL, ServerCall
from .storage import LOGO_FOLDER, logo_file_name

MB = 2**20


def init(memory_mb: int) -> None:
    """Each compute process: private files and a ceiling on its address space."""
    os.umask(0o077)
    limit = int(memory_mb * MB)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def ready() -> int:
    """A no-op that makes a process start (and import) before the first real call needs it."""
    return os.getpid()


def call_function(module: str, name: str, args: tuple) -> Any:
    """One worksheet function with the values xlwings converted from the request (an async one run here)."""
    result = getattr(importlib.import_module(module), name)(*args)
    return asyncio.run(result) if inspect.iscoroutine(result) else result


def plain_name(value: object) -> str:
    """The file or folder name a workbook gives, without any folder ("" for "." and "..")."""
    name = logo_file_name(value).replace("\0", "")
    return "" if name in (".", "..") else name


class OfficeLogos:
    """Gives a book the office's uploaded logos (``ServerCall.prepare``), under the names the book uses.

    The call's folder gets the book's logo folder (Einstellungen › Logo-Ordner, "logos" by
    default) with a link for each logo the book names that the office has uploaded,
    matched as Windows would (any case). A name that is more than a plain file name (a
    folder, a drive, "..") is cut down to its file name first, so no path the workbook
    names is ever opened; plain names stay as they are, so what the book exports is unchanged.
    """

    def __init__(self, stored: Path):
        self.stored = stored

    def __call__(self, book: Book) -> None:
        book.folder = Path(".")
        name = plain_name(book.setting("logo_folder")) or LOGO_FOLDER
        if book.setting("logo_folder") != name:
            book.settings["logo_folder"] = name
        folder = Path(name)
        folder.mkdir(exist_ok=True)
        uploaded = {p.name.casefold(): p for p in self.stored.iterdir()
                    if p.is_file() and not p.is_symlink()} if self.stored.is_dir() else {}
        named = []
        for key, value in list(book.settings.items()):
            if key.endswith("_logo") and value:
                book.settings[key] = plain_name(value)
                named.append(book.settings[key])
        for partner in book.rows("partners"):
            if partner["logo_file"]:
                partner.values["logo_file"] = plain_name(partner["logo_file"])
                named.append(partner["logo_file"])
        for logo in named:
            if logo and (found := uploaded.get(logo.casefold())) and not os.path.lexists(folder / logo):
                (folder / logo).symlink_to(found)


def run_script(module: str, name: str, payload: dict, work: str, logos: str,
               hint: tuple[str, str]) -> dict[str, Any]:
    """One button on the book the request describes; returns its Excel actions and its download."""
    import xlwings as xw

    os.chdir(work)
    token = SERVER_CALL.set(ServerCall(Path("."), OfficeLogos(Path(logos)), hint))
    try:
        book = xw.Book(json=payload)
        inspect.unwrap(getattr(importlib.import_module(module), name))(book)
        actions = book.json()["actions"]
    finally:
        SERVER_CALL.reset(token)
        os.chdir("/")
    return {"actions": actions, "download": _package(Path(work))}


def _written(work: Path) -> list[Path]:
    """The files the button wrote (relative to ``work``); the links to the logos are not among them."""
    found = []
    for folder, _dirs, files in os.walk(work):
        found += [(Path(folder) / f).relative_to(work) for f in files
                  if not f.startswith((".", "~$")) and not (Path(folder) / f).is_symlink()]
    return sorted(found)


def _package(work: Path) -> str | None:
    """Turn what the button wrote into one download beside ``work``; returns its name."""
    files = _written(work)
    run = work.parent
    name = None
    if len(files) == 1:
        name = files[0].name
        os.replace(work / files[0], run / name)
    elif files:
        tops = {f.parts[0] for f in files}
        name = (tops.pop() if len(tops) == 1 and len(files[0].parts) > 1 else "xlquartier") + ".zip"
        common = Path(files[0].parts[0]) if name != "xlquartier.zip" else None
        with zipfile.ZipFile(run / (".part-" + name), "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                archive.write(work / file, str(file.relative_to(common) if common else file))
        os.replace(run / (".part-" + name), run / name)
    shutil.rmtree(work, ignore_errors=True)
    return name
