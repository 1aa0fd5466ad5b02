"""The annual report's indicators on a city-sized workbook, against reading that workbook, in one run.

Every indicator is one pass over the tables with dictionary look-ups, so computing all of them
should cost no more than reading the file (expected ratio <= 1.5). Usage:
``python benchmarks/bench_report.py [PARTNERS]`` (default 5,000 partners, 50,000 tasks).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from xlquartier.report.indicators import indicators
from xlquartier.workbook.read import read_book

sys.path.insert(0, str(Path(__file__).parent))
from bench_read import best_of  # noqa: E402
from generate import write_large_book  # noqa: E402


def main() -> None:
    partners = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    path = write_large_book(Path(__file__).parent / "out" / f"large-{partners}.xlsx", partners)
    today = dt.date(2026, 11, 20)
    read = best_of(lambda: read_book(path))
    # a fresh Book each run, so the reference indexes are built inside the measured time
    books = [read_book(path) for _ in range(3)]
    compute = best_of(lambda: indicators(books.pop(), today.year, today))
    print(f"workbook: {path.name}")
    print(f"read_book:            {read:.2f} s CPU")
    print(f"indicators (all):     {compute:.2f} s CPU")
    print(f"ratio: {compute / read:.2f}x the reading time (expected <= 1.5)")


if __name__ == "__main__":
    main()
