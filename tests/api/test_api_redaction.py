"""The logging filter keeps secrets and card data out of every log record."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from clover_desk.api.redaction import (
    REDACTED,
    RedactingFilter,
    install_redaction,
    redact,
    register_secret,
)


@pytest.mark.parametrize(
    "secret_text",
    [
        "Authorization: Bearer 5742f3c0ffee1234abcd",
        "headers={'authorization': 'Bearer abc.def.ghi'}",
        "apikey: e94fc8deadbeef",
        '{"apikey": "e94fc8deadbeef"}',
        "APIKEY=e94fc8deadbeef",
        "source clv_1TSTabcDEF123456789xyz used",
        "card 4242424242424242 ok",
        "card 4242 4242 4242 4242 ok",
        "card 4242-4242-4242-4242 ok",
        "amex 3782 822463 10005",
        "decline 4005571702222222",
        '{"cvv": "123"}',
        "cvc=9876",
        '"security_code": "12345678"',
        "access_token=abcdefghijklmnop&x=1",
        '{"refresh_token": "r-abcdef123456"}',
        "key af4e1234567890abcdef1234567890ab",
        '"number": "6011361000006668"',
    ],
)
def test_redact_scrubs(secret_text: str) -> None:
    out = redact(secret_text)
    assert REDACTED in out
    for fragment in (
        "5742f3c0ffee",
        "abc.def.ghi",
        "e94fc8deadbeef",
        "abcDEF123456789xyz",
        "4242424242424242",
        "4242 4242 4242 4242",
        "4242-4242-4242-4242",
        "822463",
        "4005571702222222",
        '"123"',
        "9876",
        "12345678",
        "abcdefghijklmnop",
        "r-abcdef123456",
        "af4e1234567890abcdef1234567890ab",
        "6011361000006668",
    ):
        assert fragment not in out


@pytest.mark.parametrize(
    "harmless",
    [
        "GET /v1/charges/9J1F7WW503CZW -> 200 in 52.1 ms (attempt 1)",
        "idempotency key 3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "created 1700000000000",  # an epoch-ms time that fails the Luhn check
        "amount 2099 USD",
        "receipt number 12345",
    ],
)
def test_redact_keeps_harmless_text(harmless: str) -> None:
    assert redact(harmless) == harmless


def test_registered_secret_is_scrubbed_anywhere() -> None:
    register_secret("plainsecretvalue")
    assert redact("the token is plainsecretvalue, really") == f"the token is {REDACTED}, really"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    filters, handlers = list(root.filters), list(root.handlers)
    handler_filters = {h: list(h.filters) for h in handlers}
    yield
    logging.setLogRecordFactory(factory)
    root.filters[:] = filters
    for h, f in handler_filters.items():
        h.filters[:] = f


def test_filter_guards_records_from_any_logger(
    caplog: pytest.LogCaptureFixture, restore_logging: None
) -> None:
    install_redaction()
    install_redaction()  # idempotent
    assert sum(isinstance(f, RedactingFilter) for f in logging.getLogger().filters) == 1
    elsewhere = logging.getLogger("clover_desk.services.somewhere")
    with caplog.at_level(logging.DEBUG):
        elsewhere.warning(
            "paying with %s cvv=%s via Bearer %s", "4111 1111 1111 1111", "321", "tok"
        )
        try:
            raise ValueError("bad card 4111111111111111")
        except ValueError:
            elsewhere.exception("failed for apikey=%s", "e94fc8deadbeef")
    text = caplog.text
    assert "4111" not in text
    assert "321" not in text
    assert "e94fc8deadbeef" not in text
    assert "Bearer tok" not in text
    assert text.count(REDACTED) >= 4
