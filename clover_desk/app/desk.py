"""``DeskApp``, what the launch and the tests hold: the app's parts on one main window.

``WindowWiring`` answers who is at the keyboard, ``MerchantSessions`` opens a merchant's
session, ``SessionCatchUp`` keeps it current and ``MerchantSwitching`` chooses the
merchant. ``DeskApp`` builds them, runs the window until it closes, then closes them; the
methods and attributes the launch and the tests use are answered by the part that owns them.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from clover_desk.api.credentials import CredentialStore
from clover_desk.api.money import show_money_as
from clover_desk.app.catch_up import SessionCatchUp
from clover_desk.app.sessions import MerchantSessions
from clover_desk.app.switching import MerchantSwitching
from clover_desk.app.window import WindowWiring
from clover_desk.services.merchant import (
    TRAINING_PROFILE_ID,
    AppPaths,
    OpenBrowser,
    Session,
    SettingsStore,
    packaged_client_id,
)
from clover_desk.services.staff import StaffDirectory
from clover_desk.ui.connect_dialog import open_in_system_browser
from clover_desk.ui.gui_gc import GuiThreadCollector
from clover_desk.ui.i18n import install_translations
from clover_desk.ui.main_window import MainWindow
from clover_desk.ui.money import format_money
from clover_desk.ui.sign_in import IdleWatcher

__all__ = ["DeskApp", "packaged_config_path"]


def packaged_config_path() -> Path:
    """``clover-desk.toml`` beside the executable (a packaged install's settings)."""
    return Path(sys.executable).resolve().parent / "clover-desk.toml"


class DeskApp:
    """The settings, the main window and the parts that work on it, closed together.

    Args:
        paths: where files go.
        credentials: the keyring-backed token store.
        training_options: extra ``start_sandbox`` options for the training sandbox.
        force_training: ignore configured profiles.
        clover_url: send every profile's calls to this base URL (a local sandbox), for
            trying profiles and Settings out without Clover's servers.
        packaged_config: the packaged install's ``clover-desk.toml`` (the Clover app id).
        open_browser: how *Connect to Clover…* opens a URL (the system browser).
        staff: the staff directory already open (the launch's sign-in dialog reads it),
            belonging to ``staff_profile``; by default the training profile's is opened.
        language: speak this language (``"en"``, ``"fr_CA"``) whatever Settings says.
        translations: where the compiled ``.qm`` files are (default: ``resources/translations``).
    """

    def __init__(
        self,
        paths: AppPaths,
        credentials: CredentialStore | None = None,
        *,
        training_options: dict[str, Any] | None = None,
        force_training: bool = False,
        clover_url: str | None = None,
        packaged_config: Path | None = None,
        open_browser: OpenBrowser = open_in_system_browser,
        staff: StaffDirectory | None = None,
        staff_profile: str = TRAINING_PROFILE_ID,
        language: str | None = None,
        translations: Path | None = None,
    ) -> None:
        self.paths = paths.ensure()
        self.credentials = credentials or CredentialStore()
        self.settings_store = SettingsStore(paths.settings_file)
        self.settings = self.settings_store.load()
        # Before any widget exists: widgets translate their texts as they are built.
        self.language = install_translations(
            self.settings.language if language is None else language, translations
        )
        self.force_training = force_training
        # Money in the services' messages reads as the tables show it; restored on close.
        self._money_text_before = show_money_as(format_money)
        self.window = MainWindow()
        # The parts that act on the open session read it when they act: a switch replaces it.
        self.wiring = WindowWiring(
            self.window,
            self.paths,
            self.settings,
            self.settings_store,
            staff,
            staff_profile,
            current_session=lambda: self.session,
        )
        self.catch_up = SessionCatchUp(self.window, current_session=lambda: self.session)
        self.sessions = MerchantSessions(
            self.window,
            self.wiring,
            self.catch_up,
            self.paths,
            self.credentials,
            training_options=training_options,
            clover_url=clover_url,
        )
        self.switching = MerchantSwitching(
            self.window,
            self.sessions,
            self.wiring,
            self.credentials,
            self.settings,
            self.settings_store,
            packaged_client_id=packaged_client_id(packaged_config or packaged_config_path()),
            open_browser=open_browser,
        )
        # What the launch, the self-test and the tests ask of the desk, answered by a part.
        self.adopt_sandbox = self.sessions.adopt_sandbox
        self.open_profile = self.sessions.open_profile
        self.catch_up_history = self.catch_up.catch_up_history
        self.ask_sign_in = self.wiring.ask_sign_in
        self.adopt_sign_in = self.wiring.adopt_sign_in
        self.lock = self.wiring.lock
        self.sign_in_as = self.wiring.sign_in_as
        self.sign_in_training_owner = self.wiring.sign_in_training_owner
        self.open_staff = self.wiring.open_staff
        self.open_settings = self.switching.open_settings
        self.open_connect = self.switching.open_connect

    @property
    def session(self) -> Session | None:
        """The open merchant's session; ``None`` before the first opens and after close."""
        return self.sessions.session

    @property
    def sandbox(self) -> Any:
        """The training sandbox, once started or adopted; ``None`` after close."""
        return self.sessions.sandbox

    @property
    def staff(self) -> StaffDirectory:
        """The open merchant's staff."""
        return self.wiring.staff

    @property
    def clover_url(self) -> str | None:
        """The base URL every profile's calls go to instead of Clover's, if any."""
        return self.sessions.clover_url

    @clover_url.setter
    def clover_url(self, url: str | None) -> None:
        self.sessions.clover_url = url

    @property
    def open_browser(self) -> OpenBrowser:
        """How *Connect to Clover…* opens a URL."""
        return self.switching.open_browser

    @open_browser.setter
    def open_browser(self, open_browser: OpenBrowser) -> None:
        self.switching.open_browser = open_browser

    async def start(self) -> dict[str, int]:
        """Open the active profile (or training) and load every tab."""
        active = None if self.force_training else self.settings.active()
        try:
            await self.sessions.open_profile(active)
        except Exception as exc:
            if active is None:
                raise
            # A broken profile must not lock staff out: say so, and train meanwhile.
            self.window.jobs.report(
                QCoreApplication.translate("DeskApp", "opening profile {profile}").format(
                    profile=active.name
                ),
                exc,
            )
            await self.sessions.open_profile(None)
        return await self.window.load_all()

    async def run_gui(
        self, quit_event: asyncio.Event, on_started: Callable[[], None] | None = None
    ) -> int:
        """Show the window, open the profile and load the tabs, until ``quit_event``.

        Whoever is not signed in yet by the time the profile is open is asked to.
        """
        collector = GuiThreadCollector(parent=self.window)
        collector.start()
        self.window.closed.connect(quit_event.set)
        self.window.show()
        dialog = self.wiring.sign_in_dialog
        if dialog is not None and dialog.parent() is None:
            # The launch's dialog becomes the window's, like every later one: it stays
            # above the window shown after it, and closes with it.
            visible = dialog.isVisible()
            dialog.setParent(self.window, dialog.windowFlags())
            if visible:
                dialog.show()
        idle = IdleWatcher(self.settings.idle_lock_minutes, parent=self.window)
        idle.idle.connect(self.wiring.lock)
        self.wiring.idle = idle
        self.catch_up.catch_up_timer.start()

        def started(_result: object) -> None:
            if self.window.staff_member is None:
                self.wiring.ask_sign_in()
            if on_started is not None:
                on_started()

        self.window.jobs.run("starting", self.start(), on_done=started, on_error=started)
        try:
            await quit_event.wait()
        finally:
            idle.stop()
            await self.aclose()
            collector.stop()
        return 0

    async def aclose(self) -> None:
        """Close the session and stop the training sandbox."""
        await self.sessions.aclose()
        self.staff.close()
        show_money_as(self._money_text_before)
