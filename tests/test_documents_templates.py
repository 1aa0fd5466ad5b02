"""Templates: users' own copies, the lint, the sandbox, batch rendering, PDF through LibreOffice."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from tests.documents_book import SETTINGS, TODAY, document_rows, text_of, write_logos
from xlquartier.cli import app
from xlquartier.documents import check_template, write_agreements, write_minutes
from xlquartier.documents.agreements import _memberships, agreement_context
from xlquartier.documents.batch import Job, render_jobs
from xlquartier.documents.build_templates import BUILDERS, build_templates
from xlquartier.documents.common import Notices
from xlquartier.documents.contacts import contacts_context
from xlquartier.documents.minutes import minutes_context
from xlquartier.documents.templates import find_template
from xlquartier.documents.variables import VARIABLES, ListOf, Obj
from xlquartier.errors import UserError
from xlquartier.report.annual import report_context
from xlquartier.resources import shipped
from xlquartier.workbook.read import read_book


@pytest.fixture
def book(make_book, tmp_path):
    write_logos(tmp_path / "logos")
    return read_book(make_book(document_rows(), settings=SETTINGS, name="Netzwerk.xlsx"))


def own_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_shipped_templates_are_current_and_reproducible(tmp_path):
    built = build_templates(tmp_path)
    assert len(built) == 2 * len(BUILDERS)
    for path in built:
        assert path.read_bytes() == (shipped("templates") / path.relative_to(tmp_path)).read_bytes(), path
    assert (tmp_path / "VARIABLES.md").read_text() == (shipped("templates") / "VARIABLES.md").read_text()


def test_shipped_templates_use_only_known_placeholders():
    for path in sorted(shipped("templates").glob("*/*.docx")):
        assert check_template(path) == [], path


def _shape(value, spec) -> list[str]:
    """Where a built context differs from the documented variables."""
    if isinstance(spec, Obj):
        if value is None:
            return []
        problems = [f"missing {k}" for k in spec.fields if k not in value]
        problems += [f"undocumented {k}" for k in value if k not in spec.fields]
        return problems + [p for k in spec.fields if k in value for p in _shape(value[k], spec.fields[k])]
    if isinstance(spec, ListOf):
        return [p for item in value for p in _shape(item, spec.item)]
    return []


def test_contexts_have_exactly_the_documented_variables(book, tmp_path):
    notices = Notices("de")
    meeting = next(m for m in book.rows("meetings") if m.id == "T002")
    agreement = book.rows("agreements")[0]
    built = {
        "minutes": minutes_context(book, meeting, "de", TODAY, notices),
        "agreement": agreement_context(book, agreement, "de", TODAY, notices, _memberships(book)),
        "contacts": contacts_context(book, "de", TODAY, notices),
        "report": report_context([book, book], 2026, TODAY, "de", tmp_path),
    }
    for kind, context in built.items():
        spec = Obj("", "", VARIABLES[kind])
        assert _shape(context, spec) == [], kind
        assert context[next(iter(VARIABLES[kind]))]  # not trivially empty


def test_lint_names_unknown_placeholders(tmp_path):
    template = own_template(tmp_path / "Protokoll.docx", "{{ meeting.dat }} am {{ meeting.date }}",
                            "{%p for k in tasks %}", "{{ k.responsible }} {{ k.wer }} {{ loop.index }}",
                            "{%p endfor %}", "{{ gibtsnicht|upper }}", "{% set x = 1 %}{{ x }}")
    assert check_template(template) == ["meeting.dat", "k.wer", "gibtsnicht"]
    result = CliRunner().invoke(app, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 1 and "meeting.dat" in result.output
    with pytest.raises(UserError):
        check_template(own_template(tmp_path / "Brief.docx", "{{ x }}"))


def test_vorlagen_folder_beside_the_workbook_wins(book, tmp_path):
    own_template(tmp_path / "Vorlagen" / "Protokoll.docx",
                 "Unser Protokoll: {{ structure.name }} am {{ meeting.date }}")
    assert find_template("minutes", "de", book.path) == tmp_path / "Vorlagen" / "Protokoll.docx"
    assert find_template("agreement", "de", book.path).parent == shipped("templates") / "de"
    result = write_minutes(book, ["T002"], tmp_path / "out", today=TODAY)
    assert text_of(result.written[0]).strip() == "Unser Protokoll: AK Sicherheit & Barrierefreiheit am 12.03.2026"


def test_safe_filter_cannot_inject_word_xml(book, tmp_path):
    own_template(tmp_path / "eigene" / "Letter-of-Intent.docx", "{{ agreement.subject|safe }}")
    result = write_agreements(book, ["P002"], out_dir=tmp_path, templates=tmp_path / "eigene", today=TODAY)
    assert text_of(result.written[0]).strip() == 'Müller & Söhne <GmbH> "Ü" €'


def test_sandbox_blocks_a_malicious_template_and_reports_it(book, tmp_path):
    own_template(tmp_path / "eigene" / "Kooperationsvereinbarung.docx",
                 "{{ partner.name.__class__.__mro__[1].__subclasses__() }}")
    result = write_agreements(book, ["P001"], out_dir=tmp_path / "out", templates=tmp_path / "eigene", today=TODAY)
    assert result.written == []
    assert "Fehler in der Vorlage" in result.skipped[0].message
    own_template(tmp_path / "kaputt" / "Kooperationsvereinbarung.docx", "{% if %}")
    with pytest.raises(UserError, match="error in its placeholders"):
        write_agreements(book, ["P001"], out_dir=tmp_path / "out", templates=tmp_path / "kaputt")


def test_worker_processes_write_the_same_bytes(book, tmp_path):
    """The parallel path (used from 80 documents on) gives exactly what one process gives."""
    notices = Notices("de")
    context = agreement_context(book, book.rows("agreements")[1], "de", TODAY, notices)
    template = find_template("loi", "de")  # a letter prints its date
    jobs = [Job(f"V{i}", f"doc{i:03d}.docx", context | {"date": f"{i}.01.2026"}) for i in range(90)]
    serial = render_jobs(template, jobs, tmp_path / "one", "de", workers=1)
    steps: list[tuple[int, int]] = []
    parallel = render_jobs(template, jobs, tmp_path / "two", "de", workers=2,
                           progress=lambda done, total: steps.append((done, total)))
    assert len(serial.written) == len(parallel.written) == 90
    assert steps[-1] == (90, 90) and len(steps) > 1
    for one, two in zip(serial.written, parallel.written, strict=True):
        assert one.read_bytes() == two.read_bytes()
    assert "17.01.2026" in text_of(tmp_path / "two" / "doc017.docx")


def _pdf_text(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pages, text


def test_libreoffice_makes_pdfs_of_minutes_and_agreements(book, tmp_path):
    minutes = write_minutes(book, ["T002"], tmp_path, pdf=True, today=TODAY)
    agreements = write_agreements(book, ["P001", "P002"], out_dir=tmp_path, pdf=True, today=TODAY)
    assert len(minutes.pdfs) == 1 and len(agreements.pdfs) == 2
    pages, text = _pdf_text(minutes.pdfs[0])
    assert 1 <= pages <= 3
    assert "Protokoll" in text and "Stand beim Stadtteilfest planen" in text and f"Seite 1 von {pages}" in text
    loi = next(p for p in agreements.pdfs if p.name.startswith("Letter"))
    pages, text = _pdf_text(loi)
    assert pages == 1 and "Letter of Intent" in text and "Preise für die Tombola" in text
    pages, text = _pdf_text(next(p for p in agreements.pdfs if p.name.startswith("Koop")))
    assert pages == 2 and "§ 10 Rechtscharakter" in text and "Seite 2 von 2" in text


def test_today_is_a_parameter(book, tmp_path):
    result = write_agreements(book, ["P002"], out_dir=tmp_path, today=dt.date(2027, 1, 2))
    assert "Neustadt, 02.01.2027" in text_of(result.written[0])


def _long_names_book(make_book) -> Path:
    """Tasks of people and partners with the longest words a German organisation name brings."""
    partners = [
        {"id": "P001", "name": "Wohnungsgenossenschaft Lindenhof eG", "short_name": "WG Lindenhof",
         "type": "Wohnungsunternehmen", "status": "aktiv", "email": "info@wg.example"},
        {"id": "P002", "name": "Neustädter Wohnungsbaugesellschaft mbH", "short_name": "NEWOGE",
         "type": "Wohnungsunternehmen", "status": "aktiv", "email": "info@newoge.example"}]
    people = [{"id": "K001", "partner": "P001", "first_name": "Andreas", "last_name": "Simon"},
              {"id": "K002", "partner": "P002", "first_name": "Sabine", "last_name": "Krüger"}]
    meetings = [{"id": f"T00{n}", "structure": "S01", "date": day, "start": dt.time(17), "end": dt.time(18, 30),
                 "place": "Stadtteilbüro", "host": "QM", "agenda": ["Begrüßung", "Höfe"], "partners": ["QM", "P001"],
                 "status": status}
                for n, day, status in ((1, dt.date(2026, 1, 15), "stattgefunden"),
                                       (2, dt.date(2026, 3, 12), "stattgefunden"),
                                       (3, dt.date(2026, 4, 16), "geplant"))]
    tasks = [{"id": f"A00{n}", "meeting": meeting, "item": "Höfe", "kind": "Aufgabe", "description": "Hoffest planen",
              "responsible": who, "due": dt.date(2026, 4, 1), "status": "offen"}
             for n, meeting, who in ((1, "T001", "K001"), (2, "T001", "P002"), (3, "T002", "K002"),
                                     (4, "T002", "P001"))]
    structures = [{"id": "S01", "name": "AK Höfe", "type": "Arbeitskreis", "lead": "QM", "members": ["P001", "P002"],
                   "cadence": "monatlich", "status": "aktiv"}]
    concerns = [{"id": "AL001", "date": dt.date(2026, 3, 12), "source": "Treffen", "meeting": "T002",
                 "concern": "Bänke im Hof", "taken_by": "P002", "status": "aufgegriffen"}]
    return make_book({"partners": partners, "people": people, "structures": structures, "meetings": meetings,
                      "tasks": tasks, "concerns": concerns}, settings=SETTINGS)


def test_task_tables_break_names_between_words(make_book, tmp_path, soffice):
    """The "Zuständig" column of the minutes' and the invitation's task tables (and who takes up a
    residents' concern) is wide enough for the longest word of an organisation's name: LibreOffice
    breaks between words, never inside one."""
    from xlquartier.documents.invitations import write_invitations

    book = read_book(_long_names_book(make_book))
    minutes = write_minutes(book, ["T002"], tmp_path / "m", today=TODAY).written[0]
    invitation = write_invitations(book, ["T003"], out_dir=tmp_path / "e", today=TODAY).written[0]
    for document in (minutes, invitation):
        _, text = _pdf_text(soffice(document, "pdf", tmp_path / "pdf"))
        assert "Hoffest planen" in text and ("Bänke im Hof" in text or document is invitation)
        for word in ("Wohnungsgenossenschaft", "Wohnungsbaugesellschaft"):
            assert text.count(word[:-3]) == text.count(word), (document.name, word)  # no "…gesellsch|aft"
