"""Fills a :class:`RowTableModel` from a services ``Feed``: first page, then on scroll."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from clover_desk.services.common import Feed
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.table import RowTableModel

__all__ = ["FeedLoader"]

RowT = TypeVar("RowT")


class FeedLoader(QObject, Generic[RowT]):
    """Keeps one search's feed and appends its pages as the view asks.

    A new search replaces the feed; a page that arrives for an older search is dropped.

    Signals:
        first_page_shown: a new search's first rows are in the model.
    """

    first_page_shown = Signal()

    def __init__(
        self,
        model: RowTableModel[RowT],
        jobs: Jobs,
        label: str,
        fetch_page: Callable[[Feed[RowT]], Awaitable[list[RowT]]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._jobs = jobs
        self._label = label
        self._fetch_page = fetch_page
        self._feed: Feed[RowT] | None = None
        self._more_task: asyncio.Task[Any] | None = None
        model.fetch_requested.connect(self._fetch_more)

    async def load(self, feed: Feed[RowT]) -> int:
        """Show the first page of ``feed`` (a new search); return rows shown."""
        more, self._more_task = self._more_task, None
        old, self._feed = self._feed, feed
        if more is not None and not more.done():
            more.cancel()
            # Let the cancelled page fetch unwind before its pager is closed.
            await asyncio.gather(more, return_exceptions=True)
        if old is not None:
            await old.aclose()
        self._model.reset_rows([])
        try:
            rows = await self._fetch_page(feed)
        except BaseException:
            self._model.fetch_failed()
            raise
        if self._feed is feed:
            self._model.reset_rows(rows, more_available=feed.more_available)
            self.first_page_shown.emit()
        return self._model.rowCount()

    def _fetch_more(self) -> None:
        feed = self._feed
        if feed is None:
            self._model.fetch_failed()
            return

        async def more() -> None:
            try:
                rows = await self._fetch_page(feed)
            except BaseException:
                self._model.fetch_failed()
                raise
            if self._feed is feed:
                self._model.append_rows(rows, more_available=feed.more_available)

        self._more_task = self._jobs.run(
            self.tr("loading more {rows}").format(rows=self._label), more()
        )

    async def load_all(self, max_rows: int = 100_000) -> int:
        """Fetch pages until the feed ends (tests, export)."""
        feed = self._feed
        while feed is not None and feed.more_available and self._model.rowCount() < max_rows:
            rows = await self._fetch_page(feed)
            if self._feed is not feed:
                break
            self._model.append_rows(rows, more_available=feed.more_available)
        return self._model.rowCount()
