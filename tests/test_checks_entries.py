"""Entry checks, one code at a time: each test builds a real workbook holding a faulty row
and a near-miss row that must stay silent, reads it back and checks it."""

from __future__ import annotations

import copy
import datetime as dt

import openpyxl
import pytest

from xlquartier.checks import check
from xlquartier.checks.entries import CHECKS
from xlquartier.workbook.read import read_book

TODAY = dt.date(2026, 6, 1)
ENTRY_CODES = {"missing-sheet", "missing-column", "required", "not-in-list", "bad-date", "date-as-text",
               "bad-number", "bad-email", "bad-phone", "bad-postcode", "duplicate-id", "unknown-ref",
               "ambiguous-ref", "date-order", "status-mismatch", "excel-error"}

BASE = {
    "partners": [
        {"id": "P001", "name": "Grundschule am Park", "short_name": "GS Park", "type": "Schule",
         "status": "aktiv", "email": "info@gs-park.de", "postcode": "12345", "phone": "030 1234567"},
        {"id": "P002", "name": "Kita Regenbogen", "short_name": "Regenbogen", "type": "Kita", "status": "aktiv"},
    ],
    "people": [{"id": "K001", "partner": "P001", "first_name": "Anna", "last_name": "Müller",
                "legal_basis": "öffentliche Aufgabe", "email": "a.mueller@gs-park.de"}],
    "structures": [{"id": "S01", "name": "AK Sicherheit", "type": "Arbeitskreis",
                    "field": "Sicherheit & Barrierefreiheit", "status": "aktiv", "lead": "QM",
                    "members": ["P001", "Regenbogen"], "start": dt.date(2025, 1, 1)}],
    "meetings": [{"id": "T001", "structure": "S01", "date": dt.date(2026, 3, 1), "status": "stattgefunden",
                  "start": dt.time(17, 0), "end": dt.time(19, 0), "headcount": 10, "residents": 3}],
    "tasks": [{"id": "A001", "meeting": "T001", "kind": "Aufgabe", "description": "Flyer drucken",
               "responsible": "K001", "due": dt.date(2026, 7, 1), "status": "offen"}],
    "agreements": [{"id": "V001", "partner": "P001", "kind": "Kooperationsvereinbarung",
                    "subject": "Zusammenarbeit", "status": "Entwurf"}],
    "topics": [{"id": "J001", "year": 2026, "title": "Sicherheit", "status": "aktiv"}],
}


def data(**extra):
    """The valid base rows plus extra rows per sheet (``partners=[{...}]``)."""
    rows = copy.deepcopy(BASE)
    for key, more in extra.items():
        rows[key] = rows[key] + more
    return rows


@pytest.fixture
def checked(make_book):
    def run(rows, lang="de", edit=None):
        path = make_book(rows, lang=lang)
        if edit:  # a change a user makes by hand in Excel
            wb = openpyxl.load_workbook(path)
            edit(wb)
            wb.save(path)
        book = read_book(path)
        return book, [f for f in check(book, TODAY) if f.code in ENTRY_CODES]
    return run


def at(findings, code):
    return [f for f in findings if f.code == code]


def assert_points_at(book, finding, sheet_key, row_number, column_key):
    table = book.tables[sheet_key]
    assert finding.sheet == table.name
    assert finding.row == row_number
    assert finding.column == table.columns[column_key].header
    assert finding.cell == table.cell(row_number, column_key)


def test_the_valid_base_book_has_no_entry_findings(checked):
    _, findings = checked(data())
    assert findings == []
    assert len(CHECKS) >= 5


def test_missing_sheet_and_missing_column(make_book, tmp_path):
    path = make_book(data())
    wb = openpyxl.load_workbook(path)
    del wb["Jahresthemen"]
    wb["Partner"]["D1"] = "Typ der Organisation"  # the required column Art is gone
    wb["Partner"]["L1"] = "Homepage"  # the optional column Webseite is gone: no finding
    wb.save(path)
    book = read_book(path)
    findings = check(book, TODAY)
    sheets = at(findings, "missing-sheet")
    assert [(f.sheet, f.row, f.column, f.severity) for f in sheets] == [("Jahresthemen", None, None, "error")]
    columns = at(findings, "missing-column")
    assert [(f.sheet, f.row, f.column) for f in columns] == [("Partner", None, "Art")]
    assert "Art" in columns[0].message


def test_required_and_required_for_task(checked):
    rows = data(
        partners=[{"id": "P003", "type": "Verein", "status": "aktiv", "short_name": "ohne Namen"}],
        tasks=[{"id": "A002", "kind": "Aufgabe", "description": "Ohne Zuständige"},
               {"id": "A003", "kind": "Beschluss", "description": "Beschluss ohne Zuständige"}])
    book, findings = checked(rows)
    required = at(findings, "required")
    assert {(f.sheet, f.cell) for f in required} == {
        ("Partner", "B4"), ("Aufgaben", "F3"), ("Aufgaben", "G3"), ("Aufgaben", "H3")}
    partner = next(f for f in required if f.sheet == "Partner")
    assert_points_at(book, partner, "partners", 4, "name")
    assert "Name" in partner.message and "Pflichtfeld" in partner.message
    task = next(f for f in required if f.cell == "F3")
    assert "Aufgabe" in task.message


def test_not_in_list_suggests_closest_values(checked):
    rows = data(partners=[{"id": "P003", "name": "Schule Nord", "type": "Schuele", "status": "aktiv"},
                          {"id": "P004", "name": "Stiftung X", "type": "  stiftung ", "status": " AKTIV "},
                          {"id": "P005", "name": "Verein Y", "type": "Verein", "status": "aktiv",
                           "fields": ["Bildung", "Sport"]}])
    def add_list_value(wb):  # the user extends the list in the Listen sheet
        column = wb["Listen"]["A"]
        wb["Listen"].cell(len([c for c in column if c.value]) + 1, 1, "Stiftung")

    book, findings = checked(rows, edit=add_list_value)
    found = at(findings, "not-in-list")
    assert [(f.cell, f.severity) for f in found] == [("D4", "error"), ("E6", "error")]
    assert "„Schuele“" in found[0].message and "„Schule“" in found[0].message
    assert "„Sport“" in found[1].message
    assert_points_at(book, found[0], "partners", 4, "type")


def test_not_in_list_english_book(checked):
    rows = data(partners=[{"id": "P003", "name": "North School", "type": "Skool", "status": "active"}])
    _, findings = checked(rows, lang="en")
    found = at(findings, "not-in-list")
    assert [f.cell for f in found] == ["D4"]
    assert "“School”" in found[0].message and "not in the list" in found[0].message


def test_bad_date_and_date_as_text(checked):
    rows = data(partners=[{"id": "P003", "name": "A", "type": "Verein", "status": "aktiv", "since": "bald"},
                          {"id": "P004", "name": "B", "type": "Verein", "status": "aktiv", "since": "15.03.2024"},
                          {"id": "P005", "name": "C", "type": "Verein", "status": "aktiv", "since": "2024-03-15"},
                          {"id": "P006", "name": "D", "type": "Verein", "status": "aktiv",
                           "since": dt.date(2024, 3, 15)}],
                meetings=[{"id": "T002", "structure": "S01", "date": dt.date(2026, 4, 1), "status": "geplant",
                           "start": "abends", "end": "19:30"}])
    book, findings = checked(rows)
    bad = at(findings, "bad-date")
    assert [(f.sheet, f.cell, f.severity) for f in bad] == [("Partner", "M4", "error"), ("Treffen", "D3", "error")]
    assert "„bald“" in bad[0].message
    as_text = at(findings, "date-as-text")
    assert [(f.cell, f.severity) for f in as_text] == [("M5", "warning"), ("M6", "warning"), ("E3", "warning")]
    assert "15.03.2024" in as_text[0].message
    assert_points_at(book, as_text[0], "partners", 5, "since")


def test_bad_number_and_residents_above_headcount(checked):
    rows = data(meetings=[
        {"id": "T002", "structure": "S01", "date": dt.date(2026, 4, 1), "status": "stattgefunden",
         "headcount": "zwölf"},
        {"id": "T003", "structure": "S01", "date": dt.date(2026, 4, 2), "status": "stattgefunden",
         "headcount": 8, "residents": 9},
        {"id": "T004", "structure": "S01", "date": dt.date(2026, 4, 3), "status": "stattgefunden",
         "headcount": 9, "residents": 9}])
    book, findings = checked(rows)
    found = at(findings, "bad-number")
    assert [f.cell for f in found] == ["O3", "P4"]
    assert "„zwölf“" in found[0].message
    assert "9" in found[1].message and "8" in found[1].message
    assert_points_at(book, found[1], "meetings", 4, "residents")


def test_bad_email(checked):
    rows = data(people=[{"id": "K002", "last_name": "Schmidt", "legal_basis": "Einwilligung",
                         "consent_date": dt.date(2026, 1, 1), "email": "t.schmidt@kita-regenbogen"},
                        {"id": "K003", "last_name": "Yilmaz", "legal_basis": "Einwilligung",
                         "consent_date": dt.date(2026, 1, 1), "email": "e.yilmaz+ak@kita-regenbogen.de"}])
    book, findings = checked(rows)
    found = at(findings, "bad-email")
    assert [(f.cell, f.severity) for f in found] == [("H3", "error")]
    assert "t.schmidt@kita-regenbogen" in found[0].message


def test_bad_phone(checked):
    rows = data(partners=[{"id": "P003", "name": "A", "type": "Verein", "status": "aktiv", "phone": "030 12ab45"},
                          {"id": "P004", "name": "B", "type": "Verein", "status": "aktiv", "phone": "12345"},
                          {"id": "P005", "name": "C", "type": "Verein", "status": "aktiv",
                           "phone": "+49 (30) 123-4567"}])
    _, findings = checked(rows)
    found = at(findings, "bad-phone")
    assert [(f.cell, f.severity) for f in found] == [("K4", "warning"), ("K5", "warning")]


def test_bad_postcode(checked):
    rows = data(partners=[{"id": "P003", "name": "A", "type": "Verein", "status": "aktiv", "postcode": "1234"},
                          {"id": "P004", "name": "B", "type": "Verein", "status": "aktiv", "postcode": "01067"},
                          {"id": "P005", "name": "C", "type": "Verein", "status": "aktiv", "postcode": 10115}])
    _, findings = checked(rows)
    found = at(findings, "bad-postcode")
    assert [(f.cell, f.severity) for f in found] == [("H4", "warning")]
    assert "„1234“" in found[0].message


def test_duplicate_id_reports_both_rows(checked):
    rows = data(partners=[{"id": "p001 ", "name": "Zweite Schule", "type": "Schule", "status": "aktiv"},
                          {"id": "P0010", "name": "Dritte Schule", "type": "Schule", "status": "aktiv"}])
    book, findings = checked(rows)
    found = at(findings, "duplicate-id")
    assert [(f.cell, f.severity) for f in found] == [("A2", "error"), ("A4", "error")]
    assert "Zeile 4" in found[0].message and "Zeile 2" in found[1].message
    assert_points_at(book, found[0], "partners", 2, "id")


def test_unknown_ref_suggests_and_qm_rules(checked):
    rows = data(tasks=[
        {"id": "A002", "kind": "Aufgabe", "description": "x", "responsible": "Grundschule am Prak",
         "due": dt.date(2026, 7, 1), "status": "offen"},
        {"id": "A003", "kind": "Aufgabe", "description": "y", "responsible": "  grundschule AM park ",
         "due": dt.date(2026, 7, 1), "status": "offen"},
        {"id": "A004", "kind": "Aufgabe", "description": "z", "responsible": "qm",
         "due": dt.date(2026, 7, 1), "status": "offen"},
        {"id": "A005", "kind": "Aufgabe", "description": "w", "responsible": "Anna Müller",
         "due": dt.date(2026, 7, 1), "status": "offen"}],
        people=[{"id": "K002", "partner": "QM", "last_name": "Weber", "legal_basis": "öffentliche Aufgabe"}],
        structures=[{"id": "S02", "name": "Netzwerk", "type": "Netzwerktreffen", "field": "Nachbarschaft",
                     "status": "aktiv", "members": ["P001", "Kita Regenbgen"]}])
    book, findings = checked(rows)
    found = at(findings, "unknown-ref")
    by_sheet = {f.sheet: f for f in found}
    assert len(found) == 3
    assert {s: f.cell for s, f in by_sheet.items()} == {"Personen": "B3", "Strukturen": "G3", "Aufgaben": "F3"}
    task = by_sheet["Aufgaben"]
    assert "Meinten Sie" in task.message and "Grundschule am Park" in task.message
    assert "Kita Regenbogen" in by_sheet["Strukturen"].message
    assert_points_at(book, task, "tasks", 3, "responsible")


def test_ambiguous_ref(checked):
    rows = data(partners=[{"id": "P003", "name": "Grundschule Nord", "short_name": "GS", "type": "Schule",
                           "status": "aktiv"},
                          {"id": "P004", "name": "Gesamtschule", "short_name": "gs", "type": "Schule",
                           "status": "aktiv"}],
                agreements=[{"id": "V002", "partner": "GS", "kind": "Letter of Intent", "subject": "a",
                             "status": "Entwurf"},
                            {"id": "V003", "partner": "P003", "kind": "Letter of Intent", "subject": "b",
                             "status": "Entwurf"}])
    book, findings = checked(rows)
    found = at(findings, "ambiguous-ref")
    assert [(f.sheet, f.cell, f.severity) for f in found] == [("Vereinbarungen", "B3", "error")]
    assert "P003" in found[0].message and "P004" in found[0].message


def test_date_order(checked):
    rows = data(
        structures=[{"id": "S02", "name": "Alt", "type": "Arbeitskreis", "field": "Bildung", "status": "beendet",
                     "start": dt.date(2025, 5, 1), "end": dt.date(2025, 4, 30)},
                    {"id": "S03", "name": "Kurz", "type": "Arbeitskreis", "field": "Bildung", "status": "beendet",
                     "start": dt.date(2025, 5, 1), "end": dt.date(2025, 5, 1)}],
        meetings=[{"id": "T002", "structure": "S01", "date": dt.date(2026, 4, 1), "status": "geplant",
                   "start": dt.time(18, 0), "end": dt.time(17, 0)}],
        agreements=[{"id": "V002", "partner": "P002", "kind": "Letter of Intent", "subject": "a",
                     "status": "unterzeichnet", "valid_from": dt.date(2026, 1, 1), "valid_until": dt.date(2025, 1, 1)}],
        tasks=[{"id": "A002", "meeting": "T001", "kind": "Aufgabe", "description": "früh", "responsible": "QM",
                "due": dt.date(2026, 4, 1), "status": "erledigt", "done_on": dt.date(2026, 2, 27)},
               {"id": "A003", "meeting": "T001", "kind": "Aufgabe", "description": "gleich", "responsible": "QM",
                "due": dt.date(2026, 4, 1), "status": "erledigt", "done_on": dt.date(2026, 3, 1)}])
    book, findings = checked(rows)
    found = at(findings, "date-order")
    assert {(f.sheet, f.cell) for f in found} == {
        ("Strukturen", "K3"), ("Treffen", "E3"), ("Vereinbarungen", "K3"), ("Aufgaben", "I3")}
    task = next(f for f in found if f.sheet == "Aufgaben")
    assert "T001" in task.message and "01.03.2026" in task.message
    assert all(f.severity == "error" for f in found)


def test_status_mismatch(checked):
    rows = data(tasks=[
        {"id": "A002", "kind": "Aufgabe", "description": "a", "responsible": "QM", "due": dt.date(2026, 7, 1),
         "status": "erledigt"},
        {"id": "A003", "kind": "Aufgabe", "description": "b", "responsible": "QM", "due": dt.date(2026, 7, 1),
         "status": "offen", "done_on": dt.date(2026, 5, 1)},
        {"id": "A004", "kind": "Aufgabe", "description": "c", "responsible": "QM", "due": dt.date(2026, 7, 1),
         "status": "erledigt", "done_on": dt.date(2026, 5, 1)}])
    book, findings = checked(rows)
    found = at(findings, "status-mismatch")
    assert [(f.cell, f.severity) for f in found] == [("I3", "warning"), ("H4", "warning")]
    assert "erledigt" in found[0].message and "offen" in found[1].message


def test_excel_error(make_book):
    path = make_book(data(partners=[{"id": "P003", "name": "#hashtag e.V.", "type": "Verein", "status": "aktiv"}]))
    wb = openpyxl.load_workbook(path)
    wb["Partner"]["I2"] = "#REF!"  # openpyxl stores known error texts as error cells
    wb["Partner"]["M3"] = "#NV"
    wb.save(path)
    book = read_book(path)
    found = at(check(book, TODAY), "excel-error")
    assert [(f.cell, f.severity) for f in found] == [("I2", "error"), ("M3", "error")]
    assert "#REF!" in found[0].message
    assert not at(check(book, TODAY), "bad-date")  # the error is reported once, as what it is


def test_messages_follow_the_workbook_language(checked):
    rows = data(partners=[{"id": "P003", "type": "Verein", "status": "active", "email": "x@y"}])
    book, findings = checked(rows, lang="en")
    assert {f.code for f in findings} == {"required", "bad-email"}
    required = at(findings, "required")[0]
    assert required.sheet == "Partners" and required.column == "Name"
    assert "required and empty" in required.message
