"""The network as a map (PNG) and as a Kumu import file.

The map shows who works with whom: structures (squares) and their member partners
(circles), node size by involvement, colour by field of action; on request the year's
events (diamonds) joined to the partners that carry them. Labels are placed by
adjustText so that none overlaps another label or a node; a manager shows this picture
to the district council, so readability comes before everything else.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ..errors import UserError
from ..files import write_atomically
from ..schema import translate
from ..texts import t
from ..workbook.read import read_book
from ..workbook.tables import Book, Row
from .indicators import PartnerLoad, partner_label, partner_load
from .output import Written, check_suffix, today_and_year

FIELD_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                 "#17becf", "#bcbd22", "#7f7f7f")
NO_FIELD = "#b0b0b0"
MEMBER, DOCKED, ORGANISER = "member", "docked", "organiser"
EVENT_COLOUR = "#b8860b"
MAX_KK_STRUCTURES = 40
MAX_PARTNER_LABELS = 70  # more names than this make a map nobody can read; the rest stay circles


@dataclass(frozen=True)
class Node:
    key: str  # "S12" / "P7": sheet letter and Excel row number
    label: str
    kind: str  # "structure", "partner" or "event"
    type: str  # Strukturart or Partnerart (canonical German)
    fields: tuple[str, ...]
    description: str
    involvement: int


def _structures(book: Book) -> list[Row]:
    """Structures that still exist: everything not ended."""
    return [s for s in book.rows("structures") if s["name"] and s["status"] != "beendet"]


def network_graph(book: Book, year: int, today: dt.date, *, all_partners: bool = False,
                  events: bool = False) -> nx.Graph:
    """Structures and partners as a graph; ``all_partners`` keeps partners in no group too, ``events``
    adds the year's events (not cancelled), each joined to the partners that lead or co-organise it."""
    load: dict[int, PartnerLoad] = partner_load(book, year, today)
    graph = nx.Graph()
    partners = {r.number: r for r in book.rows("partners") if r.number in load}
    structures = _structures(book)
    for s in structures:
        members = book.refs("structures", s, "members")
        graph.add_node(f"S{s.number}", data=Node(
            f"S{s.number}", str(s["name"]), "structure", s["type"] or "",
            (s["field"],) if s["field"] else (), ", ".join(s["topics"] or []), len(members)))
        for p in members:
            if p.number in partners:
                graph.add_edge(f"S{s.number}", f"P{p.number}", kind=MEMBER)
    known = {s.number for s in structures}
    for s in structures:
        docked = book.ref("structures", s, "docked_to")
        if docked is not None and docked.number in known and docked.number != s.number:
            graph.add_edge(f"S{s.number}", f"S{docked.number}", kind=DOCKED)
    if events:
        from ..checks.load import organisers

        for event in book.rows("events"):
            date = event["date"]
            if not event["title"] or date is None or date.year != year or event["status"] == "abgesagt":
                continue
            carried = [o.partner for o in organisers(book, event) if o.partner is not None]
            graph.add_node(f"E{event.number}", data=Node(
                f"E{event.number}", str(event["title"]), "event", event["status"] or "", (),
                date.isoformat(), len(carried)))
            for partner in carried:
                if partner.number in partners:
                    graph.add_edge(f"E{event.number}", f"P{partner.number}", kind=ORGANISER)
    for number, row in partners.items():
        key = f"P{number}"
        if key in graph or all_partners:
            graph.add_node(key, data=Node(
                key, partner_label(row), "partner", row["type"] or "", tuple(row["fields"] or ()),
                str(row["name"]), load[number].involvement))
    return graph


def _colours(book: Book, graph: nx.Graph) -> dict[str, str]:
    order = list(book.list_values("field"))
    for _, data in graph.nodes(data="data"):
        order += [f for f in data.fields if f not in order]
    return {f: FIELD_COLOURS[i % len(FIELD_COLOURS)] for i, f in enumerate(order)}


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Structures spread out first, then partners settle around the structures they belong to.

    Laying out the whole graph at once pulls two groups sharing many members on top of each
    other; so the structures get their places from Kamada-Kawai over their member overlap
    (close when they share members, never closer than half the typical distance), and the
    partners are relaxed around them with the structures held fixed.
    """
    structures = [n for n, d in graph.nodes(data="data") if d.kind == "structure"]
    if len(structures) > 2:
        dist: dict[str, dict[str, float]] = {s: {} for s in structures}
        for a in structures:
            for b in structures:
                if a != b:
                    shared = len(set(graph[a]) & set(graph[b]))
                    smaller = max(1, min(len(graph[a]), len(graph[b])))
                    dist[a][b] = 2.0 - shared / smaller
        if len(structures) <= MAX_KK_STRUCTURES:
            fixed = nx.kamada_kawai_layout(nx.complete_graph(structures), dist=dist)
        else:  # a city-sized book: Kamada-Kawai grows too slow; a seeded spring layout is enough
            fixed = nx.spring_layout(nx.complete_graph(structures), seed=7)
    else:
        fixed = nx.circular_layout(structures) if structures else {}
    start: dict[str, tuple[float, float]] = {s: tuple(p) for s, p in fixed.items()}
    groups: dict[tuple[str, ...], list[str]] = {}
    for node in graph:
        if node not in fixed:
            groups.setdefault(tuple(sorted(m for m in graph[node] if m in fixed)), []).append(node)
    for index, (group, nodes) in enumerate(sorted(groups.items())):
        centre = ((sum(fixed[m][0] for m in group) / len(group), sum(fixed[m][1] for m in group) / len(group))
                  if group else (1.4 + 0.1 * index, 1.4))
        for i, node in enumerate(nodes):  # start on a small ring: equal starts never separate
            angle = 2 * math.pi * i / len(nodes) + 0.3 * len(group)
            start[node] = (centre[0] + 0.12 * math.cos(angle), centre[1] + 0.12 * math.sin(angle))
    if len(start) == len(fixed):
        return start
    return nx.spring_layout(graph, pos=start, fixed=list(fixed) or None, k=0.25, iterations=200, seed=7)


def draw_network(book: Book, year: int, today: dt.date, lang: str | None = None, events: bool = False):
    """The map as a matplotlib figure (Agg), or None when there is no structure with members.

    Structures are drawn as labelled boxes in the colour of their field; partners as
    circles sized by involvement. textalloc places each partner's label near its circle,
    clear of every circle, box outline, connecting line and other label.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import textalloc
    from matplotlib import patheffects
    from matplotlib.lines import Line2D

    lang = lang or book.lang
    graph = network_graph(book, year, today, events=events)
    if not any(kind == MEMBER for _, _, kind in graph.edges(data="kind")):
        return None
    colours = _colours(book, graph)
    pos = _layout(graph)
    big = len(graph) > 25
    fig, ax = plt.subplots(figsize=(16, 11) if big else (11, 8), dpi=100)
    ax.set_axis_off()
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    margin = 0.1 * max(max(xs) - min(xs), max(ys) - min(ys), 0.5)
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    structures = [(n, d) for n, d in graph.nodes(data="data") if d.kind == "structure"]
    partners = [(n, d) for n, d in graph.nodes(data="data") if d.kind == "partner"]
    shows = [(n, d) for n, d in graph.nodes(data="data") if d.kind == "event"]
    for node, d in structures:
        colour = colours.get(d.fields[0], NO_FIELD) if d.fields else NO_FIELD
        ax.text(*pos[node], textwrap.fill(d.label, 22), fontsize=10.5 if big else 11, weight="bold",
                ha="center", va="center", zorder=6, color="#111111",
                bbox=dict(boxstyle="round,pad=0.45", fc=_light(colour), ec=colour, lw=2.2))
    biggest = max((d.involvement for _, d in partners), default=1) or 1
    sizes = [60 + 640 * d.involvement / biggest for _, d in partners]
    event_size = 260
    fig.canvas.draw()
    _clear_boxes(ax, pos, [n for n, _ in partners + shows], sizes + [event_size] * len(shows))
    members = [(a, b) for a, b, kind in graph.edges(data="kind") if kind == MEMBER]
    docked = [(a, b) for a, b, kind in graph.edges(data="kind") if kind == DOCKED]
    organised = [(a, b) for a, b, kind in graph.edges(data="kind") if kind == ORGANISER]
    for edges, style in ((members, dict(color="#9aa5b1", lw=0.8, alpha=0.8)),
                         (docked, dict(color="#333333", lw=2.0, ls="--")),
                         (organised, dict(color=EVENT_COLOUR, lw=1.2, ls=":"))):
        for a, b in edges:
            ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], zorder=1, **style)
    px = [pos[n][0] for n, _ in partners]
    py = [pos[n][1] for n, _ in partners]
    dots = ax.scatter(px, py, s=sizes, zorder=4, edgecolors="white", linewidths=1.0,
               c=[colours.get(d.fields[0], NO_FIELD) if d.fields else NO_FIELD for _, d in partners])
    if shows:  # events: diamonds, always labelled
        ax.scatter([pos[n][0] for n, _ in shows], [pos[n][1] for n, _ in shows], s=event_size, marker="D",
                   zorder=5, c=EVENT_COLOUR, edgecolors="white", linewidths=1.0)
    lines_x, lines_y = [], []  # labels may cross connecting lines (they have a white halo), not boxes
    renderer = fig.canvas.get_renderer()
    to_data = ax.transData.inverted()
    for text in ax.texts:  # box outlines and diagonals: no label may sit on a structure
        box = _extent(text, renderer).transformed(to_data)
        corners = [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]
        for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1] + corners[1:2], strict=False):
            lines_x.append([x0, x1])
            lines_y.append([y0, y1])
        lines_x += [[box.x0, box.x1], [box.x0, box.x1]]
        lines_y += [[box.y0, box.y1], [box.y1, box.y0]]
    named = sorted(range(len(partners)), key=lambda i: -partners[i][1].involvement)[:MAX_PARTNER_LABELS]
    named.sort()
    ex = [pos[n][0] for n, _ in shows]
    ey = [pos[n][1] for n, _ in shows]
    textalloc.allocate(
        ax, [px[i] for i in named] + ex, [py[i] for i in named] + ey,
        [textwrap.fill(partners[i][1].label, 20) for i in named] + [textwrap.fill(d.label, 20) for _, d in shows],
        x_scatter=px + ex, y_scatter=py + ey, scatter_sizes=sizes + [event_size] * len(shows), scatter_plot=dots,
        x_lines=lines_x, y_lines=lines_y, textsize=9 if big else 9.5, textcolor="#1a1a1a",
        linecolor=[_node_colour(partners[i][1], colours) for i in named] + [EVENT_COLOUR] * len(shows),
        linewidth=1.2, margin=0.006, min_distance=0.01, max_distance=0.12, nbr_candidates=300, draw_all=True,
        zorder=7)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for text in ax.texts:
        if text.get_bbox_patch() is None:
            text.set_path_effects(halo)
    used = sorted({d.fields[0] for _, d in graph.nodes(data="data") if d.fields}, key=list(colours).index)
    handles = [Line2D([], [], marker="o", ls="", ms=10, color=colours[f],
                      label=translate("field", f, lang)) for f in used]
    handles += [Line2D([], [], marker="s", ls="", ms=12, mfc="#f2f2f2", mec="#555555", mew=2,
                       label=t(lang, "Struktur (Netzwerktreffen,\nArbeitskreis, Kooperation …)",
                               "Structure (network meeting,\nworking group, cooperation …)")),
                Line2D([], [], marker="o", ls="", ms=8, mfc="#bbbbbb", mec="white",
                       label=t(lang, "Partner (Größe: Beteiligung)", "Partner (size: involvement)"))]
    if docked:
        handles.append(Line2D([], [], ls="--", lw=2, color="#333333", label=t(lang, "angedockt an", "docked to")))
    if shows:
        handles.append(Line2D([], [], marker="D", ls=":", ms=9, color=EVENT_COLOUR, mec="white", label=t(
            lang, "Veranstaltung, verbunden mit\nihren Veranstaltenden", "Event, joined to\nits organisers")))
    if len(named) < len(partners):
        handles.append(Line2D([], [], ls="", label=t(
            lang, f"Beschriftet: die {len(named)} am stärksten\nbeteiligten von {len(partners)} Partnern",
            f"Labelled: the {len(named)} most involved\nof {len(partners)} partners")))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=10,
              title=t(lang, "Handlungsfeld", "Field of action"), title_fontsize=11, alignment="left")
    name = str(book.setting("network_name") or book.setting("quarter") or "")
    title = t(lang, f"Netzwerkkarte {year}", f"Network map {year}")
    ax.set_title(f"{title} – {name}" if name else title, fontsize=15, loc="left", weight="bold")
    return fig


def _extent(text, renderer):
    """The display box of a label, with its frame where it has one."""
    patch = text.get_bbox_patch()
    return patch.get_window_extent(renderer) if patch else text.get_window_extent(renderer)


def _node_colour(data: Node, colours: dict[str, str]) -> str:
    return colours.get(data.fields[0], NO_FIELD) if data.fields else NO_FIELD


def _clear_boxes(ax, pos: dict, nodes: list[str], sizes: list[float]) -> None:
    """Move partner circles that the layout put under a structure's box just above or below it."""
    renderer = ax.figure.canvas.get_renderer()
    boxes = [_extent(text, renderer) for text in ax.texts]
    to_data = ax.transData.inverted()
    for node, size in zip(nodes, sizes, strict=True):
        radius = math.sqrt(size) / 2 * ax.figure.dpi / 72 + 4
        x, y = ax.transData.transform(pos[node])
        for box in boxes:
            if box.x0 - radius < x < box.x1 + radius and box.y0 - radius < y < box.y1 + radius:
                y = box.y1 + radius if y >= (box.y0 + box.y1) / 2 else box.y0 - radius
        pos[node] = tuple(to_data.transform((x, y)))


def _circles(ax):
    """The display boxes of the partner circles (matplotlib reports none for scatter markers)."""
    from matplotlib.collections import PathCollection
    from matplotlib.transforms import Bbox

    boxes = []
    for collection in ax.collections:
        if not isinstance(collection, PathCollection):
            continue
        sizes = collection.get_sizes()
        for i, (x, y) in enumerate(ax.transData.transform(collection.get_offsets())):
            radius = math.sqrt(sizes[i % len(sizes)]) / 2 * ax.figure.dpi / 72
            boxes.append(Bbox.from_extents(x - radius, y - radius, x + radius, y + radius))
    return boxes


def _light(colour: str) -> tuple[float, float, float]:
    """A pale tint of a field colour, so black box text stays readable on it."""
    from matplotlib.colors import to_rgb

    return tuple(1 - 0.25 * (1 - c) for c in to_rgb(colour))


def map_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs that overlap on the map: label/label, label/box, box/box, label/circle.

    A circle's box is the square around it, so this errs on the strict side.
    """
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    items = [(text.get_text(), _extent(text, renderer).padded(-1)) for text in ax.texts]
    found = [(a, b) for i, (a, box_a) in enumerate(items) for b, box_b in items[i + 1:] if box_a.overlaps(box_b)]
    for circle in _circles(ax):
        found += [(name, "circle") for name, box in items if box.overlaps(circle.padded(-1))]
    return found


def network_png(book: Book, year: int, today: dt.date, lang: str | None = None, dpi: int = 150,
                events: bool = False) -> bytes:
    """The map as PNG bytes; empty bytes when the workbook has no structure with members."""
    import matplotlib.pyplot as plt

    fig = draw_network(book, year, today, lang, events)
    if fig is None:
        return b""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


# --------------------------------------------------------------------------- Kumu

def kumu_rows(book: Book, year: int, today: dt.date, lang: str | None = None, events: bool = False):
    """(elements, connections) in Kumu's spreadsheet import layout.

    Kumu joins connections to elements by label, so labels are made unique (a partner
    named like a structure gets its ID added). Tags are separated by ``|`` as Kumu expects.
    """
    lang = lang or book.lang
    graph = network_graph(book, year, today, all_partners=True, events=events)
    labels: dict[str, str] = {}
    seen: set[str] = set()
    elements = []
    for key, data in graph.nodes(data="data"):
        label = data.description if data.kind == "partner" and data.description else data.label
        if label.casefold() in seen:
            label = f"{label} ({key})"
        seen.add(label.casefold())
        labels[key] = label
        list_key = {"structure": "structure_type", "partner": "partner_type", "event": "event_status"}[data.kind]
        kind = translate(list_key, data.type, lang) if data.type else ""
        if data.kind == "event":
            kind = t(lang, "Veranstaltung", "Event")
        tags = "|".join(translate("field", f, lang) for f in data.fields)
        if data.kind == "partner":
            description = data.label if data.label != label else ""
        else:
            description = data.description
        elements.append((label, kind, description, tags))
    connections = []
    for a, b, kind in graph.edges(data="kind"):
        if kind == MEMBER:
            partner, structure = (a, b) if a.startswith("P") else (b, a)
            connections.append((labels[partner], labels[structure], t(lang, "Mitglied", "member")))
        elif kind == ORGANISER:
            partner, event = (a, b) if a.startswith("P") else (b, a)
            connections.append((labels[partner], labels[event], t(lang, "veranstaltet", "organises")))
        else:
            connections.append((labels[a], labels[b], t(lang, "angedockt an", "docked to")))
    return elements, connections


def kumu_xlsx(book: Book, year: int, today: dt.date, lang: str | None = None, events: bool = False) -> bytes:
    """The Kumu import workbook (a new file: Elements and Connections sheets)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    elements, connections = kumu_rows(book, year, today, lang, events)
    wb = Workbook()
    sheets = (("Elements", ("Label", "Type", "Description", "Tags"), elements, (40, 24, 40, 40)),
              ("Connections", ("From", "To", "Type"), connections, (40, 40, 16)))
    for index, (title, header, rows, widths) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(list(row))
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a name starting with "=" stays text, never a formula
        for column, width in zip("ABCD", widths, strict=False):
            ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_network(path: Path, png: Path | None = None, kumu: Path | None = None, year: int | None = None,
                  today: dt.date | None = None, lang: str | None = None, events: bool = False) -> Written:
    """``xlquartier network``: the map as PNG and/or the Kumu file; the PNG beside the workbook by default.

    ``events`` adds the year's events as diamonds joined to their organisers."""
    today, year = today_and_year(today, year)
    book = read_book(path)
    if events:
        book.require("events")
    lang = lang or book.lang
    if png is None and kumu is None:
        png = Path(path).with_name(t(lang, f"Netzwerkkarte_{year}.png", f"Network_map_{year}.png"))
    written = []
    if png is not None:
        picture = network_png(book, year, today, lang, events=events)
        if not picture:
            raise UserError("Für die Netzwerkkarte fehlen Strukturen mit Mitgliedern (Blatt Strukturen).",
                            "The network map needs structures with members (sheet Structures).")
        written.append(write_atomically(check_suffix(png, ".png"), picture))
    if kumu is not None:
        written.append(write_atomically(check_suffix(kumu, ".xlsx"), kumu_xlsx(book, year, today, lang, events)))
    return Written(tuple(written), lang, len(network_graph(book, year, today, events=events)))
