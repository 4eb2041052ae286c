"""Clover gift cards (gift-cards.md): activate, balance inquiry, reload, cashout, and the
balance and locks a gift-card charge redeems.

Emulator choices made here (the reference leaves them open): activate / reload / cashout
are not charges (they would pollute the payments list); each gets an operation id kept in
the card's history, which ``POST /v1/refunds`` accepts as ``charge`` to void the operation
(refund row of kind ``void``). The virtual-card promo code field is
``virtual_promo_code``. Locks expire after 7 days.
"""

from __future__ import annotations

import secrets
from typing import Any

from .db import Database, Row, loads
from .errors import invalid_request, v1_error
from .fields import _auth_code, _date_of, _ref_num, amount_field, currency_field, str_field
from .ids import new_id
from .tokens import _burn_token, _token_row

GIFT_LOCK_TTL_MS = 7 * 24 * 3600 * 1000
GIFT_CARD_BRAND = "GIFT_CARD"


def _gift_card_by_number(db: Database, merchant_id: str, number: str) -> Row | None:
    return db.one(
        "SELECT * FROM gift_cards WHERE merchant_id = ? AND number = ?", (merchant_id, number)
    )


def _locked(card_body: dict[str, Any]) -> int:
    return sum(int(lock["amount"]) for lock in card_body.get("locks", []))


def _history(
    card_body: dict[str, Any],
    now_ms: int,
    op: str,
    amount: int,
    balance_after: int,
    ref: str,
    **extra: Any,
) -> None:
    entry = {"at_ms": now_ms, "op": op, "amount": amount, "balance_after": balance_after}
    entry["ref"] = ref
    entry.update({k: v for k, v in extra.items() if v is not None})
    card_body.setdefault("history", []).append(entry)


def _prune_locks(db: Database, card: Row, now_ms: int) -> dict[str, Any]:
    """The card's body with expired multi-locks released (written back if any were)."""
    body: dict[str, Any] = loads(card["body"])
    locks = body.get("locks", [])
    live = [lock for lock in locks if lock["expires_ms"] > now_ms]
    if len(live) != len(locks):
        for lock in locks:
            if lock["expires_ms"] <= now_ms:
                _history(
                    body,
                    now_ms,
                    "lock_expired",
                    0,
                    card["balance"],
                    lock.get("charge", ""),
                    lock_id=lock["lock_id"],
                )
        body["locks"] = live
        db.update("gift_cards", card["id"], {"body": body, "modified_ms": now_ms})
    return body


def _gift_view(
    card_body: dict[str, Any], previous: int, new: int, lock_id: int | None = None
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "expiration_date": card_body.get("expiration_date"),
        "previous_balance": previous,
        "new_balance": new,
        "lock_amount": _locked(card_body),
    }
    if lock_id is not None:
        view["lock_id"] = lock_id
    return view


def _gift_apply_charge(
    db: Database,
    card: Row,
    card_body: dict[str, Any],
    charge_id: str,
    amount: int,
    capture: bool,
    now_ms: int,
) -> dict[str, Any]:
    balance = card["balance"]
    if capture:
        _history(card_body, now_ms, "redeem", -amount, balance - amount, charge_id)
        db.update(
            "gift_cards",
            card["id"],
            {"balance": balance - amount, "body": card_body, "modified_ms": now_ms},
        )
        return _gift_view(card_body, balance, balance - amount)
    lock_id = int(card_body.get("next_lock_id", 1))
    card_body["next_lock_id"] = lock_id + 1
    card_body.setdefault("locks", []).append(
        {
            "lock_id": lock_id,
            "amount": amount,
            "expires_ms": now_ms + GIFT_LOCK_TTL_MS,
            "charge": charge_id,
        }
    )
    _history(card_body, now_ms, "lock", 0, balance, charge_id, lock_id=lock_id, lock_amount=amount)
    db.update("gift_cards", card["id"], {"body": card_body, "modified_ms": now_ms})
    return _gift_view(card_body, balance, balance, lock_id)


def _gift_release_lock(
    db: Database,
    card: Row,
    card_body: dict[str, Any],
    charge_id: str,
    lock_id: int,
    amount: int,
    now_ms: int,
) -> dict[str, Any]:
    card_body["locks"] = [lock for lock in card_body["locks"] if lock["lock_id"] != lock_id]
    balance = card["balance"]
    if amount:
        _history(card_body, now_ms, "redeem", -amount, balance - amount, charge_id, lock_id=lock_id)
    else:
        _history(card_body, now_ms, "unlock", 0, balance, charge_id, lock_id=lock_id)
    db.update(
        "gift_cards",
        card["id"],
        {"balance": balance - amount, "body": card_body, "modified_ms": now_ms},
    )
    return _gift_view(card_body, balance, balance - amount, lock_id)


def _gift_adjust(
    db: Database, card: Row, delta: int, op: str, ref: str, now_ms: int
) -> dict[str, Any]:
    """Move ``delta`` cents onto (or off) the card; debits need the available balance."""
    card_body = _prune_locks(db, card, now_ms)
    balance = card["balance"]
    if delta < 0 and balance - _locked(card_body) < -delta:
        raise invalid_request(
            "The gift card's available balance is too low for this operation", param="source"
        )
    _history(card_body, now_ms, op, delta, balance + delta, ref)
    db.update(
        "gift_cards",
        card["id"],
        {"balance": balance + delta, "body": card_body, "modified_ms": now_ms},
    )
    return _gift_view(card_body, balance, balance + delta)


def _gift_token(db: Database, merchant_id: str, source: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(source, str) or not source.startswith("clv_"):
        raise invalid_request("source must be a gift card token", param="source")
    row = _token_row(db, merchant_id, source)
    if row["kind"] != "gift_card":
        raise invalid_request("source must be a gift card token", param="source")
    gift: dict[str, Any] = loads(row["body"])["gift_card"]
    return source, gift


def _active_card(db: Database, merchant_id: str, number: str) -> Row:
    card = _gift_card_by_number(db, merchant_id, number)
    if card is None or not card["active"]:
        raise v1_error(
            400,
            "card_error",
            "card_declined",
            "The gift card is not active",
            param="source",
            decline_code="invalid_account",
        )
    return card


def _op_response(
    op_id: str,
    amount: int,
    currency: str,
    now_ms: int,
    source: dict[str, Any],
    gift: dict[str, Any],
    auth_code: str,
    ref_num: str,
) -> dict[str, Any]:
    return {
        "id": op_id,
        "object": "charge",
        "amount": amount,
        "currency": currency.lower(),
        "created": now_ms,
        "captured": True,
        "paid": True,
        "status": "succeeded",
        "outcome": {"network_status": "approved_by_network", "type": "authorized"},
        "auth_code": auth_code,
        "ref_num": ref_num,
        "payment_method_details": "giftCard",
        "source": source,
        "gift_card": gift,
        "livemode": False,
    }


def _gift_source(token: str | None, number: str) -> dict[str, Any]:
    return {"id": token, "brand": GIFT_CARD_BRAND, "first6": number[:6], "last4": number[-4:]}


def _value_amount(body: dict[str, Any]) -> int:
    """The value an activate or reload puts on a card: a required amount of at least 1."""
    amount = amount_field(body, required=True)
    assert amount is not None
    if amount < 1:
        raise invalid_request("amount must be at least 1", param="amount")
    return amount


def activate_gift_card(
    db: Database, merchant_id: str, body: dict[str, Any], *, now_ms: int
) -> dict[str, Any]:
    """``POST /v1/activate``: a physical card (token source) or a virtual one (promo code)."""
    amount = _value_amount(body)
    currency = currency_field(body)
    assert currency is not None
    promo = str_field(body, "virtual_promo_code", max_len=64)
    token: str | None = None
    if body.get("source") is not None or promo is None:
        token, gift = _gift_token(db, merchant_id, body.get("source"))
        number = gift["number"]
        if _gift_card_by_number(db, merchant_id, number) is not None:
            raise invalid_request("This gift card is already active", param="source")
        _burn_token(db, token)
        virtual = False
    else:
        virtual = True
        while True:
            number = "777732" + "".join(secrets.choice("0123456789") for _ in range(10))
            if _gift_card_by_number(db, merchant_id, number) is None:
                break
    op_id, auth_code, ref_num = new_id(), _auth_code(), _ref_num()
    expires = _date_of(now_ms)
    card_body: dict[str, Any] = {
        "locks": [],
        "history": [],
        "expiration_date": f"{expires.year + 5:04d}-{expires.month:02d}-{min(expires.day, 28):02d}",
    }
    if promo is not None:
        card_body["virtual_promo_code"] = promo
    _history(
        card_body,
        now_ms,
        "activate",
        amount,
        amount,
        op_id,
        currency=currency,
        auth_code=auth_code,
        ref_num=ref_num,
    )
    db.insert(
        "gift_cards",
        {
            "id": new_id(),
            "merchant_id": merchant_id,
            "number": number,
            "virtual": virtual,
            "active": True,
            "balance": amount,
            "currency": currency,
            "created_ms": now_ms,
            "modified_ms": now_ms,
            "body": card_body,
        },
    )
    gift_view = _gift_view(card_body, 0, amount)
    if virtual:
        gift_view["number"] = number
    return _op_response(
        op_id, amount, currency, now_ms, _gift_source(token, number), gift_view, auth_code, ref_num
    )


def gift_balance(
    db: Database, merchant_id: str, body: dict[str, Any], *, now_ms: int
) -> dict[str, Any]:
    """``POST /v1/balance_inquiry``."""
    token, gift = _gift_token(db, merchant_id, body.get("source"))
    card = _active_card(db, merchant_id, gift["number"])
    _burn_token(db, token)
    card_body = _prune_locks(db, card, now_ms)
    return {
        "status": "succeeded",
        "gift_card": _gift_view(card_body, card["balance"], card["balance"]),
    }


def reload_gift_card(
    db: Database, merchant_id: str, body: dict[str, Any], *, now_ms: int
) -> dict[str, Any]:
    """``POST /v1/reload``: add value to an active card."""
    amount = _value_amount(body)
    currency = currency_field(body)
    token, gift = _gift_token(db, merchant_id, body.get("source"))
    card = _active_card(db, merchant_id, gift["number"])
    if currency != card["currency"]:
        raise invalid_request("currency does not match the gift card's", param="currency")
    _burn_token(db, token)
    return _gift_op(db, card, "reload", amount, token, now_ms)


def cashout_gift_card(
    db: Database, merchant_id: str, body: dict[str, Any], *, now_ms: int
) -> dict[str, Any]:
    """``POST /v1/cashout``: pay out the available balance (locked value stays)."""
    token, gift = _gift_token(db, merchant_id, body.get("source"))
    card = _active_card(db, merchant_id, gift["number"])
    available = card["balance"] - _locked(loads(card["body"]))
    if available <= 0:
        raise invalid_request("The gift card has no balance to cash out", param="source")
    _burn_token(db, token)
    return _gift_op(db, card, "cashout", -available, token, now_ms)


def _gift_op(
    db: Database, card: Row, op: str, delta: int, token: str, now_ms: int
) -> dict[str, Any]:
    card_body = _prune_locks(db, card, now_ms)
    op_id, auth_code, ref_num = new_id(), _auth_code(), _ref_num()
    balance = card["balance"]
    _history(
        card_body,
        now_ms,
        op,
        delta,
        balance + delta,
        op_id,
        currency=card["currency"],
        auth_code=auth_code,
        ref_num=ref_num,
    )
    db.update(
        "gift_cards",
        card["id"],
        {"balance": balance + delta, "body": card_body, "modified_ms": now_ms},
    )
    return _op_response(
        op_id,
        abs(delta),
        card["currency"],
        now_ms,
        _gift_source(token, card["number"]),
        _gift_view(card_body, balance, balance + delta),
        auth_code,
        ref_num,
    )


def _find_gift_op(db: Database, merchant_id: str, op_id: str) -> tuple[Row, dict[str, Any]] | None:
    """The activate / reload / cashout history entry whose id is ``op_id``."""
    for card in db.query(
        "SELECT * FROM gift_cards WHERE merchant_id = ? AND body LIKE ?",
        (merchant_id, f'%"{op_id}"%'),
    ):
        for entry in loads(card["body"]).get("history", []):
            if entry.get("ref") == op_id and entry.get("op") in ("activate", "reload", "cashout"):
                return card, entry
    return None


def gift_card_balance_adds_up(card: Row) -> bool:
    """Invariant: the balance is the sum of every history entry's signed amount."""
    history = loads(card["body"]).get("history", [])
    return sum(int(e["amount"]) for e in history) == int(card["balance"])
