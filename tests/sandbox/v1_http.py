"""What the Ecommerce v1 tests share: a card token, and the error a 4xx answer carries."""

from __future__ import annotations

from typing import Any

import httpx

VISA = "4242424242424242"


def card_token(tokenizer: httpx.Client, number: str = VISA, exp_month: str = "12") -> str:
    """A single-use ``clv_`` token for a test card expiring in ``exp_month`` of 2031."""
    cvv = "1234" if number.startswith(("34", "37")) else "123"
    response = tokenizer.post(
        "/v1/tokens",
        json={"card": {"number": number, "exp_month": exp_month, "exp_year": "2031", "cvv": cvv}},
    )
    assert response.status_code == 200, response.text
    value: str = response.json()["id"]
    return value


def error_of(response: httpx.Response, status: int = 400) -> dict[str, Any]:
    """The ``error`` object of a v1 answer with ``status`` (and its message to match)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["message"].startswith(str(status))
    error: dict[str, Any] = body["error"]
    return error
