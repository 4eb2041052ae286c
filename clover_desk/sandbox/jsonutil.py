"""Rendering helpers: Clover leaves unset fields out rather than sending null."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from .bounds import BodyRefused, parse_body
from .errors import invalid_request, v3_error


def compact(value: Any) -> Any:
    """Drop ``None`` values from dicts, recursively (lists keep their length)."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def respond(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(compact(body), status_code=status, headers=headers)


async def read_json(request: Request, *, v3: bool = False) -> dict[str, Any]:
    """The request body as a JSON object; an empty body is ``{}``.

    Malformed JSON is a 400 in the family of the API being called.
    """
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        value = parse_body(raw)
    except BodyRefused as refused:
        if v3:
            raise v3_error(400, str(refused)) from None
        raise invalid_request(str(refused)) from None
    except (ValueError, UnicodeDecodeError):
        if v3:
            raise v3_error(400, "Malformed JSON body") from None
        raise invalid_request("Request body is not valid JSON") from None
    if not isinstance(value, dict):
        if v3:
            raise v3_error(400, "Request body must be a JSON object")
        raise invalid_request("Request body must be a JSON object")
    return value
