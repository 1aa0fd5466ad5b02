"""Builds the shipped Word templates (``templates/de``, ``templates/en``) reproducibly.

Run ``python -m xlquartier.documents.build_templates`` after changing a template here.
The output is ordinary Word files: an office can open them in Word, change wording,
fonts and layout, and save them into a ``Vorlagen`` folder beside its workbook. The
placeholders are docxtpl syntax: ``{{ ... }}`` values, ``{%tr for ... %}`` table rows,
``{%p if ... %}`` optional paragraphs. ``templates/VARIABLES.md`` lists every variable.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..resources import shipped
from ..texts import t
from .templates import TEMPLATE_FILES

BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "1F4E79"
BAND_FILL = "EAF1F8"
BORDER = "BFBFBF"
FONT = "Arial"
# A column of people and organisations (cm): the longest word of a German organisation's name,
# "(Wohnungsgenossenschaft", is 3.9 cm in 9-point Arial; with the cell margins it fits unbroken.
NAMES = 4.6
FIXED_DATE = (2026, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- helpers

def _fonts(element, name: str = FONT) -> None:
    """An explicit font; theme fonts would win over it in Word, so they are removed."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _styles(document, lang: str) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10)
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), "de-DE" if lang == "de" else "en-GB")
    for name, size, before, after in (("Title", 20, 0, 2), ("Subtitle", 12, 0, 10),
                                      ("Heading 1", 13, 14, 4), ("Heading 2", 11, 10, 3)):
        style = styles[name]
        _fonts(style.element)
        style.font.size = Pt(size)
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.font.color.rgb = GREY if name == "Subtitle" else BLUE
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)
        spacing = style.element.rPr.find(qn("w:spacing"))
        if spacing is not None:
            style.element.rPr.remove(spacing)
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = GREY
        _fonts(styles[name].element)
    _fonts(styles["List Bullet"].element)


def _document(lang: str, landscape: bool = False):
    """A new template: house styles, A4 page."""
    document = docx.Document()
    _styles(document, lang)
    _page(document, landscape)
    return document


def _page(document, landscape: bool = False) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(3.2), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)


def _field(paragraph, code: str) -> None:
    """A Word field such as PAGE or NUMPAGES (Word and LibreOffice fill it in)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "595959")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    props.append(color)
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _cell_fill(cell, color: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    cell._tc.get_or_add_tcPr().append(shading)


def _borders(table, color: str | None = BORDER) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if color is None or edge in ("left", "right", "insideV"):
            element.set(qn("w:val"), "nil")
        else:
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), color)
        borders.append(element)
    look = tbl_pr.find(qn("w:tblLook"))  # the schema wants borders and margins before tblLook
    look.addprevious(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 40), ("left", 80), ("bottom", 40), ("right", 80)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(width))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look.addprevious(margins)


def _widths(table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))


def _write(cell, text: str, bold: bool = False, color: RGBColor | None = None, size: float | None = None,
           align=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color
    if size is not None:
        run.font.size = Pt(size)


def _no_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def data_table(document, headers: Sequence[str], cells: Sequence[str | list[tuple[str, str]]], widths: Sequence[float],
               loop: str, endloop: str = "{%tr endfor %}") -> None:
    """A table with a repeated header row and one templated row per item of ``loop``."""
    table = document.add_table(rows=4, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _borders(table)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _no_split(header)
    for cell, text in zip(header.cells, headers, strict=True):
        _cell_fill(cell, HEADER_FILL)
        _write(cell, text, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF), size=9)
    _write(table.rows[1].cells[0], loop)
    for cell, content in zip(table.rows[2].cells, cells, strict=True):
        for style, text in ([("", content)] if isinstance(content, str) else content):
            _write(cell, text, size=9, bold=style == "b")
    _no_split(table.rows[2])
    _write(table.rows[3].cells[0], endloop)
    _widths(table, widths)
    _gap(document)


def info_table(document, rows: Sequence[tuple[str, str]], widths: Sequence[float] = (4.0, 12.6)) -> None:
    """Label/value pairs (date, place, ...) in a quiet two-column table."""
    table = document.add_table(rows=len(rows), cols=2)
    _borders(table, None)
    for row, (key, value) in zip(table.rows, rows, strict=True):
        if key.startswith("{%tr"):
            _write(row.cells[0], key)
            continue
        _write(row.cells[0], key, bold=True, color=BLUE)
        _write(row.cells[1], value)
    _widths(table, widths)
    _gap(document)


def _gap(document) -> None:
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def para(document, *parts: str | tuple[str, str], style: str | None = None, align=None):
    """A paragraph of runs; a part ``("b", text)`` is bold, ``("i", text)`` grey italic."""
    paragraph = document.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    for part in parts:
        if isinstance(part, tuple):
            run = paragraph.add_run(part[1])
            run.bold = part[0] == "b"
            if part[0] == "i":
                run.italic = True
                run.font.color.rgb = GREY
        else:
            paragraph.add_run(part)
    return paragraph


def tag(document, text: str) -> None:
    """A paragraph holding only a ``{%p ... %}`` tag: docxtpl removes it when rendering."""
    document.add_paragraph(text)


QM_FOOTER = ("{{ qm.full_name }}{% if qm.provider %} · {{ qm.provider }}{% endif %}"
             "{% if qm.address %} · {{ qm.address }}{% endif %}{% if qm.email %} · {{ qm.email }}{% endif %}"
             "{% if qm.phone %} · {{ qm.phone }}{% endif %}")


def _header_footer(document, lang: str, left: str, logo: str, footer: str = QM_FOOTER, section=None) -> None:
    """Letterhead and footer of ``section`` (default: the first), as wide as its text."""
    section = section or document.sections[0]
    width = (section.page_width - section.left_margin - section.right_margin) / 360000
    header = section.header
    table = header.add_table(rows=1, cols=2, width=Cm(width))
    _borders(table, None)
    _write(table.rows[0].cells[0], left, color=GREY, size=8)
    _write(table.rows[0].cells[1], logo, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _widths(table, (width - 7.0, 7.0))
    header.paragraphs[0].paragraph_format.space_after = Pt(0)
    table = section.footer.add_table(rows=1, cols=2, width=Cm(width))
    _borders(table, None)
    _write(table.rows[0].cells[0], footer, color=GREY, size=8)
    _write(table.rows[0].cells[1], t(lang, "Seite ", "Page "), color=GREY, size=8,
           align=WD_ALIGN_PARAGRAPH.RIGHT)
    page = table.rows[0].cells[1].paragraphs[0]
    _field(page, "PAGE")
    page.add_run(t(lang, " von ", " of ")).font.size = Pt(8)
    _field(page, "NUMPAGES")
    _widths(table, (width - 3.0, 3.0))
    section.footer.paragraphs[0].paragraph_format.space_after = Pt(0)


def _network_header(document, lang: str, section=None) -> None:
    _header_footer(document, lang,
                   "{{ qm.network_name }}{% if qm.network_name %}\n{% endif %}{{ qm.full_name }}",
                   "{{ network_logo }}", section=section)


def _section_break(document, sect_pr) -> None:
    """A paragraph ending a section with the page setup ``sect_pr`` (a copy): no taller than a hairline,
    so it never pushes onto a page of its own."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")  # the paragraph mark's size sets the height of an empty paragraph
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)
    paragraph._p.set_sectPr(copy.deepcopy(sect_pr))


# --------------------------------------------------------------------------- templates

def minutes(lang: str):
    document = _document(lang)
    _network_header(document, lang)
    para(document, t(lang, "Protokoll", "Minutes"), style="Title")
    para(document, "{{ structure.name }}", style="Subtitle")
    info_table(document, [
        (t(lang, "Datum", "Date"), "{{ meeting.date }}"),
        (t(lang, "Uhrzeit", "Time"), "{{ meeting.time }}"),
        (t(lang, "Ort", "Place"), "{{ meeting.place }}"),
        (t(lang, "Gastgeber", "Host"), "{{ meeting.host }}"),
        (t(lang, "Moderation", "Chair"), "{{ meeting.chair }}"),
        (t(lang, "Protokoll", "Minutes by"), "{{ meeting.minute_taker }}"),
    ])
    para(document, t(lang, "Teilnehmende", "Attendance"), style="Heading 1")
    tag(document, "{%p if attendees %}")
    data_table(document, [t(lang, "Organisation", "Organisation"), t(lang, "Personen", "People")],
               ["{{ a.organisation }}", "{{ a.people }}"], (8.0, 8.6), "{%tr for a in attendees %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if excused %}")
    para(document, ("b", t(lang, "Entschuldigt: ", "Apologies: ")), "{{ excused|join(', ') }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if meeting.others %}")
    para(document, ("b", t(lang, "Weitere Teilnehmende: ", "Other attendees: ")), "{{ meeting.others }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if meeting.headcount %}")
    para(document, ("b", t(lang, "Anzahl Teilnehmende: ", "Headcount: ")), "{{ meeting.headcount }}",
         "{% if meeting.residents_text %}" + t(lang, ", davon {{ meeting.residents_text }}",
                                                ", of them {{ meeting.residents_text }}") + "{% endif %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if logos %}")
    para(document, "{% for l in logos %}{{ l.image }}   {% endfor %}", align=WD_ALIGN_PARAGRAPH.CENTER)
    tag(document, "{%p endif %}")

    para(document, t(lang, "Tagesordnung", "Agenda"), style="Heading 1")
    tag(document, "{%p for top in items %}")
    para(document, ("b", "TOP {{ top.number }}"), "   {{ top.title }}")
    tag(document, "{%p endfor %}")

    para(document, t(lang, "Ergebnisse", "Outcomes"), style="Heading 1")
    tag(document, "{%p for top in items %}")
    para(document, "TOP {{ top.number }}: {{ top.title }}", style="Heading 2")
    tag(document, "{%p for e in top.entries %}")
    para(document, ("b", "{{ e.kind }}{% if e.no %} {{ e.no }}{% endif %}: "), "{{ e.description }}",
         ("i", "{% if e.responsible %} – {{ e.responsible }}{% endif %}"
               "{% if e.due %}, " + t(lang, "bis", "due") + " {{ e.due }}{% endif %}"),
         style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if not top.entries %}")
    para(document, ("i", t(lang, "Keine Einträge.", "Nothing recorded.")))
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")

    tag(document, "{%p if concerns %}")
    para(document, t(lang, "Anliegen von Bewohner*innen", "Residents' concerns"), style="Heading 1")
    data_table(document, [t(lang, "Anliegen", "Concern"), t(lang, "Handlungsfeld", "Field of action"),
                          t(lang, "Wer greift es auf", "Taken up by"), t(lang, "Status", "Status")],
               ["{{ c.concern }}", "{{ c.field }}", "{{ c.taken_by }}", "{{ c.status }}"],
               (7.0, 3.4, 3.6, 2.6), "{%tr for c in concerns %}")
    tag(document, "{%p endif %}")

    para(document, t(lang, "Vereinbarte Aufgaben", "Agreed tasks"), style="Heading 1")
    tag(document, "{%p if tasks %}")
    data_table(document, [t(lang, "Nr.", "No."), t(lang, "Aufgabe", "Task"),
                          t(lang, "Zuständig", "Responsible"), t(lang, "Fällig", "Due"),
                          t(lang, "Status / Vermerk", "Status / note")],
               ["{{ k.no }}", "{{ k.description }}", "{{ k.responsible }}", "{{ k.due }}",
                "{{ k.status }}{% if k.note %}: {{ k.note }}{% endif %}"],
               (1.4, 5.2, NAMES, 2.1, 3.3), "{%tr for k in tasks %}")
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "In diesem Treffen wurden keine Aufgaben vereinbart.",
                           "No tasks were agreed in this meeting.")))
    tag(document, "{%p endif %}")

    para(document, t(lang, "Offene Aufgaben aus früheren Treffen", "Open tasks from earlier meetings"),
         style="Heading 1")
    tag(document, "{%p if followup %}")
    data_table(document, [t(lang, "Nr.", "No."), t(lang, "Treffen vom", "Meeting of"),
                          t(lang, "Aufgabe", "Task"), t(lang, "Zuständig", "Responsible"),
                          t(lang, "Fällig", "Due"), t(lang, "Stand", "Status")],
               ["{{ f.id }}", "{{ f.meeting_date }}", "{{ f.description }}", "{{ f.responsible }}",
                "{{ f.due }}", "{{ f.status }}{% if f.overdue %} – " + t(lang, "überfällig", "overdue")
                + "{% endif %}{% if f.note %}: {{ f.note }}{% endif %}"],
               (1.4, 2.0, 4.4, NAMES, 2.0, 2.2), "{%tr for f in followup %}")
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "Aus früheren Treffen ist nichts mehr offen.",
                           "Nothing is left open from earlier meetings.")))
    tag(document, "{%p endif %}")

    para(document, t(lang, "Nächstes Treffen", "Next meeting"), style="Heading 1")
    tag(document, "{%p if next_meeting %}")
    para(document, "{{ next_meeting.date }}{% if next_meeting.time %}, {{ next_meeting.time }}{% endif %}"
                   "{% if next_meeting.place %}, {{ next_meeting.place }}{% endif %}")
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "Der Termin wird noch bekanntgegeben.", "The date will be announced.")))
    tag(document, "{%p endif %}")

    para(document, t(lang, "Verteiler", "Distribution"), style="Heading 1")
    data_table(document, [t(lang, "Organisation", "Organisation"), t(lang, "E-Mail", "Email")],
               ["{{ d.organisation }}", "{{ d.emails }}"], (7.0, 9.6), "{%tr for d in distribution %}")
    para(document, ("i", "{{ place }}{% if place %}, {% endif %}{{ date }}"
                         + t(lang, " – Protokoll: ", " – minutes: ") + "{{ meeting.minute_taker }}"))
    return document


def _signatures(document, lang: str, left: str, right: str) -> None:
    """Two signature blocks: room to sign, a line, what the line is for, and who signs for whom."""
    table = document.add_table(rows=3, cols=3)
    _borders(table, None)
    for col in (0, 2):
        table.rows[0].cells[col].paragraphs[0].paragraph_format.space_before = Pt(40)
        _write(table.rows[0].cells[col], "_" * 38, color=GREY)
        _write(table.rows[1].cells[col], t(lang, "Ort, Datum, Unterschrift", "Place, date, signature"),
               color=GREY, size=8)
    _write(table.rows[2].cells[0], left, size=9)
    _write(table.rows[2].cells[2], right, size=9)
    _widths(table, (7.8, 1.0, 7.8))
    for row in table.rows:
        _no_split(row)
    table.rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next = True


def agreement(lang: str):
    document = _document(lang)
    _network_header(document, lang)
    para(document, t(lang, "Kooperationsvereinbarung", "Cooperation agreement"), style="Title")
    para(document, "{{ agreement.subject }}", style="Subtitle")
    para(document, t(lang, "zwischen", "between"))
    table = document.add_table(rows=2, cols=3)
    _borders(table, None)
    _write(table.rows[0].cells[0], "{{ network_logo }}")
    _write(table.rows[0].cells[2], "{% if partner.logo %}{{ partner.logo }}{% endif %}")
    _write(table.rows[1].cells[0], "{{ qm.full_name }}", bold=True)
    _write(table.rows[1].cells[1], t(lang, "und", "and"), align=WD_ALIGN_PARAGRAPH.CENTER)
    _write(table.rows[1].cells[2], "{{ partner.name }}", bold=True)
    for col, text in ((0, "{% if qm.provider %}" + t(lang, "Träger: ", "Provider: ")
                          + "{{ qm.provider }}\n{% endif %}{{ qm.address }}\n"
                          + t(lang, "– im Folgenden „Quartiersmanagement“ –",
                              "– hereinafter “neighbourhood management” –")),
                      (2, "{{ partner.address }}\n" + t(lang, "– im Folgenden „Partner“ –",
                                                          "– hereinafter “partner” –"))):
        paragraph = table.rows[1].cells[col].add_paragraph()
        paragraph.add_run(text).font.size = Pt(9)
    _widths(table, (7.8, 1.0, 7.8))
    _gap(document)

    para(document, t(lang, "§ 1 Präambel", "§ 1 Preamble"), style="Heading 2")
    para(document, t(lang, "Das Quartiersmanagement arbeitet im Rahmen des Förderprogramms „{{ qm.programme }}“ "
                           "daran, das Zusammenleben in der Nachbarschaft zu stärken. Das gelingt nur gemeinsam "
                           "mit den Einrichtungen, Vereinen und Initiativen vor Ort. Mit dieser Vereinbarung halten "
                           "Quartiersmanagement und Partner fest, wie sie beim Vorhaben „{{ agreement.subject }}“ "
                           "zusammenarbeiten.",
                     "The neighbourhood management works within the funding programme “{{ qm.programme }}” to "
                     "strengthen life together in the neighbourhood. That only succeeds together with the local "
                     "institutions, associations and initiatives. With this agreement, the neighbourhood "
                     "management and the partner set down how they work together on “{{ agreement.subject }}”."))
    para(document, t(lang, "§ 2 Gemeinsame Ziele", "§ 2 Joint goals"), style="Heading 2")
    para(document, "{{ agreement.goals }}")

    para(document, t(lang, "§ 3 Beiträge beider Seiten", "§ 3 Contributions of both sides"), style="Heading 2")
    table = document.add_table(rows=3, cols=2)
    _borders(table)
    for cell, text in zip(table.rows[0].cells, (t(lang, "Wer", "Who"), t(lang, "Beitrag", "Contribution")),
                          strict=True):
        _cell_fill(cell, HEADER_FILL)
        _write(cell, text, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF), size=9)
    _write(table.rows[1].cells[0], t(lang, "Partner", "Partner"), bold=True, size=9)
    _write(table.rows[1].cells[1], "{% if agreement.partner_contribution %}{{ agreement.partner_contribution }}"
           "{% else %}{{ partner.contributions }}{% endif %}", size=9)
    _write(table.rows[2].cells[0], t(lang, "Quartiersmanagement", "Neighbourhood management"), bold=True, size=9)
    _write(table.rows[2].cells[1], "{{ agreement.qm_contribution }}", size=9)
    _widths(table, (5.0, 11.6))
    _gap(document)

    para(document, t(lang, "§ 4 Nutzen für den Partner", "§ 4 What the partner gains"), style="Heading 2")
    para(document, "{{ agreement.benefit }}")
    para(document, t(lang, "§ 5 Ansprechpersonen", "§ 5 Contact persons"), style="Heading 2")
    para(document, ("b", t(lang, "Für das Quartiersmanagement: ", "For the neighbourhood management: ")),
         "{% if qm.contact_name %}{{ qm.contact_name }}{% if qm.contact_function %}, {{ qm.contact_function }}"
         "{% endif %}{% else %}{{ qm.full_name }}{% endif %}{% if qm.email %}, {{ qm.email }}{% endif %}"
         "{% if qm.phone %}, {{ qm.phone }}{% endif %}")
    tag(document, "{%p if contact %}")
    para(document, ("b", t(lang, "Für den Partner: ", "For the partner: ")),
         "{{ contact.name }}{% if contact.position %}, "
         "{{ contact.position }}{% endif %}{% if contact.email %}, {{ contact.email }}{% endif %}"
         "{% if contact.phone %}, {{ contact.phone }}{% endif %}")
    tag(document, "{%p endif %}")

    para(document, t(lang, "§ 6 Abstimmung und Treffen", "§ 6 Coordination and meetings"), style="Heading 2")
    tag(document, "{%p if structures %}")
    para(document, t(lang, "Der Partner wirkt in diesen Runden des Netzwerks mit; dort werden Vorhaben abgestimmt "
                           "und Aufgaben verbindlich festgehalten:",
                     "The partner takes part in these groups of the network, where plans are agreed and tasks "
                     "are recorded bindingly:"))
    tag(document, "{%p for s in structures %}")
    para(document, "{{ s.name }}{% if s.cadence %} ({{ s.cadence }}){% endif %}", style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p else %}")
    para(document, t(lang, "Quartiersmanagement und Partner stimmen sich nach Bedarf ab, mindestens einmal im Jahr.",
                     "The neighbourhood management and the partner coordinate as needed, at least once a year."))
    tag(document, "{%p endif %}")
    tag(document, "{%p if planned_structures %}")
    planned = ("{% for s in planned_structures %}{{ s.name }}{% if s.cadence %} ({{ s.cadence }}){% endif %}"
               "{% if not loop.last %}, {% endif %}{% endfor %}.")
    para(document, t(lang, "Außerdem soll der Partner in {% if planned_structures|length == 1 %}der geplanten Runde"
                           "{% else %}den geplanten Runden{% endif %} mitwirken: " + planned,
                     "The partner is also to take part in the planned {% if planned_structures|length == 1 %}group"
                     "{% else %}groups{% endif %} " + planned))
    tag(document, "{%p endif %}")

    para(document, t(lang, "§ 7 Öffentlichkeitsarbeit und Logo-Nutzung", "§ 7 Publicity and use of logos"),
         style="Heading 2")
    tag(document, "{%p if agreement.logo_use %}")
    para(document, t(lang, "Beide Seiten dürfen die Zusammenarbeit öffentlich darstellen und dabei das Logo "
                           "der anderen Seite verwenden, etwa auf Flyern und in Protokollen des Netzwerks.",
                     "Both sides may present the cooperation in public and use the other side's logo, "
                     "for example on flyers and in the network's minutes."))
    tag(document, "{%p else %}")
    para(document, t(lang, "Beide Seiten dürfen die Zusammenarbeit öffentlich darstellen. Logos werden nur "
                           "nach vorheriger Zustimmung der anderen Seite verwendet.",
                     "Both sides may present the cooperation in public. Logos are used only with the "
                     "other side's prior consent."))
    tag(document, "{%p endif %}")
    para(document, t(lang, "§ 8 Datenschutz", "§ 8 Data protection"), style="Heading 2")
    para(document, t(lang, "Personenbezogene Daten werden nur im Rahmen der Datenschutz-Grundverordnung "
                           "verarbeitet. Kontaktdaten von Mitarbeitenden werden nur mit deren Einwilligung an "
                           "andere Partner weitergegeben.",
                     "Personal data is processed only in line with the General Data Protection "
                     "Regulation. Staff contact details are passed on to other partners only with "
                     "their consent."))
    para(document, t(lang, "§ 9 Laufzeit und Überprüfung", "§ 9 Term and review"), style="Heading 2")
    para(document, t(lang, "Die Vereinbarung gilt "
                           "{% if agreement.valid_from and agreement.valid_until %}vom {{ agreement.valid_from }} "
                           "bis zum {{ agreement.valid_until }}{% elif agreement.valid_from %}ab dem "
                           "{{ agreement.valid_from }}{% elif agreement.valid_until %}von der Unterzeichnung bis "
                           "zum {{ agreement.valid_until }}{% else %}ab der Unterzeichnung{% endif %}."
                           "{% if agreement.review_on %} Am {{ agreement.review_on }} prüfen beide Seiten gemeinsam, "
                           "was erreicht wurde und wie es weitergeht.{% endif %} Jede Seite kann sie mit einer "
                           "Frist von einem Monat in Textform beenden.",
                     "This agreement applies "
                     "{% if agreement.valid_from and agreement.valid_until %}from {{ agreement.valid_from }} "
                     "until {{ agreement.valid_until }}{% elif agreement.valid_from %}from "
                     "{{ agreement.valid_from }}{% elif agreement.valid_until %}from signature until "
                     "{{ agreement.valid_until }}{% else %}from signature{% endif %}."
                     "{% if agreement.review_on %} On {{ agreement.review_on }} both sides review together what "
                     "has been achieved and how to go on.{% endif %} Either side may end it in writing with "
                     "one month's notice."))
    para(document, t(lang, "§ 10 Rechtscharakter", "§ 10 Legal nature"), style="Heading 2")
    para(document, t(lang, AGREEMENT_LEGAL_DE, AGREEMENT_LEGAL_EN))
    _gap(document)
    _signatures(document, lang,
                "{{ qm.full_name }}{% if qm.signatory_name %}\n{{ qm.signatory_name }}{% if qm.signatory_function %}"
                ", {{ qm.signatory_function }}{% endif %}{% endif %}",
                "{{ partner.name }}{% if contact %}\n{{ contact.name }}{% if contact.position %}, "
                "{{ contact.position }}{% endif %}{% endif %}")
    return document


# What each document is, legally: a cooperation agreement binds both sides to their part (but
# creates no claims in court); a Letter of Intent only declares an intention.
AGREEMENT_LEGAL_DE = ("Diese Kooperationsvereinbarung hält die Zusammenarbeit verbindlich fest: Beide Seiten sagen "
                      "zu, ihre Beiträge nach Kräften zu leisten und einander rechtzeitig zu informieren, wenn sich "
                      "daran etwas ändert. Einklagbare Rechtsansprüche und finanzielle Verpflichtungen entstehen "
                      "aus ihr nicht. Änderungen und Ergänzungen vereinbaren beide Seiten in Textform.")
AGREEMENT_LEGAL_EN = ("This cooperation agreement records the cooperation as binding: both sides undertake to make "
                      "their contributions as best they can and to tell each other in good time when anything about "
                      "them changes. It creates no claims enforceable in court and no financial obligations. Both "
                      "sides agree changes and additions in writing.")
LOI_LEGAL_DE = ("Dieses Schreiben ist eine Absichtserklärung: Es hält fest, dass wir die Zusammenarbeit anstreben. "
                "Es begründet keine Rechtsansprüche und keine finanziellen Verpflichtungen; verbindliche "
                "Einzelheiten können in einer Kooperationsvereinbarung geregelt werden.")
LOI_LEGAL_EN = ("This letter is a declaration of intent: it records that we seek to work together. It creates no "
                "legal claims and no financial obligations; binding details can be set down in a cooperation "
                "agreement.")


def letter_of_intent(lang: str):
    """A letter on the partner's letterhead, in the partner's own voice (first person plural throughout)."""
    document = _document(lang)
    _header_footer(document, lang, "{{ partner.name }}\n{{ partner.address }}",
                   "{% if partner.logo %}{{ partner.logo }}{% endif %}",
                   "{{ partner.name }}{% if partner.email %} · {{ partner.email }}{% endif %}"
                   "{% if partner.phone %} · {{ partner.phone }}{% endif %}"
                   "{% if partner.website %} · {{ partner.website }}{% endif %}")
    para(document, "{{ partner.name }} · {{ partner.address }}", style="Footer")
    # the address as a German business letter (DIN 5008) has it: organisation, unit, person, street, town
    para(document, "{% if qm.provider and qm.provider != qm.full_name %}{{ qm.provider }}\n{% endif %}"
                   "{{ qm.full_name }}{% if qm.contact_name %}\n" + t(lang, "z. Hd. ", "attn. ")
                   + "{% if qm.contact_salutation %}{{ qm.contact_salutation }} {% endif %}{{ qm.contact_name }}"
                   "{% endif %}{% if qm.address_lines %}\n{{ qm.address_lines }}{% endif %}"
                   ).paragraph_format.space_after = Pt(18)
    para(document, "{{ partner.city or place }}, {{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(document, "Letter of Intent", style="Title")
    para(document, "{{ agreement.subject }}", style="Subtitle")
    para(document, t(lang, "Sehr geehrte Damen und Herren,", "Dear Sir or Madam,"))
    para(document, t(lang, "hiermit erklären wir unsere Absicht, mit dem Quartiersmanagement im Rahmen des "
                           "Förderprogramms „{{ qm.programme }}“ beim Vorhaben „{{ agreement.subject }}“ "
                           "zusammenzuarbeiten.",
                     "we hereby declare our intention to work with the neighbourhood management on "
                     "“{{ agreement.subject }}” within the funding programme “{{ qm.programme }}”."))
    tag(document, "{%p if agreement.partner_contribution or partner.contributions %}")
    para(document, ("b", t(lang, "Unser Beitrag: ", "Our contribution: ")),
         "{% if agreement.partner_contribution %}{{ agreement.partner_contribution }}{% else %}"
         "{{ partner.contributions }}{% endif %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if agreement.goals %}")
    para(document, ("b", t(lang, "Gemeinsam wollen wir erreichen: ", "Together we want to achieve: ")),
         "{{ agreement.goals }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if agreement.benefit %}")
    para(document, ("b", t(lang, "Was wir davon haben: ", "What we gain: ")), "{{ agreement.benefit }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if agreement.qm_contribution %}")
    para(document, ("b", t(lang, "Was wir uns vom Quartiersmanagement wünschen: ",
                           "What we would like from the neighbourhood management: ")),
         "{{ agreement.qm_contribution }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if contact %}")
    para(document, ("b", t(lang, "Unsere Ansprechperson: ", "Our contact person: ")),
         "{{ contact.name }}{% if contact.position %}, {{ contact.position }}{% endif %}"
         "{% if contact.email %}, {{ contact.email }}{% endif %}{% if contact.phone %}, {{ contact.phone }}"
         "{% endif %}")
    tag(document, "{%p endif %}")
    para(document, t(lang, LOI_LEGAL_DE, LOI_LEGAL_EN))
    para(document, t(lang, "Wir freuen uns auf die Zusammenarbeit.", "We look forward to working together."))
    para(document, t(lang, "Mit freundlichen Grüßen", "Yours faithfully"))
    para(document, "_" * 38).paragraph_format.space_before = Pt(36)
    para(document, "{% if contact %}{{ contact.name }}{% if contact.position %}, {{ contact.position }}"
                   "{% endif %}\n{% endif %}{{ partner.name }}")
    return document


def contact_list(lang: str):
    document = _document(lang, landscape=True)
    _network_header(document, lang)
    para(document, t(lang, "Kontaktliste", "Contact list"), style="Title")
    para(document, "{{ qm.network_name or qm.name }} · " + t(lang, "Stand", "as of") + " {{ date }}",
         style="Subtitle")
    para(document, t(lang, "Die Partner des Netzwerks nach Handlungsfeldern. Ansprechpersonen sind nur "
                           "aufgeführt, wenn sie der Weitergabe ihrer Kontaktdaten zugestimmt haben.",
                     "The network's partners by field of action. Contact persons are listed only where "
                     "they agreed to their contact details being passed on."))
    tag(document, "{%p for f in fields %}")
    para(document, "{{ f.name }}", style="Heading 1")
    data_table(document, ["", t(lang, "Organisation", "Organisation"), t(lang, "Kontakt", "Contact"),
                          t(lang, "Ansprechpersonen", "Contact persons")],
               ["{% if p.logo %}{{ p.logo }}{% endif %}",
                [("b", "{{ p.name }}"), ("", "{% if p.address %}\n{{ p.address }}{% endif %}")],
                "{{ p.website }}{% if p.email %}\n{{ p.email }}{% endif %}{% if p.phone %}\n{{ p.phone }}"
                "{% endif %}",
                "{{ p.contacts }}"],
               (2.6, 6.6, 6.6, 9.5), "{%tr for p in f.partners %}")
    tag(document, "{%p endfor %}")
    # schema version 2: what the partners offer (Angebote), after the partners themselves
    tag(document, "{%p if offers %}")
    para(document, t(lang, "Angebote und Räume der Partner", "The partners' offers and rooms"), style="Heading 1")
    data_table(document, [t(lang, "Angebot", "Offer"), t(lang, "Partner", "Partner"),
                          t(lang, "Wann und wo", "When and where"), t(lang, "Für wen, Zugang", "For whom, access"),
                          t(lang, "Kontakt", "Contact")],
               [[("b", "{{ o.title }}"), ("", "\n{{ o.kind }}{% if o.cost %} · {{ o.cost }}{% endif %}")],
                "{{ o.partner }}",
                "{{ o.times }}{% if o.place %}\n{{ o.place }}{% endif %}",
                "{{ o.target_groups }}{% if o.access %}\n{{ o.access }}{% endif %}",
                "{{ o.contact }}"],
               (6.2, 5.0, 5.0, 4.8, 4.3), "{%tr for o in offers %}")
    tag(document, "{%p endif %}")
    return document


def invitation(lang: str):
    """The invitation to a planned meeting or event (``documents/invitations.py``)."""
    document = _document(lang)
    _network_header(document, lang)
    para(document, t(lang, "Einladung", "Invitation"), style="Title")
    para(document, "{{ title }}{% if group and group != title %} · {{ group }}{% endif %}", style="Subtitle")
    para(document, t(lang, "Liebe Partnerinnen und Partner,", "Dear partners,"))
    tag(document, '{%p if kind == "event" %}')
    para(document, t(lang, "wir laden Sie herzlich zu „{{ title }}“ ein.", "we warmly invite you to “{{ title }}”."))
    tag(document, "{%p else %}")
    para(document, t(lang, "hiermit laden wir Sie herzlich zum Treffen „{{ title }}“ ein.",
                     "we warmly invite you to the meeting “{{ title }}”."))
    tag(document, "{%p endif %}")
    info_table(document, [
        (t(lang, "Datum", "Date"), "{{ weekday }}, {{ date }}"),
        ("{%tr if time %}", ""),
        (t(lang, "Uhrzeit", "Time"), "{{ time }}"),
        ("{%tr endif %}", ""),
        (t(lang, "Ort", "Place"), "{% if venue.name %}{{ venue.name }}{% if venue.address %}\n{{ venue.address }}"
         "{% endif %}{% else %}" + t(lang, "wird noch bekanntgegeben", "to be announced") + "{% endif %}"),
        (t(lang, "Barrierefreiheit", "Access"), "{% if venue.accessibility %}{{ venue.accessibility }}{% else %}"
         + t(lang, "Bitte sprechen Sie uns an, wenn Sie Unterstützung brauchen.",
             "Please tell us if you need support.") + "{% endif %}"),
        ("{%tr if host %}", ""),
        (t(lang, "Gastgeber", "Host"), "{{ host }}"),
        ("{%tr endif %}", ""),
    ], widths=(4.0, 12.6))
    tag(document, "{%p if organisers %}")
    para(document, t(lang, "Auf mehreren Schultern", "On several shoulders"), style="Heading 1")
    tag(document, "{%p for o in organisers %}")
    para(document, ("b", "{{ o.name }}"), "{% if o.role %}: {{ o.role }}{% endif %}", style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if target_groups %}")
    para(document, ("b", t(lang, "Für: ", "For: ")), "{{ target_groups }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if agenda %}")
    para(document, t(lang, "Tagesordnung", "Agenda"), style="Heading 1")
    tag(document, "{%p for item in agenda %}")
    para(document, ("b", "TOP {{ loop.index }}"), "   {{ item }}")
    tag(document, "{%p endfor %}")
    tag(document, '{%p elif kind == "meeting" %}')
    para(document, t(lang, "Tagesordnung", "Agenda"), style="Heading 1")
    para(document, ("i", t(lang, "Die Tagesordnung folgt; Themen bitte vorab melden.",
                           "The agenda will follow; please send topics in advance.")))
    tag(document, "{%p endif %}")
    tag(document, '{%p if kind == "meeting" %}')
    para(document, t(lang, "Protokoll des letzten Treffens", "Minutes of the last meeting"), style="Heading 1")
    tag(document, "{%p if last_minutes %}")
    para(document, t(lang, "Das Protokoll des Treffens vom {{ last_minutes.date }}"
                           "{% if last_minutes.sent %} wurde am {{ last_minutes.sent }} verschickt"
                           "{% else %} folgt in Kürze{% endif %} ({{ last_minutes.file }}). Ergänzungen "
                           "besprechen wir zu Beginn.",
                     "The minutes of the meeting of {{ last_minutes.date }}"
                     "{% if last_minutes.sent %} were sent on {{ last_minutes.sent }}"
                     "{% else %} will follow shortly{% endif %} ({{ last_minutes.file }}). We go through "
                     "additions at the start."))
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "Dies ist das erste Treffen der Runde.", "This is the group's first meeting.")))
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")
    para(document, t(lang, "Bis dahin fällige Aufgaben", "Tasks due by then"), style="Heading 1")
    tag(document, "{%p if tasks %}")
    data_table(document, [t(lang, "Nr.", "No."), t(lang, "Aufgabe", "Task"), t(lang, "Zuständig", "Responsible"),
                          t(lang, "Fällig", "Due")],
               ["{{ k.id }}", "{{ k.description }}", "{{ k.responsible }}",
                "{{ k.due }}{% if k.overdue %}\n{{ k.overdue }}{% endif %}"],
               (1.6, 7.4, 5.0, 2.6), "{%tr for k in tasks %}")
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "Bis zu diesem Termin ist keine Aufgabe offen.",
                           "No task is open and due by this date.")))
    tag(document, "{%p endif %}")
    para(document, t(lang, "Rückmeldung", "Reply"), style="Heading 1")
    para(document, t(lang, "Bitte geben Sie{% if reply_by %} bis zum {{ reply_by }}{% endif %} Bescheid, ob Sie "
                           "teilnehmen: {{ qm.email }}{% if qm.phone %}, Telefon {{ qm.phone }}{% endif %}. Die "
                           "Einladung kommt auch als Kalendereintrag.",
                     "Please let us know{% if reply_by %} by {{ reply_by }}{% endif %} whether you will come: "
                     "{{ qm.email }}{% if qm.phone %}, phone {{ qm.phone }}{% endif %}. The invitation also "
                     "comes as a calendar entry."))
    para(document, t(lang, "Wir freuen uns auf Sie.", "We look forward to seeing you."))
    para(document, t(lang, "Mit freundlichen Grüßen", "Kind regards"))
    para(document, "{{ qm.full_name }}").paragraph_format.space_before = Pt(12)
    tag(document, "{%p if invited %}")
    para(document, ("i", t(lang, "Eingeladen: ", "Invited: ") + "{{ invited|join(', ') }}"))
    tag(document, "{%p endif %}")
    return document


def annual_report(lang: str):
    """The annual report: the letterhead of the other documents, the figures and sentences from
    ``report.annual``, tables as loops; one part per workbook (several workbooks add a total)."""
    document = _document(lang)
    _network_header(document, lang)
    para(document, t(lang, "Jahresbericht Netzwerkarbeit {{ report.year }}", "Annual network report {{ report.year }}"),
         style="Title")
    para(document, "{{ report.subtitle }}", style="Subtitle")
    para(document, ("i", "{{ report.as_of }}"))
    figure_headers = [t(lang, "Kennzahl", "Indicator"), t(lang, "Wert", "Value"), t(lang, "Bezug", "Basis"),
                      t(lang, "So gezählt", "How it is counted")]
    figure_widths = (4.2, 1.6, 3.2, 7.6)

    tag(document, "{%p if totals %}")
    para(document, t(lang, "Gesamt", "Total"), style="Heading 1")
    para(document, "{{ totals.text }}")
    data_table(document, figure_headers, ["{{ f.label }}", "{{ f.value }}", "{{ f.basis }}", "{{ f.how }}"],
               figure_widths, "{%tr for f in totals.figures %}")
    data_table(document, [t(lang, "Netzwerk", "Network"), t(lang, "Partner aktiv", "Active partners"),
                          t(lang, "Treffen", "Meetings"), t(lang, "Bewohner*innen", "Residents"),
                          t(lang, "Aufgaben", "Tasks"), t(lang, "überfällig", "overdue"), t(lang, "Themen", "Topics")],
               ["{{ b.title }}", "{{ b.partners_active }}", "{{ b.meetings_held }}", "{{ b.residents }}",
                "{{ b.tasks_agreed }}", "{{ b.tasks_overdue }}", "{{ b.topics }}"],
               (4.6, 2.0, 1.8, 2.4, 2.0, 2.0, 1.8), "{%tr for b in totals.books %}")
    tag(document, "{%p endif %}")

    tag(document, "{%p for part in parts %}")
    tag(document, "{%p if report.multi %}")
    para(document, "{{ part.title }}", style="Heading 1").paragraph_format.page_break_before = True
    tag(document, "{%p endif %}")
    para(document, t(lang, "Kennzahlen auf einen Blick", "Key figures at a glance"), style="Heading 2")
    data_table(document, figure_headers, ["{{ f.label }}", "{{ f.value }}", "{{ f.basis }}", "{{ f.how }}"],
               figure_widths, "{%tr for f in part.figures %}")

    counts = [t(lang, "aktiv", "active"), t(lang, "neu", "new"), t(lang, "beendet", "ended")]
    count_cells = ["{{ c.name }}", "{{ c.active }}", "{{ c.new }}", "{{ c.ended }}"]
    para(document, t(lang, "Partner", "Partners"), style="Heading 2")
    para(document, "{{ part.partners.text }}")
    data_table(document, [t(lang, "Art", "Type"), *counts], count_cells, (8.6, 2.6, 2.6, 2.8),
               "{%tr for c in part.partners.by_type %}")
    tag(document, "{%p if part.partners.chart %}")
    para(document, "{{ part.partners.chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    data_table(document, [t(lang, "Handlungsfeld", "Field of action"), *counts], count_cells, (8.6, 2.6, 2.6, 2.8),
               "{%tr for c in part.partners.by_field %}")
    para(document, ("i", t(lang, "Ein Partner kann in mehreren Handlungsfeldern tätig sein.",
                           "A partner may work in several fields of action.")))
    tag(document, "{%p endif %}")

    para(document, t(lang, "Treffen und Beteiligung", "Meetings and attendance"), style="Heading 2")
    para(document, "{{ part.meetings.text }}")
    tag(document, "{%p if part.meetings.chart %}")
    para(document, "{{ part.meetings.chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    tag(document, "{%p endif %}")
    data_table(document, [t(lang, "Struktur", "Structure"), t(lang, "Art", "Type"), t(lang, "Mitgl.", "Memb."),
                          t(lang, "stattg.", "held"), t(lang, "abg.", "canc."), t(lang, "gepl.", "plan."),
                          t(lang, "Teiln. Mitgl.", "Memb. att."), t(lang, "Pers.", "Pers."), t(lang, "Bew.", "Resid.")],
               ["{{ s.name }}", "{{ s.type }}", "{{ s.members }}", "{{ s.held }}", "{{ s.cancelled }}",
                "{{ s.planned }}", "{{ s.attendance }}", "{{ s.headcount }}", "{{ s.residents }}"],
               (3.6, 3.0, 1.3, 1.3, 1.2, 1.2, 1.7, 1.2, 1.1), "{%tr for s in part.meetings.structures %}")
    para(document, ("i", t(lang, "Teiln. Mitgl.: anwesende Mitgliedsorganisationen je Treffen im Verhältnis zu den "
                                 "Mitgliedern; Pers.: Teilnehmende insgesamt; Bew.: davon Bewohner*innen.",
                           "Memb. att.: member organisations present per meeting relative to the members; "
                           "Pers.: attendees in total; Resid.: of them residents.")))
    tag(document, "{%p if part.meetings.without_structure %}")
    para(document, ("i", "{{ part.meetings.without_structure }}"))
    tag(document, "{%p endif %}")

    para(document, t(lang, "Aufgaben und Verbindlichkeit", "Tasks and reliability"), style="Heading 2")
    para(document, "{{ part.tasks.text }}")
    tag(document, "{%p if part.tasks.chart %}")
    para(document, "{{ part.tasks.chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    tag(document, "{%p endif %}")

    para(document, t(lang, "Vereinbarungen", "Agreements"), style="Heading 2")
    para(document, "{{ part.agreements.text }}")
    para(document, t(lang, "Gemeinsame Jahresthemen", "Joint annual topics"), style="Heading 2")
    para(document, "{{ part.topics.text }}")
    tag(document, "{%p for title in part.topics.titles %}")
    para(document, "{{ title }}", style="List Bullet")
    tag(document, "{%p endfor %}")

    tag(document, "{%p if part.events.rows %}")
    para(document, t(lang, "Veranstaltungen auf mehreren Schultern", "Events on several shoulders"),
         style="Heading 2")
    para(document, "{{ part.events.text }}")
    data_table(document, [t(lang, "Datum", "Date"), t(lang, "Veranstaltung", "Event"), t(lang, "Status", "Status"),
                          t(lang, "Veranst.", "Organ."), t(lang, "Reichw.", "Reach"), t(lang, "Bew.", "Resid.")],
               ["{{ r.date }}", "{{ r.title }}", "{{ r.status }}", "{{ r.organisers }}", "{{ r.reach }}",
                "{{ r.residents }}"], (2.2, 6.6, 2.6, 1.7, 1.7, 1.6), "{%tr for r in part.events.rows %}")
    tag(document, "{%p if part.events.note %}")
    para(document, ("i", "{{ part.events.note }}"))
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")

    para(document, t(lang, "Belastung der Partner", "Partner load"), style="Heading 2")
    para(document, "{{ part.load.text }}")
    tag(document, "{%p if part.load.rows %}")
    data_table(document, [t(lang, "Partner", "Partner"), t(lang, "Strukturen", "Structures"),
                          t(lang, "Treffen", "Meetings"), t(lang, "offene Aufg.", "open tasks"),
                          t(lang, "überfällig", "overdue"), t(lang, "Gastgeber", "Host")],
               ["{{ r.name }}", "{{ r.structures }}", "{{ r.meetings }}", "{{ r.open }}", "{{ r.overdue }}",
                "{{ r.hosted }}"], (6.4, 2.1, 2.0, 2.1, 2.0, 2.0), "{%tr for r in part.load.rows %}")
    tag(document, "{%p endif %}")
    para(document, t(lang, "Brückenpartner", "Bridging partners"), style="Heading 2")
    para(document, "{{ part.bridges.text }}")
    tag(document, "{%p if part.bridges.rows %}")
    data_table(document, [t(lang, "Partner", "Partner"), t(lang, "Anzahl", "Count"),
                          t(lang, "Strukturen", "Structures")],
               ["{{ r.name }}", "{{ r.count }}", "{{ r.structures }}"], (5.0, 1.8, 9.8),
               "{%tr for r in part.bridges.rows %}")
    tag(document, "{%p endif %}")
    para(document, t(lang, "Beiträge der Partner", "What partners contribute"), style="Heading 2")
    para(document, "{{ part.contributions.text }}")
    tag(document, "{%p if part.contributions.rows %}")
    data_table(document, [t(lang, "Beitrag", "Contribution"), t(lang, "Partner", "Partners"), t(lang, "Wer", "Who")],
               ["{{ r.name }}", "{{ r.count }}", "{{ r.who }}"], (4.0, 1.8, 10.8),
               "{%tr for r in part.contributions.rows %}")
    tag(document, "{%p endif %}")

    tag(document, "{%p if part.concerns.rows %}")
    para(document, t(lang, "Anliegen von Bewohner*innen", "Residents' concerns"), style="Heading 2")
    para(document, "{{ part.concerns.text }}")
    data_table(document, [t(lang, "Handlungsfeld", "Field of action"), t(lang, "Anliegen", "Concerns"),
                          t(lang, "aufgegriffen", "taken up")],
               ["{{ r.field }}", "{{ r.raised }}", "{{ r.taken_up }}"], (8.0, 3.0, 3.0),
               "{%tr for r in part.concerns.rows %}")
    tag(document, "{%p endif %}")

    _map_page(document, lang)
    tag(document, "{%p endfor %}")
    return document


def _map_page(document, lang: str) -> None:
    """The part's network map on a landscape page of its own, between two section breaks.

    The first break ends the part's portrait pages. The last page of the report is the map of
    its last part, so the document's closing section (the body's own page setup) is that
    landscape page; a part with another part after it ends its map page with a second break.
    Each section names its letterhead, so a portrait page after a map gets the portrait one.
    """
    portrait = document.sections[-1]._sectPr
    _section_break(document, portrait)
    landscape = document.sections[-1]
    for reference in landscape._sectPr.xpath("w:headerReference|w:footerReference"):
        landscape._sectPr.remove(reference)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Cm(29.7), Cm(21)
    landscape.header.is_linked_to_previous = landscape.footer.is_linked_to_previous = False
    _network_header(document, lang, landscape)
    para(document, t(lang, "Netzwerkkarte", "Network map"), style="Heading 2")
    tag(document, "{%p if part.map %}")
    para(document, t(lang, "Strukturen (Quadrate) und ihre Mitgliedsorganisationen (Kreise). Je größer ein Kreis, "
                           "desto stärker ist der Partner beteiligt; die Farbe zeigt sein erstes Handlungsfeld.",
                     "Structures (squares) and their member organisations (circles). The bigger a circle, the more "
                     "involved the partner; the colour shows its first field of action."))
    picture = para(document, "{{ part.map }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    picture.paragraph_format.line_spacing = 1.0  # a taller line would push the map off the page
    picture.paragraph_format.space_after = Pt(0)
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "Keine Karte: Die Arbeitsmappe hat keine Struktur mit Mitgliedern.",
                           "No map: the workbook has no structure with members.")))
    tag(document, "{%p endif %}")
    tag(document, "{%p if not loop.last %}")
    _section_break(document, landscape._sectPr)
    tag(document, "{%p endif %}")


def benefit_statement(lang: str):
    """A letter to one partner: what the network did for it this year. One or two pages."""
    document = _document(lang)
    _network_header(document, lang)
    para(document, "{{ partner.name }}{% if contact %}\n{{ contact.name }}{% endif %}"
                   "{% if partner.street %}\n{{ partner.street }}{% endif %}"
                   "{% if partner.postcode_city %}\n{{ partner.postcode_city }}{% endif %}"
         ).paragraph_format.space_after = Pt(12)
    para(document, "{{ place }}{% if place %}, {% endif %}{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(document, t(lang, "Ihr Nutzen aus dem Netzwerk {{ year }}", "What the network did for you in {{ year }}"),
         style="Title")
    para(document, "{{ partner.name }}", style="Subtitle")
    para(document, "{{ salutation }}")
    para(document, t(lang, "herzlichen Dank für Ihre Mitarbeit im {{ qm.network_name or qm.full_name }}. "
                           "Zusammenarbeit lohnt sich nur, wenn alle etwas davon haben. Deshalb zeigen wir "
                           "Ihnen hier, was wir {{ year }} gemeinsam erreicht haben und was Sie davon hatten.",
                     "thank you for working with the {{ qm.network_name or qm.full_name }}. Cooperation is only "
                     "worth it when everyone gains from it, so here is what we achieved together in "
                     "{{ year }} and what you had from it."))
    para(document, t(lang, "Auf einen Blick", "At a glance"), style="Heading 1")
    data_table(document, [t(lang, "Kennzahl {{ year }}", "Figure {{ year }}"), t(lang, "Wert", "Value")],
               ["{{ f.label }}", [("b", "{{ f.value }}")]], (12.0, 4.6), "{%tr for f in figures %}")

    para(document, t(lang, "Ihre Runden", "Your groups"), style="Heading 1")
    tag(document, "{%p if rounds %}")
    data_table(document, [t(lang, "Runde", "Group"), t(lang, "Ihre Rolle", "Your role"),
                          t(lang, "Treffen {{ year }}", "Meetings {{ year }}"),
                          t(lang, "davon mit Ihnen", "you attended")],
               ["{{ r.name }}", "{{ r.role }}", "{{ r.held }}", "{{ r.attended }}"],
               (8.1, 3.0, 2.8, 2.7), "{%tr for r in rounds %}")
    para(document, t(lang, "Sie waren bei {{ meetings.attended_text }} dabei{% if meetings.hosted != '0' %} und "
                           "haben {{ meetings.hosted_text }} bei sich ausgerichtet – danke für die Gastfreundschaft"
                           "{% endif %}.",
                     "You attended {{ meetings.attended_text }}{% if meetings.hosted != '0' %} and hosted "
                     "{{ meetings.hosted_text }} – thank you for your hospitality{% endif %}."))
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "{{ year }} waren Sie in keiner Runde des Netzwerks. Wir laden Sie gern ein.",
                           "You were in none of the network's groups in {{ year }}. We would be glad to invite "
                           "you.")))
    tag(document, "{%p endif %}")

    tag(document, "{%p if events %}")
    para(document, t(lang, "Gemeinsame Veranstaltungen", "Joint events"), style="Heading 1")
    data_table(document, [t(lang, "Datum", "Date"), t(lang, "Veranstaltung", "Event"),
                          t(lang, "Erreicht", "Reached")],
               ["{{ e.date }}", "{{ e.title }}", "{{ e.reach }}"], (2.6, 11.0, 3.0), "{%tr for e in events %}")
    tag(document, "{%p endif %}")

    para(document, t(lang, "Was Sie beigetragen haben", "What you contributed"), style="Heading 1")
    tag(document, "{%p if tasks_done %}")
    para(document, t(lang, "Erledigte Aufgaben ({{ tasks_done_count }}):", "Tasks done ({{ tasks_done_count }}):"))
    tag(document, "{%p for k in tasks_done %}")
    para(document, "{{ k.description }}", ("i", "{% if k.date %} – {{ k.date }}{% endif %}"), style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if tasks_done_more %}")
    para(document, ("i", "{{ tasks_done_more }}"))
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if contributions %}")
    para(document, ("b", t(lang, "Ihre Beiträge: ", "Your contributions: ")), "{{ contributions }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p for c in contributed %}")
    para(document, "{{ c }}", style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if offers_provided %}")
    para(document, ("b", t(lang, "Ihre Angebote und Räume: ", "Your offers and rooms: ")),
         "{{ offers_provided|join(', ') }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if not tasks_done and not contributions and not contributed and not offers_provided %}")
    para(document, ("i", t(lang, "Dazu ist {{ year }} noch nichts eingetragen.",
                           "Nothing is recorded for {{ year }}.")))
    tag(document, "{%p endif %}")

    para(document, t(lang, "Was Sie davon haben", "What you gained"), style="Heading 1")
    tag(document, "{%p if benefit %}")
    para(document, ("b", t(lang, "Ihr Nutzen, wie Sie ihn uns genannt haben: ", "The benefit you named: ")),
         "{{ benefit }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if offers_used %}")
    para(document, ("b", t(lang, "Genutzte Angebote und Räume: ", "Offers and rooms you used: ")),
         "{{ offers_used|join(', ') }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if rooms_used %}")
    para(document, ("b", t(lang, "Räume anderer Partner und des Quartiersmanagements, in denen Sie {{ year }} zu Gast "
                           "waren:", "Rooms of other partners and of the neighbourhood management you used in "
                                     "{{ year }}:")))
    tag(document, "{%p for r in rooms_used %}")
    para(document, "{{ r.name }}{% if r.provider %} ({{ r.provider }}){% endif %}: {{ r.uses }}", style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if residents != '0' %}")
    para(document, ("b", t(lang, "Bewohner*innen erreicht: ", "Residents reached: ")),
         t(lang, "{{ residents }} Bewohner*innen kamen zu Treffen, bei denen Sie dabei waren.",
           "{{ residents }} residents came to meetings you attended."))
    tag(document, "{%p endif %}")
    tag(document, "{%p if concerns %}")
    para(document, ("b", t(lang, "Anliegen aus der Nachbarschaft, die Sie aufgegriffen haben:",
                           "Residents' concerns you took up:")))
    tag(document, "{%p for c in concerns %}")
    para(document, "{{ c.concern }}", ("i", "{% if c.status %} – {{ c.status }}{% endif %}"), style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")

    para(document, t(lang, "Was noch offen ist", "What is still open"), style="Heading 1")
    tag(document, "{%p if open_tasks %}")
    tag(document, "{%p for k in open_tasks %}")
    para(document, "{{ k.description }}", ("i", "{% if k.due %} – " + t(lang, "fällig", "due")
                                          + " {{ k.due }}{% endif %}"), style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if open_tasks_more %}")
    para(document, ("i", "{{ open_tasks_more }}"))
    tag(document, "{%p endif %}")
    tag(document, "{%p else %}")
    para(document, t(lang, "Von Ihrer Seite ist nichts offen.", "Nothing is open on your side."))
    tag(document, "{%p endif %}")

    para(document, t(lang, "Vielen Dank für Ihr Engagement! Sagen Sie uns gern, was Ihnen die Zusammenarbeit "
                           "bringt und was wir besser machen können.",
                     "Thank you for your commitment! Do tell us what the cooperation brings you and what we "
                     "could do better.")).paragraph_format.space_before = Pt(10)
    para(document, t(lang, "Mit freundlichen Grüßen", "Kind regards"))
    para(document, ("b", "{{ qm.full_name }}")).paragraph_format.space_before = Pt(14)
    return document


def _flyer_grid(document) -> None:
    """One field's partners, four to a row: logo, name, contact person, web address."""
    width = 18.0 / 4
    table = document.add_table(rows=3, cols=4)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table, None)
    _write(table.rows[0].cells[0], "{%tr for r in f.rows %}")
    for i, cell in enumerate(table.rows[1].cells):
        c = f"r.cells[{i}]"
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.add_run(f"{{% if {c}.logo %}}{{{{ {c}.logo }}}}\n{{% endif %}}")
        name = paragraph.add_run(f"{{{{ {c}.name }}}}")
        name.bold = True
        name.font.size = Pt(8)
        name.font.color.rgb = BLUE
        detail = paragraph.add_run(f"{{% if {c}.contact %}}\n{{{{ {c}.contact }}}}{{% endif %}}"
                                   f"{{% if {c}.reach %}}\n{{{{ {c}.reach }}}}{{% endif %}}")
        detail.font.size = Pt(7)
        detail.font.color.rgb = GREY
    _no_split(table.rows[1])
    _write(table.rows[2].cells[0], "{%tr endfor %}")
    _widths(table, (width,) * 4)


def flyer(lang: str):
    """A two-sided A4 flyer: the network and its offers, then every partner once, by field."""
    document = _document(lang)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(1.3), Cm(1.5)
    section.footer_distance = Cm(0.7)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(QM_FOOTER).font.size = Pt(7)
    table = document.add_table(rows=1, cols=2)
    _borders(table, None)
    _write(table.rows[0].cells[0], "{{ qm.network_name or qm.full_name }}", bold=True, color=BLUE, size=24)
    cell = table.rows[0].cells[0]
    _subtitle = cell.add_paragraph()
    _subtitle.add_run(t(lang, "{{ partner_count }} Partner gemeinsam für {{ qm.quarter or 'das Quartier' }}",
                        "{{ partner_count }} partners working together for "
                        "{{ qm.quarter or 'the neighbourhood' }}")).font.color.rgb = GREY
    _write(table.rows[0].cells[1], "{{ network_logo }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _widths(table, (11.0, 7.0))
    tag(document, "{%p if text %}")
    para(document, "{{ text }}").paragraph_format.space_before = Pt(6)
    tag(document, "{%p endif %}")
    tag(document, "{%p if offers %}")
    para(document, t(lang, "Angebote im Quartier", "Offers in the neighbourhood"), style="Heading 2")
    tag(document, "{%p for o in offers %}")
    para(document, "{{ o.title }}", ("i", "{% if o.provider %} – {{ o.provider }}{% endif %}"), style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    para(document, ("b", t(lang, "Kontakt: ", "Contact: ")), "{{ qm.full_name }}{% if qm.address %}, "
                   "{{ qm.address }}{% endif %}{% if qm.phone %}, {{ qm.phone }}{% endif %}"
                   "{% if qm.email %}, {{ qm.email }}{% endif %}")
    para(document, t(lang, "Unsere Partner", "Our partners"), style="Heading 1")
    tag(document, "{%p for f in fields %}")
    heading = para(document, "{{ f.name }}", style="Heading 2")
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(6)
    _flyer_grid(document)
    tag(document, "{%p endfor %}")
    para(document, ("i", t(lang, "Ansprechpersonen stehen hier nur mit ihrer Zustimmung. Stand: {{ date }}",
                           "Contact persons are listed only with their consent. As of {{ date }}")),
         align=WD_ALIGN_PARAGRAPH.CENTER)
    return document


def press_contacts(lang: str):
    """The office's press-contact list: partners doing press work, and the media (internal)."""
    document = _document(lang)
    _network_header(document, lang)
    para(document, t(lang, "Pressekontakte", "Press contacts"), style="Title")
    para(document, t(lang, "Intern – nicht weitergeben · Stand {{ date }}",
                     "Internal – do not pass on · as of {{ date }}"), style="Subtitle")
    para(document, t(lang, "Partner mit eigener Pressearbeit", "Partners doing press work"), style="Heading 1")
    tag(document, "{%p if partners %}")
    data_table(document, [t(lang, "Partner", "Partner"), t(lang, "Kontakt", "Contact"),
                          t(lang, "Personen", "People")],
               [[("b", "{{ p.name }}"), ("", "\n{{ p.type }}")],
                "{{ p.email }}{% if p.phone %}\n{{ p.phone }}{% endif %}{% if p.website %}\n{{ p.website }}"
                "{% endif %}", "{{ p.people }}"], (5.0, 5.2, 6.4), "{%tr for p in partners %}")
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "Kein Partner ist mit „Pressearbeit: ja“ eingetragen.",
                           "No partner is marked “Press work: yes”.")))
    tag(document, "{%p endif %}")
    para(document, t(lang, "Medien", "Media"), style="Heading 1")
    tag(document, "{%p if media %}")
    data_table(document, [t(lang, "Medium", "Outlet"), t(lang, "Kontakt", "Contact"),
                          t(lang, "Redaktion", "Journalists")],
               [[("b", "{{ m.name }}")],
                "{{ m.email }}{% if m.phone %}\n{{ m.phone }}{% endif %}{% if m.website %}\n{{ m.website }}"
                "{% endif %}", "{{ m.people }}"], (5.0, 5.2, 6.4), "{%tr for m in media %}")
    tag(document, "{%p else %}")
    para(document, ("i", t(lang, "Keine Medien eingetragen (Partner der Art „Medien“).",
                           "No media recorded (partners of type “Media”).")))
    tag(document, "{%p endif %}")
    return document


def press_release(lang: str):
    """A press-release draft for an event: what, when, where, every co-organiser with its logo."""
    document = _document(lang)
    _network_header(document, lang)
    para(document, t(lang, "Pressemitteilung", "Press release"), style="Subtitle")
    para(document, "{{ event.title }}", style="Title")
    para(document, ("b", "{{ event.date }}{% if event.time %}, {{ event.time }}{% endif %}"
                         "{% if event.place %}, {{ event.place }}{% endif %}"))
    para(document, t(lang, "{{ place }}{% if place %}, {% endif %}{{ date }}. "
                           "{% if organiser_names %}{{ organiser_names }} und das {{ qm.full_name }} laden "
                           "gemeinsam ein: {% else %}Das {{ qm.full_name }} lädt ein: {% endif %}"
                           "{{ event.title }}{% if event.date %} am {{ event.date }}{% endif %}"
                           "{% if event.place %} ({{ event.place }}){% endif %}.",
                     "{{ place }}{% if place %}, {% endif %}{{ date }}. "
                     "{% if organiser_names %}{{ organiser_names }} and the {{ qm.full_name }} invite you "
                     "together: {% else %}The {{ qm.full_name }} invites you: {% endif %}"
                     "{{ event.title }}{% if event.date %} on {{ event.date }}{% endif %}"
                     "{% if event.place %} ({{ event.place }}){% endif %}."))
    para(document, ("i", t(lang, "[Hier erzählen: Worum geht es, für wen ist es, was erwartet die Besucher*innen?]",
                           "[Tell the story here: what is it about, who is it for, what can visitors expect?]")))
    para(document, ("i", t(lang, "[Zitat einer Partnerin oder eines Partners]", "[A quote from a partner]")))
    tag(document, "{%p if organisers %}")
    para(document, t(lang, "Gemeinsam veranstaltet von", "Organised together by"), style="Heading 2")
    tag(document, "{%p for o in organisers %}")
    para(document, "{{ o.name }}", style="List Bullet")
    tag(document, "{%p endfor %}")
    para(document, "{% for o in organisers %}{% if o.logo %}{{ o.logo }}   {% endif %}{% endfor %}",
         align=WD_ALIGN_PARAGRAPH.CENTER)
    tag(document, "{%p endif %}")
    para(document, t(lang, "Pressekontakt", "Press contact"), style="Heading 2")
    para(document, "{{ qm.full_name }}{% if qm.address %}, {{ qm.address }}{% endif %}"
                   "{% if qm.phone %}\n{{ qm.phone }}{% endif %}{% if qm.email %}\n{{ qm.email }}{% endif %}")
    return document


BUILDERS: dict[str, Callable[[str], docx.document.Document]] = {
    "minutes": minutes, "agreement": agreement, "loi": letter_of_intent, "contacts": contact_list,
    "report": annual_report,
    "invitation": invitation,
    "benefit": benefit_statement, "flyer": flyer, "press_contacts": press_contacts, "press_release": press_release,
}


# --------------------------------------------------------------------------- saving

def _reproducible(document, title: str) -> bytes:
    """The .docx bytes without a thumbnail and with fixed dates, so builds are identical."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):  # Word 2010 leftover, out of step with styles.xml
            del document.part.rels[rid]
    props = document.core_properties
    props.author = props.last_modified_by = "xlquartier"
    props.title = title
    props.comments = props.keywords = props.subject = props.category = ""
    props.revision = 1
    props.created = props.modified = dt.datetime(*FIXED_DATE)
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_DATE), src.read(info),
                         zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_templates(folder: Path | None = None) -> list[Path]:
    """Writes every template in both languages into ``folder`` (default: the shipped templates)."""
    folder = folder or shipped("templates")
    written = []
    for lang in ("de", "en"):
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for kind, builder in BUILDERS.items():
            name = TEMPLATE_FILES[kind][lang]
            path = folder / lang / name
            path.write_bytes(_reproducible(builder(lang), Path(name).stem.replace("-", " ")))
            written.append(path)
    from .variables import variables_markdown

    (folder / "VARIABLES.md").write_text(variables_markdown() + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":
    for written_path in build_templates():
        print(written_path)
