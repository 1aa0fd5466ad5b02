"""Property tests: whatever people type into cells, the reader and the checks neither crash
nor point at a cell that does not exist."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from xlquartier.checks import check
from xlquartier.schema import DATA_SHEETS, LISTS
from xlquartier.workbook.read import book_from_values
from xlquartier.workbook.values import EXCEL_ERRORS

TODAY = dt.date(2026, 6, 1)

TRICKY = ["=1+1", "{{ x }}", "{% for p in partners %}", "=HYPERLINK(\"http://x\")", "@SUMME(A1)", "+49 30 1",
          "QM", "qm", "P001", "p001", "K001", "S01", "T001", "A001", "J001", "; ;", "\n", "  ", "#", "#N/A ",
          "01.02.2026", "2026-02-31", "31.02.2026", "17:30", "25:61", "0", "-1", "1e9", "12,5", "ja", "JA",
          "_x0041_", "<b>&amp;</b>", "\x00\x07", "P001; P002\nQM", "Grundschule am Park"]
LIST_VALUES = [v for spec in LISTS.values() for pair in spec.entries for v in pair]

cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet=string.ascii_letters + " ;.-@", max_size=12),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.times(),
    st.sampled_from(sorted(EXCEL_ERRORS)),
    st.sampled_from(TRICKY),
    st.sampled_from(LIST_VALUES),
    st.integers(min_value=200, max_value=2000).map(lambda n: "lang " * n),
)


@st.composite
def sheets(draw):
    """Every data sheet (some left out), each with its headers (some dropped) and random rows."""
    result: dict[str, list[list]] = {}
    for spec in DATA_SHEETS.values():
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing sheet
        lang = draw(st.sampled_from(["de", "en"]))
        columns = [c for c in spec.columns if draw(st.integers(0, 7)) > 0]
        header = [c.header(lang) for c in columns]
        n_rows = draw(st.integers(0, 6))
        rows = [[draw(cell_values) for _ in columns] for _ in range(n_rows)]
        result[spec.name(lang)] = [header] + rows
    return result


ENTRY_CODES = {"missing-sheet", "missing-column", "required", "not-in-list", "bad-date", "date-as-text",
               "bad-number", "bad-email", "bad-phone", "bad-postcode", "duplicate-id", "unknown-ref",
               "ambiguous-ref", "date-order", "status-mismatch", "excel-error"}


def assert_points_at_existing_cells(values, findings):
    for finding in findings:
        assert finding.severity in ("error", "warning", "hint")
        assert finding.message.strip()
        if finding.code == "missing-sheet":
            assert finding.sheet not in values and finding.row is None
            continue
        if finding.code == "schema-outdated":  # about the whole file
            assert finding.sheet is None and finding.row is None and finding.cell is None
            continue
        assert finding.sheet in values, finding
        headers = values[finding.sheet][0]
        if finding.row is None:
            continue  # about a whole column or sheet
        assert 2 <= finding.row <= len(values[finding.sheet]), finding
        if finding.column is not None:
            assert finding.column in headers, finding
            letter = get_column_letter(headers.index(finding.column) + 1)
            assert finding.cell == f"{letter}{finding.row}", finding


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_entry_findings_point_at_existing_cells(values):
    book = book_from_values(values)
    findings = check(book, TODAY)
    assert check(book, TODAY) == findings  # and the same ones every time
    entries = [f for f in findings if f.code in ENTRY_CODES]
    assert_points_at_existing_cells(values, entries)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_every_finding_points_at_an_existing_cell(values):
    book = book_from_values(values)
    assert_points_at_existing_cells(values, check(book, TODAY))
