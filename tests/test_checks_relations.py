"""Contacts, benefit and residents: each code with the rows that must be found and near misses
that must stay silent, on one real workbook with a fixed "today"."""

from __future__ import annotations

import datetime as dt

import pytest

from xlquartier.checks import check
from xlquartier.checks.contactlog import last_contact
from xlquartier.checks.relations import CHECKS
from xlquartier.errors import UserError
from xlquartier.workbook.build import build_workbook
from xlquartier.workbook.read import book_from_values, read_book

TODAY = dt.date(2026, 8, 3)
D = dt.date
CODES = {"follow-up-due", "acquisition-stalled", "no-personal-contact", "double-approach",
         "benefit-statement-due", "concern-unanswered", "no-resident-voice", "round-without-residents"}
LONG_AGO = D(2020, 1, 1)


def partner(pid, name, status="aktiv", since=LONG_AGO, **kw):
    return {"id": pid, "name": name, "type": "Verein", "status": status, "benefit": "Kontakte",
            "since": since if status == "aktiv" else None, **kw}


def contact(cid, day, pid, who="Anna Keller", channel="persönlich", follow_up=None, step=None):
    return {"id": cid, "date": day, "partner": pid, "office_person": who, "channel": channel,
            "topic": "Kennenlernen", "next_step": step, "follow_up": follow_up}


def meeting(mid, sid, day, residents=0):
    return {"id": mid, "structure": sid, "date": day, "status": "stattgefunden", "headcount": 8,
            "residents": residents}


ROWS = {
    "partners": [
        partner("P001", "Grundschule am Park"),  # only an email lately; never a statement
        partner("P002", "Kita Regenbogen", benefit_sent=D(2025, 9, 1)),  # near misses
        partner("P003", "Musikschule", since=D(2026, 4, 1)),  # joined recently: gets its time
        partner("P004", "Stadtwerke", status="potenziell"),  # nobody ever talked to them
        partner("P005", "AWO Schuldnerberatung", status="angesprochen"),  # two colleagues, 14 days
        partner("P006", "Volkshochschule", status="im Gespräch"),  # stalled; 50 days apart
        partner("P007", "Café Eck", status="abgelehnt", approach_again=D(2026, 7, 1)),
        partner("P008", "Bäckerei Krume", status="abgelehnt", approach_again=D(2026, 7, 1)),
        partner("P009", "Neustädter Tafel", status="im Gespräch"),  # same person, other spelling
    ],
    "contacts": [
        contact("KV0001", D(2026, 1, 10), "P001", channel="Telefon"),
        contact("KV0002", D(2026, 7, 20), "P001", channel="E-Mail"),
        contact("KV0003", D(2026, 5, 1), "P002"),
        contact("KV0004", D(2026, 7, 1), "P005", who="Anna Keller"),
        contact("KV0005", D(2026, 7, 15), "P005", who="Murat Demir", follow_up=D(2026, 7, 29),
                step="Termin mit der Leitung"),
        contact("KV0006", D(2026, 3, 1), "P006", who="Anna Keller"),
        contact("KV0007", D(2026, 4, 20), "P006", who="Murat Demir", follow_up=D(2026, 9, 1)),
        contact("KV0008", D(2026, 7, 10), "P008", channel="Telefon"),
        contact("KV0009", D(2026, 7, 1), "P009", who="Anna Keller", follow_up=D(2026, 7, 2)),
        contact("KV0010", D(2026, 7, 5), "P009", who="anna  keller"),
    ],
    "structures": [
        {"id": "S01", "name": "AK Bildung", "type": "Arbeitskreis", "field": "Bildung", "status": "aktiv"},
        {"id": "S02", "name": "AK Umwelt", "type": "Arbeitskreis", "field": "Klima & Umwelt", "status": "aktiv"},
        {"id": "S03", "name": "AK Kultur", "type": "Arbeitskreis", "field": "Kunst & Kultur", "status": "aktiv"},
        {"id": "S04", "name": "Stadtteilkonferenz", "type": "Gremium (extern)", "field": "Nachbarschaft",
         "status": "aktiv"},
    ],
    "meetings": [
        meeting("T001", "S01", D(2026, 2, 2)), meeting("T002", "S01", D(2026, 4, 6)),
        meeting("T003", "S01", D(2026, 6, 1)),
        meeting("T004", "S02", D(2026, 2, 3)), meeting("T005", "S02", D(2026, 4, 7), residents=2),
        meeting("T006", "S02", D(2026, 6, 2)),
        meeting("T007", "S03", D(2026, 3, 3)), meeting("T008", "S03", D(2026, 5, 5)),
        *[meeting(f"T01{n}", "S04", D(2026, n + 1, 10)) for n in range(4)],
    ],
    "topics": [
        {"id": "J001", "year": 2026, "title": "Sichere Schulwege", "structure": "S03", "status": "aktiv"},
        {"id": "J002", "year": 2026, "title": "Grüner Hof", "structure": "S02", "status": "aktiv"},
        {"id": "J003", "year": 2026, "title": "Lesefest", "status": "geplant"},
    ],
    "concerns": [
        {"id": "AL001", "date": D(2026, 6, 1), "source": "Sprechstunde", "concern": "Mehr Bänke am Platz"},
        {"id": "AL002", "date": D(2026, 7, 20), "source": "Umfrage", "concern": "Spielplatz schattig machen"},
        {"id": "AL003", "date": D(2026, 5, 1), "source": "Treffen", "field": "Bildung", "topic": "J003",
         "concern": "Hausaufgabenhilfe", "status": "aufgegriffen", "taken_by": "P001"},
        {"id": "AL004", "date": D(2026, 6, 10), "source": "Veranstaltung", "concern": "Licht im Park",
         "status": "neu"},
    ],
}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = build_workbook(tmp_path_factory.mktemp("rel") / "rel.xlsx", "de", data=ROWS)
    return read_book(path)


def found(book, today=TODAY):
    hits: dict[str, list[tuple[str, int, str | None]]] = {}
    for fn in CHECKS:
        for f in fn(book, today):
            hits.setdefault(f.code, []).append((f.sheet, f.row, f.cell))
    return hits


def rows_of(book, code, sheet_key):
    names = {book.tables[sheet_key].name}
    return sorted(row for sheet, row, _ in found(book).get(code, []) if sheet in names)


def test_only_catalogued_relation_codes(book):
    assert set(found(book)) == CODES


def test_follow_up_due_on_the_latest_contact_and_on_declined_partners(book):
    # KV0005 (row 6) is P005's latest contact, due 29.07.; KV0007 is due in September (near miss);
    # KV0009's follow-up was done by the later KV0010 (near miss).
    assert rows_of(book, "follow-up-due", "contacts") == [6]
    # Café Eck (row 8) may be asked again; Bäckerei Krume (row 9) was called since (near miss).
    assert rows_of(book, "follow-up-due", "partners") == [8]
    message = next(f.message for f in CHECKS[0](book, TODAY) if f.row == 6)
    assert "seit 5 Tagen" in message and "„Termin mit der Leitung“" in message


def test_acquisition_stalled(book):
    # Stadtwerke (never contacted) and VHS (last contact 20.04., more than 3 months);
    # AWO and Tafel had contacts in July (near misses); declined and active partners are not asked.
    assert rows_of(book, "acquisition-stalled", "partners") == [5, 7]


def test_no_personal_contact_counts_conversations_not_emails(book):
    # GS Park: a phone call in January, only an email since; Kita Regenbogen talked in May (near miss);
    # Musikschule joined in April (near miss).
    assert rows_of(book, "no-personal-contact", "partners") == [2]


def test_double_approach(book):
    # AWO: Anna Keller 01.07., Murat Demir 15.07. -> the later contact (row 6);
    # VHS: 50 days apart (near miss); Tafel: the same person spelled twice (near miss).
    assert rows_of(book, "double-approach", "contacts") == [6]


def test_benefit_statement_due(book):
    # GS Park never had one; Kita Regenbogen had one 11 months ago; Musikschule is new.
    assert rows_of(book, "benefit-statement-due", "partners") == [2]


def test_concern_unanswered(book):
    # AL001 (no status, 9 weeks) and AL004 ("neu", 8 weeks); AL002 is 2 weeks old, AL003 taken up.
    assert rows_of(book, "concern-unanswered", "concerns") == [2, 5]


def test_no_resident_voice_for_fields_and_topics(book):
    # Kunst & Kultur (AK Kultur, row 4): no concern, no resident. Bildung has a concern, Klima &
    # Umwelt had residents, Nachbarschaft only has an outside body (near misses).
    assert rows_of(book, "no-resident-voice", "structures") == [4]
    # J001 (AK Kultur, no residents); J002's group had residents; J003 has a concern.
    assert rows_of(book, "no-resident-voice", "topics") == [2]
    early = {f.sheet for f in CHECKS[6](book, D(2026, 6, 30))}
    assert early == {book.tables["structures"].name}  # topics get half a year


def test_round_without_residents(book):
    # AK Bildung: 3 meetings, never a resident. AK Umwelt had residents, AK Kultur met twice,
    # the outside body is not ours to open (near misses).
    assert rows_of(book, "round-without-residents", "structures") == [2]


def test_thresholds_come_from_the_settings(tmp_path):
    settings = {"resident_meetings": 2, "double_approach_days": 60, "concern_weeks": 10}
    path = build_workbook(tmp_path / "s.xlsx", "de", data=ROWS, settings=settings)
    book = read_book(path)
    assert rows_of(book, "round-without-residents", "structures") == [2, 4]
    assert rows_of(book, "double-approach", "contacts") == [6, 8]
    assert rows_of(book, "concern-unanswered", "concerns") == []


def test_an_office_without_a_log_is_not_told_about_every_partner():
    partners = ROWS["partners"]
    header = ["PartnerID", "Name", "Art", "Status", "Partner seit"]
    values = [header] + [[p["id"], p["name"], p["type"], p["status"], p["since"]] for p in partners]
    book = book_from_values({"Partner": values})
    hits = found(book)
    assert "no-personal-contact" not in hits and "acquisition-stalled" not in hits
    assert "no-resident-voice" not in hits  # no Anliegen sheet: nothing to say about concerns
    assert {f.code for f in check(book, TODAY)} >= {"missing-sheet"}


def test_english_messages(tmp_path):
    path = build_workbook(tmp_path / "en.xlsx", "en", data=ROWS)
    book = read_book(path)
    messages = [f.message for fn in CHECKS for f in fn(book, TODAY)]
    assert any("Follow-up with AWO Schuldnerberatung due 5 days ago" in m for m in messages)
    assert all("Wiedervorlage" not in m for m in messages)


def test_last_contact(book):
    found_ = last_contact(book, "AWO Schuldnerberatung", TODAY)
    assert found_.contact.id == "KV0005" and found_.follow_up == D(2026, 7, 29)
    assert last_contact(book, "P009", TODAY).follow_up is None  # done by the later contact
    assert last_contact(book, "P001", D(2026, 2, 1)).contact.id == "KV0001"  # up to the given day
    assert last_contact(book, "Stadtwerke", TODAY).contact is None
    with pytest.raises(UserError):
        last_contact(book, "Niemand", TODAY)


def test_concern_figures_for_the_report(book):
    from xlquartier.report.indicators import indicators

    ind = indicators(book, 2026, TODAY)
    assert ind.concerns.by_field == {"Bildung": (1, 1), "": (3, 0)}  # AL003 taken up; three without a field
    figures = {f.key: (f.value, f.of) for f in ind.figures()}
    assert figures["concerns"] == (4, None) and figures["concerns_taken_up"] == (1, 4)
    assert indicators(book, 2025, TODAY).concerns.raised == 0
