"""``xlquartier privacy show BOOK PERSON``: everything stored about a person (GDPR Art. 15).

A person may ask what the neighbourhood office keeps about them, for what purpose, on which
basis, whom it was passed to and for how long. The answer is collected from the workbook (their
row with every column, the references to them and any text naming them), the export records
(which partner received which of their data, when), the backups and the documents in the
workbook's folders, and written as a Word document the office can hand over as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..files import PRIVATE, write_atomically
from ..schema import DATA_SHEETS, sheet_name, translate
from ..texts import format_date, plural, t
from ..workbook.read import read_book
from ..workbook.tables import Book
from ..workbook.values import as_text
from .person import Person, find_person
from .retention import backups
from .scan import Mention, all_cells, mentions
from .search import candidates, file_text, naming


@dataclass(frozen=True)
class Recipient:
    """One export that carried the person's data to a partner."""

    export_id: str
    partner: str
    date: str  # ISO
    file: str
    columns: tuple[str, ...]  # the person's columns it carried (empty: only named in other rows)
    record: Path


@dataclass
class PersonData:
    book: Book
    person: Person
    today: dt.date
    record: list[tuple[str, str]] = field(default_factory=list)  # (column as headed, value) of their row
    mentions: list[Mention] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.book.lang


def _record_values(book: Book, person: Person) -> list[tuple[str, str]]:
    table = book.table("people")
    lang = book.lang
    shown = []
    for key, pos in table.columns.items():
        raw = person.row.raw.get(key)
        value = person.row[key]
        if isinstance(value, dt.date):
            text = format_date(value, lang)
        elif isinstance(value, list):
            text = "; ".join(map(str, value))
        else:
            text = as_text(raw) if raw not in (None, "") else ""
        shown.append((pos.header, text))
    shown += [(header, as_text(value)) for header, value in person.row.extra.items()]
    return shown


def exports_of(book_path: Path, person: Person) -> list[Recipient]:
    """The export records that hold the person's data (their row, or their name in another row)."""
    from ..sharing.store import records

    found = []
    for path in records(book_path):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        row = data.get("rows", {}).get("people", {}).get(person.id or "", None)
        if row is None and not person.mentioned(json.dumps(data.get("rows", {}), ensure_ascii=False)):
            continue
        manifest = data.get("manifest", {})
        found.append(Recipient(manifest.get("export_id", path.stem), data.get("partner_name", ""),
                               manifest.get("date", ""), data.get("file", ""), tuple(row or ()), path))
    return found


def collect(book_path: str | Path, query: str, today: dt.date | None = None,
            skip: tuple[Path, ...] = ()) -> PersonData:
    """Everything stored about the person ``query`` (ID, email or name) in and beside the workbook
    (``skip``: files not to count among the documents, such as the access document being rewritten)."""
    book_path = Path(book_path)
    book = read_book(book_path)
    person = find_person(book, query)
    data = PersonData(book, person, today or dt.date.today())
    data.record = _record_values(book, person)
    data.mentions = mentions(book, person, all_cells(book_path))
    data.recipients = exports_of(book_path, person)
    data.backups = [p for p in backups(book_path) if (text := file_text(p)) and person.mentioned(text)]
    skip = [*skip, book_path, *data.backups, *(p.parent for p in data.backups),
            book_path.parent / f"{book_path.stem}.xlquartier"]
    data.documents = naming(candidates(book_path.parent, skip), person.mentioned)
    return data


# --------------------------------------------------------------------------- the document

def _column_names(keys: tuple[str, ...], lang: str) -> str:
    spec = DATA_SHEETS["people"]
    names = []
    for key in keys:
        try:
            names.append(spec.column(key).header(lang))
        except KeyError:
            names.append(key)
    return ", ".join(names)


def access_report(data: PersonData) -> bytes:
    """The answer to the request as a Word document (python-docx; every text passes ``safe.xml_text``)."""
    from docx import Document
    from docx.shared import Pt

    from ..safe import xml_text

    book, lang, person = data.book, data.lang, data.person
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.author = "xlquartier"
    doc.core_properties.language = "de-DE" if lang == "de" else "en-GB"
    qm = str(book.setting("qm_name") or "")

    def para(text: str, style: str | None = None) -> None:
        doc.add_paragraph(xml_text(text), style=style)

    def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        grid = doc.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(xml_text(text)).bold = True
        for values in rows:
            for cell, text in zip(grid.add_row().cells, values, strict=True):
                cell.text = xml_text(str(text))
        doc.add_paragraph()

    doc.add_heading(xml_text(t(lang, f"Auskunft über gespeicherte Daten: {person.name}",
                               f"Access to stored data: {person.name}")), level=0)
    para(t(lang, f"Auskunft nach Art. 15 DSGVO, Stand {format_date(data.today, lang)}. Verantwortlich: {qm}"
                 f"{', ' + str(book.setting('address')) if book.setting('address') else ''}. Sie umfasst die "
                 f"Netzwerk-Arbeitsmappe {book.path.name if book.path else ''} und alle Dateien, die xlquartier "
                 "daneben ablegt.",
           f"Access under Art. 15 GDPR, as of {format_date(data.today, lang)}. Controller: {qm}"
           f"{', ' + str(book.setting('address')) if book.setting('address') else ''}. It covers the network "
           f"workbook {book.path.name if book.path else ''} and every file xlquartier keeps beside it."))

    doc.add_heading(t(lang, "1. Gespeicherte Angaben", "1. Data stored"), level=1)
    table((t(lang, "Angabe", "Field"), t(lang, "Wert", "Value")),
          [(header, value or "–") for header, value in data.record])

    doc.add_heading(t(lang, "2. Zweck und Rechtsgrundlage", "2. Purpose and legal basis"), level=1)
    row = person.row
    basis = translate("legal_basis", row["legal_basis"], lang) if row["legal_basis"] else t(
        lang, "nicht eingetragen", "not entered")
    purpose = str(row["consent_purpose"] or "")
    para(t(lang, "Die Angaben dienen der Zusammenarbeit im Netzwerk des Quartiersmanagements: Einladungen, "
                 f"Protokolle, Absprachen und Aufgaben. Rechtsgrundlage: {basis}."
                 + (f" Einwilligung am {format_date(row['consent_date'], lang)}" if row["consent_date"] else "")
                 + (f", Quelle: {row['consent_source']}" if row["consent_source"] else "")
                 + (f", Zweck: {purpose}" if purpose else "") + ".",
           "The data serve the cooperation in the neighbourhood management's network: invitations, minutes, "
           f"agreements and tasks. Legal basis: {basis}."
           + (f" Consent given on {format_date(row['consent_date'], lang)}" if row["consent_date"] else "")
           + (f", source: {row['consent_source']}" if row["consent_source"] else "")
           + (f", purpose: {purpose}" if purpose else "") + "."))
    if row["consent_withdrawn"]:
        para(t(lang, f"Die Einwilligung wurde am {format_date(row['consent_withdrawn'], lang)} widerrufen.",
               f"Consent was withdrawn on {format_date(row['consent_withdrawn'], lang)}."))
    para(t(lang, "Weitergabe der Kontaktdaten an andere Partner: "
                 + ("ja" if row["share"] == "ja" else "nein") + ".",
           "Contact data shared with other partners: " + ("yes" if row["share"] == "ja" else "no") + "."))

    doc.add_heading(t(lang, "3. Wo Sie in der Arbeitsmappe sonst genannt sind",
                      "3. Where else the workbook names you"), level=1)
    if data.mentions:
        table((t(lang, "Blatt, Zelle", "Sheet, cell"), t(lang, "Zeile", "Row"), t(lang, "Spalte", "Column"),
               t(lang, "Eintrag", "Entry")),
              [(f"{m.sheet}, {m.cell}", m.row, m.column, m.text if len(m.text) <= 200 else m.text[:197] + "…")
               for m in data.mentions])
    else:
        para(t(lang, "Nirgends sonst.", "Nowhere else."))

    doc.add_heading(t(lang, "4. Empfänger", "4. Recipients"), level=1)
    if data.recipients:
        para(t(lang, "Partnerorganisationen haben eine Ansicht der Arbeitsmappe erhalten, die Ihre Daten enthielt:",
               "Partner organisations received a view of the workbook that held your data:"))
        table((t(lang, "Datum", "Date"), t(lang, "Empfänger", "Recipient"), t(lang, "Datei", "File"),
               t(lang, "Ihre Angaben darin", "Your data in it")),
              [(format_date(dt.date.fromisoformat(r.date), lang) if r.date else "", r.partner, r.file,
                _column_names(r.columns, lang) or t(lang, "Ihr Name in anderen Zeilen", "your name in other rows"))
               for r in data.recipients])
    else:
        para(t(lang, "Ihre Daten wurden an keine Partnerorganisation weitergegeben.",
               "Your data were not passed to any partner organisation."))

    days = book.whole("retention_days")
    copies = plural(lang, len(data.backups), ("Sicherung", "Sicherungen"), ("backup", "backups"))
    kept = plural(lang, len(data.recipients), ("Exportprotokoll", "Exportprotokolle"),
                  ("export record", "export records"))
    doc.add_heading(t(lang, "5. Kopien und Speicherdauer", "5. Copies and how long they are kept"), level=1)
    para(t(lang, f"Sicherungskopien der Arbeitsmappe und Exportprotokolle werden nach {days} Tagen gelöscht. "
                 f"Derzeit enthalten {copies} und {kept} Ihre Daten.",
           f"Backup copies of the workbook and export records are deleted after {days} days. At present "
           f"{copies} and {kept} hold your data."))
    if row["deletion_review"]:
        review = format_date(row["deletion_review"], lang)
        para(t(lang, f"Nächste Prüfung, ob die Daten noch gebraucht werden: {review}.",
               f"Next review whether the data are still needed: {review}."))

    doc.add_heading(t(lang, "6. Dokumente, die Sie nennen", "6. Documents that name you"), level=1)
    folder = book.path.parent if book.path else Path()
    if data.documents:
        for path in data.documents:
            para(str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path), "List Bullet")
    else:
        para(t(lang, "Keine.", "None."))

    contact = ", ".join(x for x in (qm, str(book.setting("email") or "")) if x)
    doc.add_heading(t(lang, "7. Ihre Rechte", "7. Your rights"), level=1)
    para(t(lang, "Sie können Berichtigung (Art. 16), Löschung (Art. 17) und Einschränkung der Verarbeitung "
                 "(Art. 18) verlangen, der Verarbeitung widersprechen (Art. 21) und eine Einwilligung jederzeit für "
                 "die Zukunft widerrufen. Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren "
                 f"(Art. 77). Ansprechpartner: {contact}.",
           "You may ask for rectification (Art. 16), erasure (Art. 17) and restriction of processing (Art. 18), object "
           "to the processing (Art. 21) and withdraw consent at any time for the future. You may complain to a data "
           f"protection authority (Art. 77). Contact: {contact}."))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def default_report_path(data: PersonData) -> Path:
    folder = data.book.path.parent if data.book.path else Path.cwd()
    label = t(data.lang, "Auskunft", "Access")
    return folder / f"{label}_{data.person.id or 'Person'}_{data.today.isoformat()}.docx"


def show_person(book_path: str | Path, query: str, out: str | Path | None = None,
                today: dt.date | None = None) -> tuple[PersonData, Path]:
    """``privacy show``: collect everything about the person and write the access document (private)."""
    book_path = Path(book_path)
    own = (*book_path.parent.glob("Auskunft_*.docx"), *book_path.parent.glob("Access_*.docx"),
           *((Path(out),) if out else ()))
    data = collect(book_path, query, today, own)
    target = Path(out) if out else default_report_path(data)
    return data, write_atomically(target, access_report(data), mode=PRIVATE)


def summary(data: PersonData) -> list[str]:
    """The lines the command line prints."""
    lang = data.lang
    return [
        t(lang, f"{data.person.name} ({data.person.id}): {sheet_name('people', lang)}, Zeile {data.person.row.number}",
          f"{data.person.name} ({data.person.id}): {sheet_name('people', lang)}, row {data.person.row.number}"),
        t(lang, f"Weitere Nennungen in der Arbeitsmappe: {len(data.mentions)}",
          f"Other mentions in the workbook: {len(data.mentions)}"),
        t(lang, f"Weitergaben an Partner: {len(data.recipients)}", f"Exports to partners: {len(data.recipients)}"),
        t(lang, f"Sicherungen mit diesen Daten: {len(data.backups)}",
          f"Backups holding these data: {len(data.backups)}"),
        t(lang, f"Dokumente, die die Person nennen: {len(data.documents)}",
          f"Documents that name the person: {len(data.documents)}"),
    ]
