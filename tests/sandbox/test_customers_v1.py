"""``/v1/customers``: card-on-file customers, their sources, and charging them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from v1_http import VISA, card_token, error_of

from clover_desk.sandbox import RunningSandbox
from clover_desk.sandbox.charges import charge_card_on_file
from clover_desk.sandbox.db import loads
from clover_desk.sandbox.errors import SandboxError

MC = "5204245250003294"
DECLINE = "4264281511117771"


def token(tokenizer: httpx.Client, number: str = VISA) -> str:
    return card_token(tokenizer, number, exp_month="07")


def customer(
    ecom: httpx.Client, tokenizer: httpx.Client, number: str = VISA, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"email": "ada@example.com", "source": token(tokenizer, number)}
    body.update(extra)
    response = ecom.post("/v1/customers", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_create_customer(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    source = token(tokenizer)
    response = ecom.post(
        "/v1/customers",
        json={
            "email": "ada@example.com",
            "source": source,
            "firstName": "Ada",
            "lastName": "Lovelace",
            "phone": "4045550100",
            "shipping": {
                "name": "Ada Lovelace",
                "address": {"line1": "1 Main St", "city": "Atlanta", "postal_code": "30301"},
            },
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["id"]) == 13
    assert body["object"] == "customer"
    assert body["currency"] == "USD"
    assert body["email"] == "ada@example.com"
    assert body["name"] == "Ada Lovelace"
    assert body["phone"] == "4045550100"
    assert body["sources"]["object"] == "list"
    assert len(body["sources"]["data"]) == 1
    assert body["shipping"]["address"]["city"] == "Atlanta"
    assert isinstance(body["created"], int)
    row = sandbox.state.db.one("SELECT * FROM customers WHERE id = ?", (body["id"],))
    assert row is not None
    assert (row["first_name"], row["last_name"], row["email"]) == ("Ada", "Lovelace", body["email"])
    stored = loads(row["body"])
    card = stored["cards"][0]
    assert card["id"] == body["sources"]["data"][0]
    assert (card["first6"], card["last4"], card["cardType"], card["expirationDate"]) == (
        "424242",
        "4242",
        "VISA",
        "0731",
    )
    assert card["revoked"] is False
    assert card["token"].startswith("clv_")
    assert VISA not in row["body"]
    assert stored["emailAddresses"][0]["emailAddress"] == "ada@example.com"
    assert stored["addresses"][0]["zip"] == "30301"
    # The single-use token was spent by saving it.
    reused = ecom.post("/v1/charges", json={"amount": 1, "currency": "usd", "source": source})
    assert error_of(reused)["code"] == "token_already_used"


def test_name_is_split(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    body = customer(ecom, tokenizer, name="Grace Brewster Hopper")
    row = sandbox.state.db.one("SELECT * FROM customers WHERE id = ?", (body["id"],))
    assert row is not None
    assert (row["first_name"], row["last_name"]) == ("Grace", "Brewster Hopper")


@pytest.mark.parametrize(
    ("body", "status", "code", "param"),
    [
        ({"email": None}, 400, "invalid_request", "email"),
        ({"email": "ada-at-example"}, 400, "email_invalid", "email"),
        ({"source": None}, 400, "invalid_request", "source"),
        ({"source": "NOTATOKEN0001"}, 400, "invalid_request", "source"),
        ({"source": "clv_1TSTnosuchtoken00000"}, 404, "resource_missing", None),
        ({"ecomind": "retail"}, 400, "invalid_request", "ecomind"),
    ],
)
def test_create_validation(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    body: dict[str, Any],
    status: int,
    code: str,
    param: str | None,
) -> None:
    payload = {"email": "ada@example.com", "source": token(tokenizer), **body}
    payload = {k: v for k, v in payload.items() if v is not None}
    error = error_of(ecom.post("/v1/customers", json=payload), status)
    assert error["code"] == code
    assert error.get("param") == param


def test_gift_card_and_used_tokens_are_refused(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    gift = tokenizer.post("/v1/tokens", json={"gift_card": {"number": "7777320000012100"}})
    error = error_of(
        ecom.post("/v1/customers", json={"email": "a@example.com", "source": gift.json()["id"]})
    )
    assert error["param"] == "source"
    source = token(tokenizer)
    ecom.post("/v1/charges", json={"amount": 1, "currency": "usd", "source": source})
    used = ecom.post("/v1/customers", json={"email": "a@example.com", "source": source})
    assert error_of(used)["code"] == "token_already_used"


def test_ach_source_on_file(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    ach = tokenizer.post(
        "/v1/tokens",
        json={
            "ach": {
                "bank_account_number": "1234567890",
                "bank_routing_number": "011000015",
                "check_type": "corporate_check",
                "business_name": "Acme",
                "account_type": "Checking",
                "customer_id_type": "tax_id",
                "customer_id_state": "GA",
                "customer_id": "12-3456789",
                "email": "ap@acme.example",
                "phone": "4045550100",
                "address_line1": "1 Main St",
                "address_city": "Atlanta",
                "address_state": "GA",
                "address_zip": "30301",
                "agreement": "2c74dcc0-61ad-4f08-8764-a29aeb98f4a4",
            }
        },
    ).json()["id"]
    body = ecom.post("/v1/customers", json={"email": "ap@acme.example", "source": ach}).json()
    charged = ecom.post(
        "/v1/charges", json={"amount": 5000, "currency": "usd", "source": body["id"]}
    ).json()
    assert charged["payment_method_details"] == "ach"
    assert charged["source"]["last4"] == "7890"


def test_charge_the_customer(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    body = customer(ecom, tokenizer)
    response = ecom.post(
        "/v1/charges", json={"amount": 900, "currency": "usd", "source": body["id"]}
    )
    assert response.status_code == 200, response.text
    charge = response.json()
    assert charge["customer"] == body["id"]
    assert charge["source"]["id"] == body["sources"]["data"][0]
    assert charge["source"]["last4"] == "4242"
    assert charge["source"]["exp_month"] == "07"
    assert charge["source"]["exp_year"] == "2031"
    # Saved cards charge again and again.
    admin.post("clock", json={"advance_ms": 1000})
    again = ecom.post("/v1/charges", json={"amount": 100, "currency": "usd", "source": body["id"]})
    assert again.status_code == 200
    listed = ecom.get("/v1/charges", params={"customer": body["id"]}).json()["data"]
    assert [c["id"] for c in listed] == [again.json()["id"], charge["id"]]


def test_saved_decline_card_declines(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    body = customer(ecom, tokenizer, DECLINE)
    error = error_of(
        ecom.post("/v1/charges", json={"amount": 900, "currency": "usd", "source": body["id"]})
    )
    assert error["code"] == "card_declined"
    assert error["decline_code"] == "do_not_honor"


def test_update_customer(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    body = customer(ecom, tokenizer, firstName="Ada", lastName="Lovelace")
    updated = ecom.put(
        f"/v1/customers/{body['id']}",
        json={
            "email": "ada@analytical.example",
            "source": token(tokenizer, MC),
            "phone": "4045550199",
            "lastName": "King",
            "shipping": {"name": "Ada King", "address": {"line1": "2 Side St"}},
        },
    )
    assert updated.status_code == 200, updated.text
    result = updated.json()
    assert result["email"] == "ada@analytical.example"
    assert result["name"] == "Ada King"
    assert result["phone"] == "4045550199"
    assert result["shipping"]["name"] == "Ada King"
    assert len(result["sources"]["data"]) == 2
    assert result["sources"]["data"][0] == body["sources"]["data"][0]
    row = sandbox.state.db.one("SELECT body FROM customers WHERE id = ?", (body["id"],))
    assert row is not None
    stored = loads(row["body"])
    assert stored["emailAddresses"][0]["emailAddress"] == "ada@analytical.example"
    assert stored["cards"][1]["cardType"] == "MC"
    bad = ecom.put(f"/v1/customers/{body['id']}", json={"email": "nope"})
    assert error_of(bad)["code"] == "email_invalid"
    missing = ecom.put("/v1/customers/NOSUCHCUSTOM1", json={"phone": "1"})
    assert error_of(missing, 404)["code"] == "resource_missing"


def test_revoke_sources(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    body = customer(ecom, tokenizer, DECLINE)
    ecom.put(f"/v1/customers/{body['id']}", json={"source": token(tokenizer)})
    first = body["sources"]["data"][0]
    response = ecom.delete(f"/v1/customers/{body['id']}/sources/{first}")
    assert response.status_code == 200
    assert response.json() == {"deleted": True, "id": first, "object": "deletedcard"}
    assert error_of(ecom.delete(f"/v1/customers/{body['id']}/sources/{first}"), 404)["code"] == (
        "resource_missing"
    )
    row = sandbox.state.db.one("SELECT body FROM customers WHERE id = ?", (body["id"],))
    assert row is not None
    assert loads(row["body"])["cards"][0]["revoked"] is True
    # The remaining (approving) card is the one charged now.
    charged = ecom.post("/v1/charges", json={"amount": 10, "currency": "usd", "source": body["id"]})
    assert charged.status_code == 200, charged.text
    second = charged.json()["source"]["id"]
    ecom.delete(f"/v1/customers/{body['id']}/sources/{second}")
    none_left = ecom.post(
        "/v1/charges", json={"amount": 10, "currency": "usd", "source": body["id"]}
    )
    assert error_of(none_left)["code"] == "card_on_file_missing"
    assert error_of(ecom.delete(f"/v1/customers/NOSUCHCUSTOM1/sources/{first}"), 404)["code"] == (
        "resource_missing"
    )


def test_charge_card_on_file_contract(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox, admin: httpx.Client
) -> None:
    db = sandbox.state.db
    mid = sandbox.info["merchant_id"]
    good = customer(ecom, tokenizer)
    now = sandbox.state.clock.now_ms()
    rendered = charge_card_on_file(
        db,
        mid,
        good["id"],
        amount=1100,
        tip_amount=0,
        tax_amount=100,
        currency="USD",
        now_ms=now,
        description="Monthly box",
    )
    assert rendered["status"] == "succeeded"
    assert rendered["customer"] == good["id"]
    assert rendered["amount"] == 1100
    assert rendered["tax_amount"] == 100
    assert rendered["currency"] == "usd"
    assert ecom.get(f"/v1/orders/{rendered['order']}").json()["status"] == "paid"
    bad = customer(ecom, tokenizer, DECLINE)
    with pytest.raises(SandboxError) as declined:
        charge_card_on_file(
            db, mid, bad["id"], amount=500, tip_amount=0, tax_amount=0, currency="USD", now_ms=now
        )
    assert declined.value.body["error"]["code"] == "card_declined"
    failed = declined.value.body["error"]["charge"]
    assert ecom.get(f"/v1/charges/{failed}").json()["status"] == "failed"
    ecom.delete(f"/v1/customers/{bad['id']}/sources/{bad['sources']['data'][0]}")
    with pytest.raises(SandboxError) as missing:
        charge_card_on_file(
            db, mid, bad["id"], amount=500, tip_amount=0, tax_amount=0, currency="USD", now_ms=now
        )
    assert missing.value.body["error"]["code"] == "card_on_file_missing"
    assert sorted(c["status"] for c in admin.get("ledger").json()["charges"]) == [
        "failed",
        "succeeded",
    ]


def test_other_merchant_cannot_use_my_customers(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    sandbox: RunningSandbox,
    other_merchant: dict[str, str],
) -> None:
    body = customer(ecom, tokenizer)
    source = body["sources"]["data"][0]
    headers = {"Authorization": f"Bearer {other_merchant['ecommerce_private_token']}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as other:
        put = other.put(f"/v1/customers/{body['id']}", json={"phone": "1"})
        assert error_of(put, 404)["code"] == "resource_missing"
        delete = other.delete(f"/v1/customers/{body['id']}/sources/{source}")
        assert error_of(delete, 404)["code"] == "resource_missing"
        charge = other.post(
            "/v1/charges", json={"amount": 1, "currency": "usd", "source": body["id"]}
        )
        assert error_of(charge, 404)["code"] == "resource_missing"
    assert len(customer(ecom, tokenizer)["sources"]["data"]) == 1
