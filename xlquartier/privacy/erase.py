"""``xlquartier privacy erase BOOK PERSON``: remove a person from the workbook and its copies (GDPR Art. 17).

Surgically, through ``workbook.write.Package``, so everything else stays as it was:
- the person's row is emptied (the ID stays retired: ``workbook.ids``);
- references to them are removed: a task they were responsible for passes to their
  organisation, a multi-valued reference loses just their entry, an agreement's contact is
  emptied;
- any other cell of any sheet naming them (full name, email, phone) gets ``[gelöscht]`` in
  their place, and so does every other part of the package (comments, shared strings no cell
  uses any more, links, document properties);
- a backup is made as for every write; then the same erasure is applied to every backup of
  the workbook (that one included), and the export records lose the person's row and name.

Documents already written (minutes, lists, partner views, PDFs) are not changed: they are
listed, with the partners who received the data, so the office can delete or replace them and
inform the recipients (Art. 19).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..files import replacing
from ..schema import DATA_SHEETS, Kind
from ..sharing.store import ExportRecord, save_record
from ..texts import plural, t
from ..workbook import ids
from ..workbook.read import read_book
from ..workbook.tables import Book
from ..workbook.write import Package, read_for_writing
from .person import Person, find_person, person_of, references
from .retention import backups, expire_records
from .scan import Mention, all_cells, mentions
from .search import candidates, file_text, naming
from .show import Recipient, exports_of

MARKER = {"de": "[gelöscht]", "en": "[erased]"}
_XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
_SI = re.compile(rb"<((?:\w+:)?)si\b[^>]*?(?:/>|>.*?</(?:\w+:)?si>)", re.S)
_SHARED_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\st="s"[^>]*>\s*<(?:\w+:)?v>\s*(\d+)\s*<')
_TAG = re.compile(rb"<[^>]*>")


@dataclass
class ErasureReport:
    person_id: str | None
    name: str
    lang: str
    dry_run: bool
    row: int = 0  # the Excel row that was emptied
    references: list[Mention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # other package parts cleaned
    records: list[Path] = field(default_factory=list)  # export records cleaned
    recipients: list[Recipient] = field(default_factory=list)  # partners who received the data
    backups: list[Path] = field(default_factory=list)  # backups cleaned
    documents: list[Path] = field(default_factory=list)  # documents that still name the person
    backup: Path | None = None
    expired: list[Path] = field(default_factory=list)


# --------------------------------------------------------------------------- one package

def _cell_edits(book: Book, person: Person, cells: dict[str, list[list[Any]]], marker: str
                ) -> tuple[dict[str, dict[str, Any]], list[Mention], list[Mention]]:
    """What to write into which cell: the row emptied, references removed, mentions replaced."""
    found = mentions(book, person, cells)
    edits: dict[str, dict[str, Any]] = {}
    people = book.table("people")
    row_values = cells.get(people.name, [])
    own = row_values[person.row.number - 1] if person.row.number <= len(row_values) else []
    edits[people.name] = {f"{_letter(c)}{person.row.number}": None for c, v in enumerate(own) if v not in (None, "")}
    for key in people.columns:
        edits[people.name][people.cell(person.row.number, key)] = None
    refs = []
    for sheet, row, key in references(book, person):
        table = book.table(sheet)
        column = DATA_SHEETS[sheet].column(key)
        cell = table.cell(row.number, key)
        if column.kind is Kind.MULTIREF:
            kept = [text for text in row[key] or [] if book.resolve(column, text) is None
                    or book.resolve(column, text).row is not person.row]
            value: Any = "; ".join(kept) or None
        elif "partners" in column.ref and book.ref("people", person.row, "partner") is not None:
            value = book.ref("people", person.row, "partner").id or None  # the task passes to the organisation
        else:
            value = None
        edits.setdefault(table.name, {})[cell] = value
        refs.append(next(m for m in found if m.sheet == table.name and m.cell == cell))
    texts = []
    for mention in found:
        if mention.cell in edits.get(mention.sheet, {}):
            continue
        new = person.pattern.sub(marker, mention.text)
        edits.setdefault(mention.sheet, {})[mention.cell] = None if new.strip() == marker else new
        texts.append(mention)
    return edits, refs, texts


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _forms(text: str) -> list[bytes]:
    """How a text may be written in XML: escaped, with quotes escaped, non-ASCII as character references."""
    escaped = escape(text)
    forms = {escaped, escape(text, {'"': "&quot;", "'": "&apos;"})}
    forms |= {"".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in escaped),
              "".join(ch if ord(ch) < 128 else f"&#x{ord(ch):X};" for ch in escaped)}
    return sorted((f.encode() for f in forms), key=len, reverse=True)


def _xml_pattern(person: Person) -> re.Pattern[bytes] | None:
    forms = [form for text in person.identifiers for form in _forms(text)]
    if not forms:
        return None
    return re.compile(rb"(?<![\w@.+-])(?:" + b"|".join(re.escape(f) for f in forms) + rb")(?![\w@])", re.IGNORECASE)


def _shared_strings(data: bytes, used: set[int], person: Person, pattern: re.Pattern[bytes] | None,
                    marker: bytes) -> bytes:
    """Items no cell uses any more and that held the person's data become empty; used ones lose their name."""
    index = -1

    def item(m: re.Match[bytes]) -> bytes:
        nonlocal index
        index += 1
        text = html.unescape(_TAG.sub(b"", m[0]).decode("utf-8", "replace")).strip()
        if index not in used and text and (person.mentioned(text) or text in person.texts):
            return b"<%ssi><%st></%st></%ssi>" % (m[1], m[1], m[1], m[1])
        return pattern.sub(marker, m[0]) if pattern else m[0]

    return _SI.sub(item, data)


def _erase_in(pkg: Package, names: list[str], book: Book, person: Person, cells: dict[str, list[list[Any]]],
              lang: str) -> tuple[list[Mention], list[Mention], list[str]]:
    """Apply the erasure to an open package; returns (references, mentions, other parts changed)."""
    marker = MARKER.get(lang, MARKER["de"])
    edits, refs, texts = _cell_edits(book, person, cells, marker)
    for sheet, values in edits.items():
        if values:
            pkg.set_cells(sheet, values)
    pattern = _xml_pattern(person)
    escaped_marker = escape(marker).encode()
    sheets = set(pkg.sheets().values())
    used = {int(i) for part in sheets if pkg.has_part(part) for i in _SHARED_REF.findall(pkg.read(part))}
    changed = []
    for name in names:
        if not _XML_PART.search(name) or not pkg.has_part(name):
            continue
        data = pkg.read(name)
        if name.endswith("sharedStrings.xml"):
            new = _shared_strings(data, used, person, pattern, escaped_marker)
        else:
            new = pattern.sub(escaped_marker, data) if pattern else data
        if new != data:
            pkg.write_part(name, new)
            if name not in sheets:
                changed.append(name)
    return refs, texts, changed


def _rewrite_copy(pkg: Package, path: Path, names: list[str]) -> None:
    """Write an erased backup in place, without a backup of the backup; it keeps its mode (``replacing``)."""
    with zipfile.ZipFile(path) as original, replacing(path) as tmp:
        with zipfile.ZipFile(tmp, "w") as out:
            for info in original.infolist():
                if pkg.has_part(info.filename):
                    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    copy.external_attr = info.external_attr
                    out.writestr(copy, pkg.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)


def _erase_backup(path: Path, person: Person, lang: str) -> bool:
    """The same erasure in one backup; False when the backup does not hold the person."""
    book = read_book(path)
    rows = [r for r in book.rows("people") if person.id and r.id == person.id] or [
        r for r in book.rows("people") if person.mentioned(" ".join(str(v) for v in r.values.values()))]
    target = person_of(rows[0]) if rows else None
    cells = all_cells(path)
    mentioned = any(person.mentioned(str(v)) for values in cells.values() for row in values for v in row if v)
    if target is None and not mentioned:
        return False
    names = zipfile.ZipFile(path).namelist()
    pkg = Package.open(path, book.lang, expect=book.fingerprint)
    if target is not None:
        merged = Person(target.id, target.row, target.name,
                        tuple(dict.fromkeys(person.identifiers + target.identifiers)),
                        tuple(dict.fromkeys(person.texts + target.texts)))
        _erase_in(pkg, names, book, merged, cells, lang)
    else:  # an older copy without the row: the text mentions only
        pattern = _xml_pattern(person)
        for name in names:
            if _XML_PART.search(name) and pkg.has_part(name) and pattern:
                pkg.write_part(name, pattern.sub(escape(MARKER.get(lang, "de")).encode(), pkg.read(name)))
    if pkg.changed_parts:
        _rewrite_copy(pkg, path, names)
    return True


# --------------------------------------------------------------------------- export records

def _clean(value: Any, person: Person, marker: str) -> Any:
    if isinstance(value, str):
        return person.pattern.sub(marker, value) if person.identifiers else value
    if isinstance(value, list):
        return [_clean(v, person, marker) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v, person, marker) for k, v in value.items()}
    return value


def _erase_record(book_path: Path, path: Path, person: Person, marker: str) -> None:
    record = ExportRecord.from_json(path.read_text("utf-8"))
    for sheet_rows in (record.rows.get("people", {}), record.editable.get("people", {})):
        sheet_rows.pop(person.id or "", None)
    record.added = {k: v for k, v in record.added.items() if v != person.id}
    record.rows = _clean(record.rows, person, marker)
    save_record(book_path, record)


# --------------------------------------------------------------------------- the command

def erase_person(book_path: str | Path, query: str, dry_run: bool = False,
                 today: dt.date | None = None) -> ErasureReport:
    """``privacy erase``: remove the person ``query`` (ID, email or name) from the workbook, its backups and
    export records; list the documents that still name them and the partners who received their data.

    Holds the tool's write lock from reading the workbook to writing it, like every writer of the master."""
    book_path = Path(book_path)
    if dry_run:
        return _erase(read_book(book_path), book_path, query, dry_run, today)
    with read_for_writing(book_path) as book:
        return _erase(book, book_path, query, dry_run, today)


def _erase(book: Book, book_path: Path, query: str, dry_run: bool, today: dt.date | None) -> ErasureReport:
    person = find_person(book, query)
    lang = book.lang
    report = ErasureReport(person.id, person.name, lang, dry_run, person.row.number)
    cells = all_cells(book_path)
    names = zipfile.ZipFile(book_path).namelist()
    report.recipients = exports_of(book_path, person)
    report.records = [r.record for r in report.recipients]
    older = backups(book_path)
    pkg = Package.open(book_path, lang, expect=book.fingerprint, retention_days=book.setting("retention_days"))
    report.references, report.mentions, report.parts = _erase_in(pkg, names, book, person, cells, lang)
    if dry_run:
        report.backups = [p for p in older if (text := file_text(p)) and person.mentioned(text)]
    else:
        ids.remember(pkg, book)
        report.backup = pkg.save()
        for path in report.records:
            _erase_record(book_path, path, person, MARKER.get(lang, MARKER["de"]))
        report.backups = [p for p in dict.fromkeys([*older, *([report.backup] if report.backup else [])])
                          if p.exists() and _erase_backup(p, person, lang)]
        report.expired = expire_records(book_path, book.whole("retention_days"), today)
    skip = [book_path, *backups(book_path), *(p.parent for p in backups(book_path)),
            book_path.parent / f"{book_path.stem}.xlquartier"]
    report.documents = naming(candidates(book_path.parent, skip), person.mentioned)
    return report


def lines(report: ErasureReport) -> list[str]:
    """What the command line prints."""
    lang, dry = report.lang, report.dry_run
    refs = plural(lang, len(report.references), ("Verweis", "Verweise"), ("reference", "references"))
    others = plural(lang, len(report.mentions), ("weitere Nennung", "weitere Nennungen"),
                    ("other mention", "other mentions"))
    out = [t(lang, f"{report.name} ({report.person_id}): Zeile {report.row} {'würde' if dry else 'wurde'} geleert; "
                   f"{refs} und {others} {'würden' if dry else 'wurden'} entfernt.",
             f"{report.name} ({report.person_id}): row {report.row} {'would be' if dry else 'was'} emptied; "
             f"{refs} and {others} {'would be' if dry else 'were'} removed.")]
    if report.parts:
        parts = ", ".join(report.parts)
        out.append(t(lang, f"Weitere Teile der Datei {'würden bereinigt' if dry else 'bereinigt'}: {parts}",
                     f"Other parts of the file {'would be cleaned' if dry else 'cleaned'}: {parts}"))
    if report.backup:
        out.append(t(lang, f"Sicherung: {report.backup} (ebenfalls ohne die Person)",
                     f"Backup: {report.backup} (also without the person)"))
    copies = plural(lang, len(report.backups), ("Sicherung", "Sicherungen"), ("backup", "backups"))
    records = plural(lang, len(report.records), ("Exportprotokoll", "Exportprotokolle"),
                     ("export record", "export records"))
    if report.backups or report.records:
        out.append(t(lang, f"{'Zu bereinigen' if dry else 'Bereinigt'}: {copies}, {records}",
                     f"{'To clean' if dry else 'Cleaned'}: {copies}, {records}"))
    for r in report.recipients:
        out.append(t(lang, f"Weitergegeben am {r.date} an {r.partner} ({r.file}): bitte informieren (Art. 19 DSGVO).",
                     f"Passed on {r.date} to {r.partner} ({r.file}): please inform them (Art. 19 GDPR)."))
    for path in report.documents:
        out.append(t(lang, f"Nennt die Person noch: {path}", f"Still names the person: {path}"))
    if dry:
        out.append(t(lang, "Probelauf: nichts geändert.", "Dry run: nothing changed."))
    return out
