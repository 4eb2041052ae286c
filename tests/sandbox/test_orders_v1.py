"""``/v1/orders``: create (with tax), list, get, pay (tip, split, card on file) and returns."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from v1_http import card_token as token
from v1_http import error_of

from clover_desk.sandbox import RunningSandbox

DECLINE = "4005571702222222"


def add_inventory(
    sandbox: RunningSandbox, kind: str, object_id: str, name: str, **body: Any
) -> None:
    db = sandbox.state.db
    with db.tx():
        db.insert(
            "inventory",
            {
                "kind": kind,
                "id": object_id,
                "merchant_id": sandbox.info["merchant_id"],
                "name": name,
                "modified_ms": 0,
                "body": {"name": name, **body},
            },
        )


def make_order(
    ecom: httpx.Client, items: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "currency": "usd",
        "email": "shopper@example.com",
        "items": items or [{"amount": 1400, "description": "Lunch", "quantity": 1}],
    }
    body.update(extra)
    response = ecom.post("/v1/orders", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def pay(ecom: httpx.Client, order_id: str, key: str | None = None, **body: Any) -> httpx.Response:
    headers = {"idempotency-key": key} if key else {}
    return ecom.post(f"/v1/orders/{order_id}/pay", json=body, headers=headers)


def line_items(sandbox: RunningSandbox, order_id: str) -> list[Any]:
    return sandbox.state.db.query(
        "SELECT * FROM line_items WHERE order_id = ? ORDER BY created_ms, id", (order_id,)
    )


# ------------------------------------------------------------------ create, get, list


def test_create_with_tax_rates(ecom: httpx.Client, sandbox: RunningSandbox) -> None:
    add_inventory(sandbox, "tax_rate", "TAXRATE000001", "State tax", rate=800_000)
    add_inventory(sandbox, "item", "ITEM000000001", "Mug", price=500)
    order = make_order(
        ecom,
        [
            {
                "amount": 500,
                "parent": "ITEM000000001",
                "quantity": 3,
                "type": "sku",
                "tax_rates": [{"name": "State", "tax_rate_uuid": "TAXRATE000001"}],
            },
            {
                "amount": 1000,
                "description": "Tea",
                "tax_rates": [
                    {"name": "City", "rate": 1_000_000},
                    {"name": "Flat", "tax_amount": 5},
                ],
            },
            {"amount": 700, "description": "Shipping", "type": "shipping"},
        ],
        shipping={"name": "Ada", "address": {"line1": "1 Main", "city": "Atlanta"}},
        metadata={"note": "gift"},
    )
    assert order["object"] == "order"
    assert order["status"] == "created"
    assert order["currency"] == "usd"
    assert order["email"] == "shopper@example.com"
    # 1500 + 1000 + 700 = 3200; tax 8% of 1500 = 120, 10% of 1000 = 100, flat 5.
    assert order["amount"] == 3425
    assert order["items"][-1] == {
        "type": "tax",
        "amount": 225,
        "currency": "usd",
        "description": "Sales Tax",
        "quantity": 1,
    }
    assert order["items"][0]["parent"] == "ITEM000000001"
    assert order["shipping"]["name"] == "Ada"
    assert order["metadata"] == {"note": "gift"}
    assert "amount_paid" not in order
    lines = line_items(sandbox, order["id"])
    assert [(line["name"], line["price"]) for line in lines] == [
        ("Mug", 500),
        ("Mug", 500),
        ("Mug", 500),
        ("Tea", 1000),
        ("Shipping", 700),
    ]
    row = sandbox.state.db.one("SELECT * FROM orders WHERE id = ?", (order["id"],))
    assert row is not None
    assert (row["origin"], row["total"], row["tax_amount"], row["payment_state"]) == (
        "v1",
        3425,
        225,
        "OPEN",
    )
    assert ecom.get(f"/v1/orders/{order['id']}").json() == order


@pytest.mark.parametrize(
    ("body", "status", "code", "param"),
    [
        ({"currency": None}, 400, "invalid_request", "currency"),
        ({"items": []}, 400, "invalid_request", "items"),
        ({"items": [{"amount": 1, "type": "gift"}]}, 400, "invalid_request", "items[0]"),
        ({"items": [{"description": "no amount"}]}, 400, "invalid_request", "items[0].amount"),
        ({"items": [{"amount": 1, "quantity": 0}]}, 400, "invalid_request", "items[0].quantity"),
        ({"items": [{"amount": 1}] * 26}, 400, "invalid_request", "items"),
        ({"email": "bad@"}, 400, "email_invalid", "email"),
        ({"metadata": "x"}, 400, "invalid_request", "metadata"),
        ({"customer": "NOSUCHCUSTOM1"}, 404, "resource_missing", None),
        ({"items": [{"amount": 1, "parent": "NOSUCHITEM001"}]}, 404, "resource_missing", None),
        (
            {"items": [{"amount": 1, "tax_rates": [{"tax_rate_uuid": "NOSUCHRATE001"}]}]},
            404,
            "resource_missing",
            None,
        ),
        (
            {"items": [{"amount": 1, "tax_rates": [{"name": "x"}]}]},
            400,
            "invalid_request",
            "items[0].tax_rates[0]",
        ),
        ({"items": [{"amount": 100_000_000}]}, 400, "amount_too_large", "items"),
    ],
)
def test_create_validation(
    ecom: httpx.Client, body: dict[str, Any], status: int, code: str, param: str | None
) -> None:
    payload = {"currency": "usd", "items": [{"amount": 100}], **body}
    payload = {k: v for k, v in payload.items() if v is not None}
    error = error_of(ecom.post("/v1/orders", json=payload), status)
    assert error["code"] == code
    assert error.get("param") == param


def test_list_and_filters(ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client) -> None:
    made = []
    for _ in range(4):
        made.append(make_order(ecom))
        admin.post("clock", json={"advance_ms": 1000})
    assert pay(ecom, made[1]["id"], source=token(tokenizer)).status_code == 200
    listing = ecom.get("/v1/orders", params={"limit": 3}).json()
    assert listing["url"] == "/v1/orders"
    assert listing["has_more"] is True
    assert [o["id"] for o in listing["data"]] == [o["id"] for o in made[::-1][:3]]
    paid = ecom.get("/v1/orders", params={"status": "paid"}).json()
    assert [o["id"] for o in paid["data"]] == [made[1]["id"]]
    created = ecom.get("/v1/orders", params={"status": "created"}).json()
    assert len(created["data"]) == 3
    chosen = ecom.get("/v1/orders", params={"ids[]": [made[0]["id"], made[2]["id"]]}).json()
    assert {o["id"] for o in chosen["data"]} == {made[0]["id"], made[2]["id"]}
    assert ecom.get("/v1/orders", params={"customer": "NOSUCHCUSTOM1"}).json()["data"] == []


def test_missing_order(ecom: httpx.Client) -> None:
    for response in (
        ecom.get("/v1/orders/NOSUCHORDER01"),
        ecom.post("/v1/orders/NOSUCHORDER01/pay", json={"source": "x"}),
        ecom.post("/v1/orders/NOSUCHORDER01/returns"),
    ):
        assert error_of(response, 404)["code"] == "resource_missing"


# ------------------------------------------------------------------ pay


def test_pay_with_tip(ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client) -> None:
    order = make_order(ecom)
    response = pay(ecom, order["id"], source=token(tokenizer), tip_amount=200)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == order["id"]
    assert body["status"] == "paid"
    assert body["amount"] == 1400
    assert body["amount_paid"] == 1400
    assert body["tip_amount"] == 200
    assert len(body["charge"]) == 13
    assert body["source"] == {
        "brand": "VISA",
        "first6": "424242",
        "last4": "4242",
        "exp_month": "12",
        "exp_year": "2031",
        "funding": "credit",
        "cvc_check": "pass",
    }
    assert body["auth_code"]
    assert body["ref_num"]
    assert "paid" in body["status_transitions"]
    assert "past_charges" not in body
    charges = admin.get("ledger").json()["charges"]
    assert [(c["order"], c["amount"], c["tip_amount"]) for c in charges] == [
        (order["id"], 1400, 200)
    ]
    again = pay(ecom, order["id"], source=token(tokenizer))
    assert error_of(again)["code"] == "order_already_paid"


def test_split_payment(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    order = make_order(ecom)
    first = pay(ecom, order["id"], source=token(tokenizer), amount=1000, tip_amount=100).json()
    assert first["amount_paid"] == 1000
    assert first["status"] == "created"
    tip_again = pay(ecom, order["id"], source=token(tokenizer), amount=400, tip_amount=50)
    assert error_of(tip_again)["code"] == "invalid_tip_amount"
    over = pay(ecom, order["id"], source=token(tokenizer), amount=401)
    assert error_of(over)["param"] == "amount"
    second = pay(ecom, order["id"], source=token(tokenizer), amount=400).json()
    assert second["amount_paid"] == 1400
    assert second["status"] == "paid"
    assert second["past_charges"] == [first["charge"]]
    assert second["charge"] != first["charge"]


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({"amount": 100_000_000}, "amount_too_large", "amount"),
        ({"tip_amount": -1}, "invalid_tip_amount", "tip_amount"),
        ({"email": "nope"}, "email_invalid", "email"),
        ({"currency": "cad"}, "invalid_request", "currency"),
        ({"source": None}, "invalid_request", "source"),
    ],
)
def test_pay_validation(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    admin: httpx.Client,
    body: dict[str, Any],
    code: str,
    param: str,
) -> None:
    order = make_order(ecom)
    payload = {k: v for k, v in {"source": token(tokenizer), **body}.items() if v is not None}
    error = error_of(pay(ecom, order["id"], **payload))
    assert error["code"] == code
    assert error["param"] == param
    assert admin.get("ledger").json()["charges"] == []


def test_pay_needs_an_email(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    response = ecom.post("/v1/orders", json={"currency": "usd", "items": [{"amount": 100}]})
    order = response.json()
    assert "email" not in order
    assert error_of(pay(ecom, order["id"], source=token(tokenizer)))["param"] == "email"
    paid = pay(ecom, order["id"], source=token(tokenizer), email="late@example.com").json()
    assert paid["email"] == "late@example.com"


def test_pay_decline_and_delete_on_failure(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    order = make_order(ecom)
    error = error_of(pay(ecom, order["id"], source=token(tokenizer, DECLINE)))
    assert error["code"] == "card_declined"
    failed = ecom.get(f"/v1/charges/{error['charge']}").json()
    assert failed["order"] == order["id"]
    assert ecom.get(f"/v1/orders/{order['id']}").json()["status"] == "created"
    doomed = make_order(ecom)
    error = error_of(
        pay(
            ecom,
            doomed["id"],
            source=token(tokenizer, DECLINE),
            metadata={"delete_order_on_failure": True},
        )
    )
    assert error["code"] == "card_declined"
    assert ecom.get(f"/v1/orders/{doomed['id']}").status_code == 404


def test_pay_with_card_on_file_and_alternate_tender(
    ecom: httpx.Client, tokenizer: httpx.Client
) -> None:
    customer = ecom.post(
        "/v1/customers", json={"email": "regular@example.com", "source": token(tokenizer)}
    ).json()
    order = make_order(ecom, customer=customer["id"])
    paid = pay(ecom, order["id"]).json()
    assert paid["status"] == "paid"
    charge = ecom.get(f"/v1/charges/{paid['charge']}").json()
    assert charge["customer"] == customer["id"]
    assert charge["source"]["id"] == customer["sources"]["data"][0]
    by_body = make_order(ecom)
    assert pay(ecom, by_body["id"], customer=customer["id"]).json()["customer"] == customer["id"]
    cash = make_order(ecom)
    paid_cash = pay(
        ecom,
        cash["id"],
        source="alternate_tender",
        tender={"label_key": "com.clover.tender.cash"},
    ).json()
    assert paid_cash["status"] == "paid"
    assert "source" not in paid_cash


def test_pay_is_idempotent(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    order = make_order(ecom)
    body = {"source": token(tokenizer)}
    key = str(uuid.uuid4())
    first = pay(ecom, order["id"], key, **body)
    second = pay(ecom, order["id"], key, **body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(admin.get("ledger").json()["charges"]) == 1
    assert error_of(pay(ecom, order["id"], key, source="other"))["type"] == "idempotency_error"


# ------------------------------------------------------------------ returns


def test_whole_order_return(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client, sandbox: RunningSandbox
) -> None:
    order = make_order(
        ecom,
        [{"amount": 500, "quantity": 2, "tax_rates": [{"name": "T", "rate": 1_000_000}]}],
    )
    pay(ecom, order["id"], source=token(tokenizer), tip_amount=150)
    unpaid = make_order(ecom)
    assert error_of(ecom.post(f"/v1/orders/{unpaid['id']}/returns"))["code"] == "invalid_request"
    key = str(uuid.uuid4())
    response = ecom.post(f"/v1/orders/{order['id']}/returns", headers={"idempotency-key": key})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "returned"
    assert body["amount_returned"] == 1250  # 1000 + 100 tax + 150 tip
    assert [r["amount"] for r in body["returns"]] == [1250]
    replay = ecom.post(f"/v1/orders/{order['id']}/returns", headers={"idempotency-key": key})
    assert replay.json() == body
    refunds = admin.get("ledger").json()["refunds"]
    assert len(refunds) == 1
    assert refunds[0]["kind"] == "return"
    assert refunds[0]["idempotency_key"] == key
    assert sorted(refunds[0]["line_items"]) == sorted(
        line["id"] for line in line_items(sandbox, order["id"])
    )
    assert all(line["refunded"] for line in line_items(sandbox, order["id"]))
    row = sandbox.state.db.one("SELECT * FROM orders WHERE id = ?", (order["id"],))
    assert row is not None
    assert (row["payment_state"], row["v1_status"]) == ("REFUNDED", "returned")
    again = ecom.post(f"/v1/orders/{order['id']}/returns")
    assert error_of(again)["code"] == "invalid_request"
    charge = ecom.get(f"/v1/charges/{body['charge']}").json()
    assert charge["refunded"] is True
    assert error_of(ecom.post("/v1/refunds", json={"charge": charge["id"]}))["code"] == (
        "charge_already_refunded"
    )


def test_partial_returns(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox, admin: httpx.Client
) -> None:
    add_inventory(sandbox, "item", "ITEM000000002", "Scone", price=300)
    order = make_order(
        ecom,
        [
            {"amount": 300, "parent": "ITEM000000002", "quantity": 3},
            {"amount": 800, "description": "Coffee beans"},
        ],
    )
    pay(ecom, order["id"], source=token(tokenizer))
    beans = next(
        line for line in line_items(sandbox, order["id"]) if line["name"] == "Coffee beans"
    )
    first = ecom.post(
        f"/v1/orders/{order['id']}/returns",
        json={"items": [{"parent": beans["id"], "amount": 800, "type": "sku"}]},
    )
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "paid"
    assert first.json()["amount_returned"] == 800
    twice = ecom.post(
        f"/v1/orders/{order['id']}/returns",
        json={"items": [{"parent": beans["id"], "amount": 100, "type": "sku"}]},
    )
    assert error_of(twice)["param"] == "items[0].parent"
    too_many = ecom.post(
        f"/v1/orders/{order['id']}/returns",
        json={"items": [{"parent": "ITEM000000002", "amount": 100, "type": "sku", "quantity": 4}]},
    )
    assert error_of(too_many)["param"] == "items[0].quantity"
    too_much = ecom.post(
        f"/v1/orders/{order['id']}/returns",
        json={"items": [{"parent": "ITEM000000002", "amount": 901, "type": "sku", "quantity": 2}]},
    )
    assert error_of(too_much)["code"] == "invalid_request"
    missing_type = ecom.post(
        f"/v1/orders/{order['id']}/returns",
        json={"items": [{"parent": "ITEM000000002", "amount": 100}]},
    )
    assert error_of(missing_type)["param"] == "items[0].type"
    second = ecom.post(
        f"/v1/orders/{order['id']}/returns",
        json={"items": [{"parent": "ITEM000000002", "amount": 600, "type": "sku", "quantity": 2}]},
    ).json()
    assert second["amount_returned"] == 1400
    refunded = [line["refunded"] for line in line_items(sandbox, order["id"])]
    assert sorted(refunded) == [0, 1, 1, 1]
    last = ecom.post(f"/v1/orders/{order['id']}/returns").json()
    assert last["status"] == "returned"
    assert last["amount_returned"] == 1700
    assert sum(r["amount"] for r in admin.get("ledger").json()["refunds"]) == 1700


def test_return_spans_split_payments(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client
) -> None:
    order = make_order(ecom)
    pay(ecom, order["id"], source=token(tokenizer), amount=1000)
    pay(ecom, order["id"], source=token(tokenizer), amount=400)
    body = ecom.post(f"/v1/orders/{order['id']}/returns").json()
    assert sorted(r["amount"] for r in body["returns"]) == [400, 1000]
    charges = admin.get("ledger").json()["charges"]
    assert all(c["amount_refunded"] == c["amount_captured"] for c in charges)


def test_other_merchant_cannot_touch_orders(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    sandbox: RunningSandbox,
    other_merchant: dict[str, str],
) -> None:
    order = make_order(ecom)
    pay(ecom, order["id"], source=token(tokenizer))
    headers = {"Authorization": f"Bearer {other_merchant['ecommerce_private_token']}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as other:
        assert error_of(other.get(f"/v1/orders/{order['id']}"), 404)["code"] == "resource_missing"
        returns = other.post(f"/v1/orders/{order['id']}/returns")
        assert error_of(returns, 404)["code"] == "resource_missing"
        assert other.get("/v1/orders").json()["data"] == []
    assert ecom.get(f"/v1/orders/{order['id']}").json()["status"] == "paid"


# ------------------------------------------------------------------ orders made elsewhere


def test_register_orders_render_as_v1(ecom: httpx.Client, sandbox: RunningSandbox) -> None:
    db = sandbox.state.db
    mid = sandbox.info["merchant_id"]
    with db.tx():
        db.insert(
            "orders",
            {
                "id": "POSORDER00001",
                "merchant_id": mid,
                "origin": "pos",
                "created_ms": 1_000,
                "client_created_ms": 1_000,
                "modified_ms": 1_000,
                "currency": "USD",
                "state": "locked",
                "payment_state": "PAID",
                "total": 1188,
                "tax_amount": 88,
            },
        )
        for n, (item, name, price) in enumerate(
            [
                ("ITEMLATTE0001", "Latte", 450),
                ("ITEMLATTE0001", "Latte", 450),
                (None, "Cookie", 200),
            ]
        ):
            db.insert(
                "line_items",
                {
                    "id": f"POSLINE00000{n}",
                    "merchant_id": mid,
                    "order_id": "POSORDER00001",
                    "created_ms": 1_000 + n,
                    "item_id": item,
                    "name": name,
                    "price": price,
                },
            )
    order = ecom.get("/v1/orders/POSORDER00001").json()
    assert order["status"] == "paid"
    assert order["amount"] == 1188
    assert order["items"] == [
        {
            "type": "sku",
            "amount": 450,
            "currency": "usd",
            "description": "Latte",
            "quantity": 2,
            "parent": "ITEMLATTE0001",
        },
        {"type": "sku", "amount": 200, "currency": "usd", "description": "Cookie", "quantity": 1},
        {"type": "tax", "amount": 88, "currency": "usd", "description": "Sales Tax", "quantity": 1},
    ]
    assert ecom.get("/v1/orders", params={"status": "paid"}).json()["data"][0]["id"] == (
        "POSORDER00001"
    )


def test_demo_orders_render(demo_sandbox: RunningSandbox) -> None:
    token = demo_sandbox.info["ecommerce_private_token"]
    with httpx.Client(
        base_url=demo_sandbox.base_url, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        page = client.get("/v1/orders", params={"limit": 100}).json()
        assert len(page["data"]) == 100
        assert page["has_more"] is True
        for order in page["data"]:
            assert order["object"] == "order"
            assert order["items"]
            assert all(item["quantity"] >= 1 for item in order["items"])
        charges = client.get("/v1/charges", params={"limit": 20}).json()["data"]
        assert charges
        for charge in charges:
            assert client.get(f"/v1/orders/{charge['order']}").status_code == 200
