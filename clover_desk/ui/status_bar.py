"""The status bar: profile, environment (production in red), connectivity, requests in flight."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from clover_desk.services.common import QT_TRANSLATE_NOOP, ActivitySnapshot, Connectivity
from clover_desk.services.merchant import Profile
from clover_desk.ui.i18n import tr_text
from clover_desk.ui.labels import environment_label

__all__ = ["MainStatusBar"]

_CONNECTIVITY_TEXT = {
    Connectivity.UNKNOWN: QT_TRANSLATE_NOOP("MainStatusBar", "Not connected yet"),
    Connectivity.ONLINE: QT_TRANSLATE_NOOP("MainStatusBar", "Online"),
    Connectivity.OFFLINE: QT_TRANSLATE_NOOP("MainStatusBar", "Offline"),
    Connectivity.UNAUTHORIZED: QT_TRANSLATE_NOOP("MainStatusBar", "Token refused"),
}


class MainStatusBar(QStatusBar):
    """Always shows who we talk to and how that is going.

    Signals:
        cancel_requested: staff pressed *Cancel* on the running operations.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.profile_label = self._label("profileLabel", self.tr("Profile"))
        self.environment_label = self._label("environmentLabel", self.tr("Environment"))
        self.connectivity_label = self._label("connectivityLabel", self.tr("Connectivity"))
        self.in_flight_label = self._label("inFlightLabel", self.tr("Requests in flight"))
        self.clover_wait_label = self._label("cloverWaitLabel", self.tr("Clover asked to wait"))
        self.jobs_label = self._label("jobsLabel", self.tr("Running operations"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelJobsButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel running operations"))
        self.cancel_button.setToolTip(self.tr("Cancel what is running (Esc)"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.addWidget(self.jobs_label, 1)
        self.addWidget(self.cancel_button)
        for label in (
            self.profile_label,
            self.environment_label,
            self.clover_wait_label,
            self.connectivity_label,
            self.in_flight_label,
        ):
            self.addPermanentWidget(label)
        self.show_profile(None)
        self.show_activity(ActivitySnapshot(0, Connectivity.UNKNOWN, ""))

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        return label

    def show_profile(self, profile: Profile | None) -> None:
        """Show the profile and its environment (production in red, training in yellow)."""
        if profile is None:
            self.profile_label.setText(self.tr("No profile"))
            self.environment_label.setText(self.tr("Starting…"))
            production = training = False
        else:
            self.profile_label.setText(
                self.tr("Profile: {name}").format(name=tr_text(profile.name))
            )
            self.environment_label.setText(environment_label(profile.environment).upper())
            production, training = profile.is_production, profile.is_training
        self.environment_label.setProperty("production", production)
        self.environment_label.setProperty("training", training)
        style = self.environment_label.style()
        style.unpolish(self.environment_label)
        style.polish(self.environment_label)

    def show_activity(self, snapshot: ActivitySnapshot) -> None:
        """Connectivity and requests in flight."""
        self.connectivity_label.setText(tr_text(_CONNECTIVITY_TEXT[snapshot.connectivity]))
        self.in_flight_label.setText(self.tr("{count} in flight").format(count=snapshot.in_flight))
        waiting = snapshot.clover_wait_s > 0
        self.clover_wait_label.setVisible(waiting)
        if waiting:
            self.clover_wait_label.setText(
                self.tr(
                    "Clover asked us to slow down: waiting %n second(s)",
                    "",
                    max(1, round(snapshot.clover_wait_s)),
                )
            )

    def show_jobs(self, labels: list[str]) -> None:
        """What is running, with a *Cancel* button while anything is."""
        if labels:
            more = (
                self.tr(" (+{count} more)").format(count=len(labels) - 1) if len(labels) > 1 else ""
            )
            self.jobs_label.setText(f"{labels[0][:1].upper()}{labels[0][1:]}…{more}")
        else:
            self.jobs_label.setText(self.tr("Ready"))
        self.cancel_button.setVisible(bool(labels))
