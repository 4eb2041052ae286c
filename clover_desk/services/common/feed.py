"""A list the UI reads page by page: the api's pager plus the filters Clover lacks.

Clover filters some fields on the server (dates, customer); the rest (status, amount,
card last 4, free text) are checked here on each fetched page. :meth:`Feed.next_page`
keeps fetching until it has something to show or the list ends, so a table never sits
empty while matching rows exist further back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Generic, Protocol, TypeVar

__all__ = ["Feed", "PageSource"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class PageSource(Protocol[T]):
    """Anything with ``pages()`` (the api's ``CursorPager`` / ``OffsetPager``)."""

    def pages(self) -> AsyncIterator[list[T]]:
        """Pages in server order."""
        ...


class Feed(Generic[T]):
    """Rows of one search, fetched on demand.

    Args:
        source: the api pager (or a fixed list for single-object answers).
        keep: client-side filter; ``None`` keeps everything.
        min_rows: :meth:`next_page` returns once it has at least this many rows.
        max_scan_pages: stop scanning after this many pages that added nothing, so a
            filter matching nothing cannot walk 100,000 rows in one go (the next call
            continues where this one stopped).
    """

    def __init__(
        self,
        source: PageSource[T] | Sequence[T],
        keep: Callable[[T], bool] | None = None,
        *,
        min_rows: int = 50,
        max_scan_pages: int = 20,
    ) -> None:
        if isinstance(source, Sequence):
            fixed: list[T] = list(source)

            async def single() -> AsyncIterator[list[T]]:
                if fixed:
                    yield fixed

            self._pages: AsyncIterator[list[T]] = single()
        else:
            self._pages = source.pages()
        self._keep = keep
        self._min_rows = min_rows
        self._max_scan_pages = max_scan_pages
        self.exhausted = False
        self.scanned = 0

    async def next_page(self) -> list[T]:
        """The next rows to show (possibly empty when the list has ended)."""
        rows: list[T] = []
        empty_pages = 0
        while not self.exhausted and len(rows) < self._min_rows:
            try:
                page = await anext(self._pages)
            except StopAsyncIteration:
                self.exhausted = True
                break
            self.scanned += len(page)
            kept = [row for row in page if self._keep is None or self._keep(row)]
            rows.extend(kept)
            if kept:
                empty_pages = 0
            else:
                empty_pages += 1
                if empty_pages >= self._max_scan_pages:
                    break
        return rows

    @property
    def more_available(self) -> bool:
        """Whether another :meth:`next_page` may return rows."""
        return not self.exhausted

    async def aclose(self) -> None:
        """Stop the underlying pager (cancels any prefetching)."""
        closer = getattr(self._pages, "aclose", None)
        if closer is not None:
            try:
                await closer()
            except RuntimeError:
                # Still running in a fetch that is being cancelled: it ends on its own.
                log.debug("pager still running while closed; left to finish")
