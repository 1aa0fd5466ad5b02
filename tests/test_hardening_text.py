"""Whatever text a cell or setting holds, every writer writes it (property test over every writer).

Control characters come back from Excel files (``_x0001_``) and from partners' answers; ``$…$``
is mathtext to matplotlib. Before the fix (main at c6879eb) one control character made
``share export``, ``network --kumu`` and ``report`` fail with a traceback, and a structure name
with broken mathtext made ``network`` and ``report`` fail.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook

from tests.documents_book import SETTINGS, TODAY, document_rows
from xlquartier.documents import write_contacts, write_minutes
from xlquartier.report.annual import build_report
from xlquartier.report.calendar import meeting_calendar
from xlquartier.report.network import kumu_xlsx, network_png
from xlquartier.safe import xml_text
from xlquartier.sharing.export import _export
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import read_book
from xlquartier.workbook.tables import Book

NASTY = "AK \x01Sicher\x0bheit $a^$ \\frac{1}{0} _x0007_ \ufffe\uffff <&> {{ x }} %s \x00 Ende"
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    list("\x00\x01\x08\x0b\x0c\x1f\x7f$\\^_{}%&<>\ufffe\uffff")), min_size=1, max_size=40)
FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Where the text goes: (sheet, row ID, column) and settings; names that other rows refer to by ID only.
PLACES = [("structures", "S01", "name"), ("partners", "P001", "name"), ("partners", "P003", "short_name"),
          ("people", "K001", "last_name"), ("meetings", "T002", "place"), ("tasks", "A004", "description"),
          ("tasks", "A001", "note"), ("agreements", "V001", "subject")]
SETTING_KEYS = ("qm_name", "network_name", "quarter")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Book:
    folder = tmp_path_factory.mktemp("text-book")
    return read_book(build_workbook(folder / "Netzwerk.xlsx", "de", data=document_rows(), settings=SETTINGS))


def with_text(base: Book, text: str) -> Book:
    """A copy of the book with ``text`` in names, places, notes and settings (and a list value)."""
    book = copy.deepcopy(base)
    book._index = {}
    for sheet, row_id, column in PLACES:
        row = book.table(sheet).by_id()[row_id]
        row.values[column] = row.raw[column] = f"{text} {row.values.get(column) or ''}"
    agenda = book.table("meetings").by_id()["T002"]
    agenda.values["agenda"] = [*agenda.values["agenda"], text]
    book.table("partners").by_id()["P001"].values["fields"] = ["Bildung", text]
    book.lists["field"] = [*book.list_values("field"), text]
    for key in SETTING_KEYS:
        book.settings[key] = f"{text} {book.settings.get(key) or ''}"
    return book


def _visible(text: str) -> str:
    return " ".join(xml_text(text).split())


@FAST
@given(text=TEXT)
@example(text=NASTY)
def test_share_export_writes_any_text(base, tmp_path, text):
    book = with_text(base, text)
    out = _export(book, tmp_path / "Netzwerk.xlsx", "P001", tmp_path / "view.xlsx", TODAY)
    workbook = load_workbook(out)
    cells = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
    assert _visible(text) in " ".join(cells.split())


@FAST
@given(text=TEXT)
@example(text=NASTY)
def test_kumu_writes_any_text(base, text):
    book = with_text(base, text)
    workbook = load_workbook(io.BytesIO(kumu_xlsx(book, 2026, TODAY)))
    labels = [c.value for c in workbook["Elements"]["A"]]
    assert any(_visible(text) in " ".join(str(label).split()) for label in labels)


@FAST
@given(text=TEXT)
@example(text=NASTY)
def test_the_calendar_writes_any_text(base, text):
    book = with_text(base, text)
    parsed = Calendar.from_ical(meeting_calendar(book, stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).to_ical())
    events = [c for c in parsed.walk() if c.name == "VEVENT"]
    assert events and all(str(e["summary"]).startswith(_visible(text)[:1]) for e in events)


@FAST
@given(text=TEXT)
@example(text=NASTY)
def test_documents_write_any_text(base, tmp_path, text):
    book = with_text(base, text)
    contacts = write_contacts(book, tmp_path / "Kontaktliste.docx", today=TODAY)
    minutes = write_minutes(book, ["T002"], out_dir=tmp_path / "minutes", today=TODAY)
    assert contacts.written and minutes.written
    for path in (*contacts.written, *minutes.written):
        document = docx.Document(str(path))
        assert document.paragraphs


@pytest.mark.filterwarnings("ignore:Glyph")  # exotic characters the font lacks are drawn as boxes
@SLOW
@given(text=TEXT)
@example(text=NASTY)
def test_the_report_and_the_map_write_any_text(base, text):
    book = with_text(base, text)
    png = network_png(book, 2026, TODAY)
    assert png.startswith(b"\x89PNG")
    report = build_report([book], 2026, TODAY)
    document = docx.Document(io.BytesIO(report))
    with zipfile.ZipFile(io.BytesIO(report)) as archive:
        assert archive.testzip() is None
    heading = " ".join(p.text for p in document.paragraphs[:3])
    assert _visible(text)[:10] in " ".join(heading.split())


def test_the_cli_writers_on_a_workbook_file_with_control_characters(tmp_path):
    """The commands of the issue, on a real file whose cells hold ``_x0001_`` escapes and mathtext."""
    from typer.testing import CliRunner

    from xlquartier.cli import app
    from xlquartier.workbook.write import Package

    path = build_workbook(tmp_path / "ctl.xlsx", "de", data=document_rows(), settings=SETTINGS)
    book = read_book(path)
    with Package.open(path) as pkg:
        pkg.set_cells("Partner", {"B2": "Grundschule\x01 am $Park$"})
        pkg.set_cells("Strukturen", {"B2": "AK $Sicher^$heit\x02"})
        pkg.set_cells("Einstellungen", {f"B{book.setting_rows['qm_name']}": "QM\x07 Lindenhof"})
    assert "\x01" in read_book(path).rows("partners")[0]["name"]
    runner = CliRunner()
    for args in (["share", "export", str(path), "--partner", "P001", "--out", str(tmp_path / "v.xlsx")],
                 ["share", "export", str(path), "--all", "--out", str(tmp_path / "views")],
                 ["network", str(path), "--kumu", str(tmp_path / "k.xlsx"), "--png", str(tmp_path / "m.png")],
                 ["report", str(path), "--out", str(tmp_path / "r.docx"), "--year", "2026"],
                 ["calendar", str(path), "--out", str(tmp_path / "c.ics")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output, result.exception)
    view = load_workbook(tmp_path / "v.xlsx")
    assert view["Partner"]["B2"].value == "Grundschule\ufffd am $Park$"
