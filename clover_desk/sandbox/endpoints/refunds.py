"""Ecommerce refunds: ``/v1/refunds`` (create, list, get) and gift-card refund voids."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import payments
from ..auth import require_bearer, state_of
from ..errors import v1_missing
from ..idempotency import run_money_moving
from ..jsonutil import read_json, respond
from ..listing import parse_v1_list, v1_envelope, v1_page


async def create_refund(request: Request) -> Response:
    merchant = require_bearer(request)
    body = await read_json(request)
    state = state_of(request)

    def effect(key: str | None) -> tuple[int, dict[str, Any]]:
        row = payments.create_refund(
            state.db, merchant.id, body, now_ms=state.clock.now_ms(), idempotency_key=key
        )
        return 200, payments.render_refund(state.db, row)

    return run_money_moving(request, merchant, body, effect)


async def list_refunds(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    params = parse_v1_list(request)
    where, args = "1 = 1", []
    charge = request.query_params.get("charge")
    if charge:
        where, args = "charge_id = ?", [charge]
    rows, has_more = v1_page(db, "refunds", merchant.id, params, where, args)
    data = [payments.render_refund(db, row) for row in rows]
    return respond(v1_envelope("/v1/refunds", data, has_more))


async def get_refund(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    refund_id = request.path_params["refundId"]
    row = payments.refund_row(db, merchant.id, refund_id)
    if row is None:
        raise v1_missing("refund", refund_id)
    return respond(payments.render_refund(db, row))


async def cancel_refund(request: Request) -> Response:
    merchant = require_bearer(request)
    body = await read_json(request)
    state = state_of(request)
    refund_id = request.path_params["refundId"]

    def effect(key: str | None) -> tuple[int, dict[str, Any]]:
        result = payments.cancel_refund(
            state.db, merchant.id, refund_id, body, now_ms=state.clock.now_ms()
        )
        return 200, result

    return run_money_moving(request, merchant, body, effect)


def routes() -> list[BaseRoute]:
    return [
        Route("/v1/refunds", create_refund, methods=["POST"]),
        Route("/v1/refunds", list_refunds, methods=["GET"]),
        Route("/v1/refunds/{refundId}", get_refund, methods=["GET"]),
        Route("/v1/refunds/{refundId}/cancel", cancel_refund, methods=["POST"]),
    ]
