"""The joint contact list: active partners by field of action, each partner once.

Contact persons appear only where "Weitergabe an Partner" is ``ja``: the list leaves the
office, so nobody's personal data goes out without their agreement.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..texts import t
from ..workbook.tables import Book, Row, person_name, today_or
from .batch import BatchResult, Job, Progress
from .common import Notices, address, by_primary_field, label, partner_logo, partner_name, qm_context
from .writer import write_batch

LISTED_STATUS = ("aktiv",)


def _contact_lines(person: Row) -> str:
    first = ", ".join(p for p in (person_name(person), str(person["position"] or "")) if p)
    second = " · ".join(str(v) for v in (person["email"], person["phone"]) if v)
    return "\n".join(line for line in (first, second) if line)


def contacts_context(book: Book, lang: str, today: dt.date, notices: Notices) -> dict[str, Any]:
    """The variables of the contact list: ``fields``, each with its partners."""
    people: dict[str, list[Row]] = {}
    for person in book.rows("people"):
        partner = book.ref("people", person, "partner")
        if partner is not None and person["share"] == "ja":
            people.setdefault(partner.id or "", []).append(person)
    listed = [p for p in book.rows("partners") if p["status"] in LISTED_STATUS]
    fields = []
    for name, partners in by_primary_field(listed, lang):  # each partner once, under its first field
        fields.append({"name": name, "partners": [{
            "name": partner_name(book, partner),
            "type": label("partner_type", partner["type"], lang),
            "address": address(partner),
            "website": str(partner["website"] or ""),
            "email": str(partner["email"] or ""),
            "phone": str(partner["phone"] or ""),
            "contacts": "\n".join(_contact_lines(p) for p in people.get(partner.id or "", [])),
            "logo": partner_logo(book, partner, notices, height_mm=10),
        } for partner in partners]})
    context = qm_context(book, lang, today, notices)
    context["fields"] = fields
    return context


def write_contacts(book: Book, out: Path | None = None, templates: Path | None = None,
                   lang: str | None = None, today: dt.date | None = None, pdf: bool = False,
                   progress: Progress | None = None) -> BatchResult:
    """Writes the contact list (default: ``Kontaktliste.docx`` beside the workbook)."""
    lang = lang or book.lang
    notices = Notices(lang)
    context = contacts_context(book, lang, today_or(today), notices)
    name = t(lang, "Kontaktliste.docx", "Contact-list.docx")
    out_dir: Path | None = None
    if out is not None:
        out = Path(out)
        if out.suffix.lower() == ".docx":
            out_dir, name = out.parent, out.name
        else:
            out_dir = out
    job = Job(t(lang, "Kontaktliste", "Contact list"), name, context)
    return write_batch(book, "contacts", [job], notices, out_dir, ".", pdf, templates, lang, progress)
