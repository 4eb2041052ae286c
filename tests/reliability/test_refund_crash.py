"""Crash test: the app is SIGKILLed between intent and outcome; the refund exists once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from clover_helpers import card_charge, client_for

from clover_desk.sandbox import RunningSandbox
from clover_desk.services.journal import EntryStatus, Journal

WORKER = Path(__file__).with_name("refund_worker.py")
TRIALS = 10


def _spawn(config_path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path.cwd()), str(Path.cwd() / "tests")]),
    }
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(config_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


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
        # The refund POST is slow, so the kill lands while it is in flight (or before).
        httpx.post(
            f"{admin}/faults",
            json={"latency_ms": 400, "path_regex": "^/v1/refunds$", "method": "POST"},
        ).raise_for_status()
        first = _spawn(config_path)
        _lines_until(first, "intent")
        # Within the 400 ms the answer takes: the outcome is never journaled. Early kills
        # may stop the request from leaving at all; later ones leave Clover committed.
        time.sleep(rng.uniform(0, 0.35))
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=20)
        assert first.returncode == -signal.SIGKILL
        interrupted = Journal(journal_path)
        try:
            killed_entry = interrupted.get(key)
        finally:
            interrupted.close()
        assert killed_entry is not None
        assert killed_entry.status is EntryStatus.PENDING, "killed between intent and outcome"
        httpx.delete(f"{admin}/faults").raise_for_status()

        second = _spawn(config_path)
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
