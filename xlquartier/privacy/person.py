"""Which person a request is about, and how to recognise them wherever they are written.

A request names a person by ID (``K012``), email or name. Inside the workbook the person is
found by reference (the reader resolves IDs and names); elsewhere (free text, the Prüfung
sheet, export records, backups, documents) by what identifies them: the full name (both
orders), the email address and the phone number, matched as whole words so "Anna Schmidt"
never matches inside "Anna Schmidtke".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import UserError
from ..schema import DATA_SHEETS, Kind
from ..workbook.tables import Book, Row, person_name

_MIN_PHONE_DIGITS = 6


@dataclass(frozen=True)
class Person:
    id: str | None
    row: Row
    name: str
    identifiers: tuple[str, ...]  # full name (both orders), email, phone: searched in any text
    texts: tuple[str, ...]  # every text of the person's row (first name, notes, …)

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.identifiers)

    def mentioned(self, text: str) -> bool:
        return bool(self.identifiers) and self.pattern.search(text) is not None


@functools.lru_cache(maxsize=64)
def _pattern(identifiers: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(i) for i in sorted(identifiers, key=len, reverse=True))
    return re.compile(rf"(?<![\w@.+-])(?:{alternatives})(?![\w@])", re.IGNORECASE)


def person_of(row: Row) -> Person:
    first, last = (str(row["first_name"] or "").strip(), str(row["last_name"] or "").strip())
    identifiers = []
    if first and last:  # a last name alone would match every namesake
        identifiers += [f"{first} {last}", f"{last}, {first}"]
    if row["email"]:
        identifiers.append(str(row["email"]).strip())
    phone = str(row["phone"] or "").strip()
    if sum(ch.isdigit() for ch in phone) >= _MIN_PHONE_DIGITS:
        identifiers.append(phone)
    texts = [str(v).strip() for v in row.raw.values() if isinstance(v, str) and v.strip()]
    texts += [str(v).strip() for v in row.extra.values() if isinstance(v, str) and v.strip()]
    return Person(row.id, row, person_name(row) or row.id or "", tuple(dict.fromkeys(identifiers)),
                  tuple(dict.fromkeys(texts)))


def find_person(book: Book, query: str) -> Person:
    """The one person ``query`` names: an ID, an email address or a name (``Anna Schmidt``, ``Schmidt, Anna``)."""
    text = " ".join(str(query).split())
    rows = book.rows("people")
    found = [r for r in rows if r.id and r.id.casefold() == text.casefold()]
    if not found and "@" in text:
        found = [r for r in rows if (r["email"] or "").strip().casefold() == text.casefold()]
    if not found:
        found = [m.row for m in book.lookup(DATA_SHEETS["tasks"].column("responsible"), text)
                 if m.sheet == "people" and m.row is not None]
    if not found:
        raise UserError(f"In der Arbeitsmappe gibt es keine Person „{text}“ (ID, E-Mail oder Name).",
                        f"There is no person “{text}” in the workbook (ID, email or name).")
    if len(found) > 1:
        which = ", ".join(f"{r.id or '?'} (Zeile {r.number})" for r in found)
        which_en = ", ".join(f"{r.id or '?'} (row {r.number})" for r in found)
        raise UserError(f"„{text}“ passt auf mehrere Personen: {which}; bitte die ID angeben.",
                        f"“{text}” matches several people: {which_en}; please give the ID.")
    return person_of(found[0])


def references(book: Book, person: Person) -> list[tuple[str, Row, str]]:
    """(sheet, row, column) of every reference cell that points at the person."""
    found = []
    for sheet, spec in DATA_SHEETS.items():
        for column in spec.columns:
            if "people" not in column.ref or column.kind not in (Kind.REF, Kind.MULTIREF):
                continue
            for row in book.rows(sheet):
                targets = (book.refs(sheet, row, column.key) if column.kind is Kind.MULTIREF
                           else [book.ref(sheet, row, column.key)])
                if any(t is person.row for t in targets):
                    found.append((sheet, row, column.key))
    return found
