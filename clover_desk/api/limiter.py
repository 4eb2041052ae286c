"""Client-side rate and concurrency limits, shared per token by every caller in the process.

Clover allows 16 requests per second and 5 in flight per token (README "Rate and
concurrency limits"); going over earns a 429 with ``retry-after``, and sending more before
it elapses makes the wait longer. So the client stays under the limits itself:

* a semaphore caps requests in flight;
* a sliding window caps requests per second *as the server sees them*. The server counts
  a request somewhere between the moment the client sends it and the moment the answer
  is back, so the client counts each finished request from the time its answer arrived,
  and each unfinished one as "now". A new request may start only while fewer than the
  limit fall inside the last second. That holds whatever the network delay (or a busy
  event loop) does to arrival times, and whether the server counts with a sliding
  window, fixed one-second windows or a token bucket;
* a 429 calls :meth:`TokenLimiter.pause`, and every caller on that token waits it out.

asyncio primitives belong to one event loop, so the registry keeps one limiter per
(event loop, token, limits). The app runs one loop, so that is one per token per process.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

__all__ = ["Limits", "TokenLimiter", "limiter_key", "shared_limiter"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-token limits.

    Attributes:
        rate_per_s: most requests per second (Clover: 16 per token).
        max_concurrent: most requests in flight (Clover: 5 per token).
        window_margin: seconds added to the one-second window (clock granularity).
    """

    rate_per_s: float = 16.0
    max_concurrent: int = 5
    window_margin: float = 0.005

    def __post_init__(self) -> None:
        if self.rate_per_s <= 0 or self.max_concurrent < 1 or self.window_margin < 0:
            raise ValueError(f"invalid limits: {self!r}")


class TokenLimiter:
    """Gate for one token: waits for a 429 pause, a concurrency slot and a rate slot."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._capacity = max(1, math.floor(limits.rate_per_s))
        self._period = self._capacity / limits.rate_per_s + limits.window_margin
        self._finished: deque[float] = deque()  # when recent answers arrived
        self._sem = asyncio.Semaphore(limits.max_concurrent)
        self._lock = asyncio.Lock()
        self._wakeup = asyncio.Event()
        self._pause_until = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.started = 0

    @property
    def paused_for(self) -> float:
        """Seconds left of the current 429 pause (0 when not paused)."""
        return max(0.0, self._pause_until - self._clock())

    def pause(self, seconds: float) -> None:
        """Hold every new request on this token for ``seconds`` (extends, never shortens)."""
        self._pause_until = max(self._pause_until, self._clock() + max(0.0, seconds))

    def _wait_needed(self) -> float | None:
        """Seconds to wait before the next start (0: go now; None: until a release)."""
        now = self._clock()
        finished = self._finished
        while finished and finished[0] <= now - self._period:
            finished.popleft()
        wait = self._pause_until - now
        if self.in_flight + len(finished) < self._capacity:
            return max(0.0, wait)
        if not finished:
            return None  # the window is full of requests still in flight
        return max(wait, finished[0] + self._period - now)

    async def acquire(self) -> None:
        """Wait until a request may start, and count it as in flight."""
        await self._sem.acquire()
        try:
            async with self._lock:
                while True:
                    wait = self._wait_needed()
                    if wait is not None and wait <= 0:
                        break
                    self._wakeup.clear()
                    with suppress(TimeoutError):
                        await asyncio.wait_for(self._wakeup.wait(), timeout=wait)
                self.in_flight += 1
        except BaseException:
            self._sem.release()
            raise
        self.started += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def release(self) -> None:
        """Mark one request as finished (its answer fully read, or failed)."""
        self.in_flight -= 1
        self._finished.append(self._clock())
        self._wakeup.set()
        self._sem.release()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """``async with limiter.slot(): send()`` — acquire, then always release."""
        await self.acquire()
        try:
            yield
        finally:
            self.release()


def limiter_key(secret: str) -> str:
    """A stable registry key for a token that does not keep the token itself."""
    return hashlib.sha256(secret.encode()).hexdigest()[:32]


_REGISTRY: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[str, Limits], TokenLimiter]
] = weakref.WeakKeyDictionary()


def shared_limiter(key: str, limits: Limits) -> TokenLimiter:
    """The process-wide limiter for ``key`` on the running loop (created on first use)."""
    loop = asyncio.get_running_loop()
    per_loop = _REGISTRY.setdefault(loop, {})
    limiter = per_loop.get((key, limits))
    if limiter is None:
        limiter = per_loop[(key, limits)] = TokenLimiter(limits)
    return limiter
