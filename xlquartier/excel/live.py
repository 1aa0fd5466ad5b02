"""The open Excel workbook as the core's tables, and the check results written back into it.

Works on any xlwings ``Book``: the desktop one (COM), the one xlwings Server builds from
the JSON Office.js sends, and the one xlwings Lite hands a script. Only the public
xlwings API is used (sheets, ranges, values, colors, alert), so every route gets the
same behaviour, and Excel itself keeps the file: nothing here opens it behind Excel's back.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks import Finding
from ..checks.finding import SEVERITY_ORDER
from ..checks.run import assign_ids, check_rows
from ..errors import UserError
from ..schema import DATA_SHEETS, sheet_name
from ..texts import t
from ..workbook.read import book_from_values
from ..workbook.tables import Book, Row
from ..workbook.write import MARK_FILLS

OUTPUT_DIR_VARIABLE = "XLQUARTIER_OUTPUT_DIR"
LITE_DATA = Path("/data")  # xlwings Lite: Files › Import/Export shows what lands here


@dataclass(frozen=True)
class ServerCall:
    """Set by xlwings Server (``excel.server``) around one script call it serves.

    The server runs each call in a folder of its own, so ``folder`` is relative (the
    manager reads "written to Protokolle", not a path on the server); ``prepare`` gives a
    book its office's logos without following any path the request names; ``hint`` says
    where the manager downloads the documents.
    """

    folder: Path
    prepare: Callable[[Book], None]
    hint: tuple[str, str]  # German, English


SERVER_CALL: ContextVar[ServerCall | None] = ContextVar("xlquartier_server_call", default=None)


@dataclass
class LiveBook:
    """The tables of an open workbook plus what is needed to write back into it."""

    xw_book: Any
    book: Book
    values: dict[str, list[list[Any]]]  # sheet name -> values from A1

    def sheet(self, key: str) -> str | None:
        """The name of the sheet with this key (data or other) as it is in the workbook."""
        for name in self.values:
            if name in (sheet_name(key, "de"), sheet_name(key, "en")):
                return name
        return None


def _sheet_values(sheet: Any) -> list[list[Any]]:
    """All values from A1 to the used range's last cell, so column letters stay true.

    Error values stay text (``#BEZUG!``), so the entry checks can report them.
    """
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
    return [list(row) for row in values or []]


def _book_path(xw_book: Any) -> Path | None:
    """The workbook's file on the desktop; None where the route has no file (Server, Lite)."""
    try:
        path = Path(xw_book.fullname)
    except Exception:  # noqa: BLE001 - an unsaved or remote book has no full name
        return None
    return path if path.is_absolute() and path.exists() else None


def read_live(xw_book: Any) -> LiveBook:
    """Read the open workbook into the core's tables (one round trip per sheet).

    The language comes from the Einstellungen sheet or the sheet names, as for a file.
    In xlwings Lite the book's folder is ``lite_folder``, so logos are found there.
    """
    values = {sheet.name: _sheet_values(sheet) for sheet in xw_book.sheets}
    path = _book_path(xw_book)
    book = book_from_values(values, path=path)
    if path is None and is_lite():  # logos imported into Lite (or its mounted folder) count as beside the book
        try:
            book.folder = lite_folder()
        except UserError:
            pass  # no files in this Lite: the logo checks are skipped as for a book without a file
    elif path is None and (call := SERVER_CALL.get()) is not None:
        call.prepare(book)  # xlwings Server: the office's logos
    return LiveBook(xw_book, book, values)


def is_lite() -> bool:
    """True inside xlwings Lite: Python in Pyodide (WebAssembly) in the Excel add-in."""
    return sys.platform == "emscripten"


def lite_folder() -> Path:
    """xlwings Lite's folder for the workbook's files: a mounted local folder, else ``/data``.

    Lite lists whatever Python writes under ``/data`` in its menu Files › Import/Export,
    for download one by one or as a zip, and files imported there appear under ``/data``.
    Desktop Excel on Windows can also mount a local folder; its path, set as the Lite
    environment variable ``XLQUARTIER_OUTPUT_DIR``, is used instead, so files land on the PC.
    """
    mounted = os.environ.get(OUTPUT_DIR_VARIABLE)
    if mounted and Path(mounted).is_dir():
        return Path(mounted)
    if not LITE_DATA.is_dir():
        raise UserError(
            "Diese xlwings-Lite-Version hat keinen Ordner /data für Dateien; bitte xlwings Lite "
            "aktualisieren (Menü › Restart) oder einen lokalen Ordner einbinden.",
            "This xlwings Lite version has no /data folder for files; please update xlwings Lite "
            "(menu › Restart) or mount a local folder.")
    return LITE_DATA


def server_folder() -> Path:
    """xlwings Server: the folder the city's IT set up (``XLQUARTIER_OUTPUT_DIR``), else the working folder.

    The hook for the Server route: xlquartier's own server (``SERVER_CALL``) gives each call a
    folder of its own and offers what lands there as downloads in the task pane.
    """
    if (call := SERVER_CALL.get()) is not None:
        return call.folder
    return Path(os.environ.get(OUTPUT_DIR_VARIABLE) or Path.cwd())


def files_folder(live: LiveBook) -> Path:
    """The folder the workbook's files belong in (documents in one subfolder per kind, logos).

    Desktop: beside the workbook. xlwings Lite: ``lite_folder``. xlwings Server: ``server_folder``.
    """
    if live.book.path is not None:
        return live.book.path.parent
    return lite_folder() if is_lite() else server_folder()


def output_dir(live: LiveBook, folder: str) -> Path:
    """Where documents of one kind go: ``folder`` (e.g. "Protokolle") in ``files_folder``."""
    return files_folder(live) / folder


def download_hint(lang: str, folder: Path) -> str:
    """How the manager gets a file written to ``folder``: in Lite's /data, through its Files menu;
    from xlquartier's server, in its task pane."""
    if (call := SERVER_CALL.get()) is not None:
        return t(lang, *call.hint)
    if is_lite() and (folder == LITE_DATA or LITE_DATA in folder.parents):
        return t(lang, "Zum Herunterladen: xlwings Lite › Menü › Files › Import/Export (einzeln oder "
                       "„Download All“ als ZIP).",
                 "To download: xlwings Lite › menu › Files › Import/Export (one by one or "
                 "“Download All” as a ZIP).")
    return ""


def _text(value: Any) -> Any:
    """Text that Excel would otherwise take for a formula stays text."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def _link(target: str, cell: str) -> str:
    """A formula linking to ``'Sheet'!F12`` (formulas are given in English on every route)."""
    return f'=HYPERLINK("#{target.replace(chr(34), chr(34) * 2)}","{cell}")'


def write_findings(live: LiveBook, findings: list[Finding],
                   assigned: dict[str, dict[str, str]] | None = None) -> None:
    """Fill the Prüfung sheet, mark the cells found at fault and assign missing IDs.

    The same rows, marks and IDs as ``xlquartier check --write`` (``checks.run``), written
    through the open workbook instead of the file. The last run's marks are the cells the
    Prüfung sheet listed before it is rewritten, so no bookkeeping beyond the sheet is
    needed; removing a mark clears the cell's fill (table banding comes from the table
    style and stays).
    """
    xw_book, book = live.xw_book, live.book
    names = [s.name for s in xw_book.sheets]
    name = live.sheet("check")
    if name is None:
        name = sheet_name("check", book.lang)
        xw_book.sheets.add(name, after=xw_book.sheets[len(names) - 1])
        previous: list[list[Any]] = []
    else:
        previous = live.values.get(name, [])
    for row in previous[1:]:
        if len(row) >= 4 and row[2] in names and isinstance(row[3], str) and row[3]:
            xw_book.sheets[row[2]][row[3]].color = None
    for sheet, cells in (assign_ids(book) if assigned is None else assigned).items():
        for cell, value in cells.items():
            xw_book.sheets[sheet][cell].value = value
    rows, links = check_rows(book, findings)
    for ref, target in links.items():
        index = int(ref[1:]) - 1
        rows[index][3] = _link(target, rows[index][3])
    rows = [[_text(v) if c != 3 or not str(v).startswith("=HYPERLINK(") else v for c, v in enumerate(row)]
            for row in rows]
    sheet = xw_book.sheets[name]
    if len(previous) > len(rows):
        sheet.range((len(rows) + 1, 1), (len(previous), max(len(r) for r in previous))).clear_contents()
    sheet.range((1, 1)).value = rows
    worst: dict[tuple[str, str], str] = {}
    for f in findings:
        if f.sheet in names and f.cell:
            key = (f.sheet, f.cell)
            if key not in worst or SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst[key]]:
                worst[key] = f.severity
    for (sheet_name_, cell), severity in worst.items():
        xw_book.sheets[sheet_name_][cell].color = "#" + MARK_FILLS[severity][2:]


def selected_row(live: LiveBook, key: str) -> Row | None:
    """The row of data sheet ``key`` the selection is in, or the row a selected row points at.

    A selected task row points at its meeting, a person or agreement row at its partner,
    so the manager can start from where they are.
    """
    selection = live.xw_book.selection
    if selection is None:
        return None
    sheet_name_ = selection.sheet.name
    for table_key, table in live.book.tables.items():
        if table.name != sheet_name_:
            continue
        row = next((r for r in table.rows if r.number == selection.row), None)
        if row is None:
            return None
        if table_key == key:
            return row
        for column in DATA_SHEETS[table_key].columns:
            if key in column.ref and not column.multi:
                return live.book.ref(table_key, row, column.key)
    return None


def tell(live: LiveBook, message: str) -> None:
    """Show the manager what happened (a message box on every route)."""
    live.xw_book.app.alert(message, title="xlquartier")
