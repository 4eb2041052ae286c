"""Decoding any answer into any response model gives the model or ResponseFormatError."""

from __future__ import annotations

import msgspec
import pytest
from decode_targets import bodies_for, decode_target, response_models
from hypothesis import example, given
from hypothesis import strategies as st

from clover_desk.api.models.ecommerce import Charge, Refund

MODELS = response_models()


def test_every_models_module_is_covered() -> None:
    assert len(MODELS) > 40
    assert Charge in MODELS
    assert Refund in MODELS


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__qualname__)
@given(data=st.data())
def test_any_answer_decodes_or_is_a_response_format_error(
    model: type[msgspec.Struct], data: st.DataObject
) -> None:
    decode_target(model, data.draw(bodies_for(model)))


@pytest.mark.parametrize(
    "content",
    [
        b'{"id": "R1", "amount": 100, "currency": "dollars"}',  # the refund fuzzing found
        b'{"id": "R1", "amount": 1180591620717411303424, "currency": "usd"}',
        b'{"id": "R1", "amount": 100, "created": 100000000000000000000}',
        b'{"id": "R1", "amount": NaN}',
        b"[" * 5_000 + b"]" * 5_000,
        b'{"id": "R1", "amount": 100, "charge": {"a": ' * 300 + b"1" + b"}" * 301,
    ],
)
@pytest.mark.parametrize("model", [Refund, Charge], ids=lambda model: model.__qualname__)
def test_answers_fuzzing_found(model: type[msgspec.Struct], content: bytes) -> None:
    decode_target(model, content)


@given(content=bodies_for(Refund))
@example(content=b'{"id": "R1", "amount": 100, "currency": "dollars"}')
def test_refund_answers(content: bytes) -> None:
    decode_target(Refund, content)


def test_an_amount_beyond_64_bits_is_refused_where_it_arrives() -> None:
    from clover_desk.api.errors import ResponseFormatError
    from clover_desk.api.transport import decode

    with pytest.raises(ResponseFormatError) as info:
        decode(b'{"id": "R1", "amount": 18446744073709551616}', Refund, "POST /v1/refunds")
    assert info.value.field == "$.amount"
    assert info.value.endpoint == "POST /v1/refunds"
