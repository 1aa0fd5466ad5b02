"""DUBLETTEN in xlwings Lite: 5,000 names built from common words, in real Pyodide and in CPython.

Run: ``python benchmarks/bench_lite.py [N]`` (needs tools/pyodide: node, ``npm ci``). The names
are what made the old search collapse: about 16 kinds x 27 words x 40 streets, so every word
is shared by hundreds of names, plus 5 % typo duplicates. In one run it times:

- the baseline, CPython with rapidfuzz (what desktop and server use);
- CPython without rapidfuzz (what Lite runs, in a process where rapidfuzz cannot be imported);
- =DUBLETTEN through ``xlwings.server.custom_functions_call`` in Pyodide 0.27 (xlwings Lite's)
  and the newest, timed inside Pyodide (node start and imports excluded, reported apart);

and prints each as a ratio to the baseline, with the absolute figures. It checks that every
run gives the same answer, and that the pairs equal an all-pairs comparison with rapidfuzz at
thresholds from 1 to 100 (below 30 on the first 1,500 names: almost every pair matches). It
also lists what Lite downloads when the workbook opens: the wheels of its requirements.txt,
before (xlquartier's dependencies as on main) and now.
"""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["Kita", "Grundschule", "Sportverein", "Jugendzentrum", "Nachbarschaftstreff", "Stadtteilbibliothek",
         "Kirchengemeinde", "Seniorentreff", "Familienzentrum", "Musikschule", "Mieterverein", "Kulturverein",
         "Elterninitiative", "Begegnungsstätte", "Förderverein", "Wohnungsbaugenossenschaft"]
WORDS = ["Sonnenschein", "Regenbogen", "Sternschnuppe", "Lindenhof", "Miteinander", "Brückenschlag", "Kunterbunt",
         "Pusteblume", "Löwenzahn", "Abenteuerland", "Wirbelwind", "Spatzennest", "Zauberwald", "Mühlenbach",
         "Rosengarten", "Eichhörnchen", "Zukunft", "Vielfalt", "Nachbarn", "Lebensfreude", "Auenland", "Kinderland",
         "Sonnenblume", "Himmelblau", "Glückspilz", "Morgenrot", "Frühling"]
STREETS = ["Lindenstraße", "Parkallee", "Marktplatz", "Mühlenweg", "Schillerstraße", "Gartenstraße", "Bahnhofstraße",
           "Kirchplatz", "Rosenweg", "Ahornweg", "Goethestraße", "Hauptstraße", "Schulstraße", "Birkenweg",
           "Wiesenweg", "Bergstraße", "Waldstraße", "Dorfstraße", "Feldweg", "Ringstraße", "Friedhofstraße",
           "Am Anger", "Kastanienallee", "Eichendorffstraße", "Uhlandstraße", "Mozartstraße", "Beethovenstraße",
           "Brunnenstraße", "Mittelweg", "Poststraße", "Sonnenweg", "Heideweg", "Talstraße", "Am Markt",
           "Kiefernweg", "Tulpenweg", "Finkenweg", "Amselweg", "Lessingstraße", "Körnerstraße"]
THRESHOLDS = (30, 50, 70, 80, 85, 90, 95, 100)
LOW_THRESHOLDS = (1, 10, 20)  # almost every pair matches: checked on the first 1,500 names (10 million pairs else)
MAIN_DEPENDENCIES = [  # xlquartier's requirements on main before this change, as Pyodide evaluates them
    "openpyxl>=3.1", "python-docx>=1.1", "docxtpl>=0.18", "typer>=0.12", "rich>=13", "xlwings>=0.33",
    "networkx>=3.0", "scipy>=1.10", "matplotlib>=3.7", "icalendar>=5.0", "Pillow>=10", "textalloc>=1.2",
    "packaging>=23"]


def common_word_names(count: int = 5000, typos: float = 0.05, seed: int = 11) -> list[str]:
    """``count`` names "<kind> <word> <street>", a share of them typed again with one swapped pair of letters."""
    rng = random.Random(seed)
    distinct: dict[str, None] = {}
    while len(distinct) < round(count * (1 - typos)):
        distinct.setdefault(f"{rng.choice(KINDS)} {rng.choice(WORDS)} {rng.choice(STREETS)}")
    names = list(distinct)
    for original in rng.sample(names, count - len(names)):
        word = max(original.split(), key=len)
        at = rng.randrange(1, len(word) - 1)
        names.append(original.replace(word, word[:at] + word[at + 1] + word[at] + word[at + 2:], 1))
    rng.shuffle(names)
    return names


def _harness():
    spec = importlib.util.spec_from_file_location("pyodide_harness", ROOT / "tools" / "pyodide" / "harness.py")
    module = sys.modules["pyodide_harness"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PURE_RUN = """
import json, sys, time
class NoRapidfuzz:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "rapidfuzz":
            raise ImportError("not in xlwings Lite")
sys.meta_path.insert(0, NoRapidfuzz())
from xlquartier.excel.functions import dubletten
names = [[n] for n in json.load(open(sys.argv[1]))]
start = time.process_time()
result = dubletten(names, 2, 90)
print(json.dumps({"seconds": time.process_time() - start, "result": result}))
"""

CALL_RUN = """
import asyncio, json, os, sys, time
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import xlwings.server
import xlquartier.excel.functions as main
names = [[n] for n in json.load(open(sys.argv[1]))]
body = {"func_name": "dubletten", "args": [names, [[2]], [[90]]], "version": xlwings.__version__,
        "client": "Office.js", "caller_address": "Tabelle1!B2", "runtime": "1.4"}
start = time.process_time()
result = asyncio.run(xlwings.server.custom_functions_call(body, main))
print(json.dumps({"seconds": time.process_time() - start, "result": result}))
"""

LITE_RUN = """
import json, os, sys, time
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

async def pyodide_main():
    start = time.perf_counter()
    import xlquartier.excel.functions as main
    imported = time.perf_counter() - start
    import xlwings.server
    names = [[n] for n in json.load(open("/job/names.json"))]
    start = time.perf_counter()
    direct = main.dubletten(names, 2, 90)
    direct_seconds = time.perf_counter() - start
    body = {"func_name": "dubletten", "args": [names, [[2]], [[90]]], "version": xlwings.__version__,
            "client": "Office.js", "caller_address": "Tabelle1!B2", "runtime": "1.4"}
    start = time.perf_counter()
    result = await xlwings.server.custom_functions_call(body, main)
    print(json.dumps({"import": imported, "seconds": time.perf_counter() - start, "result": result,
                      "direct": direct_seconds, "direct_result": direct, "python": sys.version.split()[0]}))
"""


def all_pairs_agree(names: list[str], thresholds: tuple[int, ...]) -> list[str]:
    """At each threshold, the pairs equal comparing every pair with rapidfuzz (whole-name ratios first)."""
    from rapidfuzz import fuzz, process

    from xlquartier.checks.matching import earliest_duplicates, find_duplicate_names, normalize_name, normalized_score

    normalized = [normalize_name(n) for n in names]
    ordered = [" ".join(sorted(n.split())) for n in normalized]
    lines = []
    for threshold in thresholds:
        start = time.process_time()
        truth = set()
        for row in range(0, len(names), 500):
            scores = (process.cdist(normalized[row:row + 500], normalized, scorer=fuzz.ratio, score_cutoff=threshold)
                      + process.cdist(ordered[row:row + 500], ordered, scorer=fuzz.ratio, score_cutoff=threshold))
            for i, j in zip(*scores.nonzero(), strict=True):
                a, b = row + int(i), int(j)
                if a < b and normalized_score(normalized[a], normalized[b]) >= threshold:
                    truth.add((a, b))
        naive = time.process_time() - start
        start = time.process_time()
        found = {(p.first, p.second) for p in find_duplicate_names(names, threshold)}
        pairs_time = time.process_time() - start
        start = time.process_time()
        earliest = earliest_duplicates(names, threshold)
        earliest_time = time.process_time() - start
        expected = [None] * len(names)
        for a, b in sorted(truth):
            if expected[b] is None:
                expected[b] = a
        lines.append(f"  {len(names)} names, threshold {threshold:3}: {len(truth):8} pairs, same pairs "
                     f"{found == truth}, same earliest {earliest == expected} (all pairs {naive:.2f} s, "
                     f"find_duplicate_names {pairs_time:.2f} s, earliest_duplicates {earliest_time:.2f} s)")
    return lines


def downloads(harness) -> list[str]:
    """What Lite installs at open for requirements.txt, before (main's dependencies) and now."""
    from xlquartier.excel.lite import LITE_REQUIRED, XLWINGS_VERSION, lite_requirements

    plat = harness.platform("0.27")
    wheel = harness.build_xlquartier()
    lines = []
    for label, requirements in (
            ("before", [f"xlwings=={XLWINGS_VERSION}", *LITE_REQUIRED, str(wheel), *MAIN_DEPENDENCIES]),
            ("now", lite_requirements(str(wheel)))):
        wheels, cdn = harness.resolve(requirements, plat)
        pure = sum(w.size for w in wheels)
        lines.append(f"  {label}: {len(wheels)} pure-Python wheels, {pure / 1e6:.2f} MB "
                     f"({', '.join(f'{w.name} {w.size / 1e3:.0f} kB' for w in wheels)})")
        lines.append(f"  {label}: {len(cdn)} compiled packages from Pyodide's CDN (size not measurable here): "
                     f"{', '.join(sorted(cdn)) or 'none'}")
    return lines


def main(count: int = 5000) -> None:
    names = common_word_names(count)
    with tempfile.TemporaryDirectory() as tmp:
        job = Path(tmp)
        (job / "names.json").write_text(json.dumps(names), encoding="utf-8")

        from xlquartier.excel.functions import dubletten

        start = time.process_time()
        baseline_result = dubletten([[n] for n in names], 2, 90)
        baseline = time.process_time() - start
        pure = json.loads(subprocess.run([sys.executable, "-c", PURE_RUN, str(job / "names.json")], check=True,
                                         capture_output=True, text=True).stdout)
        call = json.loads(subprocess.run([sys.executable, "-c", CALL_RUN, str(job / "names.json")], check=True,
                                         capture_output=True, text=True).stdout)
        (job / "run.py").write_text(LITE_RUN, encoding="utf-8")
        harness = _harness()
        lite = {}
        for label in harness.PYODIDES:
            site = harness.lite_site(harness.platform(label), ["xlwings==0.37.8", str(harness.build_xlquartier())])
            done = harness.run(label, job / "run.py", mounts={site.path: "/site", job: "/job"})
            if done.returncode:
                raise SystemExit(done.stderr[-2000:])
            lite[label] = json.loads(done.stdout.strip().splitlines()[-1])

    print(f"DUBLETTEN over {count} names (16 kinds x 27 words x 40 streets, 5 % typos), threshold 90:")
    print(f"  the function: baseline CPython {sys.version.split()[0]} with rapidfuzz {baseline:.2f} s CPU; "
          f"CPython without rapidfuzz (as in Lite) {pure['seconds']:.2f} s CPU, x{pure['seconds'] / baseline:.1f}, "
          f"same answer {pure['result'] == baseline_result}")
    print(f"  through xlwings.server.custom_functions_call (argument and result conversion included): "
          f"CPython with rapidfuzz {call['seconds']:.2f} s CPU, same answer {call['result'] == baseline_result}")
    for label, out in lite.items():
        print(f"  Pyodide {label} (Python {out['python']}): the function {out['direct']:.2f} s "
              f"(x{out['direct'] / baseline:.1f} the baseline), through custom_functions_call {out['seconds']:.2f} s "
              f"(x{out['seconds'] / call['seconds']:.1f} CPython's), same answer "
              f"{out['result'] == out['direct_result'] == baseline_result}; import of the functions "
              f"{out['import']:.2f} s")
    print(f"  names flagged: {sum(1 for row in baseline_result if row[0])}")
    print("Same pairs as comparing every pair with rapidfuzz:")
    print("\n".join(all_pairs_agree(names, THRESHOLDS) + all_pairs_agree(names[:1500], LOW_THRESHOLDS)))
    print("What xlwings Lite downloads when the workbook opens (Pyodide 0.27):")
    print("\n".join(downloads(harness)))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
