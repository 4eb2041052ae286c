"""Money movement on the Ecommerce (scl) and token hosts, shared by the v1 endpoints.

One reading of ``ecommerce.md``, ``tokens.md`` and ``gift-cards.md``: tokenization,
charges (sale, auth, capture), refunds with the remaining-amount rule, v1 orders (create,
pay, returns), card-on-file customers and Clover gift cards, plus the v1 renderers of
the rows they write. Functions here run inside the caller's ``db.tx()`` and validate
everything before they write, except card declines, which record the failed charge
and then raise (``run_money_moving`` commits a 4xx raised after writing).

Public contract used by other sandbox modules: :func:`charge_card_on_file`,
:func:`render_charge`, :func:`render_refund`, :func:`render_order_v1`.

Emulator choices made here (the reference leaves them open):

* Amounts: ``amount_too_large`` when ``amount`` exceeds 99,999,999; ``invalid_charge_amount``
  when ``amount`` is negative or not an integer, or when amount plus tip exceeds the cap.
* Every "no such object" (charge, refund, order, customer, token, tax rate) is
  ``404 resource_missing``, also when the id arrives in the body.
* Declines: ``400 card_error / card_declined`` with ``decline_code`` ``do_not_honor``
  (cards) or ``insufficient_funds`` / ``invalid_account`` (gift cards) and ``charge``;
  the failed charge is stored with ``status: failed`` and its (unpaid) order.
* ``amount_refunded`` counts every succeeded refund row of a charge (refunds, order
  returns and gift-card voids alike) so that no combination can exceed
  ``amount_captured + tip_amount``.
* v1 order ``items[].amount`` is the unit price; ``quantity`` units become that many
  line-item rows.
* Gift-card activate / reload / cashout are not charges (they would pollute the payments
  list); each gets an operation id kept in the card's history, which ``POST /v1/refunds``
  accepts as ``charge`` to void the operation (refund row of kind ``void``). The
  virtual-card promo code field is ``virtual_promo_code``. Locks expire after 7 days.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .db import Database, Row, dumps, loads
from .errors import SandboxError, invalid_request, v1_error, v1_missing
from .ids import new_id, new_token

MAX_AMOUNT = 99_999_999
RATE_ONE = 10_000_000  # a tax rate of 100 %
MAX_METADATA_CHARS = 500
MAX_ORDER_ITEMS = 25
GIFT_LOCK_TTL_MS = 7 * 24 * 3600 * 1000
GIFT_CARD_BRAND = "GIFT_CARD"
PARTIAL_REDEMPTION_WARNING = "partial_redemption should be true for gift card"
REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")
CARD_BRANDS = ("VISA", "MC", "AMEX", "DISCOVER", "DINERS_CLUB", "JCB")

#: tokens.md §3: the decline test cards (the partial-approval card declines too, as the
#: Ecommerce API declines partial authorisations).
DECLINE_PANS = {
    "4005571702222222": "do_not_honor",
    "4005578003333335": "do_not_honor",
    "375987654000004": "do_not_honor",
    "5424180273333333": "do_not_honor",
    "4264281511117771": "do_not_honor",
}
#: Cards on file keep only first6/last4, which identify the decline cards just as well.
_DECLINE_BY_ENDS = {(pan[:6], pan[-4:]): code for pan, code in DECLINE_PANS.items()}

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_EXTERNAL_REF_RE = re.compile(r"^[A-Za-z0-9 ]{1,12}$")

TENDER_CARD = "com.clover.tender.credit_card"
TENDER_DEBIT = "com.clover.tender.debit_card"
TENDER_CASH = "com.clover.tender.cash"
TENDER_CHECK = "com.clover.tender.check"
TENDER_ACH = "com.clover.tender.ach"
TENDER_GIFT = "com.clover.tender.external_gift_card"
TENDER_EXTERNAL = "com.clover.tender.external_payment"
_DEBIT_PANS = {"4000056655665556"}


# --------------------------------------------------------------------------- validation


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def int_field(
    body: dict[str, Any],
    name: str,
    *,
    minimum: int = 0,
    code: str = "invalid_request",
    param: str | None = None,
) -> int | None:
    """An optional integer field (None when absent) of at least ``minimum``."""
    value = body.get(name)
    if value is None:
        return None
    if not is_int(value) or value < minimum:
        raise invalid_request(
            f"{param or name} must be an integer of at least {minimum}",
            param=param or name,
            code=code,
        )
    result: int = value
    return result


def str_field(
    body: dict[str, Any],
    name: str,
    *,
    max_len: int | None = None,
    param: str | None = None,
    required: bool = False,
) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid_request(f"{param or name} is required", param=param or name)
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise invalid_request(f"{param or name} must be a string", param=param or name)
    if max_len is not None and len(value) > max_len:
        raise invalid_request(
            f"{param or name} must be at most {max_len} characters", param=param or name
        )
    return value


def bool_field(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise invalid_request(f"{name} must be true or false", param=name)
    return value


def currency_field(body: dict[str, Any], *, required: bool = True) -> str | None:
    """ISO 4217 code in any case (README [emulator choice]); stored upper case."""
    value = body.get("currency")
    if value is None:
        if required:
            raise invalid_request("currency is required", param="currency")
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value):
        raise invalid_request("currency must be a 3-letter ISO 4217 code", param="currency")
    return value.upper()


def email_field(body: dict[str, Any], name: str = "email", *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid_request(f"{name} is required", param=name)
        return None
    if not isinstance(value, str) or not _EMAIL_RE.match(value.strip()):
        raise invalid_request("Invalid email address", param=name, code="email_invalid")
    return value.strip()


def metadata_field(body: dict[str, Any]) -> dict[str, Any] | None:
    value = body.get("metadata")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid_request("metadata must be an object", param="metadata")
    if len(dumps(value)) > MAX_METADATA_CHARS:
        raise invalid_request(
            f"metadata must be at most {MAX_METADATA_CHARS} characters", param="metadata"
        )
    return value


def external_reference_field(body: dict[str, Any]) -> str | None:
    value = body.get("external_reference_id")
    if value is None:
        return None
    if not isinstance(value, str) or not _EXTERNAL_REF_RE.fullmatch(value):
        raise invalid_request(
            "external_reference_id must be 1 to 12 letters, digits or spaces",
            param="external_reference_id",
        )
    return value


def ecomind_field(body: dict[str, Any]) -> str:
    value = body.get("ecomind", "ecom")
    if value not in ("ecom", "moto"):
        raise invalid_request("ecomind must be ecom or moto", param="ecomind")
    result: str = value
    return result


def _card_error(code: str, message: str, param: str) -> SandboxError:
    return v1_error(400, "card_error", code, message, param=param)


def _declined(message: str, decline_code: str, charge_id: str) -> SandboxError:
    return v1_error(
        400, "card_error", "card_declined", message, decline_code=decline_code, charge=charge_id
    )


def _auth_code() -> str:
    return "OK" + "".join(secrets.choice("0123456789") for _ in range(4))


def _ref_num() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(12))


def merchant_currency(db: Database, merchant_id: str) -> str:
    return str(db.scalar("SELECT currency FROM merchants WHERE id = ?", (merchant_id,)) or "USD")


def _date_of(now_ms: int) -> datetime:
    return datetime.fromtimestamp(now_ms / 1000, tz=UTC)


# --------------------------------------------------------------------------- tokens


def luhn_ok(pan: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(pan)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def brand_of(pan: str) -> str | None:
    """tokens.md [emulator choice]: the brand from the BIN."""
    two, four = int(pan[:2]), int(pan[:4])
    if pan.startswith("4"):
        return "VISA"
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return "MC"
    if two in (34, 37):
        return "AMEX"
    if pan.startswith("6011") or pan.startswith("65"):
        return "DISCOVER"
    if two in (30, 36, 38):
        return "DINERS_CLUB"
    if two == 35:
        return "JCB"
    return None


def _digits(value: Any) -> str | None:
    if is_int(value):
        return str(value)
    if not isinstance(value, str):
        return None
    cleaned = re.sub(r"[\s-]", "", value)
    return cleaned if cleaned.isdigit() else None


def create_token(
    db: Database, merchant_id: str, body: dict[str, Any], now_ms: int
) -> dict[str, Any]:
    """``POST /v1/tokens``: the body's top-level key picks card, gift card or ACH."""
    if isinstance(body.get("card"), dict):
        return _card_token(db, merchant_id, body["card"], now_ms)
    gift = body.get("gift_card", body.get("giftCard"))
    if isinstance(gift, dict):
        return _gift_card_token(db, merchant_id, gift, now_ms)
    if isinstance(body.get("ach"), dict):
        return _ach_token(db, merchant_id, body["ach"], now_ms)
    if "bank_account_number" in body:
        return _ach_token(db, merchant_id, body, now_ms)
    raise invalid_request("One of card, gift_card or ach is required", param="card")


def _card_token(
    db: Database, merchant_id: str, card: dict[str, Any], now_ms: int
) -> dict[str, Any]:
    raw = card.get("number")
    if raw is None:
        if card.get("encrypted_pan") is not None:
            raise invalid_request(
                "The training sandbox cannot decrypt encrypted_pan; send number",
                param="card.encrypted_pan",
            )
        raise invalid_request(
            "card.number is neither a valid raw nor encrypted PAN", param="card.number"
        )
    pan = _digits(raw)
    if pan is None or not 12 <= len(pan) <= 19:
        raise _card_error("invalid_number", "The card number is not a valid PAN", "card.number")
    if not luhn_ok(pan):
        raise _card_error("incorrect_number", "The card number is incorrect", "card.number")
    given_brand = card.get("brand")
    if given_brand is not None and (
        not isinstance(given_brand, str) or given_brand.upper() not in CARD_BRANDS
    ):
        raise _card_error("invalid_card_type", "card.brand is not recognised", "card.brand")
    brand = brand_of(pan) or (given_brand.upper() if isinstance(given_brand, str) else None)
    if brand is None:
        raise _card_error("invalid_card_type", "The card brand is not recognised", "card.number")

    month_raw, year_raw = card.get("exp_month"), card.get("exp_year")
    month_text = str(month_raw) if is_int(month_raw) or isinstance(month_raw, str) else ""
    if not re.fullmatch(r"\d{1,2}", month_text) or not 1 <= int(month_text) <= 12:
        raise _card_error(
            "invalid_expiry_month", "exp_month must be a month from 1 to 12", "card.exp_month"
        )
    year_text = str(year_raw) if is_int(year_raw) or isinstance(year_raw, str) else ""
    if not re.fullmatch(r"\d{2}|\d{4}", year_text):
        raise _card_error(
            "invalid_expiry_year", "exp_year must have 2 or 4 digits", "card.exp_year"
        )
    month = int(month_text)
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    today = _date_of(now_ms)
    if (year, month) < (today.year, today.month):
        raise _card_error("expired_card", "The card has expired", "card.exp_year")

    cvv = card.get("cvv")
    cvv_text = str(cvv) if is_int(cvv) or isinstance(cvv, str) else ""
    if not re.fullmatch(r"\d{3,4}", cvv_text):
        raise _card_error("invalid_cvc", "cvv must be 3 or 4 digits", "card.cvv")
    if len(cvv_text) != (4 if brand == "AMEX" else 3):
        raise _card_error(
            "incorrect_cvc",
            "cvv must be 4 digits for American Express and 3 digits for other cards",
            "card.cvv",
        )

    exp_month, exp_year = f"{month:02d}", f"{year:04d}"
    stored: dict[str, Any] = {
        "brand": brand,
        "first6": pan[:6],
        "last4": pan[-4:],
        "exp_month": exp_month,
        "exp_year": exp_year,
        "decline": pan in DECLINE_PANS,
        "funding": "debit" if pan in _DEBIT_PANS else "credit",
        "cvc_check": "pass",
    }
    if pan in DECLINE_PANS:
        stored["decline_code"] = DECLINE_PANS[pan]
    if isinstance(card.get("address_line1"), str) and card["address_line1"].strip():
        stored["address_line1_check"] = "pass"
    if isinstance(card.get("address_zip"), str) and card["address_zip"].strip():
        stored["address_zip_check"] = "pass"
    for name in ("name", "country", "address_zip"):
        if isinstance(card.get(name), str):
            stored[name] = card[name]
    token = new_token()
    db.insert(
        "tokens",
        {
            "id": token,
            "merchant_id": merchant_id,
            "kind": "card",
            "created_ms": now_ms,
            "body": {"card": stored},
        },
    )
    return {
        "id": token,
        "object": "token",
        "card": {
            "exp_month": exp_month,
            "exp_year": exp_year,
            "first6": pan[:6],
            "last4": pan[-4:],
            "brand": brand,
        },
    }


def _gift_card_token(
    db: Database, merchant_id: str, gift: dict[str, Any], now_ms: int
) -> dict[str, Any]:
    raw = gift.get("number", gift.get("card_number"))
    if raw is None:
        raise invalid_request("gift_card.number is required", param="gift_card.number")
    number = _digits(raw)
    if number is None or len(number) not in (6, 13, 16, 19):
        raise _card_error(
            "invalid_number", "Gift card numbers have 6, 13, 16 or 19 digits", "gift_card.number"
        )
    code = gift.get("security_code")
    if code is not None and (not isinstance(code, str) or not 4 <= len(code) <= 8):
        raise invalid_request(
            "security_code must be 4 to 8 characters", param="gift_card.security_code"
        )
    token = new_token()
    db.insert(
        "tokens",
        {
            "id": token,
            "merchant_id": merchant_id,
            "kind": "gift_card",
            "created_ms": now_ms,
            "body": {"gift_card": {"number": number, "first6": number[:6], "last4": number[-4:]}},
        },
    )
    return {"id": token, "object": "token", "giftCard": {"last4": number[-4:]}}


_ACH_REQUIRED = (
    "check_type",
    "account_type",
    "customer_id_type",
    "customer_id_state",
    "customer_id",
    "phone",
    "address_line1",
    "address_city",
    "address_state",
    "address_zip",
    "agreement",
)


def _ach_token(db: Database, merchant_id: str, ach: dict[str, Any], now_ms: int) -> dict[str, Any]:
    account = _digits(ach.get("bank_account_number"))
    if account is None or not 10 <= len(account) <= 12:
        raise invalid_request(
            "bank_account_number must be 10 to 12 digits", param="bank_account_number"
        )
    routing = _digits(ach.get("bank_routing_number"))
    if routing is None or len(routing) != 9:
        raise invalid_request("bank_routing_number must be 9 digits", param="bank_routing_number")
    for name in _ACH_REQUIRED:
        str_field(ach, name, required=True)
    email_field(ach, required=True)
    check_type = ach["check_type"]
    if check_type not in ("personal_check", "corporate_check"):
        raise invalid_request(
            "check_type must be personal_check or corporate_check", param="check_type"
        )
    if ach["account_type"].lower() not in ("savings", "checking"):
        raise invalid_request("account_type must be Savings or Checking", param="account_type")
    if check_type == "personal_check":
        str_field(ach, "first_name", required=True)
        str_field(ach, "last_name", required=True)
    else:
        str_field(ach, "business_name", required=True)
    stored = {
        "last4": account[-4:],
        "bank_routing_number": routing,
        "account_type": ach["account_type"].capitalize(),
        "check_type": check_type,
    }
    for name in ("first_name", "last_name", "business_name", "email"):
        if isinstance(ach.get(name), str):
            stored[name] = ach[name]
    token = new_token()
    db.insert(
        "tokens",
        {
            "id": token,
            "merchant_id": merchant_id,
            "kind": "ach",
            "created_ms": now_ms,
            "body": {"ach": stored},
        },
    )
    shown = {k: stored[k] for k in ("last4", "bank_routing_number", "account_type", "check_type")}
    return {"id": token, "object": "token", "ach": shown}


def _token_row(db: Database, merchant_id: str, token: str, param: str = "source") -> Row:
    row = db.one("SELECT * FROM tokens WHERE id = ? AND merchant_id = ?", (token, merchant_id))
    if row is None:
        raise v1_missing("token", token)
    if row["used"]:
        raise invalid_request(
            "This token has already been used; create a new token for each payment",
            param=param,
            code="token_already_used",
        )
    return row


def _burn_token(db: Database, token: str) -> None:
    db.execute("UPDATE tokens SET used = 1 WHERE id = ?", (token,))


# --------------------------------------------------------------------------- sources


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


# --------------------------------------------------------------------------- customers


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


# --------------------------------------------------------------------------- charges


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


def amount_field(body: dict[str, Any], name: str = "amount", *, required: bool) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid_request(f"{name} is required", param=name)
        return None
    if not is_int(value) or value < 0:
        raise invalid_request(
            f"{name} must be a non-negative integer number of cents",
            param=name,
            code="invalid_charge_amount",
        )
    if value > MAX_AMOUNT:
        raise invalid_request(
            f"{name} must be at most {MAX_AMOUNT} ($999,999.99)",
            param=name,
            code="amount_too_large",
        )
    result: int = value
    return result


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
    card = first_live_card(customer)
    if card is None:
        raise invalid_request(
            "The customer has no saved payment source",
            param="source",
            code="card_on_file_missing",
        )
    request = ChargeRequest(
        amount=amount,
        currency=currency.upper(),
        source=_card_on_file_source(customer, card),
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
    db.insert(
        "orders",
        {
            "id": order_id,
            "merchant_id": merchant_id,
            "origin": "charge",
            "created_ms": now_ms,
            "client_created_ms": now_ms,
            "modified_ms": now_ms,
            "currency": currency,
            "state": "open",
            "payment_state": "OPEN",
            "v1_status": "created",
            "total": amount,
            "tax_amount": tax_amount,
            "customer_id": customer_id,
            "email": email,
            "body": {"v1_items": items, "manualTransaction": False},
        },
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


def _tax_item(amount: int, currency: str) -> dict[str, Any]:
    return {
        "type": "tax",
        "amount": amount,
        "currency": currency.lower(),
        "description": "Sales Tax",
        "quantity": 1,
    }


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


# --------------------------------------------------------------------------- orders: state


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


# --------------------------------------------------------------------------- refunds


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


# --------------------------------------------------------------------------- gift cards


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


def activate_gift_card(
    db: Database, merchant_id: str, body: dict[str, Any], *, now_ms: int
) -> dict[str, Any]:
    """``POST /v1/activate``: a physical card (token source) or a virtual one (promo code)."""
    amount = amount_field(body, required=True)
    assert amount is not None
    if amount < 1:
        raise invalid_request("amount must be at least 1", param="amount")
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
    amount = amount_field(body, required=True)
    assert amount is not None
    if amount < 1:
        raise invalid_request("amount must be at least 1", param="amount")
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


def gift_card_balance_adds_up(card: Row) -> bool:
    """Invariant: the balance is the sum of every history entry's signed amount."""
    history = loads(card["body"]).get("history", [])
    return sum(int(e["amount"]) for e in history) == int(card["balance"])


# --------------------------------------------------------------------------- orders v1


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
    db.insert(
        "orders",
        {
            "id": order_id,
            "merchant_id": merchant_id,
            "origin": "v1",
            "created_ms": now_ms,
            "client_created_ms": now_ms,
            "modified_ms": now_ms,
            "currency": currency,
            "state": "open",
            "payment_state": "OPEN",
            "v1_status": "created",
            "total": total,
            "tax_amount": tax,
            "customer_id": customer_id,
            "email": email,
            "body": {
                k: v
                for k, v in {"v1_items": items, "shipping": shipping, "metadata": metadata}.items()
                if v is not None
            },
        },
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


# --------------------------------------------------------------------------- customers v1


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


# --------------------------------------------------------------------------- renderers


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
