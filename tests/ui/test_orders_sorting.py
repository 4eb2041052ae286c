"""The Orders tab over a synced history sorts in the store: a header click reads every
stored order again in that order, not just the page already loaded."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from conftest import make_desk
from memkeyring import MemoryKeyring
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from clover_desk.api.models.common import dec_hook
from clover_desk.api.models.platform import Order
from clover_desk.app import DeskApp
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.history.store import HistoryStore
from clover_desk.services.merchant.paths import AppPaths
from clover_desk.services.merchant.profiles import TRAINING_PROFILE_ID
from clover_desk.ui.history_rows import OrderColumn
from clover_desk.ui.orders_tab import OrdersTab

T0 = 1_714_000_000_000
STORED = 250


def stored_order(n: int) -> Order:
    """Newer orders have larger numbers; totals run the other way round, some missing."""
    value: dict[str, Any] = {
        "id": f"SORT{n:09d}",
        "currency": "USD",
        "total": None if n % 50 == 7 else 100_000 - n * 13,
        "state": "locked",
        "createdTime": T0 + n * 60_000,
        "modifiedTime": T0 + n * 60_000,
    }
    if n % 3 == 0:
        value["note"] = f"note {n:03d}"
    order: Order = msgspec.json.decode(json.dumps(value).encode(), type=Order, dec_hook=dec_hook)
    return order


async def fill_history(path: Path) -> None:
    store = HistoryStore(path)
    try:
        await store.put_orders([stored_order(n) for n in range(STORED)])
        await store.set_meta({"as_of_ms": str(T0 + STORED * 60_000)})
    finally:
        await store.aclose()


@pytest.fixture
def synced_desk(
    qtbot: QtBot,
    run: Callable[..., Any],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    demo_sandbox: RunningSandbox,
) -> Iterator[DeskApp]:
    """The window on a training profile whose history holds ``STORED`` orders."""
    run(fill_history(AppPaths.under(tmp_path).ensure().history_for(TRAINING_PROFILE_ID)))
    yield from make_desk(qtbot, run, tmp_path, demo_sandbox)


def click_header(qtbot: QtBot, tab: OrdersTab, column: OrderColumn) -> None:
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_a_header_click_sorts_every_stored_order(
    synced_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot
) -> None:
    window = synced_desk.window
    tab = window.orders_tab
    window.tabs_widget.setCurrentWidget(tab)
    assert run(tab.reload()) == 100, "one page of the stored orders"
    assert tab.table.model() is tab.stored_model
    assert tab.stored_model.rows[0].id == f"SORT{STORED - 1:09d}", "newest first"

    click_header(qtbot, tab, OrderColumn.TOTAL)
    ascending = tab.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=10_000)
    assert run(tab.stored_loader.load_all()) == STORED
    totals = [r.total for r in tab.stored_model.rows]
    present = sorted(t for t in totals if t is not None)
    missing = [None] * totals.count(None)
    # The smallest totals belong to the newest orders, which were loaded already; the
    # largest to the oldest, which were not: only the store could put those first.
    assert totals == (present + missing if ascending else missing + present[::-1])

    click_header(qtbot, tab, OrderColumn.TOTAL)
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=10_000)
    first_page = [r.total for r in tab.stored_model.rows]
    assert len(first_page) == 100, "the other direction starts from its first page again"
    assert first_page == (totals[::-1])[:100]

    # A search keeps the sort the header shows.
    tab.search_edit.setText("note")
    run(tab.reload())
    assert run(tab.stored_loader.load_all()) == STORED // 3 + 1
    noted = [r.total for r in tab.stored_model.rows]
    assert noted == sorted(noted, key=lambda t: (t is None, t), reverse=ascending)
