"""Hostile files for the hardening tests, made by the tests themselves, and a way to run a command
in a child process whose peak memory and time are measured (and capped, so a regression cannot take
the shared machine down)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

MEMORY_CAP = 3 * 2**30  # address space of the child; a bomb that gets through fails under it, not the machine

_CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
sys.argv = ["xlquartier", *json.loads(sys.argv[1])]
code = 0
try:
    from xlquartier.cli import main
    main()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
except BaseException as exc:
    print(f"UNCAUGHT {{type(exc).__name__}}: {{exc}}", file=sys.stderr)
    code = 99
# VmHWM is this program's own peak; ru_maxrss would also count the parent's memory at fork time
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
sys.stderr.write("\nRESULT " + json.dumps({{"code": code, "kib": peak}}))
sys.stderr.flush()
import os
os._exit(0)
"""


def run_measured(*args: str, timeout: float = 60) -> tuple[int, float, float, str]:
    """Run ``xlquartier ARGS`` in a child: (exit code, peak MB, seconds, stdout + stderr).

    A child killed by a signal (calamine's abort) reports ``-signal`` and no peak."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _CHILD.format(cap=MEMORY_CAP), json.dumps(list(args))],
                          capture_output=True, text=True, timeout=timeout)
    seconds = time.monotonic() - start
    found = re.search(r"RESULT (\{.*\})\s*$", done.stderr)
    if not found:
        return done.returncode, float("nan"), seconds, done.stdout + done.stderr
    result = json.loads(found[1])
    output = done.stdout + done.stderr[: found.start()]
    return result["code"], result["kib"] / 1024, seconds, output


def rewrite(src: Path, dst: Path, edit) -> Path:
    """Copy a package, passing every part through ``edit(name, data) -> data`` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return dst


def sheet_part(book: Path, name: str) -> str:
    """The worksheet part of sheet ``name`` (standard workbooks built by xlquartier)."""
    with zipfile.ZipFile(book) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="([^"]+)"', workbook)[1]
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    target = target[1] or target[2]
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def add_cell(xml: bytes, ref: str, text: str = "x") -> bytes:
    """A sheet with one more inline-string cell at ``ref`` in a row of its own, at the end."""
    row = re.match(r"[A-Z]+(\d+)", ref)[1]
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()
    return xml.replace(b"</sheetData>", cell + b"</sheetData>")
