"""History sync against real sandboxes: windows, resume, expiry, 503 hours, catch-up.

Truth comes from the sandbox's own database (``sandbox.state.db``), never from the
client: ids and sums in the local store must equal what the sandbox holds.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from clover_helpers import card_charge, client_for

from clover_desk.api.models.platform import Export, ExportType
from clover_desk.sandbox import RunningSandbox, start_sandbox
from clover_desk.services.history.store import HistoryStore, WindowStatus, from_ms, to_ms
from clover_desk.services.history.sync import (
    DAY_MS,
    MAX_WINDOW_MS,
    MIN_WINDOW_MS,
    SYNC_SLACK,
    WRITE_SHARE,
    HistorySync,
    SyncState,
    SyncStatus,
    next_opening,
    parse_hours,
    plan_windows,
)

pytestmark = pytest.mark.asyncio

#: as tests/conftest.py: Clover's limits far out of reach
GENEROUS_LIMITS: dict[str, Any] = {"rate_limit_per_s": 10_000, "max_concurrent": 100}

# ----------------------------------------------------------------------- pure parts


@pytest.mark.parametrize("days", [1, 29, 30, 31, 32, 60, 75, 88, 92, 365, 1000])
async def test_windows_cover_the_range_shrinking_toward_the_oldest(days: int) -> None:
    start = 1_700_000_000_000
    end = start + days * DAY_MS
    windows = plan_windows(start, end, [])
    assert windows[0][0] == start
    assert windows[-1][1] == end
    assert all(hi - lo <= MAX_WINDOW_MS for lo, hi in windows)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))
    if days <= 30:
        assert windows == [(start, end)]
        return
    newest_first = [hi - lo for lo, hi in reversed(windows)]
    # Each window is written while the older ones export, so none is longer than the
    # one exported before it (the oldest may take in a remainder too short to export).
    assert all(a >= b for a, b in itertools.pairwise(newest_first[:-1]))
    assert newest_first[-1] < newest_first[-2] + MIN_WINDOW_MS
    assert all(length >= MIN_WINDOW_MS for length in newest_first)
    # The sync ends no sooner than any window's exports plus the writing of it and every
    # older window; at WRITE_SHARE that stays within SYNC_SLACK of the exports (plus the
    # shortest window, which a short range is made of).
    gap = end - start
    exported = 0
    for length in newest_first:
        left = gap - exported
        exported += length
        assert exported + WRITE_SHARE * left <= (1 + SYNC_SLACK) * gap + MIN_WINDOW_MS
    # and up to four months is at most eight windows; longer ranges are mostly whole
    # months
    if days <= 120:
        assert len(windows) <= 8
    else:
        assert newest_first.count(MAX_WINDOW_MS) * MAX_WINDOW_MS >= 0.9 * gap


async def test_windows_skip_what_is_covered_and_tiny_gaps() -> None:
    start = 1_700_000_000_000
    covered = [(start + 10 * DAY_MS, start + 40 * DAY_MS)]
    windows = plan_windows(start, start + 50 * DAY_MS, covered)
    assert windows == [
        (start, start + 10 * DAY_MS),
        (start + 40 * DAY_MS, start + 50 * DAY_MS),
    ]
    # a resumed sync a few seconds later plans nothing new
    assert plan_windows(start, start + 40 * DAY_MS + 5_000, covered + windows[:1]) == []


async def test_service_hours_from_503_text_and_body() -> None:
    na = parse_hours(
        "Export service is available only during these hours (UTC): every day 10:00-15:00."
    )
    assert sorted({d for d, _, _ in na}) == list(range(7))
    assert {(s, e) for _, s, e in na} == {(600, 900)}
    eu = parse_hours("Mon-Fri 01:00-05:00, Sat 02:00-05:00, Sun 02:00-06:00")
    assert (0, 60, 300) in eu
    assert (4, 60, 300) in eu
    assert (5, 120, 300) in eu
    assert (6, 120, 360) in eu
    body = '{"availableHours": [{"day": "MONDAY", "start": "10:00", "end": "15:00"}]}'
    assert parse_hours("", body) == [(0, 600, 900)]
    # Tuesday 16:00 UTC: next opening Wednesday 10:00; inside the window: now
    tuesday = datetime(2024, 5, 7, 16, 0, tzinfo=UTC)
    assert next_opening(na, tuesday) == datetime(2024, 5, 8, 10, 0, tzinfo=UTC)
    inside = datetime(2024, 5, 7, 11, 0, tzinfo=UTC)
    assert next_opening(na, inside) == inside
    saturday_night = datetime(2024, 5, 11, 23, 0, tzinfo=UTC)
    assert next_opening(eu, saturday_night) == datetime(2024, 5, 12, 2, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- helpers


def truth(sb: RunningSandbox) -> dict[str, Any]:
    """Ids and sums straight from the sandbox's tables."""
    db = sb.state.db
    mid = sb.info["merchant_id"]
    orders = db.query(
        "SELECT id, total FROM orders WHERE merchant_id = ? AND deleted_ms IS NULL", (mid,)
    )
    charges = db.query("SELECT id, amount, tip_amount FROM charges WHERE merchant_id = ?", (mid,))
    refunds = db.query("SELECT id, amount FROM refunds WHERE merchant_id = ?", (mid,))
    return {
        "orders": {r["id"] for r in orders},
        "payments": {r["id"] for r in charges},
        "refunds": {r["id"] for r in refunds},
        "order_total": sum(r["total"] or 0 for r in orders),
        "paid": sum(r["amount"] + r["tip_amount"] for r in charges),
        "refunded": sum(r["amount"] for r in refunds),
    }


def stored(store: HistoryStore) -> dict[str, Any]:
    q = store.query
    return {
        "orders": {r[0] for r in q("SELECT id FROM orders")},
        "payments": {r[0] for r in q("SELECT id FROM payments")},
        "refunds": {r[0] for r in q("SELECT id FROM refunds")},
        "order_total": q("SELECT coalesce(sum(total), 0) FROM orders")[0][0],
        "paid": q("SELECT coalesce(sum(amount + tip_amount), 0) FROM payments")[0][0],
        "refunded": q("SELECT coalesce(sum(amount), 0) FROM refunds")[0][0],
    }


def history_start(sb: RunningSandbox) -> datetime:
    db = sb.state.db
    mid = sb.info["merchant_id"]
    first = db.scalar(
        "SELECT min(m) FROM (SELECT min(created_ms) m FROM orders WHERE merchant_id = ? "
        "UNION ALL SELECT min(created_ms) FROM charges WHERE merchant_id = ?)",
        (mid, mid),
    )
    return from_ms(int(first)) - timedelta(days=1)


class Recorder:
    """Collects sync events."""

    def __init__(self) -> None:
        self.events: list[Any] = []

    def __call__(self, event: Any) -> None:
        self.events.append(event)

    def statuses(self) -> list[SyncStatus]:
        return [e for e in self.events if isinstance(e, SyncStatus)]


class SimulatedCrash(Exception):
    """The process dies here."""


class CrashingExports:
    """The real export API, but the process "dies" when asked for file ``crash_after + 1``.

    Counted when a download starts, not when it ends: the sync asks for the next file
    before the last one arrives.
    """

    def __init__(self, real: Any, crash_after: int | None = None) -> None:
        self.real = real
        self.crash_after = crash_after
        self.started = 0
        self.downloaded: list[str] = []
        self.created: list[tuple[ExportType, datetime, datetime]] = []

    async def create(self, type_: ExportType, start: datetime, end: datetime) -> Export:
        export: Export = await self.real.create(type_, start, end)
        self.created.append((type_, start, end))  # only exports Clover accepted
        return export

    async def get(self, export_id: str) -> Export:
        export: Export = await self.real.get(export_id)
        return export

    async def file_contents(self, export: Export) -> AsyncIterator[bytes]:
        self.started += 1
        if self.crash_after is not None and self.started > self.crash_after:
            raise SimulatedCrash(f"after {self.crash_after} files")
        async for content in self.real.file_contents(export):
            self.downloaded.extend(export.urls)
            yield content


def make_sync(store: HistoryStore, client: Any, exports: Any = None, **kw: Any) -> HistorySync:
    return HistorySync(
        store, exports or client.exports, client.platform, poll_first=0.02, poll_max=0.2, **kw
    )


# --------------------------------------------------------------------- a whole sync


async def test_sync_stores_exactly_what_the_sandbox_holds(
    demo_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    recorder = Recorder()
    try:
        async with client_for(demo_sandbox) as client:
            sync = make_sync(store, client)
            sync.subscribe(recorder)
            await sync.run(history_start(demo_sandbox))
        assert stored(store) == truth(demo_sandbox)
        windows = store.windows()
        assert windows
        assert all(w.status is WindowStatus.DONE for w in windows)
        assert all(w.end_ms - w.start_ms <= MAX_WINDOW_MS for w in windows)
        assert {w.kind for w in windows} == {"ORDERS", "PAYMENTS"}
        assert store.populated()
        assert store.meta("cursor_ms") is not None
        assert recorder.statuses()[-1].state is SyncState.DONE
        # Card details come from the PAYMENTS export, customer emails from the list.
        card = store.query("SELECT count(*) FROM payments WHERE last4 IS NOT NULL")[0][0]
        assert card > 0
        assert store.query("SELECT count(*) FROM customers WHERE emails != '[]'")[0][0] > 0
        # Syncing again downloads nothing: every window is stored.
        async with client_for(demo_sandbox) as client:
            again = make_sync(store, client)
            await again.run(history_start(demo_sandbox))
            assert again.last_run.exports_created == 0
        assert stored(store) == truth(demo_sandbox)
    finally:
        store.close()


# --------------------------------------------------------- resume, expiry, 503 hours


@pytest.fixture(scope="module")
def big_sandbox() -> Iterator[RunningSandbox]:
    """Enough orders for two files per export window (writes allowed)."""
    with start_sandbox(
        seed="demo", orders=8000, seed_number=11, export_windows=False, **GENEROUS_LIMITS
    ) as running:
        yield running


async def test_resume_after_a_crash_downloads_only_what_is_missing(
    big_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    start = history_start(big_sandbox)
    store = HistoryStore(path)
    async with client_for(big_sandbox) as client:
        crashing = CrashingExports(client.exports, crash_after=3)
        with pytest.raises(SimulatedCrash):
            await make_sync(store, client, crashing).run(start)
    first = list(crashing.downloaded)
    half = [w for w in store.windows() if 0 < w.files_done < w.files_total]
    assert half, "the crash should leave a window with some of its files stored"
    assert not store.populated()
    store.close()

    store = HistoryStore(path)  # a new process opens the same file
    try:
        async with client_for(big_sandbox) as client:
            watching = CrashingExports(client.exports)
            await make_sync(store, client, watching).run(start)
        assert not set(first) & set(watching.downloaded), "a stored file was downloaded again"
        # the half-done windows went on with their own exports: none was exported again
        for h in half:
            assert not [c for c in watching.created if c[0].value == h.kind and c[2] == h.end]
        assert stored(store) == truth(big_sandbox)
        counts = store.counts()
        assert counts["orders"] == len(truth(big_sandbox)["orders"])  # no duplicates
    finally:
        store.close()


class PausingExports(CrashingExports):
    """The real export API; ``reached`` is set once ``after`` files have been downloaded."""

    def __init__(self, real: Any, after: int) -> None:
        super().__init__(real)
        self.after = after
        self.reached = asyncio.Event()

    async def file_contents(self, export: Export) -> AsyncIterator[bytes]:
        async for content in super().file_contents(export):
            yield content
            if len(self.downloaded) >= self.after:
                self.reached.set()


async def test_cancelled_sync_keeps_what_it_stored_and_carries_on(
    big_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    recorder = Recorder()
    try:
        async with client_for(big_sandbox) as client:
            pausing = PausingExports(client.exports, after=3)
            sync = make_sync(store, client, pausing)
            sync.subscribe(recorder)
            task = asyncio.ensure_future(sync.run(history_start(big_sandbox)))
            await asyncio.wait_for(pausing.reached.wait(), timeout=60)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        assert recorder.statuses()[-1].state is SyncState.CANCELLED
        windows = store.windows()
        assert sum(w.files_done for w in windows) > 0
        assert 0 < store.counts()["orders"] < len(truth(big_sandbox)["orders"])
        finished = {(w.kind, w.end_ms) for w in windows if w.status is WindowStatus.DONE}
        assert finished, "the first window was stored before the cancel"

        async with client_for(big_sandbox) as client:
            watching = CrashingExports(client.exports)
            await make_sync(store, client, watching).run(history_start(big_sandbox))
        assert stored(store) == truth(big_sandbox)
        # what was finished before the cancel was not exported again
        again = {(c[0].value, to_ms(c[2])) for c in watching.created}
        assert not finished & again
        assert store.query("SELECT count(*) FROM search_pending") == [(0,)]
    finally:
        store.close()


class BusyStoreExports(CrashingExports):
    """The real export API; once the first export is created, the store's writer thread
    is kept busy (a slow disk) until ``release`` is set."""

    def __init__(self, real: Any, store: HistoryStore) -> None:
        super().__init__(real)
        self.store = store
        self.release = threading.Event()

    async def create(self, type_: ExportType, start: datetime, end: datetime) -> Export:
        if not self.created:
            self.store.write_soon(lambda _conn: self.release.wait(60))
        return await super().create(type_, start, end)


async def test_exports_go_on_while_the_store_is_busy(
    big_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    try:
        async with client_for(big_sandbox) as client:
            busy = BusyStoreExports(client.exports, store)
            task = asyncio.ensure_future(
                make_sync(store, client, busy).run(history_start(big_sandbox))
            )
            try:
                # Clover prepares the next windows while nothing can be written.
                for _ in range(600):
                    if len(busy.created) >= 3 or task.done():
                        break
                    await asyncio.sleep(0.05)
                assert len(busy.created) >= 3
                assert store.counts()["orders"] == 0
            finally:
                busy.release.set()
            await task
        assert stored(store) == truth(big_sandbox)
    finally:
        store.close()


async def test_expired_files_are_exported_again_from_what_is_stored(
    big_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    start = history_start(big_sandbox)
    store = HistoryStore(path)
    async with client_for(big_sandbox) as client:
        crashing = CrashingExports(client.exports, crash_after=3)
        with pytest.raises(SimulatedCrash):
            await make_sync(store, client, crashing, max_running=1).run(start)
    half = next(w for w in store.windows() if 0 < w.files_done < w.files_total)
    assert half.last_created_ms is not None
    store.close()

    # 25 hours later the export's files are gone (24 h lifetime).
    async with httpx.AsyncClient(base_url=big_sandbox.info["admin_url"] + "/") as admin:
        answer = await admin.post("clock", json={"advance_ms": 25 * 3_600_000})
        answer.raise_for_status()
    assert big_sandbox.state.clock.offset_ms >= 25 * 3_600_000

    store = HistoryStore(path)
    try:
        async with client_for(big_sandbox) as client:
            watching = CrashingExports(client.exports)
            await make_sync(store, client, watching).run(start)
        redo = [c for c in watching.created if c[0].value == half.kind and c[2] == half.end]
        assert len(redo) == 1
        # exported again only from the newest createdTime already stored, not the start
        assert redo[0][1] == from_ms(half.last_created_ms) > half.start
        assert stored(store) == truth(big_sandbox)
    finally:
        store.close()


async def test_outside_export_hours_the_sync_waits_and_carries_on(tmp_path: Path) -> None:
    with start_sandbox(
        seed="demo", orders=120, seed_number=5, export_windows=True, **GENEROUS_LIMITS
    ) as sb:
        # Put sandbox time at 16:00 UTC, after the NA window (10:00-15:00) closed.
        now = sb.state.clock.now_ms()
        moment = from_ms(now)
        target = moment.replace(hour=16, minute=0, second=0, microsecond=0)
        if target <= moment:
            target += timedelta(days=1)
        sb.state.clock.advance(int((target - moment).total_seconds() * 1000))
        slept: list[float] = []

        async def sleep(seconds: float) -> None:  # time flies: move the sandbox's clock
            slept.append(seconds)
            sb.state.clock.advance(int(seconds * 1000))
            await asyncio.sleep(0)

        store = HistoryStore(tmp_path / "history.sqlite3")
        recorder = Recorder()
        try:
            async with client_for(sb) as client:
                sync = make_sync(store, client, now_ms=sb.state.clock.now_ms, sleep=sleep)
                sync.subscribe(recorder)
                await sync.run(history_start(sb))
            waiting = [s for s in recorder.statuses() if s.state is SyncState.WAITING]
            assert waiting, "the user must be told the export service is closed"
            assert waiting[0].opens_at == target.replace(hour=10) + timedelta(days=1)
            assert "10:00 UTC" in waiting[0].message
            assert slept
            assert 17 * 3600 < slept[0] < 18.1 * 3600
            assert recorder.statuses()[-1].state is SyncState.DONE
            assert stored(store) == truth(sb)
        finally:
            store.close()


# ---------------------------------------------------------------------- incremental


async def test_catch_up_brings_new_and_modified_objects(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    try:
        async with client_for(sandbox) as client:
            first = await card_charge(client, 1500)
            sync = make_sync(store, client)
            await sync.run(datetime.now(UTC) - timedelta(days=3))
            assert stored(store) == truth(sandbox)
            exports_before = sync.last_run.exports_created

            second = await card_charge(client, 2600, tip=300)
            await client.ecommerce.create_refund(first.id, amount=700)
            await sync.catch_up()
            assert sync.last_run.exports_created == exports_before  # lists, not exports
            assert stored(store) == truth(sandbox)
            ids = {r[0] for r in store.query("SELECT id FROM payments")}
            assert {first.id, second.id} <= ids
            refunded = store.query(
                "SELECT sum(amount) FROM refunds WHERE payment_id = ?", (first.id,)
            )[0][0]
            assert refunded == 700
    finally:
        store.close()
