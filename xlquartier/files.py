"""Writing files the way an office expects: never half-written, never over a file in use.

Every file xlquartier writes (workbooks, documents, reports, exports, records) goes through
``replacing``: the new content is written beside the target and swapped in with one rename,
so a crash or a full disk never leaves a broken file; a file Excel, Word or LibreOffice
holds open is refused rather than overwritten, and so is a read-only one.

- A file that exists keeps its mode, owner and group; a symbolic link is written through
  to its target (the link stays a link). A hard link cannot be kept: the replaced file is
  a new file, and other names of the old one keep the old content (as with Excel's own save).
- A new file is private (0600, or the mode of the workbook it came from where that is
  stricter), because nearly everything the tool writes holds personal data.
- The temporary file is named ``<stem>.xlquartier-tmp-<random><suffix>``; one left behind by a
  killed run is removed by the next write of the same file (at once when that write holds
  the workbook's lock, else once it is ten minutes old).

``exclusive(path)`` is the tool's own lock for a read-modify-write of a workbook (``check
--write``, ``share import``, ``upgrade``, ``privacy erase``): hold it from reading the file
to replacing it, and pass the fingerprint of what was read to ``Package.open(expect=)``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import FileLockedError, UserError

TEMP_MARK = ".xlquartier-tmp-"
STALE_TEMP_SECONDS = 600
_TEMP_NAME = re.compile(r"(.*)" + re.escape(TEMP_MARK) + r"[A-Za-z0-9_]{8}(\.[^.]*|)\Z", re.S)
LOCK_WAIT_SECONDS = 60.0
PRIVATE = 0o600


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
    """Refuse while Excel, Word or LibreOffice holds the file open (by its name or its link's target)."""
    path = Path(path)
    if lock_file(path) is not None or (path.is_symlink() and lock_file(target_of(path)) is not None):
        raise FileLockedError(
            f"{path.name} ist gerade in Excel, Word oder LibreOffice geöffnet. Bitte die Datei "
            "schließen und noch einmal versuchen.",
            f"{path.name} is open in Excel, Word or LibreOffice. Please close it and try again.")


def check_writable(path: Path) -> None:
    """Refuse a read-only file (mode 444, or the Windows read-only attribute): it is never replaced."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise FileLockedError(
            f"{path.name} ist schreibgeschützt; xlquartier hat nichts geändert. Bitte den Schreibschutz "
            "aufheben und noch einmal versuchen.",
            f"{path.name} is read-only; xlquartier changed nothing. Please remove the write protection "
            "and try again.")


def target_of(path: Path) -> Path:
    """The file a path names, symbolic links followed (writing goes to the target)."""
    return Path(os.path.realpath(path))


def fingerprint(data: bytes) -> str:
    """What identifies one state of a file: a hash of its bytes (read, then compared before writing)."""
    return hashlib.sha256(data).hexdigest()


def private_mode(like: Path | None = None) -> int:
    """0600, or the mode of ``like`` (the workbook a file comes from) where that is stricter."""
    try:
        return PRIVATE & stat.S_IMODE(os.stat(like).st_mode) if like is not None else PRIVATE
    except OSError:
        return PRIVATE


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def temp_target(name: str) -> str | None:
    """The name of the file a temporary file of ``replacing`` was made for (None: not one)."""
    m = _TEMP_NAME.match(name)
    return m[1] + m[2] if m else None


def remove_stale_temps(folder: Path, belongs: Callable[[str], bool], held: bool) -> None:
    """Delete temporary files a killed run left in ``folder`` for files named so that ``belongs(name)``.

    ``held``: the caller holds the lock of the file they belong to, so no live run can be
    writing them; otherwise only those untouched for ten minutes go.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        target = temp_target(entry.name) if TEMP_MARK in entry.name else None
        if target is None or not belongs(target):
            continue
        try:
            if held or now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
                os.unlink(entry.path)
        except OSError:
            pass


def _settle(tmp: Path, existing: os.stat_result | None, private: bool, like: Path | None,
            mode: int | None) -> None:
    """Give the new file the old one's mode, owner and group, or a new file its mode; ``mode``, when
    given, is the mode either way."""
    if existing is None:
        os.chmod(tmp, mode if mode is not None else private_mode(like) if private else 0o666 & ~_umask())
        return
    kept = stat.S_IMODE(existing.st_mode) if mode is None else mode
    os.chmod(tmp, kept)
    if hasattr(os, "chown"):
        mine = os.stat(tmp)
        if (mine.st_uid, mine.st_gid) != (existing.st_uid, existing.st_gid):
            try:
                os.chown(tmp, existing.st_uid, existing.st_gid)
            except OSError:
                try:  # only root may give a file away; a member may still keep the group
                    os.chown(tmp, -1, existing.st_gid)
                except OSError:
                    pass
            os.chmod(tmp, kept)  # chown clears set-id bits


@contextmanager
def replacing(path: Path, *, private: bool = True, like: Path | None = None,
              mode: int | None = None) -> Iterator[Path]:
    """A temporary file beside ``path``; when the block succeeds it replaces ``path`` at once.

    ``private``: a new file gets ``private_mode(like)``; otherwise the usual mode (umask).
    ``mode``: the file gets exactly this mode, also when it replaces one (a document of personal
    data stays private even where an older copy was readable by others).
    """
    path = Path(path)
    check_not_locked(path)
    target = target_of(path)
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        check_writable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target.parent, lambda name: name == target.name, holds(target))
        fd, name = tempfile.mkstemp(prefix=target.stem + TEMP_MARK, suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise UserError(f"In {path.parent} kann nicht geschrieben werden.",
                        f"Cannot write into {path.parent}.") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _settle(tmp, existing, private, like, mode)
        os.replace(tmp, target)
    except PermissionError as exc:
        raise FileLockedError(
            f"{path.name} kann nicht gespeichert werden (geöffnet oder schreibgeschützt).",
            f"{path.name} cannot be saved (open elsewhere or read-only).") from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes, *, private: bool = True, like: Path | None = None,
                     mode: int | None = None) -> Path:
    with replacing(path, private=private, like=like, mode=mode) as tmp:
        tmp.write_bytes(data)
    return path


# --------------------------------------------------------------------------- one writer at a time

class _Held:
    def __init__(self) -> None:
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None
        self.pid = os.getpid()
        self.owner: int | None = None  # the thread holding it


_held: dict[str, _Held] = {}
_registry = threading.Lock()


def lock_path(path: Path) -> Path:
    """The tool's lock file of a workbook, in the folder the tool keeps beside it."""
    target = target_of(path)
    return target.parent / f"{target.stem}.xlquartier" / f"{target.name}.lock"


def holds(path: Path) -> bool:
    """Whether this thread holds ``exclusive(path)``."""
    entry = _held.get(str(lock_path(path)))
    return (entry is not None and entry.depth > 0 and entry.pid == os.getpid()
            and entry.owner == threading.get_ident())


def _busy(path: Path) -> FileLockedError:
    return FileLockedError(
        f"{Path(path).name} wird gerade von einem anderen xlquartier-Vorgang geschrieben; bitte gleich noch "
        "einmal versuchen.",
        f"{Path(path).name} is being written by another xlquartier run; please try again in a moment.")


_HELD_ELSEWHERE = {errno.EACCES, errno.EAGAIN, getattr(errno, "EDEADLOCK", errno.EDEADLK)}


def _try_lock(fd: int) -> bool:
    """Take the OS lock if free. A file system that cannot lock at all (some network shares)
    counts as free: the fingerprint check before writing still refuses a changed file."""
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno not in _HELD_ELSEWHERE
    return True


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.lockf(fd, fcntl.LOCK_UN)
    except OSError:
        pass  # never taken (see _try_lock); closing releases whatever was
    finally:
        os.close(fd)


@contextmanager
def exclusive(path: Path, timeout: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the tool's own write lock of the workbook ``path`` (one writer at a time).

    Another process (or thread) that wants the same workbook waits up to ``timeout``
    seconds, then gets ``FileLockedError`` (exit 2). Re-entrant within a thread, so a
    caller holding it can call functions that take it again (``Package.save`` does).
    The lock is an OS lock on a file in ``<stem>.xlquartier/`` beside the workbook (fcntl
    on Linux and macOS, msvcrt on Windows); the OS releases it when a process dies.
    """
    key = lock_path(path)
    with _registry:
        entry = _held.get(str(key))
        if entry is None or entry.pid != os.getpid():  # a forked child holds nothing of its parent's
            entry = _held[str(key)] = _Held()
    deadline = time.monotonic() + timeout
    if not entry.thread_lock.acquire(timeout=max(timeout, 0)):
        raise _busy(path)
    try:
        if entry.depth == 0:
            try:
                key.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise UserError(f"In {key.parent.parent} kann nicht geschrieben werden.",
                                f"Cannot write into {key.parent.parent}.") from exc
            delay = 0.02
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise _busy(path)
                time.sleep(delay)
                delay = min(delay * 1.5, 0.25)
            entry.fd = fd
            entry.owner = threading.get_ident()
        entry.depth += 1
        try:
            yield
        finally:
            entry.depth -= 1
            if entry.depth == 0 and entry.fd is not None:
                fd, entry.fd, entry.owner = entry.fd, None, None
                _unlock(fd)
    finally:
        entry.thread_lock.release()
