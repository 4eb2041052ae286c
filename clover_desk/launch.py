"""``clover-desk``: the sign-in dialog first, everything else behind it.

Staff see the sign-in dialog as soon as Qt can paint it. This module imports only what
that dialog needs (Qt widgets, the settings, the staff directory); the Clover client,
httpx, the training sandbox's Starlette app and the main window (``clover_desk.app``) are
imported on a worker thread after the dialog has painted, and the sandbox, the session
and the history store then start in the background as before. On a first launch the
training merchant is still being seeded when the dialog shows: it says so, and signs in
once the demo staff exist.

``--self-test`` goes straight to ``clover_desk.app.main``, which needs all of it anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import logging.handlers
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from clover_desk.api.redaction import install_redaction
from clover_desk.services.merchant import TRAINING_PROFILE_ID, AppPaths, Profile, SettingsStore
from clover_desk.services.staff import StaffDirectory, StaffMember
from clover_desk.ui.crash import CrashHandler
from clover_desk.ui.i18n import LANGUAGES, install_translations
from clover_desk.ui.sign_in import SignInDialog
from clover_desk.ui.startup_probe import FirstPaint, mark
from clover_desk.ui.theme import app_icon, apply_theme

if TYPE_CHECKING:
    from clover_desk.app import DeskApp

__all__ = [
    "TRAINING_SEEDS",
    "main",
    "open_staff_directory",
    "parse_args",
    "qt_app",
    "setup_logging",
    "training_seed_options",
]

log = logging.getLogger("clover_desk")


class _VersionAction(argparse.Action):
    """``--version``, reading the installed metadata only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from importlib.metadata import version

        parser.exit(message=f"{parser.prog} {version('clover-desk')}\n")


#: The demo merchants the training sandbox can hold (see ``clover_desk.sandbox``).
TRAINING_SEEDS = ("demo", "demo-ca")


def training_seed_options(paths: AppPaths, seed: str) -> dict[str, Any]:
    """``start_sandbox`` options for a training sandbox seeded with ``seed``.

    The training database is seeded once, when it is created; the Canadian merchant
    therefore lives in a file of its own, so choosing it never finds the US one.
    """
    if seed == "demo":
        return {"seed": "demo"}
    db = paths.training_db.with_name(f"{paths.training_db.stem}-{seed}{paths.training_db.suffix}")
    return {"seed": seed, "db": str(db)}


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
        "--lang",
        choices=[code for code, _name in LANGUAGES],
        help="speak this language instead of the one in Settings (or the system's)",
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
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--training-seed",
        choices=TRAINING_SEEDS,
        default="demo",
        help="the training sandbox's merchant: demo (New York, USD) or demo-ca (Montreal, "
        "CAD, GST+QST, French item names)",
    )
    parser.add_argument(
        "--startup-probe",
        action="store_true",
        help=argparse.SUPPRESS,  # tests/benchmarks/startup.py: print marks, quit when ready
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


def qt_app() -> QApplication:
    """The application object, themed, with its name and icon."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Clover Desk")
    app.setOrganizationName("clover-desk")
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    app.setWindowIcon(app_icon())
    return app


def open_staff_directory(paths: AppPaths, profile_id: str) -> StaffDirectory:
    """``profile_id``'s staff; the first time, a copy of the earlier machine-wide list.

    Blocking (SQLite): call through ``asyncio.to_thread`` from the loop.
    """
    path = paths.staff_for(profile_id)
    legacy = paths.staff_db
    if not path.exists() and legacy.exists():
        # The SQLite backup API, not a file copy: it also carries a WAL not yet checkpointed.
        source, target = sqlite3.connect(legacy), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    return StaffDirectory(path)


def _load_desk_app() -> type[DeskApp]:
    """The rest of the app (client, sandbox, main window): a few hundred ms of imports."""
    from clover_desk.app import DeskApp

    return DeskApp


class _Launch:
    """The first screen, then the app behind it.

    ``training_options`` go to the training sandbox (tests seed a small one);
    ``freeze_gc`` exempts what start-up created from garbage collection (the app, not a
    test process that goes on to other tests). ``signed_in`` holds who signed in before
    the main window existed (a warm launch, whose staff were already on disk); the
    window takes them over once it is built.
    """

    def __init__(
        self,
        args: argparse.Namespace,
        paths: AppPaths,
        *,
        training_options: dict[str, Any] | None = None,
        freeze_gc: bool = True,
    ) -> None:
        self.args = args
        self.paths = paths
        self.training_options = training_options
        self.freeze_gc = freeze_gc
        self.desk: DeskApp | None = None
        self.signed_in: StaffMember | None = None
        settings = SettingsStore(paths.settings_file).load()
        # Before the dialog exists: widgets translate their texts as they are built.
        install_translations(settings.language if args.lang is None else args.lang)
        profile: Profile | None = None if args.training else settings.active()
        self.staff_profile = profile.id if profile is not None else TRAINING_PROFILE_ID
        training = profile is None or profile.is_training
        self.staff = open_staff_directory(paths, self.staff_profile)
        # Training staff are created once the training merchant is seeded; staff of a
        # real merchant (or the owner's first account) are on this computer already.
        self.dialog = SignInDialog(
            self.staff, training=training, ready=not (training and self.staff.is_empty())
        )
        self.dialog.signedIn.connect(self._signed_in)

    def _signed_in(self, member: StaffMember) -> None:
        if self.desk is None:
            self.signed_in = member
        else:
            self.desk.window.set_staff(member)

    async def run(self, app: QApplication) -> int:
        painted = asyncio.Event()
        FirstPaint(self.dialog, painted.set)
        self.dialog.show()
        quit_event = asyncio.Event()
        app.aboutToQuit.connect(quit_event.set)
        # Closing the main window ends this coroutine (``run_gui``), which closes the
        # session and the sandbox; Qt quitting by itself on the last window closed would
        # stop the loop under it first, with nothing closed.
        app.setQuitOnLastWindowClosed(False)
        await painted.wait()
        if self.args.startup_probe:
            mark("sign_in_shown")
            self._mark_when_ready()
        # Imported off the GUI thread so the dialog keeps answering keys meanwhile.
        desk_app = await asyncio.to_thread(_load_desk_app)
        desk = desk_app(
            self.paths,
            force_training=self.args.training,
            clover_url=self.args.clover_url,
            language=self.args.lang,
            training_options=self.training_options,
            staff=self.staff,
            staff_profile=self.staff_profile,
        )
        self.desk = desk
        crash = CrashHandler(lambda: desk.window)
        crash.install()
        desk.adopt_sign_in(self.dialog)
        desk.window.set_staff(self.signed_in)
        if self.freeze_gc:
            from clover_desk.app import freeze_startup_objects

            freeze_startup_objects()
        try:
            return await desk.run_gui(
                quit_event, on_started=self._quit_when_probed if self.args.startup_probe else None
            )
        finally:
            crash.uninstall()
            app.aboutToQuit.disconnect(quit_event.set)

    def _quit_when_probed(self) -> None:
        """``--startup-probe``: quit once started, so a first launch's seeding is kept."""
        if self.desk is not None:
            self.desk.window.close()

    def _mark_when_ready(self) -> None:
        if self.dialog.ready:
            mark("ready")
        else:
            self.dialog.becameReady.connect(lambda: mark("ready"))


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point (``clover-desk``)."""
    args = parse_args(argv)
    if args.self_test:
        from clover_desk.app import main as run_app

        return run_app(argv)
    app = qt_app()
    import qasync  # after PySide6, so qasync binds to PySide6, not PyQt

    paths = (AppPaths.under(args.home) if args.home else AppPaths.for_user()).ensure()
    setup_logging(paths.log_file)
    launch = _Launch(args, paths, training_options=training_seed_options(paths, args.training_seed))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code: int = loop.run_until_complete(launch.run(app))
    return code


if __name__ == "__main__":
    sys.exit(main())
