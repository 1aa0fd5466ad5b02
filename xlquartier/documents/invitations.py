"""Invitations to planned meetings and events: a Word letter, a calendar request and an e-mail draft.

Before a meeting something should go out: the agenda, the place and how to get in, what is
due by then and who owes it, and where the last minutes are. For each planned meeting or
event this writes

- the invitation from an editable template (``Einladung.docx``, see VARIABLES.md);
- an iCalendar REQUEST with the neighbourhood management as ORGANIZER and the invited
  people who agreed to have their address shared ("Weitergabe an Partner: ja") as ATTENDEE;
- an e-mail draft (``.eml``, ``X-Unsent: 1``) with both attached and every invited address in
  Bcc, so nobody sees the others' addresses; Outlook and Thunderbird open it as a new message.

``run_invitations`` then enters the date in ``Eingeladen am``, surgically, as the check
``not-invited`` expects.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from typing import Any

from ..checks.load import PLANNED, is_open, organisers, room_of
from ..errors import UserError
from ..files import PRIVATE, write_atomically
from ..schema import DATA_SHEETS
from ..texts import plural, t
from ..workbook.read import read_book
from ..workbook.tables import Book, Row, person_name, today_or
from ..workbook.write import Package
from .batch import BatchResult, Job, Progress, safe_name
from .common import Notices, date_text, label, partner_name, people_by_partner, qm_context, responsible_text, time_span
from .writer import write_batch

Item = tuple[str, Row]  # (sheet key "meetings" or "events", row)
Address = tuple[str, str]  # (name, email)
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
WEEKDAYS = {"de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
            "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
REPLY_DAYS = 7  # the reply is asked for a week before, when there is still a week to go


@dataclass
class InvitationResult(BatchResult):
    """The Word invitations (``written``) plus their calendar requests, e-mail drafts and the rows invited."""

    calendars: list[Path] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    invited: list[Item] = field(default_factory=list)
    marked: int = 0  # rows whose "Eingeladen am" was filled in
    lang: str = "de"


# --------------------------------------------------------------------------- what to invite to

def select_items(book: Book, meeting_ids: Iterable[str] | None, event_ids: Iterable[str] | None,
                 next_days: int | None, today: dt.date, notices: Notices) -> list[Item]:
    """The meetings and events asked for by ID, else the planned ones of the next days.

    Without IDs and days: the planned ones within the ``invite_days`` setting not yet invited.
    """
    chosen: list[Item] = []
    asked = [("meetings", i) for i in meeting_ids or []] + [("events", i) for i in event_ids or []]
    for sheet, wanted in asked:
        by_id = {row.id.casefold(): row for row in book.rows(sheet) if row.id}
        row = by_id.get(str(wanted).strip().casefold())
        what = t(notices.lang, "Treffen", "meeting") if sheet == "meetings" else t(
            notices.lang, "Veranstaltung", "event")
        if row is None:
            notices.add(str(wanted), f"{what} {wanted} gibt es nicht.", f"There is no {what} {wanted}.", skipped=True)
        elif row["status"] != PLANNED or not isinstance(row["date"], dt.date):
            notices.add(str(wanted), f"{what} {wanted} ist nicht geplant (oder ohne Datum); keine Einladung.",
                        f"{what} {wanted} is not planned (or has no date); no invitation.", skipped=True)
        elif (sheet, row) not in chosen:
            chosen.append((sheet, row))
    if asked:
        return chosen
    days = next_days if next_days is not None else book.whole("invite_days")
    if days < 0:
        raise UserError("--next braucht eine Zahl von Tagen ab 0.", "--next needs a number of days from 0.")
    for sheet in ("meetings", "events"):
        for row in book.rows(sheet):
            date = row["date"]
            if (row["status"] == PLANNED and isinstance(date, dt.date) and today <= date <= today + dt.timedelta(days)
                    and (next_days is not None or row["invited_on"] is None)):
                chosen.append((sheet, row))
    return sorted(chosen, key=lambda item: (item[1]["date"], item[1]["start"] or dt.time(), item[0]))


# --------------------------------------------------------------------------- who is invited

def _clean(text: Any) -> str:
    return _CONTROL.sub(" ", str(text or "")).strip()


def _invited_partners(book: Book, sheet: str, row: Row) -> list[Row]:
    """The organisations invited: a round's lead and members; an event's organisers and its round's members."""
    partners: list[Row] = []
    if sheet == "meetings":
        structure = book.ref("meetings", row, "structure")
        candidates = ([book.ref("structures", structure, "lead")] + book.refs("structures", structure, "members")
                      if structure is not None else [])
    else:
        structure = book.ref("events", row, "structure")
        candidates = [o.partner for o in organisers(book, row)]
        if structure is not None:
            candidates += book.refs("structures", structure, "members")
    for partner in candidates:
        if partner is not None and partner not in partners and partner["status"] != "beendet":
            partners.append(partner)
    return partners


def _last_attendees(book: Book, row: Row) -> list[Row]:
    """People without an organisation who attended the round's last held meeting (key persons)."""
    structure = book.ref("meetings", row, "structure")
    held = [m for m in book.rows("meetings") if m["status"] == "stattgefunden" and isinstance(m["date"], dt.date)
            and m["date"] < row["date"] and structure is not None and book.ref("meetings", m, "structure") is structure]
    if not held:
        return []
    last = max(held, key=lambda m: m["date"])
    return [p for p in book.refs("meetings", last, "people") if book.ref("people", p, "partner") is None]


def _may_contact(person: Row) -> bool:
    """A person with an address and a legal basis to be written to (consent needs its date)."""
    basis = person["legal_basis"]
    if basis == "Einwilligung" and person["consent_date"] is None:
        return False
    return bool(basis) and bool(person["email"])


def recipients(book: Book, sheet: str, row: Row, notices: Notices) -> tuple[list[Address], list[Address]]:
    """(Bcc of the e-mail, ATTENDEEs of the calendar request).

    Bcc: everyone invited who may be written to, or the organisation's address when none of
    its people may. ATTENDEE: only those who agreed to have their address shared with the
    other partners ("Weitergabe an Partner: ja") and organisation addresses, since every
    recipient of the request sees its attendee list.
    """
    people_of = people_by_partner(book)
    bcc: list[Address] = []
    attendees: list[Address] = []
    invalid = []

    def add(target: list[Address], name: str, address: Any) -> None:
        address = _clean(address)
        if not _EMAIL.match(address):
            if address and address not in invalid:
                invalid.append(address)
            return
        if address.casefold() not in {a.casefold() for _, a in target}:
            target.append((_clean(name), address))

    people = [(partner, person) for partner in _invited_partners(book, sheet, row)
              for person in people_of.get(partner.number, [])]
    if sheet == "meetings":
        people += [(None, person) for person in _last_attendees(book, row)]
    reached: set[int] = set()
    for partner, person in people:
        if _may_contact(person):
            add(bcc, person_name(person), person["email"])
            if partner is not None:
                reached.add(partner.number)
            if person["share"] == "ja":
                add(attendees, person_name(person), person["email"])
    for partner in _invited_partners(book, sheet, row):
        if partner.number not in reached and partner["email"]:
            add(bcc, partner_name(book, partner), partner["email"])
            add(attendees, partner_name(book, partner), partner["email"])
    if invalid:
        item = row.id or f"#{row.number}"
        notices.add(item, f"Keine gültige E-Mail-Adresse, weggelassen: {', '.join(invalid)}",
                    f"Not a valid email address, left out: {', '.join(invalid)}")
    return bcc, attendees


# --------------------------------------------------------------------------- the letter

def _venue(book: Book, place: Any, lang: str) -> dict[str, str]:
    """The place, and how to get in when it is a room of the catalogue."""
    room = room_of(book, str(place)) if place else None
    venue = {"name": _clean(place), "address": "", "step_free": "", "toilet": "", "capacity": "",
             "accessibility": ""}
    if room is None:
        return venue
    owner = book.ref("offers", room, "partner")
    venue["name"] = _clean(room["title"]) + (f" ({partner_name(book, owner)})" if owner is not None else "")
    venue["address"] = _clean(room["place"])
    venue["step_free"] = label("yes_no", room["step_free"], lang)
    venue["toilet"] = label("yes_no", room["toilet"], lang)
    venue["capacity"] = str(room["capacity"]) if room["capacity"] else ""
    notes = []
    if room["step_free"] == "ja":
        notes.append(t(lang, "stufenlos erreichbar", "step-free access"))
    elif room["step_free"] == "nein":
        notes.append(t(lang, "nicht stufenlos erreichbar", "not step-free"))
    if room["toilet"] == "ja":
        notes.append(t(lang, "barrierefreies WC", "accessible toilet"))
    elif room["toilet"] == "nein":
        notes.append(t(lang, "kein barrierefreies WC", "no accessible toilet"))
    if room["capacity"]:
        notes.append(plural(lang, room["capacity"], ("Platz", "Plätze"), ("seat", "seats")))
    venue["accessibility"] = ", ".join(notes)
    return venue


def _earlier_meetings(book: Book, row: Row) -> list[Row]:
    structure = book.ref("meetings", row, "structure")
    if structure is None:
        return []
    return sorted((m for m in book.rows("meetings") if m is not row and isinstance(m["date"], dt.date)
                   and m["date"] < row["date"] and book.ref("meetings", m, "structure") is structure),
                  key=lambda m: m["date"])


def _due_tasks(book: Book, sheet: str, row: Row, lang: str, today: dt.date) -> list[dict[str, str]]:
    """Open tasks due by the date: from the round's earlier meetings, or belonging to the event."""
    if sheet == "meetings":
        earlier = set(map(id, _earlier_meetings(book, row)))
        mine = [task for task in book.rows("tasks") if id(book.ref("tasks", task, "meeting")) in earlier]
    else:
        mine = [task for task in book.rows("tasks") if book.ref("tasks", task, "event") is row]
    found = []
    for task in mine:
        if task["kind"] != "Aufgabe" or not is_open(task) or not isinstance(task["due"], dt.date):
            continue
        if task["due"] <= row["date"]:
            found.append({"id": task.id or "", "description": _clean(task["description"]),
                          "responsible": responsible_text(book, task["responsible"], lang),
                          "due": date_text(task["due"], lang),
                          "overdue": t(lang, "überfällig", "overdue") if task["due"] < today else ""})
    return sorted(found, key=lambda f: (f["due"], f["id"]))


def _last_minutes(book: Book, row: Row, lang: str) -> dict[str, str] | None:
    held = [m for m in _earlier_meetings(book, row) if m["status"] == "stattgefunden"]
    if not held:
        return None
    last = held[-1]
    structure = book.ref("meetings", last, "structure")
    file = (f"{last['date'].isoformat()}_{t(lang, 'Protokoll', 'Minutes')}_"
            f"{safe_name(structure['name'] if structure is not None else '')}.docx")
    return {"id": last.id or "", "date": date_text(last["date"], lang),
            "sent": date_text(last["minutes_sent"], lang) if isinstance(last["minutes_sent"], dt.date) else "",
            "file": file}


def invitation_context(book: Book, sheet: str, row: Row, lang: str, today: dt.date,
                       notices: Notices) -> dict[str, Any] | None:
    """The variables of one invitation (see ``variables.INVITATION``); None (reported) when impossible."""
    item = row.id or f"#{row.number}"
    if sheet == "meetings":
        structure = book.ref("meetings", row, "structure")
        if structure is None:
            notices.add(item, "Treffen ohne (bekannte) Struktur: keine Einladung geschrieben.",
                        "Meeting without a (known) structure: no invitation written.", skipped=True)
            return None
        title, group = _clean(structure["name"]), _clean(structure["name"])
        host = book.resolve(DATA_SHEETS["meetings"].column("host"), row["host"])
        host_text = (str(book.setting("qm_name")) if host is not None and host.is_qm
                     else partner_name(book, host.row) if host is not None else _clean(row["host"]))
        agenda = [_clean(a) for a in row["agenda"] or []]
    else:
        structure = book.ref("events", row, "structure")
        title, group = _clean(row["title"]), _clean(structure["name"]) if structure is not None else ""
        host_text = ""
        agenda = []
    carried = [{"name": partner_name(book, o.partner) if o.partner is not None else str(book.setting("qm_name")),
                "role": _clean(o.role) or (t(lang, "Federführung", "lead") if i == 0 and row["lead"] else "")}
               for i, o in enumerate(organisers(book, row) if sheet == "events" else [])]
    date = row["date"]
    reply = date - dt.timedelta(days=REPLY_DAYS)
    context = qm_context(book, lang, today, notices)
    context.update({
        "kind": "meeting" if sheet == "meetings" else "event",
        "id": row.id or "",
        "title": title,
        "group": group,
        "date": date_text(date, lang),
        "weekday": WEEKDAYS[lang][date.weekday()],
        "time": time_span(row["start"], row["end"], lang),
        "venue": _venue(book, row["place"], lang),
        "host": host_text,
        "organisers": carried,
        "target_groups": ", ".join(label("target_group", g, lang) for g in (row["target_groups"] or [])
                                   ) if sheet == "events" else "",
        "agenda": agenda,
        "tasks": _due_tasks(book, sheet, row, lang, today),
        "last_minutes": _last_minutes(book, row, lang) if sheet == "meetings" else None,
        "invited": [partner_name(book, p) for p in _invited_partners(book, sheet, row)],
        "reply_by": date_text(reply, lang) if reply > today else "",
    })
    return context


def invitation_filename(context: dict[str, Any], row: Row, lang: str) -> str:
    return f"{row['date'].isoformat()}_{t(lang, 'Einladung', 'Invitation')}_{safe_name(context['title'])}.docx"


# --------------------------------------------------------------------------- the e-mail

def _body(context: dict[str, Any], lang: str) -> str:
    venue = context["venue"]
    where = venue["name"] + (f", {venue['address']}" if venue["address"] else "")
    when = f"{context['weekday']}, {context['date']}" + (f", {context['time']}" if context["time"] else "")
    lines = [t(lang, "Liebe Partnerinnen und Partner,", "Dear partners,"), "",
             t(lang, f"hiermit laden wir Sie herzlich ein: {context['title']}, {when}",
               f"You are warmly invited: {context['title']}, {when}") + (f" – {where}" if where else "") + "."]
    if venue["accessibility"]:
        lines.append(t(lang, "Zum Ort: ", "The place: ") + venue["accessibility"] + ".")
    if context["agenda"]:
        lines += ["", t(lang, "Tagesordnung:", "Agenda:")]
        lines += [f"{n}. {item}" for n, item in enumerate(context["agenda"], start=1)]
    lines += ["", t(lang, "Die Einladung (Word) und der Kalendereintrag hängen an.",
                    "The invitation (Word) and the calendar entry are attached.")]
    if context["reply_by"]:
        lines.append(t(lang, f"Bitte geben Sie bis {context['reply_by']} Bescheid, ob Sie teilnehmen.",
                       f"Please let us know by {context['reply_by']} whether you will come."))
    qm = context["qm"]
    lines += ["", t(lang, "Mit freundlichen Grüßen", "Kind regards"), qm["full_name"]]
    lines += [v for v in (qm["email"], qm["phone"]) if v]
    return "\n".join(lines) + "\n"


def draft(context: dict[str, Any], sender: Address, bcc: list[Address], docx: Path, ics: bytes, ics_name: str,
          lang: str) -> bytes:
    """An unsent e-mail (``X-Unsent: 1``): every recipient in Bcc, the invitation and the request attached."""
    message = EmailMessage()
    message["Subject"] = _clean(t(lang, f"Einladung: {context['title']} am {context['date']}",
                                  f"Invitation: {context['title']} on {context['date']}"))
    message["From"] = formataddr(sender)
    if bcc:
        message["Bcc"] = ", ".join(formataddr(address) for address in bcc)
    message["X-Unsent"] = "1"
    message.set_content(_body(context, lang))
    message.add_attachment(docx.read_bytes(), maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename=docx.name)
    message.add_attachment(ics, maintype="text", subtype="calendar", filename=ics_name,
                           params={"method": "REQUEST", "charset": "utf-8"})
    return message.as_bytes(policy=email.policy.default.clone(linesep="\r\n"))


def _private(path: Path, data: bytes) -> Path:
    """Calendar requests and drafts hold people's addresses: only the office's own account reads them."""
    return write_atomically(path, data, mode=PRIVATE)


# --------------------------------------------------------------------------- writing

def write_invitations(book: Book, meeting_ids: Iterable[str] | None = None, event_ids: Iterable[str] | None = None,
                      next_days: int | None = None, out_dir: Path | None = None, pdf: bool = False,
                      templates: Path | None = None, lang: str | None = None, today: dt.date | None = None,
                      progress: Progress | None = None) -> InvitationResult:
    """Write the invitation, calendar request and e-mail draft of each chosen meeting or event."""
    from ..report.calendar import request_calendar

    lang = lang or book.lang
    today = today_or(today)
    qm_email, qm_name = _clean(book.setting("email")), _clean(book.setting("qm_name"))
    if not _EMAIL.match(qm_email):
        raise UserError(
            "Für Einladungen braucht xlquartier die E-Mail-Adresse des Quartiersmanagements: bitte im Blatt "
            "„Einstellungen“ unter „E-Mail“ eintragen.",
            "Invitations need the neighbourhood management's email address: please enter it in the "
            "“Settings” sheet under “Email”.")
    notices = Notices(lang)
    jobs, extra = [], {}
    for sheet, row in select_items(book, meeting_ids, event_ids, next_days, today, notices):
        context = invitation_context(book, sheet, row, lang, today, notices)
        if context is None:
            continue
        job = Job(row.id or f"#{row.number}", invitation_filename(context, row, lang), context)
        jobs.append(job)
        extra[id(job)] = (sheet, row, recipients(book, sheet, row, notices))
    batch = write_batch(book, "invitation", jobs, notices, out_dir, t(lang, "Einladungen", "Invitations"), pdf,
                        templates, lang, progress)
    result = InvitationResult(batch.written, batch.pdfs, batch.notices, lang=lang)
    by_name = {job.filename: job for job in jobs}
    for docx in batch.written:
        job = by_name[docx.name]
        sheet, row, (bcc, attendees) = extra[id(job)]
        ics = request_calendar(book, row, sheet, (qm_name, qm_email), attendees, lang).to_ical()
        result.calendars.append(_private(docx.with_suffix(".ics"), ics))
        result.drafts.append(_private(docx.with_suffix(".eml"), draft(
            job.context, (qm_name, qm_email), bcc, docx, ics, docx.with_suffix(".ics").name, lang)))
        result.invited.append((sheet, row))
    return result


def mark_invited(path: Path, book: Book, items: Iterable[Item], day: dt.date) -> int:
    """Enter ``day`` under "Eingeladen am" of each item, surgically (after a backup); returns how many."""
    cells: dict[str, dict[str, dt.date]] = {}
    for sheet, row in items:
        table = book.tables[sheet]
        cell = table.cell(row.number, "invited_on")
        if cell is not None:
            cells.setdefault(table.name, {})[cell] = day
    if not cells:
        return 0
    with Package.open(path, book.lang, expect=book.fingerprint,
                      retention_days=book.setting("retention_days")) as pkg:  # saved under the write lock
        for sheet_name, values in cells.items():
            pkg.set_cells(sheet_name, values)
    return sum(len(v) for v in cells.values())


def run_invitations(path: str | Path, meeting_ids: Iterable[str] | None = None,
                    event_ids: Iterable[str] | None = None, next_days: int | None = None,
                    out_dir: Path | None = None, pdf: bool = False, templates: Path | None = None,
                    lang: str | None = None, today: dt.date | None = None, mark: bool = True,
                    progress: Progress | None = None) -> InvitationResult:
    """``xlquartier invitations``: write the invitations of a workbook file and mark the rows invited."""
    path = Path(path)
    book = read_book(path)
    event_ids = list(event_ids or [])
    book.require(*(["events"] if event_ids else []), columns={"meetings": ("invited_on",)})
    result = write_invitations(book, meeting_ids, event_ids, next_days, out_dir, pdf, templates, lang, today,
                               progress)
    if mark and result.invited:
        result.marked = mark_invited(path, book, result.invited, today_or(today))
    return result


def invited_lines(result: InvitationResult, lang: str) -> list[str]:
    """What an invitation run wrote, for the command line and the Excel message box."""
    where = f" in {result.written[0].parent}" if result.written else ""
    lines = [plural(lang, len(result.written), ("Einladung", "Einladungen"), ("invitation", "invitations"))
             + t(lang, " mit Kalendereintrag und E-Mail-Entwurf", " with calendar entry and email draft") + where]
    lines += [f"  {p.name}" for p in result.written]
    if result.marked:
        lines.append(t(lang, f"„Eingeladen am“ eingetragen: {result.marked}",
                       f"“Invited on” filled in: {result.marked}"))
    lines += [f"{n.item}: {n.message}" for n in result.notices]
    return lines
