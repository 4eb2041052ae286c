"""Who is at the keyboard: the sign-in, lock and staff dialogs on the main window.

Each merchant has its own staff; the directory the dialogs read is the open merchant's,
and the window's *Switch merchant* lists every profile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from clover_desk.launch import open_staff_directory
from clover_desk.services.common import UserMessage
from clover_desk.services.merchant import (
    TRAINING_PROFILE_ID,
    AppPaths,
    Session,
    Settings,
    SettingsStore,
)
from clover_desk.services.staff import TRAINING_STAFF, Permission, StaffDirectory, StaffMember
from clover_desk.ui.labels import environment_label
from clover_desk.ui.main_window import MainWindow
from clover_desk.ui.sign_in import IdleWatcher, SignInDialog
from clover_desk.ui.staff_dialog import StaffDialog


class WindowWiring:
    """The window's sign-in, lock and staff requests, and the idle lock once it runs.

    ``current_session`` reads the session now open (``MerchantSessions`` replaces it on
    each switch): training staff sign in differently, and limits are in its currency.
    """

    def __init__(
        self,
        window: MainWindow,
        paths: AppPaths,
        settings: Settings,
        settings_store: SettingsStore,
        staff: StaffDirectory | None,
        staff_profile: str,
        current_session: Callable[[], Session | None],
    ) -> None:
        self.window, self.paths = window, paths
        self.settings, self.settings_store = settings, settings_store
        self.current_session = current_session
        # Each merchant has its own staff; the built-in training profile's until one opens.
        self._staff_profile = staff_profile
        self.staff = staff or open_staff_directory(paths, staff_profile)
        self.window.staff_directory = self.staff
        self.window.set_staff(None)
        self.window.sign_in_requested.connect(
            lambda: self.ask_sign_in(QCoreApplication.translate("DeskApp", "Switch user."))
        )
        self.window.lock_requested.connect(self.lock)
        self.window.staff_requested.connect(self.open_staff)
        self.idle: IdleWatcher | None = None
        self._staff_dialog: StaffDialog | None = None
        self.sign_in_dialog: SignInDialog | None = None

    async def use_staff_of(self, profile_id: str) -> bool:
        """Switch to ``profile_id``'s staff directory; whether it changed."""
        if profile_id == self._staff_profile:
            return False
        directory = await asyncio.to_thread(open_staff_directory, self.paths, profile_id)
        # Dialogs open on the other merchant's staff must not act on this one's.
        for dialog in (self.sign_in_dialog, self._staff_dialog):
            if dialog is not None:
                dialog.close()
        self.sign_in_dialog = self._staff_dialog = None
        previous, self.staff, self._staff_profile = self.staff, directory, profile_id
        self.window.staff_directory = directory
        previous.close()
        return True

    def show_merchants(self) -> None:
        """Fill *Switch merchant* (File menu and status bar) with every profile."""
        choices = [
            (TRAINING_PROFILE_ID, QCoreApplication.translate("DeskApp", "Training (built in)"))
        ] + [
            (p.id, f"{p.name} — {environment_label(p.environment)}") for p in self.settings.profiles
        ]
        session = self.current_session()
        current = session.profile.id if session is not None else TRAINING_PROFILE_ID
        self.window.set_merchants(choices, current)

    def ask_sign_in(self, reason: str = "") -> SignInDialog:
        """The sign-in dialog (the owner's account is created on a machine with none)."""
        if self.sign_in_dialog is not None and self.sign_in_dialog.isVisible():
            return self.sign_in_dialog
        session = self.current_session()
        training = session is not None and session.profile.is_training
        dialog = SignInDialog(self.staff, training=training, reason=reason, parent=self.window)
        dialog.signedIn.connect(self.window.set_staff)
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def adopt_sign_in(self, dialog: SignInDialog) -> None:
        """Take over the sign-in dialog the launch showed before this window existed."""
        dialog.signedIn.connect(self.window.set_staff)
        self.sign_in_dialog = dialog

    def lock(self) -> None:
        """Hide the merchant's data until someone signs in again."""
        self.window.set_staff(None)
        self.ask_sign_in(
            QCoreApplication.translate("DeskApp", "Clover Desk is locked. Sign in to continue.")
        )

    def sign_in_as(self, name: str, pin: str) -> StaffMember:
        """Sign a named staff member in without the dialog (self-test and tests)."""
        member = next(m for m in self.staff.members() if m.name == name)
        signed_in = self.staff.sign_in(member.id, pin)
        self.window.set_staff(signed_in)
        return signed_in

    def open_staff(self) -> None:
        """File ▸ Staff…: owners add staff, set limits and the idle lock."""
        member = self.member_allowed(
            Permission.MANAGE_STAFF,
            QCoreApplication.translate("DeskApp", "Staff"),
            QCoreApplication.translate("DeskApp", "Only an owner can manage staff accounts."),
        )
        if member is None:
            return
        session = self.current_session()
        currency = session.currency if session else "USD"
        dialog = StaffDialog(
            self.staff, member, currency, self.settings.idle_lock_minutes, self.window
        )
        dialog.idleMinutesChanged.connect(self._idle_minutes_changed)
        self._staff_dialog = dialog
        dialog.open()

    def member_allowed(
        self, permission: Permission, title: str, refusal: str
    ) -> StaffMember | None:
        """The signed-in staff member if they hold ``permission``; else ``None``, once the
        window has shown ``title`` and ``refusal`` with the advice to switch to the owner."""
        member = self.window.staff_member
        if member is None or not member.can(permission):
            self.window.show_error(
                UserMessage(
                    title,
                    refusal,
                    QCoreApplication.translate(
                        "DeskApp", "Switch user (Ctrl+L) to the owner's account."
                    ),
                )
            )
            return None
        return member

    def _idle_minutes_changed(self, minutes: int) -> None:
        if minutes == self.settings.idle_lock_minutes:
            return
        self.settings.idle_lock_minutes = minutes
        self.settings_store.save(self.settings)
        if self.idle is not None:
            self.idle.set_minutes(minutes)

    def sign_in_training_owner(self) -> StaffMember:
        name, _, pin, _ = TRAINING_STAFF[0]
        return self.sign_in_as(name, pin)
