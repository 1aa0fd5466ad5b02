"""Writing many documents at once: safe file names, files the user has open, both cores.

A batch never stops at one bad item: what cannot be written is reported as a ``Notice``
and the rest goes on. Big batches are split into chunks rendered by worker processes,
each of which prepares the template once. Pyodide (xlwings Lite) has no processes: there,
and for small batches, everything is rendered in this process; ``concurrent.futures.process``
is only imported when workers are really started, since importing it fails in Pyodide.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..errors import UserError
from ..files import lock_file, write_atomically
from ..texts import t
from .common import Notice
from .engine import Template

PARALLEL_FROM = 80  # below this, starting worker processes costs more than it saves
CHUNK = 40
Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class Job:
    """One document to write: its file name (no folder) and its template variables."""

    item: str
    filename: str
    context: dict[str, Any]


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    nothing: str = ""  # when nothing was there to write: why, and how to choose something

    @property
    def skipped(self) -> list[Notice]:
        return [n for n in self.notices if n.skipped]

    @property
    def complete(self) -> bool:
        """True when every document was written with everything it should show (no notice at all)."""
        return not self.notices


_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def safe_name(text: str, limit: int = 60) -> str:
    """``AK Sicherheit & Barrierefreiheit`` -> ``AK-Sicherheit-Barrierefreiheit``: safe on every system."""
    ascii_text = unicodedata.normalize("NFKD", str(text).translate(_TRANSLIT))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-") or "Dokument"


def unique_names(jobs: Sequence[Job]) -> None:
    """Two documents would get the same name (same group, same day): add the item's ID."""
    seen: dict[str, int] = {}
    for job in jobs:
        seen[job.filename.casefold()] = seen.get(job.filename.casefold(), 0) + 1
    for job in jobs:
        if seen[job.filename.casefold()] > 1:
            stem, dot, ext = job.filename.rpartition(".")
            job.filename = f"{stem}_{safe_name(job.item)}{dot}{ext}"


_TEMPLATES: dict[str, Template] = {}  # per process: each worker prepares a template once


def _template(path: str) -> Template:
    if path not in _TEMPLATES:
        _TEMPLATES[path] = Template(path)
    return _TEMPLATES[path]


def _render_chunk(template_path: str, lang: str,
                  chunk: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str | None]]:
    """Renders and writes ``(item, target, context)``; returns ``(target, error or None)``."""
    template = _template(template_path)
    results = []
    for item, target, context in chunk:
        try:
            write_atomically(Path(target), template.render(context))
            results.append((target, None))
        except jinja2.TemplateError as exc:
            results.append((target, t(lang, f"{item}: Fehler in der Vorlage: {exc}",
                                      f"{item}: error in the template: {exc}")))
        except UserError as exc:
            results.append((target, f"{item}: {exc.message(lang)}"))
        except OSError as exc:
            results.append((target, t(lang, f"{item}: Datei nicht geschrieben ({exc.strerror or exc}).",
                                      f"{item}: file not written ({exc.strerror or exc}).")))
    return results


def render_jobs(template: Path, jobs: Sequence[Job], out_dir: Path, lang: str,
                progress: Progress | None = None, workers: int | None = None) -> BatchResult:
    """Writes every job's document into ``out_dir``; open or unwritable files are reported."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    _template(str(template))  # a broken template fails once, before any work
    todo: list[tuple[str, str, dict[str, Any]]] = []
    for job in jobs:
        target = out_dir / job.filename
        lock = lock_file(target)
        if lock is not None:
            result.notices.append(Notice(job.item, t(
                lang, f"{target.name} ist gerade geöffnet und wurde nicht überschrieben.",
                f"{target.name} is open right now and was not overwritten.")))
        else:
            todo.append((job.item, str(target), job.context))
    total, done = len(todo), 0
    items = {target: item for item, target, _ in todo}
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers > 1 and total >= PARALLEL_FROM and sys.platform != "emscripten":
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_render_chunk, str(template), lang, chunk) for chunk in chunks]
            for future in as_completed(futures):
                done = _collect(future.result(), items, result, done, total, progress)
    else:
        for chunk in chunks:
            done = _collect(_render_chunk(str(template), lang, chunk), items, result, done, total, progress)
    result.written.sort()
    return result


def _collect(results: list[tuple[str, str | None]], items: dict[str, str], result: BatchResult,
             done: int, total: int, progress: Progress | None) -> int:
    for target, error in results:
        if error is None:
            result.written.append(Path(target))
        else:
            result.notices.append(Notice(items[target], error))
    done += len(results)
    if progress:
        progress(done, total)
    return done
