"""The client against the readings of issue 17: expand counts fields, order defaults."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from apihelp import ClientFactory, RawHandler, RawReply, RawRequest, RawServer, json_reply

from clover_desk.api import CloverClient, InvalidRequest, NotFound

pytestmark = pytest.mark.asyncio

ISSUE_EXPAND = ["lineItems.modifications", "lineItems.discounts", "payments", "discounts"]


async def test_three_fields_with_nested_paths_are_one_read(client: CloverClient) -> None:
    platform = client.platform
    order = await platform.create_order(total=450)
    await platform.add_line_item(order.id, name="Tea", price=300)
    got = await platform.get_order(order.id, expand=["lineItems", *ISSUE_EXPAND])
    assert got.line_items is not None
    assert [li.name for li in got.line_items.elements] == ["Tea"]
    assert got.payments is not None
    assert got.discounts is not None
    listed = await platform.list_orders(expand=ISSUE_EXPAND).collect()
    assert [o.id for o in listed] == [order.id]
    with pytest.raises(ValueError, match="at most 3 fields"):
        await platform.get_order(order.id, expand=[*ISSUE_EXPAND, "refunds"])


async def test_an_unknown_order_is_not_found_with_a_long_expand(client: CloverClient) -> None:
    with pytest.raises(NotFound):
        await client.platform.get_order("NOSUCHORDER00", expand=ISSUE_EXPAND)


async def test_the_client_sends_no_redundant_expand_paths(
    raw_server: Callable[[RawHandler], Awaitable[RawServer]], make_client: ClientFactory
) -> None:
    async def handler(request: RawRequest) -> RawReply:
        return json_reply(200, {"id": "ORDER00000001"})

    server = await raw_server(handler)
    client = make_client(server.info)
    await client.platform.get_order(
        "ORDER00000001", expand=["lineItems", "lineItems.discounts", "payments", "payments"]
    )
    [request] = server.requests
    assert "expand=lineItems.discounts%2Cpayments" in request.target


async def test_a_fresh_order_has_clovers_defaults_either_way(
    client: CloverClient,
    raw_server: Callable[[RawHandler], Awaitable[RawServer]],
    make_client: ClientFactory,
) -> None:
    fresh = await client.platform.create_order()
    assert fresh.group_line_items is True
    assert (fresh.tax_removed, fresh.manual_transaction, fresh.test_mode) == (False,) * 3

    async def bare(request: RawRequest) -> RawReply:
        return json_reply(200, {"id": "ORDER00000001", "state": "open"})

    server = await raw_server(bare)
    order = await make_client(server.info).platform.get_order("ORDER00000001")
    assert order.group_line_items is True
    assert (order.tax_removed, order.is_vat, order.test_mode) == (False,) * 3


async def test_a_server_counting_expand_paths_still_answers_the_read(
    raw_server: Callable[[RawHandler], Awaitable[RawServer]], make_client: ClientFactory
) -> None:
    """Where a server caps paths, not fields, the client asks for the fields alone."""

    async def counts_paths(request: RawRequest) -> RawReply:
        expand = request.target.partition("expand=")[2].split("&")[0]
        if expand.count("%2C") + 1 > 3:
            return json_reply(400, {"message": "Too many expansions"})
        return json_reply(200, {"id": "ORDER00000001", "lineItems": {"elements": []}})

    server = await raw_server(counts_paths)
    order = await make_client(server.info).platform.get_order("ORDER00000001", expand=ISSUE_EXPAND)
    assert order.line_items is not None
    first, second = server.requests
    assert "lineItems.modifications" in first.target
    assert "expand=lineItems%2Cpayments%2Cdiscounts" in second.target


async def test_other_refusals_are_not_retried(
    raw_server: Callable[[RawHandler], Awaitable[RawServer]], make_client: ClientFactory
) -> None:
    async def refuses(request: RawRequest) -> RawReply:
        return json_reply(400, {"message": "Invalid merchant"})

    server = await raw_server(refuses)
    with pytest.raises(InvalidRequest):
        await make_client(server.info).platform.get_order("ORDER00000001", expand=ISSUE_EXPAND)
    assert len(server.requests) == 1
