"""Press work: the office's press-contact list and a press release for an event.

A network can work "pressewirksamer" than each partner alone. The press-contact list is
an office document (marked internal): the partners that do press work of their own
(``Pressearbeit: ja``) and the media the office keeps as partners of type ``Medien``,
with their people. The press release is a draft for one event (the Veranstaltungen sheet,
when the workbook has it) or one meeting: title, date, place, every co-organiser with its
released logo, and the office as the press contact; the office writes the story around it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..texts import t
from ..workbook.tables import Book, Row, person_name, today_or
from .batch import BatchResult, Job, Progress, safe_name
from .benefit import partner_columns, row_title
from .common import Notices, date_text, label, partner_logo, partner_name, people_by_partner, qm_context, time_span
from .writer import single_file, write_batch

MEDIA = "Medien"
PRESS = "ja"


def _people_lines(people: list[Row]) -> str:
    lines = []
    for person in people:
        reach = " · ".join(str(v) for v in (person["email"], person["phone"]) if v)
        who = ", ".join(str(v) for v in (person_name(person), person["position"]) if v)
        lines.append(f"{who}{': ' if who and reach else ''}{reach}")
    return "\n".join(lines)


def press_contacts_context(book: Book, lang: str, today: dt.date, notices: Notices) -> dict[str, Any]:
    """The variables of the press-contact list: ``partners`` doing press work, ``media``."""
    people = people_by_partner(book)

    def entry(partner: Row) -> dict[str, str]:
        return {"name": partner_name(book, partner), "type": label("partner_type", partner["type"], lang),
                "email": str(partner["email"] or ""), "phone": str(partner["phone"] or ""),
                "website": str(partner["website"] or ""),
                "people": _people_lines(people.get(partner.number, []))}

    rows = [p for p in book.rows("partners") if p["status"] not in ("beendet", "abgelehnt")]
    by_name = sorted(rows, key=lambda p: partner_name(book, p).casefold())
    context = qm_context(book, lang, today, notices)
    context["partners"] = [entry(p) for p in by_name if p["press"] == PRESS and p["type"] != MEDIA]
    context["media"] = [entry(p) for p in by_name if p["type"] == MEDIA]
    return context


def write_press_contacts(book: Book, out: Path | None = None, templates: Path | None = None,
                         lang: str | None = None, today: dt.date | None = None, pdf: bool = False,
                         progress: Progress | None = None) -> BatchResult:
    """Writes the internal press-contact list (default: ``Pressekontakte.docx`` beside the workbook)."""
    lang = lang or book.lang
    notices = Notices(lang)
    context = press_contacts_context(book, lang, today_or(today), notices)
    target = single_file(book, out, t(lang, "Pressekontakte.docx", "Press-contacts.docx"))
    job = Job(t(lang, "Pressekontakte", "Press contacts"), target.name, context)
    return write_batch(book, "press_contacts", [job], notices, target.parent, ".", pdf, templates, lang, progress)


def _find(book: Book, item: str) -> tuple[str, Row]:
    """The event (Veranstaltungen) or, failing that, the meeting with this ID."""
    wanted = item.strip().casefold()
    for sheet in ("events", "meetings"):
        for row in book.rows(sheet):
            if row.id and row.id.casefold() == wanted:
                return sheet, row
    raise UserError(f"Eine Veranstaltung oder ein Treffen mit der ID {item} gibt es nicht.",
                    f"There is no event or meeting with the ID {item}.")


def _organisers(book: Book, sheet: str, row: Row) -> list[Row]:
    """Co-organisers: an event's partners; a meeting's host and attending partners."""
    found: list[Row] = []
    keys = ([c.key for c in partner_columns("events")] if sheet == "events" else ["host", "partners"])
    for key in keys:
        value = row[key]
        rows = book.refs(sheet, row, key) if isinstance(value, list) else [book.ref(sheet, row, key)]
        found += [r for r in rows if r is not None and r not in found]
    return found


def press_release_context(book: Book, item: str, lang: str, today: dt.date,
                          notices: Notices) -> dict[str, Any]:
    """The variables of a press release for the event or meeting ``item``."""
    sheet, row = _find(book, item)
    organisers = _organisers(book, sheet, row)
    if sheet == "events":
        title, day = row_title(row, "events"), next(
            (row[c.key] for c in book.table("events").spec.columns if isinstance(row[c.key], dt.date)), None)
        time, place = time_span(row["start"], row["end"], lang), str(row["place"] or "")
    else:
        structure = book.ref("meetings", row, "structure")
        title = str(structure["name"]) if structure is not None else row.id or ""
        day, time, place = row["date"], time_span(row["start"], row["end"], lang), str(row["place"] or "")
    context = qm_context(book, lang, today, notices)
    context["event"] = {"id": row.id or "", "title": title, "date": date_text(day, lang), "time": time,
                        "place": place}
    context["organisers"] = [{"name": partner_name(book, p), "logo": partner_logo(book, p, notices)}
                             for p in organisers]
    context["organiser_names"] = ", ".join(partner_name(book, p) for p in organisers)
    return context


def write_press_release(book: Book, item: str, out: Path | None = None, templates: Path | None = None,
                        lang: str | None = None, today: dt.date | None = None, pdf: bool = False,
                        progress: Progress | None = None) -> BatchResult:
    """Writes a press-release draft for one event or meeting (ID)."""
    lang = lang or book.lang
    notices = Notices(lang)
    context = press_release_context(book, item, lang, today_or(today), notices)
    default = f"{t(lang, 'Pressemitteilung', 'Press-release')}_{safe_name(context['event']['title'])}.docx"
    target = single_file(book, out, default)
    job = Job(context["event"]["id"], target.name, context)
    return write_batch(book, "press_release", [job], notices, target.parent, ".", pdf, templates, lang, progress)
