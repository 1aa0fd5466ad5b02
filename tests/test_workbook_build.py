"""The standard workbook: built from the schema in both languages, read back, shipped in sync."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile

import openpyxl
import pytest

from xlquartier.resources import shipped
from xlquartier.schema import DATA_SHEETS, LISTS, SCHEMA_VERSION, SETTINGS, sheet_name
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import read_book

SHIPPED = {"de": "Netzwerk-Vorlage.xlsx", "en": "Network-template.xlsx"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_built_workbook_has_every_sheet_column_and_setting(tmp_path, lang):
    path = build_workbook(tmp_path / "book.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    for spec in DATA_SHEETS.values():
        ws = wb[spec.name(lang)]
        headers = [c.value for c in ws[1]]
        assert headers == [c.header(lang) for c in spec.columns]
        assert spec.table in ws.tables, f"{spec.name(lang)} has no Excel table"
        assert ws.freeze_panes == "B2"
        assert ws.protection.sheet, "header and ID cells are locked by sheet protection"
        assert ws["A1"].protection.locked
        assert ws.column_dimensions["A"].protection.locked  # the ID column
        assert not ws.column_dimensions["B"].protection.locked  # data is editable
    for key in ("overview", "settings", "lists", "check", "guide"):
        assert sheet_name(key, lang) in wb.sheetnames
    settings = {row[0]: row[1] for row in wb[sheet_name("settings", lang)].iter_rows(min_row=2, values_only=True)}
    for setting in SETTINGS.values():
        expected = lang if setting.key == "language" else setting.default
        assert settings[setting.label(lang)] == (expected if expected != "" else None)
    assert wb.custom_doc_props["xlquartier.language"].value == lang
    assert wb.custom_doc_props["xlquartier.schema"].value == SCHEMA_VERSION


def test_dropdowns_read_lists_through_defined_names(tmp_path):
    path = build_workbook(tmp_path / "book.xlsx", "de")
    wb = openpyxl.load_workbook(path)
    ws = wb["Aufgaben"]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert "=Liste_task_status" in formulas and "=Liste_task_kind" in formulas
    name = wb.defined_names["Liste_task_status"]
    assert "OFFSET('Listen'!" in name.attr_text and "COUNTA" in name.attr_text
    lists = wb["Listen"]
    headers = [c.value for c in lists[1]]
    assert headers == [spec.de for spec in LISTS.values()]
    # task rows are highlighted when overdue or done
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert any("TODAY()" in r.formula[0] for r in rules)
    assert any('"erledigt"' in r.formula[0] for r in rules)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_rows_round_trip_through_builder_and_reader(tmp_path, lang):
    data = {
        "partners": [{"id": "P001", "name": "Grundschule am Park", "short_name": "GS Park", "type": "Schule",
                      "fields": ["Bildung", "Nachbarschaft"], "status": "aktiv", "postcode": "12345",
                      "since": dt.date(2024, 1, 5)}],
        "tasks": [{"id": "A001", "kind": "Aufgabe", "description": "Flyer entwerfen", "responsible": "GS Park",
                   "due": dt.date(2026, 1, 1), "status": "in Arbeit"}],
        "meetings": [{"id": "T001", "structure": "AK", "date": dt.date(2026, 3, 12), "start": dt.time(17, 30),
                      "agenda": ["Begrüßung", "Stadtteilfest"], "status": "stattgefunden", "headcount": 12}],
    }
    book = read_book(build_workbook(tmp_path / "book.xlsx", lang, data=data))
    assert book.lang == lang and not book.missing_sheets
    partner = book.rows("partners")[0]
    assert partner.number == 2
    assert partner["fields"] == ["Bildung", "Nachbarschaft"]  # canonical German in both languages
    assert partner["type"] == "Schule" and partner["since"] == dt.date(2024, 1, 5)
    task = book.rows("tasks")[0]
    assert task["status"] == "in Arbeit" and task["due"] == dt.date(2026, 1, 1)
    assert book.resolve(DATA_SHEETS["tasks"].column("responsible"), "gs park").row is partner
    meeting = book.rows("meetings")[0]
    assert meeting["start"] == dt.time(17, 30) and meeting["headcount"] == 12
    assert meeting["agenda"] == ["Begrüßung", "Stadtteilfest"]
    assert book.number("max_topics") == 3


@pytest.mark.parametrize("lang", ["de", "en"])
def test_shipped_workbooks_are_exactly_what_new_makes(tmp_path, lang):
    fresh = tmp_path / SHIPPED[lang]
    subprocess.run(["xlquartier", "new", str(fresh), "--lang", lang], check=True, capture_output=True)
    ours = shipped("workbook") / SHIPPED[lang]
    with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(ours) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), (
                f"{name} differs: regenerate with `xlquartier new workbook/{SHIPPED[lang]} --lang {lang} --force`")


def test_new_refuses_to_overwrite(tmp_path):
    path = tmp_path / "book.xlsx"
    first = subprocess.run(["xlquartier", "new", str(path)], capture_output=True, text=True)
    assert first.returncode == 0 and path.exists()
    again = subprocess.run(["xlquartier", "new", str(path)], capture_output=True, text=True)
    assert again.returncode == 1
    assert "gibt es schon" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("lang", ["de", "en"])
def test_built_and_demo_workbooks_pass_ooxml_validation(tmp_path, lang):
    from openxml_audit import OpenXmlValidator

    from xlquartier.demo import write_demo_book

    for path in (build_workbook(tmp_path / "empty.xlsx", lang), write_demo_book(tmp_path / "demo", lang)):
        errors = [e for e in OpenXmlValidator(max_errors=100).validate(str(path)).errors
                  if e.severity.value == "error"]  # openpyxl's inline strings are only a warning
        assert not errors, [str(e) for e in errors]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    name = '=HYPERLINK("https://example.org/x","Klick")'
    path = build_workbook(tmp_path / "b.xlsx", "de", data={"partners": [{"name": name, "type": "Verein",
                                                                         "status": "aktiv"}]})
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet
    assert read_book(path).rows("partners")[0]["name"] == name
