"""Backoff policy: exponential from 0.5 s, capped at 5 s, with jitter in its own method."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy"]

#: Statuses worth another try: rate limited, bad gateway, unavailable, gateway time-out.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass
class RetryPolicy:
    """How often and how long to wait between attempts.

    Attributes:
        max_attempts: attempts per call, the first one included.
        base: delay before the second attempt, in seconds (doubles each time).
        cap: longest backoff delay, in seconds.
        max_retry_after: longest ``retry-after`` honoured; above it the call gives up.
        statuses: HTTP statuses that are retried.
    """

    max_attempts: int = 5
    base: float = 0.5
    cap: float = 5.0
    max_retry_after: float = 60.0
    statuses: frozenset[int] = field(default=RETRYABLE_STATUSES)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def backoff(self, attempt: int) -> float:
        """Delay after failed attempt number ``attempt`` (1-based), jitter applied."""
        delay = min(self.cap, self.base * (2 ** max(0, attempt - 1)))
        return self.jitter(delay)

    def jitter(self, delay: float) -> float:
        """Spread ``delay`` so that clients do not retry in lock-step.

        Override (or subclass) to pin it in tests. Default: uniform in [delay/2, delay].
        """
        return delay * (0.5 + random.random() / 2)

    def wait_for(self, attempt: int, retry_after: float | None) -> float:
        """Delay before the next attempt: the server's ``retry-after`` if given, else backoff."""
        if retry_after is not None:
            return self.server_wait(retry_after)
        return self.backoff(attempt)

    def server_wait(self, retry_after: float) -> float:
        """The wait a server asked for, clamped to ``[0, max_retry_after]``.

        Every server-given wait goes through here: a ``retry-after`` of a day, ``inf`` or
        an HTTP date years ahead would otherwise hold every call on the token that long.
        """
        return min(max(0.0, retry_after), self.max_retry_after)

    def outlasts(self, retry_after: float | None) -> bool:
        """Whether the server asked for longer than this client waits (then it gives up)."""
        return retry_after is not None and retry_after > self.max_retry_after
