"""The joint flyer of the network: who we are, and every partner once, with its logo.

Networks show themselves with "gemeinsame Flyer mit Ansprechpartner". The flyer is one
sheet of A4, printed on both sides: the network's name, logo and a short text from
Einstellungen (``Flyer: Text über das Netzwerk``), the office's contact, optionally the
offers of the Angebote sheet, and the active partners grouped by their first field of
action, each exactly once, four to a row, with its released logo and a contact person
only where that person agreed to sharing. Forty to sixty partners fit on the two sides.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..texts import t
from ..workbook.tables import Book, Row, person_name, today_or
from .batch import BatchResult, Job, Progress
from .benefit import LISTED_STATUS, MAIN_CONTACT, partner_columns, row_title
from .common import (
    NETWORK_LOGO_HEIGHT_MM,
    Notices,
    by_primary_field,
    logo_picture,
    partner_logo,
    people_by_partner,
    qm_context,
)
from .writer import single_file, write_batch

COLUMNS = 4  # partners per row of the grid
LOGO_MM = 8
MAX_OFFERS = 8


def _contact(book: Book, partner: Row, people: dict[int, list[Row]]) -> str:
    """The partner's contact person, only with "Weitergabe an Partner: ja" (main contact first)."""
    shared = [p for p in people.get(partner.number, []) if p["share"] == "ja"]
    if not shared:
        return ""
    person = next((p for p in shared if p["role"] == MAIN_CONTACT), shared[0])
    reach = person["phone"] or person["email"] or ""
    return ", ".join(str(v) for v in (person_name(person), reach) if v)


def _cell(book: Book, partner: Row, people: dict[int, list[Row]], notices: Notices) -> dict[str, Any]:
    website = str(partner["website"] or "").removeprefix("https://").removeprefix("http://").rstrip("/")
    return {
        "name": str(partner["name"] or partner["short_name"] or partner.id),
        "logo": partner_logo(book, partner, notices, height_mm=LOGO_MM),
        "contact": _contact(book, partner, people),
        "reach": website or str(partner["phone"] or partner["email"] or ""),
    }


_EMPTY = {"name": "", "logo": None, "contact": "", "reach": ""}


def _offers(book: Book) -> list[dict[str, str]]:
    """The offers catalogue (Angebote), when the workbook has one: title and provider."""
    if "offers" not in book.tables:
        return []
    providers = [c for c in partner_columns("offers") if not c.multi]
    found = []
    for offer in book.rows("offers")[:MAX_OFFERS]:
        provider = next((r for c in providers if (r := book.ref("offers", offer, c.key)) is not None), None)
        found.append({"title": row_title(offer, "offers"),
                      "provider": str(provider["short_name"] or provider["name"]) if provider else ""})
    return found


def flyer_context(book: Book, lang: str, today: dt.date, notices: Notices) -> dict[str, Any]:
    """The variables of the flyer: the network, its offers and its partners by field, each once."""
    people = people_by_partner(book)
    listed = [p for p in book.rows("partners") if p["status"] in LISTED_STATUS]
    fields = []
    for name, partners in by_primary_field(listed, lang):
        cells = [_cell(book, p, people, notices) for p in partners]
        cells += [_EMPTY] * (-len(cells) % COLUMNS)
        fields.append({"name": name, "rows": [{"cells": cells[i:i + COLUMNS]}
                                               for i in range(0, len(cells), COLUMNS)]})
    context = qm_context(book, lang, today, notices)
    context["network_logo"] = logo_picture(book, book.setting("network_logo"), "network_logo", notices,
                                           NETWORK_LOGO_HEIGHT_MM * 1.5, 70)
    context.update({
        "text": str(book.setting("network_text") or ""),
        "offers": _offers(book),
        "fields": fields,
        "partner_count": str(len(listed)),
    })
    return context


def write_flyer(book: Book, out: Path | None = None, templates: Path | None = None, lang: str | None = None,
                today: dt.date | None = None, pdf: bool = False,
                progress: Progress | None = None) -> BatchResult:
    """Writes the joint flyer (default: ``Flyer.docx`` beside the workbook)."""
    lang = lang or book.lang
    notices = Notices(lang)
    context = flyer_context(book, lang, today_or(today), notices)
    target = single_file(book, out, "Flyer.docx")
    job = Job(t(lang, "Flyer", "Flyer"), target.name, context)
    return write_batch(book, "flyer", [job], notices, target.parent, ".", pdf, templates, lang, progress)
