"""Events on several shoulders, and the partners' offers and rooms.

The network's gains come from larger joint events carried by several partners, from the
partners' additional offers and from access to their rooms. These checks keep that part of
the workbook honest: an event carried by one organiser alone, a partner carrying too many
events, a held event without its reach, an offer past its date, and rooms the network meets
in that are missing from the catalogue everyone can see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..schema import normalize_header
from ..texts import format_date, plural, t
from ..workbook.tables import Book, Row
from .cells import finding_at, label, names, quoted
from .finding import Finding
from .load import CANCELLED, HELD, Network, organisers, quarter, room_of


def single_organiser(book: Book, today: dt.date) -> Iterator[Finding]:
    """An event carried by one organiser alone ("auf mehreren Schultern")."""
    net = Network.of(book)
    for event in book.rows("events"):
        if event["status"] == CANCELLED or not event["title"]:
            continue
        carried = organisers(book, event)
        if len(carried) > 1:
            continue
        who = (label(book, "partners", carried[0].partner) if carried and carried[0].partner is not None
               else book.qm if carried else t(book.lang, "niemandem", "nobody"))
        structure = book.ref("events", event, "structure")
        ask_de = ask_en = ""
        if structure is not None:
            members = [label(book, "partners", p) for p in net.members.get(structure.number, [])
                       if not carried or p is not carried[0].partner]
            if members:
                where = label(book, "structures", structure)
                ask_de = f", z. B. aus {where}: {names(members, 'de', 3)}"
                ask_en = f", e.g. from {where}: {names(members, 'en', 3)}"
        yield finding_at(book, "events", event, "co_organisers", "single-organiser", "hint", t(
            book.lang,
            f"{quoted(label(book, 'events', event), 'de')} wird nur von {who} getragen — Partner als "
            f"Mitveranstaltende mit einer Rolle gewinnen (auf mehreren Schultern){ask_de}.",
            f"{quoted(label(book, 'events', event), 'en')} rests on {who} alone — win partners as co-organisers "
            f"with a role (on several shoulders){ask_en}."))


def event_overload(book: Book, today: dt.date) -> Iterator[Finding]:
    """A partner leading or co-organising too many events in one quarter (from this quarter on)."""
    limit = book.whole("max_events_quarter")
    now = quarter(today)
    carried: dict[int, dict[tuple[int, int], list[Row]]] = defaultdict(lambda: defaultdict(list))
    partners: dict[int, Row] = {}
    for event in book.rows("events"):
        if event["status"] == CANCELLED or event["date"] is None or quarter(event["date"]) < now:
            continue
        for organiser in organisers(book, event):
            if organiser.partner is not None:
                partners[organiser.partner.number] = organiser.partner
                carried[organiser.partner.number][quarter(event["date"])].append(event)
    for number, quarters in sorted(carried.items()):
        busy = sorted(q for q, events in quarters.items() if len(events) > limit)
        if not busy:
            continue
        partner = partners[number]
        listed = "; ".join(f"Q{q} {y}: " + names([label(book, "events", e) for e in quarters[(y, q)]], book.lang, 4)
                           for y, q in busy)
        yield finding_at(book, "partners", partner, "name", "event-overload", "warning", t(
            book.lang,
            f"{label(book, 'partners', partner)} trägt mehr als {limit} Veranstaltungen in einem Quartal "
            f"({listed}) — Veranstaltungen bündeln oder andere Partner die Federführung übernehmen lassen.",
            f"{label(book, 'partners', partner)} carries more than {limit} events in one quarter ({listed}) — "
            f"bundle events or let other partners take the lead."))


def event_without_reach(book: Book, today: dt.date) -> Iterator[Finding]:
    """A held event without its attendance figure: the report cannot count what it reached."""
    for event in book.rows("events"):
        if event["status"] != HELD or event["reach"] is not None or "reach" in event.issues:
            continue
        if event["date"] is not None and event["date"] > today:
            continue
        yield finding_at(book, "events", event, "reach", "event-without-reach", "warning", t(
            book.lang,
            f"{quoted(label(book, 'events', event), 'de')} hat stattgefunden, aber es fehlt die Zahl der "
            f"Teilnehmenden (und davon Bewohner*innen) — nachtragen, damit der Jahresbericht die Reichweite zählt.",
            f"{quoted(label(book, 'events', event), 'en')} was held but its attendance (and residents among it) is "
            f"missing — fill it in so the annual report counts the reach."))


def offer_expired(book: Book, today: dt.date) -> Iterator[Finding]:
    """An offer past its date: ask the partner before it goes on a flyer again."""
    for offer in book.rows("offers"):
        until = offer["valid_until"]
        if until is None or until >= today:
            continue
        partner = book.ref("offers", offer, "partner")
        who = label(book, "partners", partner) if partner is not None else book.qm
        yield finding_at(book, "offers", offer, "valid_until", "offer-expired", "warning", t(
            book.lang,
            f"Das Angebot {quoted(label(book, 'offers', offer), 'de')} von {who} galt bis "
            f"{format_date(until, 'de')} — beim Partner nachfragen und das Datum erneuern oder das Angebot löschen.",
            f"The offer {quoted(label(book, 'offers', offer), 'en')} by {who} was valid until "
            f"{format_date(until, 'en')} — ask the partner, then renew the date or delete the offer."))


def room_not_in_catalogue(book: Book, today: dt.date) -> Iterator[Finding]:
    """A place the network meets in again and again that is not a room in the Angebote sheet.

    Only meetings count: events often take place outdoors, on a square or in a park."""
    if "offers" not in book.tables:
        return  # a version-1 book has no catalogue yet (the schema hint says how to add it)
    needed = book.whole("room_uses")
    uses: dict[str, list[Row]] = defaultdict(list)
    for row in book.rows("meetings"):
        place = row["place"]
        if place and row["status"] != CANCELLED and room_of(book, place) is None:
            uses[normalize_header(place)].append(row)
    for rows in uses.values():
        if len(rows) < needed:
            continue
        last = max(rows, key=lambda r: (r["date"] or dt.date.min, r.number))
        place = last["place"]
        count = plural(book.lang, len(rows), ("Treffen", "Treffen"), ("meeting", "meetings"))
        yield finding_at(book, "meetings", last, "place", "room-not-in-catalogue", "hint", t(
            book.lang,
            f"Der Ort {quoted(place, 'de')} ist für {count} eingetragen, steht aber nicht als Raum im Blatt "
            f"„Angebote“ — dort eintragen (Plätze, stufenlos, WC), dann können alle Partner ihn anfragen.",
            f"The place {quoted(place, 'en')} is given for {count} but is not a room in the “Offers” sheet — add "
            f"it there (capacity, step-free, toilet) so every partner can ask for it."))


CHECKS = (single_organiser, event_overload, event_without_reach, offer_expired, room_not_in_catalogue)
