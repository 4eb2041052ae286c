"""*File ▸ Settings… ▸ Connect to Clover…*: sign a merchant in through the system browser.

The owner picks region and environment and the Clover app id; *Connect* opens the
browser at Clover's authorize page (``QDesktopServices.openUrl``) and waits, without
blocking the window, for the one redirect the connector's loopback listener takes. Every
outcome is said in the dialog; *Cancel* stops the wait and closes the listener. In
training mode "sandbox" is the local training sandbox, so a new owner can practise the
whole flow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.hosts import Environment, Region
from clover_desk.services.common import UserFacingError
from clover_desk.services.merchant import CloverConnector, ConnectTarget, OpenBrowser, Profile
from clover_desk.ui.i18n import tr_text
from clover_desk.ui.widgets import line_edit, named_button

__all__ = ["ConnectDialog", "open_in_system_browser"]


def open_in_system_browser(url: str) -> None:
    """The system browser, never an embedded view (the password stays out of the app)."""
    if not QDesktopServices.openUrl(QUrl(url)):
        raise UserFacingError(
            QCoreApplication.translate(
                "ConnectDialog", "Clover Desk could not open the web browser."
            ),
            QCoreApplication.translate(
                "ConnectDialog", "Set a default web browser for this computer, then try again."
            ),
        )


class ConnectDialog(QDialog):
    """Connect to Clover.

    Args:
        connector: does the sign-in.
        client_id: the app id to start with (Settings, else ``clover-desk.toml``).
        training_url: the local training sandbox; when set, the sandbox environment is
            the training sandbox (practice).
        open_browser: how to open a URL (the system browser unless a test drives one).

    Signals:
        connected(str): the id of the connected profile.
    """

    connected = Signal(str)

    def __init__(
        self,
        connector: CloverConnector,
        *,
        client_id: str = "",
        training_url: str | None = None,
        open_browser: OpenBrowser = open_in_system_browser,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle(self.tr("Connect to Clover"))
        self.connector = connector
        self.training_url = training_url
        self.open_browser = open_browser
        self.task: asyncio.Task[Profile] | None = None
        self.profile: Profile | None = None

        self.region_box = self._combo(
            "connectRegion",
            self.tr("Region"),
            [
                (self.tr("North America"), Region.NORTH_AMERICA),
                (self.tr("Europe"), Region.EUROPE),
                (self.tr("Latin America"), Region.LATIN_AMERICA),
            ],
        )
        sandbox_text = (
            self.tr("Sandbox (the training sandbox on this computer)")
            if training_url
            else self.tr("Sandbox (Clover's test servers)")
        )
        self.environment_box = self._combo(
            "connectEnvironment",
            self.tr("Environment"),
            [
                (sandbox_text, Environment.SANDBOX),
                (self.tr("Production (real money)"), Environment.PRODUCTION),
            ],
        )
        self.client_id_edit = line_edit(
            "connectClientId", self.tr("Clover app id"), self.tr("your Clover app's id")
        )
        self.client_id_edit.setText(client_id)
        about = QLabel(
            self.tr(
                "The Clover app id is the App ID of your (or your reseller's) app in the "
                "Clover developer dashboard. Clover Desk signs in as that app; your "
                "password is typed in the browser, never here."
            )
        )
        about.setWordWrap(True)
        self.connect_button = named_button(
            self.tr("&Connect"), "connectCloverStart", self.tr("Connect to Clover")
        )
        self.connect_button.clicked.connect(self.start)
        self.cancel_button = named_button(
            self.tr("Cancel"), "connectCloverCancel", self.tr("Cancel connecting")
        )
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.close_button = named_button(
            self.tr("Close"), "connectCloverClose", self.tr("Close this dialog")
        )
        self.close_button.clicked.connect(self.close)
        self.result_label = QLabel()
        self.result_label.setObjectName("connectResult")
        self.result_label.setAccessibleName(self.tr("Connection result"))
        self.result_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Re&gion:"), self.region_box)
        form.addRow(self.tr("&Environment:"), self.environment_box)
        form.addRow(self.tr("Clover &app id:"), self.client_id_edit)
        buttons = QHBoxLayout()
        for button in (self.connect_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(about)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)

    def _combo(self, name: str, accessible: str, items: Sequence[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        for text, value in items:
            box.addItem(text, str(value))
        return box

    def target(self) -> ConnectTarget:
        """What the form says to connect to."""
        environment = Environment(self.environment_box.currentData())
        practice = environment is Environment.SANDBOX and self.training_url is not None
        return ConnectTarget(
            environment=environment,
            region=Region(self.region_box.currentData()),
            client_id=self.client_id_edit.text().strip(),
            training_url=self.training_url if practice else None,
        )

    def start(self) -> asyncio.Task[Profile] | None:
        """*Connect*: open the browser and wait for Clover to send it back."""
        if self.task is not None and not self.task.done():
            return self.task
        target = self.target()
        problems = target.problems()
        if problems:
            self.result_label.setText(" ".join(tr_text(p) for p in problems))
            return None
        self.connector.settings.oauth_client_id = target.client_id
        self.result_label.setText(
            self.tr("Waiting for you to sign in and approve Clover Desk in the browser…")
        )
        self._busy(True)
        self.task = asyncio.ensure_future(self.connector.connect(target, self.open_browser))
        self.task.add_done_callback(self._finished)
        return self.task

    def cancel(self) -> None:
        """*Cancel*: stop waiting; nothing is stored."""
        if self.task is not None and not self.task.done():
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        self.connect_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        for widget in (self.region_box, self.environment_box, self.client_id_edit):
            widget.setEnabled(not busy)

    def _finished(self, task: asyncio.Task[Profile]) -> None:
        self._busy(False)
        if task.cancelled():
            self.result_label.setText(self.tr("Connecting was cancelled; nothing was stored."))
            return
        exc = task.exception()
        if isinstance(exc, UserFacingError):
            self.result_label.setText(f"✘ {exc.detail} {exc.advice}".strip())
            return
        if exc is not None:
            self.result_label.setText(
                self.tr("✘ Connecting failed: {0}. Nothing was stored.").format(exc)
            )
            return
        self.profile = task.result()
        self.result_label.setText(
            self.tr("✔ Connected to {0} ({1}).").format(self.profile.name, self.profile.merchant_id)
        )
        self.connected.emit(self.profile.id)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        """Closing the dialog cancels a sign-in still waiting."""
        self.cancel()
        super().closeEvent(event)  # type: ignore[arg-type]
