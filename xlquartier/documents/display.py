"""How a document batch looks on the command line: a progress bar, then what was written and skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..texts import t
from .batch import BatchResult


@contextmanager
def progress_bar(console: Console, label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar fed by the ``progress(done, total)`` callback of the batch functions."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def step(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield step


def print_batch(result: BatchResult, lang: str, console: Console) -> None:
    folders = sorted({str(p.parent) for p in result.written})
    where = folders[0] if len(folders) == 1 else ", ".join(folders)
    console.print(t(lang, f"{len(result.written)} Dokument(e) geschrieben nach {where}",
                    f"{len(result.written)} document(s) written to {where}") if result.written
                  else t(lang, "Kein Dokument geschrieben.", "No document written."), highlight=False)
    if result.pdfs:
        console.print(t(lang, f"{len(result.pdfs)} PDF-Datei(en) erzeugt.", f"{len(result.pdfs)} PDF file(s) made."))
    skipped = result.skipped
    hints = [n for n in result.notices if not n.skipped]
    for notices, de, en in ((skipped, "übersprungen", "skipped"), (hints, "Hinweis(e)", "note(s)")):
        if notices:
            console.print(f"[bold]{len(notices)} {t(lang, de, en)}:[/]")
        for notice in notices:
            console.print(f"  {notice.item}: {notice.message}", markup=False, highlight=False)
