"""The Sync panel: bring the local history up to date, with a progress bar per window.

The panel renders :class:`~clover_desk.services.history.sync.HistorySync`'s events; the sync runs
as a task on the qasync loop, its decoding and inserts on worker threads, so the rest of
the window stays responsive. *Cancel* stops it at once; the next *Sync* continues where
it stopped. When Clover's export service is closed, the status line says when it opens
(in local time) and the sync carries on by itself then.

Signals:
    finished(str): the sync ended (``SyncState`` value: done, cancelled, failed).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.common import QT_TRANSLATE_NOOP
from clover_desk.services.history import (
    HistorySync,
    SyncEvent,
    SyncState,
    SyncStatus,
    WindowPhase,
    WindowProgress,
)
from clover_desk.ui.dates import format_when
from clover_desk.ui.history_rows import AsOfLabel
from clover_desk.ui.i18n import tr_enum, tr_text
from clover_desk.ui.jobs import Jobs

__all__ = ["SyncPanel"]

_KIND = {
    "ORDERS": QT_TRANSLATE_NOOP("SyncPanel", "Orders"),
    "PAYMENTS": QT_TRANSLATE_NOOP("SyncPanel", "Payments"),
}


def _local(moment: datetime) -> str:
    return format_when(moment)


class SyncPanel(QWidget):
    """Start, watch and cancel the history sync.

    Args:
        sync: the profile's sync service.
        jobs: the window's jobs (the status bar lists the sync while it runs); optional.
        default_start: first day of history to fetch (default: a year ago).

    Attributes:
        bars: progress bar per window key ``(kind, start ms)``.
        task: the running sync, if any.
    """

    finished = Signal(str)

    def __init__(
        self,
        sync: HistorySync,
        jobs: Jobs | None = None,
        parent: QWidget | None = None,
        *,
        default_start: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncPanel")
        self.setAccessibleName(self.tr("History sync"))
        self.sync = sync
        self.jobs = jobs
        self.task: asyncio.Task[None] | None = None
        self.bars: dict[tuple[str, int], QProgressBar] = {}
        self._labels: dict[tuple[str, int], QLabel] = {}

        start = default_start or (date.today() - timedelta(days=365))
        self.from_edit = QDateEdit(QDate(start.year, start.month, start.day))
        self.from_edit.setObjectName("syncFrom")
        self.from_edit.setAccessibleName(self.tr("Sync history from"))
        self.from_edit.setCalendarPopup(True)
        self.from_edit.setDisplayFormat("yyyy-MM-dd")
        self.start_button = QPushButton(self.tr("&Sync history"))
        self.start_button.setObjectName("syncStart")
        self.start_button.setAccessibleName(self.tr("Sync history"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("syncCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel the sync"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.status_label = QLabel(tr_text(sync.status.message))
        self.status_label.setObjectName("syncStatus")
        self.status_label.setAccessibleName(self.tr("Sync status"))
        self.status_label.setWordWrap(True)
        self.as_of_label = AsOfLabel("syncAsOf")
        self.as_of_label.set_as_of(sync.store.as_of())

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("From")))
        controls.addWidget(self.from_edit)
        controls.addWidget(self.start_button)
        controls.addWidget(self.cancel_button)
        controls.addStretch(1)

        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setObjectName("syncWindows")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_host)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)
        layout.addWidget(self.as_of_label)
        layout.addWidget(scroll, 1)

        self._unsubscribe = sync.subscribe(self._on_event)
        for progress in sorted(sync.windows.values(), key=lambda p: (-p.key[1], p.kind)):
            self._on_window(progress)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    # -- actions ----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether a sync is in progress."""
        return self.task is not None and not self.task.done()

    def start_date(self) -> date:
        """The first day chosen."""
        d = self.from_edit.date()
        return date(d.year(), d.month(), d.day())

    def start(self) -> asyncio.Task[None] | None:
        """*Sync history*: run the sync from the chosen day (no-op while one runs)."""
        if self.running:
            return self.task
        start = datetime.combine(self.start_date(), time.min).astimezone(UTC)
        coro = self.sync.run(start)
        task = (
            self.jobs.run(self.tr("syncing the history"), coro)
            if self.jobs is not None
            else asyncio.ensure_future(coro)
        )
        self.task = task
        task.add_done_callback(self._done)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        return task

    def cancel(self) -> None:
        """*Cancel*: stop now; stored files stay, the next sync continues from there."""
        if self.task is not None and not self.task.done():
            self.task.cancel()

    def _done(self, task: asyncio.Task[None]) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if task.cancelled():
            state = SyncState.CANCELLED
        elif task.exception() is not None:  # reported by Jobs / the FAILED status
            state = SyncState.FAILED
        else:
            state = SyncState.DONE
        self.as_of_label.set_as_of(self.sync.store.as_of())
        self.finished.emit(state.value)

    # -- events -----------------------------------------------------------------------

    def _on_event(self, event: SyncEvent) -> None:
        if isinstance(event, SyncStatus):
            self._on_status(event)
        else:
            self._on_window(event)

    def _on_status(self, status: SyncStatus) -> None:
        if status.state is SyncState.DONE:  # also when the sync ran from elsewhere
            self.as_of_label.set_as_of(self.sync.store.as_of())
        text = tr_text(status.message)
        if status.state is SyncState.WAITING and status.opens_at is not None:
            text += self.tr(" (That is {moment} here.)").format(moment=_local(status.opens_at))
        self.status_label.setText(text)

    def _on_window(self, progress: WindowProgress) -> None:
        key = progress.key
        bar = self.bars.get(key)
        if bar is None:
            row = self._grid.rowCount()
            label = QLabel()
            bar = QProgressBar()
            bar.setRange(0, 100)
            day = progress.start.strftime("%Y%m%d")
            bar.setObjectName(f"syncWindow-{progress.kind}-{day}")
            bar.setAccessibleName(
                self.tr("{kind} from {start}").format(
                    kind=tr_text(_KIND.get(progress.kind, progress.kind)),
                    start=f"{progress.start:%Y-%m-%d}",
                )
            )
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(bar, row, 1)
            self.bars[key] = bar
            self._labels[key] = label
        self._labels[key].setText(
            f"{tr_text(_KIND.get(progress.kind, progress.kind))} {progress.start:%Y-%m-%d} – "
            f"{progress.end:%Y-%m-%d}"
        )
        bar.setValue(progress.percent)
        if progress.phase is WindowPhase.DOWNLOADING and progress.files_total:
            bar.setFormat(
                self.tr("file {done} of {total}").format(
                    done=progress.files_done, total=progress.files_total
                )
            )
        elif progress.phase is WindowPhase.DONE:
            bar.setFormat(
                self.tr("done · {count} stored").format(count=progress.objects)
                if progress.objects
                else self.tr("done")
            )
        else:
            bar.setFormat(tr_enum(progress.phase))
