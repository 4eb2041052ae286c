"""Ecommerce, tokens and gift cards against the training sandbox: every method, declines,
over-refunds and the errors Clover documents."""

from __future__ import annotations

import pytest

from clover_desk.api import CardDeclined, CloverClient, InvalidRequest, Money, NotFound
from clover_desk.api.ecommerce import NewOrderItem, ReturnItem
from clover_desk.api.models.ecommerce import (
    CardBrand,
    ChargeStatus,
    OrderStatus,
    RefundReason,
    RefundStatus,
)
from clover_desk.api.tokens import CardDetails

pytestmark = pytest.mark.asyncio

VISA = "4242 4242 4242 4242"
DECLINED_VISA = "4005 5717 0222 2222"
GIFT_CARD = "7777321234567890"


async def card_token(client: CloverClient, number: str = VISA) -> str:
    token = await client.tokens.create_card_token(CardDetails(number, "12", "2031", "123"))
    assert token.id.startswith("clv_")
    return token.id


async def test_pakms_key_and_tokens(client: CloverClient) -> None:
    key = await client.tokens.get_pakms_key()
    assert key.api_access_key
    assert key.active is True
    token = await client.tokens.create_card_token(
        CardDetails("5204-2452-5000-3294", "01", "2032", "999", address_zip="94105")
    )
    assert token.card is not None
    assert token.card.brand is CardBrand.MC
    assert token.card.last4 == "3294"
    gift = await client.tokens.create_gift_card_token(GIFT_CARD)
    assert gift.id.startswith("clv_")


async def test_ach_token(client: CloverClient) -> None:
    from clover_desk.api.tokens import AchDetails

    token = await client.tokens.create_ach_token(
        AchDetails(
            bank_account_number="1234567890",
            bank_routing_number="011000015",
            account_type="Checking",
            check_type="personal_check",
            customer_id_type="driver_license",
            customer_id_state="CA",
            customer_id="D1234567",
            email="ach@example.com",
            phone="4155550100",
            address_line1="1 Main St",
            address_city="San Francisco",
            address_state="CA",
            address_zip="94105",
            agreement="2c74dcc0-61ad-4f08-8764-a29aeb98f4a4",
            first_name="Ada",
            last_name="Lovelace",
        )
    )
    assert token.id.startswith("clv_")


async def test_charge_get_list_and_refunds(client: CloverClient) -> None:
    ecommerce = client.ecommerce
    charge = await ecommerce.create_charge(
        Money(2099, "USD"), await card_token(client), description="two coffees"
    )
    assert charge.status is ChargeStatus.SUCCEEDED
    assert charge.money == Money(2099, "USD")
    assert charge.captured is True
    assert charge.idempotency_key
    assert charge.created is not None
    assert charge.created.tzinfo is not None

    fetched = await ecommerce.get_charge(charge.id)
    assert fetched.id == charge.id
    assert fetched.amount == 2099
    assert charge.id in [c.id async for c in ecommerce.list_charges()]

    partial = await ecommerce.create_refund(
        charge.id, amount=500, reason=RefundReason.REQUESTED_BY_CUSTOMER
    )
    assert partial.amount == 500
    assert partial.status is RefundStatus.SUCCEEDED
    assert partial.reason is RefundReason.REQUESTED_BY_CUSTOMER
    assert (await ecommerce.get_charge(charge.id)).refundable == Money(1599, "USD")

    with pytest.raises(InvalidRequest) as over:
        await ecommerce.create_refund(charge.id, amount=5000)
    assert over.value.status == 400
    assert over.value.param == "amount"

    rest = await ecommerce.create_refund(charge.id, reason=RefundReason.DUPLICATE)
    assert rest.amount == 1599
    assert (await ecommerce.get_refund(rest.id)).charge == charge.id
    refunds = await ecommerce.list_refunds(charge=charge.id).collect()
    assert {r.id for r in refunds} == {partial.id, rest.id}
    with pytest.raises(InvalidRequest) as again:
        await ecommerce.create_refund(charge.id)
    assert again.value.code == "charge_already_refunded"


async def test_decline_carries_the_decline_code(client: CloverClient) -> None:
    with pytest.raises(CardDeclined) as info:
        await client.ecommerce.create_charge(
            Money(1500, "USD"), await card_token(client, DECLINED_VISA)
        )
    assert info.value.status == 400
    assert info.value.code == "card_declined"
    assert info.value.decline_code
    assert info.value.charge_id


async def test_auth_capture_and_single_use_tokens(client: CloverClient) -> None:
    ecommerce = client.ecommerce
    token = await card_token(client)
    auth = await ecommerce.create_charge(Money(5000, "USD"), token, capture=False)
    assert auth.captured is False
    captured = await ecommerce.capture_charge(auth.id, amount=4000)
    assert captured.captured is True
    with pytest.raises(InvalidRequest) as twice:
        await ecommerce.capture_charge(auth.id)
    assert twice.value.code == "charge_already_captured"
    with pytest.raises(InvalidRequest) as reused:
        await ecommerce.create_charge(Money(100, "USD"), token)
    assert reused.value.code == "token_already_used"
    with pytest.raises(NotFound):
        await ecommerce.get_charge("NOSUCHCHARGE1")


async def test_orders_pay_and_return(client: CloverClient) -> None:
    ecommerce = client.ecommerce
    order = await ecommerce.create_order(
        "USD",
        [
            NewOrderItem(amount=1000, currency="USD", description="Mug", quantity=1),
            NewOrderItem(amount=400, currency="USD", description="Tea", quantity=1),
        ],
        email="shopper@example.com",
    )
    assert order.status is OrderStatus.CREATED
    assert (await ecommerce.get_order(order.id)).id == order.id
    assert order.id in [o.id async for o in ecommerce.list_orders()]

    paid = await ecommerce.pay_order(order.id, source=await card_token(client))
    assert paid.status is OrderStatus.PAID
    assert paid.amount_paid == paid.amount
    assert paid.charge
    assert paid.idempotency_key

    returned = await ecommerce.return_order(order.id)
    assert returned.status is OrderStatus.RETURNED


async def test_partial_return_by_item(client: CloverClient) -> None:
    ecommerce = client.ecommerce
    order = await ecommerce.create_order(
        "usd",
        [
            NewOrderItem(amount=1000, currency="usd", description="Mug", quantity=1),
            NewOrderItem(amount=400, currency="usd", description="Tea", quantity=1),
        ],
        email="shopper@example.com",
    )
    await ecommerce.pay_order(order.id, source=await card_token(client))
    # The v1 order is also a v3 order; its line items carry the ids a return names.
    lines = await client.platform.list_line_items(order.id).collect()
    mug = next(line for line in lines if line.name == "Mug")
    returned = await ecommerce.return_order(
        order.id, items=[ReturnItem(parent=mug.id, amount=1000, description="Mug")]
    )
    assert returned.amount_returned == 1000


async def test_customers_card_on_file(client: CloverClient) -> None:
    ecommerce = client.ecommerce
    customer = await ecommerce.create_customer(
        "cof@example.com", await card_token(client), first_name="Cora", last_name="File"
    )
    assert customer.source_ids
    charge = await ecommerce.create_charge(Money(700, "USD"), customer.id)
    assert charge.status is ChargeStatus.SUCCEEDED
    updated = await ecommerce.update_customer(customer.id, email="cora@example.com")
    assert updated.email == "cora@example.com"
    revoked = await ecommerce.revoke_source(customer.id, customer.source_ids[0])
    assert revoked.deleted is True


async def test_gift_cards(client: CloverClient) -> None:
    cards = client.gift_cards

    async def gift_token() -> str:
        return (await client.tokens.create_gift_card_token(GIFT_CARD)).id

    activated = await cards.activate(await gift_token(), Money(5000, "USD"))
    assert activated.status is ChargeStatus.SUCCEEDED
    assert activated.idempotency_key
    balance = await cards.balance(await gift_token())
    assert balance.gift_card is not None
    assert balance.gift_card.new_balance == 5000
    reload = await cards.reload(await gift_token(), Money(1000, "USD"))
    assert reload.amount == 1000

    redeemed = await cards.redeem(await gift_token(), Money(700, "USD"))
    assert redeemed.gift_card is not None
    assert redeemed.gift_card.new_balance == 5300
    lock = await cards.redeem(await gift_token(), Money(500, "USD"), capture=False)
    assert lock.captured is False
    assert (await cards.capture_lock(lock.id, 300)).captured is True
    other_lock = await cards.redeem(await gift_token(), Money(200, "USD"), capture=False)
    await cards.unlock(other_lock.id)

    refund = await cards.refund(redeemed.id)
    assert refund.amount == 700
    void = await cards.void_refund(refund.id)
    assert void.status is RefundStatus.SUCCEEDED
    cashed = await cards.cashout(await gift_token())
    assert cashed.gift_card is not None
    assert cashed.gift_card.new_balance == 0


async def test_virtual_gift_card_activation(client: CloverClient) -> None:
    cards = client.gift_cards
    activated = await cards.activate_virtual("SPRING24", Money(2500, "USD"))
    assert activated.status is ChargeStatus.SUCCEEDED
    assert activated.idempotency_key
    assert activated.gift_card is not None
    assert activated.gift_card.new_balance == 2500
    number = activated.gift_card.card_number
    assert number is not None
    assert number.isdigit()
    assert 12 <= len(number) <= 19
    # The new number is a card like any other: tokenize it and it has the value on it.
    token = await client.tokens.create_gift_card_token(number)
    balance = await cards.balance(token.id)
    assert balance.gift_card is not None
    assert balance.gift_card.new_balance == 2500
    assert balance.gift_card.card_number is None  # only a new virtual card's answer has it

    # One key per operation: the same key is the same card, a new key a new card.
    again = await cards.activate_virtual(
        "SPRING24", Money(2500, "USD"), idempotency_key=activated.idempotency_key
    )
    assert again.id == activated.id
    assert again.gift_card is not None
    assert again.gift_card.card_number == number
    other = await cards.activate_virtual("SPRING24", Money(2500, "USD"))
    assert other.gift_card is not None
    assert other.gift_card.card_number not in (None, number)
    with pytest.raises(ValueError, match="promo code"):
        await cards.activate_virtual("", Money(2500, "USD"))


async def test_refund_cancel_is_for_gift_cards(client: CloverClient) -> None:
    charge = await client.ecommerce.create_charge(Money(900, "USD"), await card_token(client))
    refund = await client.ecommerce.create_refund(charge.id, amount=100)
    with pytest.raises(InvalidRequest):
        await client.ecommerce.cancel_refund(refund.id)
