"""Batch refunds through the services, against a sandbox: checked all or none, then queued.

Every refusal is checked against the sandbox's ledger: a batch with any problem, or
without the authority it needs, must leave nothing sent.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from clover_helpers import card_charge, paid_order
from refund_staff import RefundStaff, ledger_refunds

from clover_desk.api.client import CloverClient
from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.batch_check import check_batch
from clover_desk.services.refunds.batch_file import BatchFileRefused, read_batch_file
from clover_desk.services.refunds.batch_queue import BatchQueue, BatchState, BatchStore, RowStatus
from clover_desk.services.refunds.day_report import build_refund_day_report
from clover_desk.services.refunds.journal import Journal
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import BatchRowRequest, RefundRefused, RefundService
from clover_desk.services.staff.accounts import (
    APPROVAL_TTL_SECONDS,
    ApprovalRefused,
    BatchApprovalProof,
    PermissionRefused,
)

pytestmark = pytest.mark.asyncio


class Desk(RefundStaff):
    """The services a batch needs, wired as the app wires them."""

    def __init__(self, client: CloverClient, journal: Journal, tmp_path: Path) -> None:
        super().__init__(tmp_path)
        self.refunds = RefundService(client.ecommerce, client.platform, journal, self.staff)
        self.store = BatchStore(journal)
        self.queue = BatchQueue(self.store, self.refunds, self.staff)


@pytest.fixture
def desk(client: CloverClient, journal: Journal, tmp_path: Path) -> Iterator[Desk]:
    d = Desk(client, journal, tmp_path)
    yield d
    d.store.close()


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


async def test_a_bad_file_names_every_bad_row_and_sends_nothing(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk
) -> None:
    first = (await card_charge(client, 3_000)).id
    second = (await card_charge(client, 3_000)).id
    third = (await card_charge(client, 3_000)).id
    data = csv_bytes(
        "charge,amount,reason,note",
        f"{first},10.00,requested_by_customer,event cancelled",  # 2: fine
        f"{first},5.00,because,event cancelled",  # 3: wrong reason
        "CHNOSUCHCHARGE,5.00,duplicate,event cancelled",  # 4: unknown charge
        f"{second},31.00,duplicate,too much",  # 5: over-refund
        f"{first},10.00,requested_by_customer,event cancelled",  # 6: duplicate row
        f"{third},12.345,duplicate,bad amount",  # 7: bad amount
        f"{third},full,duplicate,",  # 8: fine
        f"{third},1.00,duplicate,after full",  # 9: charge twice beyond what remains
        f"{second},5.00,duplicate,",  # 10: partial without a note
    )
    batch_file = read_batch_file(data, "USD")
    check = await check_batch(batch_file.rows, desk.manager, desk.refunds)
    problems = {p.line: p.message for p in (*batch_file.problems, *check.problems)}

    assert sorted(problems) == [3, 4, 5, 6, 7, 9, 10]
    assert "because" in problems[3]
    assert "requested_by_customer" in problems[3]
    assert "CHNOSUCHCHARGE is not on Clover" in problems[4]
    assert "Only 30.00 USD remains" in problems[5]
    assert "repeats line 2" in problems[6]
    assert "12.345" in problems[7]
    assert "already been fully refunded" in problems[9]
    assert "Rows above" in problems[9]
    assert "needs a note" in problems[10]
    assert not check.ok
    with pytest.raises(RefundRefused):
        await desk.queue.submit(check)
    assert ledger_refunds(sandbox) == []


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("charge,amount,reason\nA,1.00,duplicate,café\n".encode("cp1252"), "not UTF-8"),
        ("charge,amount,reason\nA,1.00,duplicate\n".encode("utf-16"), "UTF-16"),
        (b"charge;amount;reason\nA;1.00;duplicate\n", "semicolons"),
        (b"charge\tamount\treason\nA\t1.00\tduplicate\n", "tabs"),
        (b"id,sum,why\nA,1.00,duplicate\n", "Missing: charge or order, amount, reason"),
    ],
)
async def test_an_unreadable_file_says_how_to_fix_it(data: bytes, says: str) -> None:
    with pytest.raises(BatchFileRefused, match=says):
        read_batch_file(data, "USD")


async def test_a_utf8_file_with_a_byte_order_mark_and_crlf_reads() -> None:
    data = "\ufeffCharge ID,Amount,Reason,Note\r\nCH1,full,duplicate,é\r\n".encode()
    batch_file = read_batch_file(data, "USD")
    assert batch_file.ok
    assert batch_file.rows[0].charge_id == "CH1"
    assert batch_file.rows[0].note == "é"


async def test_a_manager_sends_a_batch_and_every_row_is_refunded_once(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk, journal: Journal
) -> None:
    charges = [(await card_charge(client, 2_000)).id for _ in range(6)]
    order_id, order_charge = await paid_order(client, [1_000, 1_500])
    items = [i.id async for i in client.platform.list_line_items(order_id)]
    lines = ["charge,order,amount,reason,note,items"]
    lines += [f"{c},,full,requested_by_customer,event cancelled," for c in charges[:4]]
    lines += [f"{charges[4]},,5.00,duplicate,first half,", f"{charges[4]},,15.00,duplicate,rest,"]
    lines += [f",{order_id},,requested_by_customer,one item,{items[0]}"]
    batch_file = read_batch_file(csv_bytes(*lines), "USD")
    check = await check_batch(batch_file.rows, desk.manager, desk.refunds)
    assert check.ok, check.problems
    assert not check.needs_approval
    assert check.totals == (Money(4 * 2_000 + 2_000 + 1_000, "USD"),)
    assert check.by_reason == {"requested_by_customer": 5, "duplicate": 2}

    batch_id = await desk.queue.submit(check, name="Cancelled gig")
    await desk.queue.run(batch_id)

    progress = await desk.queue.progress(batch_id)
    assert progress.state is BatchState.FINISHED
    assert progress.done
    assert progress.counts == {RowStatus.REFUNDED: 7}
    rows = desk.store.rows(batch_id)
    refunds = ledger_refunds(sandbox)
    assert Counter(r["idempotency_key"] for r in refunds) == Counter(row.key for row in rows)
    by_key = {r["idempotency_key"]: r for r in refunds}
    # Amount refunds journal Clover's refund id (an item return journals the return's).
    assert [row.refund_id for row in rows[:6]] == [by_key[row.key]["id"] for row in rows[:6]]
    assert by_key[rows[6].key]["charge"] == order_charge
    assert by_key[rows[6].key]["line_items"] == [items[0]]
    assert [by_key[rows[n].key]["amount"] for n in (4, 5)] == [500, 1_500]

    result = (await desk.queue.result_csv(batch_id)).splitlines()
    assert result[0].startswith("row,refund_id,outcome,message")
    assert result[1].split(",")[:3] == ["2", rows[0].refund_id, "refunded"]
    assert len(result) == 8

    report = build_refund_day_report(journal, date.today(), desk.store.batch_of)
    assert {report.batch_of(e) for s in report.sections for e in s.entries} == {"Cancelled gig"}

    # Run again (a restart): nothing is sent twice.
    await desk.queue.run(batch_id)
    assert len(ledger_refunds(sandbox)) == 7


async def test_a_clerk_over_their_limit_needs_a_manager_for_the_batch_as_a_whole(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk, journal: Journal
) -> None:
    # Each row is under the clerk's 50.00 limit; together they are not.
    charges = [(await card_charge(client, 2_000)).id for _ in range(3)]
    data = csv_bytes("charge,amount,reason", *(f"{c},full,duplicate" for c in charges))
    batch_file = read_batch_file(data, "USD")
    check = await check_batch(batch_file.rows, desk.clerk, desk.refunds)
    assert check.ok
    assert check.needs_approval
    assert "over Cora Clerk's refund limit" in " ".join(check.approval_reasons)

    with pytest.raises(PermissionRefused, match="manager must approve"):
        await desk.queue.submit(check)

    # An approval of another batch (one row fewer) does not cover this one.
    smaller = await check_batch(batch_file.rows[:2], desk.clerk, desk.refunds)
    other = desk.staff.issue_batch_approval(
        desk.manager.id,
        "2222",
        batch_digest=smaller.digest,
        row_count=len(smaller.rows),
        totals=smaller.totals,
    )
    with pytest.raises(ApprovalRefused, match="different batch"):
        await desk.queue.submit(check, other)

    def approve() -> BatchApprovalProof:
        return desk.staff.issue_batch_approval(
            desk.manager.id,
            "2222",
            batch_digest=check.digest,
            row_count=len(check.rows),
            totals=check.totals,
        )

    expired = approve()
    desk.clock.now += APPROVAL_TTL_SECONDS + 1
    with pytest.raises(ApprovalRefused, match="expired"):
        await desk.queue.submit(check, expired)
    assert ledger_refunds(sandbox) == []

    proof = approve()
    batch_id = await desk.queue.submit(check, proof)
    with pytest.raises(ApprovalRefused, match="already been used"):
        await desk.queue.submit(check, proof)
    await desk.queue.run(batch_id)
    assert len(ledger_refunds(sandbox)) == 3
    entries = journal.entries()
    assert {(e.staff_name, e.approver_name, e.approval_id) for e in entries} == {
        ("Cora Clerk", "Marcus Manager", proof.proof_id)
    }


async def test_a_batch_checked_for_a_manager_cannot_be_sent_as_a_clerk(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk
) -> None:
    """The service decides the authority again: a check made under other rights (or
    altered) does not carry them."""
    charge = (await card_charge(client, 9_000)).id
    batch_file = read_batch_file(
        csv_bytes("charge,amount,reason", f"{charge},full,fraudulent"), "USD"
    )
    check = await check_batch(batch_file.rows, desk.manager, desk.refunds)
    assert not check.needs_approval
    as_clerk = dataclasses.replace(check, staff=desk.clerk)
    with pytest.raises(PermissionRefused, match="over Cora Clerk's refund limit"):
        await desk.queue.submit(as_clerk)
    assert ledger_refunds(sandbox) == []


async def test_a_paused_batch_waits_and_a_cancelled_one_sends_nothing_more(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk
) -> None:
    charges = [(await card_charge(client, 1_000)).id for _ in range(3)]
    data = csv_bytes("charge,amount,reason", *(f"{c},full,duplicate" for c in charges))
    check = await check_batch(read_batch_file(data, "USD").rows, desk.manager, desk.refunds)
    paused = await desk.queue.submit(check)
    await desk.queue.pause(paused)
    await desk.queue.run(paused)
    assert ledger_refunds(sandbox) == []
    assert (await desk.queue.progress(paused)).state is BatchState.PAUSED

    cancelled = await desk.queue.submit(check)
    await desk.queue.cancel(cancelled)
    await desk.queue.run(cancelled)
    progress = await desk.queue.progress(cancelled)
    assert progress.counts == {RowStatus.CANCELLED: 3}
    assert progress.done
    assert desk.store.grant_for(desk.store.rows(cancelled)[0].key) is None

    task = await desk.queue.resume(paused)
    assert task is not None
    await task
    assert (await desk.queue.progress(paused)).counts == {RowStatus.REFUNDED: 3}
    assert len(ledger_refunds(sandbox)) == 3


async def test_a_key_not_in_any_batch_is_not_sent_as_a_batch_row(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk, journal: Journal
) -> None:
    charge = (await card_charge(client, 1_000)).id
    with pytest.raises(PermissionRefused, match="not part of an accepted batch"):
        await desk.refunds.refund_batch_row(
            BatchRowRequest(
                key=str(uuid.uuid4()),
                charge_id=charge,
                mode=RefundMode.FULL,
                amount=Money(1_000, "USD"),
                reason="duplicate",
                note="",
                staff=desk.manager,
            )
        )
    assert ledger_refunds(sandbox) == []
    assert journal.entries() == []


async def test_an_approved_batch_stops_when_its_manager_is_deactivated(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk
) -> None:
    """The batch's approval is checked again for every row: a manager deactivated after
    approving (before or during the batch, or before a restart) stops what is left."""
    charges = [(await card_charge(client, 4_000)).id for _ in range(2)]
    data = csv_bytes("charge,amount,reason", *(f"{c},full,fraudulent" for c in charges))
    check = await check_batch(read_batch_file(data, "USD").rows, desk.clerk, desk.refunds)
    proof = desk.staff.issue_batch_approval(
        desk.manager.id,
        "2222",
        batch_digest=check.digest,
        row_count=len(check.rows),
        totals=check.totals,
    )
    batch_id = await desk.queue.submit(check, proof)
    desk.staff.deactivate(desk.manager.id, by=desk.owner)
    await desk.queue.run(batch_id)

    assert ledger_refunds(sandbox) == []
    rows = desk.store.rows(batch_id)
    assert [row.status for row in rows] == [RowStatus.REFUSED, RowStatus.REFUSED]
    assert "can no longer approve refunds" in rows[0].message
    result = (await desk.queue.result_csv(batch_id)).splitlines()
    assert result[1].startswith("2,,refused,The manager who approved this batch")


async def test_a_batch_row_is_sent_only_as_the_batch_holds_it(
    sandbox: RunningSandbox, client: CloverClient, desk: Desk, journal: Journal
) -> None:
    charge = (await card_charge(client, 4_000)).id
    data = csv_bytes("charge,amount,reason,note", f"{charge},10.00,duplicate,part")
    check = await check_batch(read_batch_file(data, "USD").rows, desk.manager, desk.refunds)
    batch_id = await desk.queue.submit(check)
    row = desk.store.rows(batch_id)[0]
    altered = BatchRowRequest(
        key=row.key,
        charge_id=charge,
        mode=RefundMode.PARTIAL,
        amount=Money(3_000, "USD"),
        reason="duplicate",
        note="part",
        staff=desk.manager,
    )
    with pytest.raises(ApprovalRefused, match="not the one the batch holds"):
        await desk.refunds.refund_batch_row(altered)
    # Another staff member cannot send someone else's batch row either.
    with pytest.raises(ApprovalRefused, match="not the one the batch holds"):
        await desk.refunds.refund_batch_row(
            dataclasses.replace(altered, amount=row.amount, staff=desk.clerk)
        )
    assert ledger_refunds(sandbox) == []
    assert journal.entries() == []
    progress = await desk.queue.progress(batch_id)
    assert progress.eta_seconds is not None
    assert progress.eta_seconds > 0
