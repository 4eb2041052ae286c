"""The bounds every request is held to before it reaches a handler or SQLite.

Fuzzing found deeply nested bodies hitting the recursion limit and integers beyond 64 bits
overflowing SQLite: both gave HTTP 500 where Clover answers 400. Every number the sandbox
reads from a request (JSON body, query parameter, filter value) passes through here.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: SQLite's INTEGER range; Clover's ids and amounts fit well inside it.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: Deeper than any Clover request body (an atomic order is five levels deep).
MAX_JSON_DEPTH = 32
#: Far above any Clover request (a bulk line-item call of a few hundred items).
MAX_BODY_BYTES = 1_000_000

#: ASCII digits only: ``\d`` (and ``int()``) also take Arabic-Indic and other digits.
_INT_TEXT = re.compile(r"-?[0-9]{1,19}")


class BodyRefused(ValueError):
    """A request body outside the bounds; ``str()`` is the message for the client."""


def int64(text: str) -> int | None:
    """``text`` as an integer if it is ASCII digits (optionally signed) within 64 bits."""
    if not _INT_TEXT.fullmatch(text):
        return None
    value = int(text)
    return value if INT64_MIN <= value <= INT64_MAX else None


def _json_int(text: str) -> int:
    value = int64(text)
    if value is None:
        raise BodyRefused(f"Number out of range: {text[:40]}")
    return value


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BodyRefused(f"Number out of range: {text[:40]}")
    return value


def _json_constant(name: str) -> Any:
    raise BodyRefused(f"Not a JSON number: {name}")


def parse_body(raw: bytes) -> Any:
    """Decode a request body within the bounds (``BodyRefused``, else ``ValueError``)."""
    if len(raw) > MAX_BODY_BYTES:
        raise BodyRefused(f"Request body too large (over {MAX_BODY_BYTES} bytes)")
    try:
        value = json.loads(
            raw,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_constant,
        )
    except RecursionError:
        raise BodyRefused("JSON nested too deeply") from None
    if _depth_over(value, MAX_JSON_DEPTH):
        raise BodyRefused(f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels)")
    return value


def _depth_over(value: Any, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False
