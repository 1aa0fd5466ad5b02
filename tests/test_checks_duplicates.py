"""Duplicate structures and records: each code with a row that must be found and near
misses that must stay silent, in one real workbook built and read back per module."""

from __future__ import annotations

import datetime as dt

import pytest

from xlquartier.checks import check
from xlquartier.checks.duplicates import CHECKS
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import read_book

TODAY = dt.date(2026, 6, 1)
SB = "Sicherheit & Barrierefreiheit"
FOUR = ["P003", "P005", "P011", "P012"]


def partner(pid, name, postcode=None, email=None, **more):
    return {"id": pid, "name": name, "type": "Verein", "status": "aktiv", "postcode": postcode,
            "email": email, "benefit": "Kontakte", **more}


def person(pid, first, last, partner_id=None, email=None):
    return {"id": pid, "partner": partner_id, "first_name": first, "last_name": last, "email": email,
            "legal_basis": "öffentliche Aufgabe"}


def structure(sid, name, field, members, topics=(), kind="Arbeitskreis", lead=None, status="aktiv",
              docked=None, start=None):
    return {"id": sid, "name": name, "type": kind, "field": field, "members": list(members),
            "topics": list(topics), "lead": lead, "status": status, "docked_to": docked, "start": start}


def meeting(mid, sid, day, partners):
    return {"id": mid, "structure": sid, "date": day, "status": "stattgefunden", "partners": list(partners),
            "minutes_sent": day}


ROWS = {
    "partners": [
        partner("P001", "Kita Sonnenschein e.V.", "12345", "info@kita-sonnenschein.de"),
        partner("P002", "KiTa Sonnenschein eV", "12345"),
        partner("P003", "Grundschule am Park", "12345"),
        partner("P004", "Grundschule am Markt", "12345"),
        partner("P005", "Sportverein Blau-Weiß e.V.", "12345", "info@sv-blauweiss.de"),
        partner("P006", "Sportverein Blau-Weiss", "12349", "kontakt@sv-bw.de"),
        partner("P007", "Jugendzentrum Oase", "12345", "info@oase-jugend.de"),
        partner("P008", "Jugendzentrum Oase gGmbH", "12347", "leitung@oase-jugend.de"),
        partner("P009", "Bürgerverein Nord", "12345", "nord@gmail.com"),
        partner("P010", "Buergerverein Nord", "12399", "vorstand@gmail.com"),
        partner("P011", "Polizeirevier Süd", "12345"),
        partner("P012", "Wohnungsbau Lindenhof", "12345"),
        partner("P013", "Bezirksamt", "12345"),
        partner("P014", "Nachbarschaftstreff Lindenhof", "12345"),
        partner("P015", "Nachbarschaftstref Lindenhof", "12345"),
    ],
    "people": [
        person("K001", "Anna", "Müller", "P003", "a.mueller@gs-park.de"),
        person("K002", "Anna", "Mueller", "P003"),
        person("K003", "Anna", "Müller", "P005"),
        person("K004", "Jan", "Schmidt", "P005", "jan@sv-blauweiss.de"),
        person("K005", "Johannes", "Schmidt", "P011", "JAN@sv-blauweiss.de"),
        person("K006", "Jana", "Schmidt", "P005"),
    ],
    "structures": [
        structure("S01", "AK Sicherheit & Barrierefreiheit", SB, FOUR, ["Gehwege", "Beleuchtung"], lead="P011",
                  start=dt.date(2024, 1, 1)),
        structure("S02", "AK Sichere Gehwege", SB, FOUR, ["Gehwege", "Schulweg"], lead="QM",
                  start=dt.date(2026, 2, 1)),
        structure("S03", "Präventionsrat", SB, ["P012", "P013"], ["gehwege"], kind="Gremium (extern)"),
        structure("S04", "AK Bewegung", "Gesundheit & Bewegung", FOUR, ["Gehwege"]),
        structure("S05", "AK Licht", SB, ["P003", "P005", "P011"], ["Licht"], lead="QM", docked="S01"),
        structure("S06", "AK Schulwege", SB, [], ["Gehwege"], lead="QM", docked="S01"),
        structure("S07", "AK Sicherheit und Barrierefreiheit", SB, FOUR, ["Gehwege"], status="beendet"),
        structure("S08", "Netzwerktreffen Lindenhof", "Beteiligung & Vernetzung", ["P001", "P003"]),
        structure("S09", "Netzwerk-Treffen Lindenhof", "Beteiligung & Vernetzung", ["P001", "P003", "P005"]),
        structure("S10", "Kulturrunde", "Kunst & Kultur", ["P001", "P003"], ["Fest"], lead="QM"),
    ],
    "meetings": [
        meeting("T001", "S01", dt.date(2026, 3, 2), ["P003", "P005", "P011"]),
        meeting("T002", "S02", dt.date(2026, 3, 10), FOUR),
        meeting("T003", "S01", dt.date(2026, 4, 20), ["P003", "P005", "P011"]),
        meeting("T004", "S02", dt.date(2026, 5, 11), ["P003", "P005", "P011"]),
        meeting("T005", "S04", dt.date(2026, 4, 25), ["P003", "P005", "P011"]),
        meeting("T006", "S03", dt.date(2026, 4, 22), ["P003", "P005", "P012"]),
    ],
    "tasks": [
        {"id": "A001", "meeting": "T002", "kind": "Aufgabe", "description": "Rampe prüfen", "responsible": "QM",
         "due": dt.date(2026, 7, 1), "status": "offen", "topic": "J001"},
        {"id": "A002", "meeting": "T001", "kind": "Aufgabe", "description": "Lampen zählen", "responsible": "QM",
         "due": dt.date(2026, 7, 1), "status": "offen", "topic": "J002"},
    ],
    "topics": [
        {"id": "J001", "year": 2026, "title": "Barrierefreier Lindenplatz", "structure": "S01", "status": "aktiv"},
        {"id": "J002", "year": 2026, "title": "Beleuchtung", "structure": "S01", "status": "aktiv"},
        {"id": "J003", "year": 2026, "title": "Schulweg", "structure": "S02", "status": "geplant"},
    ],
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    path = build_workbook(tmp_path_factory.mktemp("dup") / "book.xlsx", "de", data=ROWS)
    return [f for f in check(read_book(path), TODAY) if f.code in _codes()]


def _codes() -> set[str]:
    return {"duplicate-partner", "duplicate-person", "duplicate-structure", "dock-suggestion",
            "overlapping-meetings", "topic-in-several-structures"}


def test_every_check_is_registered():
    assert {fn.__name__.replace("_", "-") for fn in CHECKS} == _codes()


def test_duplicate_partner_same_postcode_or_domain(findings):
    found = [f for f in findings if f.code == "duplicate-partner"]
    # Kita Sonnenschein (same postcode), Jugendzentrum Oase (other postcode, same domain) and a
    # typo (row 16); not Park/Markt, not Blau-Weiß (other postcode and domain), not Bürgerverein
    # (only freemail addresses in common).
    assert [(f.row, f.severity) for f in found] == [(3, "warning"), (9, "warning"), (16, "warning")]
    sonnenschein = found[0]
    assert sonnenschein.sheet == "Partner" and sonnenschein.column == "Name" and sonnenschein.cell == "B3"
    assert "KiTa Sonnenschein eV" in sonnenschein.message and "Kita Sonnenschein e.V." in sonnenschein.message
    assert "in Zeile 2 (100 % ähnlich, gleich: 12345)" in sonnenschein.message
    assert "@oase-jugend.de" in found[1].message


def test_duplicate_person_by_email_and_by_name_at_one_partner(findings):
    found = [f for f in findings if f.code == "duplicate-person"]
    by_row = {f.row: f for f in found}
    # K002 Anna Mueller = K001 Anna Müller at GS Park (row 3); K005 shares K004's email (row 6).
    # K003 (same name, other partner) and K006 Jana Schmidt (one letter more in a short name) stay silent.
    assert sorted(by_row) == [3, 6]
    assert by_row[6].column == "E-Mail" and "Jan Schmidt" in by_row[6].message and "Zeile 5" in by_row[6].message
    assert by_row[3].column == "Nachname" and "Grundschule am Park" in by_row[3].message


def test_duplicate_structure_by_members_and_topic_or_name(findings):
    found = {f.row: f for f in findings if f.code == "duplicate-structure"}
    # S02 (row 3, newer) overlaps S01; S09 overlaps S08 by an alike name. Not S04 (other field),
    # not S05 (docked), not S07 (ended), not S03 (few shared members).
    assert sorted(found) == [3, 10]
    assert found[3].message.startswith("AK Sichere Gehwege überschneidet sich mit AK Sicherheit & Barrierefreiheit")
    assert "4 von 4 Mitgliedern" in found[3].message and "Thema Gehwege" in found[3].message
    assert "Zeile 2" in found[3].message
    assert "ähnlicher Name" in found[10].message and "2 von 3" in found[10].message


def test_dock_suggestion_prefers_the_outside_body(findings):
    found = [f for f in findings if f.code == "dock-suggestion"]
    # S02 only: S05 and S06 are docked already, S10 shares no topic with another round.
    assert [(f.row, f.severity, f.column) for f in found] == [(3, "hint", "Angedockt an")]
    assert "das externe Gremium Präventionsrat" in found[0].message
    assert "AK Sicherheit & Barrierefreiheit" in found[0].message  # named as the other option


def test_overlapping_meetings(findings):
    found = [f for f in findings if f.code == "overlapping-meetings"]
    # T002 is 8 days after T001 with 3 partners in common. T004 is 21 days after T003, T005 is in
    # another field, T006 shares only 2 partners with T003.
    assert [(f.sheet, f.row) for f in found] == [("Treffen", 3)]
    assert "8 Tage" in found[0].message and "3 gemeinsamen Partnern" in found[0].message
    assert "Polizeirevier Süd" in found[0].message


def test_topic_in_several_structures(findings):
    found = [f for f in findings if f.code == "topic-in-several-structures"]
    # J001 is S01's but a task of an S02 meeting names it; J002 and J003 stay in one structure
    # (J003 "Schulweg" is also a tag of S02 itself).
    assert [(f.sheet, f.row, f.column) for f in found] == [("Jahresthemen", 2, "Struktur")]
    assert "AK Sichere Gehwege" in found[0].message and "AK Sicherheit & Barrierefreiheit" in found[0].message


def test_thresholds_come_from_the_settings_sheet_and_messages_follow_the_language(tmp_path):
    path = build_workbook(tmp_path / "en.xlsx", "en", data=ROWS,
                          settings={"overlap_partners": 2, "dup_partner_score": 95})
    found = [f for f in check(read_book(path), TODAY) if f.code in _codes()]
    overlapping = [f for f in found if f.code == "overlapping-meetings"]
    assert [f.row for f in overlapping] == [3, 7]  # T006 now counts: 2 partners in common with T003
    assert overlapping[1].sheet == "Meetings" and "only 2 days after" in overlapping[1].message
    # At 95 % the typo "Nachbarschaftstref" (95 % alike) is no longer a duplicate.
    assert [f.row for f in found if f.code == "duplicate-partner"] == [3, 9]
    partner = next(f for f in found if f.code == "duplicate-partner")
    assert partner.sheet == "Partners" and partner.column == "Name"
    assert "“KiTa Sonnenschein eV” is probably the same organisation as “Kita Sonnenschein e.V.” in row 2 " \
           "(100 % alike, same: 12345) — merge the rows" in partner.message
    structure = next(f for f in found if f.code == "duplicate-structure")
    assert "overlaps AK Sicherheit & Barrierefreiheit (row 2): same field Safety & accessibility, 4 of 4 members, " \
           "topic Gehwege — dock onto it or merge" in structure.message
