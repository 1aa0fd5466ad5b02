"""The xlwings Lite route: ``main.py`` and ``requirements.txt`` for Python inside Excel.

xlwings Lite runs Python in Pyodide (WebAssembly) inside the Excel add-in and keeps the
code in the workbook, so nothing is installed on the office PC. Its ``main.py`` only
re-exports the worksheet functions and scripts of ``xlquartier.excel``: Lite finds them
there exactly as the desktop add-in and xlwings Server do.

Pyodide installs a package only if it is pure Python or built for Pyodide, so before
writing, every package ``xlquartier`` pulls in (its requirements, evaluated for
``sys_platform == "emscripten"``, and theirs) is checked against the package list of
Pyodide (``pyodide-packages.txt`` beside this module, taken from the npm package's
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

import xlquartier

PYODIDE_LIST = Path(__file__).with_name("pyodide-packages.txt")
# Compiled where installed here, but PyPI also ships a pure-Python wheel (py3-none-any) of
# them that micropip picks; xlwings Lite itself installs xlwings that way.
PURE_WHEEL_ON_PYPI = frozenset({"xlwings"})
XLWINGS_VERSION = "0.37.8"  # the xlwings the functions are tested with; pure Python, so it can be pinned
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


def requirement_closure(root: str = "xlquartier") -> dict[str, Requirement]:
    """Every distribution ``root`` needs under Pyodide: name -> the requirement that pulls it in."""
    env = emscripten_environment()
    found: dict[str, Requirement] = {}
    todo = [canonicalize_name(root)]
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


def lite_requirements(package: str | None = None) -> list[str]:
    """The lines of requirements.txt: xlwings (pinned) and xlquartier (pinned, or a wheel URL)."""
    return [f"xlwings=={XLWINGS_VERSION}", package or f"xlquartier=={xlquartier.__version__}"]


def write_lite(out: Path, package: str | None = None) -> tuple[list[Path], list[Problem]]:
    """``xlquartier excel lite``: write main.py and requirements.txt; also return Pyodide problems."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    main = out / "main.py"
    main.write_text(MAIN_PY, encoding="utf-8")
    requirements = out / "requirements.txt"
    requirements.write_text(
        "# xlquartier in xlwings Lite: paste into the requirements.txt tab (written by `xlquartier excel lite`)\n"
        + "\n".join(lite_requirements(package)) + "\n", encoding="utf-8")
    return [main, requirements], check_pyodide(["xlwings", "xlquartier", *requirement_closure()])
