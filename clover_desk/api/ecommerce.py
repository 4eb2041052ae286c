"""Ecommerce API v1 (scl host): charges, refunds, orders, customers.

Money-moving calls (charge, capture, refund, refund cancel, pay, return) carry one
idempotency key per logical operation: pass your own (journal it first) or let the client
make one; either way the result's ``idempotency_key`` and any
:class:`~clover_desk.api.errors.OutcomeUnknown` carry the key that was sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import msgspec

from clover_desk.api._base import ApiBase, body, query, seg
from clover_desk.api.auth import Credential
from clover_desk.api.errors import AuthError
from clover_desk.api.hosts import Service
from clover_desk.api.models.ecommerce import (
    Charge,
    Customer,
    DeletedSource,
    Order,
    OrderReturn,
    OrderStatus,
    Refund,
    RefundReason,
    VoidOnRefund,
)
from clover_desk.api.money import Money
from clover_desk.api.paging import V1_MAX_PAGE, CursorPager
from clover_desk.api.transport import Mode

__all__ = ["EcommerceApi", "NewOrderItem", "ReturnItem", "ShippingInfo"]


class NewOrderItem(msgspec.Struct, kw_only=True):
    """An item of a new v1 order (``type``: ``sku``, ``shipping`` or ``tax``)."""

    amount: int
    currency: str
    description: str | None = None
    quantity: int | None = None
    type: str = "sku"
    parent: str | None = None
    tax_rates: list[dict[str, Any]] | None = None


class ReturnItem(msgspec.Struct, kw_only=True):
    """One item of a partial return: ``parent`` is the item or line-item id."""

    parent: str
    amount: int
    type: str = "sku"
    description: str | None = None
    quantity: int | None = None


class ShippingInfo(msgspec.Struct, kw_only=True):
    """Shipping details for v1 orders and customers."""

    name: str | None = None
    phone: str | None = None
    address: dict[str, str] | None = None
    carrier: str | None = None
    tracking_number: str | None = None


def _created(
    gt: datetime | None, gte: datetime | None, lt: datetime | None, lte: datetime | None
) -> list[tuple[str, str]]:
    return query(**{"created.gt": gt, "created.gte": gte, "created.lt": lt, "created.lte": lte})


class EcommerceApi(ApiBase):
    """Charges, refunds, orders and card-on-file customers of the Ecommerce API."""

    service = Service.ECOMMERCE

    def _credential(self) -> Credential:
        cred = self._ctx.ecommerce or self._ctx.platform
        if cred is None:
            raise AuthError("no Ecommerce private token or OAuth token is configured")
        return cred

    def _shopper(self, shopper_ip: str | None) -> dict[str, str]:
        return {"x-forwarded-for": shopper_ip or self._t.forwarded_for}

    # ------------------------------------------------------------------ charges

    async def create_charge(
        self,
        amount: Money,
        source: str,
        *,
        capture: bool = True,
        description: str | None = None,
        ecomind: str | None = None,
        external_reference_id: str | None = None,
        external_customer_reference: str | None = None,
        receipt_email: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        tax_amount: int | None = None,
        tip_amount: int | None = None,
        tax_rate_uuid: str | None = None,
        partial_redemption: bool | None = None,
        intent: str | None = None,
        tender: Mapping[str, Any] | None = None,
        stored_credentials: Mapping[str, Any] | None = None,
        soft_descriptor: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        shopper_ip: str | None = None,
    ) -> Charge:
        """``POST /v1/charges``: charge a ``clv_`` token, a customer id or an alternate tender.

        ``amount`` must include tax; ``tip_amount`` is added on top. ``capture=False``
        authorizes only.
        """
        charge: Charge = await self._money(
            "POST",
            Charge,
            "/v1/charges",
            "/v1/charges",
            idempotency_key,
            json=body(
                amount=amount.amount,
                currency=amount.wire_currency,
                source=source,
                capture=capture,
                description=description,
                ecomind=ecomind,
                external_reference_id=external_reference_id,
                external_customer_reference=external_customer_reference,
                receipt_email=receipt_email,
                metadata=metadata,
                tax_amount=tax_amount,
                tip_amount=tip_amount,
                tax_rate_uuid=tax_rate_uuid,
                partial_redemption=partial_redemption,
                intent=intent,
                tender=tender,
                stored_credentials=stored_credentials,
                soft_descriptor=soft_descriptor,
            ),
            headers=self._shopper(shopper_ip),
        )
        return charge

    async def get_charge(self, charge_id: str) -> Charge:
        """``GET /v1/charges/{chargeId}``."""
        charge: Charge = await self._get(
            Charge, f"/v1/charges/{seg(charge_id)}", "/v1/charges/{chargeId}"
        )
        return charge

    def list_charges(
        self,
        *,
        customer: str | None = None,
        created_gt: datetime | None = None,
        created_gte: datetime | None = None,
        created_lt: datetime | None = None,
        created_lte: datetime | None = None,
        page_size: int = V1_MAX_PAGE,
        limit: int | None = None,
    ) -> CursorPager[Charge]:
        """``GET /v1/charges``, every page (newest first); ``limit`` caps the total."""
        params = [
            *query(customer=customer),
            *_created(created_gt, created_gte, created_lt, created_lte),
        ]
        return self._v1_pager(Charge, "/v1/charges", "/v1/charges", params, page_size, limit)

    async def capture_charge(
        self,
        charge_id: str,
        *,
        amount: int | None = None,
        receipt_email: str | None = None,
        idempotency_key: str | None = None,
        shopper_ip: str | None = None,
    ) -> Charge:
        """``POST /v1/charges/{chargeId}/capture``: capture an auth, whole or in part."""
        charge: Charge = await self._money(
            "POST",
            Charge,
            f"/v1/charges/{seg(charge_id)}/capture",
            "/v1/charges/{chargeId}/capture",
            idempotency_key,
            json=body(amount=amount, receipt_email=receipt_email),
            headers=self._shopper(shopper_ip),
        )
        return charge

    # ------------------------------------------------------------------ refunds

    async def create_refund(
        self,
        charge_id: str,
        *,
        amount: int | None = None,
        reason: RefundReason | None = None,
        external_reference_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Refund:
        """``POST /v1/refunds``: refund a charge; ``amount=None`` refunds what remains."""
        if reason is RefundReason.UNKNOWN:
            raise ValueError("choose a refund reason Clover accepts")
        refund: Refund = await self._money(
            "POST",
            Refund,
            "/v1/refunds",
            "/v1/refunds",
            idempotency_key,
            json=body(
                charge=charge_id,
                amount=amount,
                reason=reason,
                external_reference_id=external_reference_id,
            ),
        )
        return refund

    async def get_refund(self, refund_id: str) -> Refund:
        """``GET /v1/refunds/{refundId}``."""
        refund: Refund = await self._get(
            Refund, f"/v1/refunds/{seg(refund_id)}", "/v1/refunds/{refundId}"
        )
        return refund

    def list_refunds(
        self,
        *,
        charge: str | None = None,
        created_gt: datetime | None = None,
        created_gte: datetime | None = None,
        created_lt: datetime | None = None,
        created_lte: datetime | None = None,
        page_size: int = V1_MAX_PAGE,
        limit: int | None = None,
    ) -> CursorPager[Refund]:
        """``GET /v1/refunds``, every page (newest first)."""
        params = [
            *query(charge=charge),
            *_created(created_gt, created_gte, created_lt, created_lte),
        ]
        return self._v1_pager(Refund, "/v1/refunds", "/v1/refunds", params, page_size, limit)

    async def cancel_refund(
        self,
        refund_id: str,
        *,
        reason: str = "USER_CANCEL",
        idempotency_key: str | None = None,
    ) -> VoidOnRefund:
        """``POST /v1/refunds/{refundId}/cancel``: void a refund (or a gift-card reload)."""
        void: VoidOnRefund = await self._money(
            "POST",
            VoidOnRefund,
            f"/v1/refunds/{seg(refund_id)}/cancel",
            "/v1/refunds/{refundId}/cancel",
            idempotency_key,
            json=body(reason=reason),
        )
        return void

    # ------------------------------------------------------------------ orders

    async def create_order(
        self,
        currency: str,
        items: Sequence[NewOrderItem],
        *,
        email: str | None = None,
        customer: str | None = None,
        shipping: ShippingInfo | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Order:
        """``POST /v1/orders``: a streamlined order (stock counts are not adjusted)."""
        order: Order = await self._send(
            "POST",
            Order,
            "/v1/orders",
            "/v1/orders",
            mode=Mode.UNSAFE,
            json=body(
                currency=currency.lower(),
                items=[
                    msgspec.to_builtins(msgspec.structs.replace(i, currency=i.currency.lower()))
                    for i in items
                ],
                email=email,
                customer=customer,
                shipping=msgspec.to_builtins(shipping) if shipping else None,
                metadata=metadata,
            ),
        )
        return order

    async def get_order(self, order_id: str) -> Order:
        """``GET /v1/orders/{orderId}``."""
        order: Order = await self._get(Order, f"/v1/orders/{seg(order_id)}", "/v1/orders/{orderId}")
        return order

    def list_orders(
        self,
        *,
        customer: str | None = None,
        status: OrderStatus | None = None,
        created_gt: datetime | None = None,
        created_gte: datetime | None = None,
        created_lt: datetime | None = None,
        created_lte: datetime | None = None,
        page_size: int = V1_MAX_PAGE,
        limit: int | None = None,
    ) -> CursorPager[Order]:
        """``GET /v1/orders``, every page."""
        params = [
            *query(customer=customer, status=status),
            *_created(created_gt, created_gte, created_lt, created_lte),
        ]
        return self._v1_pager(Order, "/v1/orders", "/v1/orders", params, page_size, limit)

    async def pay_order(
        self,
        order_id: str,
        *,
        source: str | None = None,
        customer: str | None = None,
        amount: int | None = None,
        currency: str | None = None,
        tip_amount: int | None = None,
        email: str | None = None,
        ecomind: str | None = None,
        partial_redemption: bool | None = None,
        external_reference_id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        tender: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        shopper_ip: str | None = None,
    ) -> Order:
        """``POST /v1/orders/{orderId}/pay`` with a token, a customer's card or a tender.

        ``amount`` pays part of the order (split payments); default is the whole order.
        """
        if source is None and customer is None:
            raise ValueError("pay_order needs a source or a customer")
        order: Order = await self._money(
            "POST",
            Order,
            f"/v1/orders/{seg(order_id)}/pay",
            "/v1/orders/{orderId}/pay",
            idempotency_key,
            json=body(
                source=source,
                customer=customer,
                amount=amount,
                currency=currency.lower() if currency else None,
                tip_amount=tip_amount,
                email=email,
                ecomind=ecomind,
                partial_redemption=partial_redemption,
                external_reference_id=external_reference_id,
                metadata=metadata,
                tender=tender,
            ),
            headers=self._shopper(shopper_ip),
        )
        return order

    async def return_order(
        self,
        order_id: str,
        *,
        items: Sequence[ReturnItem] | None = None,
        idempotency_key: str | None = None,
    ) -> OrderReturn:
        """``POST /v1/orders/{orderId}/returns``: return items, or everything if none given."""
        result: OrderReturn = await self._money(
            "POST",
            OrderReturn,
            f"/v1/orders/{seg(order_id)}/returns",
            "/v1/orders/{orderId}/returns",
            idempotency_key,
            json=body(items=[msgspec.to_builtins(i) for i in items] if items else None),
        )
        return result

    # ------------------------------------------------------------------ customers

    async def create_customer(
        self,
        email: str,
        source: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        name: str | None = None,
        phone: str | None = None,
        ecomind: str | None = None,
        shipping: ShippingInfo | None = None,
    ) -> Customer:
        """``POST /v1/customers``: save a card (``clv_`` token) on file for a customer."""
        customer: Customer = await self._send(
            "POST",
            Customer,
            "/v1/customers",
            "/v1/customers",
            mode=Mode.UNSAFE,
            json=body(
                email=email,
                source=source,
                firstName=first_name,
                lastName=last_name,
                name=name,
                phone=phone,
                ecomind=ecomind,
                shipping=msgspec.to_builtins(shipping) if shipping else None,
            ),
            headers={"x-forwarded-for": self._t.forwarded_for},
        )
        return customer

    async def update_customer(
        self,
        customer_id: str,
        *,
        email: str | None = None,
        source: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        name: str | None = None,
        phone: str | None = None,
        shipping: ShippingInfo | None = None,
    ) -> Customer:
        """``PUT /v1/customers/{customerId}`` (a new ``source`` adds a card)."""
        # Adding a source is not a pure overwrite, so only plain field updates are retried.
        mode = Mode.UNSAFE if source is not None else Mode.IDEMPOTENT
        customer: Customer = await self._send(
            "PUT",
            Customer,
            f"/v1/customers/{seg(customer_id)}",
            "/v1/customers/{customerId}",
            mode=mode,
            json=body(
                email=email,
                source=source,
                firstName=first_name,
                lastName=last_name,
                name=name,
                phone=phone,
                shipping=msgspec.to_builtins(shipping) if shipping else None,
            ),
        )
        return customer

    async def revoke_source(self, customer_id: str, source_id: str) -> DeletedSource:
        """``DELETE /v1/customers/{customerId}/sources/{sourceId}``: forget a saved card."""
        deleted: DeletedSource = await self._send(
            "DELETE",
            DeletedSource,
            f"/v1/customers/{seg(customer_id)}/sources/{seg(source_id)}",
            "/v1/customers/{customerId}/sources/{sourceId}",
            mode=Mode.UNSAFE,
        )
        return deleted
