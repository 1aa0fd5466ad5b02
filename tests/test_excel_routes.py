"""The three Excel routes: desktop companion files, the xlwings Lite files, xlwings Server.

Server and Lite registration run in a separate pytest process (``excel_server_cases.py``)
because xlwings must see ``XLWINGS_ON_SERVER`` before it is first imported.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xlquartier.errors import UserError, WorkbookError
from xlquartier.excel import desktop, scripts
from xlquartier.excel.lite import (
    button_packages,
    check_pyodide,
    lite_problems,
    pyodide_packages,
    requirement_closure,
    write_lite,
)

TESTS = Path(__file__).parent
CLI = [sys.executable, "-c", "from xlquartier.cli import main; main()"]


# --------------------------------------------------------------------------- desktop

def test_desktop_writes_companion_files_and_leaves_the_workbook_alone(make_book, tmp_path):
    book = make_book({}, name="Netzwerk.xlsx")
    before = book.read_bytes()
    (tmp_path / "xlwings.conf").write_text('"LICENSE_KEY","abc"\n"UDF MODULES","old"\n', encoding="cp1252")
    setup = desktop.prepare_desktop(book, python=r"C:\Programme\Python311\pythonw.exe")
    assert book.read_bytes() == before
    assert {p.name for p in setup.written} == {"xlwings.conf", "xlquartier.bas", "Netzwerk.py"}
    conf = (tmp_path / "xlwings.conf").read_bytes().decode("cp1252").splitlines()
    assert conf == ['"LICENSE_KEY","abc"', r'"INTERPRETER_WIN","C:\Programme\Python311\pythonw.exe"',
                    '"UDF MODULES","xlquartier.excel.functions"']
    main = (tmp_path / "Netzwerk.py").read_text(encoding="utf-8")
    compile(main, "Netzwerk.py", "exec")
    assert "pruefen(xw.Book.caller())" in main


def test_desktop_macros_call_scripts_that_exist(make_book, tmp_path):
    desktop.prepare_desktop(make_book({}, name="Mappe.xlsx"), python="python")
    bas = (tmp_path / "xlquartier.bas").read_bytes().decode("cp1252")
    calls = re.findall(r'RunPython "from xlquartier\.excel\.scripts import (\w+); (\w+)\(\)"', bas)
    assert len(calls) == len(desktop.MACROS) == 8 and all(a == b for a, b in calls)
    assert all(callable(getattr(scripts, name)) for name, _ in calls)
    assert re.findall(r"^Sub (\w+)\(\)", bas, re.M) == list(desktop.MACROS)
    assert "\r\n" in bas  # the VBA editor imports Windows line ends


def test_desktop_keeps_a_foreign_module_and_explains_odd_names(make_book, tmp_path):
    book = make_book({}, name="Mappe.xlsx")
    (tmp_path / "Mappe.py").write_text("# mine\n", encoding="utf-8")
    setup = desktop.prepare_desktop(book, python="python")
    assert (tmp_path / "Mappe.py").read_text(encoding="utf-8") == "# mine\n"
    assert "bleibt unverändert" in setup.notes[0][0]
    odd = make_book({}, name="Netzwerk Lindenhof.xlsx")
    setup = desktop.prepare_desktop(odd, python="python")
    assert "Netzwerk_Lindenhof.xlsx" in setup.notes[0][0]
    assert not (tmp_path / "Netzwerk Lindenhof.py").exists()


def test_desktop_refuses_plainly(tmp_path):
    with pytest.raises(WorkbookError):
        desktop.prepare_desktop(tmp_path / "fehlt.xlsx")
    book = tmp_path / "b.xlsx"
    book.write_bytes(b"x")
    with pytest.raises(UserError, match="special characters"):
        desktop.prepare_desktop(book, python="C:\\Users\\Łukasz\\python.exe")


def test_desktop_cli(make_book, tmp_path):
    book = make_book({}, name="Mappe.xlsx")
    done = subprocess.run([*CLI, "excel", "desktop", str(book)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "xlwings.conf").exists() and "xlquartier.bas" in done.stdout


# --------------------------------------------------------------------------- lite

WHEEL = "https://example.org/xlquartier-0.1.0-py3-none-any.whl"


def test_lite_requirements_are_only_what_the_functions_and_pruefen_need():
    """In Pyodide xlquartier brings openpyxl and nothing else: every other package is a download at
    every open, and the compiled ones (numpy, lxml, Pillow, ...) come from Pyodide's CDN."""
    assert set(requirement_closure()) == {"openpyxl", "et-xmlfile", "xlwings"}
    assert lite_problems() == []  # and what the buttons install later is built for Pyodide or pure Python


def test_the_buttons_install_packages_pyodide_has():
    buttons = button_packages()
    assert {"python-docx", "docxtpl", "pillow", "matplotlib"} <= set(buttons)
    closure = requirement_closure(*buttons)
    assert {"lxml", "jinja2", "numpy"} <= set(closure)
    assert check_pyodide([*buttons, *closure]) == []


def test_the_pyodide_check_catches_compiled_packages():
    assert "pandas" in pyodide_packages() and "python-calamine" not in pyodide_packages()
    problems = check_pyodide(["pandas", "openpyxl", "python-calamine", "no-such-package-xq"])
    assert [(p.name, p.reason.split(",")[0]) for p in problems] == [
        ("no-such-package-xq", "not installed here"), ("python-calamine", "compiled")]


def test_lite_main_imports_with_only_its_requirements(tmp_path):
    """main.py imports in CPython while every module outside the Lite requirements is blocked.

    A meta-path finder refuses any top-level module that belongs to an installed distribution
    outside the requirement closure (python-calamine, pytest, ...); the standard library passes.
    """
    written, _ = write_lite(tmp_path, WHEEL)
    assert [p.name for p in written] == ["main.py", "requirements.txt"]
    assert (tmp_path / "requirements.txt").read_text().splitlines() == [
        "xlwings==0.37.8  # required", "python-dotenv  # required by xlwings Lite",
        "pyodide-http  # required by xlwings Lite", "black  # required by xlwings Lite",
        f"{WHEEL}  # xlquartier: the functions and buttons of main.py"]
    allowed = {"xlquartier", "xlwings", *requirement_closure()}
    probe = textwrap.dedent(f"""
        import importlib.abc, importlib.metadata as md, sys
        from packaging.utils import canonicalize_name
        allowed = {sorted(allowed)!r}
        owners = md.packages_distributions()
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                top = name.split(".")[0]
                dists = {{canonicalize_name(d) for d in owners.get(top, [])}}
                if dists and not dists & set(allowed):
                    raise ImportError("blocked outside the Lite requirements: " + name)
        sys.meta_path.insert(0, Block())
        sys.path.insert(0, {str(tmp_path)!r})
        import main
        names = [n for n in dir(main) if hasattr(getattr(main, n), "__xlfunc__")]
        print(sorted(names))
        for module in ("python_calamine", "numpy", "lxml", "docx"):
            try:
                __import__(module)
            except ImportError as exc:
                print(module + ":", exc)
    """)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert done.returncode == 0, done.stderr
    assert "'dubletten'" in done.stdout and "'annual_topics'" in done.stdout
    for module in ("python_calamine", "numpy", "lxml", "docx"):
        assert f"{module}: blocked outside the Lite requirements" in done.stdout


def _simulated_lite(blocked: set[str], lite_dir: Path) -> str:
    """The start of a probe script that runs ``main.py`` as xlwings Lite would, in CPython: the
    ``blocked`` modules fail to import as if not installed, and ``micropip`` is a stand-in that
    records what is installed (in ``installs``) and lifts the block."""
    return textwrap.dedent(f"""
        import asyncio, importlib.abc, json, sys, types
        blocked = {blocked!r}
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in blocked:
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        sys.meta_path.insert(0, Block())
        installs = []
        async def install(names):
            installs.append(names)
            blocked.clear()
        sys.modules["micropip"] = types.SimpleNamespace(install=install)
        sys.path.insert(0, {str(lite_dir)!r})
    """)


def _run_simulated_lite(probe: str) -> list[str]:
    """Run a probe script in a child as xlwings' server side does; its output lines."""
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    env.pop("XLQUARTIER_OUTPUT_DIR", None)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


def test_lite_installs_pandas_only_when_a_table_function_runs(tmp_path):
    """In xlwings Lite pandas is not a requirement: the first table function installs it.

    Simulated in CPython (Pyodide's own pandas cannot be fetched here): pandas is blocked as
    if not installed, ``micropip`` is a stand-in that lifts the block, ``sys.platform`` says
    emscripten, and the calls go through ``xlwings.server.custom_functions_call`` as in Lite.
    """
    import json

    from excel_payload import office_js_args, raw_sheets

    from xlquartier.demo import write_demo_book

    written, _ = write_lite(tmp_path / "lite", WHEEL)
    assert "pandas" not in requirement_closure()
    sheets = raw_sheets(write_demo_book(tmp_path / "demo"))
    tables = [office_js_args(sheets[n]) for n in ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen")]
    (tmp_path / "tables.json").write_text(json.dumps(tables), encoding="utf-8")
    probe = _simulated_lite({"pandas"}, written[0].parent) + textwrap.dedent(f"""
        import main
        import xlwings as xw
        print("after import:", "pandas" in sys.modules)
        sys.platform = "emscripten"
        tables = json.load(open({str(tmp_path / "tables.json")!r}, encoding="utf-8"))
        call = {{"caller_address": "Tabelle1!B2", "version": xw.__version__, "runtime": "1.4",
                 "client": "Office.js", "culture_info_name": "de-DE", "date_format": "TT.MM.JJJJ"}}
        def run(name, *args):
            data = {{"func_name": name, "args": list(args), **call}}
            return asyncio.run(xw.server.custom_functions_call(data, main))
        print("load:", run("partnerlast", [["SV Blau-Weiß"]], [[46346.0]], tables), installs)
        print("table:", run("offene_aufgaben", [["SV Blau-Weiß"]], [[46346.0]], tables)[0], installs)
        print("again:", run("partnertabelle", [[46346.0]], tables)[0][:2], installs)
    """)
    lines = _run_simulated_lite(probe)
    assert lines[0] == "after import: False"
    assert lines[1].startswith("load: [[") and lines[1].endswith("]] []")  # no pandas for a plain answer
    assert lines[2] == "table: ['AufgabeID', 'Beschreibung', 'Fällig', 'Status', 'Tage überfällig'] ['pandas']"
    assert lines[3] == "again: ['PartnerID', 'Name'] ['pandas']"  # installed once


def test_a_lite_document_button_installs_its_packages_then_writes_into_data(tmp_path):
    """Protokoll in xlwings Lite, simulated in CPython (lxml cannot be had offline; see test_pyodide):
    python-docx, docxtpl and Pillow are blocked as if not installed, ``micropip`` is a stand-in that
    lifts the block, ``sys.platform`` says emscripten and Lite's /data is a folder here. The button
    installs once, writes the minutes into /data/Protokolle and says where to download them."""
    import json

    from excel_payload import book_payload

    from xlquartier.demo import write_demo_book

    written, _ = write_lite(tmp_path / "lite", WHEEL)
    demo = write_demo_book(tmp_path / "demo")
    (tmp_path / "payload.json").write_text(json.dumps(book_payload(demo, "Treffen", "A2")), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    probe = _simulated_lite({"docx", "docxtpl", "PIL"}, written[0].parent) + textwrap.dedent(f"""
        import pathlib
        import main
        import xlwings as xw
        from xlquartier.excel import live
        print("after import:", sorted(m for m in ("docx", "docxtpl", "PIL") if m in sys.modules))
        sys.platform = "emscripten"
        live.LITE_DATA = pathlib.Path({str(data)!r})
        payload = json.load(open({str(tmp_path / "payload.json")!r}, encoding="utf-8"))
        for _ in range(2):
            book = asyncio.run(xw.server.custom_scripts_call(main, "protokoll",
                                                             typehint_to_value={{xw.Book: xw.Book(json=payload)}}))
            print(json.dumps([a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]), installs)
    """)
    lines = _run_simulated_lite(probe)
    assert lines[0] == "after import: []"  # main.py loads no document package
    for line in lines[1:]:
        alerts, installs = line.split("] [", 1)
        message = json.loads(alerts + "]")[0]
        assert message.startswith(f"1 Protokoll geschrieben in {data / 'Protokolle'}")
        assert "Files › Import/Export" in message
        assert installs == "['python-docx', 'docxtpl', 'pillow']]"  # once, not again for the second minutes
    assert len(list((data / "Protokolle").glob("*.docx"))) == 1


def test_lite_cli_writes_the_two_files_with_a_package(tmp_path):
    done = subprocess.run([*CLI, "excel", "lite", "--out", str(tmp_path), "--package", WHEEL, "--lang", "en"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "main.py").exists() and WHEEL in (tmp_path / "requirements.txt").read_text()


def test_lite_cli_without_a_package_says_xlquartier_is_not_on_pypi(tmp_path):
    """It used to write an uninstallable xlquartier==0.1.0 and exit 0."""
    done = subprocess.run([*CLI, "excel", "lite", "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "noch nicht auf PyPI" in done.stderr and "--package" in done.stderr
    assert not (tmp_path / "requirements.txt").exists()
    done = subprocess.run([*CLI, "excel", "lite", "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.strip() == "Please give either a workbook or --out FOLDER."


# --------------------------------------------------------------------------- server (and Lite registration)

def test_server_and_lite_in_a_process_of_their_own():
    if importlib.util.find_spec("xlwings_server") is None:  # importing it would switch this process to server mode
        pytest.skip("xlwings Server is installed with the test extra")
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           str(TESTS / "excel_server_cases.py")],
                          capture_output=True, text=True, timeout=600, env=env, cwd=TESTS)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"\b15 passed\b", done.stdout), done.stdout[-2000:]


def test_server_refuses_without_a_licence_key(tmp_path):
    from xlquartier.excel.server.config import ServerConfig

    with pytest.raises(UserError, match="noncommercial"):
        ServerConfig.from_env({"XLQUARTIER_SERVER_PUBLIC_URL": "https://localhost:8443",
                               "XLQUARTIER_SERVER_TOKEN": "a-long-enough-token",
                               "XLQUARTIER_SERVER_DATA": str(tmp_path)})
