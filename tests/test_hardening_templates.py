"""A user's template cannot make a document cost unbounded time or memory: one notice per document.

Before the fix (main at c6879eb) the nested loops hung, the string product, the deep recursion and
``range(10**9)`` ended in tracebacks, and compiling ``"x" * 10**10`` (``templates check``) ran out of
memory.
"""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest

from tests.documents_book import SETTINGS, document_rows
from tests.hostile import run_measured
from xlquartier.documents import engine as engine_module
from xlquartier.documents import write_minutes
from xlquartier.documents.engine import Template
from xlquartier.workbook.read import read_book

HOSTILE = {
    "nested loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "string product": "{{ 'x' * 10**10 }}",
    "product at run time": "{% set n = 10**5 %}{{ 'abc' * n * n }}",
    "power": "{{ 7 ** (10**9) }}",
    "str.join": "{{ ('y' * 1000000).join('x' * 1000000) }}",
    "deep recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "huge range": "{% for i in range(10**9) %}{% endfor %}",
    "doubling with ~": "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
                       "{% endfor %}{{ ns.s|length }}",
    "doubling a block": "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set x %}{{ ns.s }}{{ ns.s }}"
                        "{% endset %}{% set ns.s = x %}{% endfor %}",
    "wide format": "{{ '%0999999999d'|format(1) }}",
    "wide str.format": "{{ '{:>999999999}'.format(1) }}",
    "centre": "{{ 'x'|center(10**9) }}",
    "join": "{{ ('x' * 1000000)|join('y' * 1000000) }}",
    "replace": "{{ ('x' * 1000000)|replace('x', 'y' * 1000000) }}",
    "lipsum": "{{ lipsum(10**9) }}",
    "endless output": "{% for a in range(100000) %}{% for b in range(9) %}{{ date * 999 }}{% endfor %}{% endfor %}",
}


def own_template(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph("Protokoll vom {{ date }}")
    document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    from xlquartier.workbook.build import build_workbook

    folder = tmp_path_factory.mktemp("templates-book")
    return read_book(build_workbook(folder / "Netzwerk.xlsx", "de", data=document_rows(), settings=SETTINGS))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_template_gives_one_notice_per_document_and_stops_in_time(name, book, tmp_path):
    folder = tmp_path / "Vorlagen"
    own_template(folder / "Protokoll.docx", HOSTILE[name])
    start = time.monotonic()
    result = write_minutes(book, out_dir=tmp_path / "out", templates=folder, today=book_today())
    assert time.monotonic() - start < 20, name
    held = [n for n in result.notices if n.skipped and "Vorlage" in n.message]
    assert result.written == [] and len(held) >= 2, (name, result.notices)
    assert len({n.item for n in held}) == len(held), "one notice per document"


def book_today():
    from tests.documents_book import TODAY

    return TODAY


def test_ordinary_template_constructs_still_work(book, tmp_path):
    folder = tmp_path / "Vorlagen"
    own_template(folder / "Protokoll.docx",
                 "{% for t in items %}{{ loop.index }}. {{ t.title|upper }}{% if not loop.last %}, {% endif %}"
                 "{% endfor %} | {{ 'Seite ' ~ 3 }} | {{ '%05d'|format(42) }} | {{ ['a','b']|join(', ') }} | "
                 "{{ '{:>4}'.format(7) }} | {% set x %}{{ date }}{% endset %}{{ x|length }} | {{ 3 * 'ab' }}")
    result = write_minutes(book, out_dir=tmp_path / "out", templates=folder, today=book_today())
    assert result.written and not [n for n in result.notices if "Vorlage" in n.message]
    text = "\n".join(p.text for p in docx.Document(str(result.written[0])).paragraphs)
    assert "00042" in text and "a, b" in text and "Seite 3" in text and "   7" in text and "ababab" in text


def test_the_render_deadline_stops_a_slow_template(book, tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "RENDER_SECONDS", 0.5)
    path = own_template(tmp_path / "Protokoll.docx",
                        "{% for a in range(900) %}{% for b in range(1000) %}{{ a }}{% endfor %}{% endfor %}")
    start = time.monotonic()
    with pytest.raises(engine_module.TemplateLimitError):
        Template(path).render({"date": "1.1.2026"})
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("name", ["string product", "power", "wide format", "centre"])
def test_templates_check_compiles_a_hostile_template_in_bounded_memory(name, tmp_path):
    folder = tmp_path / "Vorlagen"
    own_template(folder / "Protokoll.docx", HOSTILE[name])
    code, peak, seconds, output = run_measured("templates", "check", str(folder))
    assert code in (0, 1) and "Traceback" not in output and "UNCAUGHT" not in output, output
    assert peak < 500 and seconds < 10, (peak, seconds)
