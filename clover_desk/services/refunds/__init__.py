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
        "activity_log": ("ActivityRow", "fold_batches"),
        "batch_check": ("BatchCheck", "check_batch"),
        "batch_file": ("BatchFileRefused", "BatchRow", "RowProblem", "read_batch_file"),
        "batch_queue": ("BatchProgress", "BatchQueue", "BatchState", "BatchStore", "RowStatus"),
        "day_report": ("RefundDayReport", "build_refund_day_report", "refund_day_csv"),
        "journal": ("EntryStatus", "Journal", "JournalEntry", "MovementKind", "entries_to_csv"),
        "rules": ("REFUND_REASONS", "RefundMode"),
        "service": ("RefundRefused", "RefundRequest", "RefundService"),
        "wizard": ("Outcome", "Page", "RefundResult", "RefundWizardState"),
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
