"""The local history: one SQLite file (WAL) of orders, payments (= charges), refunds,
customers, tenders and staff, with FTS5 search and the sync's own progress.

Threads and the writer process. Every write runs on one dedicated writer thread with its
own connection (:meth:`HistoryStore.write` and the ``put_*`` coroutines hand the work to
it), so writes run one at a time, in order, and never on the event loop. The sync's
heavy writes — decoding export files, turning them into rows, building their search
documents — go one step further: the writer thread hands them to the writer process
(:mod:`writer_process`) and waits, so that Python work never holds this process's
interpreter lock. Reads use a second connection behind a lock; WAL lets them run while
either writer commits. Reads are indexed and return one page at a time, so they are
fast enough to call from the UI thread (see ``tests/benchmarks/history.py``), and the
``history`` module's feeds run them on a worker thread anyway.

Rows. Money columns are integer minor units with a ``currency`` column; times are epoch
milliseconds (UTC). ``rk`` — the integer primary key of ``orders`` and ``payments`` and
the rowid of their FTS documents — is ``created_ms * 1024`` plus a tie-break, so "newest
first" is a descending rowid walk that stops after one page, with or without a search.

Upserts. Everything is keyed by Clover id and written with ``INSERT ... ON CONFLICT DO
UPDATE``: storing the same file twice changes nothing, and a payment seen through an
ORDERS export (no card details) never erases the card details a PAYMENTS export stored.
An older copy (smaller ``modifiedTime``) never overwrites a newer one.

Search. ``orders_fts`` holds, per order: its id, title and note, the customer's name,
emails and phones, the ids, card last 4 and amounts of its payments and refunds, and its
total. ``payments_fts`` holds, per payment: its id, order id, card brand and last 4,
amount and tip, note, refund ids and amounts, and the order's customer. Both use prefix
indexes; :func:`fts_query` turns what staff type into a prefix query.

Deferred documents. An order's document needs its payments' card details (PAYMENTS
exports) and a payment's needs its order's customer (ORDERS exports), so storing a
window's two exports one after the other built every document twice and deleted the
first copy: two thirds of a sync's time. Export files are therefore stored with
``defer_search=True``: their objects are listed in ``search_pending`` (in the file's
transaction, so a crash loses nothing) and :meth:`HistoryStore.index_pending` builds
the documents once, after both exports of the window are stored. Until then those
objects are listed and read as usual but not found by text search.

Sync progress. ``sync_windows`` holds one row per export window (kind, range, status,
export id, files stored) and is updated in the same transaction as the file's objects,
so a crash can never record a file as stored without its rows, nor the reverse.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from clover_desk.api.models.platform import (
    Order,
    Payment,
    Refund,
    Tender,
    V3Customer,
)
from clover_desk.services.history.order_sort import OrderOrder
from clover_desk.services.history.rows import (
    _CHUNK,
    OrderRow,
    PaymentRow,
    SyncWindow,
    T,
    WindowStatus,
    _chunks,
    _marks,
    from_ms,
    to_ms,
)
from clover_desk.services.history.schema import (
    SCHEMA,
    SCHEMA_VERSION,
    _create_sort_indexes,
    connect,
    connect_writer,
)
from clover_desk.services.history.search import (
    OrderQuery,
    PaymentQuery,
    _add_ranges,
    _filtered,
    _name,
    _order_rows,
    _payment_rows,
    _window,
    fts_query,
    orders_sorted_sql,
)
from clover_desk.services.history.writer import (
    _save_window,
    _Writer,
    in_transaction,
    store_export_files,
)
from clover_desk.services.history.writer_process import WriterProcess

__all__ = [
    "HistoryStore",
    "OrderQuery",
    "OrderRow",
    "PaymentQuery",
    "PaymentRow",
    "SyncWindow",
    "WindowStatus",
    "from_ms",
    "fts_query",
    "to_ms",
]

log = logging.getLogger(__name__)

# ------------------------------------------------------------------------------- store


class HistoryStore:
    """The local history of one merchant in one SQLite file.

    Args:
        path: the database file (created if missing).
        currency: the merchant's currency, for orders and payments that name none
            (a cash payment carries no card currency).

    Use :meth:`close` (or ``await aclose()``) when done; both wait for queued writes.
    """

    def __init__(self, path: Path | str, *, currency: str = "USD") -> None:
        self.path = Path(path)
        self.merchant_currency = currency.upper()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history-writer")
        self._wconn = connect_writer(self.path)
        self._wconn.executescript(SCHEMA)
        self._wconn.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
        self._rconn = connect(self.path)
        self._heavy = WriterProcess(self.path)
        self._rconn.execute("PRAGMA query_only=ON")
        self._rlock = threading.Lock()
        self._closed = False
        # First in the writer's queue: on a store of 100,000 orders made before these
        # indexes existed, building them takes a second, which is not the GUI thread's.
        self._writer.submit(self._in_tx, _create_sort_indexes).add_done_callback(_log_failure)

    # -- lifecycle ----------------------------------------------------------------------

    def close(self) -> None:
        """Finish queued writes and close both connections."""
        if self._closed:
            return
        self._closed = True
        self._writer.shutdown(wait=True)
        self._heavy.close()
        self._wconn.close()
        with self._rlock:
            self._rconn.close()

    def writer_process_id(self) -> int | None:
        """The process id of the writer process, while one runs (:mod:`writer_process`)."""
        return self._heavy.pid

    async def aclose(self) -> None:
        """:meth:`close` without blocking the event loop."""
        await asyncio.to_thread(self.close)

    # -- the writer thread ----------------------------------------------------------------

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn(connection)`` in one transaction on the writer thread."""
        return await self.write_soon(fn)

    def write_soon(self, fn: Callable[[sqlite3.Connection], T]) -> asyncio.Future[T]:
        """Queue ``fn`` for the writer thread now, behind the writes already queued and
        ahead of later ones; the future says when it is done (call on the event loop)."""
        if self._closed:
            raise RuntimeError("the history store is closed")
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._writer, self._in_tx, fn)

    def write_now(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Like :meth:`write`, from a thread that may block (tests, scripts)."""
        return self._writer.submit(self._in_tx, fn).result()

    def _in_tx(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return in_transaction(self._wconn, fn)

    async def _in_writer_process(self, operation: str, *args: Any) -> Any:
        """Run one of :mod:`writer_process`'s operations there, in the writer thread's
        queue like every other write, so writes still run one at a time and in order."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._writer, functools.partial(self._heavy.call, operation, *args)
        )

    # -- objects ------------------------------------------------------------------------

    async def put_orders(self, orders: Sequence[Order]) -> int:
        """Upsert orders with their embedded payments, refunds, customers; returns count."""
        return await self.write(
            lambda c: _Writer(c, currency=self.merchant_currency).orders(orders)
        )

    async def put_payments(self, payments: Sequence[Payment]) -> int:
        """Upsert payments with their embedded refunds and tenders."""
        return await self.write(
            lambda c: _Writer(c, currency=self.merchant_currency).payments(payments)
        )

    async def put_refunds(self, refunds: Sequence[Refund]) -> int:
        """Upsert refunds."""
        return await self.write(
            lambda c: _Writer(c, currency=self.merchant_currency).refunds(refunds)
        )

    async def put_customers(self, customers: Sequence[V3Customer]) -> int:
        """Upsert customers (with emails and phones when expanded)."""
        return await self.write(
            lambda c: _Writer(c, currency=self.merchant_currency).customers(
                customers, complete=True
            )
        )

    async def put_tenders(self, tenders: Sequence[Tender]) -> int:
        """Upsert tenders (labels for reports)."""
        return await self.write(
            lambda c: _Writer(c, currency=self.merchant_currency).tenders(tenders)
        )

    async def put_employees(self, names: dict[str, str]) -> int:
        """Upsert staff names by Clover employee id."""

        def run(conn: sqlite3.Connection) -> int:
            conn.executemany(
                "INSERT INTO employees(id, name) VALUES (?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                list(names.items()),
            )
            return len(names)

        return await self.write(run)

    async def put_export_file(
        self,
        window: SyncWindow,
        seq: int,
        objects: Sequence[Order] | Sequence[Payment],
        *,
        defer_search: bool = False,
    ) -> SyncWindow:
        """Store one export file's objects and mark file ``seq`` done, atomically.

        See :meth:`put_export_files`.
        """
        return await self.put_export_files(window, seq, [objects], defer_search=defer_search)

    async def put_export_files(
        self,
        window: SyncWindow,
        seq: int,
        files: Sequence[Sequence[Order] | Sequence[Payment]],
        *,
        defer_search: bool = False,
    ) -> SyncWindow:
        """Store consecutive export files (``seq``, ``seq + 1``, ...) of ``window`` and
        mark them done, in one transaction: all of them or, after a crash, none.

        One transaction for several files writes each touched index page once instead of
        once per file; commits were a fifth of a sync's store time.

        With ``defer_search`` their search documents wait for :meth:`index_pending`.

        An ORDERS file's orders carry their payments, but a payment inside a PAYMENTS
        window (stored or planned) is left to that window's export, which brings it with
        its card, tender and refunds: writing it twice would cost a tenth of a sync.
        """
        return await self.write(
            functools.partial(
                store_export_files,
                currency=self.merchant_currency,
                window=window,
                seq=seq,
                files=files,
                defer_search=defer_search,
            )
        )

    async def put_export_contents(
        self, window: SyncWindow, seq: int, contents: Sequence[bytes]
    ) -> SyncWindow:
        """:meth:`put_export_files` with ``defer_search``, from the files as downloaded:
        they are decoded and stored in the writer process (:mod:`writer_process`).

        Raises what decoding a malformed file raises (``ResponseFormatError``), naming the
        item; nothing of that call is stored.
        """
        stored: SyncWindow = await self._in_writer_process(
            "store_contents", self.merchant_currency, window, seq, list(contents)
        )
        return stored

    async def index_pending(
        self, chunk: int = 4 * _CHUNK, *, created_between: tuple[int, int] | None = None
    ) -> int:
        """Build the search documents :meth:`put_export_file` deferred; returns how many.

        ``created_between`` (epoch ms, inclusive) limits it to objects created then: the
        window whose two exports are stored, while the next window's files, still
        without their other half, keep waiting.

        One transaction per ``chunk`` orders (or payments), so other writes queued
        meanwhile wait a fraction of a second at most; fewer, larger ones commit less
        often, and FTS5 pays for every commit with a new segment to merge.
        """
        total = 0
        while done := await self._in_writer_process(
            "index_pending", self.merchant_currency, chunk, created_between
        ):
            total += done
        return total

    # -- sync state ---------------------------------------------------------------------

    def windows(self, kind: str | None = None) -> list[SyncWindow]:
        """Stored export windows (of one kind, or all), oldest first."""
        sql = "SELECT * FROM sync_windows"
        args: tuple[Any, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            args = (kind,)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY start_ms, kind", args).fetchall()
        return [_window(r) for r in rows]

    async def save_window(self, window: SyncWindow) -> None:
        """Insert or update one window's progress."""
        await self.save_window_soon(window)

    def save_window_soon(self, window: SyncWindow) -> asyncio.Future[None]:
        """:meth:`save_window` queued now (see :meth:`write_soon`), without waiting."""
        return self.write_soon(lambda c: _save_window(c, window))

    def meta(self, key: str) -> str | None:
        """A bookkeeping value (``cursor_ms``, ``as_of_ms``...)."""
        with self._read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    async def set_meta(self, values: dict[str, str | None]) -> None:
        """Set (or delete, for ``None``) bookkeeping values in one transaction."""

        def run(conn: sqlite3.Connection) -> None:
            for key, value in values.items():
                if value is None:
                    conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    conn.execute(
                        "INSERT INTO meta(key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value),
                    )

        await self.write(run)

    def as_of(self) -> datetime | None:
        """When the last complete sync finished (local clock), or ``None``."""
        value = self.meta("as_of_ms")
        return None if value is None else from_ms(int(value))

    def populated(self) -> bool:
        """Whether a sync has completed at least once (the tabs may read from here)."""
        return self.as_of() is not None

    # -- reads --------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._rlock:
            yield self._rconn

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query (reports, tests)."""
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(sql, tuple(args)).fetchall()]

    def counts(self) -> dict[str, int]:
        """Rows per table: orders, payments, refunds, customers."""
        with self._read() as conn:
            return {
                name: int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # noqa: S608
                for name in ("orders", "payments", "refunds", "customers")
            }

    def customer_labels(self, ids: Sequence[str]) -> dict[str, str]:
        """``{customer id: name, else first email, else ""}`` for the stored ones."""
        found: dict[str, str] = {}
        with self._read() as conn:
            for chunk in _chunks(list(ids)):
                rows = conn.execute(
                    "SELECT id, first_name, last_name, emails FROM customers "  # noqa: S608
                    f"WHERE id IN ({_marks(len(chunk))})",
                    tuple(chunk),
                ).fetchall()
                found.update({r[0]: _name(r[1], r[2], r[3]) for r in rows})
        return found

    def employee_names(self) -> dict[str, str]:
        """``{employee id: name}`` as the last sync stored them."""
        with self._read() as conn:
            rows = conn.execute("SELECT id, name FROM employees WHERE name IS NOT NULL")
            return {str(r[0]): str(r[1]) for r in rows.fetchall()}

    def currency(self) -> str | None:
        """The merchant's currency as stored (the most common one)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT currency FROM payments GROUP BY currency ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()
        return None if row is None else str(row[0])

    def orders_page(
        self, query: OrderQuery, *, before_rk: int | None = None, limit: int = 100
    ) -> list[OrderRow]:
        """One page of orders matching ``query``, newest first, after ``before_rk``."""
        after = None if before_rk is None else (before_rk, before_rk)
        rows, _ = self.orders_sorted(query, OrderOrder(), after=after, limit=limit)
        return rows

    def orders_sorted(
        self,
        query: OrderQuery,
        order: OrderOrder,
        *,
        after: tuple[Any, int] | None = None,
        limit: int = 100,
    ) -> tuple[list[OrderRow], tuple[Any, int] | None]:
        """One page of orders matching ``query`` in ``order``, after the cursor ``after``.

        Returns the rows and the cursor of the last one (``None`` for an empty page): the
        sort key's value and ``rk``, for the next call (keyset paging; see
        ``services.history.order_sort``).
        """
        sql, args = orders_sorted_sql(query, order, after=after, limit=limit)
        with self._read() as conn:
            keyed = conn.execute(sql, args).fetchall()
            rows = _order_rows(conn, [r[1] for r in keyed])
        return rows, (keyed[-1][0], keyed[-1][1]) if keyed else None

    def payments_page(
        self, query: PaymentQuery, *, before_rk: int | None = None, limit: int = 100
    ) -> list[PaymentRow]:
        """One page of payments matching ``query``, newest first, after ``before_rk``."""
        where: list[str] = []
        args: list[Any] = []
        match = fts_query(query.text)
        if before_rk is not None:
            where.append("p.rk < ?")
            args.append(before_rk)
        _add_ranges(
            where,
            args,
            "p",
            "amount",
            (query.created_from_ms, query.created_to_ms),
            (query.min_amount, query.max_amount),
        )
        if query.last4:
            where.append("p.last4 = ?")
            args.append(query.last4)
        if query.results:
            where.append(f"p.result IN ({_marks(len(query.results))})")
            args.extend(query.results)
        if query.customer_id:
            where.append("p.order_id IN (SELECT id FROM orders WHERE customer_id = ?)")
            args.append(query.customer_id)
        sql = _filtered(
            "SELECT p.rk FROM payments_fts f JOIN payments p ON p.rk = f.rowid "
            "WHERE payments_fts MATCH ?",
            "SELECT p.rk FROM payments p",
            match,
            where,
            args,
        )
        sql += (
            " ORDER BY f.rowid DESC LIMIT ?" if match is not None else " ORDER BY p.rk DESC LIMIT ?"
        )
        args.append(limit)
        with self._read() as conn:
            rks = [r[0] for r in conn.execute(sql, args)]
            return _payment_rows(conn, rks)

    def order_lines(self, order_id: str) -> list[tuple[str, int, int | None, bool]]:
        """An order's line items: (name, unit price, unitQty ×1000 or None, refunded)."""
        with self._read() as conn:
            row = conn.execute("SELECT lines FROM orders WHERE id = ?", (order_id,)).fetchone()
        if row is None or not row[0]:
            return []
        return [(str(n), int(p), q, bool(r)) for n, p, q, r in json.loads(row[0])]


def _log_failure(done: Future[None]) -> None:
    error = done.exception()
    if error is not None:  # reads still work, sorting by those columns is just slower
        log.warning("could not create the history's sort indexes: %s", error)
