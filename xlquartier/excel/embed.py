"""The parts of a workbook that carry its xlwings Lite code: the add-in's web extension.

xlwings Lite is an Office add-in (store id WA200008175). Office keeps an add-in's settings
in the workbook as a web extension, and Lite keeps its editor's tabs there, so the code
travels with the file. What the parts look like is taken from public Lite workbooks of
late 2025 (add-in 1.0.0.0-18, Pyodide 0.27.5), and matches Office's web-extension format:

- ``xl/webextensions/webextension1.xml``: ``we:webextension`` with a GUID ``id``, the store
  reference (``we:reference`` id ``wa200008175``, store type OMEX, and an alternate reference
  with store ``WA200008175``) and ``we:properties``: ``main.py``, ``requirements.txt``,
  ``pyodideVersion`` and ``addinVersion``, each value a JSON string literal (quotes
  included, "/" written "\\/" as Office does), XML-escaped;
- ``xl/webextensions/taskpanes.xml``: one ``wetp:taskpane`` per add-in pane (dock state,
  visibility, width, row) pointing at the web extension through
  ``xl/webextensions/_rels/taskpanes.xml.rels``;
- a package relationship to taskpanes.xml, and the two content types.

``embed_code`` writes these with the public part API of ``workbook.write.Package`` (a
backup, an atomic write, refusal while the file is open; every other part unchanged). A
workbook that already carries Lite code has its code replaced in place; other properties
Lite keeps there (its versions, workbook environment variables) stay.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from pathlib import Path

from ..workbook.write import Package

WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
TASKPANES_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WEBEXTENSION_REL = "http://schemas.microsoft.com/office/2011/relationships/webextension"
TASKPANES_REL = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
WEBEXTENSION_TYPE = "application/vnd.ms-office.webextension+xml"
TASKPANES_TYPE = "application/vnd.ms-office.webextensiontaskpanes+xml"
TASKPANES = "xl/webextensions/taskpanes.xml"
LITE_STORE_ID = "wa200008175"
PYODIDE_VERSION = "0.27.5"  # what Lite recorded in late 2025; the tests also run 0.27.7 and the newest
ADDIN_VERSION = "1.0.0.0-18"
# Office's markers of an add-in with custom functions (as in public Lite workbooks that have them).
CUSTOM_FUNCTIONS_EXT = (
    '<we:extLst><a:ext xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'uri="{D87F86FE-615C-45B5-9D79-34F1136793EB}"><we:containsCustomFunctions/></a:ext>'
    '<a:ext xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'uri="{7C84B067-C214-45C3-A712-C9D94CD141B2}"><we:customFunctionIdList/></a:ext></we:extLst>')
_PROPERTY = re.compile(r'<we:property\s+name="([^"]*)"\s+value="([^"]*)"\s*/>')
_PROPERTIES = re.compile(r"<we:properties\s*/>|<we:properties>.*?</we:properties>", re.S)
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def property_value(text: str) -> str:
    """A property value as Office writes it: a JSON string literal, XML-escaped for an attribute."""
    literal = json.dumps(text, ensure_ascii=False).replace("/", "\\/")
    return html.escape(literal, quote=True).replace("&#x27;", "'")


def properties(xml: str) -> dict[str, str]:
    """The properties of a web extension part, decoded (name -> text)."""
    return {name: json.loads(html.unescape(value)) for name, value in _PROPERTY.findall(xml)}


def _properties_xml(values: dict[str, str]) -> str:
    items = "".join(f'<we:property name="{html.escape(name)}" value="{property_value(text)}"/>'
                    for name, text in values.items())
    return f"<we:properties>{items}</we:properties>"


def webextension_xml(files: dict[str, str], lang: str) -> str:
    """A new web extension part for xlwings Lite holding ``files`` (tab name -> text)."""
    values = {"main.py": files["main.py"], "pyodideVersion": PYODIDE_VERSION, "addinVersion": ADDIN_VERSION,
              **{name: text for name, text in files.items() if name != "main.py"}}
    store = "de-DE" if lang == "de" else "en-US"
    return (f'{_HEAD}<we:webextension xmlns:we="{WE_NS}" id="{{{str(uuid.uuid4()).upper()}}}">'
            f'<we:reference id="{LITE_STORE_ID}" version="1.0.0.0" store="{store}" storeType="OMEX"/>'
            f'<we:alternateReferences><we:reference id="{LITE_STORE_ID}" version="1.0.0.0" '
            f'store="{LITE_STORE_ID.upper()}" storeType="OMEX"/></we:alternateReferences>'
            f'{_properties_xml(values)}<we:bindings/><we:snapshot xmlns:r="{R_NS}"/>'
            f"{CUSTOM_FUNCTIONS_EXT}</we:webextension>")


def lite_part(pkg: Package) -> str | None:
    """The web extension part of xlwings Lite in this workbook, if it has one."""
    for _, kind, target in pkg.relationships(TASKPANES) if pkg.has_part(TASKPANES) else []:
        if kind == WEBEXTENSION_REL and pkg.has_part(target):
            if re.search(rf'<we:reference\b[^>]*\bid="{LITE_STORE_ID}"', pkg.read(target).decode("utf-8"), re.I):
                return target
    return None


def _free_part(pkg: Package) -> str:
    n = 1
    while pkg.has_part(f"xl/webextensions/webextension{n}.xml"):
        n += 1
    return f"xl/webextensions/webextension{n}.xml"


def _add_taskpane(pkg: Package, part: str) -> None:
    """Dock Lite's pane on the right, open when the workbook opens, and relate it to ``part``."""
    if not pkg.has_part(TASKPANES):
        pkg.write_part(TASKPANES, f'{_HEAD}<wetp:taskpanes xmlns:wetp="{TASKPANES_NS}"></wetp:taskpanes>'.encode())
        pkg.add_override("/" + TASKPANES, TASKPANES_TYPE)
        pkg.add_relationship("", TASKPANES_REL, TASKPANES)
    rid = pkg.add_relationship(TASKPANES, WEBEXTENSION_REL, part.rsplit("/", 1)[1])
    xml = pkg.read(TASKPANES).decode("utf-8")
    row = 1 + max((int(r) for r in re.findall(r'\brow="(\d+)"', xml)), default=0)
    pane = (f'<wetp:taskpane dockstate="right" visibility="1" width="438" row="{row}">'
            f'<wetp:webextensionref xmlns:r="{R_NS}" r:id="{rid}"/></wetp:taskpane>')
    close = xml.rindex("</wetp:taskpanes>")
    pkg.write_part(TASKPANES, (xml[:close] + pane + xml[close:]).encode("utf-8"))


def embed_code(path: str | Path, files: dict[str, str], lang: str = "de") -> Path | None:
    """Put ``files`` (``main.py``, ``requirements.txt``) into the workbook as xlwings Lite keeps them.

    Returns the backup ``Package.save`` made (None when the workbook already held exactly this code).
    """
    with Package.open(path, lang) as pkg:
        part = lite_part(pkg)
        if part is None:
            part = _free_part(pkg)
            pkg.write_part(part, webextension_xml(files, lang).encode("utf-8"))
            pkg.add_override("/" + part, WEBEXTENSION_TYPE)
            _add_taskpane(pkg, part)
        else:
            xml = pkg.read(part).decode("utf-8")
            values = {**properties(xml), **files}
            values.setdefault("pyodideVersion", PYODIDE_VERSION)
            values.setdefault("addinVersion", ADDIN_VERSION)
            if _PROPERTIES.search(xml):
                new = _PROPERTIES.sub(lambda _: _properties_xml(values), xml, count=1)
            else:  # a Lite part without properties yet: they go where Office puts them, before the bindings
                at = xml.find("<we:bindings") if "<we:bindings" in xml else xml.rindex("</we:webextension>")
                new = xml[:at] + _properties_xml(values) + xml[at:]
            if new != xml:
                pkg.write_part(part, new.encode("utf-8"))
    return pkg.backup_path
