"""Benchmark of the local history: sync time, first rows, search per keystroke, stalls, RSS.

    python tests/benchmarks/history.py [--orders 100000] [--days 90]

Starts a demo sandbox with that many orders in a child process (Clover's real limits: 16
requests/s and 5 in flight per token; export windows off), then, in this process:

1. ``sync_bound_s`` — what the limits allow: a bare client runs the same exports (same
   windows, same number at once, same polling) and downloads every file without
   decoding or storing anything. The range is the demo's history plus two days
   (``--days``, default 90: windows as ``plan_windows`` cuts them, about 18, 16, 14,
   12, 11, 9, 8 and 4 days);
2. ``sync_s`` — :class:`HistorySync` into a fresh store, on a qasync loop with the Sync
   panel shown, while a 10 ms heartbeat records the loop's longest stall
   (``max_stall_ms``). Idle processes, one per CPU, record the machine's own pauses
   meanwhile (``machine_pause_ms``, the longest); ``own_stall_ms`` is the longest stall
   once those are taken out, the part the program caused (see ``stalls.py``), and
   ``own_stall_cpu_ms`` the GUI thread's own CPU time in it;
3. ``first_rows_ms`` — store to visible rows: the first page of the Orders table read
   from the store, put in the table model and painted;
4. ``search_p50_ms`` / ``search_p95_ms`` — one keystroke: the store search for the text
   typed so far plus the table refill, for names, emails, phones, card last 4, amounts
   and ids typed character by character;
5. ``rss_mb`` — this process's peak resident memory.

The last line of output is one JSON object with those figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from stalls import Heartbeat, MachinePauses, longest, longest_own  # noqa: E402

from clover_desk.api.client import CloverClient, Profile  # noqa: E402
from clover_desk.api.hosts import Environment  # noqa: E402
from clover_desk.api.models.platform import ExportStatus, ExportType  # noqa: E402
from clover_desk.api.money import amount_text  # noqa: E402
from clover_desk.app import freeze_startup_objects  # noqa: E402
from clover_desk.services.history.clover import PlatformStaff  # noqa: E402
from clover_desk.services.history.reader import History  # noqa: E402
from clover_desk.services.history.store import HistoryStore, OrderQuery, from_ms  # noqa: E402
from clover_desk.services.history.sync import DAY_MS, HistorySync, plan_windows  # noqa: E402
from clover_desk.ui.gui_gc import GuiThreadCollector  # noqa: E402
from clover_desk.ui.history_rows import order_columns  # noqa: E402
from clover_desk.ui.sync_panel import SyncPanel  # noqa: E402
from clover_desk.ui.table import RowTableModel, RowTableView  # noqa: E402

#: The sandbox builds exports on a worker thread of its one Python process, so a second
#: export at once would only share the same interpreter lock; Clover builds them apart.
MAX_RUNNING = 1


def start_sandbox(orders: int, db: Path) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clover_desk.sandbox",
            "--seed",
            "demo",
            "--orders",
            str(orders),
            "--db",
            str(db),
            "--no-export-windows",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError("the sandbox did not start")
    return proc, json.loads(line)


def copy_seeded(source: Path, target: Path, orders: int) -> None:
    """Copy a seeded sandbox database with SQLite's backup (the running sandbox may still
    hold the last writes in its WAL file), refusing one seeded with another order count."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        row = src.execute("SELECT value FROM meta WHERE key = 'seed'").fetchone()
        if row is None or not row[0].endswith(f":{orders}"):
            raise SystemExit(f"{source} is not a sandbox seeded with {orders} orders: {row}")
        src.backup(dst)


def client(info: dict[str, Any]) -> CloverClient:
    profile = Profile(
        name="bench",
        merchant_id=info["merchant_id"],
        environment=Environment.TRAINING,
        training_url=info["base_url"],
    )
    return CloverClient(
        profile, api_token=info["api_token"], timeout=httpx.Timeout(900.0, connect=10.0)
    )


async def bound(info: dict[str, Any], start_ms: int, end_ms: int) -> float:
    """A bare client: same exports, same concurrency and polling, raw downloads only."""
    windows = [
        (kind, lo, hi)
        for lo, hi in reversed(plan_windows(start_ms, end_ms, []))
        for kind in (ExportType.ORDERS, ExportType.PAYMENTS)
    ]
    started = time.perf_counter()
    async with client(info) as c:
        queue: asyncio.Queue[Any] = asyncio.Queue()
        slots = asyncio.Semaphore(MAX_RUNNING)

        async def export(kind: ExportType, lo: int, hi: int) -> None:
            async with slots:
                e = await c.exports.create(kind, from_ms(lo), from_ms(hi))
                interval = 0.25
                while e.status.running:
                    await asyncio.sleep(interval)
                    interval = min(2.0, interval * 1.5)
                    e = await c.exports.get(e.id)
                assert e.status is ExportStatus.DONE
            await queue.put(e)

        async def download() -> None:
            for _ in windows:
                e = await queue.get()
                for url in e.urls:
                    response = await c.transport.http.get(url)
                    response.raise_for_status()

        await asyncio.gather(download(), *(export(*w) for w in windows))
    return time.perf_counter() - started


def keystroke_texts(store: HistoryStore, rng: random.Random) -> list[str]:
    """Realistic searches, typed one character at a time."""
    words: list[str] = []
    for first, last, emails, phones in store.query(
        "SELECT first_name, last_name, emails, phones FROM customers "
        "WHERE first_name IS NOT NULL ORDER BY random() LIMIT 12"
    ):
        words += [first, f"{first} {last}"]
        words += json.loads(emails or "[]")[:1] + json.loads(phones or "[]")[:1]
    for last4, amount, currency, pid in store.query(
        "SELECT last4, amount, currency, id FROM payments WHERE last4 IS NOT NULL "
        "ORDER BY random() LIMIT 12"
    ):
        words += [last4, amount_text(amount, currency), pid]
    words += [r[0] for r in store.query("SELECT id FROM orders ORDER BY random() LIMIT 8")]
    rng.shuffle(words)
    return [w[:n] for w in words for n in range(1, len(w) + 1)]


async def measure(args: argparse.Namespace, info: dict[str, Any], work: Path) -> dict[str, Any]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    figures: dict[str, Any] = {"orders": args.orders}
    end_ms = int(time.time() * 1000)
    start_ms = end_ms - (args.days + 2) * DAY_MS

    figures["sync_bound_s"] = round(await bound(info, start_ms, end_ms), 2)
    print(f"bound: {figures['sync_bound_s']} s", flush=True)

    store = HistoryStore(work / "history.sqlite3")
    async with client(info) as c:
        sync = HistorySync(
            store, c.exports, c.platform, staff=PlatformStaff(c.platform), max_running=MAX_RUNNING
        )
        panel = SyncPanel(sync)
        panel.resize(900, 500)
        panel.show()
        heartbeat = Heartbeat(0.01)
        with MachinePauses() as machine:
            heartbeat.start()
            started = time.perf_counter()
            await sync.run(from_ms(start_ms), from_ms(end_ms))
            figures["sync_s"] = round(time.perf_counter() - started, 2)
            heartbeat.stop()
        worst = longest(heartbeat.gaps)
        figures["max_stall_ms"] = round(worst.ms, 1) if worst else 0.0
        figures["machine_pause_ms"] = round(machine.longest_ms(), 1)
        own, own_gap = longest_own(heartbeat.gaps, machine.pauses)
        figures["own_stall_ms"] = round(own, 1)
        figures["own_stall_cpu_ms"] = round(own_gap.cpu_s * 1000, 1) if own_gap else 0.0
        panel.close()
    figures["stored"] = store.counts()
    print(f"sync: {figures['sync_s']} s, {figures['stored']}", flush=True)

    # store -> visible rows in the Orders table
    model: RowTableModel[Any] = RowTableModel(order_columns(), lambda r: r.id)
    view = RowTableView(model, "ordersTable", "Orders")
    view.resize(1100, 700)
    view.show()
    app.processEvents()
    history = History(store)
    samples = []
    for _ in range(5):
        model.reset_rows([])
        app.processEvents()
        t0 = time.perf_counter()
        feed = history.search_orders(OrderQuery())
        rows = await feed.next_page()
        model.reset_rows(rows, more_available=feed.more_available)
        view.viewport().repaint()
        samples.append((time.perf_counter() - t0) * 1000)
    figures["first_rows_ms"] = round(statistics.median(samples), 1)

    # one keystroke = the store search for the text so far + the table refill
    latencies = []
    for text in keystroke_texts(store, random.Random(7)):
        t0 = time.perf_counter()
        rows = store.orders_page(OrderQuery(text=text), limit=100)
        model.reset_rows(rows)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    figures["keystrokes"] = len(latencies)
    figures["search_p50_ms"] = round(latencies[len(latencies) // 2], 2)
    figures["search_p95_ms"] = round(latencies[int(len(latencies) * 0.95)], 2)
    store.close()
    figures["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["goals_met"] = {
        "sync": figures["sync_s"] <= 1.2 * figures["sync_bound_s"],
        "first_rows": figures["first_rows_ms"] <= 150,
        "search_p95": figures["search_p95_ms"] <= 30,
        "own_stall": figures["own_stall_ms"] <= 50,
        "rss": figures["rss_mb"] <= 400,
    }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument(
        "--days", type=int, default=90, help="days to sync, plus two (the demo's orders span 90)"
    )
    parser.add_argument(
        "--seeded",
        type=Path,
        help="a sandbox database to start from, seeded and saved there by the first run "
        "(seeding 500,000 orders takes minutes); it must hold --orders orders",
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory(prefix="history-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        sandbox_db = work / "sandbox.sqlite3"
        reuse = args.seeded is not None and args.seeded.exists()
        if reuse:
            copy_seeded(args.seeded, sandbox_db, args.orders)
        proc, info = start_sandbox(args.orders, sandbox_db)
        how = f"copied from {args.seeded}" if reuse else "seeded"
        print(f"sandbox with {args.orders} orders {how} in {time.perf_counter() - t0:.1f} s")
        if args.seeded is not None and not reuse:
            copy_seeded(sandbox_db, args.seeded, args.orders)
        try:
            loop = qasync.QEventLoop(app)
            asyncio.set_event_loop(loop)
            # Garbage collection as in clover-desk: start-up objects frozen, and cycles
            # collected only on the GUI thread.
            freeze_startup_objects()
            collector = GuiThreadCollector()
            collector.start()
            try:
                with loop:
                    figures = loop.run_until_complete(measure(args, info, work))
            finally:
                collector.stop()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    print(json.dumps(figures, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
