"""Where third-party clients meet the sandbox, it answers as Clover's docs say Clover does.

* ``expand`` caps distinct top-level fields at three, not paths, and a nested path
  expands its parent (docs.clover.com "Use expandable fields": "a maximum of three
  fields per API call"); an unknown object is 404 before the expand check;
* every filter field the reference lists for orders, payments and customers is accepted
  and named in ``X-Clover-Allowed-Filter-Fields`` (``voided`` among the payment ones);
* a fresh custom order carries Clover's defaults, and leaves optional fields out.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_platform_payments import cash_payment
from test_platform_support import make, ok, v3

#: exports.md §2 (Clover's reference text): the filter fields of each list.
ORDER_FILTER_FIELDS = (
    "employee.id",
    "note",
    "modifiedTime",
    "orderType",
    "touched",
    "cardTransaction.last4",
    "manualTransaction",
    "employee.name",
    "title",
    "device.id",
    "externalReferenceId",
    "clientCreatedTime",
    "total",
    "payType",
    "testMode",
    "createdTime",
    "id",
    "state",
    "deletedTime",
)
PAYMENT_FILTER_FIELDS = (
    "modifiedTime",
    "device.id",
    "externalReferenceId",
    "result",
    "offline",
    "createdTime",
    "externalPaymentId",
    "voided",
    "id",
    "tender.id",
    "employee.id",
    "order.modifiedTime",
    "amount",
    "cardType",
    "clientCreatedTime",
)
CUSTOMER_FILTER_FIELDS = (
    "customerSince",
    "firstName",
    "lastName",
    "emailAddress",
    "phoneNumber",
    "marketingAllowed",
    "fullName",
    "id",
    "deletedTime",
)
#: The reference names only time filters for refunds ("createdTime etc.").
REFUND_FILTER_FIELDS = ("createdTime", "clientCreatedTime", "modifiedTime")

#: A value each kind of field accepts.
_SAMPLE_VALUES = {
    "Time": "1",
    "total": "1",
    "amount": "1",
    "customerSince": "1",
    "touched": "true",
    "manualTransaction": "true",
    "testMode": "true",
    "offline": "true",
    "voided": "true",
    "marketingAllowed": "true",
}


def _sample(field: str) -> str:
    for suffix, value in _SAMPLE_VALUES.items():
        if field.endswith(suffix):
            return value
    return "X"


def full_order(api: httpx.Client, mid: str) -> dict[str, Any]:
    """An open order with a modified, discounted line, a cash payment and an order discount."""
    group = make(api, mid, "/modifier_groups", name="Size")
    large = make(api, mid, f"/modifier_groups/{group['id']}/modifiers", name="Large", price=100)
    order = ok(api.post(v3(mid, "/orders"), json={"state": "open", "total": 450}))
    base = v3(mid, f"/orders/{order['id']}")
    line = ok(api.post(base + "/line_items", json={"name": "Tea", "price": 300}))
    line_url = f"{base}/line_items/{line['id']}"
    ok(api.post(line_url + "/modifications", json={"modifier": {"id": large["id"]}}))
    ok(api.post(line_url + "/discounts", json={"name": "Staff", "amount": -50}))
    ok(api.post(base + "/discounts", json={"name": "Loyalty", "percentage": 10}))
    tenders = {t["labelKey"]: t["id"] for t in ok(api.get(v3(mid, "/tenders")))["elements"]}
    cash = tenders["com.clover.tender.cash"]
    ok(api.post(base + "/payments", json={"amount": 450, "tender": {"id": cash}}))
    return order


ISSUE_EXPAND = "lineItems.modifications,lineItems.discounts,payments,discounts"


def test_expand_counts_top_level_fields_not_paths(api: httpx.Client, mid: str) -> None:
    order = full_order(api, mid)
    url = v3(mid, f"/orders/{order['id']}")
    got = ok(api.get(url, params={"expand": ISSUE_EXPAND}))
    [line] = got["lineItems"]["elements"]
    assert line["modifications"]["elements"][0]["name"] == "Large"
    assert line["discounts"]["elements"][0]["amount"] == -50
    assert got["payments"]["elements"][0]["amount"] == 450
    assert got["discounts"]["elements"][0]["percentage"] == 10
    # The same on the list, and a parent named beside its nested paths costs nothing.
    listed = ok(api.get(v3(mid, "/orders"), params={"expand": "lineItems," + ISSUE_EXPAND}))
    [same] = listed["elements"]
    assert same["lineItems"] == got["lineItems"]
    assert same["discounts"] == got["discounts"]
    four = api.get(url, params={"expand": ISSUE_EXPAND + ",refunds"})
    assert four.status_code == 400
    assert "Too many expansions" in four.json()["message"]


def test_a_nested_path_expands_its_parent(api: httpx.Client, mid: str) -> None:
    order = full_order(api, mid)
    got = ok(api.get(v3(mid, f"/orders/{order['id']}"), params={"expand": "lineItems.discounts"}))
    [line] = got["lineItems"]["elements"]
    assert line["name"] == "Tea"
    assert "modifications" not in line


@pytest.mark.parametrize(
    ("path", "expand"),
    [
        ("/orders/NOSUCHORDER00", ISSUE_EXPAND + ",refunds,customers"),
        ("/orders/NOSUCHORDER00/line_items/NOSUCHLINE000", "a,b,c,d"),
        ("/payments/NOSUCHPAYMNT0", "tender,refunds,order,cardTransaction"),
        ("/refunds/NOSUCHREFUND0", "cardTransaction,employee,payment,lineItems"),
        ("/customers/NOSUCHCUSTOM0", "addresses,emailAddresses,phoneNumbers,cards"),
        ("/items/NOSUCHITEM000", "tags,categories,taxRates,itemStock"),
    ],
)
def test_an_unknown_object_is_404_before_the_expand_check(
    api: httpx.Client, mid: str, path: str, expand: str
) -> None:
    response = api.get(v3(mid, path), params={"expand": expand})
    assert response.status_code == 404, response.text
    assert response.json()["message"] == "Not Found"


def test_updating_an_unknown_order_is_404_before_the_expand_check(
    api: httpx.Client, mid: str
) -> None:
    response = api.post(
        v3(mid, "/orders/NOSUCHORDER00"),
        params={"expand": "lineItems,payments,refunds,discounts"},
        json={"note": "x"},
    )
    assert response.status_code == 404


def test_expand_cap_on_payments_and_customers(api: httpx.Client, mid: str) -> None:
    payment = cash_payment(api, mid, 300)
    got = ok(
        api.get(
            v3(mid, f"/payments/{payment['id']}"),
            params=[("expand", "tender,refunds"), ("expand", "order"), ("expand", "tender")],
        )
    )
    assert got["tender"]["labelKey"] == "com.clover.tender.cash"
    assert got["order"]["id"] == payment["order"]["id"]
    customer = make(api, mid, "/customers", firstName="Ada")
    four = api.get(
        v3(mid, f"/customers/{customer['id']}"),
        params={"expand": "addresses,emailAddresses,phoneNumbers,cards"},
    )
    assert four.status_code == 400


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/orders", ORDER_FILTER_FIELDS),
        ("/payments", PAYMENT_FILTER_FIELDS),
        ("/customers", CUSTOMER_FILTER_FIELDS),
        ("/refunds", REFUND_FILTER_FIELDS),
    ],
)
def test_every_documented_filter_field_is_accepted(
    api: httpx.Client, mid: str, path: str, fields: tuple[str, ...]
) -> None:
    for field in fields:
        response = api.get(v3(mid, path), params={"filter": f"{field}={_sample(field)}"})
        assert response.status_code == 200, (field, response.text)
        allowed = set(response.headers["X-Clover-Allowed-Filter-Fields"].split(", "))
        assert set(fields) <= allowed, set(fields) - allowed


def test_voided_payment_filter(api: httpx.Client, mid: str) -> None:
    payments = [cash_payment(api, mid, 100 * n)["id"] for n in (1, 2)]
    not_voided = ok(api.get(v3(mid, "/payments"), params={"filter": "voided=false"}))
    assert [p["id"] for p in not_voided["elements"]] == list(reversed(payments))
    voided = ok(api.get(v3(mid, "/payments"), params={"filter": "voided=true"}))
    assert voided["elements"] == []
    assert api.get(v3(mid, "/payments"), params={"filter": "voided=maybe"}).status_code == 400


def test_external_payment_id_is_shown_and_filterable(api: httpx.Client, mid: str) -> None:
    order = ok(api.post(v3(mid, "/orders"), json={"state": "open"}))
    tenders = {t["labelKey"]: t["id"] for t in ok(api.get(v3(mid, "/tenders")))["elements"]}
    recorded = ok(
        api.post(
            v3(mid, f"/orders/{order['id']}/payments"),
            json={
                "amount": 700,
                "tender": {"id": tenders["com.clover.tender.check"]},
                "externalPaymentId": "CHEQUE-118",
            },
        )
    )
    assert recorded["externalPaymentId"] == "CHEQUE-118"
    found = ok(api.get(v3(mid, "/payments"), params={"filter": "externalPaymentId=CHEQUE-118"}))
    assert [p["id"] for p in found["elements"]] == [recorded["id"]]


def test_a_fresh_order_carries_clovers_defaults(api: httpx.Client, mid: str) -> None:
    order = ok(api.post(v3(mid, "/orders"), json={}))
    assert order["groupLineItems"] is True
    for flag in ("taxRemoved", "isVat", "manualTransaction", "testMode"):
        assert order[flag] is False, flag
    for absent in ("state", "total", "title", "note", "employee", "payType", "paymentState"):
        assert absent not in order, absent
    fetched = ok(api.get(v3(mid, f"/orders/{order['id']}")))
    assert fetched["groupLineItems"] is True
    chosen = ok(api.post(v3(mid, "/orders"), json={"groupLineItems": False, "testMode": True}))
    assert chosen["groupLineItems"] is False
    assert chosen["testMode"] is True
    assert chosen["manualTransaction"] is False


def test_an_atomic_order_groups_line_items_unless_told_not_to(api: httpx.Client, mid: str) -> None:
    def ordered(cart: dict[str, Any]) -> dict[str, Any]:
        created: dict[str, Any] = ok(
            api.post(v3(mid, "/atomic_order/orders"), json={"orderCart": cart})
        )
        return created

    lines = [{"name": "Scone", "price": 300}]
    assert ordered({"lineItems": lines})["groupLineItems"] is True
    assert ordered({"lineItems": lines, "groupLineItems": False})["groupLineItems"] is False
