"""HTTP clients onto a sandbox, one per credential style Clover uses."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from clover_desk.sandbox import RunningSandbox


def _client(sandbox: RunningSandbox, headers: dict[str, str]) -> httpx.Client:
    return httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=10)


@pytest.fixture
def api(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """Bearer REST API token: v3 platform, recurring, PAKMS."""
    with _client(sandbox, {"Authorization": f"Bearer {sandbox.info['api_token']}"}) as client:
        yield client


@pytest.fixture
def ecom(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """Bearer Ecommerce private token: charges, refunds, orders, customers, gift cards."""
    token = sandbox.info["ecommerce_private_token"]
    with _client(sandbox, {"Authorization": f"Bearer {token}"}) as client:
        yield client


@pytest.fixture
def tokenizer(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """``apikey`` header with the PAKMS key: ``POST /v1/tokens``."""
    with _client(sandbox, {"apikey": sandbox.info["pakms_key"]}) as client:
        yield client


@pytest.fixture
def other_merchant(sandbox: RunningSandbox) -> dict[str, str]:
    """Credentials of the sandbox's second merchant, for isolation tests."""
    with httpx.Client(base_url=sandbox.base_url) as client:
        merchants = client.get("/_sandbox/merchants").json()["merchants"]
    second: dict[str, str] = merchants[1]
    return second


@pytest.fixture
def mid(sandbox: RunningSandbox) -> str:
    merchant_id: str = sandbox.info["merchant_id"]
    return merchant_id
