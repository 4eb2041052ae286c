"""The refund wizard: four Qt pages over ``services.refunds.wizard.RefundWizardState``.

Every rule lives in the state object; these pages only render it and write back what
the user typed, then ask ``isComplete`` again. The Review page is a commit page: its
button sends the refund through ``RefundService`` (an asyncio task on the qasync loop,
never a nested ``exec()``), and once asked for, the refund cannot be asked for again
from this wizard — a double click, a held Enter key or a re-opened page reuse the same
idempotency key, which the journal and Clover both honour.
"""

from __future__ import annotations

import asyncio
import html
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, Qt, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from clover_desk.api.money import Money
from clover_desk.services.common import QT_TRANSLATE_NOOP
from clover_desk.services.refunds import (
    REFUND_REASONS,
    Outcome,
    Page,
    RefundMode,
    RefundRefused,
    RefundRequest,
    RefundResult,
    RefundService,
    RefundWizardState,
)
from clover_desk.services.staff import (
    Permission,
    StaffDirectory,
    StaffError,
)
from clover_desk.ui.i18n import tr_error, tr_text
from clover_desk.ui.money import format_money, parse_amount

log = logging.getLogger(__name__)

_MODE_LABELS = {
    RefundMode.FULL: QT_TRANSLATE_NOOP("RefundWizard", "Refund everything that remains"),
    RefundMode.PARTIAL: QT_TRANSLATE_NOOP("RefundWizard", "Refund an amount"),
    RefundMode.ITEMS: QT_TRANSLATE_NOOP("RefundWizard", "Refund chosen items (order return)"),
}


class _StatePage(QWizardPage):
    """A page whose completeness is the state's ``can_go_next`` on its own page."""

    def __init__(self, wizard: RefundWizard, page: Page, title: str) -> None:
        super().__init__()
        self.state = wizard.state
        self.desk_wizard = wizard
        self.page_id = page
        self.setTitle(title)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setProperty("role", "error")

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        """Override QWizardPage::isComplete: valid and not busy."""
        return not self.state.busy and not self.state.problems(self.page_id)

    def changed(self) -> None:
        problems = self.state.problems(self.page_id)
        self.problems.setText("\n".join(tr_text(p) for p in problems))
        self.completeChanged.emit()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Override QWizardPage::initializePage: keep the state's page in step."""
        self.state.page = self.page_id
        self.changed()


class WhatPage(_StatePage):
    def __init__(self, wizard: RefundWizard) -> None:
        super().__init__(
            wizard, Page.WHAT, QCoreApplication.translate("RefundWizard", "What to refund")
        )
        state = self.state
        target = state.target
        layout = QVBoxLayout(self)
        charged = self.tr("Charged {amount}").format(amount=format_money(target.amount))
        if target.tip:
            tip = format_money(Money(target.tip, target.currency))
            charged += self.tr(" + tip {amount}").format(amount=tip)
        remaining = self.tr(" · remaining refundable: <b>{amount}</b>").format(
            amount=format_money(target.remaining)
        )
        self.remaining = QLabel(charged + remaining)
        self.remaining.setObjectName("remainingLabel")
        layout.addWidget(self.remaining)
        self.modes = QButtonGroup(self)
        for mode in RefundMode:
            button = QRadioButton(tr_text(_MODE_LABELS[mode]))
            button.setObjectName(f"mode_{mode.value}")
            button.setAccessibleName(tr_text(_MODE_LABELS[mode]))
            button.setEnabled(mode in state.available_modes)
            button.setChecked(mode is state.mode)
            self.modes.addButton(button)
            button.toggled.connect(lambda on, m=mode: self._mode_toggled(m, on))
            layout.addWidget(button)
        self.amount = QLineEdit()
        self.amount.setObjectName("partialAmount")
        self.amount.setAccessibleName(self.tr("Amount to refund"))
        self.amount.setPlaceholderText(
            self.tr("Amount in {currency}").format(currency=target.currency)
        )
        self.amount.textChanged.connect(self._amount_changed)
        layout.addWidget(self.amount)
        self.items = QListWidget()
        self.items.setObjectName("refundItems")
        self.items.setAccessibleName(self.tr("Items to refund"))
        for item in target.items:
            row = QListWidgetItem(
                f"{item.name} — {format_money(Money(item.amount, target.currency))}"
                + (self.tr(" (returned)") if item.refunded else "")
            )
            row.setData(Qt.ItemDataRole.UserRole, item.line_item_id)
            flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            if not item.refunded:
                flags |= Qt.ItemFlag.ItemIsEnabled
            row.setFlags(flags)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.items.addItem(row)
        self.items.itemChanged.connect(self._items_changed)
        layout.addWidget(self.items)
        notice = state.restriction_notice
        self.notice = QLabel(tr_text(notice) if notice else "")
        self.notice.setObjectName("restrictionNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(bool(notice))
        layout.addWidget(self.notice)
        layout.addWidget(self.problems)
        self._sync_visibility()

    def _mode_toggled(self, mode: RefundMode, checked: bool) -> None:
        if not checked:
            return
        self.state.mode = mode
        self._sync_visibility()
        self.changed()

    def _sync_visibility(self) -> None:
        self.amount.setVisible(self.state.mode is RefundMode.PARTIAL)
        self.items.setVisible(self.state.mode is RefundMode.ITEMS)

    def _amount_changed(self, text: str) -> None:
        self.state.partial_amount = parse_amount(text, self.state.target.currency)
        self.changed()

    def _items_changed(self) -> None:
        chosen = [
            self.items.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.items.count())
            if self.items.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.state.select_items(chosen)
        self.changed()


class WhyPage(_StatePage):
    def __init__(self, wizard: RefundWizard) -> None:
        super().__init__(wizard, Page.WHY, QCoreApplication.translate("RefundWizard", "Why"))
        form = QFormLayout(self)
        self.reason = QComboBox()
        self.reason.setObjectName("refundReason")
        self.reason.setAccessibleName(self.tr("Refund reason"))
        self.reason.addItem(self.tr("Choose a reason…"), None)
        for code, label in REFUND_REASONS:
            self.reason.addItem(tr_text(label), code)
        self.reason.currentIndexChanged.connect(self._reason_changed)
        form.addRow(self.tr("Reason"), self.reason)
        self.note = QPlainTextEdit()
        self.note.setObjectName("refundNote")
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setPlaceholderText(
            self.tr("What happened (required for partial and item refunds)")
        )
        self.note.textChanged.connect(self._note_changed)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.problems)

    def _reason_changed(self) -> None:
        self.state.reason = self.reason.currentData()
        self.changed()

    def _note_changed(self) -> None:
        self.state.note = self.note.toPlainText()
        self.changed()


class ReviewPage(_StatePage):
    def __init__(self, wizard: RefundWizard) -> None:
        super().__init__(wizard, Page.REVIEW, QCoreApplication.translate("RefundWizard", "Review"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Refund"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.warnings = QLabel()
        self.warnings.setObjectName("reviewWarnings")
        self.warnings.setWordWrap(True)
        layout.addWidget(self.warnings)
        self.approval = QWidget()
        self.approval.setObjectName("managerApproval")
        row = QHBoxLayout(self.approval)
        row.setContentsMargins(0, 0, 0, 0)
        self.manager = QComboBox()
        self.manager.setObjectName("approvingManager")
        self.manager.setAccessibleName(self.tr("Approving manager"))
        self.pin = QLineEdit()
        self.pin.setObjectName("managerPin")
        self.pin.setAccessibleName(self.tr("Manager PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Manager PIN"))
        self.approve = QPushButton(self.tr("&Approve"))
        self.approve.setObjectName("approveButton")
        self.approve.clicked.connect(wizard.approve_with_pin)
        self.pin.returnPressed.connect(wizard.approve_with_pin)
        row.addWidget(QLabel(self.tr("Manager:")))
        row.addWidget(self.manager, 1)
        row.addWidget(self.pin, 1)
        row.addWidget(self.approve)
        layout.addWidget(self.approval)
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Override QWizardPage::initializePage: restate the refund."""
        super().initializePage()
        self.refresh_view()

    def refresh_view(self) -> None:
        rows = "".join(
            f"<tr><td><b>{html.escape(tr_text(label))}</b>&nbsp;&nbsp;</td>"
            f"<td>{html.escape(tr_text(value))}</td></tr>"
            for label, value in self.state.review_lines()
        )
        self.summary.setText(f"<table>{rows}</table>")
        self.warnings.setText("\n".join(f"⚠ {tr_text(w)}" for w in self.state.warnings()))
        self.approval.setVisible(self.state.needs_manager_pin)
        self.status.setText(self._approval_status())
        self.manager.clear()
        for member in self.desk_wizard.directory.members():
            if member.can(Permission.APPROVE_REFUNDS):
                self.manager.addItem(member.name, member.id)
        self.changed()

    def _approval_status(self) -> str:
        proof = self.state.approval_proof
        if proof is None:
            return ""
        if self.state.valid_approval is not None:
            return self.tr("Approved by {name}.").format(name=proof.approver_name)
        # Back and changed: the old approval must not look as if it still held.
        return self.tr(
            "{name} approved {amount}; the refund has changed since, so a manager must "
            "approve it again."
        ).format(name=proof.approver_name, amount=format_money(proof.amount))

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Override QWizardPage::validatePage: send the refund; move on when it is done."""
        self.desk_wizard.submit()
        return self.state.result is not None


class ResultPage(_StatePage):
    def __init__(self, wizard: RefundWizard) -> None:
        super().__init__(wizard, Page.RESULT, QCoreApplication.translate("RefundWizard", "Result"))
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.outcome = QLabel()
        self.outcome.setObjectName("refundOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.outcome)
        buttons = QHBoxLayout()
        self.save_receipt = QPushButton(self.tr("&Save receipt as PDF…"))
        self.save_receipt.setObjectName("saveReceipt")
        self.save_receipt.clicked.connect(wizard.ask_receipt_path)
        buttons.addWidget(self.save_receipt)
        self.print_receipt = QPushButton(self.tr("&Print receipt…"))
        self.print_receipt.setObjectName("printReceipt")
        self.print_receipt.clicked.connect(wizard.ask_print)
        buttons.addWidget(self.print_receipt)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Override QWizardPage::initializePage: show what came of the refund."""
        self.state.page = Page.RESULT
        self.refresh_view()

    def refresh_view(self) -> None:
        result = self.state.result
        if result is None:
            return
        if result.outcome is Outcome.SUCCEEDED:
            text = self.tr(
                "<b>Refunded {amount}.</b><br>Refund id: {refund}<br>"
                "Remaining refundable: {remaining}"
            ).format(
                amount=html.escape(format_money(self.state.plan.amount)),
                refund=html.escape(result.refund_id or "—"),
                remaining=html.escape(format_money(result.remaining)),
            )
        elif result.outcome is Outcome.FAILED:
            text = self.tr("<b>The refund was not made.</b><br>{why}").format(
                why=html.escape(tr_text(result.message))
            )
        else:
            text = self.tr(
                "<b>Outcome unknown — being confirmed.</b><br>{why}<br>Do not refund again: "
                "Clover Desk settles this refund by itself and will show it here and in Activity."
            ).format(why=html.escape(tr_text(result.message)))
        self.outcome.setText(text)
        self.save_receipt.setEnabled(result.outcome is Outcome.SUCCEEDED)
        self.print_receipt.setEnabled(result.outcome is Outcome.SUCCEEDED)


class RefundWizard(QWizard):
    """Modal refund wizard. Open with ``open()``; ``refundFinished`` carries the result.

    Signals:
        refundFinished(object): the ``RefundResult`` once the refund has an outcome.
    """

    refundFinished = Signal(object)  # noqa: N815 - Qt signal naming

    def __init__(
        self,
        state: RefundWizardState,
        service: RefundService,
        directory: StaffDirectory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("refundWizard")
        self.setWindowTitle(self.tr("Refund charge {charge}").format(charge=state.target.charge_id))
        self.setModal(True)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(640, 460)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.state = state
        self.service = service
        self.directory = directory
        self._task: asyncio.Task[None] | None = None
        self._print_dialog: QPrintDialog | None = None
        self.what = WhatPage(self)
        self.why = WhyPage(self)
        self.review = ReviewPage(self)
        self.result_page = ResultPage(self)
        for page in (self.what, self.why, self.review, self.result_page):
            self.setPage(page.page_id, page)
        self.setStartId(Page.WHAT)
        service.claim(state.target.charge_id)  # raises RefundRefused for a second wizard
        service.on_settled(self._settled)

    # -- manager approval ------------------------------------------------------

    def approve_with_pin(self) -> None:
        manager_id = self.review.manager.currentData()
        pin = self.review.pin.text()
        self.review.pin.clear()
        if manager_id is None:
            self.review.status.setText(self.tr("No manager is set up to approve refunds."))
            return
        try:
            plan = self.state.plan
            proof = self.directory.issue_approval(
                int(manager_id),
                pin,
                charge_id=self.state.target.charge_id,
                amount=plan.amount,
                mode=plan.mode.value,
                item_ids=[item.line_item_id for item in plan.items],
            )
        except StaffError as error:
            self.review.status.setText(tr_error(error))
            return
        self.state.approval_proof = proof
        self.review.refresh_view()

    # -- sending ---------------------------------------------------------------

    def submit(self) -> None:
        """Start the refund once; further calls while it runs, or after, do nothing."""
        if not self.state.begin_submit():
            return
        self.review.status.setText(self.tr("Sending the refund to Clover…"))
        self.review.changed()
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self._task = asyncio.get_event_loop().create_task(self._send())

    async def _send(self) -> None:
        state = self.state
        request = RefundRequest(
            key=state.idempotency_key,
            target=state.target,
            mode=state.mode,
            reason=state.reason or "",
            note=state.note,
            staff=state.staff,
            partial_amount=state.partial_amount,
            item_ids=tuple(state.item_ids),
            approval=state.valid_approval,
        )
        try:
            result = await self.service.refund(request)
        except (RefundRefused, StaffError) as error:
            result = RefundResult(Outcome.FAILED, message=tr_error(error))
        except Exception as error:
            log.exception("refund %s failed unexpectedly", state.idempotency_key)
            result = RefundResult(
                Outcome.UNKNOWN,
                message=self.tr(
                    "Something went wrong while sending ({error}). "
                    "Clover Desk will confirm the refund on its own."
                ).format(error=error),
            )
        self._show_result(result)

    def _show_result(self, result: RefundResult) -> None:
        self.state.finish(result)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        if self.currentId() == Page.REVIEW:
            self.next()
        else:
            self.result_page.refresh_view()
        self.refundFinished.emit(result)

    def _settled(self, entry: object) -> None:
        key = getattr(entry, "key", None)
        if key != self.state.idempotency_key or self.state.result is None:
            return
        if self.state.result.outcome is not Outcome.UNKNOWN:
            return
        refund_id = getattr(entry, "refund_id", None)
        status = getattr(getattr(entry, "status", None), "value", "")
        result = (
            RefundResult(Outcome.SUCCEEDED, refund_id)
            if status == "succeeded"
            else RefundResult(Outcome.FAILED, message=getattr(entry, "message", "") or "")
        )
        self.state.finish(result)
        self.result_page.refresh_view()
        self.refundFinished.emit(result)

    def reject(self) -> None:
        """Override QDialog::reject: closing while the refund is in flight is refused."""
        if self.state.busy:
            return
        super().reject()

    # -- receipt ---------------------------------------------------------------

    def ask_receipt_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Save refund receipt"), "", self.tr("PDF (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"refund-{self.state.result.refund_id if self.state.result else ''}.pdf")
        dialog.fileSelected.connect(lambda path: self.save_receipt(Path(path)))
        dialog.open()

    def ask_print(self) -> None:
        """Print the receipt on a printer the user picks (the dialog opens non-blocking)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self._document().print_(printer))
        self._print_dialog = dialog
        QDialog.open(dialog)  # the window-modal open(), not the (receiver, slot) overload

    def _document(self) -> QTextDocument:
        document = QTextDocument()
        document.setHtml(self.receipt_html())
        return document

    def receipt_html(self) -> str:
        state = self.state
        result = state.result
        rows = [(tr_text(label), tr_text(value)) for label, value in state.review_lines()]
        if result is not None:
            rows.append((self.tr("Refund id"), result.refund_id or "—"))
            rows.append((self.tr("Remaining refundable"), format_money(result.remaining) or "—"))
        rows.append((self.tr("Charge"), state.target.charge_id))
        body = "".join(
            f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows
        )
        return self.tr("<h2>Refund receipt</h2><table cellpadding='4'>{rows}</table>").format(
            rows=body
        )

    def save_receipt(self, path: Path) -> Path:
        """Write the receipt as a PDF (Qt's own PDF writer, no printer needed)."""
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
        writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
        document = self._document()
        document.setPageSize(QSizeF(writer.width(), writer.height()))
        document.print_(writer)
        del writer  # flushes and closes the file
        return path

    def done(self, result: int) -> None:
        """Override QDialog::done: stop listening to the service once closed."""
        if self._task is not None and not self._task.done():
            return
        self.service.forget_listener(self._settled)
        self.service.release(self.state.target.charge_id)
        super().done(result)
