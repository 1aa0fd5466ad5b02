"""Pointing a finding at a cell and naming rows the way a manager recognises them."""

from __future__ import annotations

from ..schema import translate
from ..texts import format_date, t
from ..workbook.tables import Book, Row, person_name
from .finding import Finding, Severity


def finding_at(book: Book, sheet: str, row: Row, column: str | None, code: str,
               severity: Severity, message: str) -> Finding:
    """A finding at ``row`` of data sheet ``sheet`` (keys), in the column as the workbook names it;
    about the whole row when the sheet lacks that column (an optional column may be missing)."""
    table = book.tables[sheet]
    pos = table.columns.get(column) if column else None
    return Finding(code, severity, table.name, row.number, pos.header if pos else None, message,
                   table.cell(row.number, column) if pos and column else None)


def label(book: Book, sheet: str, row: Row) -> str:
    """How a row is called in a message: a name, or what identifies a meeting or a task."""
    if sheet == "partners":
        name, short = row["name"], row["short_name"]
        if name and short and short.casefold() not in name.casefold():
            return f"{name} ({short})"
        return name or short or row.id or ""
    if sheet == "people":
        return person_name(row) or row.id or ""
    if sheet == "structures":
        return row["name"] or row.id or ""
    if sheet == "topics":
        return row["title"] or row.id or ""
    if sheet == "meetings":
        structure = book.ref("meetings", row, "structure")
        name = label(book, "structures", structure) if structure else (row["structure"] or "")
        return t(book.lang, f"{name} am {format_date(row['date'], 'de')}",
                 f"{name} on {format_date(row['date'], 'en')}")
    if sheet == "tasks":
        text = quoted(row["description"] or "", book.lang)
        return f"{row.id} {text}" if row.id else text
    if sheet == "agreements":
        return row["subject"] or row.id or ""
    if sheet in ("events", "offers"):
        return row["title"] or row.id or ""
    return row.id or ""


def quoted(text: str, lang: str) -> str:
    return t(lang, f"„{text}“", f"“{text}”")


def row_ref(book: Book, row: Row) -> str:
    """"(Zeile 12)" / "(row 12)": where to find another row named in a message."""
    return t(book.lang, f"(Zeile {row.number})", f"(row {row.number})")


def field_label(book: Book, value: str | None) -> str:
    return translate("field", value, book.lang) if value else ""


def names(items: list[str], lang: str, limit: int = 6) -> str:
    """A readable enumeration that stays short: "A, B, C und 4 weitere"."""
    shown = ", ".join(items[:limit])
    rest = len(items) - limit
    if rest > 0:
        shown += t(lang, f" und {rest} weitere", f" and {rest} more")
    return shown
