"""Cooperation agreements and Letters of Intent from the agreements sheet.

Both spell out the win-win: what the partner gains, what each side brings in. Where a
place works on trust, nothing here is needed; where it puts cooperation in writing, this
writes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..schema import DATA_SHEETS
from ..texts import joined, t
from ..workbook.tables import Book, Row, today_or
from .batch import BatchResult, Job, Progress, safe_name
from .common import Notices, address, date_text, label, partner_logo, partner_name, person_context, qm_context
from .writer import write_batch

KINDS = {"agreement": "Kooperationsvereinbarung", "loi": "Letter of Intent"}


def _structures(partner: Row, memberships: dict[str, list[Row]], lang: str, status: str) -> list[dict]:
    return [{"name": str(s["name"] or ""), "type": label("structure_type", s["type"], lang),
             "cadence": label("cadence", s["cadence"], lang), "field": label("field", s["field"], lang)}
            for s in memberships.get(partner.id or "", []) if s["status"] == status]


def _memberships(book: Book) -> dict[str, list[Row]]:
    """Partner ID -> the active or planned structures it leads or belongs to."""
    result: dict[str, list[Row]] = {}
    for structure in book.rows("structures"):
        if structure["status"] in ("beendet", "ruhend"):
            continue
        partners = book.refs("structures", structure, "members")
        lead = book.ref("structures", structure, "lead")
        for partner in partners + ([lead] if lead else []):
            bucket = result.setdefault(partner.id or "", [])
            if structure not in bucket:
                bucket.append(structure)
    return result


def agreement_context(book: Book, agreement: Row, lang: str, today: dt.date, notices: Notices,
                      memberships: dict[str, list[Row]] | None = None) -> dict[str, Any] | None:
    """The variables of one agreement or Letter of Intent; None (reported) without a known partner."""
    item = agreement.id or f"#{agreement.number}"
    partner = book.ref("agreements", agreement, "partner")
    if partner is None:
        notices.add(item, "Vereinbarung ohne (bekannten) Partner: nicht geschrieben.",
                    "Agreement without a (known) partner: not written.", skipped=True)
        return None
    memberships = _memberships(book) if memberships is None else memberships
    contact = book.ref("agreements", agreement, "contact")
    contributions = [label("contribution", c, lang) for c in (partner["contributions"] or [])]
    context = qm_context(book, lang, today, notices)
    context.update({
        "agreement": {
            "id": agreement.id or "",
            "kind": label("agreement_kind", agreement["kind"], lang),
            "subject": str(agreement["subject"] or ""),
            "goals": str(agreement["goals"] or partner["goals"] or ""),
            "partner_contribution": str(agreement["partner_contribution"] or ""),
            "qm_contribution": str(agreement["qm_contribution"] or ""),
            "benefit": str(agreement["benefit"] or partner["benefit"] or ""),
            "valid_from": date_text(agreement["valid_from"], lang),
            "valid_until": date_text(agreement["valid_until"], lang),
            "review_on": date_text(agreement["review_on"], lang),
            "logo_use": agreement["logo_use"] == "ja",
            "status": label("agreement_status", agreement["status"], lang),
            "signed_on": date_text(agreement["signed_on"], lang),
        },
        "partner": {
            "id": partner.id or "",
            "name": partner_name(book, partner),
            "short_name": str(partner["short_name"] or ""),
            "type": label("partner_type", partner["type"], lang),
            "street": str(partner["street"] or ""),
            "postcode": str(partner["postcode"] or ""),
            "city": str(partner["city"] or ""),
            "address": address(partner),
            "email": str(partner["email"] or ""),
            "phone": str(partner["phone"] or ""),
            "website": str(partner["website"] or ""),
            "contributions": joined(lang, contributions),
            "logo": partner_logo(book, partner, notices),
        },
        "contact": person_context(book, contact, lang),
        # the partner works in the active rounds; a planned one has not met yet and is named as planned
        "structures": _structures(partner, memberships, lang, "aktiv"),
        "planned_structures": _structures(partner, memberships, lang, "geplant"),
    })
    return context


def select_agreements(book: Book, partner_ids: Iterable[str] | None, kind: str | None,
                      notices: Notices) -> list[Row]:
    """Agreements of the given partners (any status), or every draft; written kinds only."""
    if kind is not None and kind not in KINDS:
        raise UserError(f"Unbekannte Art {kind!r}: bitte loi oder agreement.",
                        f"Unknown kind {kind!r}: use loi or agreement.")
    kinds = {KINDS[kind]} if kind else set(KINDS.values())
    rows = [a for a in book.rows("agreements") if a["kind"] in kinds]
    if not partner_ids:
        return [a for a in rows if a["status"] == "Entwurf"]
    column = DATA_SHEETS["agreements"].column("partner")
    chosen: list[Row] = []
    for text in partner_ids:
        match = book.resolve(column, str(text))
        if match is None or match.row is None:
            notices.add(str(text), f"Partner {text} nicht gefunden.", f"Partner {text} not found.",
                        skipped=True)
            continue
        mine = [a for a in rows if book.ref("agreements", a, "partner") is match.row]
        if not mine:
            notices.add(str(text), f"Für {partner_name(book, match.row)} gibt es keine passende Vereinbarung.",
                        f"There is no matching agreement for {partner_name(book, match.row)}.", skipped=True)
        chosen += [a for a in mine if a not in chosen]
    return chosen


def agreement_filename(context: dict[str, Any], agreement: Row, lang: str) -> str:
    kind = "Letter-of-Intent" if agreement["kind"] == KINDS["loi"] else t(
        lang, "Kooperationsvereinbarung", "Cooperation-agreement")
    partner = context["partner"]["short_name"] or context["partner"]["name"]
    return f"{kind}_{safe_name(partner)}_{safe_name(agreement.id or str(agreement.number))}.docx"


def write_agreements(book: Book, partner_ids: Iterable[str] | None = None, kind: str | None = None,
                     out_dir: Path | None = None, pdf: bool = False, templates: Path | None = None,
                     lang: str | None = None, today: dt.date | None = None,
                     progress: Progress | None = None, pdf_progress: Progress | None = None) -> BatchResult:
    """Writes cooperation agreements and/or Letters of Intent (default: every draft)."""
    lang = lang or book.lang
    notices = Notices(lang)
    memberships = _memberships(book)
    jobs: dict[str, list[Job]] = {"agreement": [], "loi": []}
    selected = select_agreements(book, partner_ids, kind, notices)
    if not selected and not partner_ids:
        return BatchResult(notices=list(notices.items), nothing=t(
            lang, "Keine Vereinbarung im Status „Entwurf“; mit --partner und der PartnerID "
                  "(z. B. --partner P004) schreiben Sie die Vereinbarung eines bestimmten Partners.",
            "No agreement has the status “Draft”; with --partner and the PartnerID (e.g. --partner P004) "
            "you write a particular partner's agreement."))
    for agreement in selected:
        context = agreement_context(book, agreement, lang, today_or(today), notices, memberships)
        if context is not None:
            which = "loi" if agreement["kind"] == KINDS["loi"] else "agreement"
            jobs[which].append(Job(agreement.id or f"#{agreement.number}",
                                   agreement_filename(context, agreement, lang), context))
    default_dir = t(lang, "Vereinbarungen", "Agreements")
    result = BatchResult(notices=list(notices.items))
    for which, batch in jobs.items():
        if batch:
            part = write_batch(book, which, batch, Notices(lang), out_dir, default_dir, pdf, templates,
                               lang, progress, pdf_progress)
            result.written += part.written
            result.pdfs += part.pdfs
            result.notices += part.notices
    return result
