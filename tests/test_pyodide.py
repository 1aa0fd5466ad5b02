"""xlwings Lite for real: main.py, the worksheet functions and Prüfen in Pyodide under node.

Pyodide 0.27 (what xlwings Lite runs) and the newest, from npm (tools/pyodide), with exactly
the wheels Lite installs when the workbook opens (tools/pyodide/harness.py: xlwings, Lite's
required packages, the xlquartier wheel built from this checkout and what it needs in
Pyodide), unpacked offline. ``lite_driver.py`` does what the add-in does: imports main.py,
lists the functions and scripts, and calls them through ``xlwings.server`` with the JSON
Office.js sends. The same driver runs in CPython, so every answer is compared with CPython's,
and Prüfen's findings with ``xlquartier check``'s. The demo's folder is mounted as /data,
as if the manager had imported the logos (xlwings Lite menu › Files › Import/Export).

Not provable here: what needs a compiled package, which only Pyodide's CDN serves (out of
reach here); in real Lite it is installed with micropip when first needed. That is the
document buttons (python-docx needs lxml; the report matplotlib) and the functions that
answer with a headed table (OFFENE_AUFGABEN, PARTNERTABELLE: pandas). What is shown is that
they get as far as that installation, and that a button then says so in one message.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from excel_payload import book_payload, office_js_args, raw_sheets

from xlquartier.demo import write_demo_book
from xlquartier.excel import functions
from xlquartier.excel.lite import LITE_REQUIRED, XLWINGS_VERSION, lite_requirements, write_lite

TESTS = Path(__file__).parent
ROOT = TESTS.parent
_spec = importlib.util.spec_from_file_location("pyodide_harness", ROOT / "tools" / "pyodide" / "harness.py")
harness = sys.modules["pyodide_harness"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

CALL = {"caller_address": "Tabelle1!B2", "content_language": "de-DE", "version": XLWINGS_VERSION,
        "runtime": "1.4", "client": "Office.js", "culture_info_name": "de-DE", "date_format": "TT.MM.JJJJ"}
NEEDS_PANDAS = {"offene_aufgaben", "open_tasks", "partnertabelle", "partner_table"}  # headed tables
HEAVY = {"numpy", "lxml", "PIL", "matplotlib", "scipy", "docx", "docxtpl", "jinja2", "rapidfuzz", "python_calamine",
         "networkx", "pandas", "multiprocessing"}


def body(func_name: str, *args) -> dict:
    return {"func_name": func_name, "args": list(args), **CALL}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return write_demo_book(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def job(demo, tmp_path_factory) -> Path:
    """The calls: every function in both languages, bad thresholds, 5,000 names; Prüfen and Protokoll."""
    folder = tmp_path_factory.mktemp("lite")
    write_lite(folder, "https://example.org/xlquartier-0.1.0-py3-none-any.whl")
    sheets = raw_sheets(demo)
    partners = office_js_args(sheets["Partner"])
    names = [[row[1]] for row in partners[1:]]
    tables = [office_js_args(sheets[n]) for n in ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen")]
    topics = office_js_args(sheets["Jahresthemen"])
    today = float((dt.datetime(2026, 11, 20) - dt.datetime(1899, 12, 30)).days)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_lite import common_word_names

    calls = [
        body("dubletten", names, [[2]], [[""]]), body("duplicates", names, [[2]], [[85]]),
        body("dubletten", names, [[2]], [[0]]), body("dubletten", names, [[2]], [["abc"]]),
        body("partner_finden", [["Kita Sonnenschien"]], partners),
        body("find_partner", [["Sonnenschein Kita"]], partners),
        body("partnerlast", [["SV Blau-Weiß"]], [[today]], tables), body("partner_load", [["P004"]], [[today]], tables),
        body("offene_aufgaben", [["SV Blau-Weiß"]], [[today]], tables), body("open_tasks", [["QM"]], [[today]], tables),
        body("partnertabelle", [[today]], tables),
        body("jahresthemen", [[2026.0]], [topics]), body("annual_topics", [[2026.0]], [topics]),
        body("partnerlast", [["SV Blau-Weiß"]], [[today]], [topics]),  # a wrong table: one sentence
        body("dubletten", [[n] for n in common_word_names(5000)], [[2]], [[90]]),
    ]
    scripts = [{"name": "pruefen", "payload": book_payload(demo, "Partner")},
               {"name": "protokoll", "payload": book_payload(demo, "Treffen", "A2")}]
    path = folder / "job.json"
    path.write_text(json.dumps({"lite_dir": "/lite", "data_dir": "/data", "calls": calls, "scripts": scripts}),
                    encoding="utf-8")
    return path


def _output(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def cpython(job, tmp_path_factory) -> dict:
    """The same driver in CPython, with main.py from the same folder."""
    local = json.loads(job.read_text(encoding="utf-8"))
    local.update(lite_dir=str(job.parent), data_dir=None)
    path = tmp_path_factory.mktemp("cpython") / "job.json"
    path.write_text(json.dumps(local), encoding="utf-8")
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial",
           "XLQUARTIER_OUTPUT_DIR": str(tmp_path_factory.mktemp("out"))}
    env.pop("PYTEST_XDIST_WORKER", None)
    return _output(subprocess.run([sys.executable, str(TESTS / "lite_driver.py"), str(path)],
                                  capture_output=True, text=True, timeout=600, env=env))


@pytest.fixture(scope="module", params=list(harness.PYODIDES))
def pyodide(request, job, demo) -> dict:
    """The driver in real Pyodide, with what Lite installs at open mounted as /site."""
    plat = harness.platform(request.param)
    site = harness.lite_site(plat, lite_requirements(str(harness.build_xlquartier())))
    assert site.cdn_only == [], f"Lite would need compiled packages at open: {site.cdn_only}"
    done = harness.run(request.param, TESTS / "lite_driver.py", "/lite/job.json",
                       mounts={site.path: "/site", job.parent: "/lite", demo.parent: "/data"})
    out = _output(done)
    out["site"] = site
    return out


def test_main_imports_in_pyodide_without_compiled_packages(pyodide):
    assert pyodide["platform"] == "emscripten"
    assert not HEAVY & set(pyodide["imported"]), HEAVY & set(pyodide["imported"])
    installed = {w.name for w in pyodide["site"].wheels}
    assert {"xlwings", "xlquartier", "openpyxl", *LITE_REQUIRED} <= installed and not HEAVY & installed
    ours = {w.name for w in harness.resolve([str(harness.build_xlquartier())], harness.platform("0.27"))[0]}
    assert ours == {"xlquartier", "xlwings", "openpyxl", "et-xmlfile"}  # in Pyodide: only openpyxl besides xlwings


def test_every_function_is_listed_as_in_cpython(pyodide, cpython):
    ids = [f["id"] for f in pyodide["functions"]]
    assert set(ids) == {name.upper() for name in functions.__all__} and "DUBLETTEN" in ids
    assert pyodide["functions"] == cpython["functions"]
    assert [s["function_name"] for s in pyodide["scripts"]] == [
        "einladungen", "jahresbericht", "kontaktliste", "nutzenberichte", "partneransicht", "protokoll", "pruefen",
        "vereinbarungen"]
    assert pyodide["scripts"] == cpython["scripts"]


def test_every_function_answers_as_in_cpython(pyodide, cpython, job):
    """Every call gives CPython's answer; those needing pandas get as far as installing it."""
    names = [c["func_name"] for c in json.loads(job.read_text(encoding="utf-8"))["calls"]]
    assert all("error" not in c for c in cpython["calls"])
    ours = []
    for name, here, there in zip(names, pyodide["calls"], cpython["calls"], strict=True):
        if name in NEEDS_PANDAS:  # compiled, from Pyodide's CDN: micropip is not even there offline
            assert here.get("error") == "ModuleNotFoundError: No module named 'micropip'", (name, here)
            continue
        assert here.get("result") == there["result"], (name, here, there)
        ours.append(here["result"])
    dubletten, duplicates, zero, text, closest, *_rest, wrong, many = ours
    flagged = [(i, r) for i, r in enumerate(dubletten) if r[0]]
    assert flagged and all(r[0] == "Dublette" and r[1] < i + 2 for i, r in flagged)
    assert zero == [["Die Ähnlichkeitsschwelle muss zwischen 1 und 100 liegen, nicht 0."]]
    assert text == [["„abc“ ist keine Zahl."]]
    assert closest[0][0] == "Kita Sonnenschein e.V."
    assert wrong[0][0].startswith("Bitte auch diese Tabelle übergeben")
    assert len(many) == 5000 and sum(1 for r in many if r[0]) > 200


def test_pruefen_finds_what_the_command_line_finds(pyodide, demo):
    """Prüfen through custom_scripts_call: the Prüfung sheet it writes holds `xlquartier check`'s findings."""
    index = list(raw_sheets(demo)).index("Prüfung")
    actions = pyodide["script_calls"][0]["book"]["actions"]
    found = next(a["values"] for a in actions if a["func"] == "setValues" and a["sheet_position"] == index)
    done = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", "check", str(demo),
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    here = str(demo.parent)  # the folder the command line reads the logos from is /data in Lite
    expected = {(f["code"], f["sheet"], f["cell"] or "", f["message"].replace(here, "/data"))
                for f in json.loads(done.stdout)}
    cell = re.compile(r'=HYPERLINK\("#[^"]*","([^"]*)"\)')
    header = found[0]
    code, sheet, at, message = (header.index(h) for h in ("Code", "Blatt", "Zelle", "Meldung"))
    ours = {(r[code], r[sheet], cell.sub(r"\1", r[at] or ""), r[message].lstrip("'")) for r in found[1:]}
    assert ours == expected
    assert any(code == "logo-missing" for code, *_ in ours)  # the logos were read from /data
    alerts = [a["args"][0] for a in pyodide["script_calls"][0]["book"]["actions"] if a["func"] == "alert"]
    assert alerts[0].startswith("Prüfung: ")


def test_a_document_button_explains_what_it_cannot_load(pyodide):
    """No CDN here: Protokoll cannot install python-docx and says so in one message, no traceback."""
    alerts = [a["args"][0] for a in pyodide["script_calls"][1]["book"]["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1 and alerts[0].startswith("Die Pakete für Word-Dateien (python-docx, docxtpl, pillow) "
                                                     "konnten nicht geladen werden")
    assert pyodide["data"] == sorted(pyodide["data"]) and not any(p.startswith("Protokolle") for p in pyodide["data"])


def test_timings_for_the_record(pyodide, cpython):
    """Not asserted (shared machines): printed with -s for the notes; benchmarks/bench_lite.py measures."""
    lite, local = (pyodide, cpython)
    print(f"\nPython {lite['python']} in Pyodide: import main {lite['import_seconds']:.2f} s, DUBLETTEN "
          f"5,000 names {lite['calls'][-1]['seconds']:.2f} s, Prüfen {lite['script_calls'][0]['seconds']:.2f} s; "
          f"CPython: {local['import_seconds']:.2f} / {local['calls'][-1]['seconds']:.2f} / "
          f"{local['script_calls'][0]['seconds']:.2f} s")
    assert pyodide["import_seconds"] > 0
