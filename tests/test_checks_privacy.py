"""Privacy: consent, deletion review and logo release, on a real workbook with a real logo folder."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from xlquartier.checks import check
from xlquartier.checks.privacy import CHECKS
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import book_from_values, read_book

TODAY = dt.date(2026, 6, 1)
CODES = {"consent-missing", "deletion-review-due", "logo-not-released", "logo-missing", "consent-withdrawn-shared",
         "retention-exceeded"}


def person(pid, last, basis, consent=None, review=None):
    return {"id": pid, "first_name": "Eva", "last_name": last, "legal_basis": basis, "consent_date": consent,
            "deletion_review": review}


def partner(pid, name, logo=None, release=None):
    return {"id": pid, "name": name, "type": "Verein", "status": "potenziell", "logo_file": logo,
            "logo_release": release}


ROWS = {
    "people": [
        person("K001", "Petrović", "Einwilligung"),
        person("K002", "Schulz", "Einwilligung", consent=dt.date(2025, 3, 1)),
        person("K003", "Brandt", "berechtigtes Interesse"),
        person("K004", "Hoffmann", "öffentliche Aufgabe", review=dt.date(2026, 5, 31)),
        person("K005", "Lange", "öffentliche Aufgabe", review=TODAY),
    ],
    "partners": [
        partner("P001", "Café Eck", "cafe-eck.png", "nein"),
        partner("P002", "Tafel", "tafel.png", "offen"),
        partner("P003", "Bibliothek", "bibliothek.png", "ja"),
        partner("P004", "Musikschule", "MUSIK.PNG", "ja"),
        partner("P005", "Repair-Café", "repair-cafe.png", "ja"),
        partner("P006", "Chor"),
    ],
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("privacy")
    (folder / "Bilder").mkdir()
    for name in ("cafe-eck.png", "bibliothek.png", "musik.png"):
        (folder / "Bilder" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


@pytest.fixture(scope="module")
def findings(folder):
    path = build_workbook(folder / "book.xlsx", "de", data=ROWS, settings={"logo_folder": "Bilder"})
    return [f for f in check(read_book(path), TODAY) if f.code in CODES]


def found(findings, code):
    return [(f.sheet, f.row, f.column, f.severity) for f in findings if f.code == code]


def test_every_check_is_registered():
    assert {fn.__name__.replace("_", "-") for fn in CHECKS} == CODES


def test_consent_missing_only_for_consent_without_a_date(findings):
    assert found(findings, "consent-missing") == [("Personen", 2, "Einwilligung am", "warning")]
    assert "Eva Petrović" in next(f.message for f in findings if f.code == "consent-missing")


def test_deletion_review_due_once_the_date_has_passed(findings):
    # Hoffmann's review was yesterday; Lange's is today, not yet passed.
    assert found(findings, "deletion-review-due") == [("Personen", 5, "Löschprüfung am", "warning")]
    assert "war am 31.05.2026 fällig" in next(f.message for f in findings if f.code == "deletion-review-due")


def test_logo_not_released_unless_yes(findings):
    assert found(findings, "logo-not-released") == [("Partner", 2, "Logo-Freigabe", "warning"),
                                                    ("Partner", 3, "Logo-Freigabe", "warning")]


def test_logo_missing_looks_in_the_configured_folder_ignoring_case(folder, findings):
    # MUSIK.PNG is musik.png on disk (Windows does not mind case); repair-cafe.png is not there.
    assert found(findings, "logo-missing") == [("Partner", 6, "Logo-Datei", "warning")]
    text = next(f.message for f in findings if f.code == "logo-missing")
    assert "„repair-cafe.png“" in text and "„Bilder“" in text
    assert str(folder) not in text  # no machine path in a message that goes into the workbook


def test_english_book_and_a_live_book_without_a_folder(tmp_path):
    path = build_workbook(tmp_path / "en.xlsx", "en", data=ROWS)
    book = read_book(path)
    english = [f for f in check(book, TODAY) if f.code in CODES]
    assert "Consent is the legal basis for Eva Petrović, but no consent date is entered" in next(
        f.message for f in english if f.code == "consent-missing")
    assert {f.row for f in english if f.code == "logo-missing"} == {4, 5, 6}  # no logos folder at all
    # The same values from a live Excel book: no file, so no folder to look in.
    workbook = openpyxl.load_workbook(path, read_only=True)
    live = book_from_values({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook})
    live_found = [f for f in check(live, TODAY) if f.code in CODES]
    assert [f.code for f in live_found if f.code.startswith("logo")] == ["logo-not-released"] * 2


def test_a_missing_optional_column_makes_the_finding_about_the_row():
    values = {"Partner": [["PartnerID", "Name", "Art", "Status", "Logo-Datei"],
                          ["P001", "Café Eck", "Gewerbe", "aktiv", "cafe-eck.png"]]}
    found = [f for f in check(book_from_values(values), TODAY) if f.code == "logo-not-released"]
    assert [(f.sheet, f.row, f.column, f.cell) for f in found] == [("Partner", 2, None, None)]
