"""Minutes (Protokoll) of held meetings: one document per meeting.

Besides what was said, minutes carry the follow-up of open tasks from earlier meetings of
the same group: that is what makes commitments binding (Verbindlichkeit).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks.entries import valid_email
from ..schema import DATA_SHEETS, OPEN_TASK_STATES
from ..texts import plural, t
from ..workbook.tables import Book, Row, person_name, today_or
from .batch import BatchResult, Job, Progress, safe_name
from .common import (
    Notices,
    date_text,
    is_qm,
    label,
    partner_logo,
    partner_name,
    qm_context,
    qm_person,
    responsible_text,
    time_span,
)
from .writer import write_batch

_TOP_NUMBER = re.compile(r"^\s*(?:TOP|item)?\s*(\d+)\s*[.:)]?\s*$", re.IGNORECASE)


@dataclass
class _Index:
    """References resolved once per batch, not once per document."""

    tasks_by_meeting: dict[str, list[Row]]
    meetings_by_structure: dict[str, list[Row]]
    people_by_partner: dict[str, list[Row]]

    @classmethod
    def of(cls, book: Book) -> _Index:
        tasks: dict[str, list[Row]] = {}
        for task in book.rows("tasks"):
            meeting = book.ref("tasks", task, "meeting")
            if meeting is not None and meeting.id:
                tasks.setdefault(meeting.id, []).append(task)
        meetings: dict[str, list[Row]] = {}
        for meeting in book.rows("meetings"):
            structure = book.ref("meetings", meeting, "structure")
            if structure is not None and structure.id and isinstance(meeting["date"], dt.date):
                meetings.setdefault(structure.id, []).append(meeting)
        for rows in meetings.values():
            rows.sort(key=lambda m: (m["date"], m["start"] or dt.time(0)))
        people: dict[str, list[Row]] = {}
        for person in book.rows("people"):
            partner = book.ref("people", person, "partner")
            if partner is not None and partner.id:
                people.setdefault(partner.id, []).append(person)
        return cls(tasks, meetings, people)


def _status_text(task: Row, lang: str) -> str:
    status = label("task_status", task["status"], lang)
    if task["done_on"]:
        status += t(lang, f" am {date_text(task['done_on'], lang)}", f" on {date_text(task['done_on'], lang)}")
    return status


def _task(book: Book, task: Row, lang: str, number: int | str) -> dict[str, Any]:
    return {
        "no": number,
        "id": task.id or "",
        "item": str(task["item"] or ""),
        "description": str(task["description"] or ""),
        "responsible": responsible_text(book, task["responsible"], lang),
        "due": date_text(task["due"], lang),
        "status": _status_text(task, lang),
        "note": str(task["note"] or ""),
        "kind": label("task_kind", task["kind"], lang),
    }


def _top_groups(agenda: list[str], entries: list[tuple[Row, dict[str, Any]]], lang: str) -> list[dict]:
    """The meeting's entries grouped by agenda item (TOP), in the order of the agenda."""
    groups = [{"number": i + 1, "title": title, "entries": []} for i, title in enumerate(agenda)]
    by_title = {title.casefold().strip(): g for title, g in zip(agenda, groups, strict=True)}
    for task, entry in entries:
        item = str(task["item"] or "").strip()
        number = _TOP_NUMBER.match(item)
        if number and 1 <= int(number.group(1)) <= len(groups):
            group = groups[int(number.group(1)) - 1]
        elif item.casefold() in by_title:
            group = by_title[item.casefold()]
        else:
            title = item or t(lang, "Sonstiges", "Other business")
            group = by_title.get(title.casefold())
            if group is None:
                group = {"number": len(groups) + 1, "title": title, "entries": []}
                groups.append(group)
                by_title[title.casefold()] = group
        group["entries"].append(entry)
    return groups


def _organisation(book: Book, match_row: Row | None) -> str:
    return partner_name(book, match_row) if match_row is not None else str(book.setting("qm_name"))


def minutes_context(book: Book, meeting: Row, lang: str, today: dt.date, notices: Notices,
                    index: _Index | None = None) -> dict[str, Any] | None:
    """The variables of one meeting's minutes; None (reported) when the meeting cannot have any."""
    index = index or _Index.of(book)
    item = meeting.id or f"#{meeting.number}"
    structure = book.ref("meetings", meeting, "structure")
    if structure is None:
        notices.add(item, "Treffen ohne (bekannte) Struktur: kein Protokoll geschrieben.",
                    "Meeting without a (known) structure: no minutes written.", skipped=True)
        return None
    if not isinstance(meeting["date"], dt.date):
        notices.add(item, "Treffen ohne gültiges Datum: kein Protokoll geschrieben.",
                    "Meeting without a valid date: no minutes written.", skipped=True)
        return None
    columns = DATA_SHEETS["meetings"]
    attending = book.resolve_all(columns.column("partners"), meeting["partners"])
    people = book.refs("meetings", meeting, "people")
    attendees: list[dict[str, Any]] = []
    by_org: dict[str, dict[str, Any]] = {}
    for match in attending:
        name = _organisation(book, match.row)
        entry = {"organisation": name, "people": "", "_names": []}
        attendees.append(entry)
        by_org[match.row.id if match.row is not None else ""] = entry
    for person in people:
        org = book.ref("people", person, "partner")
        key = org.id if org is not None else None
        if key not in by_org:
            entry = {"organisation": partner_name(book, org) if org else t(lang, "ohne Organisation",
                                                                          "no organisation"),
                     "people": "", "_names": []}
            attendees.append(entry)
            by_org[key] = entry
        by_org[key]["_names"].append(person_name(person))
    for entry in attendees:
        entry["people"] = ", ".join(entry.pop("_names"))
    logos = []
    for match in attending:
        picture = partner_logo(book, match.row, notices)
        if picture is not None:
            logos.append({"name": partner_name(book, match.row), "image": picture})

    own = [tk for tk in index.tasks_by_meeting.get(meeting.id or "", [])]
    tasks, entries = [], []
    for task in own:  # tasks show their workbook ID, as the follow-up in later minutes does
        if task["kind"] == "Aufgabe":
            entry = _task(book, task, lang, task.id or "")
            tasks.append(entry)
        else:
            entry = _task(book, task, lang, "")
        entries.append((task, entry))
    agenda = [str(a) for a in (meeting["agenda"] or [])]

    followup = []
    earlier = [m for m in index.meetings_by_structure.get(structure.id or "", [])
               if m["date"] < meeting["date"]]
    for old in earlier:
        for task in index.tasks_by_meeting.get(old.id or "", []):
            if task["kind"] == "Aufgabe" and task["status"] in OPEN_TASK_STATES:
                entry = _task(book, task, lang, task.id or "")
                entry["meeting_date"] = date_text(old["date"], lang)
                entry["overdue"] = isinstance(task["due"], dt.date) and task["due"] < meeting["date"]
                followup.append(entry)

    next_meeting = None
    if isinstance(meeting["next_meeting"], dt.date):
        next_meeting = {"date": date_text(meeting["next_meeting"], lang), "time": "", "place": ""}
    later = [m for m in index.meetings_by_structure.get(structure.id or "", [])
             if m["date"] > meeting["date"] and m["status"] != "abgesagt"]
    if later and (next_meeting is None or later[0]["date"] == meeting["next_meeting"]):
        following = later[0]
        next_meeting = {"date": date_text(following["date"], lang),
                        "time": time_span(following["start"], following["end"], lang),
                        "place": str(following["place"] or "")}

    host = book.resolve(columns.column("host"), meeting["host"])
    context = qm_context(book, lang, today, notices)
    context.update({
        "meeting": {
            "id": meeting.id or "",
            "date": date_text(meeting["date"], lang),
            "time": time_span(meeting["start"], meeting["end"], lang),
            "place": str(meeting["place"] or ""),
            "host": _organisation(book, host.row) if host else str(meeting["host"] or ""),
            "chair": _person(book, meeting["chair"]),
            "minute_taker": _person(book, meeting["minute_taker"]),
            "agenda": agenda,
            "others": str(meeting["others"] or ""),
            "headcount": "" if meeting["headcount"] is None else str(meeting["headcount"]),
            "residents": str(meeting["residents"]) if meeting["residents"] else "",  # "davon 0" says nothing
            "residents_text": plural(lang, meeting["residents"], ("Bewohner*in", "Bewohner*innen"),
                                     ("resident", "residents")) if meeting["residents"] else "",
            "status": label("meeting_status", meeting["status"], lang),
        },
        "structure": {
            "name": str(structure["name"] or ""),
            "type": label("structure_type", structure["type"], lang),
            "field": label("field", structure["field"], lang),
            "cadence": label("cadence", structure["cadence"], lang),
        },
        "attendees": attendees,
        "excused": [partner_name(book, p) for p in book.refs("meetings", meeting, "excused")],
        "logos": logos,
        "items": _top_groups(agenda, entries, lang),
        "tasks": tasks,
        "followup": followup,
        "next_meeting": next_meeting,
        "distribution": _distribution(book, structure, attending, index, notices),
        "concerns": _concerns(book, meeting, lang),
    })
    return context


def _person(book: Book, text: Any) -> str:
    """A chair or minute-taker as written, and "QM" as the office's contact person or name."""
    return qm_person(book) if is_qm(book, text) else str(text or "")


def _concerns(book: Book, meeting: Row, lang: str) -> list[dict[str, str]]:
    """Residents' concerns raised in this meeting (Anliegen with this Treffen); internal columns stay out."""
    found = []
    for concern in book.rows("concerns"):
        if book.ref("concerns", concern, "meeting") is not meeting:
            continue
        taker = book.resolve(DATA_SHEETS["concerns"].column("taken_by"), concern["taken_by"])
        found.append({"concern": str(concern["concern"] or ""), "field": label("field", concern["field"], lang),
                      "taken_by": _organisation(book, taker.row) if taker else str(concern["taken_by"] or ""),
                      "status": label("concern_status", concern["status"], lang)})
    return found


def _distribution(book: Book, structure: Row, attending: Iterable, index: _Index,
                  notices: Notices) -> list[dict[str, str]]:
    """Members and attending organisations; emails only of people who agreed to sharing.

    Each address appears once (compared without case), however many rows share it; an
    address the check finds invalid is left out, with a notice.
    """
    partners: list[Row] = []
    for row in book.refs("structures", structure, "members") + [m.row for m in attending if m.row]:
        if row not in partners:
            partners.append(row)
    result, seen = [], set()
    for partner in partners:
        rows = [partner] + [p for p in index.people_by_partner.get(partner.id or "", []) if p["share"] == "ja"]
        emails = []
        for row in rows:
            email = str(row["email"] or "").strip()
            if not email or email.casefold() in seen:
                continue
            if not valid_email(email):
                who = partner_name(book, row) if row is partner else person_name(row)
                notices.add(row.id or who, f"E-Mail-Adresse {email} von {who} ist ungültig und fehlt im Verteiler.",
                            f"The email address {email} of {who} is invalid and left out of the distribution list.")
                continue
            seen.add(email.casefold())
            emails.append(email)
        result.append({"organisation": partner_name(book, partner), "emails": "; ".join(emails)})
    return result


def minutes_filename(context: dict[str, Any], meeting: Row, lang: str) -> str:
    kind = t(lang, "Protokoll", "Minutes")
    return f"{meeting['date'].isoformat()}_{kind}_{safe_name(context['structure']['name'])}.docx"


def select_meetings(book: Book, meeting_ids: Iterable[str] | None, notices: Notices) -> list[Row]:
    """The meetings asked for by ID, or every held meeting."""
    rows = book.rows("meetings")
    if not meeting_ids:
        return [m for m in rows if m["status"] == "stattgefunden"]
    by_id = {m.id.casefold(): m for m in rows if m.id}
    chosen = []
    for meeting_id in meeting_ids:
        row = by_id.get(str(meeting_id).strip().casefold())
        if row is None:
            notices.add(str(meeting_id), f"Treffen {meeting_id} gibt es nicht.",
                        f"There is no meeting {meeting_id}.", skipped=True)
        elif row not in chosen:
            chosen.append(row)
    return chosen


def write_minutes(book: Book, meeting_ids: Iterable[str] | None = None, out_dir: Path | None = None,
                  pdf: bool = False, templates: Path | None = None, lang: str | None = None,
                  today: dt.date | None = None, progress: Progress | None = None,
                  pdf_progress: Progress | None = None) -> BatchResult:
    """Writes the minutes of the given meetings (default: every held meeting) as .docx (and PDF)."""
    lang = lang or book.lang
    notices = Notices(lang)
    index = _Index.of(book)
    jobs = []
    selected = select_meetings(book, meeting_ids, notices)
    for meeting in selected:
        context = minutes_context(book, meeting, lang, today_or(today), notices, index)
        if context is not None:
            jobs.append(Job(meeting.id or f"#{meeting.number}", minutes_filename(context, meeting, lang),
                            context))
    if not selected and not meeting_ids:
        return BatchResult(notices=notices.items, nothing=t(
            lang, "Kein Treffen hat den Status „stattgefunden“; mit --meeting und der TreffenID "
                  "(z. B. --meeting T001) schreiben Sie das Protokoll eines bestimmten Treffens.",
            "No meeting has the status “held”; with --meeting and the MeetingID (e.g. --meeting T001) "
            "you write the minutes of a particular meeting."))
    default_dir = t(lang, "Protokolle", "Minutes")
    return write_batch(book, "minutes", jobs, notices, out_dir, default_dir, pdf, templates, lang, progress,
                       pdf_progress)
