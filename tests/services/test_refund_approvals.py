"""Managers' approvals are proofs the refund service verifies, bound to one exact refund.

Each test tries the service as a careless or hostile caller would and checks the
sandbox's ledger: a refusal must leave nothing sent.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

import pytest
from clover_helpers import card_charge
from refund_staff import RefundStaff, ledger_refunds

from clover_desk.api.client import CloverClient
from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import Journal
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import RefundRefused, RefundRequest, RefundService
from clover_desk.services.refunds.wizard import Outcome
from clover_desk.services.staff.accounts import (
    APPROVAL_TTL_SECONDS,
    ApprovalProof,
    ApprovalRefused,
    PermissionRefused,
    StaffMember,
)

pytestmark = pytest.mark.asyncio


class Shop(RefundStaff):
    def __init__(self, client: CloverClient, journal: Journal, tmp_path: Path) -> None:
        super().__init__(tmp_path)
        self.service = RefundService(client.ecommerce, client.platform, journal, self.staff)

    def approve(self, charge_id: str, amount: int, mode: RefundMode) -> ApprovalProof:
        return self.staff.issue_approval(
            self.manager.id,
            "2222",
            charge_id=charge_id,
            amount=Money(amount, "USD"),
            mode=mode.value,
        )

    async def request(
        self,
        charge_id: str,
        mode: RefundMode,
        approval: ApprovalProof | None,
        partial_amount: int | None = None,
        staff: StaffMember | None = None,
    ) -> RefundRequest:
        return RefundRequest(
            key=str(uuid.uuid4()),
            target=await self.service.load_target(charge_id),
            mode=mode,
            reason="requested_by_customer",
            note="",
            staff=staff or self.clerk,
            partial_amount=partial_amount,
            approval=approval,
        )


@pytest.fixture
def shop(client: CloverClient, journal: Journal, tmp_path: Path) -> Shop:
    return Shop(client, journal, tmp_path)


async def test_a_valid_proof_refunds_once_and_the_journal_names_it(
    sandbox: RunningSandbox, client: CloverClient, journal: Journal, shop: Shop
) -> None:
    charge = await card_charge(client, 9_000)
    proof = shop.approve(charge.id, 9_000, RefundMode.FULL)
    request = await shop.request(charge.id, RefundMode.FULL, proof)
    assert (await shop.service.refund(request)).outcome is Outcome.SUCCEEDED
    entry = journal.get(request.key)
    assert entry is not None
    assert (entry.approver_name, entry.approver_id, entry.approval_id) == (
        "Marcus Manager",
        shop.manager.id,
        proof.proof_id,
    )
    assert len(ledger_refunds(sandbox)) == 1


async def test_a_proof_written_by_the_caller_is_refused(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    charge = await card_charge(client, 9_000)
    forged = ApprovalProof(
        proof_id="forged",
        approver_id=shop.manager.id,
        approver_name="Marcus Manager",
        charge_id=charge.id,
        amount=Money(9_000, "USD"),
        mode=RefundMode.FULL.value,
        item_ids=(),
        expires_at=shop.clock.now + 60,
        signature=b"\x00" * 32,
    )
    with pytest.raises(ApprovalRefused, match="not valid"):
        await shop.service.refund(await shop.request(charge.id, RefundMode.FULL, forged))
    assert ledger_refunds(sandbox) == []


async def test_a_proof_edited_to_a_bigger_amount_is_refused(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    charge = await card_charge(client, 9_000)
    proof = shop.approve(charge.id, 6_000, RefundMode.PARTIAL)
    stretched = dataclasses.replace(proof, amount=Money(8_000, "USD"))
    request = await shop.request(charge.id, RefundMode.PARTIAL, stretched, partial_amount=8_000)
    with pytest.raises(ApprovalRefused, match="not valid"):
        await shop.service.refund(request)
    assert ledger_refunds(sandbox) == []


async def test_a_proof_for_another_charge_amount_or_mode_is_refused(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    charge = await card_charge(client, 9_000)
    other = await card_charge(client, 9_000)
    for_other = shop.approve(other.id, 9_000, RefundMode.FULL)
    with pytest.raises(ApprovalRefused, match="another charge"):
        await shop.service.refund(await shop.request(charge.id, RefundMode.FULL, for_other))
    partial = shop.approve(charge.id, 6_000, RefundMode.PARTIAL)
    request = await shop.request(charge.id, RefundMode.PARTIAL, partial, partial_amount=7_000)
    with pytest.raises(ApprovalRefused, match="approved"):
        await shop.service.refund(request)
    full = shop.approve(charge.id, 9_000, RefundMode.FULL)
    request = await shop.request(charge.id, RefundMode.PARTIAL, full, partial_amount=9_000)
    with pytest.raises(ApprovalRefused, match="different kind"):
        await shop.service.refund(request)
    assert ledger_refunds(sandbox) == []


async def test_an_expired_or_used_proof_is_refused(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    charge = await card_charge(client, 20_000)
    proof = shop.approve(charge.id, 6_000, RefundMode.PARTIAL)
    request = await shop.request(charge.id, RefundMode.PARTIAL, proof, partial_amount=6_000)
    assert (await shop.service.refund(request)).outcome is Outcome.SUCCEEDED
    again = await shop.request(charge.id, RefundMode.PARTIAL, proof, partial_amount=6_000)
    with pytest.raises(ApprovalRefused, match="already been used"):
        await shop.service.refund(again)
    late = shop.approve(charge.id, 6_000, RefundMode.PARTIAL)
    shop.clock.now += APPROVAL_TTL_SECONDS + 1
    request = await shop.request(charge.id, RefundMode.PARTIAL, late, partial_amount=6_000)
    with pytest.raises(ApprovalRefused, match="expired"):
        await shop.service.refund(request)
    assert len(ledger_refunds(sandbox)) == 1


async def test_a_proof_from_a_manager_deactivated_since_is_refused(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    charge = await card_charge(client, 9_000)
    proof = shop.approve(charge.id, 9_000, RefundMode.FULL)
    shop.staff.deactivate(shop.manager.id, by=shop.owner)
    with pytest.raises(ApprovalRefused, match="no longer approve"):
        await shop.service.refund(await shop.request(charge.id, RefundMode.FULL, proof))
    assert ledger_refunds(sandbox) == []


async def test_an_approver_named_without_a_proof_is_refused(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    charge = await card_charge(client, 9_000)
    request = await shop.request(charge.id, RefundMode.FULL, None)
    with pytest.raises(PermissionRefused, match="manager's approval is needed"):
        await shop.service.refund(request)
    assert ledger_refunds(sandbox) == []


async def test_a_full_refund_is_refused_when_the_remaining_amount_changed(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    charge = await card_charge(client, 3_000)
    stale = await shop.request(charge.id, RefundMode.FULL, None, staff=shop.manager)
    first = await shop.request(
        charge.id, RefundMode.PARTIAL, None, partial_amount=1_000, staff=shop.manager
    )
    assert (await shop.service.refund(first)).outcome is Outcome.SUCCEEDED
    with pytest.raises(RefundRefused, match="changed"):
        await shop.service.refund(stale)
    assert [r["amount"] for r in ledger_refunds(sandbox)] == [1_000]


async def test_a_clerk_cannot_split_a_refund_around_their_limit(
    sandbox: RunningSandbox, client: CloverClient, shop: Shop
) -> None:
    """Cora's limit is $50: $30 and then $30 more on one charge is $60, over it."""
    charge = await card_charge(client, 9_000)
    first = await shop.request(charge.id, RefundMode.PARTIAL, None, partial_amount=3_000)
    assert (await shop.service.refund(first)).outcome is Outcome.SUCCEEDED
    second = await shop.request(charge.id, RefundMode.PARTIAL, None, partial_amount=3_000)
    with pytest.raises(PermissionRefused, match=r"already refunded on this charge"):
        await shop.service.refund(second)
    assert [r["amount"] for r in ledger_refunds(sandbox)] == [3_000]
    # The same $30 on another charge is within the limit; on this one a manager approves.
    other = await card_charge(client, 9_000)
    alone = await shop.request(other.id, RefundMode.PARTIAL, None, partial_amount=3_000)
    assert (await shop.service.refund(alone)).outcome is Outcome.SUCCEEDED
    proof = shop.approve(charge.id, 3_000, RefundMode.PARTIAL)
    approved = await shop.request(charge.id, RefundMode.PARTIAL, proof, partial_amount=3_000)
    assert (await shop.service.refund(approved)).outcome is Outcome.SUCCEEDED
    assert sorted(r["amount"] for r in ledger_refunds(sandbox)) == [3_000, 3_000, 3_000]


async def test_the_activity_csv_names_the_approver_and_the_proof(
    client: CloverClient, journal: Journal, shop: Shop
) -> None:
    from clover_desk.services.refunds.journal import entries_to_csv

    charge = await card_charge(client, 9_000)
    proof = shop.approve(charge.id, 9_000, RefundMode.FULL)
    await shop.service.refund(await shop.request(charge.id, RefundMode.FULL, proof))
    header, row = entries_to_csv(journal.entries()).splitlines()[:2]
    columns = dict(zip(header.split(","), row.split(","), strict=False))
    assert columns["approved_by"] == "Marcus Manager"
    assert columns["approval_id"] == proof.proof_id
    # The Activity view shows the same two facts in its own columns.
    from clover_desk.ui.activity_tab import ACTIVITY_COLUMNS

    [entry] = journal.entries()
    shown = {column.header: column.text(entry) for column in ACTIVITY_COLUMNS}
    assert shown["Approved by"] == "Marcus Manager"
    assert shown["Approval"] == proof.proof_id
