"""Shared test helpers: build small workbooks, and LibreOffice as the real office suite."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from xlquartier.workbook.build import build_workbook


@pytest.fixture
def make_book(tmp_path):
    """Build a standard workbook with the given rows: ``make_book({"partners": [...]}, lang="de")``."""
    counter = iter(range(1000))

    def make(data=None, lang="de", settings=None, name=None) -> Path:
        path = tmp_path / (name or f"book{next(counter)}.xlsx")
        return build_workbook(path, lang, data=data or {}, settings=settings)

    return make


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """Run LibreOffice headless with a profile of its own: ``soffice(src, "pdf", outdir) -> Path``."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.fail("LibreOffice (soffice) is not installed; .ci/run installs it")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(src: Path, fmt: str, outdir: Path) -> Path:
        outdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), str(src)],
            check=True, capture_output=True, timeout=180)
        out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
        assert out.exists(), f"LibreOffice did not write {out}"
        return out

    return convert
