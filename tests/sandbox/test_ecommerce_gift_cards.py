"""Clover gift cards: activate, balance, reload, cashout, redemption, locks, voids."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from v1_http import error_of

from clover_desk.sandbox import RunningSandbox
from clover_desk.sandbox.db import loads

NUMBER = "7777320000012100"
DAY_MS = 24 * 3600 * 1000


def gtoken(tokenizer: httpx.Client, number: str = NUMBER, field: str = "number") -> str:
    response = tokenizer.post("/v1/tokens", json={"gift_card": {field: number}})
    assert response.status_code == 200, response.text
    value: str = response.json()["id"]
    return value


def ctoken(tokenizer: httpx.Client) -> str:
    card = {"number": "4242424242424242", "exp_month": "1", "exp_year": "40", "cvv": "123"}
    response = tokenizer.post("/v1/tokens", json={"card": card})
    value: str = response.json()["id"]
    return value


def activate(
    ecom: httpx.Client, tokenizer: httpx.Client, amount: int = 5000, number: str = NUMBER
) -> dict[str, Any]:
    response = ecom.post(
        "/v1/activate",
        json={"source": gtoken(tokenizer, number), "amount": amount, "currency": "usd"},
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def balance(ecom: httpx.Client, tokenizer: httpx.Client, number: str = NUMBER) -> dict[str, Any]:
    response = ecom.post("/v1/balance_inquiry", json={"source": gtoken(tokenizer, number)})
    assert response.status_code == 200, response.text
    gift: dict[str, Any] = response.json()["gift_card"]
    return gift


def redeem(
    ecom: httpx.Client, tokenizer: httpx.Client, amount: int, **extra: Any
) -> httpx.Response:
    body = {"source": gtoken(tokenizer), "amount": amount, "currency": "usd", **extra}
    return ecom.post("/v1/charges", json=body)


def adds_up(sandbox: RunningSandbox, number: str = NUMBER) -> int:
    row = sandbox.state.db.one("SELECT * FROM gift_cards WHERE number = ?", (number,))
    assert row is not None
    history = loads(row["body"])["history"]
    assert sum(entry["amount"] for entry in history) == row["balance"]
    assert history[-1]["balance_after"] == row["balance"]
    balance: int = row["balance"]
    return balance


# ------------------------------------------------------------------ activate, balance


def test_activate_physical(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    body = activate(ecom, tokenizer)
    assert len(body["id"]) == 13
    assert body["amount"] == 5000
    assert body["status"] == "succeeded"
    assert body["paid"] is True
    assert body["outcome"] == {"network_status": "approved_by_network", "type": "authorized"}
    assert body["payment_method_details"] == "giftCard"
    assert body["source"]["brand"] == "GIFT_CARD"
    assert body["source"]["first6"] == "777732"
    assert body["source"]["last4"] == "2100"
    assert body["gift_card"]["previous_balance"] == 0
    assert body["gift_card"]["new_balance"] == 5000
    assert body["gift_card"]["lock_amount"] == 0
    assert len(body["gift_card"]["expiration_date"]) == 10
    assert "number" not in body["gift_card"]
    assert adds_up(sandbox) == 5000
    gift = balance(ecom, tokenizer)
    assert gift["previous_balance"] == gift["new_balance"] == 5000
    again = ecom.post(
        "/v1/activate", json={"source": gtoken(tokenizer), "amount": 100, "currency": "usd"}
    )
    assert error_of(again)["param"] == "source"


def test_activate_virtual_with_promo_code(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    response = ecom.post(
        "/v1/activate",
        json={"virtual_promo_code": "SPRING24", "amount": 2500, "currency": "usd"},
    )
    assert response.status_code == 200, response.text
    number = response.json()["gift_card"]["number"]
    assert len(number) == 16
    assert number.isdigit()
    assert balance(ecom, tokenizer, number)["new_balance"] == 2500


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"amount": None}, "amount"),
        ({"amount": 0}, "amount"),
        ({"currency": None}, "currency"),
        ({"source": None}, "source"),
        ({"source": "not-a-token"}, "source"),
    ],
)
def test_activate_validation(
    ecom: httpx.Client, tokenizer: httpx.Client, body: dict[str, Any], param: str
) -> None:
    payload = {"source": gtoken(tokenizer), "amount": 1000, "currency": "usd", **body}
    payload = {k: v for k, v in payload.items() if v is not None}
    assert error_of(ecom.post("/v1/activate", json=payload))["param"] == param


def test_card_token_is_not_a_gift_card(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    response = ecom.post("/v1/balance_inquiry", json={"source": ctoken(tokenizer)})
    assert error_of(response)["param"] == "source"


def test_unknown_card_declines(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    inquiry = ecom.post(
        "/v1/balance_inquiry", json={"source": gtoken(tokenizer, "7777329999999999")}
    )
    error = error_of(inquiry)
    assert (error["type"], error["code"], error["decline_code"]) == (
        "card_error",
        "card_declined",
        "invalid_account",
    )
    charge = redeem(ecom, tokenizer, 100)
    error = error_of(charge)
    assert error["decline_code"] == "invalid_account"
    assert ecom.get(f"/v1/charges/{error['charge']}").json()["status"] == "failed"


# ------------------------------------------------------------------ reload, cashout


def test_reload_and_cashout(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    activate(ecom, tokenizer, 2000)
    reload = ecom.post(
        "/v1/reload", json={"source": gtoken(tokenizer), "amount": 1500, "currency": "usd"}
    )
    assert reload.status_code == 200, reload.text
    assert reload.json()["amount"] == 1500
    assert reload.json()["status"] == "succeeded"
    assert reload.json()["ref_num"]
    assert reload.json()["gift_card"]["new_balance"] == 3500
    wrong = ecom.post(
        "/v1/reload", json={"source": gtoken(tokenizer), "amount": 100, "currency": "cad"}
    )
    assert error_of(wrong)["param"] == "currency"
    cashout = ecom.post("/v1/cashout", json={"source": gtoken(tokenizer)})
    assert cashout.status_code == 200, cashout.text
    assert cashout.json()["amount"] == 3500
    assert cashout.json()["gift_card"]["new_balance"] == 0
    empty = ecom.post("/v1/cashout", json={"source": gtoken(tokenizer)})
    assert error_of(empty)["code"] == "invalid_request"
    assert adds_up(sandbox) == 0


def test_void_reload_and_cashout(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox, admin: httpx.Client
) -> None:
    activate(ecom, tokenizer, 2000)
    reload = ecom.post(
        "/v1/reload", json={"source": gtoken(tokenizer), "amount": 1000, "currency": "usd"}
    ).json()
    void = ecom.post("/v1/refunds", json={"charge": reload["id"]})
    assert void.status_code == 200, void.text
    assert void.json()["amount"] == 1000
    assert void.json()["metadata"]["refundType"] == "VOID"
    assert void.json()["metadata"]["gatewayResponseCode"] == "00"
    assert void.json()["gift_card"]["new_balance"] == 2000
    assert error_of(ecom.post("/v1/refunds", json={"charge": reload["id"]}))["code"] == (
        "charge_already_refunded"
    )
    cashout = ecom.post("/v1/cashout", json={"source": gtoken(tokenizer)}).json()
    restored = ecom.post("/v1/refunds", json={"charge": cashout["id"]}).json()
    assert restored["gift_card"]["new_balance"] == 2000
    assert adds_up(sandbox) == 2000
    kinds = [r["kind"] for r in admin.get("ledger").json()["refunds"]]
    assert kinds == ["void", "void"]


# ------------------------------------------------------------------ redemption


def test_full_redemption_and_refund(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    activate(ecom, tokenizer, 5000)
    response = redeem(ecom, tokenizer, 1200, partial_redemption=True)
    assert response.status_code == 200, response.text
    charge = response.json()
    assert charge["payment_method_details"] == "giftCard"
    assert charge["captured"] is True
    assert charge["amount"] == 1200
    assert charge["source"]["brand"] == "GIFT_CARD"
    assert charge["gift_card"]["previous_balance"] == 5000
    assert charge["gift_card"]["new_balance"] == 3800
    assert "partial_auth" not in charge
    assert ecom.get(f"/v1/orders/{charge['order']}").json()["status"] == "paid"
    refund = ecom.post("/v1/refunds", json={"charge": charge["id"], "amount": 200}).json()
    assert refund["gift_card"]["new_balance"] == 4000
    assert refund["metadata"]["refundType"] == "VOID"
    assert adds_up(sandbox) == 4000
    cancel = ecom.post(f"/v1/refunds/{refund['id']}/cancel", json={"reason": "USER_CANCEL"})
    assert cancel.status_code == 200, cancel.text
    assert cancel.json()["object"] == "void_on_refund"
    assert cancel.json()["status"] == "succeeded"
    assert cancel.json()["amount"] == 200
    assert cancel.json()["charge"] == charge["id"]
    assert cancel.json()["gift_card"]["new_balance"] == 3800
    assert ecom.get(f"/v1/refunds/{refund['id']}").json()["status"] == "canceled"
    assert ecom.get(f"/v1/charges/{charge['id']}").json()["amount_refunded"] == 0
    twice = ecom.post(f"/v1/refunds/{refund['id']}/cancel", json={"reason": "USER_CANCEL"})
    assert error_of(twice)["code"] == "invalid_request"
    assert adds_up(sandbox) == 3800


def test_partial_redemption(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    activate(ecom, tokenizer, 1000)
    charge = redeem(ecom, tokenizer, 1500, partial_redemption=True).json()
    assert charge["amount"] == 1000
    assert charge["partial_auth"] is True
    assert "warning_message" not in charge
    assert charge["gift_card"]["new_balance"] == 0
    empty = error_of(redeem(ecom, tokenizer, 100))
    assert empty["decline_code"] == "insufficient_funds"
    activate(ecom, tokenizer, 300, number="7777320000034567")
    body = {"source": gtoken(tokenizer, "7777320000034567"), "amount": 500, "currency": "usd"}
    warned = ecom.post("/v1/charges", json=body).json()
    assert warned["amount"] == 300
    assert warned["partial_auth"] is True
    assert warned["warning_message"] == "partial_redemption should be true for gift card"
    assert adds_up(sandbox) == 0


def test_multi_lock(ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox) -> None:
    activate(ecom, tokenizer, 5000)
    first = redeem(ecom, tokenizer, 2000, capture=False, partial_redemption=True).json()
    second = redeem(ecom, tokenizer, 1000, capture=False, partial_redemption=True).json()
    assert first["captured"] is False
    assert first["gift_card"]["lock_id"] == 1
    assert second["gift_card"]["lock_id"] == 2
    assert second["gift_card"]["lock_amount"] == 3000
    assert second["gift_card"]["new_balance"] == 5000
    gift = balance(ecom, tokenizer)
    assert gift["new_balance"] == 5000
    assert gift["lock_amount"] == 3000
    # Only the unlocked 2000 is available to a third redemption.
    third = redeem(ecom, tokenizer, 2500, partial_redemption=True).json()
    assert third["amount"] == 2000
    assert error_of(ecom.post("/v1/refunds", json={"charge": first["id"]}))["code"] == (
        "invalid_request"
    )
    captured = ecom.post(f"/v1/charges/{first['id']}/capture", json={"amount": 1500}).json()
    assert captured["captured"] is True
    assert captured["amount_captured"] == 1500
    assert captured["gift_card"]["new_balance"] == 1500
    unlocked = ecom.post(f"/v1/charges/{second['id']}/capture", json={"amount": 0}).json()
    assert unlocked["amount_captured"] == 0
    assert unlocked["gift_card"]["lock_amount"] == 0
    assert balance(ecom, tokenizer) | {"expiration_date": None} == {
        "expiration_date": None,
        "previous_balance": 1500,
        "new_balance": 1500,
        "lock_amount": 0,
    }
    again = ecom.post(f"/v1/charges/{first['id']}/capture", json={"amount": 100})
    assert error_of(again)["code"] == "charge_already_captured"
    too_much = redeem(ecom, tokenizer, 500, capture=False).json()
    over = ecom.post(f"/v1/charges/{too_much['id']}/capture", json={"amount": 501})
    assert error_of(over)["param"] == "amount"
    assert adds_up(sandbox) == 1500


def test_locks_expire(
    ecom: httpx.Client, tokenizer: httpx.Client, admin: httpx.Client, sandbox: RunningSandbox
) -> None:
    activate(ecom, tokenizer, 1000)
    lock = redeem(ecom, tokenizer, 600, capture=False).json()
    admin.post("clock", json={"advance_ms": 8 * DAY_MS})
    assert balance(ecom, tokenizer)["lock_amount"] == 0
    late = ecom.post(f"/v1/charges/{lock['id']}/capture", json={"amount": 600})
    assert error_of(late)["code"] == "invalid_request"
    assert redeem(ecom, tokenizer, 1000).json()["amount"] == 1000
    assert adds_up(sandbox) == 0


def test_split_tender_order(ecom: httpx.Client, tokenizer: httpx.Client) -> None:
    activate(ecom, tokenizer, 1000)
    order = ecom.post(
        "/v1/orders",
        json={"currency": "usd", "email": "a@example.com", "items": [{"amount": 1400}]},
    ).json()
    gift = ecom.post(
        f"/v1/orders/{order['id']}/pay",
        json={"source": gtoken(tokenizer), "partial_redemption": True},
    ).json()
    assert gift["amount_paid"] == 1000
    assert gift["status"] == "created"
    card = ecom.post(f"/v1/orders/{order['id']}/pay", json={"source": ctoken(tokenizer)}).json()
    assert card["amount_paid"] == 1400
    assert card["status"] == "paid"
    assert card["past_charges"] == [gift["charge"]]
    returned = ecom.post(f"/v1/orders/{order['id']}/returns").json()
    assert returned["status"] == "returned"
    assert balance(ecom, tokenizer)["new_balance"] == 1000


# ------------------------------------------------------------------ idempotency, isolation


@pytest.mark.parametrize("path", ["/v1/activate", "/v1/reload"])
def test_idempotent_loads(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox, path: str
) -> None:
    if path == "/v1/reload":
        activate(ecom, tokenizer, 1000)
    body = {"source": gtoken(tokenizer), "amount": 700, "currency": "usd"}
    key = str(uuid.uuid4())
    first = ecom.post(path, json=body, headers={"idempotency-key": key})
    second = ecom.post(path, json=body, headers={"idempotency-key": key})
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    expected = 700 if path == "/v1/activate" else 1700
    assert adds_up(sandbox) == expected
    other = ecom.post(path, json={**body, "amount": 701}, headers={"idempotency-key": key})
    assert error_of(other)["type"] == "idempotency_error"


def test_idempotent_cashout(
    ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    activate(ecom, tokenizer, 900)
    body = {"source": gtoken(tokenizer)}
    key = str(uuid.uuid4())
    first = ecom.post("/v1/cashout", json=body, headers={"idempotency-key": key})
    second = ecom.post("/v1/cashout", json=body, headers={"idempotency-key": key})
    assert first.json() == second.json()
    assert first.json()["amount"] == 900
    assert adds_up(sandbox) == 0


def test_other_merchant_sees_no_gift_cards(
    ecom: httpx.Client,
    tokenizer: httpx.Client,
    sandbox: RunningSandbox,
    other_merchant: dict[str, str],
) -> None:
    activate(ecom, tokenizer, 1000)
    charge = redeem(ecom, tokenizer, 100).json()
    headers = {"Authorization": f"Bearer {other_merchant['ecommerce_private_token']}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as other:
        mine = other.post("/v1/balance_inquiry", json={"source": gtoken(tokenizer)})
        assert error_of(mine, 404)["code"] == "resource_missing"
        refund = other.post("/v1/refunds", json={"charge": charge["id"]})
        assert error_of(refund, 404)["code"] == "resource_missing"
        other_token = other.post(
            "/v1/tokens",
            json={"gift_card": {"number": NUMBER}},
            headers={"apikey": other_merchant["pakms_key"]},
        ).json()["id"]
        theirs = other.post("/v1/balance_inquiry", json={"source": other_token})
        assert error_of(theirs)["decline_code"] == "invalid_account"
    assert balance(ecom, tokenizer)["new_balance"] == 900


def test_gift_endpoints_need_bearer(sandbox: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        for path in ("/v1/activate", "/v1/balance_inquiry", "/v1/reload", "/v1/cashout"):
            response = client.post(path, json={})
            assert response.status_code == 401
            assert response.json() == {"message": "401 Unauthorized"}
