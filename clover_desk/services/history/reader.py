"""What the Orders and Charges tabs read once the local history is populated.

:class:`History` answers the same questions as the live services, from the store:
``search_orders`` gives a :class:`~clover_desk.services.common.feed.Feed` of
:class:`~clover_desk.services.history.store.OrderRow`, ``search_charges`` a ``Feed`` of the
Ecommerce :class:`~clover_desk.api.models.ecommerce.Charge` built from stored payments —
the shape ``ChargesService.search`` returns, so the Charges tab and its ``FeedLoader``
work unchanged. Pages are read on a worker thread, newest first, by keyset (``rk``), so a
page costs the same at row 100 as at row 100,000. Money stays integer minor units.

Everything here is *as of* the last sync (:attr:`History.as_of`); a fresh read of one
charge before a refund still goes to Clover (``ChargesService.detail``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, Protocol, TypeVar

from clover_desk.api.models.common import EpochMillis
from clover_desk.api.models.ecommerce import CardBrand, Charge, ChargeStatus, Source
from clover_desk.api.models.platform import PaymentState
from clover_desk.services.common import Feed
from clover_desk.services.history.order_sort import OrderOrder
from clover_desk.services.history.store import (
    HistoryStore,
    OrderQuery,
    OrderRow,
    PaymentQuery,
    PaymentRow,
    to_ms,
)
from clover_desk.services.sales import (
    ChargeFilter,
    ChargeState,
    OrderFilter,
    OrderState,
    state_of_payment,
)

__all__ = ["History", "StoreFeed", "charge_of", "day_bounds_ms", "stored_order_state"]

T = TypeVar("T")

_STATUS = {
    "SUCCESS": ChargeStatus.SUCCEEDED,
    "AUTH": ChargeStatus.SUCCEEDED,
    "FAIL": ChargeStatus.FAILED,
    "PENDING": ChargeStatus.PENDING,
}
_RESULTS = {
    ChargeState.ANY: (),
    ChargeState.CAPTURED: ("SUCCESS",),
    ChargeState.PARTIALLY_REFUNDED: ("SUCCESS",),
    ChargeState.REFUNDED: ("SUCCESS",),
    ChargeState.AUTHORIZED: ("AUTH",),
    ChargeState.FAILED: ("FAIL",),
}


class StoreFeed(Feed[T], Generic[T]):
    """A :class:`Feed` over the store: keyset pages, read off the loop.

    Args:
        fetch: ``fetch(cursor, limit)`` returns one page and the cursor of its last row
            (``None`` to start; blocking, it runs on a worker thread). A cursor is
            whatever the store pages by: ``rk`` newest first, ``(key, rk)`` for a sort.
        keep: extra filter applied to fetched rows (like ``Feed``'s).
        page_size: rows per fetch.
    """

    def __init__(
        self,
        fetch: Callable[[Any, int], tuple[list[T], Any]],
        *,
        keep: Callable[[T], bool] | None = None,
        page_size: int = 100,
        max_scan_pages: int = 20,
    ) -> None:
        super().__init__([], keep, min_rows=page_size, max_scan_pages=max_scan_pages)
        self.exhausted = False
        self._fetch = fetch
        self._keep_row = keep
        self._page_size = page_size
        self._before: Any = None

    def first_page_now(self) -> list[T]:
        """The first page, read on the calling thread (when a few ms are fine)."""
        return self._take(self._fetch(None, self._page_size))

    def _take(self, got: tuple[list[T], Any]) -> list[T]:
        page, last = got
        self.scanned += len(page)
        if len(page) < self._page_size:
            self.exhausted = True
        if last is not None:
            self._before = last
        return [r for r in page if self._keep_row is None or self._keep_row(r)]

    async def next_page(self) -> list[T]:
        """The next rows (possibly empty at the end)."""
        rows: list[T] = []
        empty = 0
        while not self.exhausted and len(rows) < self._page_size:
            page = await asyncio.to_thread(self._fetch, self._before, self._page_size)
            kept = self._take(page)
            rows.extend(kept)
            empty = 0 if kept else empty + 1
            if empty >= self._max_scan_pages:
                break
        return rows

    async def aclose(self) -> None:
        """Nothing to release."""


class _Keyed(Protocol):
    @property
    def rk(self) -> int: ...


K = TypeVar("K", bound=_Keyed)


def _newest_first(page: Callable[[int | None, int], list[K]], page_size: int) -> StoreFeed[K]:
    """A feed of ``page(before_rk, limit)``: newest first, each page after the ``rk`` of the
    last row of the one before."""

    def fetch(before: int | None, limit: int) -> tuple[list[K], int | None]:
        rows = page(before, limit)
        return rows, rows[-1].rk if rows else None

    return StoreFeed(fetch, page_size=page_size)


def day_bounds_ms(start: date | None, end: date | None) -> tuple[int | None, int | None]:
    """Local dates (inclusive) as ``[from_ms, to_ms)``."""
    lo = to_ms(datetime.combine(start, time.min).astimezone()) if start else None
    hi = to_ms(datetime.combine(end + timedelta(days=1), time.min).astimezone()) if end else None
    return lo, hi


def _epoch(moment: datetime) -> EpochMillis:
    m = moment.astimezone(UTC)
    return EpochMillis(
        m.year, m.month, m.day, m.hour, m.minute, m.second, m.microsecond, tzinfo=UTC
    )


def stored_order_state(row: OrderRow) -> OrderState:
    """The staff-facing state of a stored order (as the live Orders tab derives it)."""
    payment_state = PaymentState(row.payment_state) if row.payment_state else None
    return state_of_payment(payment_state)


def charge_of(p: PaymentRow) -> Charge:
    """A stored payment as the Ecommerce ``Charge`` the Charges tab shows."""
    brand = CardBrand(p.card_type) if p.card_type else None
    source = Source(brand=brand, first6=p.first6, last4=p.last4) if (brand or p.last4) else None
    return Charge(
        id=p.id,
        amount=p.amount,
        currency=p.currency,
        created=_epoch(p.created),
        amount_refunded=p.refunded,
        tax_amount=p.tax_amount or None,
        tip_amount=p.tip_amount or None,
        captured=p.result == "SUCCESS",
        paid=p.result in ("SUCCESS", "AUTH"),
        refunded=p.refunded > 0 and p.refunded >= p.amount,
        status=_STATUS.get(p.result or "", ChargeStatus.UNKNOWN),
        order=p.order_id,
        customer=p.customer_id,
        auth_code=p.auth_code,
        source=source,
    )


class History:
    """Searches over the local history for the Orders and Charges tabs."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store

    @property
    def available(self) -> bool:
        """Whether a sync has completed (the tabs may read from here)."""
        return self.store.populated()

    @property
    def as_of(self) -> datetime | None:
        """When the history was last brought up to date."""
        return self.store.as_of()

    def search_orders(self, query: OrderQuery, *, page_size: int = 100) -> StoreFeed[OrderRow]:
        """Orders matching ``query``, newest first."""
        return _newest_first(
            lambda before, limit: self.store.orders_page(query, before_rk=before, limit=limit),
            page_size,
        )

    def search_orders_filtered(
        self, filters: OrderFilter, order: OrderOrder | None = None, *, page_size: int = 100
    ) -> StoreFeed[OrderRow]:
        """What ``OrdersService.search(filters)`` answers, from the store, in ``order``
        (newest first by default)."""
        order = order or OrderOrder()
        lo, hi = day_bounds_ms(filters.created_from, filters.created_to)
        query = OrderQuery(
            text=filters.text,
            created_from_ms=lo,
            created_to_ms=hi,
            min_total=filters.min_total,
            max_total=filters.max_total,
        )
        wanted = filters.state

        def keep(row: OrderRow) -> bool:
            return stored_order_state(row) is wanted

        def fetch(after: Any, limit: int) -> tuple[list[OrderRow], Any]:
            return self.store.orders_sorted(query, order, after=after, limit=limit)

        return StoreFeed(
            fetch, keep=None if wanted is OrderState.ANY else keep, page_size=page_size
        )

    def search_payments(
        self, query: PaymentQuery, *, page_size: int = 100
    ) -> StoreFeed[PaymentRow]:
        """Payments matching ``query``, newest first."""
        return _newest_first(
            lambda before, limit: self.store.payments_page(query, before_rk=before, limit=limit),
            page_size,
        )

    def search_charges(self, filters: ChargeFilter, *, page_size: int = 100) -> Feed[Charge]:
        """What ``ChargesService.search(filters)`` answers, from the store."""
        lo, hi = day_bounds_ms(filters.created_from, filters.created_to)
        query = PaymentQuery(
            text=filters.text,
            created_from_ms=lo,
            created_to_ms=hi,
            min_amount=filters.min_amount,
            max_amount=filters.max_amount,
            customer_id=filters.customer.strip(),
            last4=filters.last4.strip(),
            results=_RESULTS.get(filters.state, ()),
        )
        state_only = ChargeFilter(state=filters.state)

        def fetch(before: int | None, limit: int) -> tuple[list[Charge], int | None]:
            rows = self.store.payments_page(query, before_rk=before, limit=limit)
            return [charge_of(r) for r in rows], rows[-1].rk if rows else None

        return StoreFeed(
            fetch,
            keep=state_only.matches if filters.state is not ChargeState.ANY else None,
            page_size=page_size,
        )

    async def page(self, feed: Feed[T]) -> list[T]:
        """The next page of ``feed`` (mirrors ``ChargesService.page``)."""
        return await feed.next_page()
