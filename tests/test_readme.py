"""The README stays true: its two commands are what CI runs, its column tables are the schema's."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import readme_tables  # noqa: E402


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


def test_readme_column_tables_come_from_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_tables.render(readme) == readme, "run: python tools/readme_tables.py"
    assert "| Nutzen für den Partner | Benefit for the partner | text |  |" in readme
