"""LibreOffice is the real spreadsheet: it opens the demo workbook and computes the Übersicht
formulas to the numbers the Python side counts."""

from __future__ import annotations

import datetime as dt

import pytest
from python_calamine import CalamineWorkbook

from xlquartier.demo import write_demo_book
from xlquartier.report.indicators import overview_numbers
from xlquartier.schema import sheet_name
from xlquartier.workbook.read import read_book


@pytest.mark.parametrize("lang", ["de", "en"])
def test_overview_formulas_compute_in_libreoffice_to_the_python_counts(tmp_path, soffice, lang):
    book_path = write_demo_book(tmp_path / "demo", lang)
    today = dt.date.today()  # the formulas use TODAY(); so does the Python side here
    expected = overview_numbers(read_book(book_path), today)
    assert any(v > 0 for v in expected.values()), "the demo should give non-zero indicators"

    computed = soffice(book_path, "xlsx", tmp_path / "lo")  # LibreOffice loads, recalculates, saves
    sheet = CalamineWorkbook.from_path(str(computed)).get_sheet_by_name(sheet_name("overview", lang))
    values = {row[0]: row[1] for row in sheet.to_python() if row and row[0] in expected}
    assert set(values) == set(expected)
    for label, number in expected.items():
        assert values[label] == number, f"{label}: LibreOffice {values[label]} != Python {number}"


def test_a_value_added_to_a_list_becomes_selectable(tmp_path, soffice):
    """The dropdowns read the Listen sheet through OFFSET/COUNTA names: LibreOffice sizes them."""
    import openpyxl

    from xlquartier.workbook.build import build_workbook

    path = build_workbook(tmp_path / "b.xlsx", "de")
    wb = openpyxl.load_workbook(path)
    lists = wb["Listen"]
    column = next(c.column_letter for c in lists[1] if c.value == "Handlungsfeld")
    count = sum(1 for c in lists[column][1:] if c.value)
    lists[f"{column}{count + 2}"] = "Wohnen"  # the user adds a field of action
    probe = wb.create_sheet("Probe")
    probe["A1"] = "=ROWS(Liste_field)"
    probe["A2"] = "=INDEX(Liste_field,ROWS(Liste_field))"
    wb.save(path)  # a test fixture of our own, not a user's workbook
    computed = soffice(path, "xlsx", tmp_path / "lo")
    values = CalamineWorkbook.from_path(str(computed)).get_sheet_by_name("Probe").to_python()
    assert values[0][0] == count + 1
    assert values[1][0] == "Wohnen"
