"""Where the shipped workbooks and templates are, installed or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def shipped(kind: str) -> Path:
    """The folder of shipped files: ``workbook`` or ``templates``.

    An installed package carries them as ``xlquartier.shipped_<kind>`` (see pyproject);
    a source checkout has them at the top level.
    """
    source = _REPO / kind
    if source.is_dir() and (_REPO / "pyproject.toml").exists():
        return source
    return Path(str(resources.files(f"xlquartier.shipped_{kind}")))
