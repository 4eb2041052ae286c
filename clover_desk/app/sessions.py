"""Opening a merchant's session and binding the window to it.

A configured profile opens with its secrets from the keyring; the training profile opens
on the training sandbox, started once on a background thread (or adopted, in tests).
Opening another merchant's session replaces the one open, and its staff the staff.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication

from clover_desk.api.credentials import CredentialStore
from clover_desk.app.catch_up import SessionCatchUp
from clover_desk.app.window import WindowWiring
from clover_desk.services.merchant import (
    AppPaths,
    Profile,
    ProfileSecrets,
    Session,
    load_secrets,
    open_session,
    training_profile,
)
from clover_desk.services.staff import seed_training_staff
from clover_desk.ui.main_window import MainWindow

log = logging.getLogger("clover_desk")


class MerchantSessions:
    """The open merchant's session and the training sandbox (see ``DeskApp`` for the
    options); ``session`` is ``None`` before the first opens and after ``aclose``."""

    def __init__(
        self,
        window: MainWindow,
        wiring: WindowWiring,
        catch_up: SessionCatchUp,
        paths: AppPaths,
        credentials: CredentialStore,
        *,
        training_options: dict[str, Any] | None,
        clover_url: str | None,
    ) -> None:
        self.window, self.wiring, self.catch_up = window, wiring, catch_up
        self.paths, self.credentials = paths, credentials
        # Training has no export hours: Clover's own sandbox exports at any time, and staff
        # practising a history sync should not wait for production's window.
        self.training_options: dict[str, Any] = {
            "db": str(paths.training_db),
            "seed": "demo",
            "export_windows": False,
        }
        self.training_options.update(training_options or {})
        self.clover_url = clover_url
        self.session: Session | None = None
        self.sandbox: Any = None
        self._owns_sandbox = True

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
        staff_changed = await self.wiring.use_staff_of(profile.id)
        self.session = await open_session(
            profile,
            secrets,
            self.paths,
            training_url=training_url,
            clover_url=self.clover_url,
            store=self.credentials,
            staff=self.wiring.staff,
        )
        if self.session.profile.is_training:
            await asyncio.to_thread(seed_training_staff, self.wiring.staff, self.session.currency)
        if self.wiring.sign_in_dialog is not None:
            self.wiring.sign_in_dialog.set_ready()  # the launch's dialog, shown before the staff
        self.window.bind(self.session)
        if staff_changed:
            # Who was signed in belongs to the other merchant's staff.
            self.window.set_staff(None)
            if previous is not None:
                self.wiring.ask_sign_in(
                    QCoreApplication.translate("DeskApp", "Sign in to {merchant}.").format(
                        merchant=self.session.merchant_name
                    )
                )
        self.wiring.show_merchants()
        self.session.activity.subscribe(self.catch_up.watch_connectivity)
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
