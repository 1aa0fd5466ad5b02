"""Name matching: normalisation, the word-aware score, and blocking that misses nothing."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlquartier.checks.matching import (
    closest,
    earliest_duplicates,
    find_duplicate_names,
    name_score,
    normalize_name,
    normalized_score,
)
from xlquartier.errors import UserError


def test_normalize_drops_case_umlauts_punctuation_and_legal_forms():
    assert normalize_name("Kita Sonnenschein e.V.") == "kita sonnenschein"
    assert normalize_name("KiTa Sonnenschein eV") == "kita sonnenschein"
    assert normalize_name("Bürgerverein e. V. Nord") == "buergerverein nord"
    assert normalize_name("Wohnungsbau GmbH & Co. KG") == "wohnungsbau"
    assert normalize_name("Jugendhilfe Süd gGmbH") == "jugendhilfe sued"
    assert normalize_name("Café Müller UG (haftungsbeschränkt)") == "cafe mueller"
    assert normalize_name("Nachbarschaftstreff Hauptstr.") == normalize_name("Nachbarschaftstreff Hauptstraße")
    assert normalize_name("Große Straße 5") == "grosse strasse 5"
    assert normalize_name("Netzwerk-Treffen") == normalize_name("Netzwerktreffen") == "netzwerktreffen"
    assert normalize_name(None) == "" and normalize_name("  ") == ""


def test_legal_form_ag_only_at_the_end():
    assert normalize_name("Stadtwerke Neustadt AG") == "stadtwerke neustadt"
    assert normalize_name("AG Umwelt") == "ag umwelt"  # a working group (Arbeitsgemeinschaft)


def test_score_keeps_distinct_words_apart_and_forgives_typos():
    assert name_score("Kita Sonnenschein e.V.", "KiTa Sonnenschein eV") == 100
    assert name_score("Grundschule am Park", "Grundschule am Markt") < 90
    assert name_score("Grundschule 12", "Grundschule 13") < 90
    assert name_score("Kita Sonnenschein", "Kita Sonnenschien") >= 90
    assert name_score("Förderverein der Grundschule am Park", "Förderverein Grundschule am Park") >= 90
    assert name_score("Sportverein Nord", "Sportverein Nord Ost") < 90
    assert name_score("", "Kita") == 0


def test_find_duplicate_names_positions_and_empty_cells():
    names = ["Grundschule am Park", "Kita Sonnenschein e.V.", None, "Grundschule am Markt",
             "KiTa Sonnenschein eV", "", "Kita Sonnenschien"]
    pairs = find_duplicate_names(names)
    assert [(p.first, p.second) for p in pairs] == [(1, 4), (1, 6), (4, 6)]
    assert pairs[0].score == 100
    assert find_duplicate_names(names, threshold=95) == pairs[:1]
    assert earliest_duplicates(names) == [None, None, None, None, 1, None, 1]


@pytest.mark.parametrize("threshold", [0, -5, 100.5, 150, float("nan"), "neunzig", None])
def test_a_threshold_outside_1_to_100_is_refused_plainly(threshold):
    """0 once looped for ever (a word then allowed endless typos); now it is one sentence."""
    for search in (find_duplicate_names, earliest_duplicates):
        with pytest.raises(UserError, match="between 1 and 100"):
            search(["Kita A", "Kita B"], threshold)


WORDS = ["kita", "grundschule", "sonnenschein", "regenbogen", "park", "markt", "nord", "sued",
         "verein", "jugendzentrum", "nachbarschaftstreff", "12", "13", "am", "der"]


def _typo(word: str, at: int) -> str:
    at %= max(len(word) - 1, 1)
    return word[:at] + word[at + 1:at + 2] + word[at:at + 1] + word[at + 2:]


name = st.builds(
    lambda words, typo, at, legal: " ".join(_typo(w, at) if i == typo else w for i, w in enumerate(words)) + legal,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.integers(0, 5), st.integers(0, 20),
    st.sampled_from(["", " e.V.", " gGmbH", " eV"]))


def _all_pairs(names, threshold):
    normalized = [normalize_name(n) for n in names]
    scores = {(i, j): normalized_score(normalized[i], normalized[j])
              for i, j in itertools.combinations(range(len(names)), 2)}
    return {pair: score for pair, score in scores.items() if score >= threshold}


def _earliest(pairs, count):
    earliest = [None] * count
    for first, second in sorted(pairs):
        if earliest[second] is None:
            earliest[second] = first
    return earliest


@settings(max_examples=150, deadline=None)
@given(st.lists(name, min_size=2, max_size=40), st.integers(1, 100) | st.sampled_from([85, 90, 95, 99.5]))
def test_the_search_finds_exactly_what_all_pairs_would_find(names, threshold):
    """At every threshold from 1 to 100: the same pairs and scores as comparing every pair."""
    expected = _all_pairs(names, threshold)
    assert {(p.first, p.second): p.score for p in find_duplicate_names(names, threshold)} == expected
    assert earliest_duplicates(names, threshold) == _earliest(expected, len(names))


def test_blocking_finds_a_typo_anywhere_in_a_long_word():
    names = ["Kita Sonnenschein", "Jugendzentrum Nord", "Nachbarschaftstreff am Park"]
    for word in ("Sonnenschein", "Jugendzentrum", "Nachbarschaftstreff"):
        base = next(n for n in names[:3] if word in n)
        names += [base.replace(word, _typo(word, at)) for at in range(len(word) - 1)]
    normalized = [normalize_name(n) for n in names]
    expected = {(i, j) for i, j in itertools.combinations(range(len(names)), 2)
                if normalized_score(normalized[i], normalized[j]) >= 90}
    assert {(0, 3), (1, 3 + 11), (2, 3 + 11 + 12)} <= expected
    assert {(p.first, p.second) for p in find_duplicate_names(names)} == expected
    for threshold in (60, 75, 85):  # more typos allowed: still every pair
        found = {(p.first, p.second) for p in find_duplicate_names(names, threshold)}
        assert found == set(_all_pairs(names, threshold))


def test_closest_finds_the_existing_partner_for_a_typed_name():
    partners = ["Grundschule am Park", "Kita Sonnenschein e.V.", None, "Jugendclub Oase"]
    best = closest("Sonnenschein Kita", partners)
    assert best[0].index == 1 and best[0].name == "Kita Sonnenschein e.V."
    assert best[0].score > 80
    assert closest("Jugendclub Oaase", partners, limit=1)[0].name == "Jugendclub Oase"
    assert closest("Feuerwehr", partners, threshold=80) == []
    assert closest("", partners) == []
