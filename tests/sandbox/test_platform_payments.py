"""v3 payments and refunds: card payments made through Ecommerce, tender payments, 90 days."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_platform_support import all_pages, atomic_order, ok, v3

from clover_desk.sandbox import RunningSandbox

DAY_MS = 86_400_000
VISA = {"number": "4111111111111111", "exp_month": "12", "exp_year": "2030", "cvv": "123"}


def card_payment(
    sandbox: RunningSandbox, api: httpx.Client, ecom: httpx.Client, mid: str, price: int
) -> tuple[dict[str, Any], str]:
    """An atomic order paid by card through ``POST /v1/orders/{id}/pay``: (order, charge id)."""
    order = atomic_order(api, mid, {"lineItems": [{"name": "Card thing", "price": price}]})
    token = httpx.post(
        sandbox.base_url + "/v1/tokens",
        headers={"apikey": sandbox.info["pakms_key"]},
        json={"card": VISA},
    )
    paid = ecom.post(
        f"/v1/orders/{order['id']}/pay",
        json={"source": ok(token)["id"], "email": "shopper@example.com"},
        headers={"x-forwarded-for": "203.0.113.5"},
    )
    charge_id: str = ok(paid)["charge"]
    return order, charge_id


def cash_payment(api: httpx.Client, mid: str, amount: int) -> dict[str, Any]:
    order = atomic_order(api, mid, {"lineItems": [{"name": "Cash thing", "price": amount}]})
    tenders = {t["labelKey"]: t["id"] for t in ok(api.get(v3(mid, "/tenders")))["elements"]}
    payment: dict[str, Any] = ok(
        api.post(
            v3(mid, f"/orders/{order['id']}/payments"),
            json={"amount": amount, "tender": {"id": tenders["com.clover.tender.cash"]}},
        )
    )
    return payment


def ids_of(response: httpx.Response) -> list[str]:
    return [p["id"] for p in ok(response)["elements"]]


def test_card_payment_as_v3_payment(
    sandbox: RunningSandbox, api: httpx.Client, ecom: httpx.Client, mid: str
) -> None:
    order, charge_id = card_payment(sandbox, api, ecom, mid, 1000)
    payment = ok(api.get(v3(mid, f"/payments/{charge_id}")))
    assert payment["id"] == charge_id
    assert payment["amount"] == 1000
    assert payment["result"] == "SUCCESS"
    assert payment["order"] == {"id": order["id"]}
    assert set(payment["tender"]) == {"id"}
    assert "cardTransaction" not in payment
    assert payment["href"].endswith(v3(mid, f"/payments/{charge_id}"))
    full = ok(
        api.get(
            v3(mid, f"/payments/{charge_id}"), params={"expand": "cardTransaction,tender,refunds"}
        )
    )
    card = full["cardTransaction"]
    assert card["cardType"] == "VISA"
    assert card["last4"] == "1111"
    assert card["first6"] == "411111"
    assert card["type"] == "AUTH"
    assert card["state"] == "CLOSED"
    assert card["entryType"] == "KEYED"
    assert full["tender"]["labelKey"] == "com.clover.tender.credit_card"
    assert full["refunds"] == {"elements": []}
    listed = ids_of(api.get(v3(mid, f"/orders/{order['id']}/payments")))
    assert listed == [charge_id]
    missing = api.get(v3(mid, "/payments/NOSUCHPAYMNT0"))
    assert missing.status_code == 404
    assert missing.json() == {"message": "Not Found", "details": "Payment not found"}
    assert api.get(v3(mid, "/orders/NOSUCHORDER00/payments")).status_code == 404


def test_payment_list_filters_and_paging(
    sandbox: RunningSandbox, api: httpx.Client, ecom: httpx.Client, mid: str
) -> None:
    card_order, card_id = card_payment(sandbox, api, ecom, mid, 2000)
    cash = [cash_payment(api, mid, 100 * n)["id"] for n in range(1, 6)]
    listed = all_pages(api, v3(mid, "/payments/"), limit=2)
    assert [p["id"] for p in listed] == [*reversed(cash), card_id]
    assert ids_of(api.get(v3(mid, "/payments"), params={"filter": "cardType=VISA"})) == [card_id]
    cash_tender = ok(api.get(v3(mid, f"/payments/{cash[0]}")))["tender"]["id"]
    by_tender = ids_of(api.get(v3(mid, "/payments"), params={"filter": f"tender.id={cash_tender}"}))
    assert by_tender == list(reversed(cash))
    anded = api.get(
        v3(mid, "/payments"),
        params=[
            ("filter", f"tender.id={cash_tender}"),
            ("filter", "amount>=300"),
            ("filter", "result=SUCCESS"),
        ],
    )
    assert ids_of(anded) == list(reversed(cash[2:]))
    header = set(anded.headers["X-Clover-Allowed-Filter-Fields"].split(", "))
    assert {
        "createdTime",
        "modifiedTime",
        "id",
        "amount",
        "result",
        "tender.id",
        "employee.id",
        "cardType",
    } <= header
    assert api.get(v3(mid, "/payments"), params={"filter": "germanInfo=1"}).status_code == 400
    assert (
        api.get(
            v3(mid, "/payments"), params={"expand": "tender,refunds,order,cardTransaction"}
        ).status_code
        == 400
    )
    with_order = ok(api.get(v3(mid, f"/payments/{card_id}"), params={"expand": "order"}))
    assert with_order["order"]["total"] == card_order["total"]
    last4 = api.get(v3(mid, "/orders"), params={"filter": "cardTransaction.last4=1111"})
    assert [o["id"] for o in ok(last4)["elements"]] == [card_order["id"]]


def test_refunds_as_v3_refunds(
    sandbox: RunningSandbox, api: httpx.Client, ecom: httpx.Client, mid: str
) -> None:
    order, charge_id = card_payment(sandbox, api, ecom, mid, 1500)
    refund = ok(
        ecom.post("/v1/refunds", json={"charge": charge_id, "reason": "requested_by_customer"})
    )
    v3_refund = ok(api.get(v3(mid, f"/refunds/{refund['id']}")))
    assert v3_refund["amount"] == 1500
    assert v3_refund["orderRef"] == {"id": order["id"]}
    assert v3_refund["payment"] == {"id": charge_id}
    assert v3_refund["status"] == "SUCCESS"
    assert "order" not in v3_refund
    assert ids_of(api.get(v3(mid, "/refunds/"))) == [refund["id"]]
    by_payment = api.get(v3(mid, "/refunds"), params={"filter": f"payment.id={charge_id}"})
    assert ids_of(by_payment) == [refund["id"]]
    with_refunds = ok(api.get(v3(mid, f"/payments/{charge_id}"), params={"expand": "refunds"}))
    assert [r["id"] for r in with_refunds["refunds"]["elements"]] == [refund["id"]]
    order_view = ok(api.get(v3(mid, f"/orders/{order['id']}"), params={"expand": "refunds"}))
    assert order_view["refunds"]["elements"][0]["amount"] == 1500
    missing = api.get(v3(mid, "/refunds/NOSUCHREFUND0"))
    assert missing.json() == {"message": "Not Found", "details": "Refund not found"}


@pytest.mark.parametrize("path", ["/payments", "/refunds"])
def test_long_time_ranges_are_clipped_to_the_most_recent_90_days(
    sandbox: RunningSandbox,
    api: httpx.Client,
    ecom: httpx.Client,
    mid: str,
    admin: httpx.Client,
    path: str,
) -> None:
    _, old_charge = card_payment(sandbox, api, ecom, mid, 700)
    old_refund = ok(ecom.post("/v1/refunds", json={"charge": old_charge}))
    old_id = old_charge if path == "/payments" else old_refund["id"]
    old_time = ok(api.get(v3(mid, f"{path}/{old_id}")))["createdTime"]
    ok(admin.post("clock", json={"advance_ms": 100 * DAY_MS}))
    _, new_charge = card_payment(sandbox, api, ecom, mid, 800)
    new_refund = ok(ecom.post("/v1/refunds", json={"charge": new_charge}))
    new_id = new_charge if path == "/payments" else new_refund["id"]
    url = v3(mid, path)
    assert ids_of(api.get(url)) == [new_id, old_id]
    assert ids_of(api.get(url, params={"filter": "createdTime>=0"})) == [new_id]
    assert ids_of(api.get(url, params={"filter": "modifiedTime>0"})) == [new_id]
    short = [
        ("filter", f"createdTime>={old_time - 1000}"),
        ("filter", f"createdTime<={old_time + 1000}"),
    ]
    assert ids_of(api.get(url, params=short)) == [old_id]
    long_ending_early = [
        ("filter", "createdTime>=0"),
        ("filter", f"createdTime<={old_time + 1000}"),
    ]
    assert ids_of(api.get(url, params=long_ending_early)) == [old_id]


def test_isolation(
    sandbox: RunningSandbox,
    api: httpx.Client,
    ecom: httpx.Client,
    mid: str,
    other_merchant: dict[str, str],
) -> None:
    _, charge_id = card_payment(sandbox, api, ecom, mid, 900)
    refund = ok(ecom.post("/v1/refunds", json={"charge": charge_id}))
    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    ) as other:
        assert other.get(v3(mid, "/payments")).status_code == 401
        assert other.get(v3(mid, f"/payments/{charge_id}")).status_code == 401
        assert other.get(v3(mid, "/refunds")).status_code == 401
        own = v3(other_merchant["merchant_id"])
        assert ok(other.get(own + "/payments"))["elements"] == []
        assert ok(other.get(own + "/refunds"))["elements"] == []
        assert other.get(f"{own}/payments/{charge_id}").status_code == 404
        assert other.get(f"{own}/refunds/{refund['id']}").status_code == 404


def test_demo_payments_render(demo_sandbox: RunningSandbox) -> None:
    mid = demo_sandbox.info["merchant_id"]
    with httpx.Client(
        base_url=demo_sandbox.base_url,
        headers={"Authorization": f"Bearer {demo_sandbox.info['api_token']}"},
        timeout=30,
    ) as client:
        payments = all_pages(
            client, v3(mid, "/payments"), limit=250, expand="cardTransaction,tender"
        )
        assert payments
        times = [p["createdTime"] for p in payments]
        assert times == sorted(times, reverse=True)
        for payment in payments:
            assert payment["result"] in {"SUCCESS", "AUTH", "FAIL", "PENDING"}
            assert isinstance(payment["amount"], int)
            assert "labelKey" in payment["tender"]
            assert None not in payment.values()
        refunds = all_pages(client, v3(mid, "/refunds"), limit=250)
        for refund in refunds:
            assert refund["amount"] > 0
            assert "payment" in refund
