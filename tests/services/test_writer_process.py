"""The history's writer process: export files decoded and stored outside the app's
process, its failures told to the caller with nothing half-stored, and its end."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clover_desk.api.errors import ResponseFormatError
from clover_desk.services.history.store import HistoryStore, OrderQuery, SyncWindow, WindowStatus
from clover_desk.services.history.writer_process import WriterLost

T0 = 1_714_000_000_000
DAY = 86_400_000


def export_file(*orders: dict[str, Any]) -> bytes:
    return json.dumps({"elements": list(orders)}).encode()


def order(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"ORD{n:010d}",
        "currency": "USD",
        "total": 1000 + n,
        "note": f"table {n}",
        "createdTime": T0 + n * 60_000,
        "modifiedTime": T0 + n * 60_000,
        **extra,
    }


def window(files_total: int) -> SyncWindow:
    return SyncWindow(
        "ORDERS", T0, T0 + DAY, WindowStatus.EXPORTING, range_start_ms=T0, files_total=files_total
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    s = HistoryStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def stored_ids(store: HistoryStore) -> list[str]:
    return sorted(r[0] for r in store.query("SELECT id FROM orders"))


def test_export_files_are_stored_and_found_once_indexed(store: HistoryStore) -> None:
    async def run() -> SyncWindow:
        files = [export_file(order(1), order(2)), export_file(order(3))]
        done = await store.put_export_contents(window(2), 0, files)
        assert await store.index_pending() == 3
        return done

    done = asyncio.run(run())
    assert (done.files_done, done.objects, done.status) == (2, 3, WindowStatus.DONE)
    assert [w.files_done for w in store.windows("ORDERS")] == [2]
    assert stored_ids(store) == ["ORD0000000001", "ORD0000000002", "ORD0000000003"]
    assert [r.id for r in store.orders_page(OrderQuery(text="table 3"))] == ["ORD0000000003"]
    assert store.writer_process_id() not in (None, os.getpid())


def test_a_malformed_file_is_refused_by_item_and_nothing_of_its_write_is_stored(
    store: HistoryStore,
) -> None:
    async def run() -> None:
        bad = export_file(order(2), order(3, total="twelve"))
        with pytest.raises(ResponseFormatError) as refused:
            await store.put_export_contents(window(2), 0, [export_file(order(1)), bad])
        assert "$.elements[1].total" in str(refused.value)
        # The good file of the same write is not kept without the window counting it.
        assert stored_ids(store) == []
        assert store.windows("ORDERS") == []
        # The process carries on with the next write.
        done = await store.put_export_contents(window(1), 0, [export_file(order(1))])
        assert done.files_done == 1

    asyncio.run(run())
    assert stored_ids(store) == ["ORD0000000001"]


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGKILL on Windows")
def test_a_writer_process_that_dies_is_told_and_the_next_write_starts_another(
    store: HistoryStore,
) -> None:
    async def run() -> None:
        await store.put_export_contents(window(2), 0, [export_file(order(1))])
        first = store.writer_process_id()
        assert first is not None
        os.kill(first, signal.SIGKILL)
        with pytest.raises(WriterLost, match="history writer process ended"):
            await store.put_export_contents(window(2), 1, [export_file(order(2))])
        # What was written before it died is all there, and the file it died on is
        # still to do: the next write stores it with another process.
        assert [w.files_done for w in store.windows("ORDERS")] == [1]
        done = await store.put_export_contents(
            store.windows("ORDERS")[0], 1, [export_file(order(2))]
        )
        assert done.files_done == 2
        assert store.writer_process_id() not in (None, first)

    asyncio.run(run())
    assert stored_ids(store) == ["ORD0000000001", "ORD0000000002"]


def test_closing_the_store_ends_its_writer_process(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    assert store.writer_process_id() is None  # none until there is something for it

    async def run() -> None:
        await store.put_export_contents(window(1), 0, [export_file(order(1))])

    asyncio.run(run())
    pid = store.writer_process_id()
    assert pid is not None
    store.close()
    assert store.writer_process_id() is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped
