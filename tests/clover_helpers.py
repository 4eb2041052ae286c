"""Building blocks for tests that drive services through a real client and sandbox."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from clover_desk.api.atomic_orders import CartLineItem, OrderCart
from clover_desk.api.client import CloverClient, Profile
from clover_desk.api.hosts import Environment
from clover_desk.api.limiter import Limits
from clover_desk.api.models.ecommerce import Charge
from clover_desk.api.money import Money
from clover_desk.api.retry import RetryPolicy
from clover_desk.api.tokens import CardDetails
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.history.clover import PlatformStaff
from clover_desk.services.history.store import HistoryStore
from clover_desk.services.history.sync import HistorySync

#: Retries fast enough for tests, still the real policy.
FAST_RETRY = RetryPolicy(base=0.01, cap=0.05, max_attempts=4)


def client_for(sandbox: RunningSandbox, **options: object) -> CloverClient:
    info = sandbox.info
    profile = Profile(
        name="test",
        merchant_id=info["merchant_id"],
        environment=Environment.TRAINING,
        training_url=info["base_url"],
    )
    return CloverClient(
        profile,
        api_token=info["api_token"],
        ecommerce_token=info["ecommerce_private_token"],
        pakms_key=info["pakms_key"],
        limits=Limits(rate_per_s=10_000, max_concurrent=50),
        retry=FAST_RETRY,
        **options,  # type: ignore[arg-type]
    )


async def card_charge(
    client: CloverClient,
    amount: int,
    *,
    tip: int = 0,
    tax: int = 0,
    number: str = "4242424242424242",
) -> Charge:
    token = await client.tokens.create_card_token(
        CardDetails(number=number, exp_month="12", exp_year="2031", cvv="123")
    )
    return await client.ecommerce.create_charge(
        Money(amount, "USD"), token.id, tip_amount=tip or None, tax_amount=tax or None
    )


async def paid_order(client: CloverClient, prices: list[int], *, tip: int = 0) -> tuple[str, str]:
    """An atomic order of ad-hoc items paid by card: (order id, charge id)."""
    cart = OrderCart(
        line_items=[CartLineItem(name=f"Item {n + 1}", price=p) for n, p in enumerate(prices)]
    )
    order = await client.atomic_orders.create_order(cart)
    token = await client.tokens.create_card_token(
        CardDetails(number="4242424242424242", exp_month="12", exp_year="2031", cvv="123")
    )
    paid = await client.ecommerce.pay_order(
        order.id,
        source=token.id,
        currency="usd",
        email="shopper@example.com",
        tip_amount=tip or None,
    )
    assert paid.charge is not None
    return order.id, paid.charge


def synced_history(sandbox: RunningSandbox, path: Path, start: datetime) -> HistoryStore:
    """A history store at ``path`` filled by a real sync of ``sandbox`` from ``start``,
    polling its exports fast (the sandbox builds them in milliseconds)."""
    store = HistoryStore(path)

    async def sync() -> None:
        async with client_for(sandbox) as client:
            await HistorySync(
                store,
                client.exports,
                client.platform,
                staff=PlatformStaff(client.platform),
                poll_first=0.02,
                poll_max=0.2,
            ).run(start)

    asyncio.run(sync())
    return store
