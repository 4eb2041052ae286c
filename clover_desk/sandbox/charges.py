"""Ecommerce charges (``/v1/charges``, ecommerce.md): sale, auth, capture, and a charge
of a customer's card on file.

Functions here and in the other v1 money modules run inside the caller's ``db.tx()`` and
validate everything before they write, except card declines, which record the failed
charge and then raise (``run_money_moving`` commits a 4xx raised after writing).

Public contract used by other sandbox modules: :func:`charge_card_on_file`.

Emulator choices made here (the reference leaves them open):

* Amounts: ``amount_too_large`` when ``amount`` exceeds 99,999,999; ``invalid_charge_amount``
  when ``amount`` is negative or not an integer, or when amount plus tip exceeds the cap.
* Every "no such object" (charge, refund, order, customer, token, tax rate) is
  ``404 resource_missing``, also when the id arrives in the body.
* Declines: ``400 card_error / card_declined`` with ``decline_code`` ``do_not_honor``
  (cards) or ``insufficient_funds`` / ``invalid_account`` (gift cards) and ``charge``;
  the failed charge is stored with ``status: failed`` and its (unpaid) order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .customers import customer_row
from .db import Database, Row, loads
from .errors import SandboxError, invalid_request, v1_error, v1_missing
from .fields import (
    MAX_AMOUNT,
    _auth_code,
    _ref_num,
    amount_field,
    bool_field,
    currency_field,
    ecomind_field,
    email_field,
    external_reference_field,
    int_field,
    is_int,
    metadata_field,
    str_field,
)
from .gift_cards import (
    _gift_apply_charge,
    _gift_card_by_number,
    _gift_release_lock,
    _locked,
    _prune_locks,
)
from .ids import new_id
from .order_state import _tax_item, insert_open_order, sync_order
from .sources import Source, customer_card_source, resolve_source
from .tokens import _burn_token
from .views_v1 import render_charge

RATE_ONE = 10_000_000  # a tax rate of 100 %
PARTIAL_REDEMPTION_WARNING = "partial_redemption should be true for gift card"


def _declined(message: str, decline_code: str, charge_id: str) -> SandboxError:
    return v1_error(
        400, "card_error", "card_declined", message, decline_code=decline_code, charge=charge_id
    )


@dataclass
class ChargeRequest:
    amount: int
    currency: str  # upper case
    source: Source
    capture: bool = True
    tip_amount: int = 0
    tax_amount: int = 0
    partial_redemption: bool = False
    description: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)


def tax_rate_of(db: Database, merchant_id: str, rate_id: Any, param: str) -> tuple[str, str, int]:
    """(id, name, rate) of the merchant's inventory tax rate."""
    if not isinstance(rate_id, str):
        raise invalid_request(f"{param} must be a tax rate id", param=param)
    row = db.one(
        "SELECT id, name, body FROM inventory WHERE kind = 'tax_rate' AND id = ? "
        "AND merchant_id = ? AND deleted_ms IS NULL",
        (rate_id, merchant_id),
    )
    if row is None:
        raise v1_missing("tax_rate", rate_id)
    body = loads(row["body"])
    rate = body.get("rate", 0)
    return row["id"], row["name"] or body.get("name") or "Tax", int(rate if is_int(rate) else 0)


def _charge_extras(body: dict[str, Any]) -> dict[str, Any]:
    extras: dict[str, Any] = {"ecomind": ecomind_field(body)}
    extras["metadata"] = metadata_field(body)
    extras["external_reference_id"] = external_reference_field(body)
    extras["receipt_email"] = email_field(body, "receipt_email")
    extras["external_customer_reference"] = str_field(body, "external_customer_reference")
    intent = body.get("intent")
    if intent is not None and intent != "save_credential_on_file":
        raise invalid_request("intent must be save_credential_on_file", param="intent")
    extras["intent"] = intent
    for name in ("soft_descriptor", "stored_credentials", "level2", "level3", "threeds"):
        value = body.get(name)
        if value is not None and not isinstance(value, dict):
            raise invalid_request(f"{name} must be an object", param=name)
        extras[name] = value
    return {k: v for k, v in extras.items() if v is not None}


def parse_charge_body(db: Database, merchant_id: str, body: dict[str, Any]) -> ChargeRequest:
    """Validate a ``POST /v1/charges`` body (no writes)."""
    amount = amount_field(body, required=True)
    assert amount is not None
    currency = currency_field(body)
    assert currency is not None
    tip = int_field(body, "tip_amount", code="invalid_tip_amount") or 0
    tax = int_field(body, "tax_amount", code="invalid_tax_amount") or 0
    if body.get("tax_rate_uuid") is not None:
        _, _, rate = tax_rate_of(db, merchant_id, body["tax_rate_uuid"], "tax_rate_uuid")
        if body.get("tax_amount") is None:
            tax = amount - round(amount * RATE_ONE / (RATE_ONE + rate))
    if tax > amount:
        raise invalid_request(
            "tax_amount is part of amount and cannot exceed it",
            param="tax_amount",
            code="invalid_tax_amount",
        )
    if amount + tip > MAX_AMOUNT:
        raise invalid_request(
            "amount plus tip_amount exceeds the Clover limit",
            param="amount",
            code="invalid_charge_amount",
        )
    request = ChargeRequest(
        amount=amount,
        currency=currency,
        source=resolve_source(db, merchant_id, body.get("source"), body.get("tender")),
        capture=bool_field(body, "capture", True),
        tip_amount=tip,
        tax_amount=tax,
        partial_redemption=bool_field(body, "partial_redemption", False),
        description=str_field(body, "description", max_len=255),
        extras=_charge_extras(body),
    )
    check_gift_charge(db, merchant_id, request)
    return request


def check_gift_charge(db: Database, merchant_id: str, request: ChargeRequest) -> None:
    """Validation specific to gift-card redemptions (still no writes)."""
    if request.source.method != "giftCard":
        return
    if request.amount < 1:
        raise invalid_request("amount must be at least 1 for a gift card", param="amount")
    if request.tip_amount:
        raise invalid_request(
            "Gift card redemptions take no tip", param="tip_amount", code="invalid_tip_amount"
        )
    card = _gift_card_by_number(db, merchant_id, request.source.gift_number or "")
    if card is not None and card["currency"] != request.currency:
        raise invalid_request("currency does not match the gift card's", param="currency")


def execute_charge(
    db: Database,
    merchant_id: str,
    request: ChargeRequest,
    *,
    now_ms: int,
    idempotency_key: str | None,
    order_id: str | None = None,
    customer_id: str | None = None,
    email: str | None = None,
    delete_order_on_failure: bool = False,
) -> Row:
    """Write a charge (and its auto order when ``order_id`` is None).

    A decline stores the failed charge and raises ``card_declined``.
    """
    source = request.source
    charge_id = new_id()
    customer_id = source.customer_id or customer_id
    if source.token is not None:
        _burn_token(db, source.token)
    amount = request.amount
    decline_code = source.decline_code
    body: dict[str, Any] = {
        **request.extras,
        "source": source.rendered,
        "description": request.description,
        "tender": source.tender,
        "entry_type": "KEYED",
    }
    gift: Row | None = None
    gift_body: dict[str, Any] = {}
    if source.method == "giftCard":
        gift = _gift_card_by_number(db, merchant_id, source.gift_number or "")
        if gift is None or not gift["active"]:
            decline_code = "invalid_account"
        else:
            gift_body = _prune_locks(db, gift, now_ms)
            available = gift["balance"] - _locked(gift_body)
            if available <= 0:
                decline_code = "insufficient_funds"
            elif available < amount:
                amount = available
                body["partial_auth"] = True
                if not request.partial_redemption:
                    body["warning_message"] = PARTIAL_REDEMPTION_WARNING
    declined = decline_code is not None
    captured = request.capture and not declined
    if declined:
        body["failure_code"] = "card_declined"
        body["failure_message"] = "Your card was declined."
        body["decline_code"] = decline_code
        body["outcome"] = {
            "network_status": "declined_by_network",
            "type": "issuer_declined",
            "reason": decline_code,
        }
    else:
        body["outcome"] = {"network_status": "approved_by_network", "type": "authorized"}
    if order_id is None:
        order_id = _create_charge_order(
            db,
            merchant_id,
            amount=amount,
            tax_amount=min(request.tax_amount, amount),
            currency=request.currency,
            customer_id=customer_id,
            description=request.description,
            email=email,
            now_ms=now_ms,
        )
    if gift is not None and not declined:
        body["gift_card_id"] = gift["id"]
        body["gift_card"] = _gift_apply_charge(
            db, gift, gift_body, charge_id, amount, request.capture, now_ms
        )
    db.insert(
        "charges",
        {
            "id": charge_id,
            "merchant_id": merchant_id,
            "order_id": order_id,
            "customer_id": customer_id,
            "created_ms": now_ms,
            "modified_ms": now_ms,
            "currency": request.currency,
            "amount": amount,
            "tax_amount": min(request.tax_amount, amount),
            "tip_amount": 0 if declined else request.tip_amount,
            "amount_captured": amount if captured else 0,
            "amount_refunded": 0,
            "captured": captured,
            "status": "failed" if declined else "succeeded",
            "method": source.method,
            "card_brand": source.brand,
            "card_first6": source.first6,
            "card_last4": source.last4,
            "tender_label_key": source.tender_label_key,
            "auth_code": None if declined else _auth_code(),
            "ref_num": _ref_num(),
            "idempotency_key": idempotency_key,
            "body": {k: v for k, v in body.items() if v is not None},
        },
    )
    if declined and delete_order_on_failure:
        db.execute(
            "UPDATE orders SET deleted_ms = ?, modified_ms = ? WHERE id = ?",
            (now_ms, now_ms, order_id),
        )
    sync_order(db, order_id, now_ms)
    if declined:
        assert decline_code is not None
        raise _declined("Your card was declined.", decline_code, charge_id)
    row = charge_row(db, merchant_id, charge_id)
    assert row is not None
    return row


def create_charge(
    db: Database,
    merchant_id: str,
    body: dict[str, Any],
    *,
    now_ms: int,
    idempotency_key: str | None,
) -> Row:
    """``POST /v1/charges``."""
    request = parse_charge_body(db, merchant_id, body)
    return execute_charge(db, merchant_id, request, now_ms=now_ms, idempotency_key=idempotency_key)


def charge_card_on_file(
    db: Database,
    merchant_id: str,
    customer_id: str,
    *,
    amount: int,
    tip_amount: int,
    tax_amount: int,
    currency: str,
    now_ms: int,
    description: str | None = None,
) -> dict[str, Any]:
    """Charge the customer's first saved card (recurring billing); the rendered charge.

    Raises ``SandboxError`` when the customer is unknown, has no card, or the card
    declines (the failed charge is written first, as for any decline).
    """
    customer = customer_row(db, merchant_id, customer_id)
    assert customer is not None
    source = customer_card_source(customer)
    request = ChargeRequest(
        amount=amount,
        currency=currency.upper(),
        source=source,
        tip_amount=tip_amount,
        tax_amount=tax_amount,
        description=description,
        extras={"ecomind": "ecom"},
    )
    declined: SandboxError | None = None
    with db.tx():  # a decline's failed charge is committed before the error is raised
        try:
            row = execute_charge(db, merchant_id, request, now_ms=now_ms, idempotency_key=None)
        except SandboxError as error:
            declined = error
    if declined is not None:
        raise declined
    return render_charge(db, row)


def charge_row(db: Database, merchant_id: str, charge_id: str) -> Row | None:
    return db.one(
        "SELECT * FROM charges WHERE id = ? AND merchant_id = ?", (charge_id, merchant_id)
    )


def require_charge(db: Database, merchant_id: str, charge_id: str) -> Row:
    row = charge_row(db, merchant_id, charge_id)
    if row is None:
        raise v1_missing("charge", charge_id)
    return row


def _create_charge_order(
    db: Database,
    merchant_id: str,
    *,
    amount: int,
    tax_amount: int,
    currency: str,
    customer_id: str | None,
    description: str | None,
    email: str | None,
    now_ms: int,
) -> str:
    """The order a charge without one auto-creates: one line item (plus tax)."""
    order_id = new_id()
    price = amount - tax_amount
    name = (description or "Ecommerce charge")[:127]
    items: list[dict[str, Any]] = [
        {
            "type": "sku",
            "amount": price,
            "currency": currency.lower(),
            "description": name,
            "quantity": 1,
        }
    ]
    if tax_amount:
        items.append(_tax_item(tax_amount, currency))
    insert_open_order(
        db,
        merchant_id,
        order_id,
        origin="charge",
        currency=currency,
        total=amount,
        tax_amount=tax_amount,
        customer_id=customer_id,
        email=email,
        body={"v1_items": items, "manualTransaction": False},
        now_ms=now_ms,
    )
    db.insert(
        "line_items",
        {
            "id": new_id(),
            "merchant_id": merchant_id,
            "order_id": order_id,
            "created_ms": now_ms,
            "name": name,
            "price": price,
        },
    )
    return order_id


def capture_charge(
    db: Database, merchant_id: str, charge_id: str, body: dict[str, Any], *, now_ms: int
) -> Row:
    """``POST /v1/charges/{id}/capture``: full or partial; gift-card lock redeem/unlock."""
    charge = require_charge(db, merchant_id, charge_id)
    if charge["status"] != "succeeded":
        raise invalid_request("This charge failed; there is nothing to capture", param="charge")
    if charge["captured"]:
        raise invalid_request(
            "This charge has already been captured", code="charge_already_captured"
        )
    is_gift = charge["method"] == "giftCard"
    authorized = charge["amount"]
    amount = body.get("amount")
    if amount is None:
        amount = authorized
    elif not is_int(amount) or amount < (0 if is_gift else 1) or amount > authorized:
        raise invalid_request(
            f"amount must be an integer from {0 if is_gift else 1} to the authorized "
            f"amount ({authorized})",
            param="amount",
        )
    receipt_email = email_field(body, "receipt_email")
    level2 = body.get("level2")
    if level2 is not None and not isinstance(level2, dict):
        raise invalid_request("level2 must be an object", param="level2")
    charge_body = loads(charge["body"])
    if is_gift:
        card = db.one("SELECT * FROM gift_cards WHERE id = ?", (charge_body["gift_card_id"],))
        assert card is not None
        card_body = _prune_locks(db, card, now_ms)
        lock_id = charge_body.get("gift_card", {}).get("lock_id")
        if not any(lock["lock_id"] == lock_id for lock in card_body.get("locks", [])):
            raise invalid_request("The gift card lock has expired or was released", param="charge")
        charge_body["gift_card"] = _gift_release_lock(
            db, card, card_body, charge_id, lock_id, amount, now_ms
        )
    if receipt_email is not None:
        charge_body["receipt_email"] = receipt_email
    if level2 is not None:
        charge_body["level2"] = level2
    db.update(
        "charges",
        charge_id,
        {"captured": True, "amount_captured": amount, "modified_ms": now_ms, "body": charge_body},
    )
    order = db.one("SELECT * FROM orders WHERE id = ?", (charge["order_id"],))
    if order is not None and order["origin"] == "charge" and amount < authorized and amount > 0:
        _shrink_charge_order(db, order, amount)
    if charge["order_id"]:
        sync_order(db, charge["order_id"], now_ms)
    row = charge_row(db, merchant_id, charge_id)
    assert row is not None
    return row


def _shrink_charge_order(db: Database, order: Row, amount: int) -> None:
    """A partial capture: the auto-created order now totals what was captured."""
    tax = min(order["tax_amount"], amount)
    body = loads(order["body"])
    items = [dict(item) for item in body.get("v1_items", [])]
    for item in items:
        if item.get("type") == "tax":
            item["amount"] = tax
        else:
            item["amount"] = amount - tax
    body["v1_items"] = [item for item in items if item.get("type") != "tax" or tax]
    db.update("orders", order["id"], {"total": amount, "tax_amount": tax, "body": body})
    db.execute("UPDATE line_items SET price = ? WHERE order_id = ?", (amount - tax, order["id"]))
