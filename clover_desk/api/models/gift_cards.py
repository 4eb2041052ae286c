"""Wire models of the Ecommerce gift-card operations (activate, balance, reload, cashout)."""

from __future__ import annotations

from typing import Any

import msgspec

from clover_desk.api.models.common import EpochMillis, Int64
from clover_desk.api.models.ecommerce import ChargeStatus, GiftCardBalance, Outcome, Source

__all__ = ["GiftCardResult"]


class GiftCardResult(msgspec.Struct, kw_only=True):
    """Answer to activate, balance inquiry, reload or cashout (charge-like; mostly optional).

    ``idempotency_key`` is set by the client for the money-moving ones.
    """

    id: str | None = None
    object: str | None = None
    amount: Int64 | None = None
    currency: str | None = None
    created: EpochMillis | None = None
    status: ChargeStatus = ChargeStatus.UNKNOWN
    paid: bool | None = None
    outcome: Outcome | None = None
    ref_num: str | None = None
    auth_code: str | None = None
    source: Source | str | None = None
    gift_card: GiftCardBalance | None = None
    warning_message: str | None = None
    metadata: dict[str, Any] | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        self.currency = self.currency.upper() if self.currency else self.currency
