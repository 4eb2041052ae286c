"""Crash test: the app is SIGKILLed mid-batch; after a restart every row exists once.

The batch opens with item returns (``/v1/orders/{id}/returns``) and goes on with amount
refunds (``/v1/refunds``). The sandbox holds every amount refund, so when the process is
killed the returns are done, as many refunds as the queue sends at once are in flight
(held before Clover acts, or after it committed with the answer held back), and the
rest are still queued — whatever the machine's speed, with nothing timed.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from chaos_helpers import spawn_worker
from clover_helpers import card_charge, client_for, paid_order

from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.batch_queue import WORKERS
from clover_desk.services.refunds.journal import EntryStatus, Journal
from clover_desk.services.staff.accounts import Role, StaffDirectory

WORKER = Path(__file__).with_name("batch_worker.py")
RETURNS = WORKERS
REFUNDS = 2 * WORKERS + 1


def _next_line(process: subprocess.Popen[str]) -> dict[str, object]:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        _, err = process.communicate()
        raise AssertionError(f"worker ended early: {err[-3000:]}")
    message: dict[str, object] = json.loads(line)
    return message


def _ledger(admin: str) -> list[dict[str, object]]:
    refunds: list[dict[str, object]] = httpx.get(f"{admin}/ledger").json()["refunds"]
    return refunds


def _wait_until_committed(admin: str, keys: set[str]) -> None:
    """Return once Clover has every held refund (their answers are still held)."""
    deadline = time.monotonic() + 60
    while not keys <= {r["idempotency_key"] for r in _ledger(admin)}:
        assert time.monotonic() < deadline, "the held refunds never reached the sandbox"
        time.sleep(0.02)


async def _batch_csv(sandbox: RunningSandbox) -> str:
    lines = ["charge,order,amount,reason,note,items"]
    async with client_for(sandbox) as client:
        for _ in range(RETURNS):
            order_id, _charge = await paid_order(client, [1_200, 800])
            first, *_rest = [i.id async for i in client.platform.list_line_items(order_id)]
            lines.append(f",{order_id},,requested_by_customer,event cancelled,{first}")
        for _ in range(REFUNDS):
            charge = await card_charge(client, 2_500)
            lines.append(f"{charge.id},,full,requested_by_customer,event cancelled,")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("hold", ["before", "after"])
def test_a_batch_killed_mid_way_ends_with_every_row_refunded_once(
    sandbox: RunningSandbox, tmp_path: Path, hold: str
) -> None:
    admin = sandbox.info["admin_url"]
    batch_file = tmp_path / "batch.csv"
    batch_file.write_text(asyncio.run(_batch_csv(sandbox)))
    staff = StaffDirectory(tmp_path / "staff.sqlite")
    owner = staff.add("Olivia Owner", Role.OWNER, "1111")
    manager = staff.add("Marcus Manager", Role.MANAGER, "2222", by=owner)
    clerk = staff.add("Cora Clerk", Role.CLERK, "3333", refund_limit=Money(5_000, "USD"), by=owner)
    staff.close()
    config = {
        **sandbox.info,
        "journal": str(tmp_path / "journal.sqlite"),
        "staff": str(tmp_path / "staff.sqlite"),
        "batch_file": str(batch_file),
        "batch_name": "killed batch",
        "clerk_id": str(clerk.id),
        "manager_id": str(manager.id),
        "manager_pin": "2222",
    }
    config_path = tmp_path / "worker.json"
    config_path.write_text(json.dumps(config))
    httpx.post(
        f"{admin}/faults",
        json={"hold": hold, "path_regex": "^/v1/refunds$", "method": "POST"},
    ).raise_for_status()

    first = spawn_worker(WORKER, config_path)
    accepted = _next_line(first)
    assert accepted["kind"] == "accepted"
    keys = [str(k) for k in accepted["keys"]]  # type: ignore[attr-defined]
    refund_keys = set(keys[RETURNS:])
    # The returns go first; then each worker's amount refund is held at the sandbox.
    held: set[str] = set()
    while len(held) < WORKERS:
        message = _next_line(first)
        if message["kind"] == "intent" and message["key"] in refund_keys:
            held.add(str(message["key"]))
    if hold == "after":
        _wait_until_committed(admin, held)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=20)
    assert first.returncode == -signal.SIGKILL
    committed = {r["idempotency_key"] for r in _ledger(admin)}
    assert (held <= committed) is (hold == "after")
    assert committed - held <= set(keys[:RETURNS]), "no refund beyond the held ones was sent"
    interrupted = Journal(config["journal"])
    try:
        statuses = {k: getattr(interrupted.get(k), "status", None) for k in held}
    finally:
        interrupted.close()
    assert statuses == dict.fromkeys(held, EntryStatus.PENDING), "killed between intent and outcome"
    httpx.delete(f"{admin}/faults").raise_for_status()

    second = spawn_worker(WORKER, config_path)
    final = _next_line(second)
    while final["kind"] != "final":
        final = _next_line(second)
    second.communicate(timeout=60)
    assert second.returncode == 0
    rows = final["rows"]
    assert [row[1] for row in rows] == ["refunded"] * len(keys)  # type: ignore[attr-defined]

    refunds = _ledger(admin)
    assert Counter(r["idempotency_key"] for r in refunds) == Counter(keys), (
        "every row of the batch exists exactly once"
    )
    journal = Journal(config["journal"])
    try:
        entries = {e.key: e for e in journal.entries()}
    finally:
        journal.close()
    assert set(entries) == set(keys)
    assert all(e.status is EntryStatus.SUCCEEDED for e in entries.values())
    assert {e.approver_name for e in entries.values()} == {"Marcus Manager"}
    ids = {r["idempotency_key"]: r["id"] for r in refunds}
    assert {k: entries[k].refund_id for k in refund_keys} == {k: ids[k] for k in refund_keys}
