"""Atomic orders (``/v3/merchants/{mId}/atomic_order/...``; US/Canada only).

Typical flow: :meth:`AtomicOrdersApi.checkout` (totals; creates nothing) →
:meth:`AtomicOrdersApi.create_order` (same cart) → ``EcommerceApi.pay_order``.
"""

from __future__ import annotations

from typing import Any

import msgspec

from clover_desk.api._base import ApiBase, seg, wire
from clover_desk.api.hosts import Service
from clover_desk.api.models.platform import Checkout, Order
from clover_desk.api.transport import Mode

__all__ = [
    "AtomicOrdersApi",
    "CartDiscount",
    "CartLineItem",
    "CartModification",
    "OrderCart",
]

MAX_LINE_ITEMS = 3000


class _Req(msgspec.Struct, kw_only=True, rename="camel"):
    """Base of request structs: camelCase, unset fields left out."""


class CartDiscount(_Req):
    """``{name, amount}`` (negative minor units), ``{name, percentage}`` or an inventory id."""

    name: str | None = None
    amount: int | None = None
    percentage: int | None = None
    discount: dict[str, str] | None = None


class CartModification(_Req):
    """A modifier applied to a cart line (the modifier id goes inside ``modifier``)."""

    modifier: dict[str, Any]
    name: str | None = None
    amount: int | None = None


class CartLineItem(_Req):
    """A cart line: an inventory ``item`` (``{"id": ...}``) or an ad-hoc name and price."""

    item: dict[str, str] | None = None
    name: str | None = None
    alternate_name: str | None = None
    price: int | None = None
    unit_qty: int | None = None
    unit_name: str | None = None
    note: str | None = None
    item_code: str | None = None
    discounts: list[CartDiscount] | None = None
    modifications: list[CartModification] | None = None
    tax_rates: list[dict[str, Any]] | None = None


class OrderCart(_Req):
    """The ``orderCart`` of an atomic checkout or order."""

    line_items: list[CartLineItem]
    discounts: list[CartDiscount] | None = None
    order_type: dict[str, str] | None = None
    service_charge: dict[str, Any] | None = None
    note: str | None = None
    title: str | None = None
    group_line_items: bool | None = None

    def __post_init__(self) -> None:
        if len(self.line_items) > MAX_LINE_ITEMS:
            raise ValueError(f"an order holds at most {MAX_LINE_ITEMS} line items")


class AtomicOrdersApi(ApiBase):
    """Build and create whole orders in one call."""

    service = Service.ATOMIC_ORDERS

    def _path(self, tail: str) -> str:
        return f"/v3/merchants/{seg(self.merchant_id)}/atomic_order/{tail}"

    async def checkout(self, cart: OrderCart) -> Checkout:
        """``POST .../atomic_order/checkouts``: totals, taxes and discounts; creates nothing."""
        result: Checkout = await self._send(
            "POST",
            Checkout,
            self._path("checkouts"),
            "/v3/merchants/{mId}/atomic_order/checkouts",
            mode=Mode.IDEMPOTENT,
            json={"orderCart": wire(msgspec.to_builtins(cart))},
        )
        return result

    async def create_order(self, cart: OrderCart) -> Order:
        """``POST .../atomic_order/orders``: create the real order in one call."""
        order: Order = await self._send(
            "POST",
            Order,
            self._path("orders"),
            "/v3/merchants/{mId}/atomic_order/orders",
            mode=Mode.UNSAFE,
            json={"orderCart": wire(msgspec.to_builtins(cart))},
        )
        return order
