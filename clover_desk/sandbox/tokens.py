"""Clover tokens (``POST /v1/tokens``, tokens.md): a card, gift card or bank account
(ACH) becomes a single-use ``clv_`` token for a charge, a customer or a gift card."""

from __future__ import annotations

import re
from typing import Any

from .db import Database, Row
from .errors import SandboxError, invalid_request, v1_error, v1_missing
from .fields import _date_of, email_field, is_int, str_field
from .ids import new_token

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

_DEBIT_PANS = {"4000056655665556"}


def _card_error(code: str, message: str, param: str) -> SandboxError:
    return v1_error(400, "card_error", code, message, param=param)


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


def _store_token(
    db: Database, merchant_id: str, kind: str, stored: dict[str, Any], now_ms: int
) -> str:
    """A new single-use token of ``kind`` whose body keeps ``stored`` under that kind."""
    token = new_token()
    db.insert(
        "tokens",
        {
            "id": token,
            "merchant_id": merchant_id,
            "kind": kind,
            "created_ms": now_ms,
            "body": {kind: stored},
        },
    )
    return token


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
    token = _store_token(db, merchant_id, "card", stored, now_ms)
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
    stored = {"number": number, "first6": number[:6], "last4": number[-4:]}
    token = _store_token(db, merchant_id, "gift_card", stored, now_ms)
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
    token = _store_token(db, merchant_id, "ach", stored, now_ms)
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
