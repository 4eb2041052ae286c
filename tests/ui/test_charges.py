"""Charges tab end to end: filters, detail with refunds, capture, refund confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtWidgets import QRadioButton, QWizard
from pytestqt.qtbot import QtBot

from clover_desk.api.money import Money
from clover_desk.app import DeskApp
from clover_desk.services.sales.charges import ChargeState, charge_state
from clover_desk.ui.charges_tab import ChargesTab


def charges_tab(desk: DeskApp, run: Callable[..., Any]) -> ChargesTab:
    tab = desk.window.charges_tab
    desk.window.tabs_widget.setCurrentWidget(tab)
    assert run(tab.reload()) > 0
    return tab


def test_charges_load_and_pass_the_model_tester(
    demo_desk: DeskApp, run: Callable[..., Any], qtmodeltester: Any
) -> None:
    tab = charges_tab(demo_desk, run)
    qtmodeltester.check(tab.model)
    created = [c.created for c in tab.model.rows]
    assert created == sorted(created, reverse=True)


def test_filters_status_amount_and_last4(demo_desk: DeskApp, run: Callable[..., Any]) -> None:
    tab = charges_tab(demo_desk, run)
    sample = next(c for c in tab.model.rows if c.source is not None and c.source.last4)
    tab.last4_edit.setText(sample.source.last4)
    tab.min_amount.setText("0.01")
    run(tab.reload())
    assert tab.model.rowCount() >= 1
    assert all(c.source.last4 == sample.source.last4 for c in tab.model.rows)
    tab.last4_edit.clear()
    tab.state_box.setCurrentIndex(tab.state_box.findData(ChargeState.PARTIALLY_REFUNDED))
    run(tab.reload())
    assert all(charge_state(c) is ChargeState.PARTIALLY_REFUNDED for c in tab.model.rows)


def test_detail_shows_refunds_and_what_is_left(
    demo_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = charges_tab(demo_desk, run)
    tab.state_box.setCurrentIndex(tab.state_box.findData(ChargeState.PARTIALLY_REFUNDED))
    assert run(tab.reload()) > 0
    tab.table.setFocus()
    tab.table.select_row(0)
    qtbot.keyClick(tab.table, "\r")
    qtbot.waitUntil(lambda: tab.detail is not None, timeout=10_000)
    detail = tab.detail
    assert detail is not None
    assert detail.refunds
    assert detail.refundable.amount == detail.charge.amount - detail.refunded.amount
    text = tab.detail_view.toPlainText()
    assert "Left to refund" in text
    assert detail.refunds[0].id in text
    assert tab.refund_button.isEnabled()
    assert not tab.capture_button.isEnabled()


def _authorize(desk: DeskApp, amount: int) -> str:
    """An authorization (capture=false) made straight on the sandbox, as a terminal would."""
    info = desk.sandbox.info
    with httpx.Client(base_url=info["base_url"], timeout=10) as client:
        token = client.post(
            "/v1/tokens",
            headers={"apikey": info["pakms_key"]},
            json={
                "card": {
                    "number": "4242424242424242",
                    "exp_month": "12",
                    "exp_year": "2039",
                    "cvv": "123",
                }
            },
        ).json()["id"]
        charge = client.post(
            "/v1/charges",
            headers={
                "Authorization": f"Bearer {info['ecommerce_private_token']}",
                "idempotency-key": f"auth-{amount}",
                "x-forwarded-for": "127.0.0.1",
            },
            json={"amount": amount, "currency": "usd", "source": token, "capture": False},
        )
        assert charge.status_code == 200, charge.text
        return str(charge.json()["id"])


def test_capture_an_authorization_then_refund_part_of_it_with_ctrl_r(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    charge_id = _authorize(fresh_desk, 2500)
    tab = charges_tab(fresh_desk, run)
    tab.search_edit.setText(charge_id)
    assert run(tab.reload()) == 1
    detail = run(tab.show_detail(charge_id))
    assert detail.can_capture
    assert tab.capture_button.isEnabled()
    qtbot.mouseClick(tab.capture_button, _left())
    qtbot.waitUntil(
        lambda: tab.detail is not None and charge_state(tab.detail.charge) is ChargeState.CAPTURED,
        timeout=10_000,
    )
    assert tab.model.rows[0].captured is True

    tab.table.select_row(0)
    window = fresh_desk.window
    window.refund_action.trigger()
    qtbot.waitUntil(lambda: window.refund_wizard is not None, timeout=10_000)
    wizard = window.refund_wizard
    assert wizard is not None
    assert wizard.objectName() == "refundWizard"
    assert wizard.isModal()
    assert wizard.state.target.remaining == Money(2500, "USD")
    assert wizard.state.staff.name == "Olivia Owner"
    partial = wizard.what.findChild(QRadioButton, "mode_partial")
    assert isinstance(partial, QRadioButton)
    partial.setChecked(True)
    wizard.what.amount.setText("10.00")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, _left())
    wizard.why.reason.setCurrentIndex(wizard.why.reason.findData("requested_by_customer"))
    wizard.why.note.setPlainText("customer kept one")
    qtbot.mouseClick(next_button, _left())
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), _left())
    qtbot.waitUntil(
        lambda: tab.detail is not None and tab.detail.refunded.amount == 1000, timeout=10_000
    )
    assert tab.detail is not None
    assert tab.detail.refundable == Money(1500, "USD")
    assert window.jobs.last_error is None
    entries = fresh_desk.session.journal.entries() if fresh_desk.session else []
    assert [(e.amount, e.staff_name) for e in entries] == [(Money(1000, "USD"), "Olivia Owner")]


def test_refund_with_nobody_signed_in_asks_for_a_sign_in(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    tab = charges_tab(fresh_desk, run)
    tab.table.select_row(0)
    fresh_desk.window.set_staff(None)
    fresh_desk.window.refund_action.trigger()
    assert fresh_desk.window.refund_wizard is None
    assert "Nobody is signed in" in fresh_desk.window.error_banner.text()


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
