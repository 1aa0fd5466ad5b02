"""The gate in front of xlwings Server: size and work limits, the session, early refusal of strangers.

Pure ASGI middleware around xlwings Server's app, so a request over a limit is refused
before xlwings parses or converts a single cell, in one sentence and at once, while the
compute processes stay free for everyone else:

- a request body over ``body_mb``: 413;
- a function call with more than ``cells`` cells, or a duplicate search over more than
  ``names`` names: the sentence as the function's result (it shows in the cell; an HTTP
  error would only show ``#WERT!`` and make Excel retry);
- a button whose workbook holds more than ``cells`` cells: 413 with the sentence (the task
  pane shows it);
- with access tokens, a call without a valid one: 401 before its body is read.

It also reads the task pane's session id (header ``X-XQ-Session``) into ``CURRENT_SESSION``
for the scripts and routes that keep documents per session.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from .auth import not_signed_in, office_for_token
from .compute import grouped
from .config import ServerConfig
from .storage import SESSION

SESSION_HEADER = b"x-xq-session"
CURRENT_SESSION: ContextVar[str | None] = ContextVar("xlquartier_session", default=None)
NAME_SEARCHES = frozenset({"dubletten", "duplicates"})

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _values(value: Any):
    """Every value in nested JSON lists (without recursion: the nesting comes from the request)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            yield item


def cells(value: Any) -> int:
    """How many cells a JSON value holds (nested lists of values)."""
    return sum(1 for _ in _values(value))


def filled(value: Any) -> int:
    """How many cells of a JSON value are not empty."""
    return sum(1 for v in _values(value) if v not in (None, ""))


def too_big(limit_mb: float, lang: str) -> str:
    return (f"The request is too large (at most {grouped(limit_mb, 'en')} MB)." if lang == "en" else
            f"Die Anfrage ist zu groß (höchstens {grouped(limit_mb, 'de')} MB).")


def too_many_cells(count: int, limit: int, lang: str) -> str:
    return (f"Too many cells in one call: {grouped(count, 'en')}, at most {grouped(limit, 'en')}." if lang == "en"
            else f"Zu viele Zellen in einem Aufruf: {grouped(count, 'de')}, höchstens {grouped(limit, 'de')}.")


def too_many_names(count: int, limit: int, lang: str) -> str:
    return (f"Too many names for one duplicate search: {grouped(count, 'en')}, at most {grouped(limit, 'en')}."
            if lang == "en" else
            f"Zu viele Namen für eine Dublettensuche: {grouped(count, 'de')}, höchstens {grouped(limit, 'de')}.")


def not_json(lang: str) -> str:
    return "The request is not valid JSON." if lang == "en" else "Die Anfrage ist kein gültiges JSON."


def function_problem(data: Any, config: ServerConfig) -> str | None:
    """Why a custom-functions call must not run, or None."""
    lang, limits = config.lang, config.limits
    if not isinstance(data, dict) or not isinstance(data.get("args"), list):
        return None  # xlwings Server answers malformed calls itself
    count = cells(data["args"])
    if count > limits.cells:
        return too_many_cells(count, limits.cells, lang)
    if str(data.get("func_name", "")).lower() in NAME_SEARCHES and data["args"]:
        names = filled(data["args"][0])
        if names > limits.names:
            return too_many_names(names, limits.names, lang)
    return None


def script_problem(data: Any, config: ServerConfig) -> str | None:
    """Why a custom-scripts call (a button with the workbook's values) must not run, or None."""
    if not isinstance(data, dict) or not isinstance(data.get("sheets"), list):
        return None
    count = sum(cells(s.get("values", [])) for s in data["sheets"] if isinstance(s, dict))
    if count > config.limits.cells:
        return too_many_cells(count, config.limits.cells, config.lang)
    return None


async def _answer(send: Send, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})


def _timed(send: Send) -> Send:
    """``send`` with a ``Server-Timing`` header: the server's own time for the request (benchmarks, IT)."""
    started = time.perf_counter()

    async def timed(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            took = (time.perf_counter() - started) * 1000
            message = {**message, "headers": [*message.get("headers", ()), (b"server-timing",
                                                                            f"app;dur={took:.1f}".encode())]}
        await send(message)

    return timed


class Guard:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], config: ServerConfig):
        self.app, self.config = app, config
        prefix = config.public_url.prefix
        self.function_call = prefix + "/xlwings/custom-functions-call"
        self.script_call = prefix + "/xlwings/custom-scripts-call/"
        self.max_body = int(config.limits.body_mb * 2**20)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _timed(send)
        headers = dict(scope.get("headers") or ())
        session = headers.get(SESSION_HEADER, b"").decode("latin-1")
        CURRENT_SESSION.set(session if SESSION.fullmatch(session) else None)
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        lang = self.config.lang
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            await _answer(send, 413, {"detail": too_big(self.config.limits.body_mb, lang)})
            return
        path = scope["path"]
        is_function, is_script = path == self.function_call, path.startswith(self.script_call)
        if (is_function or is_script) and self.config.offices and office_for_token(
                headers.get(b"authorization", b"").decode("latin-1"), self.config) is None:
            await _answer(send, 401, {"detail": not_signed_in(lang)})
            return
        body = await self._body(receive)
        if body is None:
            await _answer(send, 413, {"detail": too_big(self.config.limits.body_mb, lang)})
            return
        if is_function or is_script:
            try:
                data = json.loads(body) if body else None
            except (ValueError, RecursionError):
                await _answer(send, 400, {"detail": not_json(lang)})
                return
            if is_function and (problem := function_problem(data, self.config)):
                await _answer(send, 200, {"result": [[problem]]})
                return
            if is_script and (problem := script_problem(data, self.config)):
                await _answer(send, 413, {"detail": problem})
                return
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _body(self, receive: Receive) -> bytes | None:
        """The whole request body, or None once it grows over the limit (whatever Content-Length said)."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)
