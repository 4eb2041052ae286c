"""Gift cards: activate (physical or virtual), balance, reload, cash out, and a history.

Each operation tokenizes the card number first (gift-card tokens are single-use) and
forgets the number; the history file keeps only the last four digits, the amounts and
Clover's references, one JSON object per line in the user data dir.
"""

from __future__ import annotations

import asyncio
import enum
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from clover_desk.api.models.gift_cards import GiftCardResult
from clover_desk.api.money import Money
from clover_desk.services.common import (
    QT_TRANSLATE_NOOP,
    Activity,
    UserFacingError,
    ascii_digits_in,
    new_idempotency_key,
)

__all__ = [
    "GiftCardGateway",
    "GiftCardHistory",
    "GiftCardOutcome",
    "GiftCardService",
    "GiftOperation",
    "HistoryEntry",
]


class GiftOperation(enum.StrEnum):
    """What was done to a card."""

    ACTIVATE = QT_TRANSLATE_NOOP("GiftOperation", "Activate")
    ACTIVATE_VIRTUAL = QT_TRANSLATE_NOOP("GiftOperation", "Activate virtual")
    BALANCE = QT_TRANSLATE_NOOP("GiftOperation", "Balance inquiry")
    RELOAD = QT_TRANSLATE_NOOP("GiftOperation", "Reload")
    CASH_OUT = QT_TRANSLATE_NOOP("GiftOperation", "Cash out")


@dataclass(frozen=True, slots=True)
class GiftCardOutcome:
    """What an operation did, in staff terms.

    Attributes:
        operation: which one.
        last4: the card's last four digits.
        amount: moved by this operation (``None`` for a balance inquiry).
        balance: the card's balance afterwards.
        reference: Clover's reference number, if any.
        virtual_number: a new virtual card's full number, shown once and never stored.
    """

    operation: GiftOperation
    last4: str
    amount: Money | None
    balance: Money | None
    reference: str = ""
    virtual_number: str = ""

    def summary(self) -> str:
        """One plain sentence (amounts formatted by the caller's ``fmt``)."""
        return f"{self.operation.value} on card •••• {self.last4}"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of the history file (no card number)."""

    at_ms: int
    operation: str
    last4: str
    amount: int | None
    balance: int | None
    currency: str
    reference: str
    profile: str


class GiftCardHistory:
    """Append-only JSON-lines history of gift-card operations done from this app."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: HistoryEntry) -> None:
        """Add one entry (flushed to disk before returning)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(entry)) + "\n")
            handle.flush()

    def entries(self, profile: str | None = None) -> list[HistoryEntry]:
        """Newest first, optionally of one profile; damaged lines are skipped."""
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                entry = HistoryEntry(**json.loads(line))
            except (ValueError, TypeError):
                continue
            if profile is None or entry.profile == profile:
                found.append(entry)
        return list(reversed(found))


class GiftCardGateway(Protocol):
    """The gift-card and token APIs."""

    async def tokenize_gift_card(self, number: str, security_code: str | None) -> str:
        """A single-use ``clv_`` token for the card."""
        ...

    async def activate(self, source: str, amount: Money, idempotency_key: str) -> GiftCardResult:
        """``POST /v1/activate`` (physical card)."""
        ...

    async def activate_virtual(
        self, promo_code: str, amount: Money, idempotency_key: str
    ) -> GiftCardResult:
        """``POST /v1/activate`` for a virtual card (new number in ``gift_card``)."""
        ...

    async def balance(self, source: str) -> GiftCardResult:
        """``POST /v1/balance_inquiry``."""
        ...

    async def reload(self, source: str, amount: Money, idempotency_key: str) -> GiftCardResult:
        """``POST /v1/reload``."""
        ...

    async def cashout(self, source: str, idempotency_key: str) -> GiftCardResult:
        """``POST /v1/cashout``."""
        ...


def _digits(number: str) -> str:
    return ascii_digits_in(number)


class GiftCardService:
    """What the Gift cards tab asks of Clover."""

    def __init__(
        self,
        gateway: GiftCardGateway,
        activity: Activity,
        history: GiftCardHistory,
        currency: str,
        profile_id: str,
    ) -> None:
        self._clover = gateway
        self._activity = activity
        self.history = history
        self.currency = currency
        self._profile = profile_id

    async def _token(self, number: str, security_code: str) -> tuple[str, str]:
        digits = _digits(number)
        if not 12 <= len(digits) <= 19:
            raise UserFacingError(
                QT_TRANSLATE_NOOP("GiftCards", "A gift card number has 12 to 19 digits."),
                QT_TRANSLATE_NOOP("GiftCards", "Check the number on the card."),
            )
        async with self._activity.track("reading the gift card"):
            token = await self._clover.tokenize_gift_card(digits, security_code.strip() or None)
        return token, digits[-4:]

    def _amount(self, amount: int) -> Money:
        if amount <= 0:
            raise UserFacingError(
                QT_TRANSLATE_NOOP("GiftCards", "The amount must be more than zero.")
            )
        return Money(amount, self.currency)

    async def activate(self, number: str, security_code: str, amount: int) -> GiftCardOutcome:
        """Activate a physical card and load ``amount`` (minor units) on it."""
        money = self._amount(amount)
        token, last4 = await self._token(number, security_code)
        async with self._activity.track("activating the gift card"):
            result = await self._clover.activate(token, money, new_idempotency_key())
        return await self._done(GiftOperation.ACTIVATE, last4, money, result)

    async def activate_virtual(self, promo_code: str, amount: int) -> GiftCardOutcome:
        """Create a virtual card with ``amount`` on it; its number is shown once."""
        money = self._amount(amount)
        if not promo_code.strip():
            raise UserFacingError(
                QT_TRANSLATE_NOOP("GiftCards", "Type the virtual card's promotional code.")
            )
        async with self._activity.track("activating a virtual gift card"):
            result = await self._clover.activate_virtual(
                promo_code.strip(), money, new_idempotency_key()
            )
        number = (result.gift_card.card_number if result.gift_card else None) or ""
        return await self._done(
            GiftOperation.ACTIVATE_VIRTUAL, number[-4:], money, result, virtual_number=number
        )

    async def balance(self, number: str, security_code: str = "") -> GiftCardOutcome:
        """The card's balance."""
        token, last4 = await self._token(number, security_code)
        async with self._activity.track("checking the balance"):
            result = await self._clover.balance(token)
        return await self._done(GiftOperation.BALANCE, last4, None, result)

    async def reload(self, number: str, security_code: str, amount: int) -> GiftCardOutcome:
        """Add ``amount`` to an active card."""
        money = self._amount(amount)
        token, last4 = await self._token(number, security_code)
        async with self._activity.track("reloading the gift card"):
            result = await self._clover.reload(token, money, new_idempotency_key())
        return await self._done(GiftOperation.RELOAD, last4, money, result)

    async def cash_out(self, number: str, security_code: str = "") -> GiftCardOutcome:
        """Pay out the whole balance (the card ends at zero)."""
        token, last4 = await self._token(number, security_code)
        async with self._activity.track("cashing out the gift card"):
            result = await self._clover.cashout(token, new_idempotency_key())
        previous = result.gift_card.previous_balance if result.gift_card else None
        paid_out = result.amount if result.amount is not None else previous
        money = Money(paid_out, self.currency) if paid_out is not None else None
        return await self._done(GiftOperation.CASH_OUT, last4, money, result)

    async def _done(
        self,
        operation: GiftOperation,
        last4: str,
        amount: Money | None,
        result: GiftCardResult,
        *,
        virtual_number: str = "",
    ) -> GiftCardOutcome:
        balance_minor = result.gift_card.new_balance if result.gift_card else None
        currency = result.currency or self.currency
        outcome = GiftCardOutcome(
            operation=operation,
            last4=last4,
            amount=amount,
            balance=Money(balance_minor, currency) if balance_minor is not None else None,
            reference=result.ref_num or result.id or "",
            virtual_number=virtual_number,
        )
        entry = HistoryEntry(
            at_ms=int(time.time() * 1000),
            operation=operation.value,
            last4=last4,
            amount=amount.amount if amount else None,
            balance=balance_minor,
            currency=currency,
            reference=outcome.reference,
            profile=self._profile,
        )
        await asyncio.to_thread(self.history.append, entry)
        return outcome
