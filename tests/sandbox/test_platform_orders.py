"""v3 orders: lists, custom orders, line items, discounts, service charge, tender payments."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_platform_support import all_pages, atomic_order, make, make_item, ok, simple_orders, v3

from clover_desk.sandbox import RunningSandbox

DAY_MS = 86_400_000

EXPECTED_FILTER_FIELDS = {
    "createdTime",
    "modifiedTime",
    "clientCreatedTime",
    "id",
    "state",
    "total",
    "title",
    "note",
    "externalReferenceId",
    "employee.id",
    "employee.name",
    "device.id",
    "orderType",
    "orderType.id",
    "payType",
    "testMode",
    "manualTransaction",
    "deletedTime",
    "touched",
    "cardTransaction.last4",
}


def ids_of(response: httpx.Response) -> list[str]:
    return [o["id"] for o in ok(response)["elements"]]


def test_custom_order_without_state_is_hidden_until_opened(api: httpx.Client, mid: str) -> None:
    order = ok(api.post(v3(mid, "/orders"), json={}))
    for absent in ("state", "total", "employee", "paymentState", "lineItems", "note"):
        assert absent not in order
    assert order["currency"] == "USD"
    assert order["href"].endswith(v3(mid, f"/orders/{order['id']}"))
    assert ok(api.get(v3(mid, "/orders")))["elements"] == []
    assert ok(api.get(v3(mid, f"/orders/{order['id']}")))["id"] == order["id"]
    opened = ok(api.post(v3(mid, f"/orders/{order['id']}"), json={"state": "open"}))
    assert opened["state"] == "open"
    assert ids_of(api.get(v3(mid, "/orders"))) == [order["id"]]


def test_create_and_update_writable_fields(api: httpx.Client, mid: str) -> None:
    order_type = make(api, mid, "/order_types", label="Dine in")
    order = ok(
        api.post(
            v3(mid, "/orders"),
            json={
                "state": "open",
                "title": "Table 4",
                "note": "window",
                "total": 2500,
                "testMode": True,
                "manualTransaction": False,
                "groupLineItems": True,
                "taxRemoved": False,
                "orderType": {"id": order_type["id"]},
                "externalReferenceId": "EXT-1",
                "payType": "FULL",
            },
        )
    )
    assert order["title"] == "Table 4"
    assert order["total"] == 2500
    assert order["testMode"] is True
    assert order["orderType"] == {"id": order_type["id"]}
    assert order["payType"] == "FULL"
    url = v3(mid, f"/orders/{order['id']}")
    updated = ok(api.post(url, json={"total": 2600, "note": "moved", "state": "locked"}))
    assert updated["total"] == 2600
    assert updated["note"] == "moved"
    assert updated["state"] == "locked"
    assert updated["title"] == "Table 4"
    assert updated["modifiedTime"] >= order["modifiedTime"]
    expanded = ok(api.get(url, params={"expand": "orderType"}))
    assert expanded["orderType"]["label"] == "Dine in"


@pytest.mark.parametrize(
    "body",
    [
        {"total": "25.00"},
        {"paymentState": "SORT_OF_PAID"},
        {"payType": "HALVES"},
        {"orderType": {"id": "NOSUCHTYPE000"}},
        {"customers": [{"id": "NOSUCHCUSTOM0"}]},
        {"testMode": "yes"},
    ],
)
def test_order_validation(api: httpx.Client, mid: str, body: dict[str, Any]) -> None:
    response = api.post(v3(mid, "/orders"), json=body)
    assert response.status_code == 400
    assert "message" in response.json()


def test_delete_order(api: httpx.Client, mid: str) -> None:
    [order_id] = simple_orders(api, mid, 1)
    url = v3(mid, f"/orders/{order_id}")
    response = api.delete(url)
    assert response.status_code == 200
    assert response.json() == {}
    missing = api.get(url)
    assert missing.status_code == 404
    assert missing.json() == {"message": "Not Found", "details": "Order not found"}
    assert ok(api.get(v3(mid, "/orders")))["elements"] == []
    assert ids_of(api.get(v3(mid, "/orders"), params={"filter": "deletedTime>0"})) == [order_id]
    assert api.delete(url).status_code == 404


def test_paging_across_page_boundaries_newest_first(api: httpx.Client, mid: str) -> None:
    created = simple_orders(api, mid, 7)
    listed = all_pages(api, v3(mid, "/orders/"), limit=3)
    assert [o["id"] for o in listed] == list(reversed(created))
    page = ok(api.get(v3(mid, "/orders"), params={"limit": 3, "offset": 6}))
    assert [o["id"] for o in page["elements"]] == [created[0]]
    assert "offset=6" in page["href"]
    assert api.get(v3(mid, "/orders"), params={"limit": "many"}).status_code == 400


def test_filters_are_anded_and_advertised(api: httpx.Client, mid: str) -> None:
    a = ok(api.post(v3(mid, "/orders"), json={"state": "open", "total": 500, "note": "x"}))
    b = ok(api.post(v3(mid, "/orders"), json={"state": "open", "total": 1500, "note": "x"}))
    c = ok(api.post(v3(mid, "/orders"), json={"state": "locked", "total": 2500, "note": "y"}))
    response = api.get(v3(mid, "/orders"), params=[("filter", "total>=1000"), ("filter", "note=x")])
    assert ids_of(response) == [b["id"]]
    assert (
        set(response.headers["X-Clover-Allowed-Filter-Fields"].split(", "))
        == EXPECTED_FILTER_FIELDS
    )
    assert ids_of(api.get(v3(mid, "/orders"), params={"filter": "state!=open"})) == [c["id"]]
    assert ids_of(api.get(v3(mid, "/orders"), params={"filter": "total<1000"})) == [a["id"]]
    assert ids_of(api.get(v3(mid, "/orders"), params={"filter": "touched=false", "limit": 10})) == [
        c["id"],
        b["id"],
        a["id"],
    ]
    bad = api.get(v3(mid, "/orders"), params={"filter": "colour=red"})
    assert bad.status_code == 400
    assert "colour" in bad.json()["message"]
    assert api.get(v3(mid, "/orders"), params={"filter": "total>lots"}).status_code == 400


def test_some_filters_limit_results_to_the_last_90_days(
    api: httpx.Client, mid: str, admin: httpx.Client
) -> None:
    [old] = simple_orders(api, mid, 1)
    ok(admin.post("clock", json={"advance_ms": 91 * DAY_MS}))
    [new] = simple_orders(api, mid, 1)
    assert ids_of(api.get(v3(mid, "/orders"))) == [new, old]
    assert ids_of(api.get(v3(mid, "/orders"), params={"filter": "modifiedTime>0"})) == [new, old]
    assert ids_of(api.get(v3(mid, "/orders"), params={"filter": "total>0"})) == [new]
    assert ids_of(api.get(v3(mid, "/orders"), params={"filter": "createdTime>0"})) == [new]


def test_expansions(api: httpx.Client, mid: str) -> None:
    order = atomic_order(
        api,
        mid,
        {
            "lineItems": [{"name": "A", "price": 100, "discounts": [{"name": "D", "amount": -10}]}],
            "discounts": [{"name": "Order", "percentage": 10}],
        },
    )
    url = v3(mid, f"/orders/{order['id']}")
    plain = ok(api.get(url))
    for name in ("lineItems", "payments", "refunds", "discounts", "customers"):
        assert name not in plain
    full = ok(api.get(url, params={"expand": "lineItems,payments,refunds"}))
    assert len(full["lineItems"]["elements"]) == 1
    assert "discounts" not in full["lineItems"]["elements"][0]
    assert full["payments"] == {"elements": []}
    assert full["refunds"] == {"elements": []}
    nested = ok(api.get(url, params=[("expand", "lineItems.discounts"), ("expand", "discounts")]))
    assert nested["lineItems"]["elements"][0]["discounts"]["elements"][0]["amount"] == -10
    assert nested["discounts"]["elements"][0]["percentage"] == 10
    four = api.get(url, params={"expand": "lineItems,payments,refunds,discounts"})
    assert four.status_code == 400
    assert api.get(v3(mid, "/orders"), params={"expand": "a,b,c,d"}).status_code == 400
    assert api.get(url, params={"expand": "spaceship"}).status_code == 400
    listed = ok(api.get(v3(mid, "/orders"), params={"expand": "lineItems"}))["elements"][0]
    assert listed["lineItems"]["elements"][0]["name"] == "A"


def test_line_items(api: httpx.Client, mid: str) -> None:
    item = make_item(api, mid, "Soup", 600)
    order = ok(api.post(v3(mid, "/orders"), json={"state": "open"}))
    base = v3(mid, f"/orders/{order['id']}/line_items")
    first = ok(api.post(base, json={"item": {"id": item["id"]}}))
    assert first["name"] == "Soup"
    assert first["price"] == 600
    assert first["item"] == {"id": item["id"]}
    assert first["orderRef"] == {"id": order["id"]}
    ad_hoc = ok(api.post(base, json={"name": "Bread", "price": 150, "note": "warm"}))
    bulk = ok(
        api.post(
            v3(mid, f"/orders/{order['id']}/bulk_line_items"),
            json={"items": [{"name": f"B{n}", "price": n} for n in range(5)]},
        )
    )
    assert [li["name"] for li in bulk["elements"]] == [f"B{n}" for n in range(5)]
    listed = all_pages(api, base + "/", limit=3)
    assert [li["id"] for li in listed[:2]] == [first["id"], ad_hoc["id"]]
    assert len(listed) == 7
    one = v3(mid, f"/orders/{order['id']}/line_items/{ad_hoc['id']}")
    assert ok(api.get(one))["note"] == "warm"
    assert ok(api.post(one, json={"price": 175}))["price"] == 175
    assert ok(api.delete(one)) == {}
    assert api.get(one).status_code == 404
    unknown = api.post(base, json={"item": {"id": "NOSUCHITEM000"}})
    assert unknown.status_code == 400
    assert unknown.json() == {"message": "item_does_not_exist", "details": "NOSUCHITEM000"}
    assert api.post(base, json={"name": "No price"}).status_code == 400
    assert ok(api.delete(base)) == {}
    assert ok(api.get(base))["elements"] == []
    assert api.get(v3(mid, "/orders/NOSUCHORDER00/line_items")).status_code == 404


def test_totals_of_custom_orders_are_not_recalculated(api: httpx.Client, mid: str) -> None:
    order = ok(api.post(v3(mid, "/orders"), json={"state": "open", "total": 100}))
    ok(api.post(v3(mid, f"/orders/{order['id']}/line_items"), json={"name": "X", "price": 900}))
    assert ok(api.get(v3(mid, f"/orders/{order['id']}")))["total"] == 100


def test_line_discounts_and_modifications(api: httpx.Client, mid: str) -> None:
    group = make(api, mid, "/modifier_groups", name="Size")
    large = make(api, mid, f"/modifier_groups/{group['id']}/modifiers", name="Large", price=100)
    order = ok(api.post(v3(mid, "/orders"), json={"state": "open"}))
    line = ok(
        api.post(v3(mid, f"/orders/{order['id']}/line_items"), json={"name": "Tea", "price": 300})
    )
    base = v3(mid, f"/orders/{order['id']}/line_items/{line['id']}")
    discount = ok(api.post(base + "/discounts", json={"name": "Staff", "percentage": 50}))
    assert discount["percentage"] == 50
    modification = ok(api.post(base + "/modifications", json={"modifier": {"id": large["id"]}}))
    assert modification["amount"] == 100
    fetched = ok(api.get(base, params={"expand": "discounts,modifications"}))
    assert fetched["discounts"]["elements"][0]["id"] == discount["id"]
    assert fetched["modifications"]["elements"][0]["name"] == "Large"
    assert fetched["priceWithModifiers"] == 400
    bad_mod = api.post(base + "/modifications", json={"modifier": {"id": "NOSUCHMOD0000"}})
    assert bad_mod.json() == {"message": "invalid_modifier", "details": "NOSUCHMOD0000"}
    bad_discount = api.post(base + "/discounts", json={"name": "Nothing"})
    assert bad_discount.status_code == 400
    assert ok(api.delete(base + f"/discounts/{discount['id']}")) == {}
    assert ok(api.delete(base + f"/modifications/{modification['id']}")) == {}
    assert api.delete(base + f"/modifications/{modification['id']}").status_code == 404
    after = ok(api.get(base, params={"expand": "discounts,modifications"}))
    assert after["discounts"] == {"elements": []}
    assert after["modifications"] == {"elements": []}


def test_order_discounts_and_service_charge(api: httpx.Client, mid: str) -> None:
    order = ok(api.post(v3(mid, "/orders"), json={"state": "open"}))
    base = v3(mid, f"/orders/{order['id']}")
    discount = ok(api.post(base + "/discounts", json={"name": "Promo", "amount": -250}))
    assert discount["amount"] == -250
    assert [d["id"] for d in ok(api.get(base + "/discounts"))["elements"]] == [discount["id"]]
    assert api.post(base + "/discounts", json={"name": "Up", "amount": 250}).status_code == 400
    assert ok(api.delete(base + f"/discounts/{discount['id']}")) == {}
    assert ok(api.get(base + "/discounts"))["elements"] == []
    charge_id = ok(api.get(v3(mid, "/default_service_charge")))["id"]
    charge = ok(api.post(base + "/service_charge", json={"id": charge_id}))
    assert charge["percentageDecimal"] == 100000
    assert ok(api.get(base, params={"expand": "serviceCharge"}))["serviceCharge"]["id"] == charge_id
    assert ok(api.delete(base + f"/service_charge/{charge_id}")) == {}
    assert "serviceCharge" not in ok(api.get(base, params={"expand": "serviceCharge"}))
    bad = api.post(base + "/service_charge", json={"id": "NOSUCHCHARGE0"})
    assert bad.json() == {"message": "service_charge_does_not_exist", "details": "NOSUCHCHARGE0"}


def test_external_tender_payment(api: httpx.Client, mid: str) -> None:
    order = atomic_order(api, mid, {"lineItems": [{"name": "A", "price": 1000}]})
    tenders = {t["labelKey"]: t["id"] for t in ok(api.get(v3(mid, "/tenders")))["elements"]}
    cash = tenders["com.clover.tender.cash"]
    url = v3(mid, f"/orders/{order['id']}/payments")
    part = ok(api.post(url, json={"amount": 400, "tender": {"id": cash}}))
    assert part["amount"] == 400
    assert part["result"] == "SUCCESS"
    assert part["order"] == {"id": order["id"]}
    assert part["tender"]["labelKey"] == "com.clover.tender.cash"
    assert "cardTransaction" not in part
    assert ok(api.get(v3(mid, f"/orders/{order['id']}")))["paymentState"] == "PARTIALLY_PAID"
    key = {"idempotency-key": "pay-rest-1"}
    rest = ok(api.post(url, json={"amount": 600, "tender": {"id": cash}}, headers=key))
    again = ok(api.post(url, json={"amount": 600, "tender": {"id": cash}}, headers=key))
    assert again["id"] == rest["id"]
    assert ok(api.get(v3(mid, f"/orders/{order['id']}")))["paymentState"] == "PAID"
    listed = ok(api.get(url))["elements"]
    assert {p["id"] for p in listed} == {part["id"], rest["id"]}
    expanded = ok(api.get(v3(mid, f"/orders/{order['id']}"), params={"expand": "payments"}))
    assert len(expanded["payments"]["elements"]) == 2
    for body in (
        {"amount": 0, "tender": {"id": cash}},
        {"amount": -5, "tender": {"id": cash}},
        {"amount": 100},
        {"amount": 100, "tender": {"id": "NOSUCHTENDER0"}},
        {"amount": "100", "tender": {"id": cash}},
    ):
        response = api.post(url, json=body)
        assert response.status_code == 400, body
        assert "message" in response.json()
    missing = api.post(
        v3(mid, "/orders/NOSUCHORDER00/payments"), json={"amount": 1, "tender": {"id": cash}}
    )
    assert missing.status_code == 404


def test_isolation(
    sandbox: RunningSandbox, api: httpx.Client, mid: str, other_merchant: dict[str, str]
) -> None:
    [order_id] = simple_orders(api, mid, 1)
    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    ) as other:
        for path in ("/orders", f"/orders/{order_id}", f"/orders/{order_id}/line_items"):
            assert other.get(v3(mid, path)).status_code == 401
        assert other.delete(v3(mid, f"/orders/{order_id}")).status_code == 401
        own = v3(other_merchant["merchant_id"], "/orders")
        assert ok(other.get(own))["elements"] == []
        assert other.get(f"{own}/{order_id}").status_code == 404
        assert other.post(f"{own}/{order_id}", json={"total": 1}).status_code == 404
        assert other.delete(f"{own}/{order_id}").status_code == 404
    assert ok(api.get(v3(mid, f"/orders/{order_id}")))["id"] == order_id
