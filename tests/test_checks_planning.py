"""Planning without Doppelstrukturen, events on several shoulders, offers and rooms: each new code with a
faulty case and a near miss, in one real workbook built and read back per module."""

from __future__ import annotations

import datetime as dt

import pytest

from xlquartier.checks import check
from xlquartier.checks.catalogue import CATALOGUE
from xlquartier.checks.load import find_offers, organisers, room_of
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import read_book

TODAY = dt.date(2026, 6, 1)
SB = "Sicherheit & Barrierefreiheit"
SEVEN = [f"P00{i}" for i in range(1, 8)]
NEW_CODES = {"planned-duplicate-structure", "meets-same-month", "planned-duplicate-event", "event-clash",
             "event-without-room", "not-invited", "single-organiser", "event-overload", "event-without-reach",
             "offer-expired", "room-not-in-catalogue"}


def partner(pid, name):
    return {"id": pid, "name": name, "type": "Verein", "status": "aktiv", "benefit": "Kontakte"}


def structure(sid, name, members, topics=(), field=SB, status="aktiv", lead="P001", start=None, docked=None,
              cadence="monatlich"):
    return {"id": sid, "name": name, "type": "Arbeitskreis", "field": field, "members": list(members),
            "topics": list(topics), "lead": lead, "status": status, "start": start, "docked_to": docked,
            "cadence": cadence}


def meeting(mid, sid, day, status="geplant", place=None, invited=None):
    return {"id": mid, "structure": sid, "date": day, "status": status, "place": place, "invited_on": invited,
            "minutes_sent": day if status == "stattgefunden" else None}


def event(eid, title, day, lead="P001", co=(), groups=("Kinder",), status="geplant", place="Stadtteilbüro",
          reach=None, invited=None, structure_id=None):
    return {"id": eid, "title": title, "date": day, "lead": lead, "co_organisers": list(co),
            "target_groups": list(groups), "status": status, "place": place, "reach": reach,
            "invited_on": invited, "structure": structure_id}


D = dt.date(2026, 6, 20)
ROWS = {
    "partners": [partner(f"P00{i}", name) for i, name in enumerate(
        ["Polizeirevier Süd", "Initiative barrierefrei", "Seniorentreff", "Wohnungsbau Lindenhof",
         "Bezirksamt Stadtplanung", "Elterninitiative Schulweg", "Grundschule am Park", "Kirchengemeinde"],
        start=1)] + [partner("P009", "Sportverein"), partner("P010", "Kulturverein")],
    "structures": [
        # the review's case: an active working group and a planned round with 5 of its 6 members
        structure("S01", "AK Sicherheit & Barrierefreiheit", SEVEN, ["Gehwege", "Beleuchtung"],
                  start=dt.date(2024, 1, 1)),
        structure("S02", "Runde Sichere Wege", SEVEN[:5] + ["P008"], ["Gehwege", "Beleuchtung"], status="geplant",
                  lead="QM"),
        # near misses: few shared members; docked on already
        structure("S03", "Runde Schulhof", ["P006", "P007", "P008", "P009", "P010"], ["Gehwege"], status="geplant"),
        structure("S04", "AK Laternen", SEVEN[:4], ["Beleuchtung"], status="geplant", docked="S01"),
        # a new round whose members meet in S01 that month; and an old one that does the same
        structure("S05", "Kleinprojekt Bänke", SEVEN[:4], ["Bänke"], field="Öffentlicher Raum",
                  start=dt.date(2026, 4, 1)),
        structure("S06", "Alte Bankrunde", SEVEN[:4], ["Sitzen"], field="Klima & Umwelt",
                  start=dt.date(2022, 1, 1)),
    ],
    "meetings": [
        meeting("T001", "S01", dt.date(2026, 6, 9), invited=dt.date(2026, 5, 20)),
        meeting("T002", "S05", dt.date(2026, 6, 23), invited=dt.date(2026, 5, 30)),  # same month: warned
        meeting("T003", "S05", dt.date(2026, 8, 25)),  # S01 does not meet in August: silent
        meeting("T004", "S06", dt.date(2026, 6, 24), invited=dt.date(2026, 5, 30)),  # an old round: silent
        meeting("T005", "S01", dt.date(2026, 6, 5), place="Saal der Kirche, Kirchplatz 1"),  # not invited
        meeting("T006", "S01", dt.date(2026, 7, 14), place="Saal der Kirche, Kirchplatz 1"),  # too far ahead
        meeting("T007", "S01", dt.date(2026, 5, 12), status="stattgefunden", place="Stadtteilbüro, Lindenplatz 3"),
        meeting("T008", "S01", dt.date(2026, 4, 14), status="stattgefunden", place="Stadtteilbüro, Lindenplatz 3"),
        meeting("T009", "S01", dt.date(2026, 3, 10), status="stattgefunden", place="Café am Eck"),
    ],
    "events": [
        event("E001", "Stadtteilfest", D, lead="QM", groups=["Familien"], invited=TODAY),  # one shoulder
        event("E002", "Spielfest", D, co=["P002: Bühne", "P003: Kuchen"], groups=["Senioren"], invited=TODAY),
        event("E003", "Kinderflohmarkt", dt.date(2026, 7, 1), co=["P002"], invited=TODAY),
        event("E004", "Malaktion", dt.date(2026, 7, 6), co=["P002"], invited=TODAY),  # 5 days after E003: clash
        event("E005", "Bastelnachmittag", dt.date(2026, 7, 31), co=["P002"], invited=TODAY),  # 25 days: silent
        event("E006", "Seniorenkaffee", dt.date(2026, 7, 3), co=["P002"], groups=["Seniorinnen und Senioren"],
              invited=TODAY),
        event("E007", "Sommerfest Lindenhof", dt.date(2026, 8, 22), lead="P009", co=["P010"]),
        event("E008", "Sommerfest im Lindenhof", dt.date(2026, 5, 2), lead="P010", co=["P009"], status="stattgefunden",
              reach=300),
        event("E009", "Putzaktion", dt.date(2026, 6, 11), lead="P009", co=["P010"], place=None,
              groups=["Erwachsene"]),
        event("E010", "Herbstputz", dt.date(2026, 10, 20), lead="P009", co=["P010"], place=None,
              groups=["Erwachsene"]),
        event("E011", "Frühjahrskonzert", dt.date(2026, 3, 20), lead="P010", co=["P009"], status="stattgefunden",
              groups=["Erwachsene"]),
        event("E012", "Lesung", dt.date(2026, 3, 21), lead="P010", co=["P009"], status="stattgefunden",
              groups=["Erwachsene"], reach=0),
    ],
    "offers": [
        {"id": "O001", "kind": "Raum", "title": "Stadtteilbüro", "partner": "QM", "place": "Lindenplatz 3",
         "capacity": 20, "step_free": "ja", "target_groups": ["alle Bewohner*innen"]},
        {"id": "O002", "kind": "Beratung", "title": "Mieterberatung", "partner": "P004",
         "valid_until": TODAY - dt.timedelta(days=1), "target_groups": ["Familien"], "field": "Nachbarschaft"},
        {"id": "O003", "kind": "Kurs oder Gruppe", "title": "Seniorengymnastik", "partner": "P003",
         "valid_until": TODAY, "target_groups": ["Seniorinnen und Senioren"], "field": "Gesundheit & Bewegung"},
    ],
}
# P001 leads (besides E002-E006) enough events in Q3 to be overloaded; P002 co-organises the same ones
ROWS["events"] += [event(f"E0{n}", f"Kiezspaziergang {n}", dt.date(2026, 9, n), co=["P003"], groups=(),
                         invited=TODAY) for n in (20, 21)]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = build_workbook(tmp_path_factory.mktemp("planning") / "book.xlsx", "de", data=ROWS)
    return read_book(path)


@pytest.fixture(scope="module")
def findings(book):
    return check(book, TODAY)


def at(findings, code):
    return sorted((f.sheet, f.row, f.cell) for f in findings if f.code == code)


def rows(findings, code, sheet):
    return sorted(f.row for f in findings if f.code == code and f.sheet == sheet)


def test_every_new_code_is_in_the_catalogue():
    assert NEW_CODES <= set(CATALOGUE) and {CATALOGUE[c].group for c in NEW_CODES} == {"planning", "events"}


def test_the_reviewed_planned_duplicate_gets_one_finding_on_the_planned_round_only(findings):
    structural = [f for f in findings if CATALOGUE[f.code].group in ("duplicates", "planning")]
    on_planned = [f for f in structural if f.sheet == "Strukturen" and f.row == 3]
    assert [f.code for f in on_planned] == ["planned-duplicate-structure"]
    message = on_planned[0].message
    for part in ("„Runde Sichere Wege“", "„AK Sicherheit & Barrierefreiheit“ (Zeile 2)", "5 von 6 Mitgliedern",
                 "Gehwege, Beleuchtung", "monatlich wie geplant", "nächstes Treffen am 05.06.2026", "andocken"):
        assert part in message, part
    assert [f for f in structural if f.sheet == "Strukturen" and f.row == 2] == []  # the established group
    assert rows(findings, "planned-duplicate-structure", "Strukturen") == [3]  # not S03 (2 of 5), not S04 (docked)


def test_a_round_that_became_active_without_a_start_gets_the_warning_not_the_established_one(tmp_path):
    data = {"partners": ROWS["partners"], "structures": [
        structure("S01", "AK Sicherheit & Barrierefreiheit", SEVEN, ["Gehwege"], start=dt.date(2024, 1, 1)),
        structure("S02", "Runde Sichere Wege", SEVEN[:6], ["Gehwege"])]}
    found = check(read_book(build_workbook(tmp_path / "b.xlsx", "de", data=data)), TODAY)
    assert at(found, "duplicate-structure") == [("Strukturen", 3, "B3")]


def test_a_new_round_meeting_in_the_same_month_as_its_members_other_round(findings):
    assert at(findings, "meets-same-month") == [("Treffen", 3, "C3")]
    message = next(f.message for f in findings if f.code == "meets-same-month")
    assert "4 ihrer 4 Mitglieder" in message and "(am 05.06.2026)" in message and "Kleinprojekt Bänke" in message


def test_events_on_one_shoulder_and_roles_after_a_colon(book, findings):
    assert rows(findings, "single-organiser", "Veranstaltungen") == [2]
    assert "nur von QM getragen" in next(f.message for f in findings if f.code == "single-organiser")
    spielfest = book.rows("events")[1]
    assert [(o.partner.id, o.role) for o in organisers(book, spielfest)] == [
        ("P001", ""), ("P002", "Bühne"), ("P003", "Kuchen")]
    assert not [f for f in findings if f.code == "unknown-ref" and f.sheet == "Veranstaltungen"]


def test_events_too_close_for_the_same_target_group(findings):
    assert rows(findings, "event-clash", "Veranstaltungen") == [5]  # Malaktion, 5 days after the Kinderflohmarkt
    assert "5 Tage nach „Kinderflohmarkt“" in next(f.message for f in findings if f.code == "event-clash")


def test_a_planned_event_like_one_held_this_year(findings):
    assert at(findings, "planned-duplicate-event") == [("Veranstaltungen", 8, "B8")]


def test_event_without_room_shortly_before(findings):
    assert at(findings, "event-without-room") == [("Veranstaltungen", 10, "F10")]
    assert "in 10 Tagen" in next(f.message for f in findings if f.code == "event-without-room")


def test_a_partner_carrying_too_many_events_in_a_quarter(findings):
    overloaded = [f for f in findings if f.code == "event-overload"]
    assert [(f.sheet, f.row) for f in overloaded] == [("Partner", 2), ("Partner", 3)]
    assert "Q3 2026" in overloaded[0].message and "Polizeirevier Süd" in overloaded[0].message


def test_held_event_without_reach(findings):
    assert at(findings, "event-without-reach") == [("Veranstaltungen", 12, "M12")]  # the concert; reach 0 counts


def test_not_invited_within_the_set_days(findings):
    assert at(findings, "not-invited") == [("Treffen", 6, "T6"), ("Veranstaltungen", 10, "P10")]


def test_offers_past_their_date_and_rooms_missing_from_the_catalogue(book, findings):
    assert at(findings, "offer-expired") == [("Angebote", 3, "N3")]
    assert at(findings, "room-not-in-catalogue") == [("Treffen", 7, "F7")]
    assert "für 2 Treffen eingetragen" in next(f.message for f in findings
                                                        if f.code == "room-not-in-catalogue")
    assert room_of(book, "Stadtteilbüro, Lindenplatz 3").id == "O001" and room_of(book, "O001").id == "O001"
    assert room_of(book, "Café am Eck") is None


def test_find_offers_by_target_group_field_and_kind(book):
    assert [o.id for o in find_offers(book, "Older people", today=TODAY)] == ["O001", "O003"]
    assert [o.id for o in find_offers(book, kind="Raum", today=TODAY)] == ["O001"]
    assert [o.id for o in find_offers(book, "Familien", today=TODAY)] == ["O001"]  # O002 expired
    assert find_offers(book, field="Bildung", today=TODAY) == []


def test_zero_thresholds_do_not_crash(tmp_path):
    settings = {key: 0 for key in ("plan_member_share", "new_round_months", "event_gap_days", "max_events_quarter",
                                   "event_room_days", "room_uses", "invite_days")}
    found = check(read_book(build_workbook(tmp_path / "z.xlsx", "de", data=ROWS, settings=settings)), TODAY)
    assert {f.code for f in found} & NEW_CODES


def test_english_messages(tmp_path):
    found = check(read_book(build_workbook(tmp_path / "en.xlsx", "en", data=ROWS)), TODAY)
    planned = next(f for f in found if f.code == "planned-duplicate-structure")
    assert planned.sheet == "Structures" and "5 of 6 members" in planned.message
    assert "monthly as planned" in planned.message
    assert "5 days after “Kinderflohmarkt”" in next(f.message for f in found if f.code == "event-clash")
