"""Customers tab end to end: search, create, edit, add a card, revoke it, their charges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from clover_desk.app import DeskApp
from clover_desk.services.customers.service import display_name


def test_customers_load_search_and_model_tester(
    demo_desk: DeskApp, run: Callable[..., Any], qtmodeltester: Any, qtbot: QtBot
) -> None:
    tab = demo_desk.window.customers_tab
    assert run(tab.reload()) > 0
    qtmodeltester.check(tab.model)
    with_card = next(c for c in tab.model.rows if c.cards and c.cards.elements)
    tab.search_edit.setText(display_name(with_card))
    assert run(tab.reload()) >= 1
    assert all(display_name(with_card) in display_name(c) for c in tab.model.rows)
    row = tab.model.find_row(with_card.id)
    tab.table.setFocus()
    tab.table.select_row(row)
    qtbot.keyClick(tab.table, "\r")
    qtbot.waitUntil(lambda: tab.detail is not None, timeout=10_000)
    assert tab.detail is not None
    assert tab.detail.cards
    assert tab.revoke_button.isEnabled()
    assert "Charges" in tab.detail_view.toPlainText()


def test_create_edit_add_card_and_revoke_it(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: Any
) -> None:
    tab = fresh_desk.window.customers_tab
    fresh_desk.window.tabs_widget.setCurrentWidget(tab)
    run(tab.reload())

    tab.new_button.click()
    dialog = tab.customer_dialog
    assert dialog is not None
    dialog.first_name.setText("Grace")
    dialog.last_name.setText("Hopper")
    dialog.email.setText("not-an-email")
    dialog.buttons.accepted.emit()
    assert "email" in dialog.problem_label.text()
    dialog.email.setText("grace@example.com")
    dialog.phone.setText("+1 415 555 0100")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(
        lambda: tab.detail is not None and not fresh_desk.window.jobs.busy(), timeout=10_000
    )
    assert tab.detail is not None
    customer_id = tab.detail.customer.id
    assert display_name(tab.detail.customer) == "Grace Hopper"
    assert tab.detail.customer.emails == ["grace@example.com"]
    assert tab.model.find_row(customer_id) >= 0

    tab.edit_button.click()
    edit = tab.customer_dialog
    assert edit is not None
    assert edit.email.text() == "grace@example.com"
    edit.email.setText("admiral@example.com")
    edit.address1.setText("1 Navy Way")
    edit.city.setText("Arlington")
    edit.zip.setText("22201")
    edit.buttons.accepted.emit()
    qtbot.waitUntil(
        lambda: tab.detail is not None and "admiral@example.com" in tab.detail.customer.emails,
        timeout=10_000,
    )
    assert "1 Navy Way" in tab.detail_view.toPlainText()

    tab.add_card_button.click()
    card = tab.card_dialog
    assert card is not None
    card.number.setText("4242 4242 4242 4241")
    card.expiry.setText("12/39")
    card.cvv.setText("123")
    card.buttons.accepted.emit()
    assert "check digit" in card.problem_label.text()
    card.number.setText("4242 4242 4242 4242")
    card.buttons.accepted.emit()
    assert card.number.text() == ""
    qtbot.waitUntil(lambda: tab.detail is not None and len(tab.detail.cards) == 1, timeout=10_000)
    assert tab.detail.cards[0].last4 == "4242"
    assert tab.revoke_button.isEnabled()

    tab.revoke_button.click()
    qtbot.waitUntil(lambda: tab.detail is not None and not tab.detail.cards, timeout=10_000)
    assert not tab.revoke_button.isEnabled()
    assert fresh_desk.window.jobs.last_error is None
    assert not any("4242424242424242" in v for v in memory_keyring.store.values())
