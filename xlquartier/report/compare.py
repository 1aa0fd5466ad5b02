"""Neighbourhoods side by side: the annual report's indicators of several workbooks, for the city.

The city's social planning office compares many neighbourhoods. ``compare`` reads each
workbook, computes the indicators exactly as the annual report does (``indicators.py``,
same reference date), and returns DataFrames: one row per neighbourhood with every key
figure, a table per topic with the detail, how each figure is counted, and notes (books
that could not be read, different schema versions, years without data).
``write_compare`` writes them as one workbook with native Excel charts the city can restyle.

Generic over the indicators: the overview follows ``Indicators.figures()``, and the topic
tables follow the fields of ``Indicators``; a field without a table of its own here still
gets one (its counts, one row per neighbourhood), so new indicators show up without edits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserError, WorkbookError
from ..files import write_atomically
from ..outputs import output_file
from ..schema import DATA_SHEETS, translate
from ..texts import format_date, plural, t
from ..workbook.read import read_book
from ..workbook.tables import Book
from .indicators import Figure, Indicators, indicators
from .output import Written, today_and_year

if TYPE_CHECKING:
    import pandas as pd

MONTHS = {"de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                 "Oktober", "November", "Dezember"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")}


@dataclass
class Part:
    """One neighbourhood: its workbook and its indicators."""

    title: str
    source: str  # the file name
    book: Book
    ind: Indicators


@dataclass(frozen=True)
class Compared(Written):
    """What ``write_compare`` wrote; ``unread`` says which workbooks were left out and why."""

    unread: tuple[str, ...] = ()


@dataclass
class Comparison:
    year: int
    as_of: dt.date
    lang: str
    parts: list[Part]
    failed: list[tuple[str, UserError]] = field(default_factory=list)  # (file name, why)


# --------------------------------------------------------------------------- reading

def _title(book: Book, source: str) -> str:
    """A neighbourhood is named by its Quartier setting, else the network's name, else the file."""
    for key in ("quarter", "network_name"):
        value = str(book.setting(key) or "").strip()
        if value:
            return value
    return Path(source).stem


def collect(books: Sequence[str | Path | Book], year: int | None = None, today: dt.date | None = None,
            lang: str | None = None) -> Comparison:
    """Read the workbooks (a book that fails is listed, not fatal) and compute their indicators."""
    if not books:
        raise UserError("Bitte mindestens eine Arbeitsmappe angeben.", "Please name at least one workbook.")
    today, year = today_and_year(today, year)
    as_of = min(today, dt.date(year, 12, 31))  # as the annual report: a past year ends on 31 December
    read: list[tuple[str, Book]] = []
    failed: list[tuple[str, UserError]] = []
    for position, item in enumerate(books, start=1):
        if isinstance(item, Book):  # a live book has no file name: its position stands in
            read.append((item.path.name if item.path else f"#{position}", item))
            continue
        try:
            read.append((Path(item).name, read_book(item)))
        except UserError as exc:
            failed.append((Path(item).name, exc))
    lang = lang or (read[0][1].lang if read else "de")
    if not read:
        raise WorkbookError("Keine der Arbeitsmappen kann gelesen werden. " + " ".join(e.de for _, e in failed),
                            "None of the workbooks can be read. " + " ".join(e.en for _, e in failed))
    titles = [_title(book, source) for source, book in read]
    titles = [f"{title} ({source})" if titles.count(title) > 1 else title
              for title, (source, _) in zip(titles, read, strict=True)]
    seen: dict[str, int] = {}
    parts = []
    for (source, book), title in zip(read, titles, strict=True):
        seen[title] = seen.get(title, 0) + 1
        if titles.count(title) > 1:  # the same file given twice: number them, columns need unique names
            title = f"{title} {seen[title]}"
        parts.append(Part(title, source, book, indicators(book, year, as_of)))
    return Comparison(year, as_of, lang, parts, failed)


# --------------------------------------------------------------------------- the tables

def _figure_texts() -> dict[str, tuple[str, str, str, str]]:
    from .annual import FIGURE_TEXTS  # the annual report's labels and "so gezählt" sentences

    return FIGURE_TEXTS


def figure_label(key: str, lang: str) -> str:
    texts = _figure_texts().get(key)
    return t(lang, texts[0], texts[1]) if texts else key


def _figure_columns(figure: Figure, lang: str) -> list[tuple[str, Callable[[Figure], Any]]]:
    """The overview's columns for one figure: its value, and its basis and share if it has one."""
    label = figure_label(figure.key, lang)
    columns: list[tuple[str, Callable[[Figure], Any]]] = [(label, lambda f: f.value)]
    if figure.of is None:
        return columns
    if figure.key == "topics":  # a maximum, not a base (as in the report)
        return [*columns, (t(lang, f"{label}: Höchstzahl", f"{label}: maximum"), lambda f: f.of)]
    return [*columns, (t(lang, f"{label}: von", f"{label}: of"), lambda f: f.of),
            (t(lang, f"{label}: Anteil", f"{label}: share"), lambda f: f.share)]


def _neighbourhood(lang: str) -> str:
    return t(lang, "Quartier", "Neighbourhood")


def overview(comparison: Comparison) -> pd.DataFrame:
    """One row per neighbourhood, every key figure of the annual report (shares as fractions)."""
    import pandas as pd

    lang = comparison.lang
    rows = []
    for part in comparison.parts:
        row: dict[str, Any] = {_neighbourhood(lang): part.title, t(lang, "Datei", "File"): part.source,
                               t(lang, "Schema", "Schema"): part.book.schema_version or ""}
        for figure in part.ind.figures():
            for name, value in _figure_columns(figure, lang):
                row[name] = value(figure)
        rows.append(row)
    frame = pd.DataFrame(rows)
    shares = [c for c in frame.columns if c.endswith(t(lang, ": Anteil", ": share"))]
    frame[shares] = frame[shares].astype("float64")
    return frame


def key_figures(comparison: Comparison) -> pd.DataFrame:
    """The key figures as the annual report prints them („36 von 42 (86 %)“), one column per
    neighbourhood, with how each is counted: the sheet to print and read."""
    import pandas as pd

    from .annual import figure_basis, format_number

    lang = comparison.lang
    texts = _figure_texts()
    by_part = [{f.key: f for f in part.ind.figures()} for part in comparison.parts]
    rows = []
    for key in dict.fromkeys(key for figures in by_part for key in figures):
        cells = [_with_basis(f, lang, format_number, figure_basis) if (f := figures.get(key)) else None
                 for figures in by_part]
        how = t(lang, texts[key][2], texts[key][3]) if key in texts else ""
        rows.append([figure_label(key, lang), *cells, how])
    return pd.DataFrame(rows, columns=[t(lang, "Kennzahl", "Indicator"), *(p.title for p in comparison.parts),
                                       t(lang, "So gezählt", "How it is counted")])


def _with_basis(figure: Figure, lang: str, number: Callable, basis: Callable) -> str:
    """„36 von 42 (86 %)“, „4 (Höchstzahl 3 – überschritten)“, „2“."""
    text, behind = number(figure.value, lang), basis(figure, lang)
    if not behind:
        return text
    return f"{text} ({behind})" if figure.key == "topics" else f"{text} {behind}"


def _partners(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    rows = []
    for part in comparison.parts:
        for group, list_key, counts in ((t(lang, "Art", "Type"), "partner_type", part.ind.partners.by_type),
                                        (t(lang, "Handlungsfeld", "Field of action"), "field",
                                         part.ind.partners.by_field)):
            for entry, (active, new, ended) in counts.items():
                rows.append((part.title, group, translate(list_key, entry, lang), active, new, ended))
    return pd.DataFrame(rows, columns=[_neighbourhood(lang), t(lang, "Gliederung", "By"), t(lang, "Eintrag", "Entry"),
                                       t(lang, "aktiv", "active"), t(lang, "neu", "new"),
                                       t(lang, "beendet", "ended")])


def _meetings(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    rows = []
    for part in comparison.parts:
        for s in sorted(part.ind.meetings.structures, key=lambda s: (-s.held, s.name.casefold())):
            rows.append((part.title, s.name, translate("structure_type", s.type, lang) if s.type else None,
                         s.members, s.held, s.cancelled, s.planned, s.attendance, s.headcount, s.residents))
    frame = pd.DataFrame(rows, columns=[
        _neighbourhood(lang), t(lang, "Struktur", "Structure"), t(lang, "Art", "Type"),
        t(lang, "Mitglieder", "Members"), t(lang, "stattgefunden", "held"), t(lang, "abgesagt", "cancelled"),
        t(lang, "geplant", "planned"), t(lang, "Teilnahme der Mitglieder", "Member attendance"),
        t(lang, "Teilnehmende", "Attendees"), t(lang, "davon Bewohner*innen", "of them residents")])
    attendance = t(lang, "Teilnahme der Mitglieder", "Member attendance")
    frame[attendance] = frame[attendance].astype("float64")
    return frame


def meetings_per_month(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    data: dict[str, Any] = {t(lang, "Monat", "Month"): list(MONTHS[lang])}
    for part in comparison.parts:
        data[part.title] = part.ind.meetings.per_month
    return pd.DataFrame(data)


def _tasks(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    names = {"agreed": ("vereinbart", "agreed"), "done": ("erledigt", "done"),
             "done_on_time": ("pünktlich erledigt", "done on time"), "done_late": ("verspätet erledigt", "done late"),
             "done_undated": ("erledigt ohne Datum", "done, no date"), "open": ("offen", "open"),
             "overdue": ("davon überfällig", "of them overdue"), "dropped": ("entfallen", "dropped")}
    return pd.DataFrame([{_neighbourhood(lang): part.title,
                          **{t(lang, *names[key]): getattr(part.ind.tasks, key) for key in names}}
                         for part in comparison.parts])


def _agreements(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    rows = []
    for part in comparison.parts:
        a = part.ind.agreements
        row = {_neighbourhood(lang): part.title, t(lang, "insgesamt", "total"): a.total,
               t(lang, "gültig", "in force"): a.active, t(lang, "im Jahr unterzeichnet", "signed in the year"):
               a.signed_in_year, t(lang, "zur Überprüfung fällig", "due for review"): a.review_due}
        for kind, count in a.by_kind.items():
            row[t(lang, "gültig: ", "in force: ") + translate("agreement_kind", kind, lang)] = count
        rows.append(row)
    return pd.DataFrame(rows).fillna(0)


def _topics(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    return pd.DataFrame([(part.title, title, translate("topic_status", status, lang))
                         for part in comparison.parts for title, status in part.ind.topics.titles],
                        columns=[_neighbourhood(lang), t(lang, "Thema", "Topic"), t(lang, "Status", "Status")])


def _load(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    yes = t(lang, "ja", "yes")
    rows = []
    for part in comparison.parts:
        flagged = {id(p) for p in part.ind.overloaded}
        bridging = {id(p) for p in part.ind.bridges}
        for p in sorted(part.ind.load.values(), key=lambda p: (-p.involvement, p.name.casefold())):
            rows.append((part.title, p.name, len(p.structures), p.meetings, p.open_tasks, p.overdue_tasks,
                         p.hosted, yes if id(p) in bridging else None, yes if id(p) in flagged else None))
    return pd.DataFrame(rows, columns=[
        _neighbourhood(lang), t(lang, "Partner", "Partner"), t(lang, "aktive Strukturen", "active structures"),
        t(lang, "besuchte Treffen", "meetings attended"), t(lang, "offene Aufgaben", "open tasks"),
        t(lang, "überfällige Aufgaben", "overdue tasks"), t(lang, "Gastgeber", "host"),
        t(lang, "Brückenpartner", "bridging partner"), t(lang, "möglicherweise überlastet", "possibly overloaded")])


def _contributions(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    return pd.DataFrame([(part.title, translate("contribution", kind, lang), len(names), ", ".join(names))
                         for part in comparison.parts for kind, names in part.ind.contributions.items()],
                        columns=[_neighbourhood(lang), t(lang, "Beitrag", "Contribution"),
                                 t(lang, "Anzahl Partner", "Partners"), t(lang, "Partner", "Who")])


def _events(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    rows = [(part.title, e.date, e.title, translate("event_status", e.status, lang), e.organisers, e.reach,
             e.residents) for part in comparison.parts for e in part.ind.events.events]
    return pd.DataFrame(rows, columns=[
        _neighbourhood(lang), t(lang, "Datum", "Date"), t(lang, "Veranstaltung", "Event"), t(lang, "Status", "Status"),
        t(lang, "Veranstaltende", "Organisers"), t(lang, "Reichweite", "Reach"),
        t(lang, "davon Bewohner*innen", "of them residents")])


def _concerns(comparison: Comparison) -> pd.DataFrame:
    import pandas as pd

    lang = comparison.lang
    other = t(lang, "ohne Handlungsfeld", "no field of action")
    rows = [(part.title, translate("field", field, lang) if field else other, raised, taken)
            for part in comparison.parts for field, (raised, taken) in part.ind.concerns.by_field.items()]
    return pd.DataFrame(rows, columns=[_neighbourhood(lang), t(lang, "Handlungsfeld", "Field of action"),
                                       t(lang, "Anliegen", "Concerns"), t(lang, "aufgegriffen", "taken up")])


def _counts(comparison: Comparison, name: str) -> pd.DataFrame:
    """An indicator without a table of its own: its counts, one row per neighbourhood."""
    import pandas as pd

    rows = []
    for part in comparison.parts:
        value = getattr(part.ind, name)
        row: dict[str, Any] = {_neighbourhood(comparison.lang): part.title}
        if dataclasses.is_dataclass(value):
            row.update({f.name: getattr(value, f.name) for f in dataclasses.fields(value)
                        if isinstance(getattr(value, f.name), (int, float))})
        elif isinstance(value, (list, dict)):
            row[name] = len(value)
        rows.append(row)
    return pd.DataFrame(rows)


# field of Indicators -> (sheet name de, en, its table); None: shown in another field's table
TOPICS: dict[str, tuple[str, str, Callable[[Comparison], Any]] | None] = {
    "partners": ("Partner", "Partners", _partners),
    "meetings": ("Treffen", "Meetings", _meetings),
    "tasks": ("Aufgaben", "Tasks", _tasks),
    "agreements": ("Vereinbarungen", "Agreements", _agreements),
    "topics": ("Jahresthemen", "Annual topics", _topics),
    "load": ("Belastung", "Partner load", _load),
    "overloaded": None,
    "bridges": None,
    "contributions": ("Beiträge", "Contributions", _contributions),
    "events": ("Veranstaltungen", "Events", _events),
    "concerns": ("Anliegen", "Concerns", _concerns),
}
PLAIN_FIELDS = ("year", "today")  # parameters, not indicators


def notes(comparison: Comparison) -> pd.DataFrame:
    """What a reader of the comparison must know: unreadable books, schema versions, empty years."""
    import pandas as pd

    lang, year = comparison.lang, comparison.year
    rows = [(name, t(lang, "nicht gelesen: ", "not read: ") + exc.message(lang)) for name, exc in comparison.failed]
    versions = {p.book.schema_version or "?" for p in comparison.parts}
    newest = max(versions, key=lambda v: (v != "?", v))
    for part in comparison.parts:
        version = part.book.schema_version or "?"
        if len(versions) > 1 and version != newest:
            rows.append((part.title, t(
                lang, f"Schema-Version {version}, andere Mappen haben {newest}: was erst die neuere Version kennt, "
                      "fehlt hier und zählt als leer (xlquartier upgrade bringt die Mappe auf den neuen Stand).",
                f"schema version {version}, other workbooks have {newest}: what only the newer version knows is "
                "missing here and counts as empty (xlquartier upgrade brings the workbook up to date).")))
        for key in part.book.missing_sheets:
            name = DATA_SHEETS[key].name(lang)
            rows.append((part.title, t(lang, f"Blatt „{name}“ fehlt; es zählt als leer.",
                                       f"sheet “{name}” is missing; it counts as empty.")))
        if _empty_year(part, comparison.as_of):
            rows.append((part.title, t(
                lang, f"Für {year} ist nichts eingetragen (keine Treffen, Aufgaben, neuen Partner oder Themen des "
                      f"Jahres): die Zahlen zeigen nur den Stand am {format_date(comparison.as_of, lang)}.",
                f"nothing recorded for {year} (no meetings, tasks, new partners or topics of the year): the "
                f"figures only show the state on {format_date(comparison.as_of, lang)}.")))
        orphans = part.ind.meetings.without_structure
        if orphans:
            rows.append((part.title, plural(lang, orphans, ("Treffen", "Treffen"), ("meeting", "meetings")) + t(
                lang, " ohne auffindbare Struktur: nur in „Treffen je Monat“ gezählt.",
                " without a structure that can be found: counted in “Meetings per month” only.")))
    return pd.DataFrame(rows, columns=[t(lang, "Quartier oder Datei", "Neighbourhood or file"),
                                       t(lang, "Hinweis", "Note")])


def _empty_year(part: Part, as_of: dt.date) -> bool:
    """Whether nothing in the workbook counts for the year: every key figure is what it would be
    for a year no date falls in (year 0), i.e. only the state on the reference date is left."""
    return part.ind.figures() == indicators(part.book, 0, as_of).figures()


def tables(comparison: Comparison) -> dict[str, pd.DataFrame]:
    """Every table of the comparison, by sheet name in the comparison's language, in sheet order."""
    lang = comparison.lang
    result = {t(lang, "Übersicht", "Overview"): overview(comparison),
              t(lang, "Kennzahlen", "Key figures"): key_figures(comparison)}
    for item in dataclasses.fields(comparison.parts[0].ind):
        if item.name in PLAIN_FIELDS:
            continue
        topic = TOPICS.get(item.name, (item.name, item.name, lambda c, name=item.name: _counts(c, name)))
        if topic is None:
            continue
        de, en, build = topic
        result[t(lang, de, en)] = build(comparison)
        if item.name == "meetings":
            result[t(lang, "Treffen je Monat", "Meetings per month")] = meetings_per_month(comparison)
    result[t(lang, "Hinweise", "Notes")] = notes(comparison)
    return result


def compare(books: Sequence[str | Path | Book], year: int | None = None, today: dt.date | None = None,
            lang: str | None = None) -> dict[str, pd.DataFrame]:
    """Several neighbourhoods side by side, as DataFrames (see the module's docstring)."""
    return tables(collect(books, year, today, lang))


# --------------------------------------------------------------------------- the workbook

HEADER_FILL = "1F4E79"
CHART_WIDTH, CHART_HEIGHT = 16.0, 7.5  # cm
CHART_ROWS = 16  # rows a chart takes, with a gap
CHARTS_PER_PAGE = 6  # three rows of two
MAX_FIT_COLUMNS = 14
VALUE_COLOUR, BASIS_COLOUR = "1F4E79", "A6A6A6"


def write_compare(paths: Sequence[str | Path], out: str | Path | None = None, year: int | None = None,
                  today: dt.date | None = None, lang: str | None = None) -> Compared:
    """``xlquartier compare``: the comparison as one workbook (default beside the first workbook)."""
    comparison = collect(paths, year, today, lang)
    lang = comparison.lang
    first = Path(paths[0])
    out = output_file(out, first.parent, t(lang, f"Vergleich_{comparison.year}.xlsx",
                                           f"Comparison_{comparison.year}.xlsx"))
    if any(out.resolve() == Path(p).resolve() for p in paths):
        raise UserError(f"{out.name} ist eine der Arbeitsmappen; bitte einen anderen Namen für den Vergleich "
                        "angeben.", f"{out.name} is one of the workbooks; please choose another name for the "
                        "comparison.")
    data = workbook_bytes(comparison, tables(comparison))
    unread = tuple(t(lang, f"nicht verglichen: {exc.de}", f"not compared: {exc.en}") for _, exc in comparison.failed)
    return Compared((write_atomically(out, data),), lang, len(comparison.parts), unread)


def workbook_bytes(comparison: Comparison, frames: dict[str, pd.DataFrame]) -> bytes:
    """The tables as sheets (header, filters, frozen header, shares as %), plus the charts."""
    from openpyxl import Workbook

    lang = comparison.lang
    workbook = Workbook()
    workbook.remove(workbook.active)
    title = t(lang, f"Quartiere im Vergleich {comparison.year}", f"Neighbourhoods compared {comparison.year}")
    workbook.properties.title = title
    workbook.properties.creator = "xlquartier"
    names = list(frames)
    sheets = {}
    for name, frame in frames.items():
        sheets[name] = _sheet(workbook, name, frame)
        if name == names[0]:  # the overview: charts right after it
            _figure_charts(workbook, comparison, sheets[name], frame)
    _month_chart(sheets[t(lang, "Treffen je Monat", "Meetings per month")], comparison)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """A DataFrame value as a cell: NaN and NA empty, numpy numbers as Python numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    return value


def _sheet(workbook, name: str, frame: pd.DataFrame):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..safe import xml_text

    sheet = workbook.create_sheet(name)
    for r, values in enumerate([list(map(str, frame.columns)), *frame.itertuples(index=False)], start=1):
        for c, value in enumerate(values, start=1):
            value = _cell(value)
            if value is None:
                continue
            cell = sheet.cell(r, c, xml_text(value) if isinstance(value, str) else value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a name that looks like a formula stays text, never runs
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, column in enumerate(frame.columns, start=1):
        # wide enough for the longest word of the header (it wraps) and for the values
        words = max((len(word) for word in str(column).split()), default=0)
        shown = [5] if frame[column].dtype.kind == "f" else [len(str(_cell(v) or "")) for v in frame[column]]
        longest = max([words, *shown])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), 60)
        if frame[column].dtype.kind == "f":  # the only fractions here are shares
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0%"
        if frame[column].dtype == object:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if len(frame.columns):
        sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 45
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    if len(frame.columns) <= MAX_FIT_COLUMNS:  # fits a page's width; wider tables print across pages
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        sheet.print_title_cols = "A:A"
    return sheet


def _bar_chart(title: str, horizontal: bool = True):
    from openpyxl.chart import BarChart

    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
    chart.x_axis.delete = False  # openpyxl hides the axes otherwise
    chart.y_axis.delete = False
    chart.y_axis.number_format = "0"
    chart.legend.position = "b"
    if horizontal:  # the neighbourhoods top to bottom as in the table, the value axis below
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
    return chart


def _colour(series, colour: str) -> None:
    series.graphicalProperties.solidFill = colour
    series.graphicalProperties.line.solidFill = colour


def _figure_charts(workbook, comparison: Comparison, data_sheet, frame: pd.DataFrame) -> None:
    """One bar chart per key figure, neighbourhoods side by side: the value, and its basis if it has one."""
    from openpyxl.chart import Reference

    lang = comparison.lang
    sheet = workbook.create_sheet(t(lang, "Diagramme", "Charts"))
    sheet["A1"] = t(lang, f"Quartiere im Vergleich {comparison.year}: die Kennzahlen als Diagramme "
                          "(Daten im Blatt „Übersicht“)",
                    f"Neighbourhoods compared {comparison.year}: the key figures as charts (data in the "
                    "“Overview” sheet)")
    from openpyxl.worksheet.pagebreak import Break

    columns = list(frame.columns)
    count = len(frame)
    categories = Reference(data_sheet, min_col=1, min_row=2, max_row=count + 1)
    for n, figure in enumerate(comparison.parts[0].ind.figures()):
        named = _figure_columns(figure, lang)[:2]  # the value, and its basis ("von" or the maximum)
        chart = _bar_chart(named[0][0])
        for (name, _), colour in zip(named, (VALUE_COLOUR, BASIS_COLOUR), strict=False):
            column = columns.index(name) + 1
            chart.add_data(Reference(data_sheet, min_col=column, min_row=1, max_row=count + 1), titles_from_data=True)
            _colour(chart.series[-1], colour)
        chart.set_categories(categories)
        largest = max((_cell(v) or 0 for name, _ in named for v in frame[name]), default=0)
        if largest <= 10:
            chart.y_axis.majorUnit = 1  # counts: no 0.2 steps
        if len(named) == 1:
            chart.legend = None
        row = 3 + (n // 2) * CHART_ROWS
        sheet.add_chart(chart, f"{'AK'[n % 2]}{row}")  # two charts a row
        if n % CHARTS_PER_PAGE == CHARTS_PER_PAGE - 1:
            sheet.row_breaks.append(Break(id=row + CHART_ROWS - 1))
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _month_chart(sheet, comparison: Comparison) -> None:
    from openpyxl.chart import Reference
    from openpyxl.utils import get_column_letter

    lang = comparison.lang
    chart = _bar_chart(t(lang, f"Stattgefundene Treffen je Monat {comparison.year}",
                         f"Meetings held per month {comparison.year}"), horizontal=False)
    chart.width = 24
    chart.add_data(Reference(sheet, min_col=2, max_col=1 + len(comparison.parts), min_row=1, max_row=13),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=13))
    sheet.add_chart(chart, f"{get_column_letter(len(comparison.parts) + 3)}2")
