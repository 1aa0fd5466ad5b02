"""The catalogue of check codes is the contract: every code is reported somewhere, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest

import xlquartier
from xlquartier.checks.catalogue import CATALOGUE, GROUPS
from xlquartier.checks.finding import Finding

SOURCES = [p for p in Path(xlquartier.__file__).parent.rglob("*.py") if p.name != "catalogue.py"]


def test_every_catalogued_code_is_reported_by_some_check():
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    unused = [code for code in CATALOGUE if f'"{code}"' not in text]
    assert not unused, f"codes in the catalogue that no check reports: {unused}"


def test_entries_are_complete():
    for entry in CATALOGUE.values():
        assert entry.group in GROUPS
        assert entry.de and entry.en and entry.when


def test_a_code_outside_the_catalogue_is_refused():
    with pytest.raises(ValueError):
        Finding("no-such-code", "error", "Partner", 2, None, "x")
    with pytest.raises(ValueError):
        Finding("required", "hint", "Partner", 2, None, "x")  # the catalogue says error
    assert Finding("required", "error", "Partner", 2, None, "x").code == "required"
