"""Client-side limits and the backoff policy, measured on the event loop's clock."""

from __future__ import annotations

import asyncio
import time

import pytest
from apihelp import PinnedRetry

from clover_desk.api.limiter import Limits, TokenLimiter, shared_limiter
from clover_desk.api.retry import RetryPolicy


def test_backoff_doubles_from_half_a_second_and_caps_at_five() -> None:
    policy = PinnedRetry()
    assert [policy.backoff(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    assert policy.wait_for(1, 7.0) == 7.0


def test_default_jitter_stays_within_half_and_whole() -> None:
    policy = RetryPolicy()
    for attempt in range(1, 6):
        full = min(5.0, 0.5 * 2 ** (attempt - 1))
        for _ in range(50):
            assert full / 2 <= policy.backoff(attempt) <= full


@pytest.mark.asyncio
async def test_concurrency_and_rate_caps() -> None:
    limiter = TokenLimiter(Limits(rate_per_s=20, max_concurrent=3, window_margin=0.0))
    starts: list[float] = []

    async def one() -> None:
        async with limiter.slot():
            starts.append(time.monotonic())
            await asyncio.sleep(0.01)

    await asyncio.gather(*(one() for _ in range(45)))
    assert limiter.max_in_flight == 3
    # no more than 20 starts in any one-second window
    for i, t in enumerate(starts):
        assert sum(1 for u in starts[i:] if u - t < 1.0) <= 20
    assert starts[-1] - starts[0] >= 2.0 - 0.05  # 45 starts need a little over two windows


@pytest.mark.asyncio
async def test_pause_holds_every_caller() -> None:
    limiter = TokenLimiter(Limits(rate_per_s=1000, max_concurrent=10))
    limiter.pause(0.2)
    started = time.monotonic()
    await asyncio.gather(*(limiter.acquire() for _ in range(5)))
    assert time.monotonic() - started >= 0.19
    for _ in range(5):
        limiter.release()


@pytest.mark.asyncio
async def test_shared_per_token_and_limits() -> None:
    limits = Limits(rate_per_s=16, max_concurrent=5)
    assert shared_limiter("a", limits) is shared_limiter("a", limits)
    assert shared_limiter("a", limits) is not shared_limiter("b", limits)
