"""Indicators on a small hand-made network whose answers were counted by hand (see the comments)."""

from __future__ import annotations

import datetime as dt

import pytest

from xlquartier.report.indicators import (
    Figure,
    agreement_stats,
    indicators,
    meeting_stats,
    overview_numbers,
    partner_counts,
    partner_load,
    task_stats,
    topic_stats,
    total_figures,
)
from xlquartier.workbook.read import read_book

D = dt.date
TODAY = D(2026, 6, 30)
YEAR = 2026

NETWORK = {
    "partners": [
        {"id": "P001", "name": "Grundschule am Park", "short_name": "GS Park", "type": "Schule",
         "fields": ["Bildung", "Nachbarschaft"], "status": "aktiv", "since": D(2025, 3, 1),
         "contributions": ["Räume", "Personal"]},
        {"id": "P002", "name": "Kita Regenbogen", "type": "Kita", "fields": ["Bildung"], "status": "aktiv",
         "since": D(2026, 2, 1), "contributions": ["Räume"]},
        {"id": "P003", "name": "Nachbarschaftsverein", "type": "Verein", "fields": ["Nachbarschaft"],
         "status": "aktiv", "since": D(2026, 5, 5)},
        {"id": "P004", "name": "Polizeirevier Süd", "type": "Polizei", "fields": ["Sicherheit & Barrierefreiheit"],
         "status": "beendet", "since": D(2020, 1, 1)},
        {"id": "P005", "name": "Wohnungsbau eG", "type": "Wohnungsunternehmen", "fields": ["Öffentlicher Raum"],
         "status": "potenziell"},
    ],
    "people": [
        {"id": "K001", "partner": "P002", "first_name": "Anna", "last_name": "Muster",
         "legal_basis": "öffentliche Aufgabe"},
        {"id": "K002", "partner": "P003", "last_name": "Vogel", "legal_basis": "Einwilligung"},
    ],
    "structures": [
        {"id": "S01", "name": "AK Bildung", "type": "Arbeitskreis", "field": "Bildung",
         "members": ["P001", "Kita Regenbogen", "P003"], "status": "aktiv"},
        {"id": "S02", "name": "Netzwerktreffen", "type": "Netzwerktreffen", "field": "Beteiligung & Vernetzung",
         "members": ["GS Park", "P003", "QM"], "status": "aktiv", "docked_to": "S01"},
        {"id": "S03", "name": "Alte Runde", "type": "Arbeitskreis", "field": "Nachbarschaft",
         "members": ["P002"], "status": "beendet"},
    ],
    "meetings": [
        # P003 is there through its person K002
        {"id": "T001", "structure": "S01", "date": D(2026, 2, 10), "status": "stattgefunden",
         "partners": ["P001", "P002"], "people": ["K002"], "headcount": 10, "residents": 4},
        {"id": "T002", "structure": "AK Bildung", "date": D(2026, 3, 10), "status": "stattgefunden",
         "partners": ["P001", "P002", "P003", "P005"], "headcount": 12, "residents": 5, "host": "P001"},
        {"id": "T003", "structure": "S01", "date": D(2026, 4, 10), "status": "abgesagt"},
        {"id": "T004", "structure": "S02", "date": D(2026, 3, 20), "status": "stattgefunden",
         "partners": ["P001", "QM"], "headcount": 8, "residents": 0, "host": "QM"},
        {"id": "T005", "structure": "S02", "date": D(2026, 12, 1), "status": "geplant",
         "start": dt.time(18, 0), "end": dt.time(19, 30), "place": "Rathaus, Saal 2", "host": "P001",
         "agenda": ["Begrüßung", "Jahresplanung"]},
        {"id": "T006", "structure": "S01", "date": D(2025, 11, 10), "status": "stattgefunden",
         "partners": ["P001"]},
        {"id": "T007", "structure": "S02", "date": D(2027, 1, 15), "status": "geplant"},
    ],
    "tasks": [
        # on time
        {"id": "A001", "meeting": "T001", "kind": "Aufgabe", "description": "Flyer", "responsible": "P001",
         "due": D(2026, 3, 1), "status": "erledigt", "done_on": D(2026, 2, 28)},
        # late; the responsible is a person of P002
        {"id": "A002", "meeting": "T001", "kind": "Aufgabe", "description": "Raum", "responsible": "Anna Muster",
         "due": D(2026, 3, 1), "status": "erledigt", "done_on": D(2026, 3, 5)},
        # open and overdue
        {"id": "A003", "meeting": "T002", "kind": "Aufgabe", "description": "Liste", "responsible": "P002",
         "due": D(2026, 4, 1), "status": "offen"},
        # open, not yet due
        {"id": "A004", "meeting": "T002", "kind": "Aufgabe", "description": "Fest", "responsible": "QM",
         "due": D(2026, 12, 1), "status": "in Arbeit"},
        # a decision is no task
        {"id": "A005", "meeting": "T002", "kind": "Beschluss", "description": "Wir feiern"},
        # outside meetings, dated by its due date; done without a date
        {"id": "A006", "kind": "Aufgabe", "description": "Post", "responsible": "P003",
         "due": D(2026, 5, 1), "status": "erledigt"},
        # agreed in 2025: not this year's, but still part of P001's load (open, overdue)
        {"id": "A007", "meeting": "T006", "kind": "Aufgabe", "description": "Alt", "responsible": "GS Park",
         "due": D(2026, 1, 15), "status": "offen"},
        {"id": "A008", "kind": "Aufgabe", "description": "Weg", "responsible": "P003",
         "due": D(2026, 9, 1), "status": "entfällt"},
    ],
    "agreements": [
        # in force; review date reached; signed the year before
        {"id": "V001", "partner": "P001", "kind": "Kooperationsvereinbarung", "subject": "Räume",
         "valid_from": D(2026, 1, 1), "valid_until": D(2027, 12, 31), "review_on": D(2026, 6, 1),
         "status": "unterzeichnet", "signed_on": D(2025, 12, 15)},
        # in force, signed this year, nothing due
        {"id": "V002", "partner": "P002", "kind": "Letter of Intent", "subject": "Mitarbeit",
         "status": "unterzeichnet", "signed_on": D(2026, 3, 1)},
        # ran out: not in force, due for review
        {"id": "V003", "partner": "P003", "kind": "Kooperationsvereinbarung", "subject": "Fest",
         "valid_until": D(2026, 5, 31), "status": "unterzeichnet"},
        {"id": "V004", "partner": "P005", "kind": "Kooperationsvereinbarung", "subject": "Hof",
         "status": "Entwurf"},
    ],
    "topics": [
        {"id": "J001", "year": 2026, "title": "Sicherer Schulweg", "status": "aktiv"},
        {"id": "J002", "year": 2026, "title": "Grüne Höfe", "status": "geplant"},
        {"id": "J003", "year": 2026, "title": "Kulturfest", "status": "zurückgestellt"},
        {"id": "J004", "year": 2025, "title": "Lesepaten", "status": "aktiv"},
        {"id": "J005", "year": 2026, "title": "Bewegung", "status": "abgeschlossen"},
    ],
}


@pytest.fixture(params=["de", "en"])
def book(make_book, request):
    """The same network in a German and in an English workbook: the answers must not differ."""
    return read_book(make_book(NETWORK, lang=request.param, settings={"max_structures": 1}))


def test_partners_active_new_ended_by_type_and_field(book):
    p = partner_counts(book, YEAR)
    assert (p.total, p.active, p.new, p.ended, p.contributing) == (5, 3, 2, 1, 2)
    assert p.by_type == {"Schule": (1, 0, 0), "Kita": (1, 1, 0), "Verein": (1, 1, 0), "Polizei": (0, 0, 1)}
    assert p.by_field == {"Nachbarschaft": (2, 1, 0), "Bildung": (2, 1, 0),
                          "Sicherheit & Barrierefreiheit": (0, 0, 1)}


def test_meetings_per_structure_attendance_and_residents(book):
    m = meeting_stats(book, YEAR)
    by_name = {s.name: s for s in m.structures}
    ak, net = by_name["AK Bildung"], by_name["Netzwerktreffen"]
    # AK Bildung: 3 members, 2 held meetings; all 3 present each time (P003 once through its person;
    # P005 came but is no member)
    assert (ak.held, ak.cancelled, ak.planned, ak.member_places, ak.members_present) == (2, 1, 0, 6, 6)
    assert (ak.headcount, ak.residents) == (22, 9)
    # Netzwerktreffen: QM is no partner member, so 2 members; 1 held; the 2027 date is not counted
    assert (net.held, net.planned, net.member_places, net.members_present) == (1, 1, 2, 1)
    assert by_name["Alte Runde"].held == 0 and by_name["Alte Runde"].attendance is None
    assert m.per_month == [0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert (m.total("held"), m.total("residents"), m.without_structure) == (3, 9, 0)


def test_tasks_agreed_done_on_time_and_overdue(book):
    k = task_stats(book, YEAR, TODAY)
    assert (k.agreed, k.done, k.done_on_time, k.done_late, k.done_undated) == (6, 3, 1, 1, 1)
    assert (k.open, k.overdue, k.dropped) == (2, 1, 1)
    assert k.per_month[2] == (2, 0, 0)  # both due in March were done
    assert k.per_month[3] == (0, 0, 1)  # due in April, still open: overdue
    assert k.per_month[11] == (0, 1, 0)  # due in December: open, not yet due


def test_agreements_in_force_signed_and_due_for_review(book):
    a = agreement_stats(book, YEAR, TODAY)
    assert (a.total, a.active, a.signed_in_year, a.review_due) == (4, 2, 1, 2)
    assert a.by_kind == {"Kooperationsvereinbarung": 1, "Letter of Intent": 1}


def test_joint_topics_leave_out_deferred_and_other_years(book):
    topics = topic_stats(book, YEAR)
    assert [title for title, _ in topics.titles] == ["Sicherer Schulweg", "Grüne Höfe", "Bewegung"]
    assert topics.maximum == 3


def test_partner_load_follows_people_to_their_organisation(book):
    load = {p.name: p for p in partner_load(book, YEAR, TODAY).values()}
    assert "Polizeirevier Süd" not in load  # ended partners carry no load
    gs, kita = load["GS Park"], load["Kita Regenbogen"]
    assert (sorted(gs.structures), gs.meetings, gs.open_tasks, gs.overdue_tasks, gs.hosted) == (
        ["AK Bildung", "Netzwerktreffen"], 3, 1, 1, 1)
    assert (kita.structures, kita.meetings, kita.open_tasks, kita.overdue_tasks) == (["AK Bildung"], 2, 1, 1)
    assert load["Wohnungsbau eG"].structures == [] and load["Wohnungsbau eG"].meetings == 1


def test_bridges_overload_and_contributions(book):
    ind = indicators(book, YEAR, TODAY)
    assert [(p.name, len(p.structures)) for p in ind.bridges] == [("GS Park", 2), ("Nachbarschaftsverein", 2)]
    # max_structures is 1 in this workbook: both bridges are above it
    assert [p.name for p in ind.overloaded] == ["GS Park", "Nachbarschaftsverein"]
    assert ind.contributions == {"Räume": ["GS Park", "Kita Regenbogen"], "Personal": ["GS Park"]}


def test_key_figures_carry_their_base(book):
    figures = {f.key: f for f in indicators(book, YEAR, TODAY).figures()}
    assert figures["partners_active"] == Figure("partners_active", 3, 5)
    assert figures["attendance"] == Figure("attendance", 7, 8)
    assert figures["residents"] == Figure("residents", 9, 30)
    assert figures["tasks_on_time"] == Figure("tasks_on_time", 1, 3)
    assert figures["tasks_overdue"] == Figure("tasks_overdue", 1, 6)
    assert figures["topics"] == Figure("topics", 3, 3)
    assert figures["bridges"] == Figure("bridges", 2, 4)
    assert figures["partners_involved"] == Figure("partners_involved", 3, 4)


def test_totals_add_values_and_bases():
    a = [Figure("x", 2, 4), Figure("y", 1)]
    b = [Figure("x", 3, 6), Figure("y", 5)]
    assert total_figures([a, b]) == [Figure("x", 5, 10), Figure("y", 6)]
    assert total_figures([a, b])[0].share == 0.5


def test_overview_numbers_match_the_hand_count(book):
    numbers = list(overview_numbers(book, TODAY).values())
    # active partners, new this year (P002, P003), open tasks (A003, A004, A007), overdue (A003, A007),
    # meetings held this year, their residents, this year's topics planned or active, the maximum,
    # agreements in force (V001, V002), agreements due for review (V001, V003)
    assert numbers == [3, 2, 3, 2, 3, 9, 2, 3, 2, 2]


def test_empty_workbook_gives_zeros_not_errors(make_book):
    ind = indicators(read_book(make_book({})), YEAR, TODAY)
    assert all(f.value == 0 for f in ind.figures() if f.key != "topics")
    assert all(f.share is None for f in ind.figures() if f.key != "topics")
    assert ind.bridges == [] and ind.contributions == {}


def test_overview_formulas_give_the_same_numbers_in_libreoffice(make_book, soffice, tmp_path):
    """The Übersicht rows for this workbook, computed by LibreOffice, equal overview_numbers for today."""
    from python_calamine import CalamineWorkbook

    path = make_book(NETWORK, settings={"max_structures": 1})
    expected = overview_numbers(read_book(path), dt.date.today())  # the formulas use TODAY()
    computed = soffice(path, "xlsx", tmp_path / "lo")
    rows = CalamineWorkbook.from_path(str(computed)).get_sheet_by_name("Übersicht").to_python()
    values = {row[0]: row[1] for row in rows if row and row[0] in expected}
    assert values == expected


def test_overloaded_partners_are_the_ones_the_checks_warn_about_also_through_their_people(make_book):
    book = read_book(make_book({
        "partners": [{"id": "P001", "name": "Kita Sonne", "type": "Kita", "status": "aktiv"},
                     {"id": "P002", "name": "Verein Mond", "type": "Verein", "status": "aktiv"}],
        "people": [{"id": "K001", "partner": "P001", "last_name": "Berg", "legal_basis": "Einwilligung"}],
        "tasks": [{"id": "A001", "kind": "Aufgabe", "description": "Plakat", "responsible": "K001",
                   "due": D(2026, 5, 1), "status": "offen"}],
    }, settings={"max_open_tasks": 0}))
    ind = indicators(book, YEAR, TODAY)
    assert [p.name for p in ind.overloaded] == ["Kita Sonne"]
    assert {p.name: p.open_tasks for p in ind.load.values()} == {"Kita Sonne": 1, "Verein Mond": 0}
