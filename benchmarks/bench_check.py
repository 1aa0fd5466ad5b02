"""Checking a large workbook: a whole ``check`` against merely reading it with openpyxl.

Expected (issue 3): reading plus every check of the 5,000-partner / 50,000-task book takes no
longer than iterating its cells with openpyxl read-only, in the same run; and check time
grows about linearly from 500 to 5,000 partners. Also shown: the entry checks alone and
``check --write`` (surgical write-back) on a copy of the book, fresh and once written.
Usage: ``python benchmarks/bench_check.py [PARTNERS ...]`` (default 500 1000 2000 5000).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from xlquartier.checks import check
from xlquartier.checks.entries import CHECKS as ENTRY_CHECKS
from xlquartier.checks.run import write_findings
from xlquartier.workbook.read import read_book

sys.path.insert(0, str(Path(__file__).parent))
from bench_read import best_of, openpyxl_read_only  # noqa: E402
from generate import write_large_book  # noqa: E402

TODAY = dt.date(2026, 11, 1)
OUT = Path(__file__).parent / "out"


def whole_check(path: Path) -> list:
    return check(read_book(path), TODAY)


def entry_checks(path: Path) -> int:
    book = read_book(path)
    return sum(1 for fn in ENTRY_CHECKS for _ in fn(book, TODAY))


def check_and_write(path: Path, again: bool = False) -> None:
    """``check --write`` on a copy; ``again``: on a copy already written once (the old marks go first)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path if not again else WRITTEN, copy)
        book = read_book(copy)
        write_findings(copy, book, check(book, TODAY))


WRITTEN = OUT / "large-written.xlsx"


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [500, 1000, 2000, 5000]
    paths = {n: write_large_book(OUT / f"large-{n}.xlsx", n) for n in sizes}
    print("partners  rows     whole check (s CPU)  per 1,000 partners")
    times = {}
    for n, path in paths.items():
        times[n] = best_of(lambda p=path: whole_check(p), repeat=2)
        rows = sum(len(t.rows) for t in read_book(path).tables.values())
        print(f"{n:8d}  {rows:7d}  {times[n]:19.2f}  {times[n] / n * 1000:18.2f}")
    smallest, largest = min(sizes), max(sizes)
    if smallest != largest:
        growth = (times[largest] / times[smallest]) / (largest / smallest)
        print(f"growth from {smallest} to {largest} partners: {growth:.2f}x of linear (1.0 = linear)")
    path = paths[largest]
    findings = whole_check(path)
    entries = best_of(lambda: entry_checks(path), repeat=2)
    written = best_of(lambda: check_and_write(path), repeat=1)
    shutil.copyfile(path, WRITTEN)
    book = read_book(WRITTEN)
    write_findings(WRITTEN, book, check(book, TODAY))
    rewritten = best_of(lambda: check_and_write(path, again=True), repeat=1)
    baseline = best_of(lambda: openpyxl_read_only(path), repeat=1)
    print(f"\n{path.name}: {len(findings)} findings")
    print(f"read + every check:               {times[largest]:.2f} s CPU")
    print(f"read + entry checks only:         {entries:.2f} s CPU")
    print(f"read + every check + --write:     {written:.2f} s CPU")
    print(f"the same, on a book written once: {rewritten:.2f} s CPU")
    print(f"openpyxl read-only, cells only:   {baseline:.2f} s CPU")
    print(f"ratio: whole check takes {times[largest] / baseline:.2f}x the openpyxl read (expected <= 1.0)")


if __name__ == "__main__":
    main()
