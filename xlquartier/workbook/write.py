"""Surgical write-back into a user's workbook: only the parts the tool owns change.

A user's workbook carries things no Python library round-trips faithfully: x14 data
validations and conditional formats, pictures, charts, custom XML, macros. So this module
never loads and re-saves the whole book. It opens the xlsx package as a zip, edits the
bytes of the few parts it must touch (the cells it writes, ``styles.xml`` for its own
styles, the sheets it owns) and copies every other part unchanged. Edits inside a
worksheet are splices of single ``<row>``/``<c>`` elements, so the rest of the sheet's
XML stays byte-for-byte as Excel wrote it.

Use it as a context manager; the file is written atomically after a backup when the
block ends without an exception::

    with Package.open(path, lang="de") as pkg:
        pkg.set_cells("Partner", {"A7": "P012", "M7": dt.date(2026, 3, 1)})
        pkg.replace_sheet("Prüfung", [["Code", "Meldung"], ...], widths=[24, 90])
        pkg.clear_marks()
        pkg.mark("Partner", {"F12": "error"})

Marks (the fills on cells a check found fault with) are cell styles cloned from the
cell's own style plus a fill, so number formats and borders survive. Which style each
mark was cloned from is kept in a custom XML part the tool owns
(``customXml/xlquartier-marks.xml``), so the next run can put the original style back.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import io
import math
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import column_index_from_string, get_column_letter

from ..errors import FileChangedError, WorkbookError
from ..files import check_not_locked, fingerprint, replacing

CellValue = str | int | float | dt.date | dt.datetime | dt.time | bool | None
Edit = Callable[[str, bytes | None], bytes]

KEEP_BACKUPS = 5
BACKUP_DIR = {"de": "Sicherungen", "en": "Backups"}
MARK_FILLS = {"error": "FFF8B4B4", "warning": "FFFFE08A", "hint": "FFBFDDF5"}
HEADER_FILL = "FF1F4E79"
HEADER_FONT = "FFFFFFFF"
MARKS_PART = "customXml/xlquartier-marks.xml"
MARKS_PROPS = "customXml/xlquartier-marksProps.xml"
MARKS_NS = "urn:xlquartier:marks"
MARKS_ITEM_ID = "{5E0F6C2A-7B1D-4C8E-9A3F-2D6B8E1C4A70}"

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKSHEET_TYPE = f"{_REL_NS}/worksheet"
_TABLE_TYPE = f"{_REL_NS}/table"
_CUSTOM_XML_TYPE = f"{_REL_NS}/customXml"
_CUSTOM_XML_PROPS_TYPE = f"{_REL_NS}/customXmlProps"
_CUSTOM_XML_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)

_CELL_REF = re.compile(r"^([A-Z]{1,3})([1-9]\d*)$")
_ROW_START = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+)\d+\"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_S_ATTR = re.compile(rb"\ss=\"(\d+)\"")
_CELL_STYLE = re.compile(rb"(<(?:\w+:)?c\b[^>]*?\ss=\")(\d+)(\")")
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", re.S)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class _Part:
    info: zipfile.ZipInfo
    data: bytes
    original: bytes | None = None  # as read from the file; None for a part this session added


def backup(path: Path, lang: str = "de") -> Path:
    """Copy the workbook into a backup folder beside it, keeping the last few copies."""
    folder = path.parent / BACKUP_DIR.get(lang, BACKUP_DIR["de"])
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}_{stamp}_{n}{path.suffix}"
    shutil.copyfile(path, target)
    pattern = re.sub(r"([*?\[])", r"[\1]", path.stem) + f"_????-??-??_*{path.suffix}"
    copies = sorted(folder.glob(pattern), key=lambda p: (p.stat().st_mtime_ns, p.name))  # oldest first
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink()
    return target


# --------------------------------------------------------------------------- cell XML

def _xml_text(text: str) -> str:
    """Text as Excel stores it: ``_xHHHH_`` escapes for characters XML cannot hold."""
    text = _EXCEL_ESCAPE.sub(lambda m: "_x005F" + m[0], text)
    text = _INVALID_XML.sub(lambda m: f"_x{ord(m[0]):04X}_", text)
    return escape(text)


def serial(value: dt.date | dt.datetime | dt.time) -> float:
    """The Excel serial number of a date, date-time or time of day."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - _EXCEL_EPOCH
        return delta.days + delta.seconds / 86400
    if isinstance(value, dt.date):
        return float((value - _EXCEL_EPOCH.date()).days)
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400


def _number(value: float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} into a cell")
    return repr(value) if isinstance(value, float) and not value.is_integer() else str(int(value))


def cell_xml(ref: str, value: CellValue, style: int | None, prefix: str = "") -> str:
    """One ``<c>`` element; strings are written inline, so sharedStrings stays untouched."""
    s = f' s="{style}"' if style else ""
    c = f"{prefix}c"
    if value is None or value == "":
        return f'<{c} r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<{c} r="{ref}"{s} t="b"><{prefix}v>{int(value)}</{prefix}v></{c}>'
    if isinstance(value, (dt.date, dt.time)):
        return f'<{c} r="{ref}"{s}><{prefix}v>{_number(serial(value))}</{prefix}v></{c}>'
    if isinstance(value, (int, float)):
        return f'<{c} r="{ref}"{s}><{prefix}v>{_number(value)}</{prefix}v></{c}>'
    text = _xml_text(str(value))
    return (f'<{c} r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{text}'
            f"</{prefix}t></{prefix}is></{c}>")


def split_ref(ref: str) -> tuple[int, int]:
    """``"F12"`` -> (12, 6): Excel row number and 1-based column number."""
    m = _CELL_REF.match(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m[2]), column_index_from_string(m[1])


def _ref_key(ref: bytes | str) -> tuple[int, int]:
    return split_ref(ref.decode() if isinstance(ref, bytes) else ref)


# --------------------------------------------------------------------------- styles

class _Styles:
    """Byte-level edits of ``xl/styles.xml``: appends fills, fonts and cell formats only."""

    def __init__(self, data: bytes):
        self.data = data
        self.changed = False
        self._xfs: list[bytes] | None = None

    def _section(self, tag: bytes) -> re.Match[bytes]:
        m = re.search(rb"<((?:\w+:)?)" + tag + rb"\b[^>]*?(?:/>|>(.*?)</\1" + tag + rb">)", self.data, re.S)
        if not m:
            raise WorkbookError("Die Formatvorlagen der Arbeitsmappe sind beschädigt.",
                                "The workbook's styles are damaged.")
        return m

    def _append(self, tag: bytes, child_tag: bytes, child: bytes) -> int:
        """Append ``child`` to the ``tag`` list; returns its index."""
        m = self._section(tag)
        whole = m[0]
        prefix = m[1]
        count = len(re.findall(rb"<" + prefix + child_tag + rb"[\s>/]", m[2] or b""))
        if prefix:
            child = re.sub(rb"<(/?)(?=\w)", rb"<\1" + prefix, child)
        if whole.endswith(b"/>"):
            opening = whole[:-2] + b">"
            new = opening + child + b"</" + prefix + tag + b">"
        else:
            close = b"</" + prefix + tag + b">"
            new = whole[: -len(close)] + child + close
        new = re.sub(rb'\bcount="\d+"', b'count="%d"' % (count + 1), new, count=1)
        if b"count=" not in new.split(b">")[0]:
            new = new.replace(b"<" + prefix + tag, b"<" + prefix + tag + b' count="%d"' % (count + 1), 1)
        self.data = self.data[: m.start()] + new + self.data[m.end():]
        self.changed = True
        self._xfs = None
        return count

    def xfs(self) -> list[bytes]:
        if self._xfs is None:
            self._xfs = _XF.findall(self._section(b"cellXfs")[2] or b"")
        return self._xfs

    def fill_color(self, xf_index: int) -> str | None:
        """The solid fill colour of a cell format (to recognise the tool's marks)."""
        xfs = self.xfs()
        if xf_index >= len(xfs):
            return None
        m = re.search(rb'fillId="(\d+)"', xfs[xf_index])
        if not m:
            return None
        fills = re.findall(rb"<(?:\w+:)?fill\b[^>]*/>|<(?:\w+:)?fill\b.*?</(?:\w+:)?fill>",
                           self._section(b"fills")[2] or b"", re.S)
        index = int(m[1])
        if index >= len(fills):
            return None
        color = re.search(rb'fgColor rgb="([0-9A-Fa-f]{8})"', fills[index])
        return color[1].decode().upper() if color else None

    def add_fill(self, rgb: str) -> int:
        return self._append(b"fills", b"fill", (
            f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/>'
            f'<bgColor indexed="64"/></patternFill></fill>').encode())

    def add_font(self, rgb: str, bold: bool = True) -> int:
        return self._append(b"fonts", b"font", (f'<font>{"<b/>" if bold else ""}<sz val="11"/>'
                                       f'<color rgb="{rgb}"/><name val="Calibri"/><family val="2"/></font>'
                                       ).encode())

    def clone_xf(self, xf_index: int, alignment: bytes | None = None, **attrs: str) -> int:
        """A new cell format equal to ``xf_index`` with some attributes (and its alignment) replaced."""
        xfs = self.xfs()
        xf = xfs[xf_index] if xf_index < len(xfs) else xfs[0]
        xf = re.sub(rb"^<(?:\w+:)?", b"<", xf)
        xf = re.sub(rb"</(?:\w+:)?", b"</", xf)
        for name, value in attrs.items():
            pattern = rb"\s" + name.encode() + rb'="[^"]*"'
            if re.search(pattern, xf.split(b">")[0]):
                xf = re.sub(pattern, b" " + name.encode() + b'="' + value.encode() + b'"', xf, count=1)
            else:
                xf = re.sub(rb"^<xf\b", b"<xf " + name.encode() + b'="' + value.encode() + b'"', xf)
        if alignment is not None:
            xf = re.sub(rb"<alignment\b[^>]*?(?:/>|>.*?</alignment>)", b"", xf, flags=re.DOTALL)
            if xf.endswith(b"/>"):
                xf = xf[:-2] + b"></xf>"
            xf = re.sub(rb"^(<xf\b[^>]*>)", lambda m: m.group(1) + alignment, xf)
        for index, existing in enumerate(xfs):  # reuse an equal format: repeated runs add nothing
            if re.sub(rb"<(/?)\w+:", rb"<\1", existing) == xf:
                return index
        return self._append(b"cellXfs", b"xf", xf)


def _wrapped_lines(values: Sequence[CellValue], widths: Sequence[float]) -> int:
    """How many lines the longest wrapped cell of a row needs; spreadsheets don't size rows on opening."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and width:
            per_line = max(1, int(width * 1.15))
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
    return lines


# --------------------------------------------------------------------------- package

class Package:
    """An xlsx/xlsm package opened for surgical edits; see the module docstring."""

    def __init__(self, path: Path, lang: str = "de", expect: str | None = None):
        self.path = Path(path)
        self.lang = lang
        self.expect = expect
        check_not_locked(self.path)
        try:
            raw = self.path.read_bytes()
            self._check_unchanged(raw)
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                self._parts = {}
                for info in archive.infolist():
                    data = archive.read(info.filename)
                    self._parts[info.filename] = _Part(info, data, data)
        except (zipfile.BadZipFile, OSError) as exc:
            raise WorkbookError(f"{self.path.name} kann nicht gelesen werden.",
                                f"{self.path.name} cannot be read.") from exc
        self._removed: set[str] = set()
        if not {"xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"} <= self._parts.keys():
            raise WorkbookError(
                f"{self.path.name} ist keine vollständige Excel-Arbeitsmappe; bitte in Excel öffnen und "
                "neu speichern.",
                f"{self.path.name} is not a complete Excel workbook; please open and save it in Excel.")
        self._styles = _Styles(self._parts["xl/styles.xml"].data)
        self._marks_part = next((name for name, part in self._parts.items() if name.startswith("customXml/")
                                 and f'xmlns="{MARKS_NS}"'.encode() in part.data[:300]), None)
        self._marks, self._header_xf = self._read_marks()
        self._body_xf: int | None = None
        self._mark_xfs: dict[tuple[int, str], int] = {}
        self._date_xfs: dict[tuple[int, str], int] = {}
        self.backup_path: Path | None = None  # set by save()

    @classmethod
    def open(cls, path: str | Path, lang: str = "de", expect: str | None = None) -> Package:
        """Open for edits. ``expect`` is the ``fingerprint`` of the file the caller read (``Book.fingerprint``):
        if the file changed since, nothing is written, so no one's update is lost."""
        return cls(Path(path), lang, expect)

    def _check_unchanged(self, raw: bytes) -> None:
        if self.expect is not None and fingerprint(raw) != self.expect:
            raise FileChangedError(
                f"{self.path.name} wurde inzwischen von einem anderen Vorgang geändert; nichts geschrieben. "
                "Bitte noch einmal ausführen.",
                f"{self.path.name} was changed by another run in the meantime; nothing was written. "
                "Please run it again.")

    def __enter__(self) -> Package:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.save()

    # ---- parts ---------------------------------------------------------------------
    def read(self, name: str) -> bytes:
        return self._parts[name].data

    def write_part(self, name: str, data: bytes) -> None:
        """Set a part's bytes (a new part is added to the package; its content type is the caller's)."""
        if name in self._parts:
            self._parts[name].data = data
        else:
            info = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            self._parts[name] = _Part(info, data)

    @property
    def changed_parts(self) -> set[str]:
        """The parts that differ from the file as read (added, rewritten or removed)."""
        changed = {name for name, part in self._parts.items() if part.data != part.original}
        return changed | self._removed

    def has_part(self, name: str) -> bool:
        return name in self._parts

    def remove_part(self, name: str) -> None:
        """Drop a part (its relationships and content type are the caller's to remove)."""
        if self._parts.pop(name, None) is not None:
            self._removed.add(name)

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, Type, target part) of each relationship of ``part`` (``""``: the package's own)."""
        return self._rels(part)[1]

    def _rels(self, part: str) -> tuple[str, list[tuple[str, str, str]]]:
        folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
        rels_name = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels_name not in self._parts:
            return rels_name, []
        found = []
        for m in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", self.read(rels_name)):
            attrs = dict(re.findall(rb'(\w+)="([^"]*)"', m[0]))
            target = attrs.get(b"Target", b"").decode()
            if attrs.get(b"TargetMode") != b"External":
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
            found.append((attrs.get(b"Id", b"").decode(), attrs.get(b"Type", b"").decode(), target))
        return rels_name, found

    def sheets(self) -> dict[str, str]:
        """Sheet name -> worksheet part, in workbook order."""
        _, rels = self._rels("xl/workbook.xml")
        targets = {rid: target for rid, _, target in rels}
        found = {}
        for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", self.read("xl/workbook.xml")):
            name = re.search(rb'\sname="([^"]*)"', m[0])
            rid = re.search(rb'\s\w+:id="([^"]*)"', m[0])
            if name and rid and rid[1].decode() in targets:
                found[_unescape(name[1].decode())] = targets[rid[1].decode()]
        return found

    def sheet_part(self, sheet: str) -> str:
        try:
            return self.sheets()[sheet]
        except KeyError:
            raise WorkbookError(f"Das Blatt „{sheet}“ fehlt in {self.path.name}.",
                                f"The sheet “{sheet}” is missing in {self.path.name}.") from None

    # ---- cells ---------------------------------------------------------------------
    def set_cells(self, sheet: str, values: Mapping[str, CellValue]) -> None:
        """Write values into cells of an existing sheet (``{"F12": value}``).

        Existing cells keep their style (dates get a date format when theirs is General);
        new cells take their column's default style. A row below the sheet's Excel table
        extends the table. Formula cells that are overwritten lose their formula.
        """
        if not values:
            return
        part = self.sheet_part(sheet)
        xml = self.read(part)
        col_styles = _column_styles(xml)
        prefix = _prefix(xml, b"worksheet")

        formulas = []

        def edit(ref: str, old: bytes | None) -> bytes:
            value = values[ref]
            style = _style_of(old) if old else col_styles.get(split_ref(ref)[1], 0)
            if isinstance(value, (dt.date, dt.time)):
                style = self._date_style(style, value)
            if old and _FORMULA.search(old):
                formulas.append(ref)
            return cell_xml(ref, value, style, prefix).encode()

        xml = _edit_cells(xml, values, edit, prefix)
        if formulas and "xl/calcChain.xml" in self._parts:
            self._drop_calc_chain()
        self.write_part(part, _grow_dimension(xml, values.keys()))
        self._extend_tables(part, max(split_ref(ref)[0] for ref in values))

    def _date_style(self, style: int, value: dt.date | dt.time) -> int:
        xfs = self._styles.xfs()
        xf = xfs[style] if style < len(xfs) else xfs[0]
        fmt = re.search(rb'numFmtId="(\d+)"', xf)
        if fmt and fmt[1] != b"0":
            return style
        number_format = "20" if isinstance(value, dt.time) else (
            "22" if isinstance(value, dt.datetime) else "14")
        key = (style, number_format)
        if key not in self._date_xfs:
            self._date_xfs[key] = self._styles.clone_xf(
                style, numFmtId=number_format, applyNumberFormat="1")
        return self._date_xfs[key]

    def _drop_calc_chain(self) -> None:
        """Excel rebuilds its calculation chain; a stale one makes it repair the file."""
        del self._parts["xl/calcChain.xml"]
        self._removed.add("xl/calcChain.xml")
        rels_name, _ = self._rels("xl/workbook.xml")
        rels = re.sub(rb"<(?:\w+:)?Relationship\b[^>]*calcChain[^>]*/>", b"", self.read(rels_name))
        self.write_part(rels_name, rels)
        types = re.sub(rb'<(?:\w+:)?Override\b[^>]*PartName="/xl/calcChain.xml"[^>]*/>', b"",
                       self.read("[Content_Types].xml"))
        self.write_part("[Content_Types].xml", types)

    def _extend_tables(self, part: str, last_row: int) -> None:
        _, rels = self._rels(part)
        for _, kind, target in rels:
            if kind != _TABLE_TYPE or target not in self._parts:
                continue
            xml = self.read(target)
            m = re.search(rb'<(?:\w+:)?table\b[^>]*?\sref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml)
            if not m or int(m[4]) >= last_row or int(m[2]) >= last_row:
                continue
            old = b"%s%s:%s%s" % (m[1], m[2], m[3], m[4])
            new = b"%s%s:%s%d" % (m[1], m[2], m[3], last_row)
            self.write_part(target, xml.replace(b'ref="' + old + b'"', b'ref="' + new + b'"'))

    # ---- owned sheets ----------------------------------------------------------------
    def replace_sheet(
        self,
        name: str,
        rows: Sequence[Sequence[CellValue]],
        *,
        widths: Sequence[float] = (),
        links: Mapping[str, str] | None = None,
        after: str | None = None,
    ) -> None:
        """Create or replace a whole sheet the tool owns (``Prüfung``, ``Konflikte``).

        The first row is the header (bold, white on blue, frozen). ``links`` maps a cell of
        this sheet to a place in the book, e.g. ``{"D2": "'Partner'!F12"}``. A new sheet goes
        after the sheet ``after`` (default: at the end).
        """
        header = self._header_style()
        out = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               f'xmlns:r="{_REL_NS}">']
        last_col = max((len(r) for r in rows), default=1) or 1
        out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')  # printed: fit to the page width
        out.append(f'<dimension ref="A1:{get_column_letter(last_col)}{max(len(rows), 1)}"/>')
        out.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                   'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                   'activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
        out.append('<sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            out.append("<cols>" + "".join(
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                for i, w in enumerate(widths, start=1)) + "</cols>")
        out.append("<sheetData>")
        body = self._body_style()
        for r, values in enumerate(rows, start=1):
            style = header if r == 1 else body
            cells = "".join(cell_xml(f"{get_column_letter(c)}{r}", v, style)
                            for c, v in enumerate(values, start=1) if v is not None and v != "")
            lines = _wrapped_lines(values, widths) if r > 1 else 1
            height = f' ht="{15 * lines}" customHeight="1"' if lines > 1 else ""
            out.append(f'<row r="{r}"{height}>{cells}</row>')
        out.append("</sheetData>")
        if links:
            out.append("<hyperlinks>" + "".join(
                f"<hyperlink ref={quoteattr(ref)} location={quoteattr(target)} "
                f"display={quoteattr(target)}/>" for ref, target in sorted(links.items(), key=_link_order))
                + "</hyperlinks>")
        out.append('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
                   '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
                   '</worksheet>')
        data = "".join(out).encode("utf-8")
        sheets = self.sheets()
        if name in sheets:
            part = sheets[name]
            rels_name, _ = self._rels(part)
            if rels_name in self._parts:  # whatever hung off the old sheet is gone with it
                del self._parts[rels_name]
                self._removed.add(rels_name)
            self.write_part(part, data)
        else:
            self._add_sheet(name, data, after)

    def _body_style(self) -> int:
        """Long messages wrap inside their column instead of running off the page."""
        if self._body_xf is None:
            self._body_xf = self._styles.clone_xf(
                0, alignment=b'<alignment vertical="top" wrapText="1"/>', applyAlignment="1")
        return self._body_xf

    def _header_style(self) -> int:
        if self._header_xf is None:
            fill = self._styles.add_fill(HEADER_FILL)
            font = self._styles.add_font(HEADER_FONT)
            self._header_xf = self._styles.clone_xf(
                0, fillId=str(fill), fontId=str(font), applyFill="1", applyFont="1")
        return self._header_xf

    def _add_sheet(self, name: str, data: bytes, after: str | None) -> None:
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in self._parts:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.write_part(part, data)
        rid = self.add_relationship("xl/workbook.xml", _WORKSHEET_TYPE, f"/{part}")
        self.add_override(f"/{part}", _WORKSHEET_CT)
        book = self.read("xl/workbook.xml")
        ids = [int(i) for i in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?\ssheetId="(\d+)"', book)]
        prefix = _prefix(book, b"workbook")
        element = (f'<{prefix}sheet xmlns:r="{_REL_NS}" name={quoteattr(name)} '
                   f'sheetId="{max(ids, default=0) + 1}" r:id="{rid}"/>').encode()
        position = None
        if after is not None:
            for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
                found = re.search(rb'\sname="([^"]*)"', m[0])
                if found and _unescape(found[1].decode()) == after:
                    position = m.end()
        if position is None:
            position = re.search(rb"</(?:\w+:)?sheets>", book).start()
        self.write_part("xl/workbook.xml", book[:position] + element + book[position:])

    def add_relationship(self, source: str, kind: str, target: str) -> str:
        """Relate part ``source`` (``""`` for the package) to ``target``; returns the new rId."""
        rels_name, rels = self._rels(source)
        used = {rid for rid, _, _ in rels}
        n = len(rels) + 1
        while f"rId{n}" in used:
            n += 1
        rid = f"rId{n}"
        element = f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}/>'.encode()
        if rels_name in self._parts:
            data = self.read(rels_name)
            close = re.search(rb"</(?:\w+:)?Relationships>", data)
            data = data[: close.start()] + element + data[close.start():]
        else:
            data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    + element + b"</Relationships>")
        self.write_part(rels_name, data)
        return rid

    def add_override(self, part_name: str, content_type: str) -> None:
        """Give part ``/part_name`` its content type in ``[Content_Types].xml``."""
        types = self.read("[Content_Types].xml")
        if f'PartName="{part_name}"'.encode() in types:
            return
        element = f'<Override PartName="{part_name}" ContentType="{content_type}"/>'.encode()
        close = re.search(rb"</(?:\w+:)?Types>", types)
        self.write_part("[Content_Types].xml", types[: close.start()] + element + types[close.start():])

    # ---- marks -----------------------------------------------------------------------
    def _read_marks(self) -> tuple[dict[int, int], int | None]:
        """Mark style -> the style it was cloned from, and the header style, where still ours.

        The tool's custom XML part keeps the mapping; Excel keeps that part (perhaps under
        another name, so it is found by its namespace). A style that no longer has the tool's
        fill is forgotten rather than trusted, and a mark style the part does not know (the
        file was re-saved by a program that dropped the part and renumbered the styles) is
        traced back to the style it equals apart from the fill.
        """
        data = self.read(self._marks_part) if self._marks_part else b""
        marks = {}
        for mark, original in re.findall(rb'<mark style="(\d+)" original="(\d+)"', data):
            if self._styles.fill_color(int(mark)) in MARK_FILLS.values():
                marks[int(mark)] = int(original)
        colours = set(MARK_FILLS.values())
        xfs = self._styles.xfs()
        unmarked = {}
        for index, xf in enumerate(xfs):
            if self._styles.fill_color(index) not in colours:
                unmarked.setdefault(_xf_without_fill(xf), index)
        for index, xf in enumerate(xfs):
            if index not in marks and self._styles.fill_color(index) in colours:
                original = unmarked.get(_xf_without_fill(xf))
                if original is not None:
                    marks[index] = original
        header = re.search(rb'<header style="(\d+)"', data)
        if header and self._styles.fill_color(int(header[1])) == HEADER_FILL:
            return marks, int(header[1])
        return marks, None

    def clear_marks(self) -> int:
        """Put the cells marked by the previous run back to their own style; returns how many."""
        if not self._marks:
            return 0
        cleared = 0
        for part in self.sheets().values():
            if part in self._parts:
                xml, hits = self._unmark(self.read(part))
                if hits:
                    cleared += hits
                    self.write_part(part, xml)
        return cleared

    def _unmark(self, xml: bytes) -> tuple[bytes, int]:
        """One sheet without marks; an empty cell that only carried a mark is removed again."""
        col_styles = _column_styles(xml)
        emptied: set[bytes] = set()
        hits = 0

        def bare(m: re.Match[bytes]) -> bytes:
            nonlocal hits
            style = int(m[4])
            if style not in self._marks:
                return m[0]
            hits += 1
            original = self._marks[style]
            if original == col_styles.get(column_index_from_string(m[2].decode()), 0):
                emptied.add(m[3])
                return b""
            return m[0].replace(b's="%d"' % style, b's="%d"' % original)

        def restore(m: re.Match[bytes]) -> bytes:
            nonlocal hits
            style = int(m[2])
            if style not in self._marks:
                return m[0]
            hits += 1
            return m[1] + str(self._marks[style]).encode() + m[3]

        xml = _CELL_STYLE.sub(restore, _BARE_CELL.sub(bare, xml))
        if emptied:
            xml = _EMPTY_ROW.sub(lambda m: b"" if m[1] in emptied else m[0], xml)
        return xml, hits

    def mark(self, sheet: str, cells: Mapping[str, str]) -> None:
        """Give cells (``{"F12": "error"|"warning"|"hint"}``) the fill of that severity."""
        if not cells:
            return
        part = self.sheet_part(sheet)
        xml = self.read(part)
        col_styles = _column_styles(xml)
        prefix = _prefix(xml, b"worksheet")

        def edit(ref: str, old: bytes | None) -> bytes:
            own = _style_of(old) if old else col_styles.get(split_ref(ref)[1], 0)
            own = self._marks.get(own, own)  # never clone a mark from a mark
            style = self._mark_style(own, cells[ref])
            if old is None:
                return f'<{prefix}c r="{ref}" s="{style}"/>'.encode()
            if _S_ATTR.search(old.split(b">")[0]):
                return _S_ATTR.sub(b' s="%d"' % style, old, count=1)
            return re.sub(rb"^(<(?:\w+:)?c\b)", rb'\1 s="%d"' % style, old)

        # the dimension is left alone: a mark adds no content, and the next run removes it
        self.write_part(part, _edit_cells(xml, cells, edit, prefix))

    def _mark_style(self, original: int, severity: str) -> int:
        key = (original, severity)
        if key not in self._mark_xfs:
            for mark, source in self._marks.items():
                if source == original and self._styles.fill_color(mark) == MARK_FILLS[severity]:
                    self._mark_xfs[key] = mark
                    break
            else:
                fill = self._styles.add_fill(MARK_FILLS[severity])
                mark = self._styles.clone_xf(original, fillId=str(fill), applyFill="1")
                self._mark_xfs[key] = mark
                self._marks[mark] = original
        return self._mark_xfs[key]

    def _save_marks(self) -> None:
        if not self._marks and self._header_xf is None:
            return
        body = "".join(f'<mark style="{m}" original="{o}"/>' for m, o in sorted(self._marks.items()))
        if self._header_xf is not None:
            body += f'<header style="{self._header_xf}"/>'
        data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<marks xmlns="{MARKS_NS}">{body}</marks>').encode()
        if self._marks_part is None:
            self._marks_part = MARKS_PART
            self.add_relationship("xl/workbook.xml", _CUSTOM_XML_TYPE, f"/{MARKS_PART}")
            self.add_relationship(MARKS_PART, _CUSTOM_XML_PROPS_TYPE, f"/{MARKS_PROPS}")
            self.write_part(MARKS_PROPS, (
                f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem '
                f'ds:itemID="{MARKS_ITEM_ID}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/'
                f'2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="{MARKS_NS}"/></ds:schemaRefs>'
                "</ds:datastoreItem>").encode())
            self.add_override(f"/{MARKS_PROPS}", _CUSTOM_XML_PROPS_CT)
        self.write_part(self._marks_part, data)

    # ---- saving ------------------------------------------------------------------------
    def save(self) -> Path | None:
        """Write the package atomically after a backup; returns the backup (None: no change)."""
        self._save_marks()
        if self._styles.changed:
            self.write_part("xl/styles.xml", self._styles.data)
        if not self.changed_parts:
            return None
        with replacing(self.path) as tmp:
            self._check_unchanged(self.path.read_bytes())
            with zipfile.ZipFile(tmp, "w") as out:
                for name, part in self._parts.items():
                    info = zipfile.ZipInfo(name, date_time=part.info.date_time)
                    info.external_attr = part.info.external_attr
                    out.writestr(info, part.data, compress_type=zipfile.ZIP_DEFLATED)
            self.backup_path = backup(self.path, self.lang)
        return self.backup_path

    # ---- added for the schema upgrade (workbook/upgrade.py) ----------------------------
    def put_cells(self, sheet: str, cells: Mapping[str, tuple[CellValue, int | None]]) -> None:
        """Write cells with an explicit style each (``{"L1": ("Eingeladen am", 8)}``); nothing else changes.

        Unlike ``set_cells`` the style is the caller's (a header cell, a settings value), and the
        sheet's tables are not extended. Strings go in inline, so sharedStrings stays untouched.
        """
        if not cells:
            return
        part = self.sheet_part(sheet)
        xml = self.read(part)
        prefix = _prefix(xml, b"worksheet")

        def edit(ref: str, old: bytes | None) -> bytes:
            value, style = cells[ref]
            return cell_xml(ref, value, style, prefix).encode()

        xml = _edit_cells(xml, cells, edit, prefix)
        self.write_part(part, _grow_dimension(xml, cells.keys()))


# --------------------------------------------------------------------------- helpers

def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _prefix(xml: bytes, root: bytes) -> str:
    m = re.search(rb"<(\w+:)?" + root + rb"\b", xml)
    return (m[1] or b"").decode() if m else ""


def _xf_without_fill(xf: bytes) -> bytes:
    """A cell format without its fill and prefix, to compare a mark with its original."""
    xf = re.sub(rb'\s(?:fillId|applyFill)="[^"]*"', b"", xf)
    return re.sub(rb"<(/?)\w+:", rb"<\1", xf)


def _style_of(cell: bytes) -> int:
    m = _S_ATTR.search(cell.split(b">")[0])
    return int(m[1]) if m else 0


def _column_styles(xml: bytes) -> dict[int, int]:
    """1-based column -> default style from ``<cols>`` (new cells look like their column)."""
    m = re.search(rb"<(?:\w+:)?cols>(.*?)</(?:\w+:)?cols>", xml, re.S)
    styles: dict[int, int] = {}
    if not m:
        return styles
    for col in re.findall(rb"<(?:\w+:)?col\b[^>]*>", m[1]):
        attrs = dict(re.findall(rb'(\w+)="([^"]*)"', col))
        if b"style" in attrs:
            for c in range(int(attrs[b"min"]), min(int(attrs[b"max"]), 16384) + 1):
                styles[c] = int(attrs[b"style"])
    return styles


def _link_order(item: tuple[str, str]) -> tuple[int, int]:
    return split_ref(item[0])


def _edit_cells(xml: bytes, refs: Iterable[str], edit: Edit, prefix: str) -> bytes:
    """Splice cells into ``<sheetData>``: ``edit(ref, old_cell_bytes_or_None) -> new bytes``.

    Only the rows that hold an edited cell are rebuilt; every other byte stays as it was.
    """
    by_row: dict[int, dict[int, str]] = {}
    for ref in refs:
        r, c = split_ref(ref)
        by_row.setdefault(r, {})[c] = ref
    data = re.search(rb"<(?:\w+:)?sheetData\s*/>|<(?:\w+:)?sheetData\b[^>]*>(.*?)</(?:\w+:)?sheetData>",
                     xml, re.S)
    if data is None:
        raise WorkbookError("Ein Tabellenblatt ist beschädigt (keine Zellen).",
                            "A worksheet is damaged (no cell data).")
    if data[1] is None:
        xml = xml[: data.start()] + f"<{prefix}sheetData></{prefix}sheetData>".encode() + xml[data.end():]
        start = end = data.start() + len(f"<{prefix}sheetData>")
        body = b""
    else:
        start, end = data.start(1), data.end(1)
        body = data[1]
    # Rows are indexed by their opening tags only; a row runs to the next row's start.
    starts = [(int(m[1]), m.start()) for m in _ROW_START.finditer(body)]
    numbers = [n for n, _ in starts]
    bounds = [at for _, at in starts] + [len(body)]
    where = {n: i for i, n in enumerate(numbers)}
    pieces: list[bytes] = []
    pos = 0
    for number in sorted(by_row):
        if number in where:
            i = where[number]
            pieces += [body[pos:bounds[i]], _edit_row(body[bounds[i]:bounds[i + 1]], by_row[number], edit, prefix)]
            pos = bounds[i + 1]
        else:
            at = bounds[bisect.bisect_left(numbers, number)]
            pieces += [body[pos:at], _new_row(number, by_row[number], edit, prefix)]
            pos = at
    pieces.append(body[pos:])
    return xml[:start] + b"".join(pieces) + xml[end:]


def _new_row(number: int, refs: dict[int, str], edit: Edit, prefix: str) -> bytes:
    cells = b"".join(edit(refs[c], None) for c in sorted(refs))
    return f'<{prefix}row r="{number}">'.encode() + cells + f"</{prefix}row>".encode()


def _edit_row(row: bytes, refs: dict[int, str], edit: Edit, prefix: str) -> bytes:
    head_end = row.index(b">") + 1
    head = row[:head_end]
    if head.endswith(b"/>"):
        head, body, tail = head[:-2] + b">", b"", f"</{prefix}row>".encode()
    else:
        close = row.rindex(b"</")
        body, tail = row[head_end:close], row[close:]
    pieces: list[bytes] = []
    pos = 0
    pending = sorted(refs)
    i = replaced = 0
    for m in _CELL.finditer(body):
        column = _column_number(m[1])
        while i < len(pending) and pending[i] < column:
            pieces += [body[pos:m.start()], edit(refs[pending[i]], None)]
            pos = m.start()
            i += 1
        if i < len(pending) and pending[i] == column:
            pieces += [body[pos:m.start()], edit(refs[column], m[0])]
            pos = m.end()
            i += 1
            replaced += 1
    pieces.append(body[pos:])
    for column in pending[i:]:
        pieces.append(edit(refs[column], None))
    if replaced < len(pending):  # the row grew; spans is only a hint, so drop it
        head = re.sub(rb'\sspans="[^"]*"', b"", head)
    return head + b"".join(pieces) + tail


@functools.cache
def _column_number(letters: bytes) -> int:
    return column_index_from_string(letters.decode())


_BARE_CELL = re.compile(rb'<((?:\w+:)?)c r="([A-Z]+)(\d+)" s="(\d+)"/>')
_EMPTY_ROW = re.compile(rb'<(?:\w+:)?row r="(\d+)"(?:/>|></(?:\w+:)?row>)')


def _grow_dimension(xml: bytes, refs: Iterable[str]) -> bytes:
    m = re.search(rb'(<(?:\w+:)?dimension\s+ref=")([A-Z]+\d+)(?::([A-Z]+\d+))?(")', xml)
    if not m:
        return xml
    top_row, left = _ref_key(m[2])
    bottom_row, right = _ref_key(m[3] or m[2])
    rows_cols = [split_ref(r) for r in refs]
    new_bottom = max([bottom_row] + [r for r, _ in rows_cols])
    new_right = max([right] + [c for _, c in rows_cols])
    if (new_bottom, new_right) == (bottom_row, right):
        return xml
    ref = f"{m[2].decode()}:{get_column_letter(new_right)}{new_bottom}".encode()
    return xml[: m.start()] + m[1] + ref + m[4] + xml[m.end():]


def sheet_link(sheet: str, cell: str) -> str:
    """An internal hyperlink target, e.g. ``'Partner'!F12``."""
    return "'" + sheet.replace("'", "''") + f"'!{cell}"
