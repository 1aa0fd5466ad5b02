"""Where a command writes: the one meaning of ``--out`` across the command line.

``--out`` names a folder, made when it is missing. Only a command that writes exactly one
file also takes a file name, and then only one ending in that file's suffix
(``report --out Bericht.docx``). A name with another file suffix is refused, so a typo never
becomes a folder called ``Bericht.xlsx``.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError

FILE_SUFFIXES = {".docx", ".doc", ".pdf", ".xlsx", ".xlsm", ".xls", ".ics", ".png", ".csv", ".txt", ".json"}


def _make_folder(folder: Path) -> Path:
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} ist eine Datei, kein Ordner.", f"{folder} is a file, not a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Der Ordner {folder} lässt sich nicht anlegen ({exc.strerror or exc}).",
                        f"The folder {folder} cannot be made ({exc.strerror or exc}).") from None
    return folder


def output_folder(out: str | Path | None, default: Path) -> Path:
    """The folder a command writes several files into: ``out``, else ``default``; made when missing."""
    folder = Path(out) if out is not None else Path(default)
    if not folder.is_dir() and folder.suffix.lower() in FILE_SUFFIXES:
        raise UserError(f"Hier schreibt xlquartier mehrere Dateien: bitte mit --out einen Ordner angeben, "
                        f"nicht {folder.name}.",
                        f"This writes several files: please give a folder with --out, not {folder.name}.")
    return _make_folder(folder)


def output_file(out: str | Path | None, default_folder: Path, default_name: str) -> Path:
    """The file a one-file command writes: ``out`` when it ends in the file's suffix, else
    ``default_name`` in the folder ``out`` (or ``default_folder``); the folder is made when missing."""
    suffix = Path(default_name).suffix.lower()
    if out is None:
        target = Path(default_folder) / default_name
    else:
        out = Path(out)
        if out.suffix.lower() == suffix and not out.is_dir():
            target = out
        elif out.suffix.lower() in FILE_SUFFIXES and not out.is_dir():
            raise UserError(f"Bitte einen Dateinamen mit {suffix} oder einen Ordner angeben, nicht {out.name}.",
                            f"Please give a file name ending in {suffix} or a folder, not {out.name}.")
        else:
            target = out / default_name
    _make_folder(target.parent)
    return target
