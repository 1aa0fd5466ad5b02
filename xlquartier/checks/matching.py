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

That word rule also makes the search for duplicates exact and fast, at every threshold.
Two names can only reach a score when every word of the one with fewer words has a word in
the other at least that similar. So the distinct words are compared with each other once
(few hundred, however many names; only words whose lengths allow the similarity, and for
few allowed typos only words sharing a letter sequence left after deleting that many
letters), and each name is compared only with the names holding a similar word for each of
its words. A list of 5,000 names built from a few dozen common words needs a few thousand
full comparisons instead of 12.5 million, in pure Python as fast as with rapidfuzz, which
xlwings Lite (Pyodide) does not have. The pairs are exactly those an all-pairs comparison
finds.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..errors import UserError
from .similarity import WRatio, extract, extract_one, osa_distance, osa_similarity, ratio, token_sort_ratio

DEFAULT_THRESHOLD = 90

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


def check_threshold(threshold: object) -> float:
    """The threshold as a number from 1 to 100, or one plain sentence saying why not."""
    try:
        value = float(threshold)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if not 1 <= value <= 100:  # also NaN
        number = math.isfinite(value)
        de = f"{value:g}".replace(".", ",") if number else f"„{threshold}“"
        en = f"{value:g}" if number else f"“{threshold}”"
        raise UserError(f"Die Ähnlichkeitsschwelle muss zwischen 1 und 100 liegen, nicht {de}.",
                        f"The similarity threshold must be between 1 and 100, not {en}.")
    return value


def _edits_allowed(length: int, threshold: float) -> int:
    """The most edits two words may differ by, the longer of ``length`` letters, and still score
    ``threshold``: evaluated as the score is (1 - edits / length, times 100), so never off by rounding."""
    edits = 0
    while edits < length and (1.0 - (edits + 1) / length) * 100 >= threshold:
        edits += 1
    return edits


def _kept(word: str, length: int) -> set[str]:
    """Every letter sequence left of ``word`` after deleting letters down to ``length``."""
    if length >= len(word):
        return {word}
    return {"".join(word[i] for i in keep) for keep in itertools.combinations(range(len(word)), length)}


_DELETION_BUDGET = 300  # letter sequences per word; beyond, word pairs are compared directly


def _word_pairs(longer: list[str], others: list[str], edits: int) -> Iterator[tuple[str, str]]:
    """Pairs (one of ``longer``, one of ``others``) that may lie within ``edits`` edits.

    Each edit (substitution, insertion, swap of neighbours) costs at most one deleted letter on
    either side, so such words share a sequence of len(longer word) - edits letters left after
    deleting from each. With few edits allowed those sequences are few: they are indexed. Long
    words at a low threshold would have too many, and are paired directly.
    """
    keep = len(longer[0]) - edits
    if math.comb(len(longer[0]), edits) > _DELETION_BUDGET:
        yield from itertools.product(longer, others)
        return
    index: dict[str, list[str]] = defaultdict(list)
    for word in others:
        for sequence in _kept(word, keep):
            index[sequence].append(word)
    for word in longer:
        for other in {o for sequence in _kept(word, keep) for o in index.get(sequence, ())}:
            yield word, other


def _similar_words(words: Sequence[str], threshold: float) -> dict[str, dict[str, float]]:
    """For each word, the other words at least ``threshold`` similar (OSA, as in the score), with
    their similarity. Only words whose lengths allow it are compared."""
    similar: dict[str, dict[str, float]] = {word: {} for word in words}
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in words:
        by_length[len(word)].append(word)
    for length, longer in by_length.items():
        edits = _edits_allowed(length, threshold)
        if edits == 0:
            continue
        others = [w for n in range(length - edits, length + 1) for w in by_length.get(n, ())]
        for word, other in _word_pairs(longer, others, edits):
            if word == other or (len(other) == length and other in similar[word]):
                continue
            distance = osa_distance(word, other)
            if distance <= edits:
                similar[word][other] = similar[other][word] = 1.0 - distance / length
    return similar


class _Names:
    """Distinct normalised names, their words, and which names hold a word similar to each word."""

    def __init__(self, texts: list[str], threshold: float):
        self.texts = texts
        self.sorted = [" ".join(sorted(text.split())) for text in texts]
        self.words = [_words(text) for text in texts]
        holders: dict[str, set[int]] = defaultdict(set)
        for index, words in enumerate(self.words):
            for word in words:
                holders[word].add(index)
        self.similar = _similar_words(list(holders), threshold)
        self.near = {word: holders[word].union(*(holders[w] for w in self.similar[word])) for word in holders}
        self.threshold = threshold

    def candidates(self, index: int) -> set[int]:
        """The names holding, for every word of name ``index``, that word or a similar one."""
        near = sorted((self.near[w] for w in set(self.words[index])), key=len)
        return near[0].intersection(*near[1:])

    def _word_score(self, words: list[str], others: list[str]) -> float:
        worst = 1.0
        known = set(others)
        for word in words:
            if word not in known:
                worst = min(worst, max((self.similar[word].get(o, 0.0) for o in known), default=0.0))
        return worst * 100

    def score(self, a: int, b: int) -> float:
        """``normalized_score`` of names ``a`` and ``b`` when it reaches the threshold, else 0.

        The word part comes from the similar words found once (a word without one scores below
        the threshold, so its exact value is not needed), the whole-name part from ``ratio``.
        """
        wa, wb = self.words[a], self.words[b]
        if len(wa) < len(wb):
            aligned = self._word_score(wa, wb)
        elif len(wb) < len(wa):
            aligned = self._word_score(wb, wa)
        else:
            aligned = min(self._word_score(wa, wb), self._word_score(wb, wa))
        if aligned < self.threshold:
            return 0.0
        whole = max(ratio(self.texts[a], self.texts[b]), ratio(self.sorted[a], self.sorted[b]))
        return min(whole, aligned) if whole >= self.threshold else 0.0


def _similar_names(texts: list[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """(a, b, score) for distinct normalised names scoring at least ``threshold``.

    A pair is looked for from the name with fewer words (both, when they have as many): the
    score needs every word of that name in the other, up to the allowed typos.
    """
    names = _Names(texts, threshold)
    for a in range(len(texts)):
        count = len(names.words[a])
        for b in names.candidates(a):
            other = len(names.words[b])
            if other > count or (other == count and b > a):
                score = names.score(a, b)
                if score:
                    yield a, b, score


def find_duplicate_names(
    names: Sequence[object], threshold: float = DEFAULT_THRESHOLD
) -> list[NamePair]:
    """Every pair of names that probably mean the same organisation (score >= ``threshold``).

    ``names`` may hold empty cells (None, ""); they match nothing. Pairs come sorted and
    name positions in ``names``; they are exactly the pairs comparing every name with every
    other would find. ``threshold`` must lie between 1 and 100 (``UserError`` otherwise).
    """
    threshold = check_threshold(threshold)
    texts, positions = _distinct(names)
    found = [NamePair(i, j, 100.0) for where in positions.values() for i, j in itertools.combinations(where, 2)]
    for a, b, score in _similar_names(texts, threshold):
        found += [NamePair(min(i, j), max(i, j), score) for i in positions[texts[a]] for j in positions[texts[b]]]
    return sorted(found, key=lambda pair: (pair.first, pair.second))


def _distinct(names: Sequence[object]) -> tuple[list[str], dict[str, list[int]]]:
    """The distinct normalised names in order of first appearance, and where each stands."""
    positions: dict[str, list[int]] = defaultdict(list)
    for index, name in enumerate(names):
        if text := normalize_name(name):
            positions[text].append(index)
    return list(positions), positions


def earliest_duplicates(names: Sequence[object], threshold: float = DEFAULT_THRESHOLD) -> list[int | None]:
    """For each name, the position of the earliest name it probably duplicates (or None).

    The same as the smallest ``first`` of its pairs in ``find_duplicate_names``, without
    listing every pair: at a low threshold almost every pair matches (12 million for 5,000
    names), while each name needs only its earliest match. Distinct names are taken in order;
    a name looks up the earlier names it may match in ascending order and stops at the first
    that does, and each name tells the later, longer names it may match (for those, a match
    needs every word of the shorter name in the longer, so the shorter one finds them).
    """
    threshold = check_threshold(threshold)
    texts, positions = _distinct(names)
    found = _Names(texts, threshold)
    best: list[int | None] = [None] * len(texts)  # earliest matching distinct name
    pending = set(range(len(texts)))  # not yet told by an earlier, shorter name
    for x in range(len(texts)):
        count = len(found.words[x])
        near = found.candidates(x)
        for b in range(x) if len(near) > x // 2 else sorted(b for b in near if b < x):
            if best[x] is not None and b >= best[x]:
                break
            if b in near and len(found.words[b]) >= count and found.score(x, b):
                best[x] = b
                break
        pending.discard(x)
        for y in near & pending:  # later names at least as long: x is their earliest if it matches
            if len(found.words[y]) > count and found.score(x, y):
                best[y] = x
                pending.discard(y)
    earliest: list[int | None] = [None] * len(names)
    for x, text in enumerate(texts):
        first = positions[text][0]
        if best[x] is not None:
            first = positions[texts[best[x]]][0]
            earliest[positions[text][0]] = first
        for position in positions[text][1:]:
            earliest[position] = first
    return earliest


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
