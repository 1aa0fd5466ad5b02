"""Putting the server together: xlwings Server with xlquartier's project, the gate, the compute processes.

``create_app`` reads the setup from the environment (``config``), hands xlwings Server its
settings (they must be in the environment before ``xlwings_server`` is imported), applies
the start-up patch (``patches``), and wraps xlwings Server's app in the gate (``limits``).
The compute processes start, and old documents are swept, in the lifespan hook xlwings
Server calls (``project/lifespan.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .compute import Compute
from .config import ServerConfig, xlwings_environment
from .storage import Storage, private_umask

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 60


@dataclass
class Runtime:
    config: ServerConfig
    storage: Storage
    compute: Compute


_runtime: Runtime | None = None


def project_dir() -> Path:
    """xlquartier's xlwings Server project (templates, static files, hooks), shipped in the package."""
    return Path(str(resources.files("xlquartier.excel.server") / "project"))


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("create_app() has not run in this process")
    return _runtime


def configure(config: ServerConfig | None = None) -> Runtime:
    """Read the setup and prepare this process for xlwings Server (before it is imported)."""
    global _runtime
    config = config or ServerConfig.from_env()
    private_umask()
    os.environ.update(xlwings_environment(config, project_dir()))
    limits = config.limits
    _runtime = Runtime(config, Storage(config.data, config.secret, limits.link_minutes, limits.keep_minutes),
                       Compute(config.processes, limits.memory_mb, limits.queue))
    return _runtime


def create_app(config: ServerConfig | None = None) -> Any:
    """The ASGI app: xlwings Server serving xlquartier, behind the gate."""
    from . import patches

    rt = configure(config)
    patches.apply()
    try:
        from xlwings_server.main import main_app
        from xlwings_server.templates import templates
    except ModuleNotFoundError as exc:
        from ...errors import UserError

        raise UserError('Bitte zuerst installieren: pip install "xlquartier[server]"',
                        'Please install first: pip install "xlquartier[server]"') from exc
    from .limits import Guard
    from .served import SCRIPTS
    from .ui import template_globals

    templates.env.globals["xq"] = template_globals(rt.config, SCRIPTS)
    return Guard(main_app, rt.config)


async def _sweep(storage: Storage) -> None:
    while True:
        try:
            storage.cleanup()
        except OSError:
            logger.exception("sweeping old documents failed")
        await asyncio.sleep(SWEEP_SECONDS)


@contextlib.asynccontextmanager
async def lifespan(app: Any):
    """Start the compute processes and the sweeper; stop both when the server stops."""
    rt = runtime()
    rt.compute.start()
    sweeper = asyncio.create_task(_sweep(rt.storage))
    logger.info("xlquartier ready: %s/manifest.xml", rt.config.public_url)
    try:
        yield
    finally:
        sweeper.cancel()
        rt.compute.stop()
