"""Writing the report's files: atomically, and never over a file Word or Excel holds open."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileLockedError, UserError
from ..workbook.write import check_not_locked


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file beside it, so a crash leaves no half file."""
    path = Path(path)
    check_not_locked(path)  # Word's lock file is named like Excel's: ~$name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise UserError(f"In {path.parent} kann nicht geschrieben werden.",
                        f"Cannot write into {path.parent}.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise FileLockedError(
            f"{path.name} kann nicht überschrieben werden (geöffnet oder schreibgeschützt).",
            f"{path.name} cannot be overwritten (open or read-only).") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


@dataclass(frozen=True)
class Written:
    """What a command wrote: the files, the language used, and how many items they hold."""

    paths: tuple[Path, ...]
    lang: str
    count: int = 0


def today_and_year(today: dt.date | None, year: int | None) -> tuple[dt.date, int]:
    """Today defaults to the calendar date, the year to today's; a nonsense year is refused."""
    today = today or dt.date.today()
    year = year or today.year
    if not 1990 <= year <= 2200:
        raise UserError(f"{year} ist kein sinnvolles Jahr.", f"{year} is not a sensible year.")
    return today, year


def check_suffix(path: Path, suffix: str) -> Path:
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise UserError(f"Bitte einen Dateinamen mit {suffix} angeben, nicht {path.name}.",
                        f"Please give a file name ending in {suffix}, not {path.name}.")
    return path
