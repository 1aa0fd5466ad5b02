"""Duplicate structures (Doppelstrukturen) and duplicate records.

The practice says: dock new meetings onto groups that already exist instead of founding
another round with the same people on the same subject. These checks find the rounds,
meetings and annual topics that overlap, and the partners and people entered twice, and
name the row each one duplicates so the manager can merge or dock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..schema import DATA_SHEETS
from ..texts import plural, t
from ..workbook.tables import Book, Row, person_name
from .cells import field_label, finding_at, label, names, quoted, row_ref
from .finding import Finding
from .load import ACTIVE, CANCELLED, OUTSIDE_BODY, PLANNED, Network
from .matching import find_duplicate_names, name_score, normalize_name

# Addresses many unrelated people share; the same one says nothing about the organisation.
FREEMAIL = frozenset({
    "gmail.com", "googlemail.com", "web.de", "gmx.de", "gmx.net", "t-online.de", "yahoo.de", "yahoo.com",
    "outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "live.de", "icloud.com", "posteo.de",
    "mailbox.org", "freenet.de", "aol.com", "online.de", "arcor.de", "email.de"})


def _domain(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].strip().casefold()
    return None if domain in FREEMAIL else domain


def _same_place(a: Row, b: Row) -> tuple[bool, str]:
    """Whether postcode or email domain, where both rows give them, support one organisation."""
    evidence: list[tuple[bool, str]] = []
    if a["postcode"] and b["postcode"]:
        evidence.append((a["postcode"] == b["postcode"], a["postcode"]))
    da, db = _domain(a["email"]), _domain(b["email"])
    if da and db:
        evidence.append((da == db, f"@{da}"))
    if not evidence:
        return True, ""
    same = [what for ok, what in evidence if ok]
    return bool(same), ", ".join(same)


def duplicate_partner(book: Book, today: dt.date) -> Iterator[Finding]:
    """Two partner rows that are probably one organisation."""
    rows = [row for row in book.rows("partners") if row["name"]]
    for pair in find_duplicate_names([row["name"] for row in rows], book.number("dup_partner_score")):
        first, second = rows[pair.first], rows[pair.second]
        same, shared = _same_place(first, second)
        if not same:
            continue
        also = t(book.lang, f", gleich: {shared}", f", same: {shared}") if shared else ""
        yield finding_at(book, "partners", second, "name", "duplicate-partner", "warning", t(
            book.lang,
            f"{quoted(second['name'], 'de')} ist wohl dieselbe Organisation wie {quoted(first['name'], 'de')} "
            f"in Zeile {first.number} ({pair.score:.0f} % ähnlich{also}) — die Zeilen zusammenführen und "
            f"Verweise auf eine ID umstellen.",
            f"{quoted(second['name'], 'en')} is probably the same organisation as {quoted(first['name'], 'en')} "
            f"in row {first.number} ({pair.score:.0f} % alike{also}) — merge the rows and point references "
            f"at one ID."))


def duplicate_person(book: Book, today: dt.date) -> Iterator[Finding]:
    """Two person rows that are probably one person: same email, or alike names at one partner."""
    reported: set[tuple[int, int]] = set()
    first_with: dict[str, Row] = {}
    for person in book.rows("people"):
        email = (person["email"] or "").strip().casefold()
        if not email:
            continue
        first = first_with.setdefault(email, person)
        if first is person:
            continue
        reported.add((first.number, person.number))
        yield finding_at(book, "people", person, "email", "duplicate-person", "warning", t(
            book.lang,
            f"{person['email']} steht auch bei {label(book, 'people', first)} {row_ref(book, first)} — "
            f"wohl dieselbe Person: die Zeilen zusammenführen.",
            f"{person['email']} is also given for {label(book, 'people', first)} {row_ref(book, first)} — "
            f"probably the same person: merge the rows."))
    threshold = book.number("dup_partner_score")
    net = Network.of(book)
    for people in net.people_of.values():
        for i, second in enumerate(people):
            for first in people[:i]:
                if (first.number, second.number) in reported:
                    continue
                score = name_score(person_name(first), person_name(second))
                if score < threshold:
                    continue
                partner = label(book, "partners", net.partner_of_person[second.number])
                yield finding_at(book, "people", second, "last_name", "duplicate-person", "warning", t(
                    book.lang,
                    f"{label(book, 'people', second)} und {label(book, 'people', first)} {row_ref(book, first)} "
                    f"bei {partner} sind wohl dieselbe Person ({score:.0f} % ähnlich) — die Zeilen zusammenführen.",
                    f"{label(book, 'people', second)} and {label(book, 'people', first)} {row_ref(book, first)} "
                    f"at {partner} are probably the same person ({score:.0f} % alike) — merge the rows."))


def _tags(structure: Row) -> dict[str, str]:
    """A structure's topic tags, normalised -> as written."""
    return {normalize_name(tag): tag for tag in structure["topics"] or [] if normalize_name(tag)}


def _docked(book: Book, a: Row, b: Row) -> bool:
    return book.ref("structures", a, "docked_to") is b or book.ref("structures", b, "docked_to") is a


def _begun(net: Network, structures: list[Row]) -> dict[int, dt.date]:
    """When each round began: its start date, else its first meeting; a round with neither is the newest
    (the warning belongs on the newcomer, never on the established group)."""
    meetings = net.dated_meetings_of
    return {s.number: s["start"] or (meetings[s.number][0]["date"] if meetings.get(s.number) else dt.date.max)
            for s in structures}


def duplicate_structure(book: Book, today: dt.date) -> Iterator[Finding]:
    """Two active rounds in one field with mostly the same members and a shared subject."""
    overlap = book.number("dup_structure_overlap")
    score = book.number("dup_partner_score")
    net = Network.of(book)
    by_field: dict[str, list[Row]] = defaultdict(list)
    for structure in book.rows("structures"):
        if structure["status"] == ACTIVE and structure["field"]:
            by_field[structure["field"]].append(structure)
    members = {s.number: {p.number for p in net.members[s.number]} for group in by_field.values() for s in group}
    begun = _begun(net, [s for group in by_field.values() for s in group])
    tags = {s.number: _tags(s) for group in by_field.values() for s in group}
    for field, structures in by_field.items():
        for i, later in enumerate(structures):
            for earlier in structures[:i]:
                members_a, members_b = members[earlier.number], members[later.number]
                union = members_a | members_b
                if not union or len(members_a & members_b) / len(union) < overlap or _docked(book, earlier, later):
                    continue
                shared = [tag for key, tag in tags[later.number].items() if key in tags[earlier.number]]
                if not shared and name_score(earlier["name"], later["name"]) < score:
                    continue
                this, other = sorted((earlier, later), key=lambda s: (begun[s.number], s.number))[::-1]
                mine = members_b if this is later else members_a
                common = len(members_a & members_b)
                counted = plural(book.lang, len(mine), ("Mitglied", "Mitgliedern"), ("member", "members"))
                de_why = f"Thema {', '.join(shared)}" if shared else "ähnlicher Name"
                en_why = f"topic {', '.join(shared)}" if shared else "alike name"
                yield finding_at(book, "structures", this, "name", "duplicate-structure", "warning", t(
                    book.lang,
                    f"{label(book, 'structures', this)} überschneidet sich mit {label(book, 'structures', other)} "
                    f"{row_ref(book, other)}: gleiches Handlungsfeld {field_label(book, field)}, {common} von "
                    f"{counted} gemeinsam, {de_why} — dort andocken oder zusammenlegen.",
                    f"{label(book, 'structures', this)} overlaps {label(book, 'structures', other)} "
                    f"{row_ref(book, other)}: same field {field_label(book, field)}, {common} of "
                    f"{counted}, {en_why} — dock onto it or merge."))


def dock_suggestion(book: Book, today: dt.date) -> Iterator[Finding]:
    """A round led by QM that could meet with an existing body on the same subject."""
    lead = DATA_SHEETS["structures"].column("lead")
    tags = {s.number: _tags(s) for s in book.rows("structures")}
    active: dict[str, list[Row]] = defaultdict(list)
    for other in book.rows("structures"):
        if other["status"] == ACTIVE:
            active[other["field"]].append(other)
    from .planning import planned_overlaps  # planning builds on this module's helpers

    planned = planned_overlaps(book)
    for structure in book.rows("structures"):
        match = book.resolve(lead, structure["lead"])
        if (match is None or not match.is_qm or structure["docked_to"]
                or structure["status"] not in (ACTIVE, PLANNED) or structure.number in planned):
            continue  # a planned duplicate gets the stronger planning warning instead
        hosts = []
        for other in active.get(structure["field"], []):
            if other is structure or book.ref("structures", other, "docked_to") is structure:
                continue
            shared = [tag for key, tag in tags[structure.number].items() if key in tags[other.number]]
            if shared:
                hosts.append((other["type"] != OUTSIDE_BODY, -len(shared), other.number, other, shared))
        if not hosts:
            continue
        *_, host, shared = min(hosts, key=lambda h: h[:3])
        de_kind, en_kind = ("das externe Gremium", "the outside body") if host["type"] == OUTSIDE_BODY else (
            "die Runde", "the group")
        others = [label(book, "structures", h[3]) for h in sorted(hosts, key=lambda h: h[:3])[1:]]
        de_also = f" (auch möglich: {names(others, 'de')})" if others else ""
        en_also = f" (also possible: {names(others, 'en')})" if others else ""
        yield finding_at(book, "structures", structure, "docked_to", "dock-suggestion", "hint", t(
            book.lang,
            f"{label(book, 'structures', structure)} wird von {book.qm} geleitet und behandelt wie {de_kind} "
            f"{label(book, 'structures', host)} {row_ref(book, host)} das Handlungsfeld "
            f"{field_label(book, structure['field'])} und das Thema {', '.join(shared)} — dort andocken "
            f"(unter „Angedockt an“ eintragen) statt einer eigenen Runde{de_also}.",
            f"{label(book, 'structures', structure)} is led by {book.qm} and covers the same field "
            f"{field_label(book, structure['field'])} and topic {', '.join(shared)} as {en_kind} "
            f"{label(book, 'structures', host)} {row_ref(book, host)} — dock onto it (enter it under "
            f"“Docked to”) instead of a round of its own{en_also}."))


def overlapping_meetings(book: Book, today: dt.date) -> Iterator[Finding]:
    """Meetings of two rounds in one field, close in time, with the same partners."""
    days = book.whole("overlap_days")
    needed = book.whole("overlap_partners")
    net = Network.of(book)
    by_field: dict[str, list[tuple[dt.date, Row, Row]]] = defaultdict(list)
    for meeting in book.rows("meetings"):
        structure = book.ref("meetings", meeting, "structure")
        if structure is None or meeting["date"] is None or meeting["status"] == CANCELLED or not structure["field"]:
            continue
        by_field[structure["field"]].append((meeting["date"], meeting, structure))
    partner_rows = {p.number: p for p in book.rows("partners")}
    for field, meetings in by_field.items():
        meetings.sort(key=lambda m: (m[0], m[1].number))
        first = 0
        for j, (date_b, later, structure_b) in enumerate(meetings):
            while (date_b - meetings[first][0]).days > days:
                first += 1
            for date_a, earlier, structure_a in meetings[first:j]:
                if structure_a is structure_b:
                    continue
                common = net.attended_by[earlier.number] & net.attended_by[later.number]
                if len(common) < needed:
                    continue
                shared = names([label(book, "partners", partner_rows[n]) for n in sorted(common)], book.lang)
                gap = plural(book.lang, (date_b - date_a).days, ("Tag", "Tage"), ("day", "days"))
                common_text = plural(book.lang, len(common), ("gemeinsamen Partner", "gemeinsamen Partnern"),
                                     ("partner", "partners"))
                yield finding_at(book, "meetings", later, "date", "overlapping-meetings", "warning", t(
                    book.lang,
                    f"{label(book, 'meetings', later)} liegt nur {gap} nach {label(book, 'meetings', earlier)} "
                    f"{row_ref(book, earlier)}, mit {common_text} ({shared}) im "
                    f"Handlungsfeld {field_label(book, field)} — die Treffen zusammenlegen oder aneinander andocken.",
                    f"{label(book, 'meetings', later)} is only {gap} after {label(book, 'meetings', earlier)} "
                    f"{row_ref(book, earlier)}, with {common_text} in common ({shared}) in the field "
                    f"{field_label(book, field)} — hold them together or dock one onto the other."))


def topic_in_several_structures(book: Book, today: dt.date) -> Iterator[Finding]:
    """One annual topic worked on in several rounds: the work splits and partners meet twice."""
    structures_of: dict[int, dict[int, Row]] = defaultdict(dict)
    for topic in book.rows("topics"):
        if (structure := book.ref("topics", topic, "structure")) is not None:
            structures_of[topic.number][structure.number] = structure
    for task in book.rows("tasks"):
        if not task["topic"] or not task["meeting"]:
            continue
        topic = book.ref("tasks", task, "topic")
        meeting = book.ref("tasks", task, "meeting")
        structure = book.ref("meetings", meeting, "structure") if meeting is not None else None
        if topic is not None and structure is not None:
            structures_of[topic.number][structure.number] = structure
    titles: dict[str, list[Row]] = defaultdict(list)
    for topic in book.rows("topics"):
        titles[normalize_name(topic["title"])].append(topic)
    for structure in book.rows("structures"):
        for key in _tags(structure):
            for topic in titles.get(key, []):
                structures_of[topic.number][structure.number] = structure
    for topic in book.rows("topics"):
        found = structures_of.get(topic.number, {})
        if len(found) < 2:
            continue
        listed = names([label(book, "structures", found[n]) for n in sorted(found)], book.lang)
        title = quoted(label(book, "topics", topic), book.lang)
        yield finding_at(book, "topics", topic, "structure", "topic-in-several-structures", "warning", t(
            book.lang,
            f"Das Jahresthema {title} wird in {len(found)} Strukturen bearbeitet ({listed}) — eine "
            f"federführende Struktur festlegen und die anderen dort andocken.",
            f"The annual topic {title} is worked on in {len(found)} structures ({listed}) — choose one "
            f"structure to lead it and dock the others onto it."))


CHECKS = (duplicate_partner, duplicate_person, duplicate_structure, dock_suggestion, overlapping_meetings,
          topic_in_several_structures)
