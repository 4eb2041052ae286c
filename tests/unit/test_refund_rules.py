"""Refund rules: remaining balance, Clover's partial-refund restrictions, item amounts."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from refund_targets import refund_target

from clover_desk.api.money import Money
from clover_desk.services.refunds.rules import (
    RefundableItem,
    RefundMode,
    RefundTarget,
    item_amounts,
    plan_refund,
    prorate,
)


def target(**changes: object) -> RefundTarget:
    return refund_target(RefundableItem("LI1", "Mug", 2_000), **changes)


@given(
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
    total=st.integers(min_value=-(10**7), max_value=10**7),
)
def test_prorated_parts_add_up_exactly_and_stay_within_a_cent(
    weights: list[int], total: int
) -> None:
    parts = prorate(weights, total)
    if sum(weights) == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == total
    for weight, part in zip(weights, parts, strict=True):
        exact = Fraction(total * weight, sum(weights))
        assert abs(part - exact) < 1


def test_item_amounts_share_discount_and_tax_in_proportion() -> None:
    # $4.50 latte and $3.00 croissant, $0.75 off the order, $0.61 tax.
    amounts = item_amounts([450, 300], order_discount=75, tax=61)
    assert sum(amounts) == 450 + 300 - 75 + 61
    assert amounts == [450 - 45 + 37, 300 - 30 + 24]


def test_full_refund_returns_what_remains_tip_included() -> None:
    plan = plan_refund(target(tip=300, refunded=500), RefundMode.FULL)
    assert plan.ok
    assert plan.amount == Money(1_800, "USD")


def test_nothing_left_or_not_captured_cannot_be_refunded() -> None:
    assert (
        "already been fully refunded"
        in plan_refund(target(refunded=2_000), RefundMode.FULL).problems[0]
    )
    assert "uncaptured" in plan_refund(target(captured=False), RefundMode.FULL).problems[0]


def test_partial_amount_within_the_remaining_balance() -> None:
    assert plan_refund(target(), RefundMode.PARTIAL, partial_amount=700).amount == Money(700, "USD")
    too_much = plan_refund(target(refunded=1_500), RefundMode.PARTIAL, partial_amount=700)
    assert "Only 5.00 USD remains" in too_much.problems[0]
    assert plan_refund(target(), RefundMode.PARTIAL, partial_amount=0).problems


@pytest.mark.parametrize(
    ("changes", "blocker"),
    [
        ({"tax": 150}, "includes tax"),
        ({"tip": 200}, "includes a tip"),
        (
            {"items": (RefundableItem("L1", "A", 1000), RefundableItem("L2", "B", 1000))},
            "more than one line item",
        ),
    ],
)
def test_clover_partial_refund_restrictions_point_to_item_returns(
    changes: dict[str, object], blocker: str
) -> None:
    plan = plan_refund(target(**changes), RefundMode.PARTIAL, partial_amount=100)
    assert not plan.ok
    assert blocker in plan.problems[0]
    assert "order return" in plan.problems[0]


def test_item_refunds_sum_the_chosen_items_and_refuse_returned_ones() -> None:
    items = (
        RefundableItem("L1", "Latte", 442),
        RefundableItem("L2", "Croissant", 294),
        RefundableItem("L3", "Mug", 1_200, refunded=True),
    )
    t = target(amount=Money(1_936, "USD"), tax=100, items=items)
    plan = plan_refund(t, RefundMode.ITEMS, item_ids=["L1", "L2", "L1"])
    assert plan.ok
    assert plan.amount == Money(736, "USD")
    assert [i.line_item_id for i in plan.items] == ["L1", "L2"]
    assert "already been returned" in plan_refund(t, RefundMode.ITEMS, item_ids=["L3"]).problems[0]
    assert "not on this order" in plan_refund(t, RefundMode.ITEMS, item_ids=["X"]).problems[0]
    assert "at least one" in plan_refund(t, RefundMode.ITEMS, item_ids=[]).problems[0]
