"""400 one-page Letters of Intent from a large workbook: the whole CLI against stock docxtpl, same run.

Baseline: stock docxtpl (``DocxTemplate(...).render(context, autoescape=True)`` + ``save``)
rendering the same template 400 times in one process, with the same contexts already
built (so the baseline does not even pay for reading the workbook). Ours: the whole
``xlquartier agreements`` command in a subprocess: Python start-up, reading the workbook,
building contexts, rendering, writing the files. Expected (issue 5): the whole CLI at least
3x faster; rendering alone at least 400 documents/s on 2 cores.
Usage: ``python benchmarks/bench_documents.py [PARTNERS]`` (default 2,000 partners).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from PIL import Image

from xlquartier.documents.agreements import _memberships, agreement_context, agreement_filename
from xlquartier.documents.batch import Job, render_jobs
from xlquartier.documents.common import Notices
from xlquartier.documents.engine import Picture
from xlquartier.documents.templates import find_template
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import read_book

sys.path.insert(0, str(Path(__file__).parent))
from generate import large_rows  # noqa: E402

DOCUMENTS = 400
TODAY = dt.date(2026, 11, 20)


def write_book(folder: Path, partners: int) -> Path:
    """A large workbook whose first 400 partners each have a draft Letter of Intent."""
    path = folder / f"letters-{partners}.xlsx"
    if path.exists():
        return path
    rows = large_rows(partners)
    rows["agreements"] = [
        {"id": f"V{i:05d}", "partner": f"P{i:05d}", "kind": "Letter of Intent",
         "subject": f"Nachbarschaftsfest {i} & Hoffest", "goals": "Gemeinsam mehr Menschen im Quartier erreichen",
         "partner_contribution": "Räume, Personal und eine feste Ansprechperson", "benefit": "Neue Kontakte",
         "qm_contribution": "Moderation und Öffentlichkeitsarbeit", "contact": f"K{2 * i - 1:05d}",
         "status": "Entwurf"} for i in range(1, DOCUMENTS + 1)]
    logos = folder / "logos"
    logos.mkdir(exist_ok=True)
    Image.new("RGB", (300, 100), "#884400").save(logos / "netzwerk.png")
    settings = {"qm_name": "Quartiersmanagement Lindenhof", "city": "Neustadt", "network_logo": "netzwerk.png",
                "address": "Lindenplatz 3, 12345 Neustadt"}
    return build_workbook(path, "de", data=rows, settings=settings)


def stock_docxtpl(template: Path, contexts: list[dict], out: Path) -> None:
    for i, context in enumerate(contexts):
        tpl = DocxTemplate(template)
        ctx = dict(context)
        picture = ctx["network_logo"]
        if isinstance(picture, Picture):
            ctx["network_logo"] = InlineImage(tpl, str(picture.path), height=Mm(picture.height_mm))
        tpl.render(ctx, autoescape=True)
        tpl.save(out / f"doc{i:03d}.docx")


def timed(fn) -> tuple[float, float]:
    """Wall time and CPU time (this process and its finished children, e.g. workers or the CLI).

    The machine is shared: wall time shows what a user waits for, CPU time is steadier.
    """
    def cpu() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    start, start_cpu = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - start, cpu() - start_cpu


def main() -> None:
    partners = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    folder = Path(__file__).parent / "out"
    folder.mkdir(exist_ok=True)
    book_path = write_book(folder, partners)
    book = read_book(book_path)
    template = find_template("loi", "de")
    notices = Notices("de")
    memberships = _memberships(book)
    drafts = [a for a in book.rows("agreements") if a["status"] == "Entwurf"]
    contexts = [agreement_context(book, a, "de", TODAY, notices, memberships) for a in drafts]
    jobs = [Job(a.id, agreement_filename(c, a, "de"), c) for a, c in zip(drafts, contexts, strict=True)]
    assert len(jobs) == DOCUMENTS, len(jobs)
    cli = shutil.which("xlquartier") or "xlquartier"

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "stock").mkdir()
        stock = timed(lambda: stock_docxtpl(template, contexts, tmp_path / "stock"))
        whole = timed(lambda: subprocess.run([cli, "agreements", str(book_path), "--kind", "loi",
                                              "--out", str(tmp_path / "cli")], check=True, capture_output=True))
        written = len(list((tmp_path / "cli").glob("*.docx")))
        two = timed(lambda: render_jobs(template, jobs, tmp_path / "two", "de", workers=2))
        one = timed(lambda: render_jobs(template, jobs, tmp_path / "one", "de", workers=1))
    rows = {k: len(t.rows) for k, t in book.tables.items()}
    print(f"workbook: {book_path.name}, rows: {rows}; cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.1f}")
    print(f"{'':44s} {'wall s':>7s} {'CPU s':>7s} {'docs/s wall':>12s}")
    for label, (wall, cpu_s) in ((f"stock docxtpl, {DOCUMENTS} renders, one process", stock),
                                 (f"xlquartier agreements, whole CLI ({written} files)", whole),
                                 ("rendering alone, 2 worker processes", two),
                                 ("rendering alone, 1 process", one)):
        print(f"{label:44s} {wall:7.2f} {cpu_s:7.2f} {DOCUMENTS / wall:12.0f}")
    print(f"ratio whole CLI vs stock docxtpl: {stock[0] / whole[0]:.1f}x wall, {stock[1] / whole[1]:.1f}x CPU "
          "(expected >= 3x)")
    print(f"rendering alone on 2 cores: {DOCUMENTS / two[0]:.0f} docs/s wall (expected >= 400); "
          f"CPU per document {1000 * two[1] / DOCUMENTS:.1f} ms")


if __name__ == "__main__":
    main()
