"""Report figures against totals computed independently from the sandbox's own tables.

The store is filled by a real sync of the demo sandbox; the expected figures are SQL over
``sandbox.state.db`` (charges and refunds rows), never over the store.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest
from clover_helpers import synced_history

from clover_desk.sandbox import RunningSandbox
from clover_desk.services.history.reports import (
    Breakdown,
    Granularity,
    Report,
    ReportsService,
    report_csv,
)
from clover_desk.services.history.store import HistoryStore, from_ms


@pytest.fixture(scope="module")
def synced(demo_sandbox: RunningSandbox, tmp_path_factory: Any) -> Iterator[HistoryStore]:
    store = synced_history(
        demo_sandbox,
        Path(tmp_path_factory.mktemp("reports")) / "history.sqlite3",
        period(demo_sandbox)[0] - timedelta(days=2),
    )
    yield store
    store.close()


def period(sb: RunningSandbox) -> tuple[Any, Any]:
    db = sb.state.db
    mid = sb.info["merchant_id"]
    row = db.one(
        "SELECT min(created_ms), max(created_ms) FROM (SELECT created_ms FROM charges "
        "WHERE merchant_id = ? UNION ALL SELECT created_ms FROM refunds WHERE merchant_id = ?)",
        (mid, mid),
    )
    assert row is not None
    return from_ms(row[0]), from_ms(row[1])


def expected(sb: RunningSandbox, bucket_sql: str) -> dict[str, dict[str, int]]:
    """Per bucket: sales, tips, payments, refunds, refund_count, partial (sandbox SQL)."""
    db = sb.state.db
    mid = sb.info["merchant_id"]
    out: dict[str, dict[str, int]] = {}
    for row in db.query(
        f"SELECT {bucket_sql} AS b, sum(amount), sum(tip_amount), count(*) FROM charges "  # noqa: S608
        "WHERE merchant_id = ? AND status = 'succeeded' AND captured = 1 GROUP BY b",
        (mid,),
    ):
        out.setdefault(row[0], {}).update(sales=row[1], tips=row[2], payments=row[3])
    for row in db.query(
        f"SELECT {bucket_sql.replace('created_ms', 'r.created_ms')} AS b, sum(r.amount), "  # noqa: S608
        "count(*), sum(r.amount < c.amount + c.tip_amount) FROM refunds r "
        "JOIN charges c ON c.id = r.charge_id "
        "WHERE r.merchant_id = ? AND r.status = 'succeeded' GROUP BY b",
        (mid,),
    ):
        out.setdefault(row[0], {}).update(refunds=row[1], refund_count=row[2], partial=row[3])
    return out


def figures(report: Report, breakdown: Breakdown) -> dict[str, dict[str, int]]:
    return {
        f.label: {
            "sales": f.sales,
            "tips": f.tips,
            "payments": f.payments,
            "refunds": f.refunds,
            "refund_count": f.refund_count,
            "partial": f.partial_refunds,
        }
        for f in report.rows(breakdown)
        if f.payments or f.refund_count
    }


def normalise(rows: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    keys = ("sales", "tips", "payments", "refunds", "refund_count", "partial")
    return {b: {k: v.get(k, 0) or 0 for k in keys} for b, v in rows.items()}


def build(store: HistoryStore, sb: RunningSandbox, granularity: Granularity) -> Report:
    lo, hi = period(sb)
    return ReportsService(store).build_now(lo.date(), hi.date(), granularity, UTC)


def test_daily_figures_match_the_sandbox(
    synced: HistoryStore, demo_sandbox: RunningSandbox
) -> None:
    report = build(synced, demo_sandbox, Granularity.DAILY)
    want = expected(demo_sandbox, "date(created_ms / 1000, 'unixepoch')")
    assert figures(report, Breakdown.TIME) == normalise(want)
    lo, hi = period(demo_sandbox)
    assert len(report.over_time) == (hi.date() - lo.date()).days + 1  # empty days too
    total = report.total
    assert total.sales == sum(v.get("sales", 0) for v in want.values())
    assert total.refunds == sum(v.get("refunds", 0) for v in want.values())
    assert total.net == total.sales + total.tips - total.refunds
    assert total.partial_refunds > 0, "the demo has line-item returns: partial refunds"
    assert 0 < total.partial_refunds < total.refund_count


def test_weekly_figures_match_the_sandbox(
    synced: HistoryStore, demo_sandbox: RunningSandbox
) -> None:
    report = build(synced, demo_sandbox, Granularity.WEEKLY)
    monday = "date(created_ms / 1000, 'unixepoch', 'weekday 0', '-6 days')"
    want = {f"Week of {k}": v for k, v in expected(demo_sandbox, monday).items()}
    assert figures(report, Breakdown.TIME) == normalise(want)
    assert all(date.fromisoformat(f.key).weekday() == 0 for f in report.over_time)


def test_by_tender_and_staff_match_the_sandbox(
    synced: HistoryStore, demo_sandbox: RunningSandbox
) -> None:
    report = build(synced, demo_sandbox, Granularity.DAILY)
    db = demo_sandbox.state.db
    mid = demo_sandbox.info["merchant_id"]
    labels = {
        r[0]: r[1]
        for r in db.query(
            "SELECT json_extract(body, '$.labelKey'), json_extract(body, '$.label') "
            "FROM inventory WHERE kind = 'tender' AND merchant_id = ?",
            (mid,),
        )
    }

    def label(key: str | None) -> str:  # the sandbox's rule for tenders it never stored
        key = key or "com.clover.tender.credit_card"
        return labels.get(key) or key.rsplit(".", 1)[-1].replace("_", " ").title()

    want: dict[str, dict[str, int]] = {}
    for row in db.query(
        "SELECT tender_label_key, sum(amount), sum(tip_amount), count(*) FROM charges "
        "WHERE merchant_id = ? AND status = 'succeeded' AND captured = 1 GROUP BY 1",
        (mid,),
    ):
        want.setdefault(label(row[0]), {}).update(sales=row[1], tips=row[2], payments=row[3])
    # refunds take the tender of the charge they refund
    for row in db.query(
        "SELECT c.tender_label_key, sum(r.amount), count(*), "
        "sum(r.amount < c.amount + c.tip_amount) FROM refunds r "
        "JOIN charges c ON c.id = r.charge_id WHERE r.merchant_id = ? "
        "AND r.status = 'succeeded' GROUP BY 1",
        (mid,),
    ):
        want.setdefault(label(row[0]), {}).update(
            refunds=row[1], refund_count=row[2], partial=row[3]
        )
    got = figures(report, Breakdown.TENDER)
    assert got == normalise(want)
    assert {"Cash", "Credit Card"} <= set(got)

    staff = {r["id"]: r["name"] for r in db.query("SELECT id, name FROM employees")}
    by_staff: dict[str, dict[str, int]] = {}
    for row in db.query(
        "SELECT employee_id, sum(amount), sum(tip_amount), count(*) FROM charges "
        "WHERE merchant_id = ? AND status = 'succeeded' AND captured = 1 GROUP BY 1",
        (mid,),
    ):
        by_staff.setdefault(staff[row[0]], {}).update(sales=row[1], tips=row[2], payments=row[3])
    for row in db.query(
        "SELECT r.employee_id, sum(r.amount), count(*), sum(r.amount < c.amount + c.tip_amount) "
        "FROM refunds r JOIN charges c ON c.id = r.charge_id WHERE r.merchant_id = ? "
        "AND r.status = 'succeeded' GROUP BY 1",
        (mid,),
    ):
        by_staff.setdefault(staff[row[0]], {}).update(
            refunds=row[1], refund_count=row[2], partial=row[3]
        )
    assert figures(report, Breakdown.STAFF) == normalise(by_staff)


def test_csv_has_every_row_and_decimal_amounts(
    synced: HistoryStore, demo_sandbox: RunningSandbox
) -> None:
    report = build(synced, demo_sandbox, Granularity.WEEKLY)
    rows = list(csv.reader(io.StringIO(report_csv(report, Breakdown.TIME))))
    assert rows[0][:3] == ["Period", "Payments", "Sales"]
    assert len(rows) == len(report.over_time) + 2  # header and total
    total = rows[-1]
    assert total[0] == "Total"
    major, minor = divmod(report.total.net, 100)
    assert total[7] == f"{major}.{minor:02d}"
    assert total[8] == "USD"


def test_a_period_outside_the_history_is_all_zeros(synced: HistoryStore) -> None:
    report = ReportsService(synced).build_now(
        date(2001, 1, 1), date(2001, 1, 14), Granularity.WEEKLY, UTC
    )
    assert [f.key for f in report.over_time] == ["2001-01-01", "2001-01-08"]  # Mondays
    assert report.total.sales == report.total.refunds == 0
    with pytest.raises(ValueError, match="ends before"):
        ReportsService(synced).build_now(date(2001, 1, 2), date(2001, 1, 1))
