"""Actions ▸ Batch refund… driven as staff drive it, against a sandbox over loopback.

What is asserted is what staff see: the problems by line, the preview, the manager's
PIN, the progress line, the buttons that may be pressed, and the result file; and,
behind it, the sandbox's ledger.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from clover_helpers import card_charge, client_for
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clover_desk.api.money import Money
from clover_desk.app import DeskApp
from clover_desk.services.refunds.batch_queue import BatchState
from clover_desk.ui.batch_refund_dialog import BatchRefundDialog
from clover_desk.ui.money import format_money


def _charges(desk: DeskApp, run: Callable[..., Any], amount: int, count: int) -> list[str]:
    async def make() -> list[str]:
        async with client_for(desk.sandbox) as client:
            return [(await card_charge(client, amount)).id for _ in range(count)]

    ids: list[str] = run(make())
    return ids


def _ledger_keys(desk: DeskApp) -> list[str]:
    refunds = httpx.get(desk.sandbox.info["admin_url"] + "/ledger").json()["refunds"]
    return [r["idempotency_key"] for r in refunds]


def _open_dialog(desk: DeskApp, qtbot: QtBot) -> BatchRefundDialog:
    window = desk.window
    window.tabs_widget.setCurrentWidget(window.activity_tab)
    window.batch_refund_action.trigger()
    dialog = window.batch_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _items(dialog: BatchRefundDialog) -> list[str]:
    return [dialog.problems.item(n).text() for n in range(dialog.problems.count())]


def _left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


def test_a_bad_file_lists_each_bad_line_and_nothing_can_be_sent(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    good, other = _charges(fresh_desk, run, 2_000, 2)
    path = tmp_path / "bad.csv"
    path.write_text(
        "charge,amount,reason,note\n"
        f"{good},full,duplicate,\n"
        f"{other},25.00,duplicate,too much\n"
        "CHNOSUCH,1.00,duplicate,x\n"
        f"{good},1.00,oops,x\n",
        encoding="utf-8",
    )
    before = _ledger_keys(fresh_desk)
    dialog = _open_dialog(fresh_desk, qtbot)
    assert dialog.windowTitle() == "Batch refund"
    run(dialog.load_file(path))

    shown = _items(dialog)
    assert [line.split(":")[0] for line in shown] == ["Line 3", "Line 4", "Line 5"]
    assert "Only $20.00 remains" in shown[0]
    assert "CHNOSUCH is not on Clover" in shown[1]
    assert "oops" in shown[2]
    assert dialog.status.text() == "3 problem(s): nothing is sent until the file is fixed."
    assert not dialog.send_button.isEnabled()
    assert _ledger_keys(fresh_desk) == before

    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text(f"charge;amount;reason\n{good};full;duplicate\n", encoding="utf-8")
    run(dialog.load_file(semicolons))
    assert "separated by semicolons" in _items(dialog)[0]
    assert not dialog.send_button.isEnabled()


def test_a_clerk_gets_the_managers_pin_sends_watches_and_saves_the_result(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    fresh_desk.sign_in_as("Cora Clerk", "3333")
    charges = _charges(fresh_desk, run, 2_000, 3)
    path = tmp_path / "batch.csv"
    path.write_text(
        "charge,amount,reason,note\n"
        + "".join(f"{c},full,requested_by_customer,\n" for c in charges[:2])
        + f"{charges[2]},full,fraudulent,\n",
        encoding="utf-8",
    )
    dialog = _open_dialog(fresh_desk, qtbot)
    run(dialog.load_file(path))
    assert _items(dialog) == []
    total = format_money(Money(6_000, "USD"))  # the app's one formatter, per locale
    assert dialog.preview.text() == (
        f"3 refund(s), {total} in total.\nBy reason: Fraudulent charge: 1; Requested by customer: 2"
    )
    assert dialog.approval_box.isVisible()
    assert "over Cora Clerk's refund limit" in dialog.status.text()
    assert not dialog.send_button.isEnabled()

    dialog.manager.setCurrentIndex(dialog.manager.findText("Marcus Manager"))
    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.mouseClick(dialog.approve_button, _left())
    assert dialog.status.text() == "That PIN is not right."
    assert not dialog.send_button.isEnabled()
    qtbot.keyClicks(dialog.pin, "2222")
    qtbot.mouseClick(dialog.approve_button, _left())
    assert dialog.status.text() == "Approved by Marcus Manager. Send the refunds."
    assert dialog.send_button.isEnabled()
    assert dialog.send_button.text() == "&Send 3 refund(s)"

    qtbot.mouseClick(dialog.send_button, _left())
    qtbot.waitUntil(
        lambda: dialog.progress is not None and dialog.progress.state is BatchState.FINISHED,
        timeout=20_000,
    )
    assert dialog.progress_bar.value() == 3
    assert dialog.progress_bar.maximum() == 3
    assert dialog.status.text() == "3 of 3 rows done · 3 refunded · finished"
    assert not dialog.send_button.isEnabled()
    assert not dialog.pause_button.isEnabled()

    result = run(dialog.save_result(tmp_path / "result.csv"))
    assert dialog.status.text() == "Saved the result to result.csv."
    rows = list(csv.DictReader(io.StringIO(result.read_text(encoding="utf-8"))))
    assert [(r["row"], r["outcome"]) for r in rows] == [
        ("2", "refunded"),
        ("3", "refunded"),
        ("4", "refunded"),
    ]
    assert all(r["refund_id"] for r in rows)
    session = fresh_desk.session
    assert session is not None
    entries = [e for e in session.journal.entries() if e.charge_id in charges]
    assert sorted(e.refund_id or "" for e in entries) == sorted(r["refund_id"] for r in rows)
    assert {e.approver_name for e in entries} == {"Marcus Manager"}


def test_rows_selected_in_charges_are_refunded_in_full_as_one_batch(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    charges = _charges(fresh_desk, run, 7_777, 2)
    window = fresh_desk.window
    tab = window.charges_tab
    window.tabs_widget.setCurrentWidget(tab)
    tab.min_amount.setText("77.77")
    tab.max_amount.setText("77.77")
    assert run(tab.reload()) == 2
    tab.table.selectAll()
    window.batch_refund_action.trigger()
    dialog = window.batch_dialog
    assert dialog is not None
    assert dialog.source_label.text() == "2 selected row(s), each refunded in full."
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
    total = format_money(Money(15_554, "USD"))
    assert dialog.preview.text().startswith(f"2 refund(s), {total} in total.")
    dialog.reason.setCurrentIndex(dialog.reason.findData("duplicate"))
    qtbot.mouseClick(dialog.recheck_button, _left())
    qtbot.waitUntil(
        lambda: dialog.check is not None and dialog.check.by_reason == {"duplicate": 2},
        timeout=10_000,
    )
    qtbot.mouseClick(dialog.send_button, _left())
    qtbot.waitUntil(
        lambda: dialog.progress is not None and dialog.progress.state is BatchState.FINISHED,
        timeout=20_000,
    )
    session = fresh_desk.session
    assert session is not None
    refunded = {e.charge_id: e.reason for e in session.journal.entries()}
    assert {c: refunded.get(c) for c in charges} == dict.fromkeys(charges, "duplicate")


def test_pause_holds_the_rows_not_started_and_cancel_sends_none_of_them(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    from clover_desk.services.refunds.batch_queue import WORKERS

    charges = _charges(fresh_desk, run, 1_000, WORKERS + 3)
    path = tmp_path / "batch.csv"
    path.write_text(
        "charge,amount,reason\n" + "".join(f"{c},full,duplicate\n" for c in charges),
        encoding="utf-8",
    )
    admin = fresh_desk.sandbox.info["admin_url"]
    dialog = _open_dialog(fresh_desk, qtbot)
    run(dialog.load_file(path))
    session = fresh_desk.session
    assert session is not None
    # Every refund waits at the sandbox until the test lets go: the rows in flight
    # are known, and pausing cannot race them.
    httpx.post(
        f"{admin}/faults", json={"hold": "before", "path_regex": "^/v1/refunds$"}
    ).raise_for_status()
    try:
        qtbot.mouseClick(dialog.send_button, _left())
        qtbot.waitUntil(lambda: len(session.journal.entries()) == WORKERS, timeout=20_000)
        assert dialog.pause_button.text() == "&Pause"
        qtbot.mouseClick(dialog.pause_button, _left())
        qtbot.waitUntil(
            lambda: dialog.progress is not None and dialog.progress.state is BatchState.PAUSED,
            timeout=10_000,
        )
        assert dialog.pause_button.text() == "&Resume"
    finally:
        httpx.delete(f"{admin}/faults").raise_for_status()
    qtbot.waitUntil(
        lambda: dialog.progress is not None and dialog.progress.finished == WORKERS,
        timeout=20_000,
    )
    assert (
        dialog.status.text()
        == f"{WORKERS} of {WORKERS + 3} rows done · {WORKERS} refunded · paused"
    )
    assert dialog.eta.text() == ""

    # Closed and opened again, the dialog shows the paused batch, not a new one.
    batch_id = dialog.batch_id
    dialog.close()
    window = fresh_desk.window
    window.batch_refund_action.trigger()
    reopened = window.batch_dialog
    assert reopened is not None
    assert reopened is not dialog
    qtbot.waitUntil(lambda: reopened.progress is not None, timeout=10_000)
    dialog = reopened
    assert dialog.batch_id == batch_id
    assert dialog.source_label.text().endswith("not finished yet.")
    assert dialog.pause_button.text() == "&Resume"
    assert not dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.cancel_button, _left())
    qtbot.waitUntil(
        lambda: dialog.progress is not None and dialog.progress.state is BatchState.CANCELLED,
        timeout=10_000,
    )
    assert dialog.status.text() == (
        f"{WORKERS + 3} of {WORKERS + 3} rows done · {WORKERS} refunded, 3 cancelled · "
        "batch cancelled"
    )
    assert not dialog.pause_button.isEnabled()
    assert len([e for e in session.journal.entries() if e.charge_id in charges]) == WORKERS


def test_a_batch_is_one_entry_in_activity_with_its_rows_behind_it(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    charges = _charges(fresh_desk, run, 1_500, 3)
    path = tmp_path / "batch.csv"
    path.write_text(
        "charge,amount,reason\n" + "".join(f"{c},full,duplicate\n" for c in charges),
        encoding="utf-8",
    )
    dialog = _open_dialog(fresh_desk, qtbot)
    run(dialog.load_file(path))
    qtbot.mouseClick(dialog.send_button, _left())
    qtbot.waitUntil(
        lambda: dialog.progress is not None and dialog.progress.state is BatchState.FINISHED,
        timeout=20_000,
    )
    tab = fresh_desk.window.activity_tab
    assert run(tab.reload()) == 1
    row = tab.model.rows[0]
    assert tab.model.index(0, 4).data() == "Batch of 3 refund(s)"
    assert tab.model.index(0, 5).data() == format_money(Money(4_500, "USD"))
    assert tab.model.index(0, 8).data() == "3 refunded"
    assert tab.model.index(0, 9).data() == "3 charge(s)"
    assert row.staff_name == "Olivia Owner"
    assert tab.status.text() == "3 money movements · 1 batch(es)"
    assert not tab.batch_view.isVisible()
    tab.open_row(0)
    assert tab.batch_view.isVisible()
    assert sorted(e.charge_id for e in tab.batch_model.rows) == sorted(charges)
    assert row.batch is not None
    assert tab.batch_label.text() == f"{row.batch.name}: 3 row(s), 3 refunded; sent by Olivia Owner"
