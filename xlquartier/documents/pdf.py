"""PDF copies through LibreOffice headless, the word processor most offices can install."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import UserError

BATCH = 50  # files per LibreOffice call: one start-up serves many documents
# Where the LibreOffice installers put soffice when it is not on PATH (Windows, macOS).
INSTALL_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def soffice_binary() -> str:
    """LibreOffice's soffice: ``XLQUARTIER_SOFFICE``, then PATH, then the installers' usual places."""
    configured = os.environ.get("XLQUARTIER_SOFFICE")
    if configured and Path(configured).is_file():
        return configured
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        binary = next((place for place in INSTALL_PLACES if Path(place).is_file()), None)
    if binary is None:
        raise UserError("Für PDF wird LibreOffice benötigt (soffice nicht gefunden). Bitte LibreOffice installieren "
                        "oder den Pfad zu soffice in der Umgebungsvariablen XLQUARTIER_SOFFICE angeben.",
                        "PDF output needs LibreOffice (soffice not found). Please install LibreOffice or set "
                        "XLQUARTIER_SOFFICE to the path of soffice.")
    return binary


def convert_to_pdf(files: Sequence[Path], out_dir: Path, timeout: int = 600,
                   progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Converts .docx files to PDF beside them in ``out_dir``; returns the PDFs made by this run.

    LibreOffice runs with a profile folder of its own, so it neither disturbs nor waits
    for a LibreOffice the user has open. It converts one file after the other; while it
    runs, ``progress(done, total)`` follows the PDFs as they appear.
    """
    if not files:
        return []
    binary = soffice_binary()
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / f"{Path(f).stem}.pdf" for f in files]
    before = {target: target.stat().st_mtime_ns if target.exists() else None for target in targets}

    def made() -> list[Path]:
        return [p for p in targets if p.exists() and p.stat().st_mtime_ns != before[p]]

    with tempfile.TemporaryDirectory(prefix="xq-lo-") as profile:
        for start in range(0, len(files), BATCH):
            chunk = [str(f) for f in files[start:start + BATCH]]
            process = subprocess.Popen(
                [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), *chunk],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    process.wait(timeout=0.25)
                    finished = True
                except subprocess.TimeoutExpired:
                    finished = False
                if progress:
                    progress(len(made()), len(files))
                if finished:
                    break
                if time.monotonic() > deadline:
                    process.kill()
                    process.wait()
                    break
    return made()
