"""Ecommerce charges: ``/v1/charges`` (create, list, get, capture).

Domain rules live in :mod:`clover_desk.sandbox.charges`; every money-moving POST
goes through ``idempotency.run_money_moving``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import charges, views_v1
from ..auth import require_bearer, state_of
from ..errors import v1_missing
from ..idempotency import MoneyCall, money_endpoint
from ..jsonutil import respond
from ..listing import parse_v1_list, v1_envelope, v1_page


def _create_charge(call: MoneyCall) -> dict[str, Any]:
    row = charges.create_charge(
        call.db, call.merchant_id, call.body, now_ms=call.now_ms, idempotency_key=call.key
    )
    return views_v1.render_charge(call.db, row)


async def list_charges(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    params = parse_v1_list(request)
    where, args = "1 = 1", []
    customer = request.query_params.get("customer")
    if customer:
        where, args = "customer_id = ?", [customer]
    rows, has_more = v1_page(db, "charges", merchant.id, params, where, args)
    data = [views_v1.render_charge(db, row) for row in rows]
    return respond(v1_envelope("/v1/charges", data, has_more))


async def get_charge(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    charge_id = request.path_params["chargeId"]
    row = charges.charge_row(db, merchant.id, charge_id)
    if row is None:
        raise v1_missing("charge", charge_id)
    return respond(views_v1.render_charge(db, row))


def _capture_charge(call: MoneyCall) -> dict[str, Any]:
    row = charges.capture_charge(
        call.db, call.merchant_id, call.path["chargeId"], call.body, now_ms=call.now_ms
    )
    return views_v1.render_charge(call.db, row)


def routes() -> list[BaseRoute]:
    return [
        Route("/v1/charges", money_endpoint(_create_charge), methods=["POST"]),
        Route("/v1/charges", list_charges, methods=["GET"]),
        Route("/v1/charges/{chargeId}", get_charge, methods=["GET"]),
        Route("/v1/charges/{chargeId}/capture", money_endpoint(_capture_charge), methods=["POST"]),
    ]
