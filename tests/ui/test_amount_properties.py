"""Amounts staff type are read in every supported locale, or refused: never a crash.

Found by fuzzing: ``parse_amount`` raised ``ValueError`` on other scripts' digits and
superscripts, and on 5,000-digit strings. Pinned below.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale

from clover_desk.ui.money import format_amount, parse_amount

LOCALES = ("en_US", "en_CA", "fr_CA")
CURRENCIES = ("USD", "CAD", "JPY", "KWD")

typed = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789.,- $€", max_size=25),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩²³¹۵.,", max_size=20),
)


@pytest.mark.parametrize("locale_name", LOCALES)
@given(text=typed, currency=st.sampled_from(CURRENCIES))
@example(text="١٢٫٥٠", currency="USD")
@example(text="12²", currency="USD")
@example(text="9" * 5_000, currency="USD")
@example(text="-" + "9" * 5_000 + ",99", currency="CAD")
def test_any_typed_amount_is_read_or_refused(locale_name: str, text: str, currency: str) -> None:
    value = parse_amount(text, currency, QLocale(locale_name))
    assert value is None or isinstance(value, int)
    if value is not None:
        assert abs(value) < 10**16  # within what Clover and SQLite can hold


@pytest.mark.parametrize("locale_name", LOCALES)
@given(amount=st.integers(-99_999_999, 99_999_999), currency=st.sampled_from(CURRENCIES))
def test_what_the_app_shows_reads_back_as_the_same_amount(
    locale_name: str, amount: int, currency: str
) -> None:
    locale = QLocale(locale_name)
    shown = format_amount(amount, currency, locale)
    assert parse_amount(shown, currency, locale) == amount


@pytest.mark.parametrize("text", ["١٢.٥٠", "12²", "1٢.50", "9" * 5_000])
def test_other_digits_and_endless_numbers_are_unreadable(text: str) -> None:
    assert parse_amount(text, "USD", QLocale("en_US")) is None
