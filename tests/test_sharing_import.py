"""Bringing a partner's answer back: three-way merge, conflicts, re-imports, foreign files."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from openxml_audit import OpenXmlValidator
from python_calamine import CalamineWorkbook
from sharing_book import NETWORK

from xlquartier.errors import FileLockedError, UserError
from xlquartier.schema import DATA_SHEETS, sheet_name
from xlquartier.sharing.export import export_partner
from xlquartier.sharing.importer import import_partner
from xlquartier.sharing.manifest import SHEET
from xlquartier.workbook.read import read_book
from xlquartier.workbook.write import Package


def edit(path, changes, out, lang="de"):
    """Edit a view like a partner would: ``{(sheet key, row id or Excel row): {col key: value}}``."""
    wb = load_workbook(path)
    for (key, row), values in changes.items():
        spec = DATA_SHEETS[key]
        ws = wb[spec.name(lang)]
        headers = {c.value: c.column for c in ws[1]}
        if isinstance(row, str):
            row = next(c.row for c in ws["A"] if c.value == row)
        for col, value in values.items():
            ws.cell(row, headers[spec.column(col).header(lang)]).value = value
    wb.save(out)
    return out


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def office_edit(master, key, row_id, values):
    """The office changes its master (surgically, as Excel would keep everything else)."""
    book = read_book(master)
    table = book.table(key)
    row = table.by_id()[row_id]
    with Package.open(master) as pkg:
        pkg.set_cells(table.name, {table.cell(row.number, col): v for col, v in values.items()})


@pytest.fixture
def master(make_book):
    return make_book(NETWORK, settings={"qm_name": "QM Rollberg"})


@pytest.fixture
def view(master, tmp_path):
    return export_partner(master, "P001", tmp_path / "view.xlsx")


def test_partner_changes_are_applied_and_new_people_added(master, view, tmp_path):
    returned = edit(view, {
        ("tasks", "A001"): {"status": "erledigt", "done_on": dt.date(2026, 4, 30), "note": "Plan verteilt"},
        ("partners", "P001"): {"phone": "030 123456"},
        ("people", "K005"): {"email": "emil.lehrer@gs-park.example"},
        ("people", 5): {"first_name": "Nora", "last_name": "Neu", "email": "n.neu@gs-park.example"},
    }, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert report.written and report.backup.exists() and not report.conflicts
    assert {(c.sheet, c.row_id, c.column) for c in report.applied} == {
        ("tasks", "A001", "status"), ("tasks", "A001", "done_on"), ("tasks", "A001", "note"),
        ("partners", "P001", "phone"), ("people", "K005", "email")}
    book = read_book(master)
    task = book.table("tasks").by_id()["A001"]
    assert (task["status"], task["done_on"], task["note"]) == ("erledigt", dt.date(2026, 4, 30), "Plan verteilt")
    assert book.table("partners").by_id()["P001"]["phone"] == "030 123456"
    assert book.table("partners").by_id()["P001"]["note"] == "INTERN-NOTE-SCHULE"  # untouched
    new = book.table("people").by_id()["K006"]
    assert (new["partner"], new["last_name"], new["email"]) == ("P001", "Neu", "n.neu@gs-park.example")
    assert [r.id for r in book.rows("people")] == ["K001", "K002", "K003", "K004", "K005", "K006"]
    assert sheet_name("conflicts", "de") not in CalamineWorkbook.from_path(str(master)).sheet_names


def test_both_sides_changed_gives_a_conflict_and_overwrites_nothing(master, view, tmp_path):
    office_edit(master, "tasks", "A001", {"status": "verschoben"})
    office_edit(master, "tasks", "A002", {"note": "Brief im Druck"})
    returned = edit(view, {("tasks", "A001"): {"status": "erledigt", "note": "fertig"},
                           ("tasks", "A002"): {"status": "erledigt"}}, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert [(c.row_id, c.column, c.base, c.ours, c.theirs) for c in report.conflicts] == [
        ("A001", "status", "offen", "verschoben", "erledigt")]
    tasks = read_book(master).table("tasks").by_id()
    assert tasks["A001"]["status"] == "verschoben"  # ours kept
    assert tasks["A001"]["note"] == "fertig"  # only the partner changed it
    assert (tasks["A002"]["status"], tasks["A002"]["note"]) == ("erledigt", "Brief im Druck")  # both kept
    rows = CalamineWorkbook.from_path(str(master)).get_sheet_by_name("Konflikte").to_python()
    assert rows[0] == ["Partner", "Weitergabe", "Blatt", "ID", "Spalte", "Stand beim Export",
                       "Bei uns jetzt", "Vom Partner"]
    assert rows[1][0] == "Grundschule am Park" and rows[1][2:] == [
        "Aufgaben", "A001", "Status", "offen", "verschoben", "erledigt"]


def test_the_conflict_sheet_prints_like_every_other_sheet(master, view, tmp_path, soffice):
    """Konflikte, written by the import: A4 landscape fitted to the width, the header row repeated,
    and the footer "Blatt – Seite x / y" (read back with openpyxl, printed by LibreOffice)."""
    office_edit(master, "tasks", "A001", {"status": "verschoben", "note": "Stand im Büro: " + "lang " * 40})
    returned = edit(view, {("tasks", "A001"): {"status": "erledigt", "note": "Stand beim Partner: " + "lang " * 40}},
                    tmp_path / "back.xlsx")
    before = {str(e) for e in OpenXmlValidator(max_errors=1000).validate(str(master)).errors}
    assert len(import_partner(master, returned).conflicts) == 2
    after = {str(e) for e in OpenXmlValidator(max_errors=1000).validate(str(master)).errors}
    assert {e for e in after - before if "inline-string" not in e} == set()
    ws = load_workbook(master)["Konflikte"]
    assert ws.print_title_rows == "$1:$1" and ws.oddFooter.center.text == "&A – &P / &N"
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth) == ("landscape", 9, 1)
    assert ws.row_dimensions[3].height >= 4 * 15  # the long notes wrap onto rows tall enough for them
    text = subprocess.run(["pdftotext", "-layout", str(soffice(master, "pdf", tmp_path / "pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [page for page in text.split("\f") if re.search(r"Konflikte – \d+ / \d+", page)]
    assert len(pages) == 1
    header = pages[0].strip().splitlines()[0].split()
    assert header[:3] == ["Partner", "Weitergabe", "Blatt"] and header[-3:] == ["Vom", "Partner", "Partner"] or \
        header[-2:] == ["Vom", "Partner"]  # all eight columns on one page width
    assert "Stand beim Partner:" in pages[0] and "Stand im Büro:" in pages[0]


def test_the_same_file_twice_changes_nothing_the_second_time(master, view, tmp_path):
    office_edit(master, "tasks", "A002", {"status": "entfällt"})
    returned = edit(view, {("tasks", "A001"): {"status": "erledigt"},
                           ("tasks", "A002"): {"status": "erledigt"},
                           ("people", 5): {"last_name": "Neu"}}, tmp_path / "back.xlsx")
    first = import_partner(master, returned)
    assert first.written and first.applied and first.added and first.conflicts
    before = digest(master)
    second = import_partner(master, returned)
    assert not second.changed and not second.written and not second.applied and not second.added
    assert second.conflicts == first.conflicts  # still reported, not written again
    assert digest(master) == before
    assert [r.id for r in read_book(master).rows("people")].count("K006") == 1
    # The office later changes a cell the partner had set: the old answer does not win again.
    office_edit(master, "tasks", "A001", {"status": "in Arbeit"})
    third = import_partner(master, returned)
    assert not third.applied and not [c for c in third.conflicts if c.row_id == "A001"]


def test_dry_run_reports_but_writes_nothing(master, view, tmp_path):
    returned = edit(view, {("tasks", "A002"): {"note": "läuft"}}, tmp_path / "back.xlsx")
    before = digest(master)
    report = import_partner(master, returned, dry_run=True)
    assert report.changed and not report.written
    assert [(c.row_id, c.column, c.theirs) for c in report.applied] == [("A002", "note", "läuft")]
    assert digest(master) == before
    assert not list(master.parent.glob("Sicherungen/*"))


def test_deleted_rows_and_forbidden_edits_are_reported_not_applied(master, view, tmp_path):
    returned = edit(view, {("tasks", "A003"): {"id": None, "description": None, "kind": None, "meeting": None,
                                               "responsible": None, "due": None, "status": None},
                           ("tasks", "A001"): {"description": "Anders formuliert"},
                           ("partners", "P002"): {"name": "Kita Umbenannt"}}, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert [(c.sheet, c.row_id) for c in report.deleted] == [("tasks", "A003")]
    assert {(c.row_id, c.column) for c in report.ignored} == {("A001", "description"), ("P002", "name")}
    book = read_book(master)
    assert book.table("tasks").by_id()["A003"]["description"] == "Zebrastreifen beantragen"
    assert book.table("tasks").by_id()["A001"]["description"] == "Schulwegplan erstellen"
    assert book.table("partners").by_id()["P002"]["name"] == "Kita Sonnenschein"


def test_round_trip_through_libreoffice(master, view, tmp_path, soffice):
    untouched = soffice(view, "xlsx", tmp_path / "lo-plain")
    report = import_partner(master, untouched)
    assert not report.changed and not report.ignored and not report.deleted  # a save alone changes nothing
    edited = edit(view, {("tasks", "A002"): {"status": "erledigt", "done_on": dt.date(2026, 5, 9)},
                         ("people", "K001"): {"phone": "030 5550101"}}, tmp_path / "edited.xlsx")
    returned = soffice(edited, "xlsx", tmp_path / "lo")
    report = import_partner(master, returned)
    assert {(c.row_id, c.column) for c in report.applied} == {("A002", "status"), ("A002", "done_on"),
                                                              ("K001", "phone")}
    assert not report.ignored
    book = read_book(master)
    assert book.table("tasks").by_id()["A002"]["done_on"] == dt.date(2026, 5, 9)
    assert book.table("people").by_id()["K001"]["phone"] == "030 5550101"


def test_english_round_trip(make_book, tmp_path):
    master = make_book(NETWORK, lang="en")
    view = export_partner(master, "P001", tmp_path / "view.xlsx")
    returned = edit(view, {("tasks", "A001"): {"status": "done"}}, tmp_path / "back.xlsx", lang="en")
    import_partner(master, returned)
    assert load_workbook(master)["Tasks"]["H2"].value == "done"
    assert read_book(master).table("tasks").by_id()["A001"]["status"] == "erledigt"


# --------------------------------------------------------------------------- foreign files

def test_a_workbook_without_manifest_is_refused(master, make_book):
    with pytest.raises(UserError, match="not a partner view"):
        import_partner(master, make_book(NETWORK))


def test_another_partners_file_is_refused_when_a_partner_is_named(master, tmp_path):
    other = export_partner(master, "P002", tmp_path / "kita.xlsx")
    with pytest.raises(UserError, match="Kita Sonnenschein"):
        import_partner(master, other, partner_id="P001")


def test_an_export_of_another_master_is_refused(master, make_book, tmp_path):
    elsewhere = make_book(NETWORK, name="other.xlsx")
    foreign = export_partner(elsewhere, "P001", tmp_path / "foreign.xlsx")
    with pytest.raises(UserError, match="does not know"):
        import_partner(master, foreign)


def _tamper(view, out, label, value):
    wb = load_workbook(view)
    ws = wb[SHEET]
    for row in ws.iter_rows():
        if row[0].value == label:
            row[1 if label != "row" else 3].value = value
            break
    wb.save(out)
    return out


def test_a_tampered_manifest_is_refused(master, view, tmp_path):
    before = digest(master)
    with pytest.raises(UserError, match="control area"):
        import_partner(master, _tamper(view, tmp_path / "t1.xlsx", "partner", "P002"))
    with pytest.raises(UserError, match="control area"):
        import_partner(master, _tamper(view, tmp_path / "t2.xlsx", "row", "0" * 20))
    assert digest(master) == before


def test_another_schema_version_is_refused(master, view, tmp_path):
    with pytest.raises(UserError, match="schema 3"):  # made by a newer xlquartier; older views are read
        import_partner(master, _tamper(view, tmp_path / "new.xlsx", "schema", "3"))


def test_cli_refusal_is_one_plain_sentence(master, make_book, tmp_path):
    result = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", "share",
                             "import", str(master), str(make_book(NETWORK))], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "keine Partneransicht" in result.stderr


def test_import_refuses_while_the_master_is_open_in_excel(master, view, tmp_path):
    returned = edit(view, {("tasks", "A002"): {"note": "läuft"}}, tmp_path / "back.xlsx")
    (master.parent / f"~${master.name}").write_text("owner")
    before = digest(master)
    with pytest.raises(FileLockedError) as refused:
        import_partner(master, returned)
    assert refused.value.exit_code == 2 and digest(master) == before
    assert import_partner(master, returned, dry_run=True).applied  # reading is still fine


def cli(*args):
    return subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True)


def test_cli_exports_all_active_partners_and_imports_an_answer(master, tmp_path):
    done = cli("share", "export", master, "--all", "--out", tmp_path / "views")
    assert done.returncode == 0, done.stderr
    views = sorted((tmp_path / "views").glob("*.xlsx"))
    assert len(views) == 3 and "3 Partneransichten" in done.stdout
    returned = edit(views[0], {("tasks", "A002"): {"note": "läuft"}}, tmp_path / "back.xlsx")
    dry = cli("share", "import", master, returned, "--dry-run")
    assert dry.returncode == 0 and "übernommen" in dry.stdout and "Probelauf" in dry.stdout
    real = cli("share", "import", master, returned, "--lang", "en")
    assert real.returncode == 0 and "applied" in real.stdout and "backup" in real.stdout
    assert read_book(master).table("tasks").by_id()["A002"]["note"] == "läuft"
    assert cli("share", "export", master).returncode == 1  # neither --partner nor --all
