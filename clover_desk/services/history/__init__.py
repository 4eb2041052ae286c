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
    from clover_desk.services.history.rows import (
        OrderRow,
        PaymentRow,
        SyncWindow,
        WindowStatus,
        from_ms,
        to_ms,
    )
    from clover_desk.services.history.search import OrderQuery, PaymentQuery
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
        "PlatformStaff": "clover",
        "open_history": "clover",
        "OrderOrder": "order_sort",
        "OrderSort": "order_sort",
        "History": "reader",
        "Breakdown": "reports",
        "Figures": "reports",
        "Granularity": "reports",
        "Report": "reports",
        "ReportsService": "reports",
        "report_csv": "reports",
        "OrderRow": "rows",
        "PaymentRow": "rows",
        "from_ms": "rows",
        "to_ms": "rows",
        "SyncWindow": "rows",
        "WindowStatus": "rows",
        "OrderQuery": "search",
        "PaymentQuery": "search",
        "HistoryStore": "store",
        "HistorySync": "sync",
        "StaffDirectory": "sync",
        "SyncEvent": "sync",
        "SyncState": "sync",
        "SyncStatus": "sync",
        "WindowPhase": "sync",
        "WindowProgress": "sync",
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
    "OrderQuery",
    "OrderRow",
    "OrderSort",
    "PaymentQuery",
    "PaymentRow",
    "PlatformStaff",
    "Report",
    "ReportsService",
    "StaffDirectory",
    "SyncEvent",
    "SyncState",
    "SyncStatus",
    "SyncWindow",
    "WindowPhase",
    "WindowProgress",
    "WindowStatus",
    "from_ms",
    "open_history",
    "report_csv",
    "to_ms",
]
