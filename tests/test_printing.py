"""Every sheet of the demo workbook and of a partner view, printed through LibreOffice: legible on A4.

One LibreOffice run converts both files (the slow part); the checks then read the PDFs:
which sheet each page belongs to (the footer names it), the headers at the top of each
page (no column alone on a page), word boxes (no text overlaps, nothing off the page) and
the text (nothing cut off, no formula errors).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from xlquartier.checks.run import run_check
from xlquartier.demo import write_demo_book
from xlquartier.demo_data import DEMO_TODAY
from xlquartier.schema import DATA_SHEETS, LISTS
from xlquartier.sharing.export import export_partner
from xlquartier.workbook import printing
from xlquartier.workbook.guide import lines as guide_lines

FOOTER = re.compile(r"^(\S+) – (\d+) / (\d+)$")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def _pages(pdf: Path) -> list[dict]:
    """Per page: its sheet (from the footer), its size and its words with their boxes."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for width, height, body in PAGE.findall(xml):
        words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in WORD.findall(body)]
        bottom = [w for w in words if w[1] > float(height) - 40]  # the footer line, 0.3 inch from the edge
        footer = " ".join(w[4] for w in sorted(bottom, key=lambda w: w[0]))
        match = FOOTER.match(footer)
        sheet = match.group(1) if match else None
        pages.append({"sheet": sheet, "width": float(width), "height": float(height), "words": words})
    return pages


@pytest.fixture(scope="session")
def printed(tmp_path_factory, soffice):
    """The demo workbook (checked, so Prüfung is filled) and a partner view, as PDFs."""
    folder = tmp_path_factory.mktemp("printed")
    book = write_demo_book(folder / "demo")
    run_check(book, DEMO_TODAY, write=True)
    view = export_partner(book, "P001", folder / "demo" / "Ansicht.xlsx", today=DEMO_TODAY)
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    profile = tmp_path_factory.mktemp("lo-print")
    subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder / "pdf"), str(book), str(view)],
                   check=True, capture_output=True, timeout=300)
    return {"book": (book, _pages(folder / "pdf" / f"{book.stem}.pdf")),
            "view": (view, _pages(folder / "pdf" / f"{view.stem}.pdf"))}


def _by_sheet(pages: list[dict]) -> dict[str, list[dict]]:
    found = defaultdict(list)
    for page in pages:
        if page["words"]:
            found[page["sheet"]].append(page)
    return found


@pytest.mark.parametrize("which", ["book", "view"])
def test_every_sheet_prints_with_a_footer_and_sensible_page_counts(printed, which):
    path, pages = printed[which]
    sheets = _by_sheet(pages)
    assert None not in sheets, "a page without the sheet footer"
    visible = [ws.title for ws in openpyxl.load_workbook(path, read_only=True).worksheets
               if ws.sheet_state == "visible"]
    assert set(sheets) == set(visible)
    assert len(sheets["Übersicht"]) == 1 and len(sheets["Listen"]) <= 4 and len(sheets["Anleitung"]) <= 5
    if which == "book":
        assert len(sheets["Einstellungen"]) <= 3 and len(sheets["Prüfung"]) <= 5
        assert len(pages) < 215  # about 70 of them the 560 entries of the minutes in Aufgaben
    else:
        assert "Einstellungen" not in sheets and len(pages) < 60


@pytest.mark.parametrize("which", ["book", "view"])
def test_no_column_alone_on_a_page(printed, which):
    """Each page of a data sheet shows the repeated ID and name columns and at least two more."""
    _, pages = printed[which]
    for sheet, found in _by_sheet(pages).items():
        spec = next((s for s in DATA_SHEETS.values() if s.de == sheet), None)
        if spec is None:
            continue
        for page in found:
            top = {w[4] for w in page["words"] if w[1] < page["height"] * 0.16}
            shown = [c.de for c in spec.columns if c.de.split()[0] in top]
            assert len(shown) >= 4 or len(shown) == len(spec.columns), (sheet, shown)


def test_the_check_sheet_prints_whole_pages_with_its_header_row(printed):
    """Prüfung, written by check --write: every page shows all six columns under the repeated header
    row, and every message stays inside its row (a row too low for its text runs into the next)."""
    book, pages = printed["book"]
    found = _by_sheet(pages)["Prüfung"]
    assert len(found) >= 2
    messages = [re.sub(r"\s", "", row[5]) for row in openpyxl.load_workbook(book, read_only=True)["Prüfung"]
                .iter_rows(min_row=2, values_only=True)]
    spilled, done = [], 0
    for page in found:
        words = sorted(page["words"], key=lambda w: (round(w[1]), w[0]))
        assert [w[4] for w in words[:6]] == ["Code", "Schwere", "Blatt", "Zelle", "Befund", "Meldung"]
        code_x, message_x, header_y = words[0][0], words[5][0], words[0][1]
        body = [w for w in words if header_y + 2 < w[1] < page["height"] - 40]
        tops = [w[1] for w in body if w[0] < code_x + 2] + [page["height"] - 40]  # each row's top
        text = iter(w for w in body if w[0] >= message_x - 1)  # the messages' words, line by line
        for top, next_top in zip(tops, tops[1:], strict=False):
            need, lines = len(messages[done]), []
            while need > 0:  # a message's characters, wherever its words were broken
                word = next(text)
                need -= len(re.sub(r"\s", "", word[4]))
                lines.append(word)
            if min(w[1] for w in lines) < top - 1 or max(w[3] for w in lines) > next_top + 1.5:
                spilled.append(messages[done][-40:])
            done += 1
    assert done == len(messages) and spilled == []


@pytest.mark.parametrize("which", ["book", "view"])
def test_no_text_overlaps_or_leaves_the_page(printed, which):
    _, pages = printed[which]
    for number, page in enumerate(pages, start=1):
        words = sorted(page["words"], key=lambda w: w[1])
        for x0, _y0, x1, y1, text in words:
            assert 0 <= x0 and x1 <= page["width"] and y1 <= page["height"], (number, text)
        for i, (ax0, ay0, ax1, ay1, a) in enumerate(words):
            for bx0, by0, bx1, by1, b in words[i + 1:]:
                if by0 >= ay1:
                    break
                # word boxes of neighbouring lines touch; printed over each other they share most of both
                overlap_x = min(ax1, bx1) - max(ax0, bx0)
                overlap_y = min(ay1, by1) - max(ay0, by0)
                assert (overlap_x <= 0.3 * min(ax1 - ax0, bx1 - bx0)
                        or overlap_y <= 0.5 * min(ay1 - ay0, by1 - by0)), (number, page["sheet"], a, b)


def _text(pages: list[dict], sheet: str) -> str:
    return " ".join(w[4] for p in pages if p["sheet"] == sheet for w in p["words"])


def test_the_printed_text_is_whole(printed):
    _, pages = printed["book"]
    guide = _text(pages, "Anleitung")
    assert "=DUBLETTEN(tblPartner[Name];" in guide and "Err:" not in guide  # stored as text, shown as text
    expected = [line.split()[0] for line, _ in guide_lines("de") if line]
    assert all(word in guide for word in expected)
    lists = _text(pages, "Listen")
    for spec in LISTS.values():
        for value in spec.labels("de"):
            assert all(part in lists for part in value.split()), value  # no list value cut off
    meetings = _text(pages, "Treffen")
    assert meetings.count("Verschiedenes") >= 80  # the last agenda line of every meeting shows
    assert "Ansprechperson (Name)" in _text(pages, "Einstellungen")
    view_pages = printed["view"][1]
    assert "Ihre Zahlen" in _text(view_pages, "Übersicht") and "Aktive Partner" not in _text(view_pages, "Übersicht")
    assert "Anleitung für Partner" in _text(view_pages, "Anleitung")
    assert "Rechtsgrundlage" not in _text(view_pages, "Listen") and "Aufgabenstatus" in _text(view_pages, "Listen")


def test_header_words_are_never_split():
    assert printing.header_width("VereinbarungID", 11) >= 17
    assert printing.header_width("Anzahl Teilnehmende", 11) >= 15
    assert printing.text_lines("eins zwei drei", 11) == 2
    assert printing.text_lines("a\nb\nc", 40) == 3
    assert printing.row_height(["kurz"], [20]) is None
