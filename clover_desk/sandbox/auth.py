"""Who is calling: Bearer tokens, ``apikey`` headers and merchant scoping."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from .errors import unauthorized, v3_error
from .state import SandboxState

BEARER_KINDS = ("api", "private", "oauth_access")
APIKEY_KINDS = ("pakms", "public")


@dataclass(frozen=True)
class Merchant:
    id: str
    name: str
    currency: str
    developer_app_id: str


def state_of(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def caller_token(request: Request) -> str | None:
    """The credential a request presents (Bearer or apikey), for rate limiting."""
    return bearer_token(request) or request.headers.get("apikey") or None


def _merchant_for(state: SandboxState, token: str | None, kinds: tuple[str, ...]) -> Merchant:
    if not token:
        raise unauthorized()
    placeholders = ",".join("?" for _ in kinds)
    sql = (
        "SELECT m.id, m.name, m.currency, m.developer_app_id, c.expires_ms "  # noqa: S608 - only placeholders are interpolated
        "FROM credentials c JOIN merchants m ON m.id = c.merchant_id "
        f"WHERE c.token = ? AND c.kind IN ({placeholders})"
    )
    row = state.db.one(sql, (token, *kinds))
    if row is None:
        raise unauthorized()
    if row["expires_ms"] is not None and row["expires_ms"] <= state.clock.now_ms():
        raise unauthorized()
    return Merchant(row["id"], row["name"], row["currency"], row["developer_app_id"])


def require_bearer(request: Request) -> Merchant:
    """The merchant behind ``Authorization: Bearer``; 401 otherwise."""
    return _merchant_for(state_of(request), bearer_token(request), BEARER_KINDS)


def require_apikey(request: Request) -> Merchant:
    """The merchant behind the ``apikey`` header (tokenization); 401 otherwise."""
    return _merchant_for(state_of(request), request.headers.get("apikey"), APIKEY_KINDS)


def require_v3_merchant(request: Request) -> Merchant:
    """Bearer auth plus the path's ``{mId}`` naming the token's own merchant."""
    merchant = require_bearer(request)
    if request.path_params.get("mId") != merchant.id:
        raise unauthorized()
    return merchant


def require_recurring_merchant(request: Request) -> Merchant:
    """Bearer auth plus ``X-Clover-Merchant-Id`` (required on every recurring call)."""
    merchant = require_bearer(request)
    header = request.headers.get("x-clover-merchant-id")
    if not header:
        raise v3_error(400, "X-Clover-Merchant-Id header is required")
    if header != merchant.id:
        raise unauthorized()
    return merchant
