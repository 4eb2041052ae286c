"""``GET /pakms/apikey`` and ``POST /v1/tokens`` (tokens.md)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from clover_desk.sandbox import RunningSandbox

VISA = "4242424242424242"


def card(number: str = VISA, **overrides: object) -> dict[str, Any]:
    body: dict[str, object] = {
        "number": number,
        "exp_month": "12",
        "exp_year": "2031",
        "cvv": "1234" if number.startswith(("34", "37")) else "123",
    }
    body.update(overrides)
    return {"card": body}


def error_of(response: httpx.Response, status: int = 400) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["message"] == {400: "400 Bad Request", 404: "404 Not Found"}[status]
    error: dict[str, object] = body["error"]
    return error


# ------------------------------------------------------------------ PAKMS


def test_pakms_apikey_returns_the_merchants_key(
    api: httpx.Client, sandbox: RunningSandbox, mid: str
) -> None:
    response = api.get("/pakms/apikey")
    assert response.status_code == 200
    body = response.json()
    assert body["active"] is True
    assert body["apiAccessKey"] == sandbox.info["pakms_key"]
    assert body["merchantUuid"] == mid
    assert len(body["developerAppUuid"]) == 13
    assert isinstance(body["createdTime"], int)
    assert body["modifiedTime"] >= body["createdTime"]
    # The key does not change between calls.
    assert api.get("/pakms/apikey").json()["apiAccessKey"] == body["apiAccessKey"]


def test_pakms_apikey_with_ecommerce_token_and_for_other_merchant(
    ecom: httpx.Client, sandbox: RunningSandbox, other_merchant: dict[str, str]
) -> None:
    assert ecom.get("/pakms/apikey").json()["apiAccessKey"] == sandbox.info["pakms_key"]
    with httpx.Client(base_url=sandbox.base_url) as client:
        other = client.get(
            "/pakms/apikey", headers={"Authorization": f"Bearer {other_merchant['api_token']}"}
        ).json()
    assert other["apiAccessKey"] == other_merchant["pakms_key"]
    assert other["merchantUuid"] == other_merchant["merchant_id"]


def test_pakms_apikey_needs_a_bearer_token(sandbox: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        missing = client.get("/pakms/apikey")
        wrong = client.get("/pakms/apikey", headers={"Authorization": "Bearer nope"})
        apikey = client.get("/pakms/apikey", headers={"apikey": sandbox.info["pakms_key"]})
    for response in (missing, wrong, apikey):
        assert response.status_code == 401
        assert response.json() == {"message": "401 Unauthorized"}


# ------------------------------------------------------------------ card tokens


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4242424242424242", "VISA"),
        ("6011361000006668", "DISCOVER"),
        ("378282246310005", "AMEX"),
        ("371449635398431", "AMEX"),
        ("30569309025904", "DINERS_CLUB"),
        ("38520000023237", "DINERS_CLUB"),
        ("3566002020360505", "JCB"),
        ("4000056655665556", "VISA"),
        ("5204245250003294", "MC"),
        ("5424180273333333", "MC"),
    ],
)
def test_card_token_brand_from_bin(tokenizer: httpx.Client, number: str, brand: str) -> None:
    response = tokenizer.post("/v1/tokens", json=card(number))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"].startswith("clv_")
    assert body["object"] == "token"
    assert body["card"] == {
        "exp_month": "12",
        "exp_year": "2031",
        "first6": number[:6],
        "last4": number[-4:],
        "brand": brand,
    }


def test_card_token_accepts_dashes_and_two_digit_year(tokenizer: httpx.Client) -> None:
    response = tokenizer.post(
        "/v1/tokens", json=card("4242-4242-4242-4242", exp_month="3", exp_year="31")
    )
    assert response.status_code == 200, response.text
    assert response.json()["card"]["exp_month"] == "03"
    assert response.json()["card"]["exp_year"] == "2031"


def test_public_key_tokenizes_too(sandbox: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        merchants = client.get("/_sandbox/merchants").json()["merchants"]
        public = merchants[0]["ecommerce_public_key"]
        response = client.post("/v1/tokens", json=card(), headers={"apikey": public})
    assert response.status_code == 200


def test_tokens_are_distinct(tokenizer: httpx.Client) -> None:
    ids = {tokenizer.post("/v1/tokens", json=card()).json()["id"] for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize(
    ("overrides", "code", "param"),
    [
        ({"number": "4242abcd42424242"}, "invalid_number", "card.number"),
        ({"number": "42424242"}, "invalid_number", "card.number"),
        ({"number": "4242424242424241"}, "incorrect_number", "card.number"),
        ({"exp_month": "13"}, "invalid_expiry_month", "card.exp_month"),
        ({"exp_month": "1a"}, "invalid_expiry_month", "card.exp_month"),
        ({"exp_month": None}, "invalid_expiry_month", "card.exp_month"),
        ({"exp_year": "203"}, "invalid_expiry_year", "card.exp_year"),
        ({"exp_year": "2020"}, "expired_card", "card.exp_year"),
        ({"cvv": "12"}, "invalid_cvc", "card.cvv"),
        ({"cvv": "12a"}, "invalid_cvc", "card.cvv"),
        ({"cvv": None}, "invalid_cvc", "card.cvv"),
        ({"cvv": "1234"}, "incorrect_cvc", "card.cvv"),
        ({"brand": "FOO"}, "invalid_card_type", "card.brand"),
        ({"number": "9999999999999995"}, "invalid_card_type", "card.number"),
    ],
)
def test_card_token_errors(
    tokenizer: httpx.Client, overrides: dict[str, object], code: str, param: str
) -> None:
    body = card(VISA)
    body["card"].update(overrides)
    body["card"] = {k: v for k, v in body["card"].items() if v is not None}
    error = error_of(tokenizer.post("/v1/tokens", json=body))
    assert error["type"] == "card_error"
    assert error["code"] == code
    assert error["param"] == param


def test_amex_needs_four_digit_cvv(tokenizer: httpx.Client) -> None:
    error = error_of(tokenizer.post("/v1/tokens", json=card("378282246310005", cvv="123")))
    assert error["code"] == "incorrect_cvc"


def test_missing_number_is_invalid_request(tokenizer: httpx.Client) -> None:
    error = error_of(tokenizer.post("/v1/tokens", json={"card": {"exp_month": "12"}}))
    assert error == {
        "type": "invalid_request_error",
        "code": "invalid_request",
        "message": error["message"],
        "param": "card.number",
    }
    error = error_of(tokenizer.post("/v1/tokens", json={}))
    assert error["code"] == "invalid_request"
    error = error_of(tokenizer.post("/v1/tokens", content=b"{not json"))
    assert error["code"] == "invalid_request"


def test_expiry_follows_sandbox_clock(tokenizer: httpx.Client, admin: httpx.Client) -> None:
    assert tokenizer.post("/v1/tokens", json=card(exp_year="2031")).status_code == 200
    admin.post("clock", json={"advance_ms": 40 * 365 * 24 * 3600 * 1000})
    error = error_of(tokenizer.post("/v1/tokens", json=card(exp_year="2031")))
    assert error["code"] == "expired_card"


def test_token_row_never_holds_pan_or_cvv(tokenizer: httpx.Client, sandbox: RunningSandbox) -> None:
    token = tokenizer.post(
        "/v1/tokens", json=card("4005571702222222", cvv="987", name="Ada Lovelace")
    ).json()["id"]
    row = sandbox.state.db.one("SELECT * FROM tokens WHERE id = ?", (token,))
    assert row is not None
    assert row["kind"] == "card"
    assert "4005571702222222" not in row["body"]
    assert "987" not in row["body"]
    assert '"decline":true' in row["body"]
    assert '"decline_code":"do_not_honor"' in row["body"]


def test_tokenize_needs_an_apikey(sandbox: RunningSandbox, ecom: httpx.Client) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        missing = client.post("/v1/tokens", json=card())
        wrong = client.post("/v1/tokens", json=card(), headers={"apikey": "nope"})
    bearer = ecom.post("/v1/tokens", json=card())
    for response in (missing, wrong, bearer):
        assert response.status_code == 401
        assert response.json() == {"message": "401 Unauthorized"}


# ------------------------------------------------------------------ gift card and ACH


@pytest.mark.parametrize("field", ["number", "card_number"])
def test_gift_card_token(tokenizer: httpx.Client, field: str) -> None:
    response = tokenizer.post("/v1/tokens", json={"gift_card": {field: "7777320000012100"}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"].startswith("clv_")
    assert body == {"id": body["id"], "object": "token", "giftCard": {"last4": "2100"}}


@pytest.mark.parametrize("number", ["12345", "1234567", "77773200000121001", "abc123"])
def test_gift_card_token_bad_number(tokenizer: httpx.Client, number: str) -> None:
    error = error_of(tokenizer.post("/v1/tokens", json={"gift_card": {"number": number}}))
    assert error["code"] == "invalid_number"
    assert error["param"] == "gift_card.number"


def test_gift_card_token_needs_number(tokenizer: httpx.Client) -> None:
    error = error_of(tokenizer.post("/v1/tokens", json={"gift_card": {}}))
    assert error["code"] == "invalid_request"


ACH = {
    "bank_account_number": "1234567890",
    "bank_routing_number": "011000015",
    "check_type": "personal_check",
    "account_type": "Checking",
    "customer_id_type": "driver_license",
    "customer_id_state": "GA",
    "customer_id": "D1234567",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.com",
    "phone": "4045550100",
    "address_line1": "1 Main St",
    "address_city": "Atlanta",
    "address_state": "GA",
    "address_zip": "30301",
    "agreement": "2c74dcc0-61ad-4f08-8764-a29aeb98f4a4",
}


@pytest.mark.parametrize("nested", [True, False])
def test_ach_token(tokenizer: httpx.Client, nested: bool) -> None:
    response = tokenizer.post("/v1/tokens", json={"ach": ACH} if nested else ACH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"].startswith("clv_")
    assert body["ach"]["last4"] == "7890"


@pytest.mark.parametrize(
    ("overrides", "param", "code"),
    [
        ({"bank_account_number": "123"}, "bank_account_number", "invalid_request"),
        ({"bank_routing_number": "12345"}, "bank_routing_number", "invalid_request"),
        ({"check_type": "traveller"}, "check_type", "invalid_request"),
        ({"email": "not-an-email"}, "email", "email_invalid"),
        ({"first_name": None}, "first_name", "invalid_request"),
    ],
)
def test_ach_token_errors(
    tokenizer: httpx.Client, overrides: dict[str, object], param: str, code: str
) -> None:
    body = {k: v for k, v in {**ACH, **overrides}.items() if v is not None}
    error = error_of(tokenizer.post("/v1/tokens", json={"ach": body}))
    assert error["param"] == param
    assert error["code"] == code
