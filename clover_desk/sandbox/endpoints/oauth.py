"""OAuth v2 expiring tokens: ``POST /oauth/v2/refresh`` (README §Authentication).

Refresh tokens are single use: spending one issues a new pair and the old refresh
token is refused from then on. Expirations are epoch *seconds*, unlike other times.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..auth import state_of
from ..errors import SandboxError, unauthorized
from ..ids import new_secret
from ..jsonutil import read_json
from ..state import SandboxState

DEFAULT_ACCESS_TTL_S = 3600
DEFAULT_REFRESH_TTL_S = 30 * 24 * 3600


def issue_oauth_pair(
    state: SandboxState, merchant_id: str, access_ttl_s: int, refresh_ttl_s: int
) -> dict[str, Any]:
    now = state.clock.now_ms()
    access, refresh = new_secret(), new_secret()
    access_expires = now + access_ttl_s * 1000
    refresh_expires = now + refresh_ttl_s * 1000
    with state.db.tx():
        for token, kind, expires in (
            (access, "oauth_access", access_expires),
            (refresh, "oauth_refresh", refresh_expires),
        ):
            state.db.insert(
                "credentials",
                {
                    "token": token,
                    "merchant_id": merchant_id,
                    "kind": kind,
                    "created_ms": now,
                    "expires_ms": expires,
                },
            )
    return {
        "access_token": access,
        "access_token_expiration": access_expires // 1000,
        "refresh_token": refresh,
        "refresh_token_expiration": refresh_expires // 1000,
    }


async def refresh(request: Request) -> JSONResponse:
    state = state_of(request)
    body = await read_json(request, v3=True)
    token = body.get("refresh_token")
    if not isinstance(token, str) or not body.get("client_id"):
        raise SandboxError(400, {"message": "client_id and refresh_token are required"})
    now = state.clock.now_ms()
    with state.db.tx():
        row = state.db.one(
            "SELECT merchant_id, expires_ms, used FROM credentials "
            "WHERE token = ? AND kind = 'oauth_refresh'",
            (token,),
        )
        if row is None or row["used"] or (row["expires_ms"] or 0) <= now:
            raise unauthorized()
        state.db.execute("UPDATE credentials SET used = 1 WHERE token = ?", (token,))
        pair = issue_oauth_pair(
            state, row["merchant_id"], DEFAULT_ACCESS_TTL_S, DEFAULT_REFRESH_TTL_S
        )
    return JSONResponse(pair)


def routes() -> list[BaseRoute]:
    return [Route("/oauth/v2/refresh", refresh, methods=["POST"])]
