"""The network's indicators for one year, computed from the workbook's tables.

Managers report these every year (Sachbericht, funding programme) and used to count them
by hand. Every function takes the year and "today" as parameters, so a report is
reproducible, and every figure keeps the numbers it is made of, so a reader can follow it.

Partners and agreements carry no history in the workbook: "active", "ended" and "overdue"
describe their state today, while meetings, new partners, tasks and signatures are counted
by the dates within the year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..checks.load import Network, is_open, is_overdue, organisers
from ..schema import LISTS, OPEN_TASK_STATES, SETTINGS, TAKEN_UP_STATES
from ..workbook.tables import Book, Row

HELD, PLANNED, CANCELLED = "stattgefunden", "geplant", "abgesagt"
DONE = "erledigt"
TASK = "Aufgabe"
SIGNED = "unterzeichnet"
ENDED_STRUCTURE = "beendet"
OPEN_TOPIC_STATES = ("geplant", "aktiv")  # what the Übersicht counts as this year's joint topics
DROPPED_TOPIC = "zurückgestellt"


def partner_label(row: Row) -> str:
    """How a partner is named in tables and on the map: its short name if it has one."""
    return str(row["short_name"] or row["name"] or row.id or "?")


def _in_year(value: dt.date | None, year: int) -> bool:
    return value is not None and value.year == year


# --------------------------------------------------------------------------- partners

@dataclass
class PartnerCounts:
    """Partners by state; ``by_type``/``by_field`` map a list entry to (active, new, ended)."""

    total: int
    active: int
    new: int  # "Partner seit" within the year
    ended: int  # status beendet today
    contributing: int  # active partners with at least one entry under Beiträge
    by_type: dict[str, tuple[int, int, int]]
    by_field: dict[str, tuple[int, int, int]]


def partner_counts(book: Book, year: int) -> PartnerCounts:
    rows = [r for r in book.rows("partners") if r["name"] or r.id]

    def flags(row: Row) -> tuple[int, int, int]:
        return (int(row["status"] == "aktiv"), int(_in_year(row["since"], year)),
                int(row["status"] == "beendet"))

    def tally(groups: Iterable[tuple[str, Row]], order: list[str]) -> dict[str, tuple[int, int, int]]:
        sums: dict[str, list[int]] = {}
        for group, row in groups:
            counts = sums.setdefault(group, [0, 0, 0])
            for i, flag in enumerate(flags(row)):
                counts[i] += flag
        ordered = [g for g in order if g in sums] + sorted(g for g in sums if g not in order)
        return {g: tuple(sums[g]) for g in ordered if any(sums[g])}

    return PartnerCounts(
        total=len(rows),
        active=sum(flags(r)[0] for r in rows),
        new=sum(flags(r)[1] for r in rows),
        ended=sum(flags(r)[2] for r in rows),
        contributing=sum(r["status"] == "aktiv" and bool(r["contributions"]) for r in rows),
        by_type=tally(((r["type"] or "–", r) for r in rows), book.list_values("partner_type")),
        by_field=tally(((f, r) for r in rows for f in (r["fields"] or ["–"])),
                       book.list_values("field")),
    )


# --------------------------------------------------------------------------- meetings

@dataclass
class StructureMeetings:
    """One structure's meetings in the year and how many of its members came."""

    name: str
    type: str | None
    field: str | None
    members: int
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    member_places: int = 0  # members x held meetings
    members_present: int = 0  # attending members summed over held meetings
    headcount: int = 0
    residents: int = 0

    @property
    def attendance(self) -> float | None:
        return self.members_present / self.member_places if self.member_places else None


@dataclass
class MeetingStats:
    structures: list[StructureMeetings]
    per_month: list[int]  # held meetings in January .. December
    without_structure: int  # held meetings whose structure cannot be found

    def total(self, attr: str) -> int:
        return sum(getattr(s, attr) for s in self.structures)


def _member_keys(book: Book, structure: Row) -> set[int]:
    return {p.number for p in book.refs("structures", structure, "members")}


def meeting_stats(book: Book, year: int) -> MeetingStats:
    structures = [s for s in book.rows("structures") if s["name"]]
    stats = {s.number: StructureMeetings(str(s["name"]), s["type"], s["field"],
                                         len(_member_keys(book, s))) for s in structures}
    members = {s.number: _member_keys(book, s) for s in structures}
    per_month = [0] * 12
    orphans = 0
    for meeting in book.rows("meetings"):
        if not _in_year(meeting["date"], year):
            continue
        structure = book.ref("meetings", meeting, "structure")
        status = meeting["status"]
        if status == HELD:
            per_month[meeting["date"].month - 1] += 1
        if structure is None or structure.number not in stats:
            orphans += status == HELD
            continue
        entry = stats[structure.number]
        if status == PLANNED:
            entry.planned += 1
        elif status == CANCELLED:
            entry.cancelled += 1
        elif status == HELD:
            entry.held += 1
            entry.headcount += meeting["headcount"] or 0
            entry.residents += meeting["residents"] or 0
            group = members[structure.number]
            if group:
                present = Network.of(book).attended_by.get(meeting.number, set())  # people count too
                entry.member_places += len(group)
                entry.members_present += len(group & present)
    return MeetingStats(list(stats.values()), per_month, orphans)


# --------------------------------------------------------------------------- tasks

@dataclass
class TaskStats:
    """Tasks (kind Aufgabe) agreed in the year: at a meeting of the year, else due in it."""

    agreed: int = 0
    done: int = 0
    done_on_time: int = 0  # done on or before the due date (or done without a due date)
    done_late: int = 0
    done_undated: int = 0  # status erledigt without "Erledigt am"
    open: int = 0
    overdue: int = 0  # still open and due before today
    dropped: int = 0
    per_month: list[tuple[int, int, int]] = field(default_factory=list)  # (done, open, overdue) by due month


def _task_date(book: Book, task: Row) -> dt.date | None:
    meeting = book.ref("tasks", task, "meeting")
    if meeting is not None and meeting["date"]:
        return meeting["date"]
    return task["due"]


def task_stats(book: Book, year: int, today: dt.date) -> TaskStats:
    stats = TaskStats()
    months = [[0, 0, 0] for _ in range(12)]
    for task in book.rows("tasks"):
        if task["kind"] != TASK or not _in_year(_task_date(book, task), year):
            continue
        stats.agreed += 1
        due, status = task["due"], task["status"]
        month = months[due.month - 1] if due and due.year == year else None
        if status == DONE:
            stats.done += 1
            done_on = task["done_on"]
            if done_on is None:
                stats.done_undated += 1
            elif due is None or done_on <= due:
                stats.done_on_time += 1
            else:
                stats.done_late += 1
            if month:
                month[0] += 1
        elif status in OPEN_TASK_STATES or status is None:
            stats.open += 1
            late = due is not None and due < today
            stats.overdue += late
            if month:
                month[2 if late else 1] += 1
        else:
            stats.dropped += 1
    stats.per_month = [tuple(m) for m in months]
    return stats


# --------------------------------------------------------------------------- agreements

@dataclass
class AgreementStats:
    total: int
    active: int  # signed and within its term today
    signed_in_year: int
    review_due: int  # signed, and the review date has come or the term has run out
    by_kind: dict[str, int]


def review_due(row: Row, today: dt.date) -> bool:
    """The same rule as the Übersicht formula: signed, and reviewed by now or run out."""
    if row["status"] != SIGNED:
        return False
    review, until = row["review_on"], row["valid_until"]
    return (review is not None and review <= today) or (until is not None and until < today)


def in_force(row: Row, today: dt.date) -> bool:
    """Signed, and today within its term (an open start or end counts as no limit)."""
    start, until = row["valid_from"], row["valid_until"]
    return (row["status"] == SIGNED and (start is None or start <= today)
            and (until is None or until >= today))


def agreement_stats(book: Book, year: int, today: dt.date) -> AgreementStats:
    rows = [r for r in book.rows("agreements") if r["partner"] or r["subject"]]
    return AgreementStats(
        total=len(rows),
        active=sum(in_force(r, today) for r in rows),
        signed_in_year=sum(_in_year(r["signed_on"], year) for r in rows),
        review_due=sum(review_due(r, today) for r in rows),
        by_kind=dict(Counter(r["kind"] for r in rows if in_force(r, today) and r["kind"])),
    )


# --------------------------------------------------------------------------- topics

@dataclass
class TopicStats:
    titles: list[tuple[str, str]]  # (title, status) of the year's topics, deferred ones left out
    maximum: int

    @property
    def count(self) -> int:
        return len(self.titles)


def topic_stats(book: Book, year: int) -> TopicStats:
    titles = [(str(r["title"]), str(r["status"] or "")) for r in book.rows("topics")
              if r["year"] == year and r["title"] and r["status"] != DROPPED_TOPIC]
    return TopicStats(titles, book.whole("max_topics"))


# --------------------------------------------------------------------------- residents' concerns

@dataclass(frozen=True)
class ConcernStats:
    """Residents' concerns raised in the year, and how many someone took up, per field of action."""

    by_field: dict[str, tuple[int, int]]  # field (German list entry, "" for none) -> (raised, taken up)

    @property
    def raised(self) -> int:
        return sum(raised for raised, _ in self.by_field.values())

    @property
    def taken_up(self) -> int:
        return sum(taken for _, taken in self.by_field.values())


def concern_stats(book: Book, year: int) -> ConcernStats:
    """Concerns dated in ``year``; "taken up" means status aufgegriffen, in Arbeit or umgesetzt."""
    counts: dict[str, list[int]] = {}
    for row in book.rows("concerns"):
        if not _in_year(row["date"], year):
            continue
        entry = counts.setdefault(row["field"] or "", [0, 0])
        entry[0] += 1
        entry[1] += row["status"] in TAKEN_UP_STATES
    order = [de for de, _ in LISTS["field"].entries]
    ranked = sorted(counts, key=lambda f: (f == "", order.index(f) if f in order else len(order), f))
    return ConcernStats({f: (counts[f][0], counts[f][1]) for f in ranked})


# --------------------------------------------------------------------------- load and bridges

@dataclass
class PartnerLoad:
    """How much one partner carries: groups, meetings attended in the year, open tasks."""

    name: str
    structures: list[str]  # active structures it is a member of or leads
    meetings: int
    open_tasks: int
    overdue_tasks: int
    contributions: list[str]
    hosted: int  # held meetings in the year it hosted

    @property
    def involvement(self) -> int:
        """One number for the map's node size: groups, meetings, tasks and hosting together."""
        return len(self.structures) + self.meetings + self.open_tasks + self.hosted


def partner_load(book: Book, year: int, today: dt.date) -> dict[int, PartnerLoad]:
    """Every partner not ended, by its Excel row number.

    Built on the checks' indexes (``checks.load.Network``), so the report counts groups,
    attendance and tasks exactly as the overload checks do: a group's lead counts as being
    in it, a partner attends when one of its people does, and its people's tasks are its own.
    """
    net = Network.of(book)
    load = {}
    for row in book.rows("partners"):
        if not row["name"] or row["status"] == "beendet":
            continue
        tasks = [task for task in net.tasks(("partners", row.number), with_people=True) if is_open(task)]
        load[row.number] = PartnerLoad(
            partner_label(row), [str(s["name"]) for s in net.active_structures(row)], 0, len(tasks),
            sum(is_overdue(task, today) for task in tasks), list(row["contributions"] or []), 0)
    for meeting in book.rows("meetings"):
        if meeting["status"] != HELD or not _in_year(meeting["date"], year):
            continue
        for number in net.attended_by.get(meeting.number, ()):
            if number in load:
                load[number].meetings += 1
        host = book.ref("meetings", meeting, "host")
        if host is not None and host.number in load:
            load[host.number].hosted += 1
    return load


def overloaded(book: Book, load: Mapping[int, PartnerLoad], today: dt.date) -> list[PartnerLoad]:
    """The partners the overload checks warn about: directly, or through one of their people."""
    from ..checks.reliability import partner_overload, person_overload

    net = Network.of(book)
    partners = book.tables["partners"].name if "partners" in book.tables else None
    people = book.tables["people"].name if "people" in book.tables else None
    flagged: set[int] = set()
    for finding in (*partner_overload(book, today), *person_overload(book, today)):
        if finding.sheet == partners and finding.row is not None:
            flagged.add(finding.row)
        elif finding.sheet == people and (partner := net.partner_of_person.get(finding.row)) is not None:
            flagged.add(partner.number)
    return [load[n] for n in sorted(flagged) if n in load]


def bridges(load: Mapping[int, PartnerLoad]) -> list[PartnerLoad]:
    """Partners in two or more active groups: they carry news and trust from one to another."""
    found = [p for p in load.values() if len(p.structures) >= 2]
    return sorted(found, key=lambda p: (-len(p.structures), p.name.casefold()))


def contributions(book: Book) -> dict[str, list[str]]:
    """Active partners by what they contribute (Beiträge), in the order of the Listen sheet."""
    by_kind: dict[str, list[str]] = {}
    for row in book.rows("partners"):
        if row["status"] == "aktiv":
            for kind in row["contributions"] or []:
                by_kind.setdefault(kind, []).append(partner_label(row))
    order = book.list_values("contribution")
    keys = [k for k in order if k in by_kind] + sorted(k for k in by_kind if k not in order)
    return {k: sorted(by_kind[k], key=str.casefold) for k in keys}


# --------------------------------------------------------------------------- all together

# --------------------------------------------------------------------------- events

@dataclass
class EventRow:
    """One event of the year as the report lists it."""

    title: str
    date: dt.date
    status: str
    organisers: int  # lead and co-organisers (QM counts as one)
    reach: int | None
    residents: int | None


@dataclass
class EventStats:
    """The year's events: how many on several shoulders, with which partners, reaching how many people."""

    events: list[EventRow]
    co_organisers: int  # partners (not QM) that led or co-organised a held event
    reach_missing: int  # held events without an attendance figure

    def count(self, status: str) -> int:
        return sum(e.status == status for e in self.events)

    @property
    def joint(self) -> int:
        """Held events carried by two or more organisers ("auf mehreren Schultern")."""
        return sum(e.status == HELD and e.organisers > 1 for e in self.events)

    def total(self, attr: str) -> int:
        return sum(getattr(e, attr) or 0 for e in self.events if e.status == HELD)


def event_stats(book: Book, year: int) -> EventStats:
    events, partners, missing = [], set(), 0
    for row in book.rows("events"):
        if not _in_year(row["date"], year):
            continue
        carried = organisers(book, row)
        events.append(EventRow(str(row["title"] or row.id or ""), row["date"], row["status"] or "", len(carried),
                               row["reach"], row["residents"]))
        if row["status"] == HELD:
            partners |= {o.partner.number for o in carried if o.partner is not None}
            missing += row["reach"] is None
    return EventStats(sorted(events, key=lambda e: (e.date, e.title.casefold())), len(partners), missing)


@dataclass(frozen=True)
class Figure:
    """One key figure: ``value``, and ``of`` when it is a share of something."""

    key: str
    value: int
    of: int | None = None

    @property
    def share(self) -> float | None:
        return self.value / self.of if self.of else None


@dataclass
class Indicators:
    year: int
    today: dt.date
    partners: PartnerCounts
    meetings: MeetingStats
    tasks: TaskStats
    agreements: AgreementStats
    topics: TopicStats
    load: dict[int, PartnerLoad]
    overloaded: list[PartnerLoad]
    bridges: list[PartnerLoad]
    contributions: dict[str, list[str]]
    events: EventStats = field(default_factory=lambda: EventStats([], 0, 0))
    concerns: ConcernStats = field(default_factory=lambda: ConcernStats({}))

    def figures(self) -> list[Figure]:
        """The key figures of the summary table, in the report's order (see FIGURE_TEXTS)."""
        p, m, t, a = self.partners, self.meetings, self.tasks, self.agreements
        in_groups = sum(1 for s in self.load.values() if s.structures)
        return [
            Figure("partners_active", p.active, p.total),
            Figure("partners_new", p.new),
            Figure("partners_ended", p.ended),
            Figure("meetings_held", m.total("held"), m.total("held") + m.total("cancelled")),
            Figure("attendance", m.total("members_present"), m.total("member_places")),
            Figure("headcount", m.total("headcount")),
            Figure("residents", m.total("residents"), m.total("headcount")),
            Figure("tasks_agreed", t.agreed),
            Figure("tasks_done", t.done, t.agreed),
            Figure("tasks_on_time", t.done_on_time, t.done),
            Figure("tasks_overdue", t.overdue, t.agreed),
            Figure("agreements_active", a.active, a.total),
            Figure("agreements_signed", a.signed_in_year),
            Figure("agreements_review", a.review_due),
            Figure("topics", self.topics.count, self.topics.maximum),
            Figure("partners_involved", in_groups, len(self.load)),
            Figure("bridges", len(self.bridges), len(self.load)),
            Figure("overloaded", len(self.overloaded), len(self.load)),
            Figure("contributing", p.contributing, p.active),
            Figure("events_held", self.events.count(HELD), self.events.count(HELD) + self.events.count(CANCELLED)),
            Figure("events_joint", self.events.joint, self.events.count(HELD)),
            Figure("event_partners", self.events.co_organisers, p.active),
            Figure("event_reach", self.events.total("reach")),
            Figure("event_residents", self.events.total("residents"), self.events.total("reach")),
            Figure("concerns", self.concerns.raised),
            Figure("concerns_taken_up", self.concerns.taken_up, self.concerns.raised),
        ]


def indicators(book: Book, year: int, today: dt.date) -> Indicators:
    """Every indicator of the annual report for one workbook."""
    load = partner_load(book, year, today)
    return Indicators(
        year=year, today=today,
        partners=partner_counts(book, year),
        meetings=meeting_stats(book, year),
        tasks=task_stats(book, year, today),
        agreements=agreement_stats(book, year, today),
        topics=topic_stats(book, year),
        load=load,
        overloaded=sorted(overloaded(book, load, today), key=lambda p: p.name.casefold()),
        bridges=bridges(load),
        contributions=contributions(book),
        events=event_stats(book, year),
        concerns=concern_stats(book, year),
    )


def total_figures(groups: Iterable[list[Figure]]) -> list[Figure]:
    """Several workbooks' key figures added up; shares are recomputed from the sums."""
    sums: dict[str, list[int | None]] = {}
    for figures in groups:
        for f in figures:
            value, of = sums.setdefault(f.key, [0, None if f.of is None else 0])
            sums[f.key] = [value + f.value, None if of is None or f.of is None else of + f.of]
    return [Figure(key, value, of) for key, (value, of) in sums.items()]


# --------------------------------------------------------------------------- Übersicht

def overview_numbers(book: Book, today: dt.date) -> dict[str, int]:
    """What the Übersicht sheet's formulas compute, counted in Python, by the sheet's labels.

    The keys are the labels in column A of the Übersicht (in the book's language), so a
    test can compare each formula's result, as LibreOffice computes it, with this count.
    """
    from ..workbook.build import overview_formulas

    year = today.year
    tasks = [r for r in book.rows("tasks") if r["kind"] == TASK]
    open_tasks = [r for r in tasks if r["status"] in OPEN_TASK_STATES]
    held = [r for r in book.rows("meetings") if r["status"] == HELD and _in_year(r["date"], year)]
    values = [
        sum(r["status"] == "aktiv" for r in book.rows("partners")),
        sum(_in_year(r["since"], year) for r in book.rows("partners")),
        len(open_tasks),
        sum(r["due"] is not None and r["due"] < today for r in open_tasks),
        len(held),
        sum(r["residents"] or 0 for r in held),
        sum(r["year"] == year and r["status"] in OPEN_TOPIC_STATES for r in book.rows("topics")),
        book.whole("max_topics"),
        sum(in_force(r, today) for r in book.rows("agreements")),
        sum(review_due(r, today) for r in book.rows("agreements")),
    ]
    labels = [label for label, _ in overview_formulas(book.lang, dict.fromkeys(SETTINGS, 1))]
    if len(labels) != len(values):
        raise RuntimeError("overview_numbers is out of step with overview_formulas")
    return dict(zip(labels, values, strict=True))

