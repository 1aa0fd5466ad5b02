"""``check --write`` and the surgical writer: what the tool owns changes, nothing else does.

The workbook under test gets by hand (zip surgery, as Excel itself would write them) an x14
data validation openpyxl cannot read, a custom XML part and a picture. After two runs of
``check --write`` every other part must be byte-for-byte the original, and the values of
every data sheet must read back unchanged, with openpyxl and with LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator
from PIL import Image
from typer.testing import CliRunner

from xlquartier.checks.run import run_check
from xlquartier.cli import app
from xlquartier.errors import FileLockedError
from xlquartier.workbook.read import _sheet_parts, read_book
from xlquartier.workbook.write import KEEP_BACKUPS, MARKS_PART, MARKS_PROPS, Package, sheet_link

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
DATA_SHEETS_DE = ("Partner", "Personen", "Strukturen", "Treffen", "Aufgaben", "Vereinbarungen", "Jahresthemen")

X14_VALIDATION = (
    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    b"<x14:formula1><xm:f>Listen!$A$2:$A$13</xm:f></x14:formula1><xm:sqref>C2:C300</xm:sqref>"
    b"</x14:dataValidation></x14:dataValidations></ext></extLst>")
CUSTOM_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<projekt xmlns="urn:example:stadt"><foerdernummer>SZ-2026-17</foerdernummer></projekt>')
DRAWING = (
    b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><xdr:oneCellAnchor>'
    b"<xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff>"
    b'</xdr:from><xdr:ext cx="952500" cy="476250"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/>'
    b'<xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch>'
    b'</xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
    b"<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>")
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rels(*items: tuple[str, str, str]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in items)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            f'"http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>').encode()


def add_user_parts(path: Path) -> None:
    """What Excel would leave in a user's file: x14 validation, custom XML, a picture."""
    parts_by_sheet = {name: part for name, part in _sheet_parts(zipfile.ZipFile(path)).items()}
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    partner, overview = parts_by_sheet["Partner"], parts_by_sheet["Übersicht"]
    parts[partner] = parts[partner].replace(b"</worksheet>", X14_VALIDATION + b"</worksheet>")
    parts[overview] = parts[overview].replace(
        b"</worksheet>", f'<drawing xmlns:r="{REL}" r:id="rIdPic"/></worksheet>'.encode())
    overview_rels = overview.replace("worksheets/", "worksheets/_rels/") + ".rels"
    assert overview_rels not in parts
    parts[overview_rels] = _rels(("rIdPic", "drawing", "/xl/drawings/drawing1.xml"))
    parts["xl/drawings/drawing1.xml"] = DRAWING
    parts["xl/drawings/_rels/drawing1.xml.rels"] = _rels(("rId1", "image", "/xl/media/image1.png"))
    png = io.BytesIO()
    Image.new("RGB", (80, 40), (31, 78, 121)).save(png, "PNG")
    parts["xl/media/image1.png"] = png.getvalue()
    parts["customXml/item1.xml"] = CUSTOM_XML
    parts["customXml/itemProps1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem '
        b'ds:itemID="{6C2B1F9E-3A4D-4E5F-8A9B-0C1D2E3F4A5B}" '
        b'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
        b"</ds:datastoreItem>")
    parts["customXml/_rels/item1.xml.rels"] = _rels(("rId1", "customXmlProps", "itemProps1.xml"))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdUserXml" Type="{REL}/customXml" Target="../customXml/item1.xml"/>'
        "</Relationships>".encode())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Default Extension="png" ContentType="image/png"/>'
        b'<Override PartName="/xl/drawings/drawing1.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>'
        b'<Override PartName="/customXml/itemProps1.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


FAULTY = {
    "partners": [
        {"id": "P001", "name": "Grundschule am Park", "type": "Schule", "status": "aktiv",
         "email": "info@gs-park", "since": dt.date(2024, 5, 2)},
        {"name": "Kita Regenbogen", "type": "Kita", "status": "aktiv", "since": "15.03.2024"},
        {"id": "P007", "name": "Verein Miteinander", "type": "Verein", "status": "aktiv", "postcode": "1234"},
    ],
    "tasks": [
        {"id": "A001", "kind": "Aufgabe", "description": "Flyer", "responsible": "Grundschule am Prak",
         "due": dt.date(2026, 7, 1), "status": "offen"},
        {"kind": "Aufgabe", "description": "Ohne Status", "responsible": "QM", "due": dt.date(2026, 7, 1)},
    ],
    "agreements": [
        {"id": "V001", "partner": "P001", "kind": "Letter of Intent", "subject": "Leseförderung",
         "status": "Entwurf", "valid_from": dt.date(2026, 1, 1), "valid_until": dt.date(2025, 1, 1)},
    ],
}


def values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {name: [tuple(r) for r in wb[name].iter_rows(values_only=True) if any(v is not None for v in r)]
            for name in DATA_SHEETS_DE}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def cells(xml: bytes) -> dict[str, etree._Element]:
    root = etree.fromstring(xml)
    return {c.get("r"): c for c in root.iterfind(".//m:sheetData/m:row/m:c", NS)}


def xf_attrs(styles: bytes) -> list[dict[str, str]]:
    root = etree.fromstring(styles)
    return [dict(xf.attrib) for xf in root.find("m:cellXfs", NS)]


def outside_sheet_data(xml: bytes) -> bytes:
    return re.sub(rb"<sheetData>.*</sheetData>", b"", xml, flags=re.S)


def test_check_write_twice_keeps_every_other_part(make_book, soffice, tmp_path):
    path = make_book(FAULTY)
    add_user_parts(path)
    original = parts(path)
    before = values(path)
    sheet_parts = _sheet_parts(zipfile.ZipFile(path))
    lo_before = values(soffice(path, "xlsx", tmp_path / "lo-before"))  # the hand-made parts are valid

    runner = CliRunner()
    first = runner.invoke(app, ["check", str(path), "--write", "--today", "2026-06-01"])
    assert first.exit_code == 1, first.output
    after_first = parts(path)
    second = runner.invoke(app, ["check", str(path), "--write", "--today", "2026-06-01"])
    assert second.exit_code == 1, second.output
    after = parts(path)
    assert after == after_first  # the second run finds the file already as it would write it

    data_parts = {sheet_parts[name] for name in DATA_SHEETS_DE}
    owned = {sheet_parts["Prüfung"], "xl/styles.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    assert set(original) <= set(after)
    assert set(after) - set(original) == {MARKS_PART, MARKS_PROPS, "customXml/_rels/xlquartier-marks.xml.rels"}
    assert re.sub(rb'<Override PartName="/customXml/xlquartier-marksProps.xml"[^>]*/>', b"",
                  after["[Content_Types].xml"]) == original["[Content_Types].xml"]
    for name, data in original.items():
        if name not in owned | data_parts | {"docProps/custom.xml"}:
            assert after[name] == data, f"{name} changed"
    # the custom properties only gained the tool's memory of the highest IDs (workbook.ids)
    assert re.sub(rb'<property [^>]*name="xlquartier.last_ids".*?</property>', b"",
                  after["docProps/custom.xml"]) == original["docProps/custom.xml"]
    # workbook.xml.rels only gained the tool's relationship
    assert after["xl/_rels/workbook.xml.rels"].replace(
        re.search(rb"<Relationship [^>]*xlquartier-marks[^>]*/>", after["xl/_rels/workbook.xml.rels"])[0],
        b"") == original["xl/_rels/workbook.xml.rels"]
    # styles.xml only grew: the original cell formats are all still there, unchanged
    old_xfs, new_xfs = xf_attrs(original["xl/styles.xml"]), xf_attrs(after["xl/styles.xml"])
    assert new_xfs[: len(old_xfs)] == old_xfs

    # data sheets: outside the cells nothing changed (x14 validation, protection, tables ...)
    for name in DATA_SHEETS_DE:
        part = sheet_parts[name]
        assert outside_sheet_data(after[part]) == outside_sheet_data(original[part]), name
        old_cells, new_cells = cells(original[part]), cells(after[part])
        for ref, old in old_cells.items():
            new = new_cells[ref]
            assert [etree.tostring(child) for child in new] == [etree.tostring(child) for child in old]
            assert {k: v for k, v in new.attrib.items() if k != "s"} == {
                k: v for k, v in old.attrib.items() if k != "s"}
            old_s, new_s = int(old.get("s", 0)), int(new.get("s", 0))
            if old_s != new_s:  # a mark: the own style plus a fill, number format kept
                mark, own = new_xfs[new_s], old_xfs[old_s]
                assert {k: v for k, v in mark.items() if k not in ("fillId", "applyFill")} == {
                    k: v for k, v in own.items() if k not in ("fillId", "applyFill")}
                assert mark["fillId"] != own.get("fillId")
        for ref in new_cells.keys() - old_cells.keys():  # only marks on empty cells and new IDs
            assert len(new_cells[ref]) == 0 or ref.startswith("A"), (name, ref)
    assert X14_VALIDATION in after[sheet_parts["Partner"]]

    # values: unchanged except the IDs the check assigned (next free number, never renumbered)
    after_values = values(path)
    assert after_values["Partner"][2][0] == "P008" and after_values["Aufgaben"][2][0] == "A002"
    for name in DATA_SHEETS_DE:
        expected = [list(r) for r in before[name]]
        if name == "Partner":
            expected[2][0] = "P008"
        if name == "Aufgaben":
            expected[2][0] = "A002"
        assert [list(r) for r in after_values[name]] == expected, name
    lo_after = values(soffice(path, "xlsx", tmp_path / "lo-after"))
    for name in DATA_SHEETS_DE:
        assert [r[1:] for r in lo_after[name]] == [r[1:] for r in lo_before[name]], name

    wb = openpyxl.load_workbook(path)
    marked = wb["Vereinbarungen"]["K2"]  # valid until before valid from: a marked real date
    assert marked.fill.fgColor.rgb == "FFF8B4B4" and wb["Vereinbarungen"]["J2"].fill.fill_type is None
    assert marked.number_format == "DD.MM.YYYY" and marked.value == dt.datetime(2025, 1, 1)
    check = wb["Prüfung"]
    rows = list(check.iter_rows(values_only=True))
    assert rows[0] == ("Code", "Schwere", "Blatt", "Zelle", "Befund", "Meldung")
    assert ("bad-email", "Fehler", "Partner", "J2") == rows[1][:4]
    links = {c.coordinate: c.hyperlink.location for c in check["D"] if c.hyperlink}
    assert links["D2"] == "'Partner'!J2"


def test_written_book_is_valid_ooxml(make_book):
    path = make_book(FAULTY)
    before = {str(e) for e in OpenXmlValidator(max_errors=1000).validate(str(path)).errors}
    with Package.open(path) as pkg:
        pkg.set_cells("Partner", {"A300": "P300", "M300": dt.date(2026, 1, 2), "N300": 'Text & <b> "x"'})
        pkg.mark("Partner", {"B2": "error", "C9": "hint"})
        pkg.replace_sheet("Konflikte", [["ID", "Spalte"], ["P001", "Name"]], widths=[10, 20],
                          links={"A2": sheet_link("Partner", "B2")}, after="Prüfung")
    after = {str(e) for e in OpenXmlValidator(max_errors=1000).validate(str(path)).errors}
    new = {e for e in after - before if "inline-string" not in e}
    assert new == set()


@pytest.mark.parametrize("kept", [False, True], ids=["new-sheet-no-names", "sheet-with-print-titles"])
def test_a_sheet_the_writer_owns_prints_like_the_others(tmp_path, kept):
    """Footer, A4 landscape fitted to the width, rows tall enough, and the header row repeated on
    every page, also in a book without defined names; rows the sheet already repeats stay."""
    path = tmp_path / "Mappe.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Daten"
    if kept:
        wb.create_sheet("Konflikte").print_title_rows = "1:2"
    wb.save(path)
    for _ in range(2):  # the second run replaces the sheet and adds no second name
        with Package.open(path, "de") as pkg:
            pkg.replace_sheet("Konflikte", [["ID", "Spalte"], ["P001", "Name " * 40]], widths=[10, 20])
    ws = openpyxl.load_workbook(path)["Konflikte"]
    assert ws.print_title_rows == ("$1:$2" if kept else "$1:$1")
    assert (ws.oddFooter.center.text, ws.oddFooter.center.size) == ("&A – &P / &N", 8)
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.row_dimensions[2].height >= 10 * 15  # 200 characters in a column 20 wide: ten lines or more
    assert zipfile.ZipFile(path).read("xl/workbook.xml").count(b"_xlnm.Print_Titles") == 1


def test_set_cells_below_the_table_extends_it_and_reads_back(make_book, soffice, tmp_path):
    path = make_book(FAULTY)
    text = "Zeile mit \"Anführung\" & <Klammern>, _x0041_ und {{ x }}"
    with Package.open(path) as pkg:
        pkg.set_cells("Partner", {"A300": "P300", "B300": text, "M300": dt.date(2026, 1, 2), "F300": None})
        pkg.set_cells("Treffen", {"D2": dt.time(17, 30), "O2": 12, "P2": 2.5})
    wb = openpyxl.load_workbook(path)
    ws = wb["Partner"]
    assert ws.tables["tblPartner"].ref == "A1:W300"
    assert (ws["A300"].value, ws["M300"].value) == ("P300", dt.datetime(2026, 1, 2))
    assert ws["M300"].number_format == "DD.MM.YYYY"
    book = read_book(path)
    row = book.tables["partners"].rows[-1]
    assert (row.number, row["id"], row["name"], row["since"]) == (300, "P300", text, dt.date(2026, 1, 2))
    meeting = book.tables["meetings"].rows[0]
    assert meeting["start"] == dt.time(17, 30) and meeting["headcount"] == 12
    lo = openpyxl.load_workbook(soffice(path, "xlsx", tmp_path / "lo"))
    assert lo["Partner"]["B300"].value == text
    assert lo["Partner"]["M300"].value == dt.datetime(2026, 1, 2)


def test_new_owned_sheet_is_registered_and_replaced(make_book, soffice, tmp_path):
    path = make_book(FAULTY)
    with Package.open(path) as pkg:
        pkg.replace_sheet("Konflikte", [["ID", "Spalte"], ["P001", "Name"]], widths=[10, 20],
                          links={"A2": sheet_link("Partner", "B2")}, after="Prüfung")
    with Package.open(path) as pkg:
        pkg.replace_sheet("Konflikte", [["ID", "Spalte"], ["P007", "PLZ"], ["P001", "Ort"]])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames.index("Konflikte") == wb.sheetnames.index("Prüfung") + 1
    assert [r for r in wb["Konflikte"].iter_rows(values_only=True)] == [
        ("ID", "Spalte"), ("P007", "PLZ"), ("P001", "Ort")]
    assert wb["Konflikte"]["A1"].font.b
    lo = openpyxl.load_workbook(soffice(path, "xlsx", tmp_path / "lo"))
    assert lo["Konflikte"]["A3"].value == "P001"


def test_marks_are_replaced_by_the_next_run(make_book):
    path = make_book(FAULTY)
    original = parts(path)
    with Package.open(path) as pkg:
        pkg.mark("Partner", {"B2": "error", "Q2": "warning", "C40": "hint"})
    assert openpyxl.load_workbook(path)["Partner"]["B2"].fill.fgColor.rgb == "FFF8B4B4"
    with Package.open(path) as pkg:
        assert pkg.clear_marks() == 3
        pkg.mark("Partner", {"D3": "warning"})
    ws = openpyxl.load_workbook(path)["Partner"]
    assert ws["B2"].fill.fill_type is None and ws["D3"].fill.fgColor.rgb == "FFFFE08A"
    with Package.open(path) as pkg:
        pkg.clear_marks()
    partner = _sheet_parts(zipfile.ZipFile(path))["Partner"]
    assert parts(path)[partner] == original[partner]  # empty cells that only carried a mark are gone


def test_refuses_while_the_file_is_open_elsewhere(make_book):
    path = make_book(FAULTY, name="Netzwerk.xlsx")
    for lock in (path.parent / "~$Netzwerk.xlsx", path.parent / ".~lock.Netzwerk.xlsx#"):
        lock.write_bytes(b"owner")
        with pytest.raises(FileLockedError):
            Package.open(path)
        run = subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()",
                              "check", str(path), "--write"], capture_output=True, text=True)
        assert run.returncode == 2
        assert "geöffnet" in run.stderr and "Traceback" not in run.stderr
        lock.unlink()
    before = parts(path)
    Package.open(path).save()  # nothing changed: nothing written, no backup
    assert parts(path) == before and not (path.parent / "Sicherungen").exists()


def test_backups_keep_the_last_few(make_book):
    path = make_book(FAULTY)
    for i in range(KEEP_BACKUPS + 2):
        with Package.open(path) as pkg:
            pkg.set_cells("Partner", {"N2": f"Fassung {i}"})
    backups = sorted((path.parent / "Sicherungen").iterdir(), key=lambda p: p.stat().st_mtime_ns)
    assert len(backups) == KEEP_BACKUPS
    assert openpyxl.load_workbook(backups[-1])["Partner"]["N2"].value == f"Fassung {KEEP_BACKUPS}"


def test_overwriting_a_formula_drops_the_stale_calculation_chain(make_book):
    path = make_book(FAULTY)
    overview = _sheet_parts(zipfile.ZipFile(path))["Übersicht"]
    content = parts(path)
    assert b"<f>" in content[overview]
    content["xl/calcChain.xml"] = (b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                   b'<c r="B4" i="1"/></calcChain>')
    content["xl/_rels/workbook.xml.rels"] = content["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdCalc" Type="{REL}/calcChain" Target="calcChain.xml"/>'
        "</Relationships>".encode())
    content["[Content_Types].xml"] = content["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/calcChain.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>'))
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in content.items():
            dst.writestr(name, data)
    with Package.open(path) as pkg:
        pkg.set_cells("Übersicht", {"A20": "Notiz"})  # no formula overwritten: the chain stays
    assert "xl/calcChain.xml" in parts(path)
    with Package.open(path) as pkg:
        pkg.set_cells("Übersicht", {"B4": 7})
    after = parts(path)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"] + after["[Content_Types].xml"]
    assert openpyxl.load_workbook(path)["Übersicht"]["B4"].value == 7


def test_write_into_a_book_saved_by_libreoffice(make_book, soffice, tmp_path):
    """Real files come from office suites: shared strings, row spans, their own styles.xml."""
    saved = soffice(make_book(FAULTY, name="vom-buero.xlsx"), "xlsx", tmp_path / "lo")
    assert b"<sst" in parts(saved)["xl/sharedStrings.xml"]
    before = values(saved)
    result = run_check(saved, dt.date(2026, 6, 1), write=True)
    assert {"bad-email", "date-as-text", "unknown-ref"} <= {f.code for f in result.findings}
    assert run_check(saved, dt.date(2026, 6, 1), write=True).backup is None  # second run: no change
    after = values(saved)
    assert after["Partner"][2][0] == "P008"
    after["Partner"][2] = (None, *after["Partner"][2][1:])
    after["Aufgaben"][2] = (None, *after["Aufgaben"][2][1:])
    assert after == before
    wb = openpyxl.load_workbook(saved)
    assert wb["Partner"]["J2"].fill.fgColor.rgb == "FFF8B4B4"
    assert wb["Prüfung"]["D2"].hyperlink.location == "'Partner'!J2"
    again = values(soffice(saved, "xlsx", tmp_path / "lo-again"))
    assert [r[1:] for r in again["Partner"]] == [r[1:] for r in before["Partner"]]


def test_old_marks_go_even_after_another_program_re_saved_the_book(make_book, soffice, tmp_path):
    """LibreOffice drops the tool's custom XML part and renumbers the styles; marks still go."""
    path = make_book(FAULTY)
    run_check(path, dt.date(2026, 6, 1), write=True)
    resaved = soffice(path, "xlsx", tmp_path / "lo")
    assert openpyxl.load_workbook(resaved)["Partner"]["J2"].fill.fgColor.rgb == "FFF8B4B4"
    with Package.open(resaved) as pkg:  # the user fixes the email address
        pkg.set_cells("Partner", {"J2": "info@gs-park.de"})
    result = run_check(resaved, dt.date(2026, 6, 1), write=True)
    assert "bad-email" not in {f.code for f in result.findings}
    ws = openpyxl.load_workbook(resaved)["Partner"]
    assert ws["J2"].fill.fgColor.rgb != "FFF8B4B4" and ws["J2"].value == "info@gs-park.de"
    assert ws["H4"].fill.fgColor.rgb == "FFFFE08A"  # the postcode is still wrong: still marked


def test_package_refuses_a_file_changed_since_it_was_read(make_book):
    from xlquartier.errors import FileChangedError
    from xlquartier.workbook.read import read_book

    path = make_book({"partners": [{"name": "Verein A", "type": "Verein", "status": "aktiv"}]})
    book = read_book(path)
    with Package.open(path, expect=book.fingerprint) as pkg:  # another run writes in between
        pkg.set_cells(book.tables["partners"].name, {"B2": "Verein B"})
    before = path.read_bytes()
    with pytest.raises(FileChangedError):
        Package.open(path, expect=book.fingerprint)
    assert path.read_bytes() == before
