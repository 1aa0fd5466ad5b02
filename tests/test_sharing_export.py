"""The partner view: what is in it, what is not, what may be changed, and that it opens."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.defined_name import DefinedName
from sharing_book import NEEDLES_P001, NETWORK

from xlquartier.errors import UserError
from xlquartier.schema import DATA_SHEETS, OFFICE_ONLY_SHEETS, SCHEMA_VERSION, sheet_name
from xlquartier.sharing.export import NEW_ROWS, export_all, export_partner
from xlquartier.sharing.manifest import SHEET, read_manifest
from xlquartier.sharing.store import store_dir
from xlquartier.sharing.view import EDITABLE
from xlquartier.workbook.read import read_book


def part_texts(path):
    """Every part of the package as raw text and XML-unescaped text."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            raw = archive.read(name).decode("utf-8", "replace")
            yield name, raw + "\n" + html.unescape(raw)


def found(path, needles):
    return sorted({(name, n) for name, text in part_texts(path) for n in needles if n in text})


@pytest.fixture
def master(make_book):
    return make_book(NETWORK, settings={"qm_name": "QM Rollberg"})


def test_needles_are_in_the_master_and_absent_from_the_export(master, tmp_path):
    assert {n for _, n in found(master, NEEDLES_P001)} == set(NEEDLES_P001)
    out = export_partner(master, "P001", tmp_path / "view.xlsx")
    assert found(out, NEEDLES_P001) == []


def test_view_holds_exactly_what_the_contract_allows(master, tmp_path):
    back = read_book(export_partner(master, "P001", tmp_path / "view.xlsx"))
    assert "contacts" in back.missing_sheets  # the contact log never travels, not even empty
    ids = {key: [r.id for r in back.rows(key)] for key in DATA_SHEETS if key not in OFFICE_ONLY_SHEETS}
    assert ids == {
        "partners": ["P001", "P002", "P003"],  # own row, then the organisations it meets
        "people": ["K001", "K005", "K002"],  # own people, then others only with share = ja
        "structures": ["S01"],
        "meetings": ["T001"],
        "tasks": ["A001", "A002", "A003", "A005"],  # its own, and those of the meeting it attended
        "agreements": ["V001"],
        "topics": [],
        "events": [],
        "offers": [],
        "concerns": [],
    }
    partners = back.table("partners").by_id()
    assert partners["P001"]["street"] == "Parkweg 1" and partners["P001"]["note"] is None
    assert set(partners["P002"].values) == {"id", "name", "type"}
    people = back.table("people").by_id()
    assert set(people["K002"].values) == {"id", "partner", "first_name", "last_name", "position",
                                          "email", "phone"}
    # Not even the headers of what the office keeps about people travel.
    assert set(back.table("people").columns) == {"id", "partner", "salutation", "first_name", "last_name",
                                                 "position", "role", "email", "phone"}
    assert "note" not in back.table("partners").columns and "topic" not in back.table("tasks").columns
    tasks = back.table("tasks").by_id()
    # A person who did not agree to sharing is named by their organisation only.
    assert tasks["A005"]["responsible"] == "Kita Sonnenschein"
    assert tasks["A003"]["responsible"] == "Wohnbau Nord GmbH"
    meeting = back.rows("meetings")[0]
    assert meeting["chair"] is None and meeting["people"] is None and meeting["agenda"] == ["Begrüßung", "Schulweg"]
    assert back.rows("agreements")[0]["review_on"] is None


def test_package_has_no_check_sheet_no_foreign_names_and_no_office_author(master, tmp_path):
    # Plant an author in the master's document properties: it must not travel.
    with zipfile.ZipFile(master) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"<dc:creator", b"<dc:description>OFFICE-AUTHOR-NEEDLE</dc:description><dc:creator")
    with zipfile.ZipFile(master, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    assert found(master, ["OFFICE-AUTHOR-NEEDLE"])
    out = export_partner(master, "P001", tmp_path / "view.xlsx")
    assert found(out, ["OFFICE-AUTHOR-NEEDLE"]) == []
    wb = load_workbook(out)
    assert sheet_name("check", "de") not in wb.sheetnames
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    assert {t for t, s in states.items() if s != "visible"} == {SHEET}
    assert states[SHEET] == "veryHidden"
    assert all(name.startswith("Liste_") for name in wb.defined_names)
    assert wb.properties.creator == wb.properties.lastModifiedBy == "xlquartier"
    authors = {c.comment.author for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment}
    assert authors <= {"xlquartier"}


def test_only_the_partners_own_cells_are_unlocked(master, tmp_path):
    out = export_partner(master, "P001", tmp_path / "view.xlsx")
    wb = load_workbook(out)
    assert wb.security.lockStructure
    unlocked = {}
    for key, spec in DATA_SHEETS.items():
        if key in OFFICE_ONLY_SHEETS:
            assert spec.name("de") not in wb.sheetnames
            continue
        ws = wb[spec.name("de")]
        assert ws.protection.sheet, f"{ws.title} is not protected"
        assert all(dim.protection.locked for dim in ws.column_dimensions.values()), ws.title
        headers = {c.value: c.column for c in ws[1]}
        col = {headers[c.de]: c.key for c in spec.columns if c.de in headers}
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                if not cell.protection.locked:
                    row_id = ws.cell(cell.row, 1).value or "new"
                    unlocked.setdefault(key, {}).setdefault(row_id, set()).add(col[cell.column])
    contact = {"street", "postcode", "city", "email", "phone", "website"}
    person = {"salutation", "first_name", "last_name", "position", "email", "phone"}
    state = {"status", "done_on", "note"}
    assert unlocked == {
        "partners": {"P001": contact},
        "people": {"K001": person, "K005": person, "new": person},
        "tasks": {"A001": state, "A002": state},  # A003/A005 belong to others: read-only
        "offers": {"new": set(EDITABLE["offers"])},  # its own offers, new ones too
    }
    people = wb[sheet_name("people", "de")]
    assert not people.cell(5 + NEW_ROWS - 1, 4).protection.locked  # the last new-person row
    assert people.cell(5 + NEW_ROWS, 4).protection.locked
    for key in ("overview", "lists", "guide"):
        ws = wb[sheet_name(key, "de")]
        assert ws.protection.sheet
        assert all(c.protection.locked for row in ws.iter_rows() for c in row), ws.title
    assert sheet_name("settings", "de") not in wb.sheetnames  # the office's settings stay at home


def test_manifest_and_record_beside_the_master(master, tmp_path):
    out = export_partner(master, "P001", tmp_path / "view.xlsx")
    manifest = read_manifest(out)
    assert manifest.partner_id == "P001" and manifest.schema_version == SCHEMA_VERSION
    assert set(manifest.rows["tasks"]) == {"A001", "A002", "A003", "A005"}
    record = json.loads((store_dir(master) / f"{manifest.export_id}.json").read_text())
    assert record["manifest"]["rows"] == manifest.rows
    assert record["rows"]["tasks"]["A001"]["status"] == "offen"
    assert record["editable"]["tasks"] == {"A001": ["status", "done_on", "note"],
                                           "A002": ["status", "done_on", "note"]}


def test_manifest_survives_openpyxl_and_libreoffice_saves(master, tmp_path, soffice):
    out = export_partner(master, "P001", tmp_path / "view.xlsx")
    original = read_manifest(out)
    resaved = tmp_path / "resaved.xlsx"
    load_workbook(out).save(resaved)
    assert read_manifest(resaved) == original
    via_lo = soffice(out, "xlsx", tmp_path / "lo")
    assert read_manifest(via_lo) == original
    with zipfile.ZipFile(via_lo) as archive:  # still hidden (LibreOffice writes "hidden")
        assert re.search(rb'name="xlq_manifest"[^>]*state="(very)?[hH]idden"', archive.read("xl/workbook.xml"))


def test_every_export_opens_in_libreoffice(master, tmp_path, soffice):
    paths = export_all(master, tmp_path / "views")
    assert [p.name for p in paths] == [
        "book0_Partneransicht_P001_GS-Park.xlsx", "book0_Partneransicht_P002_Kita-Sonne.xlsx",
        "book0_Partneransicht_P003_Wohnbau.xlsx"]  # P004 is dormant: no view
    for path in paths:
        pdf = soffice(path, "pdf", tmp_path / "pdf")
        assert pdf.stat().st_size > 5000
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76"
    text = soffice(paths[0], utf8_csv, tmp_path / "csv").read_text(encoding="utf-8")
    assert "Partneransicht für Grundschule am Park" in text


def test_english_book_exports_in_english(make_book, tmp_path):
    master = make_book(NETWORK, lang="en")
    back = read_book(export_partner(master, "P001", tmp_path / "view.xlsx"))
    assert back.lang == "en" and back.table("tasks").name == "Tasks"
    assert back.table("tasks").by_id()["A002"]["status"] == "in Arbeit"  # canonical, read from "in progress"
    assert load_workbook(tmp_path / "view.xlsx")["Tasks"]["H3"].value == "in progress"


def test_unknown_partner_is_a_plain_error(master):
    with pytest.raises(UserError, match="P099"):
        export_partner(master, "P099")


def test_user_columns_hidden_sheets_and_names_of_the_master_stay_at_home(master, tmp_path):
    # A test file may be rewritten whole by openpyxl; a user's workbook never is.
    wb = load_workbook(master)
    ws = wb[sheet_name("partners", "de")]
    extra = ws.max_column + 1
    ws.cell(1, extra, "Budget (intern)")
    ws.cell(2, extra, "BUDGET-NEEDLE-4711")
    ws.cell(1, extra + 1, "Bemerkung")
    ws.cell(2, extra + 1, "USER-COLUMN-NEEDLE")
    secret = wb.create_sheet("Geheim")
    secret["A1"] = "HIDDEN-SHEET-NEEDLE"
    secret.sheet_state = "hidden"
    wb.defined_names["Geheimliste"] = DefinedName("Geheimliste", attr_text="Geheim!$A$1")
    wb.save(master)
    needles = ["BUDGET-NEEDLE-4711", "USER-COLUMN-NEEDLE", "HIDDEN-SHEET-NEEDLE", "Geheimliste"]
    assert {n for _, n in found(master, needles)} == set(needles)
    out = export_partner(master, "P001", tmp_path / "view.xlsx")
    assert found(out, needles) == []


def test_rows_without_id_do_not_pull_in_unrelated_tasks(make_book, tmp_path):
    data = {key: list(rows) for key, rows in NETWORK.items()}
    data["meetings"] = data["meetings"] + [{"structure": "S01", "date": dt.date(2026, 9, 1),
                                             "partners": ["P001"], "status": "geplant"}]
    data["tasks"] = data["tasks"] + [{"id": "A009", "kind": "Aufgabe", "description": "OUTSIDE-MEETING-TASK",
                                      "responsible": "P003", "due": dt.date(2026, 9, 9), "status": "offen"}]
    out = export_partner(make_book(data), "P001", tmp_path / "view.xlsx")
    assert found(out, ["OUTSIDE-MEETING-TASK"]) == []
    assert len(read_book(out).rows("meetings")) == 2  # the attended meeting without ID is shown


def test_editable_rows_without_id_are_refused_with_the_way_out(make_book, tmp_path):
    data = {key: list(rows) for key, rows in NETWORK.items()}
    data["people"] = data["people"] + [{"partner": "P001", "last_name": "Ohne-ID", "legal_basis": "Einwilligung"}]
    with pytest.raises(UserError, match=r"People 7.*check --write"):
        export_partner(make_book(data), "P001", tmp_path / "view.xlsx")
    assert not (tmp_path / "view.xlsx").exists()
