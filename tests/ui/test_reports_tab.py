"""The Reports tab over a history synced from the demo sandbox: chart, table, CSV, PDF.

Expected totals are SQL over the sandbox's own tables, not over the store.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from clover_helpers import synced_history
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clover_desk.sandbox import RunningSandbox
from clover_desk.services.history.reports import Breakdown, Granularity, ReportsService
from clover_desk.services.history.store import HistoryStore, from_ms
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.reports_tab import ReportsTab


def _period(sb: RunningSandbox) -> tuple[date, date]:
    row = sb.state.db.one(
        "SELECT min(created_ms), max(created_ms) FROM charges WHERE merchant_id = ?",
        (sb.info["merchant_id"],),
    )
    assert row is not None
    return from_ms(row[0]).astimezone().date(), from_ms(row[1]).astimezone().date()


def first_ms(sb: RunningSandbox) -> int:
    mid = sb.info["merchant_id"]
    return int(
        sb.state.db.scalar("SELECT min(created_ms) FROM charges WHERE merchant_id = ?", (mid,))
    )


@pytest.fixture(scope="module")
def history(demo_sandbox: RunningSandbox, tmp_path_factory: Any) -> Iterator[HistoryStore]:
    store = synced_history(
        demo_sandbox,
        Path(tmp_path_factory.mktemp("reports-ui")) / "history.sqlite3",
        from_ms(first_ms(demo_sandbox) - 2 * 86_400_000),
    )
    asyncio.set_event_loop(None)
    yield store
    store.close()


@pytest.fixture
def tab(qtbot: QtBot, history: HistoryStore, demo_sandbox: RunningSandbox) -> ReportsTab:
    widget = ReportsTab(Jobs(), reports=ReportsService(history))
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.set_period(*_period(demo_sandbox))
    return widget


def _sandbox_sales(sb: RunningSandbox) -> tuple[int, int]:
    db = sb.state.db
    mid = sb.info["merchant_id"]
    sales = db.scalar(
        "SELECT sum(amount) FROM charges WHERE merchant_id = ? AND status = 'succeeded' "
        "AND captured = 1",
        (mid,),
    )
    refunds = db.scalar(
        "SELECT sum(amount) FROM refunds WHERE merchant_id = ? AND status = 'succeeded'", (mid,)
    )
    return int(sales), int(refunds)


def test_daily_report_chart_and_table(
    tab: ReportsTab,
    run: Callable[..., Any],
    demo_sandbox: RunningSandbox,
    qtmodeltester: Any,
) -> None:
    assert tab.objectName() == "reportsTab"
    report = run(tab.refresh())
    start, end = _period(demo_sandbox)
    assert len(report.over_time) == (end - start).days + 1
    assert (report.total.sales, report.total.refunds) == _sandbox_sales(demo_sandbox)
    # chart: one bar series, three sets (sales, refunds, net), a bar per day
    series = tab.chart.series()
    assert len(series) == 1
    sets = series[0].barSets()
    assert [s.label() for s in sets] == ["Sales", "Refunds", "Net"]
    assert all(s.count() == len(report.over_time) for s in sets)
    assert int(sum(sets[0].at(i) for i in range(sets[0].count()))) == report.total.sales
    # table beneath: one row per day and the total
    assert tab.model.rowCount() == len(report.over_time) + 1
    qtmodeltester.check(tab.model)
    assert tab.model.rows[-1].label == "Total"
    assert tab.csv_button.isEnabled()
    assert "net" in tab.summary_label.text()
    assert "as of" in tab.as_of_label.text()


def test_weekly_by_tender_and_staff(tab: ReportsTab, run: Callable[..., Any]) -> None:
    tab.set_granularity(Granularity.WEEKLY)
    report = run(tab.refresh())
    assert all(f.label.startswith("Week of") for f in report.over_time)
    assert tab.model.rowCount() == len(report.over_time) + 1
    tab.set_breakdown(Breakdown.TENDER)
    assert tab.model.rowCount() == len(report.by_tender) + 1
    assert "Credit Card" in [f.label for f in tab.model.rows]
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "Tender"
    tab.set_breakdown(Breakdown.STAFF)
    assert tab.model.rowCount() == len(report.by_staff) + 1
    assert sum(f.sales for f in report.by_staff) == report.total.sales
    assert tab.chart.series()[0].barSets()[0].count() == len(report.by_staff)


def test_csv_and_pdf(tab: ReportsTab, run: Callable[..., Any], tmp_path: Path) -> None:
    report = run(tab.refresh())
    path = run(tab.export_csv(tmp_path / "report.csv"))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0][0] == "Period"
    assert len(rows) == len(report.over_time) + 2
    pdf = tab.save_pdf(tmp_path / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 5_000
