"""Orders: search (newest first), an order's full detail, new orders, returns.

A new order goes the way Clover recommends: the cart's totals from the Atomic Orders
``checkouts`` call (creates nothing) while staff build it, then ``orders`` (the same
cart) to create it, then ``/v1/orders/{id}/pay`` with a card on file or a fresh token.
"""

from __future__ import annotations

import asyncio
import enum
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol

from clover_desk.api.errors import NotFound
from clover_desk.api.models.ecommerce import Order as PaidOrder
from clover_desk.api.models.platform import (
    Checkout,
    Discount,
    Item,
    LineItem,
    Modifier,
    Order,
    PaymentState,
)
from clover_desk.api.money import Money
from clover_desk.services.common import (
    QT_TRANSLATE_NOOP,
    Activity,
    Feed,
    Listing,
    UserFacingError,
    new_idempotency_key,
)

__all__ = [
    "Cart",
    "CartLine",
    "OrderDetail",
    "OrderFilter",
    "OrderState",
    "OrdersGateway",
    "OrdersService",
    "order_state",
]

_ID_RE = re.compile(r"^[A-Z0-9]{13}$")


class OrderState(enum.StrEnum):
    """What staff call an order's state (Clover's ``paymentState``, or open)."""

    ANY = QT_TRANSLATE_NOOP("OrderState", "Any state")
    OPEN = QT_TRANSLATE_NOOP("OrderState", "Open")
    PAID = QT_TRANSLATE_NOOP("OrderState", "Paid")
    PARTIALLY_PAID = QT_TRANSLATE_NOOP("OrderState", "Partially paid")
    PARTIALLY_REFUNDED = QT_TRANSLATE_NOOP("OrderState", "Partially refunded")
    REFUNDED = QT_TRANSLATE_NOOP("OrderState", "Refunded")


_BY_PAYMENT_STATE = {
    PaymentState.PAID: OrderState.PAID,
    PaymentState.PARTIALLY_PAID: OrderState.PARTIALLY_PAID,
    PaymentState.PARTIALLY_REFUNDED: OrderState.PARTIALLY_REFUNDED,
    PaymentState.REFUNDED: OrderState.REFUNDED,
}


def order_state(order: Order) -> OrderState:
    """The staff-facing state of ``order``."""
    return state_of_payment(order.payment_state)


def state_of_payment(payment_state: PaymentState | None) -> OrderState:
    """The staff-facing state for Clover's ``paymentState`` (none yet: open)."""
    if payment_state is None:
        return OrderState.OPEN
    return _BY_PAYMENT_STATE.get(payment_state, OrderState.OPEN)


def customer_names(order: Order) -> str:
    """The order's customers as one line (expanded ``customers``)."""
    if order.customers is None:
        return ""
    names = (
        " ".join(p for p in (c.first_name, c.last_name) if p) for c in order.customers.elements
    )
    return ", ".join(n for n in names if n)


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """The Orders tab's search; empty fields do not filter.

    Attributes:
        text: an order id (exact), or part of a customer's name, the title or note.
        state: derived state.
        created_from / created_to: local dates, inclusive.
        min_total / max_total: minor units, inclusive.
    """

    text: str = ""
    state: OrderState = OrderState.ANY
    created_from: date | None = None
    created_to: date | None = None
    min_total: int | None = None
    max_total: int | None = None

    def server_filters(self) -> list[str]:
        """Filters Clover applies (time and total)."""
        filters: list[str] = []
        if self.created_from:
            filters.append(f"createdTime>={_ms(self.created_from)}")
        if self.created_to:
            filters.append(f"createdTime<{_ms(self.created_to + timedelta(days=1))}")
        if self.min_total is not None:
            filters.append(f"total>={self.min_total}")
        if self.max_total is not None:
            filters.append(f"total<={self.max_total}")
        return filters

    def matches(self, order: Order) -> bool:
        """The filters Clover cannot apply: state and free text."""
        if self.state is not OrderState.ANY and order_state(order) is not self.state:
            return False
        text = self.text.strip().casefold()
        if text:
            haystack = (order.id, customer_names(order), order.title or "", order.note or "")
            if not any(text in value.casefold() for value in haystack):
                return False
        return True


def _ms(day: date) -> int:
    return int(datetime.combine(day, time.min).astimezone().timestamp() * 1000)


@dataclass(frozen=True, slots=True)
class OrderDetail:
    """An order with line items (modifiers, discounts), payments, refunds and totals."""

    order: Order
    currency: str

    @property
    def line_items(self) -> list[LineItem]:
        """The order's lines."""
        return list(self.order.line_items.elements) if self.order.line_items else []

    def _money(self, amount: int) -> Money:
        return Money(amount, self.order.currency or self.currency)

    @property
    def total(self) -> Money:
        """The order total (tax included)."""
        return self._money(self.order.total or 0)

    @property
    def tax(self) -> Money:
        """Tax collected by the payments."""
        payments = self.order.payments.elements if self.order.payments else []
        return self._money(sum(p.tax_amount or 0 for p in payments))

    @property
    def tip(self) -> Money:
        """Tips on the payments."""
        payments = self.order.payments.elements if self.order.payments else []
        return self._money(sum(p.tip_amount or 0 for p in payments))

    @property
    def refunded(self) -> Money:
        """Refunded so far."""
        refunds = self.order.refunds.elements if self.order.refunds else []
        return self._money(sum(r.amount or 0 for r in refunds))

    @property
    def can_pay(self) -> bool:
        """Open orders with something to pay."""
        return order_state(self.order) in (OrderState.OPEN, OrderState.PARTIALLY_PAID)

    @property
    def can_return(self) -> bool:
        """Paid orders with lines not yet refunded."""
        paid = order_state(self.order) in (OrderState.PAID, OrderState.PARTIALLY_REFUNDED)
        return paid and any(not li.refunded for li in self.line_items)


# ------------------------------------------------------------------------ new orders


@dataclass(slots=True)
class CartLine:
    """One line staff added: an inventory item, its modifiers and discounts."""

    item: Item
    quantity: int = 1
    modifiers: list[Modifier] = field(default_factory=list)
    discounts: list[Discount] = field(default_factory=list)
    note: str = ""

    @property
    def unit_price(self) -> int:
        """Item price plus modifiers, before discounts (minor units)."""
        return (self.item.price or 0) + sum(m.price or 0 for m in self.modifiers)


@dataclass(slots=True)
class Cart:
    """A new order being built."""

    lines: list[CartLine] = field(default_factory=list)
    discounts: list[Discount] = field(default_factory=list)
    note: str = ""

    @property
    def empty(self) -> bool:
        """Nothing to order yet."""
        return not self.lines

    def estimate(self) -> int:
        """Subtotal before tax and discounts (until Clover's checkout answers)."""
        return sum(line.unit_price * line.quantity for line in self.lines)


class OrdersGateway(Protocol):
    """What the orders service needs from Clover (the composition root adapts the api)."""

    def list_orders(
        self, *, filters: Sequence[str] = ..., expand: Sequence[str] = ..., page_size: int = ...
    ) -> Listing[Order]:
        """``GET /v3/.../orders``."""
        ...

    async def get_order(self, order_id: str, *, expand: Sequence[str] = ...) -> Order:
        """``GET /v3/.../orders/{id}``."""
        ...

    async def inventory_items(self) -> list[Item]:
        """Inventory items with their modifier groups and modifiers."""
        ...

    async def inventory_discounts(self) -> list[Discount]:
        """Inventory discounts."""
        ...

    async def checkout(self, cart: Cart) -> Checkout:
        """Atomic-order totals of ``cart`` (creates nothing)."""
        ...

    async def create_order(self, cart: Cart) -> Order:
        """Create the atomic order of ``cart``."""
        ...

    async def pay_order(
        self,
        order_id: str,
        *,
        source: str | None,
        customer: str | None,
        tip_amount: int | None,
        email: str | None,
        idempotency_key: str,
    ) -> PaidOrder:
        """``POST /v1/orders/{id}/pay``."""
        ...


#: Expansions of the list (Clover allows three per call).
LIST_EXPAND = ("customers", "payments", "refunds")
#: The detail needs more than three: two reads, merged.
DETAIL_EXPAND_LINES = ("lineItems", "lineItems.modifications", "lineItems.discounts")
DETAIL_EXPAND_MONEY = ("payments", "refunds", "customers")


class OrdersService:
    """What the Orders tab asks of Clover."""

    def __init__(self, gateway: OrdersGateway, activity: Activity, currency: str) -> None:
        self._clover = gateway
        self._activity = activity
        self.currency = currency
        self._inventory: tuple[list[Item], list[Discount]] | None = None

    # -- search and detail ---------------------------------------------------------

    def search(self, filters: OrderFilter, *, page_size: int = 100) -> Feed[Order]:
        """Orders newest first; an exact order id is looked up directly."""
        text = filters.text.strip().upper()
        if _ID_RE.match(text):
            return Feed(_OneOrder(self._clover, text), filters.matches)
        return Feed(
            self._clover.list_orders(
                filters=filters.server_filters(), expand=LIST_EXPAND, page_size=page_size
            ),
            filters.matches,
        )

    async def page(self, feed: Feed[Order]) -> list[Order]:
        """The next page of ``feed``."""
        async with self._activity.track("loading orders"):
            return await feed.next_page()

    async def detail(self, order_id: str) -> OrderDetail:
        """Line items with modifiers and discounts, payments, refunds, customers."""
        async with self._activity.track("loading an order"):
            lines, money = await asyncio.gather(
                self._clover.get_order(order_id, expand=DETAIL_EXPAND_LINES),
                self._clover.get_order(order_id, expand=DETAIL_EXPAND_MONEY),
            )
        lines.payments, lines.refunds, lines.customers = (
            money.payments,
            money.refunds,
            money.customers,
        )
        return OrderDetail(lines, self.currency)

    # -- new order -------------------------------------------------------------------

    async def inventory(self) -> tuple[list[Item], list[Discount]]:
        """Items (with modifiers) and discounts for the new-order dialog, cached."""
        if self._inventory is None:
            async with self._activity.track("loading inventory"):
                items, discounts = await asyncio.gather(
                    self._clover.inventory_items(), self._clover.inventory_discounts()
                )
            shown = [i for i in items if not i.hidden and i.available is not False]
            self._inventory = (sorted(shown, key=lambda i: i.name or ""), discounts)
        return self._inventory

    async def totals(self, cart: Cart) -> Checkout:
        """Clover's live totals for ``cart``."""
        if cart.empty:
            return Checkout(subtotal=0, total_tax_amount=0, total=0)
        async with self._activity.track("pricing the order"):
            return await self._clover.checkout(cart)

    async def create(self, cart: Cart) -> OrderDetail:
        """Create the order (not yet paid)."""
        if cart.empty:
            raise UserFacingError(
                QT_TRANSLATE_NOOP("Orders", "The order has no items."),
                QT_TRANSLATE_NOOP("Orders", "Add at least one item."),
            )
        async with self._activity.track("creating the order"):
            order = await self._clover.create_order(cart)
        return await self.detail(order.id)

    async def pay(
        self,
        order_id: str,
        *,
        customer_id: str | None = None,
        card_token: str | None = None,
        tip: int = 0,
        email: str | None = None,
        idempotency_key: str | None = None,
    ) -> OrderDetail:
        """Pay an open order with a card on file (customer) or a fresh ``clv_`` token."""
        problem = self.payment_problem(
            on_file=customer_id is not None, new_card=card_token is not None, email=email, tip=tip
        )
        if problem:
            raise UserFacingError(problem)
        async with self._activity.track("paying the order"):
            await self._clover.pay_order(
                order_id,
                source=card_token,
                customer=customer_id,
                tip_amount=tip or None,
                email=email,
                idempotency_key=idempotency_key or new_idempotency_key(),
            )
        return await self.detail(order_id)

    @staticmethod
    def payment_problem(*, on_file: bool, new_card: bool, email: str | None, tip: int) -> str:
        """What stops this payment before anything is sent ("" when nothing does).

        Checked before a new card is tokenized, so a refused payment wastes no token.
        """
        if on_file == new_card:
            return QT_TRANSLATE_NOOP(
                "Orders", "Choose one way to pay: a card on file or a new card."
            )
        if tip < 0:
            return QT_TRANSLATE_NOOP("Orders", "A tip cannot be negative.")
        if new_card and not (email and "@" in email):
            return QT_TRANSLATE_NOOP(
                "Orders", "Paying with a new card needs the customer's email for the receipt."
            )
        return ""


class _OneOrder:
    """A one-page source answering an exact order id."""

    def __init__(self, clover: OrdersGateway, order_id: str) -> None:
        self._clover = clover
        self._order_id = order_id

    async def pages(self) -> AsyncIterator[list[Order]]:
        """The order, or nothing when there is no such order."""
        try:
            order = await self._clover.get_order(self._order_id, expand=LIST_EXPAND)
        except NotFound:
            return
        yield [order]
