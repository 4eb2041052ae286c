"""What may be refunded, and how: Clover's refund rules as plain functions.

From the reference (ecommerce.md §Refunds): a refund can never exceed what remains of
the charge; an already fully refunded charge cannot be refunded again; and **no
partial amount refunds when the charge carries tax or a tip, or its order has more
than one line item** — those go through order returns (``/v1/orders/{id}/returns``),
item by item. A full refund of what remains is always allowed.

Everything here is integer minor units; nothing rounds through floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from clover_desk.api.money import Money
from clover_desk.services.common import QT_TRANSLATE_NOOP, and_list


class RefundMode(StrEnum):
    FULL = "full"  # everything that remains, POST /v1/refunds without an amount
    PARTIAL = "partial"  # an amount, POST /v1/refunds
    ITEMS = "items"  # chosen line items, POST /v1/orders/{id}/returns


REFUND_REASONS: tuple[tuple[str, str], ...] = (
    ("requested_by_customer", QT_TRANSLATE_NOOP("RefundReason", "Requested by customer")),
    ("duplicate", QT_TRANSLATE_NOOP("RefundReason", "Duplicate charge")),
    ("fraudulent", QT_TRANSLATE_NOOP("RefundReason", "Fraudulent charge")),
)


@dataclass(frozen=True, slots=True)
class RefundableItem:
    """One order line item as a refund sees it.

    ``amount`` is what returning it gives back: its price with modifiers, less its
    discounts and its share of order discounts, plus its share of tax.
    """

    line_item_id: str
    name: str
    amount: int
    refunded: bool = False


@dataclass(frozen=True, slots=True)
class RefundTarget:
    """A charge about to be refunded, read fresh from Clover."""

    charge_id: str
    order_id: str | None
    amount: Money  # charged, excluding tip (tax inside)
    tip: int
    tax: int
    refunded: int  # refunded so far
    captured: bool
    card_label: str  # "VISA •••• 4242"
    customer_label: str
    items: tuple[RefundableItem, ...] = ()
    earlier_refunds: tuple[tuple[str, int], ...] = field(default=())  # (refund id, amount)

    @property
    def currency(self) -> str:
        return self.amount.currency

    @property
    def remaining(self) -> Money:
        """What can still be refunded (the tip included: a full refund returns it too)."""
        return Money(max(0, self.amount.amount + self.tip - self.refunded), self.currency)

    @property
    def partial_amount_allowed(self) -> bool:
        return self.tax == 0 and self.tip == 0 and len(self.items) <= 1

    def partial_amount_blockers(self) -> list[str]:
        """Why Clover will refuse a partial amount refund of this charge (empty: it won't)."""
        reasons = []
        if self.tax:
            reasons.append(QT_TRANSLATE_NOOP("RefundRules", "the charge includes tax"))
        if self.tip:
            reasons.append(QT_TRANSLATE_NOOP("RefundRules", "the charge includes a tip"))
        if len(self.items) > 1:
            reasons.append(
                QT_TRANSLATE_NOOP("RefundRules", "the order has more than one line item")
            )
        return reasons


def prorate(weights: Sequence[int], total: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` so the parts add up exactly.

    Largest-remainder method: each part is floored, and the cents left over go to the
    parts with the largest remainders (earliest first on ties).
    """
    weight_sum = sum(weights)
    if weight_sum == 0:
        return [0 for _ in weights]
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    floors = [magnitude * w // weight_sum for w in weights]
    remainders = [magnitude * w % weight_sum for w in weights]
    leftover = magnitude - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in order[:leftover]:
        floors[index] += 1
    return [sign * part for part in floors]


def item_amounts(net_prices: Sequence[int], order_discount: int, tax: int) -> list[int]:
    """What returning each line item gives back.

    ``net_prices`` are line prices with modifiers and line discounts applied;
    ``order_discount`` is the positive amount taken off the whole order; ``tax`` the
    order's tax. Both are shared out in proportion to the net prices.
    """
    discounts = prorate(net_prices, order_discount)
    after_discount = [p - d for p, d in zip(net_prices, discounts, strict=True)]
    taxes = prorate(after_discount, tax)
    return [a + t for a, t in zip(after_discount, taxes, strict=True)]


@dataclass(frozen=True, slots=True)
class RefundPlan:
    """A validated refund: what to send, or why not."""

    mode: RefundMode
    amount: Money
    items: tuple[RefundableItem, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def plan_refund(
    target: RefundTarget,
    mode: RefundMode,
    *,
    partial_amount: int | None = None,
    item_ids: Sequence[str] = (),
) -> RefundPlan:
    """Check a refund request against the target; ``problems`` say what is wrong."""
    remaining = target.remaining
    zero = Money(0, target.currency)
    if not target.captured:
        return RefundPlan(
            mode,
            zero,
            problems=(
                QT_TRANSLATE_NOOP("RefundRules", "An uncaptured authorization cannot be refunded."),
            ),
        )
    if remaining.amount == 0:
        return RefundPlan(
            mode,
            zero,
            problems=(
                QT_TRANSLATE_NOOP("RefundRules", "This charge has already been fully refunded."),
            ),
        )
    if mode is RefundMode.FULL:
        return RefundPlan(mode, remaining)
    if mode is RefundMode.PARTIAL:
        return _plan_partial(target, partial_amount)
    return _plan_items(target, item_ids)


def _plan_partial(target: RefundTarget, partial_amount: int | None) -> RefundPlan:
    mode = RefundMode.PARTIAL
    blockers = target.partial_amount_blockers()
    if blockers:
        return RefundPlan(
            mode,
            Money(0, target.currency),
            problems=(
                QT_TRANSLATE_NOOP(
                    "RefundRules",
                    "Clover does not allow a partial amount refund here because {reasons}. "
                    "Refund chosen items instead (an order return).",
                ).format(reasons=and_list(blockers)),
            ),
        )
    if partial_amount is None or partial_amount <= 0:
        return RefundPlan(
            mode,
            Money(0, target.currency),
            problems=(QT_TRANSLATE_NOOP("RefundRules", "Enter an amount above zero."),),
        )
    if partial_amount > target.remaining.amount:
        return RefundPlan(
            mode,
            Money(partial_amount, target.currency),
            problems=(
                QT_TRANSLATE_NOOP(
                    "RefundRules", "Only {amount} remains refundable on this charge."
                ).format(amount=target.remaining),
            ),
        )
    return RefundPlan(mode, Money(partial_amount, target.currency))


def _plan_items(target: RefundTarget, item_ids: Sequence[str]) -> RefundPlan:
    mode = RefundMode.ITEMS
    if target.order_id is None or not target.items:
        return RefundPlan(
            mode,
            Money(0, target.currency),
            problems=(
                QT_TRANSLATE_NOOP("RefundRules", "This charge has no order items to return."),
            ),
        )
    by_id = {item.line_item_id: item for item in target.items}
    chosen: list[RefundableItem] = []
    problems: list[str] = []
    for item_id in dict.fromkeys(item_ids):
        item = by_id.get(item_id)
        if item is None:
            problems.append(
                QT_TRANSLATE_NOOP("RefundRules", "Line item {item} is not on this order.").format(
                    item=item_id
                )
            )
        elif item.refunded:
            problems.append(
                QT_TRANSLATE_NOOP("RefundRules", "{item} has already been returned.").format(
                    item=item.name
                )
            )
        else:
            chosen.append(item)
    if not chosen and not problems:
        problems.append(QT_TRANSLATE_NOOP("RefundRules", "Choose at least one item to return."))
    total = sum(item.amount for item in chosen)
    if total > target.remaining.amount:
        problems.append(
            QT_TRANSLATE_NOOP(
                "RefundRules", "Only {amount} remains refundable on this charge."
            ).format(amount=target.remaining)
        )
    return RefundPlan(mode, Money(total, target.currency), tuple(chosen), tuple(problems))
