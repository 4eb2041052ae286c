"""Dialogs of the Plans tab: a plan's form and a subscription's (opened with open())."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from clover_desk.api.models.recurring import Interval, Plan, Subscription
from clover_desk.services.sales import PlanForm, SubscriptionForm
from clover_desk.ui.i18n import tr_text
from clover_desk.ui.labels import interval_label
from clover_desk.ui.money import format_amount, parse_amount
from clover_desk.ui.widgets import line_edit

__all__ = ["PlanDialog", "SubscriptionDialog"]


def _plain(amount: int | None, currency: str) -> str:
    if amount is None:
        return ""
    return format_amount(amount, currency).split(" ")[0].lstrip("$")


class PlanDialog(QDialog):
    """Create or edit a plan (Clover does not change a plan's interval later)."""

    def __init__(self, plan: Plan | None, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.setWindowTitle(self.tr("Edit plan") if plan else self.tr("New plan"))
        self.currency = currency
        self.name = line_edit("planName", self.tr("Plan name"))
        self.amount = line_edit("planAmount", self.tr("Plan amount"), "0.00")
        self.interval = QComboBox()
        self.interval.setObjectName("planInterval")
        self.interval.setAccessibleName(self.tr("Interval"))
        for interval in (Interval.DAY, Interval.WEEK, Interval.MONTH, Interval.YEAR):
            self.interval.addItem(interval_label(interval), interval.value)
        self.interval.setCurrentIndex(2)
        self.count = QSpinBox()
        self.count.setObjectName("planIntervalCount")
        self.count.setAccessibleName(self.tr("Every how many intervals"))
        self.count.setRange(1, 365)
        self.note = line_edit("planNote", self.tr("Note"))
        if plan is not None:
            self.name.setText(plan.name or "")
            self.amount.setText(_plain(plan.amount, currency))
            self.interval.setCurrentIndex(max(0, self.interval.findData(plan.interval.value)))
            self.count.setValue(plan.interval_count or 1)
            self.note.setText(plan.note or "")
            self.interval.setEnabled(False)
            self.count.setEnabled(False)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("planProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Amount:"), self.amount)
        form.addRow(self.tr("&Every:"), self.count)
        form.addRow(self.tr("&Interval:"), self.interval)
        form.addRow(self.tr("N&ote:"), self.note)
        form.addRow(self.problem_label)
        form.addRow(self.buttons)

    def form(self) -> PlanForm:
        """What was typed."""
        return PlanForm(
            name=self.name.text(),
            amount=parse_amount(self.amount.text(), self.currency) or 0,
            interval=Interval(self.interval.currentData()),
            interval_count=self.count.value(),
            note=self.note.text(),
        )

    def _check_and_accept(self) -> None:
        problems = self.form().problems()
        if problems:
            self.problem_label.setText(" ".join(tr_text(p) for p in problems))
            return
        self.accept()


class SubscriptionDialog(QDialog):
    """Subscribe a customer (with a card on file), or edit a subscription."""

    def __init__(
        self,
        currency: str,
        customers: list[tuple[str, str]] | None = None,
        subscription: Subscription | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("subscriptionDialog")
        self.setWindowTitle(
            self.tr("Edit subscription") if subscription else self.tr("Subscribe a customer")
        )
        self.currency = currency
        self.customer = QComboBox()
        self.customer.setObjectName("subscriptionCustomer")
        self.customer.setAccessibleName(self.tr("Customer with a card on file"))
        for customer_id, label in customers or []:
            self.customer.addItem(label, customer_id)
        self.amount = line_edit("subscriptionAmount", self.tr("Amount"), self.tr("plan's amount"))
        self.note = line_edit("subscriptionNote", self.tr("Note"))
        if subscription is not None:
            self.amount.setText(_plain(subscription.amount, currency))
            self.note.setText(subscription.note or "")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("subscriptionProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if subscription is None:
            form.addRow(self.tr("&Customer:"), self.customer)
        form.addRow(self.tr("&Amount:"), self.amount)
        form.addRow(self.tr("&Note:"), self.note)
        form.addRow(self.problem_label)
        form.addRow(self.buttons)

    def customer_id(self) -> str:
        """The chosen customer."""
        return str(self.customer.currentData() or "")

    def form(self) -> SubscriptionForm | None:
        """What was typed, or ``None`` when the amount is unreadable."""
        text = self.amount.text().strip()
        amount = parse_amount(text, self.currency) if text else None
        if text and amount is None:
            return None
        return SubscriptionForm(amount=amount, note=self.note.text())

    def _check_and_accept(self) -> None:
        if self.form() is None:
            self.problem_label.setText(self.tr("Type the amount like 12.50, or leave it empty."))
            return
        self.accept()
