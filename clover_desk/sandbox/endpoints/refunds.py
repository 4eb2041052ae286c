"""Ecommerce refunds: ``/v1/refunds`` (create, list, get) and gift-card refund voids."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import refunds, views_v1
from ..auth import require_bearer, state_of
from ..errors import v1_missing
from ..idempotency import MoneyCall, money_endpoint
from ..jsonutil import respond
from ..listing import parse_v1_list, v1_envelope, v1_page


def _create_refund(call: MoneyCall) -> dict[str, Any]:
    row = refunds.create_refund(
        call.db, call.merchant_id, call.body, now_ms=call.now_ms, idempotency_key=call.key
    )
    return views_v1.render_refund(call.db, row)


async def list_refunds(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    params = parse_v1_list(request)
    where, args = "1 = 1", []
    charge = request.query_params.get("charge")
    if charge:
        where, args = "charge_id = ?", [charge]
    rows, has_more = v1_page(db, "refunds", merchant.id, params, where, args)
    data = [views_v1.render_refund(db, row) for row in rows]
    return respond(v1_envelope("/v1/refunds", data, has_more))


async def get_refund(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    refund_id = request.path_params["refundId"]
    row = refunds.refund_row(db, merchant.id, refund_id)
    if row is None:
        raise v1_missing("refund", refund_id)
    return respond(views_v1.render_refund(db, row))


def _cancel_refund(call: MoneyCall) -> dict[str, Any]:
    return refunds.cancel_refund(
        call.db, call.merchant_id, call.path["refundId"], call.body, now_ms=call.now_ms
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/v1/refunds", money_endpoint(_create_refund), methods=["POST"]),
        Route("/v1/refunds", list_refunds, methods=["GET"]),
        Route("/v1/refunds/{refundId}", get_refund, methods=["GET"]),
        Route("/v1/refunds/{refundId}/cancel", money_endpoint(_cancel_refund), methods=["POST"]),
    ]
