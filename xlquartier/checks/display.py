"""How ``xlquartier check`` shows its findings: a readable table per severity, or JSON.

Both list the findings in the same order as the ``Prüfung`` sheet: errors, then warnings,
then hints; within each by sheet (in workbook order) and row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..texts import plural, t
from ..workbook.tables import Book
from .catalogue import code_label
from .finding import Finding
from .run import CheckResult, in_book_order

_COLOURS = {"error": "red", "warning": "yellow", "hint": "cyan"}
_TITLES = {"error": (("Fehler", "Fehler"), ("error", "errors")),
           "warning": (("Warnung", "Warnungen"), ("warning", "warnings")),
           "hint": (("Hinweis", "Hinweise"), ("hint", "hints"))}


def findings_json(book: Book, findings: Sequence[Finding]) -> str:
    """The JSON array of ``check --format json`` (docs/cli.md), in the order of the Prüfung sheet."""
    return json.dumps([f.as_json() for f in in_book_order(book, findings)], ensure_ascii=False, indent=2)


def counted(lang: str, severity: str, count: int) -> str:
    """``1 Warnung`` / ``3 Warnungen``."""
    de, en = _TITLES[severity]
    return plural(lang, count, de, en)


def summary(result: CheckResult, lang: str) -> str:
    return ", ".join(counted(lang, s, result.count(s)) for s in ("error", "warning", "hint"))


def print_findings(result: CheckResult, lang: str, console: Console) -> None:
    """One table per severity (errors first), each in sheet and row order, then a summary line."""
    for severity, group in groupby(in_book_order(result.book, result.findings), key=lambda f: f.severity):
        found = list(group)
        colour = _COLOURS[severity]
        table = Table(title=f"[bold {colour}]{escape(counted(lang, severity, len(found)))}[/]",
                      title_justify="left", show_lines=False, expand=True)
        table.add_column(t(lang, "Blatt", "Sheet"), no_wrap=True)
        table.add_column(t(lang, "Zelle", "Cell"), no_wrap=True)
        table.add_column(t(lang, "Befund", "Finding"))
        table.add_column(t(lang, "Meldung", "Message"), ratio=1)
        table.add_column("Code", no_wrap=True, style="dim")
        for f in found:
            table.add_row(escape(f.sheet or t(lang, "Arbeitsmappe", "Workbook")), escape(f.cell or f.column or ""),
                          f"[{colour}]{escape(code_label(f.code, lang))}[/]", escape(f.message), f.code)
        console.print(table)
    if not result.findings:
        console.print(t(lang, "Keine Befunde: alles in Ordnung.", "No findings: all fine."))
    console.print(summary(result, lang), highlight=False)


def print_written(result: CheckResult, lang: str, console: Console) -> None:
    if result.expired:
        names = ", ".join(p.name for p in result.expired)
        console.print(t(lang, f"Aufbewahrungsfrist abgelaufen, Exportprotokolle gelöscht: {names}",
                        f"Retention period over, export records deleted: {names}"), markup=False, highlight=False)
    for de, en in result.notices:
        console.print(escape(t(lang, de, en)), soft_wrap=True)
    if result.backup is None:
        console.print(t(lang, "Die Arbeitsmappe war schon auf dem Stand dieser Prüfung; nichts geändert.",
                        "The workbook already held these results; nothing changed."))
        return
    ids = plural(lang, sum(len(cells) for cells in result.assigned_ids.values()),
                 ("ID vergeben", "IDs vergeben"), ("ID assigned", "IDs assigned"))
    console.print(t(lang, f"Ergebnisse in die Arbeitsmappe geschrieben ({ids}). Sicherung: {result.backup}",
                    f"Results written into the workbook ({ids}). Backup: {result.backup}"),
                  soft_wrap=True, highlight=False)
    print_expired(result.expired_backups, lang, console)


def print_expired(expired: Sequence[Path], lang: str, console: Console) -> None:
    """Tell which backups the retention setting deleted (they held personal data of their day)."""
    if expired:
        names = ", ".join(p.name for p in expired)
        console.print(t(lang, f"{plural(lang, len(expired), ('Sicherung', 'Sicherungen'), ('', ''))} älter als die "
                              f"eingestellte Aufbewahrungsfrist gelöscht: {names}",
                        f"{plural(lang, len(expired), ('', ''), ('backup', 'backups'))} older than the retention "
                        f"setting deleted: {names}"), soft_wrap=True, highlight=False)
