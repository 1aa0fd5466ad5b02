"""``xlquartier upgrade``: version-1 workbooks get the new sheets, columns, lists and settings, nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openxml_audit import OpenXmlValidator

from xlquartier import schema
from xlquartier.checks import check
from xlquartier.errors import FileLockedError, UserError, WorkbookError
from xlquartier.workbook import tables
from xlquartier.workbook.read import read_book
from xlquartier.workbook.upgrade import upgrade_book
from xlquartier.workbook.write import Package

V1 = Path(__file__).parent / "data" / "v1"
TEMPLATES = {"de": V1 / "Netzwerk-Vorlage.xlsx", "en": V1 / "Network-template.xlsx"}
CLI = [sys.executable, "-c", "from xlquartier.cli import main; main()"]
NEW_SHEETS = [k for k, s in schema.DATA_SHEETS.items() if s.since != "1"]
# The parts an upgrade may touch; everything else in the package must stay byte for byte.
MAY_CHANGE = {"[Content_Types].xml", "docProps/custom.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
              "xl/styles.xml"}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _grown_sheets(lang: str) -> list[str]:
    """The keys of the version-1 data sheets that the current schema gives new columns."""
    v1 = read_book(TEMPLATES[lang])
    return [key for key, table in v1.tables.items()
            if {c.key for c in schema.DATA_SHEETS[key].columns} - set(table.columns)]


def _sheet_parts(path: Path, names: list[str]) -> set[str]:
    """The worksheet parts of ``names`` and whatever hangs off them (tables, comments, drawings)."""
    pkg = Package.open(path)
    found = set()
    for name in names:
        part = pkg.sheets()[name]
        folder, file = part.rsplit("/", 1)
        found |= {part, f"{folder}/_rels/{file}.rels"} | {target for _, _, target in pkg.relationships(part)}
    return found


def _filled_v1(tmp_path: Path, lang: str = "de") -> Path:
    """The shipped version-1 template with some rows typed in (written surgically, as a user's edits)."""
    path = tmp_path / f"v1-{lang}.xlsx"
    shutil.copyfile(TEMPLATES[lang], path)
    names = {k: schema.sheet_name(k, lang) for k in ("partners", "structures", "meetings", "tasks")}
    with Package.open(path, lang) as pkg:
        pkg.set_cells(names["partners"], {"A2": "P001", "B2": "Grundschule am Park", "C2": "GS Park",
                                          "D2": "Schule" if lang == "de" else "School",
                                          "F2": "aktiv" if lang == "de" else "active", "M2": dt.date(2024, 3, 1)})
        pkg.set_cells(names["structures"], {"A2": "S01", "B2": "AK Bildung", "C2": "Arbeitskreis",
                                            "D2": "Bildung", "G2": "GS Park; QM", "L2": "aktiv"})
        pkg.set_cells(names["meetings"], {"A2": "T001", "B2": "AK Bildung", "C2": dt.date(2026, 12, 8),
                                          "D2": dt.time(17, 0), "S2": "geplant"})
        pkg.set_cells(names["tasks"], {"A2": "A001", "B2": "T001", "D2": "Aufgabe", "E2": "Einladung schreiben",
                                       "F2": "QM", "G2": dt.date(2026, 12, 1), "H2": "offen"})
    return path


def _values(book) -> dict[str, list[dict]]:
    return {key: [dict(row.values) for row in table.rows] for key, table in book.tables.items()}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_upgrade_of_the_shipped_template_adds_what_is_new_and_keeps_every_other_part(tmp_path, lang):
    path = tmp_path / TEMPLATES[lang].name
    shutil.copyfile(TEMPLATES[lang], path)
    before = _parts(path)
    report = upgrade_book(path)
    after = _parts(path)

    assert report.old_version == "1" and report.new_version == schema.SCHEMA_VERSION == "2"
    assert report.sheets == [schema.DATA_SHEETS[k].name(lang) for k in NEW_SHEETS]
    assert report.backup is not None and report.backup.read_bytes() == TEMPLATES[lang].read_bytes()
    grown = _grown_sheets(lang)  # the sheets that gain columns, whoever added them to the schema
    assert {"meetings", "tasks"} <= set(grown)
    touched = MAY_CHANGE | _sheet_parts(path, [schema.sheet_name(k, lang) for k in (*grown, "settings", "lists")])
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed <= touched, changed - touched
    assert set(before) <= set(after)  # nothing removed
    untouched = [schema.sheet_name(k, lang) for k in ("overview", *schema.DATA_SHEETS, "check", "guide")
                 if k not in grown and k not in NEW_SHEETS]
    for part in _sheet_parts(TEMPLATES[lang], untouched) & set(before):
        assert before[part] == after[part], part

    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-len(NEW_SHEETS):] == [schema.DATA_SHEETS[k].name(lang) for k in NEW_SHEETS]
    for key in NEW_SHEETS:
        spec = schema.DATA_SHEETS[key]
        ws = wb[spec.name(lang)]
        assert [c.value for c in ws[1]] == [c.header(lang) for c in spec.columns]
        assert list(ws.tables) == [spec.table] and ws.protection.sheet
        assert ws.freeze_panes == "B2" and ws.print_title_rows == "$1:$1"
        assert ws["B1"].comment is not None  # header help, as the builder makes it
    meetings = wb[schema.sheet_name("meetings", lang)]
    table = meetings.tables["tblTreffen"]
    assert table.ref == "A1:T201" and table.tableColumns[-1].name == schema.MEETINGS.column("invited_on").header(lang)
    assert meetings["T1"].comment is not None and meetings["T1"].style_id == meetings["R1"].style_id
    assert any("T2:T2000" in str(dv.sqref) and dv.type == "date" for dv in meetings.data_validations.dataValidation)
    tasks = wb[schema.sheet_name("tasks", lang)]
    assert [str(cf.sqref) for cf in tasks.conditional_formatting] == ["A2:L201"]  # overdue rows: the new column too

    book = read_book(path)
    assert book.schema_version == "2" and book.missing_sheets == []
    for key, spec in schema.DATA_SHEETS.items():
        assert set(book.tables[key].columns) == {c.key for c in spec.columns}, key
    assert set(book.setting_rows) == set(schema.SETTINGS)
    assert book.lists["target_group"] == [de for de, _ in schema.LISTS["target_group"].entries]
    errors = {str(e) for e in OpenXmlValidator(max_errors=1000).validate(str(path)).errors
              if "inline-string" not in str(e)}
    assert errors == set()

    again = upgrade_book(path)
    assert not again.changed and again.backup is None
    assert _parts(path) == after


def test_upgrade_keeps_every_value_and_the_check_hint_goes_away(tmp_path):
    path = _filled_v1(tmp_path)
    old = read_book(path)
    hints = [f for f in check(old, dt.date(2026, 11, 20)) if f.code in ("schema-outdated", "missing-sheet")]
    assert [f.code for f in hints] == ["schema-outdated"] and "xlquartier upgrade v1-de.xlsx" in hints[0].message
    upgrade_book(path)
    new = read_book(path)
    assert {k: v for k, v in _values(new).items() if k in old.tables} == _values(old)
    assert not [f for f in check(new, dt.date(2026, 11, 20)) if f.code in ("schema-outdated", "missing-sheet")]


def test_upgrade_of_a_book_saved_by_libreoffice_reads_back_in_libreoffice(tmp_path, soffice):
    saved = soffice(_filled_v1(tmp_path), "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    old = read_book(saved)
    before = _parts(saved)
    report = upgrade_book(saved)
    assert report.sheets == [schema.DATA_SHEETS[k].name("de") for k in NEW_SHEETS]
    assert {("Treffen", "Eingeladen am"), ("Aufgaben", "Veranstaltung")} <= set(report.columns)
    after = _parts(saved)
    grown = _grown_sheets("de")
    untouched = _sheet_parts(saved, [schema.sheet_name(k, "de") for k in schema.DATA_SHEETS
                                     if k not in grown and k not in NEW_SHEETS])
    assert all(before[p] == after[p] for p in untouched if p in before)
    assert "xl/sharedStrings.xml" in before and before["xl/sharedStrings.xml"] == after["xl/sharedStrings.xml"]
    again = upgrade_book(saved)
    assert not again.changed and _parts(saved) == after

    back = read_book(soffice(saved, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo2"))
    assert back.missing_sheets == []
    assert {k: v for k, v in _values(back).items() if k in old.tables} == _values(old)
    assert "invited_on" in back.tables["meetings"].columns and "event" in back.tables["tasks"].columns
    assert back.tables["events"].columns["title"].header == "Titel"
    assert back.lists["offer_kind"][0] == "Raum" and back.setting("invite_days") == 14


def test_upgrade_refuses_plainly_and_writes_nothing(tmp_path):
    path = tmp_path / "Mappe.xlsx"
    shutil.copyfile(TEMPLATES["de"], path)
    (tmp_path / "~$Mappe.xlsx").write_bytes(b"owner")
    with pytest.raises(FileLockedError):
        upgrade_book(path)
    (tmp_path / "~$Mappe.xlsx").unlink()
    foreign = tmp_path / "fremd.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Einkaufsliste"
    wb.save(foreign)
    with pytest.raises(WorkbookError, match="not an xlquartier workbook"):
        upgrade_book(foreign)
    blocked = _filled_v1(tmp_path)
    with Package.open(blocked) as pkg:  # a user's own note right of the meetings table
        pkg.set_cells("Treffen", {"T5": "meine Notiz"})
    before = blocked.read_bytes()
    with pytest.raises(UserError, match="in column T"):
        upgrade_book(blocked)
    assert blocked.read_bytes() == before


def test_upgrade_cli_and_commands_that_need_the_new_sheets(tmp_path):
    path = tmp_path / "Netzwerk.xlsx"
    shutil.copyfile(TEMPLATES["de"], path)
    need = subprocess.run([*CLI, "invitations", str(path), "--event", "E001"], capture_output=True, text=True,
                          timeout=120)
    assert need.returncode == 1
    assert need.stderr.count("xlquartier upgrade Netzwerk.xlsx") == 1 and "Veranstaltungen" in need.stderr
    done = subprocess.run([*CLI, "upgrade", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Schemaversion 2" in done.stdout and "Veranstaltungen" in done.stdout
    again = subprocess.run([*CLI, "upgrade", str(path), "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "already at schema version 2" in again.stdout


def test_the_engine_follows_the_schema_only(tmp_path, monkeypatch):
    """A later schema version adds a sheet, a column, a list entry and a setting: upgrade finds them all."""
    path = tmp_path / "Mappe.xlsx"
    shutil.copyfile(TEMPLATES["de"], path)
    upgrade_book(path)
    topics = schema.DATA_SHEETS["topics"]
    later = dataclasses.replace(topics, columns=(*topics.columns, schema.Column(
        "budget", "Budget", "Budget", schema.Kind.INT, width=10, help_de="Euro.", help_en="Euro.")))
    notes = schema.SheetSpec("notes", "Notizen", "Notes", "N", 3, (
        schema.Column("id", "NotizID", "NoteID", schema.Kind.ID),
        schema.Column("text", "Text", "Text", schema.Kind.TEXT, required=True),
        schema.Column("kind", "Art", "Kind", schema.Kind.LIST, list="offer_kind")), "tblNotizen", since="3")
    offer_kind = schema.LISTS["offer_kind"]
    monkeypatch.setitem(schema.DATA_SHEETS, "topics", later)
    monkeypatch.setitem(schema.DATA_SHEETS, "notes", notes)
    monkeypatch.setitem(schema.LISTS, "offer_kind", dataclasses.replace(
        offer_kind, entries=(*offer_kind.entries, ("Fahrzeug", "Vehicle"))))
    monkeypatch.setitem(schema.SETTINGS, "budget_limit", schema.Setting("budget_limit", "Budgetgrenze", "Budget limit",
                                                                          500))
    monkeypatch.setattr("xlquartier.workbook.upgrade.SCHEMA_VERSION", "3")
    monkeypatch.setattr(tables, "_HEADERS", {})
    report = upgrade_book(path)
    assert report.sheets == ["Notizen"] and report.columns == [("Jahresthemen", "Budget")]
    assert report.entries == [("Angebotsart", "Fahrzeug")] and report.settings == ["Budgetgrenze"]
    book = read_book(path)
    assert book.schema_version == "3" and book.lists["offer_kind"][-1] == "Fahrzeug"
    assert "budget" in book.tables["topics"].columns and book.setting("budget_limit") == 500
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-1] == "Notizen" and wb["Jahresthemen"].tables["tblJahresthemen"].ref == "A1:I201"
