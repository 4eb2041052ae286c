"""Clover gift cards on the Ecommerce host: activate, balance inquiry, reload, cashout.

Redemption, locks, captures, refunds and voids go through ``/v1/charges`` and
``/v1/refunds`` (see ``gift_cards``, ``charges`` and ``refunds``). A virtual card is
activated without a ``source`` by sending ``virtual_promo_code`` [emulator choice: the
reference does not name the field]; its new number is returned in ``gift_card.number``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import gift_cards
from ..auth import require_bearer, state_of
from ..idempotency import MoneyCall, money_endpoint
from ..jsonutil import read_json, respond


def _gift_operation(
    operation: Callable[..., dict[str, Any]],
) -> Callable[[MoneyCall], dict[str, Any]]:
    def run(call: MoneyCall) -> dict[str, Any]:
        return operation(call.db, call.merchant_id, call.body, now_ms=call.now_ms)

    return run


async def balance_inquiry(request: Request) -> Response:
    merchant = require_bearer(request)
    body = await read_json(request)
    state = state_of(request)
    with state.db.tx():
        result = gift_cards.gift_balance(state.db, merchant.id, body, now_ms=state.clock.now_ms())
    return respond(result)


def routes() -> list[BaseRoute]:
    return [
        Route(
            "/v1/activate",
            money_endpoint(_gift_operation(gift_cards.activate_gift_card)),
            methods=["POST"],
        ),
        Route("/v1/balance_inquiry", balance_inquiry, methods=["POST"]),
        Route(
            "/v1/reload",
            money_endpoint(_gift_operation(gift_cards.reload_gift_card)),
            methods=["POST"],
        ),
        Route(
            "/v1/cashout",
            money_endpoint(_gift_operation(gift_cards.cashout_gift_card)),
            methods=["POST"],
        ),
    ]
