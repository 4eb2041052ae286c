"""Long builds (an export's files) on one worker thread, off the event loop.

The sandbox serves every request on one asyncio thread. Building the files of a 30-day
export of a busy merchant takes seconds; done inside a request it stalled every other
request (polls, other exports, downloads) for as long. :class:`BuildWorker` runs such
work on a daemon thread instead, one build at a time in submission order (two at once
would only share the GIL and both finish later), and reports progress and completion
through :class:`Build`.

Connections: the worker reads and writes through its own connection
(:meth:`Database.secondary`) when the database is a file, so the loop thread's queries
never wait for it, only its short ``export_files`` inserts do (single-writer SQLite).
A ``:memory:`` database cannot be opened twice, so there the worker uses the shared
:class:`Database`, whose lock it takes one statement (or one file insert) at a time:
the loop waits at most one chunk query for it (tens of milliseconds), never a whole
build. Rendering, the bulk of the time, happens outside the lock in both cases.

The work runs in a copy of the submitting request's :mod:`contextvars` context, so
hrefs rendered by the worker use the same base URL as the request that started it.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from .db import Database

log = logging.getLogger(__name__)


class BuildCancelled(Exception):
    """The worker is shutting down; the build stopped between two steps."""


@dataclass
class Build:
    """One submitted build: its progress, and a future set when it ends."""

    key: str
    work: Callable[[Database, Build], None]
    context: contextvars.Context
    future: concurrent.futures.Future[None] = field(default_factory=concurrent.futures.Future)
    #: Units of work (objects) known so far and done so far; written by the worker only.
    total: int = 0
    done: int = 0
    _closing: threading.Event = field(default_factory=threading.Event)

    @property
    def finished(self) -> bool:
        """Ended successfully."""
        return self.future.done() and self.future.exception() is None

    @property
    def error(self) -> BaseException | None:
        """Why it failed, or None while it runs or once it succeeded."""
        return self.future.exception() if self.future.done() else None

    @property
    def percent(self) -> int:
        """Real progress, 0-100 (100 only once finished)."""
        if self.finished:
            return 100
        if self.total <= 0:
            return 0
        return min(99, self.done * 100 // self.total)

    def progress(self, done: int, total: int) -> None:
        """Called by the work between steps; raises :class:`BuildCancelled` on shutdown."""
        self.done, self.total = done, total
        if self._closing.is_set():
            raise BuildCancelled


class BuildWorker:
    """Runs :class:`Build` work on one daemon thread; one instance per sandbox state."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._builds: dict[str, Build] = {}
        self._queue: queue.SimpleQueue[Build | None] = queue.SimpleQueue()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def get(self, key: str) -> Build | None:
        return self._builds.get(key)

    def submit(self, key: str, work: Callable[[Database, Build], None]) -> Build:
        """Queue ``work(db, build)`` under ``key``; the build already queued if there is one."""
        with self._lock:
            build = self._builds.get(key)
            if build is not None:
                return build
            build = Build(key, work, contextvars.copy_context(), _closing=self._closing)
            self._builds[key] = build
            if self._closing.is_set():
                build.future.set_exception(BuildCancelled())
                return build
            if self._thread is None:
                # Daemon: a sandbox left running must not keep the interpreter alive;
                # close() stops it properly.
                self._thread = threading.Thread(
                    target=self._run, name="sandbox-export-builds", daemon=True
                )
                self._thread.start()
            self._queue.put(build)
            return build

    def forget(self, key: str) -> None:
        """Drop a build whose outcome has been recorded elsewhere."""
        self._builds.pop(key, None)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the worker (a running build stops at its next step); before ``db.close()``."""
        self._closing.set()
        self._queue.put(None)
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            build = self._queue.get()
            if build is None:
                return
            if self._closing.is_set():
                build.future.set_exception(BuildCancelled())
                continue
            own: Database | None = None
            try:
                own = self._db.secondary()
                build.context.run(build.work, own or self._db, build)
            except BaseException as exc:  # reported through the future, polls see it
                if not isinstance(exc, BuildCancelled):
                    log.exception("sandbox build %s failed", build.key)
                build.future.set_exception(exc)
            else:
                build.future.set_result(None)
            finally:
                if own is not None:
                    own.close()
