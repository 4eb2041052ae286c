"""Keeping the open session up to date with Clover while the app runs.

A synced history catches up every few minutes, and refunds whose outcome was left
unknown while Clover was unreachable are settled once it answers again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer

from clover_desk.services.common import ActivitySnapshot, Connectivity
from clover_desk.services.merchant import Session
from clover_desk.ui.main_window import MainWindow

#: How often a synced history catches up with Clover (``modifiedTime`` lists).
HISTORY_CATCH_UP_MS = 5 * 60 * 1000


class SessionCatchUp:
    """The history's catch-up timer (started with the window) and the reconnect watch.

    ``current_session`` reads the session now open (``MerchantSessions`` replaces it on
    each switch, and subscribes ``watch_connectivity`` to each one it opens).
    """

    def __init__(self, window: MainWindow, current_session: Callable[[], Session | None]) -> None:
        self.window = window
        self.current_session = current_session
        self._connectivity = Connectivity.UNKNOWN
        self._catch_up: asyncio.Task[None] | None = None
        self.catch_up_timer = QTimer(self.window)
        self.catch_up_timer.setInterval(HISTORY_CATCH_UP_MS)
        self.catch_up_timer.timeout.connect(self.catch_up_history)

    def watch_connectivity(self, snapshot: ActivitySnapshot) -> None:
        """After a reconnect, settle refunds left unknown while Clover was unreachable."""
        was, self._connectivity = self._connectivity, snapshot.connectivity
        session = self.current_session()
        if (
            was is Connectivity.OFFLINE
            and snapshot.connectivity is Connectivity.ONLINE
            and session is not None
        ):
            self.window.jobs.run(
                QCoreApplication.translate("DeskApp", "confirming earlier refunds"),
                session.refunds.settle_all(),
            )

    def catch_up_history(self) -> asyncio.Task[None] | None:
        """Bring a synced history up to date (timer-driven while the app runs)."""
        session = self.current_session()
        if session is None or not session.history.available:
            return None
        if self._catch_up is not None and not self._catch_up.done():
            return self._catch_up
        panel = self.window.reports_tab.sync_panel
        if panel is not None and panel.running:
            return None
        self._catch_up = self.window.jobs.run(
            QCoreApplication.translate("DeskApp", "bringing the history up to date"),
            session.sync.catch_up(),
        )
        return self._catch_up
