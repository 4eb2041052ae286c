"""``/v1/refunds``: full and partial refunds, the remaining-amount rule, lists, voids."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from v1_http import card_token as token
from v1_http import error_of

from clover_desk.sandbox import RunningSandbox

DECLINE = "4005571702222222"


def charge(
    ecom: httpx.Client, tokenizer: httpx.Client, amount: int, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"amount": amount, "currency": "usd", "source": token(tokenizer)}
    body.update(extra)
    response = ecom.post("/v1/charges", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def refund(ecom: httpx.Client, key: str | None = None, **body: Any) -> httpx.Response:
    headers = {"idempotency-key": key} if key else {}
    return ecom.post("/v1/refunds", json=body, headers=headers)


def test_full_refund_by_default(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    sale = charge(ecom, tokenizer, 2000, tip_amount=300, tax_amount=150)
    response = refund(ecom, charge=sale["id"], reason="requested_by_customer")
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["id"]) == 13
    assert body["object"] == "refund"
    assert body["amount"] == 2300  # amount plus tip
    assert body["charge"] == sale["id"]
    assert body["currency"] == "usd"
    assert body["reason"] == "requested_by_customer"
    assert body["status"] == "succeeded"
    assert isinstance(body["created"], int)
    after = ecom.get(f"/v1/charges/{sale['id']}").json()
    assert after["amount_refunded"] == 2300
    assert after["refunded"] is True
    assert [r["id"] for r in after["refunds"]["data"]] == [body["id"]]
    order = ecom.get(f"/v1/orders/{sale['order']}").json()
    assert order["status"] == "refunded"
    row = sandbox.state.db.one("SELECT * FROM orders WHERE id = ?", (sale["order"],))
    assert row is not None
    assert row["payment_state"] == "REFUNDED"
    refund_row = sandbox.state.db.one("SELECT * FROM refunds WHERE id = ?", (body["id"],))
    assert refund_row is not None
    assert (refund_row["kind"], refund_row["tax_amount"], refund_row["tip_amount"]) == (
        "refund",
        150,
        300,
    )
    again = error_of(refund(ecom, charge=sale["id"]))
    assert again["code"] == "charge_already_refunded"


def test_partial_refunds_up_to_the_remaining(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    sale = charge(ecom, tokenizer, 1000)
    first = refund(ecom, charge=sale["id"], amount=300, external_reference_id="INV 42")
    assert first.status_code == 200, first.text
    assert first.json()["external_reference_id"] == "INV 42"
    state = sandbox.state.db.one("SELECT payment_state FROM orders WHERE id = ?", (sale["order"],))
    assert state is not None
    assert state["payment_state"] == "PARTIALLY_REFUNDED"
    assert ecom.get(f"/v1/orders/{sale['order']}").json()["status"] == "paid"
    over = error_of(refund(ecom, charge=sale["id"], amount=701))
    assert over["param"] == "amount"
    assert "700" in over["message"]
    rest = refund(ecom, charge=sale["id"])
    assert rest.json()["amount"] == 700
    after = ecom.get(f"/v1/charges/{sale['id']}").json()
    assert after["amount_refunded"] == 1000
    assert after["refunded"] is True
    assert error_of(refund(ecom, charge=sale["id"], amount=1))["code"] == "charge_already_refunded"


@pytest.mark.parametrize("extra", [{"tax_amount": 100}, {"tip_amount": 100}])
def test_no_partial_refund_with_tax_or_tip(
    ecom: httpx.Client, tokenizer: httpx.Client, extra: dict[str, int]
) -> None:
    sale = charge(ecom, tokenizer, 1000, **extra)
    error = error_of(refund(ecom, charge=sale["id"], amount=500))
    assert error["type"] == "invalid_request_error"
    assert error["code"] == "invalid_request"
    assert f"/v1/orders/{sale['order']}/returns" in error["message"]
    # The whole charge still refunds.
    assert refund(ecom, charge=sale["id"]).status_code == 200


def test_no_partial_refund_for_multi_item_order(
    ecom: httpx.Client, tokenizer: httpx.Client
) -> None:
    order = ecom.post(
        "/v1/orders",
        json={
            "currency": "usd",
            "email": "shopper@example.com",
            "items": [
                {"amount": 500, "description": "Mug", "quantity": 1},
                {"amount": 700, "description": "Tea", "quantity": 1},
            ],
        },
    ).json()
    paid = ecom.post(f"/v1/orders/{order['id']}/pay", json={"source": token(tokenizer)}).json()
    error = error_of(refund(ecom, charge=paid["charge"], amount=500))
    assert f"/v1/orders/{order['id']}/returns" in error["message"]


def test_uncaptured_and_failed_charges_cannot_be_refunded(
    ecom: httpx.Client, tokenizer: httpx.Client
) -> None:
    auth = charge(ecom, tokenizer, 1000, capture=False)
    assert error_of(refund(ecom, charge=auth["id"]))["code"] == "invalid_request"
    declined = ecom.post(
        "/v1/charges",
        json={"amount": 100, "currency": "usd", "source": token(tokenizer, DECLINE)},
    ).json()["error"]["charge"]
    assert error_of(refund(ecom, charge=declined))["code"] == "invalid_request"
    ecom.post(f"/v1/charges/{auth['id']}/capture", json={"amount": 600})
    done = refund(ecom, charge=auth["id"])
    assert done.json()["amount"] == 600  # only what was captured


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"reason": "changed_mind"}, "reason"),
        ({"amount": 0}, "amount"),
        ({"amount": "5"}, "amount"),
        ({"external_reference_id": "THIRTEEN CHAR"}, "external_reference_id"),
        ({"charge": None}, "charge"),
    ],
)
def test_refund_validation(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    admin: httpx.Client,
    body: dict[str, Any],
    param: str,
) -> None:
    sale = charge(ecom, tokenizer, 1000)
    payload = {k: v for k, v in {"charge": sale["id"], **body}.items() if v is not None}
    error = error_of(refund(ecom, **payload))
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert admin.get("ledger").json()["refunds"] == []


@pytest.mark.parametrize("reason", ["duplicate", "fraudulent", "requested_by_customer"])
def test_every_reason(ecom: httpx.Client, tokenizer: httpx.Client, reason: str) -> None:
    sale = charge(ecom, tokenizer, 100)
    assert refund(ecom, charge=sale["id"], reason=reason).json()["reason"] == reason


def test_missing_charge_and_refund(ecom: httpx.Client) -> None:
    assert error_of(refund(ecom, charge="NOSUCHCHARGE1"), 404)["code"] == "resource_missing"
    response = ecom.get("/v1/refunds/NOSUCHREFUND1")
    assert error_of(response, 404)["message"] == "No such refund: 'NOSUCHREFUND1'"
    assert error_of(ecom.post("/v1/refunds/NOSUCHREFUND1/cancel"), 404)["code"] == (
        "resource_missing"
    )


def test_card_refunds_cannot_be_canceled(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    sale = charge(ecom, tokenizer, 100)
    done = refund(ecom, charge=sale["id"]).json()
    error = error_of(ecom.post(f"/v1/refunds/{done['id']}/cancel", json={"reason": "USER_CANCEL"}))
    assert error["code"] == "invalid_request"


def test_list_newest_first_with_charge_filter(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    a = charge(ecom, tokenizer, 1000)
    b = charge(ecom, tokenizer, 1000)
    made = []
    for target in (a, b, a, b):
        made.append(refund(ecom, charge=target["id"], amount=100).json())
        admin.post("clock", json={"advance_ms": 1000})
    listing = ecom.get("/v1/refunds").json()
    assert listing["object"] == "list"
    assert listing["url"] == "/v1/refunds"
    assert [r["id"] for r in listing["data"]] == [r["id"] for r in reversed(made)]
    only_a = ecom.get("/v1/refunds", params={"charge": a["id"]}).json()
    assert [r["id"] for r in only_a["data"]] == [made[2]["id"], made[0]["id"]]
    page = ecom.get("/v1/refunds", params={"limit": 3}).json()
    assert page["has_more"] is True
    rest = ecom.get("/v1/refunds", params={"limit": 3, "starting_after": page["data"][-1]["id"]})
    assert [r["id"] for r in rest.json()["data"]] == [made[0]["id"]]
    one = ecom.get(f"/v1/refunds/{made[1]['id']}")
    assert one.json() == made[1]


def test_idempotent_refund(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    sale = charge(ecom, tokenizer, 1000)
    key = str(uuid.uuid4())
    first = refund(ecom, key, charge=sale["id"], amount=400)
    second = refund(ecom, key, charge=sale["id"], amount=400)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    refunds = admin.get("ledger").json()["refunds"]
    assert len(refunds) == 1
    assert refunds[0]["idempotency_key"] == key
    assert refunds[0]["kind"] == "refund"
    assert admin.get("ledger").json()["charges"][0]["amount_refunded"] == 400
    different = refund(ecom, key, charge=sale["id"], amount=500)
    assert error_of(different)["type"] == "idempotency_error"
    unkeyed = refund(ecom, charge=sale["id"], amount=100)
    assert unkeyed.status_code == 200
    entries = admin.get("ledger").json()["refunds"]
    assert sorted(str(r["idempotency_key"]) for r in entries) == sorted([key, "None"])


def test_other_merchant_cannot_refund_or_read(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    sandbox: RunningSandbox,
    other_merchant: dict[str, str],
    admin: httpx.Client,
) -> None:
    sale = charge(ecom, tokenizer, 1000)
    mine = refund(ecom, charge=sale["id"], amount=100).json()
    headers = {"Authorization": f"Bearer {other_merchant['ecommerce_private_token']}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as other:
        stolen = other.post("/v1/refunds", json={"charge": sale["id"]})
        assert error_of(stolen, 404)["code"] == "resource_missing"
        assert error_of(other.get(f"/v1/refunds/{mine['id']}"), 404)["code"] == "resource_missing"
        assert other.get("/v1/refunds").json()["data"] == []
        assert other.get("/v1/refunds", params={"charge": sale["id"]}).json()["data"] == []
    assert len(admin.get("ledger").json()["refunds"]) == 1
