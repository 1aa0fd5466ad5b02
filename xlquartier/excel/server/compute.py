"""The compute processes: every function call and button runs in one, with a time and a memory limit.

xlwings Server calls a project's functions in its event loop; a slow one (a duplicate
search over thousands of names, an annual report) would hold up every other request. Here
each call is handed to a small pool of processes (``pebble``, which stops the process of a
call that runs over its time and starts a fresh one). The processes come from a fork
server that has imported xlquartier once, so a fresh one is ready in milliseconds.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from ...errors import UserError
from . import work

logger = logging.getLogger(__name__)

PRELOAD = ["xlquartier.excel.server.work", "xlquartier.excel.functions", "xlquartier.excel.scripts",
           "xlquartier.checks", "xlquartier.documents.minutes", "xlquartier.documents.agreements"]
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class Refused(UserError):
    """A call the server does not run to the end; ``status`` is its HTTP status for a button."""

    def __init__(self, de: str, en: str, status: int):
        super().__init__(de, en)
        self.status = status


def grouped(value: float, lang: str) -> str:
    """A whole number as an office writes it: 250.000 in German, 250,000 in English."""
    text = f"{value:,.0f}"
    return text if lang == "en" else text.replace(",", ".")


def too_long(seconds: float) -> Refused:
    return Refused(f"Die Berechnung hat länger als {grouped(seconds, 'de')} Sekunden gedauert und wurde "
                   "abgebrochen.",
                   f"The calculation took longer than {grouped(seconds, 'en')} seconds and was stopped.", 504)


def too_much_memory() -> Refused:
    return Refused("Die Berechnung brauchte zu viel Arbeitsspeicher und wurde abgebrochen.",
                   "The calculation needed too much memory and was stopped.", 507)


def busy() -> Refused:
    return Refused("Der Server ist gerade ausgelastet; bitte gleich noch einmal versuchen.",
                   "The server is busy right now; please try again in a moment.", 503)


class Compute:
    def __init__(self, processes: int, memory_mb: int, queue: int):
        self.processes, self.memory_mb, self.queue = processes, memory_mb, queue
        self._pool = None
        self._waiting = 0

    def start(self) -> None:
        """Start the fork server and the processes (in the background: requests may come at once)."""
        import pebble

        for variable in THREAD_VARIABLES:  # one thread each: the processes are the parallelism
            os.environ.setdefault(variable, "1")
        os.environ.setdefault("MPLBACKEND", "Agg")
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self._pool = pebble.ProcessPool(max_workers=self.processes, max_tasks=500, initializer=work.init,
                                        initargs=(self.memory_mb,), context=context)
        for _ in range(self.processes):
            self._pool.schedule(work.ready)

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=10)
            self._pool = None

    async def run(self, function: Callable[..., Any], args: tuple, seconds: float) -> Any:
        """``function(*args)`` in a compute process; ``Refused`` when it runs too long or too big."""
        import pebble

        if self._pool is None:
            raise RuntimeError("the compute processes are not running")
        if self._waiting >= self.queue:
            raise busy()
        self._waiting += 1
        try:
            future = self._pool.schedule(function, args=args, timeout=seconds)
            return await asyncio.wrap_future(future)
        except concurrent.futures.TimeoutError:
            logger.warning("%s stopped after %s s", getattr(function, "__name__", function), seconds)
            raise too_long(seconds) from None
        except (MemoryError, pebble.ProcessExpired):
            logger.warning("%s ran out of memory or its process died", getattr(function, "__name__", function))
            raise too_much_memory() from None
        finally:
            self._waiting -= 1
