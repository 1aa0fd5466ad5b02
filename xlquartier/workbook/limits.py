"""Bounds on what a file may make the tool do, checked before any library reads it.

A workbook comes from users and, as a returned partner view, from outside the office. The
libraries that read it trust it: python-calamine reserves memory for a sheet's whole
``<dimension>`` and lays a sheet out densely from its first to its last cell (one value in
``XFD1048576`` asks for 512 GiB and aborts the process), and every zip reader inflates a
part however large it unpacks. So a package is measured first, from its zip directory and
by inflating each part without keeping it: its size on disk, the unpacked size of every
part (a header that understates it is caught too), the packing ratio, the area each sheet
that will be read spans, and how much text its shared strings expand to. A file over a
limit is refused with one sentence (``WorkbookError``, exit 2); the limits are far above
what the largest real network needs (50,000 tasks: a 29 MB sheet, 470,000 cells).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter

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
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"\sr=\"([A-Za-z]*)(\d*)\"")
_SHARED_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\st=\"s\"[^>]*>\s*<(?:\w+:)?v>\s*(\d+)\s*<")
_SI_BODY = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", re.S)
_TAGS = re.compile(rb"<[^>]*>")


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

def _position(letters: bytes, digits: bytes) -> tuple[int, int]:
    column = column_index_from_string(letters.decode().upper()) if letters else 0
    return (int(digits) if digits else 0), column


def _used_area(xml: bytes) -> tuple[int, int, bytes]:
    """An upper bound of (last row, last column) over every cell of a sheet, and where that is; a sheet of
    more cells than ``MAX_CELLS`` (the same cell may be written many times) counts as that many rows.

    Excel, LibreOffice and openpyxl write every cell as ``<c r="B7" …>``; for them the bound
    comes from a few scans that create no object per cell (the common case: a 50,000-row sheet
    of single-letter columns is bounded by 26 x 99,999 without looking further). Cells may leave
    out ``r`` (they then follow the one before) or carry a prefix; such sheets are walked tag by tag.
    """
    if b":c" not in xml and xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>") == xml.count(b'<c r="'):
        if xml.count(b'<c r="') > MAX_CELLS:
            return MAX_CELLS + 1, 1, b"A%d" % (MAX_CELLS + 1)
        columns, widest = 26, b"Z"
        if _WIDE_REF.search(xml):
            widest = max((m[1] for m in _WIDE_REFS.finditer(xml)), key=lambda letters: (len(letters), letters))
            columns = column_index_from_string(widest.decode())
        rows = 99_999 if _LONG_ROW_REF.search(xml) is None else 0
        if rows * columns > MAX_CELLS or columns > MAX_COLUMNS or not rows:
            rows = max((int(m[1]) for m in _ROW_OF_REF.finditer(xml)), default=0)
            if columns == 26 and rows * columns > MAX_CELLS:  # say which column it really is
                widest = max((m[1] for m in _NARROW_REFS.finditer(xml)), default=b"A")
                columns = column_index_from_string(widest.decode())
        return rows, columns, b"%s%d" % (widest, rows)
    row = column = rows = columns = cells = 0
    for m in _ROW_OR_CELL.finditer(xml):  # one match at a time: memory stays flat
        tag, attrs = m[1], m[2]
        ref = _R_ATTR.search(attrs)
        if tag == b"row":
            row = int(ref[2]) if ref and ref[2] else row + 1
            column = 0
            continue
        if ref and ref[1]:
            row_of, column = _position(ref[1], ref[2])
            row = row_of or row
        else:
            column += 1
        rows, columns, cells = max(rows, row), max(columns, column), cells + 1
        if cells > MAX_CELLS:
            return MAX_CELLS + 1, 1, b"A%d" % (MAX_CELLS + 1)
    return rows, columns, f"{get_column_letter(min(max(columns, 1), 16384))}{rows}".encode()


def _check_area(name: str, sheet: str, rows: int, columns: int, far: str) -> None:
    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise _refuse(
            f"Im Blatt „{sheet}“ von {name} reicht der benutzte Bereich bis {far}, weit über jede Tabelle "
            "hinaus; bitte dort alle Zellen leeren (oder die Zeilen und Spalten löschen) und neu speichern.",
            f"On the sheet “{sheet}” of {name} the used range reaches {far}, far beyond any table; please "
            "clear every cell out there (or delete those rows and columns) and save again.")


def _shared_lengths(xml: bytes) -> list[int]:
    """The length of each shared string's text (markup left out; an entity counts a few too many)."""
    return [len(_TAGS.sub(b"", m[1])) for m in _SI_BODY.finditer(xml)]


def check_sheets(path: Path, archive: zipfile.ZipFile, sheets: Sequence[tuple[str, str]],
                 strings_part: str | None) -> None:
    """Refuse sheets (``(name, part)``) that unpack to more than their header says, that the reader would
    lay out over too many cells, or whose cells expand the shared strings to too much text (each cell
    gets its own copy). Run after ``check_directory`` and ``check_parts``."""
    name = path.name
    names = set(archive.namelist())
    strings = archive.read(strings_part) if strings_part in names else b""
    longest = max((m.end(1) - m.start(1) for m in _SI_BODY.finditer(strings)), default=0)  # markup too: a bound
    references = 0
    for sheet, part in sheets:
        if part in names:
            xml = read_part(path, archive, part)
            rows, columns, far = _used_area(xml)
            _check_area(name, sheet, rows, columns, far.decode())
            references += xml.count(b't="s"')
    if longest * references <= MAX_TEXT:
        return
    lengths = _shared_lengths(strings)  # only now count exactly
    expanded = 0
    for sheet, part in sheets:
        if part in names:
            indexes = (int(m[1]) for m in _SHARED_CELL.finditer(archive.read(part)))
            expanded += sum(lengths[i] for i in indexes if i < len(lengths))
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
