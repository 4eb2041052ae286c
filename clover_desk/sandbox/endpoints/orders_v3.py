"""v3 orders (exports.md §2, atomic-orders-inventory.md §2): lists, custom orders,
line items, discounts, modifications, service charge and external tender payments.

Rules from the reference:

* an order whose ``state`` is null is hidden from lists (GET by id still works);
* totals of custom orders are never recalculated: the client keeps ``total`` in sync;
* ``DELETE`` of an order answers 200 ``{}``; the order is then 404 and leaves lists
  (a ``deletedTime`` filter still finds it);
* lists are newest first by ``createdTime``; a filter on any of
  :data:`~clover_desk.sandbox.platform_v3.ORDER_90_DAY_FIELDS` limits the results to
  orders created in the last 90 days.

[emulator choices] ``touched`` is true for an order that has line items or payments;
``orderType`` filters on the order type id; ``POST .../bulk_line_items`` takes
``{"items": [...]}`` (or ``lineItems``) and answers ``{"elements": [...]}``;
``DELETE .../line_items`` removes every line item (or those named in
``?lineItemIds=a,b``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..carts import (
    MAX_LINE_ITEMS,
    Line,
    parse_discount,
    parse_line,
    parse_modification,
    parse_service_charge,
)
from ..db import Row, dumps, loads
from ..errors import v3_error, v3_not_found
from ..idempotency import run_money_moving
from ..ids import new_id
from ..jsonutil import read_json, respond
from ..listing import Column, V3ListParams, parse_expand
from ..platform_v3 import (
    ORDER_90_DAY_FIELDS,
    WINDOW_MS,
    Ctx,
    begin,
    collection,
    exists_filter,
    list_response,
    path_id,
    ref_id,
    require_bool,
    require_int,
    require_str,
)
from ..views_v3 import (
    elements,
    ensure_system_tenders,
    href,
    inventory_row,
    render_line_item,
    render_order,
    render_order_discount,
    render_payment,
)

LIST_EXPANDS = (
    "employee",
    "payments",
    "refunds",
    "credits",
    "voids",
    "payment.tender",
    "payment.cardTransaction",
    "lineItems",
    "customers",
    "serviceCharge",
    "discounts",
    "orderType",
    "lineItems.discounts",
    "lineItems.modifications",
)
ONE_EXPANDS = (*LIST_EXPANDS, "orderFulfillmentEvent", "lineItems.taxRates")
LINE_ITEM_EXPANDS = ("employee", "orderType", "discounts", "modifications", "taxRates", "payments")

COLUMNS: dict[str, Column] = {
    "createdTime": Column("created_ms", "int"),
    "modifiedTime": Column("modified_ms", "int"),
    "clientCreatedTime": Column("client_created_ms", "int"),
    "id": Column("id"),
    "state": Column("state"),
    "total": Column("total", "int"),
    "title": Column("title"),
    "note": Column("note"),
    "externalReferenceId": Column("external_reference_id"),
    "employee.id": Column("employee_id"),
    "employee.name": Column("(SELECT e.name FROM employees e WHERE e.id = orders.employee_id)"),
    # No sandbox order comes from a device, so only ``device.id IS NULL`` matches.
    "device.id": Column("NULL"),
    "orderType": Column("order_type_id"),
    "orderType.id": Column("order_type_id"),
    "payType": Column("json_extract(orders.body, '$.payType')"),
    "testMode": Column("COALESCE(json_extract(orders.body, '$.testMode'), 0)", "bool"),
    "manualTransaction": Column(
        "COALESCE(json_extract(orders.body, '$.manualTransaction'), 0)", "bool"
    ),
    "deletedTime": Column("deleted_ms", "int"),
    "touched": Column(
        "(EXISTS (SELECT 1 FROM line_items li WHERE li.order_id = orders.id) "
        "OR EXISTS (SELECT 1 FROM charges c WHERE c.order_id = orders.id))",
        "bool",
    ),
}
CUSTOM_FILTERS = {
    "cardTransaction.last4": exists_filter(
        "SELECT 1 FROM charges c WHERE c.order_id = orders.id AND c.card_last4 {cmp}"
    )
}
#: The exact list sent in ``X-Clover-Allowed-Filter-Fields``.
ALLOWED_FILTER_FIELDS = (*COLUMNS, *CUSTOM_FILTERS)

#: What a fresh custom order carries when the create body leaves these out: Clover's
#: create-order reference gives ``taxRemoved`` "Defaults to false", and its order schema
#: the rest (``groupLineItems`` true). Optional fields without a default (``state``,
#: ``total``, ``title``, ``note``, ``employee``...) stay absent.
ORDER_DEFAULTS: dict[str, bool] = {
    "taxRemoved": False,
    "isVat": False,
    "manualTransaction": False,
    "groupLineItems": True,
    "testMode": False,
}

PAYMENT_STATES = ("OPEN", "PAID", "REFUNDED", "CREDITED", "PARTIALLY_PAID", "PARTIALLY_REFUNDED")
PAY_TYPES = ("SPLIT_GUEST", "SPLIT_ITEM", "SPLIT_CUSTOM", "FULL")


# ------------------------------------------------------------------------- helpers


def find_order(ctx: Ctx, order_id: str) -> Row:
    row = ctx.db.one(
        "SELECT * FROM orders WHERE id = ? AND merchant_id = ? AND deleted_ms IS NULL",
        (order_id, ctx.mid),
    )
    if row is None:
        raise v3_not_found("Order")
    return row


def _reload(ctx: Ctx, order_id: str) -> Row:
    row = ctx.db.one("SELECT * FROM orders WHERE id = ?", (order_id,))
    assert row is not None
    return row


def _touch(ctx: Ctx, order_id: str) -> None:
    ctx.db.execute("UPDATE orders SET modified_ms = ? WHERE id = ?", (ctx.now_ms, order_id))


def find_line_item(ctx: Ctx, order: Row, line_id: str) -> Row:
    row = ctx.db.one(
        "SELECT * FROM line_items WHERE id = ? AND order_id = ? AND merchant_id = ?",
        (line_id, order["id"], ctx.mid),
    )
    if row is None:
        raise v3_not_found("Line item")
    return row


def _set_line_body(ctx: Ctx, line: Row, body: dict[str, Any]) -> Row:
    ctx.db.execute("UPDATE line_items SET body = ? WHERE id = ?", (dumps(body), line["id"]))
    _touch(ctx, line["order_id"])
    updated = ctx.db.one("SELECT * FROM line_items WHERE id = ?", (line["id"],))
    assert updated is not None
    return updated


def _set_order_body(ctx: Ctx, order: Row, body: dict[str, Any]) -> None:
    ctx.db.execute(
        "UPDATE orders SET body = ?, modified_ms = ? WHERE id = ?",
        (dumps(body), ctx.now_ms, order["id"]),
    )


def _order_fields(ctx: Ctx, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Column values and body values from a create/update body (only keys present)."""
    columns: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, column in (
        ("note", "note"),
        ("title", "title"),
        ("state", "state"),
        ("externalReferenceId", "external_reference_id"),
    ):
        if name in body:
            columns[column] = require_str(body, name)
    if "currency" in body:
        currency = require_str(body, "currency")
        if currency is not None and len(currency) != 3:
            raise v3_error(400, "currency must be a 3-letter ISO 4217 code")
        columns["currency"] = (currency or ctx.merchant.currency).upper()
    if "total" in body:
        columns["total"] = require_int(body, "total")
    if "paymentState" in body:
        state = body["paymentState"]
        if state is not None and state not in PAYMENT_STATES:
            raise v3_error(400, f"Invalid paymentState: {state}")
        columns["payment_state"] = state
    if "payType" in body:
        pay_type = body["payType"]
        if pay_type is not None and pay_type not in PAY_TYPES:
            raise v3_error(400, f"Invalid payType: {pay_type}")
        extra["payType"] = pay_type
    for flag in ("taxRemoved", "testMode", "manualTransaction", "groupLineItems", "isVat"):
        if flag in body:
            extra[flag] = require_bool(body, flag)
    if "orderType" in body:
        type_id = ref_id(body["orderType"], "orderType")
        if type_id is not None and inventory_row(ctx.db, ctx.mid, "order_type", type_id) is None:
            raise v3_error(400, "Invalid orderType", type_id)
        columns["order_type_id"] = type_id
    if "employee" in body:
        employee_id = ref_id(body["employee"], "employee")
        if (
            employee_id is not None
            and ctx.db.one(
                "SELECT 1 FROM employees WHERE id = ? AND merchant_id = ?", (employee_id, ctx.mid)
            )
            is None
        ):
            raise v3_error(400, "Invalid employee", employee_id)
        columns["employee_id"] = employee_id
    if "customers" in body:
        entries = collection(body["customers"])
        if entries is None and body["customers"] is not None:
            raise v3_error(400, "customers must be a list of references")
        customer_id = ref_id(entries[0], "customers") if entries else None
        if customer_id is not None:
            customer = ctx.db.one(
                "SELECT email FROM customers WHERE id = ? AND merchant_id = ? "
                "AND deleted_ms IS NULL",
                (customer_id, ctx.mid),
            )
            if customer is None:
                raise v3_error(400, "Invalid customer", customer_id)
            columns["email"] = customer["email"]
        columns["customer_id"] = customer_id
    return columns, extra


# -------------------------------------------------------------------------- orders


async def list_orders(request: Request) -> Response:
    ctx = begin(request)

    def extra(params: V3ListParams) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        fields = {f.field for f in params.filters}
        if "deletedTime" not in fields:
            clauses.append("deleted_ms IS NULL")
        if fields & ORDER_90_DAY_FIELDS:
            clauses.append("created_ms >= ?")
            args.append(ctx.now_ms - WINDOW_MS)
        return clauses, args

    return list_response(
        request,
        ctx,
        table="orders",
        where="merchant_id = ? AND state IS NOT NULL",
        where_args=(ctx.mid,),
        columns=COLUMNS,
        custom=CUSTOM_FILTERS,
        expands=LIST_EXPANDS,
        order_by="created_ms DESC, rowid DESC",
        render=lambda row, expand: render_order(ctx.db, row, expand),
        extra=extra,
    )


async def create_order(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    expand = parse_expand(request, ONE_EXPANDS)
    with ctx.db.tx():
        columns, extra = _order_fields(ctx, body)
        order_id = new_id()
        ctx.db.insert(
            "orders",
            {
                "id": order_id,
                "merchant_id": ctx.mid,
                "origin": "v3",
                "created_ms": ctx.now_ms,
                "client_created_ms": ctx.now_ms,
                "modified_ms": ctx.now_ms,
                "currency": ctx.merchant.currency,
                **columns,
                "body": {**ORDER_DEFAULTS, **{k: v for k, v in extra.items() if v is not None}},
            },
        )
        return respond(render_order(ctx.db, _reload(ctx, order_id), expand))


async def get_order(request: Request) -> Response:
    ctx = begin(request)
    # An unknown order is 404 whatever else is wrong with the request.
    order = find_order(ctx, path_id(request, "orderId"))
    return respond(render_order(ctx.db, order, parse_expand(request, ONE_EXPANDS)))


async def update_order(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        expand = parse_expand(request, ONE_EXPANDS)
        columns, extra = _order_fields(ctx, body)
        stored = dict(loads(order["body"]))
        for key, value in extra.items():
            if value is None:
                stored.pop(key, None)
            else:
                stored[key] = value
        ctx.db.update("orders", order["id"], {**columns, "body": stored, "modified_ms": ctx.now_ms})
        return respond(render_order(ctx.db, _reload(ctx, order["id"]), expand))


async def delete_order(request: Request) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        ctx.db.update("orders", order["id"], {"deleted_ms": ctx.now_ms, "modified_ms": ctx.now_ms})
    return respond({})


# ---------------------------------------------------------------------- line items


def _insert_lines(ctx: Ctx, order: Row, lines: list[Line]) -> list[str]:
    existing = int(
        ctx.db.scalar("SELECT COUNT(*) FROM line_items WHERE order_id = ?", (order["id"],)) or 0
    )
    if existing + len(lines) > MAX_LINE_ITEMS:
        raise v3_error(400, "bad_request", f"An order can hold at most {MAX_LINE_ITEMS} line items")
    ids: list[str] = []
    for line in lines:
        line_id = new_id()
        ids.append(line_id)
        ctx.db.insert(
            "line_items",
            {
                "id": line_id,
                "merchant_id": ctx.mid,
                "order_id": order["id"],
                "created_ms": ctx.now_ms,
                "item_id": line.item_id,
                "name": line.name,
                "price": line.price,
                "unit_qty": line.unit_qty,
                "note": line.note,
                "is_revenue": line.is_revenue,
                "body": line.body,
            },
        )
    _touch(ctx, order["id"])
    return ids


def _line(ctx: Ctx, line_id: str) -> Row:
    row = ctx.db.one("SELECT * FROM line_items WHERE id = ?", (line_id,))
    assert row is not None
    return row


async def list_line_items(request: Request) -> Response:
    ctx = begin(request)
    order = find_order(ctx, path_id(request, "orderId"))
    return list_response(
        request,
        ctx,
        table="line_items",
        where="order_id = ? AND merchant_id = ?",
        where_args=(order["id"], ctx.mid),
        columns={"id": Column("id"), "item.id": Column("item_id"), "name": Column("name")},
        expands=LINE_ITEM_EXPANDS,
        order_by="created_ms, rowid",
        render=lambda row, expand: render_line_item(ctx.db, row, expand),
    )


async def add_line_item(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        expand = parse_expand(request, LINE_ITEM_EXPANDS)
        [line_id] = _insert_lines(ctx, order, [parse_line(ctx.db, ctx.mid, body)])
        return respond(render_line_item(ctx.db, _line(ctx, line_id), expand))


async def bulk_line_items(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    raw = collection(body.get("items", body.get("lineItems")))
    if not raw:
        raise v3_error(400, "bad_request", "items is empty or missing")
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        lines = [parse_line(ctx.db, ctx.mid, entry) for entry in raw]
        ids = _insert_lines(ctx, order, lines)
        return respond(elements(render_line_item(ctx.db, _line(ctx, i), frozenset()) for i in ids))


async def delete_line_items(request: Request) -> Response:
    ctx = begin(request)
    wanted = [
        i.strip() for i in request.query_params.get("lineItemIds", "").split(",") if i.strip()
    ]
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        if wanted:
            for line_id in wanted:
                find_line_item(ctx, order, line_id)
            marks = ",".join("?" for _ in wanted)
            ctx.db.execute(
                f"DELETE FROM line_items WHERE order_id = ? AND id IN ({marks})",  # noqa: S608
                (order["id"], *wanted),
            )
        else:
            ctx.db.execute("DELETE FROM line_items WHERE order_id = ?", (order["id"],))
        _touch(ctx, order["id"])
    return respond({})


async def get_line_item(request: Request) -> Response:
    ctx = begin(request)
    order = find_order(ctx, path_id(request, "orderId"))
    line = find_line_item(ctx, order, path_id(request, "lineItemId"))
    return respond(render_line_item(ctx.db, line, parse_expand(request, LINE_ITEM_EXPANDS)))


async def update_line_item(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        line = find_line_item(ctx, order, path_id(request, "lineItemId"))
        expand = parse_expand(request, LINE_ITEM_EXPANDS)
        changes: dict[str, Any] = {}
        if "name" in body:
            changes["name"] = require_str(body, "name", required=True)
        if "price" in body:
            changes["price"] = require_int(body, "price", required=True)
        if "unitQty" in body:
            changes["unit_qty"] = require_int(body, "unitQty")
        if "note" in body:
            changes["note"] = require_str(body, "note")
        if "isRevenue" in body:
            changes["is_revenue"] = bool(require_bool(body, "isRevenue"))
        stored = dict(loads(line["body"]))
        for key in ("alternateName", "itemCode", "unitName"):
            if key in body:
                value = require_str(body, key)
                if value is None:
                    stored.pop(key, None)
                else:
                    stored[key] = value
        if "printed" in body:
            stored["printed"] = bool(require_bool(body, "printed"))
        changes["body"] = stored
        ctx.db.update("line_items", line["id"], changes)
        _touch(ctx, order["id"])
        return respond(render_line_item(ctx.db, _line(ctx, line["id"]), expand))


async def delete_line_item(request: Request) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        line = find_line_item(ctx, order, path_id(request, "lineItemId"))
        ctx.db.execute("DELETE FROM line_items WHERE id = ?", (line["id"],))
        _touch(ctx, order["id"])
    return respond({})


async def add_line_discount(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        line = find_line_item(ctx, order, path_id(request, "lineItemId"))
        discount = parse_discount(ctx.db, ctx.mid, body)
        stored = dict(loads(line["body"]))
        stored["discounts"] = [*(stored.get("discounts") or []), discount]
        _set_line_body(ctx, line, stored)
        link = href(ctx.mid, "orders", order["id"], "line_items", line["id"], "discounts")
        return respond({"href": f"{link}/{discount['id']}", **discount})


async def delete_line_discount(request: Request) -> Response:
    return await _remove_from_line(request, "discounts", "discountId", "Discount")


async def add_modification(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        line = find_line_item(ctx, order, path_id(request, "lineItemId"))
        modification = parse_modification(ctx.db, ctx.mid, body)
        if modification is None:
            raise v3_error(400, "invalid_modifier", "modifier.id is required")
        stored = dict(loads(line["body"]))
        stored["modifications"] = [*(stored.get("modifications") or []), modification]
        _set_line_body(ctx, line, stored)
        return respond(modification)


async def delete_modification(request: Request) -> Response:
    return await _remove_from_line(request, "modifications", "modificationId", "Modification")


async def _remove_from_line(request: Request, key: str, param: str, label: str) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        line = find_line_item(ctx, order, path_id(request, "lineItemId"))
        stored = dict(loads(line["body"]))
        entries = stored.get(key) or []
        wanted = path_id(request, param)
        kept = [e for e in entries if e.get("id") != wanted]
        if len(kept) == len(entries):
            raise v3_not_found(label)
        stored[key] = kept
        _set_line_body(ctx, line, stored)
    return respond({})


# ---------------------------------------------------------- order discounts, charge


async def list_order_discounts(request: Request) -> Response:
    ctx = begin(request)
    order = find_order(ctx, path_id(request, "orderId"))
    discounts = loads(order["body"]).get("discounts") or []
    return respond(
        {
            "elements": [render_order_discount(ctx.mid, order["id"], d) for d in discounts],
            "href": str(request.url),
        }
    )


async def add_order_discount(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        discount = parse_discount(ctx.db, ctx.mid, body)
        stored = dict(loads(order["body"]))
        stored["discounts"] = [*(stored.get("discounts") or []), discount]
        _set_order_body(ctx, order, stored)
        return respond(render_order_discount(ctx.mid, order["id"], discount))


async def delete_order_discount(request: Request) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        stored = dict(loads(order["body"]))
        entries = stored.get("discounts") or []
        wanted = path_id(request, "discountId")
        kept = [d for d in entries if d.get("id") != wanted]
        if len(kept) == len(entries):
            raise v3_not_found("Discount")
        stored["discounts"] = kept
        _set_order_body(ctx, order, stored)
    return respond({})


async def set_service_charge(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        charge = parse_service_charge(ctx.db, ctx.mid, body)
        stored = dict(loads(order["body"]))
        stored["serviceCharge"] = charge
        _set_order_body(ctx, order, stored)
        return respond(charge)


async def delete_service_charge(request: Request) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        order = find_order(ctx, path_id(request, "orderId"))
        stored = dict(loads(order["body"]))
        current = stored.get("serviceCharge") or {}
        if current.get("id") != path_id(request, "chargeId"):
            raise v3_not_found("Service charge")
        stored.pop("serviceCharge", None)
        _set_order_body(ctx, order, stored)
    return respond({})


# ---------------------------------------------------------------- tender payments


def refresh_payment_state(ctx: Ctx, order: Row) -> None:
    """OPEN / PARTIALLY_PAID / PAID from the order's successful captured payments."""
    paid = int(
        ctx.db.scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM charges WHERE order_id = ? "
            "AND status = 'succeeded' AND captured = 1",
            (order["id"],),
        )
        or 0
    )
    total = order["total"]
    if total is not None and paid >= total:
        state = "PAID"
    elif paid > 0:
        state = "PARTIALLY_PAID"
    else:
        return
    changes: dict[str, Any] = {"payment_state": state, "modified_ms": ctx.now_ms}
    if state == "PAID" and order["v1_status"] == "created":
        changes["v1_status"] = "paid"
    ctx.db.update("orders", order["id"], changes)


async def record_tender_payment(request: Request) -> Response:
    """``POST /orders/{id}/payments``: an external (non-card) tender payment."""
    ctx = begin(request)
    body = await read_json(request, v3=True)
    order_id = path_id(request, "orderId")
    with ctx.db.tx():
        ensure_system_tenders(ctx.db, ctx.mid, ctx.now_ms)

    def effect(key: str | None) -> tuple[int, dict[str, Any]]:
        order = find_order(ctx, order_id)
        amount = require_int(body, "amount", required=True)
        assert amount is not None
        if amount <= 0:
            raise v3_error(400, "amount must be a positive number of cents")
        tip = require_int(body, "tipAmount") or 0
        tax = require_int(body, "taxAmount") or 0
        if tip < 0 or tax < 0:
            raise v3_error(400, "tipAmount and taxAmount cannot be negative")
        tender_id = ref_id(body.get("tender"), "tender")
        if tender_id is None:
            raise v3_error(400, "tender is required")
        tender = inventory_row(ctx.db, ctx.mid, "tender", tender_id)
        if tender is None:
            raise v3_error(400, "Invalid tender", tender_id)
        tender_body = loads(tender["body"])
        if tender_body.get("enabled") is False:
            raise v3_error(400, "Tender is disabled", tender_id)
        employee_id = ref_id(body.get("employee"), "employee") or order["employee_id"]
        charge_id = new_id()
        stored: dict[str, Any] = {
            "tender": {"id": tender["id"], "label_key": tender_body.get("labelKey")},
        }
        for source, target in (
            ("externalPaymentId", "external_payment_id"),
            ("externalReferenceId", "external_reference_id"),
            ("note", "note"),
        ):
            if isinstance(body.get(source), str):
                stored[target] = body[source]
        ctx.db.insert(
            "charges",
            {
                "id": charge_id,
                "merchant_id": ctx.mid,
                "order_id": order["id"],
                "customer_id": order["customer_id"],
                "employee_id": employee_id,
                "created_ms": ctx.now_ms,
                "modified_ms": ctx.now_ms,
                "currency": order["currency"],
                "amount": amount,
                "tax_amount": tax,
                "tip_amount": tip,
                "amount_captured": amount,
                "captured": 1,
                "status": "succeeded",
                "method": "alternate_tender",
                "tender_label_key": tender_body.get("labelKey"),
                "idempotency_key": key,
                "body": stored,
            },
        )
        refresh_payment_state(ctx, order)
        row = ctx.db.one("SELECT * FROM charges WHERE id = ?", (charge_id,))
        assert row is not None
        return 200, render_payment(ctx.db, row, frozenset({"tender"}))

    return run_money_moving(request, ctx.merchant, body, effect)


def routes() -> list[BaseRoute]:
    base = "/v3/merchants/{mId}/orders"
    one = f"{base}/{{orderId}}"
    line = f"{one}/line_items/{{lineItemId}}"
    table: list[tuple[str, Callable[[Request], Any], str]] = [
        (base, list_orders, "GET"),
        (base, create_order, "POST"),
        (one, get_order, "GET"),
        (one, update_order, "POST"),
        (one, delete_order, "DELETE"),
        (f"{one}/line_items", list_line_items, "GET"),
        (f"{one}/line_items", add_line_item, "POST"),
        (f"{one}/line_items", delete_line_items, "DELETE"),
        (f"{one}/bulk_line_items", bulk_line_items, "POST"),
        (line, get_line_item, "GET"),
        (line, update_line_item, "POST"),
        (line, delete_line_item, "DELETE"),
        (f"{line}/discounts", add_line_discount, "POST"),
        (f"{line}/discounts/{{discountId}}", delete_line_discount, "DELETE"),
        (f"{line}/modifications", add_modification, "POST"),
        (f"{line}/modifications/{{modificationId}}", delete_modification, "DELETE"),
        (f"{one}/discounts", list_order_discounts, "GET"),
        (f"{one}/discounts", add_order_discount, "POST"),
        (f"{one}/discounts/{{discountId}}", delete_order_discount, "DELETE"),
        (f"{one}/service_charge", set_service_charge, "POST"),
        (f"{one}/service_charge/{{chargeId}}", delete_service_charge, "DELETE"),
        (f"{one}/payments", record_tender_payment, "POST"),
    ]
    return [Route(path, handler, methods=[method]) for path, handler, method in table]
