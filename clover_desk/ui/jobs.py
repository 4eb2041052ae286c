"""Running service calls on the qasync loop: progress, cancel, and errors shown plainly.

A tab starts work with :meth:`Jobs.run`; the status bar shows what is running with a
*Cancel* button, and a failure becomes a :class:`UserMessage` the window shows without
blocking (the app keeps running). Cancelling a job is silent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from clover_desk.services.common import UserMessage, explain

__all__ = ["Jobs"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class Jobs(QObject):
    """The window's running operations.

    Signals:
        changed(list[str]): labels of the jobs now running.
        failed(UserMessage): a job failed; show it.
        succeeded(str): a job finished (its label), for the status bar.
    """

    changed = Signal(list)
    failed = Signal(object)
    succeeded = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[asyncio.Task[Any], str] = {}
        self.last_error: UserMessage | None = None
        #: the label of the job that failed last (what :attr:`last_error` is about)
        self.last_failed_label: str | None = None

    def run(
        self,
        label: str,
        coro: Coroutine[Any, Any, T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> asyncio.Task[T]:
        """Start ``coro`` on the running loop; ``label`` says what it does ("loading orders")."""
        task = asyncio.ensure_future(coro)
        self._running[task] = label
        self.changed.emit(self.labels())

        def finished(done: asyncio.Task[T]) -> None:
            self._running.pop(done, None)
            if not shiboken6.isValid(self):
                return  # the window is gone (shutdown): nobody is left to tell
            self.changed.emit(self.labels())
            if done.cancelled():
                if on_error is not None:
                    on_error(asyncio.CancelledError())
                return
            exc = done.exception()
            if exc is None:
                self.succeeded.emit(label)
                if on_done is not None:
                    on_done(done.result())
                return
            if on_error is not None:
                on_error(exc)
            self.report(label, exc)

        task.add_done_callback(finished)
        return task

    def report(self, label: str, exc: BaseException) -> None:
        """Log a failure and tell the window to show it."""
        message = explain(label, exc)
        log.warning("%s: %s", message.title, message.detail, exc_info=exc)
        self.last_error = message
        self.last_failed_label = label
        self.failed.emit(message)

    def labels(self) -> list[str]:
        """What is running now."""
        return list(self._running.values())

    def busy(self) -> bool:
        """Whether anything is running."""
        return bool(self._running)

    async def wait_idle(self) -> None:
        """Return once no job runs, counting jobs started meanwhile (failures are
        reported as usual, not raised here)."""
        while self._running:
            await asyncio.wait(list(self._running))

    def cancel_all(self) -> None:
        """Cancel every running job (the status bar's *Cancel*)."""
        for task in list(self._running):
            task.cancel()
