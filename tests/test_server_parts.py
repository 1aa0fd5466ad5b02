"""The server's parts on their own: setup, offices and tokens, files and links, limits, the compute processes.

The whole server, over TLS with real requests, is tested in ``test_server_live.py``.
"""

from __future__ import annotations

import io
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from xlquartier.errors import UserError
from xlquartier.excel.server.auth import office_for_token, office_of
from xlquartier.excel.server.config import Limits, ServerConfig, default_addin_id, parse_public_url
from xlquartier.excel.server.limits import function_problem, script_problem
from xlquartier.excel.server.storage import Storage
from xlquartier.excel.server.work import OfficeLogos, _package
from xlquartier.workbook.read import read_book

TOKEN = "correct-horse-battery-staple"


def env(tmp_path, **extra) -> dict[str, str]:
    base = {"XLWINGS_LICENSE_KEY": "noncommercial", "XLQUARTIER_SERVER_PUBLIC_URL": "https://localhost:8443",
            "XLQUARTIER_SERVER_TOKEN": TOKEN, "XLQUARTIER_SERVER_DATA": str(tmp_path / "data")}
    return {**base, **extra}


# --------------------------------------------------------------------------- setup

@pytest.mark.parametrize(("given", "origin", "prefix"), [
    ("https://localhost:8443", "https://localhost:8443", ""),
    ("https://xq.stadt.example", "https://xq.stadt.example", ""),
    ("https://xq.stadt.example:443/", "https://xq.stadt.example", ""),
    ("https://proxy.stadt.example/quartier/", "https://proxy.stadt.example", "/quartier"),
    ("https://proxy.stadt.example:9443/a/b", "https://proxy.stadt.example:9443", "/a/b"),
])
def test_public_url_keeps_port_and_prefix(given, origin, prefix):
    url = parse_public_url(given)
    assert (url.origin, url.prefix) == (origin, prefix)


@pytest.mark.parametrize("given", ["http://localhost:8000", "https://", "https://host:port", "localhost:8443",
                                   "https://host/x?y=1", "https://user:pw@host"])
def test_public_url_refused_plainly(given):
    with pytest.raises(UserError, match=r"https://host\[:port\]"):
        parse_public_url(given)


def test_addin_id_is_stable_per_address_and_a_uuid4():
    one = default_addin_id(parse_public_url("https://xq.stadt.example"))
    assert one == default_addin_id(parse_public_url("https://xq.stadt.example/"))
    assert one != default_addin_id(parse_public_url("https://test.stadt.example"))
    assert uuid.UUID(one).version == 4


def test_setup_refuses_what_cannot_work(tmp_path):
    with pytest.raises(UserError, match="without access protection"):
        ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_TOKEN=""))
    with pytest.raises(UserError, match="too short"):
        ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_TOKEN="short"))
    with pytest.raises(UserError, match="licence key"):
        ServerConfig.from_env(env(tmp_path, XLWINGS_LICENSE_KEY=""))
    with pytest.raises(UserError, match="not both"):
        ServerConfig.from_env(env(tmp_path, XLWINGS_AUTH_PROVIDERS='["entraid"]'))
    with pytest.raises(UserError, match="add-in id"):
        ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_ADDIN_ID="not-a-uuid"))
    with pytest.raises(UserError, match="FUNCTION_SECONDS must be a number"):
        ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_FUNCTION_SECONDS="soon"))
    config = ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_NAMES="100", XLQUARTIER_SERVER_LANG="en"))
    assert config.limits.names == 100 and config.limits.cells == Limits().cells and config.lang == "en"
    assert TOKEN not in repr(config.offices)  # only its hash is kept
    assert (tmp_path / "data" / "link-secret").stat().st_mode & 0o077 == 0


def test_offices_file_gives_each_office_its_token(tmp_path):
    offices = tmp_path / "offices.toml"
    offices.write_text('[offices]\nLindenhof = "lindenhof-token-1234"\nNordstadt = "nordstadt-token-5678"\n')
    config = ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_TOKEN="", XLQUARTIER_SERVER_OFFICES=str(offices)))
    assert office_for_token("Bearer lindenhof-token-1234", config) == "Lindenhof"
    assert office_for_token("nordstadt-token-5678", config) == "Nordstadt"
    assert office_for_token("Bearer nordstadt-token-567", config) is None
    assert office_for_token("", config) is None
    offices.write_text('[offices]\n"../etc" = "some-long-token-12345"\n')
    with pytest.raises(UserError, match="office name"):
        ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_TOKEN="", XLQUARTIER_SERVER_OFFICES=str(offices)))


def test_entra_users_office_comes_from_their_app_role():
    from types import SimpleNamespace as User  # the fields of xlwings Server's User that count here

    assert office_of(User(id="office:Lindenhof", roles=["Office.Lindenhof"])) == "Lindenhof"
    assert office_of(User(id="1234", roles=["Office.Nordstadt", "Reader"])) == "Nordstadt"
    alone = office_of(User(id="1234", roles=[]))
    assert alone.startswith("user-") and alone == office_of(User(id="1234", roles=["Reader"]))
    assert office_of(User(id="1234", roles=["Office.../x"])) == alone  # not a valid office name


# --------------------------------------------------------------------------- files and links

def storage(tmp_path, keep: float = 60) -> Storage:
    return Storage(tmp_path / "data", "ab" * 32, link_minutes=10, keep_minutes=keep)


def make_download(store: Storage, office: str, session: str, name: str = "Protokoll.docx") -> None:
    run = store.new_run(office, session)
    (run.work / "Protokolle").mkdir()
    (run.work / "Protokolle" / name).write_bytes(b"minutes")
    assert _package(run.work) == name


def test_a_link_opens_one_file_of_one_session_until_it_expires(tmp_path):
    store = storage(tmp_path)
    mine, other = "a" * 32, "b" * 32
    make_download(store, "Lindenhof", mine)
    [download] = store.downloads("Lindenhof", mine)
    assert store.downloads("Lindenhof", other) == [] and store.downloads("Nordstadt", mine) == []
    query = store.link("Lindenhof", mine, download)
    assert store.find("Lindenhof", mine, download.run, download.name, query["e"], query["k"]).read_bytes() == b"minutes"
    assert store.find("Lindenhof", other, download.run, download.name, query["e"], query["k"]) is None
    assert store.find("Nordstadt", mine, download.run, download.name, query["e"], query["k"]) is None
    assert store.find("Lindenhof", mine, download.run, "other.docx", query["e"], query["k"]) is None
    assert store.find("Lindenhof", mine, download.run, download.name, str(int(query["e"]) + 60), query["k"]) is None
    assert store.find("Lindenhof", mine, download.run, download.name, query["e"], query["k"],
                      now=int(query["e"]) + 1) is None
    assert store.find("../x", mine, download.run, download.name, query["e"], query["k"]) is None


def test_documents_are_deleted_after_the_set_time(tmp_path):
    store = storage(tmp_path, keep=1)
    store.save_logo("Lindenhof", "kita.png", png_bytes())
    make_download(store, "Lindenhof", "c" * 32)
    assert store.cleanup(now=time.time()) == 0
    assert store.cleanup(now=time.time() + 61) == 1
    assert store.downloads("Lindenhof", "c" * 32) == [] and not store.session("Lindenhof", "c" * 32).exists()
    assert store.logo_names("Lindenhof") == ["kita.png"]  # the office's logos stay


def test_an_office_cannot_fill_the_disk(tmp_path):
    store = storage(tmp_path)
    make_download(store, "Lindenhof", "e" * 32)
    store.check_room("Lindenhof", limit_mb=1)
    run = store.new_run("Lindenhof", "e" * 32)
    (run.work / "big.docx").write_bytes(b"x" * (2 * 2**20))
    _package(run.work)
    with pytest.raises(UserError, match="2 MB of this office's documents are already waiting"):
        store.check_room("Lindenhof", limit_mb=1)
    store.check_room("Nordstadt", limit_mb=1)  # other offices are not held up


def test_several_documents_become_one_zip_and_the_logo_links_stay_out(tmp_path):
    store = storage(tmp_path)
    store.save_logo("Lindenhof", "kita.png", png_bytes())
    run = store.new_run("Lindenhof", "d" * 32)
    (run.work / "logos").mkdir()
    (run.work / "logos" / "kita.png").symlink_to(store.logos("Lindenhof") / "kita.png")
    (run.work / "Vereinbarungen").mkdir()
    for name in ("a.docx", "b.docx"):
        (run.work / "Vereinbarungen" / name).write_bytes(name.encode())
    assert _package(run.work) == "Vereinbarungen.zip"
    with zipfile.ZipFile(run.folder / "Vereinbarungen.zip") as archive:
        assert archive.namelist() == ["a.docx", "b.docx"]
    assert not run.work.exists() and store.logo_names("Lindenhof") == ["kita.png"]


def png_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_logos_are_checked_images_with_plain_names(tmp_path):
    store = storage(tmp_path)
    assert store.save_logo("Lindenhof", "Kita Sonne.png", png_bytes()) == "Kita Sonne.png"
    for name in ("../evil.png", "x/y.png", "logo.svg", ".hidden.png", "C:\\logo.png"):
        with pytest.raises(UserError, match="allowed logo file name"):
            store.save_logo("Lindenhof", name, png_bytes())
    with pytest.raises(UserError, match="not a readable"):
        store.save_logo("Lindenhof", "fake.png", b"<svg/>")
    store.save_logo("Lindenhof", "kita sonne.PNG", png_bytes())  # one name in any case
    assert store.logo_names("Lindenhof") == ["kita sonne.PNG"] and store.logo_names("Nordstadt") == []
    assert not store.delete_logo("Lindenhof", "../../link-secret") and store.delete_logo("Lindenhof", "kita sonne.PNG")


def test_logo_bombs_are_refused_before_decoding(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 million pixels, a few kB
    with pytest.raises(UserError, match="too many pixels"):
        storage(tmp_path).save_logo("Lindenhof", "bomb.png", buffer.getvalue())


def test_the_book_uses_the_office_logos_and_no_path_it_names(make_book, tmp_path, monkeypatch):
    stored = tmp_path / "office" / "Logos"
    stored.mkdir(parents=True)
    (stored / "kita.png").write_bytes(b"kita")
    (stored / "netz.png").write_bytes(b"netz")
    path = make_book({"partners": [
        {"id": "P001", "name": "Kita A", "type": "Kita", "status": "aktiv", "logo_file": "C:\\Logos\\KITA.png"},
        {"id": "P002", "name": "Schule B", "type": "Schule", "status": "aktiv", "logo_file": "../../link-secret"},
        {"id": "P003", "name": "Verein C", "type": "Verein", "status": "aktiv", "logo_file": "/etc/passwd"},
        {"id": "P004", "name": "Verein D", "type": "Verein", "status": "aktiv", "logo_file": "netz.png"}]},
        settings={"logo_folder": "/etc", "network_logo": "../../../Netz.PNG"})
    book = read_book(path)
    book.path = None  # as on the server: the live book has no file there
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    OfficeLogos(stored)(book)
    assert book.logo_dir == Path("etc") and book.setting("logo_folder") == "etc"
    assert [p["logo_file"] for p in book.rows("partners")] == ["KITA.png", "link-secret", "passwd", "netz.png"]
    assert book.setting("network_logo") == "Netz.PNG"
    assert sorted(p.name for p in (work / "etc").iterdir()) == ["KITA.png", "Netz.PNG", "netz.png"]
    assert (work / "etc" / "KITA.png").read_bytes() == b"kita" and (work / "etc" / "Netz.PNG").read_bytes() == b"netz"
    plain = read_book(make_book({"partners": [{"id": "P1", "name": "K", "type": "Kita", "status": "aktiv",
                                               "logo_file": "netz.png"}]}))
    plain.path = None
    OfficeLogos(stored)(plain)
    assert plain.settings.get("logo_folder") in (None, "", "logos")  # a plain book is left as it is


# --------------------------------------------------------------------------- limits

def test_calls_over_a_limit_get_one_sentence(tmp_path):
    config = ServerConfig.from_env(env(tmp_path, XLQUARTIER_SERVER_CELLS="1000", XLQUARTIER_SERVER_NAMES="100"))
    names = [[f"Name {i}"] for i in range(101)]
    assert function_problem({"func_name": "dubletten", "args": [names, 2, None]}, config) == \
        "Zu viele Namen für eine Dublettensuche: 101, höchstens 100."
    assert function_problem({"func_name": "dubletten", "args": [names[:100] + [[None]] * 50, 2, None]}, config) is None
    assert function_problem({"func_name": "partnerlast", "args": ["P", 1, [[[0] * 10] * 101]]}, config) == \
        "Zu viele Zellen in einem Aufruf: 1.012, höchstens 1.000."
    assert script_problem({"sheets": [{"values": [[""] * 10] * 101}]}, config).startswith("Zu viele Zellen")
    assert script_problem({"sheets": [{"values": [[""] * 10] * 99}]}, config) is None
    nested = []
    for _ in range(5000):
        nested = [nested]
    assert function_problem({"func_name": "x", "args": nested}, config) is None  # deep nesting: no RecursionError


# --------------------------------------------------------------------------- compute processes

def test_compute_processes_stop_a_call_over_its_time_or_memory(monkeypatch):
    import asyncio

    monkeypatch.delenv("XLWINGS_ON_SERVER", raising=False)  # the processes import xlwings as any program would
    from xlquartier.excel.server.compute import Compute, Refused

    async def scenario():
        compute = Compute(processes=2, memory_mb=600, queue=10)
        compute.start()
        try:
            started = time.monotonic()
            with pytest.raises(Refused, match="longer than 1 seconds") as slow:
                await compute.run(time.sleep, (60,), seconds=1)
            assert slow.value.status == 504 and time.monotonic() - started < 30
            with pytest.raises(Refused, match="too much memory"):
                await compute.run(bytearray, (2 * 2**30,), seconds=30)
            assert await compute.run(sum, ([1, 2, 3],), seconds=30) == 6  # the pool still answers
        finally:
            compute.stop()

    asyncio.run(scenario())
