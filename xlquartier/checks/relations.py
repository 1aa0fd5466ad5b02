"""Contacts, benefit and residents: the relational half of the practice.

Access to partners works through personal contact and needs patience; cooperation fails
when the partner cannot see its benefit, or when residents' interest is not heeded. Each
rule here turns one of those into a finding: a follow-up that has come, a potential partner
nobody has talked to for months, two colleagues approaching the same organisation, a
partner that has not been shown its benefit for a year, a residents' concern left lying,
a field or a round where residents are never heard. Thresholds come from Einstellungen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..schema import ACQUISITION_STATES
from ..texts import format_date, plural, t
from ..workbook.tables import Book, Row
from .cells import field_label, finding_at, label, quoted
from .contactlog import ContactLog
from .finding import Finding
from .load import ACTIVE, HELD, OUTSIDE_BODY, TOPIC_STATES, months_before

DECLINED = "abgelehnt"
NO_STATUS = (None, "neu")
YEAR_DAYS = 365
# Nouns counted in the messages: (German singular, plural), (English singular, plural).
DAYS = (("Tag", "Tagen"), ("day", "days"))
MONTHS = (("Monat", "Monate"), ("month", "months"))
MONTHS_DAT = (("Monat", "Monaten"), ("month", "months"))  # German dative: "seit 6 Monaten"
WEEKS = (("Woche", "Wochen"), ("week", "weeks"))
MEETINGS = (("Treffen", "Treffen"), ("meeting", "meetings"))


def _n(lang: str, count: int, noun: tuple[tuple[str, str], tuple[str, str]]) -> str:
    return plural(lang, count, *noun)


def _partner_of(book: Book, contact: Row) -> Row | None:
    return book.ref("contacts", contact, "partner")


def follow_up_due(book: Book, today: dt.date) -> Iterator[Finding]:
    """The next step agreed at the latest contact is due; or a declined partner may be asked again."""
    log = ContactLog.of(book)
    for partner in book.rows("partners"):
        pending = log.open_follow_up(partner, today)
        if pending is not None and pending["follow_up"] <= today:
            days = (today - pending["follow_up"]).days
            step = pending["next_step"] or pending["topic"] or ""
            de_step = f": {quoted(step, 'de')}" if step else ""
            en_step = f": {quoted(step, 'en')}" if step else ""
            since_de = "heute" if days == 0 else f"seit {_n('de', days, DAYS)}"
            since_en = "today" if days == 0 else f"{_n('en', days, DAYS)} ago"
            yield finding_at(book, "contacts", pending, "follow_up", "follow-up-due", "warning", t(
                book.lang,
                f"Wiedervorlage für {label(book, 'partners', partner)} fällig {since_de} "
                f"(Kontakt vom {format_date(pending['date'], 'de')}{de_step}) — nachfassen und den "
                f"neuen Kontakt eintragen.",
                f"Follow-up with {label(book, 'partners', partner)} due {since_en} "
                f"(contact of {format_date(pending['date'], 'en')}{en_step}) — follow up and enter "
                f"the new contact."))
        again = partner["approach_again"]
        if partner["status"] != DECLINED or not isinstance(again, dt.date) or again > today:
            continue
        latest = log.last(partner, today)
        if latest is not None and latest["date"] >= again:
            continue  # already asked again
        yield finding_at(book, "partners", partner, "approach_again", "follow-up-due", "warning", t(
            book.lang,
            f"{label(book, 'partners', partner)} hat abgelehnt; seit {format_date(again, 'de')} lohnt es "
            f"sich, erneut anzufragen — persönlich ansprechen und den Kontakt eintragen.",
            f"{label(book, 'partners', partner)} declined; since {format_date(again, 'en')} it is worth "
            f"asking again — approach them personally and enter the contact."))


def acquisition_stalled(book: Book, today: dt.date) -> Iterator[Finding]:
    """A partner on the way in that nobody has talked to for months."""
    if "contacts" not in book.tables:
        return  # a book without the log has the missing-sheet finding instead
    months = book.whole("potential_months")
    since = months_before(today, months)
    log = ContactLog.of(book)
    for partner in book.rows("partners"):
        if partner["status"] not in ACQUISITION_STATES:
            continue
        last = log.last(partner, today)
        if last is not None and last["date"] >= since:
            continue
        name = label(book, "partners", partner)
        de_last, en_last = (
            (f"der letzte Kontakt war am {format_date(last['date'], 'de')}",
             f"the last contact was on {format_date(last['date'], 'en')}") if last is not None else
            ("im Kontaktverlauf steht noch kein Kontakt", "the contact log has no contact yet"))
        yield finding_at(book, "partners", partner, "status", "acquisition-stalled", "hint", t(
            book.lang,
            f"{name} ist als möglicher Partner eingetragen, aber {de_last} (mehr als "
            f"{_n('de', months, MONTHS)}) — persönlich ansprechen und den "
            f"Kontakt im Kontaktverlauf festhalten.",
            f"{name} is listed as a possible partner, but {en_last} (more than "
            f"{_n('en', months, MONTHS)}) — approach them personally and "
            f"record the contact in the contact log."))


def no_personal_contact(book: Book, today: dt.date) -> Iterator[Finding]:
    """An active partner the office only meets in rounds: no conversation of its own for months."""
    log = ContactLog.of(book)
    if not log.in_use:
        return  # an office that does not keep the log yet is not told about every partner
    months = book.whole("contact_months")
    since = months_before(today, months)
    for partner in book.rows("partners"):
        joined = partner["since"]
        if partner["status"] != ACTIVE or (isinstance(joined, dt.date) and joined > since):
            continue
        last = log.last_personal(partner, today)
        if last is not None and last["date"] >= since:
            continue
        name = label(book, "partners", partner)
        de_last, en_last = (
            (f"zuletzt am {format_date(last['date'], 'de')}", f"last on {format_date(last['date'], 'en')}")
            if last is not None else ("noch nie eingetragen", "never recorded"))
        yield finding_at(book, "partners", partner, "name", "no-personal-contact", "hint", t(
            book.lang,
            f"Mit {name} gab es seit über {_n('de', months, MONTHS_DAT)} kein "
            f"persönliches Gespräch außerhalb der Treffen ({de_last}) — anrufen oder vorbeigehen: "
            f"Zusammenarbeit lebt vom persönlichen Kontakt.",
            f"There has been no personal conversation with {name} outside meetings for over "
            f"{_n('en', months, MONTHS)} ({en_last}) — call or drop by: "
            f"cooperation lives on personal contact."))


def _same_person(a: object, b: object) -> bool:
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def double_approach(book: Book, today: dt.date) -> Iterator[Finding]:
    """Two colleagues approaching the same organisation within days: they should know of each other."""
    days = book.whole("double_approach_days")
    log = ContactLog.of(book)
    for partner in book.rows("partners"):
        if partner["status"] not in (*ACQUISITION_STATES, DECLINED):
            continue
        earlier: list[Row] = []
        for contact in log.contacts(partner):
            who = contact["office_person"]
            if who:
                other = next((c for c in reversed(earlier) if not _same_person(c["office_person"], who)
                              and (contact["date"] - c["date"]).days <= days), None)
                if other is not None:
                    yield finding_at(book, "contacts", contact, "office_person", "double-approach", "warning", t(
                        book.lang,
                        f"{who} und {other['office_person']} haben {label(book, 'partners', partner)} im "
                        f"Abstand von {_n('de', (contact['date'] - other['date']).days, DAYS)} "
                        f"angesprochen ({format_date(other['date'], 'de')} und {format_date(contact['date'], 'de')})"
                        f" — absprechen, wer den Kontakt hält.",
                        f"{who} and {other['office_person']} both approached {label(book, 'partners', partner)} "
                        f"{_n('en', (contact['date'] - other['date']).days, DAYS)} apart "
                        f"({format_date(other['date'], 'en')} and {format_date(contact['date'], 'en')}) — agree "
                        f"who keeps the contact."))
                earlier.append(contact)


def benefit_statement_due(book: Book, today: dt.date) -> Iterator[Finding]:
    """An active partner that has not been shown its benefit for a year."""
    months = book.whole("benefit_months")
    since = months_before(today, months)
    for partner in book.rows("partners"):
        joined, sent = partner["since"], partner["benefit_sent"]
        if partner["status"] != ACTIVE or (isinstance(joined, dt.date) and joined > since):
            continue
        if isinstance(sent, dt.date) and sent >= since or "benefit_sent" in partner.issues:
            continue
        de_sent, en_sent = (
            (f"zuletzt am {format_date(sent, 'de')}", f"last on {format_date(sent, 'en')}")
            if isinstance(sent, dt.date) else ("noch nie", "never"))
        name = label(book, "partners", partner)
        yield finding_at(book, "partners", partner, "benefit_sent", "benefit-statement-due", "hint", t(
            book.lang,
            f"{name} hat seit über {_n('de', months, MONTHS_DAT)} keinen "
            f"Nutzenbericht bekommen ({de_sent}) — mit „xlquartier benefit“ schreiben, schicken und das "
            f"Datum eintragen.",
            f"{name} has had no benefit statement for over {_n('en', months, MONTHS)} "
            f"({en_sent}) — write one with “xlquartier benefit”, send it and enter the date."))


def concern_unanswered(book: Book, today: dt.date) -> Iterator[Finding]:
    """A residents' concern nobody has picked up weeks after it was raised."""
    weeks = book.whole("concern_weeks")
    for concern in book.rows("concerns"):
        day = concern["date"]
        if concern["status"] not in NO_STATUS or not isinstance(day, dt.date) or (today - day).days <= 7 * weeks:
            continue
        text = quoted(concern["concern"] or concern.id or "", book.lang)
        yield finding_at(book, "concerns", concern, "status", "concern-unanswered", "warning", t(
            book.lang,
            f"Das Anliegen {text} vom {format_date(day, 'de')} hat nach über "
            f"{_n('de', weeks, WEEKS)} noch keinen Status — klären, wer es "
            f"aufgreift, und den Bewohner*innen antworten.",
            f"The concern {text} of {format_date(day, 'en')} still has no status after over "
            f"{_n('en', weeks, WEEKS)} — settle who takes it up and reply to "
            f"the residents."))


def _residents_at(book: Book, structures: list[Row], start: dt.date, end: dt.date) -> int:
    """Residents at the held meetings of ``structures`` between ``start`` and ``end``."""
    numbers = {s.number for s in structures}
    total = 0
    for meeting in book.rows("meetings"):
        structure = book.ref("meetings", meeting, "structure")
        day = meeting["date"]
        if (structure is not None and structure.number in numbers and meeting["status"] == HELD
                and isinstance(day, dt.date) and start <= day <= end):
            total += meeting["residents"] or 0
    return total


def no_resident_voice(book: Book, today: dt.date) -> Iterator[Finding]:
    """A field or an annual topic where residents were neither heard nor present all year."""
    if "concerns" not in book.tables:
        return  # without the sheet, "no concern" would be said of every field
    start = today - dt.timedelta(days=YEAR_DAYS)
    concerns = [c for c in book.rows("concerns") if isinstance(c["date"], dt.date) and start <= c["date"] <= today]
    heard_fields = {c["field"] for c in concerns if c["field"]}
    heard_topics = {topic.number for c in concerns if (topic := book.ref("concerns", c, "topic")) is not None}
    active = [s for s in book.rows("structures") if s["status"] == ACTIVE and s["type"] != OUTSIDE_BODY]
    fields: dict[str, list[Row]] = {}
    for structure in active:
        if structure["field"]:
            fields.setdefault(structure["field"], []).append(structure)
    for field, structures in fields.items():
        if field in heard_fields or _residents_at(book, structures, start, today):
            continue
        shown = field_label(book, field)
        yield finding_at(book, "structures", structures[0], "field", "no-resident-voice", "hint", t(
            book.lang,
            f"Im Handlungsfeld „{shown}“ gab es in den letzten zwölf Monaten kein Anliegen von Bewohner*innen "
            f"und keine Bewohner*innen bei den Treffen — Bürgerinteresse einholen: Sprechstunde, Umfrage "
            f"oder ein offenes Treffen.",
            f"In the field “{shown}” there was no residents' concern and no resident at the meetings in "
            f"the last twelve months — find out what residents want: consultation hours, a survey or an "
            f"open meeting."))
    if today.month < 7:
        return  # "all year": an annual topic gets half a year before it is asked about
    year_start = dt.date(today.year, 1, 1)
    for topic in book.rows("topics"):
        if topic["year"] != today.year or topic["status"] not in TOPIC_STATES or topic.number in heard_topics:
            continue
        structure = book.ref("topics", topic, "structure")
        if structure is not None and _residents_at(book, [structure], year_start, today):
            continue
        title = quoted(label(book, "topics", topic), book.lang)
        yield finding_at(book, "topics", topic, "title", "no-resident-voice", "hint", t(
            book.lang,
            f"Zum Jahresthema {title} gab es {today.year} weder ein Anliegen von Bewohner*innen noch "
            f"Bewohner*innen bei den Treffen — fragen, was die Nachbarschaft dazu sagt.",
            f"The annual topic {title} has had neither a residents' concern nor residents at its meetings in "
            f"{today.year} — ask what the neighbourhood thinks about it."))


def round_without_residents(book: Book, today: dt.date) -> Iterator[Finding]:
    """A round that has met again and again without a single resident."""
    needed = max(1, book.whole("resident_meetings"))
    held: dict[int, list[Row]] = {}
    for meeting in book.rows("meetings"):
        structure = book.ref("meetings", meeting, "structure")
        day = meeting["date"]
        if structure is not None and meeting["status"] == HELD and isinstance(day, dt.date) and day <= today:
            held.setdefault(structure.number, []).append(meeting)
    for structure in book.rows("structures"):
        meetings = held.get(structure.number, [])
        if (structure["status"] != ACTIVE or structure["type"] == OUTSIDE_BODY or len(meetings) < needed
                or any(m["residents"] for m in meetings)):
            continue
        yield finding_at(book, "structures", structure, "name", "round-without-residents", "hint", t(
            book.lang,
            f"Bei {_n('de', len(meetings), MEETINGS)} von "
            f"{label(book, 'structures', structure)} war nie eine Bewohnerin oder ein Bewohner dabei — "
            f"einmal offen einladen oder ein Anliegen aus der Nachbarschaft auf die Tagesordnung setzen.",
            f"No resident came to any of the {_n('en', len(meetings), MEETINGS)} of "
            f"{label(book, 'structures', structure)} — hold an open meeting or put a residents' concern on "
            f"the agenda."))


CHECKS = (follow_up_due, acquisition_stalled, no_personal_contact, double_approach, benefit_statement_due,
          concern_unanswered, no_resident_voice, round_without_residents)
