"""The annual report, the network map, the Kumu export and the calendar, made from the demo workbook
and read back with the tools a manager's office would use (LibreOffice, openpyxl, icalendar)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from icalendar import Calendar
from openxml_audit import OpenXmlValidator

from xlquartier.demo import DEMO_TODAY, write_demo_book
from xlquartier.report.annual import build_report, format_number, format_share, write_report
from xlquartier.report.calendar import BERLIN, planned_meetings, write_calendar
from xlquartier.report.indicators import indicators
from xlquartier.report.network import MEMBER, draw_network, kumu_xlsx, map_overlaps, network_graph, write_network
from xlquartier.workbook.read import read_book

YEAR = DEMO_TODAY.year


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return write_demo_book(tmp_path_factory.mktemp("demo"), "de")


@pytest.fixture(scope="module")
def demo_book(demo):
    return read_book(demo)


def _cells(doc) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


def test_report_shows_each_figure_with_its_numbers_in_german_format(demo, tmp_path):
    out = write_report([demo], tmp_path / "Bericht.docx", YEAR, DEMO_TODAY).paths[0]
    doc = Document(out)
    ind = indicators(read_book(demo), YEAR, DEMO_TODAY)
    rows = {row[0]: row for row in _cells(doc)}
    active = next(f for f in ind.figures() if f.key == "partners_active")
    assert rows["Aktive Partner"][1] == str(active.value)
    assert rows["Aktive Partner"][2] == f"von {active.of} ({round(100 * active.share)}\u00a0%)"
    assert rows["Stattgefundene Treffen"][1] == str(ind.meetings.total("held"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Stand: {DEMO_TODAY:%d.%m.%Y}" in text
    assert f"Jahresbericht Netzwerkarbeit {YEAR}" in text
    for bridge in ind.bridges:
        assert bridge.name in rows
    pictures = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("word/media/")]
    # partners by field, meetings per month, tasks per month, network map, and the network logo in the header
    assert len(pictures) == 5
    assert OpenXmlValidator().validate(str(out)).errors == []


def test_report_has_the_letterhead_of_the_other_documents(demo, tmp_path):
    """Header with the network's name and logo, footer with the office and page numbers: it goes to funders."""
    out = write_report([demo], tmp_path / "Bericht.docx", YEAR, DEMO_TODAY).paths[0]
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        header = next(n for n in names if re.match(r"word/header\d+\.xml$", n))
        footer = next(n for n in names if re.match(r"word/footer\d+\.xml$", n))
        header_xml, footer_xml = archive.read(header).decode(), archive.read(footer).decode()
        header_rels = archive.read(header.replace("word/", "word/_rels/") + ".rels").decode()
    assert "<a:blip " in header_xml and "media/xq_logo" in header_rels  # the network logo
    assert "Netzwerk Lindenhof" in header_xml and "Quartiersmanagement Lindenhof" in header_xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Seite" in footer_xml
    assert "Lindenplatz 3" in footer_xml
    doc = Document(out)
    assert doc.paragraphs[0].style.name == "Title" and "Jahresbericht Netzwerkarbeit 2026" in doc.paragraphs[0].text
    assert abs(doc.sections[0].page_width - Cm(21)) < Cm(0.1)  # A4, not Letter


def _sections(doc) -> list[tuple[bool, list[str], int]]:
    """Per section of a document: (landscape, its paragraphs' texts, how many pictures it holds)."""
    found, texts, pictures = [], [], 0
    for p in doc.element.body.iterchildren(qn("w:p")):
        texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
        pictures += len(p.findall(".//" + qn("w:drawing")))
        sect = p.find(qn("w:pPr") + "/" + qn("w:sectPr"))
        if sect is not None:
            found.append((sect, texts, pictures))
            texts, pictures = [], 0
    found.append((doc.element.body.find(qn("w:sectPr")), texts, pictures))
    result = []
    for sect, texts, pictures in found:
        size = sect.find(qn("w:pgSz"))
        result.append((int(size.get(qn("w:w"))) > int(size.get(qn("w:h"))), texts, pictures))
    return result


def _pdf_pages(pdf) -> list[tuple[bool, str]]:
    """Per page of a PDF as LibreOffice wrote it: (landscape, its text)."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = [tuple(map(float, m)) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")[:len(sizes)]
    return [(w > h, page) for (w, h), page in zip(sizes, pages, strict=True)]


def test_report_opens_in_libreoffice(demo, tmp_path, soffice):
    out = write_report([demo], tmp_path / "Bericht.docx", YEAR, DEMO_TODAY).paths[0]
    pdf = soffice(out, "pdf", tmp_path / "pdf")
    pages = _pdf_pages(pdf)
    assert 4 <= len(pages) <= 12, len(pages)
    text = "".join(page for _, page in pages)
    assert "Kennzahlen auf einen Blick" in text and "Brückenpartner" in text
    # the map has a landscape page of its own, under its heading; every other page is portrait
    assert [landscape for landscape, _ in pages] == [False] * (len(pages) - 1) + [True]
    assert "Netzwerkkarte" in pages[-1][1] and f"Seite {len(pages)} von {len(pages)}" in pages[-1][1]
    assert "Netzwerkkarte" not in "".join(page for _, page in pages[:-1])


def test_the_map_fills_a_landscape_section_of_its_own(demo, tmp_path):
    """Read back with python-docx: the map's section is landscape A4 with its letterhead, the rest portrait."""
    doc = Document(write_report([demo], tmp_path / "Bericht.docx", YEAR, DEMO_TODAY).paths[0])
    assert [(round(s.page_width.cm, 1), round(s.page_height.cm, 1)) for s in doc.sections] == [(21, 29.7),
                                                                                                (29.7, 21)]
    (_, before, _), (landscape, texts, pictures) = _sections(doc)
    assert landscape and "Netzwerkkarte" in texts and "Netzwerkkarte" not in before
    assert pictures == 1  # the map, alone on its page
    section = doc.sections[1]
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    cx, cy = max((int(e.get("cx")), int(e.get("cy"))) for e in doc.element.body.iter(qn("wp:extent")))
    assert cx <= width and cy <= height
    assert cx >= 0.95 * width or cy >= 0.8 * height  # as large as the page allows below its heading
    header = section.header
    assert not header.is_linked_to_previous and "{{" not in header._element.xml
    assert "Netzwerk Lindenhof" in header._element.xml  # the letterhead, as wide as the landscape page


def test_several_workbooks_give_each_map_its_landscape_page(demo, make_book, tmp_path, soffice):
    small = make_book({"partners": [{"id": "P001", "name": "Kita Sonne", "type": "Kita", "status": "aktiv"}]},
                      settings={"network_name": "Netzwerk Nord"})
    out = tmp_path / "Bericht.docx"
    out.write_bytes(build_report([read_book(demo), read_book(small), read_book(demo)], YEAR, DEMO_TODAY))
    sections = _sections(Document(out))
    assert [landscape for landscape, _, _ in sections] == [False, True] * 3
    for landscape, texts, _ in sections:
        assert ("Netzwerkkarte" in texts) == landscape
    assert [pictures for landscape, _, pictures in sections if landscape] == [1, 0, 1]  # Nord has no structure
    assert any(text.startswith("Keine Karte") for text in sections[3][1])
    pages = _pdf_pages(soffice(out, "pdf", tmp_path / "pdf"))
    wide = [i for i, (landscape, _) in enumerate(pages) if landscape]
    assert len(wide) == 3 and wide[-1] == len(pages) - 1
    for i, (landscape, text) in enumerate(pages):
        assert ("Netzwerkkarte" in text) == landscape, i
        assert text.strip(), f"page {i + 1} is empty"


def test_several_workbooks_give_a_total_and_one_part_each(demo, make_book, tmp_path):
    small = make_book({"partners": [{"id": "P001", "name": "Kita Sonne", "type": "Kita", "status": "aktiv"}],
                       }, settings={"network_name": "Netzwerk Nord"})
    books = [read_book(demo), read_book(small)]
    doc = Document(io.BytesIO(build_report(books, YEAR, DEMO_TODAY)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["Gesamt", "Netzwerk Lindenhof", "Netzwerk Nord"]
    total_row = next(row for row in _cells(doc) if row[0] == "Aktive Partner")  # the total comes first
    demo_active = indicators(books[0], YEAR, DEMO_TODAY).partners.active
    assert total_row[1] == str(demo_active + 1)


def test_english_report_uses_english_words_and_numbers(demo_book):
    doc = Document(io.BytesIO(build_report([demo_book], YEAR, DEMO_TODAY, "en")))
    rows = {row[0]: row for row in _cells(doc)}
    assert "Active partners" in rows and "Aktive Partner" not in rows
    assert rows["Active partners"][2].endswith("%)") and "\u00a0%" not in rows["Active partners"][2]


def test_number_formats():
    assert format_number(1234567, "de") == "1.234.567"
    assert format_number(12.5, "de", 1) == "12,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_share(0.5, "de") == "50\u00a0%"
    assert format_share(None, "de") == "–"


def test_map_labels_every_node_and_nothing_overlaps(demo_book):
    import matplotlib.pyplot as plt

    fig = draw_network(demo_book, YEAR, DEMO_TODAY)
    graph = network_graph(demo_book, YEAR, DEMO_TODAY)
    texts = {t.get_text().replace("\n", " ") for t in fig.axes[0].texts}
    for _, data in graph.nodes(data="data"):
        assert data.label in texts or any(data.label.startswith(t.split(" ")[0]) for t in texts), data.label
    assert len(fig.axes[0].texts) == len(graph)
    assert map_overlaps(fig) == []
    plt.close(fig)


def test_network_command_writes_png_and_kumu(demo, tmp_path):
    done = write_network(demo, tmp_path / "karte.png", tmp_path / "kumu.xlsx", YEAR, DEMO_TODAY)
    png, kumu = done.paths
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    wb = openpyxl.load_workbook(kumu)
    assert wb.sheetnames == ["Elements", "Connections"]
    elements = list(wb["Elements"].values)
    connections = list(wb["Connections"].values)
    assert elements[0] == ("Label", "Type", "Description", "Tags")
    assert connections[0] == ("From", "To", "Type")
    labels = [row[0] for row in elements[1:]]
    assert len(labels) == len(set(labels))  # Kumu joins connections to elements by label
    for source, target, _ in connections[1:]:
        assert source in labels and target in labels
    graph = network_graph(read_book(demo), YEAR, DEMO_TODAY)
    members = sum(1 for *_, kind in graph.edges(data="kind") if kind == MEMBER)
    assert sum(1 for row in connections[1:] if row[2] == "Mitglied") == members
    assert {"Schule", "Arbeitskreis"} <= {row[1] for row in elements[1:]}


def test_kumu_keeps_formula_like_names_as_text(make_book):
    book = read_book(make_book({
        "partners": [{"id": "P001", "name": "Verein", "type": "Verein", "status": "aktiv"}],
        "structures": [{"id": "S01", "name": "AK", "type": "Arbeitskreis", "field": "Bildung",
                        "members": ["P001"], "status": "aktiv"}]}))
    book.rows("partners")[0].values["name"] = '=HYPERLINK("http://x","klick")'  # as a user may type it
    wb = openpyxl.load_workbook(io.BytesIO(kumu_xlsx(book, YEAR, DEMO_TODAY)))
    cells = {c.value: c for c in wb["Elements"]["A"]}
    cell = cells['=HYPERLINK("http://x","klick")']
    assert cell.data_type == "s"


def test_calendar_has_one_event_per_planned_meeting_in_berlin_time(demo, demo_book, tmp_path):
    done = write_calendar(demo, tmp_path / "treffen.ics")
    calendar = Calendar.from_ical(done.paths[0].read_bytes())
    events = calendar.walk("VEVENT")
    planned = planned_meetings(demo_book)
    assert len(events) == len(planned) == done.count > 0
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar["METHOD"] == "PUBLISH"
    by_uid = {str(e["UID"]).split("-")[0]: e for e in events}
    for meeting in planned:
        start = by_uid[meeting.id]["DTSTART"].dt
        if meeting["start"]:
            assert start == dt.datetime.combine(meeting["date"], meeting["start"], BERLIN)
            assert start.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))
        else:
            assert start == meeting["date"]


def test_cli_refuses_bad_input_in_one_sentence(demo, tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", *args],
                              capture_output=True, text=True)

    result = run("report", str(demo), "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert result.stderr.strip() == "Bitte einen Dateinamen mit .docx oder einen Ordner angeben, nicht x.pdf."
    result = run("calendar", str(tmp_path / "fehlt.xlsx"), "--lang", "en")
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    result = run("network", str(demo), "--png", str(tmp_path / "k.png"), "--year", "20")
    assert result.returncode == 1 and "20 ist kein sinnvolles Jahr." in result.stderr


def test_a_file_open_in_word_is_not_overwritten(demo, tmp_path):
    from xlquartier.errors import FileLockedError

    out = tmp_path / "Bericht.ics"
    out.write_bytes(b"as the user left it")
    (tmp_path / "~$Bericht.ics").write_bytes(b"lock")
    with pytest.raises(FileLockedError):
        write_calendar(demo, out)
    assert out.read_bytes() == b"as the user left it"
