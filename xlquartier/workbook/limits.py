"""Bounds on what a file may make the tool do, checked before any library reads it.

A workbook comes from users and, as a returned partner view, from outside the office. The
libraries that read it trust it: python-calamine reserves memory for a sheet's whole
``<dimension>`` and lays a sheet out densely from its first to its last cell (one value in
``XFD1048576`` asks for 512 GiB and aborts the process), and every zip reader inflates a
part however large it unpacks. So a package is measured first, from its zip directory and
by inflating each part without keeping it: its size on disk, the unpacked size of every
part (a header that understates it is caught too), the packing ratio, the area each sheet
that will be read spans, and how much text its shared strings expand to; a sheet spelt otherwise
than Excel writes it (other quotes or spacing, lower-case references, comments, CDATA, prefixes,
all of which python-calamine reads) is measured by a real XML parser. A file over a
limit is refused with one sentence (``WorkbookError``, exit 2); the limits are far above
what the largest real network needs (50,000 tasks: a 29 MB sheet, 470,000 cells).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..errors import WorkbookError

MAX_FILE_BYTES = 200 * 2**20  # on disk
MAX_PARTS = 5000  # zip entries
MAX_PART_BYTES = 128 * 2**20  # one part, unpacked
MAX_TOTAL_BYTES = 384 * 2**20  # all parts, unpacked
MAX_RATIO = 200  # unpacked / packed, for parts over RATIO_FROM bytes (sheet XML packs about 10:1)
RATIO_FROM = 2**20
MAX_COLUMNS = 2000  # a sheet's last used column (the schema has under 30)
MAX_CELLS = 5_000_000  # cells of a sheet, and rows x columns of its used area as the reader lays it out
MAX_TEXT = 100_000_000  # characters of shared strings all the cells of the read sheets expand to

_SHARED_STRINGS_TYPE = "/sharedStrings"
_XML = re.compile(r"\.(?:xml|rels|vml)$", re.IGNORECASE)
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_CHUNK = 2**20
_WIDE_REF = re.compile(rb'<c r="[A-Z]{2}')
_WIDE_REFS = re.compile(rb'<c r="([A-Z]{2,3})\d')
_NARROW_REFS = re.compile(rb'<c r="([A-Z])\d')
_LONG_ROW_REF = re.compile(rb'<c r="[A-Z]{1,3}\d{6}')
_ROW_OF_REF = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"')


def _refuse(de: str, en: str) -> WorkbookError:
    return WorkbookError(de, en)


def _too_big(name: str) -> WorkbookError:
    return _refuse(
        f"{name} enthält einen ungewöhnlich großen oder stark gepackten Teil und wird zum Schutz des "
        "Rechners nicht gelesen; bitte die Datei in Excel öffnen, prüfen und neu speichern.",
        f"{name} holds an unusually large or highly compressed part and is not read, to protect this "
        "computer; please open it in Excel, check it and save it again.")


# --------------------------------------------------------------------------- the zip package

def _inflate(fh, info: zipfile.ZipInfo, keep: bool) -> bytes | int | None:
    """A part unpacked from its raw data, whatever its header says: its bytes (``keep``) or its size;
    None when it unpacks to more than the header's size (a bomb that hides its size)."""
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(info.filename)
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    fh.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        return fh.read(info.compress_size) if keep else info.compress_size
    inflate, cap = zlib.decompressobj(-15), info.file_size
    left, total, pieces = info.compress_size, 0, []
    while left > 0 and not inflate.eof:
        chunk = fh.read(min(left, _CHUNK))
        if not chunk:
            break
        left -= len(chunk)
        while chunk:
            piece = inflate.decompress(chunk, _CHUNK)
            total += len(piece)
            if total > cap:
                return None
            if keep:
                pieces.append(piece)
            chunk = inflate.unconsumed_tail
    return b"".join(pieces) if keep else total


def check_directory(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a package whose zip directory promises too much: too large on disk, too many parts,
    a part too large or packed too tightly, or an unknown packing method."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _refuse(
            f"{name} ist mit {size // 2**20} MB zu groß (höchstens {MAX_FILE_BYTES // 2**20} MB); bitte "
            "Bilder oder nicht benötigte Blätter entfernen.",
            f"{name} is too large at {size // 2**20} MB (at most {MAX_FILE_BYTES // 2**20} MB); please remove "
            "pictures or sheets that are not needed.")
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _too_big(name)
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(f"{name} ist mit einem unbekannten Verfahren gepackt; bitte in Excel neu speichern.",
                          f"{name} is packed in an unknown way; please save it again in Excel.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES
                or (info.file_size > RATIO_FROM and ratio > MAX_RATIO)):
            raise _too_big(name)


def check_parts(path: Path, archive: zipfile.ZipFile, skip: Iterable[str] = ()) -> None:
    """Refuse a package with an XML part that unpacks to more than its header says (libraries
    that read it, like python-calamine, would follow the data). ``skip``: parts checked elsewhere."""
    skipped = set(skip)
    with path.open("rb") as fh:
        for info in archive.infolist():
            if info.filename not in skipped and _XML.search(info.filename) and _inflate(fh, info, False) is None:
                raise _too_big(path.name)


def check_package(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip package (xlsx, docx) whose unpacking would be unbounded: ``check_directory``
    and ``check_parts``."""
    check_directory(path, archive)
    check_parts(path, archive)


def read_part(path: Path, archive: zipfile.ZipFile, part: str) -> bytes:
    """A part's bytes, unpacked once, refused when it is larger than its header says."""
    with path.open("rb") as fh:
        data = _inflate(fh, archive.getinfo(part), True)
    if data is None:
        raise _too_big(path.name)
    return data


# --------------------------------------------------------------------------- sheets

def _column_number(letters: str) -> int:
    """A column's number from its letters, without the 3-letter cap of openpyxl (a hostile ``AAAAA1``
    must be measured, not crash the measuring)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _plain(xml: bytes, odd_tags: Sequence[re.Pattern]) -> bool:
    """Whether an XML part is written the way Excel, LibreOffice and openpyxl write it, so that byte
    counts measure it: no comments, CDATA or processing instructions after the declaration, and none
    of ``odd_tags`` (a cell or value tag in any other spelling: a prefix, other quotes or spacing, a
    lower-case or repeated reference). python-calamine reads the other spellings too, so any other
    part is measured by a real XML parser instead. (One pattern per spelling: a search for a pattern
    that starts with fixed bytes runs at memory speed, alternatives would not.)"""
    return (b"<!--" not in xml and b"<![CDATA[" not in xml and xml.find(b"<?", 4) == -1
            and not any(odd.search(xml) for odd in odd_tags))


_ODD_SHEET_TAGS = (  # a cell that is not <c r="B7" s="1" t="s">, a <v> with attributes, a prefixed cell or value
    re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,3}[0-9]+"(?: (?!r=)[a-z]{1,2}="[^"<>]*")*/?>)'),
    re.compile(rb"<v(?=[\s/])"),
    re.compile(rb":[cv][\s/>]"),
)
_ODD_STRINGS_TAGS = (re.compile(rb"<\w+:si[\s/>]"),)
_SI_START = re.compile(rb"<si[\s/>]")
_SHARED_VALUE = re.compile(  # a shared cell's index, in a plain sheet: its attributes, a formula, then <v>
    rb' t="s"[^>]*>(?:<f>[^<]*</f>|<f [^>]*/>|<f [^>]*>[^<]*</f>)?<v>\s*(\d{1,9})\s*</v>')


class _Enough(Exception):
    """Raised inside the parser once a sheet is known to be over the cell limit: stop reading it."""


def _parse(xml: bytes, name: str, start, end=None, text=None) -> None:
    """Run expat over a part with these handlers. Refuses a part that is not well-formed XML or
    declares a DTD (no workbook part has one, and its entities could expand)."""
    from xml.parsers import expat

    def doctype(*_: object) -> None:
        raise _refuse(f"{name} enthält eine Dokumenttyp-Angabe, die keine Excel-Arbeitsmappe hat, und wird "
                      "nicht gelesen.",
                      f"{name} holds a document type declaration, which no Excel workbook has, and is not read.")

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        parser.Parse(xml, True)
    except _Enough:
        pass
    except expat.ExpatError as exc:
        raise _refuse(f"{name} ist beschädigt und kann nicht gelesen werden.",
                      f"{name} is damaged and cannot be read.") from exc


def _is(tag: str, local: str) -> bool:
    """Whether an element name is ``local`` with or without a prefix."""
    return tag == local or (tag.endswith(local) and tag[-len(local) - 1] == ":")


class _ParsedSheet:
    """A sheet that is not plain, read by a real XML parser: its used area (rows and cells without
    ``r`` follow the one before, as the reader places them), its number of shared cells and the
    text they expand to (given the ``strings`` lengths). Keeps counts, not cells: memory stays flat."""

    def __init__(self, xml: bytes, name: str, strings: Sequence[int] = ()) -> None:
        self.rows = self.columns = self.cells = self.shared = self.expanded = 0
        self._row = self._column = 0
        self._strings = strings
        self._value: list[str] | None = None
        self._shared_cell = False
        _parse(xml, name, self._start, self._end, self._text)

    def area(self) -> tuple[int, int, bytes]:
        """(last row, last column, where that is)."""
        return self.rows, self.columns, f"{get_column_letter(min(max(self.columns, 1), 16384))}{self.rows}".encode()

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        if _is(tag, "c"):
            ref = attrs.get("r", "").strip()
            letters = ref.rstrip("0123456789")
            if letters.isascii() and letters.isalpha():
                self._column = _column_number(letters)
                self._row = int(ref[len(letters):]) if len(ref) > len(letters) else self._row
            else:
                self._column += 1
            self.cells += 1
            self.rows, self.columns = max(self.rows, self._row), max(self.columns, self._column)
            if self.cells > MAX_CELLS:
                self.rows = max(self.rows, MAX_CELLS + 1)
                raise _Enough
            self._shared_cell = attrs.get("t") == "s"
        elif _is(tag, "v") and self._shared_cell:
            self._value = []
        elif _is(tag, "row"):
            ref = attrs.get("r", "")
            self._row, self._column = (int(ref) if ref.isdigit() else self._row + 1), 0  # an empty row spans nothing

    def _end(self, tag: str) -> None:
        if self._value is not None and _is(tag, "v"):
            text = "".join(self._value).strip()
            self.shared += 1
            if text.isdigit() and len(text) < 10 and int(text) < len(self._strings):
                self.expanded += self._strings[int(text)]
            self._value = None
            self._shared_cell = False

    def _text(self, data: str) -> None:
        if self._value is not None:
            self._value.append(data)


def _string_lengths(strings: bytes, name: str) -> list[int]:
    """The text length of each shared string (``<si>``), by a real XML parser: plain text, runs and
    CDATA alike (phonetic hints count too: an upper bound)."""
    lengths: list[int] = []
    depth = 0

    def start(tag: str, _: dict[str, str]) -> None:
        nonlocal depth
        if _is(tag, "si"):
            depth += 1
            if depth == 1:
                lengths.append(0)

    def end(tag: str) -> None:
        nonlocal depth
        if _is(tag, "si"):
            depth -= 1

    def text(data: str) -> None:
        if depth:
            lengths[-1] += len(data)

    _parse(strings, name, start, end, text)
    return lengths


def _plain_area(xml: bytes) -> tuple[int, int, bytes]:
    """An upper bound of (last row, last column) over every cell of a plain sheet, and where that is,
    from a few scans that create no object per cell (the common case: a 50,000-row sheet of
    single-letter columns is bounded by 26 x 99,999 without looking further); a sheet of more cells
    than ``MAX_CELLS`` (the same cell may be written many times) counts as that many rows."""
    if xml.count(b'<c r="') > MAX_CELLS:
        return MAX_CELLS + 1, 1, b"A%d" % (MAX_CELLS + 1)
    columns, widest = 26, b"Z"
    if _WIDE_REF.search(xml):
        widest = max((m[1] for m in _WIDE_REFS.finditer(xml)), key=lambda letters: (len(letters), letters))
        columns = _column_number(widest.decode())
    rows = 99_999 if _LONG_ROW_REF.search(xml) is None else 0
    if rows * columns > MAX_CELLS or columns > MAX_COLUMNS or not rows:
        rows = max((int(m[1]) for m in _ROW_OF_REF.finditer(xml)), default=0)
        if columns == 26 and rows * columns > MAX_CELLS:  # say which column it really is
            widest = max((m[1] for m in _NARROW_REFS.finditer(xml)), default=b"A")
            columns = _column_number(widest.decode())
    return rows, columns, b"%s%d" % (widest, rows)


def _used_area(xml: bytes, name: str = "") -> tuple[int, int, bytes]:
    """An upper bound of (last row, last column) over every cell of a sheet, and where that is: scanned
    when the sheet is plain, else parsed."""
    return _plain_area(xml) if _plain(xml, _ODD_SHEET_TAGS) else _ParsedSheet(xml, name).area()


def _check_area(name: str, sheet: str, rows: int, columns: int, far: str) -> None:
    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise _refuse(
            f"Im Blatt „{sheet}“ von {name} reicht der benutzte Bereich bis {far}, weit über jede Tabelle "
            "hinaus; bitte dort alle Zellen leeren (oder die Zeilen und Spalten löschen) und neu speichern.",
            f"On the sheet “{sheet}” of {name} the used range reaches {far}, far beyond any table; please "
            "clear every cell out there (or delete those rows and columns) and save again.")


def _longest_string(strings: bytes, name: str) -> int:
    """An upper bound of the text length of the longest shared string: in a plain part the longest
    stretch from one ``<si`` to the next (markup counts too), else exactly."""
    if not _plain(strings, _ODD_STRINGS_TAGS):
        return max(_string_lengths(strings, name), default=0)
    starts = [m.start() for m in _SI_START.finditer(strings)]
    return max((b - a for a, b in pairwise([*starts, len(strings)])), default=0)


def _expanded_text(xml: bytes, name: str, lengths: Sequence[int]) -> int:
    """How much text the shared cells of a sheet expand to (``lengths``: of each shared string): by a
    scan when the scan provably found every shared cell (a plain sheet, one index per ``t="s"``),
    else by parsing."""
    if _plain(xml, _ODD_SHEET_TAGS):
        found = expanded = 0
        for m in _SHARED_VALUE.finditer(xml):
            found += 1
            index = int(m[1])
            expanded += lengths[index] if index < len(lengths) else 0
        if found == xml.count(b' t="s"'):
            return expanded
    return _ParsedSheet(xml, name, lengths).expanded


def check_sheets(path: Path, archive: zipfile.ZipFile, sheets: Sequence[tuple[str, str]],
                 strings_part: str | None) -> None:
    """Refuse sheets (``(name, part)``) that unpack to more than their header says, that the reader would
    lay out over too many cells, or whose cells expand the shared strings to too much text (each cell
    gets its own copy). Run after ``check_directory`` and ``check_parts``."""
    name = path.name
    names = set(archive.namelist())
    strings = read_part(path, archive, strings_part) if strings_part in names else b""
    longest = _longest_string(strings, name)
    references = 0
    for sheet, part in sheets:
        if part in names:
            xml = read_part(path, archive, part)
            if _plain(xml, _ODD_SHEET_TAGS):
                rows, columns, far = _plain_area(xml)
                references += xml.count(b' t="s"')
            else:
                parsed = _ParsedSheet(xml, name)
                rows, columns, far = parsed.area()
                references += parsed.shared
            _check_area(name, sheet, rows, columns, far.decode())
    if longest * references <= MAX_TEXT:
        return
    lengths = _string_lengths(strings, name)  # only now count exactly
    expanded = 0
    for sheet, part in sheets:
        if part in names:
            expanded += _expanded_text(read_part(path, archive, part), name, lengths)
        if expanded > MAX_TEXT:
            raise _refuse(
                f"Die Texte in {name} ergeben zusammen über {MAX_TEXT // 1_000_000} Millionen Zeichen "
                f"(Blatt „{sheet}“); so viel Text hält keine Netzwerk-Mappe. Bitte die Datei prüfen.",
                f"The texts in {name} add up to over {MAX_TEXT // 1_000_000} million characters (sheet "
                f"“{sheet}”); no network workbook holds that much text. Please check the file.")


def shared_strings_part(archive: zipfile.ZipFile, rels: Iterable[tuple[str, str]]) -> str | None:
    """The shared strings part named by the workbook's relationships ``(type, part)``."""
    for kind, part in rels:
        if kind.endswith(_SHARED_STRINGS_TYPE):
            return part
    return "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in archive.namelist() else None
