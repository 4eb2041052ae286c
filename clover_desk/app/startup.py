"""Starting the app: ``python -m clover_desk.app`` (the self-test) and start-up's last step.

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
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from clover_desk.app.desk import DeskApp
from clover_desk.launch import parse_args, qt_app, setup_logging
from clover_desk.services.merchant import AppPaths
from clover_desk.ui.crash import CrashHandler
from clover_desk.ui.gui_gc import GuiThreadCollector

__all__ = ["freeze_startup_objects", "main"]

#: Days of history the self-test syncs (the demo merchant's orders span 90).
SELF_TEST_HISTORY_DAYS = 95

#: Demo orders in the self-test's sandbox: enough to page, quick to seed.
SELF_TEST_ORDERS = 500

#: How long the self-test waits for a tab's background jobs (names) before its picture.
SELF_TEST_JOBS_WAIT_S = 10.0


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
