"""Errors a user can act on: one plain sentence in German and English, and an exit code."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused action. The CLI prints ``message(lang)`` and exits with ``exit_code``."""

    exit_code = 1

    def __init__(self, de: str, en: str):
        super().__init__(en)
        self.de, self.en = de, en

    def message(self, lang: str = "de") -> str:
        return self.en if lang == "en" else self.de


class WorkbookError(UserError):
    """The file cannot be read at all (not a workbook, damaged, encrypted, missing)."""

    exit_code = 2


class FileLockedError(UserError):
    """Excel (or LibreOffice) holds the file open; writing now could lose the user's work."""

    exit_code = 2


class FileChangedError(UserError):
    """The file changed between reading and writing (another run wrote it): nothing was written."""

    exit_code = 2


class OutdatedWorkbookError(UserError):
    """The workbook predates a sheet or column a feature needs; ``xlquartier upgrade`` adds it."""

    exit_code = 1
