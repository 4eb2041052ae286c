"""The one error tree of the Clover client, and the one function that maps responses to it.

::

    CloverError                      anything this package raises on purpose
     ├── ApiError                    Clover (or the road to it) answered, or failed to
     │    ├── AuthError              401: missing, bad or expired token (after one refresh)
     │    ├── PermissionDenied       403
     │    ├── NotFound               404 / ``resource_missing``
     │    ├── InvalidRequest         400, 402, 405, 409, 422 ... (``param`` names the culprit)
     │    │    └── CardDeclined      ``card_error`` (``decline_code``, ``charge_id``)
     │    ├── RateLimited            429 after every retry (``retry_after``)
     │    ├── ServiceUnavailable     5xx or unreachable after every retry (``available_hours``)
     │    ├── OutcomeUnknown         a write may or may not have happened (``idempotency_key``)
     │    └── ResponseFormatError    a body we cannot read (``endpoint``, ``field``)
     ├── UnsupportedRegion           the profile's region lacks this API (raised before sending)
     └── CredentialError             the OS keyring is missing or refused

Every :class:`ApiError` carries the HTTP status, Clover's error code and message, and the
request id when the response had one. :func:`error_from_response` is the only place that
reads an error body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import msgspec

__all__ = [
    "REQUEST_ID_HEADERS",
    "ApiError",
    "AuthError",
    "CardDeclined",
    "CloverError",
    "CredentialError",
    "InvalidRequest",
    "NotFound",
    "OutcomeUnknown",
    "PermissionDenied",
    "RateLimited",
    "ResponseFormatError",
    "ServiceUnavailable",
    "UnsupportedRegion",
    "error_from_response",
    "parse_retry_after",
]

#: Response headers that may carry a request id (the reference names none; these are the
#: usual spellings, first match wins).
REQUEST_ID_HEADERS = ("x-request-id", "x-clover-request-id", "request-id", "x-correlation-id")

_BODY_EXCERPT = 500


class CloverError(Exception):
    """Base of everything this package raises on purpose."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its attributes and rebuilt without calling ``__init__`` again, whose
        # arguments differ per subclass: the history's writer process sends errors back
        # to the app this way.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[CloverError], args: tuple[Any, ...], state: dict[str, Any]) -> CloverError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class UnsupportedRegion(CloverError):
    """The profile's region does not offer this API (e.g. Ecommerce outside North America).

    Raised before any request is made.
    """

    def __init__(self, service: str, region: str) -> None:
        self.service = service
        self.region = region
        super().__init__(f"Clover does not offer the {service} API in region {region!r}")


class CredentialError(CloverError):
    """The credential store (OS keyring) is unavailable or refused an operation."""


class ApiError(CloverError):
    """A Clover call failed.

    Attributes:
        endpoint: ``"METHOD /path/template"`` of the call.
        status: HTTP status, or ``None`` when no response arrived.
        code: Clover's error code (``card_declined``, ``resource_missing``...), if given.
        message: Clover's human message (or ours when there was no response).
        request_id: the response's request id header, if any.
        error_type: v1 ``error.type`` (``card_error``, ``invalid_request_error``...), if given.
        body: the start of the raw response body, for diagnosis (never a request body).
    """

    def __init__(
        self,
        message: str,
        *,
        endpoint: str = "",
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        error_type: str | None = None,
        body: str = "",
    ) -> None:
        self.endpoint = endpoint
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.error_type = error_type
        self.body = body
        super().__init__(message)

    def __str__(self) -> str:
        parts = [self.message]
        if self.code:
            parts.append(f"code={self.code}")
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.endpoint:
            parts.append(self.endpoint)
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        return " | ".join(parts)


class AuthError(ApiError):
    """401: the token is missing, wrong, or expired (and could not be refreshed)."""


class PermissionDenied(ApiError):
    """403: the token is valid but lacks the permission for this call."""


class NotFound(ApiError):
    """404: no such object (``resource_missing``)."""


class InvalidRequest(ApiError):
    """The request was refused as invalid; ``param`` names the offending parameter if known."""

    def __init__(self, message: str, *, param: str | None = None, **kwargs: Any) -> None:
        self.param = param
        super().__init__(message, **kwargs)


class CardDeclined(InvalidRequest):
    """The card (or other source) was declined; ``decline_code`` is the issuer's reason."""

    def __init__(
        self,
        message: str,
        *,
        decline_code: str | None = None,
        charge_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.decline_code = decline_code
        self.charge_id = charge_id
        super().__init__(message, **kwargs)


class RateLimited(ApiError):
    """429 that outlasted every retry; ``retry_after`` is the server's last advice (seconds)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class ServiceUnavailable(ApiError):
    """Clover could not serve the call (5xx, or unreachable) after every retry.

    ``available_hours`` holds the export service's stated availability window when the
    503 body gave one (its format is undocumented, so it is kept as Clover's text).
    """

    def __init__(self, message: str, *, available_hours: str | None = None, **kwargs: Any) -> None:
        self.available_hours = available_hours
        super().__init__(message, **kwargs)


class OutcomeUnknown(ApiError):
    """A write may or may not have taken effect: look it up before trying again.

    Raised when a time-out or dropped connection on a write could not be settled by
    retrying. ``idempotency_key`` is the key every attempt carried (``None`` for writes
    Clover offers no key for); a later retry with the same key is safe.
    """

    def __init__(self, message: str, *, idempotency_key: str | None, **kwargs: Any) -> None:
        self.idempotency_key = idempotency_key
        super().__init__(message, **kwargs)


class ResponseFormatError(ApiError):
    """A response body did not have the shape the reference describes.

    ``field`` is a JSON path such as ``$.data[3].amount`` (``$`` for the whole body).
    """

    def __init__(self, message: str, *, field: str | None = None, **kwargs: Any) -> None:
        self.field = field
        super().__init__(message, **kwargs)


# --------------------------------------------------------------------------- mapping


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def request_id_from(headers: Mapping[str, str]) -> str | None:
    """Return the first request-id header found, if any."""
    for name in REQUEST_ID_HEADERS:
        value = _header(headers, name)
        if value:
            return value
    return None


def parse_retry_after(value: str | None) -> float | None:
    """Parse ``retry-after``: seconds (int or float) or an HTTP date. ``None`` if unusable.

    What comes back is the server's word, unbounded (``inf`` stays ``inf``): how long the
    client is willing to wait is :meth:`RetryPolicy.server_wait`'s decision, not this one.
    A time in the past is 0; ``nan`` and anything unparseable are ``None`` (no advice).
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        try:
            seconds = (when - datetime.now(UTC)).total_seconds()
        except OverflowError:
            return None
    if seconds != seconds:  # NaN is no advice at all
        return None
    return max(0.0, seconds)


def _text(value: object) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_STATUS_LINE_RE = re.compile(r"^\d{3}( [A-Za-z ]+)?$")


def _fields(body: bytes) -> tuple[dict[str, Any], str]:
    """Return (fields, text) for any error body: JSON object, JSON other, or plain text."""
    text = body.decode("utf-8", errors="replace")
    try:
        parsed = msgspec.json.decode(body) if body.strip() else None
    except msgspec.DecodeError:
        return {}, text
    if not isinstance(parsed, dict):
        return {}, text
    fields: dict[str, Any] = {}
    top_message = _text(parsed.get("message"))
    inner = parsed.get("error")
    if isinstance(inner, dict):
        # v1 Ecommerce: {"message": "400 Bad Request", "error": {type, code, message, ...}}
        fields.update({k: v for k, v in inner.items() if v is not None})
        if "message" not in fields and top_message:
            fields["message"] = top_message
    else:
        # bare v1 fields, v3 {"message", "details"}, or 401 {"message": "401 Unauthorized"}
        fields.update({k: v for k, v in parsed.items() if v is not None})
        if isinstance(inner, str) and "message" not in fields:
            fields["message"] = inner
        details = _text(parsed.get("details"))
        if details and top_message and "code" not in fields and _CODE_RE.match(top_message):
            # atomic orders: {"message": "item_does_not_exist", "details": "8NR072YTBZ52W"}
            fields["code"] = top_message
            fields["message"] = f"{top_message}: {details}"
        elif details and top_message:
            fields["message"] = f"{top_message}: {details}"
        elif details:
            fields["message"] = details
    if top_message and _STATUS_LINE_RE.match(top_message) and fields.get("message") != top_message:
        fields.setdefault("status_line", top_message)
    return fields, text


def _hours(value: object) -> str | None:
    """The export service's hours: Clover's text, or a list of {day, start, end} objects."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        parts = []
        for entry in value:
            if isinstance(entry, dict):
                day, start, end = entry.get("day"), entry.get("start"), entry.get("end")
                parts.append(f"{day} {start}-{end}" if day else f"{start}-{end}")
            elif isinstance(entry, str):
                parts.append(entry)
        return ", ".join(parts) or None
    return None


def error_from_response(
    endpoint: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
) -> ApiError:
    """Map one error response (status >= 400) to the error tree. The only such mapping.

    Reads v1 errors wrapped in ``{"error": {...}}`` or bare, v3 ``{"message", "details"}``
    bodies, ``{"message": "401 Unauthorized"}``, and plain-text bodies (405).
    """
    fields, text = _fields(body)
    message = _text(fields.get("message")) or text.strip()[:200] or f"HTTP {status}"
    code = _text(fields.get("code"))
    error_type = _text(fields.get("type"))
    common: dict[str, Any] = {
        "endpoint": endpoint,
        "status": status,
        "code": code,
        "request_id": request_id_from(headers),
        "error_type": error_type,
        "body": text[:_BODY_EXCERPT],
    }
    param = _text(fields.get("param"))

    if error_type == "card_error" or code == "card_declined":
        return CardDeclined(
            message,
            param=param,
            decline_code=_text(fields.get("decline_code")),
            charge_id=_text(fields.get("charge")),
            **common,
        )
    if status == 429 or error_type == "rate_limit_error" or code == "rate_limit":
        return RateLimited(
            message, retry_after=parse_retry_after(_header(headers, "retry-after")), **common
        )
    if status == 401 or error_type == "authentication_error":
        return AuthError(message, **common)
    if status == 403:
        return PermissionDenied(message, **common)
    if status == 404 or code == "resource_missing":
        return NotFound(message, **common)
    if status >= 500:
        hours = None
        if status == 503 and "hour" in text.lower():
            hours = _hours(fields.get("availableHours")) or _text(fields.get("details")) or message
        return ServiceUnavailable(message, available_hours=hours, **common)
    return InvalidRequest(message, param=param, **common)
