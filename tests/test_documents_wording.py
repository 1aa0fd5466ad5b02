"""What a partner or funder reads: the wording rules of the documents, one test each."""

from __future__ import annotations

import re

import pytest

from tests.documents_book import SETTINGS, TODAY, document_rows, text_of, write_logos
from xlquartier.documents import write_agreements, write_contacts, write_minutes
from xlquartier.documents.build_templates import AGREEMENT_LEGAL_DE, LOI_LEGAL_DE
from xlquartier.texts import joined, plural
from xlquartier.workbook.read import read_book

OFFICE = {**SETTINGS, "qm_contact_name": "Miriam Albers", "qm_contact_function": "Quartiersmanagerin",
          "qm_signatory_name": "Jens Hartwig", "qm_signatory_function": "Geschäftsführer"}


def _book(make_book, tmp_path, settings=OFFICE, change=None):
    write_logos(tmp_path / "logos")
    rows = document_rows()
    if change:
        change(rows)
    return read_book(make_book(rows, settings=settings, name="Netzwerk.xlsx"))


def test_counts_have_real_plurals():
    assert plural("de", 1, ("Dokument", "Dokumente"), ("document", "documents")) == "1 Dokument"
    assert plural("de", 3, ("Dokument", "Dokumente"), ("document", "documents")) == "3 Dokumente"
    assert joined("de", ["Räume", "Personal"]) == "Räume und Personal"
    assert joined("en", ["rooms", "staff", "expertise"]) == "rooms, staff and expertise"


@pytest.mark.parametrize("residents, expected", [(1, "davon 1 Bewohner*in"), (5, "davon 5 Bewohner*innen")])
def test_minutes_count_residents_in_the_right_number(make_book, tmp_path, residents, expected):
    def change(rows):
        rows["meetings"][1]["residents"] = residents
    text = text_of(write_minutes(_book(make_book, tmp_path, change=change), ["T002"], tmp_path / "o",
                                 today=TODAY).written[0])
    assert expected in text and "1 Bewohner*innen" not in text


def test_minutes_list_each_address_once_and_show_task_ids(make_book, tmp_path):
    def change(rows):
        rows["people"][0]["email"] = "INFO@gs-park.example"  # same address as the school's, other case
        rows["people"].append({"id": "K005", "partner": "P001", "first_name": "Ute", "last_name": "Zwei",
                               "email": "a.schmidt@gs-park.example", "legal_basis": "Einwilligung",
                               "consent_date": TODAY, "share": "ja"})
        rows["people"].append({"id": "K006", "partner": "P001", "first_name": "Kai", "last_name": "Kaputt",
                               "email": "kai(at)gs-park", "legal_basis": "Einwilligung", "consent_date": TODAY,
                               "share": "ja"})
    result = write_minutes(_book(make_book, tmp_path, change=change), ["T002"], tmp_path / "o", today=TODAY)
    text = text_of(result.written[0])
    emails = re.findall(r"[\w.+-]+@[\w.-]+", text.split("Verteiler", 1)[1])
    assert len({e.casefold() for e in emails}) == len(emails), emails
    assert "kai(at)gs-park" not in text and any("kai(at)gs-park" in n.message for n in result.notices)
    assert "A004" in text and "A005" in text  # new tasks show their workbook ID, like carried-forward ones
    assert "Miriam Albers (Quartiersmanagement Lindenhof)" in text  # the chair "QM"


def test_qm_without_a_person_is_the_office(make_book, tmp_path):
    text = text_of(write_minutes(_book(make_book, tmp_path, settings=SETTINGS), ["T002"], tmp_path / "o",
                                 today=TODAY).written[0])
    assert "Moderation\nQuartiersmanagement Lindenhof" in text and "\nQM\n" not in text


def test_agreement_and_letter_of_intent_wording(make_book, tmp_path):
    book = _book(make_book, tmp_path)
    result = write_agreements(book, out_dir=tmp_path / "o", today=TODAY)
    agreement = text_of(next(p for p in result.written if p.name.startswith("Koop")))
    loi = text_of(next(p for p in result.written if p.name.startswith("Letter")))
    # the office's signatory signs, its contact person is named
    assert "Jens Hartwig, Geschäftsführer" in agreement and "Miriam Albers, Quartiersmanagerin" in agreement
    # each document has its own legal character
    assert AGREEMENT_LEGAL_DE in agreement and LOI_LEGAL_DE in loi and AGREEMENT_LEGAL_DE != LOI_LEGAL_DE
    assert "Absichtserklärung" not in agreement
    # "vom … bis zum …", and the date of writing is not printed at the signatures
    assert "gilt vom 01.04.2026 bis zum 31.03.2027" in agreement and "gilt ab" not in agreement
    assert TODAY.strftime("%d.%m.%Y") not in agreement
    # no organisation name where German needs an article; the LoI speaks as "wir" throughout
    assert "hiermit erklärt" not in loi and "hiermit erklären wir" in loi
    assert "Unser Beitrag" in loi and "Unterstützung durch das" not in loi
    assert "im Folgenden „Partner“" in agreement and "Der Partner wirkt" in agreement


@pytest.mark.parametrize("salutation, lang, person", [
    ("Frau", "de", "z. Hd. Frau Miriam Albers"), ("", "de", "z. Hd. Miriam Albers"),
    ("Frau", "en", "attn. Ms Miriam Albers"), ("Ms", "de", "z. Hd. Frau Miriam Albers")])
def test_letter_of_intent_addresses_the_office_as_a_business_letter(make_book, tmp_path, salutation, lang, person):
    """DIN 5008: the organisation, then the unit, then "z. Hd." the person, then street and town."""
    write_logos(tmp_path / "logos")
    settings = {**OFFICE, "qm_contact_salutation": salutation}
    book = read_book(make_book(document_rows(), lang=lang, settings=settings, name="Netzwerk.xlsx"))
    loi = next(p for p in write_agreements(book, out_dir=tmp_path / "o", today=TODAY).written
               if p.name.startswith("Letter"))
    lines = text_of(loi).split("\n")
    start = lines.index("Stadtteilarbeit gGmbH")
    assert lines[start:start + 5] == ["Stadtteilarbeit gGmbH", "Quartiersmanagement Lindenhof", person,
                                      "Lindenplatz 3", "12345 Neustadt"]


def test_contributions_read_as_a_sentence(make_book, tmp_path):
    def change(rows):
        rows["agreements"][0]["partner_contribution"] = None
    result = write_agreements(_book(make_book, tmp_path, change=change), ["P001"], "agreement", tmp_path / "o",
                              today=TODAY)
    agreement = text_of(result.written[0])
    assert "Räume und Fachwissen" in agreement and "Räume, Fachwissen" not in agreement


def test_contact_list_leaves_out_invalid_addresses_with_a_notice(make_book, tmp_path):
    def change(rows):
        rows["people"][0]["email"] = "a.schmidt(at)gs-park"
    result = write_contacts(_book(make_book, tmp_path, change=change), tmp_path / "Liste.docx", today=TODAY)
    text = text_of(result.written[0])
    assert "a.schmidt(at)gs-park" not in text and "Anna Schmidt, Schulleitung" in text
    assert [n.item for n in result.notices if "ungültig" in n.message] == ["K001"]
    assert "sind nur aufgeführt, wenn sie der Weitergabe ihrer Kontaktdaten zugestimmt haben" in text


def test_a_planned_round_is_named_as_planned_not_among_the_rounds_the_partner_works_in(make_book, tmp_path):
    def change(rows):
        rows["structures"].append({"id": "S02", "name": "Runde Jugendbeteiligung", "type": "Arbeitskreis",
                                   "field": "Bildung", "lead": "QM", "members": ["P001"], "cadence": "zweimonatlich",
                                   "status": "geplant"})
    book = _book(make_book, tmp_path, change=change)
    agreement = text_of(write_agreements(book, ["P001"], "agreement", tmp_path / "o", today=TODAY).written[0])
    working, planned = agreement.split("Der Partner wirkt in diesen Runden", 1)[1].split("§ 7", 1)[0].split(
        "geplanten Runde", 1)
    assert "AK Sicherheit & Barrierefreiheit" in working and "Runde Jugendbeteiligung" not in working
    assert "Runde Jugendbeteiligung (zweimonatlich)" in planned
    from xlquartier.documents.benefit import write_benefit

    benefit = text_of(write_benefit(book, ["P001"], out_dir=tmp_path / "b", today=TODAY).written[0])
    assert "AK Sicherheit & Barrierefreiheit" in benefit and "Runde Jugendbeteiligung" not in benefit
