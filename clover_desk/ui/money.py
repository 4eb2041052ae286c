"""Money for people: integer minor units shown per the user's locale (QLocale), no floats."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from clover_desk.api.money import Money, minor_digits
from clover_desk.services.common import ASCII_DIGITS
from clover_desk.ui.reading_locale import reading_locale

__all__ = [
    "currency_symbol",
    "format_amount",
    "format_money",
    "minor_digits",
    "parse_amount",
]

#: Clover refuses amounts above 99,999,999 minor units; 12 whole-unit digits is far past it.
MAX_MAJOR_DIGITS = 12


def scale(currency: str) -> int:
    """Minor units per major unit (100 for dollars)."""
    return {0: 1, 1: 10, 2: 100, 3: 1000}[minor_digits(currency)]


#: How a currency is written where the reader's own currency is another one. Several
#: currencies share the sign ``$``; a US reader seeing ``$`` on a Canadian merchant's
#: charge would read US dollars, so away from home the dollars say whose they are.
_SYMBOL_ABROAD = {
    "USD": "US$",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "MXN": "MX$",
    "HKD": "HK$",
    "SGD": "S$",
    "EUR": "\u20ac",
    "GBP": "\u00a3",
    "JPY": "\u00a5",
}


def currency_symbol(currency: str, locale: QLocale | None = None) -> str:
    """The sign ``currency`` is written with for a reader in ``locale``.

    The locale's own currency takes its own sign (``$`` for USD in en_US, for CAD in
    fr_CA); another currency takes a sign that says which (``CA$`` to a US reader,
    ``US$`` to a Canadian one), or its ISO code when it has none.
    """
    locale = reading_locale(locale)
    currency = currency.upper()
    if locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode) == currency:
        return locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
    return _SYMBOL_ABROAD.get(currency, currency)


def format_amount(amount: int, currency: str, locale: QLocale | None = None) -> str:
    """``1905, "USD"`` → ``$19.05`` (en_US), ``1905, "CAD"`` → ``19,05 $`` (fr_CA) or
    ``CA$19.05`` (en_US); negative amounts (refunds, cash-outs) lead with the minus sign.

    This is the one money formatter for staff: tables, detail panes, dialogs, receipts
    and reports all call it (CSV files do not: they keep plain decimals).
    """
    locale = reading_locale(locale)
    currency = currency.upper()
    digits = minor_digits(currency)
    major, minor = divmod(abs(amount), scale(currency))
    number = locale.toString(major)
    if digits:
        number += locale.decimalPoint() + f"{minor:0{digits}d}"
    # Let the locale decide where the sign goes (before in en_US, after a no-break space
    # in fr_CA), using a one-digit template it formats itself.
    template = locale.toCurrencyString(7, "\u00a4")
    symbol = currency_symbol(currency, locale)
    if symbol == currency:
        template = template.replace("\u00a47", "\u00a4\u00a07")  # "CHF 1.00", not "CHF1.00"
    text = template.replace("7", number, 1).replace("\u00a4", symbol)
    return f"{locale.negativeSign()}{text}" if amount < 0 else text


def format_money(money: Money | None, locale: QLocale | None = None) -> str:
    """Format a :class:`Money`; empty text for ``None``."""
    return "" if money is None else format_amount(money.amount, money.currency, locale)


def parse_amount(text: str, currency: str, locale: QLocale | None = None) -> int | None:
    """Staff-typed ``12.50`` / ``12,50`` → minor units, or ``None`` when unreadable."""
    locale = reading_locale(locale)
    digits = minor_digits(currency)
    if any(ch.isdigit() and ch not in ASCII_DIGITS for ch in text):
        return None  # another script's digits (or ²): Clover's amounts are 0-9
    cleaned = "".join(ch for ch in text.strip() if ch in ASCII_DIGITS or ch in ".,-")
    if not cleaned:
        return None
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-")
    decimal = locale.decimalPoint()
    # Accept either separator as the decimal point when only one kind appears once --
    # unless it reads as the locale's thousands separator ("1,000" in en_US) or the
    # currency has no minor units (JPY "1,000").
    if decimal not in cleaned and cleaned.count(".") + cleaned.count(",") == 1:
        lone = "." if "." in cleaned else ","
        grouping = lone == locale.groupSeparator() and len(cleaned.partition(lone)[2]) == 3
        if digits and not grouping:
            decimal = lone
    major_text, _, minor_text = cleaned.partition(decimal)
    major_text = major_text.replace(".", "").replace(",", "")
    if not major_text:
        major_text = "0"
    if not major_text.isdigit() or (minor_text and not minor_text.isdigit()):
        return None
    if len(major_text.lstrip("0")) > MAX_MAJOR_DIGITS:
        return None  # beyond any amount Clover takes; int() of 5,000 digits would raise
    if len(minor_text) > digits:
        return None
    minor = int(minor_text.ljust(digits, "0")) if digits else 0
    value = int(major_text) * scale(currency) + minor
    return -value if negative else value
