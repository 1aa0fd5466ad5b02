"""A partner's answer lands on the row it was about, or nowhere: duplicate and reused IDs, caps on new rows.

Before the fix (main at c6879eb): with a duplicate ID, P001's answer overwrote P004's person and
an edit to P001's own row was dropped silently ("Nichts zu ändern"); after the highest ID was
deleted it was handed out again and P001's answer about its deleted person landed on another
partner's new person; one returned view added 2,000 people.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from openpyxl import load_workbook
from sharing_book import NETWORK

from xlquartier.checks.run import run_check
from xlquartier.errors import UserError
from xlquartier.schema import DATA_SHEETS
from xlquartier.sharing.export import export_all, export_partner
from xlquartier.sharing.importer import import_partner
from xlquartier.workbook.read import read_book
from xlquartier.workbook.write import Package

TODAY = dt.date(2026, 5, 1)
PRIVATE_PHONE = "0176 5550199"


def edit(path, changes, out):
    """Edit a view as a partner would: ``{(sheet key, row id or Excel row): {column key: value}}``."""
    wb = load_workbook(path)
    for (key, row), values in changes.items():
        spec = DATA_SHEETS[key]
        ws = wb[spec.name("de")]
        headers = {c.value: c.column for c in ws[1]}
        if isinstance(row, str):
            row = next(c.row for c in ws["A"] if c.value == row)
        for col, value in values.items():
            ws.cell(row, headers[spec.column(col).header("de")]).value = value
    wb.save(out)
    return out


def append_people(view, rows, out):
    """Rows (ID, first name, last name) added below the people sheet, protection lifted as a partner could."""
    wb = load_workbook(view)
    ws = wb["Personen"]
    ws.protection.sheet = False
    first = ws.max_row + 1
    for n, values in enumerate(rows):
        for column, value in zip((1, 4, 5), values, strict=True):
            if value is not None:
                ws.cell(first + n, column, value)
    wb.save(out)
    return out


def set_cells(master, key, row_id, values, nth=0):
    """The office changes the master (the ``nth`` row with that ID)."""
    book = read_book(master)
    table = book.table(key)
    row = [r for r in table.rows if r.id == row_id][nth]
    with Package.open(master) as pkg:
        pkg.set_cells(table.name, {table.cell(row.number, col): v for col, v in values.items()})


def person(book, row_id):
    return [r for r in read_book(book).rows("people") if r.id == row_id]


@pytest.fixture
def network():
    return copy.deepcopy(NETWORK)


def test_export_refuses_a_view_with_a_duplicate_id_and_names_both_rows(make_book, network, tmp_path):
    network["people"].append({"id": "K001", "partner": "P002", "first_name": "Zora", "last_name": "Zweite",
                              "phone": "030 999000", "legal_basis": "Einwilligung", "share": "ja"})
    master = make_book(network)
    with pytest.raises(UserError) as refused:
        export_partner(master, "P001", tmp_path / "view.xlsx")
    assert "Personen Zeile 2, 7 mit doppelter ID" in refused.value.message("de")
    assert not (tmp_path / "view.xlsx").exists()


def test_export_all_refuses_before_writing_any_view(make_book, network, tmp_path):
    network["tasks"].append({"id": "A001", "kind": "Aufgabe", "description": "Doppelt", "responsible": "P002",
                             "due": dt.date(2026, 6, 1), "status": "offen"})
    master = make_book(network)
    with pytest.raises(UserError, match="Tasks row 2, 7 with a duplicate ID"):
        export_all(master, tmp_path / "views")
    assert not list((tmp_path / "views").glob("*.xlsx"))


def test_an_id_duplicated_after_the_export_is_reported_and_nothing_lands_elsewhere(make_book, network, tmp_path):
    master = make_book(network)
    view = export_partner(master, "P001", tmp_path / "view.xlsx", today=TODAY)
    set_cells(master, "people", "K003", {"id": "K001"})  # the office types K001 into Kita's person
    returned = edit(view, {("people", "K001"): {"phone": PRIVATE_PHONE}}, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert [(c.sheet, c.row_id, c.why) for c in report.gone] == [("people", "K001", "duplicate")]
    assert not report.applied and not report.written
    assert any("ID in der Mappe doppelt" in line[0] for line in report.lines())
    assert PRIVATE_PHONE not in str([r.values for r in read_book(master).rows("people")])


def test_a_deleted_highest_id_is_never_handed_out_again(make_book, network, tmp_path):
    master = make_book(network)
    run_check(master, TODAY, write=True)  # the workbook remembers K005 as the highest person ID
    view = export_partner(master, "P001", tmp_path / "view.xlsx", today=TODAY)
    book = read_book(master)
    emil = book.table("people").by_id()["K005"]
    table = book.table("people")
    with Package.open(master) as pkg:  # the office deletes Emil (K005) and adds a person of P002
        pkg.set_cells(table.name, {table.cell(emil.number, c.key): None for c in DATA_SHEETS["people"].columns
                                   if table.cell(emil.number, c.key)})
        pkg.set_cells(table.name, {table.cell(emil.number, "partner"): "P002",
                                   table.cell(emil.number, "last_name"): "Neumann",
                                   table.cell(emil.number, "legal_basis"): "Einwilligung"})
    run_check(master, TODAY, write=True)
    assert [r.id for r in read_book(master).rows("people") if r["last_name"] == "Neumann"] == ["K006"]
    returned = edit(view, {("people", "K005"): {"phone": PRIVATE_PHONE}}, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert [(c.row_id, c.why) for c in report.gone] == [("K005", "deleted")]
    assert PRIVATE_PHONE not in str([r.values for r in read_book(master).rows("people")])


def test_new_people_from_an_import_never_reuse_a_deleted_number(make_book, network, tmp_path):
    master = make_book(network)
    run_check(master, TODAY, write=True)
    book = read_book(master)
    table = book.table("people")
    emil = table.by_id()["K005"]
    with Package.open(master) as pkg:
        pkg.set_cells(table.name, {table.cell(emil.number, c.key): None for c in DATA_SHEETS["people"].columns
                                   if table.cell(emil.number, c.key)})
    view = export_partner(master, "P001", tmp_path / "view.xlsx", today=TODAY)
    returned = edit(view, {("people", 4): {"last_name": "Neu", "email": "n@gs.example"}}, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert [c.row_id for c in report.added] == ["K006"]
    assert read_book(master).last_ids["people"] == 6


def test_an_answer_about_a_person_moved_to_another_partner_is_reported(make_book, network, tmp_path):
    master = make_book(network)
    view = export_partner(master, "P001", tmp_path / "view.xlsx", today=TODAY)
    set_cells(master, "people", "K005", {"partner": "P003"})
    returned = edit(view, {("people", "K005"): {"phone": PRIVATE_PHONE}}, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert [(c.row_id, c.why) for c in report.gone] == [("K005", "moved")]
    assert not report.applied
    assert person(master, "K005")[0]["phone"] is None


def test_an_import_adds_at_most_the_set_number_of_rows_and_reports_the_rest(make_book, network, tmp_path):
    master = make_book(network)
    view = export_partner(master, "P001", tmp_path / "view.xlsx", today=TODAY)
    append_people(view, [(None, f"Vorname{n}", f"Massen{n}") for n in range(2000)], tmp_path / "back.xlsx")
    report = import_partner(master, tmp_path / "back.xlsx")
    assert len(report.added) == 20 and len(report.refused) == 1980 and report.max_new == 20
    refused = [line for line in report.lines() if line[0] == "nicht übernommen" and "Höchstzahl" in line[4]]
    assert len(refused) == 1 and "1980 neue Zeilen über der Höchstzahl von 20" in refused[0][4]
    assert len(read_book(master).rows("people")) == len(network["people"]) + 20
    again = import_partner(master, tmp_path / "back.xlsx", max_new=3000)
    assert len(again.added) == 1980 and not again.refused


def test_ids_typed_by_the_partner_are_reported_not_added(make_book, network, tmp_path):
    master = make_book(network)
    view = export_partner(master, "P001", tmp_path / "view.xlsx", today=TODAY)
    append_people(view, [("K777", None, "Erfunden")], tmp_path / "back.xlsx")
    report = import_partner(master, tmp_path / "back.xlsx")
    assert ("people", "K777") in {(c.sheet, c.row_id) for c in report.ignored}
    assert not person(master, "K777")
