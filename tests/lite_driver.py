"""What xlwings Lite does with a workbook's main.py, as a script for Pyodide (and CPython to compare).

Run by ``tests/test_pyodide.py`` in real Pyodide under node (tools/pyodide/run.mjs) and in
CPython, with one argument: a JSON job file naming the folder of main.py, the custom-function
calls (the JSON bodies Office.js sends) and the script calls (name and book payload). Like the
add-in it imports main.py with XLWINGS_ON_SERVER set, lists the functions and scripts, and
calls them through ``xlwings.server``. Prints one JSON line: what it found and how long it took.
"""

import asyncio
import json
import os
import sys
import time

os.environ.setdefault("XLWINGS_ON_SERVER", "true")  # what Lite sets before xlwings is imported
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


async def pyodide_main():
    with open(sys.argv[1], encoding="utf-8") as file:
        job = json.load(file)
    sys.path.insert(0, job["lite_dir"])
    before = set(sys.modules)
    start = time.perf_counter()
    import main

    import_seconds = time.perf_counter() - start
    import xlwings as xw
    import xlwings.server

    out = {
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "import_seconds": import_seconds,
        "imported": sorted({name.split(".")[0] for name in set(sys.modules) - before}),
        "functions": xlwings.server.custom_functions_meta(main)["functions"],
        "scripts": xlwings.server.custom_scripts_meta(main),
        "calls": [],
        "script_calls": [],
    }
    for body in job["calls"]:
        start = time.perf_counter()
        try:
            call = {"result": await xlwings.server.custom_functions_call(body, main)}
        except Exception as exc:  # noqa: BLE001 - recorded: the test decides what is acceptable
            call = {"error": f"{type(exc).__name__}: {exc}"}
        out["calls"].append({**call, "seconds": time.perf_counter() - start})
    for call in job["scripts"]:
        start = time.perf_counter()
        book = xw.Book(json=call["payload"])
        book = await xlwings.server.custom_scripts_call(main, call["name"], typehint_to_value={xw.Book: book})
        out["script_calls"].append({"book": book.json(), "seconds": time.perf_counter() - start})
    if job.get("data_dir"):
        out["data"] = sorted(os.path.relpath(os.path.join(folder, name), job["data_dir"])
                             for folder, _, names in os.walk(job["data_dir"]) for name in names)
    print(json.dumps(out, default=str))


if sys.platform != "emscripten":  # in Pyodide, run.mjs awaits pyodide_main()
    asyncio.run(pyodide_main())
