"""The manifest an export carries, so its answer can be matched to what was sent.

It lives in a "very hidden" sheet ``xlq_manifest`` as plain cell values: Excel,
LibreOffice and openpyxl all keep sheets and cell values when they save, whereas custom
document properties are capped at 255 characters in Excel and custom XML parts are
dropped by LibreOffice. It holds the export id, the partner, the schema version, the
date and a checksum per exported row. The checksums are of values normalised the way
``read_book`` gives them back, so a row nobody touched has the same checksum after a
round trip through any of the three programs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..safe import xml_text
from ..workbook.read import check_file

SHEET = "xlq_manifest"
MAGIC = "xlquartier-export"


def plain(value: Any) -> Any:
    """A typed cell value as JSON-safe, comparable data: None for empty, dates as ISO text, text as
    a partner view can carry it (``safe.xml_text``: the master's control characters come back as �)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return [xml_text(str(v)).strip() for v in value if str(v).strip()] or None
    if isinstance(value, str):
        return xml_text(value).strip() or None
    return value


def plain_record(record: dict[str, Any], columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    keys = columns if columns is not None else tuple(record)
    return {k: v for k in keys if (v := plain(record.get(k))) is not None}


def checksum(record: dict[str, Any]) -> str:
    """A short stable digest of a row's plain values (column order does not matter)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass
class Manifest:
    export_id: str
    partner_id: str
    schema_version: str
    date: str  # ISO date of the export
    lang: str
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> id -> checksum

    def cells(self) -> list[list[Any]]:
        """The manifest as rows of cells for the hidden sheet."""
        out: list[list[Any]] = [
            [MAGIC, "Nicht ändern / do not edit"],
            ["export_id", self.export_id],
            ["partner", self.partner_id],
            ["schema", self.schema_version],
            ["date", self.date],
            ["lang", self.lang],
        ]
        for sheet, ids in self.rows.items():
            out += [["row", sheet, row_id, digest] for row_id, digest in ids.items()]
        return out

    @classmethod
    def from_cells(cls, cells: list[list[Any]]) -> Manifest | None:
        """Parse the hidden sheet's values; None when they are not a manifest."""
        if not cells or not cells[0] or cells[0][0] != MAGIC:
            return None
        head: dict[str, str] = {}
        rows: dict[str, dict[str, str]] = {}
        for line in cells[1:]:
            texts = [str(c).strip() if c is not None else "" for c in line]
            if len(texts) >= 4 and texts[0] == "row":
                rows.setdefault(texts[1], {})[texts[2]] = texts[3]
            elif len(texts) >= 2 and texts[0]:
                head[texts[0]] = texts[1]
        try:
            return cls(head["export_id"], head["partner"], head["schema"], head["date"],
                       head.get("lang", "de"), rows)
        except KeyError:
            return None


def read_manifest(path: Path) -> Manifest | None:
    """The manifest of a returned file, or None when it has none (a foreign workbook)."""
    from python_calamine import CalamineWorkbook

    check_file(path, [SHEET])
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if SHEET not in workbook.sheet_names:
            return None
        return Manifest.from_cells(workbook.get_sheet_by_name(SHEET).to_python())
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise UserError(f"{path.name} kann nicht gelesen werden.",
                        f"{path.name} cannot be read.") from exc
