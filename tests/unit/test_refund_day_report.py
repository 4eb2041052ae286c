"""The end-of-day refund report: each staff member's refunds of one day, from the journal."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from clover_desk.api.money import Money
from clover_desk.services.refunds.day_report import build_refund_day_report, refund_day_csv
from clover_desk.services.refunds.journal import (
    EntryStatus,
    Journal,
    JournalEntry,
    MovementKind,
    ReturnedItem,
)

DAY = date(2026, 12, 4)


def at(day: date, hour: int, minute: int = 0) -> int:
    return int(datetime.combine(day, time(hour, minute)).astimezone().timestamp() * 1000)


def movement(
    journal: Journal,
    staff: str,
    amount: int,
    created_ms: int,
    status: EntryStatus = EntryStatus.SUCCEEDED,
    **changes: object,
) -> JournalEntry:
    fields: dict[str, object] = {
        "key": str(uuid.uuid4()),
        "kind": MovementKind.REFUND,
        "charge_id": f"CH{uuid.uuid4().hex[:11].upper()}",
        "order_id": None,
        "amount": Money(amount, "USD"),
        "reason": "requested_by_customer",
        "note": "wrong size",
        "staff_id": 3,
        "staff_name": staff,
        "created_ms": created_ms,
    }
    fields.update(changes)
    entry = journal.record_intent(JournalEntry(**fields))  # type: ignore[arg-type]
    if status is not EntryStatus.PENDING:
        journal.record_outcome(entry.key, status, refund_id="RF1" if status.settled else None)
    return entry


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite")
    yield j
    j.close()


def test_the_day_is_grouped_by_staff_with_totals_and_failed_refunds_left_out(
    journal: Journal,
) -> None:
    movement(journal, "Cora Clerk", 1_250, at(DAY, 9, 5))
    returned = movement(
        journal,
        "Cora Clerk",
        800,
        at(DAY, 16, 40),
        kind=MovementKind.RETURN,
        order_id="OR1",
        items=(ReturnedItem("L1", "Beans 1 lb", 800),),
        approver_name="Marcus Manager",
        approval_id="proof-1",
    )
    movement(journal, "Marcus Manager", 4_000, at(DAY, 12, 0), EntryStatus.UNKNOWN)
    movement(journal, "Marcus Manager", 9_999, at(DAY, 13, 0), EntryStatus.FAILED)
    movement(journal, "Cora Clerk", 500, at(DAY - timedelta(days=1), 23, 59))
    movement(journal, "Cora Clerk", 600, at(DAY + timedelta(days=1), 0, 0))

    report = build_refund_day_report(journal, DAY, {returned.key: "batch-7"}.get)

    assert [s.staff_name for s in report.sections] == ["Cora Clerk", "Marcus Manager"]
    cora, marcus = report.sections
    assert [e.amount.amount for e in cora.entries] == [1_250, 800], "oldest first, that day only"
    assert cora.totals == (Money(2_050, "USD"),)
    assert [e.status for e in marcus.entries] == [EntryStatus.UNKNOWN], "still being confirmed"
    assert report.totals == (Money(6_050, "USD"),)
    assert report.count == 3

    rows = list(csv.DictReader(io.StringIO(refund_day_csv(report))))
    assert [(r["staff"], r["amount"], r["currency"], r["status"]) for r in rows] == [
        ("Cora Clerk", "12.50", "USD", "succeeded"),
        ("Cora Clerk", "8.00", "USD", "succeeded"),
        ("Marcus Manager", "40.00", "USD", "unknown"),
    ]
    item_row = rows[1]
    assert item_row["kind"] == "return"
    assert item_row["items"] == "Beans 1 lb"
    assert (item_row["approved_by"], item_row["approval_id"]) == ("Marcus Manager", "proof-1")
    assert item_row["batch"] == "batch-7"
    assert rows[0]["batch"] == "", "made in the wizard"
    assert item_row["time"] == "16:40:00"


def test_a_day_without_refunds_is_an_empty_report_and_notes_cannot_inject_formulas(
    journal: Journal,
) -> None:
    assert build_refund_day_report(journal, DAY).sections == ()
    movement(journal, "Cora Clerk", 100, at(DAY, 10), note='=HYPERLINK("http://x")')
    [row] = list(csv.DictReader(io.StringIO(refund_day_csv(build_refund_day_report(journal, DAY)))))
    assert row["note"].startswith("'=")
