"""Ecommerce v1 orders: create, list, get, pay (with tip, split) and returns.

Orders made elsewhere (atomic, v3, seeded register sales) render here too: their v1
items are derived from the line items (see ``views_v1.derive_v1_items``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import order_state, orders_v1, views_v1
from ..auth import require_bearer, state_of
from ..idempotency import MoneyCall, money_endpoint
from ..jsonutil import read_json, respond
from ..listing import parse_v1_list, v1_envelope, v1_page


async def create_order(request: Request) -> Response:
    merchant = require_bearer(request)
    body = await read_json(request)
    state = state_of(request)
    with state.db.tx():
        row = orders_v1.create_order_v1(state.db, merchant.id, body, now_ms=state.clock.now_ms())
        result = views_v1.render_order_v1(state.db, row)
    return respond(result)


async def list_orders(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    params = parse_v1_list(request)
    clauses = ["deleted_ms IS NULL"]
    args: list[Any] = []
    query = request.query_params
    if query.get("customer"):
        clauses.append("customer_id = ?")
        args.append(query["customer"])
    if query.get("status"):
        clauses.append(f"{order_state.V1_STATUS_SQL} = ?")
        args.append(query["status"])
    ids = [i for name in ("ids[]", "ids") for raw in query.getlist(name) for i in raw.split(",")]
    ids = [i.strip() for i in ids if i.strip()]
    if ids:
        clauses.append(f"id IN ({','.join('?' for _ in ids)})")
        args.extend(ids)
    rows, has_more = v1_page(db, "orders", merchant.id, params, " AND ".join(clauses), args)
    data = [views_v1.render_order_v1(db, row) for row in rows]
    return respond(v1_envelope("/v1/orders", data, has_more))


async def get_order(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    row = orders_v1.require_order(db, merchant.id, request.path_params["orderId"])
    return respond(views_v1.render_order_v1(db, row))


def _on_order(
    operation: Callable[..., dict[str, Any]],
) -> Callable[[MoneyCall], dict[str, Any]]:
    """A money-moving call on the order in the path (pay, returns)."""

    def run(call: MoneyCall) -> dict[str, Any]:
        return operation(
            call.db,
            call.merchant_id,
            call.path["orderId"],
            call.body,
            now_ms=call.now_ms,
            idempotency_key=call.key,
        )

    return run


def routes() -> list[BaseRoute]:
    return [
        Route("/v1/orders", create_order, methods=["POST"]),
        Route("/v1/orders", list_orders, methods=["GET"]),
        Route("/v1/orders/{orderId}", get_order, methods=["GET"]),
        Route(
            "/v1/orders/{orderId}/pay",
            money_endpoint(_on_order(orders_v1.pay_order)),
            methods=["POST"],
        ),
        Route(
            "/v1/orders/{orderId}/returns",
            money_endpoint(_on_order(orders_v1.return_order)),
            methods=["POST"],
        ),
    ]
