"""Fixtures of the Clover client's tests.

Clients talk to real servers over loopback: the training sandbox (from
``tests/conftest.py``) or, for faults the sandbox cannot stage on demand, a tiny
raw HTTP server started here (:class:`apihelp.RawServer`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest_asyncio
from apihelp import ClientFactory, RawHandler, RawServer, fast_retry, profile_for

from clover_desk.api import CloverClient, Limits, Profile
from clover_desk.sandbox import RunningSandbox


@pytest_asyncio.fixture
async def make_client() -> AsyncIterator[ClientFactory]:
    """Build clients for a sandbox's ``info`` (closed at the end of the test).

    ``make_client(info, limits=..., retry=..., http_transport=..., **client_kwargs)``;
    tokens come from ``info`` unless given.
    """
    clients: list[CloverClient] = []

    def make(info: dict[str, Any], *, profile: Profile | None = None, **kw: Any) -> CloverClient:
        kw.setdefault("api_token", info.get("api_token"))
        kw.setdefault("ecommerce_token", info.get("ecommerce_private_token"))
        kw.setdefault("pakms_key", info.get("pakms_key"))
        kw.setdefault("retry", fast_retry())
        kw.setdefault("limits", Limits(rate_per_s=10_000, max_concurrent=100))
        client = CloverClient(profile or profile_for(info), **kw)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest_asyncio.fixture
async def client(sandbox: RunningSandbox, make_client: ClientFactory) -> CloverClient:
    """A client for the function-scoped empty sandbox, with generous limits."""
    return make_client(sandbox.info)


@pytest_asyncio.fixture
async def raw_server() -> AsyncIterator[Callable[[RawHandler], Awaitable[RawServer]]]:
    """Start :class:`apihelp.RawServer`s on loopback for one test."""
    servers: list[RawServer] = []

    async def start(handler: RawHandler) -> RawServer:
        server = await RawServer(handler).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.stop()
