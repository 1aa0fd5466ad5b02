"""xlquartier's server under load: start-up, table functions, 50 concurrent duplicate searches.

Starts the real server (``xlquartier excel server``: uvicorn over TLS on a free loopback
port, two compute processes) and measures, with the load average before and after (the
machine is shared; figures are only comparable at a low load):

1. ready: seconds from starting the process until the manifest answers, and until the
   first function call is answered (the compute processes have started);
2. xlwings' conversion of the 22,591 cells =XQ.PARTNERLAST passes on the demo workbook
   (its pre-sized tables), with and without the start-up patch (``patches.py``), in a
   separate interpreter: the per-cell failed import the patch removes, as a ratio;
3. table functions on the demo workbook, 20 calls each, requests built by the add-in's
   own client (``base()`` run under node): the median of the server's own time (its
   ``Server-Timing`` header) with the same tables each time (a column of formulas) and with
   one cell changed each time (nothing cached); baseline in the same run: =XQ.DUBLETTEN
   over two names, the smallest call through the same path;
4. 50 concurrent =XQ.DUBLETTEN over 1,000 names each (50 different name lists): the wall
   time, against one such call alone in the same run (median of five), and the CPU time the
   server's processes spent on them (on a busy machine the wall time mostly shows the wait for
   a core; the CPU time says what an idle two-core machine needs).

Usage: ``python benchmarks/bench_server.py [--workers N] [--processes N]`` (default: one
uvicorn worker with two compute processes). Only 127.0.0.1 is contacted; the server is
always stopped.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
from bench_duplicates import partner_names  # noqa: E402
from server_helpers import function_requests, start_server, table_args  # noqa: E402

TOKEN = "benchmark-token-0123456789"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
TABLES = ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen")
CONVERSION = r"""
import json, sys, time
from xlwings import conversion
tables = json.load(sys.stdin)
if sys.argv[1] == "patched":
    from xlquartier.excel.server import patches
    patches.apply()
best = min(
    (lambda t0: (
        [conversion.read(None, table, {"ndim": 2}, engine_name="officejs") for table in tables],
        time.perf_counter() - t0)[1])(time.perf_counter())
    for _ in range(3))
print(best)
"""


def conversion_seconds(tables: list, mode: str) -> float:
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "XLWINGS_ON_SERVER": "true"}
    done = subprocess.run([sys.executable, "-c", CONVERSION, mode], input=json.dumps(tables), env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def group_cpu(pgid: int) -> dict[int, float]:
    """CPU seconds (user + system) of every process in the server's process group, by pid."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ..., utime (12), stime (13)
            found[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def cpu_used(before: dict[int, float], after: dict[int, float], parent: int) -> tuple[float, float]:
    """CPU seconds between two ``group_cpu`` readings: the event-loop process's, the compute processes'."""
    spent = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
    return spent.get(parent, 0.0), sum(v for pid, v in spent.items() if pid != parent)


def server_ms(answer: httpx.Response) -> float:
    return float(answer.headers["server-timing"].split("dur=")[1])


def median_server_ms(client: httpx.Client, request: dict, count: int = 20, vary=None) -> float:
    times = []
    for i in range(count):
        body = request["body"] if vary is None else vary(copy.deepcopy(request["body"]), i)
        answer = client.post(request["url"], json=body, headers=request["headers"])
        assert answer.status_code == 200 and not str(answer.json()["result"]).startswith("[['Bitte"), answer.text
        times.append(server_ms(answer))
    return statistics.median(times)


def changed_cell(body: dict, i: int) -> dict:
    """The same call with one empty cell of the last table filled: the tables are new to the server."""
    body["args"][-1][-1][-1][-1] = f"note {i} {time.time()}"
    return body


def duplicates_body(names: list[str]) -> dict:
    return {"client": "Office.js", "version": "0.37.8", "runtime": "1.4", "func_name": "dubletten",
            "caller_address": "[N.xlsx]T!B2", "args": [[[n] for n in names], 1, None]}


async def concurrent_duplicates(server, bodies: list[bytes]) -> tuple[float, list[float]]:
    """All ``bodies`` at once (connections opened beforehand, bodies encoded beforehand)."""
    calls = len(bodies)
    limits = httpx.Limits(max_connections=calls, max_keepalive_connections=calls)
    headers = {**HEADERS, "Content-Type": "application/json"}
    async with httpx.AsyncClient(verify=str(server.cert), timeout=120, limits=limits) as client:
        await asyncio.gather(*(client.get(server.url + "/") for _ in range(calls)))  # connections open (TLS)
        started = time.perf_counter()
        answers = await asyncio.gather(*(client.post(server.url + "/xlwings/custom-functions-call", content=body,
                                                     headers=headers) for body in bodies))
        wall = time.perf_counter() - started
    assert all(a.status_code == 200 and a.json()["result"][0] for a in answers)
    return wall, [server_ms(a) for a in answers]


def main() -> None:
    import argparse

    from xlquartier.demo import write_demo_book

    parser = argparse.ArgumentParser(description="xlquartier's server under load")
    parser.add_argument("--workers", default="1", help="uvicorn worker processes")
    parser.add_argument("--processes", default="2", help="compute processes per worker")
    options = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        demo = write_demo_book(Path(tmp) / "demo")
        tables = {name: table_args(demo, name) for name in (*TABLES, "Jahresthemen")}
        plain = conversion_seconds([tables[n] for n in TABLES], "plain")
        patched = conversion_seconds([tables[n] for n in TABLES], "patched")
        cells = sum(len(tables[n]) * len(tables[n][0]) for n in TABLES)

        server = start_server(Path(tmp) / "server", "--workers", options.workers,
                              env={"XLQUARTIER_SERVER_TOKEN": TOKEN, "XLQUARTIER_SERVER_PROCESSES": options.processes})
        try:
            today = float((dt.datetime.combine(dt.date.today(), dt.time()) - dt.datetime(1899, 12, 30)).days)
            load = [tables[n] for n in TABLES]
            calls = [
                {"name": "dubletten", "args": [[["Kita Sonne"], ["Kita Sonne eV"]], 1, None], "address": "T!A1"},
                {"name": "partnerlast", "args": ["SV Blau-Weiß", today, load], "address": "T!B1"},
                {"name": "offene_aufgaben", "args": ["QM", today, load], "address": "T!C1"},
                {"name": "partner_finden", "args": ["Kita Sonnenschien", tables["Partner"], None], "address": "T!D1"},
                {"name": "jahresthemen", "args": [2026, [tables["Jahresthemen"]]], "address": "T!E1"},
            ]
            requests = function_requests(server, TOKEN, calls)
            with server.client() as client:
                while True:  # the first answer comes once a compute process runs
                    if client.post(requests[0]["url"], json=requests[0]["body"],
                                   headers=requests[0]["headers"]).status_code == 200:
                        break
                first_call = time.monotonic() - server.started
                baseline = median_server_ms(client, requests[0])
                figures = {}
                for call, request in zip(calls[1:], requests[1:], strict=True):
                    vary = changed_cell if call["name"] != "partner_finden" else None
                    figures[call["name"]] = (median_server_ms(client, request),
                                             median_server_ms(client, request, vary=vary) if vary else None)
            # 50 offices, each with its own 1,000 names (nothing the server could reuse between calls)
            bodies = [json.dumps(duplicates_body(partner_names(1000, 60, seed=seed))).encode() for seed in range(50)]
            with server.client() as client:
                single = statistics.median(server_ms(client.post(
                    "/xlwings/custom-functions-call", content=body, headers={
                        **HEADERS, "Content-Type": "application/json"})) for body in bodies[:5])
            rounds = []
            for _ in range(3):
                before, client_before = group_cpu(server.process.pid), time.process_time()
                wall, each = asyncio.run(concurrent_duplicates(server, bodies))
                rounds.append((wall, each, *cpu_used(before, group_cpu(server.process.pid), server.process.pid),
                               time.process_time() - client_before))
        finally:
            how = server.stop()
    load_after = os.getloadavg()

    print(f"load average before: {load_before[0]:.2f} / after: {load_after[0]:.2f} ({os.cpu_count()} cores, shared "
          f"machine); {options.workers} uvicorn worker(s) with {options.processes} compute process(es) each")
    print(f"ready: manifest after {server.ready_after:.2f} s, first function answered after {first_call:.2f} s")
    print(f"xlwings conversion of {cells:,} cells: {plain * 1000:.0f} ms unpatched, {patched * 1000:.1f} ms "
          f"patched = {plain / patched:.0f}x faster")
    print(f"baseline =DUBLETTEN over 2 names: {baseline:.1f} ms server-side (median of 20)")
    for name, (warm, cold) in figures.items():
        cold_text = f", {cold:.1f} ms with a changed cell = {cold / baseline:.1f}x" if cold else ""
        print(f"={name.upper()}: {warm:.1f} ms server-side (median of 20) = {warm / baseline:.1f}x the baseline"
              + cold_text)
    print(f"=DUBLETTEN over 1,000 names alone: {single:.0f} ms server-side (median of 5)")
    for i, (wall, each, loop, compute, client) in enumerate(rounds, 1):
        split = (f"{loop:.2f} s event loop + {compute:.2f} s compute processes" if options.workers == "1" else
                 f"{loop + compute:.2f} s in all its processes")
        print(f"50 concurrent =DUBLETTEN over 1,000 names, round {i}: {wall:.2f} s wall = {wall * 1000 / single:.1f}x "
              f"one call alone (server-side median {statistics.median(each):.0f} ms, max {max(each):.0f} ms); "
              f"CPU: server {split}, this client {client:.2f} s")
    print(f"server stopped: {how}")


if __name__ == "__main__":
    main()
