"""The server's files: each office's logos and each session's documents, behind signed, short-lived links.

Layout under the data folder (private: the server runs with umask 077)::

    offices/<office>/Logos/<logo>.png                  uploaded once per office in the task pane
    offices/<office>/sessions/<session>/<run>/<file>   what one button click wrote: one file or a zip

A session is one task pane (a random id the add-in makes when it loads), so one office's
managers do not see each other's documents, and no office sees another's. Every name in a
request is checked against a strict pattern and against what is actually in the folder;
no path from a request is ever opened. Documents are deleted after ``keep_minutes``, and a
download link works for ``link_minutes``: it carries its expiry and an HMAC over office,
session, run, file name and expiry, so it needs no login (the system browser opens it) and
cannot be forged or moved to another file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from ...errors import UserError
from ...files import write_atomically
from .config import OFFICE_NAME

SESSION = re.compile(r"[0-9a-f]{32}")
RUN = re.compile(r"[0-9a-f]{24}")
LOGO_FOLDER = "Logos"  # where the office's uploads are kept; also a book's logo folder when its own name is unusable
LOGO_NAME = re.compile(r"[\w][\w .()+-]{0,99}\.(?:png|jpe?g)", re.IGNORECASE)
LOGO_BYTES = 5 * 2**20
LOGO_PIXELS = 40_000_000
MAX_LOGOS = 500
WORK = "work"  # inside a run: where the script writes (the compute process's working folder)


@dataclass(frozen=True)
class Download:
    run: str
    name: str
    size: int
    created: float  # seconds since the epoch
    expires: float  # when the file is deleted


@dataclass(frozen=True)
class Run:
    """One button click's folder: the script writes into ``work``, the result ends up beside it."""

    folder: Path

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def work(self) -> Path:
        return self.folder / WORK


def logo_file_name(value: object) -> str:
    """The file name a workbook gives for a logo, without any folder (Windows or POSIX)."""
    return PureWindowsPath(str(value).strip()).name


class Storage:
    def __init__(self, root: Path, secret: str, link_minutes: float, keep_minutes: float):
        self.root = Path(root)
        self._key = bytes.fromhex(secret) if re.fullmatch(r"[0-9a-f]{64}", secret) else secret.encode()
        self.link_seconds = link_minutes * 60
        self.keep_seconds = keep_minutes * 60

    # ---- folders -------------------------------------------------------------------
    def office(self, office: str) -> Path:
        if not OFFICE_NAME.fullmatch(office):
            raise ValueError("not an office name")
        return self.root / "offices" / office

    def logos(self, office: str) -> Path:
        return self.office(office) / LOGO_FOLDER

    def session(self, office: str, session: str) -> Path:
        if not SESSION.fullmatch(session):
            raise ValueError("not a session id")
        return self.office(office) / "sessions" / session

    def new_run(self, office: str, session: str) -> Run:
        """A fresh folder for one script call (the script writes into its ``work`` folder)."""
        run = Run(self.session(office, session) / secrets.token_hex(12))
        run.work.mkdir(parents=True, mode=0o700)
        return run

    def check_room(self, office: str, limit_mb: float) -> None:
        """Refuse a new button call while the office's waiting documents fill its share of the disk."""
        folder = self.office(office) / "sessions"
        used = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) \
            if folder.is_dir() else 0
        if used > limit_mb * 2**20:
            minutes = f"{self.keep_seconds / 60:g}"
            raise UserError(
                f"Auf dem Server warten schon {used / 2**20:.0f} MB Dokumente dieses Büros (höchstens "
                f"{limit_mb:g} MB); sie werden nach {minutes} Minuten gelöscht, bitte dann noch einmal versuchen.",
                f"{used / 2**20:.0f} MB of this office's documents are already waiting on the server (at most "
                f"{limit_mb:g} MB); they are deleted after {minutes} minutes, please try again then.")

    def discard(self, run: Run) -> None:
        shutil.rmtree(run.folder, ignore_errors=True)

    # ---- documents -------------------------------------------------------------------
    def downloads(self, office: str, session: str, now: float | None = None) -> list[Download]:
        """The session's documents still kept, newest first."""
        now = time.time() if now is None else now
        folder = self.session(office, session)
        found = []
        for run in folder.iterdir() if folder.is_dir() else ():
            if not RUN.fullmatch(run.name) or not run.is_dir():
                continue
            for entry in run.iterdir():
                if entry.is_file() and not entry.is_symlink() and not entry.name.startswith("."):
                    stat = entry.stat()
                    if now - stat.st_mtime < self.keep_seconds:
                        found.append(Download(run.name, entry.name, stat.st_size, stat.st_mtime,
                                              stat.st_mtime + self.keep_seconds))
        return sorted(found, key=lambda d: (-d.created, d.name))

    def _signature(self, office: str, session: str, run: str, name: str, expires: int) -> str:
        message = "\n".join((office, session, run, name, str(expires))).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:40]

    def link(self, office: str, session: str, download: Download, now: float | None = None) -> dict[str, str]:
        """The query of a short-lived link to one download (``e`` expiry, ``k`` signature)."""
        now = time.time() if now is None else now
        expires = int(min(now + self.link_seconds, download.expires))
        return {"e": str(expires), "k": self._signature(office, session, download.run, download.name, expires)}

    def find(self, office: str, session: str, run: str, name: str, expires: str, signature: str,
             now: float | None = None) -> Path | None:
        """The file a link points at, if the link is genuine, unexpired and the file still kept."""
        now = time.time() if now is None else now
        if not (OFFICE_NAME.fullmatch(office) and SESSION.fullmatch(session) and RUN.fullmatch(run)
                and expires.isdigit() and len(expires) < 12):
            return None
        expected = self._signature(office, session, run, name, int(expires))
        if not hmac.compare_digest(expected, signature) or int(expires) < now:
            return None
        for download in self.downloads(office, session, now):
            if download.run == run and download.name == name:
                return self.session(office, session) / run / name
        return None

    def cleanup(self, now: float | None = None) -> int:
        """Delete the runs older than ``keep_minutes`` (and emptied session folders); returns how many."""
        now = time.time() if now is None else now
        removed = 0
        for session in self.root.glob("offices/*/sessions/*"):
            for run in list(session.iterdir()) if session.is_dir() else ():
                try:
                    old = now - run.stat().st_mtime >= self.keep_seconds
                except FileNotFoundError:
                    continue
                if old:
                    shutil.rmtree(run, ignore_errors=True)
                    removed += 1
            try:
                session.rmdir()  # only when empty
            except OSError:
                pass
        return removed

    # ---- logos -------------------------------------------------------------------------
    def logo_names(self, office: str) -> list[str]:
        folder = self.logos(office)
        if not folder.is_dir():
            return []
        return sorted((p.name for p in folder.iterdir()
                       if p.is_file() and not p.is_symlink() and LOGO_NAME.fullmatch(p.name)), key=str.casefold)

    def save_logo(self, office: str, name: str, data: bytes) -> str:
        """Keep an uploaded logo (PNG or JPEG, checked by opening it); returns its name."""
        if not LOGO_NAME.fullmatch(name) or name != logo_file_name(name):
            raise UserError(
                f"„{name}“ ist kein zulässiger Logo-Dateiname (Buchstaben, Ziffern, Leerzeichen, . - _ ( ) "
                "und die Endung .png, .jpg oder .jpeg).",
                f"“{name}” is not an allowed logo file name (letters, digits, spaces, . - _ ( ) and the "
                "ending .png, .jpg or .jpeg).")
        if len(data) > LOGO_BYTES:
            raise UserError(f"Das Logo {name} ist größer als {LOGO_BYTES // 2**20} MB.",
                            f"The logo {name} is larger than {LOGO_BYTES // 2**20} MB.")
        _check_image(name, data)
        existing = {n.casefold(): n for n in self.logo_names(office)}
        if name.casefold() not in existing and len(existing) >= MAX_LOGOS:
            raise UserError(f"Es sind schon {MAX_LOGOS} Logos gespeichert; bitte erst alte löschen.",
                            f"{MAX_LOGOS} logos are stored already; please delete old ones first.")
        if name.casefold() in existing and existing[name.casefold()] != name:
            (self.logos(office) / existing[name.casefold()]).unlink(missing_ok=True)  # one name, any case
        self.logos(office).mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(self.logos(office) / name, data)
        return name

    def delete_logo(self, office: str, name: str) -> bool:
        if name not in self.logo_names(office):
            return False
        (self.logos(office) / name).unlink(missing_ok=True)
        return True


def _check_image(name: str, data: bytes) -> None:
    """Open the upload as an image (PNG or JPEG only) without decoding a decompression bomb."""
    import io
    import warnings

    from PIL import Image

    problem = UserError(f"{name} ist kein lesbares PNG- oder JPEG-Bild.",
                        f"{name} is not a readable PNG or JPEG image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below, in one sentence
            image = Image.open(io.BytesIO(data))
        with image:
            if image.format not in ("PNG", "JPEG"):
                raise problem
            if image.width * image.height > LOGO_PIXELS:
                raise UserError(f"{name} hat zu viele Bildpunkte ({image.width} × {image.height}).",
                                f"{name} has too many pixels ({image.width} × {image.height}).")
            image.verify()
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for a broken file
        raise problem from None


def private_umask() -> None:
    """Everything the server writes holds personal data: folders 0700, files 0600."""
    os.umask(0o077)
