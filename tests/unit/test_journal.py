"""The money journal: intents before requests, outcomes after, one refund per charge at a time."""

from __future__ import annotations

import csv
import io
import multiprocessing
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from clover_desk.api.money import Money
from clover_desk.services.refunds.journal import (
    ChargeBusy,
    EntryStatus,
    Journal,
    JournalEntry,
    MovementKind,
    ReturnedItem,
    entries_to_csv,
)


def intent(charge: str = "CHARGE0000001", amount: int = 500, **changes: object) -> JournalEntry:
    fields: dict[str, object] = {
        "key": str(uuid.uuid4()),
        "kind": MovementKind.REFUND,
        "charge_id": charge,
        "order_id": "ORDER00000001",
        "amount": Money(amount, "USD"),
        "reason": "requested_by_customer",
        "note": "wrong size",
        "staff_id": 3,
        "staff_name": "Cora Clerk",
    }
    fields.update(changes)
    return JournalEntry(**fields)  # type: ignore[arg-type]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite")
    yield j
    j.close()


def test_an_intent_survives_closing_the_file(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    first = Journal(path)
    entry = first.record_intent(intent(items=(ReturnedItem("LI1", "Latte", 450),)))
    first.close()
    reopened = Journal(path)
    [pending] = reopened.unsettled()
    assert pending.key == entry.key
    assert pending.status is EntryStatus.PENDING
    assert pending.items == (ReturnedItem("LI1", "Latte", 450),)
    assert pending.amount == Money(500, "USD")
    reopened.close()


def test_a_second_intent_on_an_unsettled_charge_is_refused(journal: Journal) -> None:
    first = journal.record_intent(intent())
    with pytest.raises(ChargeBusy, match="still being settled"):
        journal.record_intent(intent())
    journal.record_outcome(first.key, EntryStatus.SUCCEEDED, refund_id="R1")
    assert journal.record_intent(intent()).status is EntryStatus.PENDING


def test_unknown_outcomes_still_block_the_charge(journal: Journal) -> None:
    first = journal.record_intent(intent())
    journal.record_outcome(first.key, EntryStatus.UNKNOWN, message="connection dropped")
    with pytest.raises(ChargeBusy):
        journal.record_intent(intent())
    assert [e.key for e in journal.unsettled("CHARGE0000001")] == [first.key]


def test_recording_the_same_key_twice_returns_the_first_intent(journal: Journal) -> None:
    first = journal.record_intent(intent())
    again = journal.record_intent(intent(key=first.key, amount=999))
    assert again.amount == Money(500, "USD")
    assert len(journal.entries()) == 1


def test_a_settled_outcome_is_final(journal: Journal) -> None:
    entry = journal.record_intent(intent())
    journal.record_outcome(entry.key, EntryStatus.SUCCEEDED, refund_id="R1")
    after = journal.record_outcome(entry.key, EntryStatus.FAILED, message="late noise")
    assert after.status is EntryStatus.SUCCEEDED
    assert after.refund_id == "R1"
    assert after.settled_ms is not None


def test_activity_filters(journal: Journal) -> None:
    a = journal.record_intent(intent("C1", staff_name="Cora Clerk"))
    b = journal.record_intent(intent("C2", staff_name="Marcus Manager", note="duplicate swipe"))
    journal.record_outcome(a.key, EntryStatus.SUCCEEDED, refund_id="REF-A")
    journal.record_outcome(b.key, EntryStatus.FAILED, message="declined")
    assert [e.charge_id for e in journal.entries(staff_name="Cora Clerk")] == ["C1"]
    assert [e.charge_id for e in journal.entries(statuses=[EntryStatus.FAILED])] == ["C2"]
    assert [e.charge_id for e in journal.entries(text="swipe")] == ["C2"]
    assert [e.charge_id for e in journal.entries(text="REF-A")] == ["C1"]


def test_csv_export_has_every_column_and_defuses_formulas(journal: Journal) -> None:
    entry = journal.record_intent(intent(amount=12_345, note="=HYPERLINK(evil)"))
    journal.record_outcome(entry.key, EntryStatus.SUCCEEDED, refund_id="R9")
    rows = list(csv.DictReader(io.StringIO(entries_to_csv(journal.entries()))))
    assert rows[0]["amount"] == "123.45"
    assert rows[0]["refund"] == "R9"
    assert rows[0]["idempotency_key"] == entry.key
    assert rows[0]["note"] == "'=HYPERLINK(evil)"


def _start_in_other_process(path: str, charge: str, queue: multiprocessing.Queue[str]) -> None:
    journal = Journal(path)
    try:
        journal.record_intent(intent(charge))
        queue.put("recorded")
    except ChargeBusy:
        queue.put("busy")
    finally:
        journal.close()


def test_two_processes_cannot_both_start_a_refund_of_one_charge(tmp_path: Path) -> None:
    path = str(tmp_path / "journal.sqlite")
    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[str] = ctx.Queue()
    workers = [
        ctx.Process(target=_start_in_other_process, args=(path, "SHARED", queue)) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    results = sorted(queue.get(timeout=5) for _ in workers)
    assert results == ["busy", "busy", "recorded"]
