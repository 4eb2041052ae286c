"""The history store's tables: the DDL and its version, the sort indexes built after it
on a store made before they existed, and how a connection to the file is opened.

What the rows mean: :mod:`clover_desk.services.history.store`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from clover_desk.services.history.order_sort import SORT_INDEXES

__all__ = ["SCHEMA", "SCHEMA_VERSION", "WAL_CHECKPOINT_PAGES", "connect", "connect_writer"]

#: WAL pages (4 KiB) written before the writer copies them into the database file.
WAL_CHECKPOINT_PAGES = 10_000


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) to the WAL file."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-32000")
    return conn


def connect_writer(path: Path) -> sqlite3.Connection:
    """A connection for writing: :func:`connect`, checkpointing less often."""
    conn = connect(path)
    # A checkpoint every 40 MB of WAL rather than SQLite's 4 MB: pages rewritten by
    # consecutive transactions (indexes, FTS5 segments) reach the database file once
    # instead of ten times. Storing and indexing 100k orders: 10.2 s -> 8.8 s.
    conn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    conn.execute(f"PRAGMA journal_size_limit={WAL_CHECKPOINT_PAGES * 4096}")
    return conn


SCHEMA_VERSION = 1

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


def _create_sort_indexes(conn: sqlite3.Connection) -> None:
    for statement in SORT_INDEXES:
        conn.execute(statement)
