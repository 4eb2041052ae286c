"""A stand-in for the app process in the crash test: settle, then refund once.

``python tests/reliability/refund_worker.py CONFIG.json`` reads the sandbox's
credentials, the journal path and one refund (charge, amount, idempotency key), then
does what Clover Desk does at start-up — settle every unsettled journal entry — and,
if the journal does not know the key yet, makes the refund. It prints one JSON line
per step (``intent``, ``settled``, ``result``) so the test can kill it mid-way.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from clover_desk.api.client import CloverClient, Profile
from clover_desk.api.hosts import Environment
from clover_desk.api.retry import RetryPolicy
from clover_desk.services.refunds.journal import Journal, JournalEntry
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import RefundRequest, RefundService
from clover_desk.services.staff.accounts import Role, StaffMember

MANAGER = StaffMember(2, "Marcus Manager", Role.MANAGER)


def say(kind: str, **fields: object) -> None:
    print(json.dumps({"kind": kind, **fields}), flush=True)


async def main(config: dict[str, str]) -> None:
    profile = Profile(
        name="crash-test",
        merchant_id=config["merchant_id"],
        environment=Environment.TRAINING,
        training_url=config["base_url"],
    )
    journal = Journal(Path(config["journal"]))
    async with CloverClient(
        profile,
        api_token=config["api_token"],
        ecommerce_token=config["ecommerce_private_token"],
        retry=RetryPolicy(base=0.05, cap=0.2, max_attempts=3),
    ) as client:
        service = RefundService(client.ecommerce, client.platform, journal)

        def on_intent(entry: JournalEntry) -> None:
            say("intent", key=entry.key)

        service.on_intent(on_intent)
        settled = await service.settle_all()
        say("settled", entries=[[e.key, e.status.value, e.refund_id] for e in settled])
        if journal.get(config["key"]) is None:
            target = await service.load_target(config["charge_id"])
            result = await service.refund(
                RefundRequest(
                    key=config["key"],
                    target=target,
                    mode=RefundMode.PARTIAL,
                    reason="requested_by_customer",
                    note="crash test",
                    staff=MANAGER,
                    partial_amount=int(config["amount"]),
                )
            )
            say("result", outcome=result.outcome.value, refund_id=result.refund_id)
            await service.wait_settled(config["key"])
        entry = journal.get(config["key"])
        assert entry is not None
        say("final", status=entry.status.value, refund_id=entry.refund_id)
        await service.close()
    journal.close()


if __name__ == "__main__":
    asyncio.run(main(json.loads(Path(sys.argv[1]).read_text())))
