"""Write the README's column tables from the schema (between the column markers).

Usage: ``python tools/readme_tables.py`` rewrites README.md in place; the test suite checks
that the README matches, so the tables cannot drift from ``xlquartier/schema.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xlquartier.schema import DATA_SHEETS, LISTS, Column, Kind

START, END = "<!-- columns:start -->", "<!-- columns:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def _type(col: Column) -> str:
    if col.kind in (Kind.LIST, Kind.MULTILIST):
        prefix = "multi " if col.multi else ""
        return f"{prefix}list `{LISTS[col.list].de}`"
    if col.kind in (Kind.REF, Kind.MULTIREF):
        targets = " / ".join(DATA_SHEETS[r].de for r in col.ref) + (" / QM" if col.qm else "")
        return f"{'multi ' if col.multi else ''}ref {targets}"
    return col.kind.value


def _required(col: Column) -> str:
    if col.required:
        return "yes"
    if col.required_for_task:
        return "for Aufgabe"
    return "auto" if col.kind is Kind.ID else ""


def tables() -> str:
    out = []
    for spec in DATA_SHEETS.values():
        out += [f"#### {spec.de} ({spec.en})", "", "| Deutsch | English | type | required |",
                "|---|---|---|---|"]
        out += [f"| {c.de} | {c.en} | {_type(c)} | {_required(c)} |" for c in spec.columns]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{tables()}{END}{tail}"


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    README.write_text(render(text), encoding="utf-8")
    sys.stdout.write("README column tables updated\n")
