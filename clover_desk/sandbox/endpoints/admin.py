"""``/_sandbox/...``: controls for tests and training, served to loopback callers only."""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import asdict, fields
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..auth import state_of
from ..db import loads
from ..errors import SandboxError
from ..jsonutil import read_json
from ..merchants import credentials_of, merchant_ids
from ..recurring_scheduler import run_due_subscriptions
from ..state import Faults, Limits
from .oauth import issue_oauth_pair


def _loopback_only(request: Request) -> None:
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "testclient"
    if not loopback:
        raise SandboxError(403, {"message": "Sandbox controls answer loopback callers only"})


def _bad(message: str) -> SandboxError:
    return SandboxError(400, {"message": message})


async def set_faults(request: Request) -> JSONResponse:
    _loopback_only(request)
    state = state_of(request)
    body = await read_json(request, v3=True)
    fault_names = {f.name for f in fields(Faults)}
    limit_names = {f.name for f in fields(Limits)}
    unknown = set(body) - fault_names - limit_names
    if unknown:
        raise _bad(f"Unknown fault setting: {sorted(unknown)[0]}")
    for name, value in body.items():
        _check_setting(name, value)
        target: object = state.faults if name in fault_names else state.limits
        setattr(target, name, value)
    return JSONResponse(_settings(request))


def _check_setting(name: str, value: Any) -> None:
    if name.endswith("_rate") and name != "rate_limit_per_s":
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            raise _bad(f"{name} must be a number from 0 to 1")
    elif name == "hold":
        if value not in (None, "before", "after"):
            raise _bad('hold must be "before", "after" or null')
    elif name in ("path_regex", "method"):
        if value is not None and not isinstance(value, str):
            raise _bad(f"{name} must be a string or null")
    elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _bad(f"{name} must be a non-negative integer")
    elif name in ("rate_limit_per_s", "max_concurrent") and value < 1:
        raise _bad(f"{name} must be at least 1")
    elif name == "error_status" and not 400 <= value <= 599:
        raise _bad("error_status must be an HTTP error status")


async def clear_faults(request: Request) -> JSONResponse:
    _loopback_only(request)
    state = state_of(request)
    state.faults = Faults()
    # Release what the old faults held; requests held from now on wait for the next clear.
    state.faults_cleared.set()
    state.faults_cleared = asyncio.Event()
    state.limits = Limits(**asdict(request.app.state.initial_limits))
    return JSONResponse(_settings(request))


def _settings(request: Request) -> dict[str, Any]:
    state = state_of(request)
    return {**asdict(state.faults), **asdict(state.limits)}


async def ledger(request: Request) -> JSONResponse:
    """Every charge and refund, with amounts and idempotency keys, for reconciliation."""
    _loopback_only(request)
    db = state_of(request).db
    merchant = request.query_params.get("merchant_id")
    where, args = ("WHERE merchant_id = ?", [merchant]) if merchant else ("", [])
    charges = [
        {
            "id": row["id"],
            "merchant_id": row["merchant_id"],
            "order": row["order_id"],
            "customer": row["customer_id"],
            "created": row["created_ms"],
            "amount": row["amount"],
            "tip_amount": row["tip_amount"],
            "amount_captured": row["amount_captured"],
            "amount_refunded": row["amount_refunded"],
            "currency": row["currency"],
            "captured": bool(row["captured"]),
            "status": row["status"],
            "method": row["method"],
            "idempotency_key": row["idempotency_key"],
        }
        for row in db.query(f"SELECT * FROM charges {where} ORDER BY created_ms, id", args)  # noqa: S608
    ]
    refunds = [
        {
            "id": row["id"],
            "merchant_id": row["merchant_id"],
            "charge": row["charge_id"],
            "order": row["order_id"],
            "created": row["created_ms"],
            "amount": row["amount"],
            "currency": row["currency"],
            "reason": row["reason"],
            "status": row["status"],
            "kind": row["kind"],
            "idempotency_key": row["idempotency_key"],
            "line_items": loads(row["body"]).get("line_item_ids", []),
        }
        for row in db.query(f"SELECT * FROM refunds {where} ORDER BY created_ms, id", args)  # noqa: S608
    ]
    return JSONResponse({"charges": charges, "refunds": refunds})


async def stats(request: Request) -> JSONResponse:
    """Per-token counters kept by the limiter (tokens are shown by their last 4 only)."""
    _loopback_only(request)
    state = state_of(request)
    per_token = {f"…{token[-4:]}": asdict(s) for token, s in state.stats.items()}
    totals = {
        name: sum(getattr(s, name) for s in state.stats.values())
        for name in ("requests", "rejected_rate", "rejected_concurrency", "injected_errors")
    }
    totals["max_in_flight"] = max((s.max_in_flight for s in state.stats.values()), default=0)
    return JSONResponse({**totals, "tokens": per_token})


async def reset_stats(request: Request) -> JSONResponse:
    _loopback_only(request)
    state_of(request).stats.clear()
    return JSONResponse({})


async def clock(request: Request) -> JSONResponse:
    """``POST {"advance_ms": n}`` moves sandbox time forward; GET reads it."""
    _loopback_only(request)
    state = state_of(request)
    if request.method == "POST":
        body = await read_json(request, v3=True)
        advance = body.get("advance_ms", 0)
        if not isinstance(advance, int) or isinstance(advance, bool) or advance < 0:
            raise _bad("advance_ms must be a non-negative integer")
        offset = state.clock.advance(advance)
        state.db.set_meta("clock_offset_ms", str(offset))
        run_due_subscriptions(state)  # recurring billing follows sandbox time
    return JSONResponse({"now_ms": state.clock.now_ms(), "offset_ms": state.clock.offset_ms})


async def merchants(request: Request) -> JSONResponse:
    """Every merchant with its credentials (the first is the one announced at start)."""
    _loopback_only(request)
    db = state_of(request).db
    result = []
    for merchant_id in merchant_ids(db):
        creds = credentials_of(db, merchant_id)
        name = db.scalar("SELECT name FROM merchants WHERE id = ?", (merchant_id,))
        result.append(
            {
                "merchant_id": merchant_id,
                "name": name,
                "api_token": creds.api_token,
                "ecommerce_private_token": creds.ecommerce_private_token,
                "ecommerce_public_key": creds.ecommerce_public_key,
                "pakms_key": creds.pakms_key,
            }
        )
    return JSONResponse({"merchants": result})


async def oauth(request: Request) -> JSONResponse:
    """Mint an expiring OAuth pair, as if the merchant had just installed the app."""
    _loopback_only(request)
    state = state_of(request)
    body = await read_json(request, v3=True)
    merchant_id = body.get("merchant_id") or merchant_ids(state.db)[0]
    access_ttl = body.get("access_ttl_s", 3600)
    refresh_ttl = body.get("refresh_ttl_s", 30 * 24 * 3600)
    for name, value in (("access_ttl_s", access_ttl), ("refresh_ttl_s", refresh_ttl)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _bad(f"{name} must be a positive integer")
    return JSONResponse(issue_oauth_pair(state, merchant_id, access_ttl, refresh_ttl))


def routes() -> list[BaseRoute]:
    return [
        Route("/_sandbox/faults", set_faults, methods=["POST"]),
        Route("/_sandbox/faults", clear_faults, methods=["DELETE"]),
        Route("/_sandbox/ledger", ledger, methods=["GET"]),
        Route("/_sandbox/stats", stats, methods=["GET"]),
        Route("/_sandbox/stats", reset_stats, methods=["DELETE"]),
        Route("/_sandbox/clock", clock, methods=["GET", "POST"]),
        Route("/_sandbox/merchants", merchants, methods=["GET"]),
        Route("/_sandbox/oauth", oauth, methods=["POST"]),
    ]
