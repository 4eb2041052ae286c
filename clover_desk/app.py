"""Composition root: settings, profiles, keyring, event loop, training sandbox, wiring.

``clover-desk`` opens the main window on the active profile, or, with none configured,
on the training sandbox (started on a background thread, database in the user data dir).
``clover-desk --self-test [--screenshots DIR]`` runs offscreen against a fresh training
sandbox, loads every tab, prints one JSON line and exits 0 only if every tab loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import logging.handlers
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from clover_desk.api.credentials import CredentialStore
from clover_desk.api.redaction import install_redaction
from clover_desk.services.activity import ActivitySnapshot, Connectivity
from clover_desk.services.connect import client_for, open_session
from clover_desk.services.feedback import UserMessage
from clover_desk.services.paths import AppPaths
from clover_desk.services.profiles import Profile, SettingsStore, training_profile
from clover_desk.services.session import ProfileSecrets, Session, load_secrets
from clover_desk.services.staff import (
    TRAINING_STAFF,
    Permission,
    StaffDirectory,
    StaffMember,
    seed_training_staff,
)
from clover_desk.ui.crash import CrashHandler
from clover_desk.ui.gui_gc import GuiThreadCollector
from clover_desk.ui.main_window import MainWindow
from clover_desk.ui.settings_dialog import SettingsDialog
from clover_desk.ui.sign_in import IdleWatcher, SignInDialog
from clover_desk.ui.staff_dialog import StaffDialog
from clover_desk.ui.theme import apply_theme, stylesheet_path

__all__ = ["DeskApp", "main"]

log = logging.getLogger("clover_desk")

#: How often a synced history catches up with Clover (``modifiedTime`` lists).
HISTORY_CATCH_UP_MS = 5 * 60 * 1000

#: Days of history the self-test syncs (the demo merchant's orders span 90).
SELF_TEST_HISTORY_DAYS = 95

#: Demo orders in the self-test's sandbox: enough to page, quick to seed.
SELF_TEST_ORDERS = 500


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="clover-desk", description="Clover Desk back office")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start offscreen against a fresh training sandbox, load every tab, print JSON",
    )
    parser.add_argument(
        "--screenshots", type=Path, metavar="DIR", help="with --self-test: one PNG per tab"
    )
    parser.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help="keep settings, data and logs under DIR instead of the per-user locations",
    )
    parser.add_argument(
        "--training", action="store_true", help="open the training sandbox whatever is configured"
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {package_version('clover-desk')}"
    )
    parser.add_argument(
        "--clover-url",
        metavar="URL",
        help="send every profile's calls to this base URL (e.g. a standalone sandbox)",
    )
    return parser.parse_args(argv)


def setup_logging(log_file: Path | None, *, verbose: bool = False) -> None:
    """Log to a rotating file with secrets and card data redacted."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    # httpx logs every request with its full URL; the api logs method, path template,
    # status and timing already, without query strings that may carry customer data.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    install_redaction()


class DeskApp:
    """Owns the window, the session, the training sandbox and the settings.

    Args:
        paths: where files go.
        credentials: the keyring-backed token store.
        training_options: extra ``start_sandbox`` options for the training sandbox.
        force_training: ignore configured profiles.
        clover_url: send every profile's calls to this base URL (a local sandbox), for
            trying profiles and Settings out without Clover's servers.
    """

    def __init__(
        self,
        paths: AppPaths,
        credentials: CredentialStore | None = None,
        *,
        training_options: dict[str, Any] | None = None,
        force_training: bool = False,
        clover_url: str | None = None,
    ) -> None:
        self.paths = paths.ensure()
        self.credentials = credentials or CredentialStore()
        self.settings_store = SettingsStore(paths.settings_file)
        self.settings = self.settings_store.load()
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
        self.window = MainWindow()
        self.window.settings_requested.connect(self.open_settings)
        self.staff = StaffDirectory(paths.staff_db)
        self.window.staff_directory = self.staff
        self.window.set_staff(None)
        self.window.sign_in_requested.connect(lambda: self.ask_sign_in("Switch user."))
        self.window.lock_requested.connect(self.lock)
        self.window.staff_requested.connect(self.open_staff)
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

    # -- training sandbox -------------------------------------------------------------

    def adopt_sandbox(self, sandbox: Any) -> None:
        """Train against an already running sandbox (tests); it is not stopped on close."""
        self.sandbox = sandbox
        self._owns_sandbox = False

    async def start_training(self) -> Any:
        """Start (once) the training sandbox on a background thread; return it."""
        if self.sandbox is None:
            from clover_desk.sandbox import start_sandbox

            self.window.status.jobs_label.setText("Starting the training sandbox…")
            # Seeding and binding take a moment: off the UI thread so the window paints.
            self.sandbox = await asyncio.to_thread(start_sandbox, **self.training_options)
            log.info("training sandbox at %s", self.sandbox.base_url)
            self.window.status.show_jobs(self.window.jobs.labels())
        return self.sandbox

    # -- sessions ---------------------------------------------------------------------

    async def open_profile(self, profile: Profile | None) -> Session:
        """Open ``profile`` (``None``: training) and bind the window to it."""

        training_url = None
        if profile is None or profile.is_training:
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
            secrets = await asyncio.to_thread(load_secrets, self.credentials, profile.id)
        previous = self.session
        self.session = await open_session(
            profile,
            secrets,
            self.paths,
            training_url=training_url,
            clover_url=self.clover_url,
            staff=self.staff,
        )
        if self.session.profile.is_training:
            await asyncio.to_thread(seed_training_staff, self.staff, self.session.currency)
        self.window.bind(self.session)
        self.session.activity.subscribe(self._watch_connectivity)
        if previous is not None:
            await previous.aclose()
        # Refunds whose outcome was never journaled (a crash, a lost answer) are settled
        # before anything else may refund their charges; RefundService also insists.
        self.window.jobs.run("confirming earlier refunds", self.session.refunds.settle_all())
        return self.session

    def _watch_connectivity(self, snapshot: ActivitySnapshot) -> None:
        """After a reconnect, settle refunds left unknown while Clover was unreachable."""
        was, self._connectivity = self._connectivity, snapshot.connectivity
        if (
            was is Connectivity.OFFLINE
            and snapshot.connectivity is Connectivity.ONLINE
            and self.session is not None
        ):
            self.window.jobs.run("confirming earlier refunds", self.session.refunds.settle_all())

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
            "bringing the history up to date", session.sync.catch_up()
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

    def lock(self) -> None:
        """Hide the merchant's data until someone signs in again."""
        self.window.set_staff(None)
        self.ask_sign_in("Clover Desk is locked. Sign in to continue.")

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
                    "Staff",
                    "Only an owner can manage staff accounts.",
                    "Switch user (Ctrl+L) to the owner's account.",
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
            self.window.jobs.report(f"opening profile {active.name}", exc)
            await self.open_profile(None)
        return await self.window.load_all()

    def open_settings(self) -> None:
        """File ▸ Settings…: the profiles dialog, opened without blocking (owners only)."""
        member = self.window.staff_member
        if member is None or not member.can(Permission.MANAGE_SETTINGS):
            self.window.show_error(
                UserMessage(
                    "Settings",
                    "Only an owner can change profiles and Clover tokens.",
                    "Switch user (Ctrl+L) to the owner's account.",
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
        self._settings_dialog = dialog
        dialog.open()

    async def test_connection(self, profile: Profile, secrets: ProfileSecrets) -> str:
        """Read the merchant with ``profile``'s settings; what staff read on success."""
        client = client_for(profile, secrets, clover_url=self.clover_url)
        try:
            merchant = await client.platform.get_merchant()
        finally:
            await client.aclose()
        return (
            f"Connected to {merchant.name or merchant.id} ({merchant.id}, "
            f"{merchant.currency_code or '?'})."
        )

    def _settings_saved(self, switch_to: str | None) -> None:
        self.settings_store.save(self.settings)
        if switch_to is None:
            return
        profile = self.settings.profile(switch_to)
        self.window.jobs.run(
            f"switching to {profile.name if profile else 'training'}", self._switch(profile)
        )

    async def _switch(self, profile: Profile | None) -> None:
        await self.open_profile(profile)
        await self.window.load_all()

    async def aclose(self) -> None:
        """Close the session and stop the training sandbox."""
        if self.session is not None:
            await self.session.aclose()
            self.session = None
        if self.sandbox is not None:
            sandbox, self.sandbox = self.sandbox, None
            if self._owns_sandbox:
                await asyncio.to_thread(sandbox.stop)
        self.staff.close()


# ---------------------------------------------------------------------------- entry


def _qt_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Clover Desk")
    app.setOrganizationName("clover-desk")
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    app.setWindowIcon(QIcon(str(stylesheet_path().parent / "icons" / "clover-desk.png")))
    return app


def _ask_sign_in(desk: DeskApp) -> None:
    desk.ask_sign_in()


async def _run_gui(args: argparse.Namespace, app: QApplication) -> int:
    paths = AppPaths.under(args.home) if args.home else AppPaths.for_user()
    setup_logging(paths.log_file)
    desk = DeskApp(paths, force_training=args.training, clover_url=args.clover_url)
    crash = CrashHandler(lambda: desk.window)
    crash.install()
    collector = GuiThreadCollector(parent=desk.window)
    collector.start()
    quit_event = asyncio.Event()
    app.aboutToQuit.connect(quit_event.set)
    app.lastWindowClosed.connect(quit_event.set)
    desk.window.show()
    idle = IdleWatcher(desk.settings.idle_lock_minutes, parent=desk.window)
    idle.idle.connect(desk.lock)
    desk.idle = idle
    desk.catch_up_timer.start()
    # The window shows nothing of the merchant's until someone signs in; the dialog comes
    # once the profile is open (training staff and their PINs exist by then).
    desk.window.jobs.run(
        "starting",
        desk.start(),
        on_done=lambda _counts: _ask_sign_in(desk),
        on_error=lambda _error: _ask_sign_in(desk),
    )
    try:
        await quit_event.wait()
    finally:
        idle.stop()
        await desk.aclose()
        collector.stop()
        crash.uninstall()
    return 0


async def _run_self_test(args: argparse.Namespace, app: QApplication) -> int:
    errors: list[str] = []
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="clover-desk-self-test-") as home:
        paths = AppPaths.under(Path(home))
        setup_logging(paths.log_file)
        desk = DeskApp(
            paths,
            training_options={"db": ":memory:", "orders": SELF_TEST_ORDERS},
            force_training=True,
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
    """Console entry point (``clover-desk``)."""
    args = parse_args(argv)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _qt_app()
    import qasync  # after PySide6, so qasync binds to PySide6, not PyQt

    freeze_startup_objects()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    runner = _run_self_test if args.self_test else _run_gui
    with loop:
        code: int = loop.run_until_complete(runner(args, app))
    return code


if __name__ == "__main__":
    sys.exit(main())
