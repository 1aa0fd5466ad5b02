"""Hostile workbooks get one sentence and exit 2, in bounded memory and time; bad settings never hang.

Each hostile file is made here. Before the fix (main at c6879eb) the far cell aborted the process
(calamine asked for 512 GiB, exit -6), the zip bombs went past the 3 GB memory cap of the child
(MemoryError), the shared-strings bomb likewise, and a duplicate threshold of 0 hung ``check``.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from tests.hostile import add_cell, rewrite, run_measured, sheet_part
from xlquartier.checks.matching import _edits_allowed, find_duplicate_names
from xlquartier.errors import UserError, WorkbookError
from xlquartier.workbook.read import read_book

PEAK_MB = 500
SECONDS = 10

PARTNERS = [{"id": f"P{i:03d}", "name": f"Verein {name}", "type": "Verein", "status": "aktiv"}
            for i, name in enumerate(("Sonnenschein", "Regenbogen", "Lindenhof", "Am Park"), start=1)]


@pytest.fixture
def book(make_book) -> Path:
    return make_book({"partners": PARTNERS})


def _assert_refused(result: tuple[int, float, float, str], words: str) -> None:
    code, peak, seconds, output = result
    assert code == 2, output
    assert "Traceback" not in output and "UNCAUGHT" not in output, output
    assert words in output, output
    assert peak < PEAK_MB, f"peak {peak:.0f} MB"
    assert seconds < SECONDS, f"{seconds:.1f} s"


def test_a_value_in_the_last_cell_of_the_sheet_is_refused_in_bounded_memory(book, tmp_path):
    part = sheet_part(book, "Partner")
    hostile = rewrite(book, tmp_path / "fern.xlsx", lambda n, d: add_cell(d, "XFD1048576") if n == part else d)
    assert hostile.stat().st_size < 100_000
    for command in (["check", str(hostile)], ["check", str(hostile), "--write"], ["report", str(hostile)]):
        _assert_refused(run_measured(*command), "XFD1048576")


def test_a_far_cell_in_a_returned_partner_view_is_refused(book, tmp_path):
    from xlquartier.sharing.export import export_partner
    from xlquartier.sharing.manifest import SHEET

    view = export_partner(book, "P001", tmp_path / "view.xlsx")
    for sheet in ("Personen", SHEET):
        part = sheet_part(view, sheet)
        hostile = rewrite(view, tmp_path / f"back-{sheet}.xlsx",
                          lambda n, d, part=part: add_cell(d, "XFD1048576") if n == part else d)
        _assert_refused(run_measured("share", "import", str(book), str(hostile)), "XFD1048576")


def _bomb(book: Path, out: Path, megabytes: int) -> Path:
    """The Partner sheet followed by ``megabytes`` MB of repeated rows, packed about 1000:1."""
    part = sheet_part(book, "Partner")
    chunk = b'<row r="2"><c r="A2"><v>1</v></c></row>' * 25_000  # ~1 MB
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename != part:
                zout.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with zout.open(info.filename, "w") as fh:
                fh.write(head)
                for _ in range(megabytes):
                    fh.write(chunk)
                fh.write(b"</sheetData>" + tail)
    return out


def _understate(path: Path, part: str, size: int) -> None:
    """Make the zip headers claim that ``part`` unpacks to ``size`` bytes (it unpacks to far more)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, info.header_offset + 22, size)  # local header: uncompressed size
    name, at, patched = part.encode(), 0, 0
    while (at := data.find(b"PK\x01\x02", at + 1)) != -1:  # central directory entries
        if data[at + 46:at + 46 + len(name)] == name:
            struct.pack_into("<I", data, at + 24, size)
            patched += 1
    assert patched == 1
    path.write_bytes(bytes(data))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(book, tmp_path):
    hostile = _bomb(book, tmp_path / "bomb.xlsx", 600)
    assert hostile.stat().st_size < 3_000_000
    _assert_refused(run_measured("check", str(hostile)), "gepackt")


def test_a_bomb_whose_header_understates_its_size_is_refused(book, tmp_path):
    hostile = _bomb(book, tmp_path / "liar.xlsx", 150)
    _understate(hostile, sheet_part(book, "Partner"), 50_000)
    _assert_refused(run_measured("check", str(hostile)), "gepackt")


def _with_shared_string(book: Path, out: Path, text: str, cells: int) -> Path:
    """A workbook whose Partner sheet has ``cells`` cells all showing one shared string."""
    part = sheet_part(book, "Partner")
    rows = b"".join(b'<row r="%d"><c r="Z%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(10, 10 + cells))
    strings = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
               f'spreadsheetml/2006/main" count="{cells}" uniqueCount="1"><si><t>{text}</t></si></sst>').encode()

    def edit(name: str, data: bytes) -> bytes:
        if name == part:
            return data.replace(b"</sheetData>", rows + b"</sheetData>")
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats'
                                b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                b"</Relationships>")
        return data

    rewrite(book, out, edit)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", strings)
    return out


def test_one_giant_shared_string_in_many_cells_is_refused(book, tmp_path):
    hostile = _with_shared_string(book, tmp_path / "strings.xlsx", "x" * 30_000, 60_000)
    assert hostile.stat().st_size < 2_000_000
    _assert_refused(run_measured("check", str(hostile)), "Millionen Zeichen")


def test_ordinary_shared_strings_read_as_before(book, tmp_path):
    path = _with_shared_string(book, tmp_path / "ok.xlsx", "Ein ganz normaler Text", 200)
    read = read_book(path)
    assert [r["name"] for r in read.rows("partners")][:4] == [p["name"] for p in PARTNERS]


def test_used_area_counts_cells_without_references_and_with_prefixes():
    from xlquartier.workbook import limits

    plain = b'<sheetData><row><c><v>1</v></c><c t="s"/></row><row r="7"><c r="C7"/><c/></row></sheetData>'
    assert limits._used_area(plain)[:2] == (7, 4)
    prefixed = b'<x:sheetData><x:row r="2"><x:c r="AB2"><x:v>1</x:v></x:c></x:row></x:sheetData>'
    assert limits._used_area(prefixed)[:2] == (2, 28)
    wide = b'<sheetData><row r="3"><c r="B3"/><c r="AAB3"/></row></sheetData>'
    assert limits._used_area(wide)[1] == 704
    with pytest.raises(WorkbookError):
        limits._check_area("x.xlsx", "Partner", *limits._used_area(b'<row r="9"><c r="XFD9"/></row>')[:2], "XFD9")


def test_a_duplicate_threshold_of_zero_is_a_finding_not_a_hang(make_book, tmp_path):
    path = make_book({"partners": PARTNERS}, settings={"dup_partner_score": 0, "overlap_days": 10**12})
    code, _, seconds, output = run_measured("check", str(path), "--format", "json", timeout=60)
    assert seconds < SECONDS and code in (0, 1), output
    assert output.count('"bad-setting"') == 2, output
    assert "rechnet deshalb mit 90" in output


def test_the_edit_count_stops_at_the_word_length_and_threshold_0_is_one_sentence():
    assert _edits_allowed(6, 1) <= 6
    assert _edits_allowed(6, 90) == 0
    names = ["Verein Sonnenschein", "Verein Sonnenschien", "Kita Regenbogen"]
    with pytest.raises(UserError):
        find_duplicate_names(names, 0)
    assert (0, 1) in [(p.first, p.second) for p in find_duplicate_names(names, 1)]
