"""Picking the user's language. Every text a user sees is written in both languages at
the place it is used, so a reader sees German and English side by side."""

from __future__ import annotations


def t(lang: str, de: str, en: str) -> str:
    return en if lang == "en" else de


def format_date(value, lang: str) -> str:
    """Dates as a German office writes them (12.03.2026); ISO for English."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()
