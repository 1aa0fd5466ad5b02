"""PDF copies through LibreOffice headless, the word processor most offices can install."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import UserError

BATCH = 50  # files per LibreOffice call: one start-up serves many documents


def soffice_binary() -> str:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise UserError("Für PDF wird LibreOffice benötigt (Befehl soffice nicht gefunden).",
                        "PDF output needs LibreOffice (command soffice not found).")
    return binary


def convert_to_pdf(files: Sequence[Path], out_dir: Path, timeout: int = 600) -> list[Path]:
    """Converts .docx files to PDF beside them in ``out_dir``; returns the PDFs that exist.

    LibreOffice runs with a profile folder of its own, so it neither disturbs nor waits
    for a LibreOffice the user has open.
    """
    if not files:
        return []
    binary = soffice_binary()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xq-lo-") as profile:
        for start in range(0, len(files), BATCH):
            chunk = [str(f) for f in files[start:start + BATCH]]
            subprocess.run(
                [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), *chunk],
                capture_output=True, timeout=timeout, check=False)
    return [p for p in (out_dir / f"{Path(f).stem}.pdf" for f in files) if p.is_file()]
