"""Charges & refunds: search with filters, a charge's refunds so far, capture.

Refunds themselves are :class:`~clover_desk.services.refunds.service.RefundService`'s job (the
journal, one key per refund, settling unknown outcomes); this service reads and captures.
"""

from __future__ import annotations

import asyncio
import enum
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from clover_desk.api.errors import NotFound
from clover_desk.api.models.ecommerce import (
    Charge,
    ChargeStatus,
    Refund,
    RefundStatus,
    Source,
)
from clover_desk.api.money import Money
from clover_desk.services.common import (
    QT_TRANSLATE_NOOP,
    Activity,
    ChargesGateway,
    Feed,
    UserFacingError,
    new_idempotency_key,
)

__all__ = [
    "ChargeDetail",
    "ChargeFilter",
    "ChargeState",
    "ChargesService",
    "RefundStep",
    "charge_state",
    "last4_of",
]

_ID_RE = re.compile(r"^[A-Z0-9]{13}$")


class ChargeState(enum.StrEnum):
    """What staff call a charge's state (derived from Clover's flags)."""

    ANY = QT_TRANSLATE_NOOP("ChargeState", "Any status")
    CAPTURED = QT_TRANSLATE_NOOP("ChargeState", "Captured")
    AUTHORIZED = QT_TRANSLATE_NOOP("ChargeState", "Authorized (not captured)")
    PARTIALLY_REFUNDED = QT_TRANSLATE_NOOP("ChargeState", "Partially refunded")
    REFUNDED = QT_TRANSLATE_NOOP("ChargeState", "Refunded")
    FAILED = QT_TRANSLATE_NOOP("ChargeState", "Failed")


def charge_state(charge: Charge) -> ChargeState:
    """The staff-facing state of ``charge``."""
    if charge.status is ChargeStatus.FAILED:
        return ChargeState.FAILED
    if charge.refunded or (charge.amount_refunded and charge.amount_refunded >= charge.amount):
        return ChargeState.REFUNDED
    if charge.amount_refunded:
        return ChargeState.PARTIALLY_REFUNDED
    if charge.captured is False:
        return ChargeState.AUTHORIZED
    return ChargeState.CAPTURED


def last4_of(charge: Charge) -> str:
    """The card's last four digits, when the charge says."""
    return charge.source.last4 or "" if isinstance(charge.source, Source) else ""


@dataclass(frozen=True, slots=True)
class ChargeFilter:
    """The Charges tab's filters; empty fields do not filter.

    Attributes:
        text: a charge id or order id (exact), else part of the description.
        state: derived state to show.
        created_from / created_to: local dates, inclusive.
        min_amount / max_amount: minor units, inclusive.
        customer: a customer id (filtered by Clover).
        last4: the card's last four digits.
    """

    text: str = ""
    state: ChargeState = ChargeState.ANY
    created_from: date | None = None
    created_to: date | None = None
    min_amount: int | None = None
    max_amount: int | None = None
    customer: str = ""
    last4: str = ""

    def matches(self, charge: Charge) -> bool:
        """Whether ``charge`` passes the filters Clover cannot apply."""
        if self.state is not ChargeState.ANY and charge_state(charge) is not self.state:
            return False
        if self.min_amount is not None and charge.amount < self.min_amount:
            return False
        if self.max_amount is not None and charge.amount > self.max_amount:
            return False
        if self.last4 and last4_of(charge) != self.last4:
            return False
        text = self.text.strip()
        if text:
            folded = text.casefold()
            haystack = [charge.id, charge.order or "", charge.description or ""]
            if not any(folded in value.casefold() for value in haystack):
                return False
        return True


@dataclass(frozen=True, slots=True)
class RefundStep:
    """One refund of a charge and what was left to refund once it went through."""

    refund: Refund
    remaining: Money


@dataclass(frozen=True, slots=True)
class ChargeDetail:
    """A charge with its refunds and what remains refundable."""

    charge: Charge
    refunds: list[Refund]

    @property
    def refunded(self) -> Money:
        """Refunded so far (succeeded refunds; the charge's own figure if larger)."""
        listed = sum(r.amount for r in self.refunds if r.status is not RefundStatus.FAILED)
        return Money(max(listed, self.charge.amount_refunded), self.charge.currency)

    @property
    def refundable(self) -> Money:
        """What is left to refund."""
        if not self.charge.paid and self.charge.status is ChargeStatus.FAILED:
            return Money(0, self.charge.currency)
        left = self.charge.amount - self.refunded.amount
        return Money(max(0, left), self.charge.currency)

    def refund_steps(self) -> list[RefundStep]:
        """The refunds oldest first, each with the refundable amount left after it (a
        failed refund leaves it unchanged)."""
        left = self.charge.amount
        steps = []
        for refund in sorted(self.refunds, key=lambda r: (r.created is None, r.created)):
            if refund.status is not RefundStatus.FAILED:
                left = max(0, left - refund.amount)
            steps.append(RefundStep(refund, Money(left, self.charge.currency)))
        return steps

    @property
    def can_capture(self) -> bool:
        """Only an authorization that was never captured can be captured."""
        return charge_state(self.charge) is ChargeState.AUTHORIZED

    @property
    def can_refund(self) -> bool:
        """Something is left to refund on a captured charge."""
        state = charge_state(self.charge)
        return self.refundable.amount > 0 and state in (
            ChargeState.CAPTURED,
            ChargeState.PARTIALLY_REFUNDED,
        )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


class ChargesService:
    """What the Charges tab asks of Clover."""

    def __init__(self, ecommerce: ChargesGateway, activity: Activity) -> None:
        self._api = ecommerce
        self._activity = activity

    def search(self, filters: ChargeFilter, *, page_size: int = 100) -> Feed[Charge]:
        """Charges newest first, filtered; an exact charge id is looked up directly."""
        text = filters.text.strip().upper()
        if _ID_RE.match(text):
            return Feed(_LookupSource(self, text, filters), filters.matches)
        return Feed(
            self._api.list_charges(
                customer=filters.customer or None,
                created_gte=_start_of(filters.created_from) if filters.created_from else None,
                created_lt=(
                    _start_of(filters.created_to + timedelta(days=1))
                    if filters.created_to
                    else None
                ),
                page_size=page_size,
            ),
            filters.matches,
        )

    async def page(self, feed: Feed[Charge]) -> list[Charge]:
        """The next page of ``feed``, counted in the status bar."""
        async with self._activity.track("loading charges"):
            return await feed.next_page()

    async def detail(self, charge_id: str) -> ChargeDetail:
        """A fresh read of the charge and every refund of it."""
        async with self._activity.track("loading a charge"):
            charge, refunds = await asyncio.gather(
                self._api.get_charge(charge_id),
                self._api.list_refunds(charge=charge_id).collect(),
            )
        return ChargeDetail(charge, refunds)

    async def capture(self, charge_id: str, amount: int | None = None) -> ChargeDetail:
        """Capture an authorization (whole, or ``amount`` of it)."""
        detail = await self.detail(charge_id)
        if not detail.can_capture:
            raise UserFacingError(
                QT_TRANSLATE_NOOP(
                    "Charges", "Charge {charge} is {state}, not an open authorization."
                ).format(charge=charge_id, state=charge_state(detail.charge).value.lower()),
                QT_TRANSLATE_NOOP(
                    "Charges", "Only authorized charges that were never captured can be captured."
                ),
            )
        async with self._activity.track("capturing a charge"):
            await self._api.capture_charge(
                charge_id, amount=amount, idempotency_key=new_idempotency_key()
            )
        return await self.detail(charge_id)


class _LookupSource:
    """A one-page source answering an exact charge (or order) id."""

    def __init__(self, service: ChargesService, ident: str, filters: ChargeFilter) -> None:
        self._service = service
        self._ident = ident
        self._filters = filters

    async def pages(self) -> AsyncIterator[list[Charge]]:
        """The charge itself, or charges of the order with that id."""
        api = self._service._api
        try:
            charge = await api.get_charge(self._ident)
        except NotFound:
            # Not a charge id: maybe an order id; scan recent charges for it.
            async for page in api.list_charges(page_size=100, limit=2000).pages():
                matches = [c for c in page if c.order == self._ident]
                if matches:
                    yield matches
                    return
            return
        yield [charge]
