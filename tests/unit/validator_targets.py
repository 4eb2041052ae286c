# ruff: noqa: PT017, PT018 - fuzz targets check invariants inline, outside pytest.raises
"""The services' validators as fuzz targets: each checks its own invariants.

Shared by ``tests/unit/test_validator_properties.py`` (Hypothesis's default budget) and
``tests/benchmarks/fuzz.py`` (10,000 cases each). A target raises ``AssertionError`` when
an invariant breaks; any other exception escaping is a defect too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import strategies as st

from clover_desk.api.money import Money
from clover_desk.services.customers.cards import CardEntry, check_card, luhn_ok
from clover_desk.services.customers.service import CustomerForm
from clover_desk.services.refunds.rules import (
    RefundableItem,
    RefundMode,
    RefundTarget,
    plan_refund,
)
from clover_desk.services.staff.accounts import (
    MAX_REFUND_LIMIT,
    Role,
    StaffDirectory,
    StaffError,
    check_pin_format,
)

TODAY = date(2026, 12, 6)

#: Text staff might type, and what a fuzzer finds: other scripts' digits, superscripts,
#: long runs of digits, separators.
typed_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 -/", max_size=30),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩²³¹۵", max_size=25),
    st.sampled_from(["9" * 5_000, "4242 4242 4242 4242", "12/30", "١٢/٣٠", "²²²", ""]),
)


def card_target(number: str, expiry: str, cvv: str) -> None:
    entry = CardEntry.from_text(number, expiry, cvv)
    problems = check_card(entry, TODAY)
    if not problems:
        # Only what Clover accepts gets through: ASCII digits that pass Luhn.
        assert entry.number.isascii() and entry.number.isdigit()
        assert luhn_ok(entry.number)
        assert entry.cvv.isascii() and entry.cvv.isdigit()
    for problem in problems:
        assert problem.field in ("number", "expiry", "cvv") and problem.message


def pin_target(pin: str) -> None:
    try:
        check_pin_format(pin)
    except StaffError as refused:
        assert str(refused)
        return
    assert pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12


def staff_limit_target(directory_path: Path, amount: int) -> None:
    """A stored limit is the one validated; out-of-range ones are refused, not stored."""
    directory = StaffDirectory(directory_path)
    try:
        if directory.is_empty():
            directory.add("Owner", Role.OWNER, "1111")
        owner = directory.members()[0]
        name = f"Clerk {amount}"
        try:
            clerk = directory.add(
                name, Role.CLERK, "3333", refund_limit=Money(amount, "USD"), by=owner
            )
        except StaffError as refused:
            assert not 0 <= amount <= MAX_REFUND_LIMIT or "already" in str(refused)
            return
        assert 0 <= amount <= MAX_REFUND_LIMIT
        assert directory.get(clerk.id).refund_limit == Money(amount, "USD")
    finally:
        directory.close()


def customer_form_target(first: str, email: str, phone: str) -> None:
    problems = CustomerForm(first_name=first, email=email, phone=phone).problems()
    assert all(isinstance(p, str) and p for p in problems)


refund_targets = st.builds(
    RefundTarget,
    charge_id=st.just("CHARGE0000001"),
    order_id=st.none(),
    amount=st.integers(0, 99_999_999).map(lambda a: Money(a, "USD")),
    tip=st.integers(0, 100_000),
    tax=st.integers(0, 100_000),
    refunded=st.integers(0, 100_000_000),
    captured=st.booleans(),
    card_label=st.just("VISA •••• 4242"),
    customer_label=st.just(""),
    items=st.lists(
        st.builds(
            RefundableItem,
            line_item_id=st.text("ABCDEF0123", min_size=1, max_size=4),
            name=st.just("Item"),
            amount=st.integers(0, 10_000_000),
            refunded=st.booleans(),
        ),
        max_size=5,
    ).map(tuple),
)


def refund_plan_target(
    target: RefundTarget, mode: RefundMode, partial: int | None, item_ids: list[str]
) -> None:
    plan = plan_refund(target, mode, partial_amount=partial, item_ids=item_ids)
    if plan.ok:
        # A plan never refunds more than remains, nor nothing at all.
        assert 0 < plan.amount.amount <= target.remaining.amount
        assert plan.amount.currency == target.currency
    else:
        assert all(isinstance(p, str) and p for p in plan.problems)
