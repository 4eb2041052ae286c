"""Chaos: 500 refunds over 100 charges through every fault the sandbox can throw.

5xx, connection resets, 429 storms and 10 % commit-then-drop are on for the whole run
(the error status rotates every few hundred milliseconds). Staff keep asking, as staff
would: a refund that was refused before anything was sent is asked again with the same
key; one whose outcome is unknown is left to the service to settle. At the end the
journal and the sandbox's ledger must be the same set of refunds: none twice, none lost.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest
from chaos_helpers import rotate_chaos_faults
from clover_helpers import card_charge, client_for

from clover_desk.api.errors import ApiError
from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import EntryStatus, Journal
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import RefundRefused, RefundRequest, RefundService
from clover_desk.services.refunds.wizard import Outcome
from clover_desk.services.staff.accounts import Role, StaffMember

CHARGES = 100
REFUNDS_PER_CHARGE = 5
REFUND_AMOUNT = 1_000
MANAGER = StaffMember(2, "Marcus Manager", Role.MANAGER)


async def _refund_charge(service: RefundService, charge_id: str, keys: list[str]) -> None:
    for _ in range(REFUNDS_PER_CHARGE):
        key = str(uuid.uuid4())
        keys.append(key)
        while True:
            try:
                target = await service.load_target(charge_id)
                result = await service.refund(
                    RefundRequest(
                        key=key,
                        target=target,
                        mode=RefundMode.PARTIAL,
                        reason="requested_by_customer",
                        note="chaos",
                        staff=MANAGER,
                        partial_amount=REFUND_AMOUNT,
                    )
                )
            except RefundRefused:
                await asyncio.sleep(0.05)  # nothing was sent: ask again, same key
                continue
            except ApiError:  # the fresh read failed before the service was asked
                await asyncio.sleep(0.05)
                continue
            if result.outcome is Outcome.UNKNOWN:
                entry = await service.wait_settled(key)
                assert entry is not None
                if not entry.status.settled:
                    continue
            break


@pytest.mark.asyncio
async def test_500_refunds_through_faults_match_the_ledger_exactly(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "journal.sqlite")
    async with client_for(sandbox) as client:
        charges = [
            (await card_charge(client, REFUND_AMOUNT * REFUNDS_PER_CHARGE)).id
            for _ in range(CHARGES)
        ]
        service = RefundService(client.ecommerce, client.platform, journal)
        stop = asyncio.Event()
        chaos = asyncio.create_task(rotate_chaos_faults(sandbox.info["admin_url"], stop))
        keys: list[str] = []
        semaphore = asyncio.Semaphore(20)

        async def one(charge_id: str) -> None:
            async with semaphore:
                await _refund_charge(service, charge_id, keys)

        try:
            await asyncio.gather(*(one(c) for c in charges))
        finally:
            stop.set()
            await chaos
        await service.settle_all()
        await service.close()

    entries = journal.entries()
    journal.close()
    async with httpx.AsyncClient() as http:
        ledger = (await http.get(sandbox.info["admin_url"] + "/ledger")).json()
    refunds = ledger["refunds"]
    assert len(keys) == CHARGES * REFUNDS_PER_CHARGE
    assert Counter(r["idempotency_key"] for r in refunds) == Counter(keys), (
        "every refund asked for exists exactly once"
    )
    assert {e.key: (e.status, e.refund_id) for e in entries} == {
        r["idempotency_key"]: (EntryStatus.SUCCEEDED, r["id"]) for r in refunds
    }, "the journal equals the ledger"
    for charge in ledger["charges"]:
        assert charge["amount_refunded"] == charge["amount"], charge["id"]
    assert sum(e.amount.amount for e in entries) == CHARGES * REFUNDS_PER_CHARGE * REFUND_AMOUNT
    assert all(e.amount == Money(REFUND_AMOUNT, "USD") for e in entries)
