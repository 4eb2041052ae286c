"""The merchant's currency, whichever name the server gives it."""

from __future__ import annotations

import msgspec
import pytest

from clover_desk.api.models.platform import Merchant


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"id": "M1", "defaultCurrency": "eur"}', "EUR"),
        (b'{"id": "M1", "currency": "USD"}', "USD"),
        (b'{"id": "M1"}', None),
    ],
)
def test_currency_code_reads_default_currency_or_currency(
    body: bytes, expected: str | None
) -> None:
    assert msgspec.json.decode(body, type=Merchant).currency_code == expected
