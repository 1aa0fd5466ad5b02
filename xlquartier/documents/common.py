"""What every document shows: the neighbourhood management, logos, names of partners and people.

Context values are plain strings (dates already formatted in the book's language), lists
and dicts, so they travel to worker processes and print literally in any template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..schema import DATA_SHEETS, LISTS, list_entry_map, normalize_header, translate
from ..texts import format_date, t
from ..workbook.tables import Book, Row, person_name
from .engine import LogoError, Picture, load_image

LOGO_HEIGHT_MM = 14
NETWORK_LOGO_HEIGHT_MM = 16


@dataclass
class Notice:
    """Something a batch could not do as asked: a skipped document or a left-out logo."""

    item: str  # the ID or name it is about
    message: str
    skipped: bool = True  # True: no document was written for this item


@dataclass
class Notices:
    """Collects what goes wrong while contexts are built, so the batch can go on."""

    lang: str
    items: list[Notice] = field(default_factory=list)

    def add(self, item: str, de: str, en: str, skipped: bool = False) -> None:
        notice = Notice(item, t(self.lang, de, en), skipped)
        if notice not in self.items:  # a missing logo is reported once, not per document
            self.items.append(notice)


def date_text(value: Any, lang: str) -> str:
    return format_date(value, lang) if isinstance(value, dt.date) else (str(value) if value else "")


def time_span(start: Any, end: Any, lang: str) -> str:
    """``18:00–20:00 Uhr`` / ``18:00–20:00``; empty when no start is known."""
    if not isinstance(start, dt.time):
        return ""
    text = start.strftime("%H:%M")
    if isinstance(end, dt.time):
        text += "–" + end.strftime("%H:%M")
    return text + (" Uhr" if lang == "de" else "")


def label(list_key: str, value: Any, lang: str) -> str:
    """A list entry as the reader of the document expects it (English entries for English)."""
    return translate(list_key, value, lang) if value else ""


def address(row: Row) -> str:
    town = " ".join(str(v) for v in (row["postcode"], row["city"]) if v)
    return ", ".join(str(v) for v in (row["street"], town) if v)


def logo_picture(book: Book, filename: Any, owner: str, notices: Notices,
                 height_mm: float = LOGO_HEIGHT_MM, max_width_mm: float = 40) -> Picture | None:
    """The logo as a picture, or None (reported) when its file is missing or unreadable."""
    if not filename:
        return None
    folder = book.logo_dir
    path = (folder / str(filename)) if folder else Path(str(filename))
    if not path.is_file():
        notices.add(owner, f"Logo-Datei {filename} nicht gefunden; das Logo wird weggelassen.",
                    f"Logo file {filename} not found; the logo is left out.")
        return None
    try:
        load_image(path.resolve())
    except LogoError as exc:
        if exc.too_large:
            notices.add(owner, f"Logo-Datei {filename} ist zu groß (mehr als 40 Millionen Bildpunkte oder 50 MB); "
                        "das Logo wird weggelassen.",
                        f"Logo file {filename} is too large (over 40 million pixels or 50 MB); it is left out.")
        else:
            notices.add(owner, f"Logo-Datei {filename} ist kein lesbares Bild (PNG/JPEG); es wird weggelassen.",
                        f"Logo file {filename} is not a readable image (PNG/JPEG); it is left out.")
        return None
    except OSError:
        notices.add(owner, f"Logo-Datei {filename} kann nicht gelesen werden; das Logo wird weggelassen.",
                    f"Logo file {filename} cannot be read; it is left out.")
        return None
    return Picture(path.resolve(), height_mm, max_width_mm)


def partner_logo(book: Book, partner: Row | None, notices: Notices,
                 height_mm: float = LOGO_HEIGHT_MM) -> Picture | None:
    """A partner's logo, only when its release is ``ja``."""
    if partner is None or partner["logo_release"] != "ja":
        return None
    return logo_picture(book, partner["logo_file"], partner.id or partner["name"] or "", notices, height_mm)


def qm_context(book: Book, lang: str, today: dt.date, notices: Notices) -> dict[str, Any]:
    """The variables every template gets: ``qm``, ``network_logo``, ``date``, ``place``."""
    qm = {key: str(book.setting(key) or "").strip() for key in (
        "qm_name", "provider", "address", "city", "phone", "email", "programme", "quarter", "network_name",
        "qm_contact_salutation", "qm_contact_name", "qm_contact_function", "qm_signatory_name",
        "qm_signatory_function")}
    qm["name"] = qm.pop("qm_name")
    for key in ("contact_salutation", "contact_name", "contact_function", "signatory_name", "signatory_function"):
        qm[key] = qm.pop(f"qm_{key}")
    salutation = qm["contact_salutation"]  # Frau/Herr or Ms/Mr, typed in either language
    qm["contact_salutation"] = label("salutation", list_entry_map(LISTS["salutation"]).get(
        normalize_header(salutation), salutation), lang)
    # an address block has one line per part: "Lindenplatz 3, 12345 Neustadt" is street, then town
    qm["address_lines"] = "\n".join(part.strip() for part in qm["address"].split(",") if part.strip())
    if not qm["signatory_name"]:  # the contact person signs unless someone else is set
        qm["signatory_name"], qm["signatory_function"] = qm["contact_name"], qm["contact_function"]
    qm["short"] = book.qm
    quarter = qm["quarter"]
    qm["full_name"] = qm["name"] + (f" {quarter}" if quarter and quarter not in qm["name"] else "")
    return {
        "qm": qm,
        "network_logo": logo_picture(book, book.setting("network_logo"), "network_logo", notices,
                                     NETWORK_LOGO_HEIGHT_MM, 50),
        "date": format_date(today, lang),
        "place": qm["city"],
        "lang": lang,
    }


def qm_person(book: Book) -> str:
    """Who "QM" is in a document: the configured contact person with the office, else the office."""
    office = str(book.setting("qm_name") or "").strip() or book.qm
    person = str(book.setting("qm_contact_name") or "").strip()
    return f"{person} ({office})" if person else office


def is_qm(book: Book, text: Any) -> bool:
    """Whether a free-text cell (chair, minute-taker) names the neighbourhood management itself."""
    value = str(text or "").strip().casefold()
    return bool(value) and value in {book.qm.casefold(), str(book.setting("qm_name") or "").strip().casefold()}


def partner_name(book: Book, partner: Row | None) -> str:
    return str(partner["name"] or partner["short_name"] or partner.id) if partner else ""


def responsible_text(book: Book, text: Any, lang: str) -> str:
    """A task's responsible as ``Anna Schmidt (Grundschule am Park)``, a partner, or the QM."""
    if not text:
        return ""
    match = book.resolve(DATA_SHEETS["tasks"].column("responsible"), str(text))
    if match is None:
        return str(text)
    if match.is_qm:
        return qm_person(book)
    if match.sheet == "people":
        organisation = book.ref("people", match.row, "partner")
        name = person_name(match.row)
        return f"{name} ({partner_name(book, organisation)})" if organisation else name
    return partner_name(book, match.row)


def people_by_partner(book: Book) -> dict[int, list[Row]]:
    """The people of each partner (by the partner's Excel row), in sheet order."""
    people: dict[int, list[Row]] = {}
    for person in book.rows("people"):
        partner = book.ref("people", person, "partner")
        if partner is not None:
            people.setdefault(partner.number, []).append(person)
    return people


def person_context(book: Book, person: Row | None, lang: str) -> dict[str, str] | None:
    if person is None:
        return None
    return {
        "name": person_name(person),
        "salutation": label("salutation", person["salutation"], lang),
        "position": str(person["position"] or ""),
        "email": str(person["email"] or ""),
        "phone": str(person["phone"] or ""),
    }


def by_primary_field(partners: list[Row], lang: str) -> list[tuple[str, list[Row]]]:
    """Partners grouped by their first field of action, each partner once, fields in list order.

    A partner working in several fields appears under the first it names, so a list or a
    flyer never repeats it; partners without a field come last, under "Weitere".
    """
    order = [de for de, _ in LISTS["field"].entries]
    other = t(lang, "Weitere", "Other")
    groups: dict[str, list[Row]] = {}
    for partner in partners:
        fields = partner["fields"] or [other]
        groups.setdefault(fields[0], []).append(partner)
    ranked = sorted(groups, key=lambda f: (f == other, order.index(f) if f in order else len(order), f))
    return [(label("field", f, lang) if f != other else other,
             sorted(groups[f], key=lambda p: str(p["name"] or p["short_name"] or "").casefold()))
            for f in ranked]
