"""The durable money journal: intent written before a request, outcome after.

Every money movement made from this machine (refunds and item returns; captures and
other writes may join) is recorded here *before* its request leaves, keyed by the
idempotency key the request will carry. If the app dies, the network drops, or Clover's
answer is lost, the intent stays ``pending`` (or becomes ``unknown``) and is settled
on the next start or reconnect — re-sent with the same key, or matched against the
charge's refunds — before anything else may refund that charge.

The file lives in the user data dir. ``synchronous=FULL`` makes each commit reach the
disk before the request is sent, which is what makes the journal worth having.
Starting an intent is one ``BEGIN IMMEDIATE`` transaction that also checks for an
unsettled intent on the same charge, so two windows (or two processes) can never both
start a refund of one charge.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from clover_desk.api.money import Money, amount_text
from clover_desk.services.common import QT_TRANSLATE_NOOP, stored_text, text_from_store


class EntryStatus(StrEnum):
    PENDING = "pending"  # intent committed; outcome not yet known
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # Clover said no: nothing happened
    UNKNOWN = "unknown"  # retries could not tell; settled later against the server

    @property
    def settled(self) -> bool:
        return self in (EntryStatus.SUCCEEDED, EntryStatus.FAILED)


class MovementKind(StrEnum):
    REFUND = "refund"  # POST /v1/refunds (full or partial amount)
    RETURN = "return"  # POST /v1/orders/{id}/returns (line items)


@dataclass(frozen=True, slots=True)
class ReturnedItem:
    line_item_id: str
    name: str
    amount: int  # minor units, tax and discounts prorated


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One money movement: what was asked, by whom, and what came of it."""

    key: str
    kind: MovementKind
    charge_id: str
    order_id: str | None
    amount: Money
    reason: str
    note: str
    staff_id: int | None
    staff_name: str
    approver_name: str | None = None
    items: tuple[ReturnedItem, ...] = ()
    approver_id: int | None = None
    approval_id: str | None = None  # the approval proof this refund spent
    machine: str = field(default_factory=socket.gethostname)
    created_ms: int = 0
    status: EntryStatus = EntryStatus.PENDING
    refund_id: str | None = None
    message: str | None = None
    settled_ms: int | None = None
    attempts: int = 0


class ChargeBusy(Exception):
    """Another refund of this charge is still unsettled; settle it first."""

    def __init__(self, entry: JournalEntry) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Journal",
                "A refund of {amount} on this charge (started by {staff}) is still being "
                "settled with Clover. Wait for it before refunding again.",
            ).format(amount=entry.amount, staff=entry.staff_name)
        )
        self.entry = entry


_SCHEMA = """
CREATE TABLE IF NOT EXISTS movements (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    charge_id TEXT NOT NULL,
    order_id TEXT,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    staff_id INTEGER,
    staff_name TEXT NOT NULL,
    approver_name TEXT,
    items TEXT NOT NULL,
    machine TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    refund_id TEXT,
    message TEXT,
    settled_ms INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    approver_id INTEGER,
    approval_id TEXT
);
CREATE INDEX IF NOT EXISTS movements_by_charge ON movements(charge_id, status);
CREATE INDEX IF NOT EXISTS movements_by_time ON movements(created_ms);
"""

_UNSETTLED = (EntryStatus.PENDING.value, EntryStatus.UNKNOWN.value)


def _now_ms() -> int:
    return int(time.time() * 1000)


@contextmanager
def immediate_transaction(
    conn: sqlite3.Connection, lock: threading.Lock
) -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction on ``conn`` under ``lock``: committed if the
    block ends normally, rolled back if it raises. Immediate, so that two processes on
    one journal file take turns instead of failing at commit."""
    with lock:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class JournalFile:
    """A connection to the journal's SQLite file and the lock its calls take: autocommit
    (transactions are explicit, see :meth:`_tx`), rows by column name, WAL, and
    ``synchronous=FULL`` so each commit is on disk before it returns."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self._conn, self._lock)


class Journal(JournalFile):
    """The journal file. Methods are quick, blocking SQLite calls: callers on the event
    loop run them through ``asyncio.to_thread``."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        super().__init__(self.path)
        self._conn.executescript(_SCHEMA)
        _add_missing_columns(self._conn)

    def record_intent(self, entry: JournalEntry) -> JournalEntry:
        """Commit the intent before the request is sent.

        Raises ChargeBusy when the same charge has an unsettled intent under another
        key. Recording the same key twice returns the entry already stored (a double
        click or a restarted wizard reuses its key and must not start a second refund).
        """
        stamped = replace(entry, created_ms=entry.created_ms or _now_ms())
        with self._tx() as conn:
            existing = conn.execute(
                "SELECT * FROM movements WHERE key = ?", (entry.key,)
            ).fetchone()
            if existing is not None:
                return _entry(existing)
            busy = conn.execute(
                "SELECT * FROM movements WHERE charge_id = ? AND status IN (?, ?) LIMIT 1",
                (entry.charge_id, *_UNSETTLED),
            ).fetchone()
            if busy is not None:
                raise ChargeBusy(_entry(busy))
            conn.execute(
                "INSERT INTO movements(key, kind, charge_id, order_id, amount, currency, "
                "reason, note, staff_id, staff_name, approver_name, items, machine, "
                "created_ms, status, approver_id, approval_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    stamped.key,
                    stamped.kind.value,
                    stamped.charge_id,
                    stamped.order_id,
                    stamped.amount.amount,
                    stamped.amount.currency,
                    stamped.reason,
                    stamped.note,
                    stamped.staff_id,
                    stamped.staff_name,
                    stamped.approver_name,
                    json.dumps([[i.line_item_id, i.name, i.amount] for i in stamped.items]),
                    stamped.machine,
                    stamped.created_ms,
                    EntryStatus.PENDING.value,
                    stamped.approver_id,
                    stamped.approval_id,
                ),
            )
        return stamped

    def record_attempt(self, key: str) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE movements SET attempts = attempts + 1 WHERE key = ?", (key,))

    def record_outcome(
        self,
        key: str,
        status: EntryStatus,
        *,
        refund_id: str | None = None,
        message: str | None = None,
    ) -> JournalEntry:
        """Write what came of an intent. A settled entry is final and is not overwritten."""
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM movements WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise KeyError(key)
            if EntryStatus(row["status"]).settled:
                return _entry(row)
            conn.execute(
                "UPDATE movements SET status = ?, refund_id = ?, message = ?, settled_ms = ? "
                "WHERE key = ?",
                (
                    status.value,
                    refund_id,
                    stored_text(message),
                    _now_ms() if status.settled else None,
                    key,
                ),
            )
            updated = conn.execute("SELECT * FROM movements WHERE key = ?", (key,)).fetchone()
        return _entry(updated)

    def get(self, key: str) -> JournalEntry | None:
        with self._lock:
            row = self._conn.execute("SELECT * FROM movements WHERE key = ?", (key,)).fetchone()
        return None if row is None else _entry(row)

    def unsettled(self, charge_id: str | None = None) -> list[JournalEntry]:
        """Intents whose outcome is not known yet (oldest first)."""
        sql = "SELECT * FROM movements WHERE status IN (?, ?)"
        args: list[object] = list(_UNSETTLED)
        if charge_id is not None:
            sql += " AND charge_id = ?"
            args.append(charge_id)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY created_ms, key", args).fetchall()
        return [_entry(row) for row in rows]

    def refunded_by(self, staff_id: int, charge_id: str) -> int:
        """Minor units ``staff_id`` has refunded on ``charge_id`` (or its order) from this
        computer: every movement not known to have failed, settled or not."""
        with self._lock:
            row = self._conn.execute(
                "SELECT COALESCE(SUM(amount), 0) FROM movements "
                "WHERE staff_id = ? AND charge_id = ? AND status != ?",
                (staff_id, charge_id, EntryStatus.FAILED.value),
            ).fetchone()
        return int(row[0])

    def refunded_by_since(self, staff_id: int, since_ms: int, currency: str) -> int:
        """Minor units of ``currency`` ``staff_id`` has refunded from this computer since
        ``since_ms``, on any charge: every movement not known to have failed."""
        with self._lock:
            row = self._conn.execute(
                "SELECT COALESCE(SUM(amount), 0) FROM movements "
                "WHERE staff_id = ? AND created_ms >= ? AND currency = ? AND status != ?",
                (staff_id, since_ms, currency, EntryStatus.FAILED.value),
            ).fetchone()
        return int(row[0])

    def entries(
        self,
        *,
        since_ms: int | None = None,
        until_ms: int | None = None,
        staff_name: str | None = None,
        statuses: Sequence[EntryStatus] = (),
        text: str | None = None,
        limit: int = 10_000,
    ) -> list[JournalEntry]:
        """The Activity view's rows, newest first, filtered."""
        clauses: list[str] = ["1 = 1"]
        args: list[object] = []
        if since_ms is not None:
            clauses.append("created_ms >= ?")
            args.append(since_ms)
        if until_ms is not None:
            clauses.append("created_ms < ?")
            args.append(until_ms)
        if staff_name:
            clauses.append("(staff_name = ? OR approver_name = ?)")
            args += [staff_name, staff_name]
        if statuses:
            clauses.append(f"status IN ({','.join('?' for _ in statuses)})")
            args += [s.value for s in statuses]
        if text:
            like = f"%{text}%"
            clauses.append(
                "(charge_id LIKE ? OR order_id LIKE ? OR refund_id LIKE ? OR note LIKE ? "
                "OR reason LIKE ? OR key LIKE ?)"
            )
            args += [like] * 6
        sql = (
            f"SELECT * FROM movements WHERE {' AND '.join(clauses)} "  # noqa: S608 - fixed clauses
            "ORDER BY created_ms DESC, key LIMIT ?"
        )
        with self._lock:
            rows = self._conn.execute(sql, [*args, limit]).fetchall()
        return [_entry(row) for row in rows]


CSV_COLUMNS = (
    "created",
    "staff",
    "approved_by",
    "approval_id",
    "kind",
    "charge",
    "order",
    "amount",
    "currency",
    "reason",
    "note",
    "status",
    "refund",
    "message",
    "idempotency_key",
    "machine",
)


def entries_to_csv(entries: Sequence[JournalEntry]) -> str:
    """CSV text of journal entries (amounts as decimal strings from integer minor units)."""
    return csv_text(
        CSV_COLUMNS,
        (
            [
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.created_ms / 1000)),
                entry.staff_name,
                entry.approver_name or "",
                entry.approval_id or "",
                entry.kind.value,
                entry.charge_id,
                entry.order_id or "",
                amount_text(entry.amount.amount, entry.amount.currency),
                entry.amount.currency,
                entry.reason,
                csv_safe(entry.note),
                entry.status.value,
                entry.refund_id or "",
                csv_safe(entry.message or ""),
                entry.key,
                entry.machine,
            ]
            for entry in entries
        ),
    )


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """``header`` and then ``rows`` as CSV text (the csv module's dialect)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _entry(row: sqlite3.Row) -> JournalEntry:
    return JournalEntry(
        key=row["key"],
        kind=MovementKind(row["kind"]),
        charge_id=row["charge_id"],
        order_id=row["order_id"],
        amount=Money(row["amount"], row["currency"]),
        reason=row["reason"],
        note=row["note"],
        staff_id=row["staff_id"],
        staff_name=row["staff_name"],
        approver_name=row["approver_name"],
        items=tuple(ReturnedItem(i, n, a) for i, n, a in json.loads(row["items"])),
        machine=row["machine"],
        created_ms=row["created_ms"],
        status=EntryStatus(row["status"]),
        refund_id=row["refund_id"],
        message=text_from_store(row["message"]),
        settled_ms=row["settled_ms"],
        attempts=row["attempts"],
        approver_id=row["approver_id"],
        approval_id=row["approval_id"],
    )


#: Columns added after the first release, with their types: journals written by an
#: earlier version gain them on open (their old rows read as NULL, "no approval").
_ADDED_COLUMNS = (("approver_id", "INTEGER"), ("approval_id", "TEXT"))


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    present = {row[1] for row in conn.execute("PRAGMA table_info(movements)")}
    for name, sql_type in _ADDED_COLUMNS:
        if name not in present:
            conn.execute(f"ALTER TABLE movements ADD COLUMN {name} {sql_type}")
