"""Customers & cards on file: search, create, edit, add a card (tokenized), revoke a card.

Reads and contact edits go through the v3 customers API (expanded emails, phones,
addresses, cards; each email, phone and address edited through its own sub-resource);
the card-on-file writes go through the Ecommerce customers API, which shares the
customers.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from clover_desk.api.models.common import Elements
from clover_desk.api.models.ecommerce import Charge
from clover_desk.api.models.ecommerce import Customer as CardCustomer
from clover_desk.api.models.platform import (
    V3Address,
    V3Card,
    V3Customer,
    V3EmailAddress,
    V3PhoneNumber,
)
from clover_desk.services.common import (
    QT_TRANSLATE_NOOP,
    Activity,
    Feed,
    Listing,
    UserFacingError,
    ascii_digits_in,
    join_phrases,
)
from clover_desk.services.customers.cards import CardEntry, CardsService

__all__ = [
    "CustomerDetail",
    "CustomerForm",
    "CustomersGateway",
    "CustomersService",
    "display_name",
]

_Sub = TypeVar("_Sub", V3EmailAddress, V3PhoneNumber, V3Address)

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: Expansions for lists and the detail (Clover allows three per call).
LIST_EXPAND = ("emailAddresses", "phoneNumbers", "cards")
DETAIL_EXPAND = ("emailAddresses", "phoneNumbers", "addresses")


def display_name(customer: V3Customer) -> str:
    """First and last name, or the first email, or the id."""
    name = " ".join(p for p in (customer.first_name, customer.last_name) if p)
    return name or (customer.emails[0] if customer.emails else customer.id)


def active_cards(customer: V3Customer) -> list[V3Card]:
    """Cards on file (expanded ``cards``)."""
    return [c for c in customer.cards.elements if c.id] if customer.cards else []


@dataclass(frozen=True, slots=True)
class CustomerForm:
    """What staff type to create or edit a customer."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    address1: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country: str = "US"

    def problems(self) -> list[str]:
        """What is wrong with the form (empty when it may be sent)."""
        problems = []
        if not (self.first_name.strip() or self.last_name.strip()):
            problems.append(QT_TRANSLATE_NOOP("Customers", "Type a first or last name."))
        if self.email.strip() and not _EMAIL_RE.match(self.email.strip()):
            problems.append(QT_TRANSLATE_NOOP("Customers", "The email address is not valid."))
        if self.phone.strip() and len(ascii_digits_in(self.phone)) < 7:
            problems.append(QT_TRANSLATE_NOOP("Customers", "The phone number is too short."))
        return problems

    @property
    def address(self) -> dict[str, str] | None:
        """The typed address in the v3 spelling (blank fields left out), if one was typed."""
        if not self.address1.strip():
            return None
        return {k: v for k, v in self.address_fields.items() if v}

    @property
    def address_fields(self) -> dict[str, str]:
        """Every address field of the form, stripped (blank ones as ``""``)."""
        return {
            "address1": self.address1.strip(),
            "city": self.city.strip(),
            "state": self.state.strip(),
            "zip": self.zip.strip(),
            "country": self.country.strip(),
        }


@dataclass(frozen=True, slots=True)
class CustomerDetail:
    """A customer with cards, addresses, and their recent charges."""

    customer: V3Customer
    cards: list[V3Card]
    charges: list[Charge]

    @property
    def order_ids(self) -> list[str]:
        """The customer's orders, newest first (from their charges)."""
        seen: dict[str, None] = {}
        for charge in self.charges:
            if charge.order:
                seen.setdefault(charge.order)
        return list(seen)


class CustomersGateway(Protocol):
    """What the customers service needs from Clover."""

    def list_customers(
        self, *, filters: Sequence[str] = ..., expand: Sequence[str] = ..., page_size: int = ...
    ) -> Listing[V3Customer]:
        """``GET /v3/.../customers``."""
        ...

    async def get_customer(self, customer_id: str, *, expand: Sequence[str] = ...) -> V3Customer:
        """``GET /v3/.../customers/{id}``."""
        ...

    async def create_customer(
        self,
        *,
        first_name: str | None = ...,
        last_name: str | None = ...,
        emails: Sequence[str] = ...,
        phones: Sequence[str] = ...,
        addresses: Sequence[Mapping[str, str | None]] = ...,
    ) -> V3Customer:
        """``POST /v3/.../customers``."""
        ...

    async def update_customer(
        self, customer_id: str, *, first_name: str | None = ..., last_name: str | None = ...
    ) -> V3Customer:
        """``POST /v3/.../customers/{id}`` (names; ``None`` leaves one as it is)."""
        ...

    async def add_email_address(
        self, customer_id: str, email_address: str, *, primary: bool | None = ...
    ) -> V3EmailAddress:
        """``POST /v3/.../customers/{id}/email_addresses``."""
        ...

    async def update_email_address(
        self, customer_id: str, email_id: str, *, email_address: str | None = ...
    ) -> V3EmailAddress:
        """``POST /v3/.../customers/{id}/email_addresses/{emailId}``."""
        ...

    async def add_phone_number(self, customer_id: str, phone_number: str) -> V3PhoneNumber:
        """``POST /v3/.../customers/{id}/phone_numbers``."""
        ...

    async def update_phone_number(
        self, customer_id: str, phone_id: str, phone_number: str
    ) -> V3PhoneNumber:
        """``POST /v3/.../customers/{id}/phone_numbers/{phoneId}``."""
        ...

    async def add_address(self, customer_id: str, **fields: str) -> V3Address:
        """``POST /v3/.../customers/{id}/addresses`` (v3 field names)."""
        ...

    async def update_address(self, customer_id: str, address_id: str, **fields: str) -> V3Address:
        """``POST /v3/.../customers/{id}/addresses/{addressId}`` (the fields given)."""
        ...

    async def save_card(self, customer_id: str, source: str) -> CardCustomer:
        """``PUT /v1/customers/{id}`` with a ``clv_`` token: a new card on file."""
        ...

    async def revoke_source(self, customer_id: str, source_id: str) -> object:
        """``DELETE /v1/customers/{id}/sources/{sourceId}``."""
        ...

    def customer_charges(self, customer_id: str) -> Listing[Charge]:
        """``GET /v1/charges?customer=...``."""
        ...


class CustomersService:
    """What the Customers tab asks of Clover."""

    def __init__(self, gateway: CustomersGateway, cards: CardsService, activity: Activity) -> None:
        self._clover = gateway
        self._cards = cards
        self._activity = activity

    def search(self, text: str = "", *, page_size: int = 200) -> Feed[V3Customer]:
        """Customers whose name, email or phone contains ``text``."""
        folded = text.strip().casefold()

        def keep(customer: V3Customer) -> bool:
            if not folded:
                return True
            haystack = [display_name(customer), customer.id, *customer.emails, *customer.phones]
            return any(folded in value.casefold() for value in haystack)

        return Feed(self._clover.list_customers(expand=LIST_EXPAND, page_size=page_size), keep)

    async def page(self, feed: Feed[V3Customer]) -> list[V3Customer]:
        """The next page of ``feed``."""
        async with self._activity.track("loading customers"):
            return await feed.next_page()

    async def detail(self, customer_id: str) -> CustomerDetail:
        """The customer with addresses and cards, and their 50 latest charges."""
        async with self._activity.track("loading a customer"):
            customer, with_cards, charges = await asyncio.gather(
                self._clover.get_customer(customer_id, expand=DETAIL_EXPAND),
                self._clover.get_customer(customer_id, expand=("cards",)),
                self._first_charges(customer_id),
            )
        customer.cards = with_cards.cards
        return CustomerDetail(customer, active_cards(customer), charges)

    async def _first_charges(self, customer_id: str, limit: int = 50) -> list[Charge]:
        charges: list[Charge] = []
        async for page in self._clover.customer_charges(customer_id).pages():
            charges.extend(page)
            if len(charges) >= limit:
                break
        return charges[:limit]

    async def create(self, form: CustomerForm) -> CustomerDetail:
        """Create a customer (no card needed) with its email, phone and address."""
        _check(form)
        async with self._activity.track("creating a customer"):
            created = await self._clover.create_customer(
                first_name=form.first_name.strip() or None,
                last_name=form.last_name.strip() or None,
                emails=[form.email.strip()] if form.email.strip() else [],
                phones=[form.phone.strip()] if form.phone.strip() else [],
                addresses=[form.address] if form.address is not None else [],
            )
        return await self.detail(created.id)

    async def edit(self, customer_id: str, form: CustomerForm) -> CustomerDetail:
        """Save name, email, phone and address.

        The email, phone and address the edit form shows (the first of each) are changed
        in place, or added when the customer has none; a field left blank is left as it
        is on Clover. Only what changed is sent.
        """
        _check(form)
        async with self._activity.track("saving the customer"):
            current = await self._clover.get_customer(customer_id, expand=DETAIL_EXPAND)
            await self._save(current, form)
        return await self.detail(customer_id)

    async def _save(self, current: V3Customer, form: CustomerForm) -> None:
        cid = current.id
        first, last = form.first_name.strip() or None, form.last_name.strip() or None
        if (first, last) != (current.first_name, current.last_name):
            await self._clover.update_customer(cid, first_name=first, last_name=last)
        email = form.email.strip()
        if email:
            shown = _first(current.email_addresses, "email_address")
            if shown is None:
                await self._clover.add_email_address(cid, email, primary=True)
            elif shown.email_address != email and shown.id:
                await self._clover.update_email_address(cid, shown.id, email_address=email)
        phone = form.phone.strip()
        if phone:
            number = _first(current.phone_numbers, "phone_number")
            if number is None:
                await self._clover.add_phone_number(cid, phone)
            elif number.phone_number != phone and number.id:
                await self._clover.update_phone_number(cid, number.id, phone)
        typed = form.address
        if typed is not None:
            address = _first(current.addresses, "id")
            if address is None or not address.id:
                await self._clover.add_address(cid, **typed)
            else:
                changes = {
                    name: value
                    for name, value in form.address_fields.items()
                    if value != (getattr(address, name) or "")
                }
                if changes:
                    await self._clover.update_address(cid, address.id, **changes)

    async def add_card(self, customer_id: str, entry: CardEntry) -> CustomerDetail:
        """Tokenize the card (checked first; the number is wiped) and save it on file."""
        token = await self._cards.tokenize(entry)
        async with self._activity.track("saving the card"):
            await self._clover.save_card(customer_id, token.token)
        return await self.detail(customer_id)

    async def revoke_card(self, customer_id: str, card_id: str) -> CustomerDetail:
        """Forget a card on file."""
        async with self._activity.track("revoking the card"):
            await self._clover.revoke_source(customer_id, card_id)
        return await self.detail(customer_id)

    async def with_cards(self, limit: int = 500) -> list[tuple[str, str]]:
        """(id, label) of customers with a card on file, for paying by card on file."""
        found: list[tuple[str, str]] = []
        async with self._activity.track("loading cards on file"):
            async for page in self._clover.list_customers(expand=("cards",)).pages():
                for customer in page:
                    cards = active_cards(customer)
                    if cards:
                        found.append(
                            (customer.id, f"{display_name(customer)} •••• {cards[0].last4}")
                        )
                if len(found) >= limit:
                    break
        return found


def _first(collection: Elements[_Sub] | None, field: str) -> _Sub | None:
    """The first entry of an expanded sub-collection whose ``field`` is set."""
    if collection is None:
        return None
    return next((e for e in collection.elements if getattr(e, field, None)), None)


def _check(form: CustomerForm) -> None:
    problems = form.problems()
    if problems:
        raise UserFacingError(join_phrases(problems))
