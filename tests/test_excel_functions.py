"""The worksheet functions as plain Python, on the values each Excel route hands over.

The ranges come from a real workbook built with ``build_workbook`` and read back as
Office.js passes them to custom functions (2-D, "" for empty, dates as serial numbers) and as classic
xlwings passes them (None for empty, datetimes, one column as a flat list). Both must give
the same answers.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from excel_payload import classic_values, office_js_args, raw_sheets

from xlquartier.excel import functions as f
from xlquartier.excel.headed import HEADED

TODAY = dt.date(2026, 11, 20)
DATA = {
    "partners": [
        {"id": "P001", "name": "Kita Sonnenschein e.V.", "type": "Kita", "status": "aktiv"},
        {"id": "P002", "name": "Grundschule am Park", "short_name": "GS Park", "type": "Schule",
         "status": "aktiv"},
        {"id": "P003", "name": "KiTa Sonnenschein eV", "type": "Kita", "status": "aktiv"},
        {"id": "P004", "name": "Grundschule am Markt", "type": "Schule", "status": "aktiv"},
    ],
    "people": [{"id": "K001", "partner": "GS Park", "first_name": "Anna", "last_name": "Muster",
                "legal_basis": "öffentliche Aufgabe"}],
    "structures": [
        {"id": "S01", "name": "AK Bildung", "type": "Arbeitskreis", "field": "Bildung",
         "members": ["P001", "P002"], "status": "aktiv"},
        {"id": "S02", "name": "Schulweg", "type": "Kleinstkooperation", "field": "Bildung",
         "members": ["GS Park"], "status": "aktiv"},
        {"id": "S03", "name": "Alte Runde", "type": "Arbeitskreis", "field": "Bildung",
         "members": ["P002"], "status": "beendet"},
    ],
    "meetings": [
        {"id": "T001", "structure": "S01", "date": dt.date(2026, 11, 5), "partners": ["P002"],
         "status": "stattgefunden"},
        {"id": "T002", "structure": "S02", "date": dt.date(2026, 10, 2), "status": "geplant"},
        {"id": "T003", "structure": "S01", "date": dt.date(2026, 9, 30), "status": "stattgefunden"},
        {"id": "T004", "structure": "S02", "date": dt.date(2026, 12, 1), "status": "abgesagt"},
    ],
    "tasks": [
        {"id": "A001", "meeting": "T001", "kind": "Aufgabe", "description": "Raum buchen",
         "responsible": "Anna Muster", "due": dt.date(2026, 11, 1), "status": "offen"},
        {"id": "A002", "kind": "Aufgabe", "description": "Flyer & Plakat <A5>", "responsible": "P002",
         "due": dt.date(2026, 12, 1), "status": "in Arbeit"},
        {"id": "A003", "kind": "Aufgabe", "description": "Erledigtes", "responsible": "P002",
         "due": dt.date(2026, 10, 1), "status": "erledigt", "done_on": dt.date(2026, 10, 1)},
        {"id": "A004", "kind": "Information", "description": "Nur zur Info", "responsible": "P002"},
        {"id": "A005", "kind": "Aufgabe", "description": "Einladung", "responsible": "QM",
         "due": dt.date(2026, 11, 30), "status": "offen"},
    ],
    "offers": [
        {"id": "O001", "kind": "Raum", "title": "Aula", "partner": "GS Park", "target_groups": ["Familien", "Kinder"],
         "field": "Bildung", "place": "Parkallee 12", "times": "abends", "cost": "kostenlos"},
        {"id": "O002", "kind": "Beratung", "title": "Erziehungsberatung", "partner": "P001",
         "target_groups": ["Familien"], "field": "Bildung", "valid_until": dt.date(2026, 10, 31)},
        {"id": "O003", "kind": "Raum", "title": "Stadtteilbüro", "partner": "QM",
         "target_groups": ["alle Bewohner*innen"]},
    ],
    "topics": [
        {"id": "J001", "year": 2026, "title": "Sicherer Schulweg", "status": "aktiv"},
        {"id": "J002", "year": 2026, "title": "Lesefest", "status": "geplant"},
        {"id": "J003", "year": 2026, "title": "Sommerfest", "status": "abgeschlossen"},
        {"id": "J004", "year": 2025, "title": "Altes Thema", "status": "aktiv"},
    ],
    "contacts": [
        {"id": "KV0001", "date": dt.date(2026, 9, 1), "partner": "GS Park", "office_person": "Anna Keller",
         "channel": "Telefon", "next_step": "Termin machen", "follow_up": dt.date(2026, 9, 15)},
        {"id": "KV0002", "date": dt.date(2026, 10, 20), "partner": "P002", "office_person": "Murat Demir",
         "channel": "persönlich", "next_step": "Raum für das Fest anfragen", "follow_up": dt.date(2026, 12, 1)},
        {"id": "KV0003", "date": dt.date(2026, 12, 5), "partner": "P002", "channel": "E-Mail"},  # after "today"
    ],
}
SHEETS = ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen")


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    from xlquartier.workbook.build import build_workbook

    path = build_workbook(tmp_path_factory.mktemp("fn") / "book.xlsx", "de", data=DATA)
    return raw_sheets(path)


@pytest.fixture(params=["office_js", "classic"])
def route(request):
    """(convert a sheet, the value of the reference date) as the route passes them."""
    if request.param == "office_js":
        return office_js_args, 46346.0  # =HEUTE() arrives as a serial number
    return classic_values, dt.datetime(2026, 11, 20)


def tables(sheets, convert, names=SHEETS):
    return [convert(sheets[name]) for name in names]


def test_duplicates_flags_the_later_name_with_the_row_of_the_first(sheets, route):
    convert, _ = route
    column = [row[1] for row in convert(sheets["Partner"])[1:5]]
    result = f.dubletten(column, 2)
    assert result == [["", ""], ["", ""], ["Dublette", 2], ["", ""]]  # Park and Markt stay apart
    assert f.duplicates([[c] for c in column])[2] == ["duplicate", 1]  # positions without first_row


def test_duplicates_ignore_empty_cells(route):
    convert, _ = route
    cells = [row[0] for row in convert([["Verein Nachbarn"], [None], ["Verein Nachbarn e.V."], [""]])]
    assert f.dubletten(cells) == [["", ""], ["", ""], ["Dublette", 1], ["", ""]]


def test_closest_partner_from_the_table_or_a_list(sheets, route):
    convert, _ = route
    partners = convert(sheets["Partner"])
    assert f.partner_finden("Grundschule am Prak", partners)[0][0] == "Grundschule am Park"
    assert f.partner_finden("GS Park", partners) == [["Grundschule am Park", 100]]
    names = [row[1] for row in partners[1:5]]
    name, score = f.find_partner("kita sonnenschein", names)[0]
    assert name in ("Kita Sonnenschein e.V.", "KiTa Sonnenschein eV") and score >= 90
    assert f.partner_finden("Feuerwehr", names, 90) == [["kein ähnlicher Partner", 0]]
    two_columns = [[n, None] for n in names]  # a plain range of names, not the table
    assert f.partner_finden("Grundschule am Prak", two_columns)[0][0] == "Grundschule am Park"
    assert f.find_partner("x", names, "viel") == "“viel” is not a number."


def test_partner_load_counts_structures_meetings_and_tasks(sheets, route):
    convert, today = route
    # GS Park: active S01, S02 (S03 ended); Q4 meetings T001, T002 (T003 is Q3, T004 cancelled);
    # open tasks A001 (its person) and A002, of which A001 is overdue.
    assert f.partnerlast("GS Park", today, *tables(sheets, convert)) == [[2, 2, 2, 1]]
    reordered = tables(sheets, convert, ("Aufgaben", "Personen", "Treffen", "Partner", "Strukturen"))
    assert f.partner_load("P002", today, *reordered) == [[2, 2, 2, 1]]
    assert f.partnerlast("P004", today, *tables(sheets, convert)) == [[0, 0, 0, 0]]


def spilled(function, *args):
    """What Excel shows: the function awaited as every route awaits it, then written by xlwings'
    DataFrame converter with the options the function declares."""
    import pandas as pd
    from xlwings.conversion import accessors

    result = asyncio.run(function(*args))
    if not isinstance(result, pd.DataFrame):
        return result
    return accessors[pd.DataFrame].write_value(result, dict(HEADED))


def test_open_tasks_come_with_a_header_and_typed_values(sheets, route):
    convert, today = route
    rows = spilled(f.offene_aufgaben, "P002", today, *tables(sheets, convert))
    assert rows == [["AufgabeID", "Beschreibung", "Fällig", "Status", "Tage überfällig"],
                    ["A001", "Raum buchen", dt.date(2026, 11, 1), "offen", 19],
                    ["A002", "Flyer & Plakat <A5>", dt.date(2026, 12, 1), "in Arbeit", None]]
    english = spilled(f.open_tasks, "QM", today, *tables(sheets, convert))
    assert english[0] == ["TaskID", "Description", "Due", "Status", "Days overdue"]
    assert english[1] == ["A005", "Einladung", dt.date(2026, 11, 30), "open", None]
    assert spilled(f.offene_aufgaben, "Anna Muster", today, *tables(sheets, convert))[1][0] == "A001"
    assert spilled(f.offene_aufgaben, "P001", today, *tables(sheets, convert))[1:] == [
        ["keine offenen Aufgaben", None, None, None, None]]


def test_the_header_is_in_the_functions_language_whatever_the_workbook_writes(sheets, route):
    convert, today = route
    renamed = convert(sheets["Aufgaben"])
    renamed[0] = ["Aufgabe-ID" if cell == "AufgabeID" else cell for cell in renamed[0]]
    tasks = tables(sheets, convert, ("Partner", "Strukturen", "Treffen", "Personen"))
    assert spilled(f.offene_aufgaben, "P002", today, renamed, *tasks)[0][0] == "AufgabeID"
    assert spilled(f.open_tasks, "P002", today, renamed, *tasks)[0][0] == "TaskID"


def test_partner_table_lists_every_partner_with_its_load(sheets, route):
    convert, today = route
    rows = spilled(f.partnertabelle, today, *tables(sheets, convert))
    assert rows[0] == ["PartnerID", "Name", "Art", "Status", "aktive Strukturen", "Treffen im Quartal",
                       "offene Aufgaben", "überfällige Aufgaben", "letzter Kontakt"]
    by_id = {row[0]: row for row in rows[1:]}
    assert list(by_id) == ["P001", "P002", "P003", "P004"]
    # the same counts as =PARTNERLAST; no contact log in this schema, so no last contact
    assert by_id["P002"] == ["P002", "Grundschule am Park", "Schule", "aktiv", 2, 2, 2, 1, None]
    assert by_id["P001"][4:8] == [1, 1, 0, 0]  # S01 active; T001 this quarter (T003 is Q3)
    english = spilled(f.partner_table, today, *tables(sheets, convert))
    assert english[0][2:5] == ["Type", "Status", "Active structures"]
    assert english[2][2:4] == ["School", "active"]


def test_partner_table_shows_the_last_contact_once_the_schema_has_a_contact_log(sheets, route, monkeypatch):
    """The contact log ("contacts": date, partner, ...) comes with another branch; with it in the
    schema, the latest entry per partner fills the column (an entry about a person counts for
    its partner)."""
    from xlquartier.schema import DATA_SHEETS, Column, Kind, SheetSpec

    contacts = SheetSpec("contacts", "Kontakte", "Contacts", "C", 3, (
        Column("id", "KontaktID", "ContactID", Kind.ID), Column("date", "Datum", "Date", Kind.DATE),
        Column("partner", "Partner", "Partner", Kind.REF, ref=("partners", "people")),
        Column("next_step", "Nächster Schritt", "Next step", Kind.TEXT),
        Column("follow_up", "Wiedervorlage", "Follow-up", Kind.DATE)), "tblKontakte")
    monkeypatch.setitem(DATA_SHEETS, "contacts", contacts)
    convert, today = route
    log = convert([["KontaktID", "Datum", "Partner", "Nächster Schritt", "Wiedervorlage"],
                   ["C001", dt.datetime(2026, 9, 1), "GS Park", "Anrufen", None],
                   ["C002", dt.datetime(2026, 10, 15), "Anna Muster", None, None],  # GS Park's person
                   ["C003", dt.datetime(2026, 8, 1), "P002", None, None],
                   ["C004", dt.datetime(2026, 7, 1), "P001", None, None]])
    rows = spilled(f.partnertabelle, today, *tables(sheets, convert), log)
    last = {row[0]: row[-1] for row in rows[1:]}
    assert last == {"P001": dt.date(2026, 7, 1), "P002": dt.date(2026, 10, 15), "P003": None, "P004": None}


def test_partner_table_names_the_missing_table(sheets, route):
    convert, today = route
    answer = spilled(f.partnertabelle, today, convert(sheets["Partner"]))
    assert answer.startswith("Bitte auch diese Tabelle übergeben: tblStrukturen")


def test_annual_topics_count_planned_and_active(sheets, route):
    convert, _ = route
    topics = convert(sheets["Jahresthemen"])
    assert f.jahresthemen(2026.0, topics) == 2
    assert f.annual_topics(2025, topics) == 1


def test_offers_by_target_group_field_and_kind(sheets, route):
    convert, today = route
    offers, partners = convert(sheets["Angebote"]), convert(sheets["Partner"])
    rows = f.angebote("Familien", "", "Raum", today, offers, partners)
    assert rows[0][:4] == ["AngebotID", "Titel", "Art", "Partner"]
    assert rows[1:] == [["O001", "Aula", "Raum", "Grundschule am Park", "Familien; Kinder", "Parkallee 12", "abends",
                         "kostenlos"], ["O003", "Stadtteilbüro", "Raum", "QM", "alle Bewohner*innen", "", "", ""]]
    assert [r[0] for r in f.find_offers("Families", None, "", today, offers)[1:]] == ["O001", "O003"]  # O002 expired
    assert f.angebote("", "Kunst & Kultur", "", today, offers)[1][0] == "keine passenden Angebote"
    assert f.angebote("", "", "", today, partners) == (
        "Bitte auch diese Tabelle übergeben: tblAngebote (in älteren Arbeitsmappen legt „xlquartier upgrade“ sie an).")


def test_problems_come_back_as_one_sentence_in_the_cell(sheets, route):
    convert, today = route
    missing = f.partnerlast("P002", today, convert(sheets["Partner"]))
    assert missing.startswith("Bitte auch diese Tabelle übergeben: tblStrukturen")
    assert "not found" in f.partner_load("Nobody", today, *tables(sheets, convert)) or \
        "exactly one partner" in f.partner_load("Nobody", today, *tables(sheets, convert))
    assert f.jahresthemen(2026, [["a", "b"], [1, 2]]).startswith("Bereich 1 ist keine Tabelle")
    assert spilled(f.offene_aufgaben, "P002", "gestern", *tables(sheets, convert)) == "„gestern“ ist kein Datum."


def test_english_sheets_and_headers_are_recognised(tmp_path):
    from xlquartier.workbook.build import build_workbook

    path = build_workbook(tmp_path / "en.xlsx", "en", data=DATA)
    raw = raw_sheets(path)
    en_tables = [office_js_args(raw[n]) for n in ("Partners", "Structures", "Meetings", "Tasks", "People")]
    assert f.partner_load("GS Park", 46346.0, *en_tables) == [[2, 2, 2, 1]]
    assert spilled(f.open_tasks, "P002", 46346.0, *en_tables)[2][3] == "in progress"



def test_last_contact_gives_date_channel_who_next_step_and_follow_up(sheets, route):
    convert, today = route
    contacts, partners = convert(sheets["Kontaktverlauf"]), convert(sheets["Partner"])
    assert f.letzter_kontakt("GS Park", today, contacts, partners) == [
        ["20.10.2026", "persönlich", "Murat Demir", "Raum für das Fest anfragen", "01.12.2026"]]
    assert f.last_contact("P002", dt.datetime(2026, 9, 30), partners, contacts)[0][:2] == ["2026-09-01", "phone"]
    assert f.letzter_kontakt("P004", today, contacts, partners) == [["noch kein Kontakt", "", "", "", ""]]
    assert f.letzter_kontakt("P002", today, partners).startswith("Bitte auch diese Tabelle übergeben: tblKontakt")
