"""The desktop route: classic xlwings with the add-in (``xlwings addin install``) on Windows.

The workbook itself is left alone. Everything goes into companion files beside it, which
the xlwings add-in reads on its own:

- ``xlwings.conf``: the folder's xlwings settings (the add-in looks for this file in the
  workbook's folder before the user's settings): which Python to start and which module
  holds the worksheet functions;
- ``<workbook name>.py``: the add-in's "Run main" button runs ``main()`` of the Python file
  named like the workbook, here the check, so checking works even in an ``.xlsx``;
- ``xlquartier.bas``: a VBA module with one macro per script, for buttons in a copy of
  the workbook saved as ``.xlsm`` (imported by hand in the VBA editor, never by us).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError, WorkbookError

UDF_MODULE = "xlquartier.excel.functions"
CONF_NAME = "xlwings.conf"
BAS_NAME = "xlquartier.bas"
MARKER = "written by `xlquartier excel desktop`"
# Macro name -> script in xlquartier.excel.scripts (German names: the buttons are German).
MACROS = {
    "XQ_Pruefen": "pruefen",
    "XQ_Protokoll": "protokoll",
    "XQ_Vereinbarungen": "vereinbarungen",
    "XQ_Kontaktliste": "kontaktliste",
    "XQ_Jahresbericht": "jahresbericht",
    "XQ_Partneransicht": "partneransicht",
    "XQ_Einladungen": "einladungen",
    "XQ_Nutzenberichte": "nutzenberichte",
}
_CONF_LINE = re.compile(r'^"([^"]*)","([^"]*)"\s*$')


@dataclass
class DesktopSetup:
    written: list[Path] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (German, English)


def interpreter() -> str:
    """The Python that runs xlquartier now; on Windows its console-less ``pythonw.exe``."""
    exe = Path(sys.executable)
    windowless = exe.with_name("pythonw.exe")
    return str(windowless if exe.name.lower() == "python.exe" and windowless.exists() else exe)


def conf_text(existing: str, python: str) -> str:
    """The folder's xlwings.conf with our two settings; other settings are kept as they were."""
    ours = {"INTERPRETER_WIN": python, "UDF MODULES": UDF_MODULE}
    lines = []
    for line in existing.splitlines():
        match = _CONF_LINE.match(line)
        if match and match.group(1).upper() in ours:
            continue
        if line.strip():
            lines.append(line)
    lines += [f'"{key}","{value}"' for key, value in ours.items()]
    return "\n".join(lines) + "\n"


def main_py() -> str:
    return (f'"""xlquartier: {MARKER}. The xlwings add-in\'s "Run main" button checks this workbook."""\n\n'
            "import xlwings as xw\n\n"
            "from xlquartier.excel.scripts import pruefen\n\n\n"
            "def main():\n"
            "    pruefen(xw.Book.caller())\n")


def bas_text() -> str:
    lines = ['Attribute VB_Name = "xlquartier"',
             f"' xlquartier: {MARKER}.",
             "' Im VBA-Editor (Alt+F11) mit Datei > Datei importieren einfügen, dann die Makros Schaltflächen",
             "' zuweisen. Braucht das xlwings-Add-in und unter Extras > Verweise den Verweis auf xlwings.",
             ""]
    for macro, script in MACROS.items():
        lines += [f"Sub {macro}()",
                  f'    RunPython "from xlquartier.excel.scripts import {script}; {script}()"',
                  "End Sub", ""]
    return "\r\n".join(lines)


def _write_ansi(path: Path, text: str) -> None:
    """VBA reads config files in the Windows ANSI code page."""
    try:
        path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252"))
    except UnicodeEncodeError as exc:
        raise UserError(
            f"Der Pfad enthält Zeichen, die Excel in {path.name} nicht lesen kann; bitte Python in einen "
            "Ordner ohne Sonderzeichen installieren oder --interpreter angeben.",
            f"The path holds characters Excel cannot read in {path.name}; please install Python in a "
            "folder without special characters or pass --interpreter.") from exc


def prepare_desktop(book: Path, python: str | None = None) -> DesktopSetup:
    """``xlquartier excel desktop BOOK``: write the companion files beside the workbook."""
    book = Path(book)
    if not book.is_file() or book.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookError(f"{book} ist keine vorhandene Arbeitsmappe (.xlsx/.xlsm).",
                            f"{book} is not an existing workbook (.xlsx/.xlsm).")
    setup = DesktopSetup()
    conf = book.parent / CONF_NAME
    existing = conf.read_bytes().decode("cp1252", "replace") if conf.exists() else ""
    _write_ansi(conf, conf_text(existing, python or interpreter()))
    setup.written.append(conf)
    bas = book.parent / BAS_NAME
    _write_ansi(bas, bas_text())
    setup.written.append(bas)
    module = book.with_suffix(".py")
    if not book.stem.isidentifier():
        example = re.sub(r"\W", "_", book.stem) + book.suffix
        setup.notes.append((
            f"„Run main“ geht nur, wenn der Dateiname ein Python-Name ist (Buchstaben, Ziffern, _), "
            f"z. B. {example}; die Makros in {BAS_NAME} gehen immer.",
            f"“Run main” only works when the file name is a Python name (letters, digits, _), e.g. "
            f"{example}; the macros in {BAS_NAME} always work."))
    elif module.exists() and MARKER not in module.read_text(encoding="utf-8", errors="replace"):
        setup.notes.append((f"{module.name} gibt es schon und bleibt unverändert.",
                            f"{module.name} already exists and is left unchanged."))
    else:
        module.write_text(main_py(), encoding="utf-8")
        setup.written.append(module)
    return setup

