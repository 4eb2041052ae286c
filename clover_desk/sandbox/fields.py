"""Body fields of the v1 Ecommerce requests (charges, refunds, orders, customers, gift
cards), validated before anything is written, and the few helpers those modules share."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Any

from .db import Database, dumps
from .errors import invalid_request

MAX_AMOUNT = 99_999_999
MAX_METADATA_CHARS = 500

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_EXTERNAL_REF_RE = re.compile(r"^[A-Za-z0-9 ]{1,12}$")


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


def _auth_code() -> str:
    return "OK" + "".join(secrets.choice("0123456789") for _ in range(4))


def _ref_num() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(12))


def merchant_currency(db: Database, merchant_id: str) -> str:
    return str(db.scalar("SELECT currency FROM merchants WHERE id = ?", (merchant_id,)) or "USD")


def _date_of(now_ms: int) -> datetime:
    return datetime.fromtimestamp(now_ms / 1000, tz=UTC)


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
