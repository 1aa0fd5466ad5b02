"""The xlwings Server route for real: ``xlquartier excel server`` under uvicorn over TLS on loopback.

Each server runs with a self-signed certificate on a free port, ``--public-url
https://localhost:PORT`` (one with a path prefix, as behind a reverse proxy), in a process
group of its own that is always stopped. Requests are shaped by xlwings Server's own
client: function calls are built by running the served ``custom-functions-code.js``
(``base()``) under node (``office_js_functions.mjs``), button calls by ``book_payload``,
which fills every field ``getBookData`` sends. Answers are compared with the same
functions, checks and documents run directly in CPython on the workbook file.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import importlib.util
import io
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from excel_payload import book_payload, raw_sheets
from openpyxl import load_workbook
from server_helpers import function_requests, start_server, table_args

if importlib.util.find_spec("xlwings_server") is None:  # not imported here: it switches xlwings to server mode
    pytest.skip("xlwings Server is installed with the test extra", allow_module_level=True)
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LINDENHOF, NORDSTADT = "lindenhof-secret-token-0001", "nordstadt-secret-token-0002"
SESSION_A, SESSION_B = "a1" * 16, "b2" * 16
NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
      "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}
LIMITS = {"XLQUARTIER_SERVER_FUNCTION_SECONDS": "4", "XLQUARTIER_SERVER_NAMES": "2000",
          "XLQUARTIER_SERVER_CELLS": "150000", "XLQUARTIER_SERVER_BODY_MB": "4", "XLQUARTIER_SERVER_PROCESSES": "2"}


def hostile_names(count: int = 1999) -> list[list[str]]:
    """Names of six random four-letter words from eight letters: at threshold 1 every word is like
    every other, so one search over them takes far longer than the server allows (about 17 s)."""
    import random

    rng = random.Random(1)
    return [[" ".join("".join(rng.choice("abcdefgh") for _ in range(4)) for _ in range(6))] for _ in range(count)]


def auth(token: str, session: str = SESSION_A) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "X-XQ-Session": session}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from xlquartier.demo import write_demo_book

    return write_demo_book(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Two offices with a token each (offices file), German, small limits."""
    folder = tmp_path_factory.mktemp("server")
    offices = folder / "offices.toml"
    offices.write_text(f'[offices]\nLindenhof = "{LINDENHOF}"\nNordstadt = "{NORDSTADT}"\n')
    running = start_server(folder, "--offices", str(offices), env=LIMITS)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with server.client() as http:
        yield http


@pytest.fixture(scope="module")
def uploaded(client, demo) -> list[str]:
    """The demo's logos, uploaded once for the office Lindenhof as the task pane does."""
    names = []
    for logo in sorted((demo.parent / "logos").iterdir()):
        answer = client.put(f"/xq/logos/{logo.name}", content=logo.read_bytes(), headers=auth(LINDENHOF))
        assert answer.status_code == 200, answer.text
        names.append(logo.name)
    return names


def manifest_of(http) -> ET.Element:
    answer = http.get("/manifest.xml")
    assert answer.status_code == 200
    return ET.fromstring(answer.content)


def urls_in(manifest: ET.Element) -> set[str]:
    """Every address the manifest sends Excel to (the AppDomain is a domain, not a page)."""
    return {node.get("DefaultValue") for node in manifest.iter() if node.get("DefaultValue", "").startswith("http")}


# --------------------------------------------------------------------------- manifest and task pane

def test_every_manifest_url_is_where_the_server_answers(server, client):
    from xlquartier.excel.server.config import default_addin_id, parse_public_url

    manifest = manifest_of(client)
    urls = urls_in(manifest)
    assert len(urls) > 20 and all(u.startswith(server.origin + "/") for u in urls), urls  # with the port
    assert manifest.findtext("o:AppDomains/o:AppDomain", namespaces=NS) == server.origin
    for url in urls:
        assert client.get(url).status_code == 200, url
    for image in manifest.iterfind(".//bt:Image", NS):
        if image.get("id"):
            size = int(image.get("id").rsplit(".", 1)[1])
            from PIL import Image

            with Image.open(io.BytesIO(client.get(image.get("DefaultValue")).content)) as picture:
                assert picture.size == (size, size)
    assert manifest.findtext("o:Id", namespaces=NS) == default_addin_id(parse_public_url(server.url))
    assert manifest_of(client).findtext("o:Id", namespaces=NS) == manifest.findtext("o:Id", namespaces=NS)
    text = client.get("/manifest.xml").text
    for leftover in ("Hello", "hello", "MyTab", "MyGroup", "Show Taskpane", "xlwings.org"):
        assert leftover not in text
    strings = {s.get("id"): s.get("DefaultValue") for s in manifest.iterfind(".//bt:String", NS)}
    assert strings["XQ.Functions.Namespace"] == "XQ" and strings["XQ.pruefen.Label"] == "Prüfen"
    assert all(len(v) <= 125 for k, v in strings.items() if not k.endswith("Help"))
    assert all(len(v) <= 250 for v in strings.values())


class Assets(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.buttons, self.config = [], [], None
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        if "data-xq-script" in attrs:
            self.buttons.append(attrs["data-xq-script"])
        self._in_config = attrs.get("id") == "xq-config"

    def handle_data(self, data):
        if self._in_config and data.strip():
            import json

            self.config = json.loads(data)
            self._in_config = False


def test_task_pane_and_its_assets_load(server, client):
    answer = client.get("/taskpane.html")
    assert answer.status_code == 200
    page = Assets()
    page.feed(answer.text)
    assert len(page.urls) > 10
    for url in page.urls:
        assert client.get(url).status_code == 200, url
    assert "xlquartier" in client.get("/static/js/ribbon.js").text  # ours, not the template's hello button
    assert "xqToken" in client.get("/static/js/auth.js").text


def test_every_ribbon_and_task_pane_button_runs_a_served_script(client):
    scripts = {s["function_name"] for s in client.get("/xlwings/custom-scripts-meta").json()}
    assert scripts == {"pruefen", "protokoll", "vereinbarungen", "einladungen", "kontaktliste", "jahresbericht",
                       "partneransicht", "nutzenberichte"}
    manifest = manifest_of(client)
    actions = [a.findtext("v:FunctionName", namespaces=NS) for a in manifest.iterfind(".//v:Action", NS)
               if a.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "ExecuteFunction"]
    assert sorted(actions) == sorted(f"xq-{s}" for s in scripts)
    page = Assets()
    page.feed(client.get("/taskpane.html").text)
    assert sorted(page.buttons) == sorted(scripts) == sorted(page.config["scripts"])
    ribbon = client.get("/static/js/ribbon.js").text
    assert 'Office.actions.associate("xq-" + script' in ribbon and "config.scripts" in ribbon


def test_task_pane_and_ribbon_buttons_run_their_script_with_login_and_session(client, tmp_path):
    """The served auth.js, ribbon.js and xlquartier.js (with xlwings' utils.js) under node: each task
    pane button and each ribbon button runs its script through xlwings.runPython, signed in, with the
    runtime's one session id; the task pane signs in with the stored token and lists the documents."""
    import json
    import re
    import subprocess

    for name in ("auth.js", "ribbon.js", "xlquartier.js", "utils.js"):
        (tmp_path / name).write_text(client.get(f"/static/js/{name}").text, encoding="utf-8")
    (tmp_path / "package.json").write_text('{"type": "module"}')
    page = Assets()
    page.feed(client.get("/taskpane.html").text)
    scripts = page.config["scripts"]
    given = {"folder": str(tmp_path), "config": page.config, "token": LINDENHOF, "origin": "https://localhost:1"}
    done = subprocess.run(["node", str(Path(__file__).parent / "office_js_taskpane.mjs")], input=json.dumps(given),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert sorted(result["associated"]) == sorted(f"xq-{s}" for s in scripts)
    assert [r["scriptName"] for r in result["pane"]] == scripts == [r["scriptName"] for r in result["ribbon"]]
    assert result["completed"] == len(scripts)
    sessions = {r["headers"]["X-XQ-Session"] for r in result["pane"] + result["ribbon"]}
    assert len(sessions) == 1 and re.fullmatch(r"[0-9a-f]{32}", sessions.pop())
    assert all(r["auth"] == f"Bearer {LINDENHOF}" and r["errorDisplayMode"] == "taskpane"
               for r in result["pane"] + result["ribbon"])
    asked = [(r["method"], r["url"].split("localhost:1")[1]) for r in result["requests"]]
    assert ("GET", "/xq/me") in asked and ("GET", "/xq/files") in asked and ("GET", "/xq/logos") in asked
    assert all(r["headers"]["Authorization"] == f"Bearer {LINDENHOF}" for r in result["requests"])
    assert result["loginHidden"] is True and result["who"] == "Angemeldet"
    assert (result["title"], result["lang"]) == ("xlquartier", "de")


# --------------------------------------------------------------------------- functions

def as_cell_result(value: Any) -> Any:
    """What a function's Python answer shows in Excel: a table stays a table, a DataFrame gets its
    header row (empty cells empty, dates as Excel serial numbers), a single value one cell."""
    import asyncio
    import inspect

    if inspect.iscoroutine(value):
        value = asyncio.run(value)
    if hasattr(value, "columns"):  # pandas.DataFrame, written by xlwings' converter
        serial = lambda v: (dt.datetime.combine(v, dt.time()) - dt.datetime(1899, 12, 30)).days \
            if isinstance(v, dt.date) else ("" if v is None else v)  # noqa: E731
        return [list(value.columns)] + [[serial(v) for v in row] for row in value.itertuples(index=False)]
    return value if isinstance(value, list) else [[value]]


def as_values(result: Any) -> Any:
    """A served answer with dates (xlwings sends them as formatted numbers) as their serial numbers."""
    return [[v["basicValue"] if isinstance(v, dict) and "basicValue" in v else v for v in row] for row in result]


def test_functions_answer_like_cpython(server, client, demo):
    from xlquartier.excel import functions

    tables = {name: table_args(demo, name) for name in ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen",
                                                       "Jahresthemen", "Angebote", "Kontaktverlauf")}
    today = float((dt.datetime.combine(dt.date.today(), dt.time()) - dt.datetime(1899, 12, 30)).days)
    names = [row[1:2] for row in tables["Partner"]]
    load_tables = [tables[n] for n in ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen")]
    calls = {
        "dubletten": [names, 1, None], "duplicates": [names, 1, 95],
        "partner_finden": ["Kita Sonnenschien", tables["Partner"], None],
        "find_partner": ["Stadtteilbibliotek", tables["Partner"], 50],
        "partnerlast": ["SV Blau-Weiß", today, load_tables], "partner_load": ["P004", today, load_tables],
        "offene_aufgaben": ["QM", today, load_tables], "open_tasks": ["SV Blau-Weiß", today, load_tables],
        "jahresthemen": [2026, [tables["Jahresthemen"]]], "annual_topics": [2025, [tables["Jahresthemen"]]],
        "partnertabelle": [today, load_tables], "partner_table": [today, load_tables],
        "angebote": ["Familien", "", "Raum", today, [tables["Angebote"], tables["Partner"]]],
        "find_offers": ["", "Education", "", today, [tables["Angebote"], tables["Partner"]]],
        "letzter_kontakt": ["GS Park", today, [tables["Kontaktverlauf"], tables["Partner"]]],
        "last_contact": ["P004", today, [tables["Partner"], tables["Kontaktverlauf"]]],
    }
    served = {f["name"].lower() for f in client.get("/xlwings/custom-functions-meta").json()["functions"]}
    assert served == set(calls), "every served function is called here"
    requests = function_requests(server, LINDENHOF, [{"name": name, "args": args, "address": "Tabelle1!H2"}
                                                     for name, args in calls.items()])
    assert all(r["headers"]["Authorization"] == f"Bearer {LINDENHOF}" for r in requests)
    for (name, args), request in zip(calls.items(), requests, strict=True):
        answer = client.post(request["url"], json=request["body"], headers=request["headers"])
        assert answer.status_code == 200, (name, answer.text)
        plain = [a for a in args if a is not None]  # xlwings fills a missing argument with its default
        flat = [*plain[:-1], *plain[-1]] if isinstance(plain[-1], list) and isinstance(plain[-1][0][0], list) \
            else plain
        expected = as_cell_result(getattr(functions, name)(*flat))
        assert as_values(answer.json()["result"]) == expected, name
        assert not str(expected).startswith("[['Bitte"), (name, expected)  # a real answer, not a refusal


# --------------------------------------------------------------------------- buttons

def run(client, script: str, payload: dict, token: str = LINDENHOF, session: str = SESSION_A) -> dict:
    answer = client.post(f"/xlwings/custom-scripts-call/{script}", json=payload, headers=auth(token, session))
    assert answer.status_code == 200, answer.text
    return answer.json()


def alerts(result: dict) -> list[str]:
    return [a["args"][0] for a in result["actions"] if a["func"] == "alert"]


def download(client, name: str, token: str = LINDENHOF, session: str = SESSION_A) -> bytes:
    files = client.get("/xq/files", headers=auth(token, session)).json()
    found = next(f for f in files if f["name"] == name)
    answer = client.get(found["url"])  # no login: the signed link is enough
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    return answer.content


def docx_text(data: bytes | Path) -> tuple[str, int]:
    from docx import Document

    document = Document(io.BytesIO(data) if isinstance(data, bytes) else data)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines), len(document.inline_shapes)


def test_check_button_finds_what_the_command_line_finds(client, demo, uploaded):
    from xlquartier.checks import check
    from xlquartier.workbook.read import read_book

    result = run(client, "pruefen", book_payload(demo, "Partner"))
    sheets = list(raw_sheets(demo))
    [written] = [a for a in result["actions"] if a["func"] == "setValues"
                 and a["sheet_position"] == sheets.index("Prüfung")]
    served = sorted((row[0], row[2], row[3].split('"')[-2] if row[3].startswith("=") else row[3])
                    for row in written["values"][1:])
    expected = sorted((f.code, f.sheet, f.cell or "") for f in check(read_book(demo), dt.date.today()))
    assert served == expected
    assert any(code == "logo-missing" for code, *_ in served)  # the logo checks run here too
    assert alerts(result)[0].startswith("Prüfung: ")


def test_minutes_reach_the_browser_with_the_office_logos(client, demo, uploaded, tmp_path):
    from xlquartier.documents.minutes import write_minutes
    from xlquartier.workbook.read import read_book

    result = run(client, "protokoll", book_payload(demo, "Treffen", "A3"))
    message = alerts(result)[0]
    assert message.split("\n")[0] == "1 Protokoll geschrieben in Protokolle"  # no path on the server
    assert "Aufgabenbereich „xlquartier“ › Dokumente" in message
    name = message.split("\n")[1]
    served_text, served_logos = docx_text(download(client, name))
    book = read_book(demo)
    meeting = next(r for r in book.rows("meetings") if r.number == 3)
    [local] = write_minutes(book, [meeting.id], out_dir=tmp_path).written
    local_text, local_logos = docx_text(local)
    assert served_text == local_text and meeting.id and served_logos == local_logos > 0
    assert "nicht gefunden" not in message  # the uploaded logos were found


def test_every_document_button_matches_the_core(client, demo, uploaded, tmp_path):
    from xlquartier.documents.agreements import write_agreements
    from xlquartier.documents.contacts import write_contacts
    from xlquartier.report.annual import write_book_report
    from xlquartier.workbook.read import read_book

    book = read_book(demo)
    agreements = run(client, "vereinbarungen", book_payload(demo, "Partner"))
    local = write_agreements(book, out_dir=tmp_path / "a").written
    with zipfile.ZipFile(io.BytesIO(download(client, "Vereinbarungen.zip"))) as archive:
        assert sorted(archive.namelist()) == sorted(p.name for p in local) and len(local) > 1
        for path in local:
            assert docx_text(archive.read(path.name)) == docx_text(path)
    assert alerts(agreements)[0].startswith(f"{len(local)} Vereinbarungen geschrieben in Vereinbarungen")

    contacts = alerts(run(client, "kontaktliste", book_payload(demo, "Partner")))[0]
    [local_contacts] = write_contacts(book, out=tmp_path / "k").written
    assert docx_text(download(client, contacts.split("\n")[1])) == docx_text(local_contacts)

    report = alerts(run(client, "jahresbericht", book_payload(demo, "Partner")))[0]
    [local_report] = write_book_report(book, tmp_path / "j", today=dt.date.today()).paths
    served_report = docx_text(download(client, report.split("\n")[1]))
    assert served_report == docx_text(local_report) and served_report[1] > 0  # charts and map


def test_partner_view_is_built_from_the_book_and_downloaded(client, demo, tmp_path):
    from xlquartier.sharing.export import export_partner

    result = run(client, "partneransicht", book_payload(demo, "Partner", "B5"))
    message = alerts(result)[0]
    assert message.startswith("Partneransicht geschrieben in Partneransichten: ")
    with zipfile.ZipFile(io.BytesIO(download(client, "Partneransichten.zip"))) as archive:
        names = archive.namelist()
        [view] = [n for n in names if n.endswith(".xlsx")]
        [record] = [n for n in names if n.endswith(".json")]
        assert record.startswith(f"{demo.stem}.xlquartier/exports/E")
        served = load_workbook(io.BytesIO(archive.read(view)))
    local = load_workbook(export_partner(demo, view.split("_")[-2], out=tmp_path / "view.xlsx"))
    assert served.sheetnames == local.sheetnames
    for sheet in served.sheetnames:
        if served[sheet].sheet_state == "visible":
            assert [list(r) for r in served[sheet].values] == [list(r) for r in local[sheet].values], sheet


def test_documents_stay_with_their_session_and_office(client, demo):
    result = run(client, "kontaktliste", book_payload(demo, "Partner"), session=SESSION_A)
    name = alerts(result)[0].split("\n")[1]
    mine = client.get("/xq/files", headers=auth(LINDENHOF, SESSION_A)).json()
    [link] = [f["url"] for f in mine if f["name"] == name][:1]
    assert all(f["name"] != name for f in client.get("/xq/files", headers=auth(LINDENHOF, SESSION_B)).json())
    assert client.get("/xq/files", headers=auth(NORDSTADT, SESSION_A)).json() == []
    assert client.get("/xq/files", headers={"X-XQ-Session": SESSION_A}).status_code == 401
    assert client.get(link.replace(SESSION_A, SESSION_B)).status_code == 404
    assert client.get(link.replace("/Lindenhof/", "/Nordstadt/")).status_code == 404
    assert client.get(link[:-4] + ("0000" if not link.endswith("0000") else "1111")).status_code == 404
    assert client.get(link.split("?")[0]).status_code == 404
    assert client.get(link).status_code == 200
    assert client.get("/xq/logos", headers=auth(NORDSTADT)).json() == []  # logos are per office too


def test_strangers_are_refused(client, demo):
    body = {"client": "Office.js", "func_name": "dubletten", "args": [[["Kita"], ["Kita"]]], "version": "x"}
    for headers in ({}, {"Authorization": "Bearer wrong-token-123456789"}, {"Authorization": LINDENHOF[:-1]}):
        answer = client.post("/xlwings/custom-functions-call", json=body, headers=headers)
        assert answer.status_code == 401 and "Zugangsschlüssel" in answer.json()["detail"]
        assert client.post("/xlwings/custom-scripts-call/pruefen", json=book_payload(demo, "Partner"),
                           headers=headers).status_code == 401
        assert client.get("/xq/logos", headers=headers).status_code == 401
        assert client.put("/xq/logos/x.png", content=b"x", headers=headers).status_code == 401
    assert client.get("/manifest.xml").status_code == 200 and client.get("/taskpane.html").status_code == 200


def test_calls_over_a_limit_are_refused_at_once_while_others_are_served(server, client):
    function = "/xlwings/custom-functions-call"
    base = {"client": "Office.js", "version": "0.37.8", "runtime": "1.4", "caller_address": "[N.xlsx]T!B2"}
    heavy: dict[str, Any] = {}

    def hostile():  # under the name limit, far over the time limit
        started = time.monotonic()
        with server.client() as other:
            answer = other.post(function, json={**base, "func_name": "dubletten",
                                                "args": [hostile_names(), 1, 1]}, headers=auth(LINDENHOF))
        heavy.update(answer=answer, took=time.monotonic() - started, done=time.monotonic())

    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.5)
    timings = {}
    for label, body, status in (
            ("names", {**base, "func_name": "duplicates", "args": [[[f"N{i}"] for i in range(2001)], 1, None]}, 200),
            ("cells", {**base, "func_name": "partnerlast", "args": ["P", 1, [[[1] * 100] * 1600]]}, 200),
            ("normal", {**base, "func_name": "dubletten", "args": [[["Kita Sonne"], ["Kita Sonne eV"]], 1, None]},
             200)):
        started = time.monotonic()
        answer = client.post(function, json=body, headers=auth(LINDENHOF))
        timings[label] = (time.monotonic() - started, answer.status_code, answer.json()["result"])
        assert answer.status_code == status
    started = time.monotonic()
    big = client.post(function, content=b"[" + b"0," * (3 * 2**20) + b"0]", headers={
        **auth(LINDENHOF), "Content-Type": "application/json"})
    timings["size"] = (time.monotonic() - started, big.status_code, big.json()["detail"])
    thread.join(timeout=120)
    assert timings["names"][2] == [["Too many names for one duplicate search: 2,001, at most 2,000."]] or \
        timings["names"][2] == [["Zu viele Namen für eine Dublettensuche: 2.001, höchstens 2.000."]]
    assert timings["cells"][2][0][0].startswith("Zu viele Zellen in einem Aufruf: 160.002")
    assert timings["normal"][2] == [["", ""], ["Dublette", 1]]
    assert timings["size"][1:] == (413, "Die Anfrage ist zu groß (höchstens 4 MB).")
    assert all(took < 5 for took, *_ in timings.values()), timings
    assert heavy["answer"].json()["result"] == [
        ["Die Berechnung hat länger als 4 Sekunden gedauert und wurde abgebrochen."]], heavy
    assert heavy["took"] < 60


# --------------------------------------------------------------------------- behind a reverse proxy, one token

@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("proxied"), "--lang", "en", prefix="/quartier",
                           env={"XLQUARTIER_SERVER_TOKEN": LINDENHOF, "XLQUARTIER_SERVER_PROCESSES": "1",
                                "XLQUARTIER_SERVER_FUNCTION_SECONDS": "60"})
    yield running
    running.stop()


def test_a_path_prefix_and_the_shared_token(proxied):
    with proxied.client() as http:
        manifest = manifest_of(http)
        urls = urls_in(manifest)
        assert all(urlsplit(u).path.startswith("/quartier/") and u.startswith(proxied.origin) for u in urls), urls
        for url in urls:
            assert http.get(url).status_code == 200, url
        strings = {s.get("id"): s.get("DefaultValue") for s in manifest.iterfind(".//bt:String", NS)}
        assert strings["XQ.pruefen.Label"] == "Check" and strings["XQ.Group.Label"] == "Network"
        requests = function_requests(proxied, LINDENHOF, [{"name": "duplicates", "args": [
            [["Kita Sonne"], ["Kita Sonne eV"]], 1, None], "address": "Sheet1!C2"}])
        request = requests[0]
        assert urlsplit(request["url"]).path == "/quartier/xlwings/custom-functions-call"
        answer = http.post(request["url"], json=request["body"], headers=request["headers"])
        assert answer.json()["result"] == [["", ""], ["duplicate", 1]]
        refused = http.post("/xlwings/custom-functions-call", json=request["body"])
        assert refused.status_code == 401 and "access token" in refused.json()["detail"]


def test_sigterm_stops_the_server_during_a_long_call(proxied):
    def hostile():
        with proxied.client() as other:
            try:
                other.post("/xlwings/custom-functions-call", headers=auth(LINDENHOF), json={
                    "client": "Office.js", "version": "0.37.8", "func_name": "duplicates",
                    "args": [hostile_names(), 1, 1]})
            except Exception:  # noqa: BLE001 - the server goes away mid-call
                pass

    thread = threading.Thread(target=hostile, daemon=True)
    thread.start()
    time.sleep(2)
    started = time.monotonic()
    assert proxied.stop(grace=30) == "terminated"
    assert time.monotonic() - started < 30
    thread.join(timeout=30)


# --------------------------------------------------------------------------- the production command

def containerfile_command(workers: str):
    """The Containerfile's CMD, pointed at this test's certificate, port and loopback."""
    import json
    import sys

    text = (Path(__file__).parent.parent / "Containerfile").read_text(encoding="utf-8")
    cmd = json.loads(text.split("\nCMD ", 1)[1].replace("\\\n", ""))
    assert cmd[:2] == ["uvicorn", "xlquartier.excel.server.asgi:app"] and "--ssl-certfile" in cmd

    def command(cert: Path, key: Path, port: int) -> list[str]:
        swap = {"/config/cert.pem": str(cert), "/config/key.pem": str(key), "0.0.0.0": "127.0.0.1", "8443": str(port)}
        argv = [sys.executable, "-m", "uvicorn", *(swap.get(arg, arg) for arg in cmd[1:])]
        return argv[:argv.index("--workers") + 1] + [workers] + argv[argv.index("--workers") + 2:]

    return command


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_containers_uvicorn_command_serves_with_one_or_more_workers(tmp_path, demo, workers):
    running = start_server(tmp_path, command=containerfile_command(workers), env={
        "XLQUARTIER_SERVER_TOKEN": LINDENHOF, "XLQUARTIER_SERVER_PROCESSES": "1"})
    try:
        with running.client(limits=httpx.Limits(max_keepalive_connections=0)) as http:
            assert all(u.startswith(running.origin + "/") for u in urls_in(manifest_of(http)))
            name = alerts(run(http, "kontaktliste", book_payload(demo, "Partner")))[0].split("\n")[1]
            for _ in range(8):  # new connections: with two workers, each may answer
                files = http.get("/xq/files", headers=auth(LINDENHOF)).json()
                assert http.get(next(f["url"] for f in files if f["name"] == name)).status_code == 200
    finally:
        assert running.stop() == "terminated"
