"""The demo neighbourhood's planted problems are found by the network-health checks, by name,
in German and English; and the whole check stays quick on it."""

from __future__ import annotations

import pytest

from xlquartier.checks import check, duplicates, privacy, reliability
from xlquartier.demo import DEMO_TODAY, write_demo_book
from xlquartier.demo_data import PLANTED
from xlquartier.workbook.read import read_book

NETWORK = {fn.__name__.replace("_", "-") for m in (duplicates, reliability, privacy) for fn in m.CHECKS}
MINE = sorted(code for code in PLANTED if code in NETWORK)


@pytest.fixture(scope="module", params=["de", "en"])
def demo(request, tmp_path_factory):
    book = read_book(write_demo_book(tmp_path_factory.mktemp(f"demo-{request.param}"), request.param))
    return book, check(book, DEMO_TODAY)


def test_the_demo_plants_a_problem_for_most_network_codes():
    assert len(MINE) >= 16
    assert {"duplicate-partner", "duplicate-person", "duplicate-structure", "dock-suggestion", "too-many-topics",
            "partner-overload", "person-overload", "overdue-task", "minutes-late", "agreement-review-due",
            "consent-missing", "deletion-review-due", "logo-not-released", "logo-missing", "no-win-win"} <= set(MINE)


@pytest.mark.parametrize("code", MINE)
def test_planted_problem_is_found(demo, code):
    book, findings = demo
    hits = [f for f in findings if f.code == code and PLANTED[code] in f.message]
    assert hits, f"{code}: nothing names {PLANTED[code]!r}"
    sheets = {book.tables[key].name for key in book.tables}
    assert all(f.sheet in sheets and f.row and f.cell for f in hits)


def test_the_planted_pairs_name_both_rows(demo):
    book, findings = demo
    partner = next(f for f in findings if f.code == "duplicate-partner" and "Sonnenschein" in f.message)
    assert "KiTa Sonnenschein eV" in partner.message and "Kita Sonnenschein e.V." in partner.message
    structure = next(f for f in findings if f.code == "duplicate-structure" and "AK Sichere Gehwege" in f.message)
    assert structure.message.startswith("AK Sichere Gehwege")
    assert "AK Sicherheit & Barrierefreiheit" in structure.message
    assert ("4 von 4 Mitgliedern" if book.lang == "de" else "4 of 4 members") in structure.message
    task = next(f for f in findings if f.code == "overdue-task" and "Bänke am Mühlenbach" in f.message)
    assert ("kein Erledigungsvermerk" if book.lang == "de" else "no note") in task.message
