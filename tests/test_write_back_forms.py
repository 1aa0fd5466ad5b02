"""``check --write`` into workbooks other programs wrote (issue 16, case 9).

Each test makes its hostile or unusual input itself, from a standard workbook: prefixed
SpreadsheetML (``<x:c>``, the .NET Open XML SDK's default), rows and cells without the
optional ``r``, character references in names and cell references, comments and single
quotes, a missing ``Prüfung`` after a user sheet with a print area and an autofilter, the
user's own things on ``Prüfung``, a neighbouring dated copy, and a killed run. Results are
read back with openpyxl and, where the file changes shape, with LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image as XLImage
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table
from PIL import Image
from test_checks_write import FAULTY

from xlquartier.checks.run import run_check
from xlquartier.errors import WorkbookError
from xlquartier.schema import DATA_SHEETS
from xlquartier.workbook.read import _sheet_parts
from xlquartier.workbook.write import KEEP_BACKUPS, Package

TODAY = dt.date(2026, 6, 1)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DATA = ("Partner", "Personen", "Strukturen", "Treffen", "Aufgaben", "Vereinbarungen", "Jahresthemen")
ASSIGNED = {("Partner", 2): "P008", ("Aufgaben", 2): "A002"}  # rows of FAULTY without an ID (0-based)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(path: Path, change) -> None:
    content = change(parts(path))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)


def values(path: Path, sheets=DATA) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {name: [tuple(r) for r in wb[name].iter_rows(values_only=True) if any(v is not None for v in r)]
            for name in sheets}


def with_ids(before: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    expected = {name: [list(r) for r in rows] for name, rows in before.items()}
    for (name, row), new in ASSIGNED.items():
        expected[name][row][0] = new
    return {name: [tuple(r) for r in rows] for name, rows in expected.items()}


def reachable(content: dict[str, bytes]) -> set[str]:
    """Every part some relationship chain from the package root leads to."""
    seen, queue = set(), [""]
    while queue:
        source = queue.pop()
        folder, name = source.rsplit("/", 1) if "/" in source else ("", source)
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels not in content:
            continue
        for rel in etree.fromstring(content[rels]).iterfind(f"{{{PKG}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            target = target.lstrip("/") if target.startswith("/") else os.path.normpath(
                os.path.join(folder, target)).replace("\\", "/")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def orphans(content: dict[str, bytes]) -> set[str]:
    return {n for n in content if not n.endswith(".rels") and n != "[Content_Types].xml"} - reachable(content)


# --------------------------------------------------------------------------- forms

def _to_prefixed(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    if root.nsmap.get(None) != MAIN:
        return xml
    nsmap = {("x" if p is None else p): uri for p, uri in root.nsmap.items()}

    def copy(el, parent):
        new = etree.Element(el.tag, nsmap=nsmap) if parent is None else etree.SubElement(parent, el.tag)
        for k, v in el.attrib.items():
            new.set(k, v)
        new.text, new.tail = el.text, el.tail
        for child in el:
            if isinstance(child.tag, str):
                copy(child, new)
        return new

    return etree.tostring(copy(root, None), xml_declaration=True, encoding="UTF-8", standalone=True)


def prefixed(content):
    """Every SpreadsheetML part with the main namespace on prefix ``x:``, as the Open XML SDK writes."""
    return {n: _to_prefixed(d) if n.startswith("xl/") and n.endswith(".xml") else d for n, d in content.items()}


def _column(ref: str) -> int:
    return openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", ref)[0])


def without_r(content):
    """Rows and cells lose ``r`` wherever the position follows from the one before (as the standard allows)."""
    for name in [n for n in content if n.startswith("xl/worksheets/") and n.endswith(".xml")]:
        root = etree.fromstring(content[name])
        previous_row = 0
        for row in root.iter(f"{{{MAIN}}}row"):
            number = int(row.get("r"))
            if number == previous_row + 1:
                del row.attrib["r"]
            previous_row, previous_col = number, 0
            for c in row.iter(f"{{{MAIN}}}c"):
                column = _column(c.get("r"))
                if column == previous_col + 1:
                    del c.attrib["r"]
                previous_col = column
        content[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return content


def character_references(content):
    """Sheet names spelled with character references (``Pr&#252;fung``)."""
    book = content["xl/workbook.xml"]
    content["xl/workbook.xml"] = (book.replace("Prüfung".encode(), b"Pr&#252;fung")
                                  .replace("Übersicht".encode(), b"&#xDC;bersicht"))
    return content


def quirks(content):
    """Single quotes, spaces around ``=``, a comment between rows and CDATA text: all plain XML."""
    partner = _sheet_parts(zipfile.ZipFile(io.BytesIO(_zip(content))))["Partner"]
    xml = content[partner].decode()
    head, rest = xml.split("<sheetData>", 1)
    data, tail = rest.split("</sheetData>", 1)
    data = re.sub(r' (\w+)="([^"]*)"', r" \1 = '\2'", data)
    data = data.replace("</row>", "</row><!-- eine Zeile -->", 1)
    content[partner] = (head + "<sheetData>" + data + "</sheetData>" + tail).encode()
    return content


def _zip(content) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    return out.getvalue()


FORMS = {"prefixed": prefixed, "without-r": without_r, "character-references": character_references,
         "quirks": quirks}


@pytest.mark.parametrize("form", FORMS)
def test_write_back_into_every_form_the_standard_allows(form, make_book, soffice, tmp_path):
    path = make_book(FAULTY)
    rezip(path, FORMS[form])
    before = values(path)
    first = run_check(path, TODAY, write=True)
    assert first.backup is not None and {"bad-email", "unknown-ref"} <= {f.code for f in first.findings}
    after_first = parts(path)
    second = run_check(path, TODAY, write=True)
    assert second.backup is None and parts(path) == after_first  # a second run changes nothing
    for name, data in after_first.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data)  # every part is well-formed (no <x:x:alignment>)
    expected = with_ids(before)
    assert values(path) == expected
    wb = openpyxl.load_workbook(path)
    assert [n for n in wb.sheetnames if "Pr" in n] == ["Prüfung"]  # recognised, not added twice
    assert wb["Partner"]["J2"].fill.fgColor.rgb == "FFF8B4B4"
    assert wb["Partner"]["J2"].value == "info@gs-park"
    rows = list(wb["Prüfung"].iter_rows(values_only=True))
    assert rows[0] == ("Code", "Schwere", "Blatt", "Zelle", "Befund", "Meldung") and rows[1][:4] == (
        "bad-email", "Fehler", "Partner", "J2")
    colours = {"Fehler": "FFF8B4B4", "Warnung": "FFFFE08A", "Hinweis": "FFBFDDF5"}  # the severity column
    assert [wb["Prüfung"].cell(r, 2).fill.fgColor.rgb for r in range(2, len(rows) + 1)] == [
        colours[row[1]] for row in rows[1:]]
    assert wb["Prüfung"]["A2"].fill.fill_type is None
    lo = values(soffice(path, "xlsx", tmp_path / "lo"))
    for name in DATA:  # LibreOffice reads the same values (it has no opinion on the ID column's type)
        assert [r[1:] for r in lo[name]] == [r[1:] for r in expected[name]], name
        assert [r[0] for r in lo[name]] == [r[0] for r in expected[name]], name


def test_references_in_cell_attributes_are_read_as_any_parser_reads_them(make_book):
    """``r="&#74;2"`` is J2 (python-calamine cannot read such a book; the writer still must not break it)."""
    path = make_book(FAULTY)
    partner = _sheet_parts(zipfile.ZipFile(path))["Partner"]

    def spelled(content):
        content[partner] = content[partner].replace(b'r="J2"', b'r="&#74;2"').replace(b'r="B3"', b"r='&#x42;3'")
        return content

    rezip(path, spelled)
    before = values(path)
    with Package.open(path) as pkg:
        pkg.mark("Partner", {"J2": "error", "B3": "hint", "C3": "warning"})
        pkg.set_cells("Partner", {"N2": "Notiz", "A3": "P008"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Partner"]
    assert (ws["J2"].fill.fgColor.rgb, ws["B3"].fill.fgColor.rgb) == ("FFF8B4B4", "FFBFDDF5")
    assert ws["J2"].value == "info@gs-park" and ws["B3"].value == "Kita Regenbogen" and ws["N2"].value == "Notiz"
    expected = with_ids(before)["Partner"]
    expected[1] = tuple("Notiz" if i == 13 else v for i, v in enumerate(expected[1]))
    assert values(path)["Partner"] == expected
    with Package.open(path) as pkg:
        assert pkg.clear_marks() == 3
    assert openpyxl.load_workbook(path)["Partner"]["J2"].fill.fill_type is None


def test_missing_check_sheet_keeps_print_area_autofilter_and_active_tab_on_their_sheets(make_book, soffice,
                                                                                         tmp_path):
    path = make_book(FAULTY)
    wb = openpyxl.load_workbook(path)
    del wb["Prüfung"]
    last_data = max((n for n in wb.sheetnames if n in {s.de for s in DATA_SHEETS.values()}), key=wb.sheetnames.index)
    user = wb.create_sheet("Auswertung", wb.sheetnames.index(last_data) + 1)
    for row in [("Partner", "Treffen", "Aufgaben"), ("GS Park", 3, 4), ("Kita", 1, 2), ("Verein", 0, 5)]:
        user.append(row)
    user.auto_filter.ref = "A1:C4"
    user.print_area = "A1:C4"
    wb["Listen"].defined_names.add(DefinedName("NurListen", attr_text="Listen!$A$1:$A$3"))
    wb.active = wb.sheetnames.index("Auswertung")
    wb.save(path)

    def scoped(content):
        book = etree.fromstring(content["xl/workbook.xml"])
        names = [s.get("name") for s in book.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet")]
        local = {(d.get("name"), names[int(d.get("localSheetId"))])
                 for d in book.iterfind(f"{{{MAIN}}}definedNames/{{{MAIN}}}definedName")
                 if d.get("localSheetId") is not None}
        view = book.find(f"{{{MAIN}}}bookViews/{{{MAIN}}}workbookView")
        return local, names[int(view.get("activeTab", 0))], names

    local, active, _ = scoped(parts(path))
    assert ("_xlnm.Print_Area", "Auswertung") in local and ("NurListen", "Listen") in local
    run_check(path, TODAY, write=True)
    local_after, active_after, names = scoped(parts(path))
    assert names.index("Prüfung") == names.index(last_data) + 1 == names.index("Auswertung") - 1  # as before
    assert active_after == active == "Auswertung"
    assert local_after == local | {("_xlnm.Print_Titles", "Prüfung")}  # the new sheet repeats its header row
    wb = openpyxl.load_workbook(path)
    assert wb["Auswertung"].auto_filter.ref == "A1:C4" and "A$1:$C$4" in wb["Auswertung"].print_area
    assert not wb["Prüfung"].print_area and wb["Prüfung"]["A2"].value
    lo = openpyxl.load_workbook(soffice(path, "xlsx", tmp_path / "lo"))
    assert lo["Auswertung"].auto_filter.ref == "A1:C4"  # LibreOffice keeps the autofilter where it belongs
    assert "A$1:$C$4" in lo["Auswertung"].print_area and not lo["Prüfung"].print_area
    assert lo["Prüfung"].auto_filter.ref is None


def test_a_new_sheet_in_between_renumbers_what_points_at_sheets_by_position(make_book):
    path = make_book(FAULTY)
    wb = openpyxl.load_workbook(path)
    wb["Einstellungen"].print_area = "A1:B5"
    wb.active = wb.sheetnames.index("Anleitung")
    wb.save(path)
    with Package.open(path) as pkg:
        pkg.replace_sheet("Konflikte", [["ID"], ["P001"]], after="Partner")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames.index("Konflikte") == wb.sheetnames.index("Partner") + 1
    assert wb.active.title == "Anleitung" and "$A$1:$B$5" in wb["Einstellungen"].print_area


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_the_users_table_and_comment_on_the_check_sheet_are_kept(make_book, soffice, tmp_path):
    path = make_book(FAULTY)
    wb = openpyxl.load_workbook(path)
    ws = wb["Prüfung"]
    for r, row in enumerate([("Erledigt", "Wer"), ("ja", "Anna"), ("nein", "Ben")], start=1):
        for c, v in enumerate(row, start=8):
            ws.cell(r, c, v)
    ws.add_table(Table(displayName="Notizen", ref="H1:I3"))
    ws["A1"].comment = Comment("Bitte jeden Montag abarbeiten", "Anna")
    ws.add_image(XLImage(io.BytesIO(_png())), "K2")
    wb.save(path)
    before_orphans = orphans(parts(path))

    result = run_check(path, TODAY, write=True)
    content = parts(path)
    assert orphans(content) <= before_orphans
    wb = openpyxl.load_workbook(path)
    old = wb["Prüfung (alt)"]
    assert "Notizen" in old.tables and old["A1"].comment.text.startswith("Bitte") and len(old._images) == 1
    assert old["H2"].value == "ja"
    assert [de for de, _ in result.notices] == [
        "Auf dem Blatt „Prüfung“ lagen eigene Inhalte (1 Tabelle, Notizen). Es heißt jetzt „Prüfung (alt)“ und "
        "bleibt so erhalten; die neuen Ergebnisse stehen im Blatt „Prüfung“."]
    new = wb["Prüfung"]
    assert new["A2"].value == "bad-email" and not new.tables and new["H2"].value is None
    assert run_check(path, TODAY, write=True).backup is None  # and the next run leaves both alone
    lo = openpyxl.load_workbook(soffice(path, "xlsx", tmp_path / "lo"))
    assert "Notizen" in lo["Prüfung (alt)"].tables and lo["Prüfung"]["A2"].value == "bad-email"

    cli = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", "check", str(path),
                          "--write", "--today", "2026-06-02"], capture_output=True, text=True)
    assert "Traceback" not in cli.stderr


def test_a_picture_on_the_check_sheet_stays_on_it_and_printer_settings_go(make_book):
    path = make_book(FAULTY)
    wb = openpyxl.load_workbook(path)
    wb["Prüfung"].add_image(XLImage(io.BytesIO(_png())), "G2")
    wb.save(path)
    check_part = _sheet_parts(zipfile.ZipFile(path))["Prüfung"]
    rels = check_part.replace("worksheets/", "worksheets/_rels/") + ".rels"

    def printer_settings(content):
        content["xl/printerSettings/printerSettings1.bin"] = b"\0" * 64
        content[rels] = content[rels].replace(b"</Relationships>", (
            f'<Relationship Id="rIdPrint" Type="{REL}/printerSettings" '
            'Target="../printerSettings/printerSettings1.bin"/></Relationships>').encode())
        content["[Content_Types].xml"] = content["[Content_Types].xml"].replace(b"</Types>", (
            b'<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.printerSettings"/></Types>'))
        return content

    rezip(path, printer_settings)
    before_orphans = orphans(parts(path))
    result = run_check(path, TODAY, write=True)
    content = parts(path)
    assert "xl/printerSettings/printerSettings1.bin" not in content
    assert orphans(content) <= before_orphans and b"printerSettings" not in content[rels]
    wb = openpyxl.load_workbook(path)
    assert len(wb["Prüfung"]._images) == 1 and wb["Prüfung"]["A2"].value == "bad-email"
    assert [n for n in wb.sheetnames if n.startswith("Prüfung")] == ["Prüfung"] and not result.notices


# --------------------------------------------------------------------------- a second run changes nothing

def test_findings_are_computed_after_the_ids_are_assigned(make_book):
    path = make_book({"partners": [{"name": "Verein A", "type": "Verein", "status": "aktiv"}],
                      "people": [{"partner": "Verein A", "email": "x@verein-a.example",
                                  "legal_basis": "Einwilligung"}]})
    first = run_check(path, TODAY, write=True)
    assert first.assigned_ids == {"Partner": {"A2": "P001"}, "Personen": {"A2": "K001"}}
    message = next(f.message for f in first.findings if f.code == "consent-missing")
    assert "K001" in message  # the person has no name: the message names the ID it now has
    assert run_check(path, TODAY, write=True).backup is None


def test_no_machine_path_in_the_book_and_either_path_gives_the_same_file(make_book, tmp_path):
    path = make_book({"partners": [{"id": "P001", "name": "Verein A", "type": "Verein", "status": "aktiv",
                                    "logo_file": "verein-a.png", "logo_release": "ja"}]}, name="Netzwerk.xlsx")
    cli = [sys.executable, "-c", "from xlquartier.cli import main; main()", "check", "--write",
           "--today", "2026-06-01"]
    first = subprocess.run([*cli, str(path.resolve())], capture_output=True, text=True, cwd="/")
    assert first.returncode == 0, first.stderr
    after_first = parts(path)
    second = subprocess.run([*cli, path.name], capture_output=True, text=True, cwd=path.parent)
    assert second.returncode == 0 and "nichts geändert" in second.stdout
    assert parts(path) == after_first
    machine = str(tmp_path).encode()
    assert not [n for n, data in after_first.items() if machine in data]
    assert "„logos“" in openpyxl.load_workbook(path)["Prüfung"]["F2"].value


# --------------------------------------------------------------------------- backups

def test_backups_are_matched_exactly_to_their_workbook(make_book):
    book = make_book(FAULTY, name="Netzwerk.xlsx")
    neighbour = make_book(FAULTY, name="Netzwerk_2025-03-01_alt.xlsx")
    for i in range(2):
        with Package.open(neighbour) as pkg:
            pkg.set_cells("Partner", {"N2": f"Stand {i}"})
    theirs = sorted(p.name for p in (book.parent / "Sicherungen").iterdir())
    assert len(theirs) == 2
    for i in range(KEEP_BACKUPS + 2):
        with Package.open(book) as pkg:
            pkg.set_cells("Partner", {"N2": f"Fassung {i}"})
    names = sorted(p.name for p in (book.parent / "Sicherungen").iterdir())
    assert set(theirs) <= set(names)  # the neighbour keeps its backups
    ours = [n for n in names if n not in theirs]
    assert len(ours) == KEEP_BACKUPS and all(re.fullmatch(r"Netzwerk_\d{4}-\d\d-\d\d_\d{6}(_\d+)?\.xlsx", n)
                                             for n in ours)
    newest = max((book.parent / "Sicherungen" / n for n in ours), key=lambda p: p.stat().st_mtime_ns)
    assert openpyxl.load_workbook(newest)["Partner"]["N2"].value == f"Fassung {KEEP_BACKUPS}"


def test_backups_past_the_retention_setting_are_deleted_and_reported(make_book):
    path = make_book(FAULTY, name="Netzwerk.xlsx", settings={"retention_days": 30})
    folder = path.parent / "Sicherungen"
    folder.mkdir()
    now = dt.datetime.now()
    old = folder / f"Netzwerk_{(now - dt.timedelta(days=400)):%Y-%m-%d_%H%M%S}.xlsx"
    recent = folder / f"Netzwerk_{(now - dt.timedelta(days=10)):%Y-%m-%d_%H%M%S}.xlsx"
    foreign = folder / f"Anderes_{(now - dt.timedelta(days=400)):%Y-%m-%d_%H%M%S}.xlsx"
    for p in (old, recent, foreign):
        p.write_bytes(path.read_bytes())
    run = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", "check", str(path),
                          "--write", "--today", "2026-06-01"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert not old.exists() and recent.exists() and foreign.exists()
    assert "1 Sicherung älter als die eingestellte Aufbewahrungsfrist gelöscht" in run.stdout
    assert old.name in run.stdout
    assert len([p for p in folder.iterdir() if p.name.startswith("Netzwerk_")]) == 2


# --------------------------------------------------------------------------- crashes and refusals

KILLED_IN_THE_WRITE = """
import sys, time, zipfile
from xlquartier.cli import main
real = zipfile.ZipFile.writestr
def slow(self, *args, **kwargs):
    real(self, *args, **kwargs)
    print("writing", flush=True)
    time.sleep(60)
zipfile.ZipFile.writestr = slow
sys.argv = ["xlquartier", "check", sys.argv[1], "--write"]
main()
"""


def test_a_run_killed_while_writing_leaves_the_book_and_no_temporary_file(make_book):
    path = make_book(FAULTY, name="Netzwerk.xlsx")
    before = path.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IN_THE_WRITE, str(path)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        left = [p for p in path.parent.iterdir() if "xlquartier-tmp" in p.name]
        assert len(left) == 1 and left[0].suffix == ".xlsx"  # the half-written file, named as temporary
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert path.read_bytes() == before
    run_check(path, TODAY, write=True)
    assert not [p for p in path.parent.rglob("*") if "xlquartier-tmp" in p.name]


def test_write_is_refused_without_any_data_sheet(tmp_path):
    path = tmp_path / "Haushalt.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Ausgaben"
    wb.active.append(["Posten", "Betrag"])
    wb.save(path)
    before = path.read_bytes()
    with pytest.raises(WorkbookError) as refused:
        run_check(path, TODAY, write=True)
    assert refused.value.exit_code == 2 and "keine xlquartier-Arbeitsmappe" in refused.value.message("de")
    run = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", "check", str(path),
                          "--write"], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "keine xlquartier-Arbeitsmappe" in run.stderr
    assert path.read_bytes() == before and not (tmp_path / "Sicherungen").exists()
