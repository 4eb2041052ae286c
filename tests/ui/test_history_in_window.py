"""The synced history in the window: Orders and Charges read it, Reports chart it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clover_helpers import card_charge, client_for
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from clover_desk.app import DeskApp
from clover_desk.services.history.store import OrderRow


def _sync(desk: DeskApp, qtbot: QtBot) -> None:
    """Sync the last 100 days through the Reports tab's sync panel, as staff would."""
    tab = desk.window.reports_tab
    desk.window.tabs_widget.setCurrentWidget(tab)
    panel = tab.sync_panel
    assert panel is not None
    assert tab.sync_box.isVisible()
    start = QDate.currentDate().addDays(-100)
    panel.from_edit.setDate(start)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert panel.running
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    session = desk.session
    assert session is not None
    assert session.history.available


def test_orders_and_charges_read_the_synced_history_marked_as_of(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    window = fresh_desk.window
    orders = window.orders_tab
    assert run(orders.reload()) > 0
    assert not orders.as_of_label.isVisible()
    live_ids = [o.id for o in orders.model.rows]

    _sync(fresh_desk, qtbot)

    window.tabs_widget.setCurrentWidget(orders)
    count = run(orders.reload())
    assert count > 0
    assert orders.table.model() is orders.stored_model
    assert orders.as_of_label.isVisible()
    assert "as of" in orders.as_of_label.text()
    stored = list(orders.stored_model.rows)
    assert all(isinstance(r, OrderRow) for r in stored)
    assert [r.id for r in stored][: len(live_ids)] == live_ids[: len(stored)], "newest first"
    orders.table.select_row(0)
    orders.open_detail()
    qtbot.waitUntil(lambda: orders.detail is not None, timeout=10_000)
    assert orders.detail is not None
    assert orders.detail.order.id == stored[0].id, "the detail still comes from Clover"

    charges = window.charges_tab
    window.tabs_widget.setCurrentWidget(charges)
    assert run(charges.reload()) > 0
    assert charges.as_of_label.isVisible()
    charges.last4_edit.setText(charges.model.rows[0].source.last4)  # type: ignore[union-attr]
    assert run(charges.reload()) >= 1
    assert all(
        getattr(c.source, "last4", None) == charges.last4_edit.text() for c in charges.model.rows
    )


def test_reports_tab_builds_from_the_history(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = fresh_desk.window.reports_tab
    assert run(tab.reload()) == 0
    assert "sync it above" in tab.summary_label.text()
    _sync(fresh_desk, qtbot)
    assert run(tab.reload()) > 0
    assert tab.report is not None
    assert tab.report.total.sales > 0
    assert "net" in tab.summary_label.text()


def test_a_synced_history_catches_up_with_new_charges(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    assert fresh_desk.catch_up_history() is None, "nothing to catch up before a sync"
    _sync(fresh_desk, qtbot)
    assert fresh_desk.sandbox is not None

    async def new_charge() -> str:
        async with client_for(fresh_desk.sandbox) as client:
            return (await card_charge(client, 4_321)).id

    charge_id = run(new_charge())
    charges = fresh_desk.window.charges_tab
    fresh_desk.window.tabs_widget.setCurrentWidget(charges)
    run(charges.reload())
    assert charge_id not in [c.id for c in charges.model.rows], "not synced yet"
    task = fresh_desk.catch_up_history()
    assert task is not None
    qtbot.waitUntil(task.done, timeout=30_000)
    run(charges.reload())
    assert charges.model.rows[0].id == charge_id
    assert charges.model.rows[0].amount == 4_321


def test_once_synced_charges_name_customers_from_the_history_even_if_clover_cannot(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    import httpx
    from ui.conftest import settled

    from clover_desk.ui.charges_tab import ChargeColumn
    from clover_desk.ui.naming import NOBODY

    _sync(fresh_desk, qtbot)
    sandbox = fresh_desk.sandbox
    assert sandbox is not None
    faults = sandbox.info["admin_url"] + "/faults"
    # Clover stops answering customer reads: the names must come from the history.
    httpx.post(faults, json={"error_rate": 1.0, "error_status": 500, "path_regex": "customers"})
    try:
        charges = fresh_desk.window.charges_tab
        fresh_desk.window.tabs_widget.setCurrentWidget(charges)
        assert run(charges.reload()) > 0
        settled(fresh_desk, qtbot)
        named = [
            charges.model.index(r, ChargeColumn.CUSTOMER).data()
            for r in range(charges.model.rowCount())
            if charges.model.row_at(r).customer
        ]
        assert named
        assert NOBODY not in named
    finally:
        httpx.delete(faults)
