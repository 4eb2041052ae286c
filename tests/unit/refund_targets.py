"""A charge as the refund rules and the wizard see it, for the tests of both."""

from __future__ import annotations

from clover_desk.api.money import Money
from clover_desk.services.refunds.rules import RefundableItem, RefundTarget


def refund_target(item: RefundableItem, **changes: object) -> RefundTarget:
    """A captured card charge of ``item`` alone (no tip, tax or refunds yet), as changed."""
    fields: dict[str, object] = {
        "charge_id": "CH1",
        "order_id": "OR1",
        "amount": Money(item.amount, "USD"),
        "tip": 0,
        "tax": 0,
        "refunded": 0,
        "captured": True,
        "card_label": "VISA •••• 4242",
        "customer_label": "Ada Lovelace",
        "items": (item,),
    }
    fields.update(changes)
    return RefundTarget(**fields)  # type: ignore[arg-type]
