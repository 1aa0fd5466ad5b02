"""``xlquartier check``: read a workbook, check it, and optionally write the results back.

The CLI and the Excel layer both call ``run_check``; writing back goes through the
surgical writer, so the only things that change in the user's file are the ``Prüfung``
sheet, the marks on the cells the findings point at, and IDs that were empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..privacy.retention import expire_records
from ..schema import OTHER_SHEETS, normalize_header, sheet_name
from ..texts import t
from ..workbook import ids
from ..workbook.build import CHECK_HEADERS
from ..workbook.read import read_book
from ..workbook.tables import Book
from ..workbook.write import Package, read_for_writing, sheet_link
from . import check
from .catalogue import code_label
from .finding import SEVERITY_ORDER, Finding

SEVERITY_LABELS = {"de": {"error": "Fehler", "warning": "Warnung", "hint": "Hinweis"},
                   "en": {"error": "error", "warning": "warning", "hint": "hint"}}
CHECK_WIDTHS = (24, 10, 16, 10, 28, 96)


@dataclass
class CheckResult:
    book: Book
    findings: list[Finding]
    assigned_ids: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> {cell: ID}
    backup: Path | None = None
    written: bool = False
    expired: list[Path] = field(default_factory=list)  # export records past the retention, deleted by this write
    expired_backups: list[Path] = field(default_factory=list)  # deleted for the retention setting
    notices: list[tuple[str, str]] = field(default_factory=list)  # (German, English), e.g. a sheet kept

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def exit_code(self, strict: bool = False) -> int:
        """1 when any error (with ``strict`` also any warning) was found, else 0."""
        bad = {"error", "warning"} if strict else {"error"}
        return 1 if any(f.severity in bad for f in self.findings) else 0


def run_check(path: str | Path, today: dt.date | None = None, write: bool = False,
              lang: str | None = None) -> CheckResult:
    """Check the workbook at ``path``; with ``write`` also fill ``Prüfung``, mark cells, assign IDs.

    ``lang`` overrides the workbook's language for the messages. Writing holds the tool's
    write lock from reading the book to replacing it, so a parallel ``share import`` waits
    instead of being overwritten; the findings are those of the book with its new IDs, so a
    second run finds the file exactly as it would write it.
    """
    path = Path(path)
    if not write:
        book = _language(read_book(path), lang)
        return CheckResult(book, check(book, today))
    with read_for_writing(path) as book:
        book = _language(book, lang)
        assigned, findings = check_with_ids(book, today)
        result = CheckResult(book, findings, assigned)
        _, pkg = write_findings(path, book, findings, assigned)
        result.expired = expire_records(path, book.whole("retention_days"), today)
    result.backup, result.written = pkg.backup_path, True
    result.expired_backups, result.notices = pkg.expired_backups, pkg.notices
    return result


def _language(book: Book, lang: str | None) -> Book:
    if lang in ("de", "en"):
        book.lang = lang
    return book


def check_with_ids(book: Book, today: dt.date | None = None) -> tuple[dict[str, dict[str, str]], list[Finding]]:
    """Assign the missing IDs in ``book`` (returned, to be written), then check it: the messages
    name the rows by the IDs they will have."""
    assigned = assign_ids(book)
    apply_ids(book, assigned)
    return assigned, check(book, today)


def assign_ids(book: Book) -> dict[str, dict[str, str]]:
    """The next free ID (``P013``) for every row without one, per sheet; never renumbers, and never
    hands out a number used before (``workbook.ids``: a deleted row's ID stays retired)."""
    assigned: dict[str, dict[str, str]] = {}
    for key, table in book.tables.items():
        if "id" not in table.columns:
            continue
        fresh = ids.next_ids(book, key)
        for row in table.rows:
            if row.id or "id" in row.issues:
                continue
            assigned.setdefault(table.name, {})[table.cell(row.number, "id")] = next(fresh)
    return assigned


def apply_ids(book: Book, assigned: dict[str, dict[str, str]]) -> None:
    """Give the rows of ``book`` the IDs ``assign_ids`` chose, as if they had been read so."""
    for table in book.tables.values():
        cells = assigned.get(table.name)
        if not cells:
            continue
        for row in table.rows:
            new = cells.get(table.cell(row.number, "id") or "")
            if new is not None:
                row.values["id"] = row.raw["id"] = new
    book._index.clear()  # references by ID resolve to the new IDs too


def _check_sheet_name(book: Book) -> str:
    """The workbook's own check sheet (in either language), else the one of its language."""
    names = {normalize_header(n): n for n in book.sheet_names}
    for candidate in OTHER_SHEETS["check"]:
        if normalize_header(candidate) in names:
            return names[normalize_header(candidate)]
    return sheet_name("check", book.lang)


def in_book_order(book: Book, findings: Sequence[Finding]) -> list[Finding]:
    """Findings as a manager works through them: errors first, then warnings, then hints;
    within each, in the workbook's sheet order, then by row and column."""
    order = {name: i for i, name in enumerate(book.sheet_names)}
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], order.get(f.sheet or "", -1), f.sort_key))


def check_rows(book: Book, findings: Sequence[Finding]) -> tuple[list[list], dict[str, str]]:
    """The rows of the check sheet and its links (``{"D2": "'Partner'!F12"}``)."""
    lang = book.lang
    rows: list[list] = [list(CHECK_HEADERS[lang])]
    links: dict[str, str] = {}
    labels = SEVERITY_LABELS[lang]
    for finding in in_book_order(book, findings):
        rows.append([finding.code, labels[finding.severity], finding.sheet or "", finding.cell or "",
                     code_label(finding.code, lang), finding.message])
        if finding.cell and finding.sheet in book.sheet_names:
            links[f"D{len(rows)}"] = sheet_link(finding.sheet, finding.cell)
    if not findings:
        rows.append(["", "", "", "", "", t(lang, "Keine Befunde: alles in Ordnung.", "No findings: all fine.")])
    return rows, links


def write_findings(path: str | Path, book: Book, findings: Sequence[Finding],
                   assigned: dict[str, dict[str, str]] | None = None) -> tuple[dict[str, dict[str, str]], Package]:
    """Write the check sheet, the marks and missing IDs into the file; returns (IDs, the saved package).

    ``assigned``: IDs already chosen (``check_with_ids``); by default they are chosen here.
    The package tells the backup, expired backups and notices (``Package.save``).
    """
    if assigned is None:
        assigned = assign_ids(book)
    marks: dict[str, dict[str, str]] = {}
    for finding in findings:
        if finding.cell and finding.sheet in book.sheet_names:
            cells = marks.setdefault(finding.sheet, {})
            old = cells.get(finding.cell)
            if old is None or SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[old]:
                cells[finding.cell] = finding.severity
    rows, links = check_rows(book, findings)
    with Package.open(path, lang=book.lang, expect=book.fingerprint,
                      retention_days=book.setting("retention_days")) as pkg:
        for sheet, values in assigned.items():
            pkg.set_cells(sheet, values)
        check_sheet = _check_sheet_name(book)
        data_sheets = [table.name for table in book.tables.values()]
        # a new one goes after the data sheets (sheet-scoped names and tabs are renumbered);
        # replaced before the old marks go, so the old sheet's marks need no clearing
        # the severity column in the colour of the marks, so the sheet reads at a glance
        severity = {f"B{r}": f.severity for r, f in enumerate(in_book_order(book, findings), start=2)}
        sheet_keys = {table.name: key for key, table in book.tables.items()}
        ids.remember(pkg, book, {sheet_keys[s]: list(v.values()) for s, v in assigned.items()})
        pkg.replace_sheet(check_sheet, rows, widths=CHECK_WIDTHS, links=links, after=data_sheets[-1],
                          marks=severity)
        pkg.clear_marks()
        for sheet, cells in marks.items():
            pkg.mark(sheet, cells)
    return assigned, pkg
