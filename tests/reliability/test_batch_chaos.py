"""Chaos: a batch of refunds sent through every fault the sandbox can throw.

5xx, connection resets, 429 storms and 10 % commit-then-drop are on for the whole run
(the error status rotates every few hundred milliseconds), as in ``test_refund_chaos``.
Some charges are refunded in two rows (a part, then what remains), so rows of one
charge must also keep their order. The queue is left to itself: at the end every row
must be refunded exactly once, and the journal must equal the sandbox's ledger.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest
from chaos_helpers import rotate_chaos_faults, set_chaos_faults
from clover_helpers import card_charge, client_for

from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.batch_check import check_batch
from clover_desk.services.refunds.batch_file import read_batch_file
from clover_desk.services.refunds.batch_queue import BatchQueue, BatchState, BatchStore, RowStatus
from clover_desk.services.refunds.journal import EntryStatus, Journal
from clover_desk.services.refunds.service import RefundService
from clover_desk.services.staff.accounts import Role, StaffDirectory

WHOLE = 40
SPLIT = 20


@pytest.mark.asyncio
async def test_a_batch_through_faults_refunds_every_row_exactly_once(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "journal.sqlite")
    staff = StaffDirectory(tmp_path / "staff.sqlite")
    owner = staff.add("Olivia Owner", Role.OWNER, "1111")
    manager = staff.add("Marcus Manager", Role.MANAGER, "2222", by=owner)
    store = BatchStore(journal)
    async with client_for(sandbox) as client:
        lines = ["charge,amount,reason,note"]
        for _ in range(WHOLE):
            lines.append(f"{(await card_charge(client, 1_500)).id},full,duplicate,")
        for _ in range(SPLIT):
            charge = (await card_charge(client, 3_000)).id
            lines.append(f"{charge},10.00,requested_by_customer,part")
            lines.append(f"{charge},full,requested_by_customer,the rest")
        refunds = RefundService(client.ecommerce, client.platform, journal, staff)
        queue = BatchQueue(store, refunds, staff)
        rows = read_batch_file(("\n".join(lines) + "\n").encode(), "USD").rows
        check = await check_batch(rows, manager, refunds)
        assert check.ok, check.problems
        batch_id = await queue.submit(check, name="chaos")
        admin = sandbox.info["admin_url"]
        async with httpx.AsyncClient() as http:
            (await http.delete(f"{admin}/stats")).raise_for_status()
            await set_chaos_faults(http, admin, 0)  # on before the first row goes
        stop = asyncio.Event()
        chaos = asyncio.create_task(rotate_chaos_faults(admin, stop, first_turn=1))
        try:
            await queue.start(batch_id)
        finally:
            stop.set()
            await chaos
        progress = await queue.progress(batch_id)
        outcomes = store.rows(batch_id)
        await queue.close()
        await refunds.close()

    async with httpx.AsyncClient() as http:
        ledger = (await http.get(sandbox.info["admin_url"] + "/ledger")).json()
        stats = (await http.get(sandbox.info["admin_url"] + "/stats")).json()
    entries = journal.entries()
    store.close()
    journal.close()
    staff.close()
    assert stats["injected_errors"] > 0, "the faults were on while the batch was sent"
    assert progress.state is BatchState.FINISHED
    assert progress.counts == {RowStatus.REFUNDED: WHOLE + 2 * SPLIT}
    assert Counter(r["idempotency_key"] for r in ledger["refunds"]) == Counter(
        row.key for row in outcomes
    ), "every row exists exactly once"
    assert {e.key: (e.status, e.refund_id) for e in entries} == {
        r["idempotency_key"]: (EntryStatus.SUCCEEDED, r["id"]) for r in ledger["refunds"]
    }, "the journal equals the ledger"
    for charge in ledger["charges"]:
        assert charge["amount_refunded"] == charge["amount"], charge["id"]
    split_parts = [row.amount for row in outcomes if row.note == "part"]
    assert split_parts == [Money(1_000, "USD")] * SPLIT
