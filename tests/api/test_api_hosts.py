"""Hosts per environment and region; missing APIs fail before any request."""

from __future__ import annotations

import httpx
import pytest

from clover_desk.api import (
    CloverClient,
    Environment,
    Money,
    Profile,
    Region,
    Service,
    UnsupportedRegion,
    resolve,
)


def test_production_north_america() -> None:
    hosts = resolve(Environment.PRODUCTION, Region.NORTH_AMERICA)
    assert hosts.base_url(Service.PLATFORM) == "https://api.clover.com"
    assert hosts.base_url(Service.ECOMMERCE) == "https://scl.clover.com"
    assert hosts.base_url(Service.TOKENS) == "https://token.clover.com"


def test_sandbox_hosts() -> None:
    hosts = resolve(Environment.SANDBOX)
    assert hosts.base_url(Service.PLATFORM) == "https://apisandbox.dev.clover.com"
    assert hosts.base_url(Service.ECOMMERCE) == "https://scl-sandbox.dev.clover.com"
    assert hosts.base_url(Service.TOKENS) == "https://token-sandbox.dev.clover.com"
    assert hosts.base_url(Service.PAKMS) == "https://scl-sandbox.dev.clover.com"


@pytest.mark.parametrize(
    ("region", "platform"),
    [
        (Region.EUROPE, "https://api.eu.clover.com"),
        (Region.LATIN_AMERICA, "https://api.la.clover.com"),
    ],
)
def test_europe_and_latin_america_have_the_platform_only(region: Region, platform: str) -> None:
    hosts = resolve(Environment.PRODUCTION, region)
    assert hosts.base_url(Service.PLATFORM) == platform
    for service in (Service.ECOMMERCE, Service.TOKENS, Service.RECURRING, Service.ATOMIC_ORDERS):
        assert not hosts.offers(service)
        with pytest.raises(UnsupportedRegion, match=service.value):
            hosts.base_url(service)


def test_training_points_every_host_at_the_sandbox() -> None:
    hosts = resolve(Environment.TRAINING, training_url="http://127.0.0.1:1234/")
    assert {hosts.base_url(s) for s in Service} == {"http://127.0.0.1:1234"}
    with pytest.raises(ValueError, match="sandbox"):
        resolve(Environment.TRAINING)


@pytest.mark.asyncio
async def test_ecommerce_in_europe_fails_before_any_request() -> None:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    profile = Profile("eu", "MERCHANT12345", Environment.PRODUCTION, Region.EUROPE)
    async with CloverClient(
        profile, api_token="t" * 20, http_transport=httpx.MockTransport(record)
    ) as client:
        with pytest.raises(UnsupportedRegion):
            await client.ecommerce.create_charge(Money(100, "EUR"), "clv_x")
        with pytest.raises(UnsupportedRegion):
            client.ecommerce.list_charges()
        with pytest.raises(UnsupportedRegion):
            await client.recurring.get_plan("P")
    assert sent == []
