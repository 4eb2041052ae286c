"""The plain refund confirmation the Charges tab uses until the refund wizard lands.

Opened with ``open()``; the tab reads :meth:`RefundConfirmDialog.choice` on ``accepted``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clover_desk.api.models.ecommerce import RefundReason
from clover_desk.api.money import Money
from clover_desk.ui.money import format_money, minor_digits, parse_amount, scale

__all__ = ["RefundConfirmDialog"]

_REASONS = [
    ("Requested by customer", RefundReason.REQUESTED_BY_CUSTOMER),
    ("Duplicate charge", RefundReason.DUPLICATE),
    ("Fraudulent", RefundReason.FRAUDULENT),
]


class RefundConfirmDialog(QDialog):
    """Confirm a refund: amount (default all that is left) and reason."""

    def __init__(self, charge_id: str, refundable: Money, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refundConfirmDialog")
        self.setWindowTitle("Refund charge")
        self.refundable = refundable
        self.amount_edit = QLineEdit(_plain(refundable))
        self.amount_edit.setObjectName("refundAmount")
        self.amount_edit.setAccessibleName("Refund amount")
        self.reason_box = QComboBox()
        self.reason_box.setObjectName("refundReason")
        self.reason_box.setAccessibleName("Refund reason")
        for text, reason in _REASONS:
            self.reason_box.addItem(text, reason)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("refundProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Refund")
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Refund charge <b>{charge_id}</b>?"))
        form.addRow("Left to refund:", QLabel(format_money(refundable)))
        form.addRow("&Amount:", self.amount_edit)
        form.addRow("&Reason:", self.reason_box)
        form.addRow(self.problem_label)
        form.addRow(self.buttons)

    def choice(self) -> tuple[Money, RefundReason] | None:
        """The amount and reason staff chose, or ``None`` when the amount is unreadable."""
        amount = parse_amount(self.amount_edit.text(), self.refundable.currency)
        if amount is None or amount <= 0 or amount > self.refundable.amount:
            return None
        # Qt hands a StrEnum back as its plain string value.
        reason = RefundReason(self.reason_box.currentData())
        return Money(amount, self.refundable.currency), reason

    def _check_and_accept(self) -> None:
        if self.choice() is None:
            self.problem_label.setText(
                f"Type an amount between 0.01 and {format_money(self.refundable)}."
            )
            return
        self.accept()


def _plain(money: Money) -> str:
    """``1234`` → ``12.34`` (the form accepts either decimal separator)."""
    digits = minor_digits(money.currency)
    if not digits:
        return str(money.amount)
    major, minor = divmod(money.amount, scale(money.currency))
    return f"{major}.{minor:0{digits}d}"
