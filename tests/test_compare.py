"""Neighbourhoods side by side, on three demo-like workbooks with different data.

- Lindenhof: the demo as it is, recorded as schema version "1";
- Mühlenviertel: fewer partners and meetings, some tasks reopened, the current schema version;
- Bahnhofsquartier: the demo ten years earlier, so nothing counts for the year compared (version "1");
plus a file that is no workbook. Every figure must equal the annual report's indicators of its book.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import math
import random
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from xlquartier.demo_data import SETTINGS, demo_rows
from xlquartier.report import compare as cmp
from xlquartier.report.indicators import Figure, Indicators, indicators
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import book_from_values, read_book

TODAY = dt.date(2026, 11, 20)
YEAR = 2026
CLI = [sys.executable, "-c", "from xlquartier.cli import main; main()"]


def _shifted(rows: dict, days: int) -> dict:
    rows = copy.deepcopy(rows)
    for sheet in rows.values():
        for row in sheet:
            for key, value in list(row.items()):
                if isinstance(value, dt.date):
                    row[key] = value + dt.timedelta(days=days)
    for topic in rows["topics"]:
        topic["year"] += round(days / 365)
    return rows


def _thinned(rows: dict) -> dict:
    rows = copy.deepcopy(rows)
    rng = random.Random(5)
    kept = {m["id"] for m in rows["meetings"] if rng.random() < 0.6}
    rows["meetings"] = [m for m in rows["meetings"] if m["id"] in kept]
    rows["tasks"] = [task for task in rows["tasks"] if task.get("meeting") in kept or not task.get("meeting")]
    for task in rows["tasks"]:
        if task.get("status") == "erledigt" and rng.random() < 0.3:
            task["status"], task["done_on"] = "offen", None
    rows["partners"] = rows["partners"][:30]
    return rows


def _set_schema_version(path, version: str) -> None:
    """What a workbook of another schema version records in its custom properties."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/custom.xml":
                data = re.sub(rb'(name="xlquartier.schema".*?>)[^<]*(</vt:lpwstr>)',
                              rb"\g<1>" + version.encode() + rb"\g<2>", data)
            dst.writestr(item, data)
    tmp.replace(path)


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    rows = demo_rows()
    lindenhof = build_workbook(folder / "Lindenhof.xlsx", "de", data=rows, settings=SETTINGS)
    muehle = build_workbook(folder / "Muehlenviertel.xlsx", "de", data=_thinned(rows),
                            settings={**SETTINGS, "quarter": "Mühlenviertel"})
    bahnhof = build_workbook(folder / "Bahnhofsquartier.xlsx", "de", data=_shifted(rows, -3650),
                             settings={**SETTINGS, "quarter": "Bahnhofsquartier"})
    for older in (lindenhof, bahnhof):
        _set_schema_version(older, "1")
    broken = folder / "Kaputt.xlsx"
    broken.write_text("keine Arbeitsmappe", encoding="utf-8")
    return [lindenhof, muehle, bahnhof, broken]


@pytest.fixture(scope="module")
def written(books):
    return cmp.write_compare(books, books[0].with_name("Vergleich.xlsx"), YEAR, TODAY)


def _expected(path):
    return indicators(read_book(path), YEAR, TODAY).figures()


def _check_row(row: dict, figures: list[Figure]) -> None:
    for figure in figures:
        label = cmp.figure_label(figure.key, "de")
        assert row[label] == figure.value, label
        if figure.of is not None and figure.key != "topics":
            assert row[f"{label}: von"] == figure.of, label
            share = row[f"{label}: Anteil"]
            if figure.share is None:
                assert share is None or math.isnan(share), label
            else:
                assert share == pytest.approx(figure.share), label
        elif figure.key == "topics":
            assert row[f"{label}: Höchstzahl"] == figure.of


def test_every_figure_equals_the_annual_report_of_each_book(books):
    frames = cmp.compare(books, YEAR, TODAY)
    overview = frames["Übersicht"]
    assert list(overview["Quartier"]) == ["Lindenhof", "Mühlenviertel", "Bahnhofsquartier"]
    for path, (_, row) in zip(books[:3], overview.iterrows(), strict=True):
        _check_row(row.to_dict(), _expected(path))
    past = cmp.compare(books[:1], 2025, TODAY)["Übersicht"]  # a past year counts to its 31 December
    _check_row(past.iloc[0].to_dict(), indicators(read_book(books[0]), 2025, dt.date(2025, 12, 31)).figures())
    values = overview.set_index("Quartier")
    assert values.loc["Lindenhof", "Stattgefundene Treffen"] > values.loc["Mühlenviertel", "Stattgefundene Treffen"] > 0
    assert values.loc["Bahnhofsquartier", "Stattgefundene Treffen"] == 0


def test_the_workbook_holds_the_same_figures(books, written):
    sheet = load_workbook(written.paths[0], read_only=True)["Übersicht"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == 3
    for path, values in zip(books[:3], rows, strict=True):
        _check_row(dict(zip(header, values, strict=True)), _expected(path))
    assert written.count == 3 and written.unread == (
        "nicht verglichen: Kaputt.xlsx ist keine Excel-Arbeitsmappe (.xlsx/.xlsm) oder ist beschädigt.",)


def test_key_figures_read_as_in_the_report_with_how_they_are_counted(books):
    table = cmp.compare(books[:2], YEAR, TODAY)["Kennzahlen"].set_index("Kennzahl")
    figures = {f.key: f for f in _expected(books[0])}
    active = figures["partners_active"]
    percent = round(active.share * 100)
    assert table.loc["Aktive Partner", "Lindenhof"] == f"{active.value} von {active.of} ({percent}\u00a0%)"
    assert table.loc["Aktive Partner", "So gezählt"] == "Status „aktiv“ heute, von allen Partnern"
    assert table.loc["Gemeinsame Jahresthemen", "Lindenhof"].startswith(f"{figures['topics'].value} (Höchstzahl ")
    assert len(table) == len(figures)


def test_topic_tables_hold_each_neighbourhoods_detail(books):
    frames = cmp.compare(books[:3], YEAR, TODAY)
    for part_path, name in zip(books[:3], ("Lindenhof", "Mühlenviertel", "Bahnhofsquartier"), strict=True):
        ind = indicators(read_book(part_path), YEAR, TODAY)
        assert frames["Treffen je Monat"][name].tolist() == ind.meetings.per_month
        tasks = frames["Aufgaben"].set_index("Quartier").loc[name]
        assert (tasks["vereinbart"], tasks["erledigt"], tasks["davon überfällig"]) == (
            ind.tasks.agreed, ind.tasks.done, ind.tasks.overdue)
        load = frames["Belastung"][frames["Belastung"]["Quartier"] == name]
        assert len(load) == len(ind.load)
        assert (load["möglicherweise überlastet"] == "ja").sum() == len(ind.overloaded)
        topics = frames["Jahresthemen"][frames["Jahresthemen"]["Quartier"] == name]
        assert len(topics) == ind.topics.count
    assert set(frames) == {"Übersicht", "Kennzahlen", "Partner", "Treffen", "Treffen je Monat", "Aufgaben",
                           "Vereinbarungen", "Jahresthemen", "Belastung", "Beiträge", "Veranstaltungen",
                           "Anliegen", "Hinweise"}


def test_notes_name_unreadable_books_schema_versions_and_empty_years(books):
    notes = cmp.compare(books, YEAR, TODAY)["Hinweise"]
    text = {(who, note[:40]) for who, note in notes.itertuples(index=False)}
    assert ("Kaputt.xlsx", "nicht gelesen: Kaputt.xlsx ist keine Exc") in text
    versions = [who for who, note in notes.itertuples(index=False) if note.startswith("Schema-Version 1")]
    assert versions == ["Lindenhof", "Bahnhofsquartier"]  # Mühlenviertel has the current version
    empty = [who for who, note in notes.itertuples(index=False) if note.startswith("Für 2026 ist nichts")]
    assert empty == ["Bahnhofsquartier"]
    same = cmp.compare(books[:1], YEAR, TODAY)["Hinweise"]
    assert same.empty  # one readable book of one version: nothing to say


def test_new_indicators_appear_without_edits(books, monkeypatch):
    """Another engineer's indicator (a figure and a field of its own) reaches the comparison."""

    @dataclasses.dataclass
    class GardenStats:
        beds: int = 3
        gardeners: int = 120

    @dataclasses.dataclass
    class WithGardens(Indicators):
        gardens: GardenStats = dataclasses.field(default_factory=GardenStats)

        def figures(self):
            return [*super().figures(), Figure("garden_beds", self.gardens.beds, 4)]

    def with_gardens(book, year, today):
        ind = indicators(book, year, today)
        return WithGardens(**{f.name: getattr(ind, f.name) for f in dataclasses.fields(Indicators)})

    monkeypatch.setattr(cmp, "indicators", with_gardens)
    frames = cmp.compare(books[:2], YEAR, TODAY)
    assert frames["Übersicht"]["garden_beds"].tolist() == [3, 3]
    assert frames["Übersicht"]["garden_beds: Anteil"].tolist() == [0.75, 0.75]
    assert frames["gardens"][["beds", "gardeners"]].values.tolist() == [[3, 120], [3, 120]]
    assert "garden_beds" in frames["Kennzahlen"]["Kennzahl"].tolist()


def test_english(books):
    frames = cmp.compare(books[:2], YEAR, TODAY, lang="en")
    assert {"Overview", "Key figures", "Meetings per month", "Notes"} <= set(frames)
    assert frames["Overview"].columns[:4].tolist() == ["Neighbourhood", "File", "Schema", "Active partners"]
    assert frames["Meetings per month"]["Month"].iloc[0] == "January"


def test_the_workbook_opens_in_libreoffice_and_the_charts_render(books, written, soffice, tmp_path):
    with zipfile.ZipFile(written.paths[0]) as package:
        charts = [n for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == len(_expected(books[0])) + 1  # one per key figure, and the meetings per month
    pdf = soffice(written.paths[0], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    chart_page = next(p for p in pages if "die Kennzahlen als Diagramme" in p)
    # chart titles and the neighbourhoods on the category axes are drawn by LibreOffice
    assert "Aktive Partner" in chart_page and "Mühlenviertel" in chart_page and "Bahnhofsquartier" in chart_page
    assert any("Stattgefundene Treffen je Monat 2026" in p and "Januar" in p for p in pages)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    assert (tmp_path / "page-01.png").stat().st_size > 1000


def test_command_line(books, tmp_path):
    out = tmp_path / "Vergleich.xlsx"
    done = subprocess.run([*CLI, "compare", *map(str, books), "--year", "2026", "--today", "2026-11-20",
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Vergleich von 3 Quartieren" in done.stdout and "nicht verglichen: Kaputt.xlsx" in done.stderr
    assert out.exists()
    refused = subprocess.run([*CLI, "compare", str(books[3]), "--lang", "en"], capture_output=True, text=True,
                             timeout=120)
    assert refused.returncode == 2 and refused.stderr.startswith("None of the workbooks can be read.")
    same = subprocess.run([*CLI, "compare", str(books[0]), "--out", str(books[0])], capture_output=True,
                          text=True, timeout=120)
    assert same.returncode == 1 and "eine der Arbeitsmappen" in same.stderr


def test_hostile_names_stay_text_and_the_same_book_twice_is_told_apart(make_book, tmp_path):
    path = make_book({"partners": [{"id": "P001", "name": '=HYPERLINK("http://x";"klick")', "type": "Verein",
                                    "status": "aktiv"}]}, settings={"quarter": "Nord"})
    live = book_from_values({"Partner": [["PartnerID", "Name", "Art", "Status"],
                                         ["P001", "Bell\x07Verein", "Verein", "aktiv"]]})
    comparison = cmp.collect([path, path, live], YEAR, TODAY)
    (tmp_path / "V.xlsx").write_bytes(cmp.workbook_bytes(comparison, cmp.tables(comparison)))
    workbook = load_workbook(tmp_path / "V.xlsx")
    load = workbook["Belastung"]
    names = {load.cell(r, 2).value: load.cell(r, 2).data_type for r in range(2, load.max_row + 1)}
    assert names == {'=HYPERLINK("http://x";"klick")': "s", "Bell\ufffdVerein": "s"}
    assert [c.value for c in workbook["Kennzahlen"][1][1:4]] == [
        "Nord (book0.xlsx) 1", "Nord (book0.xlsx) 2", "#3"]
