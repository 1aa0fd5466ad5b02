"""How ``xlquartier check`` shows its findings: a readable table per sheet, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..texts import plural, t
from .finding import Finding
from .run import SEVERITY_LABELS, CheckResult, in_book_order

_COLOURS = {"error": "red", "warning": "yellow", "hint": "cyan"}


def findings_json(findings: Sequence[Finding]) -> str:
    """The JSON array of ``check --format json`` (overview.md)."""
    return json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2)


def summary(result: CheckResult, lang: str) -> str:
    errors, warnings, hints = (result.count(s) for s in ("error", "warning", "hint"))
    return t(lang, f"{errors} Fehler, {warnings} Warnungen, {hints} Hinweise",
             f"{errors} errors, {warnings} warnings, {hints} hints")


def print_findings(result: CheckResult, lang: str, console: Console) -> None:
    """One table per sheet (in workbook order), then a summary line."""
    labels = SEVERITY_LABELS[lang]
    for sheet, group in groupby(in_book_order(result.book, result.findings), key=lambda f: f.sheet):
        table = Table(title=escape(sheet or t(lang, "Arbeitsmappe", "Workbook")), title_justify="left",
                      show_lines=False, expand=True)
        table.add_column(t(lang, "Zelle", "Cell"), no_wrap=True)
        table.add_column(t(lang, "Schwere", "Severity"), no_wrap=True)
        table.add_column("Code", no_wrap=True)
        table.add_column(t(lang, "Meldung", "Message"), ratio=1)
        for f in group:
            colour = _COLOURS[f.severity]
            table.add_row(escape(f.cell or f.column or ""), f"[{colour}]{labels[f.severity]}[/]", f.code,
                          escape(f.message))
        console.print(table)
    if not result.findings:
        console.print(t(lang, "Keine Befunde: alles in Ordnung.", "No findings: all fine."))
    console.print(summary(result, lang))


def print_written(result: CheckResult, lang: str, console: Console) -> None:
    for de, en in result.notices:
        console.print(escape(t(lang, de, en)), soft_wrap=True)
    if result.backup is None:
        console.print(t(lang, "Die Arbeitsmappe war schon auf dem Stand dieser Prüfung; nichts geändert.",
                        "The workbook already held these results; nothing changed."))
        return
    ids = sum(len(cells) for cells in result.assigned_ids.values())
    console.print(t(lang, f"Ergebnisse in die Arbeitsmappe geschrieben ({ids} IDs vergeben). "
                          f"Sicherung: {result.backup}",
                    f"Results written into the workbook ({ids} IDs assigned). Backup: {result.backup}"),
                  soft_wrap=True)
    print_expired(result.expired_backups, lang, console)


def print_expired(expired: Sequence[Path], lang: str, console: Console) -> None:
    """Tell which backups the retention setting deleted (they held personal data of their day)."""
    if expired:
        names = ", ".join(p.name for p in expired)
        console.print(t(lang, f"{plural(lang, len(expired), ('Sicherung', 'Sicherungen'), ('', ''))} älter als die "
                              f"eingestellte Aufbewahrungsfrist gelöscht: {names}",
                        f"{plural(lang, len(expired), ('', ''), ('backup', 'backups'))} older than the retention "
                        f"setting deleted: {names}"), soft_wrap=True)
