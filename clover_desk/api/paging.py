"""List endpoints as async iterators: v1 cursor paging and v3 offset paging.

``async for charge in client.ecommerce.list_charges(page_size=100, limit=500): ...``

* v1 (Ecommerce): ``limit`` 1-100 and ``starting_after=<last id>``; stop when
  ``has_more`` is false (or, if absent, when a page comes back short).
* v3 (platform): ``limit`` up to 1000 and ``offset``; no ``has_more``, so stop on a short
  page. Optionally fetches a few pages ahead concurrently (``prefetch``), since offsets
  are known in advance.

``limit`` caps the number of objects yielded overall (``None``: all of them).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from clover_desk.api.models.common import ListEnvelope

__all__ = ["V1_MAX_PAGE", "V3_MAX_PAGE", "CursorPager", "OffsetPager", "Pager"]

T = TypeVar("T")

V1_MAX_PAGE = 100
V3_MAX_PAGE = 1000

FetchPage = Callable[[Sequence[tuple[str, str]]], Awaitable[ListEnvelope[T]]]


class Pager(Generic[T]):
    """An async iterator over every object of a list endpoint, page by page."""

    def __init__(self, *, page_size: int, limit: int | None, max_page: int) -> None:
        if not 1 <= page_size <= max_page:
            raise ValueError(f"page_size must be within 1..{max_page}, got {page_size}")
        if limit is not None and limit < 0:
            raise ValueError("limit must not be negative")
        self.page_size = page_size if limit is None else max(1, min(page_size, limit))
        self.limit = limit
        self.pages_fetched = 0

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[T]:
        yielded = 0
        if self.limit == 0:
            return
        async for page in self.pages():
            for obj in page:
                yield obj
                yielded += 1
                if self.limit is not None and yielded >= self.limit:
                    return

    def pages(self) -> AsyncIterator[list[T]]:
        """Iterate page by page instead of object by object."""
        raise NotImplementedError

    async def collect(self) -> list[T]:
        """Every object (up to ``limit``) in one list."""
        return [obj async for obj in self]


class CursorPager(Pager[T]):
    """v1 cursor paging with ``limit`` and ``starting_after``."""

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        params: Sequence[tuple[str, str]] = (),
        page_size: int = V1_MAX_PAGE,
        limit: int | None = None,
        id_of: Callable[[T], str] | None = None,
    ) -> None:
        super().__init__(page_size=page_size, limit=limit, max_page=V1_MAX_PAGE)
        self._fetch = fetch
        self._params = list(params)
        self._id_of = id_of or _id_attr

    async def pages(self) -> AsyncIterator[list[T]]:
        """Pages in server order, following ``starting_after``."""
        cursor: str | None = None
        remaining = self.limit
        while True:
            size = self.page_size if remaining is None else max(1, min(self.page_size, remaining))
            params = [*self._params, ("limit", str(size))]
            if cursor is not None:
                params.append(("starting_after", cursor))
            envelope = await self._fetch(params)
            self.pages_fetched += 1
            items = envelope.items
            if items:
                yield items
            if remaining is not None:
                remaining -= len(items)
            more = envelope.has_more if envelope.has_more is not None else len(items) >= size
            if not items or not more or (remaining is not None and remaining <= 0):
                return
            cursor = self._id_of(items[-1])


class OffsetPager(Pager[T]):
    """v3 offset paging with ``limit`` and ``offset``; stops on a short page."""

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        params: Sequence[tuple[str, str]] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
        prefetch: int = 1,
    ) -> None:
        super().__init__(page_size=page_size, limit=limit, max_page=V3_MAX_PAGE)
        if prefetch < 1:
            raise ValueError("prefetch must be at least 1")
        self._fetch = fetch
        self._params = list(params)
        self.prefetch = prefetch

    def _page_params(self, offset: int) -> list[tuple[str, str]]:
        return [*self._params, ("limit", str(self.page_size)), ("offset", str(offset))]

    async def pages(self) -> AsyncIterator[list[T]]:
        """Pages in offset order; up to ``prefetch`` requests run ahead concurrently."""
        size = self.page_size
        wanted = None if self.limit is None else -(-self.limit // size)  # pages needed
        next_offset = 0
        pending: list[asyncio.Task[ListEnvelope[T]]] = []
        seen: set[str] = set()
        try:
            while True:
                while len(pending) < self.prefetch and (
                    wanted is None or self.pages_fetched + len(pending) < wanted
                ):
                    pending.append(
                        asyncio.ensure_future(self._fetch(self._page_params(next_offset)))
                    )
                    next_offset += size
                if not pending:
                    return
                envelope = await pending.pop(0)
                self.pages_fetched += 1
                items = envelope.items
                # Offsets shift when objects are added or removed while paging: drop repeats.
                fresh = [obj for obj in items if _new(obj, seen)]
                if fresh:
                    yield fresh
                # A short page ends the list. A page longer than asked (the server ignored
                # ``limit``) or one with nothing new (it ignored ``offset``) ends it too.
                if len(items) != size or not fresh:
                    return
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)


def _new(obj: Any, seen: set[str]) -> bool:
    ident = getattr(obj, "id", None)
    if not isinstance(ident, str):
        return True
    if ident in seen:
        return False
    seen.add(ident)
    return True


def _id_attr(obj: Any) -> str:
    ident = getattr(obj, "id", None)
    if not isinstance(ident, str):
        raise TypeError(f"cannot page after an object without an id: {obj!r}")
    return ident
