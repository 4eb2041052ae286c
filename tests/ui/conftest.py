"""pytest-qt fixtures for the window: a qasync loop (PLATFORM.md Pattern A) and a desk.

Tests are plain functions that drive widgets and wait with ``qtbot.waitUntil``; the
qasync loop is registered as running (``already_running=True``) so httpx works inside
the slots' tasks. Every file goes to ``tmp_path``, the keyring is in memory, and the
Clover is a real sandbox on a loopback port.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from memkeyring import MemoryKeyring
from pytestqt.qtbot import QtBot

from clover_desk.api.credentials import CredentialStore
from clover_desk.app import DeskApp
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.merchant.paths import AppPaths

T = TypeVar("T")

Runner = Callable[[Coroutine[Any, Any, T]], T]


@pytest.fixture
def qasync_loop(qapp: Any) -> Iterator[qasync.QEventLoop]:
    """A qasync loop marked running without exec(), torn down without stop()."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    deadline = time.monotonic() + 2
    while pending and not all(t.done() for t in pending) and time.monotonic() < deadline:
        qapp.processEvents()
    # Not loop.stop(): it sets Qt's quitNow flag and breaks every later qtbot.wait*.
    loop._QEventLoop__is_running = False
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def run(qtbot: QtBot, qasync_loop: qasync.QEventLoop) -> Callable[..., Any]:
    """Run a coroutine on the qasync loop to completion and return its result."""

    def runner(coro: Coroutine[Any, Any, T], timeout: int = 20_000) -> T:
        task = asyncio.ensure_future(coro)
        qtbot.waitUntil(task.done, timeout=timeout)
        return task.result()

    return runner


def settled(desk: DeskApp, qtbot: QtBot) -> None:
    """Wait for the window's background jobs, e.g. the names a table reads after showing
    its rows."""
    qtbot.waitUntil(lambda: not desk.window.jobs.busy(), timeout=15_000)


def make_desk(
    qtbot: QtBot, run: Callable[..., Any], tmp_path: Any, sandbox: RunningSandbox
) -> Iterator[DeskApp]:
    desk = DeskApp(AppPaths.under(tmp_path), CredentialStore())
    desk.adopt_sandbox(sandbox)
    qtbot.addWidget(desk.window)
    desk.window.resize(1200, 760)
    desk.window.show()
    run(desk.open_profile(None))
    desk.sign_in_training_owner()
    yield desk
    desk.window.jobs.cancel_all()
    qtbot.waitUntil(lambda: not desk.window.jobs.busy(), timeout=5000)
    run(desk.aclose())


@pytest.fixture
def demo_desk(
    qtbot: QtBot,
    run: Callable[..., Any],
    tmp_path: Any,
    memory_keyring: MemoryKeyring,
    demo_sandbox: RunningSandbox,
) -> Iterator[DeskApp]:
    """The window on the shared demo sandbox (read-only use)."""
    yield from make_desk(qtbot, run, tmp_path, demo_sandbox)


def fresh_desk_on(
    seed: str, qtbot: QtBot, run: Callable[..., Any], tmp_path: Any
) -> Iterator[DeskApp]:
    """The window on a fresh sandbox of its own seeded with ``seed`` (writes allowed)."""
    from clover_desk.sandbox import start_sandbox

    # The suite's own limits (tests/conftest.py), far from Clover's, so no 429 surprises.
    sandbox = start_sandbox(
        seed=seed,
        orders=60,
        export_windows=False,
        seed_number=3,
        rate_limit_per_s=10_000,
        max_concurrent=100,
    )
    try:
        yield from make_desk(qtbot, run, tmp_path, sandbox)
    finally:
        sandbox.stop()


@pytest.fixture
def fresh_desk(
    qtbot: QtBot,
    run: Callable[..., Any],
    tmp_path: Any,
    memory_keyring: MemoryKeyring,
) -> Iterator[DeskApp]:
    """The window on a fresh demo sandbox of its own (writes allowed)."""
    yield from fresh_desk_on("demo", qtbot, run, tmp_path)
