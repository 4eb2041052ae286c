"""Choosing the merchant: *Switch merchant*, File ▸ Settings… and *Connect to Clover…*.

Each may end by opening another profile's session in place of the one open; the
profiles they add or change are saved to the settings file first.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication

from clover_desk.api.credentials import CredentialStore
from clover_desk.app.sessions import MerchantSessions
from clover_desk.app.window import WindowWiring
from clover_desk.services.merchant import (
    CloverConnector,
    OpenBrowser,
    Profile,
    ProfileSecrets,
    Settings,
    SettingsStore,
    client_for,
    resolve_client_id,
)
from clover_desk.services.staff import Permission
from clover_desk.ui.connect_dialog import ConnectDialog
from clover_desk.ui.main_window import MainWindow
from clover_desk.ui.settings_dialog import SettingsDialog


class MerchantSwitching:
    """The window's *Switch merchant* and *Settings…* requests, and the dialogs they open.

    ``packaged_client_id`` is the packaged install's Clover app id; ``open_browser`` is how
    *Connect to Clover…* opens a URL.
    """

    def __init__(
        self,
        window: MainWindow,
        sessions: MerchantSessions,
        wiring: WindowWiring,
        credentials: CredentialStore,
        settings: Settings,
        settings_store: SettingsStore,
        *,
        packaged_client_id: str,
        open_browser: OpenBrowser,
    ) -> None:
        self.window, self.sessions, self.wiring = window, sessions, wiring
        self.credentials, self.settings, self.settings_store = credentials, settings, settings_store
        self.packaged_client_id, self.open_browser = packaged_client_id, open_browser
        self.window.settings_requested.connect(self.open_settings)
        self.window.merchant_switch_requested.connect(self.switch_merchant)
        self._settings_dialog: SettingsDialog | None = None
        self._connect_dialog: ConnectDialog | None = None

    def switch_merchant(self, profile_id: str) -> asyncio.Task[None] | None:
        """*Switch merchant*: open another profile; each keeps its own journal and history."""
        if self.window.staff_member is None:
            self.wiring.ask_sign_in(
                QCoreApplication.translate("DeskApp", "Sign in to switch merchants.")
            )
            return None
        profile = self.settings.profile(profile_id)
        self.settings.active_profile = profile.id if profile is not None else None
        self.settings_store.save(self.settings)
        return self.window.jobs.run(self._switching_label(profile), self._switch(profile))

    @staticmethod
    def _switching_label(profile: Profile | None) -> str:
        if profile is None:
            return QCoreApplication.translate("DeskApp", "switching to training")
        return QCoreApplication.translate("DeskApp", "switching to {profile}").format(
            profile=profile.name
        )

    def open_settings(self) -> None:
        """File ▸ Settings…: the profiles dialog, opened without blocking (owners only)."""
        allowed = self.wiring.member_allowed(
            Permission.MANAGE_SETTINGS,
            QCoreApplication.translate("DeskApp", "Settings"),
            QCoreApplication.translate(
                "DeskApp", "Only an owner can change profiles and Clover tokens."
            ),
        )
        if allowed is None:
            return
        dialog = SettingsDialog(
            self.settings,
            self.credentials,
            current_profile_id=self.sessions.session.profile.id if self.sessions.session else None,
            jobs=self.window.jobs,
            tester=self.test_connection,
            parent=self.window,
        )
        dialog.saved.connect(self._settings_saved)
        dialog.connect_requested.connect(self.open_connect)
        self._settings_dialog = dialog
        dialog.open()

    def open_connect(self) -> ConnectDialog:
        """Settings ▸ *Connect to Clover…*: the OAuth sign-in through the browser.

        In training mode (or with ``--clover-url``) "sandbox" is the local sandbox, so
        the whole flow can be practised; its app id is the sandbox's own.
        """
        session, sandbox = self.sessions.session, self.sessions.sandbox
        training = session is not None and session.profile.is_training
        training_url = self.sessions.clover_url or (
            sandbox.base_url if training and sandbox is not None else None
        )
        client_id = resolve_client_id(self.settings, self.packaged_client_id)
        if not client_id and training and self.sessions.clover_url is None and sandbox is not None:
            client_id = sandbox.info["oauth_client_id"]
        dialog = ConnectDialog(
            CloverConnector(self.settings, self.credentials),
            client_id=client_id,
            training_url=training_url,
            open_browser=self.open_browser,
            parent=self._settings_dialog or self.window,
        )
        dialog.connected.connect(self._connected)
        self._connect_dialog = dialog
        dialog.open()
        return dialog

    def _connected(self, profile_id: str) -> None:
        """A merchant was connected: keep it, show it in Settings, and switch to it."""
        self.settings.active_profile = profile_id
        if self._settings_dialog is not None:
            self._settings_dialog.current_profile_id = profile_id
            self._settings_dialog.show_profile(profile_id)
        self._settings_saved(profile_id)

    async def test_connection(self, profile: Profile, secrets: ProfileSecrets) -> str:
        """Read the merchant with ``profile``'s settings; what staff read on success."""
        client = client_for(profile, secrets, clover_url=self.sessions.clover_url)
        try:
            merchant = await client.platform.get_merchant()
        finally:
            await client.aclose()
        return QCoreApplication.translate(
            "DeskApp", "Connected to {merchant} ({merchant_id}, {currency})."
        ).format(
            merchant=merchant.name or merchant.id,
            merchant_id=merchant.id,
            currency=merchant.currency_code or "?",
        )

    def _settings_saved(self, switch_to: str | None) -> None:
        self.settings_store.save(self.settings)
        self.wiring.show_merchants()
        if switch_to is None:
            return
        profile = self.settings.profile(switch_to)
        self.window.jobs.run(self._switching_label(profile), self._switch(profile))

    async def _switch(self, profile: Profile | None) -> None:
        await self.sessions.open_profile(profile)
        await self.window.load_all()
