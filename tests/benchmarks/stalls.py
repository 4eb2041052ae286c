"""Stalls of the GUI thread, told apart from pauses of the machine itself.

A :class:`Heartbeat` ticks on the event loop and notes every late wake-up. On a shared
(virtual) machine many of those are not the program's: the host takes a CPU away for up
to 100 ms at a time, more often the busier the guest is. During a 100k-order history
sync an idle process pinned to each CPU, doing nothing but sleep 2 ms at a time, saw a
90-100 ms pause at the same instant as every GUI stall over 50 ms, while the GUI process
had used no CPU in that gap. :class:`MachinePauses` runs those idle processes, and
:func:`own_ms` counts the part of a stall that no machine pause covers: the program's
own.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from types import TracebackType
from typing import NamedTuple


class Gap(NamedTuple):
    """A late wake-up: from when the tick was due to when it came (``time.monotonic``,
    shared by every process), and the GUI thread's own CPU time in between."""

    start: float
    end: float
    cpu_s: float

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000


class Heartbeat:
    """A tick on the event loop every ``tick`` seconds; :attr:`gaps` lists each one that
    came more than 1 ms late."""

    def __init__(self, tick: float) -> None:
        self.tick = tick
        self.gaps: list[Gap] = []
        self._task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        while True:
            before, cpu_before = time.monotonic(), time.thread_time()
            await asyncio.sleep(self.tick)
            now = time.monotonic()
            if now - before - self.tick > 0.001:
                self.gaps.append(Gap(before + self.tick, now, time.thread_time() - cpu_before))

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._beat())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


#: An idle process's loop: sleep 2 ms, print every wake-up more than 20 ms late, until
#: its standard input closes.
_IDLE_PROCESS = """
import os, sys, threading, time
if len(sys.argv) > 1 and hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {int(sys.argv[1])})
closed = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), closed.set()), daemon=True).start()
last = time.monotonic()
while not closed.is_set():
    time.sleep(0.002)
    now = time.monotonic()
    if now - last - 0.002 > 0.020:
        print(last + 0.002, now, flush=True)
    last = now
"""


class MachinePauses:
    """One idle process per CPU (pinned to it where the OS allows) for the ``with``
    block; afterwards :attr:`pauses` holds every pause any of them saw, as
    ``(start, end)`` in ``time.monotonic`` seconds."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float]] = []
        self._processes: list[subprocess.Popen[str]] = []

    def __enter__(self) -> MachinePauses:
        cpus = range(os.cpu_count() or 1)
        pin = hasattr(os, "sched_setaffinity")
        for cpu in cpus:
            self._processes.append(
                subprocess.Popen(
                    [sys.executable, "-c", _IDLE_PROCESS, *([str(cpu)] if pin else [])],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        time.sleep(0.2)  # started and sleeping before the measured stretch begins
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for process in self._processes:
            out, _ = process.communicate(timeout=30)
            for line in out.splitlines():
                start, end = line.split()
                self.pauses.append((float(start), float(end)))
        self.pauses.sort()

    def longest_ms(self, start: float = float("-inf"), end: float = float("inf")) -> float:
        """The longest pause overlapping ``[start, end]``."""
        return max(((b - a) * 1000 for a, b in self.pauses if b > start and a < end), default=0.0)


def own_ms(gap: Gap, pauses: Sequence[tuple[float, float]]) -> float:
    """The part of ``gap`` (ms) that no machine pause covers."""
    covered = 0.0
    reach = gap.start
    for a, b in sorted(pauses):
        a, b = max(a, reach), min(b, gap.end)
        if b > a:
            covered += b - a
            reach = b
    return gap.ms - covered * 1000


def longest(gaps: Sequence[Gap]) -> Gap | None:
    return max(gaps, key=lambda g: g.ms, default=None)


def longest_own(
    gaps: Sequence[Gap], pauses: Sequence[tuple[float, float]]
) -> tuple[float, Gap | None]:
    """The longest stall in ``gaps`` once machine pauses are taken out (ms), and its gap."""
    ranked = [(own_ms(g, pauses), g) for g in gaps]
    return max(ranked, key=lambda r: r[0], default=(0.0, None))
