"""The report's outputs: checked file names and what was written (files go through ``files.write_atomically``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError


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
