"""The xlwings Server route: the same functions and scripts, served to Excel by the city's IT.

xlwings Server (the ``xlwings-server`` package, ``pip install "xlquartier[server]"``)
is a FastAPI app with the Office.js add-in around it: task pane, custom-functions
runtime, manifest. It loads a project's functions from a ``custom_functions`` package and
its scripts from ``custom_scripts``; the project written here holds nothing but two
one-line packages that re-export ``xlquartier.excel.functions`` and ``.scripts``, so the
server serves exactly what the desktop add-in and xlwings Lite get.

Licence: xlwings Server is under the PolyForm Noncommercial licence (public bodies and
charities qualify: ``XLWINGS_LICENSE_KEY=noncommercial``) or a paid xlwings licence.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UserError

NAMESPACE = "XQ"  # formulas read =XQ.DUBLETTEN(...)
MANIFEST_ID = "dc08a9de-d139-48be-8dcb-4275b9a973b9"  # fixed: Excel knows the add-in by it
PACKAGES = {
    "custom_functions": "xlquartier.excel.functions",
    "custom_scripts": "xlquartier.excel.scripts",
}


def default_project_dir() -> Path:
    return Path.home() / ".xlquartier" / "server"


def prepare_project(directory: Path | None = None) -> Path:
    """Write the server project (two re-exporting packages); returns its folder."""
    directory = Path(directory) if directory else default_project_dir()
    for package, module in PACKAGES.items():
        folder = directory / package
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text(
            f'"""Written by `xlquartier excel server`: serve {module}."""\n\n'
            f"from {module} import *  # noqa: F401,F403\n", encoding="utf-8")
    return directory


def configure(project: Path, license_key: str | None = None) -> None:
    """The environment xlwings Server reads; set before it (or xlwings) is imported."""
    key = license_key or os.environ.get("XLWINGS_LICENSE_KEY")
    if not key:
        raise UserError(
            "xlwings Server braucht einen Lizenzschlüssel: für öffentliche Stellen und gemeinnützige "
            "Träger XLWINGS_LICENSE_KEY=noncommercial (PolyForm Noncommercial), sonst eine bezahlte "
            "Lizenz. Bitte mit --license-key angeben oder als Umgebungsvariable setzen.",
            "xlwings Server needs a licence key: for public bodies and charities "
            "XLWINGS_LICENSE_KEY=noncommercial (PolyForm Noncommercial), otherwise a paid licence. "
            "Please pass --license-key or set the environment variable.")
    os.environ["XLWINGS_LICENSE_KEY"] = key
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ["XLWINGS_PROJECT_DIR"] = str(project)
    os.environ.setdefault("XLWINGS_FUNCTIONS_NAMESPACE", NAMESPACE)
    os.environ.setdefault("XLWINGS_PROJECT_NAME", "xlquartier")
    os.environ.setdefault("XLWINGS_ENVIRONMENT", "prod")
    # Excel tells add-ins apart by this id; xlwings Server's default is shared by every project.
    os.environ.setdefault("XLWINGS_MANIFEST_ID_PROD", MANIFEST_ID)


def app(project: Path | None = None, license_key: str | None = None):
    """The FastAPI app serving xlquartier (for uvicorn, or FastAPI's TestClient)."""
    project = prepare_project(project)
    configure(project, license_key)
    try:
        from xlwings_server.main import main_app
    except ModuleNotFoundError as exc:
        raise UserError('Bitte zuerst installieren: pip install "xlquartier[server]"',
                        'Please install first: pip install "xlquartier[server]"') from exc
    return main_app


def write_manifest(project: Path, main_app, base_url: str) -> Path:
    """Save the add-in manifest the server hands out at ``base_url``, for the IT to deploy."""
    from fastapi.testclient import TestClient

    response = TestClient(main_app, base_url=base_url).get("/manifest.xml")
    response.raise_for_status()
    path = project / "manifest.xml"
    path.write_bytes(response.content)
    return path


def serve(host: str = "127.0.0.1", port: int = 8000, project: Path | None = None,
          license_key: str | None = None, certfile: Path | None = None, keyfile: Path | None = None,
          hostname: str | None = None) -> Path:
    """``xlquartier excel server``: write the manifest, then serve until stopped.

    Office.js add-ins only talk to HTTPS servers: give ``certfile``/``keyfile`` or put
    the server behind the city's HTTPS reverse proxy and set ``hostname``.
    """
    import uvicorn

    if hostname:
        os.environ["XLWINGS_HOSTNAME"] = hostname
    main_app = app(project, license_key)
    manifest = write_manifest(Path(os.environ["XLWINGS_PROJECT_DIR"]), main_app,
                              f"https://{hostname or host}:{port}")
    uvicorn.run(main_app, host=host, port=port,
                ssl_certfile=str(certfile) if certfile else None,
                ssl_keyfile=str(keyfile) if keyfile else None)
    return manifest
