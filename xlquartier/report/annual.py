"""The annual report (Sachbericht) as a Word document, for one workbook or several.

Written with python-docx directly: the report is mostly tables and charts computed here,
not a text a manager edits as a template. Text from the workbooks passes ``safe.xml_text``
(in ``_table``, ``_note`` and the few paragraphs that quote names). Every figure comes with the numbers behind it
and a sentence on how it is counted, because the reader (district council, funding body)
must be able to follow it. Several workbooks give a total first, then one part each.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image

from ..errors import UserError
from ..files import write_atomically
from ..safe import xml_text
from ..schema import translate
from ..texts import format_date, t
from ..workbook.read import read_book
from ..workbook.tables import Book
from . import plots
from .indicators import Figure, Indicators, indicators, total_figures
from .network import network_png
from .output import Written, check_suffix, today_and_year

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
    "contributing": ("Partner mit Beiträgen", "Partners contributing",
                     "aktive Partner mit mindestens einem Eintrag unter „Beiträge“, von den aktiven",
                     "active partners with at least one entry under “Contributions”, of the active ones"),
}
TABLE_FONT = Pt(9)
MAP_HEIGHT_CM = 13.5  # landscape A4 less margins, heading and caption
HEADER_FILL = "1F4E79"
ZEBRA_FILL = "EAF0F6"


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


# --------------------------------------------------------------------------- docx helpers

def _shade(cell, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    props.append(shading)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:tblHeader"))


def _table(doc, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
           numeric: Sequence[int] = ()) -> None:
    """A table with a dark header row that repeats on every page, zebra rows, numbers right."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_text(str(text)))
        run.bold = True
        run.font.size = TABLE_FONT
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, HEADER_FILL)
        if i in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(table.rows[0])
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for i, value in enumerate(values):
            cells[i].text = ""
            cells[i].paragraphs[0].add_run(xml_text(str(value))).font.size = TABLE_FONT
            if i in numeric:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r % 2:
                _shade(cells[i], ZEBRA_FILL)
    table.autofit = False  # Word and LibreOffice keep these widths instead of squeezing columns
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
    doc.add_paragraph()


def _picture(doc, png: bytes, width_cm: float = 16.0) -> None:
    if png:
        doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _note(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(xml_text(text))
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _n(value: float, lang: str) -> str:
    return format_number(value, lang)


# --------------------------------------------------------------------------- sections

def _figures_table(doc, figures: list[Figure], lang: str) -> None:
    rows = []
    for f in figures:
        de, en, how_de, how_en = FIGURE_TEXTS[f.key]
        rows.append((t(lang, de, en), _n(f.value, lang), figure_basis(f, lang), t(lang, how_de, how_en)))
    _table(doc, (t(lang, "Kennzahl", "Indicator"), t(lang, "Wert", "Value"),
                 t(lang, "Bezug", "Basis"), t(lang, "So gezählt", "How it is counted")),
           rows, (4.2, 1.6, 3.4, 7.8), numeric=(1,))


def _partners(doc, ind: Indicators, lang: str) -> None:
    p = ind.partners
    doc.add_heading(t(lang, "Partner", "Partners"), level=2)
    doc.add_paragraph(t(
        lang,
        f"Das Netzwerk hat {_n(p.active, lang)} aktive Partner (von {_n(p.total, lang)} erfassten). "
        f"Neu hinzugekommen {ind.year}: {_n(p.new, lang)}; beendete Partnerschaften: {_n(p.ended, lang)}.",
        f"The network has {_n(p.active, lang)} active partners (of {_n(p.total, lang)} recorded). "
        f"Joined in {ind.year}: {_n(p.new, lang)}; partnerships ended: {_n(p.ended, lang)}."))
    head = (t(lang, "aktiv", "active"), t(lang, "neu", "new"), t(lang, "beendet", "ended"))
    _table(doc, (t(lang, "Art", "Type"), *head),
           [(translate("partner_type", k, lang), *(_n(v, lang) for v in c)) for k, c in p.by_type.items()],
           (8.0, 2.5, 2.5, 2.5), numeric=(1, 2, 3))
    if p.by_field:
        _picture(doc, plots.partners_by_field(ind, lang), 15)
        _table(doc, (t(lang, "Handlungsfeld", "Field of action"), *head),
               [(translate("field", k, lang), *(_n(v, lang) for v in c)) for k, c in p.by_field.items()],
               (8.0, 2.5, 2.5, 2.5), numeric=(1, 2, 3))
        _note(doc, t(lang, "Ein Partner kann in mehreren Handlungsfeldern tätig sein.",
                     "A partner may work in several fields of action."))


def _meetings(doc, ind: Indicators, lang: str) -> None:
    m = ind.meetings
    doc.add_heading(t(lang, "Treffen und Beteiligung", "Meetings and attendance"), level=2)
    attendance = Figure("attendance", m.total("members_present"), m.total("member_places"))
    doc.add_paragraph(t(
        lang,
        f"{ind.year} fanden {_n(m.total('held'), lang)} Treffen statt, {_n(m.total('cancelled'), lang)} "
        f"wurden abgesagt, {_n(m.total('planned'), lang)} sind geplant. Die Mitgliedsorganisationen waren "
        f"zu {format_share(attendance.share, lang)} anwesend; {_n(m.total('residents'), lang)} "
        f"Bewohner*innen nahmen teil.",
        f"In {ind.year}, {_n(m.total('held'), lang)} meetings were held, {_n(m.total('cancelled'), lang)} "
        f"cancelled and {_n(m.total('planned'), lang)} are planned. Member organisations attended "
        f"{format_share(attendance.share, lang)} of the time; {_n(m.total('residents'), lang)} residents "
        f"took part."))
    if m.total("held"):
        _picture(doc, plots.meetings_per_month(ind, lang), 15)
    rows = [(s.name, translate("structure_type", s.type, lang) if s.type else "", _n(s.members, lang),
             _n(s.held, lang), _n(s.cancelled, lang), _n(s.planned, lang), format_share(s.attendance, lang),
             _n(s.headcount, lang), _n(s.residents, lang))
            for s in sorted(m.structures, key=lambda s: (-s.held, s.name.casefold()))]
    _table(doc, (t(lang, "Struktur", "Structure"), t(lang, "Art", "Type"), t(lang, "Mitgl.", "Memb."),
                 t(lang, "stattg.", "held"), t(lang, "abg.", "canc."), t(lang, "gepl.", "plan."),
                 t(lang, "Teiln. Mitgl.", "Memb. att."), t(lang, "Pers.", "Pers."),
                 t(lang, "Bew.", "Resid.")),
           rows, (3.6, 3.5, 1.3, 1.35, 1.2, 1.2, 1.55, 1.25, 1.25), numeric=(2, 3, 4, 5, 6, 7, 8))
    _note(doc, t(lang, "Teiln. Mitgl.: anwesende Mitgliedsorganisationen je Treffen im Verhältnis zu den "
                       "Mitgliedern; Pers.: Teilnehmende insgesamt; Bew.: davon Bewohner*innen.",
                 "Memb. att.: member organisations present per meeting relative to the members; "
                 "Pers.: attendees in total; Resid.: of them residents."))
    if m.without_structure:
        _note(doc, t(lang, f"{m.without_structure} Treffen ohne auffindbare Struktur sind nur in der "
                           "Monatsgrafik gezählt.",
                     f"{m.without_structure} meetings without a structure that can be found are counted "
                     "in the monthly chart only."))


def _tasks(doc, ind: Indicators, lang: str) -> None:
    k = ind.tasks
    doc.add_heading(t(lang, "Aufgaben und Verbindlichkeit", "Tasks and reliability"), level=2)
    on_time = Figure("tasks_on_time", k.done_on_time, k.done)
    doc.add_paragraph(t(
        lang,
        f"In den Treffen des Jahres wurden {_n(k.agreed, lang)} Aufgaben vereinbart. {_n(k.done, lang)} "
        f"sind erledigt, davon {_n(k.done_on_time, lang)} pünktlich ({format_share(on_time.share, lang)}), "
        f"{_n(k.done_late, lang)} verspätet und {_n(k.done_undated, lang)} ohne Datum. {_n(k.open, lang)} "
        f"sind noch offen, davon {_n(k.overdue, lang)} überfällig (Stichtag "
        f"{format_date(ind.today, lang)}); {_n(k.dropped, lang)} entfallen.",
        f"{_n(k.agreed, lang)} tasks were agreed at the year's meetings. {_n(k.done, lang)} are done, "
        f"{_n(k.done_on_time, lang)} of them on time ({format_share(on_time.share, lang)}), "
        f"{_n(k.done_late, lang)} late and {_n(k.done_undated, lang)} without a date. {_n(k.open, lang)} "
        f"are still open, {_n(k.overdue, lang)} of them overdue (reference date "
        f"{format_date(ind.today, lang)}); {_n(k.dropped, lang)} were dropped."))
    if k.agreed:
        _picture(doc, plots.tasks_per_month(ind, lang), 15)


def _agreements_and_topics(doc, ind: Indicators, lang: str) -> None:
    a, topics = ind.agreements, ind.topics
    doc.add_heading(t(lang, "Vereinbarungen", "Agreements"), level=2)
    kinds = xml_text(", ".join(f"{_n(n, lang)} × {translate('agreement_kind', k, lang)}"
                               for k, n in a.by_kind.items()))
    doc.add_paragraph(t(
        lang,
        f"{_n(a.active, lang)} von {_n(a.total, lang)} Vereinbarungen gelten am {format_date(ind.today, lang)}"
        f"{f' ({kinds})' if kinds else ''}; {_n(a.signed_in_year, lang)} wurden {ind.year} unterzeichnet, "
        f"{_n(a.review_due, lang)} sind zur Überprüfung fällig.",
        f"{_n(a.active, lang)} of {_n(a.total, lang)} agreements are in force on {format_date(ind.today, lang)}"
        f"{f' ({kinds})' if kinds else ''}; {_n(a.signed_in_year, lang)} were signed in {ind.year}, "
        f"{_n(a.review_due, lang)} are due for review."))
    doc.add_heading(t(lang, "Gemeinsame Jahresthemen", "Joint annual topics"), level=2)
    verdict = (t(lang, "Das liegt über der vereinbarten Höchstzahl – Überforderung der Partner vermeiden.",
                 "That is above the agreed maximum – avoid overloading the partners.")
               if topics.count > topics.maximum else
               t(lang, "Das liegt im Rahmen der Höchstzahl.", "That is within the maximum."))
    doc.add_paragraph(t(lang, f"{ind.year} arbeitet das Netzwerk an {_n(topics.count, lang)} gemeinsamen "
                              f"Themen (Höchstzahl {_n(topics.maximum, lang)}). ",
                        f"In {ind.year} the network works on {_n(topics.count, lang)} joint topics "
                        f"(maximum {_n(topics.maximum, lang)}). ") + verdict)
    for title, status in topics.titles:
        doc.add_paragraph(xml_text(f"{title} ({translate('topic_status', status, lang)})"), style="List Bullet")


def _load(doc, ind: Indicators, lang: str) -> None:
    doc.add_heading(t(lang, "Belastung der Partner", "Partner load"), level=2)
    doc.add_paragraph(t(
        lang,
        "Wer trägt das Netzwerk? Die Partner mit der stärksten Beteiligung – aktive Strukturen, "
        f"besuchte Treffen {ind.year}, offene Aufgaben. Markiert (!) sind Partner, vor deren "
        "Überforderung die Prüfung warnt (Schwellen im Blatt Einstellungen).",
        "Who carries the network? The partners most involved – active structures, meetings attended "
        f"in {ind.year}, open tasks. Marked (!) are partners the check warns may be overloaded (thresholds in "
        "the Settings sheet)."))
    flagged = {id(p) for p in ind.overloaded}
    top = sorted(ind.load.values(), key=lambda p: (-p.involvement, p.name.casefold()))
    top = [p for p in top if p.involvement][:15]
    rows = [(p.name + (" (!)" if id(p) in flagged else ""), _n(len(p.structures), lang), _n(p.meetings, lang),
             _n(p.open_tasks, lang), _n(p.overdue_tasks, lang), _n(p.hosted, lang)) for p in top]
    rows += [(p.name + " (!)", _n(len(p.structures), lang), _n(p.meetings, lang), _n(p.open_tasks, lang),
              _n(p.overdue_tasks, lang), _n(p.hosted, lang)) for p in ind.overloaded if p not in top]
    if rows:
        _table(doc, (t(lang, "Partner", "Partner"), t(lang, "Strukturen", "Structures"),
                     t(lang, "Treffen", "Meetings"), t(lang, "offene Aufg.", "open tasks"),
                     t(lang, "überfällig", "overdue"), t(lang, "Gastgeber", "Host")),
               rows, (6.0, 2.2, 2.0, 2.3, 2.2, 2.2), numeric=(1, 2, 3, 4, 5))
    doc.add_heading(t(lang, "Brückenpartner", "Bridging partners"), level=2)
    if ind.bridges:
        doc.add_paragraph(t(lang, "Diese Partner sind in mehreren Strukturen und verbinden die Runden "
                                  "miteinander – wichtig, um Doppelstrukturen zu vermeiden und Wissen "
                                  "weiterzutragen.",
                            "These partners sit in several structures and link the groups – important "
                            "to avoid duplicate structures and to carry knowledge across."))
        _table(doc, (t(lang, "Partner", "Partner"), t(lang, "Anzahl", "Count"),
                     t(lang, "Strukturen", "Structures")),
               [(p.name, _n(len(p.structures), lang), ", ".join(p.structures)) for p in ind.bridges],
               (5.0, 1.8, 10.2), numeric=(1,))
    else:
        doc.add_paragraph(t(lang, "Kein Partner ist in mehr als einer aktiven Struktur.",
                            "No partner is in more than one active structure."))


def _contributions(doc, ind: Indicators, lang: str) -> None:
    doc.add_heading(t(lang, "Beiträge der Partner", "What partners contribute"), level=2)
    if not ind.contributions:
        doc.add_paragraph(t(lang, "In der Spalte „Beiträge“ ist für aktive Partner nichts eingetragen.",
                            "Nothing is entered under “Contributions” for active partners."))
        return
    hosted = sum(p.hosted for p in ind.load.values())
    doc.add_paragraph(t(lang, f"Was die Partner einbringen (Spalte „Beiträge“). Außerdem waren Partner "
                              f"{ind.year} {_n(hosted, lang)}-mal Gastgeber eines Treffens.",
                        f"What partners bring in (column “Contributions”). Partners also hosted "
                        f"{_n(hosted, lang)} meetings in {ind.year}."))
    _table(doc, (t(lang, "Beitrag", "Contribution"), t(lang, "Partner", "Partners"),
                 t(lang, "Wer", "Who")),
           [(translate("contribution", k, lang), _n(len(v), lang), ", ".join(v))
            for k, v in ind.contributions.items()], (4.2, 1.8, 11.0), numeric=(1,))


def _network(doc, part: BookReport, lang: str) -> None:
    png = network_png(part.book, part.ind.year, part.ind.today, lang)
    if not png:
        return
    landscape = doc.add_section(WD_SECTION.NEW_PAGE)  # the map needs the width of a landscape page
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Cm(29.7), Cm(21.0)
    doc.add_heading(t(lang, "Netzwerkkarte", "Network map"), level=2)
    doc.add_paragraph(t(lang, "Strukturen (Quadrate) und ihre Mitgliedsorganisationen (Kreise). Je größer ein "
                              "Kreis, desto stärker ist der Partner beteiligt; die Farbe zeigt sein erstes "
                              "Handlungsfeld.",
                        "Structures (squares) and their member organisations (circles). The bigger a circle, "
                        "the more involved the partner; the colour shows its first field of action."))
    with Image.open(io.BytesIO(png)) as picture:  # as wide as the page, as high as fits below the text
        aspect = picture.width / picture.height
    _picture(doc, png, min(25.5, MAP_HEIGHT_CM * aspect))


def _portrait_page(doc) -> None:
    """A new page in A4 portrait (the page before may be the landscape map)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)


def _book_part(doc, part: BookReport, lang: str) -> None:
    doc.add_heading(t(lang, "Kennzahlen auf einen Blick", "Key figures at a glance"), level=2)
    _figures_table(doc, part.ind.figures(), lang)
    _partners(doc, part.ind, lang)
    _meetings(doc, part.ind, lang)
    _tasks(doc, part.ind, lang)
    _agreements_and_topics(doc, part.ind, lang)
    _load(doc, part.ind, lang)
    _contributions(doc, part.ind, lang)
    _network(doc, part, lang)


def _totals(doc, parts: list[BookReport], lang: str) -> None:
    doc.add_heading(t(lang, "Gesamt", "Total"), level=1)
    doc.add_paragraph(t(lang, f"Die Kennzahlen der {len(parts)} Netzwerke zusammengezählt; Anteile aus den "
                              "Summen berechnet.",
                        f"The key figures of the {len(parts)} networks added up; shares computed from the sums."))
    _figures_table(doc, total_figures(p.ind.figures() for p in parts), lang)
    per_book = [p.ind.figures() for p in parts]
    columns = {"partners_active": ("Partner aktiv", "Active partners"),
               "meetings_held": ("Treffen", "Meetings"),
               "residents": ("Bewohner-\n*innen", "Residents"),
               "tasks_agreed": ("Aufgaben", "Tasks"),
               "tasks_overdue": ("überfällig", "overdue"),
               "topics": ("Themen", "Topics")}
    keys = tuple(columns)
    header = (t(lang, "Netzwerk", "Network"), *(t(lang, *columns[k]) for k in keys))
    rows = []
    for part, figures in zip(parts, per_book, strict=True):
        by_key = {f.key: f for f in figures}
        rows.append((part.title, *(_n(by_key[k].value, lang) for k in keys)))
    _table(doc, header, rows, (5.0, *([2.0] * len(keys))), numeric=tuple(range(1, len(keys) + 1)))


def _title(book: Book) -> str:
    for key in ("network_name", "quarter", "qm_name"):
        value = str(book.setting(key) or "").strip()
        if value:
            return value
    return book.path.stem if book.path else "?"


def _document(lang: str):
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, not Letter
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    doc.core_properties.language = "de-DE" if lang == "de" else "en-GB"
    doc.core_properties.author = "xlquartier"
    return doc


def build_report(books: Sequence[Book], year: int, today: dt.date, lang: str | None = None) -> bytes:
    """The report as .docx bytes: one workbook, or a total and one part per workbook."""
    if not books:
        raise UserError("Bitte mindestens eine Arbeitsmappe angeben.", "Please name at least one workbook.")
    lang = lang or books[0].lang
    parts = [BookReport(b, _title(b), indicators(b, year, today)) for b in books]
    doc = _document(lang)
    heading = doc.add_heading(t(lang, f"Jahresbericht Netzwerkarbeit {year}", f"Annual network report {year}"),
                              level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if len(parts) == 1:
        book = parts[0].book
        lines = [parts[0].title, str(book.setting("qm_name") or ""), str(book.setting("provider") or "")]
        doc.add_paragraph(xml_text(" · ".join(dict.fromkeys(x for x in lines if x))))
    stand = t(lang, f"Stand: {format_date(today, lang)} · erstellt mit xlquartier aus der Netzwerk-Arbeitsmappe",
              f"As of {format_date(today, lang)} · made with xlquartier from the network workbook")
    _note(doc, stand)
    if len(parts) == 1:
        _book_part(doc, parts[0], lang)
    else:
        _totals(doc, parts, lang)
        for part in parts:
            _portrait_page(doc)
            doc.add_heading(xml_text(part.title), level=1)
            _book_part(doc, part, lang)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):  # python-docx's Word 2010 leftover, out of step
            del doc.part.rels[rid]
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_report(paths: Sequence[Path], out: Path | None = None, year: int | None = None,
                 today: dt.date | None = None, lang: str | None = None) -> Written:
    """``xlquartier report``: read the workbooks and write the annual report beside the first."""
    today, year = today_and_year(today, year)
    if not paths:
        raise UserError("Bitte mindestens eine Arbeitsmappe angeben.", "Please name at least one workbook.")
    books = [read_book(p) for p in paths]
    lang = lang or books[0].lang
    out = check_suffix(Path(out) if out else Path(paths[0]).with_name(
        t(lang, f"Jahresbericht_{year}.docx", f"Annual_report_{year}.docx")), ".docx")
    # the reference date: today for the current year, the year's last day for a past one
    as_of = min(today, dt.date(year, 12, 31))
    return Written((write_atomically(out, build_report(books, year, as_of, lang)),), lang, len(books))
