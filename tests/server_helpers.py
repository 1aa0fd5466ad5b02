"""A real xlquartier server for tests and benchmarks: uvicorn over TLS on a free loopback port.

``make_certificate`` writes a self-signed certificate for localhost (``cryptography``);
``start_server`` runs ``xlquartier excel server`` in a process group of its own and waits
until it answers; ``RunningServer.stop`` sends SIGTERM to the group (SIGKILL after a grace
period) and reports whether SIGTERM was enough. ``function_requests`` runs the add-in's own
custom-functions client (xlwings Server's ``base()``, served by the server) under node and
returns the requests it would send.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from excel_payload import office_js_args, raw_sheets

HERE = Path(__file__).parent
CLI = [sys.executable, "-c", "from xlquartier.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, valid for a day."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert, private


@dataclass
class RunningServer:
    process: subprocess.Popen
    url: str  # the public URL (with the prefix)
    origin: str
    cert: Path
    log: Path
    started: float
    ready_after: float  # seconds from start until the manifest answered

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, verify=str(self.cert), timeout=120, **kwargs)

    def stop(self, grace: float = 30) -> str:
        """SIGTERM to the server's process group; returns "terminated" or "killed" (it needed SIGKILL)."""
        if self.process.poll() is not None:
            return "exited"
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=grace)
            how = "terminated"
        except subprocess.TimeoutExpired:
            how = "killed"
        finally:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # anything left of the group (compute processes)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=30)
        return how


def start_server(folder: Path, *args: str, env: dict[str, str] | None = None, prefix: str = "",
                 timeout: float = 120, command=None) -> RunningServer:
    """``xlquartier excel server --public-url https://localhost:PORT<prefix> ...`` over TLS on loopback.

    ``command(cert, key, port)`` gives another command line (the public URL is then set in
    ``XLQUARTIER_SERVER_PUBLIC_URL``), e.g. the Containerfile's uvicorn command.
    """
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(folder / "tls")
    port = free_port()
    origin = f"https://localhost:{port}"
    variables = {k: v for k, v in os.environ.items() if not k.startswith(("XLWINGS_", "XLQUARTIER_"))}
    variables.update({"XLWINGS_LICENSE_KEY": "noncommercial", "XLQUARTIER_SERVER_DATA": str(folder / "data")})
    variables.update(env or {})
    log = folder / "server.log"
    if command is None:
        argv = [*CLI, "excel", "server", "--host", "127.0.0.1", "--port", str(port), "--public-url", origin + prefix,
                "--certfile", str(cert), "--keyfile", str(key), *args]
    else:
        argv = command(cert, key, port)
        variables["XLQUARTIER_SERVER_PUBLIC_URL"] = origin + prefix
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=variables,
                               start_new_session=True)
    server = RunningServer(process, origin + prefix, origin, cert, log, started, 0.0)
    try:
        deadline = started + timeout
        while True:
            try:
                answer = httpx.get(f"{origin}{prefix}/manifest.xml", verify=str(cert), timeout=5)
                if answer.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + log.read_text(errors="replace")[-4000:])
            time.sleep(0.1)
        server.ready_after = time.monotonic() - started
    except BaseException:
        server.stop()
        raise
    return server


def function_requests(server: RunningServer, token: str, calls: list[dict[str, Any]],
                      workbook: str = "Netzwerk.xlsx") -> list[dict[str, Any]]:
    """The requests xlwings Server's own client (``base()``) sends for ``calls`` [{name, args, address}]."""
    with server.client() as client:
        code = client.get("/xlwings/custom-functions-code.js").text
        auth = client.get("/static/js/auth.js").text
    given = {"origin": server.origin, "code": code, "auth": auth, "token": token, "workbook": workbook,
             "calls": calls}
    done = subprocess.run(["node", str(HERE / "office_js_functions.mjs")], input=json.dumps(given),
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout)


def table_args(demo: Path, sheet: str) -> list[list[Any]]:
    """A whole table as Excel passes it to a custom function: pre-sized rows, empty cells null."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    ref = next(iter(load_workbook(demo)[sheet].tables.values())).ref
    _, _, columns, rows = range_boundaries(ref)
    values = office_js_args(raw_sheets(demo)[sheet])
    return [[values[r][c] if r < len(values) and c < len(values[r]) and values[r][c] != "" else None
             for c in range(columns)] for r in range(rows)]
