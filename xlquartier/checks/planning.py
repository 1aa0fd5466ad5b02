"""Planning without Doppelstrukturen: warnings while a round or an event is still being planned.

The practice says to avoid duplicate structures and overload *when* meetings and events are
initiated, by docking onto groups that already exist. So these checks look at what is
planned (status ``geplant``, or a round started only recently) and compare it with what is
active: members, field of action, topics, name, rhythm and meeting days. Each finding sits on
the new or planned row, names the existing round or event to dock onto, and says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..schema import translate
from ..texts import format_date, plural, t
from ..workbook.tables import Book, Row
from .cells import field_label, finding_at, label, names, quoted, row_ref
from .duplicates import _docked, _tags
from .finding import Finding
from .load import ACTIVE, CANCELLED, PLANNED, Network, organisers
from .matching import name_score
from .reliability import _months_before

_CACHE = "_xlquartier_planned_duplicates"


@dataclass(frozen=True)
class Overlap:
    """Why a planned round duplicates an active one."""

    planned: Row
    existing: Row
    common: list[Row]  # members the two share
    members: int  # members of the planned round
    topics: list[str]  # shared topic tags, as the planned round writes them
    same_field: bool
    alike_name: bool

    @property
    def share(self) -> float:
        return len(self.common) / self.members if self.members else 0.0


def planned_overlaps(book: Book) -> dict[int, Overlap]:
    """Planned structure row -> the active round it most duplicates (computed once per book)."""
    cached = book.__dict__.get(_CACHE)
    if cached is not None:
        return cached
    share = book.number("plan_member_share")
    score = book.number("dup_partner_score")
    net = Network.of(book)
    structures = book.rows("structures")
    active = [s for s in structures if s["status"] == ACTIVE]
    found: dict[int, Overlap] = {}
    for plan in structures:
        if plan["status"] != PLANNED:
            continue
        mine = {p.number: p for p in net.members.get(plan.number, [])}
        tags = _tags(plan)
        candidates = []
        for other in active:
            if _docked(book, plan, other):
                continue
            theirs = {p.number for p in net.members.get(other.number, [])}
            common = [p for n, p in mine.items() if n in theirs]
            other_tags = _tags(other)
            shared = [tag for key, tag in tags.items() if key in other_tags]
            same_field = bool(plan["field"]) and plan["field"] == other["field"]
            alike = bool(plan["name"] and other["name"]) and name_score(plan["name"], other["name"]) >= score
            overlap = Overlap(plan, other, common, len(mine), shared, same_field, alike)
            if mine and overlap.share >= share and (same_field or shared or alike):
                candidates.append(overlap)
            elif not mine and same_field and (shared or alike):  # members not chosen yet: the subject decides
                candidates.append(overlap)
        if candidates:
            found[plan.number] = max(candidates, key=lambda o: (o.share, len(o.topics), o.alike_name,
                                                                -o.existing.number))
    book.__dict__[_CACHE] = found
    return found


def _rhythm(book: Book, existing: Row, planned: Row, meetings: list[Row], today: dt.date) -> tuple[str, str]:
    """How and when the existing round meets, for the message: cadence and the next (or last) date."""
    parts_de, parts_en = [], []
    cadence = existing["cadence"]
    if cadence:
        both = cadence == planned["cadence"]
        parts_de.append(f"trifft sich {translate('cadence', cadence, 'de')}" + (" wie geplant" if both else ""))
        parts_en.append(f"meets {translate('cadence', cadence, 'en')}" + (" as planned" if both else ""))
    upcoming = [m for m in meetings if m["date"] >= today]
    if upcoming:
        parts_de.append(f"nächstes Treffen am {format_date(upcoming[0]['date'], 'de')}")
        parts_en.append(f"next meeting on {format_date(upcoming[0]['date'], 'en')}")
    elif meetings:
        parts_de.append(f"zuletzt am {format_date(meetings[-1]['date'], 'de')}")
        parts_en.append(f"last met on {format_date(meetings[-1]['date'], 'en')}")
    return ", ".join(parts_de), ", ".join(parts_en)


def planned_duplicate_structure(book: Book, today: dt.date) -> Iterator[Finding]:
    """A planned round whose members already meet in an active one on the same subject."""
    meetings = Network.of(book).dated_meetings_of
    for overlap in planned_overlaps(book).values():
        plan, other = overlap.planned, overlap.existing
        why_de, why_en = [], []
        if overlap.members:
            who = names([label(book, "partners", p) for p in overlap.common], book.lang, limit=4)
            why_de.append(f"{len(overlap.common)} von {overlap.members} Mitgliedern treffen sich dort schon ({who})")
            why_en.append(f"{len(overlap.common)} of {overlap.members} members already meet there ({who})")
        if overlap.same_field:
            why_de.append(f"gleiches Handlungsfeld {field_label(book, plan['field'])}")
            why_en.append(f"same field {field_label(book, plan['field'])}")
        if overlap.topics:
            why_de.append(f"gemeinsame Themen: {', '.join(overlap.topics)}")
            why_en.append(f"shared topics: {', '.join(overlap.topics)}")
        if overlap.alike_name:
            why_de.append("ähnlicher Name")
            why_en.append("alike name")
        rhythm_de, rhythm_en = _rhythm(book, other, plan, meetings.get(other.number, []), today)
        when_de = f"; {label(book, 'structures', other)} {rhythm_de}" if rhythm_de else ""
        when_en = f"; {label(book, 'structures', other)} {rhythm_en}" if rhythm_en else ""
        yield finding_at(book, "structures", plan, "name", "planned-duplicate-structure", "warning", t(
            book.lang,
            f"Die geplante Runde {quoted(label(book, 'structures', plan), 'de')} doppelt "
            f"{quoted(label(book, 'structures', other), 'de')} {row_ref(book, other)}: {', '.join(why_de)}"
            f"{when_de} — dort andocken (unter „Angedockt an“ eintragen) statt eine neue Runde zu gründen.",
            f"The planned group {quoted(label(book, 'structures', plan), 'en')} duplicates "
            f"{quoted(label(book, 'structures', other), 'en')} {row_ref(book, other)}: {', '.join(why_en)}"
            f"{when_en} — dock onto it (enter it under “Docked to”) instead of founding a new group."))


def meets_same_month(book: Book, today: dt.date) -> Iterator[Finding]:
    """A new round's planned meeting in a month in which most of its members already meet elsewhere."""
    share = book.number("plan_member_share")
    since = _months_before(today, book.whole("new_round_months"))
    net = Network.of(book)
    meetings = net.dated_meetings_of
    overlaps = planned_overlaps(book)
    active = [s for s in book.rows("structures") if s["status"] == ACTIVE]
    for structure in book.rows("structures"):
        start = structure["start"]
        new = structure["status"] == PLANNED or (structure["status"] == ACTIVE and start is not None
                                                 and since <= start <= today)
        mine = {p.number for p in net.members.get(structure.number, [])}
        if not new or len(mine) < 2:
            continue
        already = overlaps.get(structure.number)
        for meeting in meetings.get(structure.number, []):
            if meeting["date"] < today or meeting["status"] != PLANNED:
                continue
            month = (meeting["date"].year, meeting["date"].month)
            best = None
            for other in active:
                if other is structure or _docked(book, structure, other) or (already and already.existing is other):
                    continue
                common = mine & {p.number for p in net.members.get(other.number, [])}
                if len(common) / len(mine) < share:
                    continue
                same = [m for m in meetings.get(other.number, []) if (m["date"].year, m["date"].month) == month]
                if same and (best is None or len(common) > best[1]):
                    best = (other, len(common), same[0])
            if best is None:
                continue
            other, common, theirs = best
            yield finding_at(book, "meetings", meeting, "date", "meets-same-month", "warning", t(
                book.lang,
                f"Die neue Runde {quoted(label(book, 'structures', structure), 'de')} trifft sich am "
                f"{format_date(meeting['date'], 'de')}; {common} ihrer {len(mine)} Mitglieder treffen sich im "
                f"selben Monat schon in {quoted(label(book, 'structures', other), 'de')} (am "
                f"{format_date(theirs['date'], 'de')}) — das Thema dort auf die Tagesordnung setzen oder die "
                f"Treffen zusammenlegen.",
                f"The new group {quoted(label(book, 'structures', structure), 'en')} meets on "
                f"{format_date(meeting['date'], 'en')}; {common} of its {len(mine)} members already meet in "
                f"{quoted(label(book, 'structures', other), 'en')} the same month (on "
                f"{format_date(theirs['date'], 'en')}) — put the subject on that agenda or hold the meetings "
                f"together."))


# --------------------------------------------------------------------------- events

def _events(book: Book) -> list[Row]:
    return [e for e in book.rows("events") if e["date"] is not None and e["status"] != CANCELLED]


def _organiser_names(book: Book, event: Row) -> str:
    shown = [label(book, "partners", o.partner) if o.partner is not None else book.qm
             for o in organisers(book, event)]
    return names(shown, book.lang, limit=4)


def _later(a: Row, b: Row) -> bool:
    """Whether ``a`` is the later-planned of two events (by date, then by row)."""
    return (a["date"], a.number) > (b["date"], b.number)


def _duplicate_events(book: Book, today: dt.date) -> list[tuple[Row, Row]]:
    """(planned event, the event it duplicates): alike titles within the same year."""
    score = book.number("dup_partner_score")
    events = _events(book)
    pairs = []
    for event in events:
        if event["status"] != PLANNED or event["date"] < today or not event["title"]:
            continue
        for other in events:
            if other is event or not other["title"] or other["date"].year != event["date"].year:
                continue
            if other["status"] == PLANNED and not _later(event, other):
                continue  # two planned events: the later one gets the finding
            if name_score(event["title"], other["title"]) >= score:
                pairs.append((event, other))
                break
    return pairs


def planned_duplicate_event(book: Book, today: dt.date) -> Iterator[Finding]:
    """A planned event like another of the same year: one festival on several shoulders beats two."""
    for event, other in _duplicate_events(book, today):
        yield finding_at(book, "events", event, "title", "planned-duplicate-event", "warning", t(
            book.lang,
            f"{quoted(label(book, 'events', event), 'de')} ähnelt {quoted(label(book, 'events', other), 'de')} am "
            f"{format_date(other['date'], 'de')} {row_ref(book, other)} (Träger: {_organiser_names(book, other)}) — "
            f"gemeinsam ausrichten statt zweimal im Jahr.",
            f"{quoted(label(book, 'events', event), 'en')} is like {quoted(label(book, 'events', other), 'en')} on "
            f"{format_date(other['date'], 'en')} {row_ref(book, other)} (organisers: "
            f"{_organiser_names(book, other)}) — hold it together instead of twice a year."))


def event_clash(book: Book, today: dt.date) -> Iterator[Finding]:
    """A planned event within days of another one for the same target group."""
    gap = book.whole("event_gap_days")
    events = _events(book)
    twins = {(id(a), id(b)) for a, b in _duplicate_events(book, today)}
    for event in events:
        groups = set(event["target_groups"] or [])
        if event["status"] != PLANNED or event["date"] < today or not groups:
            continue
        clashes = []
        for other in events:
            if other is event or (id(event), id(other)) in twins or abs((other["date"] - event["date"]).days) > gap:
                continue
            if other["status"] == PLANNED and not _later(event, other):
                continue
            shared = [g for g in event["target_groups"] if g in set(other["target_groups"] or [])]
            if shared:
                clashes.append((abs((other["date"] - event["date"]).days), other.number, other, shared))
        if clashes:  # the nearest one is named
            days, _, other, shared = min(clashes, key=lambda c: c[:2])
            listed = ", ".join(translate("target_group", g, book.lang) for g in shared)
            if days == 0:
                when_de, when_en = "am selben Tag wie", "on the same day as"
            else:
                after = other["date"] < event["date"]
                when_de = plural("de", days, ("Tag", "Tage"), ("day", "days")) + (" nach" if after else " vor")
                when_en = plural("en", days, ("Tag", "Tage"), ("day", "days")) + (" after" if after else " before")
            yield finding_at(book, "events", event, "date", "event-clash", "warning", t(
                book.lang,
                f"{quoted(label(book, 'events', event), 'de')} liegt {when_de} "
                f"{quoted(label(book, 'events', other), 'de')} ({format_date(other['date'], 'de')}) für "
                f"dieselbe Zielgruppe ({listed}) — Termine abstimmen oder zusammen feiern.",
                f"{quoted(label(book, 'events', event), 'en')} is {when_en} "
                f"{quoted(label(book, 'events', other), 'en')} ({format_date(other['date'], 'en')}) for the "
                f"same target group ({listed}) — agree the dates or celebrate together."))


def _when(lang: str, days: int) -> str:
    """"in 1 Tag" / "in 5 Tagen", or "heute" / "today"."""
    if days == 0:
        return t(lang, "heute", "today")
    return t(lang, "in ", "in ") + plural(lang, days, ("Tag", "Tagen"), ("day", "days"))


def event_without_room(book: Book, today: dt.date) -> Iterator[Finding]:
    """A planned event shortly ahead with no place yet."""
    days = book.whole("event_room_days")
    for event in _events(book):
        if event["status"] != PLANNED or event["place"] or not today <= event["date"] <= today + dt.timedelta(days):
            continue
        left = (event["date"] - today).days
        yield finding_at(book, "events", event, "place", "event-without-room", "warning", t(
            book.lang,
            f"{quoted(label(book, 'events', event), 'de')} ist {_when('de', left)} und hat noch keinen "
            f"Ort — einen Raum aus dem Blatt „Angebote“ anfragen und eintragen.",
            f"{quoted(label(book, 'events', event), 'en')} is {_when('en', left)} and has no place yet "
            f"— ask for a room from the “Offers” sheet and enter it."))


def not_invited(book: Book, today: dt.date) -> Iterator[Finding]:
    """A planned meeting or event within days whose invitation has not gone out."""
    days = book.whole("invite_days")
    for sheet in ("meetings", "events"):
        table = book.tables.get(sheet)
        if table is None or "invited_on" not in table.columns:
            continue  # a version-1 book: the schema hint says how to get the column
        for row in table.rows:
            date = row["date"]
            if (row["status"] != PLANNED or date is None or row["invited_on"] is not None
                    or not today <= date <= today + dt.timedelta(days)):
                continue
            left = (date - today).days
            what = label(book, sheet, row) if sheet == "meetings" else quoted(label(book, sheet, row), book.lang)
            yield finding_at(book, sheet, row, "invited_on", "not-invited", "warning", t(
                book.lang,
                f"{what}: {_when('de', left)}, aber noch nicht eingeladen — „xlquartier invitations“ "
                f"schreibt Einladung, Kalendereintrag und E-Mail-Entwurf und trägt das Datum ein.",
                f"{what}: {_when('en', left)}, but nobody is invited yet — “xlquartier invitations” "
                f"writes the invitation, calendar entry and email draft and fills in the date."))


CHECKS = (planned_duplicate_structure, meets_same_month, planned_duplicate_event, event_clash,
          event_without_room, not_invited)
