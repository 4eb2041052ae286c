"""Helpers of the Clover client's tests (imported by tests/api modules and conftest)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from clover_desk.api import CloverClient, Profile, RetryPolicy

#: ``make_client(info, **CloverClient_kwargs)`` (see tests/api/conftest.py)
ClientFactory = Callable[..., CloverClient]


class PinnedRetry(RetryPolicy):
    """Backoff without randomness, and short, so tests are fast and repeatable."""

    def jitter(self, delay: float) -> float:
        """No jitter. Override RetryPolicy::jitter."""
        return delay


def fast_retry(max_attempts: int = 4) -> PinnedRetry:
    """A retry policy with millisecond backoff."""
    return PinnedRetry(max_attempts=max_attempts, base=0.005, cap=0.02)


def profile_for(info: dict[str, Any], **kw: Any) -> Profile:
    """A training profile pointing at a sandbox (or any loopback server)."""
    return Profile(
        name=kw.pop("name", "test"),
        merchant_id=info["merchant_id"],
        training_url=info["base_url"],
        **kw,
    )


def admin_post(info: dict[str, Any], path: str, payload: dict[str, Any]) -> Any:
    """POST to the sandbox's admin API (sync; loopback)."""
    response = httpx.post(f"{info['admin_url']}{path}", json=payload, timeout=10)
    response.raise_for_status()
    return response.json() if response.content else None


def admin_get(info: dict[str, Any], path: str) -> Any:
    """GET from the sandbox's admin API."""
    response = httpx.get(f"{info['admin_url']}{path}", timeout=10)
    response.raise_for_status()
    return response.json()


def admin_delete(info: dict[str, Any], path: str) -> None:
    """DELETE on the sandbox's admin API."""
    httpx.delete(f"{info['admin_url']}{path}", timeout=10).raise_for_status()


@dataclass
class RawRequest:
    """One request as the raw server saw it."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def json(self) -> Any:
        import json

        return json.loads(self.body)


#: status, headers, body -- or None to drop the connection without answering
RawReply = tuple[int, dict[str, str], bytes] | None
RawHandler = Callable[[RawRequest], Awaitable[RawReply]]


class RawServer:
    """A minimal HTTP/1.1 server on 127.0.0.1 for faults a real app cannot stage.

    It runs on the test's own event loop; the handler may sleep (time-outs), answer, or
    return ``None`` to drop the connection after reading the request ("commit then drop").
    """

    def __init__(self, handler: RawHandler) -> None:
        self.handler = handler
        self.requests: list[RawRequest] = []
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.url = ""

    async def start(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        for writer in list(self._writers):
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()
        if self._server is not None:
            await self._server.wait_closed()

    @property
    def info(self) -> dict[str, Any]:
        """Looks like a sandbox's ``info`` to the client fixtures."""
        return {
            "base_url": self.url,
            "merchant_id": "MERCHANT00001",
            "api_token": "raw-api-token-0001",
            "ecommerce_private_token": "raw-private-token-0001",
            "pakms_key": "raw-pakms-key-0001",
        }

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while True:
                    raw = await reader.readline()
                    if raw in (b"\r\n", b""):
                        break
                    key, value = raw.decode("latin-1").split(":", 1)
                    headers[key.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                body = await reader.readexactly(length) if length else b""
                request = RawRequest(method, target, headers, body)
                self.requests.append(request)
                reply = await self.handler(request)
                if reply is None:
                    writer.transport.abort()
                    return
                status, reply_headers, content = reply
                head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(content)}"]
                head += [f"{k}: {v}" for k, v in reply_headers.items()]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + content)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return
        finally:
            self._writers.discard(writer)
            writer.close()


def json_reply(status: int, obj: Any, **headers: str) -> RawReply:
    """A JSON reply for :class:`RawServer` handlers."""
    import json

    return status, {"Content-Type": "application/json", **headers}, json.dumps(obj).encode()


def charge_json(charge_id: str = "CHG0000000001", amount: int = 1000) -> dict[str, Any]:
    """A well-formed charge body."""
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_refunded": 0,
        "currency": "usd",
        "created": 1700000000000,
        "captured": True,
        "paid": True,
        "status": "succeeded",
    }
