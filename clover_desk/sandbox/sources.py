"""What a charge draws on (its ``source``): a token, a card-on-file customer or an
alternate tender, resolved and checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .customers import _customer_by_card_token, customer_row, first_live_card
from .db import Database, Row, loads
from .errors import invalid_request, v1_missing
from .gift_cards import GIFT_CARD_BRAND
from .tokens import DECLINE_PANS, _token_row

#: Cards on file keep only first6/last4, which identify the decline cards just as well.
_DECLINE_BY_ENDS = {(pan[:6], pan[-4:]): code for pan, code in DECLINE_PANS.items()}

TENDER_CARD = "com.clover.tender.credit_card"
TENDER_DEBIT = "com.clover.tender.debit_card"
TENDER_CASH = "com.clover.tender.cash"
TENDER_CHECK = "com.clover.tender.check"
TENDER_ACH = "com.clover.tender.ach"
TENDER_GIFT = "com.clover.tender.external_gift_card"
TENDER_EXTERNAL = "com.clover.tender.external_payment"


@dataclass
class Source:
    """What a charge draws on, resolved (and checked) before anything is written."""

    method: str  # 'card', 'ach', 'giftCard', 'alternate_tender'
    tender_label_key: str
    rendered: dict[str, Any] | None = None
    token: str | None = None  # single-use token to spend
    customer_id: str | None = None
    brand: str | None = None
    first6: str | None = None
    last4: str | None = None
    decline_code: str | None = None
    tender: dict[str, Any] | None = None
    gift_number: str | None = None


def resolve_source(
    db: Database,
    merchant_id: str,
    source: Any,
    tender: Any = None,
    *,
    allow_gift_card: bool = True,
) -> Source:
    if not isinstance(source, str) or not source.strip():
        raise invalid_request("source is required", param="source")
    if source == "alternate_tender":
        return _alternate_tender(db, merchant_id, tender)
    if source.startswith("clv_"):
        return _token_source(db, merchant_id, source, allow_gift_card)
    customer = customer_row(db, merchant_id, source, missing_ok=True)
    if customer is None:
        owner = _customer_by_card_token(db, merchant_id, source)
        if owner is None:
            raise v1_missing("customer", source)
        return _card_on_file_source(*owner)
    return customer_card_source(customer)


def customer_card_source(customer: Row) -> Source:
    """The customer's first saved card as a charge source (``card_on_file_missing`` if none)."""
    card = first_live_card(customer)
    if card is None:
        raise invalid_request(
            "The customer has no saved payment source",
            param="source",
            code="card_on_file_missing",
        )
    return _card_on_file_source(customer, card)


def _alternate_tender(db: Database, merchant_id: str, tender: Any) -> Source:
    if not isinstance(tender, dict) or not tender:
        raise invalid_request("tender is required with source alternate_tender", param="tender")
    rows = db.query(
        "SELECT id, body FROM inventory WHERE merchant_id = ? AND kind = 'tender' "
        "AND deleted_ms IS NULL",
        (merchant_id,),
    )
    known = [(row["id"], loads(row["body"])) for row in rows]
    if "id" in tender:
        for tender_id, body in known:
            if tender_id == tender["id"]:
                key = body.get("labelKey") or TENDER_EXTERNAL
                shown = {"id": tender_id, "label_key": key, "label": body.get("label")}
                return Source("alternate_tender", key, tender=shown)
        raise v1_missing("tender", str(tender["id"]))
    label_key = tender.get("label_key")
    if label_key is not None:
        if label_key in (TENDER_CASH, TENDER_CHECK):
            return Source("alternate_tender", label_key, tender={"label_key": label_key})
        for tender_id, body in known:
            if body.get("labelKey") == label_key:
                shown = {"id": tender_id, "label_key": label_key, "label": body.get("label")}
                return Source("alternate_tender", label_key, tender=shown)
        raise invalid_request(f"Unknown tender label_key: {label_key}", param="tender.label_key")
    label = tender.get("label")
    if isinstance(label, str) and label.strip():
        for tender_id, body in known:
            if body.get("label") == label:
                key = body.get("labelKey") or TENDER_EXTERNAL
                shown = {"id": tender_id, "label_key": key, "label": label}
                return Source("alternate_tender", key, tender=shown)
        return Source("alternate_tender", TENDER_EXTERNAL, tender={"label": label})
    raise invalid_request("tender needs label_key, id or label", param="tender")


def _token_source(db: Database, merchant_id: str, token: str, allow_gift_card: bool) -> Source:
    row = _token_row(db, merchant_id, token)
    body = loads(row["body"])
    if row["kind"] == "card":
        card = body["card"]
        rendered = {
            "id": token,
            "brand": card["brand"],
            "first6": card["first6"],
            "last4": card["last4"],
            "exp_month": card["exp_month"],
            "exp_year": card["exp_year"],
            "funding": card.get("funding"),
            "cvc_check": card.get("cvc_check"),
            "address_line1_check": card.get("address_line1_check"),
            "address_zip_check": card.get("address_zip_check"),
        }
        return Source(
            "card",
            TENDER_DEBIT if card.get("funding") == "debit" else TENDER_CARD,
            rendered=rendered,
            token=token,
            brand=card["brand"],
            first6=card["first6"],
            last4=card["last4"],
            decline_code=card.get("decline_code") if card.get("decline") else None,
        )
    if row["kind"] == "ach":
        ach = body["ach"]
        rendered = {
            "id": token,
            "last4": ach["last4"],
            "account_type": ach.get("account_type"),
            "check_type": ach.get("check_type"),
        }
        return Source("ach", TENDER_ACH, rendered=rendered, token=token, last4=ach["last4"])
    if not allow_gift_card:
        raise invalid_request("A gift card token cannot be used here", param="source")
    gift = body["gift_card"]
    rendered = {
        "id": token,
        "brand": GIFT_CARD_BRAND,
        "first6": gift["first6"],
        "last4": gift["last4"],
    }
    return Source(
        "giftCard",
        TENDER_GIFT,
        rendered=rendered,
        token=token,
        brand=GIFT_CARD_BRAND,
        first6=gift["first6"],
        last4=gift["last4"],
        gift_number=gift["number"],
    )


def _card_on_file_source(customer: Row, card: dict[str, Any]) -> Source:
    expiration = str(card.get("expirationDate") or "")
    exp_month = expiration[:2] if len(expiration) == 4 else None
    exp_year = "20" + expiration[2:] if len(expiration) == 4 else None
    first6, last4 = card.get("first6"), card.get("last4")
    if card.get("tokenType") == "ACH":
        rendered = {"id": card["id"], "last4": last4}
        return Source("ach", TENDER_ACH, rendered=rendered, customer_id=customer["id"], last4=last4)
    rendered = {
        "id": card["id"],
        "brand": card.get("cardType"),
        "first6": first6,
        "last4": last4,
        "exp_month": exp_month,
        "exp_year": exp_year,
    }
    return Source(
        "card",
        TENDER_CARD,
        rendered=rendered,
        customer_id=customer["id"],
        brand=card.get("cardType"),
        first6=first6,
        last4=last4,
        decline_code=_DECLINE_BY_ENDS.get((str(first6), str(last4))),
    )
