"""Real Pyodide for the tests and benchmarks: what xlwings Lite installs when a workbook opens,
unpacked offline, and Python run in it under node (``run.mjs``).

xlwings Lite installs the lines of a workbook's requirements.txt with micropip, with their
dependencies as their metadata declares them for Pyodide (``sys_platform == "emscripten"``).
``lite_site`` does the same on this machine: it builds xlquartier's wheel, resolves the
requirements with the markers evaluated for the Pyodide at hand, downloads the wheels with
pip for the Pyodide platform (cached in ``cache/``, so later runs need no network) and
unpacks them into one folder that ``run`` mounts as ``/site``. Compiled packages live only on
Pyodide's CDN, which is out of reach here: a requirement that needs one is reported, and
what was downloaded is listed with its size (what Lite downloads at open).

Pyodide itself comes from ``node_modules`` (``npm ci`` here; tools/install-system-packages.sh
runs it). ``PYODIDES`` names the two the tests use: the release xlwings Lite runs (0.27) and
the newest.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CACHE = HERE / "cache"
PYODIDES = {"0.27": "pyodide-0.27", "newest": "pyodide-newest"}  # label -> npm alias in package.json


class HarnessError(RuntimeError):
    """Pyodide or a wheel could not be had; the message says what to run or what is missing."""


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One builder at a time (pytest-xdist workers share the cache)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def ensure_pyodide(label: str) -> Path:
    """The folder of the npm package for ``label``; runs ``npm ci`` once if it is missing."""
    home = HERE / "node_modules" / PYODIDES[label]
    if not (home / "pyodide.asm.wasm").exists():
        if shutil.which("npm") is None or shutil.which("node") is None:
            raise HarnessError("node and npm are needed: bash tools/install-system-packages.sh")
        with _locked():
            if not (home / "pyodide.asm.wasm").exists():
                subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True,
                               capture_output=True, timeout=600)
    return home


@dataclass(frozen=True)
class Platform:
    """A Pyodide release as pip and packaging see it."""

    label: str
    version: str
    python: str  # e.g. "3.12.7"
    tag: str  # wheel platform tag, e.g. "pyodide_2024_0_wasm32"
    packages: dict[str, dict]  # what Pyodide serves itself (its CDN): name -> its pyodide-lock.json entry

    @property
    def short_python(self) -> str:
        return ".".join(self.python.split(".")[:2])

    def environment(self) -> dict[str, str]:
        """Marker values inside this Pyodide, so platform-only requirements drop out."""
        env = default_environment()
        env.update(sys_platform="emscripten", platform_system="Emscripten", platform_machine="wasm32",
                   os_name="posix", python_version=self.short_python, python_full_version=self.python,
                   implementation_version=self.python, implementation_name="cpython",
                   platform_python_implementation="CPython", extra="")
        return env


def platform(label: str) -> Platform:
    home = ensure_pyodide(label)
    lock = json.loads((home / "pyodide-lock.json").read_text(encoding="utf-8"))
    info = lock["info"]
    version = json.loads((home / "package.json").read_text(encoding="utf-8"))["version"]
    # Pyodide 0.27 tags wheels pyodide_<abi>_wasm32; from the 2026 ABI on, pyemscripten_<abi>_wasm32 (PEP 783)
    prefix = "pyodide" if info["abi_version"] < "2025" else "pyemscripten"
    return Platform(label, version, info["python"], f"{prefix}_{info['abi_version']}_wasm32", lock["packages"])


@dataclass(frozen=True)
class Wheel:
    name: str
    file: Path
    source: str  # "PyPI", "Pyodide" (served by Pyodide; downloaded from PyPI here) or "local"

    @property
    def size(self) -> int:
        return self.file.stat().st_size


@dataclass
class Site:
    """Unpacked wheels for ``/site``, what they came from, and what only Pyodide's CDN has."""

    path: Path
    wheels: list[Wheel] = field(default_factory=list)
    cdn_only: list[str] = field(default_factory=list)  # compiled: not installable here


def _download(requirement: str, plat: Platform) -> Path | None:
    """A wheel for ``requirement`` installable in ``plat`` (pure Python), from PyPI via pip; cached."""
    folder = CACHE / "wheels" / plat.tag
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if requirement in manifest and (folder / manifest[requirement]).exists():
        return folder / manifest[requirement]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--platform", plat.tag,
         "--python-version", plat.short_python, "--implementation", "cp",
         "--abi", "cp" + plat.short_python.replace(".", ""), "--abi", "none", "-d", str(folder), requirement],
        capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        return None
    names = re.findall(r"([^\s/]+\.whl)", done.stdout)
    if not names:
        return None
    manifest[requirement] = names[-1]
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder / names[-1]


def _requires(wheel: Path, extras: Sequence[str], env: dict[str, str]) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(archive.read(meta).decode("utf-8"))
    found = []
    for text in message.get_all("Requires-Dist") or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({**env, "extra": e}) for e in ("", *extras)):
            found.append(requirement)
    return found


def build_xlquartier() -> Path:
    """xlquartier's wheel from this checkout, as `pip wheel .` builds it; rebuilt when a source changes."""
    sources = sorted(p for p in [ROOT / "pyproject.toml", *(ROOT / "xlquartier").rglob("*.py"),
                                 *(ROOT / "xlquartier").rglob("*.txt"), *(ROOT / "workbook").glob("*.xlsx"),
                                 *(ROOT / "templates").rglob("*.docx")] if "__pycache__" not in p.parts)
    digest = hashlib.sha256()
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    folder = CACHE / "xlquartier" / digest.hexdigest()[:16]
    with _locked():
        if not list(folder.glob("xlquartier-*.whl")):
            tmp = folder.with_suffix(".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp), str(ROOT)],
                           check=True, capture_output=True, timeout=600)
            shutil.rmtree(ROOT / "build", ignore_errors=True)
            tmp.rename(folder)
    return next(folder.glob("xlquartier-*.whl"))


def resolve(requirements: Sequence[str], plat: Platform) -> tuple[list[Wheel], list[str]]:
    """What micropip installs for ``requirements`` in ``plat``: wheels, and compiled CDN-only names.

    A requirement is a name with a version specifier, or the path of a local wheel (the
    stand-in for the wheel URL a workbook names).
    """
    env = plat.environment()
    wheels: list[Wheel] = []
    cdn_only: list[str] = []
    seen: set[str] = set()
    todo: list[tuple[str, tuple[str, ...]]] = [(r, ()) for r in requirements]
    while todo:
        text, extras = todo.pop(0)
        if text.endswith(".whl"):
            file, name, source = Path(text), canonicalize_name(Path(text).name.split("-")[0]), "local"
        else:
            requirement = Requirement(text)
            name, extras = canonicalize_name(requirement.name), tuple(requirement.extras) or extras
            if name in seen:
                continue
            served = plat.packages.get(name)
            if served is not None and not served["file_name"].endswith("-none-any.whl"):
                seen.add(name)
                cdn_only.append(name)
                todo += [(dependency, ()) for dependency in served["depends"]]  # what Pyodide loads with it
                continue
            file = _download(str(requirement), plat) or _download(requirement.name, plat)
            source = "Pyodide" if served else "PyPI"
            if file is None:
                seen.add(name)
                cdn_only.append(name)  # no pure wheel anywhere: Lite could not install it either
                continue
        seen.add(name)
        wheels.append(Wheel(name, file, source))
        todo += [(str(r), tuple(r.extras)) for r in _requires(file, extras, env)]
    return wheels, cdn_only


def lite_site(plat: Platform, requirements: Sequence[str]) -> Site:
    """Unpack what Lite installs for ``requirements`` into a folder of its own (cached by content)."""
    with _locked():
        wheels, cdn_only = resolve(requirements, plat)
        key = hashlib.sha256("\n".join(sorted(f"{w.name} {w.file.name} {w.size}" for w in wheels)).encode())
        path = CACHE / "sites" / f"{plat.tag}-{key.hexdigest()[:16]}"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            for wheel in wheels:
                with zipfile.ZipFile(wheel.file) as archive:
                    archive.extractall(tmp)
            tmp.rename(path)
    return Site(path, wheels, cdn_only)


def run(label: str, script: Path, *args: str, mounts: dict[Path, str] | None = None,
        env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``script`` in Pyodide ``label`` under node; ``mounts`` maps host folders to Pyodide paths."""
    ensure_pyodide(label)
    command = ["node", str(HERE / "run.mjs"), "--pyodide", PYODIDES[label]]
    for host, guest in (mounts or {}).items():
        command += ["--mount", f"{Path(host).resolve()}:{guest}"]
    for key, value in (env or {}).items():
        command += ["--env", f"{key}={value}"]
    return subprocess.run([*command, str(script), *args], capture_output=True, text=True, timeout=timeout)
