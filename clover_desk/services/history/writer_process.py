"""The history sync's heavy writes in a process of their own: decoding export files,
turning their objects into rows and building search documents.

Why a process. That work is Python, and a process runs Python on one thread at a time.
On the store's writer thread it held the interpreter lock for tens of milliseconds at a
stretch, and Qt, which takes the lock to hand each event to Python, waited: py-spy found
the GUI thread in ``Shiboken::GilState::acquire`` whenever the heartbeat of
``tests/benchmarks/history.py`` was late, while the lock's holder was building search
documents or decoding a file. In a process of its own the work runs on another core and
the GUI's process only moves bytes through a pipe.

Order. :class:`HistoryStore` calls :meth:`WriterProcess.call` from its one writer
thread, so these writes and its in-process ones still run one at a time, in the order
they were asked for, and never wait for each other's SQLite write lock.

The process is started on first use (a store that never syncs never starts one) and
again after it died, and it ends when the store closes its end of the pipe.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import pickle
import sqlite3
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from clover_desk.api.models.platform import Order, Payment
from clover_desk.api.transport import decode_export_file
from clover_desk.services.history.rows import SyncWindow
from clover_desk.services.history.schema import connect_writer
from clover_desk.services.history.writer import (
    in_transaction,
    index_pending_batch,
    store_export_files,
)

__all__ = ["WriterLost", "WriterProcess"]

log = logging.getLogger(__name__)

#: Seconds :meth:`WriterProcess.close` waits for the process to finish its last write.
CLOSE_WAIT_S = 30.0


class WriterLost(RuntimeError):
    """The writer process ended before answering; what it was writing was rolled back."""


class WriterProcess:
    """A child process that runs the operations below on its own connection to ``path``.

    Not thread-safe: one thread (the store's writer thread) calls it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._process: BaseProcess | None = None
        self._pipe: Connection | None = None

    def call(self, operation: str, *args: Any) -> Any:
        """Run ``operation`` with ``args`` there and return its result, or raise what it
        raised. Blocks until it answers."""
        pipe = self._pipe if self._pipe is not None else self._start()
        try:
            pipe.send((operation, args))
            ok, value = pipe.recv()
        except (EOFError, OSError) as exc:
            code = self._stop()
            raise WriterLost(f"the history writer process ended (exit code {code})") from exc
        if ok:
            return value
        raise value

    @property
    def pid(self) -> int | None:
        """The running process's id; ``None`` before the first call and after close."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """End the process once it has finished what it is doing."""
        self._stop()

    def _start(self) -> Connection:
        # "spawn" on every platform, as macOS and Windows do anyway: forking a process
        # that runs Qt's threads copies their locks in whatever state they are in.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve, args=(theirs, str(self.path)), name="history-writer", daemon=True
        )
        process.start()
        theirs.close()
        self._process, self._pipe = process, ours
        log.info("history writer process %s started", process.pid)
        return ours

    def _stop(self) -> int | None:
        """Close the pipe and wait for the process to end; returns its exit code."""
        pipe, process = self._pipe, self._process
        self._pipe = self._process = None
        if pipe is not None:
            pipe.close()  # its next read ends: it finishes the write it is in, then exits
        if process is None:
            return None
        process.join(CLOSE_WAIT_S)
        if process.is_alive():
            log.warning("history writer process %s did not end; stopping it", process.pid)
            process.terminate()
            process.join()
        return process.exitcode


# ------------------------------------------------------------------- in the child process


def _store_contents(
    conn: sqlite3.Connection,
    currency: str,
    window: SyncWindow,
    seq: int,
    contents: Sequence[bytes],
) -> SyncWindow:
    """Decode export files ``seq``, ``seq + 1``, ... of ``window`` and store them in one
    transaction, their search documents deferred."""
    item_type: Any = Order if window.kind == "ORDERS" else Payment
    files = [decode_export_file(content, item_type) for content in contents]
    return in_transaction(
        conn,
        functools.partial(
            store_export_files,
            currency=currency,
            window=window,
            seq=seq,
            files=files,
            defer_search=True,
        ),
    )


def _index_pending(
    conn: sqlite3.Connection, currency: str, chunk: int, created_between: tuple[int, int] | None
) -> int:
    return in_transaction(
        conn,
        functools.partial(
            index_pending_batch, currency=currency, chunk=chunk, created_between=created_between
        ),
    )


_OPERATIONS: dict[str, Callable[..., Any]] = {
    "store_contents": _store_contents,
    "index_pending": _index_pending,
}


def _serve(pipe: Connection, path: str) -> None:
    """The child's loop: one request at a time until the store closes the pipe."""
    conn = connect_writer(Path(path))
    try:
        while True:
            try:
                operation, args = pipe.recv()
            except EOFError:
                return
            try:
                reply: tuple[bool, Any] = (True, _OPERATIONS[operation](conn, *args))
            except Exception as exc:  # every failure goes back to the caller
                reply = (False, _portable(exc))
            try:
                pipe.send(reply)
            except OSError:  # the store went away without waiting for the answer
                return
    finally:
        conn.close()


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives the pipe (pickled and rebuilt), else a RuntimeError that
    names it: an exception that cannot be rebuilt would end the reply, not report it."""
    try:
        pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own bytes, this instant
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
