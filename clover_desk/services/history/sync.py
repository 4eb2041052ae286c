"""Bulk history sync: exports for the past, ``modifiedTime`` lists for what changed since.

:meth:`HistorySync.run` fills a :class:`~clover_desk.services.history.store.HistoryStore` for a
date range and then keeps it current:

1. **Reference data**: tenders, staff names and customers (with emails and phones).
2. **Backfill** through Clover's export service: the range is cut into windows of at most
   30 days per kind (ORDERS, PAYMENTS), back from its newest end, and exported newest
   first; windows already stored are never asked for again. Exports run one at a time
   at first; after one succeeds a second may start, and so on up to ``max_running``,
   and a 503 "too many exports" brings the allowance back down. An export is polled
   with backoff (0.25 s growing to 2 s) until ``DONE``; while the next one is being
   prepared by Clover, the files of the last are downloaded (one ahead) and stored —
   decoding and inserts happen off the event loop (the api decodes large files on a
   worker thread, the store writes on its own thread). Search documents are built once
   both kinds of a window are stored (the store's "Deferred documents"), in the
   background while the next window downloads, and for anything left at the end of the
   backfill.
3. **Catch-up**: orders, payments and refunds with ``modifiedTime`` at or after the
   cursor, in spans of at most 85 days (payment and refund time filters see 90 days).

Resuming. Each file's rows and the window's progress commit in one transaction, so after
a quit or a crash :meth:`run` continues with the next file of the same export. When that
export's files have expired (24 h), the window is exported again from the newest
``createdTime`` already stored — files come in ``createdTime`` order — so what is stored
is not downloaded again (a window whose files were not in order is redone whole; upserts
make any overlap harmless).

Availability windows. Outside Clover's export hours the service answers 503 with its
hours; the sync reports when the window opens (:class:`SyncStatus` ``WAITING`` with
``opens_at``), sleeps until then and carries on by itself. Cancelling the task stops it
cleanly at any point; nothing stored is lost.

The Clover side is reached through the protocols below (the api's ``ExportsApi`` and
``PlatformApi`` satisfy them), so this module never imports the transport.
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from clover_desk.api.errors import NotFound, OutcomeUnknown, ServiceUnavailable
from clover_desk.api.models.common import Elements
from clover_desk.api.models.platform import (
    Export,
    ExportStatus,
    ExportType,
    ExportUrl,
    Order,
    Payment,
    Refund,
    Tender,
    V3Customer,
)
from clover_desk.services.common import QT_TRANSLATE_NOOP, Listing
from clover_desk.services.history.store import (
    HistoryStore,
    SyncWindow,
    WindowStatus,
    from_ms,
    to_ms,
)

__all__ = [
    "DAY_MS",
    "MAX_WINDOW_MS",
    "MIN_WINDOW_MS",
    "SYNC_SLACK",
    "WRITE_SHARE",
    "ExportsGateway",
    "HistorySync",
    "PlatformGateway",
    "StaffDirectory",
    "SyncEvent",
    "SyncState",
    "SyncStatus",
    "WindowPhase",
    "WindowProgress",
    "next_opening",
    "parse_hours",
    "plan_windows",
]

log = logging.getLogger(__name__)

DAY_MS = 86_400_000
MAX_WINDOW_MS = 30 * DAY_MS
#: The shortest window of a range cut into several; a remainder shorter than this joins
#: the window before it rather than cost an export of its own.
MIN_WINDOW_MS = 2 * DAY_MS
#: Writing a day of history (storing its files, building its search documents) takes up
#: to this share of the time exporting that day takes: 0.87 measured at 500,000 orders
#: on two CPUs that the training sandbox's exports share (see plan_windows).
WRITE_SHARE = 0.87
#: How much longer than its exports a long sync may take, as a share of them.
SYNC_SLACK = 0.07
#: Payment and refund time filters see 90 days; stay well inside.
CATCH_UP_SPAN_MS = 85 * DAY_MS
KINDS = ("ORDERS", "PAYMENTS")
#: Export files written in one transaction at most (memory: ~1,000 objects each).
MAX_FILES_PER_WRITE = 6

ORDER_EXPAND = ("lineItems", "customers", "payments")
PAYMENT_EXPAND = ("tender", "cardTransaction", "refunds")
CUSTOMER_EXPAND = ("emailAddresses", "phoneNumbers")


# ---------------------------------------------------------------------------- gateways


class ExportsGateway(Protocol):
    """The export service (``clover_desk.api.exports.ExportsApi``)."""

    async def create(self, type_: ExportType, start: datetime, end: datetime) -> Export:
        """Queue an export of ``[start, end]`` (30 days at most)."""
        ...

    async def get(self, export_id: str) -> Export:
        """The export with its progress."""
        ...

    def file_contents(self, export: Export) -> AsyncIterator[bytes]:
        """Download the export's files, one body per file, undecoded: the store's
        writer process decodes them."""
        ...


class PlatformGateway(Protocol):
    """The v3 lists (``clover_desk.api.platform.PlatformApi``)."""

    def list_orders(
        self, *, filters: Sequence[str] = ..., expand: Sequence[str] = ..., page_size: int = ...
    ) -> Listing[Order]:
        """``GET /v3/merchants/{mId}/orders``."""
        ...

    def list_payments(
        self, *, filters: Sequence[str] = ..., expand: Sequence[str] = ..., page_size: int = ...
    ) -> Listing[Payment]:
        """``GET /v3/merchants/{mId}/payments``."""
        ...

    def list_refunds(
        self, *, filters: Sequence[str] = ..., expand: Sequence[str] = ..., page_size: int = ...
    ) -> Listing[Refund]:
        """``GET /v3/merchants/{mId}/refunds``."""
        ...

    def list_customers(
        self, *, filters: Sequence[str] = ..., expand: Sequence[str] = ..., page_size: int = ...
    ) -> Listing[V3Customer]:
        """``GET /v3/merchants/{mId}/customers``."""
        ...

    def list_tenders(self, *, page_size: int = ...) -> Listing[Tender]:
        """``GET /v3/merchants/{mId}/tenders``."""
        ...


class StaffDirectory(Protocol):
    """Names of the merchant's staff by Clover employee id."""

    async def employee_names(self) -> dict[str, str]:
        """``{employee id: name}``."""
        ...


# ---------------------------------------------------------------------------- planning


def plan_windows(
    start_ms: int,
    end_ms: int,
    covered: Sequence[tuple[int, int]],
    *,
    span_ms: int = MAX_WINDOW_MS,
    min_gap_ms: int = 60_000,
) -> list[tuple[int, int]]:
    """Windows of at most ``span_ms`` covering ``[start_ms, end_ms]`` minus ``covered``.

    Gaps shorter than ``min_gap_ms`` are left to the catch-up lists. Windows are
    contiguous and inclusive at both ends, as exports are; an object on a boundary is
    exported twice and stored once.

    Each gap is cut from its newest end, and the sync goes newest first. A window's
    files are written once its exports are done, while the older windows export. So
    the sync ends no sooner than, for every window, its exports' end plus the writing of
    it and of every older window. With ``N`` the gap, ``R`` what is still unplanned and
    writing at ``WRITE_SHARE`` of the exports' pace, keeping each of those sums within
    ``1 + SYNC_SLACK`` times the exports means each window is at most
    ``SYNC_SLACK * N + (1 - WRITE_SHARE) * R``: windows shrink from the newest to the
    oldest (92 days: about 18, 16, 14, 12, 11, 9, 8 and 4), and a long gap's windows are
    whole months until its last few weeks.

    A gap that fits one window stays one: later syncs cover days, and there a second
    export would cost more than the writing it overlaps.
    """
    if end_ms <= start_ms:
        return []
    gaps: list[tuple[int, int]] = []
    cursor = start_ms
    for lo, hi in sorted(covered):
        if hi <= cursor:
            continue
        if lo >= end_ms:
            break
        if lo > cursor:
            gaps.append((cursor, min(lo, end_ms)))
        cursor = max(cursor, hi)
        if cursor >= end_ms:
            break
    if cursor < end_ms:
        gaps.append((cursor, end_ms))
    windows: list[tuple[int, int]] = []
    for lo, hi in gaps:
        if hi - lo < min_gap_ms:
            continue
        if hi - lo <= span_ms:
            windows.append((lo, hi))
            continue
        windows.extend(reversed(_shrinking(lo, hi, span_ms)))
    return windows


def _shrinking(lo: int, hi: int, span_ms: int) -> list[tuple[int, int]]:
    """``[lo, hi]`` cut from its newest end into windows sized as plan_windows says."""
    gap = hi - lo
    pieces: list[tuple[int, int]] = []
    while hi > lo:
        left = hi - lo
        size = int(SYNC_SLACK * gap + (1 - WRITE_SHARE) * left)
        size = max(MIN_WINDOW_MS, min(span_ms, size))
        if left - size < MIN_WINDOW_MS:
            size = left
        pieces.append((hi - size, hi))
        hi -= size
    return pieces


# ---------------------------------------------------------------------- service hours

_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS_RE = re.compile(
    r"(?P<days>every\s+day|daily|weekdays|weekends|[A-Za-z]{3,9}(?:\s*[-–]\s*[A-Za-z]{3,9})?)"
    r"\s*:?\s*(?P<start>\d{1,2}:\d{2})\s*(?:-|–|to)\s*(?P<end>\d{1,2}:\d{2})",
    re.IGNORECASE,
)

#: (weekday Monday=0, start minute of day, end minute of day), UTC, end exclusive.
Hours = list[tuple[int, int, int]]


def _day(name: str) -> int | None:
    key = name.strip().lower()[:3]
    return _DAY_NAMES.index(key) if key in _DAY_NAMES else None


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _days(spec: str) -> list[int]:
    spec = " ".join(spec.lower().split())
    if spec in ("every day", "daily"):
        return list(range(7))
    if spec == "weekdays":
        return list(range(5))
    if spec == "weekends":
        return [5, 6]
    if "-" in spec or "–" in spec:
        first, _, last = re.split(r"\s*([-–])\s*", spec, maxsplit=1)
        a, b = _day(first), _day(last)
        if a is None or b is None:
            return []
        return [(a + i) % 7 for i in range((b - a) % 7 + 1)]
    one = _day(spec)
    return [] if one is None else [one]


def parse_hours(text: str, body: str = "") -> Hours:
    """Clover's export hours from a 503: the JSON body's ``availableHours`` if readable,
    else the message text (``"every day 10:00-15:00"``, ``"Mon-Fri 01:00-05:00, Sat
    02:00-05:00"``). Empty when nothing could be read.
    """
    hours: Hours = []
    try:
        parsed = json.loads(body) if body.strip().startswith("{") else None
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and isinstance(parsed.get("availableHours"), list):
        for entry in parsed["availableHours"]:
            if not isinstance(entry, dict):
                continue
            try:
                days = _days(str(entry.get("day", "")))
                start, end = _minutes(str(entry["start"])), _minutes(str(entry["end"]))
            except (KeyError, ValueError):
                continue
            hours.extend((d, start, end) for d in days)
        if hours:
            return hours
    for match in _HOURS_RE.finditer(text):
        days = _days(match.group("days"))
        start, end = _minutes(match.group("start")), _minutes(match.group("end"))
        hours.extend((d, start, end) for d in days)
    return hours


def next_opening(hours: Hours, now: datetime) -> datetime | None:
    """When the service is next open at or after ``now`` (``now`` itself if open)."""
    now = now.astimezone(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    minute_now = now.hour * 60 + now.minute
    best: datetime | None = None
    for offset in range(8):
        day = midnight + timedelta(days=offset)
        for weekday, start, end in hours:
            if weekday != day.weekday():
                continue
            if offset == 0 and start <= minute_now < end:
                return now
            candidate = day + timedelta(minutes=start)
            if candidate > now and (best is None or candidate < best):
                best = candidate
        if best is not None:
            return best
    return best


# ------------------------------------------------------------------------------ events


class WindowPhase(enum.StrEnum):
    """What is happening to one export window."""

    QUEUED = QT_TRANSLATE_NOOP("WindowPhase", "Queued")
    EXPORTING = QT_TRANSLATE_NOOP("WindowPhase", "Clover is preparing the export")
    DOWNLOADING = QT_TRANSLATE_NOOP("WindowPhase", "Downloading")
    DONE = QT_TRANSLATE_NOOP("WindowPhase", "Done")


@dataclass(frozen=True, slots=True)
class WindowProgress:
    """Progress of one export window (for a progress bar).

    Attributes:
        kind: ``"ORDERS"`` or ``"PAYMENTS"``.
        start / end: the window.
        phase: queued, exporting, downloading, done.
        percent: 0-100 over the whole window (export 0-20, files 20-100).
        files_done / files_total: files stored / in the export.
        objects: objects stored from this window.
    """

    kind: str
    start: datetime
    end: datetime
    phase: WindowPhase
    percent: int
    files_done: int = 0
    files_total: int = 0
    objects: int = 0

    @property
    def key(self) -> tuple[str, int]:
        """(kind, start ms): the same key as the stored window."""
        return (self.kind, to_ms(self.start))


class SyncState(enum.StrEnum):
    """The sync as a whole."""

    IDLE = "idle"
    RUNNING = "running"
    WAITING = "waiting"  #: outside the export service's hours; resumes by itself
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What to tell the user about the sync.

    Attributes:
        state: see :class:`SyncState`.
        message: a sentence for the status line.
        opens_at: when ``WAITING``, when the export service opens (UTC).
    """

    state: SyncState
    message: str
    opens_at: datetime | None = None


SyncEvent = WindowProgress | SyncStatus


@dataclass(slots=True)
class _Run:
    """Counters of one :meth:`HistorySync.run`, for benchmarks and logs."""

    exports_created: int = 0
    files_downloaded: int = 0
    objects_stored: int = 0
    urls: list[str] = field(default_factory=list)


class _Expired(Exception):
    """The export's files are gone (24 h): export the rest again."""


def _fmt_day(ms: int) -> str:
    return from_ms(ms).strftime("%Y-%m-%d")


def _wait_text(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    if hours:
        return QT_TRANSLATE_NOOP("HistorySync", "{hours} h {minutes} min").format(
            hours=hours, minutes=minutes
        )
    return QT_TRANSLATE_NOOP("HistorySync", "{minutes} min").format(minutes=minutes)


# ------------------------------------------------------------------------------- sync


class HistorySync:
    """Fills and refreshes one :class:`HistoryStore` from Clover.

    Args:
        store: where the history goes (also holds the sync's progress).
        exports: the export service.
        platform: the v3 lists.
        staff: staff names (optional).
        now_ms: wall clock in epoch ms (injectable for tests).
        sleep: how to wait for the export service to open (injectable for tests).
        max_running: most exports in progress at once (more only after one succeeded).
        poll_first / poll_max: first and longest poll interval, seconds.
        closed_retry_s: wait when a 503 names hours that cannot be read.
        margin_ms: overlap kept when moving the catch-up cursor (clock skew, late commits).

    Attributes:
        status: the last :class:`SyncStatus`.
        windows: the last :class:`WindowProgress` per window key.
        last_run: counters of the last run.
    """

    def __init__(
        self,
        store: HistoryStore,
        exports: ExportsGateway,
        platform: PlatformGateway,
        *,
        staff: StaffDirectory | None = None,
        now_ms: Callable[[], int] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        max_running: int = 2,
        poll_first: float = 0.25,
        poll_max: float = 2.0,
        closed_retry_s: float = 900.0,
        margin_ms: int = 60_000,
    ) -> None:
        self.store = store
        self.exports = exports
        self.platform = platform
        self.staff = staff
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))
        self._sleep = sleep or asyncio.sleep
        self.max_running = max(1, max_running)
        self.poll_first = poll_first
        self.poll_max = poll_max
        self.closed_retry_s = closed_retry_s
        self.margin_ms = margin_ms
        self.status = SyncStatus(
            SyncState.IDLE, QT_TRANSLATE_NOOP("HistorySync", "Not synced yet.")
        )
        self.windows: dict[tuple[str, int], WindowProgress] = {}
        self.last_run = _Run()
        self._listeners: list[Callable[[SyncEvent], None]] = []
        self._allowed = 1
        self._capacity_known = False
        self._running_exports = 0
        self._indexing: asyncio.Future[None] | None = None
        self._saving: list[asyncio.Future[None]] = []

    # -- listeners ----------------------------------------------------------------------

    def subscribe(self, listener: Callable[[SyncEvent], None]) -> Callable[[], None]:
        """Call ``listener`` with every event (on the event loop); returns unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: SyncEvent) -> None:
        if isinstance(event, SyncStatus):
            self.status = event
        else:
            self.windows[event.key] = event
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a sync listener failed")

    def _say(self, state: SyncState, message: str, opens_at: datetime | None = None) -> None:
        self._emit(SyncStatus(state, message, opens_at))

    def _progress(self, w: SyncWindow, phase: WindowPhase, export_percent: int = 0) -> None:
        if phase is WindowPhase.DONE:
            percent = 100
        elif phase is WindowPhase.DOWNLOADING and w.files_total:
            percent = 20 + 80 * w.files_done // w.files_total
        elif phase is WindowPhase.EXPORTING:
            percent = min(20, export_percent // 5)
        else:
            percent = 0
        self._emit(
            WindowProgress(
                kind=w.kind,
                start=w.start,
                end=w.end,
                phase=phase,
                percent=percent,
                files_done=w.files_done,
                files_total=w.files_total,
                objects=w.objects,
            )
        )

    # -- the whole job ------------------------------------------------------------------

    async def run(self, start: datetime, end: datetime | None = None) -> None:
        """Sync ``[start, end]`` (``end``: now) and catch up; the store is then current."""
        self.last_run = _Run()
        try:
            self._say(
                SyncState.RUNNING,
                QT_TRANSLATE_NOOP("HistorySync", "Reading tenders, staff and customers…"),
            )
            await self._reference_data()
            await self._backfill(start, end)
            await self._catch_up()
            await self.store.set_meta({"as_of_ms": str(self._now_ms())})
        except asyncio.CancelledError:
            self._say(
                SyncState.CANCELLED,
                QT_TRANSLATE_NOOP("HistorySync", "Sync cancelled; it will continue from here."),
            )
            raise
        except Exception as exc:
            self._say(
                SyncState.FAILED,
                QT_TRANSLATE_NOOP("HistorySync", "Sync failed: {reason}").format(reason=str(exc)),
            )
            raise
        self._say(SyncState.DONE, QT_TRANSLATE_NOOP("HistorySync", "History is up to date."))

    async def catch_up(self) -> None:
        """Keep current: reference data and everything modified since the last sync."""
        try:
            self._say(SyncState.RUNNING, QT_TRANSLATE_NOOP("HistorySync", "Looking for changes…"))
            await self._reference_data()
            await self._catch_up()
            await self.store.set_meta({"as_of_ms": str(self._now_ms())})
        except asyncio.CancelledError:
            self._say(SyncState.CANCELLED, QT_TRANSLATE_NOOP("HistorySync", "Sync cancelled."))
            raise
        except Exception as exc:
            self._say(
                SyncState.FAILED,
                QT_TRANSLATE_NOOP("HistorySync", "Sync failed: {reason}").format(reason=str(exc)),
            )
            raise
        self._say(SyncState.DONE, QT_TRANSLATE_NOOP("HistorySync", "History is up to date."))

    async def backfill(self, start: datetime, end: datetime | None = None) -> None:
        """Only the export part of :meth:`run` (tests, benchmarks)."""
        await self._backfill(start, end)

    # -- reference data -----------------------------------------------------------------

    async def _reference_data(self) -> None:
        tenders = await self.platform.list_tenders(page_size=1000).collect()
        if tenders:
            await self.store.put_tenders(tenders)
        if self.staff is not None:
            try:
                names = await self.staff.employee_names()
            except Exception as exc:  # staff names are a nicety; reports fall back to ids
                log.warning("could not read staff names: %s", exc)
            else:
                if names:
                    await self.store.put_employees(names)
        async for page in self.platform.list_customers(
            expand=CUSTOMER_EXPAND, page_size=1000
        ).pages():
            await self.store.put_customers(page)

    # -- backfill -----------------------------------------------------------------------

    async def _plan(self, start_ms: int, end_ms: int) -> list[SyncWindow]:
        stored = self.store.windows()
        new: list[SyncWindow] = []
        for kind in KINDS:
            covered = [(w.start_ms, w.end_ms) for w in stored if w.kind == kind]
            for lo, hi in plan_windows(start_ms, end_ms, covered):
                new.append(SyncWindow(kind, lo, hi, WindowStatus.PENDING, range_start_ms=lo))
        for w in new:
            await self.store.save_window(w)
        todo = [
            w
            for w in self.store.windows()
            if w.status is not WindowStatus.DONE and w.end_ms >= start_ms and w.start_ms <= end_ms
        ]
        # Newest first (people look at recent history first), orders before payments.
        todo.sort(key=lambda w: (-w.start_ms, KINDS.index(w.kind)))
        return todo

    async def _backfill(self, start: datetime, end: datetime | None) -> None:
        start_ms = to_ms(start)
        end_ms = to_ms(end) if end is not None else self._now_ms()
        todo = await self._plan(start_ms, end_ms)
        for w in self.store.windows():
            if w.end_ms >= start_ms and w.start_ms <= end_ms:
                self._progress(
                    w,
                    WindowPhase.DONE
                    if w.status is WindowStatus.DONE
                    else (WindowPhase.DOWNLOADING if w.files_total else WindowPhase.QUEUED),
                )
        if todo:
            self._say(
                SyncState.RUNNING,
                QT_TRANSLATE_NOOP(
                    "HistorySync", "Exporting {count} window(s) of history from {start} to {end}…"
                ).format(count=len(todo), start=_fmt_day(start_ms), end=_fmt_day(end_ms)),
            )
            queue: asyncio.Queue[tuple[SyncWindow, Export] | None] = asyncio.Queue(maxsize=2)
            producer = asyncio.ensure_future(self._produce(todo, queue))
            try:
                await self._consume(queue)
                await producer
                if self._indexing is not None:
                    await self._indexing
            finally:
                # Stop what still runs, and collect what failed unawaited (cancel() does
                # nothing to a finished task).
                for task in (producer, self._indexing):
                    if task is not None:
                        task.cancel()
                        await asyncio.gather(task, return_exceptions=True)
                self._indexing = None
                # Writes already handed to the writer thread finish there either way.
                saving, self._saving = self._saving, []
                await asyncio.gather(*saving, return_exceptions=True)
        # Whatever is still unsearchable: a window whose other kind is planned apart, or
        # files stored before a crash.
        await self.store.index_pending()
        # The catch-up must reach back to the oldest export not yet caught up on.
        pending = [
            w.export_created_ms
            for w in self.store.windows()
            if w.status is WindowStatus.DONE and not w.caught_up and w.export_created_ms
        ]
        if pending:
            cursor = self.store.meta("cursor_ms")
            candidate = min([*pending, end_ms]) - self.margin_ms
            if cursor is not None:
                candidate = min(candidate, int(cursor))
            await self.store.set_meta({"cursor_ms": str(candidate)})

    async def _produce(
        self, todo: list[SyncWindow], queue: asyncio.Queue[tuple[SyncWindow, Export] | None]
    ) -> None:
        """Get exports DONE, up to the allowed number at once, and queue them in order."""
        waiting = list(todo)
        running: dict[asyncio.Task[tuple[SyncWindow, Export]], int] = {}
        ready: dict[int, tuple[SyncWindow, Export]] = {}
        next_out = 0
        try:
            while waiting or running:
                while waiting and len(running) < self._allowed:
                    w = waiting.pop(0)
                    running[asyncio.ensure_future(self._ready_export(w))] = todo.index(w)
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    index = running.pop(task)
                    ready[index] = task.result()
                    if not self._capacity_known and self._allowed < self.max_running:
                        self._allowed += 1  # that one went well: the server may take more
                while next_out in ready:
                    await queue.put(ready.pop(next_out))
                    next_out += 1
        finally:
            for task in running:
                task.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)
        await queue.put(None)

    async def _consume(self, queue: asyncio.Queue[tuple[SyncWindow, Export] | None]) -> None:
        while True:
            item = await queue.get()
            await self._saved()
            if item is None:
                return
            w, export = item
            while True:
                try:
                    await self._store_files(w, export)
                    break
                except _Expired:
                    await self._saved()
                    w = self._window(w.key)
                    w, export = await self._ready_export(self._restart_point(w))

    def _window(self, key: tuple[str, int]) -> SyncWindow:
        for w in self.store.windows(key[0]):
            if w.key == key:
                return w
        raise KeyError(key)

    def _restart_point(self, w: SyncWindow) -> SyncWindow:
        """The window with its export forgotten, to be exported again from what is missing."""
        start = w.range_start_ms
        if w.sorted and w.last_created_ms is not None and w.files_done:
            start = max(start, w.last_created_ms)
        log.info(
            "export %s of %s %s expired; exporting again from %s",
            w.export_id,
            w.kind,
            _fmt_day(w.start_ms),
            from_ms(start).isoformat(),
        )
        return replace(
            w,
            status=WindowStatus.PENDING,
            range_start_ms=start,
            export_id=None,
            export_created_ms=w.export_created_ms,
            files_total=0,
            files_done=0,
            last_created_ms=None,
            sorted=True,
        )

    async def _ready_export(self, w: SyncWindow) -> tuple[SyncWindow, Export]:
        """A DONE export for what ``w`` still lacks: the stored one if alive, else new."""
        export: Export | None = None
        if w.export_id is not None:
            try:
                export = await self.exports.get(w.export_id)
            except NotFound:
                export = None
            if (
                export is not None
                and not export.status.running
                and export.status is not ExportStatus.DONE
            ):
                export = None  # it failed: export again
            if export is None:
                w = self._restart_point(w)
        self._running_exports += 1
        try:
            for _attempt in range(3):
                if export is None:
                    export = await self._create(w)
                    w = replace(
                        w,
                        status=WindowStatus.EXPORTING,
                        export_id=export.id,
                        export_created_ms=min(
                            _export_created(export, self._now_ms()),
                            w.export_created_ms or 2**62,
                        ),
                        files_total=0,
                        files_done=0,
                    )
                    self._save_soon(w)
                export = await self._poll(w, export)
                if export is not None:
                    break
            else:
                raise RuntimeError(f"Clover could not export {w.kind} from {_fmt_day(w.start_ms)}")
        finally:
            self._running_exports -= 1
        if w.files_total != len(export.urls):
            w = replace(w, files_total=len(export.urls))
            self._save_soon(w)
        self._progress(w, WindowPhase.DOWNLOADING)
        return w, export

    def _save_soon(self, w: SyncWindow) -> None:
        """Record the window's export without holding up the next export.

        Awaiting it made the next export wait for the writer thread's current batch of
        files: up to 150 ms, twice per export, at 100k orders. The record stays in order
        with the window's file writes queued after it, and a crash before it is written
        only costs exporting that window again.
        """
        self._saving.append(self.store.save_window_soon(w))

    async def _saved(self) -> None:
        """Wait for the window records queued so far; raise if one failed."""
        saving, self._saving = self._saving, []
        await asyncio.gather(*saving)

    async def _create(self, w: SyncWindow) -> Export:
        kind = ExportType.ORDERS if w.kind == "ORDERS" else ExportType.PAYMENTS
        start, end = from_ms(w.range_start_ms), from_ms(w.end_ms)
        if end <= start:  # nothing left of it: a zero-length window is one millisecond
            end = start + timedelta(milliseconds=1)
        busy_wait = 2.0
        while True:
            self._progress(w, WindowPhase.EXPORTING)
            try:
                export = await self.exports.create(kind, start, end)
            except OutcomeUnknown as exc:
                # The answer was lost (a slow service): the export may exist, but Clover
                # offers no way to find it again. Ask again; an orphan finishes on its own.
                log.warning("creating an export: %s; asking again", exc.message)
                await asyncio.sleep(busy_wait)
                busy_wait = min(60.0, busy_wait * 2)
                continue
            except ServiceUnavailable as exc:
                if exc.available_hours:
                    await self._wait_for_hours(exc)
                    continue
                # Too many exports at once (or Clover is struggling): take fewer, wait.
                self._capacity_known = True
                self._allowed = max(1, self._running_exports - 1)
                log.info("export service busy (%s); waiting %.0f s", exc.message, busy_wait)
                await asyncio.sleep(busy_wait)
                busy_wait = min(60.0, busy_wait * 2)
                continue
            self.last_run.exports_created += 1
            if self.status.state is SyncState.WAITING:
                self._say(
                    SyncState.RUNNING,
                    QT_TRANSLATE_NOOP("HistorySync", "The export service is open again; syncing…"),
                )
            return export

    async def _wait_for_hours(self, exc: ServiceUnavailable) -> None:
        text = exc.available_hours or ""
        hours = parse_hours(text, exc.body)
        now = from_ms(self._now_ms())
        opens = next_opening(hours, now) if hours else None
        if opens is not None and opens > now:
            wait = (opens - now).total_seconds() + 5
            message = QT_TRANSLATE_NOOP(
                "HistorySync",
                "Clover's export service is closed now. It opens {opens} UTC (in {wait}); "
                "the sync will carry on by itself then.",
            ).format(opens=f"{opens:%a %H:%M}", wait=_wait_text(wait))
        else:
            wait = self.closed_retry_s
            opens = now + timedelta(seconds=wait)
            message = QT_TRANSLATE_NOOP(
                "HistorySync",
                "Clover's export service is closed now ({hours}). Trying again in {wait}.",
            ).format(hours=text.strip(), wait=_wait_text(wait))
        self._say(SyncState.WAITING, message, opens)
        await self._sleep(wait)

    async def _poll(self, w: SyncWindow, export: Export) -> Export | None:
        """Poll with backoff until DONE; ``None`` when the export failed."""
        interval = self.poll_first
        while export.status.running:
            self._progress(w, WindowPhase.EXPORTING, int(export.percent_complete or 0))
            await asyncio.sleep(interval)
            interval = min(self.poll_max, interval * 1.5)
            try:
                export = await self.exports.get(export.id)
            except NotFound:
                return None
        if export.status is not ExportStatus.DONE:
            log.warning("export %s ended %s", export.id, export.status.value)
            return None
        return export

    async def _download(self, export: Export, url: str) -> bytes:
        single = replace_urls(export, url)
        contents = b""
        try:
            async for content in self.exports.file_contents(single):  # one URL, one body
                contents = content
        except NotFound as exc:
            raise _Expired(str(exc)) from exc
        self.last_run.files_downloaded += 1
        self.last_run.urls.append(url)
        return contents

    async def _store_files(self, w: SyncWindow, export: Export) -> None:
        """Download the export's files still missing and store them.

        The next file downloads while the last is written, and files that arrive while a
        write is in progress are written together by the next one (up to
        ``MAX_FILES_PER_WRITE``): when storing is the slower side, fewer and larger
        transactions keep up better, and a crash costs only the files not yet written.
        """
        urls = export.urls
        seq = w.files_done
        downloads: dict[int, asyncio.Future[bytes]] = {}
        writing: asyncio.Future[SyncWindow] | None = None
        ready: list[bytes] = []

        def download(index: int) -> None:
            if index < len(urls) and index not in downloads:
                downloads[index] = asyncio.ensure_future(self._download(export, urls[index]))

        async def written() -> SyncWindow:
            assert writing is not None
            stored = await writing
            self.last_run.objects_stored += stored.objects - w.objects
            self._progress(stored, WindowPhase.DOWNLOADING)
            return stored

        try:
            for index in range(seq, len(urls)):
                download(index)
                download(index + 1)
                ready.append(await downloads.pop(index))
                last = index + 1 == len(urls)
                if writing is not None and (
                    writing.done() or last or len(ready) >= MAX_FILES_PER_WRITE
                ):
                    w = await written()
                    writing = None
                if writing is None:
                    files, ready = ready, []
                    writing = asyncio.ensure_future(
                        self.store.put_export_contents(w, w.files_done, files)
                    )
            if writing is not None:
                w = await written()
                writing = None
        finally:
            for fetch in downloads.values():
                fetch.cancel()
            await asyncio.gather(*downloads.values(), return_exceptions=True)
            if writing is not None:
                # A write already handed to the store's thread finishes there either way.
                await asyncio.gather(writing, return_exceptions=True)
        await self._finish(w)

    async def _finish(self, w: SyncWindow) -> None:
        if w.status is not WindowStatus.DONE:
            w = replace(w, status=WindowStatus.DONE)
            await self.store.save_window(w)
        # Search documents need both kinds of the window (see the store's "Deferred
        # documents"): build them once the other kind's window is stored too.
        others = [x for x in self.store.windows() if x.kind != w.kind and x.start_ms == w.start_ms]
        if all(x.status is WindowStatus.DONE for x in others):
            self._index_in_background(w.start_ms, w.end_ms)
        self._progress(w, WindowPhase.DONE)

    def _index_in_background(self, start_ms: int, end_ms: int) -> None:
        """Build the window's search documents while the next window downloads.

        Awaiting them here kept the downloads idle for a third of a sync. The store's one
        writer thread runs the indexing between the next files' writes; indexing tasks
        chain, so they never compete with each other.
        """
        previous = self._indexing

        async def index() -> None:
            if previous is not None:
                await previous
            await self.store.index_pending(created_between=(start_ms, end_ms))

        self._indexing = asyncio.ensure_future(index())

    # -- catch-up -----------------------------------------------------------------------

    async def _catch_up(self) -> None:
        value = self.store.meta("cursor_ms")
        if value is None:
            return
        cursor = int(value)
        now = self._now_ms()
        self._say(
            SyncState.RUNNING,
            QT_TRANSLATE_NOOP("HistorySync", "Catching up on changes since {day}…").format(
                day=_fmt_day(cursor)
            ),
        )
        newest = cursor
        spans: list[list[str]] = []
        lo = cursor
        while now - lo > CATCH_UP_SPAN_MS:
            hi = lo + CATCH_UP_SPAN_MS
            spans.append([f"modifiedTime>={lo}", f"modifiedTime<{hi}"])
            lo = hi
        spans.append([f"modifiedTime>={lo}"])
        for filters in spans:
            async for orders in self.platform.list_orders(
                filters=filters, expand=ORDER_EXPAND, page_size=1000
            ).pages():
                await self.store.put_orders(orders)
                newest = max(newest, *(_mod(o.modified_time) for o in orders))
            async for payments in self.platform.list_payments(
                filters=filters, expand=PAYMENT_EXPAND, page_size=1000
            ).pages():
                await self.store.put_payments(payments)
                newest = max(newest, *(_mod(p.modified_time) for p in payments))
            async for refunds in self.platform.list_refunds(
                filters=filters, page_size=1000
            ).pages():
                await self.store.put_refunds(refunds)
                newest = max(newest, *(_mod(r.modified_time) for r in refunds))
        next_cursor = max(cursor, newest - self.margin_ms)

        def mark(conn: Any) -> None:
            conn.execute("UPDATE sync_windows SET caught_up = 1 WHERE status = 'done'")
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('cursor_ms', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(next_cursor),),
            )

        await self.store.write(mark)


def _mod(moment: datetime | None) -> int:
    return to_ms(moment) if moment is not None else 0


def _export_created(export: Export, fallback: int) -> int:
    return to_ms(export.created_time) if export.created_time is not None else fallback


def replace_urls(export: Export, url: str) -> Export:
    """A copy of ``export`` listing one file (to download files one at a time)."""
    ref = export.export_urls.elements[0].export if export.export_urls else None
    return Export(
        id=export.id,
        type=export.type,
        status=export.status,
        export_urls=Elements(elements=(ExportUrl(url=url, export=ref),)),
    )
