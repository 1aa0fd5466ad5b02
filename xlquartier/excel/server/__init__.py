"""The xlwings Server route: xlquartier as an Excel add-in the city's IT hosts for many offices.

xlwings Server (the ``xlwings-server`` package, ``pip install "xlquartier[server]"``) is a
FastAPI app with the Office.js add-in around it: manifest, task pane, custom-functions
runtime. xlquartier gives it a project of its own (``project/``: ribbon and task pane with
one button per script, the access-token login, the documents and logos of the task pane)
and serves the same functions and scripts as the desktop add-in and xlwings Lite
(``served``), computed in separate processes with time and memory limits (``compute``),
behind a gate for request size, cells and names (``limits``). Offices are kept apart
(``auth``, ``storage``); documents reach the manager's browser through short-lived links.

Run it with ``xlquartier excel server`` (``serve``) or, in production, with uvicorn on
``xlquartier.excel.server.asgi:app`` and the ``XLQUARTIER_SERVER_*`` variables (README).

Licence: xlwings Server and xlwings PRO are under the PolyForm Noncommercial licence
(public bodies and charities qualify: ``XLWINGS_LICENSE_KEY=noncommercial``) or a paid
xlwings licence.
"""

from __future__ import annotations

import os
from pathlib import Path

from ...errors import UserError
from .config import PREFIX, ServerConfig

NAMESPACE = "XQ"  # formulas read =XQ.DUBLETTEN(...)
ASGI_APP = "xlquartier.excel.server.asgi:app"


def environment(public_url: str | None = None, token: str | None = None, offices: Path | None = None,
                data: Path | None = None, lang: str | None = None, license_key: str | None = None,
                processes: int | None = None, addin_id: str | None = None) -> dict[str, str]:
    """The ``XLQUARTIER_SERVER_*`` (and licence) variables for the given options; unset ones are left out."""
    given = {"PUBLIC_URL": public_url, "TOKEN": token, "OFFICES": offices, "DATA": data, "LANG": lang,
             "PROCESSES": processes, "ADDIN_ID": addin_id}
    env = {PREFIX + key: str(value) for key, value in given.items() if value not in (None, "")}
    if license_key:
        env["XLWINGS_LICENSE_KEY"] = license_key
    return env


def serve(host: str = "127.0.0.1", port: int = 8000, public_url: str | None = None,
          certfile: Path | None = None, keyfile: Path | None = None, token: str | None = None,
          offices: Path | None = None, data: Path | None = None, lang: str | None = None,
          license_key: str | None = None, workers: int = 1, processes: int | None = None,
          addin_id: str | None = None, announce=print) -> ServerConfig:
    """``xlquartier excel server``: check the setup, then serve until stopped (Ctrl+C or SIGTERM).

    Office.js loads add-ins over HTTPS only: give ``certfile`` and ``keyfile``, or run on
    loopback behind the city's HTTPS reverse proxy with ``public_url`` set to the proxy's
    address. Without ``public_url`` the server is only reachable as https://localhost:PORT.
    """
    import uvicorn

    if (certfile is None) != (keyfile is None):
        raise UserError("Bitte Zertifikat und Schlüssel zusammen angeben (--certfile und --keyfile).",
                        "Please give the certificate and its key together (--certfile and --keyfile).")
    for path in (certfile, keyfile):
        if path is not None and not Path(path).is_file():
            raise UserError(f"Die Datei {path} gibt es nicht.", f"The file {path} does not exist.")
    if public_url is None and not os.environ.get(PREFIX + "PUBLIC_URL"):
        public_url = f"https://localhost:{port}"
    os.environ.update(environment(public_url, token, offices, data, lang, license_key, processes, addin_id))
    config = ServerConfig.from_env()  # refuses a setup that cannot work, before anything starts
    os.environ[PREFIX + "SECRET"] = config.secret  # every worker signs links alike
    announce(f"Manifest: {config.public_url}/manifest.xml")
    uvicorn.run(ASGI_APP, host=host, port=port, workers=workers, log_level="info",
                ssl_certfile=str(certfile) if certfile else None, ssl_keyfile=str(keyfile) if keyfile else None,
                timeout_graceful_shutdown=10)
    return config
