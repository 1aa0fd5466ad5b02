"""xlwings Server and Lite cases; run by ``test_excel_routes.py`` in a separate pytest process.

xlwings only switches its decorators to the Office.js ones, and only serves books built
from JSON, when ``XLWINGS_ON_SERVER`` and a licence key are set before it is imported;
that must not leak into the other tests, hence the separate process (the caller sets
the environment). Here FastAPI's TestClient sends what the xlwings Office.js client
sends, and the answers and the actions the scripts return are checked.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

assert os.environ.get("XLWINGS_ON_SERVER") == "true", "run through test_excel_routes.py"

import xlwings as xw  # noqa: E402
from excel_payload import actions, book_payload, office_js_args, raw_sheets  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from xlquartier.demo import write_demo_book  # noqa: E402
from xlquartier.excel import scripts  # noqa: E402
from xlquartier.excel.lite import write_lite  # noqa: E402
from xlquartier.excel.server.app import create_app  # noqa: E402

TOKEN = "excel-server-cases-token"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "X-XQ-Session": "c" * 32}  # as the add-in's task pane sends
CALL = {"caller_address": "Tabelle1!B2", "content_language": "de-DE", "version": xw.__version__,
        "runtime": "1.4", "client": "Office.js", "culture_info_name": "de-DE", "date_format": "TT.MM.JJJJ"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return write_demo_book(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """xlquartier's server in this process (its compute processes start with the TestClient)."""
    os.environ.update({"XLQUARTIER_SERVER_PUBLIC_URL": "https://localhost:8443", "XLQUARTIER_SERVER_TOKEN": TOKEN,
                       "XLQUARTIER_SERVER_DATA": str(tmp_path_factory.mktemp("data")),
                       "XLQUARTIER_SERVER_PROCESSES": "1"})
    with TestClient(create_app(), headers=HEADERS) as http:
        yield http


def downloads(client) -> list[str]:
    """The names of the documents the task pane offers this session."""
    return [f["name"] for f in client.get("/xq/files").json()]


@pytest.fixture(scope="module")
def lite_main(tmp_path_factory):
    """The generated main.py, imported as xlwings Lite imports it."""
    written, _ = write_lite(tmp_path_factory.mktemp("lite"), "https://example.org/xlquartier-0.1.0-py3-none-any.whl")
    spec = importlib.util.spec_from_file_location("lite_main", written[0])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_served_functions_equal_lites(client, lite_main):
    served = client.get("/xlwings/custom-functions-meta").json()["functions"]
    lite = xw.server.custom_functions_meta(lite_main)["functions"]
    assert [f["id"] for f in served] == [f["id"] for f in lite]
    assert {f["id"] for f in lite} >= {"DUBLETTEN", "DUPLICATES", "PARTNERLAST", "OFFENE_AUFGABEN", "JAHRESTHEMEN"}
    dubletten = next(f for f in lite if f["id"] == "DUBLETTEN")
    assert dubletten["description"].startswith("Markiert Namen")
    assert [p["name"] for p in dubletten["parameters"]] == ["namen", "erste_zeile", "schwelle"]
    assert dubletten["parameters"][1]["optional"] is True
    load = next(f for f in lite if f["id"] == "PARTNERLAST")
    assert load["parameters"][-1]["repeating"] is True
    served_scripts = client.get("/xlwings/custom-scripts-meta").json()
    lite_scripts = xw.server.custom_scripts_meta(lite_main)
    assert [s["function_name"] for s in served_scripts] == [s["function_name"] for s in lite_scripts] == [
        "einladungen", "jahresbericht", "kontaktliste", "nutzenberichte", "partneransicht", "protokoll", "pruefen",
        "vereinbarungen"]
    assert [s["name"] for s in served_scripts] == [s["name"] for s in lite_scripts]


def test_manifest_names_the_namespace(client):
    manifest = client.get("/manifest.xml").text
    assert "<OfficeApp" in manifest and 'DefaultValue="XQ"' in manifest


def call(client, func_name, *args):
    response = client.post("/xlwings/custom-functions-call", json={"func_name": func_name, "args": list(args), **CALL})
    assert response.status_code == 200, response.text
    return response.json()["result"]


def test_custom_function_calls(client, demo):
    sheets = raw_sheets(demo)
    partners = office_js_args(sheets["Partner"])
    names = [[row[1]] for row in partners[1:]]
    flagged = [(i, r) for i, r in enumerate(call(client, "dubletten", names, [[2]], [[""]])) if r[0]]
    assert flagged and all(r[0] == "Dublette" and r[1] < i + 2 for i, r in flagged)
    tables = [office_js_args(sheets[n]) for n in ("Partner", "Strukturen", "Treffen", "Aufgaben", "Personen")]
    today = (dt.datetime(2026, 11, 20) - dt.datetime(1899, 12, 30)).days
    load = call(client, "partnerlast", [["SV Blau-Weiß"]], [[float(today)]], tables)
    assert len(load) == 1 and len(load[0]) == 4 and all(isinstance(n, (int, float)) for n in load[0])
    header, *tasks = call(client, "offene_aufgaben", [["SV Blau-Weiß"]], [[float(today)]], tables)
    assert header == ["AufgabeID", "Beschreibung", "Fällig", "Status", "Tage überfällig"]
    assert tasks and all(row[0].startswith("A") for row in tasks)
    due = tasks[0][2]  # a date cell: the serial number, shown in the caller's date format
    assert due["type"] == "FormattedNumber" and due["numberFormat"] == "dd.mm.yyyy"
    assert dt.date(1899, 12, 30) + dt.timedelta(days=due["basicValue"]) >= dt.date(2026, 1, 1)
    header, *listed = call(client, "partnertabelle", [[float(today)]], tables)
    assert header[:2] == ["PartnerID", "Name"] and header[-1] == "letzter Kontakt"
    assert len(listed) == len([r for r in raw_sheets(demo)["Partner"][1:] if r[0]])
    assert all(isinstance(n, (int, float)) for row in listed for n in row[4:8])
    assert {row[-1] for row in listed} == {""}  # no contact log in this schema: the column stays empty
    assert call(client, "jahresthemen", [[2026.0]], [office_js_args(sheets["Jahresthemen"])]) == [[4]]
    assert call(client, "partner_finden", [["Kita Sonnenschien"]], partners)[0][0] == "Kita Sonnenschein e.V."
    offers = call(client, "angebote", [["Familien"]], [[""]], [["Raum"]], [[float(today)]],
                  [office_js_args(sheets["Angebote"]), partners])
    assert offers[0][:2] == ["AngebotID", "Titel"] and [row[1] for row in offers[1:]] == [  # rooms open to families
        "Saal im Familienzentrum", "Stadtteilbüro", "Gemeindesaal St. Markus", "Aula der Grundschule am Park",
        "Gartenhaus im Stadtteilgarten", "Vereinsraum Brückenschlag", "Leseraum der Stadtteilbibliothek"]


def run_script(client, name, payload):
    response = client.post(f"/xlwings/custom-scripts-call/{name}", json=payload)
    assert response.status_code == 200, response.text
    return response.json()


def alerts(book_json):
    return [a["args"][0] for a in actions(book_json, "alert")]


def test_check_script_writes_the_check_sheet_and_marks(client, demo):
    result = run_script(client, "pruefen", book_payload(demo, "Partner"))
    sheets = raw_sheets(demo)
    check_index = list(sheets).index("Prüfung")
    writes = [a for a in actions(result, "setValues") if a["sheet_position"] == check_index]
    assert len(writes) == 1 and writes[0]["start_row"] == 0
    header, *rows = writes[0]["values"]
    assert header == ["Code", "Schwere", "Blatt", "Zelle", "Befund", "Meldung"] and len(rows) > 10
    codes = {row[0] for row in rows}
    assert "duplicate-partner" in codes or "overdue-task" in codes or "required" in codes
    linked = [row for row in rows if row[3]]
    assert linked and linked[0][3].startswith('=HYPERLINK("#\'')
    colors = actions(result, "setRangeColor")
    assert len(colors) == len({(r[2], r[3].split('"')[-2]) for r in linked})
    assert {c["args"][0] for c in colors} <= {"#F8B4B4", "#FFE08A", "#BFDDF5"}
    assert alerts(result)[0].startswith("Prüfung: ")


def test_check_sheet_links_compute_in_a_real_spreadsheet(client, demo, soffice, tmp_path):
    """The values the button sets, applied to a copy and computed by LibreOffice: the links work."""
    import csv

    from openpyxl import load_workbook

    result = run_script(client, "pruefen", book_payload(demo, "Partner"))
    workbook = load_workbook(demo)
    names = workbook.sheetnames
    for action in actions(result, "setValues"):
        sheet = workbook[names[action["sheet_position"]]]
        for r, row in enumerate(action["values"]):
            for c, value in enumerate(row):
                sheet.cell(action["start_row"] + r + 1, action["start_column"] + c + 1, value)
    workbook.move_sheet("Prüfung", offset=-names.index("Prüfung"))  # CSV export takes the first sheet
    workbook.active = 0
    workbook.save(tmp_path / "applied.xlsx")
    out = soffice(tmp_path / "applied.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "csv")
    rows = list(csv.reader(out.open(encoding="utf-8")))[1:]
    linked = [row for row in rows if row[3]]
    assert linked and all(re.fullmatch(r"[A-Z]{1,3}[0-9]+", row[3]) for row in linked), linked[:3]


def test_check_script_removes_the_last_marks(demo, tmp_path):
    """A second run clears the fills of the cells the previous Prüfung sheet listed."""
    book = xw.Book(json=book_payload(demo, "Partner"))
    book.sheets["Prüfung"]["A1"].value = [["Code", "Schwere", "Blatt", "Zelle", "Meldung"],
                                          ["required", "Fehler", "Partner", "C7", "alt"]]
    payload = book_payload(demo, "Partner")
    check_sheet = next(s for s in payload["sheets"] if s["name"] == "Prüfung")
    check_sheet["values"] = [["Code", "Schwere", "Blatt", "Zelle", "Meldung"],
                             ["required", "Fehler", "Partner", "C7", "alt"]]
    check_sheet["used_range_address"] = "A1:E2"
    book = xw.Book(json=payload)
    scripts.pruefen.__wrapped__(book)
    cleared = [a for a in actions(book.json(), "setRangeColor") if a["args"][0] is None]
    assert [(a["start_row"], a["start_column"]) for a in cleared] == [(6, 2)]


def test_check_script_assigns_missing_ids_like_the_command_line(make_book):
    path = make_book({"partners": [{"id": "P001", "name": "Kita A", "type": "Kita", "status": "aktiv"},
                                   {"name": "Schule B", "type": "Schule", "status": "aktiv"}]})
    book = xw.Book(json=book_payload(path, "Partner"))
    scripts.pruefen.__wrapped__(book)  # the plain function, as xlwings Server calls it
    partner_index = [s.name for s in book.sheets].index("Partner")
    ids = [a for a in actions(book.json(), "setValues") if a["sheet_position"] == partner_index]
    assert [(a["start_row"], a["start_column"], a["values"]) for a in ids] == [(2, 0, [["P002"]])]


def test_minutes_script_writes_the_selected_meeting(client, demo):
    result = run_script(client, "protokoll", book_payload(demo, "Treffen", "A2"))
    message = alerts(result)[0]
    assert message.startswith("1 Protokoll geschrieben in Protokolle\n")
    assert message.split("\n")[1] in downloads(client)


def test_minutes_script_without_a_meeting_selected(client, demo):
    result = run_script(client, "protokoll", book_payload(demo, "Partner", "B3"))
    assert alerts(result) == ["Bitte zuerst eine Zeile im Blatt „Treffen“ (mit TreffenID) auswählen."]


def test_lite_documents_land_in_its_data_folder(demo, monkeypatch, tmp_path):
    """A simulation of Lite in CPython (the real proof is tests/test_pyodide.py): /data is Lite's folder."""
    from xlquartier.excel import live

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(live, "LITE_DATA", data)
    monkeypatch.setattr(sys, "platform", "emscripten")  # what Pyodide reports
    monkeypatch.delenv("XLQUARTIER_OUTPUT_DIR", raising=False)
    book = xw.Book(json=book_payload(demo, "Treffen", "A2"))
    scripts.protokoll.__wrapped__(book)
    message = alerts(book.json())[0]
    assert message.startswith(f"1 Protokoll geschrieben in {data / 'Protokolle'}")
    assert "Files › Import/Export" in message
    assert len(list((data / "Protokolle").glob("*.docx"))) == 1


def test_contact_list_and_annual_report_buttons(client, demo):
    result = run_script(client, "kontaktliste", book_payload(demo, "Partner"))
    assert alerts(result)[0].startswith("1 Kontaktliste geschrieben in Kontaktlisten")
    assert "Kontaktliste.docx" in downloads(client)
    result = run_script(client, "jahresbericht", book_payload(demo, "Partner"))
    year = dt.date.today().year
    assert alerts(result)[0].startswith("1 Jahresbericht geschrieben in Jahresberichte")
    assert f"Jahresbericht_{year}.docx" in downloads(client)


def test_agreements_script_writes_every_draft(client, demo):
    result = run_script(client, "vereinbarungen", book_payload(demo, "Partner"))
    drafts = [row for row in raw_sheets(demo)["Vereinbarungen"][1:] if "Entwurf" in row]
    assert alerts(result)[0].startswith(f"{len(drafts)} Vereinbarungen geschrieben") and len(drafts) > 1
    assert "Vereinbarungen.zip" in downloads(client)


def test_invitations_script_writes_the_selected_event_and_marks_it(client, demo):
    sheets = raw_sheets(demo)
    row = next(i for i, r in enumerate(sheets["Veranstaltungen"]) if r and r[0] == "E004")  # Herbstputz, planned
    result = run_script(client, "einladungen", book_payload(demo, "Veranstaltungen", f"B{row + 1}"))
    message = alerts(result)[0]
    assert message.startswith("1 Einladung mit Kalendereintrag und E-Mail-Entwurf in ") and "Herbstputz" in message
    assert "Einladungen.zip" in downloads(client)  # the letter, the .ics and the .eml, as one download
    events = list(sheets).index("Veranstaltungen")
    invited = sheets["Veranstaltungen"][0].index("Eingeladen am")
    marks = [a for a in actions(result, "setValues") if a["sheet_position"] == events]
    assert [(a["start_row"], a["start_column"]) for a in marks] == [(row, invited)]


def test_benefit_script_writes_the_selected_partners_statement(client, demo):
    result = run_script(client, "nutzenberichte", book_payload(demo, "Partner", "A3"))
    message = alerts(result)[0]
    assert message.startswith("1 Nutzenbericht geschrieben in Nutzenberichte\n")
    assert message.split("\n")[1].startswith("Nutzenbericht_") and message.split("\n")[1] in downloads(client)


def test_partner_view_from_the_book_without_a_file(client, demo):
    result = run_script(client, "partneransicht", book_payload(demo, "Partner", "A3"))
    assert alerts(result)[0].startswith("Partneransicht geschrieben in Partneransichten: ")
    assert "Partneransichten.zip" in downloads(client)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
