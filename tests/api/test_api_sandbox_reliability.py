"""The client's promises, checked against the sandbox's own books:

* a money-moving POST that commits and then loses its response is retried with the same
  key and takes effect exactly once (``GET /_sandbox/ledger``);
* under a storm of calls the sandbox counts no request above its limits, and a client
  that does overrun them backs off as a whole;
* pagers cross page boundaries and honour caps;
* an expired OAuth token is refreshed exactly once under 20 concurrent calls;
* a planted token and card number never reach the logs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from apihelp import ClientFactory, admin_delete, admin_get, admin_post, fast_retry
from memkeyring import MemoryKeyring

from clover_desk.api import (
    CloverClient,
    CredentialStore,
    Limits,
    Money,
    OAuthTokens,
    OutcomeUnknown,
    Profile,
    install_redaction,
)
from clover_desk.api.credentials import CredentialKind
from clover_desk.api.models.ecommerce import Charge
from clover_desk.api.tokens import CardDetails
from clover_desk.sandbox import RunningSandbox

pytestmark = pytest.mark.asyncio

VISA = "4242424242424242"


async def card_token(client: CloverClient) -> str:
    return (await client.tokens.create_card_token(CardDetails(VISA, "12", "2031", "123"))).id


def ledger_charges(info: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [c for c in admin_get(info, "/ledger")["charges"] if c.get("idempotency_key") == key]


def ledger_refunds(info: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [r for r in admin_get(info, "/ledger")["refunds"] if r.get("idempotency_key") == key]


# ---------------------------------------------------------------- exactly once


async def test_commit_then_drop_charge_takes_effect_once(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    info = sandbox.info
    client = make_client(info, retry=fast_retry(max_attempts=3))
    token = await card_token(client)
    admin_post(info, "/faults", {"drop_after_commit_rate": 1.0, "path_regex": "^/v1/charges$"})
    # Every attempt commits and loses its answer: the client cannot settle it...
    with pytest.raises(OutcomeUnknown) as unknown:
        await client.ecommerce.create_charge(Money(4321, "USD"), token)
    key = unknown.value.idempotency_key
    assert key is not None
    assert len(ledger_charges(info, key)) == 1  # three attempts, one charge

    # ...so the journal retries later with the same key, and gets that one charge back.
    admin_delete(info, "/faults")
    charge = await client.ecommerce.create_charge(Money(4321, "USD"), token, idempotency_key=key)
    assert charge.idempotency_key == key
    booked = ledger_charges(info, key)
    assert [c["id"] for c in booked] == [charge.id]
    assert booked[0]["amount"] == 4321


async def test_dropped_responses_are_retried_inside_the_client(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    info = sandbox.info
    client = make_client(info, retry=fast_retry(max_attempts=12))
    charge = await client.ecommerce.create_charge(Money(5000, "USD"), await card_token(client))
    admin_post(
        info, "/faults", {"drop_after_commit_rate": 0.5, "path_regex": "^/v1/(charges|refunds)$"}
    )
    keys: list[str] = []
    for _ in range(4):
        token = await card_token(client)
        made = await client.ecommerce.create_charge(Money(1000, "USD"), token)
        assert made.idempotency_key is not None
        keys.append(made.idempotency_key)
    refund = await client.ecommerce.create_refund(charge.id, amount=1200)
    admin_delete(info, "/faults")
    for key in keys:
        assert len(ledger_charges(info, key)) == 1
    assert refund.idempotency_key is not None
    refunds = ledger_refunds(info, refund.idempotency_key)
    assert [r["amount"] for r in refunds] == [1200]
    assert (await client.ecommerce.get_charge(charge.id)).amount_refunded == 1200


async def test_commit_then_drop_virtual_gift_card_is_one_card(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    info = sandbox.info
    client = make_client(info, retry=fast_retry(max_attempts=3))
    admin_post(info, "/faults", {"drop_after_commit_rate": 1.0, "path_regex": "^/v1/activate$"})
    with pytest.raises(OutcomeUnknown) as unknown:
        await client.gift_cards.activate_virtual("SPRING24", Money(2500, "USD"))
    key = unknown.value.idempotency_key
    assert key is not None
    admin_delete(info, "/faults")
    result = await client.gift_cards.activate_virtual(
        "SPRING24", Money(2500, "USD"), idempotency_key=key
    )
    assert result.idempotency_key == key
    assert result.gift_card is not None
    virtual = sandbox.state.db.query("SELECT number FROM gift_cards WHERE virtual")
    assert [row["number"] for row in virtual] == [result.gift_card.card_number]


# ---------------------------------------------------------------- limits


def stats(info: dict[str, Any]) -> dict[str, int]:
    got = admin_get(info, "/stats")
    return {k: got[k] for k in ("requests", "rejected_rate", "rejected_concurrency")} | {
        "max_in_flight": got["max_in_flight"]
    }


async def test_storm_stays_within_the_sandbox_limits(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    info = sandbox.info
    setup = make_client(info)
    charge = await setup.ecommerce.create_charge(Money(100, "USD"), await card_token(setup))
    admin_post(info, "/faults", {"rate_limit_per_s": 16, "max_concurrent": 5})
    await asyncio.sleep(1.1)  # let the setup requests age out of the window
    before = stats(info)

    client = make_client(info, limits=Limits())  # Clover's 16/s and 5 in flight
    calls = 40
    results = await asyncio.gather(*(client.ecommerce.get_charge(charge.id) for _ in range(calls)))
    assert all(isinstance(r, Charge) for r in results)
    after = stats(info)
    assert after["requests"] - before["requests"] == calls
    assert after["rejected_rate"] == before["rejected_rate"]
    assert after["rejected_concurrency"] == before["rejected_concurrency"]
    assert after["max_in_flight"] <= 5


async def test_an_overrunning_client_backs_off_as_a_whole(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    info = sandbox.info
    setup = make_client(info)
    charge = await setup.ecommerce.create_charge(Money(100, "USD"), await card_token(setup))
    admin_post(info, "/faults", {"rate_limit_per_s": 16, "max_concurrent": 5})
    await asyncio.sleep(1.1)
    before = stats(info)

    # Configured far above the server's limits: the sandbox will push back with 429s.
    client = make_client(
        info, limits=Limits(rate_per_s=200, max_concurrent=20), retry=fast_retry(max_attempts=8)
    )
    calls = 40
    results = await asyncio.gather(*(client.ecommerce.get_charge(charge.id) for _ in range(calls)))
    assert all(isinstance(r, Charge) for r in results)
    after = stats(info)
    rejected = (after["rejected_rate"] - before["rejected_rate"]) + (
        after["rejected_concurrency"] - before["rejected_concurrency"]
    )
    assert rejected > 0  # the overrun happened...
    # ...and after each 429 the whole client waited out retry-after instead of hammering:
    # well under one rejection per call.
    assert rejected < calls


# ---------------------------------------------------------------- paging


async def test_v3_paging_across_boundaries_and_caps(
    demo_sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    client = make_client(demo_sandbox.info)
    everything = [o.id async for o in client.platform.list_orders()]
    assert len(everything) >= 300
    assert len(set(everything)) == len(everything)

    small = client.platform.list_orders(page_size=7)
    assert [o.id async for o in small] == everything
    assert small.pages_fetched == len(everything) // 7 + 1

    capped = client.platform.list_orders(page_size=7, limit=50)
    assert [o.id async for o in capped] == everything[:50]
    assert capped.pages_fetched == 8

    ahead = client.platform.list_orders(page_size=50, prefetch=4)
    assert [o.id async for o in ahead] == everything
    assert await client.platform.list_orders(limit=0).collect() == []


async def test_v1_cursor_paging_across_boundaries_and_caps(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    client = make_client(sandbox.info)
    made = []
    for i in range(11):
        charge = await client.ecommerce.create_charge(
            Money(100 + i, "USD"), await card_token(client)
        )
        made.append(charge.id)
    listed = client.ecommerce.list_charges(page_size=3)
    ids = [c.id async for c in listed]
    assert sorted(ids) == sorted(made)
    assert len(set(ids)) == 11
    assert listed.pages_fetched in (4, 5)  # 3+3+3+2, plus an empty page if has_more lied

    capped = client.ecommerce.list_charges(page_size=4, limit=6)
    first_six = [c.id async for c in capped]
    assert first_six == ids[:6]
    assert capped.pages_fetched == 2


# ---------------------------------------------------------------- OAuth


class CountingTransport(httpx.AsyncBaseTransport):
    """The real HTTP transport, counting the refresh calls that pass through it."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.refreshes = 0
        self.unauthorized = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v2/refresh":
            self.refreshes += 1
        response = await self.inner.handle_async_request(request)
        if response.status_code == 401:
            self.unauthorized += 1
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def oauth_profile(info: dict[str, Any]) -> Profile:
    return Profile(
        "oauth-shop",
        info["merchant_id"],
        training_url=info["base_url"],
        oauth_client_id="CLOVERDESKAPP",
    )


async def test_expired_token_refreshed_once_under_20_concurrent_calls(
    sandbox: RunningSandbox, make_client: ClientFactory, memory_keyring: MemoryKeyring
) -> None:
    info = sandbox.info
    pair = admin_post(info, "/oauth", {"access_ttl_s": 60, "refresh_ttl_s": 3600})
    store = CredentialStore()
    counting = CountingTransport()
    client = make_client(
        info,
        profile=oauth_profile(info),
        api_token=None,
        ecommerce_token=None,
        # The client is not told when the token expires, so it meets the expiry as a 401.
        oauth=OAuthTokens(pair["access_token"], pair["refresh_token"]),
        store=store,
        http_transport=counting,
    )
    merchant = await client.platform.get_merchant()
    assert merchant.id == info["merchant_id"]

    admin_post(info, "/clock", {"advance_ms": 120_000})  # the access token is now expired
    results = await asyncio.gather(*(client.platform.get_merchant() for _ in range(20)))
    assert {m.id for m in results} == {info["merchant_id"]}
    assert counting.refreshes == 1
    assert client.oauth is not None
    assert client.oauth.refresh_count == 1
    assert counting.unauthorized >= 1

    saved = store.load_oauth("oauth-shop")
    assert saved is not None
    assert saved.access_token == client.oauth.tokens.access_token != pair["access_token"]
    assert saved.refresh_token != pair["refresh_token"]
    assert saved.access_expires is not None
    assert store.get("oauth-shop", CredentialKind.OAUTH_REFRESH_TOKEN)


async def test_known_expiry_is_refreshed_before_sending(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    info = sandbox.info
    pair = admin_post(info, "/oauth", {"access_ttl_s": 60, "refresh_ttl_s": 3600})
    counting = CountingTransport()
    client = make_client(
        info,
        profile=oauth_profile(info),
        api_token=None,
        ecommerce_token=None,
        oauth=OAuthTokens(
            pair["access_token"],
            pair["refresh_token"],
            access_expires=datetime.now(UTC) - timedelta(seconds=1),
        ),
        http_transport=counting,
    )
    await asyncio.gather(*(client.platform.get_merchant() for _ in range(5)))
    assert counting.refreshes == 1
    assert counting.unauthorized == 0


# ---------------------------------------------------------------- logs


@pytest.fixture
def restore_logging() -> Iterator[None]:
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    filters = list(root.filters)
    handler_filters = {h: list(h.filters) for h in root.handlers}
    yield
    logging.setLogRecordFactory(factory)
    root.filters[:] = filters
    for handler, saved in handler_filters.items():
        handler.filters[:] = saved


async def test_planted_token_and_card_number_never_reach_the_logs(
    sandbox: RunningSandbox,
    make_client: ClientFactory,
    caplog: pytest.LogCaptureFixture,
    restore_logging: None,
) -> None:
    info = sandbox.info
    caplog.set_level(logging.DEBUG)
    client = make_client(info)

    # The client's own logs, without any filter: method, path, status, timing -- no secrets.
    token = await client.tokens.create_card_token(CardDetails(VISA, "12", "2031", "987"))
    charge = await client.ecommerce.create_charge(Money(1999, "USD"), token.id)
    assert "POST /v1/charges -> 200 in" in caplog.text
    assert f"GET /v1/charges/{charge.id}" not in caplog.text  # not called yet
    await client.ecommerce.get_charge(charge.id)
    assert f"GET /v1/charges/{charge.id} -> 200 in" in caplog.text
    planted = [
        info["api_token"],
        info["ecommerce_private_token"],
        info["pakms_key"],
        token.id,
        VISA,
        "4242 4242 4242 4242",
    ]
    for secret in planted:
        assert secret not in caplog.text

    # Anything logged elsewhere in the app is scrubbed once the filter is installed.
    install_redaction()
    elsewhere = logging.getLogger("clover_desk.services.refunds.service")
    elsewhere.error(
        "refund failed: Authorization: Bearer %s card=%s cvv=%s source=%s",
        info["ecommerce_private_token"],
        "4242 4242 4242 4242",
        "987",
        token.id,
    )
    elsewhere.info("request headers {'apikey': '%s'}", info["pakms_key"])
    elsewhere.info("raw token %s and PAN %s", info["api_token"], VISA)
    for secret in [*planted, "cvv=987"]:
        assert secret not in caplog.text
    assert "[REDACTED]" in caplog.text
