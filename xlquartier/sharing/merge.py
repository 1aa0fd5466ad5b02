"""The three-way merge of one row: what was exported, what the office has, what came back.

Values are plain (``manifest.plain``): None for empty, dates as ISO text, lists as lists,
so equal cells compare equal whichever program saved them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Decision:
    column: str
    base: Any  # as exported
    ours: Any  # in the master now
    theirs: Any  # in the returned file

    @property
    def conflict(self) -> bool:
        return self.ours != self.base


def merge_row(base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any],
              columns: Iterable[str]) -> list[Decision]:
    """The columns the partner changed: each either to apply (the office left it alone) or
    a conflict (the office changed it too, to something else). Untouched columns, and
    columns both sides changed to the same value, need nothing and are left out."""
    found = []
    for column in columns:
        b, o, t = base.get(column), ours.get(column), theirs.get(column)
        if t != b and t != o:
            found.append(Decision(column, b, o, t))
    return found
