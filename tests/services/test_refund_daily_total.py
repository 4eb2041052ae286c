"""A clerk's daily refund total, and the staff record the refund service trusts.

The owner may give a clerk a daily total (off by default). The refund service counts
what the clerk refunded today on every charge, so a day's refunds cannot be spread
over many charges under the per-refund limit; each test checks the sandbox's ledger.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest
from clover_helpers import card_charge

from clover_desk.api.client import CloverClient
from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import Journal
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import RefundRequest, RefundService
from clover_desk.services.refunds.wizard import Outcome
from clover_desk.services.staff.accounts import (
    ApprovalProof,
    PermissionRefused,
    Role,
    StaffDirectory,
    StaffMember,
)

pytestmark = pytest.mark.asyncio
DAY = 24 * 3600


class DayClock:
    """The real time, moved on by whole days when a test says so."""

    def __init__(self) -> None:
        self.days = 0

    def __call__(self) -> float:
        return time.time() + self.days * DAY


class Counter:
    def __init__(self, client: CloverClient, journal: Journal, tmp_path: Path) -> None:
        self.client = client
        self.clock = DayClock()
        self.staff = StaffDirectory(tmp_path / "staff.sqlite")
        self.owner = self.staff.add("Olivia Owner", Role.OWNER, "1111")
        self.manager = self.staff.add("Marcus Manager", Role.MANAGER, "2222", by=self.owner)
        self.clerk = self.staff.add(
            "Cora Clerk", Role.CLERK, "3333", refund_limit=Money(5_000, "USD"), by=self.owner
        )
        self.service = RefundService(
            client.ecommerce, client.platform, journal, self.staff, clock=self.clock
        )

    async def refund(
        self,
        amount: int,
        *,
        staff: StaffMember | None = None,
        approval: ApprovalProof | None = None,
        charge_id: str | None = None,
    ) -> Outcome:
        """Refund ``amount`` of a fresh $90 charge (or ``charge_id``) as the clerk."""
        if charge_id is None:
            charge_id = (await card_charge(self.client, 9_000)).id
        request = RefundRequest(
            key=str(uuid.uuid4()),
            target=await self.service.load_target(charge_id),
            mode=RefundMode.PARTIAL,
            reason="requested_by_customer",
            note="counter",
            staff=staff or self.clerk,
            partial_amount=amount,
            approval=approval,
        )
        return (await self.service.refund(request)).outcome


@pytest.fixture
def counter(client: CloverClient, journal: Journal, tmp_path: Path) -> Counter:
    return Counter(client, journal, tmp_path)


def ledger_amounts(sandbox: RunningSandbox) -> list[int]:
    refunds = httpx.get(sandbox.info["admin_url"] + "/ledger").json()["refunds"]
    return sorted(int(r["amount"]) for r in refunds)


async def test_without_a_daily_total_a_clerk_refunds_many_charges_under_the_limit(
    sandbox: RunningSandbox, counter: Counter
) -> None:
    for _ in range(3):
        assert await counter.refund(4_000) is Outcome.SUCCEEDED
    assert ledger_amounts(sandbox) == [4_000, 4_000, 4_000]


async def test_the_daily_total_counts_every_charge_and_a_manager_can_approve_past_it(
    sandbox: RunningSandbox, client: CloverClient, counter: Counter
) -> None:
    counter.staff.set_daily_refund_limit(counter.clerk.id, Money(10_000, "USD"), by=counter.owner)
    assert await counter.refund(4_000) is Outcome.SUCCEEDED
    assert await counter.refund(4_000) is Outcome.SUCCEEDED
    with pytest.raises(PermissionRefused, match=r"refunded 80\.00 USD today.*daily total"):
        await counter.refund(4_000)
    assert ledger_amounts(sandbox) == [4_000, 4_000], "nothing was sent past the total"

    # Exactly up to the total is allowed; a manager's proof covers going past it.
    assert await counter.refund(2_000) is Outcome.SUCCEEDED
    charge = await card_charge(client, 9_000)
    proof = counter.staff.issue_approval(
        counter.manager.id,
        "2222",
        charge_id=charge.id,
        amount=Money(1_000, "USD"),
        mode=RefundMode.PARTIAL.value,
    )
    assert await counter.refund(1_000, approval=proof, charge_id=charge.id) is Outcome.SUCCEEDED
    assert ledger_amounts(sandbox) == [1_000, 2_000, 4_000, 4_000]


async def test_the_daily_total_starts_again_the_next_day(
    sandbox: RunningSandbox, counter: Counter
) -> None:
    counter.staff.set_daily_refund_limit(counter.clerk.id, Money(5_000, "USD"), by=counter.owner)
    assert await counter.refund(5_000) is Outcome.SUCCEEDED
    with pytest.raises(PermissionRefused, match="daily total"):
        await counter.refund(100)
    counter.clock.days = 1
    assert await counter.refund(5_000) is Outcome.SUCCEEDED
    assert ledger_amounts(sandbox) == [5_000, 5_000]


async def test_a_daily_total_set_after_sign_in_applies_at_once(
    sandbox: RunningSandbox, counter: Counter
) -> None:
    """The clerk's ``StaffMember`` was read at sign-in; the directory's record decides."""
    signed_in = counter.clerk
    assert await counter.refund(3_000, staff=signed_in) is Outcome.SUCCEEDED
    counter.staff.set_daily_refund_limit(counter.clerk.id, Money(4_000, "USD"), by=counter.owner)
    with pytest.raises(PermissionRefused, match="daily total"):
        await counter.refund(3_000, staff=signed_in)
    assert ledger_amounts(sandbox) == [3_000]


async def test_a_caller_cannot_claim_a_role_or_limit_the_directory_did_not_give(
    sandbox: RunningSandbox, counter: Counter
) -> None:
    as_manager = StaffMember(counter.clerk.id, "Cora Clerk", Role.MANAGER)
    richer = StaffMember(
        counter.clerk.id, "Cora Clerk", Role.CLERK, refund_limit=Money(90_000, "USD")
    )
    stranger = StaffMember(999, "Nobody", Role.OWNER)
    for claimed in (as_manager, richer):
        with pytest.raises(PermissionRefused, match="over Cora Clerk's refund limit"):
            await counter.refund(8_000, staff=claimed)
    with pytest.raises(PermissionRefused, match="not on this merchant's staff"):
        await counter.refund(100, staff=stranger)
    counter.staff.deactivate(counter.clerk.id, by=counter.owner)
    with pytest.raises(PermissionRefused, match="inactive"):
        await counter.refund(100, staff=counter.clerk)
    assert ledger_amounts(sandbox) == []
