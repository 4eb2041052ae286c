"""v3 inventory: items, stocks, categories, modifiers, discounts, tax rates, order types,
tenders, the default service charge and the merchant object."""

from __future__ import annotations

import httpx
import pytest
from test_platform_support import all_pages, make, make_item, ok, v3

from clover_desk.sandbox import RunningSandbox


def test_item_create_applies_clovers_defaults_and_leaves_unset_fields_out(
    api: httpx.Client, mid: str
) -> None:
    item = make_item(api, mid, "Caesar Salad", 1200, colorCode="#FF0080")
    assert len(item["id"]) == 13
    assert item["href"].endswith(v3(mid, f"/items/{item['id']}"))
    assert item["hidden"] is False
    assert item["priceType"] == "FIXED"
    assert item["defaultTaxRates"] is True
    assert item["isRevenue"] is True
    assert item["price"] == 1200
    assert isinstance(item["modifiedTime"], int)
    assert "sku" not in item
    assert "alternateName" not in item
    assert "deletedTime" not in item


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"price": 100}, "name"),
        ({"name": "No price"}, "price"),
        ({"name": "Bad", "price": "12.00"}, "price"),
        ({"name": "Bad", "price": 1, "priceType": "WHATEVER"}, "priceType"),
        ({"name": "Bad", "price": 1, "colorCode": "pink"}, "colorCode"),
        ({"name": "Bad", "price": 1, "taxRates": [{"id": "NOSUCHTAXRATE"}]}, "taxRates"),
    ],
)
def test_item_create_validates(
    api: httpx.Client, mid: str, body: dict[str, object], fragment: str
) -> None:
    response = api.post(v3(mid, "/items"), json=body)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_item_get_update_delete(api: httpx.Client, mid: str) -> None:
    item = make_item(api, mid, "Latte", 450)
    url = v3(mid, f"/items/{item['id']}")
    assert ok(api.get(url))["name"] == "Latte"
    updated = ok(api.post(url, json={"price": 475, "sku": "LAT-1"}))
    assert updated["price"] == 475
    assert updated["sku"] == "LAT-1"
    assert updated["name"] == "Latte"
    assert ok(api.delete(url)) == {}
    missing = api.get(url)
    assert missing.status_code == 404
    assert missing.json() == {"message": "Not Found", "details": "Item not found"}
    assert item["id"] not in [i["id"] for i in ok(api.get(v3(mid, "/items")))["elements"]]


def test_bulk_item_delete_by_ids(api: httpx.Client, mid: str) -> None:
    ids = [make_item(api, mid, f"I{n}", 100)["id"] for n in range(3)]
    assert ok(api.delete(v3(mid, "/items"), params={"itemIds": ",".join(ids[:2])})) == {}
    remaining = [i["id"] for i in ok(api.get(v3(mid, "/items")))["elements"]]
    assert remaining == [ids[2]]


def test_item_list_pages_filters_and_expands(api: httpx.Client, mid: str) -> None:
    tax = make(api, mid, "/tax_rates", name="State", rate=800000)
    ids = [
        make_item(api, mid, f"Item {n}", 100 * n, taxRates=[{"id": tax["id"]}])["id"]
        for n in range(1, 8)
    ]
    listed = all_pages(api, v3(mid, "/items/"), limit=3)
    assert [i["id"] for i in listed] == ids
    response = api.get(
        v3(mid, "/items"), params=[("filter", "price>=300"), ("filter", "price<600")]
    )
    assert [i["price"] for i in ok(response)["elements"]] == [300, 400, 500]
    assert "price" in response.headers["X-Clover-Allowed-Filter-Fields"]
    plain = ok(api.get(v3(mid, f"/items/{ids[0]}")))
    assert "taxRates" not in plain
    expanded = ok(api.get(v3(mid, f"/items/{ids[0]}"), params={"expand": "taxRates"}))
    assert expanded["taxRates"]["elements"][0]["id"] == tax["id"]
    assert expanded["taxRates"]["elements"][0]["rate"] == 800000
    bad = api.get(v3(mid, "/items"), params={"filter": "colour=red"})
    assert bad.status_code == 400
    too_many = api.get(v3(mid, "/items"), params={"expand": "tags,categories,taxRates,itemStock"})
    assert too_many.status_code == 400


def test_item_stocks(api: httpx.Client, mid: str) -> None:
    item = make_item(api, mid, "Muffin", 300)
    url = v3(mid, f"/item_stocks/{item['id']}")
    assert api.get(url).status_code == 404
    stock = ok(api.post(url, json={"quantity": 12}))
    assert stock["item"] == {"id": item["id"]}
    assert stock["quantity"] == 12
    assert ok(api.get(url))["quantity"] == 12
    listed = ok(api.get(v3(mid, "/item_stocks")))["elements"]
    assert [s["item"]["id"] for s in listed] == [item["id"]]
    with_stock = ok(api.get(v3(mid, f"/items/{item['id']}"), params={"expand": "itemStock"}))
    assert with_stock["itemStock"]["quantity"] == 12
    assert api.post(url, json={"quantity": "many"}).status_code == 400
    assert ok(api.delete(url)) == {}
    assert api.get(url).status_code == 404
    assert api.post(v3(mid, "/item_stocks/NOSUCHITEM000"), json={"quantity": 1}).status_code == 404


def test_modifier_groups_and_modifiers(api: httpx.Client, mid: str) -> None:
    group = make(api, mid, "/modifier_groups", name="Milk", minRequired=0, maxAllowed=1)
    oat = make(api, mid, f"/modifier_groups/{group['id']}/modifiers", name="Oat", price=75)
    soy = make(api, mid, f"/modifier_groups/{group['id']}/modifiers", name="Soy", price=50)
    assert oat["modifierGroup"] == {"id": group["id"]}
    assert oat["available"] is True
    fetched = ok(
        api.get(v3(mid, f"/modifier_groups/{group['id']}"), params={"expand": "modifiers"})
    )
    assert fetched["modifierIds"] == f"{oat['id']},{soy['id']}"
    assert [m["name"] for m in fetched["modifiers"]["elements"]] == ["Oat", "Soy"]
    everything = ok(api.get(v3(mid, "/modifiers")))["elements"]
    assert {m["id"] for m in everything} == {oat["id"], soy["id"]}
    mod_url = v3(mid, f"/modifier_groups/{group['id']}/modifiers/{soy['id']}")
    assert ok(api.post(mod_url, json={"price": 60}))["price"] == 60
    assert ok(api.get(mod_url))["price"] == 60
    assert ok(api.delete(mod_url)) == {}
    assert api.get(mod_url).status_code == 404
    assert (
        api.post(v3(mid, f"/modifier_groups/{group['id']}/modifiers"), json={}).status_code == 400
    )
    assert ok(api.delete(v3(mid, f"/modifier_groups/{group['id']}"))) == {}
    assert ok(api.get(v3(mid, "/modifiers")))["elements"] == []
    missing = api.get(v3(mid, f"/modifier_groups/{group['id']}/modifiers"))
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/categories", {"name": "Drinks", "sortOrder": 2}, "sortOrder"),
        ("/discounts", {"name": "Staff", "percentage": 20}, "percentage"),
        ("/tax_rates", {"name": "City", "rate": 125000, "isDefault": True}, "rate"),
        ("/order_types", {"label": "Take Out", "taxable": False}, "taxable"),
        ("/tenders", {"label": "Voucher", "labelKey": "com.example.voucher"}, "labelKey"),
    ],
)
def test_simple_inventory_objects_round_trip(
    api: httpx.Client, mid: str, path: str, body: dict[str, object], field: str
) -> None:
    created = make(api, mid, path, **body)
    url = v3(mid, f"{path}/{created['id']}")
    assert created[field] == body[field]
    assert ok(api.get(url))["id"] == created["id"]
    listed = ok(api.get(v3(mid, path)))["elements"]
    assert created["id"] in [e["id"] for e in listed]
    assert ok(api.post(url, json={"note": "x"}))["note"] == "x"
    assert ok(api.delete(url)) == {}
    assert api.get(url).status_code == 404
    assert api.post(v3(mid, path), json={}).status_code == 400


def test_discount_needs_an_amount_or_percentage(api: httpx.Client, mid: str) -> None:
    response = api.post(v3(mid, "/discounts"), json={"name": "Nothing"})
    assert response.status_code == 400
    bad_pct = api.post(v3(mid, "/discounts"), json={"name": "Too much", "percentage": 150})
    assert bad_pct.status_code == 400


def test_system_tenders_exist_and_cannot_be_deleted(api: httpx.Client, mid: str) -> None:
    tenders = ok(api.get(v3(mid, "/tenders")))["elements"]
    keys = {t["labelKey"]: t for t in tenders}
    assert "com.clover.tender.cash" in keys
    assert "com.clover.tender.credit_card" in keys
    cash = keys["com.clover.tender.cash"]
    assert cash["label"] == "Cash"
    assert cash["editable"] is False
    assert api.delete(v3(mid, f"/tenders/{cash['id']}")).status_code == 400
    assert ok(api.get(v3(mid, "/tenders")))["elements"] == tenders  # stable ids, no duplicates


def test_default_service_charge(api: httpx.Client, mid: str) -> None:
    charge = ok(api.get(v3(mid, "/default_service_charge")))
    assert charge["percentageDecimal"] == 100000
    assert charge["name"] == "Service Charge"
    changed = ok(api.post(v3(mid, "/default_service_charge"), json={"percentageDecimal": 125000}))
    assert changed["id"] == charge["id"]
    assert changed["percentageDecimal"] == 125000
    assert ok(api.get(v3(mid, "/default_service_charge")))["percentageDecimal"] == 125000


def test_merchant_object_with_tenders(api: httpx.Client, mid: str) -> None:
    merchant = ok(api.get(v3(mid)))
    assert merchant["id"] == mid
    assert merchant["name"]
    assert "tenders" not in merchant
    assert merchant["href"].endswith(v3(mid))
    with_tenders = ok(api.get(v3(mid), params={"expand": "tenders"}))
    labels = {t["labelKey"] for t in with_tenders["tenders"]["elements"]}
    assert "com.clover.tender.cash" in labels


def test_unsupported_method_is_405_plain_text(api: httpx.Client, mid: str) -> None:
    item = make_item(api, mid, "Tea", 200)
    response = api.put(v3(mid, f"/items/{item['id']}"), json={"price": 1})
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/plain")


def test_isolation_between_merchants(
    sandbox: RunningSandbox, api: httpx.Client, mid: str, other_merchant: dict[str, str]
) -> None:
    item = make_item(api, mid, "Secret sauce", 999)
    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    ) as other:
        assert other.get(v3(mid, "/items")).status_code == 401
        assert other.get(v3(mid, f"/items/{item['id']}")).status_code == 401
        assert other.get(v3(mid)).status_code == 401
        own = v3(other_merchant["merchant_id"])
        assert ok(other.get(own + "/items"))["elements"] == []
        assert other.get(own + f"/items/{item['id']}").status_code == 404
        their_tenders = ok(other.get(own + "/tenders"))["elements"]
        mine = ok(api.get(v3(mid, "/tenders")))["elements"]
        assert not {t["id"] for t in their_tenders} & {t["id"] for t in mine}
