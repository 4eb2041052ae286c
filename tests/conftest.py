"""Suite-wide fixtures: headless Qt, an isolated keyring, and training sandboxes.

Every sandbox here is a real server on an ephemeral 127.0.0.1 port, reached over
real HTTP; nothing in the suite talks to any other address.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

# Before anything imports Qt or keyring: no display, and never the user's real keyring.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

import httpx
import pytest
from memkeyring import MemoryKeyring

from clover_desk.sandbox import RunningSandbox, start_sandbox

#: Small enough to seed in well under a second, large enough to page through.
DEMO_TEST_ORDERS = 300
#: Functional tests run with Clover's limits far out of reach, so that no test fails on
#: a 429 it did not ask for; tests of the limits set them through ``/_sandbox/faults``.
GENEROUS_LIMITS = {"rate_limit_per_s": 10_000, "max_concurrent": 100}


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread() -> Iterator[None]:
    """Python's cyclic GC only on the main thread, as in the app
    (``clover_desk.ui.gui_gc.GuiThreadCollector``).

    An automatic collection runs in whichever thread allocates: a sandbox's server, the
    history store's writer, a decoding worker. Collecting an unreachable Qt wrapper there
    destroys a QObject off its thread ("Timers cannot be stopped from another thread",
    at worst a crash), and Qt objects left over from one test can be garbage during the
    next, whatever that one tests. So every test runs with automatic collection off and
    collects on the main thread before and after.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring installed as the process's backend for one test."""
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    """A fresh sandbox with two bare merchants and export windows off."""
    with start_sandbox(seed="empty", export_windows=False, **GENEROUS_LIMITS) as running:
        yield running


@pytest.fixture(scope="module")
def demo_sandbox() -> Iterator[RunningSandbox]:
    """A demo-seeded sandbox shared by one module's tests: treat its data as read-only."""
    with start_sandbox(
        seed="demo",
        orders=DEMO_TEST_ORDERS,
        export_windows=False,
        seed_number=7,
        **GENEROUS_LIMITS,
    ) as running:
        yield running


@pytest.fixture
def admin(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """An HTTP client for the sandbox's ``/_sandbox`` controls."""
    with httpx.Client(base_url=sandbox.info["admin_url"] + "/", timeout=10) as client:
        yield client
