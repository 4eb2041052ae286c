"""The refund wizard's rules and navigation, tested without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from refund_targets import refund_target

from clover_desk.api.money import Money
from clover_desk.services.refunds.rules import RefundableItem, RefundMode, RefundTarget
from clover_desk.services.refunds.wizard import (
    Outcome,
    Page,
    RefundResult,
    RefundWizardState,
)
from clover_desk.services.staff.accounts import RefundApproval, Role, StaffDirectory, StaffMember

CLERK = StaffMember(3, "Cora Clerk", Role.CLERK, Money(5_000, "USD"))
MANAGER = StaffMember(2, "Marcus Manager", Role.MANAGER)


def target(**changes: object) -> RefundTarget:
    return refund_target(RefundableItem("L1", "Beans 1 lb", 3_000), **changes)


def test_full_refund_path_needs_only_a_reason() -> None:
    wizard = RefundWizardState(target(), CLERK)
    assert wizard.can_go_next
    wizard.next()
    assert wizard.page is Page.WHY
    assert not wizard.can_go_next
    assert wizard.problems() == ["Choose a reason."]
    wizard.reason = "requested_by_customer"
    wizard.next()
    assert wizard.page is Page.REVIEW
    assert ("Amount", "30.00 USD") in wizard.review_lines()
    assert wizard.begin_submit()
    assert not wizard.begin_submit(), "a second click asks for nothing"
    assert not wizard.can_go_back
    wizard.finish(RefundResult(Outcome.SUCCEEDED, "R1", Money(0, "USD")))
    assert wizard.page is Page.RESULT
    assert not wizard.begin_submit()


def test_partial_and_item_refunds_require_a_note() -> None:
    wizard = RefundWizardState(target(), CLERK, mode=RefundMode.PARTIAL, partial_amount=1_000)
    wizard.next()
    wizard.reason = "duplicate"
    assert "A note is required" in wizard.problems()[0]
    wizard.note = "charged twice at the till"
    assert wizard.can_go_next


def test_an_unknown_reason_is_not_accepted() -> None:
    wizard = RefundWizardState(target(), CLERK)
    wizard.next()
    wizard.reason = "changed_mind"
    assert not wizard.can_go_next


def test_restrictions_are_explained_before_the_user_hits_them() -> None:
    items = (RefundableItem("L1", "Latte", 500), RefundableItem("L2", "Scone", 400))
    wizard = RefundWizardState(target(tax=80, items=items), CLERK)
    assert wizard.available_modes == [RefundMode.FULL, RefundMode.ITEMS]
    notice = wizard.restriction_notice
    assert notice is not None
    assert "includes tax" in notice
    assert "order return" in notice


def test_over_limit_refund_asks_for_a_manager_pin_on_review(tmp_path: Path) -> None:
    directory = StaffDirectory(tmp_path / "staff.sqlite")
    owner = directory.add("Olivia Owner", Role.OWNER, "1111")
    manager = directory.add("Marcus Manager", Role.MANAGER, "2222", by=owner)
    wizard = RefundWizardState(target(amount=Money(9_000, "USD")), CLERK)
    wizard.next()
    wizard.reason = "fraudulent"
    wizard.next()
    assert wizard.approval is RefundApproval.NEEDS_MANAGER
    assert wizard.needs_manager_pin
    assert not wizard.can_go_next
    assert "manager must enter their PIN" in wizard.problems()[0]
    plan = wizard.plan
    wizard.approval_proof = directory.issue_approval(
        manager.id, "2222", charge_id="CH1", amount=plan.amount, mode=plan.mode.value
    )
    assert wizard.can_go_next
    assert ("Approved by", "Marcus Manager") in wizard.review_lines()
    # Back to the first page, a partial amount instead: the approval covers nothing now.
    wizard.back()
    wizard.back()
    wizard.mode = RefundMode.PARTIAL
    wizard.partial_amount = 8_000
    wizard.next()
    wizard.note = "two of three tickets"
    wizard.next()
    assert wizard.valid_approval is None
    assert wizard.needs_manager_pin
    assert not wizard.can_go_next
    directory.close()


def test_what_the_clerk_refunded_before_makes_the_wizard_ask_for_a_pin() -> None:
    """$30 is under Cora's $50 limit alone, not after $30 on the same charge or past
    her daily total: the wizard asks for the PIN the service would otherwise refuse."""
    from clover_desk.services.staff.accounts import EarlierRefunds

    alone = RefundWizardState(target(), CLERK)
    assert alone.approval is RefundApproval.ALLOWED
    same_charge = RefundWizardState(target(), CLERK, earlier=EarlierRefunds(on_charge=3_000))
    assert same_charge.approval is RefundApproval.NEEDS_MANAGER
    daily = StaffMember(3, "Cora Clerk", Role.CLERK, Money(5_000, "USD"), True, Money(4_000, "USD"))
    late_in_the_day = RefundWizardState(target(), daily, earlier=EarlierRefunds(today=2_000))
    assert late_in_the_day.needs_manager_pin


def test_a_manager_needs_no_approval() -> None:
    wizard = RefundWizardState(target(amount=Money(90_000, "USD")), MANAGER)
    assert wizard.approval is RefundApproval.ALLOWED


def test_review_warns_about_earlier_refunds_and_tips() -> None:
    wizard = RefundWizardState(target(refunded=500, tip=300), CLERK)
    warnings = wizard.warnings()
    assert any("refunded before (5.00 USD)" in w for w in warnings)
    assert any("tip of 3.00 USD" in w for w in warnings)


def test_the_idempotency_key_is_made_once_per_wizard() -> None:
    first = RefundWizardState(target(), CLERK)
    second = RefundWizardState(target(), CLERK)
    key = first.idempotency_key
    first.next()
    first.back()
    assert first.idempotency_key == key
    assert second.idempotency_key != key


def test_next_refuses_while_invalid_and_review_submits_instead() -> None:
    wizard = RefundWizardState(target(), CLERK, mode=RefundMode.PARTIAL, partial_amount=99_999)
    with pytest.raises(ValueError, match="remains refundable"):
        wizard.next()
    wizard.partial_amount = 100
    wizard.next()
    wizard.reason = "duplicate"
    wizard.note = "n"
    wizard.next()
    with pytest.raises(ValueError, match="submits"):
        wizard.next()
