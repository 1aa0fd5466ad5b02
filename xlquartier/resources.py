"""Where the shipped workbooks and templates are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def shipped(kind: str) -> Path:
    """The folder of shipped files: ``workbook`` or ``templates``.

    An installed package carries them as ``xlquartier/shipped_<kind>/`` (see the package-dir
    mapping in pyproject.toml); a source checkout has them at the top level.
    """
    source = _REPO / kind
    if source.is_dir() and (_REPO / "pyproject.toml").exists():
        return source
    return _PACKAGE / f"shipped_{kind}"
