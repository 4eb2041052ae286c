"""The customers service against the sandbox: contact edits go through the v3
sub-resources and change what the edit form showed, in place."""

from __future__ import annotations

import pytest

from clover_desk.api.client import CloverClient
from clover_desk.services.common.activity import Activity
from clover_desk.services.customers.cards import CardsService
from clover_desk.services.customers.service import CustomerForm, CustomersService
from clover_desk.services.merchant.connect import CustomersAdapter, TokensAdapter

pytestmark = pytest.mark.asyncio


def service(client: CloverClient) -> CustomersService:
    activity = Activity()
    return CustomersService(
        CustomersAdapter(client), CardsService(TokensAdapter(client), activity), activity
    )


async def test_create_with_everything_in_one_customer(client: CloverClient) -> None:
    customers = service(client)
    detail = await customers.create(
        CustomerForm(
            first_name="Grace",
            last_name="Hopper",
            email="grace@example.com",
            phone="+1 415 555 0100",
            address1="1 Navy Way",
            city="Arlington",
            zip="22201",
        )
    )
    customer = detail.customer
    assert (customer.first_name, customer.last_name) == ("Grace", "Hopper")
    assert customer.emails == ["grace@example.com"]
    assert customer.phones == ["+1 415 555 0100"]
    assert customer.addresses is not None
    [address] = customer.addresses.elements
    assert (address.address1, address.city, address.zip, address.country) == (
        "1 Navy Way",
        "Arlington",
        "22201",
        "US",
    )
    assert address.state is None  # a blank field is not sent


async def test_edit_changes_in_place_and_blank_fields_keep_their_value(
    client: CloverClient,
) -> None:
    customers = service(client)
    created = await customers.create(
        CustomerForm(first_name="Grace", email="grace@example.com", phone="555-0100")
    )
    cid = created.customer.id
    assert created.customer.addresses is None or not created.customer.addresses.elements

    edited = await customers.edit(
        cid,
        CustomerForm(
            first_name="Grace",
            last_name="Hopper",
            email="admiral@example.com",
            phone="",
            address1="1 Navy Way",
            city="Arlington",
        ),
    )
    customer = edited.customer
    assert customer.last_name == "Hopper"
    assert customer.emails == ["admiral@example.com"]  # changed, not added beside the old
    assert customer.phones == ["555-0100"]  # left blank: kept
    assert customer.addresses is not None
    [address] = customer.addresses.elements

    again = await customers.edit(
        cid,
        CustomerForm(
            first_name="Grace",
            last_name="Hopper",
            email="admiral@example.com",
            phone="555-0199",
            address1="1 Navy Way",
            city="Washington",
            zip="20001",
        ),
    )
    assert again.customer.phones == ["555-0199"]
    assert again.customer.addresses is not None
    [moved] = again.customer.addresses.elements
    assert moved.id == address.id
    assert (moved.address1, moved.city, moved.zip) == ("1 Navy Way", "Washington", "20001")
    assert again.customer.emails == ["admiral@example.com"]
