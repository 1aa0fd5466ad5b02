"""Worksheet functions for Excel: the same module for the desktop add-in, xlwings Lite and Server.

Each function exists twice: a German name (help and results in German) and an English
alias (help and results in English), so a manager types the name in the language the
workbook is kept in: ``=DUBLETTEN(B2:B50)`` or ``=DUPLICATES(B2:B50)``. The docstrings
below are the help texts Excel shows, which is why they describe what the function does.

Arguments are deliberately not type-annotated: xlwings converts by annotation, and the
routes hand values over differently (see ``ranges``); the functions normalise them
themselves. Without ``XLWINGS_ON_SERVER`` and outside Windows the xlwings decorators
leave the functions untouched, so they are plain Python functions in tests and scripts.

A problem a manager can fix (a table not passed, a partner not found) comes back as one
sentence in the cell instead of ``#WERT!``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw

from ..checks import load
from ..checks.contactlog import last_contact as _last_contact
from ..checks.matching import DEFAULT_THRESHOLD, check_threshold, closest, earliest_duplicates
from ..errors import UserError
from ..schema import PARTNERS, TASKS, translate
from ..texts import format_date, t
from ..workbook.tables import today_or
from ..workbook.values import as_text, is_empty
from .headed import HEADED, Table, table_answer
from .ranges import as_date, book_from_ranges, cells_of, require, rows_of, table_key

__all__ = [
    "dubletten", "duplicates", "partner_finden", "find_partner", "partnerlast", "partner_load",
    "offene_aufgaben", "open_tasks", "partnertabelle", "partner_table", "jahresthemen", "annual_topics",
    "angebote", "find_offers", "letzter_kontakt", "last_contact",
]

TABLES_DOC = {
    "de": "Tabellen der Arbeitsmappe mit Überschrift, z. B. tblAufgaben[#Alle]; Reihenfolge beliebig.",
    "en": "Tables of the workbook with their header, e.g. tblAufgaben[#All]; any order.",
}


def _answer(lang: str, compute: Callable[[], Any]) -> Any:
    """The function's result, or the plain sentence of a problem the manager can fix."""
    try:
        return compute()
    except UserError as exc:
        return exc.message(lang)


def _number(value: Any, default: float) -> float:
    if is_empty(value):
        return default
    try:
        return float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise UserError(f"„{value}“ ist keine Zahl.", f"“{value}” is not a number.") from None


# --------------------------------------------------------------------------- duplicates

def _duplicates(names: Any, first_row: Any, threshold: Any, lang: str) -> list[list[Any]]:
    """One row per name: the flag and the row of the earliest name it probably duplicates."""
    earliest = earliest_duplicates(cells_of(names), check_threshold(_number(threshold, DEFAULT_THRESHOLD)))
    start = int(_number(first_row, 1))
    flag = t(lang, "Dublette", "duplicate")
    return [[flag, start + first] if first is not None else ["", ""] for first in earliest]


@xw.func(category="xlquartier")
@xw.arg("namen", doc="Bereich mit Namen, z. B. tblPartner[Name].")
@xw.arg("erste_zeile", doc="Zeilennummer des ersten Namens, z. B. ZEILE(B2); sonst zählt die Position.")
@xw.arg("schwelle", doc="Ähnlichkeit 1–100, ab der zwei Namen als Dublette gelten (Standard 90).")
def dubletten(namen, erste_zeile=1, schwelle=DEFAULT_THRESHOLD):
    """Markiert Namen, die wahrscheinlich dieselbe Organisation meinen wie ein früherer Name, und nennt dessen Zeile."""
    return _answer("de", lambda: _duplicates(namen, erste_zeile, schwelle, "de"))


@xw.func(category="xlquartier")
@xw.arg("names", doc="Range of names, e.g. tblPartner[Name].")
@xw.arg("first_row", doc="Row number of the first name, e.g. ROW(B2); otherwise the position counts.")
@xw.arg("threshold", doc="Similarity 1-100 from which two names count as duplicates (default 90).")
def duplicates(names, first_row=1, threshold=DEFAULT_THRESHOLD):
    """Flags names that probably mean the same organisation as an earlier name, and gives that name's row."""
    return _answer("en", lambda: _duplicates(names, first_row, threshold, "en"))


# --------------------------------------------------------------------------- closest partner

def _closest_partner(name: Any, partners: Any, min_score: Any, lang: str) -> list[list[Any]]:
    rows = rows_of(partners)
    if table_key(rows) == "partners":
        candidates, labels = [], []
        for row in book_from_ranges([rows], lang).rows("partners"):
            for text in (row["name"], row["short_name"]):
                if text:
                    candidates.append(text)
                    labels.append(row["name"] or text)
    else:
        candidates = [c for c in cells_of(partners) if not is_empty(c)]
        labels = [as_text(c) for c in candidates]
    found = closest(name, candidates, limit=1, threshold=_number(min_score, 60))
    if not found:
        return [[t(lang, "kein ähnlicher Partner", "no similar partner"), 0]]
    return [[labels[found[0].index], round(found[0].score)]]


@xw.func(category="xlquartier")
@xw.arg("name", doc="Der eingegebene Name.")
@xw.arg("partner", doc="tblPartner[#Alle] oder ein Bereich mit Partnernamen.")
@xw.arg("mindestens", doc="Mindest-Ähnlichkeit 0–100 (Standard 60).")
def partner_finden(name, partner, mindestens=60):
    """Findet den vorhandenen Partner, der einem eingegebenen Namen am ähnlichsten ist: Name und Ähnlichkeit (0–100)."""
    return _answer("de", lambda: _closest_partner(name, partner, mindestens, "de"))


@xw.func(category="xlquartier")
@xw.arg("name", doc="The name as typed.")
@xw.arg("partners", doc="tblPartner[#All] or a range of partner names.")
@xw.arg("min_score", doc="Minimum similarity 0-100 (default 60).")
def find_partner(name, partners, min_score=60):
    """Finds the existing partner most like a typed name: its name and the similarity (0-100)."""
    return _answer("en", lambda: _closest_partner(name, partners, min_score, "en"))


# --------------------------------------------------------------------------- load

def _load(partner: Any, day: Any, tables: tuple, lang: str) -> list[list[int]]:
    book = book_from_ranges(tables, lang)
    require(book, "partners", "structures", "meetings", "tasks")
    found = load.partner_load(book, as_text(partner), as_date(day))
    return [[len(found.structures), len(found.meetings_this_quarter), len(found.open_tasks),
             len(found.overdue_tasks)]]


@xw.func(category="xlquartier")
@xw.arg("partner", doc="ID, Kurzname oder Name des Partners.")
@xw.arg("stichtag", doc="Stichtag, meist HEUTE().")
@xw.arg("tabellen", ndim=2, doc=TABLES_DOC["de"])
def partnerlast(partner, stichtag, *tabellen):
    """Belastung eines Partners: aktive Strukturen, Treffen im Quartal, offene und überfällige Aufgaben."""
    return _answer("de", lambda: _load(partner, stichtag, tabellen, "de"))


@xw.func(category="xlquartier")
@xw.arg("partner", doc="ID, short name or name of the partner.")
@xw.arg("as_of", doc="Reference date, usually TODAY().")
@xw.arg("tables", ndim=2, doc=TABLES_DOC["en"])
def partner_load(partner, as_of, *tables):
    """A partner's load: active structures, meetings this quarter, open and overdue tasks."""
    return _answer("en", lambda: _load(partner, as_of, tables, "en"))


# --------------------------------------------------------------------------- open tasks

def _open_tasks(who: Any, day: Any, tables: tuple, lang: str) -> Table:
    book = book_from_ranges(tables, lang)
    require(book, "tasks")
    today = today_or(as_date(day))
    tasks = sorted(load.open_tasks(book, as_text(who)),
                   key=lambda task: (task["due"] is None, task["due"] or today, task.number))
    header = [TASKS.column(key).header(lang) for key in ("id", "description", "due", "status")]
    header.append(t(lang, "Tage überfällig", "Days overdue"))
    if not tasks:
        return header, [[t(lang, "keine offenen Aufgaben", "no open tasks"), None, None, None, None]]
    return header, [[task.id, task["description"], task["due"], translate("task_status", task["status"], lang),
                     (today - task["due"]).days if task["due"] and task["due"] < today else None]
                    for task in tasks]


@xw.func(category="xlquartier")
@xw.arg("wer", doc="Person (Name oder ID), Partner (ID, Kurzname oder Name) oder QM.")
@xw.arg("stichtag", doc="Stichtag für „überfällig“, meist HEUTE().")
@xw.arg("tabellen", ndim=2, doc=TABLES_DOC["de"])
@xw.ret(**HEADED)
async def offene_aufgaben(wer, stichtag, *tabellen):
    """Offene Aufgaben einer Person oder eines Partners mit Überschrift: ID, Beschreibung, Fällig, Status, Verzug."""
    return await table_answer("de", lambda: _open_tasks(wer, stichtag, tabellen, "de"))


@xw.func(category="xlquartier")
@xw.arg("who", doc="Person (name or ID), partner (ID, short name or name) or QM.")
@xw.arg("as_of", doc="Reference date for “overdue”, usually TODAY().")
@xw.arg("tables", ndim=2, doc=TABLES_DOC["en"])
@xw.ret(**HEADED)
async def open_tasks(who, as_of, *tables):
    """The open tasks of a person or partner, with headers: ID, description, due, status, days overdue."""
    return await table_answer("en", lambda: _open_tasks(who, as_of, tables, "en"))


# --------------------------------------------------------------------------- partner table

def _partner_table(day: Any, tables: tuple, lang: str) -> Table:
    book = book_from_ranges(tables, lang)
    require(book, "partners", "structures", "meetings", "tasks")
    today = today_or(as_date(day))
    partners = book.tables["partners"]
    contacts = load.last_contacts(book)
    header = [PARTNERS.column(key).header(lang) for key in ("id", "name", "type", "status")] + [
        t(lang, "aktive Strukturen", "Active structures"), t(lang, "Treffen im Quartal", "Meetings this quarter"),
        t(lang, "offene Aufgaben", "Open tasks"), t(lang, "überfällige Aufgaben", "Overdue tasks"),
        t(lang, "letzter Kontakt", "Last contact")]
    rows = []
    for partner in partners.rows:
        found = load.load_of(book, partner, today)
        rows.append([partner.id, partner["name"], translate("partner_type", partner["type"], lang) or None,
                     translate("partner_status", partner["status"], lang) or None, len(found.structures),
                     len(found.meetings_this_quarter), len(found.open_tasks), len(found.overdue_tasks),
                     contacts.get(partner.number)])
    return header, rows


@xw.func(category="xlquartier")
@xw.arg("stichtag", doc="Stichtag für Quartal und „überfällig“, meist HEUTE().")
@xw.arg("tabellen", ndim=2, doc=TABLES_DOC["de"])
@xw.ret(**HEADED)
async def partnertabelle(stichtag, *tabellen):
    """Alle Partner mit Überschrift: Art, Status, Strukturen, Treffen, offene/überfällige Aufgaben, letzter Kontakt."""
    return await table_answer("de", lambda: _partner_table(stichtag, tabellen, "de"))


@xw.func(category="xlquartier")
@xw.arg("as_of", doc="Reference date for the quarter and “overdue”, usually TODAY().")
@xw.arg("tables", ndim=2, doc=TABLES_DOC["en"])
@xw.ret(**HEADED)
async def partner_table(as_of, *tables):
    """All partners, with headers: type, status, structures, meetings, open and overdue tasks, last contact."""
    return await table_answer("en", lambda: _partner_table(as_of, tables, "en"))


# --------------------------------------------------------------------------- annual topics

def _topics(year: Any, tables: tuple, lang: str) -> int:
    book = book_from_ranges(tables, lang)
    require(book, "topics")
    return len(load.joint_topics(book, int(_number(year, today_or(None).year))))


@xw.func(category="xlquartier")
@xw.arg("jahr", doc="Das Jahr, z. B. 2026 oder JAHR(HEUTE()).")
@xw.arg("tabellen", ndim=2, doc="tblJahresthemen[#Alle]")
def jahresthemen(jahr, *tabellen):
    """Zählt die gemeinsamen Jahresthemen (geplant oder aktiv) eines Jahres; gute Praxis: höchstens drei."""
    return _answer("de", lambda: _topics(jahr, tabellen, "de"))


@xw.func(category="xlquartier")
@xw.arg("year", doc="The year, e.g. 2026 or YEAR(TODAY()).")
@xw.arg("tables", ndim=2, doc="tblJahresthemen[#All] (the annual topics table)")
def annual_topics(year, *tables):
    """Counts the joint annual topics (planned or active) of a year; good practice: at most three."""
    return _answer("en", lambda: _topics(year, tables, "en"))


# --------------------------------------------------------------------------- offers

def _offers(group: Any, field: Any, kind: Any, day: Any, tables: tuple, lang: str) -> list[list[Any]]:
    """A header row and one row per offer still valid: ID, title, kind, partner, target groups, place, times, cost."""
    book = book_from_ranges(tables, lang)
    require(book, "offers")
    found = load.find_offers(book, None if is_empty(group) else as_text(group), None if is_empty(field) else
                             as_text(field), None if is_empty(kind) else as_text(kind), as_date(day))
    header = [t(lang, "AngebotID", "OfferID"), t(lang, "Titel", "Title"), t(lang, "Art", "Kind"), "Partner",
              t(lang, "Zielgruppen", "Target groups"), t(lang, "Ort", "Place"), t(lang, "Zeiten", "Times"),
              t(lang, "Kosten", "Cost")]
    rows = [header]
    for offer in found:
        partner = book.ref("offers", offer, "partner")
        rows.append([offer.id or "", offer["title"] or "", translate("offer_kind", offer["kind"] or "", lang),
                     partner["name"] if partner is not None else (offer["partner"] or ""),
                     "; ".join(translate("target_group", g, lang) for g in offer["target_groups"] or []),
                     offer["place"] or "", offer["times"] or "", offer["cost"] or ""])
    if not found:
        rows.append([t(lang, "keine passenden Angebote", "no matching offers")] + [""] * (len(header) - 1))
    return rows


@xw.func(category="xlquartier")
@xw.arg("zielgruppe", doc="Zielgruppe, z. B. „Familien“; leer = alle.")
@xw.arg("handlungsfeld", doc="Handlungsfeld, z. B. „Bildung“; leer = alle.")
@xw.arg("art", doc="Art, z. B. „Raum“ oder „Beratung“; leer = alle.")
@xw.arg("stichtag", doc="Stichtag für „noch gültig“, meist HEUTE().")
@xw.arg("tabellen", ndim=2, doc="tblAngebote[#Alle], dazu tblPartner[#Alle] für die Partnernamen.")
def angebote(zielgruppe, handlungsfeld, art, stichtag, *tabellen):
    """Findet die Angebote der Partner (Räume, Kurse, Beratung …) nach Zielgruppe, Handlungsfeld und Art."""
    return _answer("de", lambda: _offers(zielgruppe, handlungsfeld, art, stichtag, tabellen, "de"))


@xw.func(category="xlquartier")
@xw.arg("target_group", doc="Target group, e.g. “Families”; empty = all.")
@xw.arg("field", doc="Field of action, e.g. “Education”; empty = all.")
@xw.arg("kind", doc="Kind, e.g. “Room” or “Consultation”; empty = all.")
@xw.arg("as_of", doc="Reference date for “still valid”, usually TODAY().")
@xw.arg("tables", ndim=2, doc="tblAngebote[#All], plus tblPartner[#All] for the partners' names.")
def find_offers(target_group, field, kind, as_of, *tables):
    """Finds the partners' offers (rooms, courses, consultation …) by target group, field of action and kind."""
    return _answer("en", lambda: _offers(target_group, field, kind, as_of, tables, "en"))
# --------------------------------------------------------------------------- last contact

def _contact(partner: Any, day: Any, tables: tuple, lang: str) -> list[list[Any]]:
    """One row: date, channel, who in the office, agreed next step, open follow-up date."""
    book = book_from_ranges(tables, lang)
    require(book, "partners", "contacts")
    found = _last_contact(book, as_text(partner), as_date(day))
    if found.contact is None:
        return [[t(lang, "noch kein Kontakt", "no contact yet"), "", "", "", ""]]
    row = found.contact
    return [[format_date(row["date"], lang), translate("channel", row["channel"], lang) if row["channel"] else "",
             row["office_person"] or "", row["next_step"] or "", format_date(found.follow_up, lang)]]


@xw.func(category="xlquartier")
@xw.arg("partner", doc="ID, Kurzname oder Name des Partners.")
@xw.arg("stichtag", doc="Kontakte bis zu diesem Tag, meist HEUTE().")
@xw.arg("tabellen", ndim=2, doc="tblKontaktverlauf[#Alle] und tblPartner[#Alle]; Reihenfolge beliebig.")
def letzter_kontakt(partner, stichtag, *tabellen):
    """Letzter Kontakt mit einem Partner (Kontaktverlauf): Datum, Weg, wer im Büro, nächster Schritt, Wiedervorlage."""
    return _answer("de", lambda: _contact(partner, stichtag, tabellen, "de"))


@xw.func(category="xlquartier")
@xw.arg("partner", doc="ID, short name or name of the partner.")
@xw.arg("as_of", doc="Contacts up to this day, usually TODAY().")
@xw.arg("tables", ndim=2, doc="tblKontaktverlauf[#All] and tblPartner[#All]; any order.")
def last_contact(partner, as_of, *tables):
    """The last contact with a partner from the contact log: date, channel, office staff, next step, open follow-up."""
    return _answer("en", lambda: _contact(partner, as_of, tables, "en"))
