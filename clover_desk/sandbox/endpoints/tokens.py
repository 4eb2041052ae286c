"""PAKMS key (``GET /pakms/apikey``) and tokenization (``POST /v1/tokens``).

tokens.md: the PAKMS key is read with a Bearer token and never expires; ``/v1/tokens``
takes the key (or the Ecommerce public key) in an ``apikey`` header and turns a card,
gift card or bank account into a single-use ``clv_`` token. No card number or CVV is
stored: the token row keeps brand, first6/last4, expiry and whether it will decline.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import tokens
from ..auth import require_apikey, require_bearer, state_of
from ..errors import unauthorized
from ..jsonutil import read_json, respond


async def pakms_apikey(request: Request) -> Response:
    merchant = require_bearer(request)
    db = state_of(request).db
    row = db.one(
        "SELECT token, created_ms FROM credentials WHERE merchant_id = ? AND kind = 'pakms' "
        "ORDER BY created_ms, rowid LIMIT 1",
        (merchant.id,),
    )
    if row is None:
        raise unauthorized()
    return respond(
        {
            "active": True,
            "apiAccessKey": row["token"],
            "createdTime": row["created_ms"],
            "modifiedTime": row["created_ms"],
            "developerAppUuid": merchant.developer_app_id,
            "merchantUuid": merchant.id,
        }
    )


async def create_token(request: Request) -> Response:
    merchant = require_apikey(request)
    body = await read_json(request)
    state = state_of(request)
    with state.db.tx():
        result = tokens.create_token(state.db, merchant.id, body, state.clock.now_ms())
    return respond(result)


def routes() -> list[BaseRoute]:
    return [
        Route("/pakms/apikey", pakms_apikey, methods=["GET"]),
        Route("/v1/tokens", create_token, methods=["POST"]),
    ]
