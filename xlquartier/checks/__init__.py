"""Checks: entries, duplicate structures, overload and reliability, privacy.

Each check module exposes functions ``(book, ctx) -> Iterable[Finding]`` and lists them in
its ``CHECKS`` tuple; ``check()`` runs them all on the reader's tables, so the same checks
run on a file and on a live Excel book.
"""

from __future__ import annotations

import datetime as dt
import importlib

from ..workbook.tables import Book, today_or
from .finding import Finding

# Modules that hold checks, in the order their findings are reported.
CHECK_MODULES = ("entries", "duplicates", "reliability", "privacy")


def check(book: Book, today: dt.date | None = None) -> list[Finding]:
    """Every finding for ``book``; ``today`` makes the date rules reproducible."""
    today = today_or(today)
    findings: list[Finding] = []
    for name in CHECK_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue  # that family of checks has not landed yet
        for fn in module.CHECKS:
            findings.extend(fn(book, today))
    return sorted(findings, key=lambda f: f.sort_key)


__all__ = ["Finding", "check"]
