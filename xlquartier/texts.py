"""Picking the user's language. Every text a user sees is written in both languages at
the place it is used, so a reader sees German and English side by side."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence


def t(lang: str, de: str, en: str) -> str:
    return en if lang == "en" else de


def plural(lang: str, count: int, de: tuple[str, str], en: tuple[str, str]) -> str:
    """A count with its noun in the right number: ``plural("de", 1, ("Dokument", "Dokumente"), …)``
    gives "1 Dokument", 3 gives "3 Dokumente". Never "Dokument(e)"."""
    one, many = en if lang == "en" else de
    return f"{count} {one if count == 1 else many}"


def joined(lang: str, items: Sequence[str]) -> str:
    """A list as a sentence writes it: "Räume und Personal", "Räume, Personal und Fachwissen"."""
    items = [str(i) for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t(lang, 'und', 'and')} {items[-1]}"


def ui_language(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language of the command line's own texts (help, usage errors) before any workbook is read:
    ``--lang en`` / ``--lang=en`` (any case) wins, then an English locale in the environment, else German."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value is not None and value.strip().lower() in ("de", "en"):
            return value.strip().lower()
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "de"
    return "de"


def format_date(value, lang: str) -> str:
    """Dates as a German office writes them (12.03.2026); ISO for English."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()
