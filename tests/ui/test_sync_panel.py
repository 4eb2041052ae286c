"""The Sync panel: a progress bar per window, status, cancel and resume, closed hours."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from clover_helpers import client_for
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from clover_desk.api.client import CloverClient
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.history.store import HistoryStore, WindowStatus, from_ms
from clover_desk.services.history.sync import HistorySync, SyncState, SyncStatus
from clover_desk.ui.sync_panel import SyncPanel


def first_day(sb: RunningSandbox) -> Any:
    ms = sb.state.db.scalar(
        "SELECT min(created_ms) FROM charges WHERE merchant_id = ?", (sb.info["merchant_id"],)
    )
    return (from_ms(int(ms)) - timedelta(days=1)).astimezone().date()


@pytest.fixture
def parts(
    demo_sandbox: RunningSandbox, tmp_path: Path, run: Callable[..., Any]
) -> Iterator[tuple[HistoryStore, CloverClient]]:
    store = HistoryStore(tmp_path / "history.sqlite3")
    client = client_for(demo_sandbox)
    yield store, client
    run(client.aclose())
    store.close()


def make_panel(
    qtbot: QtBot, sb: RunningSandbox, store: HistoryStore, client: CloverClient
) -> SyncPanel:
    sync = HistorySync(store, client.exports, client.platform, poll_first=0.05, poll_max=0.3)
    panel = SyncPanel(sync, default_start=first_day(sb))
    qtbot.addWidget(panel)
    panel.resize(800, 500)
    panel.show()
    return panel


def test_sync_fills_a_bar_per_window_and_stays_responsive(
    qtbot: QtBot,
    qasync_loop: Any,
    demo_sandbox: RunningSandbox,
    parts: tuple[HistoryStore, CloverClient],
) -> None:
    store, client = parts
    panel = make_panel(qtbot, demo_sandbox, store, client)
    assert panel.objectName() == "syncPanel"
    assert "not been synced" in panel.as_of_label.text()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    with qtbot.waitSignal(panel.finished, timeout=60_000) as finished:
        panel.start()
        assert panel.running
        assert not panel.start_button.isEnabled()
        assert panel.cancel_button.isEnabled()
    timer.stop()
    assert finished.args == [SyncState.DONE.value]
    windows = store.windows()
    assert len(panel.bars) == len(windows) >= 2
    for w in windows:
        bar = panel.bars[w.key]
        assert bar.value() == 100
        assert bar.objectName() == f"syncWindow-{w.kind}-{w.start:%Y%m%d}"
    assert "up to date" in panel.status_label.text()
    assert "as of" in panel.as_of_label.text()
    assert panel.start_button.isEnabled()
    # the loop kept turning: no tick waited long (the sandbox shares this process)
    assert max(gaps) < 0.5


def test_cancel_then_sync_again_continues(
    qtbot: QtBot,
    qasync_loop: Any,
    demo_sandbox: RunningSandbox,
    parts: tuple[HistoryStore, CloverClient],
) -> None:
    store, client = parts
    panel = make_panel(qtbot, demo_sandbox, store, client)
    panel.start()
    qtbot.waitUntil(
        lambda: any(w.status is WindowStatus.DONE for w in store.windows()), timeout=30_000
    )
    with qtbot.waitSignal(panel.finished, timeout=10_000) as finished:
        panel.cancel()
    assert finished.args == [SyncState.CANCELLED.value]
    assert "cancelled" in panel.status_label.text().lower()
    done_before = {w.key for w in store.windows() if w.status is WindowStatus.DONE}
    assert done_before
    with qtbot.waitSignal(panel.finished, timeout=60_000) as finished:
        panel.start()
    assert finished.args == [SyncState.DONE.value]
    assert all(w.status is WindowStatus.DONE for w in store.windows())
    assert all(bar.value() == 100 for bar in panel.bars.values())


def test_closed_hours_say_when_the_service_opens(
    qtbot: QtBot, qasync_loop: Any, tmp_path: Path, demo_sandbox: RunningSandbox,
    parts: tuple[HistoryStore, CloverClient],
) -> None:  # fmt: skip
    store, client = parts
    panel = make_panel(qtbot, demo_sandbox, store, client)
    opens = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
    panel.sync._say(SyncState.WAITING, f"Closed; opens {opens:%H:%M} UTC.", opens)
    text = panel.status_label.text()
    assert "opens" in text
    assert "here" in text  # also in local time
    panel.sync._emit(SyncStatus(SyncState.RUNNING, "Open again"))
    assert panel.status_label.text() == "Open again"
