"""Invitations: the Word letter read back with python-docx, the calendar request parsed with icalendar,
the e-mail draft parsed with Python's email package, and the "Eingeladen am" column filled in."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import stat
import subprocess
import sys

import docx
import pytest
from icalendar import Calendar

from tests.test_documents_templates import _shape
from xlquartier.documents import check_template
from xlquartier.documents.common import Notices
from xlquartier.documents.invitations import invitation_context, run_invitations
from xlquartier.documents.templates import find_template
from xlquartier.documents.variables import VARIABLES, Obj
from xlquartier.errors import UserError
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import read_book

TODAY = dt.date(2026, 6, 1)
CLI = [sys.executable, "-c", "from xlquartier.cli import main; main()"]
SETTINGS = {"email": "qm@lindenhof.example", "qm_name": "Quartiersmanagement Lindenhof", "phone": "0123 4567",
            "quarter": "Lindenhof"}


def _partner(pid, name, email=None):
    return {"id": pid, "name": name, "type": "Verein", "status": "aktiv", "email": email, "benefit": "x"}


def _person(pid, partner, first, last, email, basis="öffentliche Aufgabe", consent=None, share=None):
    return {"id": pid, "partner": partner, "first_name": first, "last_name": last, "email": email,
            "legal_basis": basis, "consent_date": consent, "share": share}


ROWS = {
    "partners": [_partner("P001", "Polizeirevier Süd"), _partner("P002", "Initiative barrierefrei"),
                 _partner("P003", "Seniorentreff Lindenhof", "info@seniorentreff.example"),
                 _partner("P004", "Kirchengemeinde St. Markus"), _partner("P005", "Sportverein Blau-Weiß")],
    "people": [
        _person("K001", "P001", "Anna", "Schmidt", "a.schmidt@polizei.example", share="ja"),
        _person("K002", "P002", "Jan", "Weber", "jan@ini.example", "Einwilligung", dt.date(2025, 1, 1), "nein"),
        _person("K003", "P003", "Ola", "Nowak", "ola@senioren.example", "Einwilligung"),  # consent date missing
        _person("K004", "P004", "Eva", "Roth", "keine-adresse"),
        _person("K005", "P005", "Mehmet", "Yılmaz", "m.yilmaz@bw.example", share="ja"),
    ],
    "structures": [{"id": "S01", "name": "AK Sicherheit & Barrierefreiheit", "type": "Arbeitskreis",
                    "field": "Sicherheit & Barrierefreiheit", "lead": "P001", "status": "aktiv",
                    "members": ["P001", "P002", "P003", "P004"], "cadence": "monatlich"}],
    "meetings": [
        {"id": "T001", "structure": "S01", "date": dt.date(2026, 5, 12), "status": "stattgefunden",
         "minutes_sent": dt.date(2026, 5, 15), "place": "Stadtteilbüro"},
        {"id": "T002", "structure": "S01", "date": dt.date(2026, 6, 9), "start": dt.time(17, 0),
         "end": dt.time(18, 30), "status": "geplant", "place": "O001", "host": "QM",
         "agenda": ["Begehung der Schulwege", "Beleuchtung Mühlenweg {{ 7*7 }}"]},
        {"id": "T003", "structure": "S01", "date": dt.date(2026, 7, 14), "status": "geplant"},
    ],
    "tasks": [
        {"id": "A001", "meeting": "T001", "kind": "Aufgabe", "description": "Mängelliste an das Bezirksamt",
         "responsible": "K001", "due": dt.date(2026, 5, 30), "status": "offen"},
        {"id": "A002", "meeting": "T001", "kind": "Aufgabe", "description": "Fotos sammeln", "responsible": "P002",
         "due": dt.date(2026, 6, 30), "status": "offen"},  # due after the meeting: not listed
        {"id": "A003", "meeting": "T001", "kind": "Aufgabe", "description": "Erledigtes", "responsible": "P002",
         "due": dt.date(2026, 6, 1), "status": "erledigt", "done_on": dt.date(2026, 5, 20)},
        {"id": "A004", "kind": "Aufgabe", "description": "Bühne mieten", "responsible": "P005",
         "due": dt.date(2026, 6, 15), "status": "offen", "event": "E001"},
    ],
    "events": [{"id": "E001", "title": "Stadtteilfest", "date": dt.date(2026, 6, 20), "start": dt.time(14, 0),
                "end": dt.time(19, 0), "lead": "QM", "co_organisers": ["P005: Sportprogramm", "P003: Kuchen"],
                "target_groups": ["Familien", "alle Bewohner*innen"], "status": "geplant",
                "place": "Stadtteilbüro, Lindenplatz 3"}],
    "offers": [{"id": "O001", "kind": "Raum", "title": "Stadtteilbüro", "partner": "QM", "place": "Lindenplatz 3",
                "step_free": "ja", "toilet": "ja", "capacity": 40}],
}


@pytest.fixture()
def book(tmp_path):
    return build_workbook(tmp_path / "Netzwerk.xlsx", "de", data=ROWS, settings=SETTINGS)


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_meeting_invitation_letter_calendar_request_and_draft(book, tmp_path):
    result = run_invitations(book, meeting_ids=["T002"], today=TODAY)
    assert result.complete is False  # the person without a valid address is reported
    assert [n.message for n in result.notices] == ["Keine gültige E-Mail-Adresse, weggelassen: keine-adresse"]
    [letter] = result.written
    assert letter.name == "2026-06-09_Einladung_AK-Sicherheit-Barrierefreiheit.docx"
    text = _text(docx.Document(letter))
    for part in ("Einladung", "Dienstag, 09.06.2026", "17:00–18:30 Uhr", "Stadtteilbüro\nLindenplatz 3",
                 "stufenlos erreichbar, barrierefreies WC, 40 Plätze", "TOP 1", "Begehung der Schulwege",
                 "Beleuchtung Mühlenweg {{ 7*7 }}", "Das Protokoll des Treffens vom 12.05.2026 wurde am 15.05.2026",
                 "2026-05-12_Protokoll_AK-Sicherheit-Barrierefreiheit.docx", "Mängelliste an das Bezirksamt",
                 "Anna Schmidt (Polizeirevier Süd)", "überfällig", "bis zum 02.06.2026", "qm@lindenhof.example"):
        assert part in text, part
    assert "Fotos sammeln" not in text and "Erledigtes" not in text

    [ics] = result.calendars
    calendar = Calendar.from_ical(ics.read_bytes())
    assert str(calendar["method"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event["dtstart"].dt == dt.datetime(2026, 6, 9, 17, 0, tzinfo=event["dtstart"].dt.tzinfo)
    assert str(event["dtstart"].dt.tzinfo) == "Europe/Berlin" and event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["organizer"]) == "mailto:qm@lindenhof.example"
    attendees = sorted(str(a) for a in event["attendee"]) if isinstance(event["attendee"], list) else [
        str(event["attendee"])]
    # only those who agreed to sharing, and the organisation address of a partner none of whose people may be written to
    assert attendees == ["mailto:a.schmidt@polizei.example", "mailto:info@seniorentreff.example"]
    assert b"ATTENDEE;CN=\"Anna Schmidt\"" in ics.read_bytes().replace(b"\r\n ", b"")
    assert stat.S_IMODE(ics.stat().st_mode) == 0o600

    [eml] = result.drafts
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1" and message["To"] is None and message["Cc"] is None
    bcc = sorted(a.addr_spec for a in message["Bcc"].addresses)
    assert bcc == ["a.schmidt@polizei.example", "info@seniorentreff.example", "jan@ini.example"]
    assert message["From"].addresses[0].addr_spec == "qm@lindenhof.example"
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [letter.name, ics.name]
    assert attachments[0].get_content() == letter.read_bytes()
    assert attachments[1].get_content_type() == "text/calendar" and attachments[1].get_param("method") == "REQUEST"
    assert "Begehung der Schulwege" in message.get_body(("plain",)).get_content()

    after = read_book(book)
    assert after.rows("meetings")[1]["invited_on"] == TODAY and after.rows("meetings")[2]["invited_on"] is None
    assert result.marked == 1 and list((tmp_path / "Sicherungen").glob("Netzwerk_*.xlsx"))


def test_event_invitation_names_the_shoulders_and_its_tasks(book):
    result = run_invitations(book, event_ids=["E001"], today=TODAY)
    text = _text(docx.Document(result.written[0]))
    for part in ("„Stadtteilfest“", "Auf mehreren Schultern", "Quartiersmanagement Lindenhof: Federführung",
                 "Sportverein Blau-Weiß: Sportprogramm", "Seniorentreff Lindenhof: Kuchen",
                 "Familien, alle Bewohner*innen", "Bühne mieten", "stufenlos erreichbar"):
        assert part in text, part
    assert "Protokoll des letzten Treffens" not in text
    calendar = Calendar.from_ical(result.calendars[0].read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Stadtteilfest" and str(event["uid"]).startswith("E001-")
    assert "Sportverein Blau-Weiß" in str(event["description"])
    assert read_book(book).rows("events")[0]["invited_on"] == TODAY


def test_default_picks_what_is_planned_soon_and_not_invited(book):
    first = run_invitations(book, today=TODAY)  # invite_days 14: the meeting on 09.06. only
    assert [row.id for _, row in first.invited] == ["T002"]
    again = run_invitations(book, today=TODAY)
    assert again.invited == [] and again.written == []
    later = run_invitations(book, next_days=45, today=TODAY, mark=False)
    assert [row.id for _, row in later.invited] == ["T002", "E001", "T003"] and later.marked == 0


def test_english_invitation(tmp_path):
    path = build_workbook(tmp_path / "Network.xlsx", "en", data=ROWS, settings=SETTINGS)
    result = run_invitations(path, meeting_ids=["T002"], today=TODAY)
    text = _text(docx.Document(result.written[0]))
    assert result.written[0].name == "2026-06-09_Invitation_AK-Sicherheit-Barrierefreiheit.docx"
    assert "Tuesday, 2026-06-09" in text and "step-free access, accessible toilet, 40 seats" in text
    message = email.message_from_bytes(result.drafts[0].read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Invitation: AK Sicherheit & Barrierefreiheit on 2026-06-09"


def test_refusals_are_one_plain_sentence(book, tmp_path):
    with pytest.raises(UserError, match="email address"):
        run_invitations(build_workbook(tmp_path / "leer.xlsx", "de", data=ROWS), meeting_ids=["T002"], today=TODAY)
    result = run_invitations(book, meeting_ids=["T001", "T999"], today=TODAY)
    assert result.written == [] and [n.item for n in result.skipped] == ["T001", "T999"]
    done = subprocess.run([*CLI, "invitations", str(book), "--meeting", "T999"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "T999 gibt es nicht" in done.stdout and "Traceback" not in done.stderr


def test_shipped_invitation_templates_use_only_known_variables():
    for lang in ("de", "en"):
        assert check_template(find_template("invitation", lang)) == []


def test_contexts_have_exactly_the_documented_variables(book):
    workbook = read_book(book)
    for sheet, row in (("meetings", workbook.rows("meetings")[1]), ("events", workbook.rows("events")[0])):
        context = invitation_context(workbook, sheet, row, "de", TODAY, Notices("de"))
        assert _shape(context, Obj("", "", VARIABLES["invitation"])) == [], sheet
