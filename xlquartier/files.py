"""Writing files the way an office expects: never half-written, never over a file in use.

Every file xlquartier writes (workbooks, documents, reports, exports, records) goes through
``replacing``: the new content is written beside the target and swapped in with one rename,
so a crash or a full disk never leaves a broken file; and a file Excel, Word or LibreOffice
holds open is refused rather than overwritten.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import FileLockedError, UserError


def lock_file(path: Path) -> Path | None:
    """The owner file Office or LibreOffice keeps beside a file it has open, if any.

    Office names it ``~$`` plus the name, replacing the first two characters of long names
    (one for seven-character stems); LibreOffice uses ``.~lock.<name>#``.
    """
    cut = 2 if len(path.stem) > 7 else 1 if len(path.stem) == 7 else 0
    candidates = (path.with_name("~$" + path.name[cut:]), path.with_name("~$" + path.name),
                  path.with_name(f".~lock.{path.name}#"))
    return next((c for c in candidates if c.exists()), None)


def check_not_locked(path: Path) -> None:
    """Refuse while Excel, Word or LibreOffice holds the file open."""
    if lock_file(path) is not None:
        raise FileLockedError(
            f"{path.name} ist gerade in Excel, Word oder LibreOffice geöffnet. Bitte die Datei "
            "schließen und noch einmal versuchen.",
            f"{path.name} is open in Excel, Word or LibreOffice. Please close it and try again.")


def fingerprint(data: bytes) -> str:
    """What identifies one state of a file: a hash of its bytes (read, then compared before writing)."""
    return hashlib.sha256(data).hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``; when the block succeeds it replaces ``path`` at once."""
    check_not_locked(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".xq-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise UserError(f"In {path.parent} kann nicht geschrieben werden.",
                        f"Cannot write into {path.parent}.") from exc
    os.close(fd)
    tmp = Path(name)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; these are ordinary office files
    try:
        yield tmp
        os.replace(tmp, path)
    except PermissionError as exc:
        raise FileLockedError(
            f"{path.name} kann nicht gespeichert werden (geöffnet oder schreibgeschützt).",
            f"{path.name} cannot be saved (open elsewhere or read-only).") from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> Path:
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return path
