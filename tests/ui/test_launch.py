"""Launch: the sign-in dialog shows first, says when the training merchant is not ready
yet, and signs staff in once it is."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from memkeyring import MemoryKeyring
from PySide6.QtCore import QEvent, QObject, Qt
from pytestqt.qtbot import QtBot

from clover_desk.launch import _Launch, parse_args
from clover_desk.services.merchant.paths import AppPaths
from clover_desk.services.staff.accounts import Role, StaffDirectory, seed_training_staff
from clover_desk.ui.sign_in import SignInDialog


def pick(dialog: SignInDialog, shown_name: str) -> None:
    dialog.member.setCurrentIndex(dialog.member.findText(shown_name))


def test_a_dialog_made_before_its_staff_exist_waits_then_signs_in(
    qtbot: QtBot, qasync_loop: Any, tmp_path: Path
) -> None:
    directory = StaffDirectory(tmp_path / "staff.sqlite3")
    dialog = SignInDialog(directory, training=True, ready=False)
    qtbot.addWidget(dialog)
    signed_in: list[Any] = []
    dialog.signedIn.connect(signed_in.append)
    dialog.show()
    assert dialog.getting_ready.isVisibleTo(dialog)
    assert "Getting the training merchant ready" in dialog.getting_ready.text()
    assert not dialog.sign_in_button.isEnabled()
    # An empty directory is not "create the owner" while the demo staff are on their way.
    assert not dialog.first_owner
    assert not dialog.owner_name.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.pin, "1111")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert signed_in == []
    assert directory.is_empty(), "no owner account was made from the PIN typed meanwhile"

    seed_training_staff(directory, "USD")
    with qtbot.waitSignal(dialog.becameReady):
        dialog.set_ready()
    assert not dialog.getting_ready.isVisibleTo(dialog)
    assert dialog.sign_in_button.isEnabled()
    pick(dialog, "Marcus Manager (manager)")
    dialog.pin.clear()
    qtbot.keyClicks(dialog.pin, "2222")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: signed_in != [], timeout=5_000)
    assert [m.role for m in signed_in] == [Role.MANAGER]
    directory.close()


class FirstFrame(QObject):
    """What the dialog showed when it was painted the first time."""

    def __init__(self, dialog: SignInDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.seen: dict[str, Any] | None = None
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = {
                "getting_ready": self.dialog.getting_ready.isVisibleTo(self.dialog),
                "sign_in_enabled": self.dialog.sign_in_button.isEnabled(),
                "staff": self.dialog.member.count(),
            }
        return False


def test_first_launch_shows_sign_in_while_the_training_merchant_is_seeded(
    qtbot: QtBot,
    qasync_loop: Any,
    run: Callable[..., Any],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    app = qtbot_app()
    launch = _Launch(
        parse_args(["--home", str(tmp_path)]),
        AppPaths.under(tmp_path).ensure(),
        # The suite's own limits (tests/conftest.py), far from Clover's, so no 429 surprises.
        training_options={
            "orders": 60,
            "seed_number": 3,
            "rate_limit_per_s": 10_000,
            "max_concurrent": 100,
        },
        freeze_gc=False,
    )
    first_frame = FirstFrame(launch.dialog)
    task = asyncio.ensure_future(launch.run(app))
    qtbot.waitUntil(lambda: first_frame.seen is not None, timeout=5_000)
    # Painted before the main window, the sandbox or the staff existed.
    assert first_frame.seen == {"getting_ready": True, "sign_in_enabled": False, "staff": 0}
    assert "Getting the training merchant ready" in launch.dialog.getting_ready.text()

    qtbot.waitUntil(lambda: launch.dialog.ready, timeout=30_000)
    desk = launch.desk
    assert desk is not None
    assert desk.window.staff_member is None
    assert not desk.window.content.isVisible()
    assert not launch.dialog.getting_ready.isVisibleTo(launch.dialog)
    pick(launch.dialog, "Cora Clerk (clerk)")
    qtbot.keyClicks(launch.dialog.pin, "3333")
    qtbot.keyClick(launch.dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window.staff_member is not None, timeout=5_000)
    assert desk.window.staff_member.name == "Cora Clerk"
    assert desk.window.content.isVisible()
    assert desk.window.staff_status.text() == "Cora Clerk · clerk"
    # Loading the tabs after sign-in does not ask anyone to sign in again.
    qtbot.waitUntil(lambda: not desk.window.jobs.busy(), timeout=30_000)
    assert not launch.dialog.isVisible()
    assert desk.window.orders_tab.model.rowCount() > 0

    desk.window.close()
    qtbot.waitUntil(task.done, timeout=15_000)
    assert task.result() == 0
    assert desk.sandbox is None, "closing the window stopped the training sandbox"


def qtbot_app() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
