"""Money as integer minor units plus an ISO 4217 currency. Never floats."""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

__all__ = [
    "Money",
    "MoneyText",
    "amount_text",
    "currency_code",
    "minor_digits",
    "optional_currency_code",
    "show_money_as",
]

#: How a :class:`Money` reads inside a sentence (``str(money)``, ``f"{money}"``).
MoneyText = Callable[["Money"], str]

#: Set by the composition root to the UI's locale-aware formatter, so that messages the
#: services build (``"Only {remaining} remains refundable"``) reach staff as ``$19.05``
#: rather than ``19.05 USD`` without the services knowing Qt. ``None``: the plain form.
_shown_as: MoneyText | None = None

_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")

#: ISO 4217 currencies whose minor unit is not cents (the rest have two decimals).
_MINOR_DIGITS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "JOD": 3, "TND": 3}


def minor_digits(currency: str) -> int:
    """How many decimals ``currency`` has (2 for dollars, 0 for yen)."""
    return _MINOR_DIGITS.get(currency.upper(), 2)


def amount_text(amount: int, currency: str) -> str:
    """Minor units as plain decimal text (``1234, "USD"`` → ``"12.34"``); no floats."""
    digits = minor_digits(currency)
    sign = "-" if amount < 0 else ""
    if digits == 0:
        return f"{sign}{abs(amount)}"
    major, minor = divmod(abs(amount), 10**digits)
    return f"{sign}{major}.{minor:0{digits}d}"


def currency_code(value: str) -> str:
    """``value`` as an upper-case ISO 4217 code, or ``ValueError``.

    Every currency a wire model reads passes through here at decode time (a ``ValueError``
    there becomes msgspec's ``ValidationError`` naming the field, then the client's
    ``ResponseFormatError``), so a malformed currency is refused where it arrives instead
    of surfacing later when money is built from it.
    """
    code = value.upper() if isinstance(value, str) else value
    if not isinstance(code, str) or not _CURRENCY_RE.match(code):
        raise ValueError(f"not an ISO 4217 currency code: {value!r}")
    return code


def optional_currency_code(value: str | None) -> str | None:
    """:func:`currency_code` for a field that may be absent (``None`` or empty)."""
    return currency_code(value) if value else None


class Money(msgspec.Struct, frozen=True, order=False):
    """An amount in minor units (cents) of one currency.

    Attributes:
        amount: integer minor units; ``2099`` is $20.99. May be negative (discounts).
        currency: upper-case ISO 4217 code (``"USD"``); any case is accepted on creation.
    """

    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(f"Money.amount must be int minor units, not {type(self.amount)!r}")
        # frozen struct: write through msgspec's setattr bypass
        msgspec.structs.force_setattr(self, "currency", currency_code(self.currency))

    @classmethod
    def of(cls, amount: int, currency: str) -> Money:
        """Build a Money (same as the constructor; reads better at call sites)."""
        return cls(amount, currency)

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def _check(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    @property
    def wire_currency(self) -> str:
        """The currency as the Ecommerce API wants it in requests (lower case)."""
        return self.currency.lower()

    def __str__(self) -> str:
        return _shown_as(self) if _shown_as is not None else self.plain_text()

    def plain_text(self) -> str:
        """``19.05 USD``: locale-free, for logs and files."""
        sign = "-" if self.amount < 0 else ""
        major, minor = divmod(abs(self.amount), 100)
        return f"{sign}{major}.{minor:02d} {self.currency}"


def show_money_as(text: MoneyText | None) -> MoneyText | None:
    """Make ``str(money)`` use ``text`` (``None``: the plain form); returns the previous one."""
    global _shown_as
    previous, _shown_as = _shown_as, text
    return previous
