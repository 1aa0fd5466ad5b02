"""The README and docs/ stay true: its two commands are what CI runs, the contracts are generated from code."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from xlquartier.demo_data import demo_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import gen_docs  # noqa: E402


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Try it on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_starts_with_the_demo_and_the_test_command():
    demo, tests = _commands()
    assert demo.rstrip().endswith("xlquartier demo")
    assert "pytest" in tests and "install-system-packages" in tests


def test_ci_runs_the_readme_test_command():
    _, tests = _commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_generated_docs_and_readme_tables_come_from_the_code():
    stale = [str(path.relative_to(ROOT)) for path, text in gen_docs.outputs().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"run: python tools/gen_docs.py ({stale})"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| Nutzen für den Partner | Benefit for the partner | text |  |" in readme
    checks = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert "`overdue-task` | warning | Aufgabe überfällig" in checks and "= 14" in checks
    assert "### `xlquartier share export`" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def test_readme_names_the_contracts_and_the_guide_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (ROOT / link).exists(), link
    assert "docs/checks.md" in readme and "docs/anleitung.md" in readme


def test_readme_demo_counts_match_the_demo():
    rows = demo_rows()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for key, word in (("partners", "partners"), ("people", "people"), ("structures", "groups"),
                      ("meetings", "meetings"), ("tasks", "tasks"), ("agreements", "agreements"),
                      ("events", "events"), ("offers", "offers and rooms"), ("contacts", "contacts"),
                      ("concerns", "residents' concerns")):
        assert f"{len(rows[key])} {word}" in readme, (key, len(rows[key]))
