"""Surgical write-back into a user's workbook: only the parts the tool owns change.

A user's workbook carries things no Python library round-trips faithfully: x14 data
validations and conditional formats, pictures, charts, custom XML, macros. So this module
never loads and re-saves the whole book. It opens the xlsx package as a zip, edits the
bytes of the few parts it must touch (the cells it writes, ``styles.xml`` for its own
styles, the sheets it owns) and copies every other part unchanged. Edits are splices at
the spans ``xmlsplice`` finds, which reads every form the standard allows (namespace
prefixes, rows and cells without ``r``, character references): inside a worksheet only
the ``<row>`` elements that hold an edited cell are rebuilt, so the rest of the sheet's
XML stays byte-for-byte as Excel wrote it.

Use it as a context manager; the file is written atomically after a backup when the
block ends without an exception::

    with Package.open(path, lang="de") as pkg:
        pkg.set_cells("Partner", {"A7": "P012", "M7": dt.date(2026, 3, 1)})
        pkg.replace_sheet("Prüfung", [["Code", "Meldung"], ...], widths=[24, 90])
        pkg.clear_marks()
        pkg.mark("Partner", {"F12": "error"})

Saving holds the tool's write lock (``files.exclusive``); a read-modify-write holds it from
before reading the book, and passes ``expect=book.fingerprint``. The backup goes to
``Sicherungen/`` beside the workbook, private; the last five are kept, and none older
than the retention setting.

Marks (the fills on cells a check found fault with) are cell styles cloned from the
cell's own style plus a fill, so number formats and borders survive. Which style each
mark was cloned from is kept in a custom XML part the tool owns
(``customXml/xlquartier-marks.xml``), so the next run can put the original style back.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import math
import os
import posixpath
import re
import urllib.parse
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter

from ..errors import FileChangedError, WorkbookError
from ..files import (
    check_not_locked,
    check_writable,
    exclusive,
    fingerprint,
    holds,
    remove_stale_temps,
    replacing,
    target_of,
    write_atomically,
)
from ..schema import SETTINGS
from ..texts import plural
from . import printing
from . import xmlsplice as x
from .tables import Book
from .xmlsplice import CONTENT_TYPES, MAIN, PACKAGE_REL, REL, Element, SheetData, Span, Splices

CellValue = str | int | float | dt.date | dt.datetime | dt.time | bool | None

KEEP_BACKUPS = 5
BACKUP_DIR = {"de": "Sicherungen", "en": "Backups"}
MARK_FILLS = {"error": "FFF8B4B4", "warning": "FFFFE08A", "hint": "FFBFDDF5"}
HEADER_FILL = "FF1F4E79"
HEADER_FONT = "FFFFFFFF"
MARKS_PART = "customXml/xlquartier-marks.xml"
MARKS_PROPS = "customXml/xlquartier-marksProps.xml"
MARKS_NS = "urn:xlquartier:marks"
MARKS_ITEM_ID = "{5E0F6C2A-7B1D-4C8E-9A3F-2D6B8E1C4A70}"
OLD_SHEET = {"de": "alt", "en": "old"}

_WORKSHEET_TYPE = f"{REL}/worksheet"
_TABLE_TYPE = f"{REL}/table"
_CALC_CHAIN_TYPE = f"{REL}/calcChain"
_CUSTOM_XML_TYPE = f"{REL}/customXml"
_CUSTOM_XML_PROPS_TYPE = f"{REL}/customXmlProps"
_CUSTOM_XML_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_BACKUP_STAMP = "%Y-%m-%d_%H%M%S"

_CELL_REF = re.compile(r"^([A-Z]{1,3})([1-9]\d*)$")
_RANGE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_FORMULA_CHILD = re.compile(rb"<(?:[^\s/>:]+:)?f[\s/>]")
# what may hang off an owned sheet without being the user's: its links, printer settings
_OWNED_SHEET_RELS = {"hyperlink", "printerSettings"}


@dataclass
class _Part:
    info: zipfile.ZipInfo
    data: bytes
    original: bytes | None = None  # as read from the file; None for a part this session added


# --------------------------------------------------------------------------- one writer at a time

@contextmanager
def read_for_writing(path: str | Path) -> Iterator[Book]:
    """Read the workbook for a read-modify-write and hold the tool's write lock until the block ends.

    Every writer of the master (``check --write``, ``share import``, ``upgrade``, ``privacy
    erase``) goes through here: an open (Excel) or read-only workbook is refused first, then
    the book is read before the lock is taken, so a file that is no workbook of ours is refused
    (exit 2) before anything is made beside it; under the lock the file is compared with what
    was read, and read again if another run changed it meanwhile. Inside the block, write with
    ``Package.open(path, book.lang, expect=book.fingerprint, retention_days=book.setting(
    "retention_days"))``::

        with read_for_writing(path) as book:
            ...
            with Package.open(path, book.lang, expect=book.fingerprint) as pkg:
                pkg.set_cells(...)
    """
    from .read import read_book

    path = Path(path)
    check_not_locked(path)
    check_writable(path)
    book = read_book(path)
    with exclusive(path):
        if fingerprint(path.read_bytes()) != book.fingerprint:
            book = read_book(path)
        yield book


# --------------------------------------------------------------------------- backups

def _backup_name(path: Path) -> re.Pattern[str]:
    """Exactly the names ``backup`` gives copies of ``path`` (a neighbouring ``Netzwerk_2025-03-01_alt.xlsx``
    is another workbook, and so are its backups)."""
    flags = re.IGNORECASE if os.name == "nt" else 0
    return re.compile(re.escape(path.stem) + r"_(\d{4}-\d\d-\d\d_\d{6})(?:_(\d+))?" + re.escape(path.suffix) + r"\Z",
                      flags)


def backup_folder(path: Path, lang: str = "de") -> Path:
    return target_of(path).parent / BACKUP_DIR.get(lang, BACKUP_DIR["de"])


def backups(path: Path, lang: str = "de") -> list[tuple[dt.datetime, Path]]:
    """The backups of the workbook ``path``, oldest first, with the time each was made."""
    folder = backup_folder(path, lang)
    pattern = _backup_name(target_of(path))
    found = []
    for entry in os.scandir(folder) if folder.is_dir() else ():
        m = pattern.match(entry.name)
        if m:
            try:
                made = dt.datetime.strptime(m[1], _BACKUP_STAMP)
            except ValueError:
                continue
            found.append((made, int(m[2] or 1), Path(entry.path)))
    return [(made, p) for made, _, p in sorted(found)]


def backup(path: Path, lang: str = "de", data: bytes | None = None) -> Path:
    """Copy the workbook (or ``data``, the bytes of it that were read) into the backup folder beside it.

    The copy is private (0600, or the workbook's mode where stricter) and written atomically.
    """
    target = target_of(path)
    folder = backup_folder(path, lang)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime(_BACKUP_STAMP)
    pattern = _backup_name(target)
    same_second = [int(m[2] or 1) for entry in os.scandir(folder)
                   if (m := pattern.match(entry.name)) and m[1] == stamp]
    n = max(same_second, default=0) + 1  # names sort in the order the copies were made
    copy = folder / (f"{target.stem}_{stamp}{target.suffix}" if n == 1 else f"{target.stem}_{stamp}_{n}{target.suffix}")
    write_atomically(copy, target.read_bytes() if data is None else data, like=target)
    return copy


def expire_backups(path: Path, lang: str = "de", retention_days: float | None = None,
                   keep: int = KEEP_BACKUPS, now: dt.datetime | None = None) -> list[Path]:
    """Delete the workbook's backups beyond the last ``keep`` and those older than ``retention_days``.

    Returns the backups deleted for their age (the retention setting; the user is told),
    not those merely beyond the last few.
    """
    now = now or dt.datetime.now()
    days = _retention(retention_days)
    copies = backups(path, lang)
    expired = [p for made, p in copies if now - made > dt.timedelta(days=days)]
    for p in {p for _, p in copies[:-keep]} | set(expired):
        p.unlink(missing_ok=True)
    pattern = _backup_name(target_of(path))
    remove_stale_temps(backup_folder(path, lang), lambda name: bool(pattern.match(name)), holds(path))
    return expired


def _retention(days: float | None) -> float:
    default = float(SETTINGS["retention_days"].default)
    try:
        value = float(str(days).replace(",", ".")) if days not in (None, "") else default
    except ValueError:
        return default
    return value if math.isfinite(value) and value >= 0 else default


# --------------------------------------------------------------------------- cell XML

def _xml_text(text: str) -> str:
    """Text as Excel stores it: ``_xHHHH_`` escapes for characters XML cannot hold."""
    text = _EXCEL_ESCAPE.sub(lambda m: "_x005F" + m[0], text)
    text = _INVALID_XML.sub(lambda m: f"_x{ord(m[0]):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def _range(ref: str) -> tuple[int, int, int, int] | None:
    """``"A1:S300"`` -> (top row, left column, bottom row, right column)."""
    m = _RANGE.match(ref.strip())
    if not m:
        return None
    left, top = x.column_number(m[1]), int(m[2])
    right, bottom = (x.column_number(m[3]), int(m[4])) if m[3] else (left, top)
    return top, left, bottom, right


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


# --------------------------------------------------------------------------- styles

_STYLE_SECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                   "tableStyles", "colors", "extLst")
_SECTION_ITEM = {"fonts": "font", "fills": "fill", "cellXfs": "xf"}


class _Styles:
    """``xl/styles.xml``: the tool only appends fonts, fills and cell formats, and reuses equal ones."""

    def __init__(self, data: bytes):
        self.original = data
        self.root = x.parse(data)
        if (self.root.ns, self.root.local) != (MAIN, "styleSheet"):
            raise WorkbookError("Die Formatvorlagen der Arbeitsmappe sind beschädigt.",
                                "The workbook's styles are damaged.")
        self.changed = False
        self._added: dict[str, list[bytes]] = {}
        self._items: dict[str, list[Element]] = {}
        self._raw: dict[str, list[bytes]] = {}
        self._index: dict[str, dict[tuple, int]] = {}
        for section, item in _SECTION_ITEM.items():
            el = self.root.find(section)
            items = el.findall(item) if el is not None else []
            self._items[section] = items
            self._raw[section] = [data[i.start: i.end] for i in items]
            self._index[section] = {}
            for n, i in enumerate(items):
                self._index[section].setdefault(i.key(), n)

    def _scope(self, section: str) -> tuple[bytes, dict[bytes, str]]:
        """The prefix new items of ``section`` take, and the namespaces in scope there."""
        el = self.root.find(section)
        return (el.prefix, el.scope) if el is not None else (self.root.prefix, self.root.scope)

    def _parse_item(self, section: str, raw: bytes) -> tuple[bytes, Element]:
        wrapped = b"<w>" + raw + b"</w>"
        return wrapped, x.parse(wrapped, scope=self._scope(section)[1]).children[0]

    def _add(self, section: str, raw: bytes) -> int:
        """Append an item, or return the index of an equal one (repeated runs add nothing)."""
        _, el = self._parse_item(section, raw)
        key = el.key()
        if key in self._index[section]:
            return self._index[section][key]
        index = len(self._items[section])
        self._items[section].append(el)
        self._raw[section].append(raw)
        self._index[section][key] = index
        self._added.setdefault(section, []).append(raw)
        self.changed = True
        return index

    @property
    def data(self) -> bytes:
        if not self._added:
            return self.original
        sp = Splices()
        for section, new in self._added.items():
            el = self.root.find(section)
            count = len(self._items[section])
            content = b"".join(new)
            if el is not None:
                sp.append_child(self.original, el, content, {"count": count} if "count" in el.attrs else None)
                continue
            later = _STYLE_SECTIONS[_STYLE_SECTIONS.index(section) + 1:]
            anchor = next((c for c in self.root.children if c.ns == MAIN and c.local in later), None)
            sp.insert(anchor.start if anchor else self.root.inner_end,
                      x.element(self.root.prefix + section.encode(), [("count", count)], content))
        return sp.apply(self.original)

    def xf_count(self) -> int:
        return len(self._items["cellXfs"])

    def xf_attr(self, index: int, name: str) -> str | None:
        xfs = self._items["cellXfs"]
        return xfs[index].attrs.get(name) if 0 <= index < len(xfs) else None

    def xf_key(self, index: int, without_fill: bool = False) -> tuple:
        el = self._items["cellXfs"][index]
        key = el.key()
        if without_fill:  # to compare a mark with the style it was cloned from
            key = (key[0], key[1], frozenset(kv for kv in key[2] if kv[0] not in ("fillId", "applyFill")), key[3])
        return key

    def fill_color(self, xf_index: int) -> str | None:
        """The solid fill colour of a cell format (to recognise the tool's marks)."""
        fill_id = self.xf_attr(xf_index, "fillId")
        fills = self._items["fills"]
        if fill_id is None or not fill_id.isdigit() or int(fill_id) >= len(fills):
            return None
        color = fills[int(fill_id)].path("patternFill", "fgColor")
        rgb = color.attrs.get("rgb") if color is not None else None
        return rgb.upper() if rgb else None

    def add_fill(self, rgb: str) -> int:
        p = self._scope("fills")[0]
        return self._add("fills", (
            f'<{p.decode()}fill><{p.decode()}patternFill patternType="solid"><{p.decode()}fgColor rgb="{rgb}"/>'
            f'<{p.decode()}bgColor indexed="64"/></{p.decode()}patternFill></{p.decode()}fill>').encode())

    def add_font(self, rgb: str, bold: bool = True) -> int:
        p = self._scope("fonts")[0].decode()
        return self._add("fonts", (
            f'<{p}font>{f"<{p}b/>" if bold else ""}<{p}sz val="11"/><{p}color rgb="{rgb}"/>'
            f'<{p}name val="Calibri"/><{p}family val="2"/></{p}font>').encode())

    def clone_xf(self, xf_index: int, alignment: Mapping[str, str] | None = None, **attrs: str) -> int:
        """A cell format equal to ``xf_index`` with some attributes (and its alignment) replaced."""
        p = self._scope("cellXfs")[0]
        raws = self._raw["cellXfs"]
        if raws:
            raw = raws[xf_index] if 0 <= xf_index < len(raws) else raws[0]
        else:
            raw = x.element(p + b"xf", [("numFmtId", 0), ("fontId", 0), ("fillId", 0), ("borderId", 0),
                                        ("xfId", 0)])
        wrapped, el = self._parse_item("cellXfs", raw)
        head = x.with_attrs(wrapped[el.start: el.head_end], attrs)
        if head.endswith(b"/>"):
            head = head[:-2].rstrip() + b">"
        children = [wrapped[c.start: c.end] for c in el.children
                    if alignment is None or (c.ns, c.local) != (MAIN, "alignment")]
        if alignment is not None:
            children.insert(0, x.element(p + b"alignment", alignment.items()))
        body = b"".join(children)
        raw = head[:-1] + b"/>" if not body else head + body + b"</" + el.qname + b">"
        return self._add("cellXfs", raw)


# --------------------------------------------------------------------------- cells being edited

class _Cell:
    """An existing cell an edit replaces or restyles."""

    __slots__ = ("rows", "span", "ref")

    def __init__(self, rows: SheetData, span: Span, ref: str):
        self.rows, self.span, self.ref = rows, span, ref

    @property
    def head(self) -> bytes:
        return self.rows.data[self.span.start: self.span.head_end]

    @property
    def rest(self) -> bytes:
        self.rows.complete(self.span)
        return self.rows.data[self.span.head_end: self.span.end]

    @property
    def attrs(self) -> dict[str, str]:
        return self.rows.attrs(self.span)

    @property
    def style(self) -> int:
        return self.rows.style(self.span)

    @property
    def prefix(self) -> str:
        q = self.span.qname
        return q[: q.index(b":") + 1].decode() if b":" in q else ""

    @property
    def has_formula(self) -> bool:
        if self.span.closed or not _FORMULA_CHILD.search(self.rest):
            return False
        return (MAIN, "f") in self.rows.children(self.span)

    def restyled(self, style: int) -> bytes:
        """The start tag of this cell with another style, and its reference made explicit."""
        attrs: dict[str, object] = {"s": style}
        if not self.span.explicit:
            attrs["r"] = self.ref
        return x.with_attrs(self.head, attrs)


# An edit gives the new bytes of a cell, and whether they replace the whole cell (a value)
# or only its start tag (a style); ``old`` is None for a cell that does not exist yet.
Edit = Callable[[str, "_Cell | None"], tuple[bytes, bool]]


# --------------------------------------------------------------------------- package

class Package:
    """An xlsx/xlsm package opened for surgical edits; see the module docstring."""

    def __init__(self, path: Path, lang: str = "de", expect: str | None = None,
                 retention_days: float | None = None):
        self.path = Path(path)
        self.lang = lang
        self.expect = expect
        self.retention_days = retention_days
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
        self._raw = raw  # what a backup holds: the file as read (and verified unchanged)
        self._removed: set[str] = set()
        self._trees: dict[tuple[str, bool], tuple[bytes, Element]] = {}
        self._utf8: dict[str, tuple[bytes, bytes]] = {}
        if not {"xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"} <= self._parts.keys():
            raise WorkbookError(
                f"{self.path.name} ist keine vollständige Excel-Arbeitsmappe; bitte in Excel öffnen und "
                "neu speichern.",
                f"{self.path.name} is not a complete Excel workbook; please open and save it in Excel.")
        self._styles = _Styles(self._xml("xl/styles.xml"))
        self._marks_part = self._find_marks_part()
        self._marks, self._header_xf = self._read_marks()
        self._body_xf: int | None = None
        self._mark_xfs: dict[tuple[int, str], int] = {}
        self._date_xfs: dict[tuple[int, str], int] = {}
        self.backup_path: Path | None = None  # set by save()
        self.expired_backups: list[Path] = []  # backups save() deleted for the retention setting
        self.notices: list[tuple[str, str]] = []  # (German, English) for the user, e.g. a sheet kept
        self._fresh: set[str] = set()  # sheets made by replace_sheet now: no marks of an earlier run

    @classmethod
    def open(cls, path: str | Path, lang: str = "de", expect: str | None = None,
             retention_days: float | None = None) -> Package:
        """Open for edits. ``expect`` is the ``fingerprint`` of the file the caller read (``Book.fingerprint``):
        if the file changed since, nothing is written, so no one's update is lost. ``retention_days``:
        the book's setting ``retention_days`` (backups older than that are deleted by ``save``)."""
        return cls(Path(path), lang, expect, retention_days)

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
            self._removed.discard(name)

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

    def _xml(self, name: str) -> bytes:
        """A part's XML as UTF-8 (a UTF-16 part is converted; it is written back as UTF-8 if edited)."""
        data = self._parts[name].data
        if data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            return data
        cached = self._utf8.get(name)
        if cached is None or cached[0] is not data:
            cached = self._utf8[name] = (data, x.to_utf8(data))
        return cached[1]

    def _tree(self, name: str, sheet: bool = False) -> Element:
        """The parsed part (cached while its bytes stay the same); a worksheet's rows are left to ``SheetData``."""
        data = self._xml(name)
        cached = self._trees.get((name, sheet))
        if cached is None or cached[0] is not data:
            skip = _is_sheet_data if sheet else None
            cached = self._trees[(name, sheet)] = (data, x.parse(data, skip=skip))
        return cached[1]

    def _actual(self, name: str) -> str:
        """The part's name as stored (part names compare case-insensitively)."""
        if name in self._parts:
            return name
        folded = name.casefold()
        return next((n for n in self._parts if n.casefold() == folded), name)

    # ---- relationships ---------------------------------------------------------------
    @staticmethod
    def _rels_name(part: str) -> str:
        folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
        return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, Type, target part) of each relationship of ``part`` (``""``: the package's own)."""
        rels_name = self._rels_name(part)
        if rels_name not in self._parts:
            return []
        folder = part.rsplit("/", 1)[0] if "/" in part else ""
        found = []
        for rel in self._tree(rels_name).findall("Relationship", PACKAGE_REL):
            target = rel.attrs.get("Target", "")
            if rel.attrs.get("TargetMode") != "External":
                target = self._target_part(folder, target)
            found.append((rel.attrs.get("Id", ""), rel.attrs.get("Type", ""), target))
        return found

    def _target_part(self, folder: str, target: str) -> str:
        target = target.split("#", 1)[0]
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if self._actual(name) not in self._parts and "%" in name:
            name = urllib.parse.unquote(name)
        return self._actual(name)

    def add_relationship(self, source: str, kind: str, target: str) -> str:
        """Relate part ``source`` (``""`` for the package) to ``target``; returns the new rId."""
        rels_name = self._rels_name(source)
        if rels_name not in self._parts:
            self.write_part(rels_name, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                                       b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                       b"</Relationships>")
        data = self._xml(rels_name)
        root = self._tree(rels_name)
        used = {rel.attrs.get("Id") for rel in root.findall("Relationship", PACKAGE_REL)}
        n = len(used) + 1
        while f"rId{n}" in used:
            n += 1
        rid = f"rId{n}"
        sp = Splices()
        sp.append_child(data, root, x.element(root.prefix + b"Relationship",
                                              [("Id", rid), ("Type", kind), ("Target", target)]))
        self.write_part(rels_name, sp.apply(data))
        return rid

    def remove_relationship(self, source: str, rid: str) -> None:
        """Drop relationship ``rid`` of part ``source`` (the part it pointed to stays; see ``_prune``)."""
        rels_name = self._rels_name(source)
        if rels_name not in self._parts:
            return
        data = self._xml(rels_name)
        sp = Splices()
        for rel in self._tree(rels_name).findall("Relationship", PACKAGE_REL):
            if rel.attrs.get("Id") == rid:
                sp.remove(rel)
        self.write_part(rels_name, sp.apply(data))

    def add_override(self, part_name: str, content_type: str) -> None:
        """Give part ``/part_name`` its content type in ``[Content_Types].xml``."""
        data = self._xml("[Content_Types].xml")
        root = self._tree("[Content_Types].xml")
        if any(o.attrs.get("PartName", "").casefold() == part_name.casefold()
               for o in root.findall("Override", CONTENT_TYPES)):
            return
        sp = Splices()
        sp.append_child(data, root, x.element(root.prefix + b"Override",
                                              [("PartName", part_name), ("ContentType", content_type)]))
        self.write_part("[Content_Types].xml", sp.apply(data))

    def _remove_override(self, part_name: str) -> None:
        data = self._xml("[Content_Types].xml")
        sp = Splices()
        for o in self._tree("[Content_Types].xml").findall("Override", CONTENT_TYPES):
            if o.attrs.get("PartName", "").casefold() == part_name.casefold():
                sp.remove(o)
        if sp:
            self.write_part("[Content_Types].xml", sp.apply(data))

    def _prune(self, dropped: Iterable[str]) -> None:
        """Remove parts that no relationship points to any more (and what only they pointed to).

        Only parts this session un-referenced are candidates: orphans the file already had stay.
        """
        refs: Counter[str] = Counter()
        for rels_name in [n for n in self._parts if n.endswith(".rels")]:
            for _, _, target in self.relationships(_source_of(rels_name)):
                refs[target] += 1
        queue = list(dropped)
        while queue:
            name = queue.pop()
            if refs[name] > 0 or name not in self._parts or name == "[Content_Types].xml":
                continue
            for _, _, target in self.relationships(name):
                refs[target] -= 1
                queue.append(target)
            self.remove_part(name)
            self.remove_part(self._rels_name(name))
            self._remove_override("/" + name)

    # ---- sheets ----------------------------------------------------------------------
    def sheets(self) -> dict[str, str]:
        """Sheet name -> worksheet part, in workbook order."""
        targets = {rid: target for rid, _, target in self.relationships("xl/workbook.xml")}
        found = {}
        for sheet in self._sheet_elements():
            name, rid = sheet.attrs.get("name"), sheet.attrs.get(f"{{{REL}}}id")
            if name is not None and rid in targets:
                found[name] = targets[rid]
        return found

    def _sheet_elements(self) -> list[Element]:
        sheets = self._tree("xl/workbook.xml").find("sheets")
        return sheets.findall("sheet") if sheets is not None else []

    def sheet_part(self, sheet: str) -> str:
        try:
            return self.sheets()[sheet]
        except KeyError:
            raise WorkbookError(f"Das Blatt „{sheet}“ fehlt in {self.path.name}.",
                                f"The sheet “{sheet}” is missing in {self.path.name}.") from None

    def _worksheet(self, part: str) -> tuple[bytes, Element, Element]:
        """A worksheet's bytes, its tree (rows unparsed) and its ``sheetData``."""
        if part not in self._parts:
            raise WorkbookError(f"Ein Tabellenblatt fehlt in {self.path.name}.",
                                f"A worksheet is missing in {self.path.name}.")
        data = self._xml(part)
        root = self._tree(part, sheet=True)
        sheet_data = root.find("sheetData")
        if (root.ns, root.local) != (MAIN, "worksheet") or sheet_data is None:
            raise WorkbookError("Ein Tabellenblatt ist beschädigt (keine Zellen).",
                                "A worksheet is damaged (no cell data).")
        return data, root, sheet_data

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
        data, root, sheet_data = self._worksheet(part)
        col_styles = _column_styles(root)
        prefix = sheet_data.prefix.decode()
        formulas = []

        def edit(ref: str, old: _Cell | None) -> bytes:
            value = values[ref]
            style = old.style if old else col_styles.get(split_ref(ref)[1], 0)
            if isinstance(value, (dt.date, dt.time)):
                style = self._date_style(style, value)
            if old and old.has_formula:
                formulas.append(ref)
            return cell_xml(ref, value, style, old.prefix if old else prefix).encode(), True

        sp = _edit_cells(data, sheet_data, values, edit)
        _grow_dimension(sp, data, root, values.keys())
        self.write_part(part, sp.apply(data))
        if formulas and any(kind == _CALC_CHAIN_TYPE for _, kind, _ in self.relationships("xl/workbook.xml")):
            self._drop_calc_chain()
        self._extend_tables(part, max(split_ref(ref)[0] for ref in values))

    def _date_style(self, style: int, value: dt.date | dt.time) -> int:
        fmt = self._styles.xf_attr(style if style < self._styles.xf_count() else 0, "numFmtId")
        if fmt and fmt.strip() != "0":
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
        for rid, kind, target in self.relationships("xl/workbook.xml"):
            if kind == _CALC_CHAIN_TYPE:
                self.remove_relationship("xl/workbook.xml", rid)
                self._prune([target])

    def _extend_tables(self, part: str, last_row: int) -> None:
        for _, kind, target in self.relationships(part):
            if kind != _TABLE_TYPE or target not in self._parts:
                continue
            data = self._xml(target)
            table = self._tree(target)
            bounds = _range(table.attrs.get("ref", ""))
            totals = table.attrs.get("totalsRowCount", "0").strip()
            if bounds is None or bounds[2] >= last_row or bounds[0] >= last_row or totals not in ("", "0"):
                continue
            top, left, _, right = bounds
            new = f"{_ref(top, left)}:{_ref(last_row, right)}"
            sp = Splices()
            sp.set_attrs(data, table, {"ref": new})
            autofilter = table.find("autoFilter")
            if autofilter is not None and _range(autofilter.attrs.get("ref", "")) == bounds:
                sp.set_attrs(data, autofilter, {"ref": new})
            self.write_part(target, sp.apply(data))

    # ---- owned sheets ----------------------------------------------------------------
    def replace_sheet(
        self,
        name: str,
        rows: Sequence[Sequence[CellValue]],
        *,
        widths: Sequence[float] = (),
        links: Mapping[str, str] | None = None,
        after: str | None = None,
        marks: Mapping[str, str] | None = None,
    ) -> None:
        """Create or replace a whole sheet the tool owns (``Prüfung``, ``Konflikte``).

        The first row is the header (bold, white on blue, frozen). ``links`` maps a cell of
        this sheet to a place in the book, e.g. ``{"D2": "'Partner'!F12"}``; ``marks`` gives
        cells a mark at once, as ``mark`` would (``{"B2": "error"}``). A new sheet goes
        after the sheet ``after`` (default: at the end; sheet-scoped names and the active tab
        are renumbered when it goes in between). What the user put on the old sheet is kept:
        pictures and charts stay on it; with a table, comments or other content bound to its
        cells, the old sheet is kept whole under a new name (see ``notices``) and a new one made.
        """
        sheets = self.sheets()
        drawing = None
        if name in sheets:
            part = sheets[name]
            drawing, foreign = self._owned_sheet_content(part)
            if foreign:
                kept = self._keep_old_sheet(name)
                self.notices.append((
                    f"Auf dem Blatt „{name}“ lagen eigene Inhalte ({_listing(foreign, 'de')}). Es heißt jetzt "
                    f"„{kept}“ und bleibt so erhalten; die neuen Ergebnisse stehen im Blatt „{name}“.",
                    f"The sheet “{name}” held content of your own ({_listing(foreign, 'en')}). It is now called "
                    f"“{kept}” and kept as it was; the new results are in the sheet “{name}”."))
                self._add_sheet(name, self._sheet_xml(rows, widths, links, None, marks), after)
                self._repeat_header_row(name)
                return
            dropped = [(rid, target) for rid, kind, target in self.relationships(part) if rid != drawing]
            for rid, _ in dropped:
                self.remove_relationship(part, rid)
            if not self.relationships(part):
                self.remove_part(self._rels_name(part))
            self._prune([target for _, target in dropped])
            self.write_part(part, self._sheet_xml(rows, widths, links, drawing, marks))
            self._fresh.add(part)
        else:
            self._add_sheet(name, self._sheet_xml(rows, widths, links, None, marks), after)
        self._repeat_header_row(name)

    def _repeat_header_row(self, name: str) -> None:
        """The sheet ``name`` prints its first row on every page (Excel's print titles, a sheet-scoped
        name in ``workbook.xml``), unless the book already says what that sheet repeats."""
        data = self._xml("xl/workbook.xml")
        root = self._tree("xl/workbook.xml")
        index = next(i for i, sheet in enumerate(self._sheet_elements()) if sheet.attrs.get("name") == name)
        names = root.find("definedNames")
        for defined in names.findall("definedName") if names is not None else []:
            if (defined.attrs.get("name", "").casefold() == "_xlnm.print_titles"
                    and defined.attrs.get("localSheetId", "").strip() == str(index)):
                return
        quoted = "'" + name.replace("'", "''") + "'"
        title = x.element(root.prefix + b"definedName", [("name", "_xlnm.Print_Titles"), ("localSheetId", index)],
                          x.text(f"{quoted}!$1:$1"))
        sp = Splices()
        if names is not None:
            sp.append_child(data, names, title)
        else:  # definedNames follow the sheets (and function groups and external references, when there)
            before = [el for el in (root.find(n) for n in ("sheets", "functionGroups", "externalReferences"))
                      if el is not None]
            sp.insert(max(el.end for el in before), x.element(root.prefix + b"definedNames", (), title))
        self.write_part("xl/workbook.xml", sp.apply(data))

    def _owned_sheet_content(self, part: str) -> tuple[str | None, list[str]]:
        """(the relationship of a drawing to keep, what else of the user's is on an owned sheet)."""
        drawing, foreign = None, []
        try:
            root = self._tree(part, sheet=True)
        except WorkbookError:
            return None, ["?"]
        if (root.ns, root.local) != (MAIN, "worksheet"):
            foreign.append(root.local)
        for rid, kind, _ in self.relationships(part):
            short = kind.rsplit("/", 1)[-1]
            if short == "drawing" and drawing is None:
                drawing = rid
            elif short not in _OWNED_SHEET_RELS:
                foreign.append(short)
        return drawing, foreign

    def _keep_old_sheet(self, name: str) -> str:
        """Rename the sheet ``name`` to ``name (alt)`` (unique), names that refer to it included."""
        taken = {n.casefold() for n in self.sheets()}
        suffix = OLD_SHEET.get(self.lang, OLD_SHEET["de"])
        n, new = 1, f"{name[:24]} ({suffix})"
        while new.casefold() in taken:
            n += 1
            new = f"{name[:22]} ({suffix} {n})"
        data = self._xml("xl/workbook.xml")
        book = self._tree("xl/workbook.xml")
        sp = Splices()
        for sheet in self._sheet_elements():
            if sheet.attrs.get("name") == name:
                sp.set_attrs(data, sheet, {"name": new})
        names = book.find("definedNames")
        for defined in names.findall("definedName") if names is not None else []:
            inner = data[defined.head_end: defined.inner_end]
            if b"<" in inner:
                continue
            formula = x.unescape(inner, attribute=False)
            renamed = _rename_refs(formula, name, new)
            if renamed != formula:
                sp.replace(defined.head_end, defined.inner_end, x.text(renamed))
        self.write_part("xl/workbook.xml", sp.apply(data))
        return new

    def _sheet_xml(self, rows: Sequence[Sequence[CellValue]], widths: Sequence[float],
                   links: Mapping[str, str] | None, drawing: str | None,
                   marks: Mapping[str, str] | None = None) -> bytes:
        header = self._header_style()
        out = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               f'xmlns:r="{REL}">']
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
        marks = marks or {}
        for r, values in enumerate(rows, start=1):
            style = header if r == 1 else body
            cells = "".join(cell_xml(ref, v, self._mark_style(style, marks[ref]) if ref in marks else style)
                            for c, v in enumerate(values, start=1) if v is not None and v != ""
                            for ref in (f"{get_column_letter(c)}{r}",))
            ht = printing.row_height([v if isinstance(v, str) else None for v in values], widths) if r > 1 else None
            height = f' ht="{ht:g}" customHeight="1"' if ht else ""
            out.append(f'<row r="{r}"{height}>{cells}</row>')
        out.append("</sheetData>")
        if links:
            out.append("<hyperlinks>" + "".join(
                f"<hyperlink ref={x.attr(ref).decode()} location={x.attr(target).decode()} "
                f"display={x.attr(target).decode()}/>"
                for ref, target in sorted(links.items(), key=_link_order)) + "</hyperlinks>")
        out.append(printing.fitted_page_xml())  # as the builder prints every other sheet
        if drawing:
            out.append(f"<drawing r:id={x.attr(drawing).decode()}/>")
        out.append("</worksheet>")
        return "".join(out).encode("utf-8")

    def _body_style(self) -> int:
        """Long messages wrap inside their column instead of running off the page."""
        if self._body_xf is None:
            self._body_xf = self._styles.clone_xf(
                0, alignment={"vertical": "top", "wrapText": "1"}, applyAlignment="1")
        return self._body_xf

    def _header_style(self) -> int:
        if self._header_xf is None:
            fill = self._styles.add_fill(HEADER_FILL)
            font = self._styles.add_font(HEADER_FONT)
            self._header_xf = self._styles.clone_xf(
                0, fillId=str(fill), fontId=str(font), applyFill="1", applyFont="1")
        return self._header_xf

    def _add_sheet(self, name: str, data: bytes, after: str | None) -> None:
        taken = {n.casefold() for n in self._parts}
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in taken:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.write_part(part, data)
        self._fresh.add(part)
        rid = self.add_relationship("xl/workbook.xml", _WORKSHEET_TYPE, f"/{part}")
        self.add_override(f"/{part}", _WORKSHEET_CT)
        book = self._xml("xl/workbook.xml")
        root = self._tree("xl/workbook.xml")
        sheets = root.find("sheets")
        if sheets is None:
            raise WorkbookError("Die Blattliste der Arbeitsmappe ist beschädigt.",
                                "The workbook's list of sheets is damaged.")
        existing = sheets.findall("sheet")
        ids = [int(s.attrs["sheetId"]) for s in existing if s.attrs.get("sheetId", "").strip().isdigit()]
        r = sheets.prefix_for(REL)
        attrs: list[tuple[str, object]] = [("name", name), ("sheetId", max(ids, default=0) + 1)]
        attrs += [(f"{r.decode()}id", rid)] if r is not None else [("xmlns:r", REL), ("r:id", rid)]
        element = x.element(sheets.prefix + b"sheet", attrs)
        position = len(existing)
        if after is not None:
            position = next((i + 1 for i, s in enumerate(existing) if s.attrs.get("name") == after), position)
        sp = Splices()
        if position == len(existing):
            sp.append_child(book, sheets, element)
        else:
            sp.insert(existing[position].start, element)
            _shift_sheet_indices(sp, book, root, position)
        self.write_part("xl/workbook.xml", sp.apply(book))

    # ---- marks -----------------------------------------------------------------------
    def _find_marks_part(self) -> str | None:
        """The tool's custom XML part; Excel keeps it, perhaps under another name, so it is found by namespace."""
        for name, part in self._parts.items():
            if name.startswith("customXml/") and not name.endswith(".rels") and MARKS_NS.encode() in part.data:
                try:
                    if self._tree(name).ns == MARKS_NS:
                        return name
                except WorkbookError:
                    continue
        return None

    def _read_marks(self) -> tuple[dict[int, int], int | None]:
        """Mark style -> the style it was cloned from, and the header style, where still ours.

        The tool's custom XML part keeps the mapping. A style that no longer has the tool's
        fill is forgotten rather than trusted, and a mark style the part does not know (the
        file was re-saved by a program that dropped the part and renumbered the styles) is
        traced back to the style it equals apart from the fill.
        """
        root = self._tree(self._marks_part) if self._marks_part else None
        styles = self._styles
        colours = set(MARK_FILLS.values())
        marks: dict[int, int] = {}
        header = None
        for el in root.children if root is not None else []:
            try:
                if el.local == "mark" and styles.fill_color(int(el.attrs["style"])) in colours:
                    marks[int(el.attrs["style"])] = int(el.attrs["original"])
                elif el.local == "header" and styles.fill_color(int(el.attrs["style"])) == HEADER_FILL:
                    header = int(el.attrs["style"])
            except (KeyError, ValueError):
                continue
        unmarked: dict[tuple, int] = {}
        count = styles.xf_count()
        for index in range(count):
            if styles.fill_color(index) not in colours:
                unmarked.setdefault(styles.xf_key(index, without_fill=True), index)
        for index in range(count):
            if index not in marks and styles.fill_color(index) in colours:
                original = unmarked.get(styles.xf_key(index, without_fill=True))
                if original is not None:
                    marks[index] = original
        return marks, header

    def clear_marks(self) -> int:
        """Put the cells marked by the previous run back to their own style; returns how many."""
        if not self._marks:
            return 0
        cleared = 0
        for part in self.sheets().values():
            if part in self._parts and part not in self._fresh:
                try:
                    self._worksheet(part)
                except WorkbookError:
                    continue  # a chart sheet or dialog: no cells
                hits = self._unmark(part)
                cleared += hits
        return cleared

    def _unmark(self, part: str) -> int:
        """One sheet without marks; an empty cell (and row) that only carried a mark is removed again."""
        data, root, sheet_data = self._worksheet(part)
        rows = SheetData(data, sheet_data)
        col_styles = _column_styles(root)
        sp = Splices()
        hits = 0
        if rows.fast:  # only where a mark style occurs at all
            numbers = b"|".join(str(m).encode() for m in sorted(self._marks))
            pattern = re.compile(rb"\ss\s*=\s*[\"'](?:" + numbers + rb")[\"']")
            found: dict[int, list[Span]] = {}
            whole: set[int] = set()  # rows with cells whose column is implicit: rebuilt as a whole
            for m in pattern.finditer(data, sheet_data.head_end, sheet_data.inner_end):
                i = bisect.bisect_right(rows.starts, m.start()) - 1
                if i < 0 or i in whole:
                    continue
                cell = rows.cell_at(rows.row(i), m.start())
                if cell is None:  # the row's own style, or a text
                    continue
                if cell.explicit:
                    found.setdefault(i, []).append(cell)
                else:
                    whole.add(i)
            removed: set[int] = set()
            for i in sorted(whole):
                hits += self._unmark_row(rows, i, col_styles, sp, removed)
            for i, cells in sorted(found.items()):
                if i not in whole:
                    hits += self._unmark_cells(rows, i, cells, col_styles, sp, removed)
        else:
            removed = set()
            for i in range(len(rows)):
                hits += self._unmark_row(rows, i, col_styles, sp, removed)
        for i in sorted(removed):  # the next row kept must not take a removed row's number
            j = i + 1
            while j in removed:
                j += 1
            if j < len(rows) and not rows.row(j).explicit:
                nxt = rows.row(j)
                sp.replace(nxt.start, nxt.head_end, x.with_attrs(data[nxt.start: nxt.head_end], {"r": nxt.number}))
        if sp:
            self.write_part(part, sp.apply(data))
        return hits

    def _bare(self, rows: SheetData, cell: Span, original: int, col_styles: Mapping[int, int]) -> bool:
        """A cell with nothing but the mark, whose own style is its column's: it was made by ``mark``."""
        rows.complete(cell)
        return cell.empty and set(rows.attrs(cell)) <= {"r", "s"} and original == col_styles.get(cell.number, 0)

    def _unmark_cells(self, rows: SheetData, i: int, cells: list[Span], col_styles: Mapping[int, int],
                      sp: Splices, removed: set[int]) -> int:
        """Unmark the given cells of row ``i`` (all with explicit columns)."""
        data = rows.data
        row = rows.row(i)
        restyle, gone = [], []
        for cell in cells:
            style = rows.style(cell)
            if style not in self._marks:
                continue
            original = self._marks[style]
            if not self._bare(rows, cell, original, col_styles):
                restyle.append((cell, original))
                continue
            nxt = rows.next_cell(cell.end, row)
            if nxt is not None and not nxt.explicit:  # it would slide into the freed column
                return self._unmark_row(rows, i, col_styles, sp, removed)
            gone.append(cell)
        if gone:
            rest = bytearray()
            pos = row.head_end
            for cell in gone:
                rest += data[pos: cell.start]
                pos = cell.end
            rest += data[pos: row.inner_end]
            if not restyle and not bytes(rest).strip() and set(rows.attrs(row)) <= {"r"}:
                sp.replace(row.start, row.end, b"")  # a row that only held marks
                removed.add(i)
                return len(gone)
        for cell in gone:
            sp.replace(cell.start, cell.end, b"")
        for cell, original in restyle:
            sp.replace(cell.start, cell.head_end, x.with_attrs(data[cell.start: cell.head_end], {"s": original}))
        return len(gone) + len(restyle)

    def _unmark_row(self, rows: SheetData, i: int, col_styles: Mapping[int, int], sp: Splices,
                    removed: set[int]) -> int:
        """Unmark row ``i`` as a whole; it and its cells get explicit references."""
        data = rows.data
        row = rows.row(i)
        out: list[bytes] = []
        pos = row.head_end
        hits, kept, changed, emptied = 0, 0, False, False
        for cell in rows.cells(row):
            old = _Cell(rows, cell, _ref(row.number, cell.number))
            style = old.style
            if style not in self._marks:
                kept += 1
                if not cell.explicit:  # keeps its column whatever goes before it
                    out += [data[pos: cell.start], x.with_attrs(old.head, {"r": old.ref}), old.rest]
                    pos = cell.end
                continue
            hits += 1
            changed = True
            original = self._marks[style]
            out.append(data[pos: cell.start])
            if self._bare(rows, cell, original, col_styles):
                pos, emptied = cell.end, True
                continue
            kept += 1
            out += [x.with_attrs(old.head, {"s": original} if cell.explicit else {"s": original, "r": old.ref}),
                    old.rest]
            pos = cell.end
        if not changed:
            return 0
        head = data[row.start: row.head_end]
        if not row.explicit:
            head = x.with_attrs(head, {"r": row.number})
        rest = data[pos: row.inner_end]
        if emptied and not kept and not rest.strip() and set(rows.attrs(row)) <= {"r"}:
            sp.replace(row.start, row.end, b"")  # a row that only held marks
            removed.add(i)
        else:
            sp.replace(row.start, row.end, head + b"".join(out) + rest + data[row.inner_end: row.end])
        return hits

    def mark(self, sheet: str, cells: Mapping[str, str]) -> None:
        """Give cells (``{"F12": "error"|"warning"|"hint"}``) the fill of that severity."""
        if not cells:
            return
        part = self.sheet_part(sheet)
        data, root, sheet_data = self._worksheet(part)
        col_styles = _column_styles(root)
        prefix = sheet_data.prefix

        def edit(ref: str, old: _Cell | None) -> bytes:
            own = old.style if old else col_styles.get(split_ref(ref)[1], 0)
            own = self._marks.get(own, own)  # never clone a mark from a mark
            style = self._mark_style(own, cells[ref])
            if old is None:
                return x.element(prefix + b"c", [("r", ref), ("s", style)]), True
            return old.restyled(style), False

        # the dimension is left alone: a mark adds no content, and the next run removes it
        self.write_part(part, _edit_cells(data, sheet_data, cells, edit).apply(data))

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
        """Write the package atomically after a backup; returns the backup (None: no change).

        Holds the tool's write lock while it checks that the file is still the one read,
        writes, backs up and replaces; then deletes backups the retention setting expires
        (``expired_backups``).
        """
        self._save_marks()
        if self._styles.changed:
            self.write_part("xl/styles.xml", self._styles.data)
        if not self.changed_parts:
            return None
        with exclusive(self.path):
            with replacing(self.path, private=False) as tmp:
                self._check_unchanged(self.path.read_bytes())
                with zipfile.ZipFile(tmp, "w") as out:
                    for name, part in self._parts.items():
                        info = zipfile.ZipInfo(name, date_time=part.info.date_time)
                        info.external_attr = part.info.external_attr
                        out.writestr(info, part.data, compress_type=zipfile.ZIP_DEFLATED)
                self.backup_path = backup(self.path, self.lang, self._raw)
            self.expired_backups = expire_backups(self.path, self.lang, self.retention_days)
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
        data, root, sheet_data = self._worksheet(part)
        prefix = sheet_data.prefix.decode()

        def edit(ref: str, old: _Cell | None) -> tuple[bytes, bool]:
            value, style = cells[ref]
            return cell_xml(ref, value, style, old.prefix if old else prefix).encode(), True

        sp = _edit_cells(data, sheet_data, cells, edit)
        _grow_dimension(sp, data, root, cells.keys())
        self.write_part(part, sp.apply(data))


# --------------------------------------------------------------------------- helpers

# Worksheet parts a writer need not read into, and whose elements never nest in themselves.
_SKIPPED = {"sheetData", "hyperlinks", "mergeCells", "conditionalFormatting", "dataValidations", "rowBreaks",
            "colBreaks", "ignoredErrors", "protectedRanges"}


def _is_sheet_data(el: Element) -> bool:
    return el.ns == MAIN and el.local in _SKIPPED and el.parent is not None and el.parent.parent is None


def _source_of(rels_name: str) -> str:
    """The part a ``.rels`` part belongs to (``xl/_rels/workbook.xml.rels`` -> ``xl/workbook.xml``)."""
    folder, name = rels_name.rsplit("/", 1) if "/" in rels_name else ("", rels_name)
    folder = folder[: -len("_rels")].rstrip("/") if folder.endswith("_rels") else folder
    name = name[: -len(".rels")]
    return f"{folder}/{name}" if folder else name


def _listing(kinds: Sequence[str], lang: str) -> str:
    """What the user had on an owned sheet, by relationship type: "1 Tabelle, Notizen"."""
    labels = {"comments": ("Notizen", "notes"), "threadedComment": ("Kommentare", "comments"),
              "pivotTable": ("eine PivotTable", "a PivotTable"), "vmlDrawing": ("Steuerelemente", "controls")}
    seen: list[str] = []
    tables = kinds.count("table")
    if tables:
        seen.append(plural(lang, tables, ("Tabelle", "Tabellen"), ("table", "tables")))
    for kind in kinds:
        if kind == "table" or (kind == "vmlDrawing" and "comments" in kinds):  # the notes' own drawing
            continue
        label = labels.get(kind, ("weitere Inhalte", "other content"))[0 if lang == "de" else 1]
        if label not in seen:
            seen.append(label)
    return ", ".join(seen)


def _rename_refs(formula: str, old: str, new: str) -> str:
    """A defined name's formula with references to sheet ``old`` pointing to ``new``."""
    quoted_new = "'" + new.replace("'", "''") + "'!"
    formula = formula.replace("'" + old.replace("'", "''") + "'!", quoted_new)
    return re.sub(r"(?<![\w.'])" + re.escape(old) + "!", lambda _: quoted_new, formula)


def _shift_sheet_indices(sp: Splices, data: bytes, book: Element, position: int) -> None:
    """A sheet goes in at ``position``: sheet-scoped names, the active and first tab move up one."""
    names = book.find("definedNames")
    for defined in names.findall("definedName") if names is not None else []:
        local = defined.attrs.get("localSheetId", "").strip()
        if local.isdigit() and int(local) >= position:
            sp.set_attrs(data, defined, {"localSheetId": int(local) + 1})
    views = book.find("bookViews")
    for view in views.findall("workbookView") if views is not None else []:
        moved = {}
        for name in ("activeTab", "firstSheet"):
            value = view.attrs.get(name, "").strip()
            if value.isdigit() and int(value) >= position:
                moved[name] = int(value) + 1
        if moved:
            sp.set_attrs(data, view, moved)


def _column_styles(root: Element) -> dict[int, int]:
    """1-based column -> default style from ``<cols>`` (new cells look like their column)."""
    styles: dict[int, int] = {}
    for cols in root.findall("cols"):
        for col in cols.findall("col"):
            try:
                low, high, style = int(col.attrs["min"]), int(col.attrs["max"]), int(col.attrs["style"])
            except (KeyError, ValueError):
                continue
            for c in range(max(low, 1), min(high, 16384) + 1):
                styles[c] = style
    return styles


def _link_order(item: tuple[str, str]) -> tuple[int, int]:
    return split_ref(item[0])


def _edit_cells(data: bytes, sheet_data: Element, refs: Iterable[str], edit: Edit) -> Splices:
    """Splices that put cells into ``sheetData``: ``edit(ref, old_cell_or_None)`` (see ``Edit``).

    Only the rows that hold an edited cell change; every other byte stays as it was.
    New cells and rows, and edited ones, get explicit references (``r``); cells and rows
    without one keep their place, as nothing is ever inserted before them (their place
    follows from the one before, so there is no gap to insert into).
    """
    by_row: dict[int, dict[int, str]] = {}
    for ref in refs:
        r, c = split_ref(ref)
        by_row.setdefault(r, {})[c] = ref
    prefix = sheet_data.prefix
    sp = Splices()
    if sheet_data.empty and data[sheet_data.head_end - 2: sheet_data.head_end] == b"/>":
        content = b"".join(_new_row(n, by_row[n], edit, prefix) for n in sorted(by_row))
        head = data[sheet_data.start: sheet_data.head_end - 2].rstrip() + b">"
        sp.replace(sheet_data.start, sheet_data.end, head + content + b"</" + sheet_data.qname + b">")
        return sp
    rows = SheetData(data, sheet_data)
    where: dict[int, int] = {}
    for i, number in enumerate(rows.numbers):
        where.setdefault(number, i)
    inserts: dict[int, list[bytes]] = {}
    for number in sorted(by_row):
        i = where.get(number)
        if i is not None:
            _edit_row(sp, rows, rows.row(i), by_row[number], edit)
            continue
        i = bisect.bisect_right(rows.numbers, number)
        at = rows.starts[i] if i < len(rows) else sheet_data.inner_end
        inserts.setdefault(at, []).append(_new_row(number, by_row[number], edit, prefix))
    for at, pieces in inserts.items():
        sp.insert(at, b"".join(pieces))
    return sp


def _new_row(number: int, refs: dict[int, str], edit: Edit, prefix: bytes) -> bytes:
    cells = b"".join(edit(refs[c], None)[0] for c in sorted(refs))
    return b"<" + prefix + b'row r="%d">' % number + cells + b"</" + prefix + b"row>"


def _edit_row(sp: Splices, rows: SheetData, row: Span, refs: dict[int, str], edit: Edit) -> None:
    """Splice the edits of one row: new cells in column order, existing ones replaced or restyled."""
    data = rows.data
    pending = sorted(refs)
    i = 0
    grew = False
    for cell in rows.cells(row, until=pending[-1]):
        inserted = []
        while i < len(pending) and pending[i] < cell.number:
            inserted.append(edit(refs[pending[i]], None)[0])
            i += 1
        if inserted:
            sp.insert(cell.start, b"".join(inserted))
            grew = True
        if i < len(pending) and pending[i] == cell.number:
            new, whole = edit(refs[cell.number], _Cell(rows, cell, refs[cell.number]))
            if whole:
                rows.complete(cell)
            sp.replace(cell.start, cell.end if whole else cell.head_end, new)
            i += 1
        if i == len(pending):
            break
    if i < len(pending):  # beyond the last cell
        appended = b"".join(edit(refs[c], None)[0] for c in pending[i:])
        grew = True
        if row.closed:
            head = data[row.start: row.head_end - 2].rstrip() + b">"
            sp.replace(row.start, row.end, _row_head(head, row, grew) + appended + b"</" + row.qname + b">")
            return
        sp.insert(row.inner_end, appended)
    if grew or not row.explicit:
        sp.replace(row.start, row.head_end, _row_head(data[row.start: row.head_end], row, grew))


def _row_head(head: bytes, row: Span, grew: bool) -> bytes:
    """A row's start tag with an explicit number, without ``spans`` once it holds more cells."""
    if not row.explicit:
        head = x.with_attrs(head, {"r": row.number})
    return x.without_attrs(head, ["spans"]) if grew else head


def _grow_dimension(sp: Splices, data: bytes, root: Element, refs: Iterable[str]) -> None:
    dimension = root.find("dimension")
    bounds = _range(dimension.attrs.get("ref", "")) if dimension is not None else None
    if bounds is None:
        return
    top, left, bottom, right = bounds
    rows_cols = [split_ref(r) for r in refs]
    new_bottom = max([bottom] + [r for r, _ in rows_cols])
    new_right = max([right] + [c for _, c in rows_cols])
    if (new_bottom, new_right) != (bottom, right):
        sp.set_attrs(data, dimension, {"ref": f"{_ref(top, left)}:{_ref(new_bottom, new_right)}"})


def sheet_link(sheet: str, cell: str) -> str:
    """An internal hyperlink target, e.g. ``'Partner'!F12``."""
    return "'" + sheet.replace("'", "''") + f"'!{cell}"
