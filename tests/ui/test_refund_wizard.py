"""The refund wizard driven by qtbot down every path, against a sandbox over loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from clover_helpers import card_charge, client_for, paid_order
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton, QWizard
from pytestqt.qtbot import QtBot

from clover_desk.api.client import CloverClient
from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import EntryStatus, Journal
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import RefundRefused, RefundService
from clover_desk.services.refunds.wizard import Outcome, Page, RefundWizardState
from clover_desk.services.staff.accounts import Role, StaffDirectory, StaffMember
from clover_desk.ui.refund_wizard import RefundWizard


class Desk:
    """What a wizard needs: a client, the refund service, staff."""

    def __init__(self, sandbox: RunningSandbox, tmp_path: Path) -> None:
        self.sandbox = sandbox
        self.client: CloverClient = client_for(sandbox)
        self.journal = Journal(tmp_path / "journal.sqlite")
        self.staff = StaffDirectory(tmp_path / "staff.sqlite")
        self.service = RefundService(
            self.client.ecommerce, self.client.platform, self.journal, self.staff
        )
        self.owner = self.staff.add("Olivia Owner", Role.OWNER, "1111")
        self.manager = self.staff.add("Marcus Manager", Role.MANAGER, "2222", by=self.owner)
        self.clerk = self.staff.add(
            "Cora Clerk", Role.CLERK, "3333", refund_limit=Money(5_000, "USD"), by=self.owner
        )

    def ledger_refunds(self) -> list[dict[str, Any]]:
        refunds: list[dict[str, Any]] = httpx.get(
            self.sandbox.info["admin_url"] + "/ledger"
        ).json()["refunds"]
        return refunds

    def faults(self, **settings: object) -> None:
        url = self.sandbox.info["admin_url"] + "/faults"
        if settings:
            httpx.post(url, json=settings).raise_for_status()
        else:
            httpx.delete(url).raise_for_status()


@pytest.fixture
def desk(sandbox: RunningSandbox, tmp_path: Path, run: Callable[..., Any]) -> Iterator[Desk]:
    d = Desk(sandbox, tmp_path)
    yield d
    run(d.service.close())
    run(d.client.aclose())
    d.journal.close()
    d.staff.close()


def open_wizard(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk, charge_id: str, staff: StaffMember
) -> RefundWizard:
    target = run(desk.service.load_target(charge_id))
    wizard = RefundWizard(RefundWizardState(target, staff), desk.service, desk.staff)
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot: QtBot, wizard: RefundWizard, button: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def mode_button(wizard: RefundWizard, mode: RefundMode) -> QRadioButton:
    button = wizard.what.findChild(QRadioButton, f"mode_{mode.value}")
    assert isinstance(button, QRadioButton)
    return button


def choose_mode(qtbot: QtBot, wizard: RefundWizard, mode: RefundMode) -> None:
    """Click the radio's indicator: a radio only takes clicks on its indicator and label."""
    button = mode_button(wizard, mode)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    assert button.isChecked()


def next_enabled(wizard: RefundWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def choose_reason(wizard: RefundWizard, code: str) -> None:
    combo = wizard.why.reason
    combo.setCurrentIndex(combo.findData(code))


def go_to_review(qtbot: QtBot, wizard: RefundWizard, reason: str, note: str = "") -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == Page.WHY
    assert not next_enabled(wizard), "a reason is required"
    choose_reason(wizard, reason)
    if note:
        wizard.why.note.setPlainText(note)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == Page.REVIEW


def commit(qtbot: QtBot, wizard: RefundWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)


def wait_result(qtbot: QtBot, wizard: RefundWizard) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == Page.RESULT, timeout=20_000)


def test_full_refund(qtbot: QtBot, run: Callable[..., Any], desk: Desk) -> None:
    charge = run(card_charge(desk.client, 2_400))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    assert "24.00" in wizard.what.remaining.text()
    go_to_review(qtbot, wizard, "requested_by_customer")
    assert "24.00" in wizard.review.summary.text()
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    assert "Refunded" in wizard.result_page.outcome.text()
    [refund] = desk.ledger_refunds()
    assert refund["amount"] == 2_400
    assert refund["reason"] == "requested_by_customer"
    assert refund["idempotency_key"] == wizard.state.idempotency_key


def test_partial_refund_needs_a_note(qtbot: QtBot, run: Callable[..., Any], desk: Desk) -> None:
    charge = run(card_charge(desk.client, 3_000))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.clerk)
    choose_mode(qtbot, wizard, RefundMode.PARTIAL)
    qtbot.keyClicks(wizard.what.amount, "40.00")
    assert not next_enabled(wizard)
    assert "remains refundable" in wizard.what.problems.text()
    wizard.what.amount.clear()
    qtbot.keyClicks(wizard.what.amount, "7.50")
    assert next_enabled(wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    choose_reason(wizard, "duplicate")
    assert not next_enabled(wizard)
    assert "note is required" in wizard.why.problems.text()
    qtbot.keyClicks(wizard.why.note, "rang up twice")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    assert "22.50" in wizard.result_page.outcome.text(), "remaining after the refund"
    assert [r["amount"] for r in desk.ledger_refunds()] == [750]


def test_item_refund_goes_through_an_order_return(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    order_id, charge_id = run(paid_order(desk.client, [1_200, 450, 300]))
    wizard = open_wizard(qtbot, run, desk, charge_id, desk.manager)
    assert wizard.state.available_modes == [RefundMode.FULL, RefundMode.ITEMS]
    assert "more than one line item" in wizard.what.notice.text()
    assert not mode_button(wizard, RefundMode.PARTIAL).isEnabled()
    choose_mode(qtbot, wizard, RefundMode.ITEMS)
    assert not next_enabled(wizard)
    wizard.what.items.item(1).setCheckState(Qt.CheckState.Checked)
    assert next_enabled(wizard)
    go_to_review(qtbot, wizard, "requested_by_customer", note="cold drink")
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    assert "Refunded" in wizard.result_page.outcome.text()
    [refund] = desk.ledger_refunds()
    assert refund["kind"] == "return"
    assert refund["order"] == order_id
    assert len(refund["line_items"]) == 1


def test_over_limit_refund_waits_for_a_manager_pin(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    charge = run(card_charge(desk.client, 9_000))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.clerk)
    go_to_review(qtbot, wizard, "fraudulent")
    assert wizard.review.approval.isVisible()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.review.manager.setCurrentIndex(wizard.review.manager.findText("Marcus Manager"))
    qtbot.keyClicks(wizard.review.pin, "9999")
    qtbot.mouseClick(wizard.review.approve, Qt.MouseButton.LeftButton)
    assert "not right" in wizard.review.status.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    qtbot.keyClicks(wizard.review.pin, "2222")
    qtbot.mouseClick(wizard.review.approve, Qt.MouseButton.LeftButton)
    assert "Approved by Marcus Manager" in wizard.review.status.text()
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    [entry] = desk.journal.entries()
    assert entry.approver_name == "Marcus Manager"
    assert entry.staff_name == "Cora Clerk"
    assert entry.status is EntryStatus.SUCCEEDED


def approve_as_marcus(qtbot: QtBot, wizard: RefundWizard) -> None:
    wizard.review.manager.setCurrentIndex(wizard.review.manager.findText("Marcus Manager"))
    qtbot.keyClicks(wizard.review.pin, "2222")
    qtbot.mouseClick(wizard.review.approve, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("change", ["amount", "mode", "items"])
def test_going_back_and_changing_the_refund_voids_the_approval(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk, change: str
) -> None:
    """Marcus approves one refund; after Back and a change, the wizard asks him again."""
    if change == "items":
        _order_id, charge_id = run(paid_order(desk.client, [6_000, 5_500]))
    else:  # partial amounts are offered on a plain card charge
        charge_id = run(card_charge(desk.client, 12_000)).id
    wizard = open_wizard(qtbot, run, desk, charge_id, desk.clerk)
    first_mode = RefundMode.ITEMS if change == "items" else RefundMode.PARTIAL
    choose_mode(qtbot, wizard, first_mode)
    if first_mode is RefundMode.PARTIAL:
        wizard.what.amount.setText("60.00")
    else:
        wizard.what.items.item(0).setCheckState(Qt.CheckState.Checked)
    go_to_review(qtbot, wizard, "requested_by_customer", note="the wrong one")
    approve_as_marcus(qtbot, wizard)
    first_proof = wizard.state.valid_approval
    assert first_proof is not None
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()

    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    assert wizard.currentId() == Page.WHAT
    if change == "amount":
        wizard.what.amount.setText("70.00")
    elif change == "mode":
        choose_mode(qtbot, wizard, RefundMode.FULL)
    else:
        wizard.what.items.item(1).setCheckState(Qt.CheckState.Checked)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # the reason and note stand
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == Page.REVIEW
    assert wizard.review.approval.isVisible(), "the PIN is asked for again"
    assert "approve it again" in wizard.review.status.text()
    assert "Approved by" not in wizard.review.status.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    commit(qtbot, wizard)  # disabled: nothing is sent on the old approval
    assert desk.ledger_refunds() == []

    approve_as_marcus(qtbot, wizard)
    assert "Approved by Marcus Manager" in wizard.review.status.text()
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    [entry] = desk.journal.entries()
    assert entry.approval_id not in (None, first_proof.proof_id)
    assert entry.amount == wizard.state.plan.amount
    assert len(desk.ledger_refunds()) == 1


def test_over_limit_refund_without_a_pin_sends_nothing(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    charge = run(card_charge(desk.client, 9_000))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.clerk)
    go_to_review(qtbot, wizard, "fraudulent")
    assert "over Cora Clerk's refund limit" in wizard.review.problems.text()
    commit(qtbot, wizard)  # disabled: the click does nothing
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == Page.REVIEW
    assert desk.ledger_refunds() == []
    assert desk.journal.entries() == []


def test_a_refused_refund_is_shown_plainly(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    charge = run(card_charge(desk.client, 1_000))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    go_to_review(qtbot, wizard, "duplicate")
    run(desk.client.ecommerce.create_refund(charge.id))  # refunded elsewhere meanwhile
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    assert "not made" in wizard.result_page.outcome.text()
    assert "fully refunded" in wizard.result_page.outcome.text()
    assert len(desk.ledger_refunds()) == 1


def test_a_declined_refund_is_a_clear_failure(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    charge = run(card_charge(desk.client, 1_000))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    go_to_review(qtbot, wizard, "duplicate")
    desk.faults(error_rate=1.0, error_status=402, path_regex="^/v1/refunds$", method="POST")
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    assert wizard.state.result is not None
    assert wizard.state.result.outcome is Outcome.FAILED
    assert "not made" in wizard.result_page.outcome.text()
    assert desk.ledger_refunds() == []


def test_an_unknown_outcome_is_shown_then_settled_without_a_second_refund(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    charge = run(card_charge(desk.client, 1_800))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    go_to_review(qtbot, wizard, "requested_by_customer")
    desk.faults(drop_after_commit_rate=1.0, path_regex="^/v1/refunds$", method="POST")
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    assert "Outcome unknown" in wizard.result_page.outcome.text()
    desk.faults()
    qtbot.waitUntil(lambda: "Refunded" in wizard.result_page.outcome.text(), timeout=20_000)
    assert len(desk.ledger_refunds()) == 1


def test_double_click_and_held_enter_refund_once(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    charge = run(card_charge(desk.client, 2_000))
    desk.faults(latency_ms=300)
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    go_to_review(qtbot, wizard, "duplicate")
    commit(qtbot, wizard)
    commit(qtbot, wizard)
    for _ in range(5):
        qtbot.keyClick(wizard, Qt.Key.Key_Return)
    wizard.submit()
    wait_result(qtbot, wizard)
    assert len(desk.ledger_refunds()) == 1


def test_a_second_wizard_on_the_same_charge_is_refused(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk
) -> None:
    charge = run(card_charge(desk.client, 2_000))
    first = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    with pytest.raises(RefundRefused, match="already open"):
        open_wizard(qtbot, run, desk, charge.id, desk.manager)
    first.reject()
    second = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    assert second.isVisible()


def test_receipt_is_saved_as_pdf(
    qtbot: QtBot, run: Callable[..., Any], desk: Desk, tmp_path: Path
) -> None:
    charge = run(card_charge(desk.client, 1_250))
    wizard = open_wizard(qtbot, run, desk, charge.id, desk.manager)
    go_to_review(qtbot, wizard, "requested_by_customer")
    commit(qtbot, wizard)
    wait_result(qtbot, wizard)
    assert wizard.result_page.save_receipt.isEnabled()
    path = wizard.save_receipt(tmp_path / "receipt.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1_000
    assert "Refund receipt" in wizard.receipt_html()
    assert wizard.state.result is not None
    assert str(wizard.state.result.refund_id) in wizard.receipt_html()
