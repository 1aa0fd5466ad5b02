"""Who carries what in the network: structures, meetings and tasks per partner and person.

The overload checks, the Excel worksheet functions and the annual report all ask the
same questions ("how loaded is this partner?", "what does she still owe?", "how many
joint topics this year?"), so the answers are computed here once, from the ``Book``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import UserError
from ..schema import DATA_SHEETS, LISTS, OPEN_TASK_STATES, list_entry_map, normalize_header
from ..workbook.tables import Book, Match, Row, role_of, today_or

ACTIVE = "aktiv"
PLANNED = "geplant"
HELD = "stattgefunden"
OUTSIDE_BODY = "Gremium (extern)"  # a structure kind: a body the office only takes part in
CANCELLED = "abgesagt"
SIGNED = "unterzeichnet"
TOPIC_STATES = ("geplant", "aktiv")  # annual topics that count against the maximum

Quarter = tuple[int, int]  # (year, 1..4)
Who = tuple[str, int]  # (sheet key, Excel row number) of a person or partner
_CACHE = "_xlquartier_network"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter(day: dt.date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def is_open(task: Row) -> bool:
    return task["status"] in OPEN_TASK_STATES


def is_overdue(task: Row, today: dt.date) -> bool:
    return is_open(task) and task["due"] is not None and task["due"] < today


def who(match: Match | None) -> Who | None:
    """The key of a resolved person or partner; None for QM or nothing."""
    return (match.sheet, match.row.number) if match and match.row is not None else None


@dataclass
class Network:
    """Indexes over one book, built once per book so every rule stays linear in the rows."""

    book: Book
    members: dict[int, list[Row]] = field(default_factory=dict)  # structure row -> partners
    structures_of: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    meetings_of: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    dated_meetings_of: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))  # structure
    # row -> its meetings with a date that were not cancelled, by date
    attended_by: dict[int, set[int]] = field(default_factory=dict)  # meeting row -> partner rows
    tasks_of: dict[Who, list[Row]] = field(default_factory=lambda: defaultdict(list))
    people_of: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    partner_of_person: dict[int, Row] = field(default_factory=dict)

    @classmethod
    def of(cls, book: Book) -> Network:
        """The indexes of ``book``, built on first use and kept on it: every check of one run
        shares them (a book is read, checked and dropped; it does not change in between)."""
        cached = book.__dict__.get(_CACHE)
        if cached is None:
            cached = book.__dict__[_CACHE] = cls._build(book)
        return cached

    @classmethod
    def _build(cls, book: Book) -> Network:
        net = cls(book)
        for person in book.rows("people"):
            partner = book.ref("people", person, "partner")
            if partner is not None:
                net.people_of[partner.number].append(person)
                net.partner_of_person[person.number] = partner
        for structure in book.rows("structures"):
            members = book.refs("structures", structure, "members")
            lead = book.ref("structures", structure, "lead")
            net.members[structure.number] = members
            involved = {p.number: p for p in [*members, *([lead] if lead else [])]}
            for number in involved:
                net.structures_of[number].append(structure)
        for meeting in book.rows("meetings"):
            attended = {p.number for p in book.refs("meetings", meeting, "partners")}
            attended |= {partner_row.number for person in book.refs("meetings", meeting, "people")
                         if (partner_row := net.partner_of_person.get(person.number))}
            net.attended_by[meeting.number] = attended
            if meeting["status"] == CANCELLED:
                continue
            structure = book.ref("meetings", meeting, "structure")
            if structure is not None and meeting["date"] is not None:
                net.dated_meetings_of[structure.number].append(meeting)
            invited = set(attended)
            invited |= {p.number for p in book.refs("meetings", meeting, "excused")}
            if structure is not None:
                invited |= {p.number for p in net.members.get(structure.number, [])}
            for number in invited:
                net.meetings_of[number].append(meeting)
        for meetings in net.dated_meetings_of.values():
            meetings.sort(key=lambda m: m["date"])
        responsible = DATA_SHEETS["tasks"].column("responsible")
        for task in book.rows("tasks"):
            key = who(book.resolve(responsible, task["responsible"]))
            if key is not None:
                net.tasks_of[key].append(task)
        return net

    def active_structures(self, partner: Row) -> list[Row]:
        return [s for s in self.structures_of.get(partner.number, []) if s["status"] == ACTIVE]

    def tasks(self, key: Who, with_people: bool = False) -> list[Row]:
        """Tasks a person or partner is responsible for; a partner's people's tasks on request."""
        tasks = list(self.tasks_of.get(key, []))
        if with_people and key[0] == "partners":
            for person in self.people_of.get(key[1], []):
                tasks += self.tasks_of.get(("people", person.number), [])
        return tasks


# --------------------------------------------------------------------------- public helpers

@dataclass(frozen=True)
class PartnerLoad:
    """What one partner carries: the basis of the overload warnings and of the report."""

    partner: Row
    structures: list[Row]  # active structures it is a member of or leads
    meetings_this_quarter: list[Row]  # meetings it is invited to in today's quarter
    open_tasks: list[Row]  # its own and its people's
    overdue_tasks: list[Row]


def partner_named(book: Book, text: str) -> Row:
    """The one partner ``text`` names (ID, short name or name); a plain error otherwise."""
    matches = [m for m in book.lookup(DATA_SHEETS["agreements"].column("partner"), text) if m.row]
    if len(matches) != 1:
        raise UserError(
            f"„{text}“ bezeichnet nicht genau einen Partner; bitte ID, Kurzname oder Name angeben.",
            f"“{text}” does not name exactly one partner; give its ID, short name or name.")
    return matches[0].row


def partner_load(book: Book, partner: str, today: dt.date | None = None) -> PartnerLoad:
    """The load of the partner named ``partner`` (ID, short name or name) on ``today``."""
    return load_of(book, partner_named(book, partner), today)


def load_of(book: Book, row: Row, today: dt.date | None = None) -> PartnerLoad:
    """The load of the partner in ``row`` on ``today``."""
    today = today_or(today)
    net = Network.of(book)
    tasks = [task for task in net.tasks(("partners", row.number), with_people=True) if is_open(task)]
    return PartnerLoad(
        row, net.active_structures(row),
        [m for m in net.meetings_of.get(row.number, [])
         if m["date"] is not None and quarter(m["date"]) == quarter(today)],
        tasks, [task for task in tasks if is_overdue(task, today)])


def open_tasks(book: Book, responsible: str) -> list[Row]:
    """The open tasks of a person, a partner (with its people's) or QM, in sheet order."""
    column = DATA_SHEETS["tasks"].column("responsible")
    matches = book.lookup(column, responsible)
    if len(matches) != 1:
        raise UserError(
            f"„{responsible}“ bezeichnet nicht genau eine Person, einen Partner oder {book.qm}.",
            f"“{responsible}” does not name exactly one person, partner or {book.qm}.")
    match = matches[0]
    if match.is_qm:
        return [task for task in book.rows("tasks") if is_open(task)
                and (m := book.resolve(column, task["responsible"])) is not None and m.is_qm]
    key = who(match)
    assert key is not None
    tasks = Network.of(book).tasks(key, with_people=True)
    return sorted((task for task in tasks if is_open(task)), key=lambda task: task.number)


def joint_topics(book: Book, year: int) -> list[Row]:
    """The annual topics of ``year`` that count against the maximum (planned or active)."""
    return [row for row in book.rows("topics") if row["year"] == year and row["status"] in TOPIC_STATES]


def last_contacts(book: Book) -> dict[int, dt.date]:
    """The date of the latest entry in the contact log per partner (by Excel row number).

    An entry about a person counts for the person's partner. Empty while the schema has no
    contact log ("contacts": date, partner, ...).
    """
    spec = DATA_SHEETS.get("contacts")
    if spec is None:
        return {}
    column = spec.column("partner")
    net = Network.of(book)
    latest: dict[int, dt.date] = {}
    for entry in book.rows("contacts"):
        day = entry["date"]
        if day is None:
            continue
        matches = (book.resolve_all(column, entry["partner"]) if column.multi
                   else [m for m in [book.resolve(column, entry["partner"])] if m])
        for match in matches:
            partner = _partner_behind(net, match)
            if partner is not None and (partner.number not in latest or latest[partner.number] < day):
                latest[partner.number] = day
    return latest


def _partner_behind(net: Network, match: Match) -> Row | None:
    """The partner a reference means: the partner itself, or a person's partner (None for QM)."""
    if match.row is None:
        return None
    if match.sheet == "people":
        return net.partner_of_person.get(match.row.number)
    return match.row if match.sheet == "partners" else None
# --------------------------------------------------------------------------- events and offers

ROOM = "Raum"
EVERYONE = "alle Bewohner*innen"  # a target group that includes every other


@dataclass(frozen=True)
class Organiser:
    """One shoulder an event rests on: a partner (or QM, ``partner`` None) and its role."""

    partner: Row | None
    role: str


def organisers(book: Book, event: Row) -> list[Organiser]:
    """The lead and the co-organisers of an event, each once, with the role written after a colon."""
    spec = DATA_SHEETS["events"]
    found: list[Organiser] = []
    seen: set[int] = set()
    texts = [(spec.column("lead"), event["lead"])] + [(spec.column("co_organisers"), text)
                                                      for text in event["co_organisers"] or []]
    for column, text in texts:
        match = book.resolve(column, text) if text else None
        if match is None:
            continue
        key = match.row.number if match.row is not None else 0
        if key not in seen:
            seen.add(key)
            found.append(Organiser(match.row, role_of(text) if column.roles else ""))
    return found


def room_of(book: Book, place: str | None) -> Row | None:
    """The room offer a place names: by its ID or title, or by the room's address in the text."""
    if not place:
        return None
    rooms = [o for o in book.rows("offers") if o["kind"] == ROOM]
    if not rooms:
        return None
    text = normalize_header(place)
    for room in rooms:
        if text in (normalize_header(room.id or ""), normalize_header(room["title"] or "")):
            return room
    for room in rooms:
        for part in (room["title"], room["place"]):
            if part and len(normalize_header(part)) >= 6 and normalize_header(part) in text:
                return room
    return None


def _canonical(list_key: str, text: object) -> str | None:
    if text is None or not str(text).strip():
        return None
    return list_entry_map(LISTS[list_key]).get(normalize_header(text), str(text).strip())


def find_offers(book: Book, target_group: object = None, field: object = None, kind: object = None,
                today: dt.date | None = None) -> list[Row]:
    """Offers still valid on ``today`` for a target group, field of action and kind (each optional).

    An offer for "alle Bewohner*innen" suits every target group; the values may be German or English.
    """
    today = today_or(today)
    group, wanted_field, wanted_kind = (_canonical("target_group", target_group), _canonical("field", field),
                                        _canonical("offer_kind", kind))
    found = []
    for offer in book.rows("offers"):
        if offer["valid_until"] is not None and offer["valid_until"] < today:
            continue
        if wanted_kind and offer["kind"] != wanted_kind:
            continue
        if wanted_field and offer["field"] != wanted_field:
            continue
        groups = offer["target_groups"] or []
        if group and group not in groups and EVERYONE not in groups:
            continue
        found.append(offer)
    return found
