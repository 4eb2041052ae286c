"""A server's ``retry-after`` never freezes the client: every wait it asks for is clamped.

Found by fuzzing: a 429 with ``retry-after: 86400``, ``inf`` or an HTTP date years ahead
paused the whole token for that long, so every later call on it waited too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from apihelp import (
    ClientFactory,
    PinnedRetry,
    RawHandler,
    RawReply,
    RawRequest,
    RawServer,
    charge_json,
    json_reply,
)
from hypothesis import example, given
from hypothesis import strategies as st

from clover_desk.api import RateLimited
from clover_desk.api.errors import parse_retry_after
from clover_desk.api.retry import RetryPolicy

StartServer = Callable[[RawHandler], Awaitable[RawServer]]

#: What a broken proxy or a fuzzer sent, each of which once held the token.
HOSTILE_WAITS = (
    "86400",
    "inf",
    "1e400",
    "9" * 5000,
    "Fri, 31 Dec 9999 23:59:59 GMT",
)


@given(st.text(max_size=60))
@example("nan")
@example("-inf")
@example("NaN")
@example("Mon, 01 Jan 0001 00:00:00 GMT")
@example("Fri, 31 Dec 9999 23:59:59 +1400")
@example("\x00")
@example("9" * 5000)
def test_any_retry_after_parses_to_a_bounded_wait_or_no_advice(value: str) -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    parsed = parse_retry_after(value)
    assert parsed is None or parsed >= 0.0
    if parsed is not None:
        assert 0.0 <= policy.server_wait(parsed) <= 60.0
        assert 0.0 <= policy.wait_for(1, parsed) <= 60.0


@pytest.mark.parametrize("value", ["nan", "soon", "", "Tomorrow-ish"])
def test_an_unusable_retry_after_is_no_advice(value: str) -> None:
    assert parse_retry_after(value) is None


@pytest.mark.asyncio
@pytest.mark.parametrize("hostile", HOSTILE_WAITS)
async def test_a_huge_retry_after_does_not_hold_the_token(
    raw_server: StartServer, make_client: ClientFactory, hostile: str
) -> None:
    answered_429 = False

    async def handler(request: RawRequest) -> RawReply:
        nonlocal answered_429
        if not answered_429:
            answered_429 = True
            return json_reply(429, {"message": "Too Many Requests"}, **{"Retry-After": hostile})
        return json_reply(200, charge_json())

    server = await raw_server(handler)
    retry = PinnedRetry(max_attempts=3, base=0.005, cap=0.02, max_retry_after=0.2)
    client = make_client(server.info, retry=retry)
    told: list[float] = []
    client.transport.server_wait_listeners.append(told.append)
    with pytest.raises(RateLimited):
        await client.ecommerce.get_charge("A")
    assert told == [0.2]
    # The next call on the same token waits out at most the client's own maximum; before
    # the clamp it waited a day (or for ever) and this timed out.
    charge = await asyncio.wait_for(client.ecommerce.get_charge("B"), timeout=10)
    assert charge.id == "CHG0000000001"


@pytest.mark.asyncio
async def test_an_unparseable_retry_after_falls_back_to_backoff(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    replies = iter([json_reply(429, {"message": "slow"}, **{"Retry-After": "later"})])

    async def handler(request: RawRequest) -> RawReply:
        return next(replies, json_reply(200, charge_json()))

    server = await raw_server(handler)
    client = make_client(server.info, retry=PinnedRetry(max_attempts=3, base=0.005, cap=0.02))
    told: list[float] = []
    client.transport.server_wait_listeners.append(told.append)
    charge = await asyncio.wait_for(client.ecommerce.get_charge("A"), timeout=10)
    assert charge.amount == 1000
    assert len(server.requests) == 2
    assert told == []  # no advice was given, so staff are not told Clover asked to wait
