"""The start-up patch of xlwings (``excel/server/patches.py``) and the upstream problem it works around.

xlwings tries ``from pyodide.ffi import JsNull`` once per cell when it converts a custom
function's range argument. The first test shows that the installed xlwings still does so
and FAILS ONCE XLWINGS FIXES IT: then the patch can go. The second shows that with the
patch no cell triggers an import and the converted values are unchanged.

Run in a fresh interpreter: xlwings' Office.js engine needs the licence key in the
environment, and nothing of it may leak into the other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = r"""
import importlib.abc, json, sys

class Count(importlib.abc.MetaPathFinder):
    attempts = 0
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "pyodide":
            Count.attempts += 1
        return None

sys.meta_path.insert(0, Count())
from xlwings import conversion  # the path xlwings Server's custom_functions_call takes per argument

table = [["Name", "Datum", 3.0, None, ""]] + [[None] * 5 for _ in range(999)]  # 5,000 cells
def convert():
    Count.attempts = 0
    value = conversion.read(None, table, {"ndim": 2}, engine_name="officejs")
    return Count.attempts, value

before, plain = convert()
if sys.argv[1] == "patched":
    from xlquartier.excel.server import patches
    patches.apply()
after, patched = convert()
print(json.dumps({"before": before, "after": after, "same": plain == patched}))
"""


def probe(mode: str) -> dict:
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "XLWINGS_ON_SERVER": "true"}
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_xlwings_still_tries_to_import_pyodide_for_every_cell():
    found = probe("plain")
    assert found["before"] >= 5000, (
        "xlwings no longer tries to import pyodide per cell: remove xlquartier/excel/server/patches.py "
        f"and its call in app.create_app ({found})")


def test_the_patch_leaves_no_import_per_cell_and_the_same_values():
    found = probe("patched")
    assert found["before"] >= 5000 and found["after"] == 0 and found["same"] is True, found
