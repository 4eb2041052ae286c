"""RefundService against the sandbox: exactly once, whatever the network does."""

from __future__ import annotations

import uuid

import httpx
import pytest
from clover_helpers import card_charge, client_for

from clover_desk.api.client import CloverClient
from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import EntryStatus, Journal
from clover_desk.services.refunds.rules import RefundMode, plan_refund
from clover_desk.services.refunds.service import (
    RefundRefused,
    RefundRequest,
    RefundService,
    journal_entry_for,
    reference_for,
)
from clover_desk.services.refunds.wizard import Outcome
from clover_desk.services.staff.accounts import PermissionRefused, Role, StaffMember

pytestmark = pytest.mark.asyncio

CLERK = StaffMember(3, "Cora Clerk", Role.CLERK, Money(5_000, "USD"))
MANAGER = StaffMember(2, "Marcus Manager", Role.MANAGER)


def ledger(sandbox: RunningSandbox) -> dict[str, list[dict[str, object]]]:
    response = httpx.get(sandbox.info["admin_url"] + "/ledger")
    data: dict[str, list[dict[str, object]]] = response.json()
    return data


def set_faults(sandbox: RunningSandbox, **faults: object) -> None:
    httpx.post(sandbox.info["admin_url"] + "/faults", json=faults).raise_for_status()


def clear_faults(sandbox: RunningSandbox) -> None:
    httpx.delete(sandbox.info["admin_url"] + "/faults").raise_for_status()


async def request_for(
    service: RefundService,
    charge_id: str,
    mode: RefundMode = RefundMode.FULL,
    staff: StaffMember = MANAGER,
    **changes: object,
) -> RefundRequest:
    target = await service.load_target(charge_id)
    fields: dict[str, object] = {
        "key": str(uuid.uuid4()),
        "target": target,
        "mode": mode,
        "reason": "requested_by_customer",
        "note": "customer changed their mind",
        "staff": staff,
    }
    fields.update(changes)
    return RefundRequest(**fields)  # type: ignore[arg-type]


def service_for(client: CloverClient, journal: Journal) -> RefundService:
    return RefundService(client.ecommerce, client.platform, journal)


async def test_a_full_refund_is_journaled_and_made_once(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    charge = await card_charge(client, 2_000)
    service = service_for(client, journal)
    request = await request_for(service, charge.id)
    result = await service.refund(request)
    assert result.outcome is Outcome.SUCCEEDED
    assert result.remaining == Money(0, "USD")
    entry = journal.get(request.key)
    assert entry is not None
    assert entry.status is EntryStatus.SUCCEEDED
    assert entry.refund_id == result.refund_id
    refunds = ledger(sandbox)["refunds"]
    assert [(r["id"], r["amount"], r["idempotency_key"]) for r in refunds] == [
        (result.refund_id, 2_000, request.key)
    ]


async def test_submitting_the_same_request_twice_refunds_once(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    charge = await card_charge(client, 1_500)
    service = service_for(client, journal)
    request = await request_for(service, charge.id, RefundMode.PARTIAL, partial_amount=500)
    first = await service.refund(request)
    second = await service.refund(request)
    assert first.refund_id == second.refund_id
    assert len(ledger(sandbox)["refunds"]) == 1


async def test_a_clerk_over_their_limit_needs_a_manager(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    charge = await card_charge(client, 9_000)
    service = service_for(client, journal)
    request = await request_for(service, charge.id, staff=CLERK)
    with pytest.raises(PermissionRefused, match="manager"):
        await service.refund(request)
    assert ledger(sandbox)["refunds"] == []
    assert journal.entries() == []
    approved = await request_for(service, charge.id, staff=CLERK, approval=MANAGER)
    with pytest.raises(PermissionRefused, match="cannot be checked"):
        await service.refund(approved)
    assert ledger(sandbox)["refunds"] == []


async def test_nothing_is_sent_when_nothing_remains(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    charge = await card_charge(client, 1_000)
    service = service_for(client, journal)
    await service.refund(await request_for(service, charge.id))
    stale = await request_for(service, charge.id)
    with pytest.raises(RefundRefused, match="fully refunded"):
        await service.refund(stale)
    assert len(ledger(sandbox)["refunds"]) == 1


async def test_a_lost_answer_is_settled_without_a_second_refund(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    charge = await card_charge(client, 2_500)
    service = service_for(client, journal)
    request = await request_for(service, charge.id)
    set_faults(sandbox, drop_after_commit_rate=1.0, path_regex="^/v1/refunds$", method="POST")
    result = await service.refund(request)
    assert result.outcome is Outcome.UNKNOWN
    assert len(ledger(sandbox)["refunds"]) >= 1
    clear_faults(sandbox)
    settled = await service.wait_settled(request.key)
    assert settled is not None
    assert settled.status is EntryStatus.SUCCEEDED
    refunds = ledger(sandbox)["refunds"]
    assert len(refunds) == 1
    assert settled.refund_id == refunds[0]["id"]


async def test_an_intent_left_by_a_crash_is_settled_at_start_up(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    """Intent journaled, request reached Clover, app died before the outcome."""
    charge = await card_charge(client, 3_000)
    service = service_for(client, journal)
    request = await request_for(service, charge.id, RefundMode.PARTIAL, partial_amount=1_200)
    plan = plan_refund(request.target, RefundMode.PARTIAL, partial_amount=1_200)
    journal.record_intent(journal_entry_for(request, request.target, plan))
    await client.ecommerce.create_refund(
        charge.id,
        amount=1_200,
        external_reference_id=reference_for(request.key),
        idempotency_key=request.key,
    )
    async with client_for(sandbox) as restarted:
        settled = await RefundService(restarted.ecommerce, restarted.platform, journal).settle_all()
    assert [e.status for e in settled] == [EntryStatus.SUCCEEDED]
    assert len(ledger(sandbox)["refunds"]) == 1


async def test_an_intent_that_never_left_is_sent_once_at_start_up(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    charge = await card_charge(client, 3_000)
    service = service_for(client, journal)
    request = await request_for(service, charge.id)
    plan = plan_refund(request.target, RefundMode.FULL)
    journal.record_intent(journal_entry_for(request, request.target, plan))
    assert ledger(sandbox)["refunds"] == []
    settled = await service.settle_all()
    assert [e.status for e in settled] == [EntryStatus.SUCCEEDED]
    [refund] = ledger(sandbox)["refunds"]
    assert refund["idempotency_key"] == request.key
    assert refund["amount"] == 3_000


async def test_an_unsettled_refund_blocks_the_next_one_on_that_charge(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal
) -> None:
    charge = await card_charge(client, 4_000)
    service = service_for(client, journal)
    first = await request_for(service, charge.id, RefundMode.PARTIAL, partial_amount=1_000)
    set_faults(sandbox, error_rate=1.0, error_status=503, path_regex="^/v1/refunds$", method="POST")
    assert (await service.refund(first)).outcome is Outcome.UNKNOWN
    second = await request_for(service, charge.id, RefundMode.PARTIAL, partial_amount=1_000)
    with pytest.raises(RefundRefused, match="could not be confirmed"):
        await service.refund(second)
    clear_faults(sandbox)
    assert (await service.wait_settled(first.key)).status is EntryStatus.SUCCEEDED  # type: ignore[union-attr]
    assert (await service.refund(second)).outcome is Outcome.SUCCEEDED
    assert sorted(r["amount"] for r in ledger(sandbox)["refunds"]) == [1_000, 1_000]
    await service.close()
