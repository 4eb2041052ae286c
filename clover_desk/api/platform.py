"""Platform REST API v3 (``/v3/merchants/{mId}``): orders, line items, payments, refunds,
customers, the merchant and its tenders.

List methods page by ``offset`` (``page_size`` up to 1000); ``filters`` are Clover filter
strings (``"modifiedTime>1704070800000"``), ANDed; ``expand`` takes at most three fields.
Updates are ``POST`` to the object's path (PUT and PATCH are 405 on v3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from clover_desk.api._base import ApiBase, body, expand_param, filter_params, seg
from clover_desk.api.hosts import Service
from clover_desk.api.models.platform import (
    Employee,
    LineItem,
    Merchant,
    Order,
    Payment,
    Refund,
    Tender,
    V3Customer,
)
from clover_desk.api.paging import V3_MAX_PAGE, OffsetPager
from clover_desk.api.transport import Mode, new_idempotency_key

__all__ = ["PlatformApi"]


class PlatformApi(ApiBase):
    """v3 orders, line items, payments, refunds and customers of one merchant."""

    service = Service.PLATFORM

    @property
    def _m(self) -> str:
        return f"/v3/merchants/{seg(self.merchant_id)}"

    def _list(
        self,
        type_: Any,
        tail: str,
        template_tail: str,
        filters: Sequence[str],
        expand: Sequence[str],
        page_size: int,
        limit: int | None,
        prefetch: int,
    ) -> OffsetPager[Any]:
        params = [*filter_params(filters), *expand_param(expand)]
        return self._v3_pager(
            type_,
            self._m + tail,
            "/v3/merchants/{mId}" + template_tail,
            params,
            page_size,
            limit,
            prefetch,
        )

    async def _one(self, type_: Any, tail: str, template_tail: str, expand: Sequence[str]) -> Any:
        return await self._get(
            type_,
            self._m + tail,
            "/v3/merchants/{mId}" + template_tail,
            params=expand_param(expand),
        )

    # ------------------------------------------------------------------ merchant

    async def get_merchant(self, *, expand: Sequence[str] = ()) -> Merchant:
        """``GET /v3/merchants/{mId}`` (``expand=["tenders", "employees"]`` for those)."""
        merchant: Merchant = await self._one(Merchant, "", "", expand)
        return merchant

    async def get_employees(self) -> list[Employee]:
        """The merchant's staff, from ``GET /v3/merchants/{mId}?expand=employees``.

        Read through the merchant's expansion (one request, no paging) rather than
        ``GET .../employees``, which the training sandbox does not serve.
        """
        merchant = await self.get_merchant(expand=["employees"])
        return list(merchant.employees.elements) if merchant.employees else []

    def list_tenders(
        self, *, page_size: int = V3_MAX_PAGE, limit: int | None = None
    ) -> OffsetPager[Tender]:
        """``GET /v3/merchants/{mId}/tenders``."""
        return self._list(Tender, "/tenders", "/tenders", (), (), page_size, limit, 1)

    # ------------------------------------------------------------------ orders

    def list_orders(
        self,
        *,
        filters: Sequence[str] = (),
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
        prefetch: int = 1,
    ) -> OffsetPager[Order]:
        """``GET /v3/merchants/{mId}/orders``, every page."""
        return self._list(Order, "/orders", "/orders", filters, expand, page_size, limit, prefetch)

    async def get_order(self, order_id: str, *, expand: Sequence[str] = ()) -> Order:
        """``GET /v3/merchants/{mId}/orders/{orderId}``."""
        order: Order = await self._one(
            Order, f"/orders/{seg(order_id)}", "/orders/{orderId}", expand
        )
        return order

    async def create_order(
        self,
        *,
        state: str | None = "open",
        title: str | None = None,
        note: str | None = None,
        currency: str | None = None,
        total: int | None = None,
        order_type_id: str | None = None,
        employee_id: str | None = None,
        external_reference_id: str | None = None,
        test_mode: bool | None = None,
        manual_transaction: bool | None = None,
        group_line_items: bool | None = None,
        tax_removed: bool | None = None,
    ) -> Order:
        """``POST /v3/merchants/{mId}/orders``: a custom order.

        ``state`` defaults to ``"open"``: an order without a state is hidden from lists.
        Clover does not recompute ``total`` for custom orders; keep it in step.
        """
        order: Order = await self._send(
            "POST",
            Order,
            self._m + "/orders",
            "/v3/merchants/{mId}/orders",
            mode=Mode.UNSAFE,
            json=body(
                state=state,
                title=title,
                note=note,
                currency=currency.upper() if currency else None,
                total=total,
                orderType={"id": order_type_id} if order_type_id else None,
                employee={"id": employee_id} if employee_id else None,
                externalReferenceId=external_reference_id,
                testMode=test_mode,
                manualTransaction=manual_transaction,
                groupLineItems=group_line_items,
                taxRemoved=tax_removed,
            ),
        )
        return order

    async def update_order(self, order_id: str, fields: Mapping[str, Any]) -> Order:
        """``POST /v3/merchants/{mId}/orders/{orderId}`` with camelCase ``fields``."""
        order: Order = await self._send(
            "POST",
            Order,
            f"{self._m}/orders/{seg(order_id)}",
            "/v3/merchants/{mId}/orders/{orderId}",
            mode=Mode.IDEMPOTENT,
            json=body(**fields),
        )
        return order

    async def delete_order(self, order_id: str) -> None:
        """``DELETE /v3/merchants/{mId}/orders/{orderId}``."""
        await self._send_no_content(
            "DELETE",
            f"{self._m}/orders/{seg(order_id)}",
            "/v3/merchants/{mId}/orders/{orderId}",
            mode=Mode.UNSAFE,
        )

    # ------------------------------------------------------------------ line items

    def list_line_items(
        self,
        order_id: str,
        *,
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[LineItem]:
        """``GET /v3/merchants/{mId}/orders/{orderId}/line_items``."""
        return self._list(
            LineItem,
            f"/orders/{seg(order_id)}/line_items",
            "/orders/{orderId}/line_items",
            (),
            expand,
            page_size,
            limit,
            1,
        )

    async def get_line_item(self, order_id: str, line_item_id: str) -> LineItem:
        """``GET .../orders/{orderId}/line_items/{lineItemId}``."""
        item: LineItem = await self._one(
            LineItem,
            f"/orders/{seg(order_id)}/line_items/{seg(line_item_id)}",
            "/orders/{orderId}/line_items/{lineItemId}",
            (),
        )
        return item

    async def add_line_item(
        self,
        order_id: str,
        *,
        item_id: str | None = None,
        name: str | None = None,
        price: int | None = None,
        unit_qty: int | None = None,
        note: str | None = None,
    ) -> LineItem:
        """``POST .../orders/{orderId}/line_items``: an inventory item or an ad-hoc line."""
        if item_id is None and (name is None or price is None):
            raise ValueError("an ad-hoc line item needs a name and a price")
        item: LineItem = await self._send(
            "POST",
            LineItem,
            f"{self._m}/orders/{seg(order_id)}/line_items",
            "/v3/merchants/{mId}/orders/{orderId}/line_items",
            mode=Mode.UNSAFE,
            json=body(
                item={"id": item_id} if item_id else None,
                name=name,
                price=price,
                unitQty=unit_qty,
                note=note,
            ),
        )
        return item

    async def delete_line_item(self, order_id: str, line_item_id: str) -> None:
        """``DELETE .../orders/{orderId}/line_items/{lineItemId}`` (voids the line)."""
        await self._send_no_content(
            "DELETE",
            f"{self._m}/orders/{seg(order_id)}/line_items/{seg(line_item_id)}",
            "/v3/merchants/{mId}/orders/{orderId}/line_items/{lineItemId}",
            mode=Mode.UNSAFE,
        )

    # ------------------------------------------------------------------ payments

    def list_order_payments(
        self,
        order_id: str,
        *,
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[Payment]:
        """``GET /v3/merchants/{mId}/orders/{orderId}/payments``."""
        return self._list(
            Payment,
            f"/orders/{seg(order_id)}/payments",
            "/orders/{orderId}/payments",
            (),
            expand,
            page_size,
            limit,
            1,
        )

    async def record_order_payment(
        self,
        order_id: str,
        *,
        amount: int,
        tender_id: str,
        tip_amount: int | None = None,
        note: str | None = None,
        external_payment_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Payment:
        """``POST .../orders/{orderId}/payments``: record an external (non-card) payment.

        Clover documents no idempotency for this endpoint, so a dropped attempt is never
        repeated: it raises ``OutcomeUnknown`` carrying the key that was sent.
        """
        key = idempotency_key or new_idempotency_key()
        payment: Payment = await self._send(
            "POST",
            Payment,
            f"{self._m}/orders/{seg(order_id)}/payments",
            "/v3/merchants/{mId}/orders/{orderId}/payments",
            mode=Mode.UNSAFE,
            idempotency_key=key,
            json=body(
                amount=amount,
                tender={"id": tender_id},
                tipAmount=tip_amount,
                note=note,
                externalPaymentId=external_payment_id,
            ),
        )
        return payment

    def list_payments(
        self,
        *,
        filters: Sequence[str] = (),
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
        prefetch: int = 1,
    ) -> OffsetPager[Payment]:
        """``GET /v3/merchants/{mId}/payments`` (time filters reach back 90 days at most)."""
        return self._list(
            Payment, "/payments", "/payments", filters, expand, page_size, limit, prefetch
        )

    async def get_payment(self, payment_id: str, *, expand: Sequence[str] = ()) -> Payment:
        """``GET /v3/merchants/{mId}/payments/{payId}``."""
        payment: Payment = await self._one(
            Payment, f"/payments/{seg(payment_id)}", "/payments/{payId}", expand
        )
        return payment

    # ------------------------------------------------------------------ refunds

    def list_refunds(
        self,
        *,
        filters: Sequence[str] = (),
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
        prefetch: int = 1,
    ) -> OffsetPager[Refund]:
        """``GET /v3/merchants/{mId}/refunds``."""
        return self._list(
            Refund, "/refunds", "/refunds", filters, expand, page_size, limit, prefetch
        )

    async def get_refund(self, refund_id: str, *, expand: Sequence[str] = ()) -> Refund:
        """``GET /v3/merchants/{mId}/refunds/{refundId}``."""
        refund: Refund = await self._one(
            Refund, f"/refunds/{seg(refund_id)}", "/refunds/{refundId}", expand
        )
        return refund

    # ------------------------------------------------------------------ customers

    def list_customers(
        self,
        *,
        filters: Sequence[str] = (),
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
        prefetch: int = 1,
    ) -> OffsetPager[V3Customer]:
        """``GET /v3/merchants/{mId}/customers`` (filters are flat: ``emailAddress=...``)."""
        return self._list(
            V3Customer, "/customers", "/customers", filters, expand, page_size, limit, prefetch
        )

    async def get_customer(self, customer_id: str, *, expand: Sequence[str] = ()) -> V3Customer:
        """``GET /v3/merchants/{mId}/customers/{customerId}``."""
        customer: V3Customer = await self._one(
            V3Customer, f"/customers/{seg(customer_id)}", "/customers/{customerId}", expand
        )
        return customer

    async def create_customer(
        self,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        emails: Sequence[str] = (),
        phones: Sequence[str] = (),
        marketing_allowed: bool | None = None,
    ) -> V3Customer:
        """``POST /v3/merchants/{mId}/customers`` (email and phone as sub-collections)."""
        customer: V3Customer = await self._send(
            "POST",
            V3Customer,
            self._m + "/customers",
            "/v3/merchants/{mId}/customers",
            mode=Mode.UNSAFE,
            json=body(
                firstName=first_name,
                lastName=last_name,
                emailAddresses=[{"emailAddress": e} for e in emails] or None,
                phoneNumbers=[{"phoneNumber": p} for p in phones] or None,
                marketingAllowed=marketing_allowed,
            ),
        )
        return customer

    async def update_customer(
        self,
        customer_id: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        marketing_allowed: bool | None = None,
    ) -> V3Customer:
        """``POST /v3/merchants/{mId}/customers/{customerId}`` (PUT/PATCH are 405)."""
        customer: V3Customer = await self._send(
            "POST",
            V3Customer,
            f"{self._m}/customers/{seg(customer_id)}",
            "/v3/merchants/{mId}/customers/{customerId}",
            mode=Mode.IDEMPOTENT,
            json=body(firstName=first_name, lastName=last_name, marketingAllowed=marketing_allowed),
        )
        return customer

    async def delete_customer(self, customer_id: str) -> None:
        """``DELETE /v3/merchants/{mId}/customers/{customerId}``."""
        await self._send_no_content(
            "DELETE",
            f"{self._m}/customers/{seg(customer_id)}",
            "/v3/merchants/{mId}/customers/{customerId}",
            mode=Mode.UNSAFE,
        )
