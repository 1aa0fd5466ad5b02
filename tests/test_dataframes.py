"""``xlquartier.frames``: the workbook as DataFrames, on a small hand-made network.

References are written every way a manager writes them (ID, short name, name, a person's
name, QM, a typo) and must resolve as the checks resolve them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

import xlquartier
from xlquartier import frames
from xlquartier.schema import DATA_SHEETS, TASKS
from xlquartier.workbook.read import book_from_values, read_book

D = dt.date
NETWORK = {
    "partners": [
        {"id": "P001", "name": "Grundschule am Park", "short_name": "GS Park", "type": "Schule",
         "fields": ["Bildung", "Nachbarschaft"], "status": "aktiv", "since": D(2025, 3, 1), "note": "intern!"},
        {"id": "P002", "name": "Kita Regenbogen", "type": "Kita", "status": "ruhend"},
    ],
    "people": [
        {"id": "K001", "partner": "GS Park", "first_name": "Anna", "last_name": "Muster",
         "legal_basis": "öffentliche Aufgabe", "note": "privat"},
        {"id": "K002", "last_name": "Vogel", "legal_basis": "Einwilligung"},  # no partner
    ],
    "structures": [
        {"id": "S01", "name": "AK Bildung", "type": "Arbeitskreis", "field": "Bildung",
         "members": ["P001", "Kita Regenbogen", "QM", "Niemand"], "lead": "QM", "status": "aktiv"},
    ],
    "meetings": [
        {"id": "T001", "structure": "AK Bildung", "date": D(2026, 2, 10), "status": "stattgefunden",
         "partners": ["GS Park", "P002"], "people": ["Anna Muster", "K002"], "headcount": 12,
         "agenda": ["Begrüßung", "Lesefest"]},
    ],
    "tasks": [
        {"id": "A001", "meeting": "T001", "kind": "Aufgabe", "description": "Raum buchen",
         "responsible": "Anna Muster", "due": D(2026, 3, 1), "status": "offen"},
        {"id": "A002", "kind": "Aufgabe", "description": "Flyer", "responsible": "GS Park",
         "due": D(2026, 4, 1), "status": "erledigt", "done_on": D(2026, 3, 30)},
        {"id": "A003", "kind": "Aufgabe", "description": "Plakat", "responsible": "P002", "status": "irgendwie"},
        {"id": "A004", "kind": "Information", "description": "Zur Info", "responsible": "QM"},
        {"id": "A005", "kind": "Aufgabe", "description": "Tippfehler", "responsible": "GS Prak",
         "due": D(2026, 5, 1), "status": "offen"},
    ],
}


def listed(column: pd.Series) -> list:
    """Values with None for missing (pandas 3 keeps missing text as NaN, pandas 2 as None)."""
    return [None if not isinstance(v, list) and pd.isna(v) else v for v in column]


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    from xlquartier.workbook.build import build_workbook

    return build_workbook(tmp_path_factory.mktemp("frames") / "Netzwerk.xlsx", "de", data=NETWORK,
                          settings={"qm_name": "QM Lindenhof"})


@pytest.fixture(scope="module")
def framed(path):
    return frames(path)


def test_one_frame_per_data_sheet_with_the_excel_row(framed):
    assert list(framed) == [spec.de for spec in DATA_SHEETS.values()]
    tasks = framed["Aufgaben"]
    assert tasks["Zeile"].tolist() == [2, 3, 4, 5, 6] and tasks["Zeile"].dtype == "int64"
    assert tasks["AufgabeID"].tolist() == ["A001", "A002", "A003", "A004", "A005"]
    assert framed["Jahresthemen"].empty and "Titel" in framed["Jahresthemen"].columns


def test_column_types(framed):
    tasks, meetings, partners = framed["Aufgaben"], framed["Treffen"], framed["Partner"]
    assert tasks["Fällig"].dtype.kind == "M"
    assert tasks["Fällig"].tolist()[:2] == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-04-01")]
    assert pd.isna(tasks["Fällig"].iloc[2])
    assert str(meetings["Anzahl Teilnehmende"].dtype) == "Int64" and meetings["Anzahl Teilnehmende"].iloc[0] == 12
    assert pd.isna(meetings["davon Bewohner*innen"].iloc[0])
    status = tasks["Status"]
    assert isinstance(status.dtype, pd.CategoricalDtype)
    assert list(status.cat.categories[:5]) == ["offen", "in Arbeit", "erledigt", "verschoben", "entfällt"]
    assert "irgendwie" in status.cat.categories  # a value not in the list stays, as a category of its own
    assert status.tolist()[:3] == ["offen", "erledigt", "irgendwie"]
    assert partners["Handlungsfelder"].tolist() == [["Bildung", "Nachbarschaft"], []]
    assert meetings["Tagesordnung"].iloc[0] == ["Begrüßung", "Lesefest"]


def test_references_resolve_by_id_short_name_name_and_qm(framed):
    tasks = framed["Aufgaben"].set_index("AufgabeID")
    assert listed(tasks["zuständig_id"]) == ["K001", "P001", "P002", "QM", None]
    assert listed(tasks["zuständig_name"]) == [
        "Anna Muster", "Grundschule am Park (GS Park)", "Kita Regenbogen", "QM Lindenhof", None]
    # a person's partner; a partner is its own; QM is QM; a typo resolves to nothing
    assert listed(tasks["zuständig_partner"]) == [
        "Grundschule am Park (GS Park)", "Grundschule am Park (GS Park)", "Kita Regenbogen", "QM", None]
    assert tasks["Zuständig"].tolist()[:3] == ["Anna Muster", "GS Park", "P002"]  # as written
    assert tasks.loc["A001", "treffen_id"] == "T001"
    assert tasks.loc["A001", "treffen_name"] == "AK Bildung am 10.02.2026"
    meeting = framed["Treffen"].iloc[0]
    assert meeting["struktur_id"] == "S01"
    assert meeting["teilnehmende_partner_id"] == ["P001", "P002"]
    assert meeting["teilnehmende_personen_id"] == ["K001", "K002"]
    assert meeting["teilnehmende_personen_partner"] == ["Grundschule am Park (GS Park)", None]
    structure = framed["Strukturen"].iloc[0]
    assert structure["mitglieder_id"] == ["P001", "P002", "QM"]  # "Niemand" is unknown: left out
    assert structure["federführung_id"] == "QM"
    assert "federführung_partner" not in framed["Strukturen"].columns  # only where a person may be named
    assert listed(framed["Personen"]["partner_id"]) == ["P001", None]


def test_the_same_rule_as_the_checks(path, framed):
    book = read_book(path)
    column = TASKS.column("responsible")
    expected = [(m.row.id if m.row else book.qm) if (m := book.resolve(column, row["responsible"])) else None
                for row in book.rows("tasks")]
    assert listed(framed["Aufgaben"]["zuständig_id"]) == expected


def test_internal_columns_only_on_request(path, framed):
    assert "Notiz (intern)" not in framed["Partner"].columns and "Notiz (intern)" not in framed["Personen"].columns
    full = frames(path, internal=True)
    assert listed(full["Partner"]["Notiz (intern)"]) == ["intern!", None]


def test_english_names_and_labels(path):
    english = frames(path, lang="en")
    tasks = english["Tasks"]
    assert {"Responsible", "responsible_id", "responsible_name", "responsible_partner", "Row"} <= set(tasks.columns)
    assert tasks["Status"].tolist()[:2] == ["open", "done"]
    assert english["Partners"]["Fields of action"].iloc[0] == ["Education", "Neighbourhood"]


def test_a_live_book_and_missing_sheets():
    book = book_from_values({
        "Partner": [["PartnerID", "Name", "Art", "Status"], ["P001", "Schule A", "Schule", "aktiv"]],
        "Aufgaben": [["AufgabeID", "Beschreibung", "Zuständig"], ["A001", "Tun", "P001"]]})
    framed = xlquartier.frames(book)
    assert framed["Aufgaben"]["zuständig_name"].tolist() == ["Schule A"]
    assert framed["Treffen"].empty and "Datum" in framed["Treffen"].columns


def test_nothing_else_imports_pandas(path):
    probe = (
        "import sys, datetime as dt, xlquartier\n"
        "from xlquartier.workbook.read import read_book\n"
        "from xlquartier.checks import check\n"
        "from xlquartier.report.indicators import indicators\n"
        f"book = read_book({str(path)!r})\n"
        "check(book, dt.date(2026, 6, 1)); indicators(book, 2026, dt.date(2026, 6, 1))\n"
        "assert 'pandas' not in sys.modules, 'pandas imported'\n"
        "xlquartier.frames(book)\n"
        "assert 'pandas' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
