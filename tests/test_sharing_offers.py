"""The partner view holds the partner's own events and offers; it maintains its offers there, merged back."""

from __future__ import annotations

import datetime as dt
import zipfile

from openpyxl import load_workbook
from test_sharing_import import edit

from xlquartier.schema import sheet_name
from xlquartier.sharing.export import export_partner
from xlquartier.sharing.importer import import_partner
from xlquartier.workbook.read import read_book


def _partner(pid, name):
    return {"id": pid, "name": name, "type": "Verein", "status": "aktiv"}


ROWS = {
    "partners": [_partner("P001", "Sportverein Blau-Weiß"), _partner("P002", "Kulturverein Brücke"),
                 _partner("P003", "Kita Regenbogen")],
    "people": [{"id": "K001", "partner": "P001", "first_name": "Mehmet", "last_name": "Yılmaz",
                "legal_basis": "öffentliche Aufgabe", "email": "m@sv.example"}],
    "events": [
        {"id": "E001", "title": "Stadtteilfest", "date": dt.date(2026, 6, 13), "lead": "QM",
         "co_organisers": ["P001: Sportprogramm", "P002: Bühne"], "status": "geplant",
         "note": "INTERN-FESTBUDGET"},
        {"id": "E002", "title": "Lesenacht", "date": dt.date(2026, 9, 4), "lead": "P003", "status": "geplant"},
    ],
    "offers": [
        {"id": "O001", "kind": "Raum", "title": "Vereinsheim", "partner": "P001", "capacity": 60, "step_free": "ja",
         "contact": "K001", "note": "INTERN-SCHLUESSEL"},
        {"id": "O002", "kind": "Beratung", "title": "Kulturberatung", "partner": "P002"},
    ],
}


def test_view_holds_own_events_and_offers_and_the_offers_come_back(make_book, tmp_path):
    master = make_book(ROWS, settings={"qm_name": "QM Lindenhof"})
    view = export_partner(master, "P001", tmp_path / "view.xlsx")
    with zipfile.ZipFile(view) as archive:
        blob = b"".join(archive.read(n) for n in archive.namelist())
    for secret in (b"INTERN-FESTBUDGET", b"INTERN-SCHLUESSEL", b"Lesenacht", b"Kulturberatung"):
        assert secret not in blob, secret
    seen = read_book(view)
    [event] = seen.rows("events")
    assert event.id == "E001" and event["co_organisers"] == ["Sportverein Blau-Weiß: Sportprogramm",
                                                             "Kulturverein Brücke: Bühne"]
    [offer] = seen.rows("offers")
    assert (offer.id, offer["contact"], offer["capacity"]) == ("O001", "Mehmet Yılmaz", 60)
    wb = load_workbook(view)
    offers = wb[sheet_name("offers", "de")]
    assert not offers["H2"].protection.locked and offers["D2"].protection.locked  # times editable, partner not
    assert all(c.protection.locked for c in wb[sheet_name("events", "de")]["B"])  # events are read-only

    returned = edit(view, {("offers", "O001"): {"times": "Mo–Fr 17–22 Uhr", "capacity": 80},
                           ("offers", 3): {"kind": "Ausstattung", "title": "Bierbänke", "cost": "kostenlos"},
                           ("events", "E001"): {"title": "Anderes Fest"}}, tmp_path / "back.xlsx")
    report = import_partner(master, returned)
    assert {(c.sheet, c.row_id, c.column) for c in report.applied} == {
        ("offers", "O001", "times"), ("offers", "O001", "capacity")}
    assert [(c.sheet, c.row_id) for c in report.added] == [("offers", "O003")]
    assert ("events", "E001", "title") in {(c.sheet, c.row_id, c.column) for c in report.ignored}
    book = read_book(master)
    offers = book.table("offers").by_id()
    assert (offers["O001"]["times"], offers["O001"]["capacity"], offers["O001"]["note"]) == (
        "Mo–Fr 17–22 Uhr", 80, "INTERN-SCHLUESSEL")
    assert (offers["O003"]["partner"], offers["O003"]["kind"], offers["O003"]["title"]) == (
        "P001", "Ausstattung", "Bierbänke")
    assert book.table("events").by_id()["E001"]["title"] == "Stadtteilfest"
    again = import_partner(master, returned)
    assert not again.changed  # a second import of the same answer changes nothing
