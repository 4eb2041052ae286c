"""Wire models of PAKMS and the tokenization service (``/pakms/apikey``, ``/v1/tokens``)."""

from __future__ import annotations

import msgspec

from clover_desk.api.models.common import EpochMillis, Int64
from clover_desk.api.models.ecommerce import CardBrand

__all__ = ["ApiAccessKey", "CardSummary", "GiftCardSummary", "Token"]


class ApiAccessKey(msgspec.Struct, kw_only=True, rename="camel"):
    """The merchant's PAKMS key (``apiAccessKey``; used as ``apikey`` on ``/v1/tokens``)."""

    api_access_key: str
    active: bool | None = None
    created_time: EpochMillis | None = None
    modified_time: EpochMillis | None = None
    developer_app_uuid: str | None = None
    merchant_uuid: str | None = None

    def __repr__(self) -> str:
        return f"ApiAccessKey(active={self.active!r}, merchant_uuid={self.merchant_uuid!r})"


class CardSummary(msgspec.Struct, kw_only=True):
    """What a card token tells about its card (never the number)."""

    brand: CardBrand | None = None
    first6: str | None = None
    last4: str | None = None
    exp_month: str | Int64 | None = None
    exp_year: str | Int64 | None = None


class GiftCardSummary(msgspec.Struct, kw_only=True):
    """What a gift-card token tells about its card."""

    last4: str | None = None
    first6: str | None = None


class Token(msgspec.Struct, kw_only=True):
    """A single-use ``clv_`` payment token (card, ACH or gift card).

    The doc example spells the gift-card part ``giftCard``, a mirror ``gift_card``; both
    are read (see :attr:`gift_card`).
    """

    id: str
    object: str | None = None
    type: str | None = None
    card: CardSummary | None = None
    gift_card_snake: GiftCardSummary | None = msgspec.field(default=None, name="gift_card")
    gift_card_camel: GiftCardSummary | None = msgspec.field(default=None, name="giftCard")
    created: EpochMillis | None = None
    used: bool | None = None
    livemode: bool | None = None

    @property
    def gift_card(self) -> GiftCardSummary | None:
        """The gift-card summary under either spelling."""
        return self.gift_card_camel or self.gift_card_snake

    def __repr__(self) -> str:
        # The id is a spendable single-use token: keep it out of reprs and logs.
        return f"Token(id='clv_…', type={self.type!r}, card={self.card!r})"
