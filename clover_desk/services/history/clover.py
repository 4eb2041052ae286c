"""Wiring the history to a Clover client (composition root only: imports the api, hence httpx).

``open_history`` builds the store and the sync for one profile from the api modules.
The UI never imports this module (it would pull in httpx); it receives the
:class:`~clover_desk.services.history.sync.HistorySync`,
:class:`~clover_desk.services.history.reader.History` and
:class:`~clover_desk.services.history.reports.ReportsService` built here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clover_desk.api.exports import ExportsApi
from clover_desk.api.platform import PlatformApi
from clover_desk.services.history.reader import History
from clover_desk.services.history.reports import ReportsService
from clover_desk.services.history.store import HistoryStore
from clover_desk.services.history.sync import HistorySync

__all__ = ["HistoryParts", "PlatformStaff", "open_history"]


class PlatformStaff:
    """Staff names from ``GET /v3/merchants/{mId}?expand=employees``."""

    def __init__(self, platform: PlatformApi) -> None:
        self._platform = platform

    async def employee_names(self) -> dict[str, str]:
        """``{employee id: name}``."""
        return {e.id: e.name for e in await self._platform.get_employees() if e.name}


@dataclass(slots=True)
class HistoryParts:
    """The history of one profile: the store, its sync, and what the tabs read."""

    store: HistoryStore
    sync: HistorySync
    history: History
    reports: ReportsService

    async def aclose(self) -> None:
        """Close the store (after cancelling any sync task that uses it)."""
        await self.store.aclose()


def open_history(
    path: Path,
    exports: ExportsApi,
    platform: PlatformApi,
    *,
    currency: str = "USD",
    max_running: int = 2,
) -> HistoryParts:
    """Open (or create) the history file at ``path`` and build its services;
    ``currency`` is the merchant's (for payments that name none)."""
    store = HistoryStore(path, currency=currency)
    sync = HistorySync(
        store, exports, platform, staff=PlatformStaff(platform), max_running=max_running
    )
    return HistoryParts(store, sync, History(store), ReportsService(store))
