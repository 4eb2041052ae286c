"""Sales reports from the local history: per day or week, per tender, per staff member.

Definitions (all integer minor units of the merchant's currency):

* **sales**: the ``amount`` of payments whose result is ``SUCCESS`` (captured; tips,
  which Clover keeps apart from ``amount``, are reported in **tips**); open
  authorizations, failed and voided payments are not sales;
* **refunds**: refunds whose status is ``SUCCESS`` (or not stated), by the day they were
  made, whole or partial — a refund is *partial* when it is less than its payment's
  amount plus tip; a refund's ``amount`` includes its tax and tip;
* **net** = sales + tips − refunds.

Days are calendar days in the report's time zone (the computer's by default); weeks start
on Monday. Sales are attributed to the payment's tender and staff member; a refund to the
tender of the payment it refunds and to the staff member who made it (else the
payment's). Every bucket of the period is present, empty ones with zeros.
"""

from __future__ import annotations

import asyncio
import csv
import enum
import io
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from clover_desk.api.money import amount_text
from clover_desk.services.common import QT_TRANSLATE_NOOP
from clover_desk.services.history.store import HistoryStore, to_ms

__all__ = [
    "Breakdown",
    "Figures",
    "Granularity",
    "Report",
    "ReportsService",
    "report_csv",
]


class Granularity(enum.StrEnum):
    """Time buckets of the report."""

    DAILY = QT_TRANSLATE_NOOP("Granularity", "Daily")
    WEEKLY = QT_TRANSLATE_NOOP("Granularity", "Weekly")


class Breakdown(enum.StrEnum):
    """Which table of the report."""

    TIME = QT_TRANSLATE_NOOP("Breakdown", "Over time")
    TENDER = QT_TRANSLATE_NOOP("Breakdown", "By tender")
    STAFF = QT_TRANSLATE_NOOP("Breakdown", "By staff member")


@dataclass(slots=True)
class Figures:
    """One row of a report (money in minor units).

    Attributes:
        key: the bucket's start date (ISO), tender id or employee id.
        label: what the row is called on screen.
        payments: successful payments counted in sales.
        sales / tips / refunds: sums.
        refund_count / partial_refunds: how many refunds, how many of them partial.
    """

    key: str
    label: str
    payments: int = 0
    sales: int = 0
    tips: int = 0
    refunds: int = 0
    refund_count: int = 0
    partial_refunds: int = 0

    @property
    def net(self) -> int:
        """Sales plus tips less refunds."""
        return self.sales + self.tips - self.refunds


@dataclass(frozen=True, slots=True)
class Report:
    """A finished report.

    Attributes:
        currency: ISO 4217 code every amount is in.
        start / end: the period's first and last day (inclusive).
        granularity: daily or weekly buckets in :attr:`over_time`.
        zone: the time zone's name.
        over_time / by_tender / by_staff: the three tables.
        total: the whole period.
    """

    currency: str
    start: date
    end: date
    granularity: Granularity
    zone: str
    over_time: list[Figures]
    by_tender: list[Figures]
    by_staff: list[Figures]
    total: Figures = field(default_factory=lambda: Figures("total", "Total"))

    def rows(self, breakdown: Breakdown) -> list[Figures]:
        """The table for ``breakdown``."""
        if breakdown is Breakdown.TENDER:
            return self.by_tender
        if breakdown is Breakdown.STAFF:
            return self.by_staff
        return self.over_time


def _local_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


class ReportsService:
    """Builds :class:`Report` objects from a :class:`HistoryStore`."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store

    async def build(
        self,
        start: date,
        end: date,
        granularity: Granularity = Granularity.DAILY,
        zone: tzinfo | None = None,
    ) -> Report:
        """The report for ``[start, end]`` (computed on a worker thread)."""
        return await asyncio.to_thread(self.build_now, start, end, granularity, zone)

    def build_now(
        self,
        start: date,
        end: date,
        granularity: Granularity = Granularity.DAILY,
        zone: tzinfo | None = None,
    ) -> Report:
        """:meth:`build`, blocking."""
        if end < start:
            raise ValueError("the period ends before it starts")
        tz = zone or _local_zone()
        currency = self.store.currency() or "USD"
        days = [start + timedelta(days=i) for i in range((end - start).days + 2)]
        bounds = [to_ms(datetime.combine(d, time.min, tzinfo=tz)) for d in days]
        lo, hi = bounds[0], bounds[-1]

        buckets: dict[date, Figures] = {}
        bucket_of_day: list[date] = []
        for d in days[:-1]:
            first = d - timedelta(days=d.weekday()) if granularity is Granularity.WEEKLY else d
            bucket_of_day.append(first)
            if first not in buckets:
                label = first.isoformat()
                if granularity is Granularity.WEEKLY:
                    label = QT_TRANSLATE_NOOP("Reports", "Week of {day}").format(day=label)
                buckets[first] = Figures(first.isoformat(), label)
        tenders: dict[str, Figures] = {}
        staff: dict[str, Figures] = {}
        total = Figures("total", QT_TRANSLATE_NOOP("Reports", "Total"))

        def rows_of(
            created: int, tender_id: str, tender: str, staff_id: str, name: str
        ) -> tuple[Figures, ...]:
            """The rows one payment or refund adds to: its bucket, tender, staff, total."""
            return (
                buckets[bucket_of_day[bisect_right(bounds, created) - 1]],
                tenders.setdefault(tender_id, Figures(tender_id, tender)),
                staff.setdefault(staff_id, Figures(staff_id, name)),
                total,
            )

        payments = self.store.query(
            "SELECT p.created_ms, p.amount, p.tip_amount, coalesce(p.tender_id, ''), "
            "coalesce(t.label, t.label_key, p.tender_id, 'Unknown tender'), "
            "coalesce(p.employee_id, ''), coalesce(e.name, p.employee_id, 'Unknown') "
            "FROM payments p LEFT JOIN tenders t ON t.id = p.tender_id "
            "LEFT JOIN employees e ON e.id = p.employee_id "
            "WHERE p.result = 'SUCCESS' AND p.created_ms >= ? AND p.created_ms < ? "
            "AND p.currency = ?",
            (lo, hi, currency),
        )
        for created, amount, tip, tender_id, tender, staff_id, name in payments:
            for row in rows_of(created, tender_id, tender, staff_id, name):
                row.payments += 1
                row.sales += amount
                row.tips += tip

        refunds = self.store.query(
            "SELECT r.created_ms, r.amount, p.amount + p.tip_amount, "
            "coalesce(p.tender_id, ''), "
            "coalesce(t.label, t.label_key, p.tender_id, 'Unknown tender'), "
            "coalesce(r.employee_id, p.employee_id, ''), "
            "coalesce(e.name, r.employee_id, p.employee_id, 'Unknown') "
            "FROM refunds r LEFT JOIN payments p ON p.id = r.payment_id "
            "LEFT JOIN tenders t ON t.id = p.tender_id "
            "LEFT JOIN employees e ON e.id = coalesce(r.employee_id, p.employee_id) "
            "WHERE coalesce(r.status, 'SUCCESS') = 'SUCCESS' "
            "AND r.created_ms >= ? AND r.created_ms < ? AND coalesce(p.currency, ?) = ?",
            (lo, hi, currency, currency),
        )
        for created, amount, paid, tender_id, tender, staff_id, name in refunds:
            partial = paid is not None and amount < paid
            for row in rows_of(created, tender_id, tender, staff_id, name):
                row.refunds += amount
                row.refund_count += 1
                row.partial_refunds += int(partial)

        def by_sales(rows: dict[str, Figures]) -> list[Figures]:
            return sorted(rows.values(), key=lambda f: (-f.sales, f.label))

        return Report(
            currency=currency,
            start=start,
            end=end,
            granularity=granularity,
            zone=str(tz),
            over_time=[buckets[k] for k in sorted(buckets)],
            by_tender=by_sales(tenders),
            by_staff=by_sales(staff),
            total=total,
        )


_HEADINGS = {Breakdown.TIME: "Period", Breakdown.TENDER: "Tender", Breakdown.STAFF: "Staff"}


def report_csv(report: Report, breakdown: Breakdown) -> str:
    """One table of ``report`` as CSV text (amounts as decimal text, never floats)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            _HEADINGS[breakdown],
            "Payments",
            "Sales",
            "Tips",
            "Refunds",
            "Refund count",
            "Partial refunds",
            "Net",
            "Currency",
        ]
    )
    c = report.currency
    for row in [*report.rows(breakdown), report.total]:
        writer.writerow(
            [
                row.label,
                row.payments,
                amount_text(row.sales, c),
                amount_text(row.tips, c),
                amount_text(row.refunds, c),
                row.refund_count,
                row.partial_refunds,
                amount_text(row.net, c),
                c,
            ]
        )
    return out.getvalue()
