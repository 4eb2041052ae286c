"""ASGI middleware around the API: Clover's per-token limits, then injected faults.

Order matters. The limiter is outermost, so an injected latency keeps its request "in
flight" against the concurrency limit, as a slow Clover would; faults sit inside it,
so an injected 429 is told apart from a real limit breach in ``/_sandbox/stats``.
Admin paths (``/_sandbox/...``) and export files bypass both.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import re
import time
from collections import deque
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import status_line
from .state import SandboxState

UNLIMITED_PREFIXES = ("/_sandbox/", "/_exports/")


class DroppedConnection(Exception):
    """Raised after the response has started, so uvicorn cuts the connection mid-reply."""


class _QuietDrops(logging.Filter):
    """Keep uvicorn from logging a traceback for every connection dropped on purpose.

    That is ours (an injected drop) or the client's: a client that went away before
    its request was read (a killed app) is something Clover sees daily, not a failure.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnection | ClientDisconnect)


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


def _token_of(scope: Scope) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
        elif lowered == b"apikey":
            return value.decode("latin-1") or None
    return None


def _exempt(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    return scope["type"] != "http" or path.startswith(UNLIMITED_PREFIXES)


async def _send_json(send: Send, status: int, body: Any, headers: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


def rate_limit_body() -> dict[str, Any]:
    return {
        "message": status_line(429),
        "error": {"type": "rate_limit_error", "code": "rate_limit", "message": "Too many requests"},
    }


async def _drop(send: Send) -> None:
    """Start a reply, then cut the connection: the client sees a broken response."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")],
        }
    )
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise DroppedConnection


class LimitsMiddleware:
    """429 past ``rate_limit_per_s`` requests in any second or ``max_concurrent`` in flight."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state
        self._accepted: dict[str, deque[float]] = {}
        self._in_flight: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = None if _exempt(scope) else _token_of(scope)
        if token is None:
            await self.app(scope, receive, send)
            return
        limits = self.state.limits
        stats = self.state.token_stats(token)
        now = time.monotonic()
        window = self._accepted.setdefault(token, deque())
        while window and window[0] <= now - 1.0:
            window.popleft()
        in_flight = self._in_flight.get(token, 0)
        if in_flight >= limits.max_concurrent:
            stats.rejected_concurrency += 1
            await _send_json(
                send,
                429,
                rate_limit_body(),
                {
                    "retry-after": "1",
                    "X-RateLimit-tokenConcurrentLimit": str(limits.max_concurrent),
                },
            )
            return
        if len(window) >= limits.rate_limit_per_s:
            stats.rejected_rate += 1
            wait = max(1, math.ceil(window[0] + 1.0 - now))
            await _send_json(
                send,
                429,
                rate_limit_body(),
                {"retry-after": str(wait), "X-RateLimit-tokenLimit": str(limits.rate_limit_per_s)},
            )
            return
        window.append(now)
        stats.requests += 1
        self._in_flight[token] = in_flight + 1
        stats.max_in_flight = max(stats.max_in_flight, in_flight + 1)
        try:
            await self.app(scope, receive, send)
        finally:
            self._in_flight[token] -= 1


class FaultsMiddleware:
    """Latency, held requests, injected error statuses, resets, and commit-then-drop."""

    def __init__(self, app: ASGIApp, state: SandboxState, rng: random.Random | None = None) -> None:
        self.app = app
        self.state = state
        self.rng = rng or random.Random()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        faults = self.state.faults
        if (
            _exempt(scope)
            or (faults.path_regex is not None and not re.search(faults.path_regex, scope["path"]))
            or (faults.method is not None and faults.method.upper() != scope["method"])
        ):
            await self.app(scope, receive, send)
            return
        if faults.latency_ms > 0:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.hold == "before":
            await self.state.faults_cleared.wait()
        elif faults.hold == "after":
            await self._run_then_hold(scope, receive, send)
            return
        if faults.reset_rate and self.rng.random() < faults.reset_rate:
            await _drop(send)
        if faults.error_rate and self.rng.random() < faults.error_rate:
            token = _token_of(scope)
            if token is not None:
                self.state.token_stats(token).injected_errors += 1
            await self._send_injected_error(send, faults.error_status)
            return
        if faults.drop_after_commit_rate and self.rng.random() < faults.drop_after_commit_rate:
            await self._run_then_drop(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _send_injected_error(self, send: Send, status: int) -> None:
        if status == 429:
            await _send_json(send, 429, rate_limit_body(), {"retry-after": "1"})
            return
        body = {
            "message": status_line(status),
            "error": {"type": "api_error", "code": "processing_error", "message": "Injected fault"},
        }
        await _send_json(send, status, body, {})

    async def _run_then_hold(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the handler commit its effect, and keep its reply until faults are cleared."""
        reply: list[Message] = []

        async def keep(message: Message) -> None:
            reply.append(message)

        cleared = self.state.faults_cleared
        await self.app(scope, receive, keep)
        await cleared.wait()
        for message in reply:
            await send(message)

    async def _run_then_drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the handler commit its effect, swallow its reply, and break the connection."""

        async def discard(message: Message) -> None:
            return None

        await self.app(scope, receive, discard)
        await _drop(send)


class TrailingSlashMiddleware:
    """Serve ``/v3/merchants/{mId}/orders/`` like ``.../orders`` (clients send both)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if len(path) > 1 and path.endswith("/"):
                scope = dict(scope)
                scope["path"] = path.rstrip("/") or "/"
                scope["raw_path"] = scope["path"].encode()
        await self.app(scope, receive, send)
