"""Building blocks of the reliability tests: the sandbox's faults, and worker processes.

The chaos tests keep 5xx, resets, 429 storms and commit-then-drop on while they work
(the error status rotating every few hundred milliseconds); the crash tests run the app's
refund work in a child process they can SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from pathlib import Path

import httpx

__all__ = ["rotate_chaos_faults", "set_chaos_faults", "spawn_worker"]

STATUSES = (500, 502, 503, 504, 429)


async def set_chaos_faults(http: httpx.AsyncClient, admin: str, turn: int) -> None:
    """Turn on every fault, with the ``turn``-th error status."""
    answer = await http.post(
        f"{admin}/faults",
        json={
            "error_rate": 0.1,
            "error_status": STATUSES[turn % len(STATUSES)],
            "reset_rate": 0.05,
            "drop_after_commit_rate": 0.1,
        },
    )
    answer.raise_for_status()


async def rotate_chaos_faults(admin: str, stop: asyncio.Event, *, first_turn: int = 0) -> None:
    """Keep the faults on, rotating the error status, until ``stop``; then clear them."""
    async with httpx.AsyncClient() as http:
        turn = first_turn
        while not stop.is_set():
            await set_chaos_faults(http, admin, turn)
            turn += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=0.3)
        await http.delete(f"{admin}/faults")


def spawn_worker(script: Path, config_path: Path) -> subprocess.Popen[str]:
    """``python script config_path`` with the repository and tests importable, its JSON
    lines readable from ``stdout``."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path.cwd()), str(Path.cwd() / "tests")]),
    }
    return subprocess.Popen(
        [sys.executable, str(script), str(config_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
