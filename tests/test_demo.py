"""The demo neighbourhood: big enough, deterministic, and the command prints a summary."""

from __future__ import annotations

import subprocess
import zipfile

from xlquartier.demo import write_demo_book
from xlquartier.demo_data import PLANTED
from xlquartier.workbook.read import read_book


def test_demo_book_is_realistic_and_complete(tmp_path):
    book = read_book(write_demo_book(tmp_path))
    counts = {key: len(book.rows(key)) for key in book.tables}
    assert counts["partners"] >= 40 and counts["people"] >= 80 and counts["structures"] >= 8
    assert counts["meetings"] >= 30 and counts["tasks"] >= 150 and counts["agreements"] >= 15
    assert counts["topics"] >= 3
    types = {row["type"] for row in book.rows("partners")}
    assert {"Schule", "Kita", "Verein", "Wohnungsunternehmen", "Polizei", "Religionsgemeinschaft",
            "Jugendeinrichtung", "Verwaltung"} <= types
    kinds = {row["type"] for row in book.rows("structures")}
    assert {"Arbeitskreis", "Gremium (extern)", "Netzwerktreffen"} <= kinds
    dates = [row["date"] for row in book.rows("meetings")]
    assert (max(dates) - min(dates)).days >= 540  # 18 months
    logos = {row["logo_file"] for row in book.rows("partners") if row["logo_file"]}
    present = {p.name for p in (tmp_path / "logos").iterdir()}
    assert len(logos & present) >= 30


def test_demo_is_deterministic(tmp_path):
    first = write_demo_book(tmp_path / "a")
    second = write_demo_book(tmp_path / "b")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert all(a.read(n) == b.read(n) for n in a.namelist())
    assert (tmp_path / "a/logos/gs-park.png").read_bytes() == (tmp_path / "b/logos/gs-park.png").read_bytes()


def test_demo_command_writes_files_and_prints_a_summary(tmp_path):
    wheel = "https://example.org/xlquartier-0.1.0-py3-none-any.whl"
    done = subprocess.run(["xlquartier", "demo", str(tmp_path / "demo"), "--lite", wheel], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Netzwerk_Lindenhof.xlsx" in done.stdout
    summary = " ".join(done.stdout.split())  # the console wraps long lines
    missing = [code for code in PLANTED if f" {code}" not in summary]
    assert not missing, f"the demo summary does not show the planted problems {missing}"
    out = tmp_path / "demo"
    assert (out / "Jahresbericht_2026.docx").exists() and (out / "Kontaktliste.docx").exists()
    assert len(list((out / "Protokolle").glob("*.docx"))) >= 30
    with zipfile.ZipFile(out / "Netzwerk_Lindenhof.xlsx") as book:  # --lite: the workbook carries its Lite code
        assert wheel.replace("/", "\\/").encode() in book.read("xl/webextensions/webextension1.xml")


FEMALE_ONLY = ("in", "frau", "beauftragte", "vorsitzende")  # Pfarrerin, Erzieherin, Präventionsbeauftragte …
MALE_ONLY = ("er", "mann", "beauftragter", "vorsitzender", "beamter")  # Pfarrer, Sprecher, Kontaktbereichsbeamter …
NEUTRAL = ("leitung", "sozialarbeit", "streetwork", "vorsitz", "vorstand", "führung", "management", "betreuung",
           "beratung", "koordination", "bearbeitung", "planung")


def _gender_of(position: str) -> str | None:
    """The grammatical gender a job title implies (the first word; "Bewohnerin, Mieterbeirat" → f)."""
    word = position.split(",")[0].split()[-1].casefold()
    if word.endswith(NEUTRAL):
        return None
    if word.endswith(MALE_ONLY):
        return "m"
    if word.endswith(FEMALE_ONLY):
        return "f"
    return None


def test_demo_people_are_consistent():
    """Salutation and job title agree, the email belongs to the name, the offices fit the organisation."""
    from xlquartier.demo_data import demo_rows, email_address

    rows = demo_rows()
    partners = {p["short_name"] or p["name"]: p for p in rows["partners"]}
    assert _gender_of("Pfarrerin") == "f" and _gender_of("Pfarrer") == "m" and _gender_of("Schulleitung") is None
    salutation = {"Frau": "f", "Herr": "m"}
    mismatched = [(p["first_name"], p["last_name"], p["salutation"], p["position"]) for p in rows["people"]
                  if _gender_of(p["position"]) and salutation[p["salutation"]] != _gender_of(p["position"])]
    assert mismatched == []
    wrong_mail = [(p["first_name"], p["last_name"], p["email"]) for p in rows["people"]
                  if p["first_name"] != "S." and p["email"] != email_address(p["first_name"], p["last_name"],
                                                                            p["email"].split("@")[1])]
    assert wrong_mail == []
    religious = {p["position"] for p in rows["people"] if p["partner"] == "Islamische Gemeinde"}
    assert not any(word in position for position in religious for word in ("Pfarrer", "Gemeindereferent"))
    assert all(p["partner"] is None or p["partner"] in partners for p in rows["people"])


def test_no_entry_repeats_within_a_group():
    from collections import Counter

    from xlquartier.demo_data import demo_rows

    rows = demo_rows()
    group = {m["id"]: m["structure"] for m in rows["meetings"]}
    entries = Counter((group.get(t.get("meeting")), t["description"]) for t in rows["tasks"])
    repeated = [key for key, n in entries.items() if n > 1]
    assert repeated == []


def test_demo_meetings_do_not_contradict_themselves():
    """Whoever hosts, chairs or takes the minutes of a held meeting is among its attendees; nobody is both
    attending and excused; a meeting that did not take place has no attendees."""
    from xlquartier.demo_data import demo_rows

    contradictions = []
    for m in demo_rows()["meetings"]:
        attending, excused = set(m.get("partners") or []), set(m.get("excused") or [])
        if attending & excused:
            contradictions.append((m["id"], "attending and excused", sorted(attending & excused)))
        if m["host"] in excused:
            contradictions.append((m["id"], "host excused", m["host"]))
        if m["status"] == "stattgefunden":
            for role in ("host", "chair", "minute_taker"):
                if m.get(role) and m[role] not in attending:
                    contradictions.append((m["id"], f"{role} absent", m[role]))
        elif m.get("partners") or m.get("people") or m.get("others") or m.get("headcount"):
            contradictions.append((m["id"], f"attendees of a meeting that is {m['status']}", m["partners"]))
    assert contradictions == []


def test_every_planted_problem_is_found_by_name(tmp_path):
    """``PLANTED`` stays true: each code is found and names what the demo planted for it."""
    from xlquartier.checks import check
    from xlquartier.demo import DEMO_TODAY

    findings = check(read_book(write_demo_book(tmp_path)), DEMO_TODAY)
    missing = [(code, name) for code, name in PLANTED.items()
               if not any(f.code == code and name in f.message for f in findings)]
    assert missing == []
    rooms = [f.message for f in findings if f.code == "room-not-in-catalogue"]
    assert len(rooms) == 1, rooms  # the rooms the groups meet in are catalogued, but for the one planted


def test_generated_logos_show_the_whole_name(tmp_path):
    """The name beside the badge is never cut at the right edge, however long (words are not split)."""
    from PIL import Image

    from xlquartier.demo import _logo

    write_demo_book(tmp_path)
    long_names = ("Neustädter Wohnungsbaugesellschaft mbH", "Kinder- und Jugendhaus Die Insel",
                  "Wohnungsbaugesellschaft")
    for n, name in enumerate(long_names):
        _logo(tmp_path / "logos" / f"long{n}.png", name)
    clipped = []
    for path in sorted((tmp_path / "logos").glob("*.png")):
        image = Image.open(path).convert("RGBA")
        right = image.getchannel("A").getbbox()[2]
        if right > image.width - 8:  # ink up to the edge: the name runs out of the picture
            clipped.append(path.name)
    assert clipped == []


def test_every_agenda_item_of_a_held_meeting_records_something():
    """Minutes read like minutes: under each TOP of a held meeting stands an outcome (a task, a piece of
    news or a decision), filed under an item of that meeting's agenda."""
    from xlquartier.demo_data import demo_rows

    rows = demo_rows()
    meetings = {m["id"]: m for m in rows["meetings"]}
    entries = [t for t in rows["tasks"] if t.get("meeting")]
    assert all(t["item"] in meetings[t["meeting"]]["agenda"] for t in entries)
    filed = {(t["meeting"], t["item"]) for t in entries}
    empty = [(m["id"], item) for m in meetings.values() if m["status"] == "stattgefunden" for item in m["agenda"]
             if (m["id"], item) not in filed]
    assert empty == []
    kinds = {t["kind"] for t in entries}
    assert {"Aufgabe", "Information", "Beschluss"} <= kinds
