"""String similarity for the name checks: rapidfuzz where it installs, pure Python in Pyodide.

xlwings Lite runs xlquartier in Pyodide (Python in the browser), and rapidfuzz has neither a
Pyodide build nor a pure-Python wheel. This module is the one place that imports rapidfuzz:
with it, the names below *are* rapidfuzz's functions (desktop and server behave exactly as
before); without it, they are the ``py_*`` stand-ins, which follow rapidfuzz's definitions:

- ``ratio``: normalised Indel similarity, 100 * 2 * LCS / (len(a) + len(b)); 100 for two empty strings.
- ``token_sort_ratio``: ``ratio`` of the whitespace-split words, sorted and joined by a space.
- ``osa_similarity``: 1 - OSA distance (edits incl. swapping two neighbours) / the longer length.
- ``WRatio``: rapidfuzz's weighted ratio (ratio, partial_ratio, token set/sort ratios and their
  partial forms, scaled by 0.95 and 0.9 or 0.6 by the length ratio). ``partial_ratio`` tries
  every alignment of the shorter string. rapidfuzz documents that for *both* strings longer
  than 64 characters it may only try some alignments, so such long pairs may score slightly
  higher in Lite; against rapidfuzz 3.14 the tests found no difference beyond float rounding.
- ``extract``, ``extract_one``: the ``rapidfuzz.process`` functions for the arguments used here
  (scorer, processor, limit, score_cutoff). Slow next to rapidfuzz, but the name checks
  compare only blocked candidates.

Both distances are computed bit-parallel (one step of Python integer arithmetic per letter
of the second string), so the stand-ins cost microseconds, not a letter-by-letter table.
Nothing here imports numpy: Pyodide would download it when the workbook opens.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence (bit-parallel, one big-int step per letter of b)."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | 1 << i
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def py_ratio(a: str, b: str) -> float:
    total = len(a) + len(b)
    return 100 * (1 - (total - 2 * _lcs(a, b)) / total) if total else 100.0


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def py_token_sort_ratio(a: str, b: str) -> float:
    return py_ratio(_sorted_words(a), _sorted_words(b))


def py_osa_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from ``a`` to ``b``, bit-parallel
    after Hyyrö (2003): bit i of the column vectors holds the step between rows i and i+1."""
    if not a:
        return len(b)
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | 1 << i
    full, top = (1 << len(a)) - 1, 1 << (len(a) - 1)
    up, down, diagonal, previous = full, 0, 0, 0  # +1 and -1 vertical steps, diagonal zeros, last mask
    distance = len(a)
    for ch in b:
        match = masks.get(ch, 0)
        swap = ((~diagonal & match) << 1) & previous
        diagonal = (((match & up) + up) ^ up) | match | down | swap
        right = down | ~(diagonal | up)
        left = diagonal & up
        distance += bool(right & top) - bool(left & top)
        right = ((right << 1) | 1) & full
        left = (left << 1) & full
        up = (left | ~(diagonal | right)) & full
        down = right & diagonal
        previous = match
    return distance


def py_osa_similarity(a: str, b: str) -> float:
    longest = max(len(a), len(b))
    return 1.0 - py_osa_distance(a, b) / longest if longest else 1.0


def py_partial_ratio(a: str, b: str) -> float:
    """The best ``ratio`` of the shorter string against any window of the longer one
    (windows of its length, and shorter ones hanging over either end)."""
    if not a and not b:
        return 100.0
    best = 0.0
    for short, long in ((a, b), (b, a)) if len(a) == len(b) else [sorted((a, b), key=len)]:
        n, letters = len(short), set(short)
        for start in range(1 - n, len(long) if n else 0):
            window = long[max(start, 0):start + n]
            # one ending (hanging over the end: starting) with a letter not in short is never the best
            if (window[0] if start > len(long) - n else window[-1]) in letters:
                best = max(best, py_ratio(short, window))
    return best


def _token_set_ratio(a: str, b: str) -> float:
    words_a, words_b = set(a.split()), set(b.split())
    if not words_a or not words_b:
        return 0.0
    common = " ".join(sorted(words_a & words_b))
    only_a, only_b = " ".join(sorted(words_a - words_b)), " ".join(sorted(words_b - words_a))
    if common and (not only_a or not only_b):
        return 100.0
    if not common:
        return py_ratio(only_a, only_b)
    with_a, with_b = f"{common} {only_a}", f"{common} {only_b}"
    return max(py_ratio(with_a, with_b), py_ratio(common, with_a), py_ratio(common, with_b))


def _partial_token_ratio(a: str, b: str) -> float:
    words_a, words_b = a.split(), b.split()
    if set(words_a) & set(words_b):
        return 100.0
    return max(py_partial_ratio(_sorted_words(a), _sorted_words(b)),
               py_partial_ratio(" ".join(sorted(set(words_a))), " ".join(sorted(set(words_b)))))


def py_wratio(a: str, b: str) -> float:
    """rapidfuzz's ``fuzz.WRatio`` (see the module docstring for long strings)."""
    if not a or not b:
        return 0.0
    length_ratio = max(len(a), len(b)) / min(len(a), len(b))
    score = py_ratio(a, b)
    if length_ratio < 1.5:
        return max(score, max(_token_set_ratio(a, b), py_token_sort_ratio(a, b)) * 0.95)
    partial_scale = 0.9 if length_ratio <= 8 else 0.6
    score = max(score, py_partial_ratio(a, b) * partial_scale)
    return max(score, _partial_token_ratio(a, b) * 0.95 * partial_scale)


Scorer = Callable[[str, str], float]


def py_extract(query: str, choices: Sequence[str | None] | Mapping[Hashable, str | None], *,
               scorer: Scorer = py_wratio, processor: Callable[[str], str] | None = None,
               limit: int | None = 5, score_cutoff: float | None = None) -> list[tuple[str, float, Any]]:
    """(choice, score, index or key) of the best ``limit`` choices, best first, ties in order."""
    if processor is not None:
        query = processor(query)
    items = choices.items() if isinstance(choices, Mapping) else enumerate(choices)
    hits = []
    for key, choice in items:
        if choice is not None:
            score = scorer(query, processor(choice) if processor is not None else choice)
            if score_cutoff is None or score >= score_cutoff:
                hits.append((choice, score, key))
    hits.sort(key=lambda hit: -hit[1])
    return hits if limit is None else hits[:limit]


def py_extract_one(query: str, choices: Sequence[str | None] | Mapping[Hashable, str | None], *,
                   scorer: Scorer = py_wratio, processor: Callable[[str], str] | None = None,
                   score_cutoff: float | None = None) -> tuple[str, float, Any] | None:
    hits = py_extract(query, choices, scorer=scorer, processor=processor, limit=1, score_cutoff=score_cutoff)
    return hits[0] if hits else None


try:
    from rapidfuzz.distance.OSA import distance as osa_distance
    from rapidfuzz.distance.OSA import normalized_similarity as osa_similarity
    from rapidfuzz.fuzz import WRatio, ratio, token_sort_ratio
    from rapidfuzz.process import extract
    from rapidfuzz.process import extractOne as extract_one

    RAPIDFUZZ = True
except ImportError:  # Pyodide (xlwings Lite): no rapidfuzz build
    ratio, token_sort_ratio, osa_similarity, WRatio = py_ratio, py_token_sort_ratio, py_osa_similarity, py_wratio
    osa_distance = py_osa_distance
    extract, extract_one = py_extract, py_extract_one
    RAPIDFUZZ = False

__all__ = ["RAPIDFUZZ", "WRatio", "extract", "extract_one", "osa_distance", "osa_similarity", "ratio",
           "token_sort_ratio"]
