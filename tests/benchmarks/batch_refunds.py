"""Benchmark of a batch refund against the training sandbox at Clover's limits (on demand).

    python tests/benchmarks/batch_refunds.py [--rows 1000]

The sandbox holds charges made beforehand at no limit; then it is set to Clover's real
per-token limits (16 requests a second, 5 in flight) and the client to the same. A
batch file of ``rows`` refunds — most charges refunded whole, one in five in two rows
(a part, then the rest) — is read, checked against Clover, accepted by a manager and
sent through the queue, as staff would with *Actions ▸ Batch refund…*. The clock runs
from reading the file to the last row's outcome.

The last line printed is one JSON object::

    {"rows": N, "seconds": S, "bound_seconds": B, "rejected_429": K,
     "duplicates": D, "missing": M, "requests": R}

``B`` is the fewest requests such a batch needs on the Ecommerce token, the one whose
limit binds — one read of each charge to check it, then for each row a fresh read of
its charge and the refund itself — divided by Clover's 16 a second. (Line items, read
for the rows refunding a part, go on the REST token, which has its own 16 a second.
The limit's first second allows a burst of 16 at once, so B is about a second
generous.) ``K`` counts requests the sandbox refused (rate or concurrency); ``D`` rows
refunded more than once and ``M`` rows not refunded, from ``/_sandbox/ledger``; ``R``
the requests the client actually made for the batch. Goals: S <= 1.1 B, K = D = M = 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import admin, client_for, rejected  # the client benchmark's sandbox helpers

from clover_desk.api import Limits, Money
from clover_desk.api.tokens import CardDetails
from clover_desk.sandbox import start_sandbox
from clover_desk.services.refunds.batch_check import check_batch
from clover_desk.services.refunds.batch_file import read_batch_file
from clover_desk.services.refunds.batch_queue import BatchQueue, BatchStore, RowStatus
from clover_desk.services.refunds.journal import Journal
from clover_desk.services.refunds.service import RefundService
from clover_desk.services.staff.accounts import Role, StaffDirectory

CLOVER_RATE_PER_S = 16
CLOVER_CONCURRENT = 5
SPLIT_EVERY = 5  # one charge in five is refunded in two rows


async def make_charges(info: dict[str, Any], count: int) -> list[str]:
    async with client_for(info, Limits(rate_per_s=10_000, max_concurrent=50)) as client:

        async def one() -> str:
            token = await client.tokens.create_card_token(
                CardDetails("4242424242424242", "12", "2031", "123")
            )
            return (await client.ecommerce.create_charge(Money(3_000, "USD"), token.id)).id

        ids: list[str] = []
        while len(ids) < count:
            ids += await asyncio.gather(*(one() for _ in range(min(50, count - len(ids)))))
        return ids


def rows_per_charge(rows: int) -> list[int]:
    """How many rows each charge gets: two for one charge in five, until ``rows``."""
    plan: list[int] = []
    while sum(plan) < rows:
        plan.append(2 if len(plan) % SPLIT_EVERY == 0 and rows - sum(plan) >= 2 else 1)
    return plan


def batch_csv(charges: list[str], plan: list[int]) -> bytes:
    lines = ["charge,amount,reason,note"]
    for charge, count in zip(charges, plan, strict=True):
        if count == 2:
            lines.append(f"{charge},10.00,requested_by_customer,promotion went wrong")
            lines.append(f"{charge},full,requested_by_customer,the rest")
        else:
            lines.append(f"{charge},full,duplicate,")
    return ("\n".join(lines) + "\n").encode()


async def run(info: dict[str, Any], rows: int, work: Path) -> dict[str, Any]:
    plan = rows_per_charge(rows)
    charges = await make_charges(info, len(plan))
    data = batch_csv(charges, plan)
    admin(
        info,
        "POST",
        "/faults",
        {"rate_limit_per_s": CLOVER_RATE_PER_S, "max_concurrent": CLOVER_CONCURRENT},
    )
    await asyncio.sleep(1.2)  # let the set-up requests leave the rate window
    rejected_before = rejected(info)

    journal = Journal(work / "journal.sqlite")
    staff = StaffDirectory(work / "staff.sqlite")
    owner = staff.add("Olivia Owner", Role.OWNER, "1111")
    manager = staff.add("Marcus Manager", Role.MANAGER, "2222", by=owner)
    store = BatchStore(journal)
    limits = Limits(rate_per_s=CLOVER_RATE_PER_S, max_concurrent=CLOVER_CONCURRENT)
    async with client_for(info, limits) as client:
        refunds = RefundService(client.ecommerce, client.platform, journal, staff)
        queue = BatchQueue(store, refunds, staff)
        seen: list[int] = []
        queue.on_progress(lambda progress: seen.append(progress.finished))
        started = time.perf_counter()
        batch_file = read_batch_file(data, "USD")
        check = await check_batch(batch_file.rows, manager, refunds)
        assert check.ok, check.problems[:5]
        checked = time.perf_counter()
        batch_id = await queue.submit(check, name="benchmark")
        await queue.start(batch_id)
        seconds = time.perf_counter() - started
        requests = client.transport.attempts
        progress = await queue.progress(batch_id)
        outcomes = store.rows(batch_id)
        await queue.close()
        await refunds.close()
    store.close()
    staff.close()
    journal.close()

    ledger = admin(info, "GET", "/ledger")
    counts = Counter(r["idempotency_key"] for r in ledger["refunds"])
    keys = [row.key for row in outcomes]
    distinct = len({row.charge_id for row in outcomes})
    bound = (distinct + 2 * len(keys)) / CLOVER_RATE_PER_S
    print(
        f"{len(keys)} rows on {distinct} charges: checked in {checked - started:.1f} s, "
        f"all in {seconds:.1f} s; {requests} requests; outcomes {progress.counts}",
        file=sys.stderr,
    )
    assert progress.counts.get(RowStatus.REFUNDED) == len(keys), progress.counts
    return {
        "rows": len(keys),
        "seconds": round(seconds, 2),
        "bound_seconds": round(bound, 2),
        "rejected_429": rejected(info) - rejected_before,
        "duplicates": sum(n - 1 for key, n in counts.items() if key in set(keys) and n > 1),
        "missing": sum(1 for key in keys if key not in counts),
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    with (
        start_sandbox(
            seed="empty", export_windows=False, rate_limit_per_s=10_000, max_concurrent=100
        ) as sandbox,
        tempfile.TemporaryDirectory() as work,
    ):
        result = asyncio.run(run(sandbox.info, args.rows, Path(work)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
