"""Plans tab end to end: create, edit and delete plans; subscribe, edit, cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from clover_desk.app import DeskApp


def test_plans_load_and_show_subscriptions(
    demo_desk: DeskApp, run: Callable[..., Any], qtmodeltester: Any
) -> None:
    tab = demo_desk.window.plans_tab
    assert run(tab.reload()) > 0
    qtmodeltester.check(tab.model)
    counts = [len(run(tab.show_plan(plan))) for plan in tab.model.rows]
    assert any(counts)
    qtmodeltester.check(tab.subscriptions)


def test_plan_and_subscription_lifecycle(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = fresh_desk.window.plans_tab
    fresh_desk.window.tabs_widget.setCurrentWidget(tab)
    run(tab.reload())
    before = tab.model.rowCount()

    tab.new_plan_button.click()
    dialog = tab.plan_dialog
    assert dialog is not None
    dialog.name.setText("Coffee club")
    dialog.amount.setText("19.99")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: tab.plan is not None and tab.plan.name == "Coffee club", timeout=10_000)
    assert tab.model.rowCount() == before + 1
    assert tab.plan is not None
    assert tab.plan.amount == 1999

    tab.edit_plan_button.click()
    edit = tab.plan_dialog
    assert edit is not None
    edit.name.setText("Coffee club plus")
    edit.amount.setText("24.99")
    edit.buttons.accepted.emit()
    qtbot.waitUntil(lambda: tab.plan is not None and tab.plan.amount == 2499, timeout=10_000)

    tab.subscribe_button.click()
    qtbot.waitUntil(lambda: tab.subscription_dialog is not None, timeout=10_000)
    sub_dialog = tab.subscription_dialog
    assert sub_dialog is not None
    assert sub_dialog.customer.count() > 0
    sub_dialog.note.setText("Front counter sign-up")
    sub_dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: tab.subscriptions.rowCount() == 1, timeout=10_000)
    subscription = tab.subscriptions.rows[0]
    assert subscription.active
    assert subscription.note == "Front counter sign-up"

    tab.subscriptions_table.select_row(0)
    tab.edit_sub_button.click()
    sub_edit = tab.subscription_dialog
    assert sub_edit is not None
    sub_edit.amount.setText("20.00")
    sub_edit.buttons.accepted.emit()
    qtbot.waitUntil(
        lambda: tab.subscriptions.rowCount() == 1 and tab.subscriptions.rows[0].amount == 2000,
        timeout=10_000,
    )

    tab.subscriptions_table.select_row(0)
    tab.cancel_sub_button.click()
    qtbot.waitUntil(
        lambda: tab.subscriptions.rowCount() == 1 and not tab.subscriptions.rows[0].active,
        timeout=10_000,
    )

    tab.delete_plan_button.click()
    qtbot.waitUntil(lambda: tab.plan is None, timeout=10_000)
    assert all(p.name != "Coffee club plus" for p in tab.model.rows)
    assert fresh_desk.window.jobs.last_error is None
