"""The result of every check: one finding points at one cell (or a sheet, or the file)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .catalogue import CATALOGUE, Severity

SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}


@dataclass(frozen=True)
class Finding:
    code: str  # stable public code from catalogue.py, e.g. "unknown-ref"
    severity: Severity
    sheet: str | None  # sheet name as written in the workbook
    row: int | None  # Excel row number
    column: str | None  # column header as written in the workbook
    message: str  # in the workbook's language
    cell: str | None = None  # A1 reference, e.g. "F12"

    def __post_init__(self) -> None:
        # The codes are a public contract: a check may only report a code the catalogue lists.
        entry = CATALOGUE.get(self.code)
        if entry is None or entry.severity != self.severity:
            raise ValueError(f"check code {self.code!r} ({self.severity}) is not in checks/catalogue.py")

    def as_json(self) -> dict:
        """The JSON shape of ``check --format json`` (overview.md)."""
        data = asdict(self)
        return {k: data[k] for k in ("code", "severity", "sheet", "row", "column", "cell", "message")}

    @property
    def sort_key(self) -> tuple:
        return (self.sheet or "", self.row or 0, self.column or "", SEVERITY_ORDER[self.severity], self.code)
