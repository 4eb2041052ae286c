"""Signing in, locking, owner-only settings, and the Activity view, in the real window."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clover_helpers import card_charge, client_for
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard
from pytestqt.qtbot import QtBot

from clover_desk.api.money import Money
from clover_desk.app import DeskApp
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import RefundRequest
from clover_desk.services.refunds.wizard import Page
from clover_desk.services.staff.accounts import Role, StaffDirectory
from clover_desk.ui.money import format_money
from clover_desk.ui.sign_in import SignInDialog


def test_training_sign_in_shows_the_demo_pins_and_checks_them(
    fresh_desk: DeskApp, qtbot: QtBot
) -> None:
    window = fresh_desk.window
    fresh_desk.lock()
    assert not window.content.isVisible(), "nothing of the merchant's shows while locked"
    assert window.staff_status.text() == "Not signed in"
    dialog = fresh_desk.wiring.sign_in_dialog
    assert dialog is not None
    pins = dialog.findChild(QLabel, "trainingPins")
    assert isinstance(pins, QLabel)
    assert "Cora Clerk — PIN 3333" in pins.text()
    dialog.member.setCurrentIndex(dialog.member.findText("Cora Clerk (clerk)"))
    qtbot.keyClicks(dialog.pin, "0000")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not right" in dialog.error.text(), timeout=5_000)
    assert window.staff_member is None
    qtbot.keyClicks(dialog.pin, "3333")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.staff_member is not None, timeout=5_000)
    assert window.staff_member is not None
    assert window.staff_member.role is Role.CLERK
    assert window.content.isVisible()
    assert window.staff_status.text() == "Cora Clerk · clerk"


def test_escape_does_not_dismiss_the_lock(fresh_desk: DeskApp, qtbot: QtBot) -> None:
    fresh_desk.lock()
    dialog = fresh_desk.wiring.sign_in_dialog
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert fresh_desk.window.staff_member is None


def test_a_machine_without_staff_creates_the_owner_first(qtbot: QtBot, tmp_path: Path) -> None:
    directory = StaffDirectory(tmp_path / "staff.sqlite")
    dialog = SignInDialog(directory)
    qtbot.addWidget(dialog)
    signed_in: list[object] = []
    dialog.signedIn.connect(signed_in.append)
    assert dialog.first_owner
    dialog.owner_name.setText("Olivia")
    dialog.pin.setText("4321")
    dialog.pin_again.setText("4322")
    dialog.try_sign_in()
    assert "differ" in dialog.error.text()
    dialog.pin.setText("4321")
    dialog.pin_again.setText("4321")
    dialog.try_sign_in()
    assert [m.role for m in directory.members()] == [Role.OWNER]
    assert len(signed_in) == 1
    directory.close()


def test_only_an_owner_opens_settings(fresh_desk: DeskApp) -> None:
    window = fresh_desk.window
    fresh_desk.sign_in_as("Marcus Manager", "2222")
    window.settings_action.trigger()
    assert fresh_desk.switching._settings_dialog is None
    assert "Only an owner" in window.error_banner.text()
    fresh_desk.sign_in_training_owner()
    window.settings_action.trigger()
    assert fresh_desk.switching._settings_dialog is not None
    fresh_desk.switching._settings_dialog.close()


def test_activity_lists_refunds_from_this_machine_and_exports_csv(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    assert fresh_desk.sandbox is not None
    session = fresh_desk.session
    assert session is not None
    member = fresh_desk.sign_in_as("Marcus Manager", "2222")

    async def two_refunds() -> None:
        async with client_for(fresh_desk.sandbox) as client:
            for amount, note in ((1_000, "wrong size"), (600, "duplicate swipe")):
                charge = await card_charge(client, 3_000)
                target = await session.refunds.load_target(charge.id)
                await session.refunds.refund(
                    RefundRequest(
                        key=f"activity-{amount}",
                        target=target,
                        mode=RefundMode.PARTIAL,
                        reason="duplicate" if amount == 600 else "requested_by_customer",
                        note=note,
                        staff=member,
                        partial_amount=amount,
                    )
                )

    run(two_refunds())
    tab = fresh_desk.window.activity_tab
    fresh_desk.window.tabs_widget.setCurrentWidget(tab)
    assert run(tab.reload()) == 2
    assert [row.note for row in tab.model.rows] == ["duplicate swipe", "wrong size"]
    tab.search.setText("swipe")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5_000)
    assert tab.model.rows[0].staff_name == "Marcus Manager"
    path = tab.export_csv(tmp_path / "activity.csv")
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["amount"], r["reason"], r["status"]) for r in rows] == [
        ("6.00", "duplicate", "succeeded")
    ]
    tab.search.clear()
    tab.staff.setText("Nobody Here")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=5_000)
    assert "0 money movements" in tab.status.text()


def test_the_owner_manages_staff_and_the_idle_lock(fresh_desk: DeskApp, qtbot: QtBot) -> None:
    window = fresh_desk.window
    fresh_desk.sign_in_as("Cora Clerk", "3333")
    window.staff_action.trigger()
    assert fresh_desk.wiring._staff_dialog is None
    assert "Only an owner" in window.error_banner.text()

    fresh_desk.sign_in_training_owner()
    window.staff_action.trigger()
    dialog = fresh_desk.wiring._staff_dialog
    assert dialog is not None
    dialog.name.setText("Sam Clerk")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLERK))
    dialog.pin.setText("12")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "at least 4 digits" in dialog.status.text()
    dialog.pin.setText("5678")
    dialog.limit.setText("25.00")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Added Sam Clerk."
    sam = next(m for m in fresh_desk.staff.members() if m.name == "Sam Clerk")
    assert sam.refund_limit is not None
    assert sam.refund_limit.amount == 2_500
    dialog.members.setCurrentRow(
        next(
            i for i in range(dialog.members.count()) if "Sam Clerk" in dialog.members.item(i).text()
        )
    )
    qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    assert "can no longer sign in" in dialog.status.text()
    dialog.idle_minutes.setValue(9)
    dialog.reject()
    assert fresh_desk.settings.idle_lock_minutes == 9
    assert '"idle_lock_minutes":9' in fresh_desk.paths.settings_file.read_text().replace(" ", "")


def _select_member(dialog: Any, name: str) -> None:
    dialog.members.setCurrentRow(
        next(i for i in range(dialog.members.count()) if name in dialog.members.item(i).text())
    )


def test_a_clerks_daily_total_set_in_staff_makes_the_wizard_ask_for_a_manager(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    """Cora may refund $50 at a time; with a $60 daily total, $40 then $30 needs a PIN."""
    assert fresh_desk.sandbox is not None
    session = fresh_desk.session
    assert session is not None
    window = fresh_desk.window
    fresh_desk.sign_in_training_owner()
    window.staff_action.trigger()
    dialog = fresh_desk.wiring._staff_dialog
    assert dialog is not None
    _select_member(dialog, "Cora Clerk")
    dialog.daily_limit.setText("sixty")
    qtbot.mouseClick(dialog.daily_button, Qt.MouseButton.LeftButton)
    assert "is not an amount" in dialog.status.text()
    cora = next(m for m in fresh_desk.staff.members() if m.name == "Cora Clerk")
    assert cora.daily_refund_limit is None, "off by default, and bad input changes nothing"
    dialog.daily_limit.setText("60.00")
    qtbot.mouseClick(dialog.daily_button, Qt.MouseButton.LeftButton)
    assert "may refund up to" in dialog.status.text()
    assert any("a day" in dialog.members.item(i).text() for i in range(dialog.members.count()))
    dialog.reject()

    clerk = fresh_desk.sign_in_as("Cora Clerk", "3333")

    async def charges_and_a_first_refund() -> str:
        async with client_for(fresh_desk.sandbox) as client:
            first = await card_charge(client, 4_000)
            second = await card_charge(client, 3_000)
        target = await session.refunds.load_target(first.id)
        await session.refunds.refund(
            RefundRequest(
                key="daily-first",
                target=target,
                mode=RefundMode.FULL,
                reason="requested_by_customer",
                note="",
                staff=clerk,
            )
        )
        return second.id

    second_id = run(charges_and_a_first_refund())
    window._start_refund(second_id, order_id=None)
    qtbot.waitUntil(lambda: window.refund_wizard is not None, timeout=10_000)
    wizard = window.refund_wizard
    assert wizard is not None
    assert wizard.state.needs_manager_pin, "$40 + $30 today is past Cora's $60"
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    wizard.why.reason.setCurrentIndex(wizard.why.reason.findData("requested_by_customer"))
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == Page.REVIEW
    assert wizard.review.approval.isVisible()
    assert "over their daily total" in wizard.review.problems.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.reject()


def test_the_reports_tab_saves_the_days_refunds_per_staff_member(
    fresh_desk: DeskApp, run: Callable[..., Any], tmp_path: Path
) -> None:
    assert fresh_desk.sandbox is not None
    session = fresh_desk.session
    assert session is not None
    panel = fresh_desk.window.reports_tab.refund_day
    run(panel.save_csv(tmp_path / "empty.csv"))
    assert "No refunds" in panel.summary.text()

    async def refund(staff_name: str, pin: str, amount: int, note: str) -> None:
        member = fresh_desk.sign_in_as(staff_name, pin)
        async with client_for(fresh_desk.sandbox) as client:
            charge = await card_charge(client, 3_000)
        await session.refunds.refund(
            RefundRequest(
                key=f"day-{amount}",
                target=await session.refunds.load_target(charge.id),
                mode=RefundMode.PARTIAL,
                reason="requested_by_customer",
                note=note,
                staff=member,
                partial_amount=amount,
            )
        )

    run(refund("Cora Clerk", "3333", 1_250, "wrong size"))
    run(refund("Marcus Manager", "2222", 700, "cold coffee"))
    path = run(panel.save_csv(tmp_path / "day.csv"))
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["staff"], r["amount"], r["note"]) for r in rows] == [
        ("Cora Clerk", "12.50", "wrong size"),
        ("Marcus Manager", "7.00", "cold coffee"),
    ]
    usd = lambda cents: format_money(Money(cents, "USD"))  # noqa: E731 - the app's formatter
    assert panel.summary.text() == f"2 refunds by 2 staff, {usd(1_950)}"
    pdf = run(panel.save_pdf(tmp_path / "day.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    shown = panel.report_html(run(panel.build()))
    assert f"Cora Clerk — {usd(1_250)}" in shown
    assert f"Marcus Manager — {usd(700)}" in shown
    assert "cold coffee" in shown
