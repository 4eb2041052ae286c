"""v1 Ecommerce JSON: how rows of the shared schema render as Clover v1 charges, refunds,
orders and customers.

Public contract used by other sandbox modules: :func:`render_charge`,
:func:`render_refund`, :func:`render_order_v1`.
"""

from __future__ import annotations

from typing import Any

from .db import Database, Row, loads
from .fields import merchant_currency
from .order_state import _order_total, _paid_charges, _tax_item, v1_status_of


def derive_v1_items(db: Database, order: Row) -> list[dict[str, Any]]:
    """v1 items of an order that was not made through /v1/orders: identical line items
    (same item, name and price) grouped into one item with a quantity."""
    groups: dict[tuple[Any, str, int], dict[str, Any]] = {}
    currency = str(order["currency"]).lower()
    for line in db.query(
        "SELECT item_id, name, price FROM line_items WHERE order_id = ? ORDER BY created_ms, rowid",
        (order["id"],),
    ):
        key = (line["item_id"], line["name"], line["price"])
        if key in groups:
            groups[key]["quantity"] += 1
            continue
        item: dict[str, Any] = {
            "type": "sku",
            "amount": line["price"],
            "currency": currency,
            "description": line["name"],
            "quantity": 1,
        }
        if line["item_id"]:
            item["parent"] = line["item_id"]
        groups[key] = item
    items = list(groups.values())
    if order["tax_amount"]:
        items.append(_tax_item(order["tax_amount"], currency))
    return items


def render_customer_v1(db: Database, row: Row) -> dict[str, Any]:
    body = loads(row["body"])
    sources = [card["id"] for card in body.get("cards", []) if not card.get("revoked")]
    name = " ".join(part for part in (row["first_name"], row["last_name"]) if part) or None
    return {
        "id": row["id"],
        "object": "customer",
        "created": row["created_ms"],
        "currency": merchant_currency(db, row["merchant_id"]),
        "email": row["email"],
        "phone": row["phone"],
        "name": name,
        "default_source": sources[0] if sources else None,
        "sources": {"object": "list", "data": sources},
        "shipping": body.get("shipping"),
        "ecomind": body.get("ecomind"),
        "livemode": False,
    }


def render_refund(db: Database, row: Row) -> dict[str, Any]:
    body = loads(row["body"])
    return {
        "id": row["id"],
        "object": "refund",
        "amount": row["amount"],
        "charge": row["charge_id"],
        "created": row["created_ms"],
        "currency": str(row["currency"]).lower(),
        "reason": row["reason"],
        "status": row["status"],
        "metadata": body.get("metadata"),
        "external_reference_id": body.get("external_reference_id"),
        "gift_card": body.get("gift_card"),
    }


def render_charge(db: Database, row: Row) -> dict[str, Any]:
    body = loads(row["body"])
    refund_rows = db.query(
        "SELECT * FROM refunds WHERE charge_id = ? ORDER BY created_ms DESC, rowid DESC LIMIT 11",
        (row["id"],),
    )
    refundable = row["amount_captured"] + row["tip_amount"]
    method = row["method"]
    return {
        "id": row["id"],
        "object": "charge",
        "amount": row["amount"],
        "amount_captured": row["amount_captured"],
        "amount_refunded": row["amount_refunded"],
        "tax_amount": row["tax_amount"],
        "tip_amount": row["tip_amount"],
        "currency": str(row["currency"]).lower(),
        "created": row["created_ms"],
        "captured": bool(row["captured"]),
        "paid": row["status"] == "succeeded",
        "refunded": refundable > 0 and row["amount_refunded"] >= refundable,
        "status": row["status"],
        "outcome": body.get("outcome"),
        "order": row["order_id"],
        "customer": row["customer_id"],
        "auth_code": row["auth_code"],
        "ref_num": row["ref_num"],
        "source": body.get("source"),
        "payment_method_details": method if method != "alternate_tender" else None,
        "tender": body.get("tender"),
        "partial_auth": body.get("partial_auth"),
        "gift_card": body.get("gift_card"),
        "warning_message": body.get("warning_message"),
        "failure_code": body.get("failure_code"),
        "failure_message": body.get("failure_message"),
        "description": body.get("description"),
        "external_reference_id": body.get("external_reference_id"),
        "external_customer_reference": body.get("external_customer_reference"),
        "receipt_email": body.get("receipt_email"),
        "metadata": body.get("metadata"),
        "ecomind": body.get("ecomind"),
        "soft_descriptor": body.get("soft_descriptor"),
        "stored_credentials": body.get("stored_credentials"),
        "level2": body.get("level2"),
        "level3": body.get("level3"),
        "livemode": False,
        "refunds": {
            "object": "list",
            "url": f"/v1/refunds?charge={row['id']}",
            "has_more": len(refund_rows) > 10,
            "data": [render_refund(db, r) for r in refund_rows[:10]],
        },
    }


def render_order_v1(db: Database, row: Row) -> dict[str, Any]:
    body = loads(row["body"])
    items = body.get("v1_items") or derive_v1_items(db, row)
    paid_charges = _paid_charges(db, row["id"])
    latest = paid_charges[-1] if paid_charges else None
    latest_body = loads(latest["body"]) if latest is not None else {}
    source = latest_body.get("source")
    if isinstance(source, dict):
        source = {k: v for k, v in source.items() if k != "id"}
    amount_paid = sum(c["amount_captured"] for c in paid_charges)
    returned = sum(c["amount_refunded"] for c in paid_charges)
    tips = sum(c["tip_amount"] for c in paid_charges)
    return {
        "id": row["id"],
        "object": "order",
        "amount": _order_total(db, row),
        "amount_paid": amount_paid or None,
        "amount_returned": returned or None,
        "tax_amount": row["tax_amount"] or None,
        "tip_amount": tips or None,
        "currency": str(row["currency"]).lower(),
        "created": row["created_ms"],
        "customer": row["customer_id"],
        "email": row["email"],
        "items": items,
        "shipping": body.get("shipping"),
        "metadata": body.get("metadata"),
        "status": v1_status_of(row),
        "status_transitions": body.get("status_transitions") or None,
        "charge": latest["id"] if latest is not None else None,
        "past_charges": [c["id"] for c in paid_charges[:-1]] or None,
        "source": source,
        "ref_num": latest["ref_num"] if latest is not None else None,
        "auth_code": latest["auth_code"] if latest is not None else None,
        "ecomind": latest_body.get("ecomind"),
        "livemode": False,
    }
