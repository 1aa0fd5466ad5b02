"""Overload and reliability: each code with the rows that must be found and near misses that
must stay silent, plus the load helpers, on one real workbook with a fixed "today"."""

from __future__ import annotations

import datetime as dt

import pytest

from xlquartier.checks import check
from xlquartier.checks.load import joint_topics, open_tasks, partner_load
from xlquartier.checks.reliability import CHECKS
from xlquartier.errors import UserError
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import read_book

TODAY = dt.date(2026, 6, 1)
D = dt.date
CODES = {"too-many-topics", "partner-overload", "person-overload", "overdue-task", "low-attendance",
         "group-too-large", "minutes-late", "agreement-review-due", "dormant-partner", "no-win-win"}
LONG_AGO = D(2020, 1, 1)
FILLERS = [f"P{n:03d}" for n in range(9, 22)]  # 13 partners that only sit in the big rounds


def partner(pid, name, status="aktiv", benefit="Kontakte", since=LONG_AGO, short=None):
    return {"id": pid, "name": name, "short_name": short, "type": "Verein", "status": status,
            "benefit": benefit, "since": since}


def structure(sid, name, members, status="aktiv", kind="Arbeitskreis"):
    return {"id": sid, "name": name, "type": kind, "field": "Nachbarschaft", "members": members, "status": status}


def meeting(mid, sid, day, partners, sent=None, status="stattgefunden"):
    return {"id": mid, "structure": sid, "date": day, "partners": partners, "minutes_sent": sent, "status": status}


def task(tid, who, due, status="offen", note=None, done=None):
    return {"id": tid, "kind": "Aufgabe", "description": f"Aufgabe {tid}", "responsible": who, "due": due,
            "status": status, "note": note, "done_on": done}


MONDAYS = [D(2026, 4, 6) + dt.timedelta(weeks=n) for n in range(7)]

ROWS = {
    "partners": [
        partner("P001", "Neustädter Wohnungsbaugesellschaft", short="NEWOGE"),
        partner("P002", "Grundschule am Park"),
        partner("P003", "Apotheke am Lindenplatz", benefit=None),
        partner("P004", "Café Eck", status="potenziell", benefit=None),
        partner("P005", "Kita Regenbogen", since=D(2026, 3, 1)),
        partner("P006", "Stadtteilbibliothek"),
        partner("P007", "Polizeirevier Süd"),
        partner("P008", "Kirchengemeinde St. Marien"),
        *[partner(pid, f"Verein {pid}", status="potenziell") for pid in FILLERS],
        partner("P022", "Musikschule"),
    ],
    "people": [
        {"id": "K001", "partner": "P002", "first_name": "Mehmet", "last_name": "Yılmaz", "legal_basis": "Einwilligung",
         "consent_date": D(2025, 1, 1)},
        {"id": "K002", "partner": "P001", "first_name": "Sabine", "last_name": "Krüger",
         "legal_basis": "öffentliche Aufgabe"},
        {"id": "K003", "partner": "P006", "first_name": "Jonas", "last_name": "Weber",
         "legal_basis": "öffentliche Aufgabe"},
    ],
    "structures": [
        structure("S01", "AK Sicherheit", ["P001", "P002", "P006"]),
        structure("S02", "AK Bewegung", ["P001", "P002"]),
        structure("S03", "AK Kultur", ["P001", "P002"]),
        structure("S04", "Gartenrunde", ["P001"]),
        structure("S05", "Alte Runde", ["P001"], status="ruhend"),
        structure("S06", "Präventionsrat", [], kind="Gremium (extern)"),
        structure("S07", "Netzwerktreffen", FILLERS),
        structure("S08", "Vereinsrunde", FILLERS[:12]),
    ],
    "meetings": [
        meeting("T001", "S01", D(2025, 11, 10), ["P002"], D(2025, 11, 13)),
        meeting("T002", "S01", D(2026, 1, 12), ["P001", "P002"], D(2026, 1, 22)),
        meeting("T003", "S01", D(2026, 3, 9), ["P002"], D(2026, 3, 16)),
        meeting("T004", "S01", D(2026, 5, 11), ["P001", "P002", "P006"]),
        meeting("T005", "S01", D(2026, 4, 13), [], status="abgesagt"),
        meeting("T006", "S06", D(2025, 10, 1), ["P003"], D(2025, 10, 1)),
        *[meeting(f"T{7 + n:03d}", "S06", day, ["P007", "P008"] if n < 6 else ["P007"],
                  day + dt.timedelta(days=2)) for n, day in enumerate(MONDAYS)],
        meeting("T014", "S02", D(2026, 5, 28), ["P002"]),
        meeting("T015", "S03", D(2026, 5, 15), ["P002"], D(2026, 6, 5)),  # a sending date still ahead
    ],
    "tasks": [
        task("A001", "K002", D(2026, 5, 25)),
        task("A002", "Sabine Krüger", D(2026, 4, 1)),
        task("A003", "K002", D(2026, 7, 1)),
        task("A004", "K003", D(2026, 4, 1), status="in Arbeit", note="wartet auf Angebot"),
        task("A005", "K003", TODAY),
        task("A006", "K003", D(2026, 8, 1), status="verschoben"),
        task("A007", "K003", D(2026, 1, 1), status="erledigt", done=D(2026, 1, 5)),
        *[task(f"A{n:03d}", "K001", D(2026, 9, 1)) for n in range(8, 12)],
        *[task(f"A{n:03d}", "QM", D(2026, 9, 1)) for n in range(12, 17)],
        task("A017", "Musikschule", D(2026, 9, 1)),
    ],
    "agreements": [
        {"id": "V001", "partner": "P001", "kind": "Kooperationsvereinbarung", "subject": "Höfe",
         "status": "unterzeichnet", "review_on": D(2026, 5, 1)},
        {"id": "V002", "partner": "P007", "kind": "Letter of Intent", "subject": "Begehungen", "benefit": "Hinweise",
         "status": "unterzeichnet", "valid_until": D(2026, 3, 31)},
        {"id": "V003", "partner": "P002", "kind": "Letter of Intent", "subject": "Lesepaten", "benefit": "Hilfe",
         "status": "unterzeichnet", "review_on": D(2026, 9, 1)},
        {"id": "V004", "partner": "P006", "kind": "Letter of Intent", "subject": "Lesungen",
         "status": "Entwurf", "review_on": D(2026, 1, 1)},
    ],
    "topics": [
        *[{"id": f"J{n:03d}", "year": 2026, "title": title, "status": status} for n, (title, status) in enumerate(
            [("Bewegung", "aktiv"), ("Sicherheit", "aktiv"), ("Kultur im Hof", "geplant"), ("Grüne Höfe", "geplant"),
             ("Lesen", "abgeschlossen")], start=1)],
        *[{"id": f"J{n:03d}", "year": 2025, "title": title, "status": status} for n, (title, status) in enumerate(
            [("A", "aktiv"), ("B", "aktiv"), ("C", "aktiv"), ("D", "zurückgestellt")], start=6)],
    ],
}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return read_book(build_workbook(tmp_path_factory.mktemp("rel") / "book.xlsx", "de", data=ROWS))


@pytest.fixture(scope="module")
def findings(book):
    return [f for f in check(book, TODAY) if f.code in CODES]


def rows(findings, code):
    return sorted((f.sheet, f.row, f.column) for f in findings if f.code == code)


def message(findings, code, row):
    return next(f.message for f in findings if f.code == code and f.row == row)


def test_every_check_is_registered():
    assert {fn.__name__.replace("_", "-") for fn in CHECKS} == CODES


def test_too_many_topics(findings):
    # 2026: four planned or active (the fifth is completed); 2025: three active, one deferred.
    assert rows(findings, "too-many-topics") == [("Jahresthemen", 5, "Status")]
    text = message(findings, "too-many-topics", 5)
    assert text.startswith("2026: 4 gemeinsame Jahresthemen") and "Grüne Höfe" in text and "höchstens 3" in text


def test_partner_overload_by_structures_and_by_meetings_in_a_quarter(findings):
    # NEWOGE in four active rounds (the dormant fifth does not count); Grundschule in three.
    # Polizei at seven meetings in Q2 2026; the parish at six.
    assert rows(findings, "partner-overload") == [("Partner", 2, "Name"), ("Partner", 8, "Name")]
    assert "Neustädter Wohnungsbaugesellschaft (NEWOGE) ist Mitglied in 4 aktiven Strukturen" in message(
        findings, "partner-overload", 2)
    assert "(Q2 2026: 7)" in message(findings, "partner-overload", 8)


def test_person_overload_open_or_overdue(findings):
    # Yılmaz: four open tasks; Krüger: two of three overdue; Weber: three open, one overdue; QM never.
    assert rows(findings, "person-overload") == [("Personen", 2, "Nachname"), ("Personen", 3, "Nachname")]
    assert "Mehmet Yılmaz ist für 4 offene Aufgaben zuständig (A008, A009, A010, A011) — " in message(
        findings, "person-overload", 2)
    assert "davon 2 überfällig" in message(findings, "person-overload", 3)


def test_overdue_task_says_no_note_only_after_the_grace_days(findings):
    # A005 is due today, A007 is done: not overdue.
    assert rows(findings, "overdue-task") == [("Aufgaben", 2, "Fällig"), ("Aufgaben", 3, "Fällig"),
                                              ("Aufgaben", 5, "Fällig")]
    assert "seit 7 Tagen überfällig (fällig 25.05.2026)" in message(findings, "overdue-task", 2)
    assert "seit 61 Tagen überfällig (fällig 01.04.2026, kein Erledigungsvermerk)" in message(
        findings, "overdue-task", 3)
    assert "Vermerk" not in message(findings, "overdue-task", 5)  # it has a completion note


def test_low_attendance_over_the_last_held_meetings(findings):
    # AK Sicherheit: the library came to 1 of 4 held meetings; NEWOGE to 2 of 4 (50 %, not fewer).
    assert rows(findings, "low-attendance") == [("Strukturen", 2, "Mitglieder")]
    assert message(findings, "low-attendance", 2).startswith(
        "Stadtteilbibliothek war bei 1 von 4 der letzten Treffen von AK Sicherheit (25 %)")


def test_group_too_large(findings):
    assert rows(findings, "group-too-large") == [("Strukturen", 8, "Mitglieder")]
    assert "13 Mitgliedsorganisationen (mehr als 12)" in message(findings, "group-too-large", 8)


def test_minutes_late_sent_late_or_not_yet_sent(findings):
    # T002 sent after 10 days, T004 and T015 (date ahead) not sent after 21 and 17 days;
    # T003 sent on day 7, T014 is 4 days old.
    assert rows(findings, "minutes-late") == [("Treffen", 3, "Protokoll versendet am"),
                                              ("Treffen", 5, "Protokoll versendet am"),
                                              ("Treffen", 16, "Protokoll versendet am")]
    assert "erst nach 10 Tagen versendet" in message(findings, "minutes-late", 3)
    assert "nach 21 Tagen noch nicht versendet" in message(findings, "minutes-late", 5)
    assert "nach 17 Tagen noch nicht versendet" in message(findings, "minutes-late", 16)


def test_agreement_review_due_or_ended(findings):
    assert rows(findings, "agreement-review-due") == [("Vereinbarungen", 2, "Überprüfung am"),
                                                      ("Vereinbarungen", 3, "Gültig bis")]
    assert "am 31.03.2026 ausgelaufen" in message(findings, "agreement-review-due", 3)


def test_dormant_partner(findings):
    # The pharmacy was last seen in October; the day-care centre joined in March, the music
    # school holds an open task, everyone else attended since December.
    assert rows(findings, "dormant-partner") == [("Partner", 4, "Status")]
    assert "Apotheke am Lindenplatz" in message(findings, "dormant-partner", 4)


def test_no_win_win(findings):
    # Active partner and signed agreement without benefit; the potential partner and the draft are fine.
    assert rows(findings, "no-win-win") == [("Partner", 4, "Nutzen für den Partner"),
                                            ("Vereinbarungen", 2, "Nutzen für den Partner")]


def test_settings_change_the_thresholds(tmp_path):
    path = build_workbook(tmp_path / "strict.xlsx", "en", data=ROWS,
                          settings={"max_topics": 4, "max_structures": 2, "minutes_days": 10,
                                    "overdue_note_days": 100, "max_group_size": 13})
    found = [f for f in check(read_book(path), TODAY) if f.code in CODES]
    assert rows(found, "too-many-topics") == []
    assert rows(found, "group-too-large") == []
    assert [r for _, r, _ in rows(found, "partner-overload")] == [2, 3, 8]  # the school's 3 rounds now count
    assert [r for _, r, _ in rows(found, "minutes-late")] == [5, 16]
    assert "61 days overdue (due 2026-04-01) — follow up" in message(found, "overdue-task", 3)


def test_partner_load(book):
    load = partner_load(book, "NEWOGE", TODAY)
    assert load.partner.id == "P001"
    assert [s["name"] for s in load.structures] == ["AK Sicherheit", "AK Bewegung", "AK Kultur", "Gartenrunde"]
    assert [m.id for m in load.meetings_this_quarter] == ["T004", "T014", "T015"]  # the cancelled T005 is left out
    assert [t.id for t in load.open_tasks] == ["A001", "A002", "A003"]  # Sabine Krüger's
    assert [t.id for t in load.overdue_tasks] == ["A001", "A002"]
    with pytest.raises(UserError) as err:
        partner_load(book, "Feuerwehr", TODAY)
    assert "Feuerwehr" in err.value.message("de")


def test_open_tasks_and_joint_topics(book):
    assert [t.id for t in open_tasks(book, "Mehmet Yılmaz")] == ["A008", "A009", "A010", "A011"]
    assert [t.id for t in open_tasks(book, "Stadtteilbibliothek")] == ["A004", "A005", "A006"]
    assert [t.id for t in open_tasks(book, "qm")] == ["A012", "A013", "A014", "A015", "A016"]
    assert [t["title"] for t in joint_topics(book, 2026)] == ["Bewegung", "Sicherheit", "Kultur im Hof", "Grüne Höfe"]
    assert len(joint_topics(book, 2025)) == 3
    with pytest.raises(UserError):
        open_tasks(book, "Niemand")
