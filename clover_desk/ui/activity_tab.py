"""Activity: every money movement made from this machine, from the journal.

Who, when, what, reason, note, outcome and ids, filterable and exportable to CSV.
The journal is read on a worker thread (it is a SQLite file), so the tab never stalls
the window; it refreshes when a refund settles.
"""

from __future__ import annotations

import asyncio
import time
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

from clover_desk.services.common import QT_TRANSLATE_NOOP
from clover_desk.services.history import from_ms
from clover_desk.services.merchant import Session
from clover_desk.services.refunds import (
    ActivityRow,
    BatchStore,
    EntryStatus,
    Journal,
    JournalEntry,
    entries_to_csv,
    fold_batches,
)
from clover_desk.ui.batch_words import BATCH_WORDS
from clover_desk.ui.dates import format_when
from clover_desk.ui.i18n import tr_text
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import entry_status_label, movement_kind_label, refund_reason_label
from clover_desk.ui.money import format_money
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView


def _when_ms(created_ms: int) -> str:
    return format_when(from_ms(created_ms))


ACTIVITY_COLUMNS: list[Column[JournalEntry]] = [
    Column(
        QT_TRANSLATE_NOOP("ActivityTab", "When"),
        lambda e: _when_ms(e.created_ms),
        sort_key=lambda e: e.created_ms,
    ),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Staff"), lambda e: e.staff_name),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Approved by"), lambda e: e.approver_name or ""),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Approval"), lambda e: e.approval_id or ""),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "What"), lambda e: movement_kind_label(e.kind)),
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
        tooltip=lambda e: tr_text(e.message or ""),
    ),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Charge"), lambda e: e.charge_id),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Refund"), lambda e: e.refund_id or ""),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Machine"), lambda e: e.machine),
]


def _one(row: ActivityRow, column: int) -> str:
    """A single movement's cell, as the movement's own column shows it."""
    return ACTIVITY_COLUMNS[column].text(row.entries[0]) if row.entries else ""


def _what(row: ActivityRow) -> str:
    if row.batch is None:
        return _one(row, 4)
    return BATCH_WORDS.refunds_in_batch(row.batch.rows)


def _reason(row: ActivityRow) -> str:
    if row.batch is None:
        return _one(row, 6)
    return ", ".join(sorted({refund_reason_label(e.reason) for e in row.entries}))


def _outcome(row: ActivityRow) -> str:
    """A movement's outcome; for a batch, its rows by where they stand (``3 refunded, 1
    failed``)."""
    if row.batch is None:
        return entry_status_label(row.entries[0].status) if row.entries else ""
    return ", ".join(BATCH_WORDS.rows_in_status(status, n) for status, n in row.batch_counts())


def _charge(row: ActivityRow) -> str:
    if row.batch is None:
        return _one(row, 9)
    return BATCH_WORDS.charges(len({e.charge_id for e in row.entries}))


ROW_COLUMNS: list[Column[ActivityRow]] = [
    Column(
        QT_TRANSLATE_NOOP("ActivityTab", "When"),
        lambda r: _when_ms(r.created_ms),
        sort_key=lambda r: r.created_ms,
    ),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Staff"), lambda r: r.staff_name),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Approved by"), lambda r: r.approver_name or ""),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Approval"), lambda r: _one(r, 3)),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "What"), _what),
    Column(
        QT_TRANSLATE_NOOP("ActivityTab", "Amount"),
        lambda r: ", ".join(format_money(total) for total in r.totals),
        lambda r: sum(total.amount for total in r.totals),
        True,
    ),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Reason"), _reason),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Note"), lambda r: r.note),
    Column(
        QT_TRANSLATE_NOOP("ActivityTab", "Outcome"),
        _outcome,
        tooltip=lambda r: "" if r.batch else tr_text(r.entries[0].message or ""),
    ),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Charge"), _charge),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Refund"), lambda r: "" if r.batch else _one(r, 10)),
    Column(QT_TRANSLATE_NOOP("ActivityTab", "Machine"), lambda r: _one(r, 11)),
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
        self.batches: BatchStore | None = None
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
        self.model: RowTableModel[ActivityRow] = RowTableModel(ROW_COLUMNS, lambda r: r.key)
        self.view = RowTableView(
            self.model, "activityTable", self.tr("Money movements from this machine")
        )
        self.view.open_requested.connect(self.open_row)
        self.view.set_empty_text(
            self.tr(
                "No refunds from this computer in these dates. Widen the dates, or refund a "
                "charge from Charges & refunds (Ctrl+R) and it is listed here."
            )
        )
        layout.addWidget(self.view, 1)
        # A batch is one row above; opening it lists its movements here.
        self.batch_label = QLabel()
        self.batch_label.setObjectName("activityBatchLabel")
        self.batch_model: RowTableModel[JournalEntry] = RowTableModel(
            ACTIVITY_COLUMNS, lambda e: e.key
        )
        self.batch_view = RowTableView(
            self.batch_model, "activityBatchRows", self.tr("The movements of the opened batch")
        )
        self.batch_view.set_empty_text(self.tr("Open a batch above to list its refunds here."))
        self.batch_label.setVisible(False)
        self.batch_view.setVisible(False)
        layout.addWidget(self.batch_label)
        layout.addWidget(self.batch_view, 1)
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
        self.batches = session.batches.store
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

    async def _rows(self) -> list[ActivityRow]:
        journal, batches = self.journal, self.batches
        if journal is None:
            return []
        since, until = self._window_ms()
        status = self.outcome.currentData()
        staff = self.staff.text().strip() or None
        text = self.search.text().strip() or None

        def read() -> list[ActivityRow]:
            entries = journal.entries(
                since_ms=since,
                until_ms=until,
                staff_name=staff,
                statuses=[status] if status is not None else [],
                text=text,
            )
            if batches is None:
                return [ActivityRow((entry,)) for entry in entries]
            batch_of = batches.batch_keys([entry.key for entry in entries])
            summaries = {batch_id: batches.summary(batch_id) for batch_id in set(batch_of.values())}
            return fold_batches(entries, batch_of, summaries)

        return await asyncio.to_thread(read)

    def refresh(self) -> None:
        """Reload with the current filters (the newest request wins)."""
        if self._refresh_task is not None and not self._refresh_task.done():
            self._refresh_task.cancel()
        self._refresh_task = asyncio.get_event_loop().create_task(self._reload())

    async def _reload(self) -> int:
        rows = await self._rows()
        self.model.reset_rows(rows)
        entries = [entry for row in rows for entry in row.entries]
        unsettled = sum(1 for e in entries if not e.status.settled)
        batches = sum(1 for row in rows if row.batch is not None)
        text = self.tr("{count} money movements").format(count=len(entries))
        if batches:
            text += self.tr(" · %n batch(es)", "", batches)
        if unsettled:
            text += self.tr(" · {count} still being confirmed with Clover").format(count=unsettled)
        self.status.setText(text)
        self.loaded.emit(len(rows))
        return len(rows)

    def open_row(self, row: int) -> None:
        """Enter or a double click: a batch's movements appear under the list."""
        chosen = self.model.row_at(row)
        batch = chosen.batch if chosen is not None else None
        self.batch_label.setVisible(batch is not None)
        self.batch_view.setVisible(batch is not None)
        if chosen is None or batch is None:
            return
        text = self.tr("%1: %n row(s), %2; sent by %3", "", batch.rows)
        text = text.replace("%1", batch.name).replace("%2", _outcome(chosen))
        text = text.replace("%3", batch.staff_name)
        if batch.approver_name:
            text += self.tr(", approved by %1").replace("%1", batch.approver_name)
        self.batch_label.setText(text)
        self.batch_model.reset_rows(chosen.entries)

    def ask_export_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Export activity"), "", self.tr("CSV (*.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(f"clover-desk-activity-{time.strftime('%Y%m%d')}.csv")
        dialog.fileSelected.connect(lambda path: self.export_csv(Path(path)))
        dialog.open()

    def export_csv(self, path: Path) -> Path:
        """Write exactly the rows shown (filters applied) as CSV."""
        entries = [entry for row in self.model.rows for entry in row.entries]
        path.write_text(entries_to_csv(entries), encoding="utf-8", newline="")
        self.status.setText(
            self.tr("Exported {count} rows to {file}.").format(count=len(entries), file=path.name)
        )
        return path
