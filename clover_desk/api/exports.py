"""The v3 export service: bulk ORDERS or PAYMENTS history, file by file.

:meth:`ExportsApi.create` queues an export (30 days at most per export; see
:func:`windows`), :meth:`ExportsApi.wait` polls it until ``DONE``, and
:meth:`ExportsApi.files` downloads and decodes one file (up to 1000 objects) at a time,
so memory holds one file, not the whole history. Outside the service's hours Clover
answers 503 with its hours: that raises ``ServiceUnavailable`` with ``available_hours``
at once (waiting with backoff would not help).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any, overload

from clover_desk.api._base import ApiBase, body, seg
from clover_desk.api.errors import ServiceUnavailable
from clover_desk.api.hosts import Service
from clover_desk.api.models.platform import Export, ExportStatus, ExportType, Order, Payment
from clover_desk.api.transport import Mode

__all__ = ["MAX_WINDOW", "ExportsApi", "windows"]

MAX_WINDOW = timedelta(days=30)


def windows(
    start: datetime, end: datetime, span: timedelta = MAX_WINDOW
) -> Iterator[tuple[datetime, datetime]]:
    """Split ``[start, end]`` into consecutive windows no longer than ``span``."""
    if end <= start:
        raise ValueError("end must be after start")
    cursor = start
    while cursor < end:
        upper = min(end, cursor + span)
        yield cursor, upper
        cursor = upper


class ExportsApi(ApiBase):
    """Bulk exports of orders and payments."""

    service = Service.PLATFORM

    @property
    def _base(self) -> str:
        return f"/v3/merchants/{seg(self.merchant_id)}/exports"

    async def create(self, type_: ExportType, start: datetime, end: datetime) -> Export:
        """``POST /v3/merchants/{mId}/exports``: queue an export of ``[start, end]``."""
        if type_ is ExportType.UNKNOWN:
            raise ValueError("export ORDERS or PAYMENTS")
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("use aware datetimes (exports are in UTC)")
        if end <= start or end - start > MAX_WINDOW:
            raise ValueError("an export covers a window of at most 30 days; see windows()")
        export: Export = await self._send(
            "POST",
            Export,
            self._base,
            "/v3/merchants/{mId}/exports",
            mode=Mode.UNSAFE,
            json=body(type=type_, startTime=start, endTime=end),
        )
        return export

    async def get(self, export_id: str) -> Export:
        """``GET /v3/merchants/{mId}/exports/{exportId}``."""
        export: Export = await self._get(
            Export, f"{self._base}/{seg(export_id)}", "/v3/merchants/{mId}/exports/{exportId}"
        )
        return export

    async def wait(
        self,
        export_id: str,
        *,
        poll_interval: float = 0.25,
        max_wait: float | None = 600.0,
    ) -> Export:
        """Poll until the export leaves PENDING/IN_PROGRESS; raise unless it is DONE."""
        deadline = None if max_wait is None else time.monotonic() + max_wait
        while True:
            export = await self.get(export_id)
            if not export.status.running:
                if export.status is not ExportStatus.DONE:
                    raise ServiceUnavailable(
                        f"export {export_id} ended as {export.status.value}",
                        endpoint="GET /v3/merchants/{mId}/exports/{exportId}",
                    )
                return export
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"export {export_id} still {export.status.value}")
            await asyncio.sleep(poll_interval)

    @overload
    def files(self, export: Export, type_: type[Order]) -> AsyncIterator[list[Order]]: ...

    @overload
    def files(self, export: Export, type_: type[Payment]) -> AsyncIterator[list[Payment]]: ...

    async def files(self, export: Export, type_: Any) -> AsyncIterator[list[Any]]:
        """Download the export's files one by one, yielding each file's objects."""
        for url in export.urls:
            yield await self._t.download_items(self._absolute(url), type_)

    async def file_contents(self, export: Export) -> AsyncIterator[bytes]:
        """Download the export's files one by one, yielding each file's body undecoded
        (see :func:`~clover_desk.api.transport.decode_export_file`)."""
        for url in export.urls:
            yield await self._t.download_file(self._absolute(url))

    def _absolute(self, url: str) -> str:
        if url.startswith("/"):  # a relative URL: same host as the export API
            return self._t.base_url(Service.PLATFORM) + url
        return url

    async def objects(self, export: Export) -> AsyncIterator[Order | Payment]:
        """Every exported object, file by file (type from the export's ``type``)."""
        kind: type[Order] | type[Payment] = Payment if export.type is ExportType.PAYMENTS else Order
        async for batch in self.files(export, kind):
            for obj in batch:
                yield obj
