"""How one xlquartier server is set up: its public address, who may use it, where files go, its limits.

Everything is read from environment variables (``XLQUARTIER_SERVER_*``), so the command
line, a container and every uvicorn worker process see the same setup: ``xlquartier excel
server`` only turns its options into these variables. A setting that cannot work (no
access protection, a manifest address Office.js refuses, a weak token) is refused with one
sentence before anything starts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from ...errors import UserError

PREFIX = "XLQUARTIER_SERVER_"
OFFICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")
SINGLE_OFFICE = "office"  # the office of the one shared token (--token)
MIN_TOKEN = 16


@dataclass(frozen=True)
class Limits:
    """What one call may ask of the server; each can be set as ``XLQUARTIER_SERVER_<NAME>``."""

    body_mb: float = 20  # size of one request
    cells: int = 250_000  # cells in one call (all ranges of a function, all sheets of a script)
    names: int = 5_000  # names in one duplicate search
    function_seconds: float = 20  # time one function call may compute
    script_seconds: float = 180  # time one button (script) may compute
    memory_mb: int = 2048  # address space of one compute process
    queue: int = 200  # calls waiting for a compute process before "busy"
    link_minutes: float = 10  # how long a download link works
    keep_minutes: float = 60  # how long documents are kept on the server
    office_mb: float = 500  # documents one office may have waiting for download

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Limits:
        values = {}
        for spec in fields(cls):
            raw = env.get(PREFIX + spec.name.upper())
            if raw in (None, ""):
                continue
            try:
                number = float(raw)
            except ValueError:
                raise UserError(f"{PREFIX}{spec.name.upper()} muss eine Zahl sein, nicht „{raw}“.",
                                f"{PREFIX}{spec.name.upper()} must be a number, not “{raw}”.") from None
            if number <= 0:
                raise UserError(f"{PREFIX}{spec.name.upper()} muss größer als 0 sein.",
                                f"{PREFIX}{spec.name.upper()} must be greater than 0.")
            values[spec.name] = int(number) if spec.type in (int, "int") else number
        return cls(**values)


@dataclass(frozen=True)
class PublicUrl:
    """Where Excel reaches the server: ``https://host[:port][/prefix]``, as the manifest names it."""

    origin: str  # https://host[:port]
    prefix: str  # "" or "/path" without a trailing slash

    @property
    def netloc(self) -> str:
        return self.origin.removeprefix("https://")

    def __str__(self) -> str:
        return self.origin + self.prefix


def parse_public_url(text: str) -> PublicUrl:
    """Check the address the manifest will carry; Office.js add-ins load only over HTTPS."""
    parts = urlsplit(text.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme != "https" or not parts.hostname or port == -1 or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise UserError(
            f"Die öffentliche Adresse „{text}“ ist ungültig; erwartet wird https://rechner[:port][/pfad], "
            "z. B. https://xq.stadt.example oder https://localhost:8443 (Office lädt Add-ins nur über HTTPS).",
            f"The public address “{text}” is invalid; expected https://host[:port][/path], e.g. "
            "https://xq.city.example or https://localhost:8443 (Office loads add-ins over HTTPS only).")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    origin = f"https://{host}" + (f":{port}" if port not in (None, 443) else "")
    prefix = "/" + "/".join(p for p in parts.path.split("/") if p) if parts.path.strip("/") else ""
    return PublicUrl(origin, prefix)


def default_addin_id(public_url: PublicUrl) -> str:
    """A stable add-in id per deployment: derived from its public address, in UUID4 form.

    Excel tells add-ins apart by this id, so a test and a production server at different
    addresses can be installed side by side, and restarting one keeps its id.
    """
    digest = hashlib.sha256(f"xlquartier add-in {public_url}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def _token_key(token: str) -> str:
    return "sha256:" + hashlib.sha256(token.encode()).hexdigest()


def _check_token(token: str, office: str) -> str:
    """A token as kept in memory: its SHA-256, so comparisons never touch the secret itself."""
    if token.startswith("sha256:"):
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", token):
            raise UserError(f"Der Zugangsschlüssel von {office} ist kein gültiger sha256-Wert.",
                            f"The access token of {office} is not a valid sha256 value.")
        return token
    if len(token) < MIN_TOKEN:
        raise UserError(
            f"Der Zugangsschlüssel von {office} ist zu kurz (mindestens {MIN_TOKEN} Zeichen); einen "
            "guten erzeugt: python -c \"import secrets; print(secrets.token_urlsafe(32))\"",
            f"The access token of {office} is too short (at least {MIN_TOKEN} characters); make a good "
            "one with: python -c \"import secrets; print(secrets.token_urlsafe(32))\"")
    return _token_key(token)


def read_offices(path: Path) -> dict[str, str]:
    """The offices file: a TOML table ``[offices]`` of office name = token (or "sha256:<hex>")."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"Die Büro-Datei {path} kann nicht gelesen werden ({exc}).",
                        f"The offices file {path} cannot be read ({exc}).") from None
    offices = data.get("offices")
    if not isinstance(offices, dict) or not offices or not all(isinstance(v, str) for v in offices.values()):
        raise UserError(f"Die Büro-Datei {path} braucht eine Tabelle [offices] mit Name = \"Zugangsschlüssel\".",
                        f"The offices file {path} needs a table [offices] of name = \"access token\".")
    return offices


@dataclass(frozen=True)
class ServerConfig:
    public_url: PublicUrl
    data: Path  # offices' logos and sessions' documents
    offices: dict[str, str] = field(default_factory=dict)  # office -> sha256 key of its token
    entra: bool = False  # Microsoft Entra ID through xlwings Server (XLWINGS_AUTH_PROVIDERS)
    lang: str = "de"  # ribbon, task pane and the server's own messages
    addin_id: str = ""
    processes: int = 2  # compute processes
    secret: str = ""  # signs download links
    license_key: str = ""
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ServerConfig:
        env = os.environ if env is None else env

        def get(name: str) -> str:
            return (env.get(PREFIX + name) or "").strip()

        license_key = (env.get("XLWINGS_LICENSE_KEY") or "").strip()
        if not license_key:
            raise UserError(
                "xlwings Server braucht einen Lizenzschlüssel: für öffentliche Stellen und gemeinnützige "
                "Träger XLWINGS_LICENSE_KEY=noncommercial (PolyForm Noncommercial), sonst eine bezahlte "
                "Lizenz. Bitte mit --license-key angeben oder als Umgebungsvariable setzen.",
                "xlwings Server needs a licence key: for public bodies and charities "
                "XLWINGS_LICENSE_KEY=noncommercial (PolyForm Noncommercial), otherwise a paid licence. "
                "Please pass --license-key or set the environment variable.")
        if not get("PUBLIC_URL"):
            raise UserError("Bitte die öffentliche Adresse angeben: --public-url https://rechner[:port].",
                            "Please give the public address: --public-url https://host[:port].")
        public_url = parse_public_url(get("PUBLIC_URL"))
        offices: dict[str, str] = {}
        if get("OFFICES"):
            for name, token in read_offices(Path(get("OFFICES"))).items():
                if not OFFICE_NAME.fullmatch(name):
                    raise UserError(
                        f"Der Büro-Name „{name}“ ist ungültig: nur Buchstaben A–Z, Ziffern, - und _.",
                        f"The office name “{name}” is invalid: letters A-Z, digits, - and _ only.")
                offices[name] = _check_token(token, name)
        if get("TOKEN"):
            offices[SINGLE_OFFICE] = _check_token(get("TOKEN"), SINGLE_OFFICE)
        if len(set(offices.values())) < len(offices):
            raise UserError("Zwei Büros haben denselben Zugangsschlüssel.", "Two offices share one access token.")
        providers = env.get("XLWINGS_AUTH_PROVIDERS") or ""
        entra = "entraid" in providers
        if entra and offices:
            raise UserError("Bitte entweder Zugangsschlüssel (--token, --offices) oder Entra ID verwenden, "
                            "nicht beides.",
                            "Please use either access tokens (--token, --offices) or Entra ID, not both.")
        if not entra and not offices:
            raise UserError(
                "Ohne Zugangsschutz startet der Server nicht: bitte --token (oder XLQUARTIER_SERVER_TOKEN), "
                "eine Büro-Datei mit --offices oder Microsoft Entra ID (XLWINGS_AUTH_PROVIDERS=[\"entraid\"]) "
                "einrichten.",
                "The server does not start without access protection: please set --token (or "
                "XLQUARTIER_SERVER_TOKEN), an offices file with --offices, or Microsoft Entra ID "
                "(XLWINGS_AUTH_PROVIDERS=[\"entraid\"]).")
        lang = get("LANG").lower() or "de"
        if lang not in ("de", "en"):
            raise UserError(f"Unbekannte Sprache „{lang}“ (de oder en).", f"Unknown language “{lang}” (de or en).")
        addin_id = get("ADDIN_ID") or default_addin_id(public_url)
        try:
            if uuid.UUID(addin_id).version != 4:
                raise ValueError
        except ValueError:
            raise UserError(f"Die Add-in-ID „{addin_id}“ ist keine UUID (Version 4).",
                            f"The add-in id “{addin_id}” is not a UUID (version 4).") from None
        processes = get("PROCESSES") or str(min(os.cpu_count() or 1, 4))
        if not processes.isdigit() or int(processes) < 1:
            raise UserError(f"{PREFIX}PROCESSES muss eine ganze Zahl ab 1 sein.",
                            f"{PREFIX}PROCESSES must be a whole number of at least 1.")
        data = Path(get("DATA") or Path.home() / ".xlquartier" / "server-data").expanduser().absolute()
        return cls(public_url=public_url, data=data, offices=offices, entra=entra, lang=lang,
                   addin_id=addin_id, processes=int(processes), secret=get("SECRET") or _stored_secret(data),
                   license_key=license_key, limits=Limits.from_env(env))


def _stored_secret(data: Path) -> str:
    """The key that signs download links, made once and kept in the data folder.

    Every worker process of one server reads the same file, so a link made by one worker
    is accepted by another. The file appears complete or not at all (written aside, then
    linked into place, which fails when another worker was first).
    """
    path = data / "link-secret"
    try:
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            aside = data / f".link-secret-{secrets.token_hex(8)}"
            fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
            try:
                os.link(aside, path)
            except FileExistsError:
                pass
            finally:
                aside.unlink()
        return path.read_text().strip()
    except OSError as exc:
        raise UserError(f"Im Datenordner {data} kann nicht geschrieben werden ({exc.strerror}).",
                        f"Cannot write into the data folder {data} ({exc.strerror}).") from None


def token_key(token: str) -> str:
    """The form in which ``ServerConfig.offices`` keeps a token (for comparing a presented one)."""
    return _token_key(token)


def xlwings_environment(config: ServerConfig, project: Path) -> dict[str, str]:
    """The settings xlwings Server reads from the environment when it is imported.

    The manifest's addresses come from the public URL with its port (``XLWINGS_HOSTNAME``
    is put into ``https://{hostname}`` as it is) and its path prefix (``XLWINGS_APP_PATH``;
    the static files move under the same prefix). Socket.io only serves streaming
    functions, which xlquartier has none of.
    """
    env = {
        "XLWINGS_LICENSE_KEY": config.license_key,
        "XLWINGS_ON_SERVER": "true",
        "XLWINGS_PROJECT_DIR": str(project),
        "XLWINGS_ENVIRONMENT": "prod",
        "XLWINGS_PROJECT_NAME": "xlquartier",
        "XLWINGS_FUNCTIONS_NAMESPACE": "XQ",
        "XLWINGS_HOSTNAME": config.public_url.netloc,
        "XLWINGS_APP_PATH": config.public_url.prefix,
        "XLWINGS_STATIC_URL_PATH": config.public_url.prefix + "/static",
        "XLWINGS_MANIFEST_ID_PROD": config.addin_id,
        "XLWINGS_ENABLE_SOCKETIO": "false",
        "XLWINGS_ENABLE_HOTRELOAD": "false",
        "XLWINGS_ENABLE_EXAMPLES": "false",
        "XLWINGS_ENABLE_WASM": "false",
        # the browser waits a little longer than the server lets a button compute
        "XLWINGS_REQUEST_TIMEOUT": str(int(config.limits.script_seconds) + 30),
    }
    if not config.entra:
        env["XLWINGS_AUTH_PROVIDERS"] = json.dumps(["xlquartier"])
    return env
