"""Privacy duties on the demo: access (privacy show), erasure (privacy erase), retention, consent.

Before this work (main at c6879eb) there were no privacy commands, export records were created
world-readable and kept for ever with a deleted person's data in them (case 10 of issue 16).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from typer.testing import CliRunner

from xlquartier.checks import check
from xlquartier.checks.run import run_check
from xlquartier.cli import app
from xlquartier.demo import DEMO_TODAY, run_demo
from xlquartier.errors import UserError
from xlquartier.sharing.export import export_partner
from xlquartier.sharing.store import records, store_dir
from xlquartier.workbook.read import read_book
from xlquartier.workbook.write import Package

PERSON = "K001"  # Aylin Müller, contact person of P001 (whose view the demo exports), in meetings and tasks


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return run_demo(tmp_path_factory.mktemp("privacy-demo") / "demo")


@pytest.fixture
def book(demo, tmp_path) -> Path:
    """A fresh copy of the whole demo folder (workbook, backups, export records, documents)."""
    shutil.copytree(demo.parent, tmp_path / "demo")
    return tmp_path / "demo" / demo.name


def identifiers(path: Path) -> list[str]:
    row = read_book(path).table("people").by_id()[PERSON]
    return [f"{row['first_name']} {row['last_name']}", f"{row['last_name']}, {row['first_name']}",
            row["email"], row["phone"]]


def forms(text: str) -> list[bytes]:
    """Every way the text may sit in a file: plain, XML-escaped, with character references, JSON-escaped."""
    escaped = escape(text)
    return [text.encode(), escaped.encode(), text.encode("unicode_escape"),
            "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in escaped).encode(),
            "".join(c if ord(c) < 128 else f"&#x{ord(c):x};" for c in escaped).encode()]


def holders(paths: list[Path], texts: list[str]) -> list[tuple[str, str, str]]:
    """(file, part, text) wherever any of ``texts`` appears, in every part of every package."""
    found = []
    for path in paths:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts = [(name, archive.read(name)) for name in archive.namelist()]
        else:
            parts = [("", path.read_bytes())]
        for name, data in parts:
            found += [(path.name, name, text) for text in texts if any(f in data for f in forms(text))]
    return found


def backups_of(book: Path) -> list[Path]:
    return sorted((book.parent / "Sicherungen").glob(f"{book.stem}_*.xlsx"))


def test_show_writes_a_private_document_with_everything_stored(book):
    result = CliRunner().invoke(app, ["privacy", "show", str(book), PERSON])
    assert result.exit_code == 0, result.output
    report = next(book.parent.glob(f"Auskunft_{PERSON}_*.docx"))
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    document = docx.Document(str(report))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    name, _, email, phone = identifiers(book)
    assert name in text and email in cells and phone in cells and "Einwilligung" in cells
    assert "Grundschule am Park" in cells  # the recipient of the demo's partner view
    assert f"{book.stem}_Partneransicht_P001_GS-Park.xlsx" in cells
    assert "Zuständig" in cells and "Teilnehmende Personen" in cells  # tasks and meetings naming her
    assert "Protokolle/" in text and "Art. 15" in text and "Art. 17" in text
    assert "Weitergaben an Partner: 1" in result.output


def test_show_keeps_the_document_private_where_an_older_copy_was_readable(book):
    target = book.parent / "Auskunft.docx"
    target.write_bytes(b"old")
    target.chmod(0o644)
    result = CliRunner().invoke(app, ["privacy", "show", str(book), PERSON, "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert zipfile.is_zipfile(target)


def test_show_finds_a_person_by_email_and_name_and_refuses_unknown_or_ambiguous(book):
    from xlquartier.privacy.person import find_person

    workbook = read_book(book)
    name, reversed_name, email, _ = identifiers(book)
    assert {find_person(workbook, q).id for q in (PERSON, email, name, reversed_name, name.upper())} == {PERSON}
    with pytest.raises(UserError, match="no person"):
        find_person(workbook, "Niemand Nirgends")


def test_erase_leaves_the_person_nowhere_and_everything_else_as_it_was(book):
    texts = identifiers(book)
    before = read_book(book)
    copies = [*backups_of(book), *records(book)]
    assert holders([book, *copies], texts), "the demo must hold the person, or the test cannot fail"
    result = CliRunner().invoke(app, ["privacy", "erase", str(book), PERSON])
    assert result.exit_code == 0, result.output
    retained = [*backups_of(book), *records(book)]
    assert len(backups_of(book)) >= 2 and records(book)
    assert holders([book, *retained], texts) == []
    after = read_book(book)
    for key, table in before.tables.items():  # lossless for everyone else
        for row in table.rows:
            if key == "people" and row.id == PERSON:
                continue
            new = {r.number: r for r in after.rows(key)}[row.number]
            changed = {k for k in set(row.values) | set(new.values) if row.values.get(k) != new.values.get(k)}
            assert changed <= {"people", "responsible", "contact"}, (key, row.number, changed)
    assert PERSON not in after.table("people").by_id()
    tasks = [r for r in before.rows("tasks") if r["responsible"] == texts[0]]
    assert tasks and all({r.number: r for r in after.rows("tasks")}[t.number]["responsible"] == "P001" for t in tasks)
    output = " ".join(result.output.split())
    assert "Nennt die Person noch:" in output and "Protokoll" in output
    assert "bitte informieren (Art. 19 DSGVO)" in output


def test_the_erased_workbook_opens_in_libreoffice_with_its_values(book, soffice, tmp_path):
    name = identifiers(book)[0]
    CliRunner().invoke(app, ["privacy", "erase", str(book), PERSON])
    converted = soffice(book, "xlsx", tmp_path / "lo")
    again = read_book(converted)
    assert len(again.rows("tasks")) == len(read_book(book).rows("tasks"))
    assert holders([converted], [name]) == []


def test_erase_dry_run_changes_nothing(book):
    before = {p: p.read_bytes() for p in [book, *backups_of(book), *records(book)]}
    result = CliRunner().invoke(app, ["privacy", "erase", str(book), PERSON, "--dry-run"])
    assert result.exit_code == 0 and "würde" in result.output
    assert {p: p.read_bytes() for p in before} == before


def test_the_erased_id_is_never_handed_out_again(book):
    highest = max(int(r.id[1:]) for r in read_book(book).rows("people") if r.id)
    CliRunner().invoke(app, ["privacy", "erase", str(book), f"K{highest:03d}"])  # the highest person ID
    workbook = read_book(book)
    table = workbook.table("people")
    row = max(r.number for r in table.rows) + 1
    with Package.open(book) as pkg:
        pkg.set_cells(table.name, {table.cell(row, "last_name"): "Neu", table.cell(row, "legal_basis"): "Einwilligung"})
    result = run_check(book, DEMO_TODAY, write=True)
    assert list(result.assigned_ids[table.name].values()) == [f"K{highest + 1:03d}"]


def test_export_records_are_private(book):
    path = export_partner(book, "P003", book.parent / "view.xlsx", today=DEMO_TODAY)
    assert path.exists()
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in records(book) if "P003" in p.read_text())


def test_expired_export_records_are_reported_then_deleted_at_the_next_write(book):
    record = records(book)[0]
    old = time.time() - 400 * 86400
    os.utime(record, (old, old))
    today = dt.date.today()
    findings = [f for f in check(read_book(book), today) if f.code == "retention-exceeded"]
    assert findings and "1 Exportprotokoll" in findings[0].message and findings[0].severity == "warning"
    result = CliRunner().invoke(app, ["check", str(book), "--write"])
    assert "Exportprotokolle gelöscht" in result.output and record.name in result.output
    assert not record.exists()
    assert [f for f in check(read_book(book), today) if f.code == "retention-exceeded"] == []


def test_an_import_also_deletes_expired_records(book, tmp_path):
    from xlquartier.sharing.importer import import_partner

    view = export_partner(book, "P002", tmp_path / "view.xlsx", today=DEMO_TODAY)
    stale = store_dir(book) / "E000000000001.json"
    shutil.copy(records(book)[0], stale)
    os.utime(stale, (time.time() - 400 * 86400,) * 2)
    from openpyxl import load_workbook

    wb = load_workbook(view)
    ws = wb["Partner"]
    ws["L2"] = "030 7654321"
    wb.save(tmp_path / "back.xlsx")
    report = import_partner(book, tmp_path / "back.xlsx")
    assert report.written and stale in report.expired and not stale.exists()


def test_withdrawn_consent_while_still_shared_is_an_error(make_book):
    people = [{"id": "K001", "last_name": "Widerruf", "legal_basis": "Einwilligung",
               "consent_date": dt.date(2025, 1, 1), "consent_withdrawn": dt.date(2026, 2, 1), "share": "ja",
               "consent_source": "Formular",
               "consent_purpose": "Kontaktliste"},
              {"id": "K002", "last_name": "Später", "legal_basis": "Einwilligung", "consent_date": dt.date(2025, 1, 1),
               "consent_withdrawn": dt.date(2026, 9, 1), "share": "ja"},
              {"id": "K003", "last_name": "Erledigt", "legal_basis": "öffentliche Aufgabe",
               "consent_withdrawn": dt.date(2026, 2, 1), "share": "nein"}]
    findings = [f for f in check(read_book(make_book({"people": people})), dt.date(2026, 3, 1))
                if f.code == "consent-withdrawn-shared"]
    assert [(f.row, f.severity) for f in findings] == [(2, "error")]
    assert "01.02.2026 widerrufen" in findings[0].message
    book = read_book(make_book({"people": people}))
    assert book.rows("people")[0]["consent_source"] == "Formular"
