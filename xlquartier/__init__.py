"""xlquartier: the network work of neighbourhood managers as a standard Excel workbook."""

from .errors import UserError, WorkbookError
from .workbook.build import build_workbook
from .workbook.read import book_from_values, read_book
from .workbook.tables import Book, Row, Table

__all__ = [
    "Book", "Row", "Table", "UserError", "WorkbookError",
    "book_from_values", "build_workbook", "read_book",
]
__version__ = "0.1.0"
