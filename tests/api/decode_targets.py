# ruff: noqa: PT017 - a fuzz target checks the error it caught, outside pytest.raises
"""Every response model of the client as a fuzz target (tests and tests/benchmarks/fuzz.py).

Whatever a server or a broken proxy answers, decoding gives the model or the client's own
``ResponseFormatError`` naming the endpoint and the field; nothing else escapes.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from typing import Any

import msgspec
from hypothesis import strategies as st

import clover_desk.api.models as models_package
from clover_desk.api.errors import ResponseFormatError
from clover_desk.api.transport import decode, decode_items

ENDPOINT = "GET /fuzz"


def response_models() -> list[type[msgspec.Struct]]:
    """Every ``msgspec.Struct`` defined in ``clover_desk.api.models``."""
    found: list[type[msgspec.Struct]] = []
    for info in pkgutil.iter_modules(models_package.__path__):
        module = importlib.import_module(f"{models_package.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, msgspec.Struct)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return sorted(found, key=lambda model: model.__qualname__)


def wire_names(model: type[msgspec.Struct]) -> list[str]:
    return [f.encode_name for f in msgspec.structs.fields(model)]


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63, max_value=2**80)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["usd", "dollars", "", "2026-13-45T99:99:99Z", "succeeded", "VOIDED"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=12,
)


def bodies_for(model: type[msgspec.Struct]) -> st.SearchStrategy[bytes]:
    """Objects with the model's own field names (so decoding reaches field checks),
    arbitrary JSON, and arbitrary bytes."""
    names = wire_names(model) or ["id"]
    shaped = st.dictionaries(st.sampled_from(names), json_values, max_size=len(names))
    as_json = st.one_of(shaped, json_values).map(
        lambda value: json.dumps(value, allow_nan=True).encode()
    )
    return st.one_of(as_json, st.binary(max_size=60))


def decode_target(model: type[msgspec.Struct], content: bytes) -> None:
    """Decode ``content`` as ``model`` and as a list of it; only the client's error may
    escape, and it names the endpoint and a JSON path."""
    for attempt in (decode, _decode_list):
        try:
            attempt(content, model, ENDPOINT)
        except ResponseFormatError as error:
            assert error.endpoint == ENDPOINT
            assert error.field is not None
            assert error.field.startswith("$")


def _decode_list(content: bytes, model: Any, endpoint: str) -> Any:
    return decode_items(b'{"elements": [' + content + b"]}", model, endpoint)
