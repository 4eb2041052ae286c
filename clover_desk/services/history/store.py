"""The local history: one SQLite file (WAL) of orders, payments (= charges), refunds,
customers, tenders and staff, with FTS5 search and the sync's own progress.

Threads. Every write runs on one dedicated writer thread with its own connection
(:meth:`HistoryStore.write` and the ``put_*`` coroutines hand the work to it), so
converting a 1,000-object export file into rows, upserting them and indexing them never
runs on the event loop. Reads use a second connection behind a lock; WAL lets them run
while the writer commits. Reads are indexed and return one page at a time, so they are
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
import json
import logging
import re
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from clover_desk.api.models.common import Ref
from clover_desk.api.models.platform import (
    LineItem,
    Order,
    Payment,
    Refund,
    Tender,
    V3Customer,
)
from clover_desk.api.money import amount_text
from clover_desk.services.history.order_sort import (
    SORT_INDEXES,
    OrderOrder,
    OrderSort,
    sort_key_sql,
)

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

T = TypeVar("T")

SCHEMA_VERSION = 1

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
#: ISO 4217 currencies whose minor unit is not a hundredth.
#: SQLite's default cap on host parameters is 999 on old builds; stay under it.
_CHUNK = 900
#: WAL pages (4 KiB) written before the writer copies them into the database file.
WAL_CHECKPOINT_PAGES = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- lines: JSON [[name, price, unitQty|null, refunded 0/1], ...] for the detail view.
CREATE TABLE IF NOT EXISTS orders (
    rk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    currency TEXT NOT NULL,
    total INTEGER,
    state TEXT,
    payment_state TEXT,
    pay_type TEXT,
    title TEXT,
    note TEXT,
    employee_id TEXT,
    customer_id TEXT,
    line_count INTEGER NOT NULL DEFAULT 0,
    lines TEXT
);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders(customer_id);
CREATE INDEX IF NOT EXISTS orders_by_total ON orders(total);

-- A v3 payment is the Ecommerce charge (same object in Clover's model).
-- amount excludes the tip; result is the v3 result (SUCCESS, AUTH, FAIL, ...).
CREATE TABLE IF NOT EXISTS payments (
    rk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    order_id TEXT,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0,
    tip_amount INTEGER NOT NULL DEFAULT 0,
    tax_amount INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    tender_id TEXT,
    employee_id TEXT,
    card_type TEXT,
    first6 TEXT,
    last4 TEXT,
    entry_type TEXT,
    auth_code TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS payments_by_order ON payments(order_id);
CREATE INDEX IF NOT EXISTS payments_by_created ON payments(created_ms);
CREATE INDEX IF NOT EXISTS payments_by_last4 ON payments(last4);

-- amount is positive and includes the refunded tax and tip.
CREATE TABLE IF NOT EXISTS refunds (
    id TEXT PRIMARY KEY,
    payment_id TEXT,
    order_id TEXT,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0,
    tax_amount INTEGER NOT NULL DEFAULT 0,
    tip_amount INTEGER NOT NULL DEFAULT 0,
    status TEXT,
    reason TEXT,
    employee_id TEXT
);
CREATE INDEX IF NOT EXISTS refunds_by_payment ON refunds(payment_id);
CREATE INDEX IF NOT EXISTS refunds_by_order ON refunds(order_id);
CREATE INDEX IF NOT EXISTS refunds_by_created ON refunds(created_ms);

-- emails / phones: JSON lists (NULL: never seen expanded, so unknown rather than none).
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY,
    first_name TEXT,
    last_name TEXT,
    emails TEXT,
    phones TEXT,
    customer_since_ms INTEGER,
    deleted_ms INTEGER
);

CREATE TABLE IF NOT EXISTS tenders (id TEXT PRIMARY KEY, label TEXT, label_key TEXT);
CREATE TABLE IF NOT EXISTS employees (id TEXT PRIMARY KEY, name TEXT);

-- prefix='1': with it every prefix query of 100k documents answers in ~3 ms (without
-- any, ~10 ms); the '2' and '3' indexes saved another 2 ms but doubled indexing time.
-- Stores made with prefix='1 2 3' keep it and answer the same.
CREATE VIRTUAL TABLE IF NOT EXISTS orders_fts USING fts5(
    doc, prefix='1', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS payments_fts USING fts5(
    doc, prefix='1', tokenize='unicode61 remove_diacritics 2'
);
-- Orders ('order') and payments ('payment') stored by an export file whose search
-- documents are not built yet (HistoryStore.index_pending builds them).
CREATE TABLE IF NOT EXISTS search_pending (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- One export window of one kind. range_start_ms is where the current export starts (it
-- moves forward when an expired export is redone for what is not stored yet);
-- last_created_ms / sorted say whether the stored files form a createdTime-ordered prefix.
-- caught_up: 0 until a modifiedTime catch-up ran after this window's export.
CREATE TABLE IF NOT EXISTS sync_windows (
    kind TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    range_start_ms INTEGER NOT NULL,
    export_id TEXT,
    export_created_ms INTEGER,
    files_total INTEGER NOT NULL DEFAULT 0,
    files_done INTEGER NOT NULL DEFAULT 0,
    objects INTEGER NOT NULL DEFAULT 0,
    last_created_ms INTEGER,
    sorted INTEGER NOT NULL DEFAULT 1,
    caught_up INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, start_ms)
);
"""


# ----------------------------------------------------------------------------- helpers


def to_ms(moment: datetime) -> int:
    """An aware datetime as integer epoch milliseconds (no float rounding)."""
    return (moment - _EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    """Epoch milliseconds as an aware UTC datetime."""
    return _EPOCH + timedelta(milliseconds=ms)


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else to_ms(moment)


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """What staff typed as an FTS5 query; ``None`` when there is nothing to search.

    Each whitespace-separated word becomes a phrase of its alphanumeric parts with the
    last part a prefix, and the words are ANDed: ``jane.do`` → ``"jane" + "do"*``
    (matches jane.doe@example.com), ``12.3`` → ``"12" + "3"*`` (matches 12.34),
    ``4242`` → ``"4242"*``. Quotes and FTS operators in the input are never syntax.
    """
    phrases = []
    for word in text.split():
        parts = _WORD.findall(word.casefold())
        if not parts:
            continue
        quoted = " + ".join(f'"{p}"' for p in parts)
        phrases.append(quoted + "*")
    return " AND ".join(phrases) if phrases else None


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _rk_base(created_ms: int, object_id: str) -> int:
    return created_ms * 1024 + (zlib.crc32(object_id.encode()) & 1023)


# -------------------------------------------------------------------------- row types


class WindowStatus(StrEnum):
    """Where one export window stands."""

    PENDING = "pending"  #: planned, no export yet
    EXPORTING = "exporting"  #: an export exists; files may be partly stored
    DONE = "done"  #: every file stored


@dataclass(frozen=True, slots=True)
class SyncWindow:
    """One export window's progress, as stored.

    Attributes:
        kind: ``"ORDERS"`` or ``"PAYMENTS"``.
        start_ms / end_ms: the window (epoch ms, inclusive).
        status: pending, exporting, done.
        range_start_ms: where the current export starts (> start after an expiry).
        export_id: the current export, if any.
        export_created_ms: when Clover created it (server time).
        files_total / files_done: files of the current export, and how many are stored.
        objects: objects stored from this window.
        last_created_ms: newest ``createdTime`` stored from the current export's files.
        sorted: whether those files came in ``createdTime`` order (so far).
    """

    kind: str
    start_ms: int
    end_ms: int
    status: WindowStatus
    range_start_ms: int
    export_id: str | None = None
    export_created_ms: int | None = None
    files_total: int = 0
    files_done: int = 0
    objects: int = 0
    last_created_ms: int | None = None
    sorted: bool = True
    caught_up: bool = False

    @property
    def key(self) -> tuple[str, int]:
        """Primary key: (kind, start_ms)."""
        return (self.kind, self.start_ms)

    @property
    def start(self) -> datetime:
        """Window start as a datetime."""
        return from_ms(self.start_ms)

    @property
    def end(self) -> datetime:
        """Window end as a datetime."""
        return from_ms(self.end_ms)


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One order as the Orders table shows it (money in minor units of ``currency``)."""

    id: str
    rk: int
    created: datetime
    currency: str
    total: int | None
    state: str | None
    payment_state: str | None
    customer_id: str | None
    customer_name: str
    employee_name: str
    note: str | None
    title: str | None
    line_count: int
    paid: int
    refunded: int


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """One payment (= Ecommerce charge) as the Charges table shows it."""

    id: str
    rk: int
    created: datetime
    order_id: str | None
    currency: str
    amount: int
    tip_amount: int
    tax_amount: int
    result: str | None
    tender_label: str
    card_type: str | None
    first6: str | None
    last4: str | None
    auth_code: str | None
    customer_id: str | None
    customer_name: str
    employee_name: str
    refunded: int


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """The Orders table's search: free text plus optional bounds (``None``: unbounded).

    ``created_from_ms`` inclusive, ``created_to_ms`` exclusive.
    """

    text: str = ""
    created_from_ms: int | None = None
    created_to_ms: int | None = None
    min_total: int | None = None
    max_total: int | None = None
    customer_id: str = ""


@dataclass(frozen=True, slots=True)
class PaymentQuery:
    """The Charges table's search over stored payments (see :class:`OrderQuery`)."""

    text: str = ""
    created_from_ms: int | None = None
    created_to_ms: int | None = None
    min_amount: int | None = None
    max_amount: int | None = None
    customer_id: str = ""
    last4: str = ""
    results: tuple[str, ...] = ()


# ------------------------------------------------------------------------------- store


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-32000")
    return conn


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
        self._wconn = _connect(self.path)
        # A checkpoint every 40 MB of WAL rather than SQLite's 4 MB: pages rewritten by
        # consecutive transactions (indexes, FTS5 segments) reach the database file once
        # instead of ten times. Storing and indexing 100k orders: 10.2 s -> 8.8 s.
        self._wconn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        self._wconn.execute(f"PRAGMA journal_size_limit={WAL_CHECKPOINT_PAGES * 4096}")
        self._wconn.executescript(SCHEMA)
        self._wconn.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
        self._rconn = _connect(self.path)
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
        self._wconn.close()
        with self._rlock:
            self._rconn.close()

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
        conn = self._wconn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

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

        def run(conn: sqlite3.Connection) -> SyncWindow:
            writer = _Writer(conn, currency=self.merchant_currency, defer=defer_search)
            payment_windows = conn.execute(
                "SELECT start_ms, end_ms FROM sync_windows WHERE kind = 'PAYMENTS'"
            ).fetchall()
            updated = window
            for offset, objects in enumerate(files):
                updated = _store_file(writer, updated, seq + offset, objects, payment_windows)
            writer.flush()
            _save_window(conn, updated)
            return updated

        return await self.write(run)

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
        within = "" if created_between is None else " AND t.created_ms BETWEEN ? AND ?"
        bounds = () if created_between is None else created_between

        def run(conn: sqlite3.Connection) -> int:
            writer = _Writer(conn, currency=self.merchant_currency)
            # Orders first: their payments' documents are rebuilt with them.
            for kind, table, dirty in (
                ("order", "orders", writer.dirty_orders),
                ("payment", "payments", writer.dirty_payments),
            ):
                dirty.update(
                    r[0]
                    for r in conn.execute(
                        f"SELECT s.id FROM search_pending s JOIN {table} t ON t.id = s.id "  # noqa: S608
                        f"WHERE s.kind = ?{within} LIMIT ?",
                        (kind, *bounds, chunk),
                    )
                )
                if dirty:
                    break
            orders, payments = writer.flush()
            for kind, ids in (("order", orders), ("payment", payments)):
                for part in _chunks(ids):
                    marks = _marks(len(part))
                    conn.execute(
                        f"DELETE FROM search_pending WHERE kind = ? AND id IN ({marks})",  # noqa: S608
                        [kind, *part],
                    )
            return len(orders) + len(payments)

        total = 0
        while done := await self.write(run):
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
        ``services.order_sort``).
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
        if match is not None:
            sql = (
                "SELECT p.rk FROM payments_fts f JOIN payments p ON p.rk = f.rowid "
                "WHERE payments_fts MATCH ?"
            )
            args.insert(0, match)
            if where:
                sql += " AND " + " AND ".join(where)
            sql += " ORDER BY f.rowid DESC LIMIT ?"
        else:
            sql = "SELECT p.rk FROM payments p"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += " ORDER BY p.rk DESC LIMIT ?"
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


def orders_sorted_sql(
    query: OrderQuery, order: OrderOrder, *, after: tuple[Any, int] | None, limit: int
) -> tuple[str, list[Any]]:
    """The query behind :meth:`HistoryStore.orders_sorted`: the sort key and ``rk`` of one page."""
    where: list[str] = []
    args: list[Any] = []
    match = fts_query(query.text)
    # With a search, the rows come from the FTS index in its rowid (= rk) order.
    rk = "orders_fts.rowid" if match is not None else "orders.rk"
    key = rk if order.by is OrderSort.CREATED else sort_key_sql(order.by)
    _add_ranges(
        where,
        args,
        "orders",
        "total",
        (query.created_from_ms, query.created_to_ms),
        (query.min_total, query.max_total),
    )
    if query.customer_id:
        where.append("orders.customer_id = ?")
        args.append(query.customer_id)
    beyond = "<" if order.descending else ">"
    if after is not None and order.by is OrderSort.CREATED:
        where.append(f"{rk} {beyond} ?")
        args.append(after[1])
    elif after is not None:
        # Not the row value (key, rk) < (?, ?): SQLite seeks an index on the key only
        # for a plain bound on it, and a page deep in the sort would scan from the top.
        where.append(f"{key} {beyond}= ? AND ({key} {beyond} ? OR {rk} {beyond} ?)")
        args.extend((after[0], after[0], after[1]))
    if match is not None:
        sql = (
            f"SELECT {key}, {rk} FROM orders_fts JOIN orders ON orders.rk = orders_fts.rowid "  # noqa: S608
            "WHERE orders_fts MATCH ?"
        )
        args.insert(0, match)
        if where:
            sql += " AND " + " AND ".join(where)
    else:
        sql = f"SELECT {key}, {rk} FROM orders"  # noqa: S608
        if where:
            sql += " WHERE " + " AND ".join(where)
    direction = "DESC" if order.descending else "ASC"
    # By creation the key is rk itself: naming it twice would make SQLite sort every
    # match instead of walking the index (or the FTS rowids) in order.
    tiebreak = "" if key == rk else f", {rk} {direction}"
    sql += f" ORDER BY {key} {direction}{tiebreak} LIMIT ?"
    args.append(limit)
    return sql, args


def _add_ranges(
    where: list[str],
    args: list[Any],
    table: str,
    money: str,
    created_ms: tuple[int | None, int | None],
    amounts: tuple[int | None, int | None],
) -> None:
    """The optional bounds of a search: created in ``[from, to)`` (through ``rk``, which is
    the creation millisecond times 1024) and an amount column within ``[lo, hi]``."""
    created_from, created_to = created_ms
    if created_from is not None:
        where.append(f"{table}.rk >= ?")
        args.append(created_from * 1024)
    if created_to is not None:
        where.append(f"{table}.rk < ?")
        args.append(created_to * 1024)
    lo, hi = amounts
    if lo is not None:
        where.append(f"{table}.{money} >= ?")
        args.append(lo)
    if hi is not None:
        where.append(f"{table}.{money} <= ?")
        args.append(hi)


def _create_sort_indexes(conn: sqlite3.Connection) -> None:
    for statement in SORT_INDEXES:
        conn.execute(statement)


def _log_failure(done: Future[None]) -> None:
    error = done.exception()
    if error is not None:  # reads still work, sorting by those columns is just slower
        log.warning("could not create the history's sort indexes: %s", error)


# --------------------------------------------------------------------- read helpers


def _name(first: str | None, last: str | None, emails: str | None = None) -> str:
    """First and last name, else the first email the store has, else ""."""
    name = " ".join(p for p in (first, last) if p)
    return name or next(iter(_json_list(emails)), "")


def _order_rows(conn: sqlite3.Connection, rks: list[int]) -> list[OrderRow]:
    if not rks:
        return []
    rows = conn.execute(
        "SELECT o.id, o.rk, o.created_ms, o.currency, o.total, o.state, o.payment_state, "  # noqa: S608
        "o.customer_id, c.first_name, c.last_name, e.name, o.note, o.title, o.line_count, "
        "c.emails, "
        "(SELECT coalesce(sum(p.amount + p.tip_amount), 0) FROM payments p "
        " WHERE p.order_id = o.id AND p.result = 'SUCCESS'), "
        "(SELECT coalesce(sum(r.amount), 0) FROM refunds r "
        " WHERE r.order_id = o.id AND coalesce(r.status, 'SUCCESS') = 'SUCCESS') "
        "FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
        f"LEFT JOIN employees e ON e.id = o.employee_id WHERE o.rk IN ({_marks(len(rks))})",
        rks,
    ).fetchall()
    position = {rk: i for i, rk in enumerate(rks)}
    rows.sort(key=lambda r: position[r[1]])  # in the order asked for (the sort's)
    return [
        OrderRow(
            id=r[0],
            rk=r[1],
            created=from_ms(r[2]),
            currency=r[3],
            total=r[4],
            state=r[5],
            payment_state=r[6],
            customer_id=r[7],
            customer_name=_name(r[8], r[9], r[14]),
            employee_name=r[10] or "",
            note=r[11],
            title=r[12],
            line_count=r[13],
            paid=r[15],
            refunded=r[16],
        )
        for r in rows
    ]


def _payment_rows(conn: sqlite3.Connection, rks: list[int]) -> list[PaymentRow]:
    if not rks:
        return []
    rows = conn.execute(
        "SELECT p.id, p.rk, p.created_ms, p.order_id, p.currency, p.amount, p.tip_amount, "  # noqa: S608
        "p.tax_amount, p.result, coalesce(t.label, ''), p.card_type, p.first6, p.last4, "
        "p.auth_code, o.customer_id, c.first_name, c.last_name, e.name, c.emails, "
        "(SELECT coalesce(sum(r.amount), 0) FROM refunds r "
        " WHERE r.payment_id = p.id AND coalesce(r.status, 'SUCCESS') = 'SUCCESS') "
        "FROM payments p LEFT JOIN orders o ON o.id = p.order_id "
        "LEFT JOIN customers c ON c.id = o.customer_id "
        "LEFT JOIN tenders t ON t.id = p.tender_id "
        f"LEFT JOIN employees e ON e.id = p.employee_id WHERE p.rk IN ({_marks(len(rks))}) "
        "ORDER BY p.rk DESC",
        rks,
    ).fetchall()
    return [
        PaymentRow(
            id=r[0],
            rk=r[1],
            created=from_ms(r[2]),
            order_id=r[3],
            currency=r[4],
            amount=r[5],
            tip_amount=r[6],
            tax_amount=r[7],
            result=r[8],
            tender_label=r[9],
            card_type=r[10],
            first6=r[11],
            last4=r[12],
            auth_code=r[13],
            customer_id=r[14],
            customer_name=_name(r[15], r[16], r[18]),
            employee_name=r[17] or "",
            refunded=r[19],
        )
        for r in rows
    ]


# ------------------------------------------------------------------------ sync windows


def _store_file(
    writer: _Writer,
    window: SyncWindow,
    seq: int,
    objects: Sequence[Order] | Sequence[Payment],
    payment_windows: Sequence[tuple[int, int]],
) -> SyncWindow:
    """Write export file ``seq`` of ``window``; returns the window with it counted."""
    created: list[int] = []
    if window.kind == "ORDERS":
        orders = [o for o in objects if isinstance(o, Order)]
        writer.orders(orders, payments_elsewhere=payment_windows, flush=False)
        created = [to_ms(o.created_time) for o in orders if o.created_time]
    else:
        payments = [p for p in objects if isinstance(p, Payment)]
        writer.payments(payments, flush=False)
        created = [to_ms(p.created_time) for p in payments if p.created_time]
    in_order = created == sorted(created)
    last = window.last_created_ms
    if created and last is not None and created[0] < last:
        in_order = False
    done = seq + 1
    return _replace(
        window,
        files_done=done,
        objects=window.objects + len(objects),
        last_created_ms=max([*created, *([last] if last is not None else [])], default=None),
        sorted=window.sorted and in_order,
        status=WindowStatus.DONE if done >= window.files_total else window.status,
    )


def _window(row: sqlite3.Row | tuple[Any, ...]) -> SyncWindow:
    (
        kind,
        start_ms,
        end_ms,
        status,
        range_start_ms,
        export_id,
        export_created_ms,
        files_total,
        files_done,
        objects,
        last_created_ms,
        sorted_,
        caught_up,
    ) = tuple(row)
    return SyncWindow(
        kind=kind,
        start_ms=start_ms,
        end_ms=end_ms,
        status=WindowStatus(status),
        range_start_ms=range_start_ms,
        export_id=export_id,
        export_created_ms=export_created_ms,
        files_total=files_total,
        files_done=files_done,
        objects=objects,
        last_created_ms=last_created_ms,
        sorted=bool(sorted_),
        caught_up=bool(caught_up),
    )


def _save_window(conn: sqlite3.Connection, w: SyncWindow) -> None:
    conn.execute(
        "INSERT INTO sync_windows(kind, start_ms, end_ms, status, range_start_ms, export_id, "
        "export_created_ms, files_total, files_done, objects, last_created_ms, sorted, "
        "caught_up) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(kind, start_ms) DO UPDATE SET "
        "end_ms = excluded.end_ms, status = excluded.status, "
        "range_start_ms = excluded.range_start_ms, export_id = excluded.export_id, "
        "export_created_ms = excluded.export_created_ms, files_total = excluded.files_total, "
        "files_done = excluded.files_done, objects = excluded.objects, "
        "last_created_ms = excluded.last_created_ms, sorted = excluded.sorted, "
        "caught_up = excluded.caught_up",
        (
            w.kind,
            w.start_ms,
            w.end_ms,
            w.status.value,
            w.range_start_ms,
            w.export_id,
            w.export_created_ms,
            w.files_total,
            w.files_done,
            w.objects,
            w.last_created_ms,
            int(w.sorted),
            int(w.caught_up),
        ),
    )


def _replace(window: SyncWindow, **changes: Any) -> SyncWindow:
    return replace(window, **changes)


# ----------------------------------------------------------------------------- writer


_ORDER_UPSERT = (
    "INSERT INTO orders(rk, id, created_ms, modified_ms, currency, total, state, "
    "payment_state, pay_type, title, note, employee_id, customer_id, line_count, lines) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
    "modified_ms = excluded.modified_ms, currency = excluded.currency, "
    "total = excluded.total, state = excluded.state, payment_state = excluded.payment_state, "
    "pay_type = excluded.pay_type, title = excluded.title, note = excluded.note, "
    "employee_id = excluded.employee_id, "
    "customer_id = coalesce(excluded.customer_id, orders.customer_id), "
    "line_count = CASE WHEN excluded.lines IS NULL THEN orders.line_count "
    "ELSE excluded.line_count END, lines = coalesce(excluded.lines, orders.lines) "
    "WHERE excluded.modified_ms >= orders.modified_ms"
)

_PAYMENT_UPSERT = (
    "INSERT INTO payments(rk, id, order_id, created_ms, modified_ms, currency, amount, "
    "tip_amount, tax_amount, result, tender_id, employee_id, card_type, first6, last4, "
    "entry_type, auth_code, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET "
    "order_id = coalesce(excluded.order_id, payments.order_id), "
    "modified_ms = max(excluded.modified_ms, payments.modified_ms), "
    "currency = excluded.currency, amount = excluded.amount, "
    "tip_amount = excluded.tip_amount, tax_amount = excluded.tax_amount, "
    "result = coalesce(excluded.result, payments.result), "
    "tender_id = coalesce(excluded.tender_id, payments.tender_id), "
    "employee_id = coalesce(excluded.employee_id, payments.employee_id), "
    "card_type = coalesce(excluded.card_type, payments.card_type), "
    "first6 = coalesce(excluded.first6, payments.first6), "
    "last4 = coalesce(excluded.last4, payments.last4), "
    "entry_type = coalesce(excluded.entry_type, payments.entry_type), "
    "auth_code = coalesce(excluded.auth_code, payments.auth_code), "
    "note = coalesce(excluded.note, payments.note) "
    "WHERE excluded.modified_ms >= payments.modified_ms"
)

_REFUND_UPSERT = (
    "INSERT INTO refunds(id, payment_id, order_id, created_ms, modified_ms, amount, "
    "tax_amount, tip_amount, status, reason, employee_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET "
    "payment_id = coalesce(excluded.payment_id, refunds.payment_id), "
    "order_id = coalesce(excluded.order_id, refunds.order_id), "
    "modified_ms = excluded.modified_ms, amount = excluded.amount, "
    "tax_amount = excluded.tax_amount, tip_amount = excluded.tip_amount, "
    "status = coalesce(excluded.status, refunds.status), "
    "reason = coalesce(excluded.reason, refunds.reason), "
    "employee_id = coalesce(excluded.employee_id, refunds.employee_id) "
    "WHERE excluded.modified_ms >= refunds.modified_ms"
)

_CUSTOMER_UPSERT = (
    "INSERT INTO customers(id, first_name, last_name, emails, phones, customer_since_ms, "
    "deleted_ms) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
    "first_name = excluded.first_name, last_name = excluded.last_name, "
    "emails = coalesce(excluded.emails, customers.emails), "
    "phones = coalesce(excluded.phones, customers.phones), "
    "customer_since_ms = coalesce(excluded.customer_since_ms, customers.customer_since_ms), "
    "deleted_ms = excluded.deleted_ms"
)


class _Writer:
    """Turns wire objects into rows inside one transaction (writer thread only).

    Every method collects the orders and payments whose search documents changed; the
    documents are rebuilt once, at the end of the batch.
    """

    def __init__(self, conn: sqlite3.Connection, *, currency: str, defer: bool = False) -> None:
        self.conn = conn
        self.currency = currency
        self.defer = defer
        self.dirty_orders: set[str] = set()
        self.dirty_payments: set[str] = set()

    # -- ids to row keys --------------------------------------------------------------

    def _row_keys(self, table: str, items: list[tuple[str, int]]) -> dict[str, int]:
        """``rk`` per id: the stored one, else a fresh unique one from created_ms."""
        conn = self.conn
        ids = [i for i, _ in items]
        known: dict[str, int] = {}
        for chunk in _chunks(ids):
            known.update(
                conn.execute(
                    f"SELECT id, rk FROM {table} WHERE id IN ({_marks(len(chunk))})",  # noqa: S608
                    list(chunk),
                ).fetchall()
            )
        fresh = {i: _rk_base(ms, i) for i, ms in items if i not in known}
        if fresh:
            wanted = list(fresh.values())
            taken: set[int] = set()
            for rk_chunk in _chunks(wanted):
                taken.update(
                    r[0]
                    for r in conn.execute(
                        f"SELECT rk FROM {table} WHERE rk IN ({_marks(len(rk_chunk))})",  # noqa: S608
                        list(rk_chunk),
                    )
                )
            used: set[int] = set()

            def free(rk: int) -> bool:
                if rk in used or rk in taken:
                    return False
                hit = conn.execute(f"SELECT 1 FROM {table} WHERE rk = ?", (rk,)).fetchone()  # noqa: S608
                return hit is None

            for object_id, rk in fresh.items():
                if rk in taken or rk in used:
                    rk += 1
                    while not free(rk):
                        rk += 1
                used.add(rk)
                known[object_id] = rk
        return known

    # -- orders -----------------------------------------------------------------------

    def orders(
        self,
        orders: Sequence[Order],
        *,
        payments_elsewhere: Sequence[tuple[int, int]] = (),
        flush: bool = True,
    ) -> int:
        """Upsert orders with what they embed, except payments created inside one of the
        ``payments_elsewhere`` ranges (epoch ms, inclusive)."""
        conn = self.conn
        items = [(o.id, _ms(o.created_time) or 0) for o in orders]
        keys = self._row_keys("orders", items)
        rows = []
        payments: list[Payment] = []
        refunds: list[Refund] = []
        customers: list[V3Customer] = []
        for o in orders:
            created = _ms(o.created_time) or 0
            lines = o.line_items.elements if o.line_items is not None else None
            customer = o.customers.elements[0] if o.customers and o.customers.elements else None
            rows.append(
                (
                    keys[o.id],
                    o.id,
                    created,
                    _ms(o.modified_time) or created,
                    (o.currency or self.currency).upper(),
                    o.total,
                    o.state,
                    o.payment_state.value if o.payment_state else None,
                    o.pay_type,
                    o.title,
                    o.note,
                    o.employee.id if o.employee else None,
                    customer.id if customer else None,
                    len(lines) if lines is not None else 0,
                    _lines_json(lines) if lines is not None else None,
                )
            )
            if o.payments is not None:
                for p in o.payments.elements:
                    if payments_elsewhere and _within(_ms(p.created_time), payments_elsewhere):
                        continue
                    if p.order is None:
                        p.order = _ref(o.id)
                    payments.append(p)
            if o.refunds is not None:
                for r in o.refunds.elements:
                    if r.order_ref is None:
                        r.order_ref = _ref(o.id)
                    refunds.append(r)
            if o.customers is not None:
                customers.extend(o.customers.elements)
        conn.executemany(_ORDER_UPSERT, rows)
        self.dirty_orders.update(o.id for o in orders)
        if customers:
            self.customers(customers, complete=False, flush=False)
        currency = {o.id: (o.currency or self.currency).upper() for o in orders}
        if payments:
            self.payments(payments, currency_of=currency, flush=False)
        if refunds:
            self.refunds(refunds, flush=False)
        if flush:
            self.flush()
        return len(orders)

    # -- payments ---------------------------------------------------------------------

    def payments(
        self,
        payments: Sequence[Payment],
        *,
        currency_of: dict[str, str] | None = None,
        flush: bool = True,
    ) -> int:
        conn = self.conn
        items = [(p.id, _ms(p.created_time) or 0) for p in payments]
        keys = self._row_keys("payments", items)
        rows = []
        refunds: list[Refund] = []
        tenders: dict[str, Tender] = {}  # a few tenders, each on thousands of payments
        for p in payments:
            created = _ms(p.created_time) or 0
            card = p.card_transaction
            order_id = p.order.id if p.order else None
            currency = (
                (card.currency if card and card.currency else None)
                or (currency_of or {}).get(order_id or "")
                or self.currency
            ).upper()
            rows.append(
                (
                    keys[p.id],
                    p.id,
                    order_id,
                    created,
                    _ms(p.modified_time) or created,
                    currency,
                    p.amount or 0,
                    p.tip_amount or 0,
                    p.tax_amount or 0,
                    p.result.value if p.result else None,
                    p.tender.id if p.tender else None,
                    p.employee.id if p.employee else None,
                    card.card_type.value if card and card.card_type else None,
                    card.first6 if card else None,
                    card.last4 if card else None,
                    card.entry_type if card else None,
                    card.auth_code if card else None,
                    p.note,
                )
            )
            if p.tender is not None and (p.tender.label or p.tender.label_key):
                tenders[p.tender.id] = p.tender
            if p.refunds is not None:
                for r in p.refunds.elements:
                    if r.payment is None:
                        r.payment = _ref(p.id)
                    if r.order_ref is None and order_id:
                        r.order_ref = _ref(order_id)
                    refunds.append(r)
        conn.executemany(_PAYMENT_UPSERT, rows)
        self.dirty_payments.update(p.id for p in payments)
        self.dirty_orders.update(r[2] for r in rows if r[2])
        if tenders:
            self.tenders(list(tenders.values()))
        if refunds:
            self.refunds(refunds, flush=False)
        if flush:
            self.flush()
        return len(payments)

    # -- refunds ----------------------------------------------------------------------

    def refunds(self, refunds: Sequence[Refund], *, flush: bool = True) -> int:
        rows = []
        for r in refunds:
            created = _ms(r.created_time) or 0
            rows.append(
                (
                    r.id,
                    r.payment.id if r.payment else None,
                    r.order_ref.id if r.order_ref else None,
                    created,
                    _ms(r.modified_time) or created,
                    r.amount or 0,
                    r.tax_amount or 0,
                    r.tip_amount or 0,
                    r.status.value if r.status else None,
                    r.reason,
                    r.employee.id if r.employee else None,
                )
            )
        self.conn.executemany(_REFUND_UPSERT, rows)
        self.dirty_payments.update(r[1] for r in rows if r[1])
        self.dirty_orders.update(r[2] for r in rows if r[2])
        if flush:
            self.flush()
        return len(refunds)

    # -- customers, tenders -----------------------------------------------------------

    def customers(
        self, customers: Sequence[V3Customer], *, complete: bool, flush: bool = True
    ) -> int:
        """``complete``: emails/phones were expanded, so an empty list means none."""
        rows = []
        for c in customers:
            emails = c.emails if (complete or c.email_addresses is not None) else None
            phones = c.phones if (complete or c.phone_numbers is not None) else None
            rows.append(
                (
                    c.id,
                    c.first_name,
                    c.last_name,
                    json.dumps(emails) if emails is not None else None,
                    json.dumps(phones) if phones is not None else None,
                    _ms(c.customer_since),
                    _ms(c.deleted_time),
                )
            )
        self.conn.executemany(_CUSTOMER_UPSERT, rows)
        if complete:
            ids = [c.id for c in customers]
            for chunk in _chunks(ids):
                self.dirty_orders.update(
                    r[0]
                    for r in self.conn.execute(
                        f"SELECT id FROM orders WHERE customer_id IN ({_marks(len(chunk))})",  # noqa: S608
                        list(chunk),
                    )
                )
        if flush:
            self.flush()
        return len(customers)

    def tenders(self, tenders: Sequence[Tender]) -> int:
        self.conn.executemany(
            "INSERT INTO tenders(id, label, label_key) VALUES (?,?,?) ON CONFLICT(id) DO UPDATE "
            "SET label = coalesce(excluded.label, tenders.label), "
            "label_key = coalesce(excluded.label_key, tenders.label_key)",
            [(t.id, t.label, t.label_key) for t in tenders],
        )
        return len(tenders)

    # -- search documents -------------------------------------------------------------

    def flush(self) -> tuple[list[str], list[str]]:
        """Rebuild the search documents of every order and payment touched (or, when
        deferring, list them in ``search_pending``); returns the (order, payment) ids."""
        conn = self.conn
        if self.defer:
            orders, payments = sorted(self.dirty_orders), sorted(self.dirty_payments)
            conn.executemany(
                "INSERT OR IGNORE INTO search_pending(kind, id) VALUES (?, ?)",
                [("order", i) for i in orders] + [("payment", i) for i in payments],
            )
            self.dirty_orders.clear()
            self.dirty_payments.clear()
            return orders, payments
        orders = sorted(self.dirty_orders)
        self.dirty_orders.clear()
        order_docs: list[tuple[int, str]] = []
        payment_docs: list[tuple[int, str]] = []
        # A payment's document carries its order's customer, so the payments of touched
        # orders are rebuilt with them, from the same rows.
        done: set[str] = set()
        for chunk in _chunks(orders):
            order_docs += self._order_docs(list(chunk), payment_docs, done)
        payments = sorted(done | self.dirty_payments)
        self.dirty_payments.difference_update(done)
        for chunk in _chunks(sorted(self.dirty_payments)):
            payment_docs += self._payment_docs(list(chunk))
        self.dirty_payments.clear()
        _replace_docs(conn, "orders_fts", order_docs)
        _replace_docs(conn, "payments_fts", payment_docs)
        return orders, payments

    def _order_docs(
        self, ids: list[str], payment_docs: list[tuple[int, str]], payments_done: set[str]
    ) -> list[tuple[int, str]]:
        """The documents of orders ``ids``; their payments' documents go to
        ``payment_docs`` and those payments' ids to ``payments_done``."""
        conn = self.conn
        marks = _marks(len(ids))
        base = conn.execute(
            "SELECT o.rk, o.id, o.title, o.note, o.total, o.currency, c.first_name, "  # noqa: S608
            "c.last_name, c.emails, c.phones, e.name FROM orders o "
            "LEFT JOIN customers c ON c.id = o.customer_id "
            f"LEFT JOIN employees e ON e.id = o.employee_id WHERE o.id IN ({marks})",
            ids,
        ).fetchall()
        payments = conn.execute(
            "SELECT p.rk, p.id, p.order_id, p.card_type, p.last4, p.amount, p.tip_amount, "  # noqa: S608
            "p.currency, p.note, t.label FROM payments p "
            f"LEFT JOIN tenders t ON t.id = p.tender_id WHERE p.order_id IN ({marks})",
            ids,
        ).fetchall()
        refunded = self._payment_refunds([p[1] for p in payments])
        extra: dict[str, list[str]] = {}
        for refunded_order, rid, amount, currency in conn.execute(
            "SELECT r.order_id, r.id, r.amount, o.currency FROM refunds r "  # noqa: S608
            f"JOIN orders o ON o.id = r.order_id WHERE r.order_id IN ({marks})",
            ids,
        ):
            extra.setdefault(refunded_order, []).extend([rid, amount_text(amount, currency)])
        customer_words: dict[str, list[str]] = {}
        order_words: dict[str, tuple[int, list[str]]] = {}
        for rk, oid, title, note, total, currency, first, last, emails, phones, staff in base:
            customer = [first or "", last or "", *_json_list(emails), *_json_list(phones)]
            customer_words[oid] = customer
            words = [oid, title or "", note or "", first or "", last or "", staff or ""]
            words += customer[2:]
            if total is not None:
                words.append(amount_text(total, currency))
            order_words[oid] = (rk, words)
        for row in payments:
            _rk, pid, order_id, _card, last4, amount, tip, currency = row[:8]
            if order_id in order_words:
                words = order_words[order_id][1]
                words += [pid, last4 or "", amount_text(amount, currency)]
                if tip:
                    words.append(amount_text(amount + tip, currency))
            payment_docs.append(
                _payment_doc(row, customer_words.get(order_id, []), refunded.get(pid, []))
            )
            payments_done.add(pid)
        return [
            (rk, " ".join(w for w in [*words, *extra.get(oid, [])] if w))
            for oid, (rk, words) in order_words.items()
        ]

    def _payment_refunds(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """Refund ids and amounts as words, per payment id."""
        words: dict[str, list[str]] = {}
        for chunk in _chunks(ids):
            for pid, rid, amount, currency in self.conn.execute(
                "SELECT r.payment_id, r.id, r.amount, p.currency FROM refunds r "  # noqa: S608
                "JOIN payments p ON p.id = r.payment_id "
                f"WHERE r.payment_id IN ({_marks(len(chunk))})",
                list(chunk),
            ):
                words.setdefault(pid, []).extend([rid, amount_text(amount, currency)])
        return words

    def _payment_docs(self, ids: list[str]) -> list[tuple[int, str]]:
        """The documents of payments ``ids`` (whose orders are not being rebuilt)."""
        conn = self.conn
        marks = _marks(len(ids))
        rows = conn.execute(
            "SELECT p.rk, p.id, p.order_id, p.card_type, p.last4, p.amount, p.tip_amount, "  # noqa: S608
            "p.currency, p.note, t.label, c.first_name, c.last_name, c.emails, c.phones "
            "FROM payments p LEFT JOIN orders o ON o.id = p.order_id "
            "LEFT JOIN customers c ON c.id = o.customer_id "
            f"LEFT JOIN tenders t ON t.id = p.tender_id WHERE p.id IN ({marks})",
            ids,
        ).fetchall()
        refunded = self._payment_refunds(ids)
        docs = []
        for row in rows:
            first, last, emails, phones = row[10:]
            customer = [first or "", last or "", *_json_list(emails), *_json_list(phones)]
            docs.append(_payment_doc(row[:10], customer, refunded.get(row[1], [])))
        return docs


def _payment_doc(row: Sequence[Any], customer: list[str], refunds: list[str]) -> tuple[int, str]:
    """(rk, document) of a payment from its row (rk, id, order id, card type, last 4,
    amount, tip, currency, note, tender label), its order's customer words and its
    refunds' words."""
    rk, pid, order_id, card_type, last4, amount, tip, currency, note, tender = row
    words = [pid, order_id or "", card_type or "", last4 or "", note or "", tender or ""]
    words += [*customer[:2], amount_text(amount, currency)]
    if tip:
        words += [amount_text(tip, currency), amount_text(amount + tip, currency)]
    words += customer[2:] + refunds
    return rk, " ".join(w for w in words if w)


def _replace_docs(conn: sqlite3.Connection, table: str, docs: list[tuple[int, str]]) -> None:
    """Put ``(rowid, document)`` pairs in an FTS5 table in place of the old documents.

    In ascending rowid order, old ones all deleted first: FTS5 writes its pending terms
    to a new segment whenever a rowid is not above the last one written, so documents in
    any other order cost a segment (and its merging) each. Indexing 100k orders and
    their payments in id order spent 3.7 s inserting documents; in rowid order, 1.2 s.
    """
    docs.sort()
    rks = [rk for rk, _ in docs]
    for part in _chunks(rks):
        conn.execute(f"DELETE FROM {table} WHERE rowid IN ({_marks(len(part))})", part)  # noqa: S608
    conn.executemany(f"INSERT INTO {table}(rowid, doc) VALUES (?, ?)", docs)  # noqa: S608


def _within(ms: int | None, ranges: Sequence[tuple[int, int]]) -> bool:
    return ms is not None and any(lo <= ms <= hi for lo, hi in ranges)


def _json_list(text: str | None) -> list[str]:
    if not text:
        return []
    value = json.loads(text)
    return [str(v) for v in value] if isinstance(value, list) else []


def _lines_json(lines: Iterable[LineItem]) -> str:
    return json.dumps(
        [[li.name or "", li.price or 0, li.unit_qty, int(bool(li.refunded))] for li in lines],
        separators=(",", ":"),
    )


def _ref(object_id: str) -> Ref:
    return Ref(id=object_id)
