"""Actions ▸ Batch refund…: import a file of refunds (or take the selected rows), check
it all or none, preview it, get a manager's approval if needed, send, watch, save.

The rules live in services: ``batch_file`` reads the file, ``batch_check`` checks it
against Clover and the staff member's authority, ``batch_queue`` sends it through the
refund service and keeps it in the journal. This dialog only shows what they say:
every problem with its line number, the preview, the progress bar with pause, cancel
and an estimate of the time left, and the result file at the end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.merchant import Session
from clover_desk.services.refunds import (
    REFUND_REASONS,
    BatchCheck,
    BatchFileRefused,
    BatchProgress,
    BatchRow,
    BatchState,
    RefundRefused,
    RowProblem,
    RowStatus,
    check_batch,
    read_batch_file,
)
from clover_desk.services.staff import (
    BatchApprovalProof,
    Permission,
    StaffDirectory,
    StaffError,
    StaffMember,
)
from clover_desk.ui.batch_words import BATCH_WORDS
from clover_desk.ui.dates import current_time, format_day, format_time
from clover_desk.ui.i18n import tr_error, tr_text
from clover_desk.ui.labels import refund_reason_label
from clover_desk.ui.money import format_money
from clover_desk.ui.widgets import named_button

__all__ = ["BatchRefundDialog"]


class BatchRefundDialog(QDialog):
    """The batch refund dialog (objectName ``batchRefundDialog``).

    Signals:
        batch_finished(str): the batch with this id has sent every row it will send.
    """

    batch_finished = Signal(str)

    def __init__(
        self,
        session: Session,
        staff: StaffMember,
        directory: StaffDirectory,
        parent: QWidget | None = None,
        selection: Sequence[BatchRow] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchRefundDialog")
        self.setWindowTitle(self.tr("Batch refund"))
        self.resize(760, 560)
        self.session = session
        self.staff = staff
        self.directory = directory
        self.rows: tuple[BatchRow, ...] = ()
        self.selection = tuple(selection)
        self.check: BatchCheck | None = None
        self.approval: BatchApprovalProof | None = None
        self.batch_id: str | None = None
        self.progress: BatchProgress | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self._dialogs: list[QFileDialog] = []

        layout = QVBoxLayout(self)
        source = QHBoxLayout()
        self.import_button = named_button(
            self.tr("&Import CSV…"), "batchImport", self.tr("Import a batch refund file")
        )
        self.import_button.clicked.connect(self._ask_file)
        self.source_label = QLabel()
        self.source_label.setObjectName("batchSource")
        self.source_label.setWordWrap(True)
        source.addWidget(self.import_button)
        source.addWidget(self.source_label, 1)
        layout.addLayout(source)

        # Rows taken from a table have no reason or note of their own.
        self.selection_box = QWidget()
        chosen = QHBoxLayout(self.selection_box)
        chosen.setContentsMargins(0, 0, 0, 0)
        self.reason = QComboBox()
        self.reason.setObjectName("batchReason")
        self.reason.setAccessibleName(self.tr("Reason for every selected row"))
        for code, _label in REFUND_REASONS:
            self.reason.addItem(refund_reason_label(code), code)
        self.note = QLineEdit()
        self.note.setObjectName("batchNote")
        self.note.setAccessibleName(self.tr("Note for every selected row"))
        self.note.setPlaceholderText(self.tr("Note (optional for full refunds)"))
        self.recheck_button = named_button(
            self.tr("C&heck"), "batchCheck", self.tr("Check the selected rows again")
        )
        self.recheck_button.clicked.connect(self._use_selection)
        chosen.addWidget(QLabel(self.tr("Reason:")))
        chosen.addWidget(self.reason)
        chosen.addWidget(self.note, 1)
        chosen.addWidget(self.recheck_button)
        layout.addWidget(self.selection_box)
        self.selection_box.setVisible(bool(self.selection))

        self.problems = QListWidget()
        self.problems.setObjectName("batchProblems")
        self.problems.setAccessibleName(self.tr("Problems in the batch, by line"))
        layout.addWidget(self.problems, 1)
        self.preview = QLabel()
        self.preview.setObjectName("batchPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.preview)

        self.approval_box = QWidget()
        self.approval_box.setObjectName("batchApproval")
        approval = QHBoxLayout(self.approval_box)
        approval.setContentsMargins(0, 0, 0, 0)
        self.manager = QComboBox()
        self.manager.setObjectName("batchManager")
        self.manager.setAccessibleName(self.tr("Approving manager"))
        self.pin = QLineEdit()
        self.pin.setObjectName("batchManagerPin")
        self.pin.setAccessibleName(self.tr("Manager PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Manager PIN"))
        self.approve_button = named_button(
            self.tr("&Approve"), "batchApprove", self.tr("Approve the batch with the PIN")
        )
        self.approve_button.clicked.connect(self.approve_with_pin)
        self.pin.returnPressed.connect(self.approve_with_pin)
        approval.addWidget(QLabel(self.tr("Manager:")))
        approval.addWidget(self.manager, 1)
        approval.addWidget(self.pin, 1)
        approval.addWidget(self.approve_button)
        layout.addWidget(self.approval_box)
        self.approval_box.setVisible(False)

        self.status = QLabel()
        self.status.setObjectName("batchStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("batchProgress")
        self.progress_bar.setAccessibleName(self.tr("Rows sent"))
        self.progress_bar.setVisible(False)
        layout.addWidget(self.progress_bar)
        self.eta = QLabel()
        self.eta.setObjectName("batchEta")
        layout.addWidget(self.eta)

        buttons = QHBoxLayout()
        self.send_button = named_button(
            self.tr("&Send refunds"), "batchSend", self.tr("Send every refund in the batch")
        )
        self.send_button.clicked.connect(lambda: self._spawn(self.send()))
        self.pause_button = named_button(
            self.tr("&Pause"), "batchPause", self.tr("Pause or resume the batch")
        )
        self.pause_button.clicked.connect(lambda: self._spawn(self.toggle_pause()))
        self.cancel_button = named_button(
            self.tr("Cancel &batch"), "batchCancel", self.tr("Send none of the rows not sent yet")
        )
        self.cancel_button.clicked.connect(lambda: self._spawn(self.cancel_batch()))
        self.save_button = named_button(
            self.tr("Save &result…"), "batchSaveResult", self.tr("Save the result as CSV")
        )
        self.save_button.clicked.connect(self._ask_result_path)
        self.close_button = named_button(self.tr("&Close"), "batchClose", self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        for button in (
            self.send_button,
            self.pause_button,
            self.cancel_button,
            self.save_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        session.batches.on_progress(self._progress_arrived)
        self._fill_managers()
        self._update_buttons()
        if self.selection:
            self.source_label.setText(
                self.tr("%n selected row(s), each refunded in full.", "", len(self.selection))
            )
            self._use_selection()
        else:
            self.source_label.setText(
                self.tr(
                    "Import a CSV file with the columns charge (or order), amount (or full), "
                    "reason, note and, for item returns, items."
                )
            )

    # -- loading and checking ----------------------------------------------------------

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Future[Any]:
        task: asyncio.Future[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _ask_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Import batch refunds"), "", self.tr("CSV (*.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self._spawn(self.load_file(Path(path))))
        self._dialogs = [dialog]
        dialog.open()

    def _use_selection(self) -> None:
        reason = str(self.reason.currentData())
        note = self.note.text().strip()
        rows = tuple(
            BatchRow(r.line, r.charge_id, r.order_id, r.amount, reason, note, r.item_ids)
            for r in self.selection
        )
        self._spawn(self.use_rows(rows))

    async def load_file(self, path: Path) -> BatchCheck | None:
        """Read and check ``path``; the check, or None if the file could not be read."""
        self._reset()
        self.source_label.setText(self.tr("File: %1").replace("%1", path.name))
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as error:
            self._show_problems(
                [
                    RowProblem(
                        0,
                        self.tr("Could not read the file: %1").replace(
                            "%1", error.strerror or str(error)
                        ),
                    )
                ]
            )
            return None
        try:
            batch_file = read_batch_file(data, self.session.currency)
        except BatchFileRefused as refused:
            self._show_problems([RowProblem(0, tr_error(refused))])
            return None
        if batch_file.problems:
            # Check what could be read too, so that every problem shows at once.
            check = await self._check(batch_file.rows)
            self._show_problems([*batch_file.problems, *check.problems])
            self.check = None
            self._update_buttons()
            return check
        return await self.use_rows(batch_file.rows)

    async def use_rows(self, rows: Sequence[BatchRow]) -> BatchCheck:
        """Check ``rows`` and show the problems, or the preview."""
        self._reset()
        self.rows = tuple(rows)
        check = await self._check(rows)
        if check.problems:
            self._show_problems(list(check.problems))
        else:
            self.check = check
            self._show_preview(check)
        self._update_buttons()
        return check

    async def _check(self, rows: Sequence[BatchRow]) -> BatchCheck:
        self.status.setText(self.tr("Checking %n row(s) with Clover…", "", len(rows)))
        try:
            return await check_batch(rows, self.staff, self.session.refunds)
        finally:
            self.status.clear()

    def _reset(self) -> None:
        self.check = None
        self.approval = None
        self.problems.clear()
        self.preview.clear()
        self.status.clear()
        self.approval_box.setVisible(False)

    def _show_problems(self, problems: Sequence[RowProblem]) -> None:
        ordered = sorted(problems, key=lambda p: p.line)
        for problem in ordered:
            # "Line 4: …" is worded by services (RowProblem.text), in the user's language.
            self.problems.addItem(tr_text(problem.text))
        self.status.setText(
            self.tr("%n problem(s): nothing is sent until the file is fixed.", "", len(ordered))
        )

    def _show_preview(self, check: BatchCheck) -> None:
        totals = ", ".join(format_money(total) for total in check.totals)
        reasons = "; ".join(
            self.tr("%1: %2").replace("%1", refund_reason_label(code)).replace("%2", str(count))
            for code, count in sorted(check.by_reason.items())
        )
        text = self.tr("%n refund(s), %1 in total.", "", len(check.rows)).replace("%1", totals)
        self.preview.setText(text + "\n" + self.tr("By reason: %1").replace("%1", reasons))
        if check.needs_approval:
            self.approval_box.setVisible(True)
            self.status.setText(
                " ".join(tr_text(reason) for reason in check.approval_reasons)
                + " "
                + self.tr("A manager must approve the batch as a whole.")
            )
        else:
            self.status.setText(self.tr("Ready to send."))

    def _fill_managers(self) -> None:
        self.manager.clear()
        for member in self.directory.members():
            if member.can(Permission.APPROVE_REFUNDS):
                self.manager.addItem(member.name, member.id)

    # -- approval ----------------------------------------------------------------------

    def approve_with_pin(self) -> None:
        """The chosen manager's PIN buys one approval of exactly this batch."""
        check = self.check
        manager_id = self.manager.currentData()
        pin = self.pin.text()
        self.pin.clear()
        if check is None:
            return
        if manager_id is None:
            self.status.setText(self.tr("No manager is set up to approve refunds."))
            return
        try:
            self.approval = self.directory.issue_batch_approval(
                int(manager_id),
                pin,
                batch_digest=check.digest,
                row_count=len(check.rows),
                totals=check.totals,
            )
        except StaffError as error:
            self.status.setText(tr_error(error))
            return
        self.status.setText(
            self.tr("Approved by %1. Send the refunds.").replace("%1", self.approval.approver_name)
        )
        self._update_buttons()

    # -- sending -----------------------------------------------------------------------

    async def send(self) -> str | None:
        """Accept the batch and start sending it; its id, or None if it was refused."""
        check = self.check
        if check is None or self.batch_id is not None:
            return None
        self.send_button.setEnabled(False)
        try:
            batch_id = await self.session.batches.submit(
                check, self.approval, name=self._batch_name()
            )
        except (RefundRefused, StaffError) as refused:
            self.approval = None
            self.status.setText(tr_error(refused))
            self._update_buttons()
            return None
        self.batch_id = batch_id
        self.import_button.setEnabled(False)
        self.selection_box.setEnabled(False)
        self.approval_box.setVisible(False)
        self.progress_bar.setRange(0, len(check.rows))
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self.status.setText(self.tr("Sending…"))
        task = self.session.batches.start(batch_id)
        task.add_done_callback(lambda _done: self.batch_finished.emit(batch_id))
        self._update_buttons()
        return batch_id

    def _batch_name(self) -> str:
        """The name the batch keeps (in Activity and the refund report): when it was
        sent, written once in the language of whoever sent it, as a note would be."""
        now = current_time()
        return (
            self.tr("Batch of %1 at %2")
            .replace("%1", format_day(now))
            .replace("%2", format_time(now))
        )

    async def attach(self, batch_id: str) -> BatchProgress:
        """Show a batch accepted earlier (still sending, or paused, perhaps from before a
        restart): its progress, with pause, cancel and the result file."""
        self._reset()
        self.batch_id = batch_id
        summary = await asyncio.to_thread(self.session.batches.store.summary, batch_id)
        self.import_button.setEnabled(False)
        self.selection_box.setVisible(False)
        self.source_label.setText(
            self.tr("%1, sent by %2: not finished yet.")
            .replace("%1", summary.name)
            .replace("%2", summary.staff_name)
        )
        self.progress_bar.setVisible(True)
        progress = await self.session.batches.progress(batch_id)
        self._progress_arrived(progress)
        task = self.session.batches.start(batch_id)
        task.add_done_callback(lambda _done: self.batch_finished.emit(batch_id))
        return progress

    def _progress_arrived(self, progress: BatchProgress) -> None:
        if progress.batch_id != self.batch_id:
            return
        self.progress = progress
        self.progress_bar.setRange(0, progress.total)
        self.progress_bar.setValue(progress.finished)
        self.status.setText(self._progress_text(progress))
        self.eta.setText(self._eta_text(progress))
        self._update_buttons()

    def _progress_text(self, progress: BatchProgress) -> str:
        counts = progress.counts
        parts = [BATCH_WORDS.rows_in_status(RowStatus.REFUNDED, counts.get(RowStatus.REFUNDED, 0))]
        for status in (
            RowStatus.FAILED,
            RowStatus.REFUSED,
            RowStatus.CONFIRMING,
            RowStatus.CANCELLED,
        ):
            if counts.get(status):
                parts.append(BATCH_WORDS.rows_in_status(status, counts[status]))
        done = self.tr("%1 of %2 rows done").replace("%1", str(progress.finished))
        text = done.replace("%2", str(progress.total)) + " · " + ", ".join(parts)
        if progress.state is BatchState.PAUSED:
            text += " · " + self.tr("paused")
        elif progress.state is BatchState.CANCELLED:
            text += " · " + self.tr("batch cancelled")
        elif progress.state is BatchState.FINISHED:
            text += " · " + self.tr("finished")
        return text

    def _eta_text(self, progress: BatchProgress) -> str:
        if progress.state is not BatchState.SENDING or progress.eta_seconds is None:
            return ""
        seconds = max(1, round(progress.eta_seconds))
        if seconds < 90:
            return self.tr("About %n second(s) left", "", seconds)
        return self.tr("About %n minute(s) left", "", round(seconds / 60))

    async def toggle_pause(self) -> None:
        batch_id = self.batch_id
        if batch_id is None:
            return
        state = self.progress.state if self.progress is not None else BatchState.SENDING
        if state is BatchState.PAUSED:
            await self.session.batches.resume(batch_id)
        else:
            await self.session.batches.pause(batch_id)

    async def cancel_batch(self) -> None:
        if self.batch_id is not None:
            await self.session.batches.cancel(self.batch_id)

    def _update_buttons(self) -> None:
        check, progress = self.check, self.progress
        approved = check is not None and (not check.needs_approval or self.approval is not None)
        self.send_button.setEnabled(self.batch_id is None and approved)
        if check is not None:
            self.send_button.setText(self.tr("&Send %n refund(s)", "", len(check.rows)))
        running = self.batch_id is not None and (
            progress is None or progress.state in (BatchState.SENDING, BatchState.PAUSED)
        )
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        paused = progress is not None and progress.state is BatchState.PAUSED
        self.pause_button.setText(self.tr("&Resume") if paused else self.tr("&Pause"))
        self.save_button.setEnabled(self.batch_id is not None)

    # -- the result --------------------------------------------------------------------

    def _ask_result_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Save batch result"), "", self.tr("CSV (*.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(f"batch-{self.batch_id}-result.csv")
        dialog.fileSelected.connect(lambda path: self._spawn(self.save_result(Path(path))))
        self._dialogs = [dialog]
        dialog.open()

    async def save_result(self, path: Path) -> Path | None:
        """Write the result CSV (row, refund id, outcome, message) to ``path``."""
        if self.batch_id is None:
            return None
        text = await self.session.batches.result_csv(self.batch_id)
        try:
            await asyncio.to_thread(path.write_text, text, encoding="utf-8", newline="")
        except OSError as error:
            self.status.setText(
                self.tr("Could not save the result: %1").replace("%1", error.strerror or "")
            )
            return None
        self.status.setText(self.tr("Saved the result to %1.").replace("%1", path.name))
        return path

    def done(self, result: int) -> None:
        """Override QDialog::done: stop listening (the batch itself carries on)."""
        self.session.batches.forget_listener(self._progress_arrived)
        super().done(result)
