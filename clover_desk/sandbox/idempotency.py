"""Exactly-once money movement: the ``idempotency-key`` header.

[emulator choice, ecommerce.md §Idempotency] A key is remembered per merchant with a
hash of the request and the response it produced. The same key with the same request
replays the stored response with no second effect; the same key with a different
request is ``400 idempotency_error``. The record is written in the same transaction
as the effect, so a response lost on the wire (a "commit then drop" fault) still
leaves a record for the retry to find. A call without a key is accepted, as Clover's
own SDK sends none, and the charge or refund it makes is stored with a NULL key so the
ledger shows it was unprotected.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from .auth import Merchant, require_bearer, state_of
from .db import Database, dumps
from .errors import SandboxError, v1_error
from .jsonutil import compact, read_json

#: Produces (status, body) and may raise SandboxError after writing rows (a decline
#: records the failed charge and still answers 400).
Effect = Callable[[str | None], tuple[int, dict[str, Any]]]


def request_hash(method: str, path: str, body: dict[str, Any]) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key", "").strip()
    return key or None


def run_money_moving(
    request: Request, merchant: Merchant, body: dict[str, Any], effect: Effect
) -> JSONResponse:
    """Run ``effect(key)`` at most once per idempotency key; replay otherwise."""
    state = state_of(request)
    db = state.db
    key = idempotency_key(request)
    digest = request_hash(request.method, request.url.path, body)
    with db.tx():
        if key is not None:
            stored = db.one(
                "SELECT request_hash, status_code, response FROM idempotency "
                "WHERE merchant_id = ? AND key = ?",
                (merchant.id, key),
            )
            if stored is not None:
                if stored["request_hash"] != digest:
                    raise v1_error(
                        400,
                        "idempotency_error",
                        "idempotency_key_reused",
                        "Keys for idempotent requests can only be used with the same "
                        "parameters they were first used with.",
                    )
                return JSONResponse(
                    json.loads(stored["response"]),
                    status_code=stored["status_code"],
                    headers={"idempotent-replayed": "true"},
                )
        try:
            status, result = effect(key)
            result = compact(result)
        except SandboxError as error:
            if error.status >= 500:
                raise
            status, result = error.status, error.body
        if key is not None:
            db.execute(
                "INSERT INTO idempotency(merchant_id, key, request_hash, status_code, "
                "response, created_ms) VALUES (?, ?, ?, ?, ?, ?)",
                (merchant.id, key, digest, status, dumps(result), state.clock.now_ms()),
            )
    return JSONResponse(result, status_code=status)


@dataclass(frozen=True, slots=True)
class MoneyCall:
    """One money-moving Ecommerce request, as its operation sees it."""

    db: Database
    merchant_id: str
    body: dict[str, Any]
    now_ms: int
    #: The request's idempotency key (None when the client sent none).
    key: str | None
    path: Mapping[str, str]


def money_endpoint(
    operation: Callable[[MoneyCall], dict[str, Any]],
) -> Callable[[Request], Awaitable[JSONResponse]]:
    """A Bearer-authenticated v1 endpoint whose ``operation`` runs at most once per key."""

    async def endpoint(request: Request) -> JSONResponse:
        merchant = require_bearer(request)
        body = await read_json(request)
        state = state_of(request)

        def effect(key: str | None) -> tuple[int, dict[str, Any]]:
            call = MoneyCall(
                state.db, merchant.id, body, state.clock.now_ms(), key, request.path_params
            )
            return 200, operation(call)

        return run_money_moving(request, merchant, body, effect)

    return endpoint
