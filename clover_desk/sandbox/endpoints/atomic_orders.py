"""Atomic orders (atomic-orders-inventory.md §1).

* ``POST /v3/merchants/{mId}/atomic_order/checkouts`` prices a cart and records nothing.
* ``POST /v3/merchants/{mId}/atomic_order/orders`` prices the same body and records the
  order (origin ``atomic``, state ``open``, paymentState ``OPEN``, v1 status
  ``created``) with one ``line_items`` row per line; it answers the v3 Order. The
  order's ``total`` is the amount due (tax included, discounts off, service charge
  added) so that ``POST /v1/orders/{id}/pay`` charges the right amount.

Pricing rules: :mod:`clover_desk.sandbox.carts`. 400 bodies are
``{"message": "<code>", "details": "..."}``.

[emulator choices] The checkouts response's ``subtotal`` is after all discounts and
before tax and service charge, so ``total = subtotal + totalTaxAmount +
serviceChargeAmount``; ``serviceChargeAmount`` (not in Clover's published typing) is
added only when a service charge applies. Ad-hoc lines (no ``item``) get the
merchant's default tax rates unless they send ``taxRates``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..carts import (
    MAX_LINE_ITEMS,
    PricedCart,
    cart_error,
    parse_discount,
    parse_line,
    parse_service_charge,
    price_cart,
)
from ..db import loads
from ..ids import new_id
from ..jsonutil import read_json, respond
from ..platform_v3 import Ctx, begin, collection
from ..views_v3 import elements, inventory_row, ref, render_order

ORDER_RESPONSE_EXPAND = frozenset(
    {
        "lineItems",
        "lineItems.discounts",
        "lineItems.modifications",
        "lineItems.taxRates",
        "discounts",
        "serviceCharge",
        "orderType",
    }
)


def _cart(ctx: Ctx, body: dict[str, Any]) -> tuple[PricedCart, dict[str, Any]]:
    cart = body.get("orderCart")
    if not isinstance(cart, dict):
        raise cart_error("cart_is_empty_or_missing", "The request body needs an orderCart")
    raw_lines = collection(cart.get("lineItems"))
    if not raw_lines:
        raise cart_error("cart_is_empty_or_missing", "orderCart.lineItems is empty or missing")
    if len(raw_lines) > MAX_LINE_ITEMS:
        raise cart_error("bad_request", f"An order can hold at most {MAX_LINE_ITEMS} line items")
    order_type_id = None
    taxable = True
    if cart.get("orderType") is not None:
        raw_type = cart["orderType"]
        type_id = raw_type.get("id") if isinstance(raw_type, dict) else None
        row = inventory_row(
            ctx.db, ctx.mid, "order_type", type_id if isinstance(type_id, str) else None
        )
        if row is None:
            raise cart_error("bad_request", f"Unknown order type: {type_id}")
        order_type_id = row["id"]
        taxable = bool(loads(row["body"]).get("taxable", True))
    lines = [parse_line(ctx.db, ctx.mid, raw) for raw in raw_lines]
    discounts = [
        parse_discount(ctx.db, ctx.mid, d) for d in collection(cart.get("discounts")) or []
    ]
    service_charge = parse_service_charge(ctx.db, ctx.mid, cart.get("serviceCharge"))
    priced = price_cart(lines, discounts, service_charge, taxable=taxable)
    extras: dict[str, Any] = {"orderTypeId": order_type_id}
    for key in ("note", "title", "externalReferenceId"):
        value = cart.get(key)
        if value is not None and not isinstance(value, str):
            raise cart_error("bad_request", f"orderCart.{key} must be a string")
        extras[key] = value
    group = cart.get("groupLineItems")
    if group is not None and not isinstance(group, bool):
        raise cart_error("bad_request", "orderCart.groupLineItems must be a boolean")
    extras["groupLineItems"] = group
    return priced, extras


async def checkouts(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    priced, extras = _cart(ctx, body)
    line_elements = []
    for line in priced.lines:
        line_elements.append(
            {
                "item": ref(line.item_id),
                "name": line.name,
                "alternateName": line.body.get("alternateName"),
                "price": line.price,
                "unitQty": line.unit_qty,
                "unitName": line.body.get("unitName"),
                "itemCode": line.body.get("itemCode"),
                "note": line.note,
                "printed": bool(line.body.get("printed", False)),
                "exchanged": bool(line.body.get("exchanged", False)),
                "refunded": False,
                "isRevenue": line.is_revenue,
                "discounts": elements(line.discounts),
                "modifications": elements(line.modifications),
                "taxRates": elements(line.tax_rates),
            }
        )
    order_cart: dict[str, Any] = {
        "lineItems": elements(line_elements),
        "discounts": elements(priced.discounts),
        "orderType": ref(extras["orderTypeId"]),
        "serviceCharge": priced.service_charge,
        "note": extras["note"],
        "title": extras["title"],
        "groupLineItems": extras["groupLineItems"],
        "currency": ctx.merchant.currency,
        "merchant": {"id": ctx.mid},
    }
    result: dict[str, Any] = {
        "orderCart": order_cart,
        "subtotal": priced.subtotal,
        "totalTaxAmount": priced.tax_total,
        "total": priced.total,
        "taxSummaries": elements(priced.tax_summaries),
        "isVat": False,
    }
    if priced.service_charge is not None:
        result["serviceChargeAmount"] = priced.service_charge_amount
    return respond(result)


def record_order(ctx: Ctx, priced: PricedCart, extras: dict[str, Any]) -> str:
    """Insert the order and its line items; returns the order id (inside ``db.tx()``)."""
    order_id = new_id()
    body: dict[str, Any] = {
        "discounts": priced.discounts,
        "taxRemoved": False,
        "isVat": False,
        "manualTransaction": False,
        # Clover's order schema defaults groupLineItems to true.
        "groupLineItems": extras["groupLineItems"] is not False,
        "testMode": False,
    }
    if priced.service_charge is not None:
        body["serviceCharge"] = priced.service_charge
    ctx.db.insert(
        "orders",
        {
            "id": order_id,
            "merchant_id": ctx.mid,
            "origin": "atomic",
            "created_ms": ctx.now_ms,
            "client_created_ms": ctx.now_ms,
            "modified_ms": ctx.now_ms,
            "currency": ctx.merchant.currency,
            "state": "open",
            "payment_state": "OPEN",
            "v1_status": "created",
            "total": priced.total,
            "tax_amount": priced.tax_total,
            "order_type_id": extras.get("orderTypeId"),
            "title": extras.get("title"),
            "note": extras.get("note"),
            "external_reference_id": extras.get("externalReferenceId"),
            "body": body,
        },
    )
    for line in priced.lines:
        ctx.db.insert(
            "line_items",
            {
                "id": new_id(),
                "merchant_id": ctx.mid,
                "order_id": order_id,
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
    return order_id


async def create_order(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        priced, extras = _cart(ctx, body)
        order_id = record_order(ctx, priced, extras)
        row = ctx.db.one("SELECT * FROM orders WHERE id = ?", (order_id,))
        assert row is not None
        return respond(render_order(ctx.db, row, ORDER_RESPONSE_EXPAND))


def routes() -> list[BaseRoute]:
    base = "/v3/merchants/{mId}/atomic_order"
    return [
        Route(f"{base}/checkouts", checkouts, methods=["POST"]),
        Route(f"{base}/orders", create_order, methods=["POST"]),
    ]
