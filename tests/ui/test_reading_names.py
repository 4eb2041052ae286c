"""Names, not ids: customers, cards and staff in the tables; ids in the detail pane."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui.conftest import settled
from ui.test_charges import charges_tab

from clover_desk.app import DeskApp
from clover_desk.services.sales.charges import ChargeState
from clover_desk.ui.charges_tab import ChargeColumn
from clover_desk.ui.naming import NOBODY, card_text
from clover_desk.ui.orders_tab import OrderColumn

CLOVER_ID = re.compile(r"^[A-Z0-9]{13}$")
CARD = re.compile(r"^(Visa|Mastercard|Amex|Discover|Diners Club|JCB|Gift card|Card) •••• \d{4}$")


def test_the_charges_table_names_customers_and_cards(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = charges_tab(demo_desk, run)
    settled(demo_desk, qtbot)
    rows = range(tab.model.rowCount())
    with_customer = [r for r in rows if tab.model.row_at(r).customer]
    assert with_customer, "the demo merchant's charges have customers"
    for row in with_customer:
        shown = tab.model.index(row, ChargeColumn.CUSTOMER).data()
        assert not CLOVER_ID.match(shown), shown
        assert shown != NOBODY
        # The id is a hover away (and in the detail pane).
        tooltip = tab.model.index(row, ChargeColumn.CUSTOMER).data(Qt.ItemDataRole.ToolTipRole)
        assert tooltip == tab.model.row_at(row).customer
    for row in rows:
        card = tab.model.index(row, ChargeColumn.CARD).data()
        assert card == "" or CARD.match(card), card


def test_the_charge_detail_keeps_the_ids_selectable(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = charges_tab(demo_desk, run)
    settled(demo_desk, qtbot)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).customer)
    charge = tab.model.row_at(row)
    run(tab.show_detail(charge.id))
    text = tab.detail_view.toPlainText()
    assert charge.id in text
    assert charge.customer in text
    assert tab.model.index(row, ChargeColumn.CUSTOMER).data() in text
    flags = tab.detail_view.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse


def test_the_orders_table_names_customers_and_staff(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = demo_desk.window.orders_tab
    assert run(tab.reload()) > 0
    settled(demo_desk, qtbot)
    staff = {tab.model.index(r, OrderColumn.STAFF).data() for r in range(tab.model.rowCount())}
    assert staff - {NOBODY}, staff
    assert not any(CLOVER_ID.match(name) for name in staff)
    customers = [
        tab.model.index(r, OrderColumn.CUSTOMER).data() for r in range(tab.model.rowCount())
    ]
    assert any(name != NOBODY for name in customers)
    assert not any(CLOVER_ID.match(name) for name in customers)


def test_selecting_a_charge_shows_it_without_enter(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = charges_tab(demo_desk, run)
    tab.table.setFocus()
    tab.table.select_row(1)
    qtbot.waitUntil(lambda: tab.detail is not None, timeout=10_000)
    assert tab.detail.charge.id == tab.model.row_at(1).id
    # Arrow keys move the detail along with the selection.
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    wanted = tab.model.row_at(2).id
    qtbot.waitUntil(lambda: tab.detail.charge.id == wanted, timeout=10_000)
    assert wanted in tab.detail_view.toPlainText()


def test_selecting_an_order_and_a_customer_shows_them(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    orders = demo_desk.window.orders_tab
    assert run(orders.reload()) > 0
    orders.table.select_row(0)
    qtbot.waitUntil(lambda: orders.detail is not None, timeout=10_000)
    assert orders.detail.order.id in orders.detail_view.toPlainText()
    customers = demo_desk.window.customers_tab
    assert run(customers.reload()) > 0
    customers.table.select_row(0)
    qtbot.waitUntil(lambda: customers.detail is not None, timeout=10_000)
    assert customers.detail.customer.id == customers.model.row_at(0).id


def test_the_charge_detail_lists_refunds_with_what_remains_after_each(
    demo_desk: DeskApp, run: Callable[..., Any]
) -> None:
    tab = charges_tab(demo_desk, run)
    tab.state_box.setCurrentIndex(tab.state_box.findData(ChargeState.PARTIALLY_REFUNDED))
    assert run(tab.reload()) > 0
    detail = run(tab.show_detail(tab.model.row_at(0).id))
    steps = detail.refund_steps()
    assert steps
    text = tab.detail_view.toPlainText()
    assert "Remaining" in text
    left = detail.charge.amount
    for step in steps:
        left -= step.refund.amount
        assert step.remaining.amount == max(0, left)
        assert step.refund.id in text
    assert steps[-1].remaining == detail.refundable


def test_cards_read_as_brand_and_last_four() -> None:
    assert card_text("VISA", "4242") == "Visa •••• 4242"
    assert card_text("MC", "4444") == "Mastercard •••• 4444"
    assert card_text(None, "0005") == "Card •••• 0005"
    assert card_text("VISA", None) == ""


def test_ctrl_c_on_a_row_copies_its_clover_id(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    from PySide6.QtGui import QGuiApplication

    tab = charges_tab(demo_desk, run)
    tab.table.setFocus()
    tab.table.select_row(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == tab.model.row_at(0).id


def test_rows_show_before_their_customers_names_arrive(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    import httpx

    sandbox = fresh_desk.sandbox
    assert sandbox is not None
    faults = sandbox.info["admin_url"] + "/faults"
    # Clover holds every customer read until told otherwise.
    httpx.post(faults, json={"hold": "before", "path_regex": "customers"}).raise_for_status()
    try:
        tab = fresh_desk.window.charges_tab
        assert run(tab.reload()) > 0, "the page is shown while the names are still asked"
        row = next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).customer)
        assert tab.model.index(row, ChargeColumn.CUSTOMER).data() == NOBODY
    finally:
        httpx.delete(faults).raise_for_status()
    settled(fresh_desk, qtbot)
    assert tab.model.index(row, ChargeColumn.CUSTOMER).data() != NOBODY
