"""Overload (Überforderung) and reliability (Verbindlichkeit).

The practice: at most three joint topics a year, no partner in every round, commitments
kept and minutes sent promptly, and a visible benefit for every partner. Each rule here
turns one of those into a finding the manager can act on; thresholds come from the
Einstellungen sheet and "today" is a parameter, so a check is reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..texts import format_date, plural, t
from ..workbook.tables import Book, Row
from .cells import finding_at, label, names, quoted, row_ref
from .finding import Finding
from .load import ACTIVE, HELD, SIGNED, Network, is_open, is_overdue, joint_topics, quarter
from .load import months_before as _months_before  # other check modules import it by this name

ENDED = "beendet"


def too_many_topics(book: Book, today: dt.date) -> Iterator[Finding]:
    """More joint annual topics in one year than the network can carry."""
    limit = book.whole("max_topics")
    years = sorted({row["year"] for row in book.rows("topics") if isinstance(row["year"], int)})
    for year in years:
        topics = joint_topics(book, year)
        if len(topics) <= limit:
            continue
        titles = names([label(book, "topics", r) for r in topics], book.lang, limit=10)
        count = plural(book.lang, len(topics), ("gemeinsames Jahresthema", "gemeinsame Jahresthemen"),
                       ("joint annual topic", "joint annual topics"))
        yield finding_at(book, "topics", topics[limit], "status", "too-many-topics", "warning", t(
            book.lang,
            f"{year}: {count} geplant oder aktiv ({titles}), höchstens "
            f"{limit} — Themen zurückstellen oder zusammenfassen, damit die Partner nicht überfordert werden.",
            f"{year}: {count} planned or active ({titles}), at most {limit} — "
            f"defer or combine topics so the partners are not overloaded."))


def partner_overload(book: Book, today: dt.date) -> Iterator[Finding]:
    """A partner in too many active rounds, or invited to too many meetings in a quarter."""
    max_structures = book.whole("max_structures")
    max_meetings = book.whole("max_meetings_quarter")
    net = Network.of(book)
    for partner in book.rows("partners"):
        if partner["status"] == ENDED:
            continue
        name = label(book, "partners", partner)
        structures = net.active_structures(partner)
        if len(structures) > max_structures:
            listed = names([label(book, "structures", s) for s in structures], book.lang)
            count = plural(book.lang, len(structures), ("aktiven Struktur", "aktiven Strukturen"),
                           ("active structure", "active structures"))
            yield finding_at(book, "partners", partner, "name", "partner-overload", "warning", t(
                book.lang,
                f"{name} ist Mitglied in {count} ({listed}), mehr als "
                f"{max_structures} — Runden zusammenlegen oder den Partner entlasten.",
                f"{name} is a member of {count} ({listed}), more than "
                f"{max_structures} — merge rounds or relieve the partner."))
        per_quarter: dict[tuple[int, int], int] = defaultdict(int)
        for meeting in net.meetings_of.get(partner.number, []):
            if meeting["date"] is not None:
                per_quarter[quarter(meeting["date"])] += 1
        busy = sorted(q for q, n in per_quarter.items() if n > max_meetings)
        if busy:
            listed = ", ".join(f"Q{q} {y}: {per_quarter[(y, q)]}" for y, q in busy)
            yield finding_at(book, "partners", partner, "name", "partner-overload", "warning", t(
                book.lang,
                f"{name} ist zu mehr als {max_meetings} Treffen in einem Quartal eingeladen ({listed}) — "
                f"Treffen bündeln oder aneinander andocken.",
                f"{name} is invited to more than {max_meetings} meetings in one quarter ({listed}) — "
                f"bundle meetings or dock them onto each other."))


def person_overload(book: Book, today: dt.date) -> Iterator[Finding]:
    """One person or partner responsible for too many open or overdue tasks."""
    max_open = book.whole("max_open_tasks")
    max_overdue = book.whole("max_overdue_tasks")
    net = Network.of(book)
    rows = {sheet: {r.number: r for r in book.rows(sheet)} for sheet in ("people", "partners")}
    for (sheet, number), tasks in sorted(net.tasks_of.items()):
        open_tasks = [task for task in tasks if is_open(task)]
        overdue = [task for task in open_tasks if is_overdue(task, today)]
        if len(open_tasks) <= max_open and len(overdue) < max_overdue:
            continue
        row = rows[sheet][number]
        ids = names([task.id or row_ref(book, task) for task in open_tasks], book.lang, limit=8)
        column = "last_name" if sheet == "people" else "name"
        count = plural(book.lang, len(open_tasks), ("offene Aufgabe", "offene Aufgaben"), ("open task", "open tasks"))
        de_late, en_late = (f", davon {len(overdue)} überfällig", f", {len(overdue)} of them overdue") if overdue else (
            "", "")
        yield finding_at(book, sheet, row, column, "person-overload", "warning", t(
            book.lang,
            f"{label(book, sheet, row)} ist für {count} zuständig ({ids}){de_late} — "
            f"Aufgaben verteilen oder Fristen neu vereinbaren.",
            f"{label(book, sheet, row)} is responsible for {count} ({ids}){en_late} — "
            f"share the tasks out or agree new dates."))


def overdue_task(book: Book, today: dt.date) -> Iterator[Finding]:
    """An open task past its due date; "no note" when it has waited long without a word."""
    note_days = book.whole("overdue_note_days")
    for task in book.rows("tasks"):
        if not is_overdue(task, today):
            continue
        days = (today - task["due"]).days
        silent = days > note_days and not task["note"]
        who = task["responsible"] or "?"
        de_note, en_note = (", kein Erledigungsvermerk", ", no note") if silent else ("", "")
        since = plural(book.lang, days, ("Tag", "Tagen"), ("day", "days"))
        yield finding_at(book, "tasks", task, "due", "overdue-task", "warning", t(
            book.lang,
            f"Aufgabe {label(book, 'tasks', task)} ({who}) ist seit {since} überfällig "
            f"(fällig {format_date(task['due'], 'de')}{de_note}) — nachfragen, einen neuen Termin "
            f"vereinbaren oder als erledigt eintragen.",
            f"Task {label(book, 'tasks', task)} ({who}) is {since} overdue "
            f"(due {format_date(task['due'], 'en')}{en_note}) — follow up, agree a new date "
            f"or mark it done."))


def low_attendance(book: Book, today: dt.date) -> Iterator[Finding]:
    """A member that mostly stays away from its structure's recent meetings.

    Only meetings whose attendance was recorded count, and at least two of them are
    needed before a member is called absent.
    """
    window = book.whole("attendance_window")
    min_pct = book.number("min_attendance_pct")
    net = Network.of(book)
    held: dict[int, list[Row]] = defaultdict(list)
    for meeting in book.rows("meetings"):
        structure = book.ref("meetings", meeting, "structure")
        if (structure is not None and meeting["status"] == HELD and meeting["date"] is not None
                and meeting["date"] <= today and net.attended_by.get(meeting.number)):
            held[structure.number].append(meeting)
    for structure in book.rows("structures"):
        if structure["status"] != ACTIVE:
            continue
        recent = sorted(held.get(structure.number, []), key=lambda m: m["date"])[-window:]
        if len(recent) < 2:
            continue
        for partner in net.members.get(structure.number, []):
            came = sum(partner.number in net.attended_by[m.number] for m in recent)
            pct = 100 * came / len(recent)
            if pct >= min_pct:
                continue
            who, where = label(book, "partners", partner), label(book, "structures", structure)
            yield finding_at(book, "structures", structure, "members", "low-attendance", "hint", t(
                book.lang,
                f"{who} war bei {came} von {len(recent)} der letzten Treffen von {where} ({pct:.0f} %) — "
                f"Interesse und Nutzen mit dem Partner klären.",
                f"{who} attended {came} of the last {len(recent)} meetings of {where} ({pct:.0f} %) — "
                f"clarify interest and benefit with the partner."))


def group_too_large(book: Book, today: dt.date) -> Iterator[Finding]:
    """A round too big to work in."""
    limit = book.whole("max_group_size")
    net = Network.of(book)
    for structure in book.rows("structures"):
        count = len(net.members.get(structure.number, []))
        if structure["status"] == ENDED or count <= limit:
            continue
        yield finding_at(book, "structures", structure, "members", "group-too-large", "hint", t(
            book.lang,
            f"{label(book, 'structures', structure)} hat {count} Mitgliedsorganisationen (mehr als {limit}) "
            f"— für die Arbeit in kleinere Arbeitskreise oder Kleinstkooperationen aufteilen.",
            f"{label(book, 'structures', structure)} has {count} member organisations (more than {limit}) "
            f"— split the work into smaller working groups or micro-cooperations."))


def _days(lang: str, count: int, dative: bool = False) -> str:
    """``1 Tag``, ``7 Tage`` (after "nach": ``7 Tagen``); ``1 day``, ``7 days``."""
    return plural(lang, count, ("Tag", "Tagen" if dative else "Tage"), ("day", "days"))


def minutes_late(book: Book, today: dt.date) -> Iterator[Finding]:
    """Minutes not sent within the agreed days after a held meeting."""
    limit = book.whole("minutes_days")
    for meeting in book.rows("meetings"):
        date, sent = meeting["date"], meeting["minutes_sent"]
        if meeting["status"] != HELD or date is None or "minutes_sent" in meeting.issues:
            continue
        what = label(book, "meetings", meeting)
        waited = (today - date).days
        if (sent is None or sent > today) and waited > limit:  # a date ahead is a plan, not a sending
            de = (f"Das Protokoll von {what} ist nach {_days(book.lang, waited, True)} noch nicht versendet "
                  f"(Ziel: {_days(book.lang, limit)}) — bitte versenden und das Datum eintragen.")
            en = (f"The minutes of {what} are still not sent after {_days(book.lang, waited)} "
                  f"(aim: {_days(book.lang, limit)}) — send them and enter the date.")
        elif sent is not None and sent <= today and (sent - date).days > limit:
            de = (f"Das Protokoll von {what} wurde erst nach {_days(book.lang, (sent - date).days, True)} versendet "
                  f"(Ziel: {_days(book.lang, limit)}) — Protokolle zeitnah versenden, das hält Zusagen verbindlich.")
            en = (f"The minutes of {what} were sent only after {_days(book.lang, (sent - date).days)} "
                  f"(aim: {_days(book.lang, limit)}) — send minutes promptly, it keeps commitments binding.")
        else:
            continue
        yield finding_at(book, "meetings", meeting, "minutes_sent", "minutes-late", "warning",
                         t(book.lang, de, en))


def agreement_review_due(book: Book, today: dt.date) -> Iterator[Finding]:
    """A signed agreement past its review date or its end."""
    for agreement in book.rows("agreements"):
        if agreement["status"] != SIGNED:
            continue
        partner = book.ref("agreements", agreement, "partner")
        what = quoted(label(book, "agreements", agreement), book.lang)
        if partner is not None:
            what += t(book.lang, f" mit {label(book, 'partners', partner)}",
                      f" with {label(book, 'partners', partner)}")
        end, review = agreement["valid_until"], agreement["review_on"]
        if end is not None and end < today:
            yield finding_at(book, "agreements", agreement, "valid_until", "agreement-review-due", "warning", t(
                book.lang,
                f"Die Vereinbarung {what} ist am {format_date(end, 'de')} ausgelaufen — verlängern oder "
                f"den Status auf „ausgelaufen“ setzen.",
                f"The agreement {what} ended on {format_date(end, 'en')} — renew it or set its status "
                f"to “expired”."))
        elif review is not None and review < today:
            yield finding_at(book, "agreements", agreement, "review_on", "agreement-review-due", "warning", t(
                book.lang,
                f"Die Vereinbarung {what} sollte am {format_date(review, 'de')} überprüft werden — mit dem "
                f"Partner besprechen und ein neues Überprüfungsdatum eintragen.",
                f"The agreement {what} was due for review on {format_date(review, 'en')} — talk it over "
                f"with the partner and enter a new review date."))


def dormant_partner(book: Book, today: dt.date) -> Iterator[Finding]:
    """An "active" partner that has not taken part in anything for months."""
    months = book.whole("dormant_months")
    since = _months_before(today, months)
    net = Network.of(book)

    def recent(day: dt.date | None) -> bool:
        return day is not None and since <= day <= today

    attendees = {number for meeting in book.rows("meetings") if recent(meeting["date"])
                 for number in net.attended_by.get(meeting.number, ())}
    for partner in book.rows("partners"):
        joined = partner["since"]
        if partner["status"] != ACTIVE or (joined is not None and joined > since) or partner.number in attendees:
            continue  # a partner that joined within the window gets its time
        tasks = net.tasks(("partners", partner.number), with_people=True)
        if any(is_open(task) or recent(task["due"]) or recent(task["done_on"]) for task in tasks):
            continue
        yield finding_at(book, "partners", partner, "status", "dormant-partner", "hint", t(
            book.lang,
            f"{label(book, 'partners', partner)} ist als aktiv eingetragen, war aber seit {months} Monaten "
            f"bei keinem Treffen und hat keine Aufgabe — Kontakt aufnehmen und Interesse klären, "
            f"sonst den Status auf „ruhend“ setzen.",
            f"{label(book, 'partners', partner)} is marked active but has attended no meeting and had no "
            f"task for {months} months — get in touch and clarify interest, or set the status to “dormant”."))


def no_win_win(book: Book, today: dt.date) -> Iterator[Finding]:
    """Cooperation needs a benefit for the partner that everybody can see."""
    for partner in book.rows("partners"):
        if partner["status"] == ACTIVE and not partner["benefit"]:
            yield finding_at(book, "partners", partner, "benefit", "no-win-win", "hint", t(
                book.lang,
                f"Für {label(book, 'partners', partner)} ist kein Nutzen eingetragen — festhalten, was der "
                f"Partner von der Zusammenarbeit hat (Win-win), und es ihm zeigen.",
                f"No benefit is entered for {label(book, 'partners', partner)} — write down what the partner "
                f"gains from working together (win-win) and show it to them."))
    for agreement in book.rows("agreements"):
        if agreement["status"] == SIGNED and not agreement["benefit"]:
            what = quoted(label(book, "agreements", agreement), book.lang)
            yield finding_at(book, "agreements", agreement, "benefit", "no-win-win", "hint", t(
                book.lang,
                f"Die unterzeichnete Vereinbarung {what} nennt keinen Nutzen für den Partner — beim nächsten "
                f"Überprüfen ergänzen.",
                f"The signed agreement {what} names no benefit for the partner — add it at the next review."))


CHECKS = (too_many_topics, partner_overload, person_overload, overdue_task, low_attendance,
          group_too_large, minutes_late, agreement_review_due, dormant_partner, no_win_win)
