"""The annual report (Sachbericht) as a Word document, for one workbook or several.

Rendered from a docxtpl template like the other documents (``templates/de/Jahresbericht.docx``):
the same letterhead, header and footer with page numbers, and an office can change wording and
layout in Word (a ``Vorlagen`` folder beside the workbook wins). The figures, sentences and
tables are computed here; every figure comes with the numbers behind it and a sentence on how
it is counted, because the reader (district council, funding body) must be able to follow it.
Several workbooks give a total first, then one part each.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from ..documents.common import Notices, qm_context
from ..documents.engine import Picture, Template
from ..documents.templates import find_template
from ..errors import UserError
from ..files import write_atomically
from ..outputs import output_file
from ..schema import translate
from ..texts import format_date, plural, t
from ..workbook.read import read_book
from ..workbook.tables import Book
from . import plots
from .indicators import HELD, Figure, Indicators, indicators, total_figures
from .network import network_png
from .output import Written, today_and_year

# key -> (label de, label en, how it is counted de, en)
FIGURE_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "partners_active": ("Aktive Partner", "Active partners",
                        "Status „aktiv“ heute, von allen Partnern", "status “active” today, of all partners"),
    "partners_new": ("Neue Partner", "New partners",
                     "„Partner seit“ im Berichtsjahr", "“Partner since” in the year"),
    "partners_ended": ("Beendete Partnerschaften", "Partnerships ended",
                       "Status „beendet“ heute", "status “ended” today"),
    "meetings_held": ("Stattgefundene Treffen", "Meetings held",
                      "Status „stattgefunden“, von allen nicht geplanten Terminen im Jahr",
                      "status “held”, of all dates in the year that were not just planned"),
    "attendance": ("Teilnahme der Mitglieder", "Member attendance",
                   "anwesende Mitgliedsorganisationen, von allen Mitgliedsplätzen (Mitglieder × Treffen)",
                   "member organisations present, of all member places (members × meetings)"),
    "headcount": ("Teilnehmende insgesamt", "Attendees in total",
                  "Summe „Anzahl Teilnehmende“ der Treffen", "sum of the meetings’ headcounts"),
    "residents": ("Erreichte Bewohner*innen", "Residents reached",
                  "Summe „davon Bewohner*innen“, von allen Teilnehmenden",
                  "sum of “of them residents”, of all attendees"),
    "tasks_agreed": ("Vereinbarte Aufgaben", "Tasks agreed",
                     "Art „Aufgabe“, in einem Treffen des Jahres vereinbart (sonst: fällig im Jahr)",
                     "kind “task”, agreed at a meeting of the year (else: due in it)"),
    "tasks_done": ("Erledigte Aufgaben", "Tasks done", "Status „erledigt“, von den vereinbarten",
                   "status “done”, of those agreed"),
    "tasks_on_time": ("Pünktlich erledigt", "Done on time",
                      "„Erledigt am“ nicht nach „Fällig“, von den erledigten",
                      "“done on” not after “due”, of those done"),
    "tasks_overdue": ("Überfällige Aufgaben", "Overdue tasks",
                      "noch offen und Fälligkeit vor dem Stichtag, von den vereinbarten",
                      "still open and due before the reference date, of those agreed"),
    "agreements_active": ("Gültige Vereinbarungen", "Agreements in force",
                          "unterzeichnet und am Stichtag in der Laufzeit, von allen Vereinbarungen",
                          "signed and in force on the reference date, of all agreements"),
    "agreements_signed": ("Im Jahr unterzeichnet", "Signed in the year",
                          "„Unterzeichnet am“ im Berichtsjahr", "“signed on” in the year"),
    "agreements_review": ("Zur Überprüfung fällig", "Due for review",
                          "unterzeichnet, Überprüfungstermin erreicht oder Laufzeit abgelaufen",
                          "signed, review date reached or term ended"),
    "topics": ("Gemeinsame Jahresthemen", "Joint annual topics",
               "Themen des Jahres (ohne zurückgestellte), gegen die Höchstzahl aus den Einstellungen",
               "topics of the year (without deferred ones), against the maximum in the settings"),
    "partners_involved": ("Partner in Strukturen", "Partners in structures",
                          "Mitglied in mindestens einer aktiven Struktur, von allen nicht beendeten Partnern",
                          "member of at least one active structure, of all partners not ended"),
    "bridges": ("Brückenpartner", "Bridging partners",
                "Mitglied in zwei oder mehr aktiven Strukturen", "member of two or more active structures"),
    "overloaded": ("Möglicherweise überlastet", "Possibly overloaded",
                   "Warnung der Prüfung: zu viele Strukturen, Treffen je Quartal oder offene bzw. überfällige"
                   " Aufgaben (auch die ihrer Personen)",
                   "warned by the check: too many structures, meetings per quarter, or open or overdue tasks"
                   " (their people’s too)"),
    "events_held": ("Veranstaltungen", "Events held",
                    "Status „stattgefunden“ im Jahr, von allen nicht nur geplanten",
                    "status “held” in the year, of all that were not just planned"),
    "events_joint": ("Auf mehreren Schultern", "On several shoulders",
                     "stattgefundene Veranstaltungen mit mindestens zwei Veranstaltenden",
                     "held events with at least two organisers"),
    "event_partners": ("Partner als Veranstalter", "Partners organising",
                       "Partner mit Federführung oder Mitveranstaltung einer stattgefundenen Veranstaltung, "
                       "von den aktiven Partnern",
                       "partners leading or co-organising a held event, of the active partners"),
    "event_reach": ("Reichweite der Veranstaltungen", "Event reach",
                    "Summe „Erreichte Teilnehmende“ der stattgefundenen Veranstaltungen",
                    "sum of the held events’ attendance"),
    "event_residents": ("davon Bewohner*innen", "of them residents",
                        "Summe „davon Bewohner*innen“, von der Reichweite", "sum of residents, of the reach"),
    "contributing": ("Partner mit Beiträgen", "Partners contributing",
                     "aktive Partner mit mindestens einem Eintrag unter „Beiträge“, von den aktiven",
                     "active partners with at least one entry under “Contributions”, of the active ones"),
    "concerns": ("Anliegen von Bewohner*innen", "Residents' concerns",
                 "Zeilen im Blatt „Anliegen“ mit Datum im Berichtsjahr",
                 "rows of the Concerns sheet dated in the year"),
    "concerns_taken_up": ("Davon aufgegriffen", "Of them taken up",
                          "Status „aufgegriffen“, „in Arbeit“ oder „umgesetzt“, von den Anliegen des Jahres",
                          "status “taken up”, “in progress” or “done”, of the year's concerns"),
}


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """1.234 and 12,5 for German; 1,234 and 12.5 for English."""
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_share(value: float | None, lang: str) -> str:
    """A share as a percentage: „63 %“ in German (with a space, as Duden writes it)."""
    if value is None:
        return "–"
    return f"{format_number(value * 100, lang)}\u00a0%" if lang == "de" else f"{value * 100:.0f}%"


def figure_basis(figure: Figure, lang: str) -> str:
    """The numbers behind a figure: „12 von 40 (30 %)“."""
    if figure.of is None:
        return ""
    of = format_number(figure.of, lang)
    if figure.key == "topics":  # a maximum, not a base: a share of it says nothing
        over = figure.value > figure.of
        return t(lang, f"Höchstzahl {of}" + (" – überschritten" if over else ""),
                 f"maximum {of}" + (" – exceeded" if over else ""))
    if not figure.of:
        return t(lang, f"von {of}", f"of {of}")
    share = format_share(figure.share, lang)
    return t(lang, f"von {of} ({share})", f"of {of} ({share})")


@dataclass
class BookReport:
    """One workbook's part of the report."""

    book: Book
    title: str
    ind: Indicators


CHART_WIDTH_MM = 150
# the map's own landscape page (templates: A4, margins 2.2 cm at the sides, 3.2 cm and 2.2 cm above
# and below) less its heading and the two lines under it
MAP_WIDTH_MM, MAP_HEIGHT_MM = 253, 132


class _Pictures:
    """Charts and maps as files for the template engine, in a folder that lives while rendering."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, png: bytes, width_mm: float, height_mm: float | None = None) -> Picture | None:
        """The picture ``width_mm`` wide, or as large as fits a box ``width_mm`` x ``height_mm``."""
        if not png:
            return None
        self.count += 1
        path = self.folder / f"picture{self.count}.png"
        path.write_bytes(png)
        with Image.open(io.BytesIO(png)) as image:
            aspect = image.width / image.height
        height = width_mm / aspect if height_mm is None else min(height_mm, width_mm / aspect)
        return Picture(path, height_mm=height, max_width_mm=width_mm)


def _n(value: float, lang: str) -> str:
    return format_number(value, lang)


def _figures(figures: list[Figure], lang: str) -> list[dict[str, str]]:
    rows = []
    for f in figures:
        de, en, how_de, how_en = FIGURE_TEXTS[f.key]
        rows.append({"label": t(lang, de, en), "value": _n(f.value, lang), "basis": figure_basis(f, lang),
                     "how": t(lang, how_de, how_en)})
    return rows


def _counts(rows: dict, list_key: str, lang: str) -> list[dict[str, str]]:
    return [{"name": translate(list_key, k, lang), "active": _n(c[0], lang), "new": _n(c[1], lang),
             "ended": _n(c[2], lang)} for k, c in rows.items()]


def _partners(ind: Indicators, lang: str, picture: _Pictures) -> dict[str, Any]:
    p = ind.partners
    active = plural(lang, p.active, ("aktiven Partner", "aktive Partner"), ("active partner", "active partners"))
    return {
        "text": t(lang, f"Das Netzwerk hat {active} (von {_n(p.total, lang)} erfassten). Neu hinzugekommen "
                        f"{ind.year}: {_n(p.new, lang)}; beendete Partnerschaften: {_n(p.ended, lang)}.",
                  f"The network has {active} (of {_n(p.total, lang)} recorded). Joined in {ind.year}: "
                  f"{_n(p.new, lang)}; partnerships ended: {_n(p.ended, lang)}."),
        "by_type": _counts(p.by_type, "partner_type", lang),
        "by_field": _counts(p.by_field, "field", lang),
        "chart": picture(plots.partners_by_field(ind, lang), CHART_WIDTH_MM) if p.by_field else None,
    }


def _meetings(ind: Indicators, lang: str, picture: _Pictures) -> dict[str, Any]:
    m = ind.meetings
    attendance = Figure("attendance", m.total("members_present"), m.total("member_places"))
    held = plural(lang, m.total("held"), ("Treffen", "Treffen"), ("meeting was held", "meetings were held"))
    residents = plural(lang, m.total("residents"), ("Bewohner*in", "Bewohner*innen"), ("resident", "residents"))
    verb = t(lang, "fand" if m.total("held") == 1 else "fanden", "")
    text = t(lang, f"{ind.year} {verb} {held} statt, {_n(m.total('cancelled'), lang)} wurden abgesagt, "
                   f"{_n(m.total('planned'), lang)} sind geplant. Die Mitgliedsorganisationen waren zu "
                   f"{format_share(attendance.share, lang)} anwesend; {residents} nahmen teil.",
             f"In {ind.year}, {held}, {_n(m.total('cancelled'), lang)} cancelled and {_n(m.total('planned'), lang)} "
             f"are planned. Member organisations attended {format_share(attendance.share, lang)} of the time; "
             f"{residents} took part.")
    structures = [{"name": s.name, "type": translate("structure_type", s.type, lang) if s.type else "",
                   "members": _n(s.members, lang), "held": _n(s.held, lang), "cancelled": _n(s.cancelled, lang),
                   "planned": _n(s.planned, lang), "attendance": format_share(s.attendance, lang),
                   "headcount": _n(s.headcount, lang), "residents": _n(s.residents, lang)}
                  for s in sorted(m.structures, key=lambda s: (-s.held, s.name.casefold()))]
    without = ""
    if m.without_structure:
        count = plural(lang, m.without_structure, ("Treffen", "Treffen"), ("meeting", "meetings"))
        without = t(lang, f"{count} ohne auffindbare Struktur sind nur in der Monatsgrafik gezählt.",
                    f"{count} without a structure that can be found are counted in the monthly chart only.")
    return {"text": text, "structures": structures, "without_structure": without,
            "chart": picture(plots.meetings_per_month(ind, lang), CHART_WIDTH_MM) if m.total("held") else None}


def _tasks(ind: Indicators, lang: str, picture: _Pictures) -> dict[str, Any]:
    k = ind.tasks
    on_time = Figure("tasks_on_time", k.done_on_time, k.done)
    agreed = plural(lang, k.agreed, ("Aufgabe", "Aufgaben"), ("task was", "tasks were"))
    text = t(lang, f"In den Treffen des Jahres {'wurde' if k.agreed == 1 else 'wurden'} {agreed} vereinbart. "
                   f"{_n(k.done, lang)} davon {'ist' if k.done == 1 else 'sind'} erledigt, "
                   f"{_n(k.done_on_time, lang)} pünktlich ({format_share(on_time.share, lang)}), "
                   f"{_n(k.done_late, lang)} verspätet und {_n(k.done_undated, lang)} ohne Datum. "
                   f"{_n(k.open, lang)} {'ist' if k.open == 1 else 'sind'} noch offen, davon {_n(k.overdue, lang)} "
                   f"überfällig (Stichtag {format_date(ind.today, lang)}); {_n(k.dropped, lang)} entfallen.",
             f"{agreed} agreed at the year's meetings. {_n(k.done, lang)} done, {_n(k.done_on_time, lang)} of them on "
             f"time ({format_share(on_time.share, lang)}), {_n(k.done_late, lang)} late and "
             f"{_n(k.done_undated, lang)} without a date. {_n(k.open, lang)} still open, {_n(k.overdue, lang)} of "
             f"them overdue (reference date {format_date(ind.today, lang)}); {_n(k.dropped, lang)} dropped.")
    return {"text": text,
            "chart": picture(plots.tasks_per_month(ind, lang), CHART_WIDTH_MM) if k.agreed else None}


def _agreements(ind: Indicators, lang: str) -> dict[str, Any]:
    a = ind.agreements
    kinds = ", ".join(f"{_n(n, lang)} × {translate('agreement_kind', k, lang)}" for k, n in a.by_kind.items())
    total = plural(lang, a.total, ("Vereinbarung", "Vereinbarungen"), ("agreement", "agreements"))
    return {"text": t(
        lang,
        f"{_n(a.active, lang)} von {total} {'gilt' if a.active == 1 else 'gelten'} am "
        f"{format_date(ind.today, lang)}{f' ({kinds})' if kinds else ''}; {_n(a.signed_in_year, lang)} "
        f"{'wurde' if a.signed_in_year == 1 else 'wurden'} {ind.year} unterzeichnet, {_n(a.review_due, lang)} "
        f"{'ist' if a.review_due == 1 else 'sind'} zur Überprüfung fällig.",
        f"{_n(a.active, lang)} of {total} in force on {format_date(ind.today, lang)}"
        f"{f' ({kinds})' if kinds else ''}; {_n(a.signed_in_year, lang)} signed in {ind.year}, "
        f"{_n(a.review_due, lang)} due for review.")}


def _topics(ind: Indicators, lang: str) -> dict[str, Any]:
    topics = ind.topics
    verdict = (t(lang, "Das liegt über der vereinbarten Höchstzahl – Überforderung der Partner vermeiden.",
                 "That is above the agreed maximum – avoid overloading the partners.")
               if topics.count > topics.maximum else
               t(lang, "Das liegt im Rahmen der Höchstzahl.", "That is within the maximum."))
    count = plural(lang, topics.count, ("gemeinsamen Thema", "gemeinsamen Themen"), ("joint topic", "joint topics"))
    return {"text": t(lang, f"{ind.year} arbeitet das Netzwerk an {count} (Höchstzahl {_n(topics.maximum, lang)}). ",
                      f"In {ind.year} the network works on {count} (maximum {_n(topics.maximum, lang)}). ") + verdict,
            "titles": [f"{title} ({translate('topic_status', status, lang)})" for title, status in topics.titles]}


def _events(ind: Indicators, lang: str) -> dict[str, Any]:
    """Events "auf mehreren Schultern": how many were held, how many jointly, whom they reached."""
    e = ind.events
    if not e.events:
        return {"text": "", "rows": [], "note": ""}
    held = e.count(HELD)
    text = t(lang,
             f"Veranstaltungen {ind.year}: {_n(held, lang)} stattgefunden, davon {_n(e.joint, lang)} auf mehreren "
             f"Schultern (mindestens zwei Veranstaltende). Partner in Federführung oder Mitveranstaltung: "
             f"{_n(e.co_organisers, lang)}. Erreicht: {_n(e.total('reach'), lang)} Menschen, davon "
             f"{_n(e.total('residents'), lang)} Bewohner*innen.",
             f"Events in {ind.year}: {_n(held, lang)} held, {_n(e.joint, lang)} of them on several shoulders (at "
             f"least two organisers). Partners leading or co-organising: {_n(e.co_organisers, lang)}. Reached: "
             f"{_n(e.total('reach'), lang)} people, {_n(e.total('residents'), lang)} of them residents.")
    rows = [{"date": format_date(r.date, lang), "title": r.title,
             "status": translate("event_status", r.status, lang), "organisers": _n(r.organisers, lang),
             "reach": "" if r.reach is None else _n(r.reach, lang),
             "residents": "" if r.residents is None else _n(r.residents, lang)} for r in e.events]
    note = t(lang, f"Stattgefunden, aber ohne Zahl der Teilnehmenden (nicht mitgezählt): {e.reach_missing}",
             f"Held but without attendance figures (not counted): {e.reach_missing}") if e.reach_missing else ""
    return {"text": text, "rows": rows, "note": note}


def _load(ind: Indicators, lang: str) -> dict[str, Any]:
    flagged = {id(p) for p in ind.overloaded}
    top = sorted(ind.load.values(), key=lambda p: (-p.involvement, p.name.casefold()))
    top = [p for p in top if p.involvement][:15]
    top += [p for p in ind.overloaded if p not in top]
    rows = [{"name": p.name + (" (!)" if id(p) in flagged else ""), "structures": _n(len(p.structures), lang),
             "meetings": _n(p.meetings, lang), "open": _n(p.open_tasks, lang), "overdue": _n(p.overdue_tasks, lang),
             "hosted": _n(p.hosted, lang)} for p in top]
    return {"text": t(lang, "Wer trägt das Netzwerk? Die Partner mit der stärksten Beteiligung – aktive Strukturen, "
                            f"besuchte Treffen {ind.year}, offene Aufgaben. Markiert (!) sind Partner, vor deren "
                            "Überforderung die Prüfung warnt (Schwellen im Blatt Einstellungen).",
                      "Who carries the network? The partners most involved – active structures, meetings attended "
                      f"in {ind.year}, open tasks. Marked (!) are partners the check warns may be overloaded "
                      "(thresholds in the Settings sheet)."), "rows": rows}


def _bridges(ind: Indicators, lang: str) -> dict[str, Any]:
    if not ind.bridges:
        return {"text": t(lang, "Kein Partner ist in mehr als einer aktiven Struktur.",
                          "No partner is in more than one active structure."), "rows": []}
    return {"text": t(lang, "Diese Partner sind in mehreren Strukturen und verbinden die Runden miteinander – "
                            "wichtig, um Doppelstrukturen zu vermeiden und Wissen weiterzutragen.",
                      "These partners sit in several structures and link the groups – important to avoid "
                      "duplicate structures and to carry knowledge across."),
            "rows": [{"name": p.name, "count": _n(len(p.structures), lang), "structures": ", ".join(p.structures)}
                     for p in ind.bridges]}


def _contributions(ind: Indicators, lang: str) -> dict[str, Any]:
    if not ind.contributions:
        return {"text": t(lang, "In der Spalte „Beiträge“ ist für aktive Partner nichts eingetragen.",
                          "Nothing is entered under “Contributions” for active partners."), "rows": []}
    hosted = sum(p.hosted for p in ind.load.values())
    times = plural(lang, hosted, ("Treffen", "Treffen"), ("meeting", "meetings"))
    return {"text": t(lang, f"Was die Partner einbringen (Spalte „Beiträge“). Außerdem waren Partner {ind.year} "
                            f"Gastgeber für {times}.",
                      f"What partners bring in (column “Contributions”). Partners also hosted {times} in {ind.year}."),
            "rows": [{"name": translate("contribution", k, lang), "count": _n(len(v), lang), "who": ", ".join(v)}
                     for k, v in ind.contributions.items()]}


def _concerns(ind: Indicators, lang: str) -> dict[str, Any]:
    """Residents' concerns by field of action, and how many someone in the network took up."""
    c = ind.concerns
    if not c.raised:
        return {"text": "", "rows": []}
    raised = plural(lang, c.raised, ("Anliegen", "Anliegen"), ("concern", "concerns"))
    other = t(lang, "ohne Handlungsfeld", "no field of action")
    return {"text": t(lang, f"{ind.year} brachten Bewohner*innen {raised} ein; {_n(c.taken_up, lang)} davon hat "
                            "jemand im Netzwerk aufgegriffen.",
                      f"In {ind.year} residents raised {raised}; someone in the network took up "
                      f"{_n(c.taken_up, lang)} of them."),
            "rows": [{"field": translate("field", f, lang) if f else other, "raised": _n(n, lang),
                      "taken_up": _n(taken, lang)} for f, (n, taken) in c.by_field.items()]}


def _part(part: BookReport, lang: str, picture: _Pictures) -> dict[str, Any]:
    ind = part.ind
    return {
        "title": part.title,
        "figures": _figures(ind.figures(), lang),
        "partners": _partners(ind, lang, picture),
        "meetings": _meetings(ind, lang, picture),
        "tasks": _tasks(ind, lang, picture),
        "agreements": _agreements(ind, lang),
        "topics": _topics(ind, lang),
        "events": _events(ind, lang),
        "load": _load(ind, lang),
        "bridges": _bridges(ind, lang),
        "contributions": _contributions(ind, lang),
        "concerns": _concerns(ind, lang),
        "map": picture(network_png(part.book, ind.year, ind.today, lang), MAP_WIDTH_MM, MAP_HEIGHT_MM),
    }


def _totals(parts: list[BookReport], lang: str) -> dict[str, Any]:
    keys = ("partners_active", "meetings_held", "residents", "tasks_agreed", "tasks_overdue", "topics")
    books = []
    for part in parts:
        by_key = {f.key: f for f in part.ind.figures()}
        books.append({"title": part.title, **{k: _n(by_key[k].value, lang) for k in keys}})
    networks = plural(lang, len(parts), ("Netzwerks", "Netzwerke"), ("network", "networks"))
    return {"text": t(lang, f"Die Kennzahlen der {networks} zusammengezählt; Anteile aus den Summen berechnet.",
                      f"The key figures of the {networks} added up; shares computed from the sums."),
            "figures": _figures(total_figures(p.ind.figures() for p in parts), lang), "books": books}


def _title(book: Book) -> str:
    for key in ("network_name", "quarter", "qm_name"):
        value = str(book.setting(key) or "").strip()
        if value:
            return value
    return book.path.stem if book.path else "?"


def report_context(books: Sequence[Book], year: int, today: dt.date, lang: str, folder: Path) -> dict[str, Any]:
    """The template variables of the report (``VARIABLES["report"]``); pictures go to ``folder``."""
    parts = [BookReport(b, _title(b), indicators(b, year, today)) for b in books]
    picture = _Pictures(folder)
    context = qm_context(books[0], lang, today, Notices(lang))
    first = books[0]
    lines = [parts[0].title, str(first.setting("qm_name") or ""), str(first.setting("provider") or "")]
    context.update({
        "report": {
            "year": str(year),
            "subtitle": " · ".join(dict.fromkeys(x for x in lines if x)) if len(parts) == 1 else t(
                lang, f"{len(parts)} Netzwerke", f"{len(parts)} networks"),
            "as_of": t(lang, f"Stand: {format_date(today, lang)} · erstellt mit xlquartier aus der "
                             "Netzwerk-Arbeitsmappe",
                       f"As of {format_date(today, lang)} · made with xlquartier from the network workbook"),
            "multi": len(parts) > 1,
        },
        "totals": _totals(parts, lang) if len(parts) > 1 else None,
        "parts": [_part(part, lang, picture) for part in parts],
    })
    return context


def build_report(books: Sequence[Book], year: int, today: dt.date, lang: str | None = None,
                 templates: Path | None = None) -> bytes:
    """The report as .docx bytes: one workbook, or a total and one part per workbook."""
    if not books:
        raise UserError("Bitte mindestens eine Arbeitsmappe angeben.", "Please name at least one workbook.")
    lang = lang or books[0].lang
    template = Template(find_template("report", lang, books[0].path, templates))
    with tempfile.TemporaryDirectory(prefix="xq-report-") as folder:
        return template.render(report_context(books, year, today, lang, Path(folder)))


def _years(book: Book) -> set[int]:
    """The years the workbook has dated entries for."""
    dates = [m["date"] for m in book.rows("meetings")] + [k["due"] for k in book.rows("tasks")]
    dates += [a["signed_on"] for a in book.rows("agreements")]
    years = {d.year for d in dates if isinstance(d, dt.date)}
    return years | {r["year"] for r in book.rows("topics") if isinstance(r["year"], int)}


def _has_data(book: Book, year: int) -> bool:
    return year in _years(book)


def report_filename(lang: str, year: int) -> str:
    return t(lang, f"Jahresbericht_{year}.docx", f"Annual_report_{year}.docx")


def write_book_report(book: Book, folder: Path, year: int | None = None, today: dt.date | None = None) -> Written:
    """The report of one open workbook into ``folder`` (the Excel button: in xlwings Lite the book has no file).

    Without ``year``: this year, or, when it has no entries yet (January), the latest year that has.
    """
    if year is None:
        this = (today or dt.date.today()).year
        year = max((y for y in _years(book) if y <= this), default=this) if not _has_data(book, this) else this
    today, year = today_and_year(today, year)
    out = Path(folder) / report_filename(book.lang, year)
    return Written((write_atomically(out, build_report([book], year, min(today, dt.date(year, 12, 31)))),),
                   book.lang, 1)


def write_report(paths: Sequence[Path], out: Path | None = None, year: int | None = None,
                 today: dt.date | None = None, lang: str | None = None) -> Written:
    """``xlquartier report``: read the workbooks and write the annual report beside the first."""
    today, year = today_and_year(today, year)
    if not paths:
        raise UserError("Bitte mindestens eine Arbeitsmappe angeben.", "Please name at least one workbook.")
    books = [read_book(p) for p in paths]
    lang = lang or books[0].lang
    if not any(_has_data(book, year) for book in books):
        years = sorted({y for book in books for y in _years(book)})
        hint = t(lang, f" (Daten gibt es für {', '.join(map(str, years))})", f" (there is data for "
                 f"{', '.join(map(str, years))})") if years else ""
        raise UserError(f"Für {year} enthält die Arbeitsmappe keine Treffen, Aufgaben, Vereinbarungen oder "
                        f"Jahresthemen; mit --year wählen Sie ein anderes Jahr{hint}.",
                        f"The workbook holds no meetings, tasks, agreements or annual topics for {year}; "
                        f"choose another year with --year{hint}.")
    out = output_file(out, Path(paths[0]).parent, report_filename(lang, year))
    # the reference date: today for the current year, the year's last day for a past one
    as_of = min(today, dt.date(year, 12, 31))
    return Written((write_atomically(out, build_report(books, year, as_of, lang)),), lang, len(books))
