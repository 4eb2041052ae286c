"""Wire models read every shape the reference allows and refuse the rest clearly."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from clover_desk.api.errors import ResponseFormatError
from clover_desk.api.models.common import ListEnvelope
from clover_desk.api.models.ecommerce import (
    CardBrand,
    Charge,
    ChargeStatus,
    Customer,
    Refund,
    RefundReason,
    RefundStatus,
)
from clover_desk.api.models.oauth import TokenPair
from clover_desk.api.models.platform import Export, ExportStatus, Order, PaymentState
from clover_desk.api.models.recurring import Interval, Plan, Subscription
from clover_desk.api.models.tokens import Token
from clover_desk.api.money import Money
from clover_desk.api.transport import decode

EP = "GET /test"


def dec(obj: object, type_: object) -> object:
    return decode(json.dumps(obj).encode(), type_, EP)


CHARGE = {
    "id": "CHG1",
    "object": "charge",
    "amount": 2099,
    "amount_refunded": 0,
    "currency": "usd",
    "created": 1700000000123,
    "captured": True,
    "paid": True,
    "status": "succeeded",
    "outcome": {"network_status": "approved_by_network", "type": "authorized"},
    "source": {"id": "clv_1TSTabc", "brand": "VISA", "first6": "424242", "last4": "4242"},
    "some_future_field": {"nested": [1, 2, 3]},
}


def test_charge_amounts_times_enums() -> None:
    charge = dec(CHARGE, Charge)
    assert isinstance(charge, Charge)
    assert charge.money == Money(2099, "USD")
    assert charge.currency == "USD"
    assert charge.created == datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)
    assert charge.created is not None
    assert charge.created.tzinfo is not None
    assert charge.status is ChargeStatus.SUCCEEDED
    assert not isinstance(charge.source, str)
    assert charge.source is not None
    assert charge.source.brand is CardBrand.VISA


def test_unknown_enum_values_become_unknown_and_case_is_ignored() -> None:
    charge = dec({**CHARGE, "status": "PENDING_REVIEW"}, Charge)
    assert isinstance(charge, Charge)
    assert charge.status is ChargeStatus.UNKNOWN
    charge = dec({**CHARGE, "status": "Succeeded", "currency": "UsD"}, Charge)
    assert isinstance(charge, Charge)
    assert charge.status is ChargeStatus.SUCCEEDED
    assert charge.currency == "USD"
    refund = dec(
        {"id": "R", "amount": 5, "charge": "C", "status": "reversed", "reason": "Duplicate"},
        Refund,
    )
    assert isinstance(refund, Refund)
    assert refund.status is RefundStatus.UNKNOWN
    assert refund.reason is RefundReason.DUPLICATE
    assert dec({"id": "R", "amount": 5, "status": "cancelled"}, Refund).status is (  # type: ignore[attr-defined]
        RefundStatus.CANCELED
    )
    assert CardBrand("mastercard") is CardBrand.MC


@pytest.mark.parametrize("key", ["data", "elements"])
def test_v1_list_envelope_in_either_spelling(key: str) -> None:
    envelope = dec(
        {"object": "list", "has_more": True, key: [CHARGE, CHARGE]}, ListEnvelope[Charge]
    )
    assert isinstance(envelope, ListEnvelope)
    assert [c.id for c in envelope.items] == ["CHG1", "CHG1"]
    assert envelope.has_more is True


def test_malformed_and_unexpected_bodies_name_the_field() -> None:
    with pytest.raises(ResponseFormatError) as info:
        dec({**CHARGE, "amount": "20.99"}, Charge)
    assert info.value.field == "$.amount"
    assert info.value.endpoint == EP
    with pytest.raises(ResponseFormatError) as info:
        dec({**CHARGE, "amount": 20.99}, Charge)  # floats are never money
    assert info.value.field == "$.amount"
    with pytest.raises(ResponseFormatError) as info:
        dec({"data": [CHARGE, {**CHARGE, "created": "yesterday"}]}, ListEnvelope[Charge])
    assert info.value.field == "$.data[1].created"
    with pytest.raises(ResponseFormatError) as info:
        dec({k: v for k, v in CHARGE.items() if k != "id"}, Charge)
    assert info.value.field == "$"
    assert "id" in str(info.value)
    with pytest.raises(ResponseFormatError) as info:
        decode(b'{"id": "CHG1", "amount": 1', Charge, EP)
    assert info.value.field == "$"
    with pytest.raises(ResponseFormatError):
        dec([CHARGE], Charge)
    with pytest.raises(ResponseFormatError) as info:
        dec({**CHARGE, "currency": None}, Charge)
    assert info.value.field == "$.currency"


def test_v3_times_as_numbers_or_numeric_strings() -> None:
    export = dec(
        {
            "id": "E",
            "type": "ORDERS",
            "status": "DONE",
            "startTime": "1704067200000",
            "endTime": 1706745599000,
            "exportUrls": {"elements": [{"url": "http://x/1", "export": {"id": "E"}}]},
        },
        Export,
    )
    assert isinstance(export, Export)
    assert export.start_time == datetime(2024, 1, 1, tzinfo=UTC)
    assert export.end_time is not None
    assert export.end_time.year == 2024
    assert export.status is ExportStatus.DONE
    assert export.urls == ["http://x/1"]


@pytest.mark.parametrize(
    "millis",
    [0, 1, 999, 1_700_000_000_123, 1_700_000_000_999, -1, -86_400_001, 253_402_300_799_999],
)
def test_epoch_millis_are_exact_each_time(millis: int) -> None:
    expected = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)
    # twice: the second reading of a value is the remembered one
    for _ in range(2):
        export = dec({"id": "E", "startTime": millis}, Export)
        assert isinstance(export, Export)
        assert export.start_time == expected
        assert export.start_time is not None
        assert export.start_time.utcoffset() == timedelta(0)


def test_epoch_millis_beyond_year_9999_name_the_field() -> None:
    with pytest.raises(ResponseFormatError) as info:
        dec({"id": "E", "startTime": 253_402_300_800_000}, Export)
    assert info.value.field == "$.startTime"


def test_v3_order_nested_collections_and_unknown_state() -> None:
    order = dec(
        {
            "id": "O",
            "currency": "USD",
            "total": 1500,
            "paymentState": "SOMETHING_NEW",
            "lineItems": {"elements": [{"id": "L1", "price": 1500, "orderRef": {"id": "O"}}]},
            "refunds": {"elements": [{"id": "R1", "amount": 100, "orderRef": {"id": "O"}}]},
            "createdTime": 1700000000000,
        },
        Order,
    )
    assert isinstance(order, Order)
    assert order.payment_state is PaymentState.UNKNOWN
    assert order.money == Money(1500, "USD")
    assert order.line_items is not None
    assert order.line_items.elements[0].price == 1500
    assert order.refunds is not None
    assert order.refunds.elements[0].amount == 100


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-09-19T10:02:59.476+0000", datetime(2023, 9, 19, 10, 2, 59, 476000, tzinfo=UTC)),
        ("2021-12-03@22:04:15.896+0000", datetime(2021, 12, 3, 22, 4, 15, 896000, tzinfo=UTC)),
        (
            "2021-12-24T12:08:56.235-0700",
            datetime(2021, 12, 24, 12, 8, 56, 235000, tzinfo=timezone(timedelta(hours=-7))),
        ),
        ("2023-09-07", datetime(2023, 9, 7, tzinfo=UTC)),
        ("20230907", datetime(2023, 9, 7, tzinfo=UTC)),
        (1695117779476, datetime(2023, 9, 19, 10, 2, 59, 476000, tzinfo=UTC)),
    ],
)
def test_recurring_time_formats(text: object, expected: datetime) -> None:
    plan = dec({"id": "P", "interval": "month", "createdTime": text}, Plan)
    assert isinstance(plan, Plan)
    assert plan.created_time == expected
    assert plan.interval is Interval.MONTH


def test_subscription_customer_under_either_name() -> None:
    a = dec({"id": "S", "customerUuid": "C1"}, Subscription)
    b = dec({"id": "S", "customerId": "C2"}, Subscription)
    assert isinstance(a, Subscription)
    assert isinstance(b, Subscription)
    assert (a.customer, b.customer) == ("C1", "C2")


def test_tokens_gift_card_spellings_and_no_secret_in_repr() -> None:
    camel = dec({"id": "clv_1TSTsecret", "object": "token", "giftCard": {"last4": "2100"}}, Token)
    snake = dec({"id": "clv_1TSTsecret", "gift_card": {"last4": "2100"}}, Token)
    assert isinstance(camel, Token)
    assert isinstance(snake, Token)
    assert camel.gift_card is not None
    assert camel.gift_card.last4 == "2100"
    assert snake.gift_card is not None
    assert snake.gift_card.last4 == "2100"
    assert "clv_1TSTsecret" not in repr(camel)


def test_oauth_expirations_are_seconds() -> None:
    pair = dec(
        {
            "access_token": "a",
            "refresh_token": "r",
            "access_token_expiration": 1709498373,
            "refresh_token_expiration": 1741034373,
        },
        TokenPair,
    )
    assert isinstance(pair, TokenPair)
    assert pair.access_token_expiration == datetime.fromtimestamp(1709498373, UTC)


def test_customer_sources_and_gift_card_dates() -> None:
    customer = dec(
        {
            "id": "CUS",
            "currency": "usd",
            "sources": {"object": "list", "data": ["SRC1", {"id": "SRC2", "last4": "4242"}]},
        },
        Customer,
    )
    assert isinstance(customer, Customer)
    assert customer.source_ids == ["SRC1", "SRC2"]
    charge = dec(
        {**CHARGE, "gift_card": {"expiration_date": "2025-01-01", "new_balance": 0}}, Charge
    )
    assert isinstance(charge, Charge)
    assert charge.gift_card is not None
    assert charge.gift_card.expiration_date == date(2025, 1, 1)


def test_gift_card_number_and_promo_code_under_either_reading() -> None:
    from clover_desk.api.models.gift_cards import GiftCardResult

    as_text = dec(
        {
            "id": "GC1",
            "status": "succeeded",
            "gift_card": {"new_balance": 2500, "number": "7777320000001234"},
        },
        GiftCardResult,
    )
    as_number = dec(
        {"id": "GC2", "gift_card": {"number": 7777320000005678, "promo_code": "SPRING"}},
        GiftCardResult,
    )
    virtual_name = dec({"id": "GC3", "gift_card": {"virtual_promo_code": "FALL"}}, GiftCardResult)
    assert isinstance(as_text, GiftCardResult)
    assert isinstance(as_number, GiftCardResult)
    assert isinstance(virtual_name, GiftCardResult)
    assert as_text.gift_card is not None
    assert as_text.gift_card.card_number == "7777320000001234"
    assert as_text.gift_card.promo is None
    assert as_number.gift_card is not None
    assert as_number.gift_card.card_number == "7777320000005678"
    assert as_number.gift_card.promo == "SPRING"
    assert virtual_name.gift_card is not None
    assert virtual_name.gift_card.card_number is None
    assert virtual_name.gift_card.promo == "FALL"


def test_money_is_integer_minor_units() -> None:
    assert Money(2099, "usd").currency == "USD"
    assert str(Money(-250, "USD")) == "-2.50 USD"
    assert Money(100, "USD") + Money(5, "usd") == Money(105, "USD")
    with pytest.raises(TypeError):
        Money(20.99, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="currency"):
        Money(1, "dollars")
    with pytest.raises(ValueError, match="mismatch"):
        Money(1, "USD") + Money(1, "CAD")
