"""``xlquartier check`` as a user runs it: exit codes, JSON shape, text grouped by sheet."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import openpyxl
from typer.testing import CliRunner

from xlquartier.checks.run import assign_ids, run_check
from xlquartier.cli import app
from xlquartier.schema import DATA_SHEETS
from xlquartier.workbook.read import read_book

CLEAN = {"partners": [{"id": "P001", "name": "Grundschule am Park", "type": "Schule", "status": "aktiv",
                       "benefit": "Eltern erreichen"}]}
WARNING_ONLY = {"partners": [{"id": "P001", "name": "Grundschule am Park", "type": "Schule", "status": "aktiv",
                              "benefit": "Eltern erreichen", "postcode": "1234"}]}
FAULTY = {"partners": [{"id": "P001", "name": "Grundschule am Park", "type": "Schuele", "status": "aktiv",
                        "benefit": "Eltern erreichen", "postcode": "1234"}],
          "tasks": [{"id": "A001", "kind": "Aufgabe", "description": "Flyer", "responsible": "GS Prak",
                     "due": dt.date(2026, 7, 1), "status": "offen"}]}


def cli(*args: str) -> subprocess.CompletedProcess:
    """The installed entry point in a child process: what a user's shell sees."""
    return subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


def test_exit_codes_and_strict(make_book):
    runner = CliRunner()
    clean, warning, faulty = make_book(CLEAN), make_book(WARNING_ONLY), make_book(FAULTY)
    assert runner.invoke(app, ["check", str(clean), "--today", "2026-06-01"]).exit_code == 0
    assert runner.invoke(app, ["check", str(clean), "--strict", "--today", "2026-06-01"]).exit_code == 0
    assert runner.invoke(app, ["check", str(warning), "--today", "2026-06-01"]).exit_code == 0
    assert runner.invoke(app, ["check", str(warning), "--strict", "--today", "2026-06-01"]).exit_code == 1
    assert runner.invoke(app, ["check", str(faulty), "--today", "2026-06-01"]).exit_code == 1


def test_json_output_shape(make_book):
    path = make_book(FAULTY)
    run = cli("check", str(path), "--format", "json", "--today", "2026-06-01")
    assert run.returncode == 1
    findings = json.loads(run.stdout)
    assert all(list(f) == ["code", "severity", "sheet", "row", "column", "cell", "message"] for f in findings)
    by_code = {f["code"]: f for f in findings}
    assert by_code["not-in-list"] == {**by_code["not-in-list"], "severity": "error", "sheet": "Partner",
                                      "row": 2, "column": "Art", "cell": "D2"}
    assert by_code["unknown-ref"]["cell"] == "F2" and by_code["unknown-ref"]["sheet"] == "Aufgaben"
    assert by_code["bad-postcode"]["severity"] == "warning"


def test_text_output_by_severity_with_labels_and_english(make_book):
    path = make_book(FAULTY)
    run = cli("check", str(path), "--today", "2026-06-01")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    out = run.stdout
    # errors first (both sheets, in workbook order), then the warning; German labels beside the codes
    assert out.index("2 Fehler") < out.index("not-in-list") < out.index("unknown-ref") < out.index("1 Warnung")
    assert out.index("1 Warnung") < out.index("bad-postcode")
    assert "Wert nicht in der Liste" in out and "Verweis unbekannt" in out and "PLZ fraglich" in out
    assert "2 Fehler, 1 Warnung, 2 Hinweise" in out  # no-win-win, benefit-statement-due
    english = cli("check", str(path), "--today", "2026-06-01", "--lang", "EN")
    assert "Value not in the list" in english.stdout and "2 errors, 1 warning, 2 hints" in english.stdout


def test_json_and_check_sheet_list_errors_before_warnings(make_book):
    path = make_book({"partners": [
        {"id": "P001", "name": "A", "type": "Schule", "status": "aktiv", "benefit": "x", "postcode": "1"},
        {"id": "P002", "name": "B", "type": "Schuele", "status": "aktiv", "benefit": "x"}],
        "tasks": [{"id": "A001", "kind": "Aufgabe", "description": "x", "responsible": "Nobody",
                   "due": dt.date(2026, 7, 1), "status": "offen"}]})
    findings = json.loads(cli("check", str(path), "--format", "json", "--today", "2026-06-01").stdout)
    order = {"error": 0, "warning": 1, "hint": 2}
    keys = [(order[f["severity"]], ["Partner", "Aufgaben"].index(f["sheet"]), f["row"]) for f in findings]
    assert keys == sorted(keys) and keys[0][0] == 0 and keys[-1][0] > 0
    run_check(path, dt.date(2026, 6, 1), write=True)
    rows = list(openpyxl.load_workbook(path)["Prüfung"].iter_rows(values_only=True))
    assert rows[0] == ("Code", "Schwere", "Blatt", "Zelle", "Befund", "Meldung")
    assert [r[0] for r in rows[1:]] == [f["code"] for f in findings]
    assert ("not-in-list", "Fehler", "Partner", "D3", "Wert nicht in der Liste") == rows[1][:5]


def test_unreadable_and_bad_options(tmp_path):
    not_a_book = tmp_path / "notes.xlsx"
    not_a_book.write_text("just text")
    run = cli("check", str(not_a_book))
    assert run.returncode == 2 and "keine Excel-Arbeitsmappe" in run.stderr and "Traceback" not in run.stderr
    missing = cli("check", str(tmp_path / "gone.xlsx"), "--lang", "en")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    bad_day = cli("check", str(not_a_book), "--today", "morgen")
    assert bad_day.returncode == 1 and "TT.MM.JJJJ" in bad_day.stderr


def test_write_assigns_next_free_ids_and_fills_the_check_sheet(make_book):
    path = make_book({"partners": [
        {"id": "P001", "name": "A", "type": "Schule", "status": "aktiv"},
        {"name": "B", "type": "Kita", "status": "aktiv"},
        {"id": "P007", "name": "C", "type": "Verein", "status": "aktiv"},
        {"id": "Sonder", "name": "D", "type": "Verein", "status": "aktiv"},
        {"name": "E", "type": "Verein", "status": "aktiv"}]})
    assert assign_ids(read_book(path)) == {"Partner": {"A3": "P008", "A6": "P009"}}
    result = run_check(path, dt.date(2026, 6, 1), write=True)
    assert result.written and result.backup is not None and result.backup.exists()
    ws = openpyxl.load_workbook(path)["Partner"]
    assert [ws.cell(r, 1).value for r in range(2, 7)] == ["P001", "P008", "P007", "Sonder", "P009"]
    check_rows = list(openpyxl.load_workbook(path)["Prüfung"].iter_rows(values_only=True))
    assert len(check_rows) == 1 + len(result.findings)
    again = run_check(path, dt.date(2026, 6, 1), write=True)  # messages may now name the new IDs
    assert again.assigned_ids == {}
    assert run_check(path, dt.date(2026, 6, 1), write=True).backup is None  # nothing left to change


def test_write_into_an_english_book(make_book):
    path = make_book({"partners": [{"name": "North School", "type": "Skool", "status": "active"}]}, lang="en")
    run = cli("check", str(path), "--write", "--today", "2026-06-01")
    assert run.returncode == 1 and "Backups" in run.stdout
    wb = openpyxl.load_workbook(path)
    rows = list(wb["Check"].iter_rows(values_only=True))
    assert rows[0] == ("Code", "Severity", "Sheet", "Cell", "Finding", "Message")
    assert ("not-in-list", "error", "Partners", "D2") in [r[:4] for r in rows]
    assert wb["Partners"]["A2"].value == "P001"
    assert (path.parent / "Backups").is_dir() and "Prüfung" not in wb.sheetnames


def test_write_recreates_a_deleted_check_sheet(make_book):
    path = make_book(FAULTY)
    wb = openpyxl.load_workbook(path)
    del wb["Prüfung"]
    wb.save(path)
    run_check(path, dt.date(2026, 6, 1), write=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames.index("Prüfung") == wb.sheetnames.index(list(DATA_SHEETS.values())[-1].de) + 1
    assert wb["Prüfung"]["A2"].value and wb["Prüfung"]["D2"].hyperlink.location.startswith("'")
