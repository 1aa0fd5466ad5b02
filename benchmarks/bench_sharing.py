"""Sharing on a large workbook: one partner view out, its answer back in, against reading the master.

Both steps must read the master, so ``read_book`` of the same file in the same run is the
baseline; what sharing adds on top should stay a small multiple of it, whatever the size
of the network (a view holds one partner's part, not the whole book). The shared
benchmark workbook is copied first: export records its base beside the master and import
writes into it. Usage: ``python benchmarks/bench_sharing.py [PARTNERS ...]`` (default 1,000
2,000 5,000).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook

from xlquartier.sharing.export import export_partner
from xlquartier.sharing.importer import import_partner
from xlquartier.sharing.store import store_dir
from xlquartier.workbook.read import read_book

sys.path.insert(0, str(Path(__file__).parent))
from bench_read import best_of  # noqa: E402
from generate import write_large_book  # noqa: E402


def answer(view: Path, record: Path, out: Path) -> Path:
    """The partner's answer: every task it may change gets a completion note."""
    editable = json.loads(record.read_text())["editable"].get("tasks", {})
    book = read_book(view)
    table = book.table("tasks")
    wb = load_workbook(view)
    ws = wb[table.name]
    for row in table.rows:
        if row.id in editable:
            ws[table.cell(row.number, "note")] = "Erledigt laut Partner"
    wb.save(out)
    return out


def run(partners: int, folder: Path) -> None:
    source = write_large_book(Path(__file__).parent / "out" / f"large-{partners}.xlsx", partners)
    master = folder / f"master-{partners}.xlsx"
    shutil.copyfile(source, master)
    book = read_book(master)
    staff = Counter(p["partner"] for p in book.rows("people"))
    partner = max((p for p in book.rows("partners") if p["status"] == "aktiv"), key=lambda p: staff[p.id])
    view = folder / f"view-{partners}.xlsx"
    read = best_of(lambda: read_book(master))
    export = best_of(lambda: export_partner(master, partner.id, view))
    record = max(store_dir(master).glob("*.json"), key=lambda p: p.stat().st_mtime)
    returned = answer(view, record, folder / f"answer-{partners}.xlsx")
    dry = best_of(lambda: import_partner(master, returned, dry_run=True))
    start = time.process_time()
    report = import_partner(master, returned)
    real = time.process_time() - start
    rows = sum(len(v) for v in json.loads(record.read_text())["rows"].values())
    print(f"{partners:>6} partners | view of {partner.id}: {rows} rows, {len(report.applied)} cells applied | "
          f"read {read:.2f}s | export {export:.2f}s = {export / read:.1f}x read | "
          f"import (dry) {dry:.2f}s = {dry / read:.1f}x | import (write) {real:.2f}s = {real / read:.1f}x")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 2000, 5000]
    with tempfile.TemporaryDirectory() as tmp:
        for partners in sizes:
            run(partners, Path(tmp))


if __name__ == "__main__":
    main()
