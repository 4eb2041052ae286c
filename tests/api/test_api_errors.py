"""The one mapping from error responses to the error tree, over every body shape."""

from __future__ import annotations

import json
import pickle

import pytest

from clover_desk.api.errors import (
    AuthError,
    CardDeclined,
    InvalidRequest,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    RateLimited,
    ResponseFormatError,
    ServiceUnavailable,
    UnsupportedRegion,
    error_from_response,
    parse_retry_after,
)

EP = "POST /v1/charges"


def body(obj: object) -> bytes:
    return json.dumps(obj).encode()


def test_v1_wrapped_card_error_is_a_decline_with_its_code() -> None:
    err = error_from_response(
        EP,
        400,
        {"X-Request-Id": "req-1"},
        body(
            {
                "message": "400 Bad Request",
                "error": {
                    "type": "card_error",
                    "code": "card_declined",
                    "message": "Your card was declined.",
                    "decline_code": "do_not_honor",
                    "charge": "CHG123",
                },
            }
        ),
    )
    assert isinstance(err, CardDeclined)
    assert (err.status, err.code, err.decline_code, err.charge_id) == (
        400,
        "card_declined",
        "do_not_honor",
        "CHG123",
    )
    assert err.message == "Your card was declined."
    assert err.request_id == "req-1"
    assert err.endpoint == EP
    assert err.error_type == "card_error"


def test_v1_bare_invalid_request_names_the_parameter() -> None:
    err = error_from_response(
        EP,
        400,
        {},
        body(
            {
                "type": "invalid_request_error",
                "code": "amount_too_large",
                "message": "Amount too large",
                "param": "amount",
            }
        ),
    )
    assert type(err) is InvalidRequest
    assert err.param == "amount"
    assert err.code == "amount_too_large"


def test_401_message_only() -> None:
    err = error_from_response("GET /v1/charges", 401, {}, body({"message": "401 Unauthorized"}))
    assert isinstance(err, AuthError)
    assert err.message == "401 Unauthorized"


def test_v3_404_message_and_details() -> None:
    err = error_from_response(
        "GET /v3/merchants/{mId}/orders/{orderId}",
        404,
        {},
        body({"message": "Not Found", "details": "Order not found"}),
    )
    assert isinstance(err, NotFound)
    assert "Order not found" in err.message


def test_atomic_order_code_in_message_and_id_in_details() -> None:
    err = error_from_response(
        "POST /v3/merchants/{mId}/atomic_order/orders",
        400,
        {},
        body({"message": "item_does_not_exist", "details": "8NR072YTBZ52W"}),
    )
    assert isinstance(err, InvalidRequest)
    assert err.code == "item_does_not_exist"
    assert "8NR072YTBZ52W" in err.message


def test_405_plain_text() -> None:
    err = error_from_response(
        "PUT /v3/merchants/{mId}/customers/{id}", 405, {}, b"Method Not Allowed"
    )
    assert isinstance(err, InvalidRequest)
    assert err.message == "Method Not Allowed"
    assert err.status == 405


def test_403_and_resource_missing_and_rate_limit() -> None:
    assert isinstance(error_from_response(EP, 403, {}, b""), PermissionDenied)
    missing = error_from_response(
        EP, 400, {}, body({"error": {"code": "resource_missing", "message": "No such charge"}})
    )
    assert isinstance(missing, NotFound)
    limited = error_from_response(EP, 429, {"Retry-After": "3"}, b"")
    assert isinstance(limited, RateLimited)
    assert limited.retry_after == 3.0


def test_503_outside_export_hours_carries_the_hours() -> None:
    err = error_from_response(
        "POST /v3/merchants/{mId}/exports",
        503,
        {},
        body({"message": "Export is available Mon-Fri 10:00-15:00 UTC hours only"}),
    )
    assert isinstance(err, ServiceUnavailable)
    assert err.available_hours
    assert "10:00" in err.available_hours
    busy = error_from_response(EP, 503, {}, body({"message": "too many concurrent exports"}))
    assert isinstance(busy, ServiceUnavailable)
    assert busy.available_hours is None


def test_garbage_error_bodies_still_map() -> None:
    for raw in (b"", b"[1,2]", b"{not json", b'"just a string"', b"\xff\xfe"):
        err = error_from_response(EP, 500, {}, raw)
        assert isinstance(err, ServiceUnavailable)
        assert err.status == 500


@pytest.mark.parametrize(
    ("value", "expected"),
    [("21", 21.0), ("0.5", 0.5), (None, None), ("soon", None), ("-3", 0.0)],
)
def test_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_retry_after_http_date() -> None:
    seconds = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT")
    assert seconds == 0.0  # in the past


@pytest.mark.parametrize(
    "error",
    [
        ResponseFormatError("unexpected response", field="$.elements[3].total", endpoint=EP),
        OutcomeUnknown("may or may not", idempotency_key="key-1", endpoint=EP, status=502),
        CardDeclined("declined", code="card_declined", decline_code="insufficient_funds"),
        ServiceUnavailable("closed", available_hours="10-15 UTC", endpoint=EP),
        UnsupportedRegion("Ecommerce", "eu"),
    ],
)
def test_errors_cross_a_process_boundary_whole(error: Exception) -> None:
    """The history's writer process sends its failures back pickled: same class, same
    message staff read, same details."""
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - made just above
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__
