"""Checking a typed card before it is sent to the token API (Luhn, expiry, CVV).

The card number lives in a :class:`CardEntry` only for as long as the tokenize request
needs it: the entry's ``repr`` never shows it, nothing here logs it, and
:meth:`CardEntry.wipe` drops it once the token is back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from clover_desk.services.common import (
    QT_TRANSLATE_NOOP,
    Activity,
    UserFacingError,
    is_ascii_digits,
    join_phrases,
)

__all__ = [
    "CardEntry",
    "CardProblem",
    "CardToken",
    "CardsService",
    "TokenGateway",
    "brand_of",
    "check_card",
    "luhn_ok",
]


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check."""
    if not is_ascii_digits(digits):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def brand_of(digits: str) -> str:
    """Best guess of the card brand from its leading digits (for the CVV length rule)."""
    if digits.startswith(("34", "37")):
        return "AMEX"
    if digits.startswith("4"):
        return "VISA"
    if is_ascii_digits(digits[:2]) and 51 <= int(digits[:2]) <= 55:
        return "MC"
    if is_ascii_digits(digits[:4]) and 2221 <= int(digits[:4]) <= 2720:
        return "MC"
    if digits.startswith(("6011", "65", "644", "645", "646", "647", "648", "649")):
        return "DISCOVER"
    return "OTHER"


@dataclass(frozen=True, slots=True)
class CardProblem:
    """One thing wrong with a typed card: which field, and what to do."""

    field: str
    message: str


@dataclass(slots=True)
class CardEntry:
    """A card as staff typed it. Never logged, never stored; wipe it after tokenizing."""

    number: str = field(repr=False)
    exp_month: int
    exp_year: int
    cvv: str = field(repr=False)
    postal_code: str = ""
    name: str = ""

    @classmethod
    def from_text(
        cls, number: str, expiry: str, cvv: str, postal_code: str = "", name: str = ""
    ) -> CardEntry:
        """Build from form text: spaces/dashes in the number, ``MM/YY`` or ``MM/YYYY``."""
        # Spaces and dashes group the digits; anything else stays, for check_card to refuse.
        digits = "".join(ch for ch in number if ch not in " -")
        month, year = _parse_expiry(expiry)
        return cls(digits, month, year, cvv.strip(), postal_code.strip(), name.strip())

    @property
    def last4(self) -> str:
        """The last four digits (safe to show)."""
        return self.number[-4:]

    def wipe(self) -> None:
        """Forget the number and CVV."""
        self.number = ""
        self.cvv = ""


def _parse_expiry(text: str) -> tuple[int, int]:
    cleaned = text.replace(" ", "").replace("-", "/")
    if "/" in cleaned:
        month_text, _, year_text = cleaned.partition("/")
    elif len(cleaned) in (4, 6):
        month_text, year_text = cleaned[:2], cleaned[2:]
    else:
        return 0, 0
    if not (is_ascii_digits(month_text) and is_ascii_digits(year_text)):
        return 0, 0
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000
    return int(month_text), year


def check_card(entry: CardEntry, today: date | None = None) -> list[CardProblem]:
    """Every problem with the card, empty when it may be sent for tokenizing."""
    today = today or date.today()
    problems: list[CardProblem] = []
    if not is_ascii_digits(entry.number):
        problems.append(
            CardProblem(
                "number",
                QT_TRANSLATE_NOOP("CardEntry", "Type the card number with the digits 0 to 9."),
            )
        )
    elif not 12 <= len(entry.number) <= 19:
        problems.append(
            CardProblem(
                "number",
                QT_TRANSLATE_NOOP("CardEntry", "A card number has 12 to 19 digits."),
            )
        )
    elif not luhn_ok(entry.number):
        problems.append(
            CardProblem(
                "number",
                QT_TRANSLATE_NOOP("CardEntry", "This card number is mistyped (check digit)."),
            )
        )
    if not 1 <= entry.exp_month <= 12 or entry.exp_year < 2000:
        problems.append(
            CardProblem(
                "expiry",
                QT_TRANSLATE_NOOP("CardEntry", "Type the expiry as MM/YY."),
            )
        )
    elif (entry.exp_year, entry.exp_month) < (today.year, today.month):
        problems.append(
            CardProblem(
                "expiry",
                QT_TRANSLATE_NOOP("CardEntry", "This card has expired."),
            )
        )
    elif entry.exp_year > today.year + 20:
        problems.append(
            CardProblem(
                "expiry",
                QT_TRANSLATE_NOOP("CardEntry", "The expiry year is too far ahead."),
            )
        )
    cvv_length = 4 if brand_of(entry.number) == "AMEX" else 3
    if not (is_ascii_digits(entry.cvv) and len(entry.cvv) == cvv_length):
        problems.append(
            CardProblem(
                "cvv",
                QT_TRANSLATE_NOOP("CardEntry", "The security code has {digits} digits.").format(
                    digits=cvv_length
                ),
            )
        )
    return problems


@dataclass(frozen=True, slots=True)
class CardToken:
    """A single-use ``clv_`` token and the safe facts about its card."""

    token: str = field(repr=False)
    last4: str
    brand: str


class TokenGateway(Protocol):
    """The token API (the composition root adapts ``TokensApi``)."""

    async def tokenize_card(self, entry: CardEntry) -> CardToken:
        """``POST /v1/tokens`` with the card."""
        ...


class CardsService:
    """Checks a typed card, tokenizes it, and forgets the number."""

    def __init__(self, gateway: TokenGateway, activity: Activity) -> None:
        self._gateway = gateway
        self._activity = activity

    async def tokenize(self, entry: CardEntry, today: date | None = None) -> CardToken:
        """Validate (Luhn, expiry, CVV) before sending; wipe the entry in every case."""
        try:
            problems = check_card(entry, today)
            if problems:
                raise UserFacingError(
                    join_phrases(p.message for p in problems),
                    QT_TRANSLATE_NOOP("CardEntry", "Check the card details and type them again."),
                )
            async with self._activity.track("tokenizing the card"):
                return await self._gateway.tokenize_card(entry)
        finally:
            entry.wipe()
