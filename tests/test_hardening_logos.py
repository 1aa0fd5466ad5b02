"""Logos are decoded within a pixel limit and re-encoded small: a bad logo is one notice, never a lost document.

Before the fix (main at c6879eb) the 100-byte PNG claiming 30000 x 30000 pixels made ``contacts``,
``agreements`` and ``minutes`` fail with a traceback (DecompressionBombError), and the large logo
with data appended was embedded byte for byte.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.documents_book import SETTINGS, TODAY, document_rows, write_logos
from xlquartier.documents import write_agreements, write_contacts, write_minutes
from xlquartier.workbook.read import read_book

APPENDED = b"SECRET-APPENDIX" * 70_000  # ~1 MB a file carries after its image data


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid PNG header for a huge picture, with a few bytes of (truncated) image data: ~100 bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _chunk(b"IEND", b""))


@pytest.fixture
def book(make_book, tmp_path):
    write_logos(tmp_path / "logos")
    return read_book(make_book(document_rows(), settings=SETTINGS, name="Netzwerk.xlsx"))


WRITERS = {
    "contacts": lambda book, out: write_contacts(book, out / "Kontaktliste.docx", today=TODAY),
    "agreements": lambda book, out: write_agreements(book, out_dir=out, today=TODAY),
    "minutes": lambda book, out: write_minutes(book, out_dir=out, today=TODAY),
}


@pytest.mark.parametrize("kind", list(WRITERS))
def test_a_logo_claiming_huge_dimensions_is_one_notice_and_the_documents_are_written(kind, book, tmp_path):
    bomb = bomb_png()
    assert len(bomb) < 120
    (tmp_path / "logos" / "gs.png").write_bytes(bomb)
    (tmp_path / "logos" / "netzwerk.png").write_bytes(bomb)
    result = WRITERS[kind](book, tmp_path / kind)
    assert result.written, result.notices
    too_large = [n for n in result.notices if "zu groß" in n.message]
    assert too_large and len({(n.item, n.message) for n in too_large}) == len(too_large)
    assert not [n for n in too_large if n.skipped]


def test_a_large_logo_is_re_encoded_small_and_loses_what_was_appended(book, tmp_path):
    noise = Image.frombytes("RGB", (2400, 1600), os.urandom(2400 * 1600 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=1)
    original = buffer.getvalue() + APPENDED
    assert len(original) > 10_000_000
    (tmp_path / "logos" / "gs.png").write_bytes(original)
    result = write_contacts(book, tmp_path / "Kontaktliste.docx", today=TODAY)
    assert result.written and not [n for n in result.notices if "gs.png" in n.message]
    with zipfile.ZipFile(result.written[0]) as archive:
        media = {n: archive.read(n) for n in archive.namelist() if n.startswith("word/media/")}
    assert media
    assert not any(b"SECRET-APPENDIX" in data for data in media.values())
    biggest = max(media.values(), key=len)
    assert len(biggest) < 4_000_000
    with Image.open(io.BytesIO(biggest)) as embedded:
        assert max(embedded.size) == 1000 and embedded.size[0] / embedded.size[1] == pytest.approx(1.5, abs=0.01)
    assert result.written[0].stat().st_size < 5_000_000


def test_a_broken_logo_is_one_notice(book, tmp_path):
    (tmp_path / "logos" / "gs.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"nonsense" * 10)
    result = write_contacts(book, tmp_path / "Kontaktliste.docx", today=TODAY)
    assert result.written
    assert [n.message for n in result.notices if "gs.png" in n.message] == [
        "Logo-Datei gs.png ist kein lesbares Bild (PNG/JPEG); es wird weggelassen."]


def test_a_photo_stays_a_jpeg_and_metadata_is_dropped(tmp_path):
    from xlquartier.documents.engine import load_image

    photo = Image.new("RGB", (1200, 900), "#336699")
    exif = Image.Exif()
    exif[0x013B] = "Anna Schmidt"  # Artist
    path = tmp_path / "foto.jpg"
    photo.save(path, "JPEG", exif=exif)
    assert b"Anna Schmidt" in path.read_bytes()
    image = load_image(Path(path))
    assert image.ext == "jpeg" and (image.width_px, image.height_px) == (1000, 750)
    assert b"Anna Schmidt" not in image.data
