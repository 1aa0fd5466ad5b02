"""Planned meetings as an iCalendar file for Outlook and Thunderbird.

Times are local Berlin times with a VTIMEZONE block, so the meetings land at the right hour
in summer and winter. UIDs are stable (workbook network + meeting ID), so importing the
file again updates the events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from ..files import write_atomically
from ..outputs import output_file
from ..schema import DATA_SHEETS
from ..texts import t
from ..workbook.read import read_book
from ..workbook.tables import Book, Row
from .indicators import PLANNED
from .output import Written

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT_LENGTH = dt.timedelta(hours=2)  # when a planned meeting has a start but no end time


def planned_meetings(book: Book) -> list[Row]:
    return [m for m in book.rows("meetings") if m["status"] == PLANNED and m["date"]]


def _uid(book: Book, meeting: Row) -> str:
    network = str(book.setting("network_name") or book.setting("quarter") or book.setting("qm_name"))
    digest = hashlib.sha1(network.encode()).hexdigest()[:10]
    return f"{meeting.id or f'row{meeting.number}'}-{digest}@xlquartier"


def _host(book: Book, meeting: Row) -> str:
    """The host's full name: a partner's name, the neighbourhood management's, or as written."""
    match = book.resolve(DATA_SHEETS["meetings"].column("host"), meeting["host"])
    if match is None:
        return str(meeting["host"] or "")
    return str(book.setting("qm_name")) if match.is_qm else str(match.row["name"])


def _event(book: Book, meeting: Row, lang: str, stamp: dt.datetime, sheet: str = "meetings") -> Event:
    """One meeting (or, with ``sheet="events"``, one event) as a calendar entry."""
    if sheet == "events":
        title = str(meeting["title"] or "")
    else:
        structure = book.ref("meetings", meeting, "structure")
        title = str(structure["name"]) if structure is not None else str(meeting["structure"] or "")
    event = Event()
    event.add("uid", _uid(book, meeting))
    event.add("dtstamp", stamp)
    event.add("summary", title or t(lang, "Treffen", "Meeting"))
    day, start, end = meeting["date"], meeting["start"], meeting["end"]
    if start is None:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    else:
        begin = dt.datetime.combine(day, start, BERLIN)
        finish = dt.datetime.combine(day, end, BERLIN) if end and end > start else begin + DEFAULT_LENGTH
        event.add("dtstart", begin)
        event.add("dtend", finish)
    if meeting["place"]:
        event.add("location", str(meeting["place"]))
    lines = []
    host = _host(book, meeting) if sheet == "meetings" else ""
    if sheet == "events":
        from ..checks.load import organisers

        carried = [o.partner["name"] if o.partner is not None else str(book.setting("qm_name"))
                   for o in organisers(book, meeting)]
        if carried:
            lines.append(t(lang, "Veranstaltet von: ", "Organised by: ") + ", ".join(str(c) for c in carried))
    if host:
        lines.append(t(lang, f"Gastgeber: {host}", f"Host: {host}"))
    if meeting["agenda"]:
        lines.append(t(lang, "Tagesordnung:", "Agenda:"))
        lines += [f"- {item}" for item in meeting["agenda"]]
    if lines:
        event.add("description", "\n".join(lines))
    return event


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//xlquartier//Quartiersnetzwerk//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def meeting_calendar(book: Book, lang: str | None = None, stamp: dt.datetime | None = None) -> Calendar:
    lang = lang or book.lang
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = _calendar("PUBLISH")  # Outlook imports a published calendar instead of asking to reply
    name = str(book.setting("network_name") or book.setting("qm_name"))
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    meetings = sorted(planned_meetings(book), key=lambda m: (m["date"], m["start"] or dt.time()))
    for meeting in meetings:
        calendar.add_component(_event(book, meeting, lang, stamp))
    if meetings:  # the time zone rules only for the years the meetings span: a short file
        first, last = meetings[0]["date"], meetings[-1]["date"]
        calendar.add_missing_timezones(dt.date(first.year - 1, 1, 1), dt.date(last.year + 2, 1, 1))
    return calendar


def request_calendar(book: Book, row: Row, sheet: str, organizer: tuple[str, str],
                     attendees: list[tuple[str, str]], lang: str | None = None,
                     stamp: dt.datetime | None = None) -> Calendar:
    """One meeting or event as an invitation (METHOD:REQUEST): Outlook and Thunderbird offer to accept it.

    ``organizer`` and ``attendees`` are (name, email) pairs; Berlin time with its VTIMEZONE.
    """
    lang = lang or book.lang
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = _calendar("REQUEST")
    event = _event(book, row, lang, stamp, sheet)
    name, email = organizer
    event.add("organizer", vCalAddress(f"mailto:{email}"), parameters={"CN": name})
    for name, email in attendees:
        event.add("attendee", vCalAddress(f"mailto:{email}"), parameters={
            "CN": name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"})
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    day = row["date"]
    calendar.add_missing_timezones(dt.date(day.year - 1, 1, 1), dt.date(day.year + 2, 1, 1))
    return calendar


def write_calendar(path: Path, out: Path | None = None, lang: str | None = None) -> Written:
    """``xlquartier calendar``: the planned meetings as .ics, beside the workbook by default."""
    book = read_book(path)
    lang = lang or book.lang
    out = output_file(out, Path(path).parent, t(lang, "Treffen.ics", "Meetings.ics"))
    calendar = meeting_calendar(book, lang)
    return Written((write_atomically(out, calendar.to_ical()),), lang, len(calendar.events))
