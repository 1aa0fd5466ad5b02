"""xlquartier: the network work of neighbourhood managers as a standard Excel workbook."""

from .errors import UserError, WorkbookError
from .workbook.build import build_workbook
from .workbook.read import book_from_values, read_book
from .workbook.tables import Book, Row, Table

__all__ = [
    "Book", "Row", "Table", "UserError", "WorkbookError",
    "book_from_values", "build_workbook", "compare", "frames", "read_book",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``frames`` and ``compare`` load on first use: they bring pandas, which nothing else needs."""
    if name == "frames":
        from .dataframes import frames

        return frames
    if name == "compare":
        from .report.compare import compare

        return compare
    raise AttributeError(f"module 'xlquartier' has no attribute {name!r}")
