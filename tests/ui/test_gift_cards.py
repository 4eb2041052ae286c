"""Gift cards tab end to end: activate, balance, reload, cash out, virtual, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from clover_desk.api.money import Money
from clover_desk.app import DeskApp
from clover_desk.services.sales.gift_cards import GiftOperation

NUMBER = "7777 3200 0001 2345"


def do(tab: Any, qtbot: QtBot, button: Any, operation: GiftOperation) -> Any:
    before = tab.model.rowCount()
    qtbot.mouseClick(button, _left())
    qtbot.waitUntil(
        lambda: (
            tab.model.rowCount() == before + 1
            and tab.last_outcome is not None
            and tab.last_outcome.operation is operation
        ),
        timeout=10_000,
    )
    return tab.last_outcome


def test_every_gift_card_operation_and_the_history(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = fresh_desk.window.gift_cards_tab
    fresh_desk.window.tabs_widget.setCurrentWidget(tab)
    run(tab.reload())

    tab.card_number.setText(NUMBER)
    tab.amount_edit.setText("25.00")
    activated = do(tab, qtbot, tab.activate_button, GiftOperation.ACTIVATE)
    assert activated.balance == Money(2500, "USD")
    assert "2345" in tab.result_label.text()
    assert tab.card_number.text() == ""

    tab.card_number.setText(NUMBER)
    tab.amount_edit.setText("10")
    reloaded = do(tab, qtbot, tab.reload_button, GiftOperation.RELOAD)
    assert reloaded.balance == Money(3500, "USD")

    tab.card_number.setText(NUMBER)
    balance = do(tab, qtbot, tab.balance_button, GiftOperation.BALANCE)
    assert balance.balance == Money(3500, "USD")
    assert "balance now" in tab.result_label.text()

    tab.card_number.setText(NUMBER)
    cashed = do(tab, qtbot, tab.cashout_button, GiftOperation.CASH_OUT)
    assert cashed.balance == Money(0, "USD")

    tab.promo_code.setText("WELCOME")
    tab.amount_edit.setText("15.00")
    virtual = do(tab, qtbot, tab.virtual_button, GiftOperation.ACTIVATE_VIRTUAL)
    assert virtual.virtual_number
    assert virtual.virtual_number in tab.result_label.text()

    operations = [entry.operation for entry in tab.model.rows]
    assert operations == [
        "Activate virtual",
        "Cash out",
        "Balance inquiry",
        "Reload",
        "Activate",
    ]
    history = fresh_desk.paths.gift_card_history.read_text()
    assert "7777320000012345" not in history
    assert virtual.virtual_number not in history
    assert fresh_desk.window.jobs.last_error is None


def test_an_inactive_card_is_a_plain_error(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = fresh_desk.window.gift_cards_tab
    tab.card_number.setText("7777 3200 0009 9999")
    qtbot.mouseClick(tab.balance_button, _left())
    qtbot.waitUntil(lambda: fresh_desk.window.jobs.last_error is not None, timeout=10_000)
    error = fresh_desk.window.jobs.last_error
    assert error is not None
    assert error.title == "Checking the gift card balance failed"
    assert "not active" in error.detail


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
