"""``/v1/charges``: create (sale, auth, alternate tender), list, get and capture."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from v1_http import card_token as token
from v1_http import error_of

from clover_desk.sandbox import RunningSandbox

DECLINES = [
    "4005571702222222",
    "4005578003333335",
    "375987654000004",
    "5424180273333333",
    "4264281511117771",
]


def charge(
    ecom: httpx.Client, tokenizer: httpx.Client, amount: int = 1500, **extra: Any
) -> httpx.Response:
    body: dict[str, Any] = {"amount": amount, "currency": "usd", "source": token(tokenizer)}
    body.update(extra)
    return ecom.post("/v1/charges", json=body, headers={"idempotency-key": str(uuid.uuid4())})


def ledger(admin: httpx.Client) -> dict[str, Any]:
    result: dict[str, Any] = admin.get("ledger").json()
    return result


def test_sale_succeeds(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    response = charge(ecom, tokenizer, 2099, description="Two coffees", tip_amount=300)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["id"]) == 13
    assert body["object"] == "charge"
    assert body["amount"] == 2099
    assert body["amount_captured"] == 2099
    assert body["amount_refunded"] == 0
    assert body["tip_amount"] == 300
    assert body["currency"] == "usd"
    assert body["captured"] is True
    assert body["paid"] is True
    assert body["refunded"] is False
    assert body["status"] == "succeeded"
    assert body["outcome"] == {"network_status": "approved_by_network", "type": "authorized"}
    assert body["source"]["id"].startswith("clv_")
    assert body["source"]["brand"] == "VISA"
    assert body["source"]["first6"] == "424242"
    assert body["source"]["last4"] == "4242"
    assert body["payment_method_details"] == "card"
    assert body["description"] == "Two coffees"
    assert body["auth_code"]
    assert body["ref_num"]
    assert len(body["order"]) == 13
    assert body["refunds"]["data"] == []
    assert "customer" not in body  # absent, not null
    assert "failure_code" not in body


def test_charge_creates_a_paid_order(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    body = charge(ecom, tokenizer, 1800, tax_amount=180, description="Widget").json()
    order = ecom.get(f"/v1/orders/{body['order']}")
    assert order.status_code == 200, order.text
    order_body = order.json()
    assert order_body["status"] == "paid"
    assert order_body["amount"] == 1800
    assert order_body["amount_paid"] == 1800
    assert order_body["charge"] == body["id"]
    assert [item["type"] for item in order_body["items"]] == ["sku", "tax"]
    assert order_body["items"][0]["amount"] == 1620
    assert order_body["items"][0]["description"] == "Widget"
    assert order_body["items"][1]["amount"] == 180
    assert "paid" in order_body["status_transitions"]


def test_charge_order_row_for_v3(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    body = charge(ecom, tokenizer, 1000).json()
    db = sandbox.state.db
    order = db.one("SELECT * FROM orders WHERE id = ?", (body["order"],))
    assert order is not None
    assert order["origin"] == "charge"
    assert order["payment_state"] == "PAID"
    assert order["v1_status"] == "paid"
    assert order["total"] == 1000
    assert db.scalar("SELECT COUNT(*) FROM line_items WHERE order_id = ?", (order["id"],)) == 1


@pytest.mark.parametrize("number", DECLINES)
def test_decline_cards(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client, number: str
) -> None:
    response = ecom.post(
        "/v1/charges",
        json={"amount": 500, "currency": "usd", "source": token(tokenizer, number)},
    )
    error = error_of(response)
    assert error["type"] == "card_error"
    assert error["code"] == "card_declined"
    assert error["decline_code"] == "do_not_honor"
    charge_id = error["charge"]
    failed = ecom.get(f"/v1/charges/{charge_id}").json()
    assert failed["status"] == "failed"
    assert failed["paid"] is False
    assert failed["captured"] is False
    assert failed["failure_code"] == "card_declined"
    assert failed["outcome"]["network_status"] == "declined_by_network"
    entries = ledger(admin)["charges"]
    assert [(c["id"], c["status"]) for c in entries] == [(charge_id, "failed")]
    order = ecom.get(f"/v1/orders/{failed['order']}").json()
    assert order["status"] == "created"


def test_token_is_single_use(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    source = token(tokenizer)
    body = {"amount": 100, "currency": "usd", "source": source}
    assert ecom.post("/v1/charges", json=body).status_code == 200
    error = error_of(ecom.post("/v1/charges", json=body))
    assert error["code"] == "token_already_used"
    assert error["type"] == "invalid_request_error"


def test_declined_token_is_spent_too(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    source = token(tokenizer, DECLINES[0])
    body = {"amount": 100, "currency": "usd", "source": source}
    assert error_of(ecom.post("/v1/charges", json=body))["code"] == "card_declined"
    assert error_of(ecom.post("/v1/charges", json=body))["code"] == "token_already_used"


@pytest.mark.parametrize(
    ("overrides", "code", "param"),
    [
        ({"amount": 100_000_000}, "amount_too_large", "amount"),
        ({"amount": -1}, "invalid_charge_amount", "amount"),
        ({"amount": "12"}, "invalid_charge_amount", "amount"),
        ({"amount": 99_999_999, "tip_amount": 1}, "invalid_charge_amount", "amount"),
        ({"tip_amount": -5}, "invalid_tip_amount", "tip_amount"),
        ({"tip_amount": 1.5}, "invalid_tip_amount", "tip_amount"),
        ({"tax_amount": -5}, "invalid_tax_amount", "tax_amount"),
        ({"tax_amount": 5000}, "invalid_tax_amount", "tax_amount"),
        ({"amount": None}, "invalid_request", "amount"),
        ({"currency": None}, "invalid_request", "currency"),
        ({"currency": "dollars"}, "invalid_request", "currency"),
        ({"source": None}, "invalid_request", "source"),
        ({"capture": "no"}, "invalid_request", "capture"),
        ({"ecomind": "retail"}, "invalid_request", "ecomind"),
        ({"external_reference_id": "ABCDEFGHIJKLM"}, "invalid_request", "external_reference_id"),
        ({"receipt_email": "nobody"}, "email_invalid", "receipt_email"),
        ({"description": "x" * 256}, "invalid_request", "description"),
        ({"metadata": {"k": "v" * 600}}, "invalid_request", "metadata"),
    ],
)
def test_create_validation(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    admin: httpx.Client,
    overrides: dict[str, Any],
    code: str,
    param: str,
) -> None:
    body: dict[str, Any] = {"amount": 1000, "currency": "usd", "source": token(tokenizer)}
    body.update(overrides)
    body = {k: v for k, v in body.items() if v is not None}
    error = error_of(ecom.post("/v1/charges", json=body))
    assert error["code"] == code
    assert error["param"] == param
    assert ledger(admin)["charges"] == []


def test_unknown_sources_are_missing(ecom: httpx.Client) -> None:
    for source in ("clv_1TSTnotatokenatall123", "NOSUCHCUSTOM1"):
        error = error_of(
            ecom.post("/v1/charges", json={"amount": 1, "currency": "usd", "source": source}),
            404,
        )
        assert error["code"] == "resource_missing"


def test_currency_any_case(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    body = {"amount": 100, "currency": "USD", "source": token(tokenizer)}
    assert ecom.post("/v1/charges", json=body).json()["currency"] == "usd"


def test_alternate_tender(ecom: httpx.Client, sandbox: RunningSandbox) -> None:
    response = ecom.post(
        "/v1/charges",
        json={
            "amount": 700,
            "currency": "usd",
            "source": "alternate_tender",
            "tender": {"label_key": "com.clover.tender.cash"},
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "succeeded"
    assert body["tender"] == {"label_key": "com.clover.tender.cash"}
    assert "source" not in body
    row = sandbox.state.db.one("SELECT * FROM charges WHERE id = ?", (body["id"],))
    assert row is not None
    assert row["method"] == "alternate_tender"
    assert row["tender_label_key"] == "com.clover.tender.cash"
    missing = ecom.post(
        "/v1/charges", json={"amount": 1, "currency": "usd", "source": "alternate_tender"}
    )
    assert error_of(missing)["param"] == "tender"
    bad = ecom.post(
        "/v1/charges",
        json={
            "amount": 1,
            "currency": "usd",
            "source": "alternate_tender",
            "tender": {"label_key": "com.clover.tender.bitcoin"},
        },
    )
    assert error_of(bad)["param"] == "tender.label_key"


def test_tax_rate_uuid(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    db = sandbox.state.db
    with db.tx():
        db.insert(
            "inventory",
            {
                "kind": "tax_rate",
                "id": "TAXRATE000001",
                "merchant_id": sandbox.info["merchant_id"],
                "name": "Sales tax",
                "modified_ms": 0,
                "body": {"name": "Sales tax", "rate": 1_000_000},
            },
        )
    body = charge(ecom, tokenizer, 1100, tax_rate_uuid="TAXRATE000001").json()
    assert body["tax_amount"] == 100
    error = error_of(charge(ecom, tokenizer, 1100, tax_rate_uuid="NOSUCHTAXRAT"), 404)
    assert error["code"] == "resource_missing"


# ------------------------------------------------------------------ auth and capture


def test_auth_then_partial_capture(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    auth = charge(ecom, tokenizer, 5000, capture=False).json()
    assert auth["captured"] is False
    assert auth["paid"] is True
    assert auth["amount_captured"] == 0
    assert ecom.get(f"/v1/orders/{auth['order']}").json()["status"] == "created"
    too_much = ecom.post(f"/v1/charges/{auth['id']}/capture", json={"amount": 5001})
    assert error_of(too_much)["param"] == "amount"
    zero = ecom.post(f"/v1/charges/{auth['id']}/capture", json={"amount": 0})
    assert error_of(zero)["param"] == "amount"
    captured = ecom.post(
        f"/v1/charges/{auth['id']}/capture",
        json={"amount": 4200},
        headers={"idempotency-key": str(uuid.uuid4())},
    )
    assert captured.status_code == 200, captured.text
    assert captured.json()["captured"] is True
    assert captured.json()["amount_captured"] == 4200
    assert captured.json()["amount"] == 5000
    order = ecom.get(f"/v1/orders/{auth['order']}").json()
    assert order["status"] == "paid"
    assert order["amount_paid"] == 4200
    again = ecom.post(f"/v1/charges/{auth['id']}/capture", json={})
    assert error_of(again)["code"] == "charge_already_captured"


def test_full_capture_by_default(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    auth = charge(ecom, tokenizer, 2500, capture=False).json()
    captured = ecom.post(f"/v1/charges/{auth['id']}/capture").json()
    assert captured["amount_captured"] == 2500


def test_capture_errors(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    sale = charge(ecom, tokenizer, 100).json()
    assert (
        error_of(ecom.post(f"/v1/charges/{sale['id']}/capture"))["code"]
        == "charge_already_captured"
    )
    missing = error_of(ecom.post("/v1/charges/NOSUCHCHARGE1/capture"), 404)
    assert missing["code"] == "resource_missing"
    declined = ecom.post(
        "/v1/charges",
        json={"amount": 100, "currency": "usd", "source": token(tokenizer, DECLINES[0])},
    ).json()["error"]["charge"]
    assert error_of(ecom.post(f"/v1/charges/{declined}/capture"))["code"] == "invalid_request"


# ------------------------------------------------------------------ list and get


def test_get_missing_charge(ecom: httpx.Client) -> None:
    response = ecom.get("/v1/charges/NOSUCHCHARGE1")
    assert response.status_code == 404
    assert response.json() == {
        "message": "404 Not Found",
        "error": {
            "type": "invalid_request_error",
            "code": "resource_missing",
            "message": "No such charge: 'NOSUCHCHARGE1'",
        },
    }


def test_list_paging_and_filters(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    ids = []
    times = []
    for amount in (100, 200, 300, 400, 500):
        body = charge(ecom, tokenizer, amount).json()
        ids.append(body["id"])
        times.append(body["created"])
        admin.post("clock", json={"advance_ms": 1000})
    first = ecom.get("/v1/charges", params={"limit": 2}).json()
    assert first["object"] == "list"
    assert first["url"] == "/v1/charges"
    assert first["has_more"] is True
    assert [c["id"] for c in first["data"]] == ids[::-1][:2]
    second = ecom.get("/v1/charges", params={"limit": 2, "starting_after": ids[3]}).json()
    assert [c["id"] for c in second["data"]] == [ids[2], ids[1]]
    last = ecom.get("/v1/charges", params={"limit": 2, "starting_after": ids[1]}).json()
    assert [c["id"] for c in last["data"]] == [ids[0]]
    assert last["has_more"] is False
    back = ecom.get("/v1/charges", params={"limit": 2, "ending_before": ids[1]}).json()
    assert [c["id"] for c in back["data"]] == [ids[3], ids[2]]
    window = ecom.get(
        "/v1/charges", params={"created.gte": times[1], "created.lt": times[3]}
    ).json()
    assert [c["id"] for c in window["data"]] == [ids[2], ids[1]]
    everything = ecom.get("/v1/charges").json()
    assert len(everything["data"]) == 5
    assert ecom.get("/v1/charges", params={"customer": "NOSUCHCUSTOM1"}).json()["data"] == []
    assert error_of(ecom.get("/v1/charges", params={"limit": 101}))["param"] == "limit"
    assert error_of(ecom.get("/v1/charges", params={"starting_after": "NOPE"}))["code"] == (
        "resource_missing"
    )


def test_charges_need_a_bearer_token(sandbox: RunningSandbox, tokenizer: httpx.Client) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        for response in (
            client.get("/v1/charges"),
            client.post("/v1/charges", json={"amount": 1, "currency": "usd", "source": "x"}),
            client.get("/v1/charges", headers={"apikey": sandbox.info["pakms_key"]}),
        ):
            assert response.status_code == 401
            assert response.json() == {"message": "401 Unauthorized"}


# ------------------------------------------------------------------ idempotency


def test_idempotent_replay(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    body = {"amount": 1234, "currency": "usd", "source": token(tokenizer)}
    key = str(uuid.uuid4())
    first = ecom.post("/v1/charges", json=body, headers={"idempotency-key": key})
    second = ecom.post("/v1/charges", json=body, headers={"idempotency-key": key})
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    charges = ledger(admin)["charges"]
    assert len(charges) == 1
    assert charges[0]["idempotency_key"] == key
    other = ecom.post("/v1/charges", json={**body, "amount": 999}, headers={"idempotency-key": key})
    assert error_of(other)["type"] == "idempotency_error"
    assert len(ledger(admin)["charges"]) == 1


def test_idempotent_decline_replay(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    body = {"amount": 1234, "currency": "usd", "source": token(tokenizer, DECLINES[1])}
    key = str(uuid.uuid4())
    first = ecom.post("/v1/charges", json=body, headers={"idempotency-key": key})
    second = ecom.post("/v1/charges", json=body, headers={"idempotency-key": key})
    assert first.status_code == second.status_code == 400
    assert first.json() == second.json()
    assert len(ledger(admin)["charges"]) == 1


def test_capture_is_idempotent(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    auth = charge(ecom, tokenizer, 800, capture=False).json()
    key = str(uuid.uuid4())
    url = f"/v1/charges/{auth['id']}/capture"
    first = ecom.post(url, json={"amount": 500}, headers={"idempotency-key": key})
    second = ecom.post(url, json={"amount": 500}, headers={"idempotency-key": key})
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert ecom.get(f"/v1/charges/{auth['id']}").json()["amount_captured"] == 500


def test_no_key_is_accepted(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    body = {"amount": 50, "currency": "usd", "source": token(tokenizer)}
    assert ecom.post("/v1/charges", json=body).status_code == 200
    assert ledger(admin)["charges"][0]["idempotency_key"] is None


# ------------------------------------------------------------------ isolation


def test_other_merchant_sees_nothing(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    sandbox: RunningSandbox,
    other_merchant: dict[str, str],
) -> None:
    mine = charge(ecom, tokenizer, 900, capture=False).json()
    headers = {"Authorization": f"Bearer {other_merchant['ecommerce_private_token']}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as other:
        assert error_of(other.get(f"/v1/charges/{mine['id']}"), 404)["code"] == "resource_missing"
        capture = other.post(f"/v1/charges/{mine['id']}/capture")
        assert error_of(capture, 404)["code"] == "resource_missing"
        assert other.get("/v1/charges").json()["data"] == []
        # A token minted with my key is unknown to the other merchant.
        stolen = other.post(
            "/v1/charges", json={"amount": 1, "currency": "usd", "source": token(tokenizer)}
        )
        assert error_of(stolen, 404)["code"] == "resource_missing"
    assert ecom.get(f"/v1/charges/{mine['id']}").json()["captured"] is False
