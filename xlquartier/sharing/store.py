"""What the master remembers of each export: the base of the three-way merge.

Kept BESIDE the workbook, in ``<book stem>.xlquartier/exports/<export id>.json`` (private
files: they hold personal data; deleted after the retention setting ``retention_days``), not
inside it: writing into the master at export time would mean rewriting the user's file
for a read-only action, and a JSON file per export is easy to inspect, to back up and to
delete when an export is abandoned. Each record holds the manifest (export id, partner,
schema version, date, row checksums), the plain values of every exported row, and the
columns of each row the partner may change.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..files import write_atomically
from .manifest import Manifest


@dataclass
class ExportRecord:
    manifest: Manifest
    partner_name: str
    file: str  # name of the exported file, for messages
    rows: dict[str, dict[str, dict[str, Any]]]  # sheet -> id -> plain values as exported
    editable: dict[str, dict[str, list[str]]]  # sheet -> id -> columns the partner may change
    added: dict[str, str] = field(default_factory=dict)  # checksum of a row the partner added -> new ID
    imports: list[dict[str, Any]] = field(default_factory=list)  # what each import applied

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ExportRecord:
        data = json.loads(text)
        data["manifest"] = Manifest(**data["manifest"])
        return cls(**data)


def store_dir(book_path: Path) -> Path:
    return book_path.parent / f"{book_path.stem}.xlquartier" / "exports"


def save_record(book_path: Path, record: ExportRecord) -> Path:
    """Write the record atomically (a half-written base would corrupt every later merge) and private
    (0600): it holds the names, emails and phone numbers of the exported rows."""
    target = store_dir(book_path) / f"{record.manifest.export_id}.json"
    return write_atomically(target, record.to_json().encode("utf-8"), like=book_path)  # private: personal data


def records(book_path: Path) -> list[Path]:
    """Every export record of the workbook, oldest first."""
    folder = store_dir(book_path)
    found = [p for p in folder.glob("*.json") if p.stem.isalnum()] if folder.is_dir() else []
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def load_record(book_path: Path, export_id: str) -> ExportRecord | None:
    if not export_id.isalnum():  # the id names a file: never follow a crafted path
        return None
    path = store_dir(book_path) / f"{export_id}.json"
    if not path.is_file():
        return None
    return ExportRecord.from_json(path.read_text(encoding="utf-8"))
