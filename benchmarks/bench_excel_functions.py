"""A column of worksheet functions: =PARTNERLAST for every partner of the demo neighbourhood.

Excel recalculates such a column formula by formula, each call passing the same five tables.
Baseline in the same run: reading the whole demo workbook once with ``read_book``.
Expected: one =PARTNERLAST costs at most a few reads' worth, and the whole column (with
the tables parsed once and reused) well under a second.
Usage: ``python benchmarks/bench_excel_functions.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from xlquartier.demo import write_demo_book
from xlquartier.demo_data import DEMO_TODAY
from xlquartier.excel import functions, ranges
from xlquartier.workbook.read import read_book

sys.path.insert(0, str(Path(__file__).parent))
from bench_read import best_of  # noqa: E402

SHEETS = ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen")


def main() -> None:
    from python_calamine import CalamineWorkbook

    with tempfile.TemporaryDirectory() as tmp:
        path = write_demo_book(tmp)
        workbook = CalamineWorkbook.from_path(str(path))
        tables = [workbook.get_sheet_by_name(name).to_python() for name in SHEETS]
        partners = [row[0] for row in tables[0][1:] if row[0]]
        read = best_of(lambda: read_book(path))

        def one_uncached() -> None:
            ranges._RECENT.clear()
            functions.partnerlast(partners[0], DEMO_TODAY, *tables)

        def column() -> None:
            ranges._RECENT.clear()
            for partner in partners:
                functions.partnerlast(partner, DEMO_TODAY, *tables)

        one = best_of(one_uncached)
        whole = best_of(column)
    print(f"read_book of the demo workbook:        {read * 1000:7.1f} ms CPU (baseline)")
    print(f"one =PARTNERLAST (tables parsed anew): {one * 1000:7.1f} ms CPU = {one / read:.2f}x the read")
    print(f"=PARTNERLAST for all {len(partners)} partners:     {whole * 1000:7.1f} ms CPU = "
          f"{whole / read:.2f}x the read, {whole / len(partners) * 1000:.1f} ms a formula")


if __name__ == "__main__":
    main()
