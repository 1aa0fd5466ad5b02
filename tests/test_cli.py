"""The command line as a manager meets it: German by default, one sentence per problem, honest exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import openpyxl
import pytest

from tests.documents_book import SETTINGS, document_rows, write_logos
from xlquartier.cli import run
from xlquartier.demo import write_demo_book

BOOK_COMMANDS = [
    ["check", "{book}"], ["check", "{book}", "--write"], ["minutes", "{book}"], ["agreements", "{book}"],
    ["contacts", "{book}"], ["report", "{book}"], ["network", "{book}"], ["calendar", "{book}"],
    ["share", "export", "{book}", "--partner", "P001"], ["share", "import", "{book}", "{book}"],
    ["excel", "desktop", "{book}"],
]


@pytest.fixture
def foreign(tmp_path):
    """Someone else's spreadsheet: a budget, no standard sheet."""
    wb = openpyxl.Workbook()
    wb.active.title = "Haushalt"
    wb.active.append(["Posten", "Betrag"])
    wb.active.append(["Miete", 1200])
    path = tmp_path / "Haushalt.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def book_path(make_book, tmp_path):
    write_logos(tmp_path / "logos")
    return make_book(document_rows(), settings=SETTINGS, name="Netzwerk.xlsx")


@pytest.mark.parametrize("command", BOOK_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_refuses_a_workbook_that_is_not_a_standard_one(foreign, capsys, command):
    before = foreign.read_bytes()
    code = run([part.replace("{book}", str(foreign)) for part in command])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.strip().count("\n") == 0, err  # one sentence
    assert "keine xlquartier-Arbeitsmappe" in err and "xlquartier new" in err and "Partner" in err
    assert "Traceback" not in err and foreign.read_bytes() == before
    assert list(foreign.parent.iterdir()) == [foreign]  # nothing written beside it


def test_exit_0_when_only_notices(book_path, tmp_path, capsys):
    """A missing logo is a notice: the minutes are written, the run succeeds."""
    code = run(["minutes", str(book_path), "--meeting", "T002", "--out", str(tmp_path / "neu" / "Protokolle")])
    out, _ = capsys.readouterr()
    assert code == 0, out
    assert "1 Dokument geschrieben" in out and "1 Hinweis (nichts übersprungen)" in out and "P004" in out
    assert (tmp_path / "neu" / "Protokolle").is_dir()  # --out is a folder, made when missing
    assert run(["minutes", str(book_path), "--meeting", "T003", "--out", str(tmp_path)]) == 1  # skipped


def test_nothing_to_write_says_why_and_how_to_choose(make_book, capsys):
    path = make_book({"partners": [{"id": "P001", "name": "A", "type": "Schule", "status": "aktiv"}],
                      "agreements": [{"id": "V001", "partner": "P001", "kind": "Letter of Intent",
                                      "subject": "x", "status": "unterzeichnet"}]})
    assert run(["agreements", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Kein Dokument geschrieben" in out and "Entwurf" in out and "--partner" in out
    assert run(["minutes", str(path)]) == 0
    assert "--meeting" in " ".join(capsys.readouterr().out.split())
    assert run(["report", str(path), "--year", "2031"]) == 1
    assert "--year" in capsys.readouterr().err


def test_help_is_german_without_developer_notation(capsys):
    assert run(["--help"]) == 0
    root = capsys.readouterr().out
    assert "Aufruf: xlquartier [OPTIONEN] BEFEHL" in root and "Befehle" in root and "Rückgabewerte" in root
    assert run(["minutes", "--help"]) == 0
    page = capsys.readouterr().out
    assert "MAPPE" in page and "--out ORDNER" in page and "Protokolle schreiben" in page
    for notation in ("<bool>", "<path>", "<str>", "list[str]", "{book}", "Usage", "Show this message"):
        assert notation not in root + page, notation
    assert run(["check", "--help", "--lang", "EN"]) == 0
    english = capsys.readouterr().out
    assert "Usage: xlquartier check [OPTIONS] BOOK" in english and "--today YYYY-MM-DD" in english


def test_an_english_environment_gets_english_help_and_errors():
    env = {**os.environ, "LC_ALL": "en_GB.UTF-8"}
    done = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", "check"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "Error: BOOK is missing." in done.stderr
    german = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", "check"],
                            capture_output=True, text=True, env={**os.environ, "LC_ALL": "de_DE.UTF-8"}, timeout=120)
    assert "Fehler: Es fehlt die Angabe MAPPE." in german.stderr and "Aufruf: xlquartier check" in german.stderr


def test_usage_errors_are_one_german_sentence(capsys):
    assert run(["check", "x.xlsx", "--gibtsnicht"]) == 2
    assert "Die Option --gibtsnicht gibt es nicht." in capsys.readouterr().err
    assert run(["report", "x.xlsx", "--year", "zwanzig"]) == 2
    assert "Ungültiger Wert für --year" in capsys.readouterr().err
    assert run(["gibtsnicht"]) == 2
    assert "Einen Befehl „gibtsnicht“ gibt es nicht." in capsys.readouterr().err


def test_today_takes_a_german_date_and_lang_any_case(make_book, capsys):
    path = make_book({"tasks": [{"id": "A001", "kind": "Aufgabe", "description": "Flyer", "responsible": "QM",
                                 "due": dt.date(2026, 11, 30), "status": "offen"}]})
    assert run(["check", str(path), "--today", "01.12.2026", "--format", "json"]) == 0
    german = json.loads(capsys.readouterr().out)
    assert [f["message"] for f in german if f["code"] == "overdue-task"][0].count("seit 1 Tag überfällig") == 1
    assert run(["check", str(path), "--today", "2026-12-01", "--format", "json", "--lang", "En"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert "is 1 day overdue" in [f["message"] for f in english if f["code"] == "overdue-task"][0]
    assert run(["check", str(path), "--today", "31.02.2026"]) == 1
    assert "TT.MM.JJJJ" in capsys.readouterr().err


def test_version(capsys):
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("xlquartier ")


def test_demo_refuses_to_overwrite_an_edited_demo(tmp_path, capsys):
    book = write_demo_book(tmp_path)
    assert book.name == "Netzwerk_Lindenhof.xlsx" and book.stem.isidentifier()  # xlwings' Run main
    book.write_bytes(book.read_bytes() + b"")  # the manager's edited copy
    edited = book.read_bytes()
    assert run(["demo", str(tmp_path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert book.read_bytes() == edited and not (tmp_path / "Sicherungen").exists()


def test_share_export_makes_a_missing_out_folder(book_path, tmp_path, capsys):
    assert run(["check", str(book_path), "--write"]) == 1
    target = tmp_path / "gibt" / "es" / "noch" / "nicht"
    assert run(["share", "export", str(book_path), "--partner", "P001", "--out", str(target)]) == 0
    assert len(list(target.glob("*.xlsx"))) == 1
    capsys.readouterr()
    assert run(["report", str(book_path), "--year", "2026", "--out", str(tmp_path / "berichte")]) == 0
    assert (tmp_path / "berichte" / "Jahresbericht_2026.docx").exists()
    assert run(["calendar", str(book_path), "--out", str(tmp_path / "kal.xlsx")]) == 1
    assert ".ics" in capsys.readouterr().err
