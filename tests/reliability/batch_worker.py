"""A stand-in for the app process in the batch crash test: resume, or accept and send.

``python tests/reliability/batch_worker.py CONFIG.json`` opens the journal and staff
directory named in the config and does what Clover Desk does at start-up — settle every
unknown outcome, then carry on with every batch that was sending. If the journal holds
no batch named ``batch_name`` yet, it reads ``batch_file``, checks it for the clerk,
has the manager approve it (their PIN, in this process) and accepts and sends it. It
prints one JSON line per step (``accepted``, ``intent``, ``final``) so the test can
kill it mid-batch.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from clover_desk.api.client import CloverClient, Profile
from clover_desk.api.hosts import Environment
from clover_desk.api.retry import RetryPolicy
from clover_desk.services.refunds.batch_check import check_batch
from clover_desk.services.refunds.batch_file import read_batch_file
from clover_desk.services.refunds.batch_queue import BatchQueue, BatchStore
from clover_desk.services.refunds.journal import Journal, JournalEntry
from clover_desk.services.refunds.service import RefundService
from clover_desk.services.staff.accounts import StaffDirectory


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
    staff = StaffDirectory(Path(config["staff"]))
    store = BatchStore(journal)
    async with CloverClient(
        profile,
        api_token=config["api_token"],
        ecommerce_token=config["ecommerce_private_token"],
        retry=RetryPolicy(base=0.05, cap=0.2, max_attempts=3),
    ) as client:
        refunds = RefundService(client.ecommerce, client.platform, journal, staff)
        queue = BatchQueue(store, refunds, staff)

        def on_intent(entry: JournalEntry) -> None:
            say("intent", key=entry.key)

        refunds.on_intent(on_intent)
        running = await queue.resume_unfinished()
        names = {store.summary(b).name: b for b in store.batch_ids()}
        batch_id = names.get(config["batch_name"])
        if batch_id is None:
            clerk, manager = (staff.get(int(config[who])) for who in ("clerk_id", "manager_id"))
            data = await asyncio.to_thread(Path(config["batch_file"]).read_bytes)
            rows = read_batch_file(data, "USD").rows
            check = await check_batch(rows, clerk, refunds)
            assert check.ok, check.problems
            proof = staff.issue_batch_approval(
                manager.id,
                config["manager_pin"],
                batch_digest=check.digest,
                row_count=len(check.rows),
                totals=check.totals,
            )
            batch_id = await queue.submit(check, proof, name=config["batch_name"])
            say("accepted", batch_id=batch_id, keys=[row.key for row in store.rows(batch_id)])
            running[batch_id] = queue.start(batch_id)
        await asyncio.gather(*running.values())
        for row in store.rows(batch_id):
            await refunds.wait_settled(row.key)
        say("final", rows=[[r.key, r.status.value, r.refund_id] for r in store.rows(batch_id)])
        await queue.close()
        await refunds.close()
    store.close()
    staff.close()
    journal.close()


if __name__ == "__main__":
    asyncio.run(main(json.loads(Path(sys.argv[1]).read_text())))
