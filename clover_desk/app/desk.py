"""Composition root: settings, profiles, keyring, event loop, training sandbox, wiring.

``clover-desk`` opens the main window on the active profile, or, with none configured,
on the training sandbox (started on a background thread, database in the user data dir).
``clover-desk --self-test [--screenshots DIR] [--lang en|fr_CA]`` runs offscreen against a
fresh training sandbox, loads every tab (one PNG each into DIR, in that language), prints
one JSON line and exits 0 only if every tab loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from clover_desk.api.credentials import CredentialStore
from clover_desk.api.money import show_money_as
from clover_desk.launch import (
    open_staff_directory,
    parse_args,
    qt_app,
    setup_logging,
)
from clover_desk.services.activity import ActivitySnapshot, Connectivity
from clover_desk.services.clover_connect import (
    CloverConnector,
    OpenBrowser,
    packaged_client_id,
    resolve_client_id,
)
from clover_desk.services.connect import client_for, open_session
from clover_desk.services.feedback import UserMessage
from clover_desk.services.paths import AppPaths
from clover_desk.services.profiles import (
    TRAINING_PROFILE_ID,
    Profile,
    SettingsStore,
    training_profile,
)
from clover_desk.services.session import ProfileSecrets, Session, load_secrets
from clover_desk.services.staff import (
    TRAINING_STAFF,
    Permission,
    StaffDirectory,
    StaffMember,
    seed_training_staff,
)
from clover_desk.ui.connect_dialog import ConnectDialog, open_in_system_browser
from clover_desk.ui.crash import CrashHandler
from clover_desk.ui.gui_gc import GuiThreadCollector
from clover_desk.ui.i18n import install_translations
from clover_desk.ui.labels import environment_label
from clover_desk.ui.main_window import MainWindow
from clover_desk.ui.money import format_money
from clover_desk.ui.settings_dialog import SettingsDialog
from clover_desk.ui.sign_in import IdleWatcher, SignInDialog
from clover_desk.ui.staff_dialog import StaffDialog

__all__ = ["DeskApp", "freeze_startup_objects", "main", "packaged_config_path"]

log = logging.getLogger("clover_desk")

#: How often a synced history catches up with Clover (``modifiedTime`` lists).
HISTORY_CATCH_UP_MS = 5 * 60 * 1000

#: Days of history the self-test syncs (the demo merchant's orders span 90).
SELF_TEST_HISTORY_DAYS = 95

#: Demo orders in the self-test's sandbox: enough to page, quick to seed.
SELF_TEST_ORDERS = 500

#: How long the self-test waits for a tab's background jobs (names) before its picture.
SELF_TEST_JOBS_WAIT_S = 10.0


def packaged_config_path() -> Path:
    """``clover-desk.toml`` beside the executable (a packaged install's settings)."""
    return Path(sys.executable).resolve().parent / "clover-desk.toml"


class DeskApp:
    """Owns the window, the session, the training sandbox and the settings.

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
        self.packaged_client_id = packaged_client_id(packaged_config or packaged_config_path())
        self.open_browser = open_browser
        self.credentials = credentials or CredentialStore()
        self.settings_store = SettingsStore(paths.settings_file)
        self.settings = self.settings_store.load()
        # Before any widget exists: widgets translate their texts as they are built.
        self.language = install_translations(
            self.settings.language if language is None else language, translations
        )
        # Training has no export hours: Clover's own sandbox exports at any time, and staff
        # practising a history sync should not wait for production's window.
        self.training_options: dict[str, Any] = {
            "db": str(paths.training_db),
            "seed": "demo",
            "export_windows": False,
        }
        self.training_options.update(training_options or {})
        self.force_training = force_training
        self.clover_url = clover_url
        # Money in the services' messages reads as the tables show it; restored on close.
        self._money_text_before = show_money_as(format_money)
        self.window = MainWindow()
        self.window.settings_requested.connect(self.open_settings)
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
        self.window.merchant_switch_requested.connect(self.switch_merchant)
        self.idle: IdleWatcher | None = None
        self._staff_dialog: StaffDialog | None = None
        self._sign_in_dialog: SignInDialog | None = None
        self._connectivity = Connectivity.UNKNOWN
        self._catch_up: asyncio.Task[None] | None = None
        self.catch_up_timer = QTimer(self.window)
        self.catch_up_timer.setInterval(HISTORY_CATCH_UP_MS)
        self.catch_up_timer.timeout.connect(self.catch_up_history)
        self.session: Session | None = None
        self.sandbox: Any = None
        self._owns_sandbox = True
        self._settings_dialog: SettingsDialog | None = None
        self._connect_dialog: ConnectDialog | None = None

    # -- training sandbox -------------------------------------------------------------

    def adopt_sandbox(self, sandbox: Any) -> None:
        """Train against an already running sandbox (tests); it is not stopped on close."""
        self.sandbox = sandbox
        self._owns_sandbox = False

    async def start_training(self) -> Any:
        """Start (once) the training sandbox on a background thread; return it."""
        if self.sandbox is None:
            from clover_desk.sandbox import start_sandbox

            self.window.status.jobs_label.setText(
                QCoreApplication.translate("DeskApp", "Starting the training sandbox…")
            )
            # Seeding and binding take a moment: off the UI thread so the window paints.
            self.sandbox = await asyncio.to_thread(start_sandbox, **self.training_options)
            log.info("training sandbox at %s", self.sandbox.base_url)
            self.window.status.show_jobs(self.window.jobs.labels())
        return self.sandbox

    # -- sessions ---------------------------------------------------------------------

    async def open_profile(self, profile: Profile | None) -> Session:
        """Open ``profile`` (``None``: training) and bind the window to it."""

        training_url = None
        if profile is None or profile.is_builtin_training:
            sandbox = await self.start_training()
            info = sandbox.info
            profile = training_profile(info["merchant_id"])
            secrets = ProfileSecrets(
                api_token=info["api_token"],
                ecommerce_private_token=info["ecommerce_private_token"],
                pakms_key=info["pakms_key"],
            )
            training_url = info["base_url"]
        else:
            if profile.is_training:  # a practice connection made through the sandbox's OAuth
                training_url = (await self.start_training()).base_url
            secrets = await asyncio.to_thread(load_secrets, self.credentials, profile.id)
        previous = self.session
        # The merchant's own staff first: its RefundService verifies approvals with them.
        staff_changed = await self._use_staff_of(profile.id)
        self.session = await open_session(
            profile,
            secrets,
            self.paths,
            training_url=training_url,
            clover_url=self.clover_url,
            store=self.credentials,
            staff=self.staff,
        )
        if self.session.profile.is_training:
            await asyncio.to_thread(seed_training_staff, self.staff, self.session.currency)
        if self._sign_in_dialog is not None:
            self._sign_in_dialog.set_ready()  # the launch's dialog, shown before the staff
        self.window.bind(self.session)
        if staff_changed:
            # Who was signed in belongs to the other merchant's staff.
            self.window.set_staff(None)
            if previous is not None:
                self.ask_sign_in(
                    QCoreApplication.translate("DeskApp", "Sign in to {merchant}.").format(
                        merchant=self.session.merchant_name
                    )
                )
        self.show_merchants()
        self.session.activity.subscribe(self._watch_connectivity)
        if previous is not None:
            await previous.aclose()
        # Refunds whose outcome was never journaled (a crash, a lost answer) are settled
        # before anything else may refund their charges (RefundService also insists);
        # then batches that were sending when the app stopped carry on.
        self.window.jobs.run(
            QCoreApplication.translate("DeskApp", "confirming earlier refunds"),
            self.session.batches.resume_unfinished(),
        )
        return self.session

    async def _use_staff_of(self, profile_id: str) -> bool:
        """Switch to ``profile_id``'s staff directory; whether it changed."""
        if profile_id == self._staff_profile:
            return False
        directory = await asyncio.to_thread(open_staff_directory, self.paths, profile_id)
        # Dialogs open on the other merchant's staff must not act on this one's.
        for dialog in (self._sign_in_dialog, self._staff_dialog):
            if dialog is not None:
                dialog.close()
        self._sign_in_dialog = self._staff_dialog = None
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
        current = self.session.profile.id if self.session is not None else TRAINING_PROFILE_ID
        self.window.set_merchants(choices, current)

    def switch_merchant(self, profile_id: str) -> asyncio.Task[None] | None:
        """*Switch merchant*: open another profile; each keeps its own journal and history."""
        if self.window.staff_member is None:
            self.ask_sign_in(QCoreApplication.translate("DeskApp", "Sign in to switch merchants."))
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

    def _watch_connectivity(self, snapshot: ActivitySnapshot) -> None:
        """After a reconnect, settle refunds left unknown while Clover was unreachable."""
        was, self._connectivity = self._connectivity, snapshot.connectivity
        if (
            was is Connectivity.OFFLINE
            and snapshot.connectivity is Connectivity.ONLINE
            and self.session is not None
        ):
            self.window.jobs.run(
                QCoreApplication.translate("DeskApp", "confirming earlier refunds"),
                self.session.refunds.settle_all(),
            )

    def catch_up_history(self) -> asyncio.Task[None] | None:
        """Bring a synced history up to date (timer-driven while the app runs)."""
        session = self.session
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

    # -- staff ------------------------------------------------------------------------

    def ask_sign_in(self, reason: str = "") -> SignInDialog:
        """The sign-in dialog (the owner's account is created on a machine with none)."""
        if self._sign_in_dialog is not None and self._sign_in_dialog.isVisible():
            return self._sign_in_dialog
        training = self.session is not None and self.session.profile.is_training
        dialog = SignInDialog(self.staff, training=training, reason=reason, parent=self.window)
        dialog.signedIn.connect(self.window.set_staff)
        self._sign_in_dialog = dialog
        dialog.open()
        return dialog

    def adopt_sign_in(self, dialog: SignInDialog) -> None:
        """Take over the sign-in dialog the launch showed before this window existed."""
        dialog.signedIn.connect(self.window.set_staff)
        self._sign_in_dialog = dialog

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
        member = self.window.staff_member
        if member is None or not member.can(Permission.MANAGE_STAFF):
            self.window.show_error(
                UserMessage(
                    QCoreApplication.translate("DeskApp", "Staff"),
                    QCoreApplication.translate(
                        "DeskApp", "Only an owner can manage staff accounts."
                    ),
                    QCoreApplication.translate(
                        "DeskApp", "Switch user (Ctrl+L) to the owner's account."
                    ),
                )
            )
            return
        currency = self.session.currency if self.session else "USD"
        dialog = StaffDialog(
            self.staff, member, currency, self.settings.idle_lock_minutes, self.window
        )
        dialog.idleMinutesChanged.connect(self._idle_minutes_changed)
        self._staff_dialog = dialog
        dialog.open()

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

    async def start(self) -> dict[str, int]:
        """Open the active profile (or training) and load every tab."""
        active = None if self.force_training else self.settings.active()
        try:
            await self.open_profile(active)
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
            await self.open_profile(None)
        return await self.window.load_all()

    def open_settings(self) -> None:
        """File ▸ Settings…: the profiles dialog, opened without blocking (owners only)."""
        member = self.window.staff_member
        if member is None or not member.can(Permission.MANAGE_SETTINGS):
            self.window.show_error(
                UserMessage(
                    QCoreApplication.translate("DeskApp", "Settings"),
                    QCoreApplication.translate(
                        "DeskApp", "Only an owner can change profiles and Clover tokens."
                    ),
                    QCoreApplication.translate(
                        "DeskApp", "Switch user (Ctrl+L) to the owner's account."
                    ),
                )
            )
            return
        dialog = SettingsDialog(
            self.settings,
            self.credentials,
            current_profile_id=self.session.profile.id if self.session else None,
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
        training = self.session is not None and self.session.profile.is_training
        training_url = self.clover_url or (
            self.sandbox.base_url if training and self.sandbox is not None else None
        )
        client_id = resolve_client_id(self.settings, self.packaged_client_id)
        if not client_id and training and self.clover_url is None and self.sandbox is not None:
            client_id = self.sandbox.info["oauth_client_id"]
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
        client = client_for(profile, secrets, clover_url=self.clover_url)
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
        self.show_merchants()
        if switch_to is None:
            return
        profile = self.settings.profile(switch_to)
        self.window.jobs.run(self._switching_label(profile), self._switch(profile))

    async def _switch(self, profile: Profile | None) -> None:
        await self.open_profile(profile)
        await self.window.load_all()

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
        dialog = self._sign_in_dialog
        if dialog is not None and dialog.parent() is None:
            # The launch's dialog becomes the window's, like every later one: it stays
            # above the window shown after it, and closes with it.
            visible = dialog.isVisible()
            dialog.setParent(self.window, dialog.windowFlags())
            if visible:
                dialog.show()
        idle = IdleWatcher(self.settings.idle_lock_minutes, parent=self.window)
        idle.idle.connect(self.lock)
        self.idle = idle
        self.catch_up_timer.start()

        def started(_result: object) -> None:
            if self.window.staff_member is None:
                self.ask_sign_in()
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
        if self.session is not None:
            # Work still winding down (names read in the background) reports its end to
            # the status bar, which may already be gone with the window.
            self.session.activity.unsubscribe(self.window.status.show_activity)
            await self.session.aclose()
            self.session = None
        if self.sandbox is not None:
            sandbox, self.sandbox = self.sandbox, None
            if self._owns_sandbox:
                await asyncio.to_thread(sandbox.stop)
        self.staff.close()
        show_money_as(self._money_text_before)


async def _run_self_test(args: argparse.Namespace, app: QApplication) -> int:
    errors: list[str] = []
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="clover-desk-self-test-") as home:
        paths = AppPaths.under(Path(home))
        setup_logging(paths.log_file)
        desk = DeskApp(
            paths,
            training_options={
                "db": ":memory:",
                "orders": SELF_TEST_ORDERS,
                "seed": args.training_seed,
            },
            force_training=True,
            language=args.lang,
        )
        crash = CrashHandler(lambda: desk.window)
        crash.install()
        collector = GuiThreadCollector(parent=desk.window)
        collector.start()
        desk.window.jobs.failed.connect(lambda m: errors.append(f"{m.title}: {m.detail}"))
        desk.window.resize(1280, 800)
        desk.window.show()
        try:
            session = await desk.open_profile(None)
            desk.sign_in_training_owner()
            try:  # the history, so the Reports tab and the store-backed tables have data
                await session.sync.run(datetime.now(UTC) - timedelta(days=SELF_TEST_HISTORY_DAYS))
            except Exception as exc:
                errors.append(f"history sync: {type(exc).__name__}: {exc}")
            for tab in desk.window.tabs:
                desk.window.tabs_widget.setCurrentWidget(tab)
                try:
                    counts[tab.key] = await tab.reload()
                except Exception as exc:
                    counts[tab.key] = 0
                    errors.append(f"{tab.key}: {type(exc).__name__}: {exc}")
                with contextlib.suppress(TimeoutError):  # names are read after the rows
                    await asyncio.wait_for(desk.window.jobs.wait_idle(), SELF_TEST_JOBS_WAIT_S)
                await asyncio.sleep(0.05)  # let the tab lay out before the screenshot
                if args.screenshots:
                    args.screenshots.mkdir(parents=True, exist_ok=True)
                    desk.window.grab().save(str(args.screenshots / f"{tab.key}.png"))
        except Exception as exc:
            errors.append(f"start-up: {type(exc).__name__}: {exc}")
        finally:
            errors.extend(crash.crashes)
            crash.uninstall()
            collector.stop()
            await desk.aclose()
            desk.window.close()
    print(json.dumps({"tabs": counts, "errors": errors}), flush=True)
    expected = {"orders", "charges", "customers", "plans", "gift_cards"}
    return 0 if not errors and expected <= counts.keys() else 1


def freeze_startup_objects() -> None:
    """Exempt everything alive after start-up (modules, Qt wrappers, ...) from garbage
    collection.

    Those objects live as long as the app, and a full collection would otherwise walk all
    of them each time: during a history sync, full collections in the decoding and
    writing threads stalled the event loop for 50-100 ms.
    """
    gc.collect()
    gc.freeze()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m clover_desk.app``: ``--self-test`` here, the window through
    ``clover_desk.launch`` (the console script's entry point)."""
    args = parse_args(argv)
    if not args.self_test:
        from clover_desk.launch import main as launch

        return launch(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = qt_app()
    import qasync  # after PySide6, so qasync binds to PySide6, not PyQt

    freeze_startup_objects()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code: int = loop.run_until_complete(_run_self_test(args, app))
    return code


if __name__ == "__main__":
    sys.exit(main())
