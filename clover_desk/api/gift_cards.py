"""Ecommerce gift cards (scl host): activate, balance, reload, cashout, redeem, lock, void.

Every operation that moves value carries one idempotency key per logical operation (see
:mod:`clover_desk.api.ecommerce`). ``source`` is always a gift-card ``clv_`` token from
:meth:`clover_desk.api.tokens.TokensApi.create_gift_card_token`.
"""

from __future__ import annotations

from clover_desk.api._base import ApiBase, body, seg
from clover_desk.api.auth import Credential
from clover_desk.api.errors import AuthError
from clover_desk.api.hosts import Service
from clover_desk.api.models.ecommerce import Charge, Refund, RefundReason, VoidOnRefund
from clover_desk.api.models.gift_cards import GiftCardResult
from clover_desk.api.money import Money
from clover_desk.api.transport import Mode

__all__ = ["VIRTUAL_PROMO_FIELD", "GiftCardsApi"]

#: the request field of a virtual card's promo code (unconfirmed in the reference; the
#: sandbox's reading). Answers are read under either name (``GiftCardBalance.promo``).
VIRTUAL_PROMO_FIELD = "virtual_promo_code"


class GiftCardsApi(ApiBase):
    """Clover Gift Cards through the Ecommerce API."""

    service = Service.ECOMMERCE

    def _credential(self) -> Credential:
        cred = self._ctx.ecommerce or self._ctx.platform
        if cred is None:
            raise AuthError("no Ecommerce private token or OAuth token is configured")
        return cred

    async def activate(
        self,
        source: str,
        amount: Money,
        *,
        idempotency_key: str | None = None,
    ) -> GiftCardResult:
        """``POST /v1/activate``: activate a physical card and load ``amount`` on it.

        A virtual card has no token source: see :meth:`activate_virtual`.
        """
        result: GiftCardResult = await self._money(
            "POST",
            GiftCardResult,
            "/v1/activate",
            "/v1/activate",
            idempotency_key,
            json=body(source=source, amount=amount.amount, currency=amount.wire_currency),
        )
        return result

    async def activate_virtual(
        self,
        promo_code: str,
        amount: Money,
        *,
        idempotency_key: str | None = None,
    ) -> GiftCardResult:
        """``POST /v1/activate`` without a source: create a virtual card loaded with ``amount``.

        The reference does not capture the JSON name of the "virtual promotional code";
        this sends ``virtual_promo_code`` (:data:`VIRTUAL_PROMO_FIELD`), the name the
        training sandbox reads. The new card's number comes back in
        ``result.gift_card.card_number``: hand it to the customer once, never store it.
        """
        if not promo_code:
            raise ValueError("a virtual gift card needs its promo code")
        result: GiftCardResult = await self._money(
            "POST",
            GiftCardResult,
            "/v1/activate",
            "/v1/activate",
            idempotency_key,
            json=body(
                amount=amount.amount,
                currency=amount.wire_currency,
                **{VIRTUAL_PROMO_FIELD: promo_code},
            ),
        )
        return result

    async def balance(self, source: str) -> GiftCardResult:
        """``POST /v1/balance_inquiry``: the card's balance (``gift_card.new_balance``)."""
        result: GiftCardResult = await self._send(
            "POST",
            GiftCardResult,
            "/v1/balance_inquiry",
            "/v1/balance_inquiry",
            mode=Mode.IDEMPOTENT,
            json=body(source=source),
        )
        return result

    async def reload(
        self, source: str, amount: Money, *, idempotency_key: str | None = None
    ) -> GiftCardResult:
        """``POST /v1/reload``: add value to an active card."""
        result: GiftCardResult = await self._money(
            "POST",
            GiftCardResult,
            "/v1/reload",
            "/v1/reload",
            idempotency_key,
            json=body(source=source, amount=amount.amount, currency=amount.wire_currency),
        )
        return result

    async def cashout(self, source: str, *, idempotency_key: str | None = None) -> GiftCardResult:
        """``POST /v1/cashout``: pay out the remaining balance (balance becomes 0)."""
        result: GiftCardResult = await self._money(
            "POST",
            GiftCardResult,
            "/v1/cashout",
            "/v1/cashout",
            idempotency_key,
            json=body(source=source),
        )
        return result

    async def redeem(
        self,
        source: str,
        amount: Money,
        *,
        capture: bool = True,
        partial_redemption: bool = True,
        idempotency_key: str | None = None,
        shopper_ip: str | None = None,
    ) -> Charge:
        """``POST /v1/charges`` on a gift card: redeem, or place a lock (``capture=False``).

        If the balance is short the card is drawn to zero and the charge is partially
        approved (``partial_auth``): charge the rest to another tender.
        """
        charge: Charge = await self._money(
            "POST",
            Charge,
            "/v1/charges",
            "/v1/charges",
            idempotency_key,
            json=body(
                source=source,
                amount=amount.amount,
                currency=amount.wire_currency,
                capture=capture,
                partial_redemption=partial_redemption,
            ),
            headers={"x-forwarded-for": shopper_ip or self._t.forwarded_for},
        )
        return charge

    async def capture_lock(
        self, charge_id: str, amount: int, *, idempotency_key: str | None = None
    ) -> Charge:
        """``POST /v1/charges/{id}/capture``: redeem a locked amount (0 only unlocks)."""
        charge: Charge = await self._money(
            "POST",
            Charge,
            f"/v1/charges/{seg(charge_id)}/capture",
            "/v1/charges/{chargeId}/capture",
            idempotency_key,
            json=body(amount=amount),
            headers={"x-forwarded-for": self._t.forwarded_for},
        )
        return charge

    async def unlock(self, charge_id: str, *, idempotency_key: str | None = None) -> Charge:
        """Release a lock without redeeming (capture of amount 0)."""
        return await self.capture_lock(charge_id, 0, idempotency_key=idempotency_key)

    async def refund(
        self,
        charge_id: str,
        *,
        amount: int | None = None,
        reason: RefundReason | None = None,
        idempotency_key: str | None = None,
    ) -> Refund:
        """``POST /v1/refunds``: return value to the card, or void a redemption/reload/cashout."""
        refund: Refund = await self._money(
            "POST",
            Refund,
            "/v1/refunds",
            "/v1/refunds",
            idempotency_key,
            json=body(charge=charge_id, amount=amount, reason=reason),
        )
        return refund

    async def void_refund(
        self, refund_id: str, *, idempotency_key: str | None = None
    ) -> VoidOnRefund:
        """``POST /v1/refunds/{id}/cancel`` with ``{"reason": "USER_CANCEL"}``."""
        void: VoidOnRefund = await self._money(
            "POST",
            VoidOnRefund,
            f"/v1/refunds/{seg(refund_id)}/cancel",
            "/v1/refunds/{refundId}/cancel",
            idempotency_key,
            json=body(reason="USER_CANCEL"),
        )
        return void
