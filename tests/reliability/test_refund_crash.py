"""Crash test: the app is SIGKILLed between intent and outcome; the refund exists once."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
import uuid
from pathlib import Path

import httpx
from chaos_helpers import spawn_worker
from clover_helpers import card_charge, client_for

from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import EntryStatus, Journal

WORKER = Path(__file__).with_name("refund_worker.py")
TRIALS = 10


def _lines_until(process: subprocess.Popen[str], kind: str) -> list[dict[str, object]]:
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        message = json.loads(line)
        seen.append(message)
        if message["kind"] == kind:
            return seen
    _, err = process.communicate()
    raise AssertionError(f"worker ended before {kind!r}: {err[-2000:]}")


async def _charges(sandbox: RunningSandbox, count: int) -> list[str]:
    async with client_for(sandbox) as client:
        return [(await card_charge(client, 2_000)).id for _ in range(count)]


def _ledger_keys(admin: str) -> list[str]:
    return [r["idempotency_key"] for r in httpx.get(f"{admin}/ledger").json()["refunds"]]


def _wait_until_committed(admin: str, key: str) -> None:
    """Return once Clover has the refund (the worker still waits for the held reply)."""
    deadline = time.monotonic() + 30
    while key not in _ledger_keys(admin):
        assert time.monotonic() < deadline, "the held refund never reached the sandbox"
        time.sleep(0.02)


def test_a_killed_app_never_refunds_twice(sandbox: RunningSandbox, tmp_path: Path) -> None:
    import asyncio

    charges = asyncio.run(_charges(sandbox, TRIALS))
    admin = sandbox.info["admin_url"]
    journal_path = tmp_path / "journal.sqlite"
    rng = random.Random(20261123)
    keys = []
    for trial, charge_id in enumerate(charges):
        key = str(uuid.uuid4())
        keys.append(key)
        config = {
            **sandbox.info,
            "journal": str(journal_path),
            "charge_id": charge_id,
            "key": key,
            "amount": "700",
        }
        config_path = tmp_path / f"trial-{trial}.json"
        config_path.write_text(json.dumps(config))
        # The sandbox holds the refund POST until the faults are cleared, so no answer
        # can reach the worker before it is killed, however slow the machine is. Even
        # trials hold it before Clover acts (killed before or while it is in flight);
        # odd trials let Clover commit and hold only the answer (the answer is lost).
        commits = trial % 2 == 1
        httpx.post(
            f"{admin}/faults",
            json={
                "hold": "after" if commits else "before",
                "path_regex": "^/v1/refunds$",
                "method": "POST",
            },
        ).raise_for_status()
        first = spawn_worker(WORKER, config_path)
        _lines_until(first, "intent")
        if commits:
            _wait_until_committed(admin, key)
        else:
            time.sleep(rng.uniform(0, 0.35))
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=20)
        assert first.returncode == -signal.SIGKILL
        assert (key in _ledger_keys(admin)) is commits
        interrupted = Journal(journal_path)
        try:
            killed_entry = interrupted.get(key)
        finally:
            interrupted.close()
        assert killed_entry is not None
        assert killed_entry.status is EntryStatus.PENDING, "killed between intent and outcome"
        httpx.delete(f"{admin}/faults").raise_for_status()

        second = spawn_worker(WORKER, config_path)
        lines = _lines_until(second, "final")
        second.communicate(timeout=30)
        assert second.returncode == 0
        assert lines[-1]["status"] == "succeeded", lines

    refunds = httpx.get(f"{admin}/ledger").json()["refunds"]
    by_key: dict[str, int] = {}
    for refund in refunds:
        by_key[refund["idempotency_key"]] = by_key.get(refund["idempotency_key"], 0) + 1
    assert by_key == dict.fromkeys(keys, 1), "each killed refund exists exactly once"
    journal = Journal(journal_path)
    try:
        entries = {e.key: e for e in journal.entries()}
    finally:
        journal.close()
    assert all(entries[k].status is EntryStatus.SUCCEEDED for k in keys)
    ledger_ids = {r["idempotency_key"]: r["id"] for r in refunds}
    assert {k: entries[k].refund_id for k in keys} == {k: ledger_ids[k] for k in keys}
