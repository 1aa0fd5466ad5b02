"""The Prüfung sheet is readable on screen and on paper: messages wrap, rows are tall enough,
the page is landscape and fits the width."""

from __future__ import annotations

import datetime as dt

import openpyxl

from xlquartier.checks.run import run_check


def test_check_sheet_wraps_messages_and_prints_landscape(make_book):
    path = make_book({"partners": [
        {"name": "Verein der Freundinnen und Freunde des Stadtteilgartens am Mühlenbach e.V.", "type": "Verein",
         "status": "aktiv", "email": "keine-adresse", "postcode": "123"}]})
    run_check(path, today=dt.date(2026, 11, 20), write=True)
    ws = openpyxl.load_workbook(path)["Prüfung"]
    messages = [row[5] for row in ws.iter_rows(min_row=2)]
    assert messages and all(cell.alignment.wrap_text for cell in messages)
    width = ws.column_dimensions["F"].width
    long_rows = [c.row for c in messages if len(c.value) > 1.3 * width]
    assert long_rows and all((ws.row_dimensions[r].height or 0) > 15 for r in long_rows)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
