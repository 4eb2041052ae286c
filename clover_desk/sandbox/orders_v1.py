"""Ecommerce v1 orders (``/v1/orders``): create, pay (with tip, split) and returns.

Emulator choice: ``items[].amount`` is the unit price; ``quantity`` units become that
many line-item rows.
"""

from __future__ import annotations

from typing import Any

from .charges import (
    RATE_ONE,
    ChargeRequest,
    _charge_extras,
    check_gift_charge,
    execute_charge,
    tax_rate_of,
)
from .customers import customer_row
from .db import Database, Row, loads
from .errors import invalid_request, v1_missing
from .fields import (
    MAX_AMOUNT,
    amount_field,
    bool_field,
    currency_field,
    email_field,
    int_field,
    is_int,
    metadata_field,
    str_field,
)
from .gift_cards import _gift_adjust
from .ids import new_id
from .order_state import (
    _order_total,
    _paid_charges,
    _tax_item,
    insert_open_order,
    sync_order,
    v1_status_of,
)
from .refunds import _void_metadata, recompute_refunded, refund_row
from .sources import resolve_source
from .views_v1 import render_order_v1, render_refund

MAX_ORDER_ITEMS = 25


def order_row(db: Database, merchant_id: str, order_id: str) -> Row | None:
    return db.one(
        "SELECT * FROM orders WHERE id = ? AND merchant_id = ? AND deleted_ms IS NULL",
        (order_id, merchant_id),
    )


def require_order(db: Database, merchant_id: str, order_id: str) -> Row:
    row = order_row(db, merchant_id, order_id)
    if row is None:
        raise v1_missing("order", order_id)
    return row


def _parse_tax_rates(db: Database, merchant_id: str, raw: Any, param: str) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise invalid_request(f"{param} must be a list", param=param)
    rates: list[dict[str, Any]] = []
    for index, entry in enumerate(raw):
        where = f"{param}[{index}]"
        if not isinstance(entry, dict):
            raise invalid_request(f"{where} must be an object", param=where)
        name = entry.get("name")
        if name is not None and not isinstance(name, str):
            raise invalid_request(f"{where}.name must be a string", param=where + ".name")
        if entry.get("tax_rate_uuid") is not None:
            rate_id, rate_name, rate = tax_rate_of(
                db, merchant_id, entry["tax_rate_uuid"], where + ".tax_rate_uuid"
            )
            rates.append({"name": name or rate_name, "tax_rate_uuid": rate_id, "rate": rate})
        elif entry.get("rate") is not None:
            if not is_int(entry["rate"]) or not 0 <= entry["rate"] <= RATE_ONE:
                raise invalid_request(
                    f"{where}.rate must be an integer from 0 to {RATE_ONE}", param=where + ".rate"
                )
            rates.append({"name": name or "Tax", "rate": entry["rate"]})
        elif entry.get("tax_amount") is not None:
            if not is_int(entry["tax_amount"]) or entry["tax_amount"] < 0:
                raise invalid_request(
                    f"{where}.tax_amount must be a non-negative integer",
                    param=where + ".tax_amount",
                    code="invalid_tax_amount",
                )
            rates.append({"name": name or "Tax", "tax_amount": entry["tax_amount"]})
        else:
            raise invalid_request(f"{where} needs tax_rate_uuid, rate or tax_amount", param=where)
    return rates


def create_order_v1(db: Database, merchant_id: str, body: dict[str, Any], *, now_ms: int) -> Row:
    """``POST /v1/orders``: items become line items; tax_rates add a Sales Tax item."""
    currency = currency_field(body)
    assert currency is not None
    email = email_field(body)
    customer_id = str_field(body, "customer")
    if customer_id is not None:
        customer = customer_row(db, merchant_id, customer_id)
        assert customer is not None
        email = email or customer["email"]
    shipping = body.get("shipping")
    if shipping is not None and not isinstance(shipping, dict):
        raise invalid_request("shipping must be an object", param="shipping")
    metadata = metadata_field(body)
    raw_items = body.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise invalid_request("items must be a non-empty list", param="items")
    if len(raw_items) > MAX_ORDER_ITEMS:
        raise invalid_request(f"An order holds at most {MAX_ORDER_ITEMS} items", param="items")
    items: list[dict[str, Any]] = []
    lines: list[tuple[str, int, str | None, list[dict[str, Any]]]] = []
    subtotal = tax = 0
    for index, raw in enumerate(raw_items):
        where = f"items[{index}]"
        if not isinstance(raw, dict):
            raise invalid_request(f"{where} must be an object", param=where)
        kind = raw.get("type", "sku")
        if kind not in ("sku", "shipping", "tax"):
            raise invalid_request(f"{where}.type must be sku, shipping or tax", param=where)
        amount = int_field(raw, "amount", param=where + ".amount")
        if amount is None:
            raise invalid_request(f"{where}.amount is required", param=where + ".amount")
        quantity = int_field(raw, "quantity", minimum=1, param=where + ".quantity") or 1
        description = str_field(raw, "description", max_len=255, param=where + ".description")
        parent = str_field(raw, "parent", param=where + ".parent")
        item_currency = raw.get("currency")
        if item_currency is not None and (
            not isinstance(item_currency, str) or item_currency.upper() != currency
        ):
            raise invalid_request(f"{where}.currency must match the order's", param=where)
        parent_name = None
        if parent is not None:
            found = db.one(
                "SELECT name FROM inventory WHERE kind = 'item' AND id = ? AND merchant_id = ? "
                "AND deleted_ms IS NULL",
                (parent, merchant_id),
            )
            if found is None:
                raise v1_missing("item", parent)
            parent_name = found["name"]
        rates = _parse_tax_rates(db, merchant_id, raw.get("tax_rates"), where + ".tax_rates")
        item: dict[str, Any] = {
            "type": kind,
            "amount": amount,
            "currency": currency.lower(),
            "description": description,
            "quantity": quantity,
            "parent": parent,
            "tax_rates": rates or None,
        }
        items.append({k: v for k, v in item.items() if v is not None})
        if kind == "tax":
            tax += amount * quantity
            continue
        subtotal += amount * quantity
        for rate in rates:
            if "rate" in rate:
                tax += round(amount * quantity * rate["rate"] / RATE_ONE)
            else:
                tax += rate["tax_amount"]
        name = description or parent_name or ("Shipping" if kind == "shipping" else "Item")
        lines.extend((name, amount, parent, rates) for _ in range(quantity))
    if any(item.get("tax_rates") for item in items):
        computed = tax - sum(i["amount"] * i["quantity"] for i in items if i["type"] == "tax")
        if computed:
            items.append(_tax_item(computed, currency))
    total = subtotal + tax
    if total > MAX_AMOUNT:
        raise invalid_request(
            "The order total exceeds $999,999.99", param="items", code="amount_too_large"
        )
    order_id = new_id()
    insert_open_order(
        db,
        merchant_id,
        order_id,
        origin="v1",
        currency=currency,
        total=total,
        tax_amount=tax,
        customer_id=customer_id,
        email=email,
        body={
            k: v
            for k, v in {"v1_items": items, "shipping": shipping, "metadata": metadata}.items()
            if v is not None
        },
        now_ms=now_ms,
    )
    for offset, (name, price, parent, rates) in enumerate(lines):
        tax_rates = [
            {
                "id": rate.get("tax_rate_uuid") or new_id(),
                "name": rate["name"],
                **({"rate": rate["rate"]} if "rate" in rate else {"taxAmount": rate["tax_amount"]}),
            }
            for rate in rates
        ]
        db.insert(
            "line_items",
            {
                "id": new_id(),
                "merchant_id": merchant_id,
                "order_id": order_id,
                "created_ms": now_ms + offset,
                "item_id": parent,
                "name": name,
                "price": price,
                "body": {"taxRates": tax_rates} if tax_rates else {},
            },
        )
    row = order_row(db, merchant_id, order_id)
    assert row is not None
    return row


def pay_order(
    db: Database,
    merchant_id: str,
    order_id: str,
    body: dict[str, Any],
    *,
    now_ms: int,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """``POST /v1/orders/{id}/pay``: full or split payment, with a tip on the first."""
    order = require_order(db, merchant_id, order_id)
    total = _order_total(db, order)
    paid_charges = _paid_charges(db, order_id)
    paid = sum(c["amount_captured"] for c in paid_charges)
    remaining = total - paid
    if v1_status_of(order) in ("paid", "fulfilled", "returned", "refunded") or remaining <= 0:
        raise invalid_request("This order has already been paid", code="order_already_paid")
    amount = amount_field(body, required=False)
    if amount is None:
        amount = remaining
    elif amount < 1 or amount > remaining:
        raise invalid_request(
            f"amount must be from 1 to the unpaid amount of the order ({remaining})",
            param="amount",
        )
    currency = currency_field(body, required=False) or order["currency"]
    if currency != order["currency"]:
        raise invalid_request("currency must match the order's currency", param="currency")
    tip = int_field(body, "tip_amount", code="invalid_tip_amount") or 0
    if tip and paid_charges:
        raise invalid_request(
            "tip_amount may only be sent with the first payment of an order",
            param="tip_amount",
            code="invalid_tip_amount",
        )
    if amount + tip > MAX_AMOUNT:
        raise invalid_request(
            "amount plus tip_amount exceeds the Clover limit", code="invalid_charge_amount"
        )
    email = email_field(body)
    customer_id = str_field(body, "customer")
    customer = customer_row(db, merchant_id, customer_id) if customer_id else None
    customer_id = customer_id or order["customer_id"]
    if email is None and order["email"] is None:
        if customer is None and customer_id:
            customer = customer_row(db, merchant_id, customer_id, missing_ok=True)
        email = customer["email"] if customer is not None else None
        if email is None:
            raise invalid_request("email is required for an order without one", param="email")
    if body.get("source") is not None:
        source = resolve_source(db, merchant_id, body["source"], body.get("tender"))
    elif customer_id:
        source = resolve_source(db, merchant_id, customer_id)
    else:
        raise invalid_request("source or customer is required", param="source")
    extras = _charge_extras(body)
    metadata = extras.get("metadata") or {}
    request = ChargeRequest(
        amount=amount,
        currency=currency,
        source=source,
        tip_amount=tip,
        tax_amount=order["tax_amount"] if amount == total else 0,
        partial_redemption=bool_field(body, "partial_redemption", False),
        extras=extras,
    )
    check_gift_charge(db, merchant_id, request)
    updates: dict[str, Any] = {}
    if order["email"] is None and email is not None:
        updates["email"] = email
    if order["customer_id"] is None and customer_id:
        updates["customer_id"] = customer_id
    if updates:
        db.update("orders", order_id, updates)
    charge = execute_charge(
        db,
        merchant_id,
        request,
        now_ms=now_ms,
        idempotency_key=idempotency_key,
        order_id=order_id,
        customer_id=customer_id,
        delete_order_on_failure=metadata.get("delete_order_on_failure") is True,
    )
    fresh = require_order(db, merchant_id, order_id)
    rendered = render_order_v1(db, fresh)
    warning = loads(charge["body"]).get("warning_message")
    if warning:
        rendered["warning_message"] = warning
    return rendered


def _return_lines(db: Database, order: Row, items: list[Any]) -> tuple[int, int, list[str]]:
    """(amount, tax part, line item ids) of a partial return, validated."""
    chosen: list[str] = []
    amount = tax = 0
    lines = db.query(
        "SELECT * FROM line_items WHERE order_id = ? ORDER BY created_ms, rowid", (order["id"],)
    )
    for index, raw in enumerate(items):
        where = f"items[{index}]"
        if not isinstance(raw, dict):
            raise invalid_request(f"{where} must be an object", param=where)
        kind = raw.get("type")
        if kind not in ("sku", "shipping", "tax"):
            raise invalid_request(
                f"{where}.type must be sku, shipping or tax", param=where + ".type"
            )
        item_amount = int_field(raw, "amount", param=where + ".amount")
        if item_amount is None:
            raise invalid_request(f"{where}.amount is required", param=where + ".amount")
        quantity = int_field(raw, "quantity", minimum=1, param=where + ".quantity") or 1
        str_field(raw, "description", max_len=255, param=where + ".description")
        parent = str_field(raw, "parent", param=where + ".parent")
        if kind == "tax":
            if item_amount > order["tax_amount"]:
                raise invalid_request(
                    f"{where}.amount exceeds the order's tax", param=where + ".amount"
                )
            tax += item_amount
            amount += item_amount
            continue
        if parent is None:
            raise invalid_request(f"{where}.parent is required", param=where + ".parent")
        by_id = [line for line in lines if line["id"] == parent]
        if by_id:
            picked = by_id
            if quantity != 1:
                raise invalid_request(
                    f"{where}.quantity must be 1 for a line item", param=where + ".quantity"
                )
        else:
            picked = [
                line
                for line in lines
                if line["item_id"] == parent and line["id"] not in chosen and not line["refunded"]
            ][:quantity]
            if not picked:
                raise invalid_request(
                    f"{where}.parent names no returnable line item or item of this order",
                    param=where + ".parent",
                )
            if len(picked) < quantity:
                raise invalid_request(
                    f"{where}.quantity exceeds the returnable quantity ({len(picked)})",
                    param=where + ".quantity",
                )
        for line in picked:
            if line["refunded"] or line["id"] in chosen:
                raise invalid_request(
                    f"{where}: line item {line['id']} has already been returned",
                    param=where + ".parent",
                )
            chosen.append(line["id"])
        ceiling = sum(line["price"] for line in picked) + order["tax_amount"]
        if item_amount > ceiling:
            raise invalid_request(
                f"{where}.amount exceeds the value of the returned items", param=where + ".amount"
            )
        amount += item_amount
    return amount, tax, chosen


def return_order(
    db: Database,
    merchant_id: str,
    order_id: str,
    body: dict[str, Any],
    *,
    now_ms: int,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """``POST /v1/orders/{id}/returns``: the whole payment, or some items."""
    order = require_order(db, merchant_id, order_id)
    status = v1_status_of(order)
    if status not in ("paid", "fulfilled"):
        raise invalid_request(
            f"Only paid or fulfilled orders can be returned (this one is {status})",
            param="order",
        )
    charges = [
        c
        for c in _paid_charges(db, order_id)
        if c["amount_captured"] + c["tip_amount"] - c["amount_refunded"] > 0
    ]
    remaining = sum(c["amount_captured"] + c["tip_amount"] - c["amount_refunded"] for c in charges)
    if remaining <= 0:
        raise invalid_request(
            "This order's payment has already been refunded", code="charge_already_refunded"
        )
    items = body.get("items")
    if items is not None and not isinstance(items, list):
        raise invalid_request("items must be a list", param="items")
    if items:
        amount, tax, line_ids = _return_lines(db, order, items)
        if amount > remaining:
            raise invalid_request(
                f"The return ({amount}) exceeds what remains refundable on the order ({remaining})",
                param="items",
            )
        whole = False
    else:
        amount = remaining
        tax = order["tax_amount"]
        line_ids = [
            row["id"]
            for row in db.query(
                "SELECT id FROM line_items WHERE order_id = ? AND refunded = 0 "
                "ORDER BY created_ms, rowid",
                (order_id,),
            )
        ]
        whole = True
    created: list[Row] = []
    left = amount
    for charge in charges:
        if left <= 0:
            break
        share = min(
            left, charge["amount_captured"] + charge["tip_amount"] - charge["amount_refunded"]
        )
        left -= share
        refund_id = new_id()
        refund_body: dict[str, Any] = {"line_item_ids": line_ids if not created else []}
        if charge["method"] == "giftCard":
            card = db.one(
                "SELECT * FROM gift_cards WHERE id = ?", (loads(charge["body"])["gift_card_id"],)
            )
            assert card is not None
            refund_body["gift_card_id"] = card["id"]
            refund_body["gift_delta"] = share
            refund_body["gift_card"] = _gift_adjust(db, card, share, "refund", refund_id, now_ms)
            refund_body["metadata"] = _void_metadata(charge)
        db.insert(
            "refunds",
            {
                "id": refund_id,
                "merchant_id": merchant_id,
                "charge_id": charge["id"],
                "order_id": order_id,
                "created_ms": now_ms,
                "modified_ms": now_ms,
                "currency": charge["currency"],
                "amount": share,
                "tax_amount": tax if not created else 0,
                "tip_amount": charge["tip_amount"] if whole else 0,
                "status": "succeeded",
                "kind": "return",
                "idempotency_key": idempotency_key,
                "body": refund_body,
            },
        )
        recompute_refunded(db, charge["id"], now_ms)
        row = refund_row(db, merchant_id, refund_id)
        assert row is not None
        created.append(row)
    if line_ids:
        db.execute(
            f"UPDATE line_items SET refunded = 1 WHERE id IN ({','.join('?' for _ in line_ids)})",  # noqa: S608
            line_ids,
        )
    sync_order(db, order_id, now_ms)
    rendered = render_order_v1(db, require_order(db, merchant_id, order_id))
    rendered["returns"] = [render_refund(db, row) for row in created]
    return rendered
