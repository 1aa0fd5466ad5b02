"""How a document batch looks on the command line: progress bars, then what was written and skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..texts import plural, t
from .batch import BatchResult

Step = Callable[[int, int], None]


@contextmanager
def progress_bars(console: Console, label: str) -> Iterator[tuple[Step, Step]]:
    """Two rich progress bars fed by ``progress(done, total)`` callbacks: the Word files, then the
    PDF conversion through LibreOffice (the slow part), which appears only when it starts."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)
        pdf_task: list = []

        def step(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        def pdf_step(done: int, total: int) -> None:
            if not pdf_task:
                pdf_task.append(progress.add_task("PDF (LibreOffice)", total=total))
            progress.update(pdf_task[0], completed=done, total=total)

        yield step, pdf_step


def print_batch(result: BatchResult, lang: str, console: Console) -> None:
    folders = sorted({str(p.parent) for p in result.written})
    where = folders[0] if len(folders) == 1 else ", ".join(folders)
    if result.written:
        documents = plural(lang, len(result.written), ("Dokument", "Dokumente"), ("document", "documents"))
        console.print(t(lang, f"{documents} geschrieben nach {where}", f"{documents} written to {where}"),
                      highlight=False)
    else:
        console.print(t(lang, "Kein Dokument geschrieben.", "No document written.")
                      + (f" {result.nothing}" if result.nothing else ""), highlight=False)
    if result.pdfs:
        pdfs = plural(lang, len(result.pdfs), ("PDF-Datei", "PDF-Dateien"), ("PDF file", "PDF files"))
        console.print(t(lang, f"{pdfs} erzeugt.", f"{pdfs} made."), highlight=False)
    skipped = result.skipped
    hints = [n for n in result.notices if not n.skipped]
    if skipped:
        console.print(f"[bold]{t(lang, 'Übersprungen', 'Skipped')} ({len(skipped)}):[/]")
    for notice in skipped:
        console.print(f"  {notice.item}: {notice.message}", markup=False, highlight=False)
    if hints:
        count = plural(lang, len(hints), ("Hinweis", "Hinweise"), ("note", "notes"))
        console.print(f"[bold]{count} ({t(lang, 'nichts übersprungen', 'nothing skipped')}):[/]")
    for notice in hints:
        console.print(f"  {notice.item}: {notice.message}", markup=False, highlight=False)
