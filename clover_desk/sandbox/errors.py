"""Clover's error bodies, raised as exceptions and rendered by one handler.

Two families, as recorded against Clover (see the reference's "Observed behaviour"):

* v1 Ecommerce: ``{"message": "400 Bad Request", "error": {"type", "code", "message",
  "param"?, "decline_code"?, "charge"?}}``; a bad token is ``{"message": "401 Unauthorized"}``.
* v3 platform and atomic orders: ``{"message": "...", "details": "..."}``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any


class SandboxError(Exception):
    """An HTTP error response, raised from anywhere inside a handler."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def status_line(status: int) -> str:
    return f"{status} {HTTPStatus(status).phrase}"


def v1_error(
    status: int,
    type_: str,
    code: str,
    message: str,
    *,
    param: str | None = None,
    decline_code: str | None = None,
    charge: str | None = None,
) -> SandboxError:
    """An Ecommerce (v1) error such as ``card_declined`` or ``resource_missing``."""
    error: dict[str, Any] = {"type": type_, "code": code, "message": message}
    if param is not None:
        error["param"] = param
    if decline_code is not None:
        error["decline_code"] = decline_code
    if charge is not None:
        error["charge"] = charge
    return SandboxError(status, {"message": status_line(status), "error": error})


def invalid_request(
    message: str, *, param: str | None = None, code: str = "invalid_request"
) -> SandboxError:
    return v1_error(400, "invalid_request_error", code, message, param=param)


def v1_missing(kind: str, object_id: str) -> SandboxError:
    return v1_error(
        404, "invalid_request_error", "resource_missing", f"No such {kind}: '{object_id}'"
    )


def v3_error(status: int, message: str, details: str | None = None) -> SandboxError:
    body: dict[str, Any] = {"message": message}
    if details is not None:
        body["details"] = details
    return SandboxError(status, body)


def v3_not_found(kind: str) -> SandboxError:
    return v3_error(404, "Not Found", f"{kind} not found")


def unauthorized() -> SandboxError:
    return SandboxError(401, {"message": "401 Unauthorized"})
