"""Which files beside a workbook name a person: Word and Excel files, calendars, text, PDFs.

The search is bounded like every read of a foreign file: at most a few thousand files a few
folders deep, each package checked by ``workbook.limits`` first. Office files are searched in
the text of every part (markup removed, so a name split over two runs is still found); a PDF
is not parsed, but counts when the Word file it was made from (same name) names the person.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import UserError
from ..workbook.limits import check_package

OFFICE = {".docx", ".xlsx", ".xlsm", ".pptx", ".odt", ".ods"}
TEXT = {".ics", ".txt", ".csv", ".json", ".md", ".html", ".xml", ".vcf"}
MAX_FILES = 5000
MAX_DEPTH = 4
MAX_TEXT_BYTES = 20 * 2**20
_TAG = re.compile(rb"<[^>]*>")


def file_text(path: Path) -> str | None:
    """The readable text of an office, text or calendar file; None when it is not searchable."""
    suffix = path.suffix.lower()
    try:
        if suffix in OFFICE:
            with zipfile.ZipFile(path) as archive:
                check_package(path, archive)
                pieces = [_TAG.sub(b" ", archive.read(name)) for name in archive.namelist()
                          if name.endswith((".xml", ".rels")) or name.endswith(".vml")]
            return html.unescape(b" ".join(pieces).decode("utf-8", "replace"))
        if suffix in TEXT and path.stat().st_size <= MAX_TEXT_BYTES:
            return path.read_text("utf-8", errors="replace").replace("\r\n ", "").replace("\n ", "")
    except (OSError, zipfile.BadZipFile, UserError, KeyError, ValueError):
        return None
    return None


def candidates(folder: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Office, text and PDF files under ``folder`` (a few levels deep), except ``skip`` and hidden ones."""
    skipped = {p.resolve() for p in skip}
    found: list[Path] = []

    def walk(directory: Path, depth: int) -> None:
        try:
            entries = sorted(directory.iterdir())
        except OSError:
            return
        for entry in entries:
            if len(found) >= MAX_FILES or entry.name.startswith((".", "~$")):
                continue
            if entry.is_dir() and not entry.is_symlink():
                if depth < MAX_DEPTH and entry.resolve() not in skipped:
                    walk(entry, depth + 1)
            elif (entry.suffix.lower() in OFFICE | TEXT | {".pdf"} and entry.is_file()
                  and entry.resolve() not in skipped):
                found.append(entry)

    walk(folder, 0)
    return found


def naming(files: Iterable[Path], mentioned) -> list[Path]:
    """The files whose text ``mentioned(text)`` finds the person in; PDFs through their Word source."""
    files = list(files)
    hits = [p for p in files if p.suffix.lower() != ".pdf" and (text := file_text(p)) is not None and mentioned(text)]
    sources = {p.with_suffix("").resolve() for p in hits}
    hits += [p for p in files if p.suffix.lower() == ".pdf" and p.with_suffix("").resolve() in sources]
    return sorted(hits)
