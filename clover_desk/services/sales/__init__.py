"""What the merchant sells and is paid, as the tabs show it: orders (and new ones), charges
and their capture, subscription plans, gift cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clover_desk.services import lazy_face

if TYPE_CHECKING:
    from clover_desk.services.sales.charges import (
        ChargeDetail,
        ChargeFilter,
        ChargesService,
        ChargeState,
        charge_state,
        last4_of,
    )
    from clover_desk.services.sales.gift_cards import (
        GiftCardHistory,
        GiftCardOutcome,
        GiftCardService,
        GiftOperation,
        HistoryEntry,
    )
    from clover_desk.services.sales.orders import (
        Cart,
        CartLine,
        OrderDetail,
        OrderFilter,
        OrdersService,
        OrderState,
        customer_names,
        order_state,
        state_of_payment,
    )
    from clover_desk.services.sales.plans import PlanForm, PlansService, SubscriptionForm

__getattr__ = lazy_face(
    globals(),
    {
        "ChargeDetail": "charges",
        "ChargeFilter": "charges",
        "ChargeState": "charges",
        "ChargesService": "charges",
        "charge_state": "charges",
        "last4_of": "charges",
        "GiftCardHistory": "gift_cards",
        "GiftCardOutcome": "gift_cards",
        "GiftCardService": "gift_cards",
        "GiftOperation": "gift_cards",
        "HistoryEntry": "gift_cards",
        "Cart": "orders",
        "CartLine": "orders",
        "OrderDetail": "orders",
        "OrderFilter": "orders",
        "OrderState": "orders",
        "OrdersService": "orders",
        "customer_names": "orders",
        "order_state": "orders",
        "state_of_payment": "orders",
        "PlanForm": "plans",
        "PlansService": "plans",
        "SubscriptionForm": "plans",
    },
)

__all__ = [
    "Cart",
    "CartLine",
    "ChargeDetail",
    "ChargeFilter",
    "ChargeState",
    "ChargesService",
    "GiftCardHistory",
    "GiftCardOutcome",
    "GiftCardService",
    "GiftOperation",
    "HistoryEntry",
    "OrderDetail",
    "OrderFilter",
    "OrderState",
    "OrdersService",
    "PlanForm",
    "PlansService",
    "SubscriptionForm",
    "charge_state",
    "customer_names",
    "last4_of",
    "order_state",
    "state_of_payment",
]
