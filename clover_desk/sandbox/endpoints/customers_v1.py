"""Ecommerce card-on-file customers: create, update, revoke a saved source.

``GET /v1/customers`` is not documented by Clover (reads go through v3), so it is not
served here.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import customers, views_v1
from ..auth import require_bearer, state_of
from ..jsonutil import read_json, respond


async def create_customer(request: Request) -> Response:
    merchant = require_bearer(request)
    body = await read_json(request)
    state = state_of(request)
    with state.db.tx():
        row = customers.create_customer(state.db, merchant.id, body, now_ms=state.clock.now_ms())
        result = views_v1.render_customer_v1(state.db, row)
    return respond(result)


async def update_customer(request: Request) -> Response:
    merchant = require_bearer(request)
    body = await read_json(request)
    state = state_of(request)
    with state.db.tx():
        row = customers.update_customer(
            state.db,
            merchant.id,
            request.path_params["customerId"],
            body,
            now_ms=state.clock.now_ms(),
        )
        result = views_v1.render_customer_v1(state.db, row)
    return respond(result)


async def revoke_source(request: Request) -> Response:
    merchant = require_bearer(request)
    state = state_of(request)
    with state.db.tx():
        result = customers.revoke_source(
            state.db,
            merchant.id,
            request.path_params["customerId"],
            request.path_params["sourceId"],
            now_ms=state.clock.now_ms(),
        )
    return respond(result)


def routes() -> list[BaseRoute]:
    return [
        Route("/v1/customers", create_customer, methods=["POST"]),
        Route("/v1/customers/{customerId}", update_customer, methods=["PUT"]),
        Route("/v1/customers/{customerId}/sources/{sourceId}", revoke_source, methods=["DELETE"]),
    ]
