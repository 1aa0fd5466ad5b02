"""Upgrading a large version-1 workbook, against reading the same workbook, in the same run.

The version-1 book is the large benchmark book built under the first schema (the sheets,
columns, lists and settings schema version 2 added are left out), so ``upgrade`` has to add
two sheets, two columns to the 50,000-row task table and the meetings, three lists and the
planning settings. Expected: an upgrade costs two to three ``read_book`` of the file (it reads
the book once, builds a small fresh one, splices a handful of parts and writes the package).
Usage: ``python benchmarks/bench_upgrade.py [PARTNERS]`` (default 5,000 partners).
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
from pathlib import Path
from unittest import mock

from xlquartier import schema
from xlquartier.workbook.read import read_book
from xlquartier.workbook.upgrade import upgrade_book

sys.path.insert(0, str(Path(__file__).parent))
from bench_read import best_of  # noqa: E402
from generate import write_large_book  # noqa: E402


def version_one() -> dict:
    """The schema dictionaries as version 1 had them (what version 2 added taken out)."""
    new_columns = {"meetings": {"invited_on"}, "tasks": {"event"}}
    sheets = {key: dataclasses.replace(spec, columns=tuple(c for c in spec.columns
                                                           if c.key not in new_columns.get(key, ())))
              for key, spec in schema.DATA_SHEETS.items() if spec.since == "1"}
    lists = {k: v for k, v in schema.LISTS.items() if k not in ("target_group", "offer_kind", "event_status")}
    first_new = list(schema.SETTINGS).index("plan_member_share")
    settings = dict(list(schema.SETTINGS.items())[:first_new])
    return {"DATA_SHEETS": sheets, "LISTS": lists, "SETTINGS": settings}


def write_v1_book(path: Path, partners: int) -> Path:
    old = version_one()
    with mock.patch.dict(schema.DATA_SHEETS, old["DATA_SHEETS"], clear=True), \
            mock.patch.dict(schema.LISTS, old["LISTS"], clear=True), \
            mock.patch.dict(schema.SETTINGS, old["SETTINGS"], clear=True), \
            mock.patch("xlquartier.workbook.build.SCHEMA_VERSION", "1"):
        return write_large_book(path, partners)


def main() -> None:
    partners = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    out = Path(__file__).parent / "out"
    source = write_v1_book(out / f"large-v1-{partners}.xlsx", partners)
    target = out / f"large-v1-{partners}-upgraded.xlsx"
    book = read_book(source)
    assert book.schema_version == "1" and "events" not in book.tables
    rows = {k: len(t.rows) for k, t in book.tables.items()}

    def upgrade() -> None:
        shutil.copyfile(source, target)
        upgrade_book(target)

    ours = best_of(upgrade)
    baseline = best_of(lambda: read_book(source))
    after = read_book(target)
    assert after.schema_version == "2" and not after.missing_sheets
    print(f"workbook: {source.name}, rows: {rows}")
    print(f"upgrade_book (version 1 -> 2):  {ours:.2f} s CPU")
    print(f"read_book of the same file:     {baseline:.2f} s CPU")
    print(f"ratio: upgrade = {ours / baseline:.2f} x read_book")


if __name__ == "__main__":
    main()
