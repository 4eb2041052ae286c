"""Retries, idempotency, time-outs, drops and error bodies, staged by a raw loopback server.

These faults need exact timing (a drop after the server read the request, a 429 at one
precise moment, a body corrupted in one field), so a tiny HTTP server on 127.0.0.1 stages
them; everything else is tested against the training sandbox.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest
from apihelp import (
    ClientFactory,
    RawReply,
    RawRequest,
    RawServer,
    charge_json,
    fast_retry,
    json_reply,
)

from clover_desk.api import (
    AuthError,
    InvalidRequest,
    Limits,
    Money,
    OutcomeUnknown,
    RateLimited,
    ResponseFormatError,
    ServiceUnavailable,
)
from clover_desk.api.models.platform import ExportType, Order
from clover_desk.api.tokens import CardDetails

pytestmark = pytest.mark.asyncio

StartServer = Callable[[Callable[[RawRequest], Awaitable[RawReply]]], Awaitable[RawServer]]


async def test_malformed_body_is_a_response_format_error(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        if request.path.endswith("/BAD"):
            return json_reply(200, {**charge_json(), "amount": "ten dollars"})
        if request.path.endswith("/TRUNC"):
            return 200, {"Content-Type": "application/json"}, b'{"id": "CHG", "amount": 1'
        if request.path.endswith("/HTML"):
            return 200, {"Content-Type": "text/html"}, b"<html>maintenance</html>"
        return json_reply(200, {"object": "list", "data": [charge_json(), {"id": 7}]})

    server = await raw_server(handler)
    client = make_client(server.info)
    with pytest.raises(ResponseFormatError) as info:
        await client.ecommerce.get_charge("BAD")
    assert info.value.endpoint == "GET /v1/charges/{chargeId}"
    assert info.value.field == "$.amount"
    assert info.value.status == 200
    for path in ("TRUNC", "HTML"):
        with pytest.raises(ResponseFormatError) as info:
            await client.ecommerce.get_charge(path)
        assert info.value.field == "$"
    with pytest.raises(ResponseFormatError) as info:
        await client.ecommerce.list_charges().collect()
    assert info.value.endpoint == "GET /v1/charges"
    assert info.value.field == "$.data[1].id"


async def test_malformed_export_file_names_the_object_and_field(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    good = {"id": "O1", "total": 1250, "createdTime": 1_700_000_000_000}
    files = {
        "/files/1": {"elements": [good, {**good, "id": "O2", "total": "12.50"}]},
        "/files/2": {"elements": [good]},
    }

    async def handler(request: RawRequest) -> RawReply:
        if request.path in files:
            return json_reply(200, files[request.path])
        return 200, {"Content-Type": "application/json"}, b'{"elements": [{"id": "O1"'

    server = await raw_server(handler)
    client = make_client(server.info)
    base = server.info["base_url"]
    with pytest.raises(ResponseFormatError) as info:
        await client.transport.download_items(f"{base}/files/1", Order)
    assert info.value.field == "$.elements[1].total"
    assert info.value.endpoint == "GET <export file>"
    orders = await client.transport.download_items(f"{base}/files/2", Order)
    assert [(o.id, o.total) for o in orders] == [("O1", 1250)]
    with pytest.raises(ResponseFormatError) as info:
        await client.transport.download_items(f"{base}/files/truncated", Order)
    assert info.value.field == "$"


async def test_headers_the_reference_requires(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        if request.path == "/v1/tokens":
            return json_reply(200, {"id": "clv_1TSTxyz", "object": "token", "card": {}})
        if request.path.startswith("/recurring"):
            return json_reply(200, [])
        return json_reply(200, charge_json())

    server = await raw_server(handler)
    client = make_client(server.info, forwarded_for="203.0.113.7")
    charge = await client.ecommerce.create_charge(Money(1000, "USD"), "clv_1TSTabc")
    await client.tokens.create_card_token(CardDetails("4242424242424242", "12", "2030", "123"))
    await client.recurring.list_plans().collect()

    pay, token, plans = server.requests
    assert re.fullmatch(r"CloverDesk/\d+\.\d+\.\d+ \(.+\)", pay.headers["user-agent"])
    assert pay.headers["authorization"] == "Bearer raw-private-token-0001"
    assert pay.headers["x-forwarded-for"] == "203.0.113.7"
    assert pay.headers["idempotency-key"] == charge.idempotency_key
    assert pay.json() == {
        "amount": 1000,
        "currency": "usd",
        "source": "clv_1TSTabc",
        "capture": True,
    }
    assert token.headers["apikey"] == "raw-pakms-key-0001"
    assert "authorization" not in token.headers
    assert token.json()["card"]["number"] == "4242424242424242"
    assert plans.headers["x-clover-merchant-id"] == "MERCHANT00001"
    assert plans.headers["authorization"] == "Bearer raw-api-token-0001"


async def test_virtual_activation_body_and_one_key_across_retries(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        if len(server.requests) == 1:
            return json_reply(503, {"message": "busy"}, **{"retry-after": "0"})
        gift = {"new_balance": 2500, "number": "7777320000009999"}
        return json_reply(200, {"id": "GC1", "status": "succeeded", "gift_card": gift})

    server = await raw_server(handler)
    client = make_client(server.info)
    result = await client.gift_cards.activate_virtual("SPRING24", Money(2500, "USD"))
    assert result.gift_card is not None
    assert result.gift_card.card_number == "7777320000009999"
    first, second = server.requests
    assert first.path == second.path == "/v1/activate"
    assert first.json() == {"amount": 2500, "currency": "usd", "virtual_promo_code": "SPRING24"}
    assert first.headers["authorization"] == "Bearer raw-private-token-0001"
    keys = {r.headers["idempotency-key"] for r in server.requests}
    assert keys == {result.idempotency_key}


async def test_reads_retry_5xx_then_succeed(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    statuses = [502, 503, 504]

    async def handler(request: RawRequest) -> RawReply:
        if statuses:
            return json_reply(statuses.pop(0), {"message": "busy"})
        return json_reply(200, charge_json())

    server = await raw_server(handler)
    client = make_client(server.info, retry=fast_retry(max_attempts=4))
    charge = await client.ecommerce.get_charge("CHG0000000001")
    assert charge.id == "CHG0000000001"
    assert len(server.requests) == 4


async def test_reads_give_up_with_service_unavailable(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        return json_reply(503, {"message": "down"}, **{"X-Request-Id": "rid-9"})

    server = await raw_server(handler)
    client = make_client(server.info, retry=fast_retry(max_attempts=3))
    with pytest.raises(ServiceUnavailable) as info:
        await client.ecommerce.get_charge("X")
    assert info.value.status == 503
    assert info.value.request_id == "rid-9"
    assert len(server.requests) == 3


async def test_money_post_commit_then_drop_is_retried_with_the_same_key(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    committed: dict[str, dict[str, object]] = {}

    async def handler(request: RawRequest) -> RawReply:
        key = request.headers["idempotency-key"]
        first = key not in committed
        committed.setdefault(key, charge_json())
        return None if first else json_reply(200, committed[key])  # drop after committing

    server = await raw_server(handler)
    client = make_client(server.info)
    charge = await client.ecommerce.create_charge(
        Money(1000, "USD"), "clv_1TSTabc", idempotency_key="journal-key-1"
    )
    assert charge.idempotency_key == "journal-key-1"
    assert [r.headers["idempotency-key"] for r in server.requests] == ["journal-key-1"] * 2
    assert len(committed) == 1


async def test_money_post_that_never_settles_is_outcome_unknown_with_the_key(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        return None

    server = await raw_server(handler)
    client = make_client(server.info, retry=fast_retry(max_attempts=3))
    with pytest.raises(OutcomeUnknown) as info:
        await client.ecommerce.create_refund("CHG0000000001", amount=100)
    key = info.value.idempotency_key
    assert key is not None
    assert [r.headers["idempotency-key"] for r in server.requests] == [key] * 3
    assert info.value.endpoint == "POST /v1/refunds"


async def test_money_post_time_out_is_outcome_unknown(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        await asyncio.sleep(1.0)
        return json_reply(200, charge_json())

    server = await raw_server(handler)
    client = make_client(server.info, retry=fast_retry(max_attempts=2), timeout=httpx.Timeout(0.2))
    with pytest.raises(OutcomeUnknown) as info:
        await client.ecommerce.capture_charge("CHG0000000001", idempotency_key="k-capture")
    assert info.value.idempotency_key == "k-capture"
    assert len(server.requests) == 2


async def test_drop_then_gateway_errors_stays_unknown(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    replies: list[RawReply] = [None, json_reply(503, {"message": "x"})]

    async def handler(request: RawRequest) -> RawReply:
        return replies.pop(0) if replies else json_reply(503, {"message": "x"})

    server = await raw_server(handler)
    client = make_client(server.info, retry=fast_retry(max_attempts=3))
    with pytest.raises(OutcomeUnknown):
        await client.ecommerce.pay_order("ORD", source="clv_1TSTabc")


async def test_money_post_refused_connection_is_a_plain_failure(
    make_client: ClientFactory,
) -> None:
    info = {
        "base_url": "http://127.0.0.1:9",  # discard port: nothing listens
        "merchant_id": "MERCHANT00001",
        "ecommerce_private_token": "raw-private-token-0001",
    }
    client = make_client(info, retry=fast_retry(max_attempts=2))
    with pytest.raises(ServiceUnavailable) as info_:
        await client.ecommerce.create_charge(Money(1, "USD"), "clv_x")
    assert not isinstance(info_.value, OutcomeUnknown)


async def test_unkeyed_write_is_not_repeated_after_a_drop(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        return None

    server = await raw_server(handler)
    client = make_client(server.info)
    with pytest.raises(OutcomeUnknown) as info:
        await client.platform.create_order(title="x")
    assert info.value.idempotency_key is None
    assert len(server.requests) == 1


async def test_429_honours_retry_after_and_pauses_every_caller(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    rejected_at: list[float] = []

    async def handler(request: RawRequest) -> RawReply:
        if not rejected_at:
            rejected_at.append(time.monotonic())
            return json_reply(429, {"message": "Too Many Requests"}, **{"Retry-After": "0.4"})
        return json_reply(200, charge_json())

    server = await raw_server(handler)
    client = make_client(server.info, limits=Limits(rate_per_s=1000, max_concurrent=1))
    first = asyncio.ensure_future(client.ecommerce.get_charge("A"))
    await asyncio.sleep(0.05)  # the 429 has been answered; now the others queue up
    others = [client.ecommerce.get_charge(str(i)) for i in range(4)]
    await asyncio.gather(first, *others)
    later = [r.at for r in server.requests[1:]]
    assert len(later) == 5
    assert min(later) - rejected_at[0] >= 0.39


async def test_429_storm_gives_up_with_rate_limited(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        return json_reply(429, {"message": "slow down"}, **{"Retry-After": "0.01"})

    server = await raw_server(handler)
    client = make_client(server.info, retry=fast_retry(max_attempts=3))
    with pytest.raises(RateLimited) as info:
        await client.ecommerce.get_charge("A")
    assert info.value.retry_after == 0.01
    assert len(server.requests) == 3


async def test_export_outside_hours_fails_at_once_with_the_hours(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        return json_reply(503, {"message": "Exports are available 10:00-15:00 UTC; hours Mon-Sun"})

    server = await raw_server(handler)
    client = make_client(server.info)
    from datetime import UTC, datetime, timedelta

    end = datetime.now(UTC)
    with pytest.raises(ServiceUnavailable) as info:
        await client.exports.create(ExportType.ORDERS, end - timedelta(days=1), end)
    assert info.value.available_hours is not None
    assert "10:00-15:00" in info.value.available_hours
    assert len(server.requests) == 1


async def test_plain_text_405_and_static_token_401(
    raw_server: StartServer, make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        if request.method == "DELETE":
            return 405, {"Content-Type": "text/plain"}, b"Method Not Allowed"
        return json_reply(401, {"message": "401 Unauthorized"})

    server = await raw_server(handler)
    client = make_client(server.info)
    with pytest.raises(InvalidRequest) as info:
        await client.platform.delete_customer("C")
    assert info.value.status == 405
    with pytest.raises(AuthError):
        await client.platform.get_order("O")
    assert len(server.requests) == 2
