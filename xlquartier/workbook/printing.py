"""Every sheet prints legibly on A4: widths, wrapped headers, row heights and page breaks.

Spreadsheets do not size rows on opening (LibreOffice and Excel keep the stored height),
so a wrapped cell shows one line unless its row is tall enough: the builder stores heights
computed here. Wide sheets are not shrunk onto one page width, which made them unreadable:
they print at a fixed scale, split between columns into pages whose first columns (ID and
name) repeat, and no page holds a single column alone.

The estimates use Excel's width unit (the width of one digit of the default font), at
the default font of 11 pt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break, ColBreak

LINE_PT = 15.0  # the height of one line of 11 pt text
CM_PER_UNIT = 0.19  # one width unit at 100 %, padding included
MARGIN_IN = 0.5
PAGE_CM = {"portrait": 21.0 - 2 * 2.54 * MARGIN_IN, "landscape": 29.7 - 2 * 2.54 * MARGIN_IN}
SCALE = 80  # percent: wide sheets print at this scale, split into pages between columns
SAFETY = 0.92  # leave room: a real font is not an estimate
MAX_LINES = 15  # a row taller than this is cut on screen anyway; keep the sheet usable
MARGINS_IN = {"left": MARGIN_IN, "right": MARGIN_IN, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}
FOOTER = "&A – &P / &N"  # centred, 8 pt: "Blatt – Seite x / y"
FOOTER_PT = 8


def text_lines(text: object, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` units wide (words are not split)."""
    if text is None or text == "":
        return 1
    factor = 1.15 if bold else 1.0
    room = max(width - 2.0, 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        used, count = 0.0, 1
        for word in paragraph.split(" "):
            size = len(word) * factor
            if used and used + 1 + size > room:
                count += 1
                used = size
            else:
                used += (1 if used else 0) + size
            while used > room:  # a word longer than the cell breaks where it must
                count += 1
                used -= room
        lines += count
    return lines


def header_width(text: str, width: float) -> float:
    """A column width at which a bold header breaks only between words ("VereinbarungID" stays whole)."""
    longest = max((len(word) for word in str(text).split()), default=0)
    return max(width, math.ceil(longest * 1.15 + 2))


def row_height(values: Iterable[object], widths: Sequence[float], bold: bool = False) -> float | None:
    """The height (pt) a row of wrapped cells needs, or None when one line is enough."""
    lines = max((text_lines(v, w, bold) for v, w in zip(values, widths, strict=False) if v not in (None, "")),
                default=1)
    lines = min(lines, MAX_LINES)
    return lines * LINE_PT + (2 if bold else 0) if lines > 1 else None


def _width(ws, column: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(column))
    return float(dim.width) if dim is not None and dim.width else 8.43


def _chunks(widths: Sequence[float], capacity: float) -> list[list[int]]:
    """Columns (indexes) packed into pages of ``capacity`` units; never one column alone on a page."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, width in enumerate(widths):
        if pages[-1] and used + width > capacity:
            pages.append([])
            used = 0.0
        pages[-1].append(i)
        used += width
    if len(pages) > 1 and len(pages[-1]) == 1:  # a lone last column gets company from the page before
        before = pages[-2]
        if len(before) >= 3 and widths[before[-1]] + widths[pages[-1][0]] <= capacity:
            pages[-1].insert(0, before.pop())
        else:
            before.extend(pages.pop())
    return pages


def set_page(ws, orientation: str = "landscape", title_rows: str | None = "1:1", title_columns: int = 0) -> None:
    """Print setup for a sheet whose column widths are set: A4, margins, footer, and the pages.

    When the columns fit the page width at 100 %, the sheet is fitted to one page width.
    Otherwise it prints at ``SCALE`` % with page breaks between columns and the first
    ``title_columns`` repeated on every page.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_margins = PageMargins(**MARGINS_IN)
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = FOOTER_PT
    if title_rows:
        ws.print_title_rows = title_rows
    headed = [cell.column for cell in next(ws.iter_rows(min_row=1, max_row=1), ()) if cell.value not in (None, "")]
    last = max(headed, default=ws.max_column)  # empty columns to the right would print as pages of their own
    widths = [_width(ws, c) for c in range(1, last + 1)]
    page_units = PAGE_CM[orientation] / CM_PER_UNIT * SAFETY
    ws.col_breaks = ColBreak()
    if sum(widths) <= page_units:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = SCALE
    titles = sum(widths[:title_columns])
    capacity = page_units * 100 / SCALE - titles
    pages = _chunks(widths[title_columns:], capacity)
    for page in pages[:-1]:
        ws.col_breaks.append(Break(id=page[-1] + title_columns + 1))  # a break right of this column
    if title_columns:
        ws.print_title_cols = f"A:{get_column_letter(title_columns)}"


def fitted_page_xml() -> str:
    """``set_page``'s setup for a landscape sheet fitted to one page width, as worksheet XML.

    For the sheets the writer builds without openpyxl (``Prüfung``, ``Konflikte``); it goes
    where ``pageMargins`` belongs in a worksheet. The header row is repeated through the
    workbook's print titles (``Package`` adds them).
    """
    margins = " ".join(f'{side}="{inches}"' for side, inches in MARGINS_IN.items())
    footer = f"&C&{FOOTER_PT} {FOOTER}".replace("&", "&amp;")
    return (f'<pageMargins {margins}/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
            f'fitToHeight="0"/><headerFooter><oddFooter>{footer}</oddFooter></headerFooter>')
