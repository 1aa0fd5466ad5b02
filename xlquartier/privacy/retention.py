"""How long copies of personal data are kept beside the workbook: backups and export records.

Both hold the names, emails and phone numbers of the workbook at the time they were made, so
they may not be kept for ever. The setting ``retention_days`` (Einstellungen) bounds them:
the next write of the workbook deletes export records older than that and reports them (the
backup rotation of ``workbook.write`` does the same for backups), and the check
``retention-exceeded`` warns while older ones exist.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..sharing.store import records
from ..workbook.write import BACKUP_DIR

_STAMP = re.compile(r"_(\d{4}-\d{2}-\d{2})_(\d{6})(?:_\d+)?$")


def backups(book_path: Path) -> list[Path]:
    """The backups of exactly this workbook (``Sicherungen/<stem>_2026-03-01_101500[_2].xlsx``), oldest first."""
    found = []
    for folder in {book_path.parent / name for name in BACKUP_DIR.values()}:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            stem = path.stem
            if (path.suffix.lower() == book_path.suffix.lower() and stem.startswith(book_path.stem)
                    and _STAMP.fullmatch(stem[len(book_path.stem):])):
                found.append(path)
    return sorted(found, key=lambda p: (_made(p), p.name))


def _made(path: Path) -> dt.datetime:
    """When a backup or record was made: the stamp in a backup's name, else the time it was last written."""
    m = _STAMP.search(path.stem)
    if m:
        try:
            return dt.datetime.strptime(m[1] + m[2], "%Y-%m-%d%H%M%S")
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def older_than(paths: list[Path], days: int, today: dt.date | None = None) -> list[Path]:
    """The files made more than ``days`` days before ``today``."""
    limit = dt.datetime.combine(today or dt.date.today(), dt.time()) - dt.timedelta(days=days)
    return [p for p in paths if _made(p) < limit]


def expire_records(book_path: Path, days: int, today: dt.date | None = None) -> list[Path]:
    """Delete the export records not written for more than ``days`` days (an import rewrites its record);
    returns them. An answer to such an export can no longer be imported: the partner gets a new view."""
    gone = older_than(records(book_path), days, today)
    for path in gone:
        path.unlink(missing_ok=True)
    return gone
