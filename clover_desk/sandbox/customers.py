"""Ecommerce card-on-file customers (``/v1/customers``): create, update, revoke a saved
source, and the lookups a charge uses to find a customer's card."""

from __future__ import annotations

from typing import Any

from .db import Database, Row, loads
from .errors import invalid_request, v1_missing
from .fields import ecomind_field, email_field, str_field
from .ids import new_id, new_token
from .tokens import _burn_token, _token_row


def customer_row(
    db: Database, merchant_id: str, customer_id: str, *, missing_ok: bool = False
) -> Row | None:
    row = db.one(
        "SELECT * FROM customers WHERE id = ? AND merchant_id = ? AND deleted_ms IS NULL",
        (customer_id, merchant_id),
    )
    if row is None and not missing_ok:
        raise v1_missing("customer", customer_id)
    return row


def first_live_card(customer: Row) -> dict[str, Any] | None:
    for card in loads(customer["body"]).get("cards", []):
        if not card.get("revoked"):
            result: dict[str, Any] = card
            return result
    return None


def _customer_by_card_token(
    db: Database, merchant_id: str, token: str
) -> tuple[Row, dict[str, Any]] | None:
    """A multi-pay token saved on a customer's card (``source`` may name one)."""
    for row in db.query(
        "SELECT * FROM customers WHERE merchant_id = ? AND deleted_ms IS NULL AND body LIKE ?",
        (merchant_id, f"%{token}%"),
    ):
        for card in loads(row["body"]).get("cards", []):
            if card.get("token") == token and not card.get("revoked"):
                return row, card
    return None


def _names(body: dict[str, Any]) -> tuple[str | None, str | None]:
    first = str_field(body, "firstName", max_len=64)
    last = str_field(body, "lastName", max_len=64)
    name = str_field(body, "name", max_len=128)
    if first is None and last is None and name:
        parts = name.strip().split(" ", 1)
        first = parts[0]
        last = parts[1] if len(parts) > 1 else None
    return first, last


def _saved_source(
    db: Database, merchant_id: str, source: Any, first: str | None, last: str | None, now_ms: int
) -> dict[str, Any]:
    """A card (or ACH) entry for ``customers.body.cards`` from a single-use token."""
    if not isinstance(source, str) or not source.startswith("clv_"):
        raise invalid_request("source must be a card or ACH token", param="source")
    row = _token_row(db, merchant_id, source)
    if row["kind"] == "gift_card":
        raise invalid_request("A gift card cannot be saved on file", param="source")
    body = loads(row["body"])
    entry: dict[str, Any] = {
        "id": new_id(),
        "token": new_token(),
        "firstName": first,
        "lastName": last,
        "modifiedTime": now_ms,
        "revoked": False,
    }
    if row["kind"] == "card":
        card = body["card"]
        entry.update(
            first6=card["first6"],
            last4=card["last4"],
            cardType=card["brand"],
            expirationDate=card["exp_month"] + card["exp_year"][-2:],
            tokenType="MULTIPAY",
        )
    else:
        entry.update(last4=body["ach"]["last4"], tokenType="ACH")
    return {k: v for k, v in entry.items() if v is not None}


def _shipping(body: dict[str, Any]) -> dict[str, Any] | None:
    value = body.get("shipping")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid_request("shipping must be an object", param="shipping")
    return value


def _v3_address(shipping: dict[str, Any]) -> dict[str, Any] | None:
    address = shipping.get("address")
    if not isinstance(address, dict):
        return None
    mapped = {
        "id": new_id(),
        "address1": address.get("line1"),
        "address2": address.get("line2"),
        "city": address.get("city"),
        "state": address.get("state"),
        "zip": address.get("postal_code") or address.get("zip"),
        "country": address.get("country"),
    }
    return {k: v for k, v in mapped.items() if v is not None}


def create_customer(db: Database, merchant_id: str, body: dict[str, Any], *, now_ms: int) -> Row:
    """``POST /v1/customers``: a card-on-file customer from a single-use token."""
    email = email_field(body, required=True)
    if body.get("source") is None:
        raise invalid_request("source is required", param="source")
    first, last = _names(body)
    phone = str_field(body, "phone", max_len=32)
    shipping = _shipping(body)
    ecomind = ecomind_field(body)
    card = _saved_source(db, merchant_id, body["source"], first, last, now_ms)
    _burn_token(db, body["source"])
    customer_id = new_id()
    customer_body: dict[str, Any] = {
        "emailAddresses": [{"id": new_id(), "emailAddress": email, "primaryEmail": True}],
        "phoneNumbers": [{"id": new_id(), "phoneNumber": phone}] if phone else [],
        "addresses": [],
        "cards": [card],
        "ecomind": ecomind,
    }
    if shipping is not None:
        customer_body["shipping"] = shipping
        address = _v3_address(shipping)
        if address:
            customer_body["addresses"].append(address)
    db.insert(
        "customers",
        {
            "id": customer_id,
            "merchant_id": merchant_id,
            "created_ms": now_ms,
            "modified_ms": now_ms,
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": phone,
            "body": customer_body,
        },
    )
    row = customer_row(db, merchant_id, customer_id)
    assert row is not None
    return row


def update_customer(
    db: Database, merchant_id: str, customer_id: str, body: dict[str, Any], *, now_ms: int
) -> Row:
    """``PUT /v1/customers/{id}``: new card source, names, phone, email, shipping."""
    customer = customer_row(db, merchant_id, customer_id)
    assert customer is not None
    email = email_field(body)
    first, last = _names(body)
    phone = str_field(body, "phone", max_len=32)
    shipping = _shipping(body)
    ecomind = ecomind_field(body) if body.get("ecomind") is not None else None
    customer_body = loads(customer["body"])
    first = first if first is not None else customer["first_name"]
    last = last if last is not None else customer["last_name"]
    if body.get("source") is not None:
        card = _saved_source(db, merchant_id, body["source"], first, last, now_ms)
        _burn_token(db, body["source"])
        customer_body.setdefault("cards", []).append(card)
    updates: dict[str, Any] = {"modified_ms": now_ms, "first_name": first, "last_name": last}
    if email is not None:
        updates["email"] = email
        addresses = customer_body.setdefault("emailAddresses", [])
        primary = next((e for e in addresses if e.get("primaryEmail")), None)
        if primary is None:
            addresses.insert(0, {"id": new_id(), "emailAddress": email, "primaryEmail": True})
        else:
            primary["emailAddress"] = email
    if phone is not None:
        updates["phone"] = phone
        numbers = customer_body.setdefault("phoneNumbers", [])
        if numbers:
            numbers[0]["phoneNumber"] = phone
        else:
            numbers.append({"id": new_id(), "phoneNumber": phone})
    if shipping is not None:
        customer_body["shipping"] = shipping
        address = _v3_address(shipping)
        if address:
            customer_body["addresses"] = [address]
    if ecomind is not None:
        customer_body["ecomind"] = ecomind
    updates["body"] = customer_body
    db.update("customers", customer_id, updates)
    row = customer_row(db, merchant_id, customer_id)
    assert row is not None
    return row


def revoke_source(
    db: Database, merchant_id: str, customer_id: str, source_id: str, *, now_ms: int
) -> dict[str, Any]:
    customer = customer_row(db, merchant_id, customer_id)
    assert customer is not None
    body = loads(customer["body"])
    for card in body.get("cards", []):
        if card.get("id") == source_id and not card.get("revoked"):
            card["revoked"] = True
            card["modifiedTime"] = now_ms
            db.update("customers", customer_id, {"body": body, "modified_ms": now_ms})
            return {"deleted": True, "id": source_id, "object": "deletedcard"}
    raise v1_missing("source", source_id)
