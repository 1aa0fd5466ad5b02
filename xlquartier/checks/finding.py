"""The result of every check: one finding points at one cell (or a sheet, or the file)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "hint"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}


@dataclass(frozen=True)
class Finding:
    code: str  # stable public code from checks.md, e.g. "unknown-ref"
    severity: Severity
    sheet: str | None  # sheet name as written in the workbook
    row: int | None  # Excel row number
    column: str | None  # column header as written in the workbook
    message: str  # in the workbook's language
    cell: str | None = None  # A1 reference, e.g. "F12"

    def as_json(self) -> dict:
        """The JSON shape of ``check --format json`` (overview.md)."""
        data = asdict(self)
        return {k: data[k] for k in ("code", "severity", "sheet", "row", "column", "cell", "message")}

    @property
    def sort_key(self) -> tuple:
        return (self.sheet or "", self.row or 0, self.column or "", SEVERITY_ORDER[self.severity], self.code)
