"""The steps every document batch shares: pick the template, render, optionally make PDFs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..outputs import output_file, output_folder
from ..texts import t
from ..workbook.tables import Book
from .batch import BatchResult, Job, Progress, render_jobs, unique_names
from .common import Notice, Notices
from .pdf import convert_to_pdf
from .templates import find_template


def _base(book: Book) -> Path:
    """Where a book's documents go by default: beside the workbook (or its folder without a file here)."""
    if book.path is not None:
        return book.path.parent
    return book.folder if book.folder is not None else Path.cwd()


def output_dir(book: Book, out_dir: Path | None, default: str) -> Path:
    """``--out`` if given, else a folder named ``default`` beside the workbook; made when missing."""
    return output_folder(out_dir, _base(book) / default)


def single_file(book: Book, out: Path | None, name: str) -> Path:
    """The file of a one-document command: ``--out`` as that file or a folder for it (``outputs``)."""
    return output_file(out, _base(book), name)


def write_batch(book: Book, kind: str, jobs: Sequence[Job], notices: Notices, out_dir: Path | None,
                default_dir: str, pdf: bool, templates: Path | None, lang: str,
                progress: Progress | None, pdf_progress: Progress | None = None) -> BatchResult:
    template = find_template(kind, lang, book.path, templates)
    target = output_dir(book, out_dir, default_dir)
    unique_names(jobs)
    result = render_jobs(template, jobs, target, lang, progress)
    result.notices[:0] = notices.items
    if pdf and result.written:
        result.pdfs = convert_to_pdf(result.written, target, progress=pdf_progress)
        made = {p.stem for p in result.pdfs}
        for path in result.written:
            if path.stem not in made:
                result.notices.append(Notice(path.stem, t(
                    lang, f"PDF für {path.name} wurde nicht erzeugt.", f"No PDF made for {path.name}.")))
    return result
