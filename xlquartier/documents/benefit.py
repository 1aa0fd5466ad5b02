"""Benefit statements (Nutzenberichte): one letter per partner showing what the network did for it.

Cooperation fails when a partner cannot see its benefit; the remedy is to show the mutual
benefit again and again. A statement lists, for one year, the rounds the partner belongs
to, the meetings it attended and hosted, the events it co-organised and their reach, the
tasks it got done and what it brought in, what it gained (the benefit it named, rooms and
offers it used, residents reached, residents' concerns it took up), what is still open,
and says thank you. Nothing from the contact log goes into it: the log never leaves the
office.

Events and offers come from the planning sheets (``Veranstaltungen``, ``Angebote``) when
the workbook has them; their columns are found through the schema (a reference to
Partner, a whole number for the reach), so those sections fill in once the sheets exist.
The rooms a partner used are the catalogue's rooms (``Angebote``, kind Raum) where the
meetings it attended and the held events it organised took place, when another partner
or the office provides them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..checks.load import HELD, Network, is_open, room_of
from ..schema import DATA_SHEETS, TAKEN_UP_STATES, Column, Kind
from ..texts import joined, plural, t
from ..workbook.tables import Book, Row, today_or
from .batch import BatchResult, Job, Progress, safe_name
from .common import Notices, address, date_text, label, partner_logo, partner_name, person_context, qm_context
from .writer import write_batch

DONE = "erledigt"
LISTED_STATUS = ("aktiv",)  # the default batch: every active partner
MAIN_CONTACT = "Hauptansprechperson"
SHOWN = 8  # items per list; the rest is counted, so a statement stays within two pages
REACH_KEYS = ("reach", "visitors", "participants", "attendance", "headcount", "residents")


def _in_year(day: Any, year: int) -> bool:
    return isinstance(day, dt.date) and day.year == year


def partner_columns(sheet: str) -> list[Column]:
    """The columns of a planning sheet that name partners (organisers, providers, users)."""
    return [c for c in DATA_SHEETS[sheet].columns if "partners" in c.ref]


def _names_partner(book: Book, sheet: str, row: Row, partner: Row, columns: Iterable[Column]) -> bool:
    for column in columns:
        rows = book.refs(sheet, row, column.key) if column.multi else [book.ref(sheet, row, column.key)]
        if any(r is partner for r in rows):
            return True
    return False


def row_title(row: Row, sheet: str) -> str:
    for key in ("title", "name", "subject", "description"):
        if any(c.key == key for c in DATA_SHEETS[sheet].columns) and row[key]:
            return str(row[key])
    return row.id or ""


def _row_date(row: Row, sheet: str) -> dt.date | None:
    dates = [c.key for c in DATA_SHEETS[sheet].columns if c.kind is Kind.DATE]
    for key in ("date", *dates):
        if key in dates and isinstance(row[key], dt.date):
            return row[key]
    return None


def _reach(row: Row, sheet: str) -> int | None:
    counts = [c.key for c in DATA_SHEETS[sheet].columns if c.kind is Kind.INT]
    for key in (*[k for k in REACH_KEYS if k in counts], *counts):
        if isinstance(row[key], int):
            return row[key]
    return None


def _events(book: Book, partner: Row, year: int, lang: str) -> list[dict[str, str]]:
    """Events of the year the partner co-organised (the Veranstaltungen sheet, when there is one)."""
    if "events" not in book.tables:
        return []
    columns = partner_columns("events")
    found = []
    for event in book.rows("events"):
        day = _row_date(event, "events")
        if _in_year(day, year) and _names_partner(book, "events", event, partner, columns):
            reach = _reach(event, "events")
            found.append({"title": row_title(event, "events"), "date": date_text(day, lang),
                          "reach": "" if reach is None else str(reach), "_day": day})
    found.sort(key=lambda e: e.pop("_day"))
    return found


def _offers(book: Book, partner: Row) -> tuple[list[str], list[str]]:
    """(offers and rooms it provides, those it uses) from the Angebote sheet, when there is one.

    A single partner reference is the provider; a list of partners are the users.
    """
    if "offers" not in book.tables:
        return [], []
    columns = partner_columns("offers")
    providers = [c for c in columns if not c.multi]
    users = [c for c in columns if c.multi]
    provided, used = [], []
    for offer in book.rows("offers"):
        if _names_partner(book, "offers", offer, partner, providers):
            provided.append(row_title(offer, "offers"))
        elif _names_partner(book, "offers", offer, partner, users):
            used.append(row_title(offer, "offers"))
    return provided, used


def _rooms_used(book: Book, partner: Row, attended: list[Row], year: int, lang: str) -> list[dict[str, str]]:
    """The catalogue's rooms another partner or the office provided for the partner in ``year``: where
    meetings it attended and held events it organised took place, most used first."""
    if "offers" not in book.tables or not {"kind", "place"} <= {c.key for c in DATA_SHEETS["offers"].columns}:
        return []  # no catalogue of rooms (yet)
    provider_column = next(c for c in partner_columns("offers") if not c.multi)
    uses: dict[int, list[int]] = {}  # room row -> [meetings, events]
    rooms: dict[int, tuple[Row, str]] = {}

    def count(place: Any, slot: int) -> None:
        room = room_of(book, str(place)) if place else None
        if room is None:
            return
        owner = book.resolve(provider_column, room[provider_column.key]) if room[provider_column.key] else None
        if owner is not None and owner.row is partner:
            return  # its own room is no gain
        provider = (partner_name(book, owner.row) if owner is not None and owner.row is not None
                    else str(book.setting("qm_name") or "") if owner is not None and owner.is_qm else "")
        rooms[room.number] = (room, provider)
        uses.setdefault(room.number, [0, 0])[slot] += 1

    for meeting in attended:
        count(meeting["place"], 0)
    if "events" in book.tables:
        columns = partner_columns("events")
        for event in book.rows("events"):
            if (event["status"] == HELD and _in_year(_row_date(event, "events"), year)
                    and _names_partner(book, "events", event, partner, columns)):
                count(event["place"], 1)
    found = []
    for number in sorted(uses, key=lambda n: (-sum(uses[n]), n)):  # most used first, then in sheet order
        (room, provider), (meetings, events) = rooms[number], uses[number]
        counts = [plural(lang, meetings, ("Treffen", "Treffen"), ("meeting", "meetings"))] if meetings else []
        if events:
            counts.append(plural(lang, events, ("Veranstaltung", "Veranstaltungen"), ("event", "events")))
        found.append({"name": row_title(room, "offers"), "provider": provider, "uses": joined(lang, counts),
                      "meetings": str(meetings), "events": str(events)})
    return found


def _main_contact(book: Book, partner: Row, net: Network) -> Row | None:
    people = net.people_of.get(partner.number, [])
    return next((p for p in people if p["role"] == MAIN_CONTACT), people[0] if people else None)


def _salutation(contact: Row | None, lang: str) -> str:
    if contact is not None and contact["last_name"] and contact["salutation"] in ("Frau", "Herr"):
        if lang == "en":
            title = "Ms" if contact["salutation"] == "Frau" else "Mr"
            return f"Dear {title} {contact['last_name']},"
        ending = "Sehr geehrte Frau" if contact["salutation"] == "Frau" else "Sehr geehrter Herr"
        return f"{ending} {contact['last_name']},"
    return t(lang, "Sehr geehrte Damen und Herren,", "Dear Sir or Madam,")


def _shortened(items: list[dict[str, Any]], lang: str) -> tuple[list[dict[str, Any]], str]:
    """The first items and a line for the rest ("und 4 weitere")."""
    rest = len(items) - SHOWN
    more = t(lang, f"… und {rest} weitere", f"… and {rest} more") if rest > 0 else ""
    return items[:SHOWN], more


def benefit_context(book: Book, partner: Row, year: int, lang: str, today: dt.date,
                    notices: Notices) -> dict[str, Any]:
    """The variables of one partner's benefit statement for ``year``."""
    net = Network.of(book)
    host_column = DATA_SHEETS["meetings"].column("host")
    held = [m for m in book.rows("meetings") if m["status"] == HELD and _in_year(m["date"], year)]
    attended = [m for m in held if partner.number in net.attended_by.get(m.number, ())]
    hosted = [m for m in held if (match := book.resolve(host_column, m["host"])) is not None
              and match.row is partner]
    rounds = []
    for structure in net.structures_of.get(partner.number, []):
        own = [m for m in held if book.ref("meetings", m, "structure") is structure]
        if structure["status"] != "aktiv" and not own:
            continue
        lead = book.ref("structures", structure, "lead") is partner
        rounds.append({"name": str(structure["name"] or ""),
                       "role": t(lang, "Federführung", "lead") if lead else t(lang, "Mitglied", "member"),
                       "held": len(own), "attended": sum(m in attended for m in own)})
    tasks = net.tasks(("partners", partner.number), with_people=True)
    done = sorted((tk for tk in tasks if tk["status"] == DONE and _in_year(tk["done_on"] or tk["due"], year)),
                  key=lambda tk: tk["done_on"] or tk["due"])
    open_tasks = sorted((tk for tk in tasks if is_open(tk)),
                        key=lambda tk: (tk["due"] is None, tk["due"] or today, tk.number))
    concerns = [c for c in book.rows("concerns") if _in_year(c["date"], year)
                and book.ref("concerns", c, "taken_by") is partner]
    events = _events(book, partner, year, lang)
    provided, used = _offers(book, partner)
    agreements = [a for a in book.rows("agreements") if book.ref("agreements", a, "partner") is partner
                  and a["status"] == "unterzeichnet"]
    residents = sum(m["residents"] or 0 for m in attended)
    reach = sum(int(e["reach"]) for e in events if e["reach"])
    contact = _main_contact(book, partner, net)

    done_items, done_more = _shortened(
        [{"description": str(tk["description"] or ""), "date": date_text(tk["done_on"], lang)} for tk in done], lang)
    open_items, open_more = _shortened(
        [{"description": str(tk["description"] or ""), "due": date_text(tk["due"], lang),
          "overdue": isinstance(tk["due"], dt.date) and tk["due"] < today} for tk in open_tasks], lang)
    concern_items = [{"concern": str(c["concern"] or ""), "status": label("concern_status", c["status"], lang),
                      "reply": str(c["reply"] or "")} for c in concerns]
    benefits = [str(partner["benefit"] or "")] + [str(a["benefit"]) for a in agreements if a["benefit"]]
    brought = [str(a["partner_contribution"]) for a in agreements if a["partner_contribution"]]
    figures = [
        (t(lang, "Runden", "Groups"), len(rounds)),
        (t(lang, "Treffen besucht", "Meetings attended"), len(attended)),
        (t(lang, "Treffen ausgerichtet", "Meetings hosted"), len(hosted)),
        (t(lang, "Aufgaben erledigt", "Tasks done"), len(done)),
        (t(lang, "Bewohner*innen bei Ihren Treffen", "Residents at your meetings"), residents),
    ]
    if events:
        figures.append((t(lang, "Gemeinsame Veranstaltungen", "Joint events"), len(events)))
    if reach:
        figures.append((t(lang, "Erreichte Menschen bei Veranstaltungen", "People reached at events"), reach))
    if concerns:
        figures.append((t(lang, "Anliegen von Bewohner*innen aufgegriffen", "Residents' concerns taken up"),
                        sum(c["status"] in TAKEN_UP_STATES for c in concerns)))

    context = qm_context(book, lang, today, notices)
    context.update({
        "year": str(year),
        "partner": {
            "id": partner.id or "",
            "name": partner_name(book, partner),
            "short_name": str(partner["short_name"] or ""),
            "address": address(partner),
            "street": str(partner["street"] or ""),
            "postcode_city": " ".join(str(v) for v in (partner["postcode"], partner["city"]) if v),
            "since": date_text(partner["since"], lang),
            "logo": partner_logo(book, partner, notices),
        },
        "contact": person_context(book, contact, lang),
        "salutation": _salutation(contact, lang),
        "figures": [{"label": text, "value": str(value)} for text, value in figures],
        "rounds": rounds,
        "meetings": {"attended": str(len(attended)), "hosted": str(len(hosted)),
                     "attended_text": plural(lang, len(attended), ("Treffen", "Treffen"), ("meeting", "meetings")),
                     "hosted_text": plural(lang, len(hosted), ("Treffen", "Treffen"), ("meeting", "meetings"))},
        "events": events,
        "tasks_done": done_items,
        "tasks_done_more": done_more,
        "tasks_done_count": str(len(done)),
        "contributions": ", ".join(label("contribution", c, lang) for c in partner["contributions"] or []),
        "contributed": brought,
        "offers_provided": provided,
        "benefit": "\n".join(dict.fromkeys(b for b in benefits if b)),  # each named once
        "offers_used": used,
        "rooms_used": _rooms_used(book, partner, attended, year, lang),
        "residents": str(residents),
        "concerns": concern_items,
        "open_tasks": open_items,
        "open_tasks_more": open_more,
    })
    return context


def select_partners(book: Book, partner_ids: Iterable[str] | None, notices: Notices) -> list[Row]:
    """The partners asked for (ID, short name or name), or every active partner."""
    if not partner_ids:
        return [p for p in book.rows("partners") if p["status"] in LISTED_STATUS]
    column = DATA_SHEETS["agreements"].column("partner")
    chosen: list[Row] = []
    for text in partner_ids:
        match = book.resolve(column, str(text))
        if match is None or match.row is None:
            notices.add(str(text), f"Partner {text} nicht gefunden.", f"Partner {text} not found.", skipped=True)
        elif match.row not in chosen:
            chosen.append(match.row)
    return chosen


def benefit_filename(partner: Row, year: int, lang: str) -> str:
    kind = t(lang, "Nutzenbericht", "Benefit-statement")
    return f"{kind}_{year}_{safe_name(partner['short_name'] or partner['name'] or partner.id or '')}.docx"


def write_benefit(book: Book, partner_ids: Iterable[str] | None = None, year: int | None = None,
                  out_dir: Path | None = None, pdf: bool = False, templates: Path | None = None,
                  lang: str | None = None, today: dt.date | None = None,
                  progress: Progress | None = None) -> BatchResult:
    """Writes a benefit statement per partner (default: every active partner) for ``year``."""
    lang = lang or book.lang
    today = today_or(today)
    year = year or today.year
    notices = Notices(lang)
    jobs = []
    for partner in select_partners(book, partner_ids, notices):
        context = benefit_context(book, partner, year, lang, today, notices)
        jobs.append(Job(partner.id or partner_name(book, partner), benefit_filename(partner, year, lang), context))
    default_dir = t(lang, "Nutzenberichte", "Benefit-statements")
    return write_batch(book, "benefit", jobs, notices, out_dir, default_dir, pdf, templates, lang, progress)

