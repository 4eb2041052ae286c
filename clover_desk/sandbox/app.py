"""The sandbox's ASGI application: every Clover path on one origin."""

from __future__ import annotations

import logging
from dataclasses import asdict

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from .endpoints import (
    admin,
    atomic_orders,
    charges,
    customers_v1,
    customers_v3,
    exports,
    gift_cards,
    inventory,
    oauth,
    orders_v1,
    orders_v3,
    payments_v3,
    recurring,
    refunds,
    tokens,
)
from .errors import SandboxError, status_line
from .middleware import (
    DroppedConnection,
    FaultsMiddleware,
    LimitsMiddleware,
    TrailingSlashMiddleware,
)
from .state import Limits, SandboxState

log = logging.getLogger(__name__)

ENDPOINT_MODULES = (
    admin,
    oauth,
    tokens,
    charges,
    refunds,
    orders_v1,
    customers_v1,
    gift_cards,
    orders_v3,
    payments_v3,
    customers_v3,
    inventory,
    atomic_orders,
    recurring,
    exports,
)


async def _sandbox_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SandboxError)
    return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, DroppedConnection | ClientDisconnect):
        # A fault we injected on purpose, or a client gone before its body was read:
        # there is no one to answer, and nothing happened.
        return Response(status_code=500)
    log.exception("sandbox handler failed: %s %s", request.method, request.url.path)
    body = {
        "message": status_line(500),
        "error": {"type": "api_error", "code": "processing_error", "message": str(exc)},
    }
    return JSONResponse(body, status_code=500)


def create_app(state: SandboxState) -> Starlette:
    routes: list[BaseRoute] = [route for module in ENDPOINT_MODULES for route in module.routes()]
    app = Starlette(
        routes=routes,
        exception_handlers={SandboxError: _sandbox_error, Exception: _unexpected_error},
    )
    app.state.sandbox = state
    app.state.initial_limits = Limits(**asdict(state.limits))
    app.add_middleware(FaultsMiddleware, state=state)
    app.add_middleware(LimitsMiddleware, state=state)
    app.add_middleware(TrailingSlashMiddleware)
    return app
