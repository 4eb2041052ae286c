"""Refunds, exactly once: the rules, the wizard's state, the service and its money journal,
batch refunds (file, check, queue), the end-of-day report and the Activity view's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clover_desk.services import lazy_face

if TYPE_CHECKING:
    from clover_desk.services.refunds.activity_log import ActivityRow, fold_batches
    from clover_desk.services.refunds.batch_check import BatchCheck, check_batch
    from clover_desk.services.refunds.batch_file import (
        BatchFileRefused,
        BatchRow,
        RowProblem,
        read_batch_file,
    )
    from clover_desk.services.refunds.batch_queue import (
        BatchProgress,
        BatchQueue,
        BatchState,
        BatchStore,
        RowStatus,
    )
    from clover_desk.services.refunds.day_report import (
        RefundDayReport,
        build_refund_day_report,
        refund_day_csv,
    )
    from clover_desk.services.refunds.journal import (
        EntryStatus,
        Journal,
        JournalEntry,
        MovementKind,
        entries_to_csv,
    )
    from clover_desk.services.refunds.rules import REFUND_REASONS, RefundMode
    from clover_desk.services.refunds.service import RefundRefused, RefundRequest, RefundService
    from clover_desk.services.refunds.wizard import Outcome, Page, RefundResult, RefundWizardState

__getattr__ = lazy_face(
    globals(),
    {
        "ActivityRow": "activity_log",
        "fold_batches": "activity_log",
        "BatchCheck": "batch_check",
        "check_batch": "batch_check",
        "BatchFileRefused": "batch_file",
        "BatchRow": "batch_file",
        "RowProblem": "batch_file",
        "read_batch_file": "batch_file",
        "BatchProgress": "batch_queue",
        "BatchQueue": "batch_queue",
        "BatchState": "batch_queue",
        "BatchStore": "batch_queue",
        "RowStatus": "batch_queue",
        "RefundDayReport": "day_report",
        "build_refund_day_report": "day_report",
        "refund_day_csv": "day_report",
        "EntryStatus": "journal",
        "Journal": "journal",
        "JournalEntry": "journal",
        "MovementKind": "journal",
        "entries_to_csv": "journal",
        "REFUND_REASONS": "rules",
        "RefundMode": "rules",
        "RefundRefused": "service",
        "RefundRequest": "service",
        "RefundService": "service",
        "Outcome": "wizard",
        "Page": "wizard",
        "RefundResult": "wizard",
        "RefundWizardState": "wizard",
    },
)

__all__ = [
    "REFUND_REASONS",
    "ActivityRow",
    "BatchCheck",
    "BatchFileRefused",
    "BatchProgress",
    "BatchQueue",
    "BatchRow",
    "BatchState",
    "BatchStore",
    "EntryStatus",
    "Journal",
    "JournalEntry",
    "MovementKind",
    "Outcome",
    "Page",
    "RefundDayReport",
    "RefundMode",
    "RefundRefused",
    "RefundRequest",
    "RefundResult",
    "RefundService",
    "RefundWizardState",
    "RowProblem",
    "RowStatus",
    "build_refund_day_report",
    "check_batch",
    "entries_to_csv",
    "fold_batches",
    "read_batch_file",
    "refund_day_csv",
]
