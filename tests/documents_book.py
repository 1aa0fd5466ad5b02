"""A small network for the document tests: every case the documents must get right, once."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import docx
from openxml_audit import OpenXmlValidator
from PIL import Image

D = dt.date
TODAY = D(2026, 3, 14)
TRICKY = 'Müller & Söhne <GmbH> "Ü" €'
TEMPLATE_LOOKALIKE = "{{ 7*7 }} und {% if x %}"

SETTINGS = {
    "qm_name": "Quartiersmanagement Lindenhof", "quarter": "Lindenhof", "provider": "Stadtteilarbeit gGmbH",
    "address": "Lindenplatz 3, 12345 Neustadt", "city": "Neustadt", "email": "qm@example.org",
    "network_name": "Netzwerk Lindenhof", "network_logo": "netzwerk.png",
}


def _logo(path: Path, color: str, size=(240, 120)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)


def document_rows() -> dict:
    partners = [
        {"id": "P001", "name": "Grundschule am Park", "short_name": "GS Park", "type": "Schule",
         "fields": ["Bildung"], "status": "aktiv", "street": "Parkallee 1", "postcode": "12345",
         "city": "Neustadt", "email": "info@gs-park.example", "website": "https://gs-park.example",
         "benefit": "Eltern erreichen", "contributions": ["Räume", "Fachwissen"],
         "logo_file": "gs.png", "logo_release": "ja"},
        {"id": "P002", "name": TRICKY, "short_name": "Müller", "type": "Gewerbe", "fields": ["Nachbarschaft"],
         "status": "aktiv", "street": "Markt 2", "postcode": "12345", "city": "Neustadt",
         "logo_file": "mueller.png", "logo_release": "nein"},
        {"id": "P003", "name": "Kita Regenbogen", "short_name": "Kita", "type": "Kita",
         "fields": ["Bildung", "Gesundheit & Bewegung"], "status": "aktiv", "logo_file": "kita.png",
         "logo_release": "ja"},
        {"id": "P004", "name": "Verein ohne Logo", "short_name": "Verein", "type": "Verein",
         "fields": ["Nachbarschaft"], "status": "aktiv", "logo_file": "fehlt.png", "logo_release": "ja"},
        {"id": "P005", "name": "Ruhender Verein", "short_name": "Ruhend", "type": "Verein",
         "fields": ["Bildung"], "status": "ruhend"},
    ]
    people = [
        {"id": "K001", "partner": "P001", "first_name": "Anna", "last_name": "Schmidt", "position": "Schulleitung",
         "email": "a.schmidt@gs-park.example", "phone": "0123 1", "legal_basis": "Einwilligung",
         "consent_date": D(2025, 1, 10), "share": "ja"},
        {"id": "K002", "partner": "P001", "first_name": "Bernd", "last_name": "Geheim",
         "email": "b.geheim@gs-park.example", "legal_basis": "Einwilligung", "consent_date": D(2025, 1, 10),
         "share": "nein"},
        {"id": "K003", "partner": "P003", "first_name": "Clara", "last_name": "Kurz", "email": "c.kurz@kita.example",
         "legal_basis": "berechtigtes Interesse"},
        {"id": "K004", "partner": "P002", "first_name": "Doris", "last_name": "Müller", "position": "Inhaberin",
         "email": "d@mueller.example", "legal_basis": "Einwilligung", "consent_date": D(2025, 2, 1), "share": "ja"},
    ]
    structures = [
        {"id": "S01", "name": "AK Sicherheit & Barrierefreiheit", "type": "Arbeitskreis",
         "field": "Sicherheit & Barrierefreiheit", "lead": "QM", "members": ["P001", "P002", "P003"],
         "cadence": "monatlich", "status": "aktiv"},
    ]
    meetings = [
        {"id": "T001", "structure": "S01", "date": D(2026, 1, 15), "start": dt.time(17), "end": dt.time(18, 30),
         "place": "Grundschule am Park", "host": "P001", "agenda": ["Begrüßung", "Schulweg"],
         "partners": ["P001", "P003"], "status": "stattgefunden"},
        {"id": "T002", "structure": "S01", "date": D(2026, 3, 12), "start": dt.time(17), "end": dt.time(18, 30),
         "place": "Kita Regenbogen", "host": "P003", "chair": "QM", "minute_taker": "Anna Schmidt",
         "agenda": ["Begrüßung", "Schulweg", "Stadtteilfest"], "partners": ["QM", "P001", "P002", "P003", "P004"],
         "people": ["K001", "K004"], "excused": ["P005"], "others": "5 Bewohner*innen", "headcount": 12,
         "residents": 5, "next_meeting": D(2026, 4, 16), "status": "stattgefunden"},
        {"id": "T003", "structure": "", "date": D(2026, 3, 20), "place": "irgendwo", "status": "stattgefunden"},
        {"id": "T004", "structure": "S01", "date": D(2026, 4, 16), "start": dt.time(17), "place": "Rathaus",
         "status": "geplant"},
    ]
    tasks = [
        {"id": "A001", "meeting": "T001", "item": "Schulweg", "kind": "Aufgabe",
         "description": "Gefahrenstellen am Schulweg kartieren", "responsible": "K001", "due": D(2026, 2, 28),
         "status": "in Arbeit", "note": "Hälfte erledigt"},
        {"id": "A002", "meeting": "T001", "item": "Schulweg", "kind": "Aufgabe",
         "description": "Erledigte alte Aufgabe", "responsible": "P003", "due": D(2026, 2, 1),
         "status": "erledigt", "done_on": D(2026, 1, 30)},
        {"id": "A003", "meeting": "T002", "item": "TOP 2", "kind": "Beschluss",
         "description": "Der AK beantragt eine Ampel am Parkweg."},
        {"id": "A004", "meeting": "T002", "item": "Stadtteilfest", "kind": "Aufgabe",
         "description": "Stand beim Stadtteilfest planen", "responsible": "QM", "due": D(2026, 5, 30),
         "status": "offen"},
        {"id": "A005", "meeting": "T002", "item": "Stadtteilfest", "kind": "Aufgabe",
         "description": TEMPLATE_LOOKALIKE, "responsible": "P002", "due": D(2026, 4, 1), "status": "offen"},
        {"id": "A006", "meeting": "T002", "item": "Begrüßung", "kind": "Information",
         "description": "Neue Zeile\nzweite Zeile"},
    ]
    agreements = [
        {"id": "V001", "partner": "P001", "kind": "Kooperationsvereinbarung", "subject": "Sicherer Schulweg",
         "goals": "Kinder kommen sicher zur Schule", "partner_contribution": "Räume für Treffen",
         "qm_contribution": "Moderation & Öffentlichkeitsarbeit", "benefit": "Mehr Eltern erreichen",
         "contact": "K001", "valid_from": D(2026, 4, 1), "valid_until": D(2027, 3, 31),
         "review_on": D(2026, 10, 1), "logo_use": "ja", "status": "Entwurf"},
        {"id": "V002", "partner": "P002", "kind": "Letter of Intent", "subject": TRICKY,
         "partner_contribution": "Preise für die Tombola", "benefit": "Kundschaft aus dem Kiez",
         "contact": "K004", "status": "Entwurf"},
        {"id": "V003", "partner": "P003", "kind": "Letter of Intent", "subject": "Bewegte Kita",
         "status": "unterzeichnet"},
        {"id": "V004", "partner": "P004", "kind": "mündliche Absprache", "subject": "Kaffee", "status": "Entwurf"},
    ]
    return {"partners": partners, "people": people, "structures": structures, "meetings": meetings,
            "tasks": tasks, "agreements": agreements}


def write_logos(folder: Path) -> None:
    _logo(folder / "gs.png", "#1f4e79")
    _logo(folder / "mueller.png", "#aa3333")
    _logo(folder / "kita.png", "#33aa33", (120, 120))
    _logo(folder / "netzwerk.png", "#884400", (300, 100))


def text_of(path: Path) -> str:
    """Every text a reader sees: body paragraphs, table cells, headers and footers."""
    document = docx.Document(str(path))
    parts = []

    def walk(container) -> None:
        for paragraph in container.paragraphs:
            parts.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        walk(section.header)
        walk(section.footer)
    return "\n".join(parts)


def pictures(path: Path) -> dict[str, int]:
    """Inline pictures per part (document, header1, ...)."""
    with zipfile.ZipFile(path) as archive:
        return {Path(name).stem: archive.read(name).decode().count("<a:blip ")
                for name in archive.namelist() if re.match(r"word/(document|header\d*)\.xml$", name)}


def valid(path: Path) -> list[str]:
    return [str(e) for e in OpenXmlValidator().validate(str(path)).errors]
