"""The end-of-day refund report: each staff member's refunds of one day, from the journal.

A manager closing the till wants to see, per person, every refund made from this
computer that day — full, partial and item returns alike — with its reason, note,
items, approver and batch, and what they add up to. The journal is the source: it holds
every money movement made here with who made it and who approved it, and it is on this
computer even when Clover is not reachable.

Movements known to have failed moved no money and are left out; ones still being
confirmed with Clover are listed with their status, so the total never hides a refund
that may have gone through.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from clover_desk.api.money import Money
from clover_desk.services.refunds.journal import (
    EntryStatus,
    Journal,
    JournalEntry,
    csv_safe,
    csv_text,
)

__all__ = [
    "REFUND_DAY_CSV_COLUMNS",
    "RefundDayReport",
    "StaffRefunds",
    "build_refund_day_report",
    "refund_day_csv",
]

REFUND_DAY_CSV_COLUMNS = (
    "staff",
    "time",
    "kind",
    "charge",
    "order",
    "amount",
    "currency",
    "reason",
    "note",
    "items",
    "approved_by",
    "approval_id",
    "batch",
    "status",
    "refund",
)


@dataclass(frozen=True, slots=True)
class StaffRefunds:
    """One staff member's refunds of the day, oldest first, with totals per currency."""

    staff_name: str
    entries: tuple[JournalEntry, ...]

    @property
    def totals(self) -> tuple[Money, ...]:
        return _totals(self.entries)


@dataclass(frozen=True, slots=True)
class RefundDayReport:
    """The day's refunds, one section per staff member (by name)."""

    day: date
    sections: tuple[StaffRefunds, ...]
    #: Idempotency key → the batch the refund was sent in (absent: made in the wizard).
    batches: Mapping[str, str] = field(default_factory=dict)

    def batch_of(self, entry: JournalEntry) -> str:
        return self.batches.get(entry.key, "")

    @property
    def count(self) -> int:
        return sum(len(section.entries) for section in self.sections)

    @property
    def totals(self) -> tuple[Money, ...]:
        return _totals([e for section in self.sections for e in section.entries])


def _no_batch(key: str) -> str | None:
    return None


def build_refund_day_report(
    journal: Journal, day: date, batch_of: Callable[[str], str | None] = _no_batch
) -> RefundDayReport:
    """The refunds made from this computer on ``day`` (local time), per staff member.

    ``batch_of`` names the batch a refund's idempotency key was sent in, if any.
    """
    start = datetime.combine(day, time.min).astimezone()
    end = datetime.combine(day + timedelta(days=1), time.min).astimezone()
    entries = journal.entries(
        since_ms=int(start.timestamp() * 1000), until_ms=int(end.timestamp() * 1000)
    )
    moved = [e for e in entries if e.status is not EntryStatus.FAILED]
    by_staff: dict[str, list[JournalEntry]] = {}
    for entry in sorted(moved, key=lambda e: (e.created_ms, e.key)):
        by_staff.setdefault(entry.staff_name, []).append(entry)
    sections = tuple(
        StaffRefunds(name, tuple(by_staff[name])) for name in sorted(by_staff, key=str.casefold)
    )
    batches = {e.key: b for e in moved if (b := batch_of(e.key))}
    return RefundDayReport(day, sections, batches)


def refund_day_csv(report: RefundDayReport) -> str:
    """CSV text of the report: one row per refund, amounts as plain decimals."""
    return csv_text(
        REFUND_DAY_CSV_COLUMNS,
        (
            [
                section.staff_name,
                datetime.fromtimestamp(entry.created_ms / 1000).strftime("%H:%M:%S"),
                entry.kind.value,
                entry.charge_id,
                entry.order_id or "",
                _decimal(entry.amount),
                entry.amount.currency,
                entry.reason,
                csv_safe(entry.note),
                csv_safe("; ".join(item.name for item in entry.items)),
                entry.approver_name or "",
                entry.approval_id or "",
                report.batch_of(entry),
                entry.status.value,
                entry.refund_id or "",
            ]
            for section in report.sections
            for entry in section.entries
        ),
    )


def _totals(entries: Sequence[JournalEntry]) -> tuple[Money, ...]:
    sums: dict[str, int] = {}
    for entry in entries:
        sums[entry.amount.currency] = sums.get(entry.amount.currency, 0) + entry.amount.amount
    return tuple(Money(sums[c], c) for c in sorted(sums))


def _decimal(money: Money) -> str:
    major, minor = divmod(money.amount, 100)
    return f"{major}.{minor:02d}"
