"""The batch refund queue: accepted batches, kept in the journal's database, sent row by row.

A batch is accepted (:meth:`BatchQueue.submit`) only after the service itself has
re-checked the staff member's authority over its rows and spent the manager's approval
when one is needed. Accepting writes the batch and every row — with the idempotency key
that row will always be sent with — to the journal's SQLite file in one transaction.
From then on the file is the queue:

* rows are sent through :meth:`RefundService.refund_batch_row`, so each goes through
  the journal (intent before the request, outcome after) exactly like a wizard refund,
  under the key it was given at acceptance, on the same client and so at the same
  per-token limits as the rest of the app;
* a row's outcome *is* its journal entry (joined by key), so there is no second record
  to drift from the first; only a refusal before anything was sent is kept here;
* rows of one charge go in file order, one at a time; different charges go side by
  side, a few at once, which the limiter paces;
* after a quit or a crash, :meth:`BatchQueue.resume_unfinished` settles every journal
  entry whose outcome is unknown first (found on Clover or re-sent with its key), then
  carries on with the rows not yet sent. A row is never sent under a second key.

Pause stops starting rows (those in flight finish); cancel also withdraws the batch's
authority over the rows not yet started, so they can no longer be sent at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from clover_desk.api.money import Money, amount_text
from clover_desk.services.common import (
    QT_TRANSLATE_NOOP,
    join_phrases,
    message_of,
    stored_text,
    text_from_store,
)
from clover_desk.services.refunds.batch_check import BatchCheck, PlannedRefund, check_authority
from clover_desk.services.refunds.journal import (
    ChargeBusy,
    EntryStatus,
    Journal,
    JournalFile,
    csv_safe,
    csv_text,
)
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import (
    BatchRowRequest,
    RefundNotYet,
    RefundRefused,
    RefundService,
)
from clover_desk.services.refunds.wizard import Outcome
from clover_desk.services.staff import (
    ApprovalRefused,
    BatchApprovalProof,
    BatchGrant,
    PermissionRefused,
    Role,
    StaffDirectory,
    StaffError,
    StaffMember,
)

__all__ = [
    "BatchProgress",
    "BatchQueue",
    "BatchState",
    "BatchStore",
    "BatchSummary",
    "RowOutcome",
    "RowStatus",
]

log = logging.getLogger(__name__)

#: Rows in flight at once (each on its own charge). Clover allows 5 requests in flight
#: per token; four leaves one for the rest of the app while a batch runs.
WORKERS = 4
#: Delays before asking a row again when Clover could not be asked yet (seconds).
RETRY_BACKOFF = (0.2, 0.5, 1.0, 2.0, 5.0)
#: Requests one row costs (read the charge fresh, send the refund): the ETA before any
#: row has finished assumes Clover's 16 requests a second.
REQUESTS_PER_ROW = 2
CLOVER_RATE_PER_S = 16.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    staff_id INTEGER NOT NULL,
    staff_name TEXT NOT NULL,
    staff_role TEXT NOT NULL,
    approver_id INTEGER,
    approver_name TEXT,
    approval_id TEXT,
    digest TEXT NOT NULL,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_rows (
    batch_id TEXT NOT NULL REFERENCES batches(id),
    position INTEGER NOT NULL,
    line INTEGER NOT NULL,
    key TEXT NOT NULL UNIQUE,
    charge_id TEXT NOT NULL,
    order_id TEXT,
    mode TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    items TEXT NOT NULL,
    refused TEXT,
    PRIMARY KEY (batch_id, position)
);
"""


class BatchState(StrEnum):
    SENDING = "sending"  # rows are (or, after a restart, will again be) sent
    PAUSED = "paused"
    CANCELLED = "cancelled"  # rows not started are never sent
    FINISHED = "finished"


class RowStatus(StrEnum):
    QUEUED = "queued"
    REFUNDED = "refunded"
    FAILED = "failed"  # Clover said no
    REFUSED = "refused"  # not sent: a rule said no when its turn came
    CONFIRMING = "confirming"  # sent; Clover's answer is being confirmed
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self not in (RowStatus.QUEUED, RowStatus.CONFIRMING)


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """One row of a batch and what came of it."""

    position: int
    line: int
    key: str
    charge_id: str
    order_id: str | None
    mode: RefundMode
    amount: Money
    reason: str
    note: str
    item_ids: tuple[str, ...]
    status: RowStatus
    refund_id: str | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """A batch as the Activity view lists it."""

    id: str
    name: str
    created_ms: int
    staff_name: str
    approver_name: str | None
    state: BatchState
    rows: int
    counts: dict[RowStatus, int]
    totals: tuple[Money, ...]


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """What the progress bar shows: rows finished of all, and an estimate of the rest."""

    batch_id: str
    state: BatchState
    total: int
    finished: int
    counts: dict[RowStatus, int]
    eta_seconds: float | None

    @property
    def done(self) -> bool:
        return self.state in (BatchState.FINISHED, BatchState.CANCELLED) and not self.counts.get(
            RowStatus.CONFIRMING
        )


def _now_ms() -> int:
    return int(time.time() * 1000)


class BatchStore(JournalFile):
    """Batches and their rows, in the journal's SQLite file (blocking calls)."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(journal.path)
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._conn.executescript(_SCHEMA)

    def add(
        self,
        name: str,
        staff: StaffMember,
        rows: Sequence[PlannedRefund],
        digest: str,
        approver: StaffMember | None,
        approval_id: str | None,
    ) -> str:
        """Record an accepted batch and its rows (each with its key for good); its id."""
        batch_id = uuid.uuid4().hex[:12]
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO batches(id, name, created_ms, staff_id, staff_name, staff_role, "
                "approver_id, approver_name, approval_id, digest, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    batch_id,
                    name,
                    _now_ms(),
                    staff.id,
                    staff.name,
                    staff.role.value,
                    approver.id if approver else None,
                    approver.name if approver else None,
                    approval_id,
                    digest,
                    BatchState.SENDING.value,
                ),
            )
            conn.executemany(
                "INSERT INTO batch_rows(batch_id, position, line, key, charge_id, order_id, "
                "mode, amount, currency, reason, note, items) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        batch_id,
                        position,
                        row.line,
                        str(uuid.uuid4()),
                        row.charge_id,
                        row.order_id,
                        row.mode.value,
                        row.amount.amount,
                        row.amount.currency,
                        row.reason,
                        row.note,
                        json.dumps(list(row.item_ids)),
                    )
                    for position, row in enumerate(rows)
                ],
            )
        return batch_id

    def set_state(self, batch_id: str, state: BatchState) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE batches SET state = ? WHERE id = ?", (state.value, batch_id))

    def state(self, batch_id: str) -> BatchState:
        with self._lock:
            row = self._conn.execute(
                "SELECT state FROM batches WHERE id = ?", (batch_id,)
            ).fetchone()
        if row is None:
            raise KeyError(batch_id)
        return BatchState(row["state"])

    def staff_of(self, batch_id: str) -> StaffMember:
        """Who asked for the batch (their limits are re-read from the directory per row)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT staff_id, staff_name, staff_role FROM batches WHERE id = ?", (batch_id,)
            ).fetchone()
        if row is None:
            raise KeyError(batch_id)
        return StaffMember(row["staff_id"], row["staff_name"], Role(row["staff_role"]))

    def counts(self, batch_id: str) -> dict[RowStatus, int]:
        """How many rows of the batch are in each status (one query, for progress)."""
        with self._lock:
            batch = self._conn.execute(
                "SELECT state FROM batches WHERE id = ?", (batch_id,)
            ).fetchone()
            rows = self._conn.execute(
                "SELECT m.status AS m_status, r.refused IS NOT NULL AS refused, COUNT(*) AS n "
                "FROM batch_rows r LEFT JOIN movements m ON m.key = r.key "
                "WHERE r.batch_id = ? GROUP BY 1, 2",
                (batch_id,),
            ).fetchall()
        if batch is None:
            raise KeyError(batch_id)
        cancelled = batch["state"] == BatchState.CANCELLED.value
        counts: dict[RowStatus, int] = {}
        for row in rows:
            status = _status(row["m_status"], bool(row["refused"]), cancelled)
            counts[status] = counts.get(status, 0) + row["n"]
        return counts

    def refuse(self, key: str, message: str) -> None:
        """Record that the row was not sent, and why (a phrase stays one: the reader of
        Activity or the result reads it in their language)."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE batch_rows SET refused = ? WHERE key = ?", (stored_text(message), key)
            )

    def batch_ids(self, *states: BatchState) -> list[str]:
        """Batches in any of ``states`` (all batches without), oldest first."""
        marks = ",".join("?" for _ in states)
        where = f" WHERE state IN ({marks})" if states else ""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT id FROM batches{where} ORDER BY created_ms, id",  # noqa: S608 - fixed
                [state.value for state in states],
            ).fetchall()
        return [row["id"] for row in rows]

    def grant_for(self, key: str) -> BatchGrant | None:
        """The batch's authority over the row sent under ``key`` (None: no batch row, or
        its batch was cancelled before the row started)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT r.*, b.staff_id, b.approver_id, b.approval_id, b.state, "
                "EXISTS(SELECT 1 FROM movements m WHERE m.key = r.key) AS started "
                "FROM batch_rows r JOIN batches b ON b.id = r.batch_id WHERE r.key = ?",
                (key,),
            ).fetchone()
        if row is None or (row["state"] == BatchState.CANCELLED.value and not row["started"]):
            return None
        return BatchGrant(
            batch_id=row["batch_id"],
            staff_id=row["staff_id"],
            charge_id=row["charge_id"],
            amount=Money(row["amount"], row["currency"]),
            mode=row["mode"],
            item_ids=tuple(sorted(json.loads(row["items"]))),
            approver_id=row["approver_id"],
            approval_id=row["approval_id"],
        )

    def batch_of(self, key: str) -> str | None:
        """The name of the batch a refund's key was sent in, if any."""
        with self._lock:
            row = self._conn.execute(
                "SELECT b.id, b.name FROM batch_rows r JOIN batches b ON b.id = r.batch_id "
                "WHERE r.key = ?",
                (key,),
            ).fetchone()
        return None if row is None else (row["name"] or row["id"])

    def batch_keys(self, keys: Sequence[str]) -> dict[str, str]:
        """Of ``keys``, those sent in a batch → that batch's id (for the Activity view)."""
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                rows = self._conn.execute(
                    f"SELECT key, batch_id FROM batch_rows WHERE key IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall()
                found.update({row["key"]: row["batch_id"] for row in rows})
        return found

    def rows(self, batch_id: str) -> list[RowOutcome]:
        """Every row of the batch with its outcome (from the journal), in file order."""
        with self._lock:
            batch = self._conn.execute(
                "SELECT state FROM batches WHERE id = ?", (batch_id,)
            ).fetchone()
            rows = self._conn.execute(
                "SELECT r.*, m.status AS m_status, m.refund_id AS m_refund, "
                "m.message AS m_message FROM batch_rows r "
                "LEFT JOIN movements m ON m.key = r.key "
                "WHERE r.batch_id = ? ORDER BY r.position",
                (batch_id,),
            ).fetchall()
        if batch is None:
            raise KeyError(batch_id)
        cancelled = batch["state"] == BatchState.CANCELLED.value
        return [_outcome(row, cancelled) for row in rows]

    def summary(self, batch_id: str) -> BatchSummary:
        with self._lock:
            batch = self._conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        if batch is None:
            raise KeyError(batch_id)
        rows = self.rows(batch_id)
        sums: dict[str, int] = {}
        for row in rows:
            if row.status is not RowStatus.CANCELLED:
                sums[row.amount.currency] = sums.get(row.amount.currency, 0) + row.amount.amount
        return BatchSummary(
            id=batch["id"],
            name=batch["name"],
            created_ms=batch["created_ms"],
            staff_name=batch["staff_name"],
            approver_name=batch["approver_name"],
            state=BatchState(batch["state"]),
            rows=len(rows),
            counts=_counts(rows),
            totals=tuple(Money(sums[c], c) for c in sorted(sums)),
        )


def _status(movement: str | None, refused: bool, cancelled: bool) -> RowStatus:
    """A row's status: its journal entry's if it was sent, else why it was not (yet)."""
    if movement is not None:
        return {
            EntryStatus.SUCCEEDED.value: RowStatus.REFUNDED,
            EntryStatus.FAILED.value: RowStatus.FAILED,
        }.get(movement, RowStatus.CONFIRMING)
    if refused:
        return RowStatus.REFUSED
    return RowStatus.CANCELLED if cancelled else RowStatus.QUEUED


def _outcome(row: sqlite3.Row, cancelled: bool) -> RowOutcome:
    status = _status(row["m_status"], row["refused"] is not None, cancelled)
    if row["m_status"] is not None:
        message = text_from_store(row["m_message"]) or ""
    elif status is RowStatus.REFUSED:
        message = text_from_store(row["refused"]) or ""
    elif status is RowStatus.CANCELLED:
        message = QT_TRANSLATE_NOOP(
            "BatchQueue", "The batch was cancelled before this row was sent."
        )
    else:
        message = ""
    return RowOutcome(
        position=row["position"],
        line=row["line"],
        key=row["key"],
        charge_id=row["charge_id"],
        order_id=row["order_id"],
        mode=RefundMode(row["mode"]),
        amount=Money(row["amount"], row["currency"]),
        reason=row["reason"],
        note=row["note"],
        item_ids=tuple(json.loads(row["items"])),
        status=status,
        refund_id=row["m_refund"],
        message=message,
    )


def _counts(rows: Sequence[RowOutcome]) -> dict[RowStatus, int]:
    counts: dict[RowStatus, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts


RESULT_CSV_COLUMNS = ("row", "refund_id", "outcome", "message", "charge", "order", "amount")


def result_csv(rows: Sequence[RowOutcome]) -> str:
    """The batch's result file: one line per row (its line in the imported file)."""
    return csv_text(
        RESULT_CSV_COLUMNS,
        (
            [
                row.line,
                row.refund_id or "",
                row.status.value,
                csv_safe(row.message),
                row.charge_id,
                row.order_id or "",
                amount_text(row.amount.amount, row.amount.currency),
            ]
            for row in rows
        ),
    )


ProgressListener = Callable[[BatchProgress], None]


class _Run:
    """One batch being sent in this process: its pace, and the wake-up after a pause."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.finished_here = 0
        self.resume = asyncio.Event()
        self.resume.set()


class BatchQueue:
    """Accepts checked batches and sends them; tells listeners how far each has got.

    Args:
        store: where batches live (the journal's file).
        refunds: the same refund service the wizard uses.
        directory: spends managers' batch approvals; without one, a batch that needs
            approval is refused.
    """

    def __init__(
        self,
        store: BatchStore,
        refunds: RefundService,
        directory: StaffDirectory | None = None,
        *,
        workers: int = WORKERS,
    ) -> None:
        self.store = store
        self._refunds = refunds
        self._directory = directory
        self._workers = workers
        self._runs: dict[str, _Run] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._listeners: list[ProgressListener] = []
        # One progress read at a time, told in the order read. Workers finishing together
        # each read on a worker thread; unordered, an older reading could arrive last and
        # leave the dialog a row short for good once the batch paused.
        self._telling = asyncio.Lock()
        refunds.use_batch_grants(store.grant_for)

    # -- listening -------------------------------------------------------------

    def on_progress(self, listener: ProgressListener) -> None:
        self._listeners.append(listener)

    def forget_listener(self, listener: ProgressListener) -> None:
        while listener in self._listeners:
            self._listeners.remove(listener)

    async def _tell(self, batch_id: str) -> None:
        if not self._listeners:
            return
        async with self._telling:
            progress = await self.progress(batch_id)
            for listener in list(self._listeners):
                try:
                    listener(progress)
                except Exception:
                    log.exception("a batch progress listener failed")

    # -- accepting -------------------------------------------------------------

    async def submit(
        self,
        check: BatchCheck,
        approval: BatchApprovalProof | None = None,
        *,
        name: str = "",
    ) -> str:
        """Accept a checked batch for sending; its id. Nothing is sent yet (see ``run``).

        The service decides again whether the batch needs a manager (from the staff
        directory's record and this computer's journal), so a check made under other
        limits, or altered, cannot slip through; the approval, when needed, must be for
        exactly these rows, and is spent.

        Raises:
            RefundRefused: the check has problems or no rows.
            PermissionRefused / ApprovalRefused: the authority does not hold.
        """
        if not check.ok:
            raise RefundRefused(
                QT_TRANSLATE_NOOP("BatchQueue", "The batch has problems; nothing was sent.")
            )
        staff = await self._refunds.recorded_staff(check.staff)
        problems, reasons = await check_authority(check.rows, staff, self._refunds)
        if problems:
            raise PermissionRefused(join_phrases(problem.text for problem in problems))
        approver: StaffMember | None = None
        if reasons or approval is not None:
            if approval is None:
                raise PermissionRefused(
                    join_phrases(
                        [
                            *reasons,
                            QT_TRANSLATE_NOOP("BatchQueue", "A manager must approve the batch."),
                        ]
                    )
                )
            if self._directory is None:
                raise ApprovalRefused(
                    QT_TRANSLATE_NOOP(
                        "BatchQueue",
                        "A manager's approval cannot be checked here, so nothing was sent.",
                    )
                )
            approver = await asyncio.to_thread(
                self._directory.redeem_batch_approval,
                approval,
                batch_digest=check.digest,
                row_count=len(check.rows),
                totals=check.totals,
            )
        return await asyncio.to_thread(
            self.store.add,
            name or time.strftime("Batch %Y-%m-%d %H:%M"),
            staff,
            check.rows,
            check.digest,
            approver,
            approval.proof_id if approver is not None and approval is not None else None,
        )

    # -- sending ---------------------------------------------------------------

    def start(self, batch_id: str) -> asyncio.Task[None]:
        """Send the batch's unsent rows in the background; the one task doing so."""
        task = self._tasks.get(batch_id)
        if task is None or task.done():
            task = asyncio.get_running_loop().create_task(
                self.run(batch_id), name=f"batch-{batch_id}"
            )
            self._tasks[batch_id] = task
            task.add_done_callback(lambda done: self._forget_task(batch_id, done))
        return task

    def _forget_task(self, batch_id: str, task: asyncio.Task[None]) -> None:
        if self._tasks.get(batch_id) is task:
            del self._tasks[batch_id]
        if not task.cancelled() and task.exception() is not None:
            # Rows already sent are journaled and the rest stay queued: the next start
            # carries on. The error must still be seen.
            log.error("batch %s stopped", batch_id, exc_info=task.exception())

    async def run(self, batch_id: str) -> None:
        """Send every row not yet sent, until all are done, or the batch is paused or
        cancelled. Safe to call again after a restart: sent rows are not sent again."""
        if await asyncio.to_thread(self.store.state, batch_id) is not BatchState.SENDING:
            return  # paused (``resume`` carries on), cancelled or finished
        rows = await asyncio.to_thread(self.store.rows, batch_id)
        staff = await asyncio.to_thread(self.store.staff_of, batch_id)
        chains: dict[str, list[RowOutcome]] = {}
        for row in rows:
            if row.status in (RowStatus.QUEUED, RowStatus.CONFIRMING):
                chains.setdefault(row.charge_id, []).append(row)
        run = self._runs[batch_id] = _Run()
        pending = list(chains.values())
        try:
            await asyncio.gather(
                *(self._worker(batch_id, run, pending, staff) for _ in range(self._workers))
            )
            if await asyncio.to_thread(self.store.state, batch_id) is BatchState.SENDING:
                await asyncio.to_thread(self.store.set_state, batch_id, BatchState.FINISHED)
        finally:
            self._runs.pop(batch_id, None)
            await self._tell(batch_id)

    async def _worker(
        self, batch_id: str, run: _Run, pending: list[list[RowOutcome]], staff: StaffMember
    ) -> None:
        while pending:
            chain = pending.pop(0)
            for row in chain:
                if not await self._may_go_on(batch_id, run):
                    return
                await self._send_row(batch_id, row, staff)
                run.finished_here += 1
                await self._tell(batch_id)

    async def _may_go_on(self, batch_id: str, run: _Run) -> bool:
        while True:
            state = await asyncio.to_thread(self.store.state, batch_id)
            if state is BatchState.SENDING:
                return True
            if state is not BatchState.PAUSED:
                return False
            run.resume.clear()
            await run.resume.wait()

    async def _send_row(self, batch_id: str, row: RowOutcome, staff: StaffMember) -> None:
        request = BatchRowRequest(
            key=row.key,
            charge_id=row.charge_id,
            mode=row.mode,
            amount=row.amount,
            reason=row.reason,
            note=row.note,
            staff=staff,
            item_ids=row.item_ids,
        )
        attempt = 0
        while True:
            try:
                result = await self._refunds.refund_batch_row(request)
            except (RefundNotYet, ChargeBusy):
                # Nothing was sent; Clover could not be asked yet. Same row, same key.
                await asyncio.sleep(RETRY_BACKOFF[min(attempt, len(RETRY_BACKOFF) - 1)])
                attempt += 1
                if await asyncio.to_thread(self.store.state, batch_id) is BatchState.CANCELLED:
                    return
                continue
            except (RefundRefused, StaffError) as refused:
                # A row whose batch was cancelled meanwhile loses its grant: it shows
                # as cancelled, not refused.
                if await asyncio.to_thread(self.store.state, batch_id) is not BatchState.CANCELLED:
                    await asyncio.to_thread(self.store.refuse, row.key, message_of(refused))
                return
            if result.outcome is Outcome.UNKNOWN:
                # The next row of this charge must wait until this one is known.
                await self._refunds.wait_settled(row.key)
            return

    # -- controls --------------------------------------------------------------

    async def pause(self, batch_id: str) -> None:
        """Start no more rows (those in flight finish); ``resume`` carries on."""
        if await asyncio.to_thread(self.store.state, batch_id) is BatchState.SENDING:
            await asyncio.to_thread(self.store.set_state, batch_id, BatchState.PAUSED)
        await self._tell(batch_id)

    async def resume(self, batch_id: str) -> asyncio.Task[None] | None:
        """Carry on with a paused batch (in this process's run, or a new one)."""
        if await asyncio.to_thread(self.store.state, batch_id) is not BatchState.PAUSED:
            return None
        await asyncio.to_thread(self.store.set_state, batch_id, BatchState.SENDING)
        run = self._runs.get(batch_id)
        if run is not None:
            # The estimate of the time left counts from here, not across the pause.
            run.started, run.finished_here = time.monotonic(), 0
            run.resume.set()
            await self._tell(batch_id)
        return self.start(batch_id)

    async def cancel(self, batch_id: str) -> None:
        """Send none of the rows not started; rows already sent keep their outcome."""
        state = await asyncio.to_thread(self.store.state, batch_id)
        if state in (BatchState.SENDING, BatchState.PAUSED):
            await asyncio.to_thread(self.store.set_state, batch_id, BatchState.CANCELLED)
        run = self._runs.get(batch_id)
        if run is not None:
            run.resume.set()
        await self._tell(batch_id)

    async def resume_unfinished(self) -> dict[str, asyncio.Task[None]]:
        """After a start: settle unknown outcomes first, then carry on with every batch
        that was sending when the app stopped. The batches carried on with, by id."""
        await self._refunds.settle_all()
        sending = await asyncio.to_thread(self.store.batch_ids, BatchState.SENDING)
        return {batch_id: self.start(batch_id) for batch_id in sending}

    # -- reading ---------------------------------------------------------------

    async def progress(self, batch_id: str) -> BatchProgress:
        counts = await asyncio.to_thread(self.store.counts, batch_id)
        state = await asyncio.to_thread(self.store.state, batch_id)
        total = sum(counts.values())
        finished = sum(n for status, n in counts.items() if status.finished)
        return BatchProgress(
            batch_id, state, total, finished, counts, self._eta(batch_id, total - finished)
        )

    def _eta(self, batch_id: str, left: int) -> float | None:
        """Seconds until the rows left are done, at this run's pace so far (or, before a
        row has finished, at Clover's rate)."""
        if left == 0:
            return 0.0
        run = self._runs.get(batch_id)
        if run is None or run.finished_here == 0:
            return left * REQUESTS_PER_ROW / CLOVER_RATE_PER_S
        elapsed = time.monotonic() - run.started
        return left * elapsed / run.finished_here

    async def unfinished(self) -> list[str]:
        """Batches still sending or paused, oldest first (a dialog shows them again)."""
        return await asyncio.to_thread(self.store.batch_ids, BatchState.SENDING, BatchState.PAUSED)

    async def result_csv(self, batch_id: str) -> str:
        return result_csv(await asyncio.to_thread(self.store.rows, batch_id))

    async def close(self) -> None:
        """Stop sending (rows in flight are journaled; they resume on the next start)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
