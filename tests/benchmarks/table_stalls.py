"""GUI-thread stalls of the Orders table over a large synced history (run on demand).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/table_stalls.py [--orders 100000 500000]

For each size, a history store is filled with that many orders through the store's own
writer (``HistoryStore.put_orders``: rows, customers, payments, search documents), then
the real window (``DeskApp``, training sandbox) opens on it with the Orders tab reading
the store. Each action is done as staff would, and a 2 ms heartbeat on the event loop
records the longest time the GUI thread did not answer until the action's rows were in
the table:

* ``sort:<column>:asc|desc``: a click on the column's header (``sortByColumn``);
* ``filter:<what>``: a state, a total range or both, then *Search*;
* ``search:<text>``: the search box typed one character at a time, *Search* each time;
* ``scroll:5000``: paging on to 5,000 rows in the current sort;
* ``idle:0.5s``: nothing at all, the floor the machine gives (a shared one: tens of ms).

For reference, ``model_sort_ms``: how long sorting the same orders, all loaded, in a
table model that sorts itself takes on the GUI thread (what a header click did before
the store sorted). The last line is one JSON object::

    {"<orders>": {"max_stall_ms": M, "worst_action": A, "max_own_stall_ms": O,
                  "worst_own_action": B, "machine_pause_ms": P, "stalls_ms": {action: ms},
                  "own_stalls_ms": {action: ms}, "stall_cpu_ms": {action: ms},
                  "max_stall_cpu_ms": C, "rows_ms": {action: ms}, "model_sort_ms": S,
                  "fill_s": F}, ...}

``rows_ms`` is from the action to its rows in the table. ``stall_cpu_ms`` is the GUI
thread's own CPU time within each longest stall. Idle processes, one per CPU, record the
machine's own pauses meanwhile (``machine_pause_ms``, the longest); ``own_stalls_ms``
are the stalls once those are taken out, the part the program caused (``stalls.py``).
Goal: ``max_own_stall_ms <= 50``, with ``max_stall_ms`` beside it as seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import msgspec  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from stalls import Gap, Heartbeat, MachinePauses, longest, longest_own  # noqa: E402

from clover_desk.api.models.common import dec_hook  # noqa: E402
from clover_desk.api.models.platform import Order  # noqa: E402
from clover_desk.app import DeskApp, freeze_startup_objects  # noqa: E402
from clover_desk.sandbox import start_sandbox  # noqa: E402
from clover_desk.services.history.store import HistoryStore, OrderQuery, OrderRow  # noqa: E402
from clover_desk.services.merchant.paths import AppPaths  # noqa: E402
from clover_desk.services.merchant.profiles import TRAINING_PROFILE_ID  # noqa: E402
from clover_desk.services.sales.orders import OrderState  # noqa: E402
from clover_desk.ui.gui_gc import GuiThreadCollector  # noqa: E402
from clover_desk.ui.history_rows import OrderColumn, order_columns  # noqa: E402
from clover_desk.ui.table import RowTableModel  # noqa: E402

FIRST = ["Ava", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jun"]
LAST = ["Nguyen", "Okafor", "Smith", "Müller", "García", "Kowalski", "Tanaka", "Rossi"]
STAFF = {f"EMP{n:09d}": name for n, name in enumerate(["Olivia", "Marcus", "Cora", "Sam"])}
STATES = ["PAID", "OPEN", "PARTIALLY_PAID", "REFUNDED", "PARTIALLY_REFUNDED"]
BATCH = 2_000


def order_dict(n: int, now_ms: int, span_ms: int) -> dict[str, Any]:
    """Order ``n`` of a café's history: a customer on some, a payment on most."""
    created = now_ms - span_ms + (n * span_ms) // ORDERS_TOTAL[0]
    total = 250 + (n * 7919) % 20_000
    order: dict[str, Any] = {
        "id": f"BENCH{n:08d}",
        "currency": "USD",
        "total": total if n % 97 else None,
        "state": "locked",
        "paymentState": STATES[n % len(STATES)],
        "createdTime": created,
        "modifiedTime": created,
        "employee": {"id": list(STAFF)[n % len(STAFF)]},
    }
    if n % 4 == 0:
        order["note"] = f"table {n % 23} please"
    if n % 3 == 0:
        cid = f"CUST{n % 5000:09d}"
        order["customers"] = {
            "elements": [{"id": cid, "firstName": FIRST[n % 10], "lastName": LAST[(n // 10) % 8]}]
        }
    if n % 5:
        order["payments"] = {
            "elements": [
                {
                    "id": f"BPAY{n:08d}",
                    "amount": total,
                    "tipAmount": n % 300,
                    "result": "SUCCESS",
                    "createdTime": created + 1000,
                    "modifiedTime": created + 1000,
                    "cardTransaction": {"cardType": "VISA", "last4": f"{n % 10000:04d}"},
                }
            ]
        }
    return order


#: How many orders the current fill spreads over its span (set per size).
ORDERS_TOTAL = [0]


async def fill(path: Path, orders: int) -> float:
    """Write ``orders`` orders into a new store at ``path``; seconds it took."""
    started = time.perf_counter()
    ORDERS_TOTAL[0] = orders
    now_ms = int(datetime.now(UTC).timestamp() * 1000)
    span_ms = int(timedelta(days=90).total_seconds() * 1000)
    store = HistoryStore(path)
    decoder = msgspec.json.Decoder(list[Order], dec_hook=dec_hook)
    try:
        for first in range(0, orders, BATCH):
            last = min(orders, first + BATCH)
            batch = [order_dict(n, now_ms, span_ms) for n in range(first, last)]
            await store.put_orders(decoder.decode(msgspec.json.encode(batch)))
        await store.put_employees(STAFF)
        await store.set_meta({"as_of_ms": str(now_ms)})
    finally:
        await store.aclose()
    return time.perf_counter() - started


async def settle(desk: DeskApp) -> None:
    """Until every job the action started has finished (its rows are in the table)."""
    await asyncio.sleep(0)
    while desk.window.jobs.busy():  # noqa: ASYNC110 - Jobs has no awaitable "idle"
        await asyncio.sleep(0.001)


async def measure(
    desk: DeskApp, heart: Heartbeat, act: Callable[[], Coroutine[Any, Any, None]]
) -> tuple[list[Gap], float]:
    """The heartbeat's gaps during ``act`` until its rows are in the table, and how long
    that took (ms)."""
    await settle(desk)
    await asyncio.sleep(0.05)
    first = len(heart.gaps)
    started = time.perf_counter()
    await act()
    await settle(desk)
    rows = time.perf_counter() - started
    await asyncio.sleep(0.01)  # the paint after the last rows counts too
    return heart.gaps[first:], rows * 1000


async def run_size(orders: int, home: Path) -> dict[str, Any]:
    paths = AppPaths.under(home).ensure()
    fill_s = await fill(paths.history_for(TRAINING_PROFILE_ID), orders)
    sandbox = start_sandbox(
        seed="demo", orders=50, export_windows=False, rate_limit_per_s=10_000, max_concurrent=100
    )
    desk = DeskApp(paths)
    desk.adopt_sandbox(sandbox)
    desk.window.resize(1280, 800)
    desk.window.show()
    collector = GuiThreadCollector(parent=desk.window)
    collector.start()
    heart = Heartbeat(0.002)
    gaps: dict[str, list[Gap]] = {}
    rows_ms: dict[str, float] = {}
    with MachinePauses() as machine:
        try:
            await desk.open_profile(None)
            desk.sign_in_training_owner()
            tab = desk.window.orders_tab
            desk.window.tabs_widget.setCurrentWidget(tab)
            await tab.reload()
            assert tab.table.model() is tab.stored_model
            freeze_startup_objects()
            heart.start()

            async def record(name: str, act: Callable[[], Coroutine[Any, Any, None]]) -> None:
                gaps[name], rows_ms[name] = await measure(desk, heart, act)
                report(orders, name, gaps[name], rows_ms[name])

            async def idle() -> None:
                await asyncio.sleep(0.5)

            # The floor: what the heartbeat sees with nothing to do (other processes on a
            # shared machine, the collector); every action's stall includes it.
            await record("idle:0.5s", idle)
            for column in OrderColumn:
                for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):

                    def click(column: int = column, order: Qt.SortOrder = order) -> Any:
                        async def act() -> None:
                            tab.table.sortByColumn(column, order)

                        return act

                    label = "asc" if order == Qt.SortOrder.AscendingOrder else "desc"
                    await record(f"sort:{column.name.lower()}:{label}", click())

            async def scroll() -> None:
                while tab.stored_model.rowCount() < 5000 and tab.stored_model.canFetchMore(
                    tab.stored_model.index(-1, -1)
                ):
                    tab.table.scrollToBottom()
                    await settle(desk)

            await record("scroll:5000", scroll)
            tab.table.sortByColumn(OrderColumn.CREATED, Qt.SortOrder.DescendingOrder)
            await settle(desk)

            def searching(state: int = 0, lo: str = "", hi: str = "") -> Any:
                async def act() -> None:
                    tab.state_box.setCurrentIndex(state)
                    tab.min_total.setText(lo)
                    tab.max_total.setText(hi)
                    tab.search()

                return act

            paid = tab.state_box.findData(OrderState.PAID)
            await record("filter:state", searching(state=paid))
            await record("filter:total", searching(lo="10", hi="20"))
            await record("filter:state+total", searching(state=paid, lo="10", hi="20"))
            tab.state_box.setCurrentIndex(0)
            tab.min_total.clear()
            tab.max_total.clear()
            for text in ("Müller", "table 7", "4242", "BENCH0004"):
                name = f"search:{text}"
                gaps[name], rows_ms[name] = [], 0.0
                for typed in range(1, len(text) + 1):

                    async def key(typed: int = typed, text: str = text) -> None:
                        tab.search_edit.setText(text[:typed])
                        tab.search()

                    key_gaps, key_rows = await measure(desk, heart, key)
                    gaps[name] += key_gaps
                    rows_ms[name] = max(rows_ms[name], key_rows)
                report(orders, name, gaps[name], rows_ms[name])
        finally:
            heart.stop()
        collector.stop()
        await desk.aclose()
        desk.window.close()
        sandbox.stop()
    model_sort_ms = sort_in_model(paths.history_for(TRAINING_PROFILE_ID), orders)
    stalls = {k: _longest_ms(v) for k, v in gaps.items()}
    own = {k: longest_own(v, machine.pauses)[0] for k, v in gaps.items()}
    cpu_ms = {k: (g.cpu_s * 1000 if (g := longest(v)) else 0.0) for k, v in gaps.items()}
    worst = max(stalls, key=lambda k: stalls[k])
    worst_own = max(own, key=lambda k: own[k])
    return {
        "max_stall_ms": round(stalls[worst], 1),
        "worst_action": worst,
        "max_own_stall_ms": round(own[worst_own], 1),
        "worst_own_action": worst_own,
        "machine_pause_ms": round(machine.longest_ms(), 1),
        "stalls_ms": {k: round(v, 1) for k, v in stalls.items()},
        "own_stalls_ms": {k: round(v, 1) for k, v in own.items()},
        "stall_cpu_ms": {k: round(v, 1) for k, v in cpu_ms.items()},
        "max_stall_cpu_ms": round(max(cpu_ms.values()), 1),
        "rows_ms": {k: round(v) for k, v in rows_ms.items()},
        "model_sort_ms": model_sort_ms,
        "fill_s": round(fill_s, 1),
    }


def _longest_ms(gaps: list[Gap]) -> float:
    worst = longest(gaps)
    return worst.ms if worst else 0.0


def report(orders: int, name: str, gaps: list[Gap], rows: float) -> None:
    worst = longest(gaps)
    stall, cpu = (worst.ms, worst.cpu_s * 1000) if worst else (0.0, 0.0)
    print(
        f"{orders} {name}: stall {stall:.1f} ms (GUI thread on the CPU {cpu:.1f} ms), "
        f"rows {rows:.0f} ms",
        flush=True,
    )


def sort_in_model(path: Path, orders: int) -> dict[str, float]:
    """The reference: every row loaded into a model that sorts itself (the old way)."""
    store = HistoryStore(path)
    try:
        rows: list[OrderRow] = []
        before = None
        while True:
            page = store.orders_page(OrderQuery(), before_rk=before, limit=5000)
            rows.extend(page)
            if len(page) < 5000:
                break
            before = page[-1].rk
    finally:
        store.close()
    model: RowTableModel[OrderRow] = RowTableModel(order_columns(), lambda r: r.id)
    model.reset_rows(rows)
    took: dict[str, float] = {}
    for column in (OrderColumn.TOTAL, OrderColumn.CUSTOMER, OrderColumn.NOTE):
        started = time.perf_counter()
        model.sort(column, Qt.SortOrder.AscendingOrder)
        took[column.name.lower()] = round((time.perf_counter() - started) * 1000, 1)
    assert len(rows) == orders
    return took


async def main_async(sizes: list[int]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for orders in sizes:
        with tempfile.TemporaryDirectory(prefix="clover-desk-stalls-") as home:
            results[str(orders)] = await run_size(orders, Path(home))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # one window per size, one after the other
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        results = loop.run_until_complete(main_async(args.orders))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
