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
    assert "Netzwerk-Lindenhof.xlsx" in done.stdout
    summary = " ".join(done.stdout.split())  # the console wraps long lines
    missing = [code for code in PLANTED if f" {code}" not in summary]
    assert not missing, f"the demo summary does not show the planted problems {missing}"
    out = tmp_path / "demo"
    assert (out / "Jahresbericht_2026.docx").exists() and (out / "Kontaktliste.docx").exists()
    assert len(list((out / "Protokolle").glob("*.docx"))) >= 30
    with zipfile.ZipFile(out / "Netzwerk-Lindenhof.xlsx") as book:  # --lite: the workbook carries its Lite code
        assert wheel.replace("/", "\\/").encode() in book.read("xl/webextensions/webextension1.xml")
