"""What the refund tests share: the shop's staff on a clock the test moves, and the
sandbox's ledger of refunds, which says what was really sent."""

from __future__ import annotations

from pathlib import Path

import httpx

from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.staff.accounts import Role, StaffDirectory


class Clock:
    """A fixed time that tests move by hand (approvals expire by it)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class RefundStaff:
    """An owner, a manager and a clerk (refunds up to 50.00 USD) on a :class:`Clock`."""

    def __init__(self, tmp_path: Path) -> None:
        self.clock = Clock()
        self.staff = StaffDirectory(tmp_path / "staff.sqlite", clock=self.clock)
        self.owner = self.staff.add("Olivia Owner", Role.OWNER, "1111")
        self.manager = self.staff.add("Marcus Manager", Role.MANAGER, "2222", by=self.owner)
        self.clerk = self.staff.add(
            "Cora Clerk", Role.CLERK, "3333", refund_limit=Money(5_000, "USD"), by=self.owner
        )


def ledger_refunds(sandbox: RunningSandbox) -> list[dict[str, object]]:
    """The refunds the sandbox has recorded, oldest first."""
    refunds: list[dict[str, object]] = httpx.get(sandbox.info["admin_url"] + "/ledger").json()[
        "refunds"
    ]
    return refunds
