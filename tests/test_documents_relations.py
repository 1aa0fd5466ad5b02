"""Benefit statements, the flyer, the contact list once per partner and the press documents,
read back with python-docx (and the flyer through LibreOffice at 12 and 60 partners)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import docx
import pytest
from PIL import Image

from tests.documents_book import SETTINGS, TODAY, document_rows, pictures, text_of, valid, write_logos
from xlquartier.documents import write_contacts
from xlquartier.documents.benefit import write_benefit
from xlquartier.documents.flyer import write_flyer
from xlquartier.documents.press import write_press_contacts, write_press_release
from xlquartier.documents.variables import check_template
from xlquartier.errors import UserError
from xlquartier.resources import shipped
from xlquartier.schema import LISTS
from xlquartier.workbook.read import read_book

D = dt.date
SECRET = "Vertraulich: Schulleitung wechselt"


def relation_rows() -> dict:
    rows = document_rows()
    rows["partners"][0]["press"] = "ja"
    rows["partners"].append({"id": "P006", "name": "Neustädter Anzeiger", "type": "Medien", "status": "aktiv"})
    rows["people"].append({"id": "K005", "partner": "P006", "first_name": "Eva", "last_name": "Presse",
                           "position": "Lokalredaktion", "email": "eva@anzeiger.example",
                           "legal_basis": "berechtigtes Interesse"})
    rows["tasks"] += [
        {"id": "A007", "kind": "Aufgabe", "description": "Elternbrief verteilen", "responsible": "K001",
         "due": D(2026, 2, 1), "status": "erledigt", "done_on": D(2026, 1, 28)},
        {"id": "A008", "kind": "Aufgabe", "description": "Alte Aufgabe von 2025", "responsible": "P001",
         "due": D(2025, 6, 1), "status": "erledigt", "done_on": D(2025, 6, 1)},
    ]
    rows["contacts"] = [{"id": "KV0001", "date": D(2026, 2, 2), "partner": "P001", "office_person": "Anna Keller",
                         "channel": "Telefon", "topic": SECRET, "next_step": "Nachfragen", "note": SECRET}]
    rows["concerns"] = [
        {"id": "AL001", "date": D(2026, 3, 12), "source": "Treffen", "meeting": "T002", "field": "Bildung",
         "concern": "Lotsen am Zebrastreifen", "taken_by": "P001", "status": "aufgegriffen",
         "resident_contact": "Frau X, 0170 999", "note": "intern: hakt nach"},
        {"id": "AL002", "date": D(2025, 9, 1), "source": "Umfrage", "concern": "Alt", "taken_by": "P001",
         "status": "umgesetzt"},
        {"id": "AL003", "date": D(2026, 3, 1), "source": "Sprechstunde", "concern": "Kita-Plätze",
         "taken_by": "P003", "status": "neu"},
    ]
    return rows


@pytest.fixture
def book(make_book, tmp_path):
    write_logos(tmp_path / "logos")
    return read_book(make_book(relation_rows(), settings=SETTINGS, name="Netzwerk.xlsx"))


def figures(path) -> dict[str, str]:
    document = docx.Document(str(path))
    table = document.tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}


# --------------------------------------------------------------------------- benefit statement

def test_benefit_statement_figures_match_a_hand_count(book, tmp_path):
    result = write_benefit(book, ["GS Park"], out_dir=tmp_path / "out", today=TODAY)
    assert [p.name for p in result.written] == ["Nutzenbericht_2026_GS-Park.docx"] and result.complete
    # By hand, 2026: S01 is its one round; T001 and T002 held, it attended both, hosted T001;
    # A007 done by its Anna Schmidt in January (A008 was 2025); 5 residents at T002; AL001 taken up
    # (AL002 was 2025, AL003 is the Kita's).
    assert figures(result.written[0]) == {
        "Runden": "1", "Treffen besucht": "2", "Treffen ausgerichtet": "1", "Aufgaben erledigt": "1",
        "Bewohner*innen bei Ihren Treffen": "5", "Anliegen von Bewohner*innen aufgegriffen": "1"}
    text = text_of(result.written[0])
    for expected in ("Ihr Nutzen aus dem Netzwerk 2026",
                     "Grundschule am Park\nAnna Schmidt\nParkallee 1\n12345 Neustadt",
                     "AK Sicherheit & Barrierefreiheit", "Sie waren bei 2 Treffen dabei und haben 1 Treffen bei sich "
                     "ausgerichtet", "Elternbrief verteilen – 28.01.2026", "Ihre Beiträge: Räume, Fachwissen",
                     "Eltern erreichen", "5 Bewohner*innen kamen", "Lotsen am Zebrastreifen – aufgegriffen",
                     "Gefahrenstellen am Schulweg kartieren – fällig 28.02.2026", "Sehr geehrte Damen und Herren,"):
        assert expected in text, expected
    assert "Alte Aufgabe von 2025" not in text and "Kita-Plätze" not in text
    assert SECRET not in text and "Nachfragen" not in text  # the contact log never leaves the office
    assert valid(result.written[0]) == []


def test_benefit_batch_writes_every_active_partner_and_reports_unknown_ones(book, tmp_path):
    result = write_benefit(book, out_dir=tmp_path / "all", today=TODAY, year=2026)
    assert len(result.written) == 5  # P001-P004 and P006 are active; P005 rests
    missing = write_benefit(book, ["P999"], out_dir=tmp_path / "x", today=TODAY)
    assert [n.item for n in missing.skipped] == ["P999"]


def test_benefit_statement_in_english(book, tmp_path):
    book.lang = "en"
    result = write_benefit(book, ["P003"], out_dir=tmp_path / "en", today=TODAY)
    assert result.written[0].name == "Benefit-statement_2026_Kita.docx"
    text = text_of(result.written[0])
    assert "What the network did for you in 2026" in text and "Kennzahl" not in text


def test_benefit_template_lints_clean():
    for lang in ("de", "en"):
        for kind in ("benefit", "flyer", "press_contacts", "press_release"):
            from xlquartier.documents.templates import TEMPLATE_FILES

            assert check_template(shipped("templates") / lang / TEMPLATE_FILES[kind][lang], kind) == []


# --------------------------------------------------------------------------- contact list, press

def test_contact_list_names_each_partner_once(book, tmp_path):
    text = text_of(write_contacts(book, tmp_path / "k.docx", today=TODAY).written[0])
    assert text.count("Kita Regenbogen") == 1  # Bildung and Gesundheit & Bewegung: listed under Bildung
    assert text.count("Grundschule am Park") == 1


def test_press_contacts_and_release(book, tmp_path):
    text = text_of(write_press_contacts(book, tmp_path / "p.docx", today=TODAY).written[0])
    assert "Intern – nicht weitergeben" in text and "Grundschule am Park" in text
    assert "Neustädter Anzeiger" in text and "Eva Presse, Lokalredaktion: eva@anzeiger.example" in text
    assert "Kita Regenbogen" not in text  # no press work of its own
    release = write_press_release(book, "T002", tmp_path / "r", today=TODAY)
    text = text_of(release.written[0])
    assert "Pressemitteilung" in text and "AK Sicherheit & Barrierefreiheit" in text and "12.03.2026" in text
    assert "Kita Regenbogen, Grundschule am Park" in text  # host first, then the attending partners
    assert pictures(release.written[0])["document"] == 2  # GS Park and Kita released; Müller not; P004's is missing
    with pytest.raises(UserError):
        write_press_release(book, "X99", tmp_path / "r", today=TODAY)


# --------------------------------------------------------------------------- flyer at 12 and 60 partners

WORDS = ["Nachbarschaftshilfe", "Kulturverein", "Jugendtreff", "Sportgemeinschaft", "Elterninitiative",
         "Seniorenbüro", "Stadtteilgarten", "Familienzentrum", "Beratungsstelle", "Musikwerkstatt"]


def flyer_rows(count: int) -> tuple[dict, list[str], list[str], list[str]]:
    fields = [de for de, _ in LISTS["field"].entries]
    partners, people, names, shared, private = [], [], [], [], []
    for i in range(count):
        name = f"{WORDS[i % len(WORDS)]} Lindenhof {i:02d} e.V."
        names.append(name)
        partners.append({"id": f"P{i:03d}", "name": name, "type": "Verein", "status": "aktiv",
                         "fields": [fields[i % len(fields)], fields[(i + 3) % len(fields)]],
                         "website": f"https://www.verein-{i:02d}-lindenhof.de", "logo_file": f"l{i}.png",
                         "logo_release": "ja"})
        person = f"Vorname{i:02d} Nachname{i:02d}"
        people.append({"id": f"K{i:03d}", "partner": f"P{i:03d}", "first_name": person.split()[0],
                       "last_name": person.split()[1], "phone": f"0123 4567{i:02d}",
                       "legal_basis": "berechtigtes Interesse", "share": "ja" if i % 2 == 0 else "nein"})
        (shared if i % 2 == 0 else private).append(person)
    return {"partners": partners, "people": people}, names, shared, private


@pytest.mark.parametrize("count", [12, 60])
def test_flyer_fits_two_pages_with_every_partner_once(make_book, tmp_path, soffice, count):
    rows, names, shared, private = flyer_rows(count)
    for i in range(count):
        Image.new("RGB", (300, 100), (40 + i * 3, 90, 160)).save((tmp_path / "logos").mkdir(exist_ok=True)
                                                                 or tmp_path / "logos" / f"l{i}.png")
    text = "Wir sind Einrichtungen, Vereine und Initiativen, die im Lindenhof gemeinsam etwas bewegen."
    Image.new("RGB", (400, 140), (200, 60, 40)).save(tmp_path / "logos" / "netz.png")
    settings = {"network_name": "Netzwerk Lindenhof", "network_text": text, "network_logo": "netz.png",
                "qm_name": "Quartiersmanagement Lindenhof"}
    book = read_book(make_book(rows, settings=settings, name=f"flyer{count}.xlsx"))
    result = write_flyer(book, tmp_path / f"Flyer{count}.docx", today=TODAY)
    assert result.complete, result.notices
    assert pictures(result.written[0])["document"] == count + 1  # every logo, and the network's
    pdf = soffice(result.written[0], "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages <= 2, f"{count} partners need {pages} pages"
    flat = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for name in names:
        assert flat.count(name) == 1, (name, flat.count(name))  # every partner exactly once, not cut
    for person in shared:
        assert person in flat
    for person in private:
        assert person not in flat  # no contact person without consent
    assert text in flat and "Stand: 14.03.2026" in flat  # the text and the closing line made it


# --------------------------------------------------------------------------- minutes

def test_minutes_list_the_concerns_raised_in_the_meeting(book, tmp_path):
    from xlquartier.documents import write_minutes

    text = text_of(write_minutes(book, ["T002"], tmp_path / "m", today=TODAY).written[0])
    assert "Anliegen von Bewohner*innen" in text and "Lotsen am Zebrastreifen" in text
    assert "Grundschule am Park" in text and "aufgegriffen" in text
    assert "Frau X" not in text and "hakt nach" not in text  # internal columns stay in the office
    assert "Kita-Plätze" not in text  # raised elsewhere
    other = text_of(write_minutes(book, ["T001"], tmp_path / "m1", today=TODAY).written[0])
    assert "Anliegen von Bewohner*innen" not in other  # no concerns, no heading


def test_events_and_offers_fill_in_once_the_planning_sheets_exist(monkeypatch):
    """The planning sheets belong to another part of the schema; any sheet keyed "events" or
    "offers" whose columns name partners feeds the statement (organisers, provider, users, reach)."""
    from xlquartier.documents.benefit import benefit_context
    from xlquartier.documents.common import Notices
    from xlquartier.schema import DATA_SHEETS, Column, Kind, SheetSpec
    from xlquartier.workbook.read import book_from_values

    events = SheetSpec("events", "Veranstaltungen", "Events", "E", 3, (
        Column("id", "VeranstaltungID", "EventID", Kind.ID), Column("date", "Datum", "Date", Kind.DATE),
        Column("title", "Titel", "Title", Kind.TEXT),
        Column("organisers", "Mitveranstalter", "Co-organisers", Kind.MULTIREF, ref=("partners",)),
        Column("reach", "Erreichte", "Reach", Kind.INT)), "tblVeranstaltungen")
    offers = SheetSpec("offers", "Angebote", "Offers", "G", 3, (
        Column("id", "AngebotID", "OfferID", Kind.ID), Column("title", "Titel", "Title", Kind.TEXT),
        Column("provider", "Anbieter", "Provider", Kind.REF, ref=("partners",)),
        Column("users", "Genutzt von", "Used by", Kind.MULTIREF, ref=("partners",))), "tblAngebote")
    from xlquartier.workbook import tables

    monkeypatch.setitem(DATA_SHEETS, "events", events)
    monkeypatch.setitem(DATA_SHEETS, "offers", offers)
    monkeypatch.setattr(tables, "_HEADERS", {})  # header lookups are cached per sheet key
    book = book_from_values({
        "Partner": [["PartnerID", "Name", "Art", "Status"], ["P001", "Grundschule", "Schule", "aktiv"],
                    ["P002", "Kita", "Kita", "aktiv"]],
        "Veranstaltungen": [["VeranstaltungID", "Datum", "Titel", "Mitveranstalter", "Erreichte"],
                            ["E001", D(2026, 6, 20), "Stadtteilfest", "P001; P002", 400],
                            ["E002", D(2025, 6, 20), "Altes Fest", "P001", 100],
                            ["E003", D(2026, 9, 1), "Kitafest", "P002", 50]],
        "Angebote": [["AngebotID", "Titel", "Anbieter", "Genutzt von"],
                     ["G001", "Turnhalle", "P001", "P002"], ["G002", "Elterncafé", "P002", "P001"]],
    })
    context = benefit_context(book, book.table("partners").by_id()["P001"], 2026, "de", TODAY, Notices("de"))
    assert [(e["title"], e["reach"]) for e in context["events"]] == [("Stadtteilfest", "400")]
    assert context["offers_provided"] == ["Turnhalle"] and context["offers_used"] == ["Elterncafé"]
    figures = {f["label"]: f["value"] for f in context["figures"]}
    assert figures["Gemeinsame Veranstaltungen"] == "1" and figures["Erreichte Menschen bei Veranstaltungen"] == "400"


def test_benefit_statement_lists_the_rooms_of_others_the_partner_used(make_book, tmp_path):
    """Rooms of the catalogue where the partner's meetings and held events of the year took place,
    provided by another partner or the office; its own rooms are not a gain."""
    rows = relation_rows()
    rows["offers"] = [
        {"id": "O001", "kind": "Raum", "title": "Aula", "partner": "P001", "place": "Grundschule am Park"},
        {"id": "O002", "kind": "Raum", "title": "Kita-Saal", "partner": "P003", "place": "Kita Regenbogen"},
        {"id": "O003", "kind": "Raum", "title": "Stadtteilbüro", "partner": "QM", "place": "Lindenplatz 3"},
        {"id": "O004", "kind": "Beratung", "title": "Elternberatung", "partner": "P003", "place": "Rathaus"}]
    rows["meetings"] += [  # held at the office, but without the school; and one last year
        {"id": "T005", "structure": "S01", "date": D(2026, 2, 12), "place": "Stadtteilbüro", "host": "QM",
         "partners": ["QM", "P003"], "status": "stattgefunden"},
        {"id": "T006", "structure": "S01", "date": D(2025, 11, 12), "place": "Kita Regenbogen", "host": "P003",
         "partners": ["P001", "P003"], "status": "stattgefunden"},
        {"id": "T007", "structure": "S01", "date": D(2026, 3, 1), "place": "Rathaus", "host": "QM",
         "partners": ["P001"], "status": "stattgefunden"}]  # a place that is no room of the catalogue
    rows["events"] = [
        {"id": "E001", "title": "Hoffest", "date": D(2026, 2, 28), "lead": "QM", "co_organisers": ["P001: Kuchen"],
         "place": "Stadtteilbüro, Lindenplatz 3", "status": "stattgefunden"},
        {"id": "E002", "title": "Lesefest", "date": D(2026, 3, 1), "lead": "P001",
         "place": "Stadtteilbüro, Lindenplatz 3", "status": "stattgefunden"},
        {"id": "E003", "title": "Sommerfest", "date": D(2026, 3, 13), "lead": "P001", "place": "Kita Regenbogen",
         "status": "abgesagt"},
        {"id": "E004", "title": "Basar", "date": D(2026, 2, 2), "lead": "P003", "place": "Stadtteilbüro",
         "status": "stattgefunden"}]  # without the school
    write_logos(tmp_path / "logos")
    book = read_book(make_book(rows, settings=SETTINGS, name="Netzwerk.xlsx"))
    from xlquartier.documents.benefit import benefit_context
    from xlquartier.documents.common import Notices

    school = book.table("partners").by_id()["P001"]
    context = benefit_context(book, school, 2026, "de", TODAY, Notices("de"))
    # By hand, 2026: T001 was in its own Aula (no gain), T002 in the Kita-Saal (P003); T007 at no catalogued
    # room; Hoffest and Lesefest in the office's Stadtteilbüro; the Sommerfest was called off.
    assert [(r["name"], r["provider"], r["uses"]) for r in context["rooms_used"]] == [
        ("Stadtteilbüro", "Quartiersmanagement Lindenhof", "2 Veranstaltungen"),
        ("Kita-Saal", "Kita Regenbogen", "1 Treffen")]
    kita = book.table("partners").by_id()["P003"]
    rooms = benefit_context(book, kita, 2026, "de", TODAY, Notices("de"))["rooms_used"]
    assert [(r["name"], r["uses"]) for r in rooms] == [("Stadtteilbüro", "1 Treffen und 1 Veranstaltung"),
                                                       ("Aula", "1 Treffen")]
    text = text_of(write_benefit(book, ["P001"], out_dir=tmp_path / "out", today=TODAY).written[0])
    assert "Stadtteilbüro (Quartiersmanagement Lindenhof): 2 Veranstaltungen" in text
    assert "Kita-Saal (Kita Regenbogen): 1 Treffen" in text and "Aula (" not in text
