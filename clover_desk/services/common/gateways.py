"""What the services need from the Clover client, as protocols.

The api modules (``EcommerceApi``, ``PlatformApi``...) satisfy these structurally; the
composition root passes them in. Services depend on these protocols and the wire models
only, never on the transport, so the UI can import services without pulling in httpx
(import-linter forbids ``ui`` reaching httpx even indirectly).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Protocol, TypeVar

from clover_desk.api.models.ecommerce import Charge, Refund

__all__ = ["ChargesGateway", "Listing", "new_idempotency_key"]

T = TypeVar("T")


def new_idempotency_key() -> str:
    """One key per logical money-moving operation (UUID v4), reused by every retry."""
    return str(uuid.uuid4())


class Listing(Protocol[T]):
    """A list endpoint's pager (``CursorPager`` / ``OffsetPager``)."""

    def pages(self) -> AsyncIterator[list[T]]:
        """Pages in server order."""
        ...

    async def collect(self) -> list[T]:
        """Every object in one list."""
        ...


class ChargesGateway(Protocol):
    """Charges and refunds of the Ecommerce API."""

    async def get_charge(self, charge_id: str) -> Charge:
        """``GET /v1/charges/{id}``."""
        ...

    def list_charges(
        self,
        *,
        customer: str | None = ...,
        created_gte: datetime | None = ...,
        created_lt: datetime | None = ...,
        page_size: int = ...,
        limit: int | None = ...,
    ) -> Listing[Charge]:
        """``GET /v1/charges``."""
        ...

    async def capture_charge(
        self, charge_id: str, *, amount: int | None = ..., idempotency_key: str | None = ...
    ) -> Charge:
        """``POST /v1/charges/{id}/capture``."""
        ...

    def list_refunds(self, *, charge: str | None = ..., page_size: int = ...) -> Listing[Refund]:
        """``GET /v1/refunds``."""
        ...
