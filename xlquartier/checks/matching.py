"""Fuzzy matching of organisation and person names, shared by the checks and the Excel layer.

Names in a neighbourhood network are typed by many hands: "Kita Sonnenschein e.V.",
"KiTa Sonnenschein eV", "Förderverein d. Grundschule, Hauptstr." So names are first
normalised (case, umlauts and ß, accents, punctuation, legal forms, "Str." = "Straße") and
then compared with rapidfuzz (pure-Python stand-ins in xlwings Lite, see ``similarity``).

A plain edit-distance ratio calls "Grundschule am Park" and "Grundschule am Markt" 92 %
alike, yet they are two schools. The score here is therefore the lower of the whole-name
ratio (in order or with the words sorted) and the similarity of the worst-matching word:
one distinctive word that differs (Park/Markt, 12/13) keeps two names apart, a typo in a
long word (Sonnenschien) does not.

That word rule also makes blocking exact: two names can only reach a score of 90 when every
word of the shorter name appears in the other with at most one typo (words under nine
letters identical). A word with one typo keeps its first or its last letters, so each name
is compared only with the names holding its two rarest words (exactly, or with the same
first or last letters), never with all the others: 20,000 names need a few million
comparisons instead of 200 million, and memory grows linearly. Below 90, two typos in one
word may change both ends, so blocking is then best effort.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .similarity import WRatio, cdist, extract, extract_one, osa_similarity, ratio, token_sort_ratio

DEFAULT_THRESHOLD = 90
MIN_THRESHOLD = 50

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Legal forms say nothing about which organisation it is. Matched on the lower-cased text
# before punctuation is dropped, so "e. V.", "e.V." and "eV" all go.
_LEGAL_FORMS = re.compile(
    r"(?<![\w])(?:e\.?\s?v\.?|g?gmbh|g?mbh|g?ug(?:\s*\(haftungsbeschraenkt\))?|e\.?\s?g\.?"
    r"|gbr|kdoer|k\.?d\.?oe\.?r\.?|ggmbh|& co\.? kg)(?![\w])"
)
_LEGAL_FORMS_AT_END = re.compile(r"\s(?:ag|kg)\s*$")  # "AG Umwelt" is a working group
_STREET = re.compile(r"str\.?(?=\W|$)")  # "Hauptstr." and "Hauptstr" = "Hauptstrasse"
_HYPHEN = re.compile(r"(?<=[0-9a-z])-(?=[0-9a-z])")  # "Netzwerk-Treffen" = "Netzwerktreffen"
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Little words that are left out or added at will ("Förderverein (der) Grundschule").
STOPWORDS = frozenset(
    "d der die das des dem den und am an im in zu zum zur fuer von vom bei beim mit auf aus e".split()
)


def normalize_name(name: object) -> str:
    """The comparable form of a name: lower case, ASCII, no punctuation or legal form.

    "KiTa Sonnenschein e.V." and "Kita Sonnenschein eV" both become "kita sonnenschein";
    "Nachbarschaftstreff Müllerstr." becomes "nachbarschaftstreff muellerstrasse", and
    "Netzwerk-Treffen" "netzwerktreffen".
    """
    if name is None:
        return ""
    text = str(name).casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _LEGAL_FORMS.sub(" ", text)
    text = _LEGAL_FORMS_AT_END.sub(" ", text)
    text = _STREET.sub("strasse", text)
    text = _HYPHEN.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _words(normalized: str) -> list[str]:
    """The words that identify a name (little words left out)."""
    words = [w for w in normalized.split() if w not in STOPWORDS]
    return words or normalized.split()


def _word_score(words: list[str], others: list[str]) -> float:
    """How well each of ``words`` is found in ``others`` (0-100): the worst word decides."""
    known = set(others)
    worst = 1.0
    for word in words:
        if word not in known:
            best = extract_one(word, others, scorer=osa_similarity)
            worst = min(worst, best[1] if best else 0.0)
    return worst * 100


def _aligned_score(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    if len(wa) < len(wb):
        return _word_score(wa, wb)
    if len(wb) < len(wa):
        return _word_score(wb, wa)
    return min(_word_score(wa, wb), _word_score(wb, wa))


def normalized_score(a: str, b: str) -> float:
    """The similarity (0-100) of two names already passed through ``normalize_name``."""
    if not a or not b:
        return 0.0
    whole = max(ratio(a, b), token_sort_ratio(a, b))
    return min(whole, _aligned_score(a, b)) if whole else 0.0


def name_score(a: object, b: object) -> float:
    """The similarity (0-100) of two names as typed; 100 means the same after normalising."""
    return normalized_score(normalize_name(a), normalize_name(b))


@dataclass(frozen=True)
class NamePair:
    """Two positions in the list given to ``find_duplicate_names`` (first < second)."""

    first: int
    second: int
    score: float


def _typos_allowed(length: int, threshold: float) -> int:
    """How many edits a word of ``length`` letters may differ by and still score ``threshold``.

    Never more than the word's length: at a threshold of 0 the score bound never stops the count.
    """
    edits = 0
    while edits < length and 1 - (edits + 1) / (length + edits + 1) >= threshold / 100:
        edits += 1
    return edits


_END_LENGTHS = (1, 2, 3, 4, 5, 6)


def _index_keys(word: str) -> list[str]:
    """Every key a word is filed under: itself, and its first and last 1 to 6 letters."""
    keys = ["=" + word]
    for k in _END_LENGTHS:
        if len(word) >= k:
            keys += [f"<{k}{word[:k]}", f"{word[-k:]}{k}>"]
    return keys


def _query_keys(word: str, threshold: float) -> list[str]:
    """The keys a matching word must share: itself, or, when a typo is allowed, one of its ends.

    One edit leaves either the first or the last k letters intact when 2k <= the shorter
    length; with more edits allowed (thresholds under 90) both ends may change.
    """
    edits = _typos_allowed(len(word), threshold)
    if edits == 0:
        return ["=" + word]
    k = min(max((len(word) - edits) // 2, 1), _END_LENGTHS[-1])
    return [f"<{k}{word[:k]}", f"{word[-k:]}{k}>"]


def _candidate_groups(normalized: Sequence[str], threshold: float) -> list[tuple[list[int], list[int]]]:
    """(names, block) groups: names with the same two rarest words, and every name holding both.

    A name can only match names that contain each of its words (up to the allowed typos),
    so comparing it with the holders of its two rarest words is enough.
    """
    blocks: dict[str, set[int]] = defaultdict(set)
    words_of: list[list[str]] = []
    keys_of: dict[str, list[str]] = {}
    for index, name in enumerate(normalized):
        words = sorted(set(_words(name))) if name else []
        words_of.append(words)
        for word in words:
            if word not in keys_of:
                keys_of[word] = _index_keys(word)
            for key in keys_of[word]:
                blocks[key].add(index)
    holders: dict[str, set[int]] = {}  # word -> names holding it; shared, never changed
    for word in keys_of:
        keys = _query_keys(word, threshold)
        holders[word] = set().union(*(blocks.get(k, ()) for k in keys)) if len(keys) > 1 else blocks[keys[0]]

    by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, words in enumerate(words_of):
        if words:
            by_words[tuple(sorted(words, key=lambda w: (len(holders[w]), w))[:2])].append(index)
    groups = []
    for rarest, members in by_words.items():
        block = holders[rarest[0]] & holders[rarest[1]] if len(rarest) > 1 else holders[rarest[0]]
        if len(block) > 1:
            groups.append((members, sorted(block)))
    return groups


def _alike(members: list[int], block: list[int], texts: tuple[list[str], list[str]],
           threshold: float) -> np.ndarray:
    """Which (member, block) pairs pass the whole-name part of the score: in order or with
    the words sorted (the texts come in both forms, so no name is split twice)."""
    return sum(cdist([form[i] for i in members], [form[j] for j in block], scorer=ratio,
                     score_cutoff=threshold, dtype="uint8") for form in texts)


def find_duplicate_names(
    names: Sequence[object], threshold: float = DEFAULT_THRESHOLD
) -> list[NamePair]:
    """Every pair of names that probably mean the same organisation (score >= ``threshold``).

    ``names`` may hold empty cells (None, ""); they match nothing. Pairs come sorted and
    name positions in ``names``. Exact for ``threshold`` >= 90 (see the module docstring);
    below that, a pair whose words differ at both ends may be missed.
    """
    # a setting typed out of range; below MIN_THRESHOLD every pair of names would be reported
    threshold = min(max(threshold, MIN_THRESHOLD), 100) if threshold == threshold else DEFAULT_THRESHOLD
    normalized = [normalize_name(n) for n in names]
    found: dict[tuple[int, int], float] = {}
    texts = normalized, [" ".join(sorted(name.split())) for name in normalized]
    for members, block in _candidate_groups(normalized, threshold):
        for row, col in zip(*_alike(members, block, texts, threshold).nonzero(), strict=True):
            i, j = members[row], block[col]
            pair = (min(i, j), max(i, j))
            if i != j and pair not in found:
                found[pair] = normalized_score(normalized[pair[0]], normalized[pair[1]])
    return [NamePair(i, j, score) for (i, j), score in sorted(found.items()) if score >= threshold]


@dataclass(frozen=True)
class Candidate:
    """A name from the candidates given to ``closest``, its position and its score."""

    index: int
    name: str
    score: float


def closest(
    name: object, candidates: Sequence[object], limit: int = 3, threshold: float = 60
) -> list[Candidate]:
    """The candidates most like ``name``, best first, e.g. the existing partner for a typed name.

    Uses rapidfuzz's weighted ratio (WRatio) on normalised names, so a partial or reordered name
    ("Sonnenschein Kita") still finds its organisation; empty candidates never match.
    """
    query = normalize_name(name)
    if not query:
        return []
    choices = {i: normalize_name(c) for i, c in enumerate(candidates) if c not in (None, "")}
    hits = extract(query, choices, scorer=WRatio, limit=limit, score_cutoff=threshold)
    return [Candidate(index, str(candidates[index]), score) for _, score, index in hits]
