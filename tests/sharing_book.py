"""A small network for the sharing tests: two partners who share, one who does not.

Every value the export must never carry is a distinctive needle, so a leak test can
search the raw bytes of every part for it (and assert it IS in the master, so the test
can fail).
"""

from __future__ import annotations

import datetime as dt

D = dt.date

NETWORK = {
    "partners": [
        {"id": "P001", "name": "Grundschule am Park", "short_name": "GS Park", "type": "Schule",
         "status": "aktiv", "street": "Parkweg 1", "postcode": "12045", "city": "Berlin",
         "email": "sekretariat@gs-park.example", "phone": "030 111111", "website": "https://gs-park.example",
         "benefit": "Eltern erreichen", "note": "INTERN-NOTE-SCHULE"},
        {"id": "P002", "name": "Kita Sonnenschein", "short_name": "Kita Sonne", "type": "Kita",
         "status": "aktiv", "street": "Sonnenallee 77", "postcode": "12047", "city": "Berlin",
         "email": "kita@sonnenschein.example", "phone": "030 222222",
         "note": "INTERN-NOTE-KITA"},
        {"id": "P003", "name": "Wohnbau Nord GmbH", "short_name": "Wohnbau", "type": "Wohnungsunternehmen",
         "status": "aktiv", "street": "Hafenstraße 9", "postcode": "12049", "city": "Berlin",
         "email": "info@wohnbau-nord.example", "phone": "030 333333", "note": "INTERN-NOTE-WOHNBAU"},
        {"id": "P004", "name": "Sportverein Einheit", "short_name": "SV Einheit", "type": "Verein",
         "status": "ruhend", "street": "Stadionring 4", "email": "vorstand@sv-einheit.example"},
    ],
    "people": [
        {"id": "K001", "partner": "P001", "salutation": "Frau", "first_name": "Anna", "last_name": "Schulz",
         "position": "Schulleitung", "role": "Hauptansprechperson", "email": "a.schulz@gs-park.example",
         "phone": "030 111112", "legal_basis": "Einwilligung", "consent_date": D(2025, 2, 3),
         "share": "ja", "deletion_review": D(2027, 1, 1), "note": "INTERN-NOTE-ANNA"},
        {"id": "K002", "partner": "Kita Sonne", "salutation": "Herr", "first_name": "Bernd",
         "last_name": "Krause", "position": "Kitaleitung", "email": "b.krause@sonnenschein.example",
         "phone": "030 222223", "legal_basis": "Einwilligung", "consent_date": D(2025, 3, 4),
         "share": "ja"},
        {"id": "K003", "partner": "P002", "first_name": "Carla", "last_name": "Geheimer",
         "position": "Erzieherin", "email": "carla.geheimer@private.example", "phone": "0170 9999999",
         "legal_basis": "berechtigtes Interesse", "share": "nein"},
        {"id": "K004", "partner": "P003", "first_name": "Dieter", "last_name": "Verborgen",
         "position": "Quartiersbetreuer", "email": "d.verborgen@wohnbau-nord.example",
         "phone": "0171 8888888", "legal_basis": "berechtigtes Interesse"},
        {"id": "K005", "partner": "P001", "first_name": "Emil", "last_name": "Lehrer",
         "position": "Lehrer", "email": "e.lehrer@gs-park.example", "legal_basis": "Einwilligung",
         "share": "nein"},
    ],
    "structures": [
        {"id": "S01", "name": "AK Sicherheit", "type": "Arbeitskreis", "field": "Sicherheit & Barrierefreiheit",
         "lead": "QM", "members": ["P001", "P002", "P003"], "cadence": "monatlich", "status": "aktiv"},
        {"id": "S02", "name": "Runde Wohnen", "type": "Kleinstkooperation", "field": "Nachbarschaft",
         "lead": "P003", "members": ["P003", "P004"], "status": "aktiv"},
    ],
    "meetings": [
        {"id": "T001", "structure": "S01", "date": D(2026, 3, 12), "place": "Aula GS Park",
         "chair": "SECRET-CHAIR-NAME", "agenda": ["Begrüßung", "Schulweg"], "partners": ["P001", "P002", "P003"],
         "people": ["K001", "K003"], "headcount": 9, "status": "stattgefunden"},
        {"id": "T002", "structure": "S02", "date": D(2026, 4, 2), "place": "Büro Wohnbau",
         "agenda": ["Hofgestaltung"], "partners": ["P003", "P004"], "status": "stattgefunden"},
    ],
    "tasks": [
        {"id": "A001", "meeting": "T001", "kind": "Aufgabe", "description": "Schulwegplan erstellen",
         "responsible": "K001", "due": D(2026, 5, 1), "status": "offen"},
        {"id": "A002", "meeting": "T001", "kind": "Aufgabe", "description": "Elternbrief",
         "responsible": "P001", "due": D(2026, 5, 15), "status": "in Arbeit"},
        {"id": "A003", "meeting": "T001", "kind": "Aufgabe", "description": "Zebrastreifen beantragen",
         "responsible": "K004", "due": D(2026, 6, 1), "status": "offen"},
        {"id": "A004", "meeting": "T002", "kind": "Aufgabe", "description": "Hof-Begehung HOF-SECRET",
         "responsible": "P003", "due": D(2026, 6, 1), "status": "offen"},
        {"id": "A005", "meeting": "T001", "kind": "Aufgabe", "description": "Kita-Fest planen",
         "responsible": "K003", "due": D(2026, 6, 10), "status": "offen"},
    ],
    "agreements": [
        {"id": "V001", "partner": "P001", "kind": "Kooperationsvereinbarung", "subject": "Schulweg",
         "contact": "K001", "valid_from": D(2026, 1, 1), "review_on": D(2026, 12, 1), "status": "unterzeichnet"},
        {"id": "V002", "partner": "P003", "kind": "Letter of Intent", "subject": "WOHNBAU-LOI-SECRET",
         "status": "Entwurf"},
    ],
}

# What the export for P001 must never contain.
NEEDLES_P001 = [
    "INTERN-NOTE-SCHULE", "INTERN-NOTE-KITA", "INTERN-NOTE-WOHNBAU", "INTERN-NOTE-ANNA",
    "Sonnenallee 77", "kita@sonnenschein.example", "Hafenstraße 9", "info@wohnbau-nord.example",
    "Carla", "Geheimer", "carla.geheimer@private.example", "0170 9999999",
    "Verborgen", "d.verborgen@wohnbau-nord.example", "0171 8888888",
    "SECRET-CHAIR-NAME", "HOF-SECRET", "WOHNBAU-LOI-SECRET", "Stadionring 4",
    "vorstand@sv-einheit.example",
    # consent, deletion review and agreement review dates, as the cell values Excel stores
    *(f"<v>{(day - D(1899, 12, 30)).days}</v>" for day in (D(2025, 2, 3), D(2027, 1, 1), D(2026, 12, 1))),
]
