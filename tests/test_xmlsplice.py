"""The write-back's XML layer against an independent reader (openpyxl), over generated sheets.

Each generated sheet spells its XML in one of the ways the standard allows: main namespace
on a prefix or not, rows and cells with or without ``r`` (where the position follows from
the one before), either quote, a comment among the rows (which sends the layer down its
tokenizing path). Cells are then written and marked through ``Package``; openpyxl must read
every old value that was not overwritten, every new value, and the marks.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from xlquartier.errors import WorkbookError
from xlquartier.workbook import xmlsplice as x
from xlquartier.workbook.write import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(cells: dict[tuple[int, int], int], prefix: str, drop_r: bool, quote: str, comment: bool) -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    out = [f"<{p}worksheet {ns}><{p}sheetData>"]
    previous_row = 0
    for number in sorted({r for r, _ in cells}):
        r = "" if drop_r and number == previous_row + 1 else f" r={quote}{number}{quote}"
        out.append(f"<{p}row{r}>")
        previous_col = 0
        for column in sorted(c for rr, c in cells if rr == number):
            ref = f"{get_column_letter(column)}{number}"
            cr = "" if drop_r and column == previous_col + 1 else f" r={quote}{ref}{quote}"
            out.append(f"<{p}c{cr}><{p}v>{cells[(number, column)]}</{p}v></{p}c>")
            previous_col = column
        out.append(f"</{p}row>")
        if comment and number == previous_row + 1:
            out.append("<!-- </sheetData> -->")
        previous_row = number
    out.append(f"</{p}sheetData></{p}worksheet>")
    return "".join(out).encode()


def book_with(tmp: Path, xml: bytes) -> Path:
    path = tmp / "b.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Blatt"
    wb.save(path)
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts["xl/worksheets/sheet1.xml"] = xml
    with zipfile.ZipFile(path, "w") as dst:
        for n, d in parts.items():
            dst.writestr(n, d)
    return path


positions = st.tuples(st.integers(1, 12), st.integers(1, 8))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.dictionaries(positions, st.integers(0, 999), max_size=30),
       writes=st.dictionaries(positions, st.integers(1000, 1999), min_size=1, max_size=8),
       marks=st.dictionaries(positions, st.sampled_from(["error", "warning", "hint"]), max_size=6),
       prefix=st.sampled_from(["", "x"]), drop_r=st.booleans(), quote=st.sampled_from(['"', "'"]),
       comment=st.booleans())
def test_written_and_marked_cells_read_back_with_openpyxl(tmp_path_factory, cells, writes, marks, prefix,
                                                          drop_r, quote, comment):
    path = book_with(tmp_path_factory.mktemp("gen"), sheet_xml(cells, prefix, drop_r, quote, comment))
    ref = {pos: f"{get_column_letter(pos[1])}{pos[0]}" for pos in {*cells, *writes, *marks}}
    with Package.open(path) as pkg:
        pkg.set_cells("Blatt", {ref[pos]: value for pos, value in writes.items()})
        pkg.mark("Blatt", {ref[pos]: severity for pos, severity in marks.items()})
    ws = openpyxl.load_workbook(path)["Blatt"]
    got = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
    assert got == cells | writes
    fills = {"error": "FFF8B4B4", "warning": "FFFFE08A", "hint": "FFBFDDF5"}
    for pos, severity in marks.items():
        assert ws.cell(*pos).fill.fgColor.rgb == fills[severity]
    with Package.open(path) as pkg:
        assert pkg.clear_marks() == len(marks)
    ws = openpyxl.load_workbook(path)["Blatt"]
    assert {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None} == (
        cells | writes)
    assert all(ws.cell(*pos).fill.fill_type is None for pos in marks)


def test_attributes_read_as_a_parser_reads_them():
    root = x.parse(b"<a xmlns='urn:a' xmlns:q=\"urn:q\" n = 'Pr&#252;fung &amp; &#x41;' q:n=\"1\"\tm=\"a\nb\">"
                   b"<!-- <b/> --><![CDATA[<c/>]]><q:b/></a>")
    assert root.attrs == {"n": "Prüfung & A", "{urn:q}n": "1", "m": "a b"}
    assert [(c.ns, c.local) for c in root.children] == [("urn:q", "b")]


@pytest.mark.parametrize("bad", [
    b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',  # entity expansion needs a DTD: refused outright
    b"<a><b></a>",
    b'<a n="&bogus;"/>',
    b"<a/><b/>",
    b"<p:a/>",
])
def test_what_is_not_well_formed_is_refused_in_one_sentence(bad):
    with pytest.raises(WorkbookError, match="not valid XML"):
        x.parse(bad)
