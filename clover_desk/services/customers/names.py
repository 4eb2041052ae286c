"""Names for the ids Clover hands back: customers and staff, as the tables show them.

A charge says ``customer: "12160WCS4T0JY"`` and an order ``employee: {"id": ...}``;
staff scanning a table want "Ada Lovelace" and "Marcus Manager". The book reads each id
once per session (customers one by one with their emails, staff in one call), keeps
what it learns, and answers synchronously afterwards so a table's cells never wait.
A customer Clover no longer has, or one with neither name nor email, is remembered as
unknown ("") and not asked again; a failed read is not remembered, so the next page
tries again. Once the local history holds customers and staff, the book reads them
there first (no request; names still show offline), and asks Clover only for the rest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from typing import Protocol

from clover_desk.api.errors import CloverError, NotFound
from clover_desk.api.models.platform import V3Customer
from clover_desk.services.common import Activity
from clover_desk.services.customers.service import display_name
from clover_desk.services.history import HistoryStore, StaffDirectory

__all__ = ["CustomerLookup", "NameBook", "customer_label"]

log = logging.getLogger(__name__)

#: Customers read at once when a page brings many new ones (the transport caps too).
_PARALLEL = 8


class CustomerLookup(Protocol):
    """Reading one customer (the v3 customers API)."""

    async def get_customer(self, customer_id: str, *, expand: Sequence[str] = ...) -> V3Customer:
        """``GET /v3/merchants/{mId}/customers/{customerId}``."""
        ...


def customer_label(customer: V3Customer) -> str:
    """First and last name, else the first email, else "" (never the bare id)."""
    name = display_name(customer)
    return "" if name == customer.id else name


class NameBook:
    """Customer and staff names by Clover id, learnt as pages arrive."""

    def __init__(
        self,
        customers: CustomerLookup,
        staff: StaffDirectory,
        activity: Activity,
        stored: HistoryStore | None = None,
    ) -> None:
        self._customers = customers
        self._staff = staff
        self._activity = activity
        self._stored = stored
        self._customer_names: dict[str, str] = {}
        self._reading: set[str] = set()  # asked by an earlier page, answer not back yet
        self._staff_names: dict[str, str] | None = None
        self._limit = asyncio.Semaphore(_PARALLEL)

    def customer(self, customer_id: str | None) -> str | None:
        """The customer's name or email; "" when Clover has none; ``None`` if not read."""
        return self._customer_names.get(customer_id) if customer_id else None

    def employee(self, employee_id: str | None) -> str | None:
        """The staff member's name, or ``None`` when not known."""
        if not employee_id or self._staff_names is None:
            return None
        return self._staff_names.get(employee_id)

    def remember(self, customers: Iterable[V3Customer]) -> None:
        """Keep the names of customers another read already brought (no request)."""
        for customer in customers:
            label = customer_label(customer)
            if label or customer.id not in self._customer_names:
                self._customer_names[customer.id] = label

    async def learn_customers(self, ids: Iterable[str | None]) -> None:
        """Read the customers among ``ids`` not read yet (in parallel, a few at a time)."""
        wanted = sorted(
            {i for i in ids if i and i not in self._customer_names and i not in self._reading}
        )
        if wanted and self._stored is not None:
            stored = await asyncio.to_thread(self._stored.customer_labels, wanted)
            self._customer_names.update({i: n for i, n in stored.items() if n})
            wanted = [i for i in wanted if i not in self._customer_names]
        if not wanted:
            return
        self._reading.update(wanted)
        try:
            async with self._activity.track("reading customer names"):
                await asyncio.gather(*(self._learn_one(i) for i in wanted))
        finally:
            self._reading.difference_update(wanted)

    async def _learn_one(self, customer_id: str) -> None:
        async with self._limit:
            try:
                customer = await self._customers.get_customer(
                    customer_id, expand=("emailAddresses",)
                )
            except NotFound:
                self._customer_names[customer_id] = ""
                return
            except CloverError as exc:
                log.info("could not read customer %s: %s", customer_id, exc)
                return
        self._customer_names[customer_id] = customer_label(customer)

    async def learn_staff(self) -> None:
        """Read the merchant's staff once (again after a failed read)."""
        if self._staff_names is not None:
            return
        if self._stored is not None:
            stored = await asyncio.to_thread(self._stored.employee_names)
            if stored:
                self._staff_names = stored
                return
        try:
            async with self._activity.track("reading staff names"):
                self._staff_names = await self._staff.employee_names()
        except CloverError as exc:
            log.info("could not read the merchant's staff: %s", exc)
