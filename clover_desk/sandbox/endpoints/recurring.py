"""Recurring plans and subscriptions: ``/recurring/v1/...`` (recurring.md).

Every call needs ``Authorization: Bearer`` and ``X-Clover-Merchant-Id``
(``auth.require_recurring_merchant``). An app sees only the plans it created
(``plans.developer_app_id`` = the merchant's ``developer_app_id``) and the
subscriptions under them. Bodies are camelCase; times are ISO strings such as
``2023-09-19T10:02:59.476+0000``; a subscription is created with ``customerId`` and
shows ``customerUuid``, with its ``plan`` embedded.

Choices where the reference is silent (all documented here, none confirmed):

* Error bodies: the reference shows none for this API, so they follow the v3 platform
  style: validation 400 ``{"message": "..."}``, unknown ids 404
  ``{"message": "Not Found", "details": "Plan not found"}``.
* ``GET /plans`` and ``GET /plans/{id}/subscriptions`` answer a bare JSON array, like
  the documented ``GET /subscriptions``; without ``limit`` they return everything,
  oldest first (``sort`` is accepted and ignored).
* A subscription copies the plan's amount, tip, note and taxes at creation (unless
  overridden); later plan edits do not change existing subscriptions.
* ``total`` = amount + tipAmount + tax from ``taxRateUuids`` (the merchant's tax rates).
  Tax-rate ids must name the merchant's tax rates. ``combined length`` of
  ``taxRateUuids`` is the length of the ids joined with commas.
* The default ``startDate`` ("next day") is the next midnight UTC; a date without a time
  is midnight UTC.
* Fields the reference lists as not editable (plan ``interval``/``intervalCount``,
  subscription ``customerId``, ``collectionMethod``, ``tipAmount``, plan) are 400 when
  a PUT changes them; echoing the current value back is accepted.
* ``DELETE`` answers 200 ``{}`` (as v3 deletes do). A plan with active subscriptions can
  be neither deactivated nor deleted; deleting a plan deletes its (inactive)
  subscriptions.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..auth import Merchant, require_recurring_merchant, state_of
from ..bounds import int64
from ..db import Database, Row, loads
from ..errors import SandboxError, v3_error, v3_not_found
from ..ids import new_id
from ..jsonutil import read_json, respond
from ..recurring_scheduler import INTERVALS, format_iso, parse_iso, start_of_next_day, tax_for

COLLECTION_METHODS = ("CHARGE_AUTOMATICALLY",)
MAX_AMOUNT = 99_999_999
MAX_NOTE = 255
MAX_TAX_RATE_CHARS = 255
MIN_LIST_LIMIT = 10


def _bad(message: str) -> SandboxError:
    return v3_error(400, message)


# ---------------------------------------------------------------- validation helpers


def _amount(body: dict[str, Any], name: str, *, minimum: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= MAX_AMOUNT:
        raise _bad(f"{name} must be an integer from {minimum} to {MAX_AMOUNT} (cents)")
    return value


def _note(body: dict[str, Any]) -> str | None:
    value = body.get("note")
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_NOTE:
        raise _bad(f"note must be a string of at most {MAX_NOTE} characters")
    return value


def _bool(body: dict[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _bad(f"{name} must be true or false")
    return value


def _tax_rate_ids(db: Database, merchant_id: str, body: dict[str, Any]) -> list[str] | None:
    value = body.get("taxRateUuids")
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad("taxRateUuids must be an array of tax rate ids")
    if len(",".join(value)) > MAX_TAX_RATE_CHARS:
        raise _bad(f"taxRateUuids must be at most {MAX_TAX_RATE_CHARS} characters combined")
    for rate_id in value:
        found = db.one(
            "SELECT 1 FROM inventory WHERE kind = 'tax_rate' AND id = ? AND merchant_id = ? "
            "AND deleted_ms IS NULL",
            (rate_id, merchant_id),
        )
        if found is None:
            raise _bad(f"Unknown tax rate: {rate_id}")
    return list(value)


def _date(body: dict[str, Any], name: str) -> int | None:
    """An ISO date field as epoch ms (epoch-ms integers are accepted too)."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    parsed = parse_iso(value) if isinstance(value, str) else None
    if parsed is None:
        raise _bad(
            f"{name} must be an ISO-8601 date such as 2023-09-07 or 2023-09-07T12:08:56.235-0700"
        )
    return parsed


def _unchangeable(body: dict[str, Any], name: str, current: Any) -> None:
    if name in body and body[name] is not None and body[name] != current:
        raise _bad(f"{name} is not editable")


# ------------------------------------------------------------------------- queries


def _plan_row(db: Database, merchant: Merchant, plan_id: str) -> Row:
    row = db.one(
        "SELECT * FROM plans WHERE id = ? AND merchant_id = ? AND developer_app_id = ? "
        "AND deleted_ms IS NULL",
        (plan_id, merchant.id, merchant.developer_app_id),
    )
    if row is None:
        raise v3_not_found("Plan")
    return row


def _visible_subscriptions(
    db: Database, merchant: Merchant, where: str, args: list[Any]
) -> list[Row]:
    return db.query(
        "SELECT s.* FROM subscriptions s JOIN plans p ON p.id = s.plan_id "  # noqa: S608 - our SQL
        "WHERE s.merchant_id = ? AND p.developer_app_id = ? AND s.deleted_ms IS NULL "
        f"AND ({where}) ORDER BY s.created_ms, s.id",
        [merchant.id, merchant.developer_app_id, *args],
    )


def _subscription_row(db: Database, merchant: Merchant, sub_id: str) -> Row:
    rows = _visible_subscriptions(db, merchant, "s.id = ?", [sub_id])
    if not rows:
        raise v3_not_found("Subscription")
    return rows[0]


def _active_subscription_count(db: Database, plan_id: str) -> int:
    return sum(
        1
        for row in db.query(
            "SELECT body FROM subscriptions WHERE plan_id = ? AND deleted_ms IS NULL", (plan_id,)
        )
        if loads(row["body"]).get("active")
    )


# ----------------------------------------------------------------------- rendering


def render_plan(row: Row) -> dict[str, Any]:
    body = loads(row["body"])
    return {
        "id": row["id"],
        "object": "plan",
        "name": body.get("name"),
        "amount": body.get("amount"),
        "tipAmount": body.get("tipAmount"),
        "active": bool(body.get("active")),
        "interval": body.get("interval"),
        "intervalCount": body.get("intervalCount"),
        "note": body.get("note"),
        "taxRateUuids": body.get("taxRateUuids"),
        "merchantId": row["merchant_id"],
        "developerAppId": row["developer_app_id"],
        "createdTime": format_iso(row["created_ms"]),
        "modifiedTime": format_iso(row["modified_ms"]),
        "deletedTime": format_iso(row["deleted_ms"]) if row["deleted_ms"] is not None else None,
    }


def render_subscription(db: Database, row: Row, plan: Row | None = None) -> dict[str, Any]:
    body = loads(row["body"])
    if plan is None:
        plan = db.one("SELECT * FROM plans WHERE id = ?", (row["plan_id"],))
    amount = int(body.get("amount", 0))
    tip = int(body.get("tipAmount", 0))
    tax = tax_for(db, row["merchant_id"], amount, body.get("taxRateUuids") or [])
    optional_dates = {
        name: format_iso(body[name])
        for name in ("endDate", "lastRunDate")
        if body.get(name) is not None
    }
    return {
        "id": row["id"],
        "object": "subscription",
        "customerUuid": row["customer_id"],
        "collectionMethod": body.get("collectionMethod"),
        "active": bool(body.get("active")),
        "amount": amount,
        "tipAmount": tip,
        "total": amount + tip + tax,
        "note": body.get("note"),
        "softDescriptor": body.get("softDescriptor"),
        "taxRateUuids": body.get("taxRateUuids"),
        "additionalCharges": [],
        "startDate": format_iso(body["startDate"]),
        **optional_dates,
        "createdTime": format_iso(row["created_ms"]),
        "modifiedTime": format_iso(row["modified_ms"]),
        "merchantId": row["merchant_id"],
        "plan": render_plan(plan) if plan is not None else None,
    }


# ----------------------------------------------------------------------- list query


def _query_int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    number = int64(raw)
    if number is None:
        raise _bad(f"{name} must be an integer")
    return number


def _query_bool(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in ("true", "false"):
        raise _bad(f"{name} must be true or false")
    return raw.lower() == "true"


def _page(request: Request, items: list[Any]) -> list[Any]:
    limit = _query_int(request, "limit")
    offset = _query_int(request, "offset") or 0
    if limit is not None and limit < MIN_LIST_LIMIT:
        raise _bad(f"limit must be at least {MIN_LIST_LIMIT}")
    if offset < 0:
        raise _bad("offset must not be negative")
    return items[offset : None if limit is None else offset + limit]


def _query_list(request: Request, name: str) -> set[str] | None:
    values = [
        part.strip()
        for raw in request.query_params.getlist(name)
        for part in raw.split(",")
        if part.strip()
    ]
    return set(values) if values else None


def _subscription_matches(request: Request, row: Row) -> bool:
    body = loads(row["body"])
    customers = _query_list(request, "customerUuids") or _query_list(request, "customerUuid")
    if customers is not None and row["customer_id"] not in customers:
        return False
    plan_ids = _query_list(request, "planId")
    if plan_ids is not None and row["plan_id"] not in plan_ids:
        return False
    method = request.query_params.get("collectionMethod")
    if method and body.get("collectionMethod") != method:
        return False
    active = _query_bool(request, "active")
    if active is not None and bool(body.get("active")) != active:
        return False
    for param, key, above in (
        ("startDateGt", "startDate", True),
        ("startDateLt", "startDate", False),
        ("endDateGt", "endDate", True),
        ("endDateLt", "endDate", False),
    ):
        bound = _query_int(request, param)
        if bound is None:
            continue
        value = body.get(key)
        if value is None or (value <= bound if above else value >= bound):
            return False
    return True


def _list_subscriptions(
    request: Request, merchant: Merchant, where: str, args: list[Any]
) -> JSONResponse:
    db = state_of(request).db
    rows = [
        r
        for r in _visible_subscriptions(db, merchant, where, args)
        if _subscription_matches(request, r)
    ]
    plans: dict[str, Row | None] = {}
    rendered = []
    for row in _page(request, rows):
        if row["plan_id"] not in plans:
            plans[row["plan_id"]] = db.one("SELECT * FROM plans WHERE id = ?", (row["plan_id"],))
        rendered.append(render_subscription(db, row, plans[row["plan_id"]]))
    return respond(rendered)


# --------------------------------------------------------------------------- plans


async def list_plans(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    db = state_of(request).db
    interval = request.query_params.get("interval")
    count = _query_int(request, "intervalCount")
    active = _query_bool(request, "active")
    name = request.query_params.get("name")
    rows = db.query(
        "SELECT * FROM plans WHERE merchant_id = ? AND developer_app_id = ? "
        "AND deleted_ms IS NULL ORDER BY created_ms, id",
        (merchant.id, merchant.developer_app_id),
    )
    plans = []
    for row in rows:
        body = loads(row["body"])
        if interval and body.get("interval") != interval.upper():
            continue
        if count is not None and body.get("intervalCount") != count:
            continue
        if active is not None and bool(body.get("active")) != active:
            continue
        if name and name.lower() not in str(body.get("name", "")).lower():
            continue
        plans.append(row)
    return respond([render_plan(row) for row in _page(request, plans)])


async def create_plan(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    state = state_of(request)
    db = state.db
    body = await read_json(request, v3=True)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad("name is required and must not be blank")
    if not 3 <= len(name) <= 127:
        raise _bad("name must be 3 to 127 characters")
    if body.get("amount") is None:
        raise _bad("amount is required")
    amount = _amount(body, "amount", minimum=1)
    tip = _amount(body, "tipAmount", minimum=0)
    interval = body.get("interval")
    if interval is None:
        raise _bad("interval is required")
    if interval not in INTERVALS:
        raise _bad("interval must be one of " + ", ".join(INTERVALS))
    count = body.get("intervalCount")
    if count is None:
        raise _bad("intervalCount is required")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise _bad("intervalCount must be an integer of at least 1")
    note = _note(body)
    with db.tx():
        tax_rates = _tax_rate_ids(db, merchant.id, body)
        now = state.clock.now_ms()
        plan_id = new_id()
        stored: dict[str, Any] = {
            "name": name,
            "amount": amount,
            "interval": interval,
            "intervalCount": count,
            "active": True,
        }
        for key, value in (("tipAmount", tip), ("note", note), ("taxRateUuids", tax_rates)):
            if value is not None:
                stored[key] = value
        db.insert(
            "plans",
            {
                "id": plan_id,
                "merchant_id": merchant.id,
                "developer_app_id": merchant.developer_app_id,
                "created_ms": now,
                "modified_ms": now,
                "body": stored,
            },
        )
        return respond(render_plan(_plan_row(db, merchant, plan_id)))


async def get_plan(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    db = state_of(request).db
    return respond(render_plan(_plan_row(db, merchant, request.path_params["planId"])))


async def update_plan(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    state = state_of(request)
    db = state.db
    changes = await read_json(request, v3=True)
    with db.tx():
        row = _plan_row(db, merchant, request.path_params["planId"])
        body = loads(row["body"])
        _unchangeable(changes, "interval", body.get("interval"))
        _unchangeable(changes, "intervalCount", body.get("intervalCount"))
        if "name" in changes:
            name = changes["name"]
            if not isinstance(name, str) or not name.strip() or not 3 <= len(name) <= 127:
                raise _bad("name must be 3 to 127 characters and not blank")
            body["name"] = name
        if changes.get("amount") is not None:
            body["amount"] = _amount(changes, "amount", minimum=1)
        if "tipAmount" in changes:
            _set_or_clear(body, "tipAmount", _amount(changes, "tipAmount", minimum=0))
        if "note" in changes:
            _set_or_clear(body, "note", _note(changes))
        if "taxRateUuids" in changes:
            _set_or_clear(body, "taxRateUuids", _tax_rate_ids(db, merchant.id, changes))
        active = _bool(changes, "active")
        if active is False and body.get("active") and _active_subscription_count(db, row["id"]):
            raise _bad("A plan with active subscriptions cannot be deactivated")
        if active is not None:
            body["active"] = active
        db.update("plans", row["id"], {"body": body, "modified_ms": state.clock.now_ms()})
        return respond(render_plan(_plan_row(db, merchant, row["id"])))


def _set_or_clear(body: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        body.pop(key, None)
    else:
        body[key] = value


async def delete_plan(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    state = state_of(request)
    db = state.db
    with db.tx():
        row = _plan_row(db, merchant, request.path_params["planId"])
        if _active_subscription_count(db, row["id"]):
            raise _bad("A plan with active subscriptions cannot be deleted")
        now = state.clock.now_ms()
        db.update("plans", row["id"], {"deleted_ms": now, "modified_ms": now})
        db.execute(
            "UPDATE subscriptions SET deleted_ms = ?, modified_ms = ? "
            "WHERE plan_id = ? AND deleted_ms IS NULL",
            (now, now, row["id"]),
        )
    return respond({})


# -------------------------------------------------------------------- subscriptions


async def list_plan_subscriptions(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    plan = _plan_row(state_of(request).db, merchant, request.path_params["planId"])
    return _list_subscriptions(request, merchant, "s.plan_id = ?", [plan["id"]])


async def list_subscriptions(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    return _list_subscriptions(request, merchant, "1 = 1", [])


def _customer_with_card(db: Database, merchant_id: str, customer_id: Any) -> str:
    if not isinstance(customer_id, str) or not customer_id:
        raise _bad("customerId is required")
    row = db.one(
        "SELECT body FROM customers WHERE id = ? AND merchant_id = ? AND deleted_ms IS NULL",
        (customer_id, merchant_id),
    )
    if row is None:
        raise _bad(f"Invalid customerId: no such customer: {customer_id}")
    cards = loads(row["body"]).get("cards") or []
    if not any(isinstance(card, dict) and not card.get("revoked") for card in cards):
        raise _bad(f"Customer {customer_id} has no card on file")
    return customer_id


async def create_subscription(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    state = state_of(request)
    db = state.db
    body = await read_json(request, v3=True)
    with db.tx():
        plan = _plan_row(db, merchant, request.path_params["planId"])
        plan_body = loads(plan["body"])
        if not plan_body.get("active"):
            raise _bad("Plan is not active")
        customer_id = _customer_with_card(db, merchant.id, body.get("customerId"))
        method = body.get("collectionMethod")
        if method is None:
            raise _bad("collectionMethod is required")
        if method not in COLLECTION_METHODS:
            raise _bad("collectionMethod must be CHARGE_AUTOMATICALLY")
        now = state.clock.now_ms()
        start = _date(body, "startDate")
        if start is None:
            start = start_of_next_day(now)
        elif start <= now:
            raise _bad("startDate must be in the future")
        end = _date(body, "endDate")
        if end is not None and end <= start:
            raise _bad("endDate must be after startDate")
        amount = _amount(body, "amount", minimum=1)
        tip = _amount(body, "tipAmount", minimum=0)
        note = _note(body)
        tax_rates = _tax_rate_ids(db, merchant.id, body)
        active = _bool(body, "active")
        descriptor = body.get("softDescriptor")
        if descriptor is not None and not isinstance(descriptor, dict):
            raise _bad("softDescriptor must be an object")
        stored: dict[str, Any] = {
            "amount": amount if amount is not None else plan_body.get("amount", 0),
            "tipAmount": tip if tip is not None else plan_body.get("tipAmount", 0),
            "collectionMethod": method,
            "active": True if active is None else active,
            "startDate": start,
            "failures": 0,
        }
        optional = {
            "endDate": end,
            "note": note if note is not None else plan_body.get("note"),
            "taxRateUuids": tax_rates if tax_rates is not None else plan_body.get("taxRateUuids"),
            "softDescriptor": descriptor,
        }
        stored.update({k: v for k, v in optional.items() if v is not None})
        sub_id = new_id()
        db.insert(
            "subscriptions",
            {
                "id": sub_id,
                "merchant_id": merchant.id,
                "plan_id": plan["id"],
                "customer_id": customer_id,
                "created_ms": now,
                "modified_ms": now,
                "body": stored,
            },
        )
        return respond(render_subscription(db, _subscription_row(db, merchant, sub_id), plan))


async def get_subscription(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    db = state_of(request).db
    row = _subscription_row(db, merchant, request.path_params["subscriptionId"])
    return respond(render_subscription(db, row))


async def update_subscription(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    state = state_of(request)
    db = state.db
    changes = await read_json(request, v3=True)
    with db.tx():
        row = _subscription_row(db, merchant, request.path_params["subscriptionId"])
        body = loads(row["body"])
        now = state.clock.now_ms()
        _unchangeable(changes, "customerId", row["customer_id"])
        _unchangeable(changes, "customerUuid", row["customer_id"])
        _unchangeable(changes, "collectionMethod", body.get("collectionMethod"))
        _unchangeable(changes, "tipAmount", body.get("tipAmount"))
        _unchangeable(changes, "planId", row["plan_id"])
        if isinstance(changes.get("plan"), dict):
            _unchangeable(changes["plan"], "id", row["plan_id"])
        if changes.get("amount") is not None:
            body["amount"] = _amount(changes, "amount", minimum=1)
        if "note" in changes:
            _set_or_clear(body, "note", _note(changes))
        if "taxRateUuids" in changes:
            _set_or_clear(body, "taxRateUuids", _tax_rate_ids(db, merchant.id, changes))
        if changes.get("startDate") is not None:
            start = _date(changes, "startDate")
            if start != body["startDate"]:
                if now >= body["startDate"]:
                    raise _bad("startDate can only be changed before the subscription starts")
                if start is None or start <= now:
                    raise _bad("startDate must be in the future")
                body["startDate"] = start
        if "endDate" in changes:
            _set_or_clear(body, "endDate", _date(changes, "endDate"))
            if body.get("endDate") is not None and body["endDate"] <= body["startDate"]:
                raise _bad("endDate must be after startDate")
        active = _bool(changes, "active")
        if active is True and not body.get("active"):
            plan = db.one("SELECT body FROM plans WHERE id = ?", (row["plan_id"],))
            if plan is None or not loads(plan["body"]).get("active"):
                raise _bad("Plan is not active")
            body["failures"] = 0
        if active is not None:
            body["active"] = active
        db.update("subscriptions", row["id"], {"body": body, "modified_ms": now})
        return respond(render_subscription(db, _subscription_row(db, merchant, row["id"])))


async def delete_subscription(request: Request) -> JSONResponse:
    merchant = require_recurring_merchant(request)
    state = state_of(request)
    db = state.db
    with db.tx():
        row = _subscription_row(db, merchant, request.path_params["subscriptionId"])
        body = loads(row["body"])
        body["active"] = False
        now = state.clock.now_ms()
        db.update("subscriptions", row["id"], {"body": body, "deleted_ms": now, "modified_ms": now})
    return respond({})


def routes() -> list[BaseRoute]:
    base = "/recurring/v1"
    return [
        Route(f"{base}/plans", list_plans, methods=["GET"]),
        Route(f"{base}/plans", create_plan, methods=["POST"]),
        Route(f"{base}/plans/{{planId}}", get_plan, methods=["GET"]),
        Route(f"{base}/plans/{{planId}}", update_plan, methods=["PUT"]),
        Route(f"{base}/plans/{{planId}}", delete_plan, methods=["DELETE"]),
        Route(f"{base}/plans/{{planId}}/subscriptions", list_plan_subscriptions, methods=["GET"]),
        Route(f"{base}/plans/{{planId}}/subscriptions", create_subscription, methods=["POST"]),
        Route(f"{base}/subscriptions", list_subscriptions, methods=["GET"]),
        Route(f"{base}/subscriptions/{{subscriptionId}}", get_subscription, methods=["GET"]),
        Route(f"{base}/subscriptions/{{subscriptionId}}", update_subscription, methods=["PUT"]),
        Route(f"{base}/subscriptions/{{subscriptionId}}", delete_subscription, methods=["DELETE"]),
    ]
