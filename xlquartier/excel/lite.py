"""The xlwings Lite route: ``main.py`` and ``requirements.txt`` for Python inside Excel.

xlwings Lite runs Python in Pyodide (WebAssembly) inside the Excel add-in and keeps the
code in the workbook, so nothing is installed on the office PC. Its ``main.py`` only
re-exports the worksheet functions and buttons of ``xlquartier.excel``: Lite finds them
there exactly as the desktop add-in and xlwings Server do.

``embed_lite`` writes both into the workbook itself, as Lite stores them (``embed``), so
the workbook opens with its code; ``write_lite`` writes them as two files for the Lite
editor's tabs. Lite installs the requirements every time the workbook opens: they are
xlwings, the packages Lite's own template marks as required, and xlquartier (a wheel URL,
as long as xlquartier is not on PyPI), which in Pyodide needs only openpyxl (pyproject.toml).
The document buttons install their packages when first pressed (``lite_packages``).

Pyodide installs a package only if it is pure Python or built for Pyodide, so before
writing, every package ``xlquartier`` and its buttons pull in (their requirements,
evaluated for ``sys_platform == "emscripten"``, and theirs) is checked against the package
list of Pyodide (``pyodide-packages.txt`` beside this module, taken from the npm package's
``pyodide-lock.json``) and against the wheel tags of the installed distribution.
To refresh the list: ``npm pack pyodide@VERSION``, then list ``packages`` of
``package/pyodide-lock.json`` as in the file's header.
"""

from __future__ import annotations

import importlib.metadata as metadata
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..errors import UserError
from . import embed
from .lite_packages import PACKAGES

PYODIDE_LIST = Path(__file__).with_name("pyodide-packages.txt")
# Compiled where installed here, but PyPI also ships a pure-Python wheel (py3-none-any) of
# them that micropip picks; xlwings Lite itself installs xlwings that way.
PURE_WHEEL_ON_PYPI = frozenset({"xlwings"})
XLWINGS_VERSION = "0.37.8"  # the xlwings the functions are tested with; pure Python, so it can be pinned
ON_PYPI = False  # while xlquartier is not on PyPI, Lite needs the address of its wheel
# Lite's own template lists these as required (public Lite workbooks of late 2025); kept so its editor works.
LITE_REQUIRED = ("python-dotenv", "pyodide-http", "black")
MAIN_PY = '''"""xlquartier in xlwings Lite: written by `xlquartier excel lite`.

The worksheet functions (=DUBLETTEN, =PARTNERLAST, ...) and the buttons (Prüfen, Protokoll,
Vereinbarungen, Kontaktliste, Jahresbericht) come from the xlquartier package listed in
requirements.txt. Documents land in /data: xlwings Lite menu › Files › Import/Export.
"""

from xlquartier.excel.functions import *  # noqa: F401,F403
from xlquartier.excel.lite_scripts import *  # noqa: F401,F403
'''


def pyodide_packages() -> dict[str, str]:
    """Normalised name -> version of every package built for Pyodide (the shipped list)."""
    packages = {}
    for line in PYODIDE_LIST.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split()
            packages[canonicalize_name(name)] = version
    return packages


def emscripten_environment() -> dict[str, str]:
    """Marker values as Pyodide reports them, so platform-only requirements drop out."""
    env = default_environment()
    env.update(sys_platform="emscripten", platform_system="Emscripten", platform_machine="wasm32",
               os_name="posix", extra="")
    return env


def requirement_closure(*roots: str) -> dict[str, Requirement]:
    """Every distribution ``roots`` need under Pyodide: name -> the requirement that pulls it in."""
    env = emscripten_environment()
    found: dict[str, Requirement] = {}
    todo = [canonicalize_name(root) for root in roots or ("xlquartier",)]
    while todo:
        name = todo.pop()
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # reported by ``check_pyodide`` as unknown
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate(env):
                continue
            key = canonicalize_name(requirement.name)
            if key not in found:
                found[key] = requirement
                todo.append(key)
    return found


def button_packages() -> list[str]:
    """What the document buttons install in Lite when first pressed (``lite_packages``)."""
    return sorted({dist for needs in PACKAGES.values() for _, dist in needs})


def is_pure_python(name: str) -> bool | None:
    """True for a distribution installed from a pure-Python wheel; None when not installed here."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    wheel = dist.read_text("WHEEL")
    if wheel is None:  # installed from source (e.g. editable): pure if it holds no extension
        return not any(str(f).endswith((".so", ".pyd")) for f in dist.files or [])
    lines = wheel.splitlines()
    return "Root-Is-Purelib: true" in lines and any(
        line.startswith("Tag:") and line.endswith("-none-any") for line in lines)


@dataclass(frozen=True)
class Problem:
    name: str
    reason: str


def check_pyodide(names: list[str]) -> list[Problem]:
    """The packages Pyodide could not install: neither built for it nor pure Python."""
    built = pyodide_packages()
    problems = []
    for name in sorted({canonicalize_name(n) for n in names}):
        if name in built or name in PURE_WHEEL_ON_PYPI:
            continue
        pure = is_pure_python(name)
        if pure is None:
            problems.append(Problem(name, "not installed here, cannot tell whether it is pure Python"))
        elif not pure:
            problems.append(Problem(name, "compiled, and not built for Pyodide"))
    return problems


def _package(package: str | None) -> str:
    if package:
        return package
    if ON_PYPI:
        return "xlquartier"
    raise UserError(
        "xlquartier ist noch nicht auf PyPI: bitte mit --package die Adresse des xlquartier-Wheels angeben "
        "(bauen mit: pip wheel --no-deps . ; per HTTPS bereitstellen, mit CORS-Freigabe für "
        "https://addin.xlwings.org).",
        "xlquartier is not on PyPI yet: please give the address of the xlquartier wheel with --package "
        "(build it with: pip wheel --no-deps . ; serve it over HTTPS, with CORS allowing "
        "https://addin.xlwings.org).")


def lite_requirements(package: str | None = None) -> list[str]:
    """The requirements Lite installs when the workbook opens: xlwings (pinned), Lite's own, xlquartier."""
    return [f"xlwings=={XLWINGS_VERSION}", *LITE_REQUIRED, _package(package)]


def requirements_text(package: str | None = None) -> str:
    """requirements.txt as Lite's editor shows it, one requirement a line with why it is there."""
    xlwings, *lite, ours = lite_requirements(package)
    return "\n".join([f"{xlwings}  # required", *(f"{name}  # required by xlwings Lite" for name in lite),
                      f"{ours}  # xlquartier: the functions and buttons of main.py"]) + "\n"


def lite_problems() -> list[Problem]:
    """What Pyodide could not install of xlquartier, xlwings and the buttons' packages."""
    buttons = button_packages()
    return check_pyodide(["xlwings", "xlquartier", *buttons, *requirement_closure("xlquartier", *buttons)])


def write_lite(out: Path, package: str | None = None) -> tuple[list[Path], list[Problem]]:
    """``xlquartier excel lite --out DIR``: main.py and requirements.txt for the Lite editor's tabs."""
    text = requirements_text(package)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    main = out / "main.py"
    main.write_text(MAIN_PY, encoding="utf-8")
    requirements = out / "requirements.txt"
    requirements.write_text(text, encoding="utf-8")
    return [main, requirements], lite_problems()


def embed_lite(book: Path, package: str | None = None, lang: str = "de") -> tuple[Path | None, list[Problem]]:
    """``xlquartier excel lite BOOK``: the workbook carries main.py and requirements.txt (``embed``).

    Surgical like ``check --write``: only the web-extension parts change, after a backup,
    atomically, and never while the file is open. Running it again replaces the code.
    Returns the backup (None when nothing changed) and what Pyodide could not install.
    """
    text = requirements_text(package)
    return embed.embed_code(book, {"main.py": MAIN_PY, "requirements.txt": text}, lang), lite_problems()
