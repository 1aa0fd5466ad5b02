"""The pure-Python stand-ins of ``xlquartier.checks.similarity`` (used in xlwings Lite, where
rapidfuzz cannot be installed) score exactly as rapidfuzz does."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from xlquartier.checks import similarity as sim

TOLERANCE = 1e-9  # float rounding only
# Few letters, spaces and punctuation, so random strings share letters and words.
short = st.text(alphabet="abcäöß .-", max_size=14)
names = st.lists(st.text(alphabet="abcdeäß ", max_size=20), max_size=6)


def test_rapidfuzz_is_used_where_installed():
    assert sim.RAPIDFUZZ and sim.ratio is fuzz.ratio and sim.WRatio is fuzz.WRatio
    assert sim.extract is process.extract and sim.osa_distance is OSA.distance


@settings(max_examples=400, deadline=None)
@given(short, short)
def test_ratio_token_sort_and_osa_are_rapidfuzz(a, b):
    assert sim.py_ratio(a, b) == pytest.approx(fuzz.ratio(a, b), abs=TOLERANCE)
    assert sim.py_token_sort_ratio(a, b) == pytest.approx(fuzz.token_sort_ratio(a, b), abs=TOLERANCE)
    assert sim.py_osa_similarity(a, b) == OSA.normalized_similarity(a, b)  # bit for bit: thresholds compare it
    assert sim.py_osa_distance(a, b) == OSA.distance(a, b)
    assert sim.py_ratio(a, b) == fuzz.ratio(a, b)


@settings(max_examples=400, deadline=None)
@given(short, st.text(alphabet="abcäöß .-", max_size=60))
def test_partial_ratio_and_wratio_are_rapidfuzz(a, b):
    assert sim.py_partial_ratio(a, b) == pytest.approx(fuzz.partial_ratio(a, b), abs=TOLERANCE)
    assert sim.py_wratio(a, b) == pytest.approx(fuzz.WRatio(a, b), abs=TOLERANCE)
    assert sim.py_wratio(b, a) == pytest.approx(fuzz.WRatio(b, a), abs=TOLERANCE)


@pytest.mark.parametrize(("a", "b"), [
    ("kita sonnenschein", "sonnenschein kita"), ("kita sonnenschein", "kita sonnenschein am park"),
    ("grundschule am park", "grundschule am markt"), ("awo", "arbeiterwohlfahrt kreisverband mitte"),
    ("x" * 70 + " a", "b " + "x" * 69 + "y" * 30), ("", "a"), ("a", ""), ("", ""), (" ", "a b"),
])
def test_wratio_on_typical_and_edge_cases(a, b):
    assert sim.py_wratio(a, b) == pytest.approx(fuzz.WRatio(a, b), abs=TOLERANCE)
    assert sim.py_ratio(a, b) == pytest.approx(fuzz.ratio(a, b), abs=TOLERANCE)


def _same_hits(ours, theirs):
    assert [(c, k) for c, _, k in ours] == [(c, k) for c, _, k in theirs]
    assert [s for _, s, _ in ours] == pytest.approx([s for _, s, _ in theirs], abs=TOLERANCE)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeäß ", max_size=12), names, st.sampled_from([None, 1, 3]),
       st.sampled_from([None, 0, 50, 60, 90]))
def test_extract_is_rapidfuzz(query, choices, limit, cutoff):
    for scorer, ours in ((fuzz.WRatio, sim.py_wratio), (fuzz.ratio, sim.py_ratio)):
        _same_hits(sim.py_extract(query, choices, scorer=ours, limit=limit, score_cutoff=cutoff),
                   process.extract(query, choices, scorer=scorer, limit=limit, score_cutoff=cutoff))
    keyed = {10 - i: c for i, c in enumerate(choices)}
    _same_hits(sim.py_extract(query.upper(), keyed, scorer=sim.py_wratio, limit=limit, processor=str.casefold),
               process.extract(query.upper(), keyed, scorer=fuzz.WRatio, limit=limit, processor=str.casefold))
    ours_one = sim.py_extract_one(query, choices, scorer=sim.py_osa_similarity)
    theirs_one = process.extractOne(query, choices, scorer=OSA.normalized_similarity)
    _same_hits([ours_one] if ours_one else [], [theirs_one] if theirs_one else [])


def test_matching_works_without_rapidfuzz_or_numpy():
    code = textwrap.dedent("""
        import sys

        class NoRapidfuzz:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("rapidfuzz", "numpy"):
                    raise ImportError("not at hand in xlwings Lite")

        sys.meta_path.insert(0, NoRapidfuzz())
        from xlquartier.checks import similarity
        from xlquartier.checks.matching import closest, earliest_duplicates, find_duplicate_names

        assert not similarity.RAPIDFUZZ and "rapidfuzz" not in sys.modules
        names = ["Kita Sonnenschein e.V.", "Grundschule am Park", "KiTa Sonnenschein eV",
                 "Grundschule am Markt", "Förderverein d. Grundschule, Hauptstr.", "Nachbarschaftstreff Müllerstr."]
        pairs = [(p.first, p.second) for p in find_duplicate_names(names)]
        assert pairs == [(0, 2)], pairs
        assert earliest_duplicates(names) == [None, None, 0, None, None, None]
        assert closest("Sonnenschein Kita", names)[0].index in (0, 2)
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
