"""Customers & cards on file: search, create, edit, add and revoke cards, their charges."""

from __future__ import annotations

import enum
import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.models.platform import V3Card, V3Customer
from clover_desk.services.common import QT_TRANSLATE_NOOP, Feed
from clover_desk.services.customers import CardEntry, CustomerDetail, active_cards, display_name
from clover_desk.ui.customer_dialogs import AddCardDialog, CustomerDialog
from clover_desk.ui.dates import format_day, format_when
from clover_desk.ui.feed_loader import FeedLoader
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.money import format_amount
from clover_desk.ui.naming import card_text
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView
from clover_desk.ui.widgets import DetailView, line_edit, named_button

__all__ = ["CustomerColumn", "CustomersTab"]


class CustomerColumn(enum.IntEnum):
    """Columns of the customers table."""

    NAME = 0
    EMAIL = 1
    PHONE = 2
    CARDS = 3
    SINCE = 4


def customer_columns() -> list[Column[V3Customer]]:
    """The customers table's columns, in :class:`CustomerColumn` order."""
    columns: dict[CustomerColumn, Column[V3Customer]] = {
        CustomerColumn.NAME: Column(
            QCoreApplication.translate("CustomersTab", "Name"), display_name
        ),
        CustomerColumn.EMAIL: Column(
            QCoreApplication.translate("CustomersTab", "Email"),
            lambda c: c.emails[0] if c.emails else "",
        ),
        CustomerColumn.PHONE: Column(
            QCoreApplication.translate("CustomersTab", "Phone"),
            lambda c: c.phones[0] if c.phones else "",
        ),
        CustomerColumn.CARDS: Column(
            QCoreApplication.translate("CustomersTab", "Cards on file"),
            lambda c: ", ".join(f"•••• {card.last4}" for card in active_cards(c)),
            lambda c: len(active_cards(c)),
        ),
        CustomerColumn.SINCE: Column(
            QCoreApplication.translate("CustomersTab", "Customer since"),
            lambda c: format_day(c.customer_since) if c.customer_since else "",
            lambda c: c.customer_since,
        ),
    }
    return [columns[c] for c in CustomerColumn]


class CustomersTab(Tab):
    """The Customers & cards tab."""

    key = "customers"
    title = QT_TRANSLATE_NOOP("MainWindow", "C&ustomers && cards")
    search_edit: QLineEdit
    table: RowTableView

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("customersTab")
        self.detail: CustomerDetail | None = None
        self._wanted: str | None = None
        self.customer_dialog: CustomerDialog | None = None
        self.card_dialog: AddCardDialog | None = None

        self.search_edit = line_edit(
            "customerSearch", self.tr("Search customers"), self.tr("Name, email, phone…")
        )
        self.search_edit.returnPressed.connect(self.search)
        self.search_button = named_button(
            self.tr("&Search"), "customerSearchButton", self.tr("Search customers")
        )
        self.search_button.clicked.connect(self.search)
        self.new_button = named_button(
            self.tr("&New customer…"), "newCustomerButton", self.tr("New customer")
        )
        self.new_button.clicked.connect(self.new_customer)
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.search_button)
        bar.addWidget(self.new_button)

        self.model: RowTableModel[V3Customer] = RowTableModel(
            customer_columns(), lambda c: c.id, self
        )
        self.table = RowTableView(self.model, "customersTable", self.tr("Customers"))
        self.table.set_empty_text(
            self.tr(
                "No customers match. Try part of a name, an email or a phone number, "
                "or add one with New customer…"
            )
        )
        self.table.open_requested.connect(self._open_row)
        self.table.row_selected.connect(self._open_row)
        self.loader = FeedLoader(self.model, jobs, self.tr("customers"), self._page, self)
        self.loader.first_page_shown.connect(self.table.fit_columns)

        self.detail_view = DetailView("customerDetail", self.tr("Customer detail"))
        self.edit_button = named_button(
            self.tr("&Edit…"), "editCustomerButton", self.tr("Edit customer")
        )
        self.edit_button.clicked.connect(self.edit_customer)
        self.add_card_button = named_button(
            self.tr("Add &card…"), "addCardButton", self.tr("Add a card on file")
        )
        self.add_card_button.clicked.connect(self.add_card)
        self.card_box = QComboBox()
        self.card_box.setObjectName("cardChoice")
        self.card_box.setAccessibleName(self.tr("Card on file"))
        self.revoke_button = named_button(
            self.tr("Re&voke card"), "revokeCardButton", self.tr("Revoke the card")
        )
        self.revoke_button.clicked.connect(self.revoke_card)
        for button in (self.edit_button, self.add_card_button, self.revoke_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        for widget in (self.edit_button, self.add_card_button, self.card_box, self.revoke_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(QLabel(self.tr("<b>Customer detail</b>")))
        detail_layout.addWidget(self.detail_view, 1)
        detail_layout.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    # -- Tab hooks ----------------------------------------------------------------------

    async def reload(self) -> int:
        """Search again."""
        session = self.require_session()
        return await self.loader.load(session.customers.search(self.search_edit.text()))

    def search(self) -> None:
        """Run the search."""
        self.jobs.run(self.tr("searching customers"), self.reload())

    async def _page(self, feed: Feed[V3Customer]) -> list[V3Customer]:
        return await self.require_session().customers.page(feed)

    # -- detail -------------------------------------------------------------------------

    def _open_row(self, row: int) -> None:
        customer = self.model.row_at(row)
        if customer is not None:
            self.jobs.run(self.tr("loading the customer"), self.show_detail(customer.id))

    async def show_detail(self, customer_id: str) -> CustomerDetail:
        """Load and show one customer (unless another row was chosen meanwhile)."""
        self._wanted = customer_id
        detail = await self.require_session().customers.detail(customer_id)
        if self._wanted == customer_id:
            self.show_customer(detail)
        return detail

    def show_customer(self, detail: CustomerDetail) -> None:
        """Render ``detail``."""
        self.detail = detail
        c = detail.customer
        out = [f"<h3>{html.escape(display_name(c))}</h3><p>{c.id}</p>"]
        out.append(
            self.tr("<p><b>Email:</b> {emails}<br>").format(
                emails=html.escape(", ".join(c.emails) or "—")
            )
        )
        out.append(
            self.tr("<b>Phone:</b> {phones}</p>").format(
                phones=html.escape(", ".join(c.phones) or "—")
            )
        )
        addresses = c.addresses.elements if c.addresses else []
        out.append(self.tr("<h4>Addresses</h4>"))
        out.extend(
            f"<p>{html.escape(', '.join(p for p in (a.address1, a.city, a.state, a.zip) if p))}</p>"
            for a in addresses
        )
        if not addresses:
            out.append(self.tr("<p>None.</p>"))
        out.append(self.tr("<h4>Cards on file</h4>"))
        out.extend(
            self.tr("<p>{card} (expires {expiry})</p>").format(
                card=html.escape(card_text(_brand(card), card.last4)),
                expiry=card.expiration_date or "?",
            )
            for card in detail.cards
        )
        if not detail.cards:
            out.append(self.tr("<p>None.</p>"))
        out.append(self.tr("<h4>Charges</h4>"))
        for charge in detail.charges:
            when = format_when(charge.created)
            out.append(
                self.tr("<p>{when} {charge}: {amount} (order {order})</p>").format(
                    when=when,
                    charge=charge.id,
                    amount=format_amount(charge.amount, charge.currency),
                    order=charge.order or "—",
                )
            )
        if not detail.charges:
            out.append(self.tr("<p>None.</p>"))
        out.append(
            self.tr("<h4>Orders</h4><p>{orders}</p>").format(
                orders=", ".join(detail.order_ids) or self.tr("None.")
            )
        )
        self.detail_view.setHtml("".join(out))
        self.card_box.clear()
        for card in detail.cards:
            self.card_box.addItem(f"•••• {card.last4}", card.id)
        self.edit_button.setEnabled(True)
        self.add_card_button.setEnabled(True)
        self.revoke_button.setEnabled(bool(detail.cards))
        self.model.replace_row(c)

    # -- actions ------------------------------------------------------------------------

    def new_customer(self) -> None:
        """*New customer…*."""
        dialog = CustomerDialog(None, self)
        dialog.accepted.connect(
            lambda: self.jobs.run(self.tr("creating the customer"), self._create(dialog))
        )
        self.customer_dialog = dialog
        dialog.open()

    async def _create(self, dialog: CustomerDialog) -> CustomerDetail:
        detail = await self.require_session().customers.create(dialog.form())
        self.show_customer(detail)
        self.search_edit.setText(display_name(detail.customer))
        await self.reload()
        return detail

    def edit_customer(self) -> None:
        """*Edit…* the customer in the detail pane."""
        if self.detail is None:
            return
        dialog = CustomerDialog(self.detail.customer, self)
        customer_id = self.detail.customer.id
        dialog.accepted.connect(
            lambda: self.jobs.run(self.tr("saving the customer"), self._edit(customer_id, dialog))
        )
        self.customer_dialog = dialog
        dialog.open()

    async def _edit(self, customer_id: str, dialog: CustomerDialog) -> CustomerDetail:
        detail = await self.require_session().customers.edit(customer_id, dialog.form())
        self.show_customer(detail)
        return detail

    def add_card(self) -> None:
        """*Add card…*."""
        if self.detail is None:
            return
        dialog = AddCardDialog(display_name(self.detail.customer), self)
        customer_id = self.detail.customer.id
        dialog.accepted.connect(lambda: self._card_typed(customer_id, dialog))
        self.card_dialog = dialog
        dialog.open()

    def _card_typed(self, customer_id: str, dialog: AddCardDialog) -> None:
        entry = dialog.take_entry()
        if entry is not None:
            self.jobs.run(self.tr("adding the card"), self._add_card(customer_id, entry))

    async def _add_card(self, customer_id: str, entry: CardEntry) -> CustomerDetail:
        detail = await self.require_session().customers.add_card(customer_id, entry)
        self.show_customer(detail)
        return detail

    def revoke_card(self) -> None:
        """*Revoke card*: forget the chosen card on file."""
        if self.detail is None or self.card_box.currentData() is None:
            return
        self.jobs.run(
            self.tr("revoking the card"),
            self._revoke(self.detail.customer.id, str(self.card_box.currentData())),
        )

    async def _revoke(self, customer_id: str, card_id: str) -> CustomerDetail:
        detail = await self.require_session().customers.revoke_card(customer_id, card_id)
        self.show_customer(detail)
        return detail


def _brand(card: V3Card) -> str | None:
    return card.card_type.value if card.card_type else None
