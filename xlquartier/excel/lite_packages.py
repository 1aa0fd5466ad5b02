"""What xlwings Lite installs later, when a button first needs it, and how.

xlwings Lite installs a workbook's requirements every time the workbook opens, and every
compiled package (lxml, Pillow, numpy, matplotlib) is a download from Pyodide's CDN. So
Lite's requirements hold only what the worksheet functions and Prüfen need (pure Python),
and a document button installs its packages when it is first pressed, with micropip,
which Lite itself installs packages with: a few seconds once per session, longest for the
annual report with matplotlib and the network map. No xlwings here: the command line reads
these lists too (``lite``), and Lite's buttons use them (``lite_scripts``).
"""

from __future__ import annotations

import importlib
import importlib.util

from ..errors import UserError

# What each kind of button imports (module, distribution); micropip brings their dependencies
# (jinja2, lxml, markupsafe, numpy, ...). Each must be pure Python or built for Pyodide
# (tests/test_excel_routes.py checks that against Pyodide's package list).
DOCUMENTS = (("docx", "python-docx"), ("docxtpl", "docxtpl"), ("PIL", "pillow"))
REPORT = (*DOCUMENTS, ("matplotlib", "matplotlib"), ("networkx", "networkx"), ("scipy", "scipy"),
          ("textalloc", "textalloc"))
INVITATIONS = (*DOCUMENTS, ("icalendar", "icalendar"))
PACKAGES = {"documents": DOCUMENTS, "report": REPORT, "invitations": INVITATIONS}


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a finder that refuses it
        return False


def missing(kind: str) -> list[str]:
    """The distributions a ``kind`` of button needs that cannot be imported yet."""
    return [dist for module, dist in PACKAGES[kind] if not _importable(module)]


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
