"""The workbook as DataFrames: ``frames`` against ``read_book`` on the same large workbook, same run.

``frames`` reads the workbook with ``read_book`` and then types every column and resolves
every reference into extra columns, so the question is what that costs on top of reading.
Expected (issue 17): ``frames`` within 1.5x of ``read_book``. pandas is imported before
timing: its import is paid once per process, not per workbook.
Usage: ``python benchmarks/bench_frames.py [PARTNERS]`` (default 5,000 partners, 10,000
people, 50,000 tasks).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas  # noqa: F401  (imported once, outside the timing)

from xlquartier.dataframes import frames
from xlquartier.workbook.read import read_book

sys.path.insert(0, str(Path(__file__).parent))
from bench_read import best_of  # noqa: E402
from generate import write_large_book  # noqa: E402


def main() -> None:
    partners = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    path = write_large_book(Path(__file__).parent / "out" / f"large-{partners}.xlsx", partners)
    sizes = {name: len(frame) for name, frame in frames(path).items()}
    read = best_of(lambda: read_book(path), repeat=5)
    framed = best_of(lambda: frames(path), repeat=5)
    print(f"workbook: {path.name}, rows: {sizes}")
    print(f"read_book (typed tables, baseline):      {read:.2f} s CPU")
    print(f"frames (DataFrames, references resolved): {framed:.2f} s CPU")
    print(f"ratio: {framed / read:.2f}x read_book (expected <= 1.5x)")


if __name__ == "__main__":
    main()
