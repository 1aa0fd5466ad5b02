"""A workbook that carries its xlwings Lite code: the web-extension parts, written surgically.

The parts follow public Lite workbooks of late 2025 (see xlquartier/excel/embed.py). Every
other part stays byte-identical, a backup is kept, an open file is refused, running it again
replaces the code, LibreOffice and openpyxl still open the file, and a later
``check --write`` leaves the web-extension parts alone.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openxml_audit import OpenXmlValidator

from xlquartier.errors import FileLockedError
from xlquartier.excel import embed
from xlquartier.excel.lite import MAIN_PY, embed_lite, requirements_text

WHEEL = "https://example.org/dist/xlquartier-0.1.0-py3-none-any.whl"
CLI = [sys.executable, "-c", "from xlquartier.cli import main; main()"]
LITE_PARTS = {"xl/webextensions/webextension1.xml", "xl/webextensions/taskpanes.xml",
              "xl/webextensions/_rels/taskpanes.xml.rels"}
CHANGED = {"[Content_Types].xml", "_rels/.rels"}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def lite_properties(path: Path) -> dict[str, str]:
    return embed.properties(parts(path)["xl/webextensions/webextension1.xml"].decode("utf-8"))


def test_the_workbook_carries_main_py_and_requirements_as_lite_stores_them(make_book):
    path = make_book({"partners": [{"name": "Kita Sonne", "type": "Kita", "status": "aktiv"}]})
    before = parts(path)
    backup, problems = embed_lite(path, WHEEL)
    after = parts(path)
    assert problems == [] and backup is not None and parts(backup) == before
    assert set(after) == set(before) | LITE_PARTS
    assert {name for name in before if after[name] != before[name]} == CHANGED
    webextension = after["xl/webextensions/webextension1.xml"].decode("utf-8")
    assert re.match(r'<\?xml[^>]*\?>\s*<we:webextension xmlns:we="http://schemas.microsoft.com/office/'
                    r'webextensions/webextension/2010/11" id="\{[0-9A-F-]{36}\}">', webextension)
    assert '<we:reference id="wa200008175" version="1.0.0.0" store="de-DE" storeType="OMEX"/>' in webextension
    assert ('<we:alternateReferences><we:reference id="wa200008175" version="1.0.0.0" store="WA200008175" '
            'storeType="OMEX"/></we:alternateReferences>') in webextension
    assert lite_properties(path) == {"main.py": MAIN_PY, "pyodideVersion": "0.27.5", "addinVersion": "1.0.0.0-18",
                                     "requirements.txt": requirements_text(WHEEL)}
    raw = re.search(r'name="requirements.txt" value="([^"]*)"', webextension)[1]
    assert raw.startswith("&quot;xlwings==0.37.8  # required\\n") and "https:\\/\\/example.org" in raw
    taskpanes = after["xl/webextensions/taskpanes.xml"].decode("utf-8")
    rid = re.search(r'<wetp:taskpane dockstate="right" visibility="1" width="\d+" row="1">'
                    r'<wetp:webextensionref xmlns:r="[^"]+" r:id="(rId\d+)"/></wetp:taskpane>', taskpanes)[1]
    assert (f'Id="{rid}" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" '
            f'Target="webextension1.xml"').encode() in after["xl/webextensions/_rels/taskpanes.xml.rels"]
    assert (b'Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" '
            b'Target="xl/webextensions/taskpanes.xml"') in after["_rels/.rels"]
    types = after["[Content_Types].xml"]
    assert (b'<Override PartName="/xl/webextensions/webextension1.xml" '
            b'ContentType="application/vnd.ms-office.webextension+xml"/>') in types
    assert (b'<Override PartName="/xl/webextensions/taskpanes.xml" '
            b'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>') in types
    assert types.replace(re.search(rb"<Override PartName=\"/xl/webextensions.*?(?=</Types>)", types)[0], b"") \
        == before["[Content_Types].xml"]  # only the two overrides added


def test_running_it_again_replaces_the_code_and_keeps_lites_other_properties(make_book):
    path = make_book({})
    embed_lite(path, WHEEL)
    first = parts(path)
    xml = first["xl/webextensions/webextension1.xml"].decode("utf-8")
    guid = re.search(r'id="(\{[^}]+\})"', xml)[1]
    # Lite may keep more there (workbook environment variables, a newer Pyodide): none of it is ours
    xml = xml.replace("</we:properties>", '<we:property name="env" value="&quot;X=1&quot;"/></we:properties>')
    xml = xml.replace('"&quot;0.27.5&quot;"', '"&quot;0.28.0&quot;"')
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(path.with_suffix(".tmp"), "w") as out:
        for info in src.infolist():
            data = xml.encode() if info.filename == "xl/webextensions/webextension1.xml" else src.read(info)
            out.writestr(info, data)
    path.with_suffix(".tmp").replace(path)
    before = parts(path)
    embed_lite(path, "https://example.org/xlquartier-0.2.0-py3-none-any.whl")
    after = parts(path)
    assert set(after) == set(before)
    assert {name for name in after if after[name] != before[name]} == {"xl/webextensions/webextension1.xml"}
    assert re.search(r'id="(\{[^}]+\})"', after["xl/webextensions/webextension1.xml"].decode())[1] == guid
    properties = lite_properties(path)
    assert properties["env"] == "X=1" and properties["pyodideVersion"] == "0.28.0"
    assert "xlquartier-0.2.0" in properties["requirements.txt"] and properties["main.py"] == MAIN_PY
    assert embed_lite(path, "https://example.org/xlquartier-0.2.0-py3-none-any.whl")[0] is None  # nothing to do


def test_refused_while_the_workbook_is_open(make_book):
    path = make_book({}, name="Netzwerk.xlsx")
    before = path.read_bytes()
    (path.parent / "~$Netzwerk.xlsx").write_text("owner")
    with pytest.raises(FileLockedError):
        embed_lite(path, WHEEL)
    assert path.read_bytes() == before


def test_the_workbook_still_opens_and_check_write_keeps_the_lite_parts(make_book, soffice, tmp_path):
    path = make_book({"partners": [{"name": "Kita Sonne", "type": "Kita", "status": "aktiv"},
                                   {"name": "Kita Sonne e.V.", "type": "Kita", "status": "aktiv"}]},
                     name="Lite.xlsx")
    before = {str(e) for e in OpenXmlValidator(max_errors=1000).validate(str(path)).errors}
    embed_lite(path, WHEEL)
    lite = {name: data for name, data in parts(path).items() if "webextension" in name}
    assert {str(e) for e in OpenXmlValidator(max_errors=1000).validate(str(path)).errors} == before  # schema-valid
    assert load_workbook(path).sheetnames[0]
    assert soffice(path, "pdf", tmp_path / "pdf").stat().st_size > 1000
    done = subprocess.run([*CLI, "check", str(path), "--write"], capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    after = parts(path)
    assert b"duplicate-partner" in b"".join(after.values())  # check --write did write
    assert {name: after[name] for name in lite} == lite
    assert b"webextensiontaskpanes" in after["_rels/.rels"]
    assert b"/xl/webextensions/webextension1.xml" in after["[Content_Types].xml"]


def test_new_with_lite_makes_a_workbook_that_carries_its_code(tmp_path):
    """Writing the code needs no xlwings (which would want a licence key under XLWINGS_ON_SERVER)."""
    path = tmp_path / "Neu.xlsx"
    probe = "import sys, xlquartier.excel.lite; print('xlwings' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout == "False\n"
    done = subprocess.run([*CLI, "new", str(path), "--lite", WHEEL], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert WHEEL in lite_properties(path)["requirements.txt"]
    assert not (tmp_path / "Sicherungen").exists() or list((tmp_path / "Sicherungen").iterdir())


def test_the_property_values_are_json_string_literals_as_office_writes_them():
    text = 'a "quoted" / path\nÄrger & <tags>'
    value = embed.property_value(text)
    assert value == "&quot;a \\&quot;quoted\\&quot; \\/ path\\nÄrger &amp; &lt;tags&gt;&quot;"
    assert json.loads(value.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">")) == text
    assert embed.properties(f'<we:property name="main.py" value="{value}"/>') == {"main.py": text}
