"""The sandbox's SQLite state: one schema shared by every endpoint module.

One Clover object lives in exactly one row, whichever API shows it: a charge made
with ``POST /v1/charges`` is the same row that ``GET /v3/.../payments`` lists, and an
order is one row whether it is read as a v1 ``order`` or a v3 ``Order``. Columns hold
what is filtered, sorted, summed or joined on; ``body`` (JSON text) holds the rest of
the object in the wire casing of the API that owns it (noted per table).

Conventions every writer follows:

* money columns are integer minor units (cents); currency codes are stored upper case
  (``USD``) and rendered in the case each API uses;
* ``*_ms`` columns are epoch milliseconds of *sandbox* time (``Clock.now_ms``);
* ``merchant_id`` scopes every row: no query may cross merchants;
* a nullable column is NULL when the wire field is absent, never an empty string.

Threading: uvicorn runs the whole app on one event-loop thread, but the database is
opened (and seeded) on the caller's thread, so the connection is shared with
``check_same_thread=False`` behind a lock. Handlers do their reads and writes inside
``Database.tx()`` without awaiting in between, which makes each request's effect
atomic both for SQLite and for the event loop. Work too long for one request (building
export files) runs on a worker thread with its own connection from
:meth:`Database.secondary` when the database is a file (WAL lets it read while the loop
writes); a ``:memory:`` database exists only in its one connection, so such a worker
shares it and takes the lock one statement at a time.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
-- A Clover merchant. body: {"address": {...}, "phone": "...", "website": "..."}.
CREATE TABLE IF NOT EXISTS merchants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,                 -- ISO 4217, upper case
    developer_app_id TEXT NOT NULL,         -- the app that training mode acts as
    created_ms INTEGER NOT NULL,
    body TEXT NOT NULL DEFAULT '{}'
);

-- Every credential the sandbox accepts.
-- kind: 'api' (REST API token, Bearer), 'private' (Ecommerce private key, Bearer),
--       'public' (Ecommerce public key, apikey), 'pakms' (PAKMS apiAccessKey, apikey),
--       'oauth_access' (Bearer, expires), 'oauth_refresh' (single use, expires).
CREATE TABLE IF NOT EXISTS credentials (
    token TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL REFERENCES merchants(id),
    kind TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER,                     -- NULL: never expires
    used INTEGER NOT NULL DEFAULT 0         -- refresh tokens: 1 once spent
);
CREATE INDEX IF NOT EXISTS credentials_by_merchant ON credentials(merchant_id, kind);

-- Apps a merchant can authorize through /oauth/v2/authorize (client_id = app id).
-- redirect_uri: the registered redirect; a loopback one matches on any port (RFC 8252).
CREATE TABLE IF NOT EXISTS oauth_apps (
    client_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);

-- One authorization request from its authorize page (or a legacy-token migration) to
-- its single code exchange. code/merchant_id are NULL until the merchant approves.
CREATE TABLE IF NOT EXISTS oauth_requests (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    redirect_uri TEXT,                      -- NULL for a migration's code
    state TEXT,
    code_challenge TEXT NOT NULL,           -- S256 of the app's code_verifier
    created_ms INTEGER NOT NULL,
    merchant_id TEXT,
    code TEXT UNIQUE,
    code_expires_ms INTEGER,
    used INTEGER NOT NULL DEFAULT 0         -- 1 once decided (deny) or exchanged
);

-- Staff of the merchant (v3 employee{id}); body: {"role": "...", "pin": "..."}.
CREATE TABLE IF NOT EXISTS employees (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '{}'
);

-- Inventory objects, one table for all kinds, body in v3 camelCase exactly as a GET
-- would render it minus id/href.
-- kind: 'item', 'category', 'modifier_group', 'modifier', 'discount', 'tax_rate',
--       'order_type', 'tender', 'service_charge'.
-- parent_id: the modifier group of a modifier; NULL otherwise.
CREATE TABLE IF NOT EXISTS inventory (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    merchant_id TEXT NOT NULL,
    parent_id TEXT,
    name TEXT,
    modified_ms INTEGER NOT NULL,
    deleted_ms INTEGER,
    body TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS inventory_by_merchant ON inventory(merchant_id, kind, name);

-- Customers (v3 Customer and the Ecommerce card-on-file customer are one object).
-- email / phone: the primary address and number, copied for search.
-- body (v3 camelCase): {"emailAddresses": [{"id","emailAddress","primaryEmail"}],
--   "phoneNumbers": [{"id","phoneNumber"}], "addresses": [{"id","address1","address2",
--   "address3","city","state","zip","country"}], "cards": [{"id","first6","last4",
--   "cardType","expirationDate" ("MMYY"),"token","tokenType","firstName","lastName",
--   "modifiedTime","revoked": bool}], "metadata": {...}, "shipping": {...v1 shape},
--   "ecomind": "ecom"}. Ecommerce ``sources`` are the non-revoked cards (same ids).
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,            -- v3 customerSince, v1 created
    modified_ms INTEGER NOT NULL,
    first_name TEXT,
    last_name TEXT,
    email TEXT,
    phone TEXT,
    marketing_allowed INTEGER NOT NULL DEFAULT 0,
    deleted_ms INTEGER,
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS customers_by_merchant ON customers(merchant_id, created_ms);
CREATE INDEX IF NOT EXISTS customers_by_email ON customers(merchant_id, email);

-- Orders, whatever created them.
-- origin: 'v1' (POST /v1/orders), 'charge' (auto-created by POST /v1/charges),
--         'atomic' (atomic_order/orders), 'v3' (POST /v3/.../orders), 'pos' (seeded
--         register sale).
-- state: v3 free string ('open', 'locked', ...), NULL for hidden orders.
-- payment_state: v3 enum OPEN, PAID, PARTIALLY_PAID, REFUNDED, PARTIALLY_REFUNDED, or NULL.
-- v1_status: Ecommerce order status 'created', 'paid', 'fulfilled', 'returned', ...
-- total: v3 total incl. tax, excl. tip (cents); tax_amount: tax inside total.
-- body (v3 camelCase unless noted): {"discounts": [{"id","name","amount"|"percentage",
--   "discount": {"id"}}], "serviceCharge": {...}, "taxRemoved", "isVat",
--   "manualTransaction", "groupLineItems", "testMode", "payType",
--   "v1_items": [...v1 items as created, incl. the auto tax item],
--   "shipping": {...v1}, "metadata": {...v1}}.
CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    client_created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    currency TEXT NOT NULL,
    state TEXT,
    payment_state TEXT,
    v1_status TEXT,
    total INTEGER,
    tax_amount INTEGER NOT NULL DEFAULT 0,
    customer_id TEXT,
    email TEXT,
    employee_id TEXT,
    order_type_id TEXT,
    title TEXT,
    note TEXT,
    external_reference_id TEXT,
    deleted_ms INTEGER,
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS orders_by_created ON orders(merchant_id, created_ms);
CREATE INDEX IF NOT EXISTS orders_by_modified ON orders(merchant_id, modified_ms);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders(merchant_id, customer_id);

-- Line items: one row per v3 line item (a v1 item of quantity 3 is three rows).
-- price: unit price in cents before modifiers and discounts.
-- unit_qty: x1000 for PER_UNIT items, else NULL.
-- body (v3): {"alternateName", "itemCode", "unitName",
--   "modifications": [{"id","name","amount","modifier": {"id"}}],
--   "discounts": [{"id","name","amount"|"percentage","discount": {"id"}}],
--   "taxRates": [{"id","name","rate"|"taxAmount","isDefault"}]}.
CREATE TABLE IF NOT EXISTS line_items (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    item_id TEXT,
    name TEXT NOT NULL,
    price INTEGER NOT NULL,
    unit_qty INTEGER,
    note TEXT,
    refunded INTEGER NOT NULL DEFAULT 0,
    exchanged INTEGER NOT NULL DEFAULT 0,
    is_revenue INTEGER NOT NULL DEFAULT 1,
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS line_items_by_order ON line_items(order_id, created_ms);

-- Charges: the Ecommerce ``charge`` and the v3 ``Payment`` are this one row (the v3
-- payment id equals the charge id: [emulator choice]).
-- amount: cents charged excl. tip (tax inside); tip_amount added on top.
-- status: 'succeeded', 'failed', 'pending'. captured: 0 for an open auth.
-- method: 'card', 'ach', 'giftCard', 'alternate_tender'.
-- card_brand: VISA, MC, AMEX, DISCOVER, DINERS_CLUB, JCB, GIFT_CARD, or NULL.
-- tender_label_key: com.clover.tender.credit_card, ...cash, ...check, ...
-- idempotency_key: as sent by the client, NULL when none was sent.
-- body (v1 snake_case): {"source": {...as rendered}, "outcome": {...},
--   "description", "metadata", "ecomind", "receipt_email", "external_reference_id",
--   "failure_code", "failure_message", "decline_code", "warning_message",
--   "gift_card": {...}, "partial_auth", "tender": {...}, "entry_type": "KEYED"}.
CREATE TABLE IF NOT EXISTS charges (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    order_id TEXT,
    customer_id TEXT,
    employee_id TEXT,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    tax_amount INTEGER NOT NULL DEFAULT 0,
    tip_amount INTEGER NOT NULL DEFAULT 0,
    amount_captured INTEGER NOT NULL DEFAULT 0,
    amount_refunded INTEGER NOT NULL DEFAULT 0,
    captured INTEGER NOT NULL,
    status TEXT NOT NULL,
    method TEXT NOT NULL,
    card_brand TEXT,
    card_first6 TEXT,
    card_last4 TEXT,
    tender_label_key TEXT,
    auth_code TEXT,
    ref_num TEXT,
    idempotency_key TEXT,
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS charges_by_created ON charges(merchant_id, created_ms);
CREATE INDEX IF NOT EXISTS charges_by_modified ON charges(merchant_id, modified_ms);
CREATE INDEX IF NOT EXISTS charges_by_order ON charges(order_id);
CREATE INDEX IF NOT EXISTS charges_by_customer ON charges(merchant_id, customer_id);

-- Refunds (v1 ``refund`` and v3 ``Refund``), including order returns.
-- amount: positive cents, incl. the tax_amount and tip_amount parts.
-- kind: 'refund' (POST /v1/refunds), 'return' (POST /v1/orders/{id}/returns),
--       'void' (gift-card reload/redemption void).
-- status: 'succeeded', 'failed', 'pending', 'canceled'.
-- body (v1 snake_case): {"line_item_ids": [...], "metadata": {...},
--   "external_reference_id", "gift_card": {...}, "receipt_number"}.
CREATE TABLE IF NOT EXISTS refunds (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    charge_id TEXT NOT NULL,
    order_id TEXT,
    employee_id TEXT,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    tax_amount INTEGER NOT NULL DEFAULT 0,
    tip_amount INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    status TEXT NOT NULL,
    kind TEXT NOT NULL,
    idempotency_key TEXT,
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS refunds_by_created ON refunds(merchant_id, created_ms);
CREATE INDEX IF NOT EXISTS refunds_by_charge ON refunds(charge_id);
CREATE INDEX IF NOT EXISTS refunds_by_order ON refunds(order_id);

-- Single-use tokens from POST /v1/tokens. No card number or CVV is ever stored:
-- body keeps only what a charge needs: {"card": {"brand","first6","last4",
--   "exp_month","exp_year","decline": bool,"decline_code"}, "ach": {"last4",...},
--   "gift_card": {"gift_card_id","last4"}}.
-- kind: 'card', 'ach', 'gift_card'.
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL DEFAULT '{}'
);

-- Gift cards. number is the card number (gift-card numbers are not PCI card data).
-- body: {"security_code", "locks": [{"lock_id","amount","expires_ms"}],
--   "history": [{"at_ms","op","amount","balance_after","ref"}], "expiration_date"}.
CREATE TABLE IF NOT EXISTS gift_cards (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    number TEXT NOT NULL,
    virtual INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    balance INTEGER NOT NULL,
    currency TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    body TEXT NOT NULL DEFAULT '{}',
    UNIQUE (merchant_id, number)
);

-- Recurring plans; body in the recurring API's camelCase (name, amount, tipAmount,
-- interval, intervalCount, note, taxRateUuids, active).
CREATE TABLE IF NOT EXISTS plans (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    developer_app_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    deleted_ms INTEGER,
    body TEXT NOT NULL DEFAULT '{}'
);

-- Subscriptions; body camelCase (amount, tipAmount, note, active, startDate (ms),
-- endDate (ms), lastRunDate (ms), collectionMethod, taxRateUuids, softDescriptor,
-- failures).
CREATE TABLE IF NOT EXISTS subscriptions (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    deleted_ms INTEGER,
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS subscriptions_by_plan ON subscriptions(plan_id);

-- Export jobs and their files. status: PENDING, IN_PROGRESS, DONE, FAILED.
CREATE TABLE IF NOT EXISTS exports (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    type TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    percent_complete INTEGER NOT NULL DEFAULT 0,
    available_until_ms INTEGER,
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS export_files (
    id TEXT PRIMARY KEY,
    export_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS export_files_by_export ON export_files(export_id, seq);

-- Idempotency records, written in the same transaction as the effect they guard.
CREATE TABLE IF NOT EXISTS idempotency (
    merchant_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, key)
);

-- Sandbox bookkeeping: schema version, clock offset, seed parameters.
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def dumps(value: Any) -> str:
    """JSON text for a ``body`` column: compact, stable key order."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def loads(text: str | bytes | None) -> Any:
    return json.loads(text) if text else {}


Row = sqlite3.Row


class Database:
    """One SQLite connection shared by the seeding thread and the server thread."""

    def __init__(self, path: str = ":memory:", *, primary: bool = True) -> None:
        self.path = path
        self._primary = primary
        self._conn = sqlite3.connect(
            path, check_same_thread=False, isolation_level=None, timeout=30.0
        )
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._depth = 0
        with self._lock:
            if not primary:
                # The primary made the file WAL and created the schema; synchronous is
                # per connection.
                self._conn.execute("PRAGMA synchronous=NORMAL")
                return
            if path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=OFF")
            self._conn.executescript(SCHEMA)
            self._conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Row]:
        with self._lock:
            return list(self._conn.execute(sql, params))

    def one(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Row | None:
        with self._lock:
            row: Row | None = self._conn.execute(sql, params).fetchone()
            return row

    def scalar(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> int:
        """Run one statement (inside ``tx()`` when it writes); returns rows changed."""
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock:
            self._conn.executemany(sql, rows)

    def insert(self, table: str, values: Mapping[str, Any]) -> None:
        """Insert one row; dict/list values are stored as JSON text."""
        columns = list(values)
        placeholders = ",".join("?" for _ in columns)
        params = [_column_value(values[c]) for c in columns]
        self.execute(
            f"INSERT INTO {table} ({','.join(columns)}) VALUES ({placeholders})",  # noqa: S608 - table/column names are ours
            params,
        )

    def update(self, table: str, row_id: str, values: Mapping[str, Any]) -> None:
        """Update columns of the row with ``id = row_id``."""
        assignments = ",".join(f"{c} = ?" for c in values)
        params = [_column_value(v) for v in values.values()]
        self.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?",  # noqa: S608 - names are ours
            [*params, row_id],
        )

    def get_meta(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        with self.tx():
            self.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def secondary(self) -> Database | None:
        """Another connection to the same file, for one worker thread; None for ``:memory:``.

        Close it when done; the primary stays the one that checkpoints on close.
        """
        if self.path == ":memory:":
            return None
        return Database(self.path, primary=False)

    def close(self) -> None:
        with self._lock:
            if self._primary and self.path != ":memory:":
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()


def _column_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value
