"""The local history: the SQLite store (its schema, writer and search), the sync that fills
it from Clover, what the Orders and Charges tabs read from it, the sorts and the sales
reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clover_desk.services import lazy_face

if TYPE_CHECKING:
    from clover_desk.services.history.clover import PlatformStaff, open_history
    from clover_desk.services.history.order_sort import OrderOrder, OrderSort
    from clover_desk.services.history.reader import History
    from clover_desk.services.history.reports import (
        Breakdown,
        Figures,
        Granularity,
        Report,
        ReportsService,
        report_csv,
    )
    from clover_desk.services.history.rows import OrderRow, PaymentRow, from_ms
    from clover_desk.services.history.store import HistoryStore
    from clover_desk.services.history.sync import (
        HistorySync,
        StaffDirectory,
        SyncEvent,
        SyncState,
        SyncStatus,
        WindowPhase,
        WindowProgress,
    )

__getattr__ = lazy_face(
    globals(),
    {
        "clover": ("PlatformStaff", "open_history"),
        "order_sort": ("OrderOrder", "OrderSort"),
        "reader": ("History",),
        "reports": (
            "Breakdown",
            "Figures",
            "Granularity",
            "Report",
            "ReportsService",
            "report_csv",
        ),
        "rows": ("OrderRow", "PaymentRow", "from_ms"),
        "store": ("HistoryStore",),
        "sync": (
            "HistorySync",
            "StaffDirectory",
            "SyncEvent",
            "SyncState",
            "SyncStatus",
            "WindowPhase",
            "WindowProgress",
        ),
    },
)

__all__ = [
    "Breakdown",
    "Figures",
    "Granularity",
    "History",
    "HistoryStore",
    "HistorySync",
    "OrderOrder",
    "OrderRow",
    "OrderSort",
    "PaymentRow",
    "PlatformStaff",
    "Report",
    "ReportsService",
    "StaffDirectory",
    "SyncEvent",
    "SyncState",
    "SyncStatus",
    "WindowPhase",
    "WindowProgress",
    "from_ms",
    "open_history",
    "report_csv",
]
