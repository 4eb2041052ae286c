"""Dialogs of the Customers tab: the customer form and *Add card* (both opened with open())."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clover_desk.api.models.platform import V3Customer
from clover_desk.services.customers import CardEntry, CustomerForm, check_card
from clover_desk.ui.i18n import tr_text
from clover_desk.ui.widgets import line_edit

__all__ = ["AddCardDialog", "CustomerDialog"]


class CustomerDialog(QDialog):
    """Create or edit a customer: name, email, phone, address."""

    def __init__(self, customer: V3Customer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerDialog")
        self.setWindowTitle(self.tr("Edit customer") if customer else self.tr("New customer"))
        self.first_name = line_edit("customerFirstName", self.tr("First name"))
        self.last_name = line_edit("customerLastName", self.tr("Last name"))
        self.email = line_edit("customerEmail", self.tr("Email"))
        self.phone = line_edit("customerPhone", self.tr("Phone"))
        self.address1 = line_edit("customerAddress", self.tr("Street address"))
        self.city = line_edit("customerCity", self.tr("City"))
        self.state = line_edit("customerState", self.tr("State"))
        self.zip = line_edit("customerZip", self.tr("Postal code"))
        if customer is not None:
            self.first_name.setText(customer.first_name or "")
            self.last_name.setText(customer.last_name or "")
            self.email.setText(customer.emails[0] if customer.emails else "")
            self.phone.setText(customer.phones[0] if customer.phones else "")
            addresses = customer.addresses.elements if customer.addresses else []
            if addresses:
                self.address1.setText(addresses[0].address1 or "")
                self.city.setText(addresses[0].city or "")
                self.state.setText(addresses[0].state or "")
                self.zip.setText(addresses[0].zip or "")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("customerProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&First name:"), self.first_name)
        form.addRow(self.tr("&Last name:"), self.last_name)
        form.addRow(self.tr("&Email:"), self.email)
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow(self.tr("&Address:"), self.address1)
        form.addRow(self.tr("City:"), self.city)
        form.addRow(self.tr("State:"), self.state)
        form.addRow(self.tr("Postal code:"), self.zip)
        form.addRow(self.problem_label)
        form.addRow(self.buttons)

    def form(self) -> CustomerForm:
        """What was typed."""
        return CustomerForm(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            address1=self.address1.text(),
            city=self.city.text(),
            state=self.state.text(),
            zip=self.zip.text(),
        )

    def _check_and_accept(self) -> None:
        problems = self.form().problems()
        if problems:
            self.problem_label.setText(" ".join(tr_text(p) for p in problems))
            return
        self.accept()


class AddCardDialog(QDialog):
    """Type a card to save on file; checked (Luhn, expiry, CVV) before anything is sent.

    :meth:`take_entry` hands the card over once and clears the fields, so the number
    lives no longer than the tokenize request.
    """

    def __init__(self, customer_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addCardDialog")
        self.setWindowTitle(self.tr("Add a card for {name}").format(name=customer_name))
        self.number = line_edit("addCardNumber", self.tr("Card number"), "1234 5678 9012 3456")
        self.expiry = line_edit("addCardExpiry", self.tr("Expiry"), self.tr("MM/YY"))
        self.cvv = line_edit("addCardCvv", self.tr("Security code"), self.tr("CVV"))
        self.cvv.setEchoMode(QLineEdit.EchoMode.Password)
        self.zip = line_edit("addCardZip", self.tr("Postal code"), self.tr("ZIP"))
        self.problem_label = QLabel()
        self.problem_label.setObjectName("addCardProblem")
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save card"))
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self._cancel)
        form = QFormLayout(self)
        form.addRow(self.tr("Card &number:"), self.number)
        form.addRow(self.tr("&Expiry:"), self.expiry)
        form.addRow(self.tr("&CVV:"), self.cvv)
        form.addRow(self.tr("&Postal code:"), self.zip)
        form.addRow(self.problem_label)
        form.addRow(self.buttons)
        self._entry: CardEntry | None = None

    def _read(self) -> CardEntry:
        return CardEntry.from_text(
            self.number.text(), self.expiry.text(), self.cvv.text(), self.zip.text()
        )

    def _check_and_accept(self) -> None:
        entry = self._read()
        problems = check_card(entry)
        if problems:
            entry.wipe()
            self.problem_label.setText(" ".join(tr_text(p.message) for p in problems))
            return
        self._entry = entry
        self._clear()
        self.accept()

    def take_entry(self) -> CardEntry | None:
        """The checked card, once; later calls return ``None``."""
        entry, self._entry = self._entry, None
        return entry

    def _cancel(self) -> None:
        self._clear()
        self.reject()

    def _clear(self) -> None:
        self.number.clear()
        self.cvv.clear()
