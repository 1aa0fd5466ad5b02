"""The joint contact list: active partners by field of action, each partner once, and their offers
and rooms.

Contact persons appear only where "Weitergabe an Partner" is ``ja``: the list leaves the
office, so nobody's personal data goes out without their agreement.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..checks.entries import valid_email
from ..texts import t
from ..workbook.tables import Book, Row, person_name, today_or
from .batch import BatchResult, Job, Progress
from .common import Notices, address, by_primary_field, label, partner_logo, partner_name, qm_context
from .writer import single_file, write_batch

LISTED_STATUS = ("aktiv",)


def _email(book: Book, row: Row, who: str, notices: Notices) -> str:
    """The row's email address, or "" with a notice when the check finds it invalid."""
    email = str(row["email"] or "").strip()
    if email and not valid_email(email):
        notices.add(row.id or who, f"E-Mail-Adresse {email} von {who} ist ungültig und fehlt in der Kontaktliste.",
                    f"The email address {email} of {who} is invalid and left out of the contact list.")
        return ""
    return email


def _contact_lines(book: Book, person: Row, notices: Notices) -> str:
    first = ", ".join(p for p in (person_name(person), str(person["position"] or "")) if p)
    second = " · ".join(str(v) for v in (_email(book, person, person_name(person), notices), person["phone"]) if v)
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
            "email": _email(book, partner, partner_name(book, partner), notices),
            "phone": str(partner["phone"] or ""),
            "contacts": "\n".join(_contact_lines(book, p, notices) for p in people.get(partner.id or "", [])),
            "logo": partner_logo(book, partner, notices, height_mm=10),
        } for partner in partners]})
    context = qm_context(book, lang, today, notices)
    context["offers"] = offers_context(book, lang, today, people, notices)
    context["fields"] = fields
    return context


def offers_context(book: Book, lang: str, today: dt.date, shared: dict[str, list[Row]],
                   notices: Notices) -> list[dict[str, str]]:
    """The valid offers of listed partners (and QM) for the flyer; a contact person only with sharing "ja"."""
    from ..checks.load import find_offers

    found = []
    for offer in find_offers(book, today=today):
        partner = book.ref("offers", offer, "partner")
        if partner is not None and partner["status"] not in LISTED_STATUS:
            continue
        contact = book.ref("offers", offer, "contact")
        access = [t(lang, "stufenlos", "step-free")] if offer["step_free"] == "ja" else []
        access += [t(lang, "barrierefreies WC", "accessible toilet")] if offer["toilet"] == "ja" else []
        if offer["capacity"]:
            access.append(t(lang, f"{offer['capacity']} Plätze", f"capacity {offer['capacity']}"))
        found.append({
            "partner": partner_name(book, partner) if partner is not None else str(book.setting("qm_name")),
            "title": str(offer["title"] or ""),
            "kind": label("offer_kind", offer["kind"], lang),
            "target_groups": ", ".join(label("target_group", g, lang) for g in offer["target_groups"] or []),
            "place": str(offer["place"] or ""),
            "times": str(offer["times"] or ""),
            "cost": str(offer["cost"] or ""),
            "access": ", ".join(access),
            "contact": _contact_lines(book, contact, notices) if contact is not None and any(
                contact is p for people in shared.values() for p in people) else "",
        })
    return sorted(found, key=lambda o: (o["kind"], o["partner"].casefold(), o["title"].casefold()))


def write_contacts(book: Book, out: Path | None = None, templates: Path | None = None,
                   lang: str | None = None, today: dt.date | None = None, pdf: bool = False,
                   progress: Progress | None = None, pdf_progress: Progress | None = None) -> BatchResult:
    """Writes the contact list (default: ``Kontaktliste.docx`` beside the workbook)."""
    lang = lang or book.lang
    notices = Notices(lang)
    context = contacts_context(book, lang, today_or(today), notices)
    name = t(lang, "Kontaktliste.docx", "Contact-list.docx")
    target = single_file(book, out, name)
    job = Job(t(lang, "Kontaktliste", "Contact list"), target.name, context)
    return write_batch(book, "contacts", [job], notices, target.parent, ".", pdf, templates, lang, progress,
                       pdf_progress)
