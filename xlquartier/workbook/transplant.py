"""Carrying parts the builder makes into a user's workbook: styles, sheets, table columns, names.

The schema upgrade (``upgrade.py``) builds a fresh standard workbook in the book's language
and copies what the user's book lacks out of it, so an added sheet or column looks exactly
as the builder makes it (header styles, comments, dropdowns, formats, protection, print
setup). Everything here edits the bytes of single parts through the public part API of
``Package``; every part it does not name stays as it is, and inside the parts it edits
only the elements it adds or must extend change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr, unescape

from openpyxl.utils import column_index_from_string, get_column_letter

from ..errors import WorkbookError
from .write import Package

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPES = {
    "worksheet": (f"{REL}/worksheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
    "table": (f"{REL}/table", "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"),
    "comments": (f"{REL}/comments", "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"),
    "vmlDrawing": (f"{REL}/vmlDrawing", "application/vnd.openxmlformats-officedocument.vmlDrawing"),
}
CUSTOM_PROPS = "docProps/custom.xml"
CUSTOM_PROPS_TYPE = f"{REL}/custom-properties"
CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

# The order of a worksheet's child elements (ECMA-376); new elements go in their place.
SHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks",
    "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties",
    "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "picture",
    "oleObjects", "controls", "webPublishItems", "tableParts", "extLst")
_STYLE_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                "tableStyles", "colors", "extLst")
_PREFIX = re.compile(rb"<(/?)[A-Za-z_][\w.-]*:")
_REF = re.compile(r"^([A-Z]+)(\d+):([A-Z]+)(\d+)$")


def bare(xml: bytes) -> bytes:
    """An element without namespace prefixes on its tags, to compare parts written by other programs."""
    return _PREFIX.sub(rb"<\1", xml)


def _element(tag: bytes) -> re.Pattern[bytes]:
    """One element ``tag`` (any prefix), empty or with content; ``tag`` must not nest in itself."""
    return re.compile(rb"<((?:\w+:)?)" + tag + rb"\b[^>]*?(?:/>|>.*?</\1" + tag + rb">)", re.S)


def _attr(element: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"\s" + name + rb'="([^"]*)"', element.split(b">", 1)[0])
    return m[1] if m else None


def _set_attr(element: bytes, name: bytes, value: bytes) -> bytes:
    head, sep, rest = element.partition(b">")
    pattern = rb"(\s" + name + rb'=")[^"]*(")'
    if re.search(pattern, head):
        head = re.sub(pattern, lambda m: m[1] + value + m[2], head, count=1)
    else:
        end = len(head) - 1 if head.endswith(b"/") else len(head)
        head = head[:end] + b" " + name + b'="' + value + b'"' + head[end:]
    return head + sep + rest


def prefix_of(xml: bytes, root: bytes) -> bytes:
    m = re.search(rb"<(\w+:)?" + root + rb"\b", xml)
    return (m[1] or b"") if m else b""


def with_prefix(element: bytes, prefix: bytes) -> bytes:
    """An unprefixed element written with ``prefix`` (for parts whose tags carry one)."""
    return re.sub(rb"<(/?)(?=[A-Za-z_])", rb"<\1" + prefix, element) if prefix else element


# --------------------------------------------------------------------------- styles

class StyleImporter:
    """Copies cell formats (with their fonts, fills, borders, number formats) and conditional
    formats from the fresh book's ``styles.xml`` into the user's, reusing what is already there."""

    def __init__(self, source: bytes, target: bytes):
        self.source = source
        self.target = target
        self.changed = False
        self._xfs: dict[int, int] = {}
        self._dxfs: dict[int, int] = {}

    @staticmethod
    def _section(data: bytes, tag: bytes) -> re.Match[bytes] | None:
        return re.search(rb"<((?:\w+:)?)" + tag + rb"\b[^>]*?(?:/>|>(.*?)</\1" + tag + rb">)", data, re.S)

    def _items(self, data: bytes, section: bytes, child: bytes) -> list[bytes]:
        m = self._section(data, section)
        return [bare(x[0]) for x in _element(child).finditer(m[2] or b"")] if m else []

    def _append(self, section: bytes, child: bytes, element: bytes) -> int:
        """Append ``element`` (unprefixed) to ``section`` of the target; returns its index."""
        data = self.target
        m = self._section(data, section)
        prefix = prefix_of(data, b"styleSheet")
        if m is None:  # the section does not exist yet: create it in its place
            position = self._insert_at(section)
            new = b"<" + prefix + section + b' count="1">' + with_prefix(element, prefix) + \
                b"</" + prefix + section + b">"
            self.target = data[:position] + new + data[position:]
            self.changed = True
            return 0
        count = len(_element(child).findall(m[2] or b""))
        whole = m[0]
        element = with_prefix(element, m[1])
        if whole.endswith(b"/>"):
            new = whole[:-2] + b">" + element + b"</" + m[1] + section + b">"
        else:
            close = b"</" + m[1] + section + b">"
            new = whole[: -len(close)] + element + close
        head, sep, rest = new.partition(b">")
        new = _set_attr(head + sep, b"count", str(count + 1).encode()) + rest
        self.target = data[: m.start()] + new + data[m.end():]
        self.changed = True
        return count

    def _insert_at(self, section: bytes) -> int:
        later = _STYLE_ORDER[_STYLE_ORDER.index(section.decode()) + 1:]
        for tag in later:
            m = re.search(rb"<(?:\w+:)?" + tag.encode() + rb"\b", self.target)
            if m:
                return m.start()
        return re.search(rb"</(?:\w+:)?styleSheet>", self.target).start()

    def _copy(self, section: bytes, child: bytes, index: int) -> int:
        """The target index of source item ``index`` of ``section`` (appended when new)."""
        items = self._items(self.source, section, child)
        item = items[index] if index < len(items) else items[0]
        existing = self._items(self.target, section, child)
        if item in existing:
            return existing.index(item)
        return self._append(section, child, item)

    def _number_format(self, number: bytes) -> bytes:
        if int(number) < 164:
            return number  # built in
        codes = {_attr(x, b"numFmtId"): _attr(x, b"formatCode") for x in self._items(self.source, b"numFmts",
                                                                                      b"numFmt")}
        code = codes.get(number)
        if code is None:
            return b"0"
        targets = {_attr(x, b"formatCode"): _attr(x, b"numFmtId") for x in self._items(self.target, b"numFmts",
                                                                                        b"numFmt")}
        if code in targets:
            return targets[code]
        ids = [int(i) for i in targets.values() if i and i.isdigit()]
        new = str(max([163, *ids]) + 1).encode()
        self._append(b"numFmts", b"numFmt", b'<numFmt numFmtId="' + new + b'" formatCode="' + code + b'"/>')
        return new

    def xf(self, index: int) -> int:
        """The user's cell format equal to the fresh book's format ``index``."""
        if index not in self._xfs:
            xfs = self._items(self.source, b"cellXfs", b"xf")
            xf = xfs[index] if index < len(xfs) else xfs[0]
            for attr, section, child in ((b"fontId", b"fonts", b"font"), (b"fillId", b"fills", b"fill"),
                                         (b"borderId", b"borders", b"border")):
                value = _attr(xf, attr)
                if value is not None:
                    xf = _set_attr(xf, attr, str(self._copy(section, child, int(value))).encode())
            number = _attr(xf, b"numFmtId")
            if number is not None:
                xf = _set_attr(xf, b"numFmtId", self._number_format(number))
            xf = _set_attr(xf, b"xfId", b"0")
            existing = self._items(self.target, b"cellXfs", b"xf")
            self._xfs[index] = existing.index(xf) if xf in existing else self._append(b"cellXfs", b"xf", xf)
        return self._xfs[index]

    def dxf(self, index: int) -> int:
        """The user's differential format (conditional formatting) equal to the fresh one."""
        if index not in self._dxfs:
            self._dxfs[index] = self._copy(b"dxfs", b"dxf", index)
        return self._dxfs[index]

    def restyle(self, xml: bytes) -> bytes:
        """A fresh sheet's XML with every style index turned into the user's."""
        xml = re.sub(rb'(<(?:\w+:)?(?:c|row)\b[^>]*?\ss=")(\d+)(")',
                     lambda m: m[1] + str(self.xf(int(m[2]))).encode() + m[3], xml)
        xml = re.sub(rb'(<(?:\w+:)?col\b[^>]*?\sstyle=")(\d+)(")',
                     lambda m: m[1] + str(self.xf(int(m[2]))).encode() + m[3], xml)
        return re.sub(rb'(<(?:\w+:)?cfRule\b[^>]*?\sdxfId=")(\d+)(")',
                      lambda m: m[1] + str(self.dxf(int(m[2]))).encode() + m[3], xml)


# --------------------------------------------------------------------------- package helpers

def free_name(pkg: Package, pattern: str) -> str:
    """The first part name ``pattern.format(n)`` not used yet."""
    n = 1
    while pkg.has_part(pattern.format(n)):
        n += 1
    return pattern.format(n)


def add_content_type(pkg: Package, part: str, kind: str) -> None:
    """The content type of a new part; a ``.vml`` part may be covered by a Default entry already."""
    content_type = TYPES[kind][1]
    if part.endswith(".vml") and b'Extension="vml"' in pkg.read("[Content_Types].xml"):
        return
    pkg.add_override(f"/{part}", content_type)


def sheet_entries(pkg: Package) -> list[bytes]:
    return re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", pkg.read("xl/workbook.xml"))


def append_sheet(pkg: Package, name: str, part: str) -> int:
    """Add worksheet ``part`` as the last sheet of the workbook; returns its 0-based position."""
    rid = pkg.add_relationship("xl/workbook.xml", TYPES["worksheet"][0], f"/{part}")
    add_content_type(pkg, part, "worksheet")
    book = pkg.read("xl/workbook.xml")
    entries = sheet_entries(pkg)
    ids = [int(i) for e in entries if (i := _attr(e, b"sheetId")) and i.isdigit()]
    prefix = prefix_of(book, b"workbook").decode()
    element = (f'<{prefix}sheet xmlns:r="{REL}" name={quoteattr(name)} sheetId="{max(ids, default=0) + 1}" '
               f'r:id="{rid}"/>').encode()
    close = re.search(rb"</(?:\w+:)?sheets>", book)
    if close is None:
        raise WorkbookError("Die Arbeitsmappe hat kein Verzeichnis ihrer Blätter.",
                            "The workbook has no list of its sheets.")
    pkg.write_part("xl/workbook.xml", book[: close.start()] + element + book[close.start():])
    return len(entries)


def defined_names(pkg: Package) -> dict[str, bytes]:
    """Workbook-level defined names (no sheet scope) -> their formula text."""
    found = {}
    for m in re.finditer(rb"<(?:\w+:)?definedName\b([^>]*)>(.*?)</(?:\w+:)?definedName>",
                         pkg.read("xl/workbook.xml"), re.S):
        name = _attr(b"<x" + m[1] + b">", b"name")
        if name is not None and _attr(b"<x" + m[1] + b">", b"localSheetId") is None:
            found[name.decode()] = m[2]
    return found


def add_defined_name(pkg: Package, name: str, formula: str, local_sheet: int | None = None) -> None:
    """Add a defined name (``localSheet``: its sheet scope, e.g. for ``_xlnm.Print_Titles``)."""
    book = pkg.read("xl/workbook.xml")
    prefix = prefix_of(book, b"workbook").decode()
    scope = f' localSheetId="{local_sheet}"' if local_sheet is not None else ""
    element = f"<{prefix}definedName name={quoteattr(name)}{scope}>{escape(formula)}</{prefix}definedName>".encode()
    m = re.search(rb"<(?:\w+:)?definedNames\s*/>|</(?:\w+:)?definedNames>", book)
    if m is not None and m[0].endswith(b"/>"):
        book = book[: m.start()] + f"<{prefix}definedNames>".encode() + element + \
            f"</{prefix}definedNames>".encode() + book[m.end():]
    elif m is not None:
        book = book[: m.start()] + element + book[m.start():]
    else:  # no defined names yet: the element follows sheets (and any external references)
        after = None
        for tag in (b"externalReferences", b"functionGroups", b"sheets"):
            after = re.search(rb"</(?:\w+:)?" + tag + rb">|<(?:\w+:)?" + tag + rb"\b[^>]*/>", book)
            if after:
                break
        if after is None:
            raise WorkbookError("Die Arbeitsmappe hat kein Verzeichnis ihrer Blätter.",
                                "The workbook has no list of its sheets.")
        book = book[: after.end()] + f"<{prefix}definedNames>".encode() + element + \
            f"</{prefix}definedNames>".encode() + book[after.end():]
    pkg.write_part("xl/workbook.xml", book)


def print_titles(pkg: Package, position: int) -> bytes | None:
    """The print titles of the sheet at ``position`` (0-based), if the sheet has any."""
    for m in re.finditer(rb"<(?:\w+:)?definedName\b([^>]*)>(.*?)</(?:\w+:)?definedName>",
                         pkg.read("xl/workbook.xml"), re.S):
        head = b"<x" + m[1] + b">"
        if _attr(head, b"name") == b"_xlnm.Print_Titles" and _attr(head, b"localSheetId") == str(position).encode():
            return m[2]
    return None


def set_custom_property(pkg: Package, name: str, value: str) -> bool:
    """Set a text document property (``docProps/custom.xml``); returns whether anything changed."""
    if not pkg.has_part(CUSTOM_PROPS):
        pkg.write_part(CUSTOM_PROPS, (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            f'xmlns:vt="{VT}"></Properties>').encode())
        pkg.add_relationship("", CUSTOM_PROPS_TYPE, CUSTOM_PROPS)
        pkg.add_override(f"/{CUSTOM_PROPS}", CUSTOM_PROPS_CT)
    data = pkg.read(CUSTOM_PROPS)
    for m in re.finditer(rb"<(?:\w+:)?property\b[^>]*>.*?</(?:\w+:)?property>", data, re.S):
        if _attr(m[0], b"name") == name.encode():
            old = re.search(rb"(<(\w+:)?lpwstr\b[^>]*>)(.*?)(</\2lpwstr>)", m[0], re.S)
            if old is not None and old[3] == escape(value).encode():
                return False
            new = (m[0][: old.start(3)] + escape(value).encode() + m[0][old.end(3):] if old is not None else
                   re.sub(rb"(<(?:\w+:)?property\b[^>]*>).*(</(?:\w+:)?property>)",
                          lambda p: p[1] + f'<vt:lpwstr xmlns:vt="{VT}">{escape(value)}</vt:lpwstr>'.encode()
                          + p[2], m[0], flags=re.S))
            pkg.write_part(CUSTOM_PROPS, data[: m.start()] + new + data[m.end():])
            return True
    pids = [int(p) for p in re.findall(rb'\spid="(\d+)"', data)]
    prefix = prefix_of(data, b"Properties")
    p = prefix.decode()
    element = (f'<{p}property fmtid="{FMTID}" pid="{max([1, *pids]) + 1}" name={quoteattr(name)}>'
               f'<vt:lpwstr xmlns:vt="{VT}">{escape(value)}</vt:lpwstr></{p}property>').encode()
    close = re.search(rb"</(?:\w+:)?Properties>|<(?:\w+:)?Properties\b[^>]*/>", data)
    if close[0].endswith(b"/>"):
        data = data[: close.start()] + close[0][:-2] + b">" + element + b"</" + prefix + b"Properties>" + \
            data[close.end():]
    else:
        data = data[: close.start()] + element + data[close.start():]
    pkg.write_part(CUSTOM_PROPS, data)
    return True


# --------------------------------------------------------------------------- worksheet XML

def insert_element(xml: bytes, tag: str, element: bytes) -> bytes:
    """Put a new child element ``tag`` of ``<worksheet>`` in its schema place."""
    later = SHEET_ORDER[SHEET_ORDER.index(tag) + 1:]
    for name in later:
        m = re.search(rb"<(?:\w+:)?" + name.encode() + rb"[\s>/]", xml)
        if m:
            return xml[: m.start()] + element + xml[m.start():]
    close = re.search(rb"</(?:\w+:)?worksheet>", xml)
    return xml[: close.start()] + element + xml[close.start():]


def set_column(xml: bytes, index: int, width: float, style: int | None) -> bytes:
    """Give column ``index`` (1-based) its own ``<col>``, splitting a range that covered it."""
    prefix = prefix_of(xml, b"worksheet").decode()
    style_attr = f' style="{style}"' if style else ""
    new = f'<{prefix}col min="{index}" max="{index}" width="{width}" customWidth="1"{style_attr}/>'.encode()
    m = re.search(rb"<(?:\w+:)?cols>(.*?)</(?:\w+:)?cols>", xml, re.S)
    if m is None:
        return insert_element(xml, "cols", f"<{prefix}cols>".encode() + new + f"</{prefix}cols>".encode())
    out: list[bytes] = []
    placed = False
    for col in re.findall(rb"<(?:\w+:)?col\b[^>]*?(?:/>|>.*?</(?:\w+:)?col>)", m[1], re.S):
        low, high = int(_attr(col, b"min") or 0), int(_attr(col, b"max") or 0)
        if high < index:
            out.append(col)
            continue
        if low > index:
            if not placed:
                out.append(new)
                placed = True
            out.append(col)
            continue
        if low < index:  # the part left of the new column
            out.append(_set_attr(col, b"max", str(index - 1).encode()))
        out.append(new)
        placed = True
        if high > index:
            out.append(_set_attr(col, b"min", str(index + 1).encode()))
    if not placed:
        out.append(new)
    return xml[: m.start(1)] + b"".join(out) + xml[m.end(1):]


def add_validation(xml: bytes, validation: bytes) -> bytes:
    """Add one ``<dataValidation>`` to the sheet's list (created in its place when missing)."""
    prefix = prefix_of(xml, b"worksheet")
    validation = with_prefix(bare(validation), prefix)
    m = re.search(rb"<((?:\w+:)?)dataValidations\b[^>]*?(?:/>|>(.*?)</\1dataValidations>)", xml, re.S)
    if m is None:
        return insert_element(xml, "dataValidations", b"<" + prefix + b'dataValidations count="1">' + validation
                              + b"</" + prefix + b"dataValidations>")
    count = len(_element(b"dataValidation").findall(m[2] or b"")) + 1
    whole = m[0]
    if whole.endswith(b"/>"):
        new = whole[:-2] + b">" + validation + b"</" + m[1] + b"dataValidations>"
    else:
        close = b"</" + m[1] + b"dataValidations>"
        new = whole[: -len(close)] + validation + close
    head, sep, rest = new.partition(b">")
    return xml[: m.start()] + _set_attr(head + sep, b"count", str(count).encode()) + rest + xml[m.end():]


def validation_for(xml: bytes, letter: str) -> bytes | None:
    """The fresh sheet's data validation of column ``letter`` (its sqref starts there)."""
    for m in _element(b"dataValidation").finditer(xml):
        sqref = (_attr(m[0], b"sqref") or b"").decode()
        if sqref.split(":")[0].rstrip("0123456789") == letter:
            return m[0]
    return None


def move_validation(validation: bytes, letter: str, first_row: int, rows: int) -> bytes:
    return _set_attr(validation, b"sqref", f"{letter}{first_row}:{letter}{first_row + rows - 1}".encode())


def col_of(xml: bytes, index: int) -> tuple[float, int | None]:
    """(width, style) of column ``index`` in a sheet's ``<cols>`` (the fresh book's)."""
    for col in re.findall(rb"<(?:\w+:)?col\b[^>]*>", xml):
        if int(_attr(col, b"min") or 0) <= index <= int(_attr(col, b"max") or 0):
            width, style = _attr(col, b"width"), _attr(col, b"style")
            return float(width or 10), int(style) if style else None
    return 10.0, None


def cell_style(xml: bytes, ref: str) -> int | None:
    """The style index of cell ``ref`` (None when the cell or its style is absent)."""
    m = re.search(rb'<(?:\w+:)?c\b[^>]*?\sr="' + ref.encode() + rb'"[^>]*>', xml)
    if m is None:
        return None
    style = _attr(m[0], b"s")
    return int(style) if style else None


def occupied(xml: bytes, column: str, first: int, last: int) -> list[str]:
    """Cells of ``column`` in rows ``first``..``last`` that hold a value or formula."""
    if f'r="{column}'.encode() not in xml:
        return []  # the usual case, found without a scan of every cell
    found = []
    for m in re.finditer(rb'<(?:\w+:)?c\b[^>]*?\sr="' + column.encode() + rb'(\d+)"[^>]*?(/>|>(.*?)</(?:\w+:)?c>)',
                         xml, re.S):
        if first <= int(m[1]) <= last and m[3] and re.search(rb"<(?:\w+:)?(?:v|f|is)\b", m[3]):
            found.append(f"{column}{int(m[1])}")
    return found


# --------------------------------------------------------------------------- tables

def table_ref(table_xml: bytes) -> tuple[str, int, str, int] | None:
    ref = _attr(re.search(rb"<(?:\w+:)?table\b[^>]*>", table_xml)[0], b"ref")
    m = _REF.match(ref.decode()) if ref else None
    return (m[1], int(m[2]), m[3], int(m[4])) if m else None


def widen_table(table_xml: bytes, header: str) -> bytes:
    """A table one column wider on the right, the new column named ``header``."""
    left, top, right, bottom = table_ref(table_xml)
    new_right = get_column_letter(column_index_from_string(right) + 1)
    old_ref, new_ref = f"{left}{top}:{right}{bottom}".encode(), f"{left}{top}:{new_right}{bottom}".encode()
    table_xml = table_xml.replace(b'ref="' + old_ref + b'"', b'ref="' + new_ref + b'"')
    m = re.search(rb"<((?:\w+:)?)tableColumns\b[^>]*>(.*?)</\1tableColumns>", table_xml, re.S)
    ids = [int(i) for i in re.findall(rb'<(?:\w+:)?tableColumn\b[^>]*?\sid="(\d+)"', m[2])]
    column = f'<{m[1].decode()}tableColumn id="{max(ids, default=0) + 1}" name={quoteattr(header)}/>'.encode()
    head = re.search(rb"<(?:\w+:)?tableColumns\b[^>]*>", m[0])[0]
    new_head = _set_attr(head, b"count", str(len(ids) + 1).encode())
    close = b"</" + m[1] + b"tableColumns>"
    new = new_head + m[2] + column + close
    return table_xml[: m.start()] + new + table_xml[m.end():]


def table_names(pkg: Package) -> tuple[set[str], set[int]]:
    """The display names (case-folded) and ids of every table in the package."""
    names, ids = set(), set()
    for part in pkg.sheets().values():
        for _, kind, target in pkg.relationships(part):
            if kind == TYPES["table"][0] and pkg.has_part(target):
                head = re.search(rb"<(?:\w+:)?table\b[^>]*>", pkg.read(target))[0]
                names.add((_attr(head, b"displayName") or _attr(head, b"name") or b"").decode().casefold())
                ids.add(int(_attr(head, b"id") or 0))
    return names, ids


# --------------------------------------------------------------------------- comments

def add_comment(pkg: Package, sheet_part: str, fresh: Package, fresh_part: str, fresh_ref: str, ref: str) -> bool:
    """Copy the fresh header comment at ``fresh_ref`` to ``ref`` of the user's sheet, when the sheet
    keeps its comments the usual way (a comments part and a VML drawing); returns whether it did."""
    kinds = {kind: target for _, kind, target in pkg.relationships(sheet_part)}
    fresh_kinds = {kind: target for _, kind, target in fresh.relationships(fresh_part)}
    comments, vml = kinds.get(TYPES["comments"][0]), kinds.get(TYPES["vmlDrawing"][0])
    if not (comments and vml and pkg.has_part(comments) and pkg.has_part(vml)):
        return False
    source = fresh.read(fresh_kinds[TYPES["comments"][0]])
    comment = next((m[0] for m in _element(b"comment").finditer(source) if _attr(m[0], b"ref") == fresh_ref.encode()),
                   None)
    if comment is None:
        return False
    data = pkg.read(comments)
    prefix = prefix_of(data, b"comments")
    authors = [bare(a) for a in re.findall(rb"<(?:\w+:)?author>.*?</(?:\w+:)?author>", data, re.S)]
    if b"<author>xlquartier</author>" in authors:
        author = authors.index(b"<author>xlquartier</author>")
    else:
        close = re.search(rb"</(?:\w+:)?authors>", data)
        if close is None:
            return False
        data = data[: close.start()] + with_prefix(b"<author>xlquartier</author>", prefix) + data[close.start():]
        author = len(authors)
    comment = _set_attr(_set_attr(bare(comment), b"ref", ref.encode()), b"authorId", str(author).encode())
    close = re.search(rb"</(?:\w+:)?commentList>", data)
    if close is None:
        return False
    pkg.write_part(comments, data[: close.start()] + with_prefix(comment, prefix) + data[close.start():])
    row, column = re.match(r"([A-Z]+)(\d+)", ref).groups()[::-1]
    shape = _fresh_shape(fresh.read(fresh_kinds[TYPES["vmlDrawing"][0]]), fresh_ref)
    drawing = pkg.read(vml)
    numbers = [int(n) for n in re.findall(rb"_x0000_s(\d+)", drawing)]
    shape = re.sub(rb'id="_x0000_s\d+"', f'id="_x0000_s{max([1024, *numbers]) + 1}"'.encode(), shape, count=1)
    shape = re.sub(rb"(<(?:\w+:)?Row>)\d+(</)", lambda m: m[1] + str(int(row) - 1).encode() + m[2], shape)
    shape = re.sub(rb"(<(?:\w+:)?Column>)\d+(</)",
                   lambda m: m[1] + str(column_index_from_string(column) - 1).encode() + m[2], shape)
    end = drawing.rfind(b"</xml>")
    pkg.write_part(vml, drawing[:end] + shape + drawing[end:])
    return True


def _fresh_shape(vml: bytes, ref: str) -> bytes:
    """The VML note shape of the fresh comment at ``ref`` (openpyxl writes one per comment)."""
    row, column = int(re.match(r"[A-Z]+(\d+)", ref)[1]) - 1, column_index_from_string(ref.rstrip("0123456789")) - 1
    for m in re.finditer(rb"<(\w+):shape\b.*?</\1:shape>", vml, re.S):
        r = re.search(rb"<(?:\w+:)?Row>(\d+)<", m[0])
        c = re.search(rb"<(?:\w+:)?Column>(\d+)<", m[0])
        if r and c and int(r[1]) == row and int(c[1]) == column:
            return m[0]
    raise WorkbookError("Die neue Vorlage ist unvollständig.", "The fresh template is incomplete.")


# --------------------------------------------------------------------------- whole sheets

def copy_sheet(pkg: Package, fresh: Package, fresh_name: str, name: str, styles: StyleImporter,
               table_name: Callable[[str], str]) -> None:
    """Copy a whole sheet of the fresh book (with its table, comments and print titles) to the end of
    the user's book. ``table_name`` gives the table's display name a name no other table has."""
    fresh_part = fresh.sheets()[fresh_name]
    position_fresh = list(fresh.sheets()).index(fresh_name)
    part = free_name(pkg, "xl/worksheets/sheet{}.xml")
    xml = fresh.read(fresh_part)
    if b't="s"' in xml:
        raise WorkbookError("Die neue Vorlage nutzt geteilte Zeichenketten.", "The fresh template uses shared strings.")
    xml = styles.restyle(re.sub(rb'\stabSelected="(?:1|true)"', b"", xml))
    pkg.write_part(part, xml)
    rels = []
    _, used_ids = table_names(pkg)
    for rid, kind, target in fresh.relationships(fresh_part):
        data = fresh.read(target)
        if kind == TYPES["table"][0]:
            new = free_name(pkg, "xl/tables/table{}.xml")
            head = re.search(rb"<(?:\w+:)?table\b[^>]*>", data)[0]
            display = table_name((_attr(head, b"displayName") or b"").decode())
            new_head = _set_attr(_set_attr(_set_attr(head, b"id", str(max([0, *used_ids]) + 1).encode()),
                                           b"name", display.encode()), b"displayName", display.encode())
            data = data.replace(head, new_head, 1)
            kind_name = "table"
        elif kind == TYPES["comments"][0]:
            new = free_name(pkg, "xl/comments/comment{}.xml")
            kind_name = "comments"
        elif kind == TYPES["vmlDrawing"][0]:
            new = free_name(pkg, "xl/drawings/commentsDrawing{}.vml")
            kind_name = "vmlDrawing"
        else:
            raise WorkbookError("Die neue Vorlage enthält einen unbekannten Teil.",
                                "The fresh template holds an unknown part.")
        pkg.write_part(new, data)
        add_content_type(pkg, new, kind_name)
        rels.append(f'<Relationship Id={quoteattr(rid)} Type="{kind}" Target="/{new}"/>')
    if rels:
        folder, file = part.rsplit("/", 1)
        pkg.write_part(f"{folder}/_rels/{file}.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels)
            + "</Relationships>").encode())
    position = append_sheet(pkg, name, part)
    titles = print_titles(fresh, position_fresh)
    if titles is not None:
        add_defined_name(pkg, "_xlnm.Print_Titles", unescape(titles.decode(), {"&apos;": "'", "&quot;": '"'}),
                         position)
