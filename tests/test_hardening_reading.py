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


# The far cell spelt the ways XML allows and python-calamine reads (before the fix the first four
# passed the byte scan and aborted the process asking for 512 GiB; the duplicate reference, which
# calamine takes the last of, is not well-formed XML and is refused as damaged).
FAR_CELLS = {
    "newline": '<row r="1048576"><c\nr="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "tab": '<row r="1048576"><c\tr="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "single quotes": "<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "lower case": '<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "mixed case": '<row r="1048576"><c r="Xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "behind a comment": '<row r="1048576"><!-- <row r="2"> --><c r="XFD1048576"/></row>',
    "duplicate reference": '<row r="5"><c r="B5" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
}


@pytest.mark.parametrize("spelling", FAR_CELLS)
def test_a_far_cell_in_any_spelling_is_refused(book, tmp_path, spelling):
    part = sheet_part(book, "Partner")
    cell = FAR_CELLS[spelling].encode()
    hostile = rewrite(book, tmp_path / "fern.xlsx",
                      lambda n, d: d.replace(b"</sheetData>", cell + b"</sheetData>") if n == part else d)
    words = "beschädigt" if spelling == "duplicate reference" else "XFD1048576"
    _assert_refused(run_measured("check", str(hostile)), words)


def test_a_parsed_sheet_with_a_document_type_is_refused_before_its_entities_expand(book, tmp_path):
    part = sheet_part(book, "Partner")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{laughs}]>'.encode()
    cell = b"<row r='9'><c r='A9' t='inlineStr'><is><t>&l9;</t></is></c></row>"  # quoted so: parsed

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        return data.replace(b"<worksheet", doctype + b"<worksheet", 1).replace(b"</sheetData>", cell + b"</sheetData>")

    _assert_refused(run_measured("check", str(rewrite(book, tmp_path / "dtd.xlsx", edit))), "Dokumenttyp")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(book, tmp_path):
    hostile = _bomb(book, tmp_path / "bomb.xlsx", 600)
    assert hostile.stat().st_size < 3_000_000
    _assert_refused(run_measured("check", str(hostile)), "gepackt")


def test_a_bomb_whose_header_understates_its_size_is_refused(book, tmp_path):
    hostile = _bomb(book, tmp_path / "liar.xlsx", 150)
    _understate(hostile, sheet_part(book, "Partner"), 50_000)
    _assert_refused(run_measured("check", str(hostile)), "gepackt")


def _with_shared_string(book: Path, out: Path, text: str, cells: int,
                        cell: bytes = b'<row r="%d"><c r="Z%d" t="s"><v>0</v></c></row>',
                        item: str = "<si><t>{}</t></si>") -> Path:
    """A workbook whose Partner sheet has ``cells`` cells (``cell`` % (row, row)) all showing one shared
    string (``item`` around ``text``)."""
    part = sheet_part(book, "Partner")
    rows = b"".join(cell % (r, r) for r in range(10, 10 + cells))
    strings = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
               f'spreadsheetml/2006/main" count="{cells}" uniqueCount="1">{item.format(text)}</sst>').encode()

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


# Spellings python-calamine reads that the byte scan did not count (before the fix each of these got
# through and took the child to its 3 GB cap).
SHARED_SPELLINGS = {
    "single quotes": (b"<row r='%d'><c r='Z%d' t='s'><v>0</v></c></row>", "<si><t>{}</t></si>"),
    "spaced type": (b'<row r="%d"><c r="Z%d" t = "s"><v>0</v></c></row>', "<si><t>{}</t></si>"),
    "spaced item": (b'<row r="%d"><c r="Z%d" t="s"><v>0</v></c></row>', "<si ><t>{}</t></si >"),
    "CDATA": (b'<row r="%d"><c r="Z%d" t="s"><v>0</v></c></row>', "<si><t><![CDATA[{}]]></t></si>"),
}


@pytest.mark.parametrize("spelling", SHARED_SPELLINGS)
def test_a_giant_shared_string_in_any_spelling_is_refused(book, tmp_path, spelling):
    cell, item = SHARED_SPELLINGS[spelling]
    hostile = _with_shared_string(book, tmp_path / "strings.xlsx", "x" * 30_000, 60_000, cell, item)
    _assert_refused(run_measured("check", str(hostile)), "Millionen Zeichen")


@pytest.mark.parametrize("spelling", ["plain", *SHARED_SPELLINGS])
def test_ordinary_shared_strings_read_as_before(book, tmp_path, spelling):
    spelt = SHARED_SPELLINGS.get(spelling, ())
    path = _with_shared_string(book, tmp_path / "ok.xlsx", "Ein ganz normaler Text", 200, *spelt)
    read = read_book(path)
    assert [r["name"] for r in read.rows("partners")][:4] == [p["name"] for p in PARTNERS]


def test_the_text_of_shared_cells_is_counted_exactly_however_spelt():
    from xlquartier.workbook import limits

    lengths = [5, 7, 11]
    plain = b'<sheetData><row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" s="1" t="s"><v>0</v></c></row></sheetData>'
    spelt = plain.replace(b'"', b"'")
    formula = (b'<sheetData><row r="1"><c r="A1" t="s"><f>X</f><v>1</v></c><c r="B1" t="s"><v>9</v></c></row>'
               b"</sheetData>")
    assert limits._expanded_text(plain, "x.xlsx", lengths) == 16
    assert limits._expanded_text(spelt, "x.xlsx", lengths) == 16
    assert limits._expanded_text(formula, "x.xlsx", lengths) == 7
    strings = b'<sst><si><t>abc</t></si><si ><r><t>de</t></r><r><t><![CDATA[fgh]]></t></r></si><si/></sst>'
    assert limits._string_lengths(strings, "x.xlsx") == [3, 5, 0]
    assert limits._longest_string(strings, "x.xlsx") == 5


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
