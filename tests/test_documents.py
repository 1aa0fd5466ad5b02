"""Minutes, agreements, Letters of Intent and the contact list, read back with python-docx."""

from __future__ import annotations

import zipfile

import pytest
from typer.testing import CliRunner

from tests.documents_book import (
    SETTINGS,
    TEMPLATE_LOOKALIKE,
    TODAY,
    TRICKY,
    document_rows,
    pictures,
    text_of,
    valid,
    write_logos,
)
from xlquartier.cli import app
from xlquartier.documents import write_agreements, write_contacts, write_minutes
from xlquartier.errors import UserError
from xlquartier.files import lock_file
from xlquartier.workbook.read import read_book


@pytest.fixture
def book_path(make_book, tmp_path):
    write_logos(tmp_path / "logos")
    return make_book(document_rows(), settings=SETTINGS, name="Netzwerk.xlsx")


@pytest.fixture
def book(book_path):
    return read_book(book_path)


# --------------------------------------------------------------------------- minutes

def test_minutes_show_tasks_follow_up_logos_and_distribution(book, tmp_path):
    result = write_minutes(book, ["T002"], tmp_path / "out", today=TODAY)
    assert [p.name for p in result.written] == ["2026-03-12_Protokoll_AK-Sicherheit-Barrierefreiheit.docx"]
    text = text_of(result.written[0])
    # header data, German dates and times
    for expected in ("AK Sicherheit & Barrierefreiheit", "12.03.2026", "17:00–18:30 Uhr", "Kita Regenbogen",
                     "Netzwerk Lindenhof", "5 Bewohner*innen", "Anzahl Teilnehmende: 12, davon 5 Bewohner*innen",
                     "Entschuldigt: Ruhender Verein"):
        assert expected in text
    # tasks of this meeting, numbered, with responsible person/organisation and due date
    assert "Stand beim Stadtteilfest planen" in text and "30.05.2026" in text
    assert "Quartiersmanagement Lindenhof" in text
    assert "Beschluss: Der AK beantragt eine Ampel am Parkweg." in text  # "TOP 2" lands under Schulweg
    schulweg = text.index("TOP 2: Schulweg")
    assert schulweg < text.index("Der AK beantragt") < text.index("TOP 3: Stadtteilfest")
    # follow-up: the open task of the earlier meeting with its status, never the done one
    assert "Gefahrenstellen am Schulweg kartieren" in text and "Anna Schmidt (Grundschule am Park)" in text
    assert "in Arbeit – überfällig: Hälfte erledigt" in text
    assert "Erledigte alte Aufgabe" not in text
    # next meeting from the planned row: date, time and place
    assert "16.04.2026, 17:00 Uhr, Rathaus" in text
    # distribution: organisation emails and people who agreed; never the one who did not
    assert "a.schmidt@gs-park.example" in text and "d@mueller.example" in text
    assert "b.geheim@gs-park.example" not in text
    # logos: the released ones of attending partners (GS, Kita) in the body; network logo in the header
    assert pictures(result.written[0]) == {"document": 2, "header1": 1}
    assert [n.item for n in result.notices] == ["P004"]  # released logo whose file is missing
    assert not result.notices[0].skipped
    assert "{{" not in text.replace(TEMPLATE_LOOKALIKE, "") and "{%" not in text.replace(TEMPLATE_LOOKALIKE, "")
    assert valid(result.written[0]) == []


def test_values_print_literally_never_evaluated(book, tmp_path):
    result = write_minutes(book, ["T002"], tmp_path, today=TODAY)
    text = text_of(result.written[0])
    assert TEMPLATE_LOOKALIKE in text and "49" not in text
    assert TRICKY in text
    paragraphs = text.split("\n")
    assert "Neue Zeile" in paragraphs[[i for i, p in enumerate(paragraphs) if "Neue Zeile" in p][0]]
    xml = zipfile.ZipFile(result.written[0]).read("word/document.xml").decode()
    assert "Neue Zeile</w:t><w:br/>" in xml  # a line break in a cell stays a line break


def test_bad_meeting_is_skipped_and_the_batch_goes_on(book, tmp_path):
    result = write_minutes(book, out_dir=tmp_path, today=TODAY)
    assert sorted(p.name for p in result.written) == [
        "2026-01-15_Protokoll_AK-Sicherheit-Barrierefreiheit.docx",
        "2026-03-12_Protokoll_AK-Sicherheit-Barrierefreiheit.docx"]
    skipped = [n.item for n in result.skipped]
    assert skipped == ["T003"] and not result.complete
    first = text_of(tmp_path / "2026-01-15_Protokoll_AK-Sicherheit-Barrierefreiheit.docx")
    assert "Aus früheren Treffen ist nichts mehr offen." in first


@pytest.mark.parametrize("owner", ["~$26-03-12_Protokoll_AK-Sicherheit-Barrierefreiheit.docx",  # Word
                                   ".~lock.2026-03-12_Protokoll_AK-Sicherheit-Barrierefreiheit.docx#"])
def test_open_document_is_not_overwritten(book, tmp_path, owner):
    target = tmp_path / "2026-03-12_Protokoll_AK-Sicherheit-Barrierefreiheit.docx"
    target.write_bytes(b"the user's open file")
    (tmp_path / owner).write_bytes(b"owner")
    assert lock_file(target) is not None
    result = write_minutes(book, ["T002"], tmp_path, today=TODAY)
    assert result.written == [] and target.read_bytes() == b"the user's open file"
    assert "geöffnet" in result.skipped[0].message


def test_english_book_gets_english_minutes(make_book, tmp_path):
    write_logos(tmp_path / "logos")
    book = read_book(make_book(document_rows(), lang="en", settings=SETTINGS))
    result = write_minutes(book, ["T002"], tmp_path / "out", today=TODAY)
    assert result.written[0].name == "2026-03-12_Minutes_AK-Sicherheit-Barrierefreiheit.docx"
    text = text_of(result.written[0])
    assert "Minutes" in text and "2026-03-12" in text and "in progress – overdue" in text
    assert "Decision: Der AK beantragt" in text and "Page" in text


# --------------------------------------------------------------------------- agreements

def test_drafts_become_agreements_and_letters_of_intent(book, tmp_path):
    result = write_agreements(book, out_dir=tmp_path, today=TODAY)
    names = sorted(p.name for p in result.written)
    assert names == ["Kooperationsvereinbarung_GS-Park_V001.docx", "Letter-of-Intent_Mueller_V002.docx"]
    agreement = text_of(tmp_path / names[0])
    for expected in ("Kooperationsvereinbarung", "Sicherer Schulweg", "Kinder kommen sicher zur Schule",
                     "Räume für Treffen", "Moderation & Öffentlichkeitsarbeit", "Mehr Eltern erreichen",
                     "Anna Schmidt, Schulleitung", "AK Sicherheit & Barrierefreiheit (monatlich)",
                     "vom 01.04.2026 bis zum 31.03.2027", "Am 01.10.2026 prüfen", "hält die Zusammenarbeit verbindlich",
                     "Stadtteilarbeit gGmbH", "das Logo der anderen Seite"):
        assert expected in agreement, expected
    assert "Räume, Fachwissen" not in agreement  # the agreement's own words, not the list again
    assert pictures(tmp_path / names[0]) == {"document": 2, "header1": 1}  # network + partner logo
    loi = text_of(tmp_path / names[1])
    assert TRICKY in loi and "Preise für die Tombola" in loi and "Kundschaft aus dem Kiez" in loi
    assert "Absichtserklärung" in loi and "Absichtserklärung" not in agreement
    assert sum(pictures(tmp_path / names[1]).values()) == 0  # logo release "nein": no logo at all
    for name in names:
        assert valid(tmp_path / name) == []


def test_partner_and_kind_choose_agreements(book, tmp_path):
    result = write_agreements(book, ["Kita", "P009"], "loi", tmp_path, today=TODAY)
    assert [p.name for p in result.written] == ["Letter-of-Intent_Kita_V003.docx"]  # signed, asked by name
    assert [n.item for n in result.skipped] == ["P009"]


# --------------------------------------------------------------------------- contact list

def test_contact_list_shares_only_agreed_contacts(book, tmp_path):
    result = write_contacts(book, tmp_path / "Flyer.docx", today=TODAY)
    assert result.written == [tmp_path / "Flyer.docx"]
    text = text_of(result.written[0])
    assert "Anna Schmidt, Schulleitung" in text and "Doris Müller, Inhaberin" in text
    assert "Geheim" not in text and "Clara" not in text  # sharing "nein" / empty
    assert "Ruhender Verein" not in text
    for field in ("Nachbarschaft", "Bildung"):
        assert field in text
    assert text.index("Nachbarschaft") < text.index("Bildung")
    assert "Gesundheit & Bewegung" not in text  # the Kita is listed once, under its first field
    # GS and Kita released (each once), Müller not released, Verein's file missing
    assert pictures(result.written[0]) == {"document": 2, "header1": 1}
    assert valid(result.written[0]) == []


# --------------------------------------------------------------------------- CLI

def test_cli_writes_and_exit_code_reports_skips(book_path, tmp_path):
    runner = CliRunner()
    out = tmp_path / "protokolle"
    done = runner.invoke(app, ["minutes", str(book_path), "--meeting", "T001", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "1 Dokument geschrieben" in done.output and "(e)" not in done.output
    skipped = runner.invoke(app, ["minutes", str(book_path), "--out", str(out)])
    assert skipped.exit_code == 1 and "T003" in skipped.output
    assert len(list(out.glob("*.docx"))) == 2
    english = runner.invoke(app, ["agreements", str(book_path), "--kind", "agreement", "--out", str(out),
                                  "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert (out / "Cooperation-agreement_GS-Park_V001.docx").exists()
    bad = runner.invoke(app, ["agreements", str(book_path), "--kind", "vertrag"])
    assert isinstance(bad.exception, UserError) and "loi oder agreement" in bad.exception.message("de")
