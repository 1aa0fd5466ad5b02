"""Checks: entries, duplicate structures, planning, events and offers, overload and reliability, privacy,
contacts and residents.

Each check module lists its checks in a ``CHECKS`` tuple of functions
``(book, today) -> Iterable[Finding]``; ``check()`` runs them all on the reader's tables,
so the same checks run on a file and on a live Excel book.
"""

from __future__ import annotations

import datetime as dt

from ..workbook.tables import Book, today_or
from . import duplicates, entries, events, planning, privacy, relations, reliability
from .finding import Finding

# In the order their findings are reported for the same cell.
CHECK_MODULES = (entries, duplicates, planning, events, reliability, privacy, relations)


def check(book: Book, today: dt.date | None = None) -> list[Finding]:
    """Every finding for ``book``; ``today`` makes the date rules reproducible."""
    today = today_or(today)
    findings: list[Finding] = []
    for module in CHECK_MODULES:
        for fn in module.CHECKS:
            findings.extend(fn(book, today))
    return sorted(findings, key=lambda f: f.sort_key)


__all__ = ["Finding", "check"]
