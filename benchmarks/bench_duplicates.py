"""Duplicate detection over 20,000 partner names: blocked matching against naive all-pairs.

Run: ``python benchmarks/bench_duplicates.py [N]``. Prints the time of
``find_duplicate_names`` and of a naive all-pairs rapidfuzz ``cdist`` over the same
normalised names in the same run, their ratio, the peak memory of the blocked run, and
whether both found the same pairs. The full N x N score matrix would need N² bytes
(400 MB for 20,000 names), so the naive run goes through it in row chunks; its time is
still the time of every comparison.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc

from rapidfuzz import fuzz, process

from xlquartier.checks.matching import (
    DEFAULT_THRESHOLD,
    find_duplicate_names,
    normalize_name,
    normalized_score,
)

KINDS = ["Kita", "Grundschule", "Sportverein", "Förderverein der Grundschule", "Jugendzentrum",
         "Nachbarschaftstreff", "Stadtteilbibliothek", "Kirchengemeinde", "Seniorentreff",
         "Wohnungsbaugenossenschaft", "Familienzentrum", "Musikschule", "Bürgerinitiative",
         "Mieterverein", "Kulturverein", "Gartenfreunde", "Elterninitiative", "Jugendclub",
         "Stadtteilzentrum", "Begegnungsstätte", "Tanzschule", "Schachclub", "Chor",
         "Theatergruppe", "Integrationsverein", "Hausaufgabenhilfe", "Kinderhaus", "Tafel",
         "Pflegedienst", "Quartierscafé"]
PREFIXES = ["Sonnen", "Regen", "Stern", "Wald", "Linden", "Eichen", "Berg", "See", "Rosen",
            "Birken", "Mühlen", "Kastanien", "Bunt", "Löwen", "Kinder", "Nachbar", "Brücken",
            "Garten", "Markt", "Schloss"]
SUFFIXES = ["blume", "bogen", "schein", "haus", "hof", "garten", "weg", "kiste", "insel",
            "nest", "land", "treff", "werk", "wiese"]
PLACES = ["", "", "", " Nord", " Süd", " Mitte", " am Park", " an der Spree", " Altstadt",
          " Hauptstraße", " Lindenstraße", " Am Markt", " West", " Ost"]
LEGAL = ["", "", "", " e.V.", " gGmbH", " GmbH", " eG"]


def partner_names(count: int, planted: int, seed: int = 4) -> list[str]:
    """Distinct realistic names plus ``planted`` variants of some of them, shuffled."""
    rng = random.Random(seed)
    names: dict[str, str] = {}  # distinct organisations: by normalised name
    while len(names) < count - planted:
        word = rng.choice(PREFIXES) + rng.choice(SUFFIXES)
        name = f"{rng.choice(KINDS)} {word}{rng.choice(PLACES)}{rng.choice(LEGAL)}"
        names.setdefault(normalize_name(name), name)
    result = sorted(names.values())
    for original in rng.sample(result, planted):
        result.append(_variant(original, rng))
    rng.shuffle(result)
    return result


def _variant(name: str, rng: random.Random) -> str:
    """How the same organisation gets typed a second time."""
    choice = rng.randrange(4)
    if choice == 0:
        return name.upper() if rng.random() < 0.5 else name.replace(" e.V.", "") + " eV"
    if choice == 1:
        return name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
    if choice == 2:
        return name.replace("straße", "str.") if "straße" in name else name + " e. V."
    longest = max(name.split(), key=len)  # one typo in the longest word
    i = rng.randrange(1, len(longest) - 1)
    typo = longest[:i] + longest[i + 1] + longest[i] + longest[i + 2:]
    return name.replace(longest, typo, 1)


def naive_pairs(names: list[str], threshold: float, chunk: int = 1000) -> set[tuple[int, int]]:
    """Every pair compared with cdist (both whole-name scorers), row chunk by row chunk, then the
    same word rule."""
    normalized = [normalize_name(n) for n in names]
    pairs = set()
    for start in range(0, len(normalized), chunk):
        rows = normalized[start:start + chunk]
        scores = sum(process.cdist(rows, normalized, scorer=scorer, score_cutoff=threshold, dtype="uint8")
                     for scorer in (fuzz.ratio, fuzz.token_sort_ratio))
        for i, j in zip(*scores.nonzero(), strict=True):
            a, b = start + int(i), int(j)
            if a < b and normalized_score(normalized[a], normalized[b]) >= threshold:
                pairs.add((a, b))
    return pairs


def _timed(job):
    """(CPU seconds, wall seconds, result): CPU time is what the job costs on a busy machine."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = job()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def _peak_mb(job) -> float:
    tracemalloc.start()
    job()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main(count: int = 20_000) -> None:
    names = partner_names(count, planted=count // 100)
    threshold = DEFAULT_THRESHOLD

    blocked_cpu, blocked_wall, pairs = _timed(lambda: find_duplicate_names(names, threshold))
    blocked = {(p.first, p.second) for p in pairs}

    half_peak_mb = _peak_mb(lambda: find_duplicate_names(names[: count // 2], threshold))
    peak_mb = _peak_mb(lambda: find_duplicate_names(names, threshold))

    naive_cpu, naive_wall, naive = _timed(lambda: naive_pairs(names, threshold))

    print(f"names: {count}, pairs found: blocked {len(blocked)}, all-pairs {len(naive)}, "
          f"same pairs: {blocked == naive}")
    print(f"blocked find_duplicate_names: {blocked_cpu:.2f} s CPU ({blocked_wall:.2f} s wall)")
    print(f"naive all-pairs cdist (row chunks of 1000): {naive_cpu:.2f} s CPU ({naive_wall:.2f} s wall)")
    print(f"ratio naive/blocked: {naive_cpu / blocked_cpu:.1f}x CPU ({naive_wall / blocked_wall:.1f}x wall)")
    print(f"peak traced memory of the blocked run: {peak_mb:.1f} MB, {half_peak_mb:.1f} MB for half the "
          f"names (linear: x{peak_mb / half_peak_mb:.1f}; a full uint8 score matrix would be "
          f"{count * count / 1e6:.0f} MB)")
    if blocked != naive:
        print(f"missed by blocking: {sorted(naive - blocked)[:10]}")
    if blocked_cpu >= 5:
        print("SLOW: over the 5 s budget")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
