"""Ecommerce refunds (``/v1/refunds``): refunds of a charge with the remaining-amount
rule, voids of a gift-card operation, and the cancel that undoes a gift-card refund.

Emulator choice: ``amount_refunded`` counts every succeeded refund row of a charge
(refunds, order returns and gift-card voids alike) so that no combination can exceed
``amount_captured + tip_amount``.
"""

from __future__ import annotations

from typing import Any

from .charges import charge_row
from .db import Database, Row, loads
from .errors import invalid_request, v1_missing
from .fields import external_reference_field, is_int, metadata_field, str_field
from .gift_cards import _find_gift_op, _gift_adjust
from .ids import new_id
from .order_state import sync_order

REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")


def refund_row(db: Database, merchant_id: str, refund_id: str) -> Row | None:
    return db.one(
        "SELECT * FROM refunds WHERE id = ? AND merchant_id = ?", (refund_id, merchant_id)
    )


def _refund_common(
    body: dict[str, Any],
) -> tuple[str, str | None, str | None, dict[str, Any] | None]:
    charge_id = str_field(body, "charge", required=True)
    assert charge_id is not None
    reason = body.get("reason")
    if reason is not None and reason not in REFUND_REASONS:
        raise invalid_request("reason must be one of " + ", ".join(REFUND_REASONS), param="reason")
    return charge_id, reason, external_reference_field(body), metadata_field(body)


def _refund_amount(body: dict[str, Any], remaining: int) -> int:
    amount = body.get("amount")
    if amount is None:
        return remaining
    if not is_int(amount) or amount < 1:
        raise invalid_request("amount must be a positive integer number of cents", param="amount")
    if amount > remaining:
        raise invalid_request(
            f"Refund amount ({amount}) is greater than the unrefunded amount on the charge "
            f"({remaining})",
            param="amount",
        )
    result: int = amount
    return result


def create_refund(
    db: Database,
    merchant_id: str,
    body: dict[str, Any],
    *,
    now_ms: int,
    idempotency_key: str | None,
) -> Row:
    """``POST /v1/refunds``: a charge, or a gift-card operation to void."""
    charge_id, reason, external_ref, metadata = _refund_common(body)
    charge = charge_row(db, merchant_id, charge_id)
    if charge is None:
        op = _find_gift_op(db, merchant_id, charge_id)
        if op is None:
            raise v1_missing("charge", charge_id)
        return _void_gift_op(
            db, merchant_id, op, body, reason, external_ref, now_ms, idempotency_key
        )
    if charge["status"] != "succeeded":
        raise invalid_request("A failed charge cannot be refunded", param="charge")
    if not charge["captured"]:
        raise invalid_request(
            "An uncaptured authorization cannot be refunded; capture it first",
            param="charge",
        )
    total = charge["amount_captured"] + charge["tip_amount"]
    remaining = total - charge["amount_refunded"]
    if remaining <= 0:
        raise invalid_request(
            "This charge has already been refunded", code="charge_already_refunded"
        )
    amount = _refund_amount(body, remaining)
    full = amount == total
    if not full:
        line_count = db.scalar(
            "SELECT COUNT(*) FROM line_items WHERE order_id = ?", (charge["order_id"],)
        )
        if charge["tax_amount"] or charge["tip_amount"] or (line_count or 0) > 1:
            order = charge["order_id"]
            raise invalid_request(
                "Partial refunds are not supported for a charge with tax, a tip or more than "
                f"one line item; use POST /v1/orders/{order}/returns instead",
                param="amount",
            )
    refund_body: dict[str, Any] = {"metadata": metadata, "external_reference_id": external_ref}
    charge_body = loads(charge["body"])
    if charge["method"] == "giftCard":
        card = db.one("SELECT * FROM gift_cards WHERE id = ?", (charge_body["gift_card_id"],))
        assert card is not None
        refund_id = new_id()
        refund_body["gift_card_id"] = card["id"]
        refund_body["gift_delta"] = amount
        refund_body["gift_card"] = _gift_adjust(db, card, amount, "refund", refund_id, now_ms)
        refund_body["metadata"] = {**(metadata or {}), **_void_metadata(charge)}
    else:
        refund_id = new_id()
    db.insert(
        "refunds",
        {
            "id": refund_id,
            "merchant_id": merchant_id,
            "charge_id": charge["id"],
            "order_id": charge["order_id"],
            "created_ms": now_ms,
            "modified_ms": now_ms,
            "currency": charge["currency"],
            "amount": amount,
            "tax_amount": charge["tax_amount"] if full else 0,
            "tip_amount": charge["tip_amount"] if full else 0,
            "reason": reason,
            "status": "succeeded",
            "kind": "refund",
            "idempotency_key": idempotency_key,
            "body": {k: v for k, v in refund_body.items() if v is not None},
        },
    )
    recompute_refunded(db, charge["id"], now_ms)
    sync_order(db, charge["order_id"], now_ms)
    row = refund_row(db, merchant_id, refund_id)
    assert row is not None
    return row


def recompute_refunded(db: Database, charge_id: str, now_ms: int) -> None:
    """charges.amount_refunded = every succeeded refund row against the charge."""
    total = db.scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE charge_id = ? AND status = 'succeeded'",
        (charge_id,),
    )
    db.execute(
        "UPDATE charges SET amount_refunded = ?, modified_ms = ? WHERE id = ?",
        (int(total), now_ms, charge_id),
    )


def _void_metadata(charge: Row | None, op: dict[str, Any] | None = None) -> dict[str, Any]:
    auth = charge["auth_code"] if charge is not None else (op or {}).get("auth_code")
    ref = charge["ref_num"] if charge is not None else (op or {}).get("ref_num")
    return {"refundType": "VOID", "authCode": auth, "refNum": ref, "gatewayResponseCode": "00"}


def cancel_refund(
    db: Database, merchant_id: str, refund_id: str, body: dict[str, Any], *, now_ms: int
) -> dict[str, Any]:
    """``POST /v1/refunds/{id}/cancel``: void a gift-card refund or void."""
    refund = refund_row(db, merchant_id, refund_id)
    if refund is None:
        raise v1_missing("refund", refund_id)
    reason = str_field(body, "reason", max_len=64)
    refund_body = loads(refund["body"])
    if "gift_card_id" not in refund_body:
        raise invalid_request("Only gift card refunds and voids can be canceled", param="refund")
    if refund["status"] != "succeeded":
        raise invalid_request("This refund has already been canceled", param="refund")
    card = db.one("SELECT * FROM gift_cards WHERE id = ?", (refund_body["gift_card_id"],))
    assert card is not None
    delta = -int(refund_body.get("gift_delta", 0))
    gift = _gift_adjust(db, card, delta, "void_refund", refund_id, now_ms)
    refund_body["canceled"] = {"reason": reason or "USER_CANCEL", "at_ms": now_ms}
    db.update(
        "refunds", refund_id, {"status": "canceled", "modified_ms": now_ms, "body": refund_body}
    )
    if charge_row(db, merchant_id, refund["charge_id"]) is not None:
        recompute_refunded(db, refund["charge_id"], now_ms)
        sync_order(db, refund["order_id"], now_ms)
    return {
        "id": refund_id,
        "object": "void_on_refund",
        "amount": refund["amount"],
        "charge": refund["charge_id"],
        "created": now_ms,
        "status": "succeeded",
        "metadata": refund_body.get("metadata"),
        "gift_card": gift,
    }


def _void_gift_op(
    db: Database,
    merchant_id: str,
    found: tuple[Row, dict[str, Any]],
    body: dict[str, Any],
    reason: str | None,
    external_ref: str | None,
    now_ms: int,
    idempotency_key: str | None,
) -> Row:
    card, entry = found
    op_id = entry["ref"]
    total = abs(int(entry["amount"]))
    voided = db.scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE charge_id = ? AND status = 'succeeded'",
        (op_id,),
    )
    remaining = total - int(voided)
    if remaining <= 0:
        raise invalid_request(
            "This gift card operation has already been voided", code="charge_already_refunded"
        )
    amount = _refund_amount(body, remaining)
    sign = 1 if int(entry["amount"]) > 0 else -1
    refund_id = new_id()
    gift = _gift_adjust(db, card, -sign * amount, "void_" + entry["op"], refund_id, now_ms)
    db.insert(
        "refunds",
        {
            "id": refund_id,
            "merchant_id": merchant_id,
            "charge_id": op_id,
            "created_ms": now_ms,
            "modified_ms": now_ms,
            "currency": card["currency"],
            "amount": amount,
            "reason": reason,
            "status": "succeeded",
            "kind": "void",
            "idempotency_key": idempotency_key,
            "body": {
                "gift_card_id": card["id"],
                "gift_delta": -sign * amount,
                "gift_card": gift,
                "voided_op": entry["op"],
                "metadata": {**(metadata_field(body) or {}), **_void_metadata(None, entry)},
                **({"external_reference_id": external_ref} if external_ref else {}),
            },
        },
    )
    row = refund_row(db, merchant_id, refund_id)
    assert row is not None
    return row
