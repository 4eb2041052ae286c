"""Creating merchants and their credentials."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .db import Database
from .ids import new_id, new_secret

#: Credential kinds every merchant gets at creation.
STANDING_CREDENTIALS = ("api", "private", "public", "pakms")


@dataclass(frozen=True)
class MerchantCredentials:
    merchant_id: str
    api_token: str
    ecommerce_private_token: str
    ecommerce_public_key: str
    pakms_key: str


def create_merchant(
    db: Database,
    now_ms: int,
    name: str,
    *,
    currency: str = "USD",
    rng: random.Random | None = None,
    body: dict[str, object] | None = None,
) -> MerchantCredentials:
    """Insert a bare merchant with one credential of each standing kind."""
    merchant_id = new_id(rng)
    tokens = {kind: new_secret() for kind in STANDING_CREDENTIALS}
    with db.tx():
        db.insert(
            "merchants",
            {
                "id": merchant_id,
                "name": name,
                "currency": currency.upper(),
                "developer_app_id": new_id(rng),
                "created_ms": now_ms,
                "body": body or {},
            },
        )
        for kind, token in tokens.items():
            db.insert(
                "credentials",
                {"token": token, "merchant_id": merchant_id, "kind": kind, "created_ms": now_ms},
            )
    return MerchantCredentials(
        merchant_id=merchant_id,
        api_token=tokens["api"],
        ecommerce_private_token=tokens["private"],
        ecommerce_public_key=tokens["public"],
        pakms_key=tokens["pakms"],
    )


def credentials_of(db: Database, merchant_id: str) -> MerchantCredentials:
    """The first standing credential of each kind for an existing merchant."""
    found = {
        row["kind"]: row["token"]
        for row in db.query(
            "SELECT kind, token FROM credentials WHERE merchant_id = ? AND kind IN "
            "('api', 'private', 'public', 'pakms') ORDER BY created_ms DESC",
            (merchant_id,),
        )
    }
    return MerchantCredentials(
        merchant_id=merchant_id,
        api_token=found["api"],
        ecommerce_private_token=found["private"],
        ecommerce_public_key=found["public"],
        pakms_key=found["pakms"],
    )


def merchant_ids(db: Database) -> list[str]:
    """Merchants in creation order: the first is the one the sandbox announces."""
    return [row["id"] for row in db.query("SELECT id FROM merchants ORDER BY created_ms, rowid")]
