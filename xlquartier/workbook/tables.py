"""The typed tables every other layer works on.

A ``Book`` is what the reader makes of a workbook file or of a live Excel book: one
``Table`` per data sheet, the settings and the lists. Each ``Row`` keeps its Excel row
number and each column its header as written, so findings can point at the cell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..errors import OutdatedWorkbookError
from ..schema import DATA_SHEETS, LISTS, QM, SETTING_RANGES, SETTINGS, Column, SheetSpec, normalize_header
from ..texts import t


@dataclass(eq=False)
class Row:
    """One record. ``values`` are typed (None when empty or unreadable), ``raw`` as read.

    Rows compare by identity: two records with equal values are still two rows.
    """

    number: int  # Excel row number
    values: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)
    issues: dict[str, str] = field(default_factory=dict)  # column key -> check code
    extra: dict[str, Any] = field(default_factory=dict)  # unknown columns, by header

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    @property
    def id(self) -> str | None:
        return self.values.get("id")


@dataclass
class ColumnPos:
    header: str  # as written in the workbook
    index: int  # 0-based column index

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Table:
    spec: SheetSpec
    name: str  # sheet name as in the workbook
    header_row: int  # Excel row number of the header
    columns: dict[str, ColumnPos]
    rows: list[Row]
    extra_columns: dict[str, int] = field(default_factory=dict)  # header -> 0-based index

    def cell(self, row_number: int, key: str) -> str | None:
        pos = self.columns.get(key)
        return f"{pos.letter}{row_number}" if pos else None

    def header(self, key: str, lang: str) -> str:
        pos = self.columns.get(key)
        return pos.header if pos else self.spec.column(key).header(lang)

    def by_id(self) -> dict[str, Row]:
        return {row.id: row for row in self.rows if row.id}


@dataclass(frozen=True)
class Match:
    """What a reference resolves to: a row of a sheet, or the neighbourhood management."""

    sheet: str | None  # None for QM
    row: Row | None

    @property
    def is_qm(self) -> bool:
        return self.sheet is None


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass
class Book:
    lang: str
    tables: dict[str, Table]
    settings: dict[str, Any]
    lists: dict[str, list[str]]
    path: Path | None = None
    sheet_names: list[str] = field(default_factory=list)
    missing_sheets: list[str] = field(default_factory=list)  # data sheet keys
    setting_rows: dict[str, int] = field(default_factory=dict)  # setting key -> Excel row
    schema_version: str | None = None
    fingerprint: str | None = None  # of the file as read (files.fingerprint); writers compare it before writing
    folder: Path | None = None  # its files' folder where it has no path here (xlwings Lite: /data)
    last_ids: dict[str, int] = field(default_factory=dict)  # sheet key -> highest ID number ever used (ids.py)
    _index: dict[str, dict[str, list[Row]]] = field(default_factory=dict, repr=False)

    # ---- convenience -------------------------------------------------------------
    def table(self, key: str) -> Table:
        return self.tables[key]

    def rows(self, key: str) -> list[Row]:
        table = self.tables.get(key)
        return table.rows if table else []

    def setting(self, key: str) -> Any:
        value = self.settings.get(key)
        return SETTINGS[key].default if value in (None, "") else value

    def number(self, key: str) -> float:
        """A numeric setting; one typed badly or outside its range (``schema.SETTING_RANGES``) falls back
        to its default, so no threshold can make a check hang (the check ``bad-setting`` reports it)."""
        number = self.setting_number(key)
        return float(SETTINGS[key].default) if number is None else number

    def whole(self, key: str) -> int:
        """A numeric setting as a whole number (days, months, counts), cut as ``int`` cuts."""
        return int(self.number(key))

    def setting_number(self, key: str) -> float | None:
        """A numeric setting as typed, or None when it is no number or outside its range."""
        value = self.setting(key)
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            return None
        low, high = SETTING_RANGES.get(key, (-math.inf, math.inf))
        return number if low <= number <= high else None  # NaN is in no range

    @property
    def qm(self) -> str:
        return str(self.setting("qm_short")).strip() or QM

    @property
    def logo_dir(self) -> Path | None:
        base = self.path.parent if self.path is not None else self.folder
        return None if base is None else base / str(self.setting("logo_folder"))

    def list_values(self, list_key: str) -> list[str]:
        return self.lists.get(list_key) or [de for de, _ in LISTS[list_key].entries]

    def require(self, *sheets: str, columns: dict[str, tuple[str, ...]] | None = None) -> None:
        """Refuse in one sentence that names ``xlquartier upgrade`` when the workbook lacks a data
        sheet (by key) or a column (``{"meetings": ("invited_on",)}``) a feature needs."""
        name = self.path.name if self.path else t(self.lang, "MAPPE.xlsx", "BOOK.xlsx")
        version = self.schema_version or "1"
        for key in sheets:
            if key not in self.tables:
                spec = DATA_SHEETS[key]
                raise OutdatedWorkbookError(
                    f"Diese Arbeitsmappe (Schemaversion {version}) hat noch kein Blatt „{spec.de}“; "
                    f"„xlquartier upgrade {name}“ ergänzt es, ohne Ihre Daten zu ändern.",
                    f"This workbook (schema version {version}) has no “{spec.en}” sheet yet; "
                    f"“xlquartier upgrade {name}” adds it without changing your data.")
        for key, wanted in (columns or {}).items():
            table = self.tables.get(key)
            for column in wanted:
                if table is not None and column not in table.columns:
                    col = table.spec.column(column)
                    raise OutdatedWorkbookError(
                        f"Auf dem Blatt „{table.name}“ fehlt noch die Spalte „{col.de}“ (Schemaversion "
                        f"{version}); „xlquartier upgrade {name}“ ergänzt sie, ohne Ihre Daten zu ändern.",
                        f"The sheet “{table.name}” has no “{col.en}” column yet (schema version {version}); "
                        f"“xlquartier upgrade {name}” adds it without changing your data.")

    # ---- references --------------------------------------------------------------
    def name_index(self, sheet: str) -> dict[str, list[Row]]:
        """Every name a row of ``sheet`` may be referred to by (normalised) -> the rows it names."""
        if sheet not in self._index:
            index: dict[str, list[Row]] = {}
            for row in self.rows(sheet):
                for name in _names(sheet, row):
                    bucket = index.setdefault(_key(name), [])
                    if row not in bucket:
                        bucket.append(row)
            self._index[sheet] = index
        return self._index[sheet]

    def lookup(self, column: Column, text: str) -> list[Match]:
        """Every row a reference could mean (by ID, short name or name); [] when none.

        In a column with roles ("SV Blau-Weiß: Sportprogramm") the part before the colon
        names the row when the whole text names none.
        """
        matches = self._lookup(column, _key(text))
        if not matches and column.roles and ":" in text:
            matches = self._lookup(column, _key(text.split(":", 1)[0]))
        return matches

    def _lookup(self, column: Column, key: str) -> list[Match]:
        if column.qm and key == _key(self.qm):
            return [Match(None, None)]
        matches: list[Match] = []
        for sheet in column.ref:
            matches += [Match(sheet, row) for row in self.name_index(sheet).get(key, [])]
        return matches

    def resolve(self, column: Column, text: str | None) -> Match | None:
        """The one row a reference means, or None when it is empty, unknown or ambiguous."""
        if not text:
            return None
        matches = self.lookup(column, text)
        return matches[0] if len(matches) == 1 else None

    def resolve_all(self, column: Column, texts: list[str] | None) -> list[Match]:
        """The rows a multi-valued reference means; unknown or ambiguous parts are left out."""
        found = []
        for text in texts or []:
            match = self.resolve(column, text)
            if match and match not in found:
                found.append(match)
        return found

    def ref(self, sheet: str, row: Row, key: str) -> Row | None:
        """The row that ``row[key]`` refers to (None for QM, empty or unresolved)."""
        match = self.resolve(DATA_SHEETS[sheet].column(key), row[key])
        return match.row if match else None

    def refs(self, sheet: str, row: Row, key: str) -> list[Row]:
        """The rows a multi-valued reference refers to (QM and unresolved parts left out)."""
        matches = self.resolve_all(DATA_SHEETS[sheet].column(key), row[key])
        return [m.row for m in matches if m.row is not None]


def person_name(row: Row) -> str:
    return " ".join(p for p in (row["first_name"], row["last_name"]) if p)


def _names(sheet: str, row: Row) -> list[str]:
    """The texts by which a row of ``sheet`` may be referred to."""
    names = [row.id] if row.id else []
    if sheet == "partners":
        names += [row["short_name"], row["name"]]
    elif sheet == "people":
        if row["last_name"]:
            names.append(person_name(row))
            if row["first_name"]:
                names.append(f"{row['last_name']}, {row['first_name']}")
    elif sheet == "structures":
        names.append(row["name"])
    elif sheet in ("topics", "events", "offers"):
        names.append(row["title"])
    return [n for n in names if n]


def role_of(text: str) -> str:
    """The role written after a reference (``"SV Blau-Weiß: Sportprogramm"`` -> ``"Sportprogramm"``)."""
    return text.split(":", 1)[1].strip() if ":" in text else ""


def today_or(value: dt.date | None) -> dt.date:
    """"Today" is a parameter everywhere, so results are reproducible."""
    return value or dt.date.today()


_HEADERS: dict[str, dict[str, Column]] = {}


def _headers(spec: SheetSpec) -> dict[str, Column]:
    """Normalised German and English headers of a sheet, built once: readers call this per cell."""
    headers = _HEADERS.get(spec.key)
    if headers is None:
        headers = _HEADERS[spec.key] = {}
        for col in spec.columns:
            for text in (col.de, col.en):
                headers.setdefault(normalize_header(text), col)
    return headers


def match_header(text: Any, spec: SheetSpec) -> Column | None:
    return _headers(spec).get(normalize_header(text))
