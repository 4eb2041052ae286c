"""An order's payment state (``payment_state``, v1 ``status``) as its charges and refunds
leave it, read by charges, refunds, v1 orders and the v1 views."""

from __future__ import annotations

from typing import Any

from .db import Database, Row, loads


def sync_order(db: Database, order_id: str | None, now_ms: int) -> None:
    """Recompute an order's payment_state / v1_status from its charges and refunds."""
    if order_id is None:
        return
    order = db.one("SELECT * FROM orders WHERE id = ?", (order_id,))
    if order is None:
        return
    charges = db.query(
        "SELECT * FROM charges WHERE order_id = ? AND status = 'succeeded' AND captured = 1",
        (order_id,),
    )
    paid = sum(c["amount_captured"] for c in charges)
    payable = paid + sum(c["tip_amount"] for c in charges if c["amount_captured"])
    refunded = sum(c["amount_refunded"] for c in charges)
    total = order["total"] if order["total"] is not None else paid
    body = loads(order["body"])
    transitions = dict(body.get("status_transitions") or {})
    v1_status = order["v1_status"]
    state = order["state"]
    if paid <= 0:
        payment_state, v1_status = "OPEN", "created"
    elif paid < total:
        payment_state, v1_status = "PARTIALLY_PAID", "created"
    else:
        payment_state = "PAID"
        v1_status = "fulfilled" if v1_status == "fulfilled" else "paid"
        transitions.setdefault("paid", now_ms)
    if paid > 0 and refunded > 0:
        if refunded >= payable:
            payment_state = "REFUNDED"
            returned = db.scalar(
                "SELECT COUNT(*) FROM refunds WHERE order_id = ? AND kind = 'return' "
                "AND status = 'succeeded'",
                (order_id,),
            )
            v1_status = "returned" if returned else "refunded"
            transitions.setdefault(v1_status, now_ms)
            db.execute("UPDATE line_items SET refunded = 1 WHERE order_id = ?", (order_id,))
        else:
            payment_state = "PARTIALLY_REFUNDED"
    if state is not None and payment_state in ("PAID", "REFUNDED", "PARTIALLY_REFUNDED"):
        state = "locked"
    body["status_transitions"] = transitions
    changed = (
        payment_state != order["payment_state"]
        or v1_status != order["v1_status"]
        or state != order["state"]
        or transitions != (loads(order["body"]).get("status_transitions") or {})
    )
    if changed:
        db.update(
            "orders",
            order_id,
            {
                "payment_state": payment_state,
                "v1_status": v1_status,
                "state": state,
                "modified_ms": now_ms,
                "body": body,
            },
        )


def v1_status_of(row: Row) -> str:
    if row["v1_status"]:
        return str(row["v1_status"])
    return {
        "PAID": "paid",
        "PARTIALLY_REFUNDED": "paid",
        "REFUNDED": "refunded",
    }.get(row["payment_state"] or "", "created")


#: SQL giving the v1 status of an ``orders`` row (for list filters).
V1_STATUS_SQL = (
    "COALESCE(v1_status, CASE payment_state WHEN 'PAID' THEN 'paid' "
    "WHEN 'PARTIALLY_REFUNDED' THEN 'paid' WHEN 'REFUNDED' THEN 'refunded' ELSE 'created' END)"
)


def _order_total(db: Database, row: Row) -> int:
    if row["total"] is not None:
        return int(row["total"])
    subtotal = db.scalar(
        "SELECT COALESCE(SUM(price), 0) FROM line_items WHERE order_id = ?", (row["id"],)
    )
    return int(subtotal) + int(row["tax_amount"] or 0)


def _paid_charges(db: Database, order_id: str) -> list[Row]:
    return db.query(
        "SELECT * FROM charges WHERE order_id = ? AND status = 'succeeded' AND captured = 1 "
        "AND amount_captured > 0 ORDER BY created_ms, rowid",
        (order_id,),
    )


def _tax_item(amount: int, currency: str) -> dict[str, Any]:
    return {
        "type": "tax",
        "amount": amount,
        "currency": currency.lower(),
        "description": "Sales Tax",
        "quantity": 1,
    }


def insert_open_order(
    db: Database,
    merchant_id: str,
    order_id: str,
    *,
    origin: str,
    currency: str,
    total: int,
    tax_amount: int,
    customer_id: str | None,
    email: str | None,
    body: dict[str, Any],
    now_ms: int,
) -> None:
    """Write a new, unpaid Ecommerce order (a charge's auto order or a ``/v1/orders`` one)."""
    db.insert(
        "orders",
        {
            "id": order_id,
            "merchant_id": merchant_id,
            "origin": origin,
            "created_ms": now_ms,
            "client_created_ms": now_ms,
            "modified_ms": now_ms,
            "currency": currency,
            "state": "open",
            "payment_state": "OPEN",
            "v1_status": "created",
            "total": total,
            "tax_amount": tax_amount,
            "customer_id": customer_id,
            "email": email,
            "body": body,
        },
    )
