"""*New order…*: pick items, modifiers and discounts with live totals, create, then pay.

Totals come from Clover's Atomic Orders ``checkouts`` call a moment after each change
(the previous pricing request is cancelled). Paying uses a card on file (a customer id)
or a new card, tokenized after the Luhn/expiry/CVV checks; the typed number is cleared
from the form as soon as it is read.
"""

from __future__ import annotations

import asyncio
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.models.platform import Checkout, Discount, Item, Modifier
from clover_desk.services.common import UserFacingError
from clover_desk.services.customers import CardEntry
from clover_desk.services.merchant import Session
from clover_desk.services.sales import Cart, CartLine, OrderDetail
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import clover_code_label
from clover_desk.ui.money import format_amount, parse_amount
from clover_desk.ui.widgets import line_edit

__all__ = ["NewOrderDialog"]

#: Milliseconds to wait after the last change before asking Clover for totals.
PRICING_DELAY_MS = 250


def _named(widget: Any, name: str, accessible: str) -> Any:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class NewOrderDialog(QDialog):
    """Build, price, create and pay one order.

    Signals:
        order_done(OrderDetail): the order was created (and possibly paid).
    """

    order_done = Signal(object)

    def __init__(self, session: Session, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newOrderDialog")
        self.setWindowTitle(self.tr("New order"))
        self.resize(900, 620)
        self.session = session
        self.jobs = jobs
        self.cart = Cart()
        self.items: list[Item] = []
        self.discounts: list[Discount] = []
        self.checkout: Checkout | None = None
        self.created: OrderDetail | None = None
        self._pricing: asyncio.Task[Any] | None = None
        self._pricing_timer = QTimer(self)
        self._pricing_timer.setSingleShot(True)
        self._pricing_timer.setInterval(PRICING_DELAY_MS)
        self._pricing_timer.timeout.connect(self._price_now)

        # -- picking
        self.item_filter = line_edit(
            "itemFilter", self.tr("Filter items"), self.tr("Filter items…")
        )
        self.item_filter.textChanged.connect(self._filter_items)
        self.item_list = _named(QListWidget(), "itemList", self.tr("Inventory items"))
        self.item_list.currentRowChanged.connect(self._show_modifiers)
        self.modifier_list = _named(QListWidget(), "modifierList", self.tr("Modifiers"))
        self.quantity = _named(QSpinBox(), "quantity", self.tr("Quantity"))
        self.quantity.setRange(1, 99)
        self.line_discount = _named(QComboBox(), "lineDiscount", self.tr("Line discount"))
        self.add_button = _named(
            QPushButton(self.tr("&Add to order")), "addLineButton", self.tr("Add to order")
        )
        self.add_button.clicked.connect(self.add_current)
        pick = QVBoxLayout()
        pick.addWidget(self.item_filter)
        pick.addWidget(self.item_list, 2)
        pick.addWidget(QLabel(self.tr("Modifiers:")))
        pick.addWidget(self.modifier_list, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Qty")))
        row.addWidget(self.quantity)
        row.addWidget(self.line_discount, 1)
        pick.addLayout(row)
        pick.addWidget(self.add_button)

        # -- cart and totals
        self.cart_list = _named(QListWidget(), "cartList", self.tr("Order lines"))
        self.remove_button = _named(
            QPushButton(self.tr("Re&move line")), "removeLineButton", self.tr("Remove line")
        )
        self.remove_button.clicked.connect(self.remove_current)
        self.order_discount = _named(QComboBox(), "orderDiscount", self.tr("Order discount"))
        self.order_discount.currentIndexChanged.connect(self._order_discount_changed)
        self.subtotal_label = _named(QLabel(), "subtotalLabel", self.tr("Subtotal"))
        self.tax_label = _named(QLabel(), "taxLabel", self.tr("Tax"))
        self.total_label = _named(QLabel(), "totalLabel", self.tr("Total"))
        self.total_label.setProperty("role", "total")
        self.create_button = _named(
            QPushButton(self.tr("&Create order")), "createOrderButton", self.tr("Create order")
        )
        self.create_button.clicked.connect(
            lambda: self.jobs.run(self.tr("creating the order"), self.create_order())
        )
        totals = QFormLayout()
        totals.addRow(self.tr("Order discount:"), self.order_discount)
        totals.addRow(self.tr("Subtotal:"), self.subtotal_label)
        totals.addRow(self.tr("Tax:"), self.tax_label)
        totals.addRow(self.tr("Total:"), self.total_label)
        cart_box = QVBoxLayout()
        cart_box.addWidget(self.cart_list, 1)
        cart_box.addWidget(self.remove_button)
        cart_box.addLayout(totals)
        cart_box.addWidget(self.create_button)

        # -- payment
        self.pay_box = QGroupBox(self.tr("Payment"))
        self.pay_box.setObjectName("paymentBox")
        self.on_file_radio = _named(
            QRadioButton(self.tr("Card on &file")), "cardOnFileRadio", self.tr("Card on file")
        )
        self.new_card_radio = _named(
            QRadioButton(self.tr("New c&ard")), "newCardRadio", self.tr("New card")
        )
        self.new_card_radio.setChecked(True)
        self.customer_box = _named(
            QComboBox(), "payCustomer", self.tr("Customer with a card on file")
        )
        self.customer_box.setEditable(True)
        self.card_number = line_edit("cardNumber", self.tr("Card number"), self.tr("Card number"))
        self.card_expiry = line_edit("cardExpiry", self.tr("Card expiry"), self.tr("MM/YY"), 80)
        self.card_cvv = line_edit("cardCvv", self.tr("Card security code"), self.tr("CVV"), 60)
        self.card_cvv.setEchoMode(QLineEdit.EchoMode.Password)
        self.card_zip = line_edit("cardZip", self.tr("Postal code"), self.tr("ZIP"), 80)
        self.tip_edit = line_edit("tipAmount", self.tr("Tip"), "0.00", 100)
        self.email_edit = line_edit(
            "payEmail", self.tr("Receipt email"), self.tr("email (optional)")
        )
        self.pay_button = _named(
            QPushButton(self.tr("&Pay")), "payButton", self.tr("Pay the order")
        )
        self.pay_button.clicked.connect(
            lambda: self.jobs.run(self.tr("paying the order"), self.pay())
        )
        self.status_label = _named(QLabel(), "orderStatusLabel", self.tr("Order status"))
        self.status_label.setWordWrap(True)
        pay = QFormLayout(self.pay_box)
        pay.addRow(self.on_file_radio, self.customer_box)
        pay.addRow(self.new_card_radio)
        card_row = QHBoxLayout()
        for widget in (self.card_number, self.card_expiry, self.card_cvv, self.card_zip):
            card_row.addWidget(widget)
        pay.addRow(self.tr("Card:"), card_row)
        pay.addRow(self.tr("&Tip:"), self.tip_edit)
        pay.addRow(self.tr("Email:"), self.email_edit)
        pay.addRow(self.pay_button)
        self.pay_box.setEnabled(False)

        top = QHBoxLayout()
        top.addLayout(pick, 1)
        top.addLayout(cart_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.pay_box)
        layout.addWidget(self.status_label)
        self.close_button = _named(
            QPushButton(self.tr("Close")), "closeNewOrderButton", self.tr("Close")
        )
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self._show_totals()

    # -- loading ------------------------------------------------------------------------

    async def load(self) -> int:
        """Fill the inventory and discounts; returns the number of items."""
        self.items, self.discounts = await self.session.orders.inventory()
        self.item_list.clear()
        for item in self.items:
            entry = QListWidgetItem(
                f"{item.name} — {format_amount(item.price or 0, self.session.currency)}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.item_list.addItem(entry)
        for box in (self.line_discount, self.order_discount):
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("No discount"), None)
            for discount in self.discounts:
                box.addItem(self._discount_label(discount), discount.id)
            box.blockSignals(False)
        if self.items:
            self.item_list.setCurrentRow(0)
        return len(self.items)

    def set_customers(self, customers: list[tuple[str, str]]) -> None:
        """Offer these (customer id, label) pairs for paying with a card on file."""
        self.customer_box.clear()
        for customer_id, label in customers:
            self.customer_box.addItem(label, customer_id)

    def _discount_label(self, discount: Discount) -> str:
        if discount.percentage is not None:
            return f"{discount.name} ({discount.percentage}%)"
        return f"{discount.name} ({format_amount(discount.amount or 0, self.session.currency)})"

    def _filter_items(self, text: str) -> None:
        folded = text.casefold()
        for row in range(self.item_list.count()):
            entry = self.item_list.item(row)
            entry.setHidden(folded not in entry.text().casefold())

    def _current_item(self) -> Item | None:
        row = self.item_list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_modifiers(self, _row: int) -> None:
        self.modifier_list.clear()
        item = self._current_item()
        if item is None or item.modifier_groups is None:
            return
        for group in item.modifier_groups.elements:
            for modifier in group.modifiers.elements if group.modifiers else []:
                entry = QListWidgetItem(
                    f"{group.name}: {modifier.name} "
                    f"(+{format_amount(modifier.price or 0, self.session.currency)})"
                )
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Unchecked)
                entry.setData(Qt.ItemDataRole.UserRole, modifier)
                self.modifier_list.addItem(entry)

    def _checked_modifiers(self) -> list[Modifier]:
        chosen = []
        for row in range(self.modifier_list.count()):
            entry = self.modifier_list.item(row)
            if entry.checkState() == Qt.CheckState.Checked:
                chosen.append(entry.data(Qt.ItemDataRole.UserRole))
        return chosen

    def _discount(self, box: QComboBox) -> Discount | None:
        discount_id = box.currentData()
        return next((d for d in self.discounts if d.id == discount_id), None)

    # -- building the cart --------------------------------------------------------------

    def select_item(self, name: str) -> bool:
        """Make the item called ``name`` current (keyboard filter + tests)."""
        for row, item in enumerate(self.items):
            if item.name == name:
                self.item_list.setCurrentRow(row)
                return True
        return False

    def check_modifier(self, row: int) -> None:
        """Tick the modifier at ``row`` of the current item."""
        entry = self.modifier_list.item(row)
        if entry is not None:
            entry.setCheckState(Qt.CheckState.Checked)

    def add_current(self) -> None:
        """*Add to order*: the current item with its ticked modifiers and discount."""
        item = self._current_item()
        if item is None:
            return
        discount = self._discount(self.line_discount)
        self.cart.lines.append(
            CartLine(
                item=item,
                quantity=self.quantity.value(),
                modifiers=self._checked_modifiers(),
                discounts=[discount] if discount else [],
            )
        )
        self._cart_changed()

    def remove_current(self) -> None:
        """*Remove line*."""
        row = self.cart_list.currentRow()
        if 0 <= row < len(self.cart.lines):
            del self.cart.lines[row]
            self._cart_changed()

    def _order_discount_changed(self, _index: int) -> None:
        discount = self._discount(self.order_discount)
        self.cart.discounts = [discount] if discount else []
        self._cart_changed()

    def _cart_changed(self) -> None:
        self.cart_list.clear()
        for line in self.cart.lines:
            extras = ", ".join(m.name or "" for m in line.modifiers)
            discount = f" − {line.discounts[0].name}" if line.discounts else ""
            self.cart_list.addItem(
                f"{line.quantity} × {line.item.name}"
                f"{f' ({extras})' if extras else ''}{discount} — "
                f"{format_amount(line.unit_price * line.quantity, self.session.currency)}"
            )
        self.checkout = None
        self._show_totals()
        self._pricing_timer.start()

    # -- live totals ----------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Override QDialog::done: stop pricing; a closed dialog asks Clover nothing."""
        self._pricing_timer.stop()
        if self._pricing is not None and not self._pricing.done():
            self._pricing.cancel()
        super().done(result)

    def _price_now(self) -> None:
        if not self.isVisible() or not shiboken6.isValid(self.jobs):
            return
        if self._pricing is not None and not self._pricing.done():
            self._pricing.cancel()
        self._pricing = self.jobs.run(self.tr("pricing the order"), self.update_totals())

    async def update_totals(self) -> Checkout:
        """Ask Clover for the cart's totals and show them."""
        checkout = await self.session.orders.totals(self.cart)
        self.checkout = checkout
        self._show_totals()
        return checkout

    def _show_totals(self) -> None:
        currency = self.session.currency
        if self.checkout is None:
            estimate = format_amount(self.cart.estimate(), currency)
            self.subtotal_label.setText(
                self.tr("{amount} (pricing…)").format(amount=estimate)
                if not self.cart.empty
                else estimate
            )
            self.tax_label.setText("—")
            self.total_label.setText("—")
        else:
            self.subtotal_label.setText(format_amount(self.checkout.subtotal or 0, currency))
            self.tax_label.setText(format_amount(self.checkout.total_tax_amount or 0, currency))
            self.total_label.setText(format_amount(self.checkout.total or 0, currency))
        self.create_button.setEnabled(not self.cart.empty and self.created is None)

    # -- create and pay -----------------------------------------------------------------

    async def create_order(self) -> OrderDetail:
        """Create the order; then the payment box opens."""
        self.create_button.setEnabled(False)
        try:
            detail = await self.session.orders.create(self.cart)
        except BaseException:
            self.create_button.setEnabled(True)
            raise
        self.created = detail
        total = format_amount(detail.order.total or 0, self.session.currency)
        self.status_label.setText(
            self.tr("Order {order} created: {total}. Take the payment below.").format(
                order=detail.order.id, total=total
            )
        )
        self.pay_box.setEnabled(True)
        self.add_button.setEnabled(False)
        self.remove_button.setEnabled(False)
        self.order_done.emit(detail)
        return detail

    async def pay(self) -> OrderDetail:
        """Pay the created order with the chosen card and tip."""
        if self.created is None:
            raise RuntimeError("create the order before paying it")
        orders = self.session.orders
        currency = self.session.currency
        tip = parse_amount(self.tip_edit.text(), currency) if self.tip_edit.text().strip() else 0
        if tip is None:
            raise UserFacingError(
                self.tr("The tip is not an amount."), self.tr("Type it like 2.50.")
            )
        email = self.email_edit.text().strip() or None
        order_id = self.created.order.id
        problem = orders.payment_problem(
            on_file=self.on_file_radio.isChecked(),
            new_card=not self.on_file_radio.isChecked(),
            email=email,
            tip=tip,
        )
        if problem:
            raise UserFacingError(problem, self.tr("Correct it and press Pay again."))
        self.pay_button.setEnabled(False)
        try:
            if self.on_file_radio.isChecked():
                customer_id = (
                    self.customer_box.currentData() or self.customer_box.currentText().strip()
                )
                detail = await orders.pay(order_id, customer_id=customer_id, tip=tip, email=email)
            else:
                entry = CardEntry.from_text(
                    self.card_number.text(),
                    self.card_expiry.text(),
                    self.card_cvv.text(),
                    self.card_zip.text(),
                )
                # The form forgets the number and CVV at once; the entry is wiped by
                # the cards service after the token request.
                self.card_number.clear()
                self.card_cvv.clear()
                token = await self.session.cards.tokenize(entry)
                detail = await orders.pay(order_id, card_token=token.token, tip=tip, email=email)
        except BaseException:
            self.pay_button.setEnabled(True)
            raise
        self.created = detail
        state = detail.order.payment_state
        total = format_amount(detail.order.total or 0, currency)
        self.status_label.setText(
            self.tr("Order {order} is {state}: total {total}, tip {tip}.").format(
                order=order_id,
                state=clover_code_label(state.value).lower() if state else self.tr("updated"),
                total=total,
                tip=format_amount(tip, currency),
            )
        )
        self.order_done.emit(detail)
        return detail
