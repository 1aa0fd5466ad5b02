"""The reader: any standard workbook into typed tables; unreadable files give one sentence and exit 2."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from xlquartier.errors import WorkbookError
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import book_from_values, read_book


def test_hand_made_workbook_with_shuffled_columns_title_row_and_extra_column(tmp_path):
    """English headers, columns in another order, a title above the header, a plain range."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Partners"
    ws["A1"] = "Our partners (as of March)"
    ws.append([])
    ws.append(["Status", "My own column", " name* ", "Type", "PARTNERID", "Postcode", "Fields of action"])
    ws.append(["active", "keep me", "Kita Regenbogen", "Day-care centre", "P7", 12345, "Education; Neighbourhood"])
    ws.append([None, None, None, None, None, None, None])
    ws.append(["dormant", None, "Tafel", "Social service", "P9", None, None])
    tasks = wb.create_sheet("Tasks")
    tasks.append(["Due", "Description", "Kind", "Status", "Responsible"])
    tasks.append([dt.datetime(2026, 3, 1), "Flyer", "Task", "done", "P7"])
    tasks.append(["03.12.2026", "Plakat", "Aufgabe", "offen", "Tafel"])
    path = tmp_path / "hand.xlsx"
    wb.save(path)

    book = read_book(path)
    table = book.tables["partners"]
    assert book.lang == "en"
    assert table.header_row == 3
    assert table.columns["name"].header == "name*" and table.columns["name"].letter == "C"
    assert table.extra_columns == {"My own column": 1}
    rows = table.rows
    assert [r.number for r in rows] == [4, 6]  # the empty row is skipped, numbers are Excel's
    assert rows[0]["status"] == "aktiv" and rows[0]["type"] == "Kita"  # canonical German entries
    assert rows[0]["fields"] == ["Bildung", "Nachbarschaft"]
    assert rows[0]["postcode"] == "12345" and rows[0].id == "P7"
    assert rows[0].extra == {"My own column": "keep me"}
    assert table.cell(6, "name") == "C6"
    due = book.rows("tasks")
    assert due[0]["due"] == dt.date(2026, 3, 1) and due[0]["status"] == "erledigt"
    assert due[1]["due"] == dt.date(2026, 12, 3) and due[1].issues == {"due": "date-as-text"}
    assert set(book.missing_sheets) == {"people", "structures", "meetings", "agreements", "topics", "events", "offers",
                                      "contacts", "concerns"}


def test_values_from_a_live_book_give_the_same_tables(tmp_path):
    """xlwings hands over None for empty cells and floats for numbers; the tables must not differ."""
    path = build_workbook(tmp_path / "b.xlsx", "de", data={
        "meetings": [{"id": "T001", "structure": "AK", "date": dt.date(2026, 3, 12), "headcount": 12,
                      "status": "stattgefunden"}]})
    from_file = read_book(path).rows("meetings")[0]
    live = book_from_values({"Treffen": [
        ["TreffenID", "Struktur", "Datum", "Anzahl Teilnehmende", "Status"],
        ["T001", "AK", dt.datetime(2026, 3, 12), 12.0, "stattgefunden"],
        [None, None, None, None, None],
    ]})
    assert live.rows("meetings")[0].values == from_file.values


def test_excel_error_values_are_seen(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Partner"
    ws.append(["PartnerID", "Name", "Art", "Status"])
    ws.append(["P1", "#REF!", "Schule", "aktiv"])  # openpyxl writes this as an error cell
    path = tmp_path / "err.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert b't="e"' in z.read("xl/worksheets/sheet1.xml")
    row = read_book(path).rows("partners")[0]
    assert row.issues == {"name": "excel-error"} and row["name"] is None


def _encrypted(src, dst):
    out = io.BytesIO()
    with open(src, "rb") as fh:
        OOXMLFile(fh).encrypt("geheim", out)
    dst.write_bytes(out.getvalue())


@pytest.fixture
def bad_files(tmp_path, soffice):
    good = build_workbook(tmp_path / "good.xlsx", "de")
    text = tmp_path / "notes.xlsx"
    text.write_text("Partner;Name\nP1;Kita\n", encoding="utf-8")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    encrypted = tmp_path / "secret.xlsx"
    _encrypted(good, encrypted)
    old = soffice(good, "xls", tmp_path / "old")
    return {"text": text, "truncated": truncated, "encrypted": encrypted, "xls": old,
            "missing": tmp_path / "nowhere.xlsx"}


def test_unreadable_files_raise_one_plain_sentence(bad_files):
    for kind, path in bad_files.items():
        with pytest.raises(WorkbookError) as err:
            read_book(path)
        message = err.value.message("de")
        assert path.name in message, kind
        assert message.endswith(".") and "\n" not in message and "Error" not in message, kind


def test_unreadable_files_exit_2_without_traceback(bad_files):
    for kind, path in bad_files.items():
        done = subprocess.run(["xlquartier", "check", str(path)], capture_output=True, text=True)
        assert done.returncode == 2, (kind, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and path.name in done.stderr, kind


def test_macros_in_xlsm_are_read_never_run(tmp_path):
    """An .xlsm reads like an .xlsx; the reader never touches vbaProject.bin."""
    src = build_workbook(tmp_path / "b.xlsx", "de", data={"partners": [{"name": "Tafel", "type": "Verein",
                                                                         "status": "aktiv"}]})
    xlsm = tmp_path / "b.xlsm"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(xlsm, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real macro project")
    assert read_book(xlsm).rows("partners")[0]["name"] == "Tafel"


def test_a_superscript_digit_is_not_a_number():
    """``"²".isdigit()`` is True, but ``int("²")`` fails: a headcount of ² is a finding, not a traceback."""
    from xlquartier.workbook.read import book_from_values

    book = book_from_values({"Treffen": [["TreffenID", "Struktur", "Datum", "Anzahl Teilnehmende"],
                                         ["T001", "S01", dt.date(2026, 1, 5), "²"]]})
    row = book.rows("meetings")[0]
    assert row["headcount"] is None and row.issues["headcount"] == "bad-number"
