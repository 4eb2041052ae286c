"""Activity: every money movement made from this machine, from the journal.

Who, when, what, reason, note, outcome and ids, filterable and exportable to CSV.
The journal is read on a worker thread (it is a SQLite file), so the tab never stalls
the window; it refreshes when a refund settles.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.i18n import QT_TRANSLATE_NOOP
from clover_desk.services.journal import EntryStatus, Journal, JournalEntry, entries_to_csv
from clover_desk.services.session import Session
from clover_desk.ui.i18n import tr_text
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import entry_status_label, movement_kind_label, refund_reason_label
from clover_desk.ui.money import format_money
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView


def _when(entry: JournalEntry) -> str:
    return datetime.fromtimestamp(entry.created_ms / 1000).strftime("%Y-%m-%d %H:%M:%S")


ACTIVITY_COLUMNS: list[Column[JournalEntry]] = [
    Column(QT_TRANSLATE_NOOP("ActivityTab", "When"), _when, sort_key=lambda e: e.created_ms),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Staff"), lambda e: e.staff_name),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Approved by"), lambda e: e.approver_name or ""),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Approval"), lambda e: e.approval_id or ""),
    Column(
        QT_TRANSLATE_NOOP("ActivityTab", "What"),
        lambda e: movement_kind_label(e.kind),
    ),
    Column(
        QT_TRANSLATE_NOOP("ActivityTab", "Amount"),
        lambda e: format_money(e.amount),
        lambda e: e.amount.amount,
        True,
    ),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Reason"), lambda e: refund_reason_label(e.reason)),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Note"), lambda e: e.note),
    Column(
        QT_TRANSLATE_NOOP("ActivityTab", "Outcome"),
        lambda e: entry_status_label(e.status),
        tooltip=lambda e: e.message or "",
    ),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Charge"), lambda e: e.charge_id),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Refund"), lambda e: e.refund_id or ""),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Machine"), lambda e: e.machine),
]

_ANY = QT_TRANSLATE_NOOP("ActivityTab", "Any outcome")


class ActivityTab(Tab):
    """The *Activity* view (objectName ``activityTab``) over the session's journal.

    Signals:
        loaded(int): rows shown after a refresh.
    """

    key = "activity"
    title = QT_TRANSLATE_NOOP("MainWindow", "&Activity")
    loaded = Signal(int)

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("activityTab")
        self.journal: Journal | None = None
        self._refresh_task: asyncio.Task[int] | None = None
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("activitySearch")
        self.search.setAccessibleName(self.tr("Search activity"))
        self.search.setPlaceholderText(self.tr("Search charge, order, refund id, note, reason…"))
        self.search.textChanged.connect(self.refresh)
        self.staff = QLineEdit()
        self.staff.setObjectName("activityStaff")
        self.staff.setAccessibleName(self.tr("Staff member"))
        self.staff.setPlaceholderText(self.tr("Staff member"))
        self.staff.textChanged.connect(self.refresh)
        self.outcome = QComboBox()
        self.outcome.setObjectName("activityOutcome")
        self.outcome.setAccessibleName(self.tr("Outcome"))
        self.outcome.addItem(tr_text(_ANY), None)
        for status in EntryStatus:
            self.outcome.addItem(entry_status_label(status), status)
        self.outcome.currentIndexChanged.connect(self.refresh)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.since.setObjectName("activitySince")
        self.since.setAccessibleName(self.tr("From date"))
        self.since.setCalendarPopup(True)
        self.until = QDateEdit(today)
        self.until.setObjectName("activityUntil")
        self.until.setAccessibleName(self.tr("To date"))
        self.until.setCalendarPopup(True)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.refresh)
        self.export = QPushButton(self.tr("Export &CSV…"))
        self.export.setObjectName("activityExport")
        self.export.setAccessibleName(self.tr("Export the activity shown as CSV"))
        self.export.clicked.connect(self.ask_export_path)
        for widget in (self.search, self.staff, self.outcome):
            filters.addWidget(widget, 1)
        filters.addWidget(QLabel(self.tr("From")))
        filters.addWidget(self.since)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.until)
        filters.addWidget(self.export)
        layout.addLayout(filters)
        self.model: RowTableModel[JournalEntry] = RowTableModel(ACTIVITY_COLUMNS, lambda e: e.key)
        self.view = RowTableView(
            self.model, "activityTable", self.tr("Money movements from this machine")
        )
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("activityStatus")
        layout.addWidget(self.status)

    def _window_ms(self) -> tuple[int, int]:
        since = QDateTime(self.since.date(), QTime(0, 0)).toMSecsSinceEpoch()
        until = QDateTime(self.until.date().addDays(1), QTime(0, 0)).toMSecsSinceEpoch()
        return since, until

    def bind(self, session: Session) -> None:
        """Override Tab.bind: read this profile's journal; refresh when refunds settle."""
        super().bind(session)
        self.journal = session.journal
        session.refunds.on_settled(lambda _entry: self.refresh())
        session.refunds.on_intent(lambda _entry: self.refresh())

    async def reload(self) -> int:
        """Override Tab.reload: the filtered journal, newest first."""
        return await self._reload()

    def row_count(self) -> int:
        """Override Tab.row_count."""
        return self.model.rowCount()

    def focus_search(self) -> None:
        """Override Tab.focus_search (Ctrl+F)."""
        self.search.setFocus()
        self.search.selectAll()

    async def _entries(self) -> list[JournalEntry]:
        if self.journal is None:
            return []
        since, until = self._window_ms()
        status = self.outcome.currentData()
        return await asyncio.to_thread(
            self.journal.entries,
            since_ms=since,
            until_ms=until,
            staff_name=self.staff.text().strip() or None,
            statuses=[status] if status is not None else [],
            text=self.search.text().strip() or None,
        )

    def refresh(self) -> None:
        """Reload with the current filters (the newest request wins)."""
        if self._refresh_task is not None and not self._refresh_task.done():
            self._refresh_task.cancel()
        self._refresh_task = asyncio.get_event_loop().create_task(self._reload())

    async def _reload(self) -> int:
        entries = await self._entries()
        self.model.reset_rows(entries)
        unsettled = sum(1 for e in entries if not e.status.settled)
        text = self.tr("{count} money movements").format(count=len(entries))
        if unsettled:
            text += self.tr(" · {count} still being confirmed with Clover").format(count=unsettled)
        self.status.setText(text)
        self.loaded.emit(len(entries))
        return len(entries)

    def ask_export_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Export activity"), "", self.tr("CSV (*.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(f"clover-desk-activity-{time.strftime('%Y%m%d')}.csv")
        dialog.fileSelected.connect(lambda path: self.export_csv(Path(path)))
        dialog.open()

    def export_csv(self, path: Path) -> Path:
        """Write exactly the rows shown (filters applied) as CSV."""
        path.write_text(entries_to_csv(list(self.model.rows)), encoding="utf-8", newline="")
        self.status.setText(
            self.tr("Exported {count} rows to {file}.").format(
                count=len(self.model.rows), file=path.name
            )
        )
        return path
