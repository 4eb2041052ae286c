"""Helpers of the Clover client's tests (imported by tests/api modules and conftest)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp

from clover_desk.api import Profile, RetryPolicy


class PinnedRetry(RetryPolicy):
    """Backoff without randomness, and short, so tests are fast and repeatable."""

    def jitter(self, delay: float) -> float:
        """No jitter. Override RetryPolicy::jitter."""
        return delay


def fast_retry(max_attempts: int = 4) -> PinnedRetry:
    """A retry policy with millisecond backoff."""
    return PinnedRetry(max_attempts=max_attempts, base=0.005, cap=0.02)


class LoopbackServer:
    """Run an ASGI app with uvicorn on 127.0.0.1, an ephemeral port, on a thread."""

    def __init__(self, app: ASGIApp) -> None:
        # proto=IPPROTO_TCP so asyncio turns Nagle off on accepted sockets.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("loopback server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


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


async def gather_all(*aws: Any) -> list[Any]:
    """``asyncio.gather`` that returns exceptions instead of raising the first."""
    return list(await asyncio.gather(*aws, return_exceptions=True))
