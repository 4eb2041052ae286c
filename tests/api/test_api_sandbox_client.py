"""The facade: built from the keyring, one merchant per client, keys bound to one body."""

from __future__ import annotations

import pytest
from apihelp import ClientFactory, admin_get, profile_for
from memkeyring import MemoryKeyring

from clover_desk.api import (
    AuthError,
    CloverClient,
    CredentialKind,
    CredentialStore,
    InvalidRequest,
    Money,
    NotFound,
    PermissionDenied,
    new_idempotency_key,
)
from clover_desk.api.hosts import Service
from clover_desk.api.tokens import CardDetails
from clover_desk.sandbox import RunningSandbox

pytestmark = pytest.mark.asyncio


async def card_token(client: CloverClient) -> str:
    token = await client.tokens.create_card_token(
        CardDetails("4242424242424242", "12", "2031", "123")
    )
    return token.id


async def test_client_from_the_keyring(
    sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    info = sandbox.info
    store = CredentialStore()
    store.set("shop", CredentialKind.API_TOKEN, info["api_token"])
    store.set("shop", CredentialKind.ECOMMERCE_PRIVATE_TOKEN, info["ecommerce_private_token"])
    store.set("shop", CredentialKind.PAKMS_KEY, info["pakms_key"])
    async with CloverClient.from_store(profile_for(info, name="shop"), store) as client:
        charge = await client.ecommerce.create_charge(Money(250, "USD"), await card_token(client))
        assert (await client.ecommerce.get_charge(charge.id)).amount == 250
        assert (await client.platform.get_merchant()).id == info["merchant_id"]
        assert client.hosts.base_url(Service.PLATFORM) == info["base_url"]
        assert client.hosts.offers(Service.ECOMMERCE)
    assert client.transport.http.is_closed


async def test_one_merchant_cannot_see_another(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    info = sandbox.info
    mine = make_client(info)
    charge = await mine.ecommerce.create_charge(Money(300, "USD"), await card_token(mine))

    other = next(
        m
        for m in admin_get(info, "/merchants")["merchants"]
        if m["merchant_id"] != info["merchant_id"]
    )
    theirs = make_client(
        {**info, **other, "ecommerce_private_token": other["ecommerce_private_token"]}
    )
    with pytest.raises(NotFound):
        await theirs.ecommerce.get_charge(charge.id)
    assert charge.id not in [c.id async for c in theirs.ecommerce.list_charges()]
    # Their token on my merchant's v3 path is refused.
    crossed = make_client({**info, "api_token": other["api_token"]})
    with pytest.raises((AuthError, PermissionDenied)) as refused:
        await crossed.platform.get_merchant()
    assert refused.value.status in (401, 403)


async def test_a_key_belongs_to_one_operation(
    sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    client = make_client(sandbox.info)
    key = new_idempotency_key()
    token = await card_token(client)
    first = await client.ecommerce.create_charge(Money(800, "USD"), token, idempotency_key=key)
    replay = await client.ecommerce.create_charge(Money(800, "USD"), token, idempotency_key=key)
    assert replay.id == first.id
    with pytest.raises(InvalidRequest) as mismatch:
        await client.ecommerce.create_charge(Money(900, "USD"), token, idempotency_key=key)
    assert mismatch.value.error_type == "idempotency_error"
