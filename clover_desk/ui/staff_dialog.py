"""File ▸ Staff…: the owner adds staff, sets clerks' refund limits and daily refund
totals, deactivates accounts, and sets how soon an idle window locks.

Every change goes through ``services.staff.StaffDirectory`` with the signed-in owner as
``by``; the directory refuses anyone else, so this dialog only reflects the rules.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.money import Money
from clover_desk.services.staff import Role, StaffDirectory, StaffError, StaffMember
from clover_desk.ui.i18n import tr_error
from clover_desk.ui.labels import role_label
from clover_desk.ui.money import format_money, parse_amount
from clover_desk.ui.widgets import named_button

__all__ = ["StaffDialog"]


def _describe(member: StaffMember) -> str:
    limit = ""
    if member.role is Role.CLERK and member.refund_limit is not None:
        limit = QCoreApplication.translate("StaffDialog", " · refunds up to {amount}").format(
            amount=format_money(member.refund_limit)
        )
    elif member.role is Role.CLERK:
        limit = QCoreApplication.translate("StaffDialog", " · no refunds without a manager")
    if member.role is Role.CLERK and member.daily_refund_limit is not None:
        limit += QCoreApplication.translate("StaffDialog", " · {amount} a day").format(
            amount=format_money(member.daily_refund_limit)
        )
    inactive = "" if member.active else QCoreApplication.translate("StaffDialog", " · inactive")
    return f"{member.name} ({role_label(member.role)}){limit}{inactive}"


class StaffDialog(QDialog):
    """Staff accounts and the idle lock. Open with ``open()``.

    Signals:
        idleMinutesChanged(int): the owner saved a new idle-lock delay.
    """

    idleMinutesChanged = Signal(int)  # noqa: N815 - Qt signal naming

    def __init__(
        self,
        directory: StaffDirectory,
        owner: StaffMember,
        currency: str,
        idle_minutes: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("staffDialog")
        self.setWindowTitle(self.tr("Staff"))
        self.directory = directory
        self.owner = owner
        self.currency = currency
        layout = QVBoxLayout(self)
        self.members = QListWidget()
        self.members.setObjectName("staffList")
        self.members.setAccessibleName(self.tr("Staff accounts"))
        layout.addWidget(self.members, 1)

        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("staffName")
        self.name.setAccessibleName(self.tr("Name"))
        self.role = QComboBox()
        self.role.setObjectName("staffRole")
        self.role.setAccessibleName(self.tr("Role"))
        for role in Role:
            self.role.addItem(role_label(role).capitalize(), role)
        self.pin = QLineEdit()
        self.pin.setObjectName("staffPin")
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.limit = QLineEdit()
        self.limit.setObjectName("staffRefundLimit")
        self.limit.setAccessibleName(self.tr("Refund limit"))
        self.limit.setPlaceholderText(
            self.tr("Clerks only, in {currency}").format(currency=currency)
        )
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Role"), self.role)
        form.addRow(self.tr("&PIN"), self.pin)
        self.daily_limit = QLineEdit()
        self.daily_limit.setObjectName("staffDailyRefundLimit")
        self.daily_limit.setAccessibleName(self.tr("Daily refund total"))
        self.daily_limit.setPlaceholderText(
            self.tr("Clerks only, in {currency}; empty for none").format(currency=currency)
        )
        form.addRow(self.tr("Refund &limit"), self.limit)
        form.addRow(self.tr("Daily refund &total"), self.daily_limit)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.add_button = named_button(
            self.tr("&Add"), "addStaffButton", self.tr("Add the staff member")
        )
        self.add_button.clicked.connect(self.add_member)
        self.limit_button = named_button(
            self.tr("Set li&mit"),
            "setLimitButton",
            self.tr("Set the selected clerk's refund limit"),
        )
        self.limit_button.clicked.connect(self.set_limit)
        self.daily_button = named_button(
            self.tr("Set daily t&otal"),
            "setDailyLimitButton",
            self.tr("Set the most the selected clerk may refund in a day without a manager"),
        )
        self.daily_button.clicked.connect(self.set_daily_limit)
        self.deactivate_button = named_button(
            self.tr("&Deactivate"),
            "deactivateStaffButton",
            self.tr("Deactivate the selected account"),
        )
        self.deactivate_button.clicked.connect(self.deactivate)
        for push in (
            self.add_button,
            self.limit_button,
            self.daily_button,
            self.deactivate_button,
        ):
            buttons.addWidget(push)
        layout.addLayout(buttons)

        idle = QHBoxLayout()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idleLockMinutes")
        self.idle_minutes.setAccessibleName(self.tr("Lock after idle minutes"))
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setValue(idle_minutes)
        self.idle_minutes.setSuffix(self.tr(" min"))
        idle.addWidget(QLabel(self.tr("Lock the window after")))
        idle.addWidget(self.idle_minutes)
        idle.addWidget(QLabel(self.tr("without input")))
        idle.addStretch(1)
        layout.addLayout(idle)

        self.status = QLabel()
        self.status.setObjectName("staffStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.members.clear()
        for member in self.directory.members():
            item = QListWidgetItem(_describe(member))
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.members.addItem(item)

    def _selected(self) -> StaffMember | None:
        item = self.members.currentItem()
        return (
            None if item is None else self.directory.get(int(item.data(Qt.ItemDataRole.UserRole)))
        )

    def _limit(self, field: QLineEdit | None = None) -> Money | None:
        text = (field or self.limit).text().strip()
        if not text:
            return None
        amount = parse_amount(text, self.currency)
        if amount is None or amount < 0:
            raise StaffError(
                self.tr("{text} is not an amount in {currency}.").format(
                    text=repr(text), currency=self.currency
                )
            )
        return Money(amount, self.currency)

    def add_member(self) -> None:
        try:
            role = Role(self.role.currentData())
            member = self.directory.add(
                self.name.text(),
                role,
                self.pin.text(),
                refund_limit=self._limit() if role is Role.CLERK else None,
                daily_refund_limit=self._limit(self.daily_limit) if role is Role.CLERK else None,
                by=self.owner,
            )
        except StaffError as error:
            self.status.setText(tr_error(error))
            return
        finally:
            self.pin.clear()
        self.name.clear()
        self.limit.clear()
        self.daily_limit.clear()
        self.status.setText(self.tr("Added {name}.").format(name=member.name))
        self.refresh()

    def set_limit(self) -> None:
        member = self._selected()
        if member is None:
            self.status.setText(self.tr("Choose a staff member first."))
            return
        try:
            self.directory.set_refund_limit(member.id, self._limit(), by=self.owner)
        except StaffError as error:
            self.status.setText(tr_error(error))
            return
        self.status.setText(self.tr("{name}'s refund limit is updated.").format(name=member.name))
        self.refresh()

    def set_daily_limit(self) -> None:
        member = self._selected()
        if member is None:
            self.status.setText(self.tr("Choose a staff member first."))
            return
        try:
            limit = self._limit(self.daily_limit)
            self.directory.set_daily_refund_limit(member.id, limit, by=self.owner)
        except StaffError as error:
            self.status.setText(tr_error(error))
            return
        if limit is None:
            done = self.tr("{name} has no daily refund total now.")
        else:
            done = self.tr("{name} may refund up to {amount} a day without a manager.")
        amount = format_money(limit) if limit is not None else ""
        self.status.setText(done.format(name=member.name, amount=amount))
        self.refresh()

    def deactivate(self) -> None:
        member = self._selected()
        if member is None:
            self.status.setText(self.tr("Choose a staff member first."))
            return
        try:
            self.directory.deactivate(member.id, by=self.owner)
        except StaffError as error:
            self.status.setText(tr_error(error))
            return
        self.status.setText(self.tr("{name} can no longer sign in.").format(name=member.name))
        self.refresh()

    def done(self, result: int) -> None:
        """Override QDialog::done: the idle delay is saved when the dialog closes."""
        self.idleMinutesChanged.emit(self.idle_minutes.value())
        super().done(result)
