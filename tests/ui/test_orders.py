"""Orders tab end to end against a sandbox: search, detail, paging, new order, returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from clover_desk.app import DeskApp
from clover_desk.services.sales.orders import OrderState, order_state
from clover_desk.ui.orders_tab import OrdersTab


def loaded_orders(desk: DeskApp, run: Callable[..., Any]) -> OrdersTab:
    tab = desk.window.orders_tab
    desk.window.tabs_widget.setCurrentWidget(tab)
    assert run(tab.reload()) > 0
    return tab


def test_orders_newest_first_and_model_passes_the_tester(
    demo_desk: DeskApp, run: Callable[..., Any], qtmodeltester: Any
) -> None:
    tab = loaded_orders(demo_desk, run)
    times = [o.created_time for o in tab.model.rows]
    assert times == sorted(times, reverse=True)
    qtmodeltester.check(tab.model)


def test_search_by_order_id_then_enter_opens_the_detail(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = loaded_orders(demo_desk, run)
    wanted = next(o for o in tab.model.rows if o.payments and o.payments.elements)
    tab.search_edit.setText(wanted.id)
    assert run(tab.reload()) == 1
    tab.table.setFocus()
    tab.table.select_row(0)
    qtbot.keyClick(tab.table, "\r")
    qtbot.waitUntil(lambda: tab.detail is not None, timeout=10_000)
    assert tab.detail is not None
    text = tab.detail_view.toPlainText()
    assert wanted.id in text
    assert "Payments" in text
    assert "Tax" in text
    assert "Tip" in text
    assert tab.detail.line_items


def test_filter_by_state_and_ctrl_f_focuses_search(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = loaded_orders(demo_desk, run)
    tab.state_box.setCurrentIndex(tab.state_box.findData(OrderState.REFUNDED))
    rows = run(tab.reload())
    assert rows > 0
    assert all(order_state(o) is OrderState.REFUNDED for o in tab.model.rows)
    demo_desk.window.activateWindow()
    demo_desk.window.find_action.trigger()
    assert tab.search_edit.hasFocus() or demo_desk.window.focusWidget() is tab.search_edit


def test_scrolling_fetches_more_pages(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = loaded_orders(demo_desk, run)
    first = tab.model.rowCount()
    assert tab.model.canFetchMore(tab.model.index(-1, -1))
    tab.table.scrollToBottom()
    tab.model.fetchMore(tab.model.index(-1, -1))
    qtbot.waitUntil(lambda: tab.model.rowCount() > first, timeout=10_000)
    ids = [o.id for o in tab.model.rows]
    assert len(ids) == len(set(ids))


def test_new_order_live_totals_create_pay_then_return_an_item(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = fresh_desk.window.orders_tab
    fresh_desk.window.tabs_widget.setCurrentWidget(tab)
    run(tab.reload())
    fresh_desk.window.new_order_action.trigger()
    dialog = tab.new_order_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.item_list.count() > 0, timeout=10_000)
    with_modifiers = next(
        (i for i in dialog.items if i.modifier_groups and i.modifier_groups.elements), None
    )
    first = with_modifiers or dialog.items[0]
    assert dialog.select_item(first.name or "")
    if dialog.modifier_list.count():
        dialog.check_modifier(0)
    dialog.quantity.setValue(2)
    qtbot.mouseClick(dialog.add_button, _left())
    second = next(i for i in dialog.items if i.id != first.id)
    dialog.select_item(second.name or "")
    dialog.line_discount.setCurrentIndex(1 if dialog.line_discount.count() > 1 else 0)
    dialog.add_current()
    qtbot.waitUntil(lambda: dialog.checkout is not None, timeout=10_000)
    assert dialog.checkout is not None
    assert (dialog.checkout.total or 0) > 0
    assert dialog.total_label.text() not in ("", "—")

    qtbot.mouseClick(dialog.create_button, _left())
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=10_000)
    assert dialog.created is not None
    assert dialog.pay_box.isEnabled()
    order_id = dialog.created.order.id
    expected_total = dialog.checkout.total

    dialog.new_card_radio.setChecked(True)
    dialog.card_number.setText("4242 4242 4242 4242")
    dialog.card_expiry.setText("12/39")
    dialog.card_cvv.setText("123")
    dialog.card_zip.setText("94041")
    dialog.tip_edit.setText("1.50")
    dialog.email_edit.setText("guest@example.com")
    qtbot.mouseClick(dialog.pay_button, _left())
    qtbot.waitUntil(lambda: "paid" in dialog.status_label.text().lower(), timeout=15_000)
    assert dialog.card_number.text() == ""
    assert dialog.card_cvv.text() == ""
    assert fresh_desk.window.jobs.last_error is None
    paid = dialog.created
    assert order_state(paid.order) is OrderState.PAID
    assert paid.order.total == expected_total
    assert paid.tip.amount == 150
    dialog.close()

    detail = run(tab.show_detail(order_id))
    assert detail.can_return
    window = fresh_desk.window
    tab.return_items()
    qtbot.waitUntil(lambda: window.refund_wizard is not None, timeout=10_000)
    wizard = window.refund_wizard
    assert wizard is not None
    assert wizard.state.mode.value == "items", "a return starts on the order's items"
    wizard.what.items.item(0).setCheckState(Qt.CheckState.Checked)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, _left())
    wizard.why.reason.setCurrentIndex(wizard.why.reason.findData("requested_by_customer"))
    wizard.why.note.setPlainText("returned unopened")
    qtbot.mouseClick(next_button, _left())
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), _left())
    qtbot.waitUntil(
        lambda: tab.detail is not None and any(li.refunded for li in tab.detail.line_items),
        timeout=15_000,
    )
    assert tab.detail is not None
    assert tab.detail.refunded.amount > 0
    assert window.jobs.last_error is None
    [entry] = fresh_desk.session.journal.entries() if fresh_desk.session else []
    assert entry.kind.value == "return"
    assert entry.order_id == order_id


def test_a_bad_card_is_refused_before_anything_is_sent(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = fresh_desk.window.orders_tab
    tab.new_order()
    dialog = tab.new_order_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.item_list.count() > 0, timeout=10_000)
    dialog.add_current()
    run(dialog.create_order())
    dialog.card_number.setText("4242 4242 4242 4241")  # Luhn fails
    dialog.card_expiry.setText("01/20")  # expired
    dialog.card_cvv.setText("12")
    dialog.email_edit.setText("guest@example.com")
    qtbot.mouseClick(dialog.pay_button, _left())
    qtbot.waitUntil(lambda: fresh_desk.window.jobs.last_error is not None, timeout=10_000)
    error = fresh_desk.window.jobs.last_error
    assert error is not None
    assert error.title == "Paying the order failed"
    assert "check digit" in error.detail
    assert "expired" in error.detail
    assert "4241" not in error.text()
    assert fresh_desk.window.error_banner.isVisible()
    dialog.close()


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
