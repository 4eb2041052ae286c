"""Platform REST API v3 (``/v3/merchants/{mId}``): orders, line items, payments, refunds,
customers, the merchant and its tenders.

List methods page by ``offset`` (``page_size`` up to 1000); ``filters`` are Clover filter
strings (``"modifiedTime>1704070800000"``), ANDed; ``expand`` takes at most three fields.
Updates are ``POST`` to the object's path (PUT and PATCH are 405 on v3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from clover_desk.api._base import MerchantApiBase, body, seg
from clover_desk.api.hosts import Service
from clover_desk.api.models.platform import (
    Employee,
    LineItem,
    Merchant,
    Order,
    Payment,
    Refund,
    Tender,
    V3Address,
    V3Customer,
    V3EmailAddress,
    V3PhoneNumber,
)
from clover_desk.api.paging import V3_MAX_PAGE, OffsetPager
from clover_desk.api.transport import Mode, new_idempotency_key

__all__ = ["PlatformApi"]


class PlatformApi(MerchantApiBase):
    """v3 orders, line items, payments, refunds and customers of one merchant."""

    service = Service.PLATFORM

    # ------------------------------------------------------------------ merchant

    async def get_merchant(self, *, expand: Sequence[str] = ()) -> Merchant:
        """``GET /v3/merchants/{mId}`` (``expand=["tenders", "employees"]`` for those)."""
        merchant: Merchant = await self._read(Merchant, "", "", expand)
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
        order: Order = await self._read(
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
        item: LineItem = await self._read(
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
        payment: Payment = await self._read(
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
        refund: Refund = await self._read(
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
        customer: V3Customer = await self._read(
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
        addresses: Sequence[Mapping[str, str | None]] = (),
        marketing_allowed: bool | None = None,
    ) -> V3Customer:
        """``POST /v3/merchants/{mId}/customers`` (email, phone and address as sub-collections).

        ``addresses`` are in the v3 spelling: ``address1``..``address3``, ``city``,
        ``state``, ``zip``, ``country``.
        """
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
                addresses=[dict(a) for a in addresses] or None,
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
        """``POST /v3/merchants/{mId}/customers/{customerId}`` (PUT/PATCH are 405).

        Names and marketing consent; email addresses, phone numbers and addresses are
        edited one by one through their sub-resources (:meth:`update_email_address`...).
        """
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

    # ------------------------------------------------------- customer sub-resources
    #
    # ``.../customers/{customerId}/{email_addresses|phone_numbers|addresses}``: POST
    # creates one, POST ``/{id}`` updates it (only the fields given), DELETE ``/{id}``
    # removes it. A create is not repeated after a response that may have been lost
    # (it would add a second entry); an update of given values is.

    def _sub(self, customer_id: str, segment: str, sub_id: str | None = None) -> tuple[str, str]:
        path = f"{self._m}/customers/{seg(customer_id)}/{segment}"
        template = f"/v3/merchants/{{mId}}/customers/{{customerId}}/{segment}"
        if sub_id is not None:
            path += f"/{seg(sub_id)}"
            template += "/{subId}"
        return path, template

    async def _sub_create(
        self, type_: Any, customer_id: str, segment: str, fields: dict[str, Any]
    ) -> Any:
        path, template = self._sub(customer_id, segment)
        return await self._send("POST", type_, path, template, mode=Mode.UNSAFE, json=fields)

    async def _sub_update(
        self, type_: Any, customer_id: str, segment: str, sub_id: str, fields: dict[str, Any]
    ) -> Any:
        path, template = self._sub(customer_id, segment, sub_id)
        return await self._send("POST", type_, path, template, mode=Mode.IDEMPOTENT, json=fields)

    async def _sub_delete(self, customer_id: str, segment: str, sub_id: str) -> None:
        path, template = self._sub(customer_id, segment, sub_id)
        await self._send_no_content("DELETE", path, template, mode=Mode.UNSAFE)

    async def add_email_address(
        self, customer_id: str, email_address: str, *, primary: bool | None = None
    ) -> V3EmailAddress:
        """``POST .../customers/{customerId}/email_addresses``."""
        created: V3EmailAddress = await self._sub_create(
            V3EmailAddress,
            customer_id,
            "email_addresses",
            body(emailAddress=email_address, primaryEmail=primary),
        )
        return created

    async def update_email_address(
        self,
        customer_id: str,
        email_id: str,
        *,
        email_address: str | None = None,
        primary: bool | None = None,
    ) -> V3EmailAddress:
        """``POST .../customers/{customerId}/email_addresses/{emailId}``."""
        updated: V3EmailAddress = await self._sub_update(
            V3EmailAddress,
            customer_id,
            "email_addresses",
            email_id,
            body(emailAddress=email_address, primaryEmail=primary),
        )
        return updated

    async def delete_email_address(self, customer_id: str, email_id: str) -> None:
        """``DELETE .../customers/{customerId}/email_addresses/{emailId}``."""
        await self._sub_delete(customer_id, "email_addresses", email_id)

    async def add_phone_number(self, customer_id: str, phone_number: str) -> V3PhoneNumber:
        """``POST .../customers/{customerId}/phone_numbers``."""
        created: V3PhoneNumber = await self._sub_create(
            V3PhoneNumber, customer_id, "phone_numbers", body(phoneNumber=phone_number)
        )
        return created

    async def update_phone_number(
        self, customer_id: str, phone_id: str, phone_number: str
    ) -> V3PhoneNumber:
        """``POST .../customers/{customerId}/phone_numbers/{phoneId}``."""
        updated: V3PhoneNumber = await self._sub_update(
            V3PhoneNumber, customer_id, "phone_numbers", phone_id, body(phoneNumber=phone_number)
        )
        return updated

    async def delete_phone_number(self, customer_id: str, phone_id: str) -> None:
        """``DELETE .../customers/{customerId}/phone_numbers/{phoneId}``."""
        await self._sub_delete(customer_id, "phone_numbers", phone_id)

    async def add_address(
        self,
        customer_id: str,
        *,
        address1: str | None = None,
        address2: str | None = None,
        address3: str | None = None,
        city: str | None = None,
        state: str | None = None,
        zip: str | None = None,
        country: str | None = None,
    ) -> V3Address:
        """``POST .../customers/{customerId}/addresses`` (``None`` fields are not sent)."""
        created: V3Address = await self._sub_create(
            V3Address,
            customer_id,
            "addresses",
            body(
                address1=address1,
                address2=address2,
                address3=address3,
                city=city,
                state=state,
                zip=zip,
                country=country,
            ),
        )
        return created

    async def update_address(
        self,
        customer_id: str,
        address_id: str,
        *,
        address1: str | None = None,
        address2: str | None = None,
        address3: str | None = None,
        city: str | None = None,
        state: str | None = None,
        zip: str | None = None,
        country: str | None = None,
    ) -> V3Address:
        """``POST .../customers/{customerId}/addresses/{addressId}``: the fields given."""
        updated: V3Address = await self._sub_update(
            V3Address,
            customer_id,
            "addresses",
            address_id,
            body(
                address1=address1,
                address2=address2,
                address3=address3,
                city=city,
                state=state,
                zip=zip,
                country=country,
            ),
        )
        return updated

    async def delete_address(self, customer_id: str, address_id: str) -> None:
        """``DELETE .../customers/{customerId}/addresses/{addressId}``."""
        await self._sub_delete(customer_id, "addresses", address_id)
