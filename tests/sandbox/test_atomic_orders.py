"""Atomic orders: checkouts price a cart and record nothing; orders record it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_platform_support import atomic_order, make, make_item, make_tax, ok, v3

from clover_desk.sandbox import RunningSandbox


def checkout(api: httpx.Client, mid: str, cart: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        api.post(v3(mid, "/atomic_order/checkouts"), json={"orderCart": cart})
    )
    return result


def error_of(api: httpx.Client, mid: str, body: Any, path: str = "orders") -> dict[str, Any]:
    response = api.post(v3(mid, f"/atomic_order/{path}"), json=body)
    assert response.status_code == 400, response.text
    result: dict[str, Any] = response.json()
    assert set(result) == {"message", "details"}
    return result


def test_checkout_prices_the_cart_and_records_nothing(api: httpx.Client, mid: str) -> None:
    tax = make_tax(api, mid, 1_000_000)
    item = make_item(api, mid, "Burger", 1000)
    result = checkout(api, mid, {"lineItems": [{"item": {"id": item["id"]}}]})
    assert result["subtotal"] == 1000
    assert result["totalTaxAmount"] == 100
    assert result["total"] == 1100
    assert result["taxSummaries"]["elements"] == [
        {"id": tax["id"], "name": tax["name"], "rate": 1_000_000, "amount": 100}
    ]
    line = result["orderCart"]["lineItems"]["elements"][0]
    assert line["item"] == {"id": item["id"]}
    assert line["name"] == "Burger"
    assert line["taxRates"]["elements"][0]["id"] == tax["id"]
    assert "serviceChargeAmount" not in result
    assert ok(api.get(v3(mid, "/orders")))["elements"] == []


def test_atomic_order_records_an_open_order(api: httpx.Client, mid: str) -> None:
    make_tax(api, mid, 1_000_000)
    item = make_item(api, mid, "Burger", 1000)
    order = atomic_order(
        api,
        mid,
        {"lineItems": [{"item": {"id": item["id"]}}, {"name": "Fries", "price": 350}], "note": "n"},
    )
    assert order["state"] == "open"
    assert order["paymentState"] == "OPEN"
    assert order["total"] == 1485  # 1350 + 135 tax
    assert order["currency"] == "USD"
    assert order["note"] == "n"
    lines = order["lineItems"]["elements"]
    assert [li["name"] for li in lines] == ["Burger", "Fries"]
    assert all(li["orderRef"] == {"id": order["id"]} for li in lines)
    assert "item" not in lines[1]
    fetched = ok(api.get(v3(mid, f"/orders/{order['id']}")))
    assert fetched["total"] == 1485
    assert "lineItems" not in fetched
    assert [o["id"] for o in ok(api.get(v3(mid, "/orders")))["elements"]] == [order["id"]]


def test_tax_is_rounded_per_line(api: httpx.Client, mid: str) -> None:
    make_tax(api, mid, 1_000_000)
    cart = {"lineItems": [{"name": f"Cookie {n}", "price": 105} for n in range(3)]}
    result = checkout(api, mid, cart)
    assert result["subtotal"] == 315
    assert result["totalTaxAmount"] == 33  # 10.5 -> 11 per line, not round(31.5) = 32
    assert result["total"] == 348


def test_discounts_line_and_order_level(api: httpx.Client, mid: str) -> None:
    make_tax(api, mid, 1_000_000)
    inventory_discount = make(api, mid, "/discounts", name="Ten off", percentage=10)
    cart = {
        "lineItems": [
            {"name": "A", "price": 1000, "discounts": [{"name": "Coupon", "amount": -200}]},
            {"name": "B", "price": 1000, "discounts": [{"name": "Half", "percentage": 50}]},
        ],
        "discounts": [{"discount": {"id": inventory_discount["id"]}}],
    }
    result = checkout(api, mid, cart)
    # lines 800 + 500 = 1300; 10% order discount -130 -> 1170; tax 117 split per line
    assert result["subtotal"] == 1170
    assert result["totalTaxAmount"] == 117
    assert result["total"] == 1287
    order = atomic_order(api, mid, cart)
    assert order["total"] == 1287
    stored = order["discounts"]["elements"][0]
    assert stored["discount"] == {"id": inventory_discount["id"]}
    assert stored["percentage"] == 10
    assert order["lineItems"]["elements"][0]["discounts"]["elements"][0]["amount"] == -200


def test_modifiers_by_either_id_position_and_overrides(api: httpx.Client, mid: str) -> None:
    group = make(api, mid, "/modifier_groups", name="Extras")
    cheese = make(api, mid, f"/modifier_groups/{group['id']}/modifiers", name="Cheese", price=100)
    bacon = make(api, mid, f"/modifier_groups/{group['id']}/modifiers", name="Bacon", price=200)
    item = make_item(api, mid, "Burger", 1000, defaultTaxRates=False)
    cart = {
        "lineItems": [
            {
                "item": {"id": item["id"]},
                "modifications": [
                    {"modifier": {"id": cheese["id"]}},
                    {"id": bacon["id"]},
                    {"modifier": {"id": cheese["id"]}, "name": "Extra cheese", "amount": 150},
                    {"name": "ignored without a modifier id", "amount": 999},
                ],
            }
        ]
    }
    result = checkout(api, mid, cart)
    assert result["total"] == 1450
    order = atomic_order(api, mid, cart)
    mods = order["lineItems"]["elements"][0]["modifications"]["elements"]
    assert [(m["name"], m["amount"]) for m in mods] == [
        ("Cheese", 100),
        ("Bacon", 200),
        ("Extra cheese", 150),
    ]
    assert mods[1]["modifier"]["id"] == bacon["id"]
    assert order["lineItems"]["elements"][0]["priceWithModifiers"] == 1450


def test_service_charge_and_unit_quantities(api: httpx.Client, mid: str) -> None:
    make_tax(api, mid, 1_000_000)
    charge = ok(api.get(v3(mid, "/default_service_charge")))
    cart: dict[str, Any] = {
        "lineItems": [{"name": "Cheese", "price": 1000, "unitQty": 2500, "unitName": "lb"}],
        "serviceCharge": {"id": charge["id"]},
    }
    result = checkout(api, mid, cart)
    assert result["subtotal"] == 2500
    assert result["totalTaxAmount"] == 250
    assert result["serviceChargeAmount"] == 250  # default 10% of the pre-tax subtotal
    assert result["total"] == 3000
    cart["serviceCharge"]["percentageDecimal"] = 125000
    order = atomic_order(api, mid, cart)
    assert order["total"] == 2500 + 250 + 313
    assert order["serviceCharge"]["percentageDecimal"] == 125000
    assert order["lineItems"]["elements"][0]["unitQty"] == 2500


def test_tax_rate_selection(api: httpx.Client, mid: str) -> None:
    make_tax(api, mid, 1_000_000)
    special = make_tax(api, mid, 500_000, default=False)
    own = make_item(
        api, mid, "Own rates", 1000, defaultTaxRates=False, taxRates=[{"id": special["id"]}]
    )
    none = make_item(api, mid, "No tax", 1000, defaultTaxRates=False)
    assert checkout(api, mid, {"lineItems": [{"item": {"id": own["id"]}}]})["totalTaxAmount"] == 50
    assert checkout(api, mid, {"lineItems": [{"item": {"id": none["id"]}}]})["totalTaxAmount"] == 0
    override = {"name": "X", "price": 1000, "taxRates": [{"id": special["id"]}]}
    assert checkout(api, mid, {"lineItems": [override]})["totalTaxAmount"] == 50
    take_out = make(api, mid, "/order_types", label="Take out", taxable=False)
    untaxed = {"lineItems": [{"name": "Y", "price": 1000}], "orderType": {"id": take_out["id"]}}
    assert checkout(api, mid, untaxed)["totalTaxAmount"] == 0
    order = atomic_order(api, mid, untaxed)
    assert order["orderType"]["id"] == take_out["id"]


@pytest.mark.parametrize("path", ["orders", "checkouts"])
def test_documented_400s(api: httpx.Client, mid: str, path: str) -> None:
    assert error_of(
        api, mid, {"orderCart": {"lineItems": [{"item": {"id": "8NR072YTBZ52W"}}]}}, path
    ) == {
        "message": "item_does_not_exist",
        "details": "8NR072YTBZ52W",
    }
    bad_mod = {
        "lineItems": [
            {"name": "A", "price": 1, "modifications": [{"modifier": {"id": "NOSUCHMOD0000"}}]}
        ]
    }
    assert error_of(api, mid, {"orderCart": bad_mod}, path) == {
        "message": "invalid_modifier",
        "details": "NOSUCHMOD0000",
    }
    bad_charge = {
        "lineItems": [{"name": "A", "price": 1}],
        "serviceCharge": {"id": "NOSUCHCHARGE0"},
    }
    assert error_of(api, mid, {"orderCart": bad_charge}, path) == {
        "message": "service_charge_does_not_exist",
        "details": "NOSUCHCHARGE0",
    }
    assert (
        error_of(api, mid, {"orderCart": {"lineItems": []}}, path)["message"]
        == "cart_is_empty_or_missing"
    )
    assert error_of(api, mid, {}, path)["message"] == "cart_is_empty_or_missing"
    no_price = {"orderCart": {"lineItems": [{"name": "Ad hoc"}]}}
    assert error_of(api, mid, no_price, path)["message"] == "bad_request"
    for discount in (
        {"name": "Both", "amount": -1, "percentage": 5},
        {"name": "Up", "amount": 200},
        {"amount": -5},
    ):
        body = {"orderCart": {"lineItems": [{"name": "A", "price": 100}], "discounts": [discount]}}
        assert error_of(api, mid, body, path)["message"] == "invalid_discount_attribute"
    too_many = {"orderCart": {"lineItems": [{"name": "A", "price": 1}] * 3001}}
    assert error_of(api, mid, too_many, path)["message"] == "bad_request"
    assert ok(api.get(v3(mid, "/orders")))["elements"] == []


def test_three_thousand_line_items_are_allowed(api: httpx.Client, mid: str) -> None:
    order = atomic_order(api, mid, {"lineItems": [{"name": "A", "price": 1}] * 3000})
    assert order["total"] == 3000
    assert len(order["lineItems"]["elements"]) == 3000


def test_isolation(
    sandbox: RunningSandbox, api: httpx.Client, mid: str, other_merchant: dict[str, str]
) -> None:
    item = make_item(api, mid, "Mine", 100)
    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    ) as other:
        cart = {"orderCart": {"lineItems": [{"item": {"id": item["id"]}}]}}
        assert other.post(v3(mid, "/atomic_order/orders"), json=cart).status_code == 401
        own = v3(other_merchant["merchant_id"], "/atomic_order/orders")
        response = other.post(own, json=cart)
        assert response.status_code == 400
        assert response.json() == {"message": "item_does_not_exist", "details": item["id"]}


def test_recorded_order_is_payable_for_its_full_total(
    sandbox: RunningSandbox, api: httpx.Client, ecom: httpx.Client, mid: str
) -> None:
    make_tax(api, mid, 825_000)
    charge = ok(api.get(v3(mid, "/default_service_charge")))
    order = atomic_order(
        api,
        mid,
        {
            "lineItems": [{"name": "Steak", "price": 2899}, {"name": "Wine", "price": 1250}],
            "discounts": [{"name": "Happy hour", "amount": -300}],
            "serviceCharge": {"id": charge["id"]},
        },
    )
    # 4149 - 300 = 3849; the discount is shared 210/90, so the lines are taxed on 2689 and
    # 1160: 221.84 -> 222 and 95.7 -> 96; service charge 10% of 3849 -> 385
    assert order["total"] == 3849 + 318 + 385
    token = httpx.post(
        sandbox.base_url + "/v1/tokens",
        headers={"apikey": sandbox.info["pakms_key"]},
        json={
            "card": {
                "number": "4111111111111111",
                "exp_month": "12",
                "exp_year": "2030",
                "cvv": "123",
            }
        },
    )
    paid = ok(
        ecom.post(
            f"/v1/orders/{order['id']}/pay",
            json={"source": ok(token)["id"], "email": "diner@example.com"},
            headers={"x-forwarded-for": "203.0.113.9"},
        )
    )
    payment = ok(api.get(v3(mid, f"/payments/{paid['charge']}")))
    assert payment["amount"] == order["total"]
    assert ok(api.get(v3(mid, f"/orders/{order['id']}")))["paymentState"] == "PAID"
