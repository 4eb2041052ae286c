"""Orders: search newest first, a full detail pane, *New order…* and *Return items…*."""

from __future__ import annotations

import asyncio
import enum
import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.models.platform import Order
from clover_desk.services.common import QT_TRANSLATE_NOOP, Feed
from clover_desk.services.history import OrderOrder, OrderRow
from clover_desk.services.sales import (
    OrderDetail,
    OrderFilter,
    OrderState,
    customer_names,
    order_state,
)
from clover_desk.ui.dates import format_when
from clover_desk.ui.feed_loader import FeedLoader
from clover_desk.ui.history_rows import ORDER_SORTS, AsOfLabel
from clover_desk.ui.history_rows import OrderColumn as StoredOrderColumn
from clover_desk.ui.history_rows import order_columns as stored_order_columns
from clover_desk.ui.i18n import tr_enum
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import clover_code_label
from clover_desk.ui.money import format_amount, format_money, parse_amount
from clover_desk.ui.naming import NOBODY, card_text, person_text
from clover_desk.ui.new_order_dialog import NewOrderDialog
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView
from clover_desk.ui.widgets import DateRange, DetailView, line_edit, named_button

__all__ = ["OrderColumn", "OrdersTab", "order_columns"]


class OrderColumn(enum.IntEnum):
    """Columns of the orders table."""

    CREATED = 0
    ORDER = 1
    TOTAL = 2
    STATE = 3
    CUSTOMER = 4
    PAYMENTS = 5
    TITLE = 6
    STAFF = 7


def _when(order: Order) -> str:
    return format_when(order.created_time)


def order_columns(
    currency: str = "USD",
    customer_of: Callable[[Order], str] = lambda o: person_text(customer_names(o)),
    staff_of: Callable[[Order], str] = lambda o: NOBODY,
) -> list[Column[Order]]:
    """The orders table's columns, in :class:`OrderColumn` order; ``customer_of`` and
    ``staff_of`` name the people (the tab asks the session's name book)."""
    columns: dict[OrderColumn, Column[Order]] = {
        OrderColumn.CREATED: Column(
            QCoreApplication.translate("OrdersTab", "Created"), _when, lambda o: o.created_time
        ),
        OrderColumn.ORDER: Column(QCoreApplication.translate("OrdersTab", "Order"), lambda o: o.id),
        OrderColumn.TOTAL: Column(
            QCoreApplication.translate("OrdersTab", "Total"),
            lambda o: format_amount(o.total or 0, o.currency or currency),
            lambda o: o.total or 0,
            align_right=True,
        ),
        OrderColumn.STATE: Column(
            QCoreApplication.translate("OrdersTab", "State"), lambda o: tr_enum(order_state(o))
        ),
        OrderColumn.CUSTOMER: Column(
            QCoreApplication.translate("OrdersTab", "Customer"),
            customer_of,
            tooltip=lambda o: ", ".join(_customer_ids(o)),
        ),
        OrderColumn.PAYMENTS: Column(
            QCoreApplication.translate("OrdersTab", "Payments"),
            lambda o: str(len(o.payments.elements)) if o.payments else "0",
            lambda o: len(o.payments.elements) if o.payments else 0,
            align_right=True,
        ),
        OrderColumn.TITLE: Column(
            QCoreApplication.translate("OrdersTab", "Title / note"),
            lambda o: o.title or o.note or "",
        ),
        OrderColumn.STAFF: Column(QCoreApplication.translate("OrdersTab", "Staff"), staff_of),
    }
    return [columns[c] for c in OrderColumn]


class OrdersTab(Tab):
    """The Orders tab.

    Signals:
        return_requested(str): *Return items…* on this order id (the window opens the
            refund wizard on the order's charge).
    """

    return_requested = Signal(str)

    key = "orders"
    title = QT_TRANSLATE_NOOP("MainWindow", "&Orders")
    search_edit: QLineEdit
    table: RowTableView

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("ordersTab")
        self.detail: OrderDetail | None = None
        self._wanted: str | None = None
        self.new_order_dialog: NewOrderDialog | None = None

        self.search_edit = line_edit(
            "orderSearch", self.tr("Search orders"), self.tr("Order id, customer, note…")
        )
        self.search_edit.returnPressed.connect(self.search)
        self.state_box = QComboBox()
        self.state_box.setObjectName("orderState")
        self.state_box.setAccessibleName(self.tr("Order state"))
        for state in OrderState:
            self.state_box.addItem(tr_enum(state), state)
        self.dates = DateRange("orderDates")
        self.min_total = line_edit("orderMinTotal", self.tr("Minimum total"), self.tr("Min"), 80)
        self.max_total = line_edit("orderMaxTotal", self.tr("Maximum total"), self.tr("Max"), 80)
        self.search_button = named_button(
            self.tr("&Search"), "orderSearchButton", self.tr("Search orders")
        )
        self.search_button.clicked.connect(self.search)
        self.new_order_button = named_button(
            self.tr("&New order…"), "newOrderButton", self.tr("New order")
        )
        self.new_order_button.setToolTip(self.tr("Build, price, create and pay an order (Ctrl+N)"))
        self.new_order_button.clicked.connect(self.new_order)

        filters = QHBoxLayout()
        for widget in (
            self.search_edit,
            self.state_box,
            self.dates,
            self.min_total,
            self.max_total,
            self.search_button,
            self.new_order_button,
        ):
            filters.addWidget(widget)

        self.model: RowTableModel[Order] = RowTableModel(
            order_columns(customer_of=self._customer_text, staff_of=self._staff_text),
            lambda o: o.id,
            self,
        )
        self.table = RowTableView(self.model, "ordersTable", self.tr("Orders"))
        self.table.allow_many()
        self.table.set_empty_text(
            self.tr(
                "No orders match. Clear the filters or widen the dates, then Search; "
                "New order… rings one up."
            )
        )
        self.table.open_requested.connect(self._open_row)
        self.table.row_selected.connect(self._open_row)
        self.loader = FeedLoader(self.model, jobs, self.tr("orders"), self._page, self)
        self.loader.first_page_shown.connect(self.table.fit_columns)
        # Once the local history is synced, the table shows stored rows (same ids, read
        # from SQLite on a worker thread); the detail pane still reads Clover.
        # Sorted by the store (an SQL ORDER BY, paged like a search), not in the model:
        # 100,000 stored orders are never all in memory, nor sorted on the GUI thread.
        self.stored_model: RowTableModel[OrderRow] = RowTableModel(
            stored_order_columns(), lambda o: o.id, self, sorts_itself=False
        )
        self.stored_order = OrderOrder()
        self.stored_model.sort_requested.connect(self.sort_stored)
        self.stored_loader = FeedLoader(
            self.stored_model, jobs, self.tr("stored orders"), self._stored_page, self
        )
        self.stored_loader.first_page_shown.connect(self.table.fit_columns)
        self.as_of_label = AsOfLabel("ordersAsOf")
        self.as_of_label.setVisible(False)

        self.detail_view = DetailView("orderDetail", self.tr("Order detail"))
        self.return_button = named_button(
            self.tr("&Return items…"), "returnItemsButton", self.tr("Return items")
        )
        self.return_button.setEnabled(False)
        self.return_button.clicked.connect(self.return_items)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(QLabel(self.tr("<b>Order detail</b>")))
        detail_layout.addWidget(self.detail_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.as_of_label)
        layout.addWidget(splitter, 1)

    # -- Tab hooks ----------------------------------------------------------------------

    async def reload(self) -> int:
        """Search again with the current filters: from the local history once it has been
        synced (fast, offline, *as of* its last sync), else live from Clover."""
        session = self.require_session()
        filters = self.filters()
        if session.history.available:
            self.as_of_label.set_as_of(session.history.as_of)
            self.as_of_label.setVisible(True)
            self.table.setModel(self.stored_model)
            return await self.stored_loader.load(
                session.history.search_orders_filtered(filters, self.stored_order)
            )
        self.as_of_label.setVisible(False)
        self.table.setModel(self.model)
        return await self.loader.load(session.orders.search(filters))

    def row_count(self) -> int:
        """Override Tab.row_count: rows of whichever table is shown."""
        return self.table.model().rowCount()

    def sort_stored(self, column: int, descending: bool) -> asyncio.Task[int] | None:
        """A header click on the stored orders: read them again in that order."""
        order = OrderOrder(ORDER_SORTS[StoredOrderColumn(column)], descending)
        if order == self.stored_order:
            return None
        self.stored_order = order
        return self.jobs.run(self.tr("sorting orders"), self.reload())

    async def _stored_page(self, feed: Feed[OrderRow]) -> list[OrderRow]:
        return await self.require_session().history.page(feed)

    # -- search -------------------------------------------------------------------------

    def filters(self) -> OrderFilter:
        """The search as typed."""
        currency = self.session.currency if self.session else "USD"
        start, end = self.dates.range()
        state = self.state_box.currentData()
        return OrderFilter(
            text=self.search_edit.text().strip(),
            # Qt hands a StrEnum back as its plain string value.
            state=OrderState(state) if state else OrderState.ANY,
            created_from=start,
            created_to=end,
            min_total=parse_amount(self.min_total.text(), currency),
            max_total=parse_amount(self.max_total.text(), currency),
        )

    def search(self) -> None:
        """Run the search."""
        self.jobs.run(self.tr("searching orders"), self.reload())

    async def _page(self, feed: Feed[Order]) -> list[Order]:
        session = self.require_session()
        orders = await session.orders.page(feed)
        session.names.remember(
            c for o in orders for c in (o.customers.elements if o.customers else [])
        )
        # The rows show at once; nameless customers (expanded customers carry names but
        # not emails) and the staff's names follow as they are read.
        ids = [i for o in orders for i in _customer_ids(o)]
        self.jobs.run(self.tr("reading customer and staff names"), self._name_people(ids))
        return orders

    async def _name_people(self, ids: list[str]) -> None:
        names = self.require_session().names
        await asyncio.gather(names.learn_customers(ids), names.learn_staff())
        self.model.refresh_column(OrderColumn.CUSTOMER)
        self.model.refresh_column(OrderColumn.STAFF)

    def _customer_text(self, order: Order) -> str:
        named = customer_names(order)
        if named or self.session is None:
            return person_text(named)
        known = (self.session.names.customer(i) for i in _customer_ids(order))
        return person_text(", ".join(n for n in known if n))

    def _staff_text(self, order: Order) -> str:
        if self.session is None or order.employee is None:
            return NOBODY
        return person_text(self.session.names.employee(order.employee.id))

    # -- detail -------------------------------------------------------------------------

    def selected_order_ids(self) -> list[str]:
        """The orders selected in the table, top to bottom (for a batch refund)."""
        shown = self.stored_model if self.table.model() is self.stored_model else self.model
        rows = (shown.row_at(row) for row in self.table.selected_rows())
        return [order.id for order in rows if order is not None]

    def _open_row(self, row: int) -> None:
        shown = self.stored_model if self.table.model() is self.stored_model else self.model
        order = shown.row_at(row)
        if order is not None:
            self.jobs.run(self.tr("loading the order"), self.show_detail(order.id))

    async def show_detail(self, order_id: str) -> OrderDetail:
        """Load and show one order (unless another row was chosen meanwhile)."""
        self._wanted = order_id
        detail = await self.require_session().orders.detail(order_id)
        if self._wanted == order_id:
            self.show_order(detail)
        return detail

    def show_order(self, detail: OrderDetail) -> None:
        """Show ``detail`` in the pane."""
        self.detail = detail
        self.detail_view.setHtml(order_html(detail))
        self.return_button.setEnabled(detail.can_return)

    # -- actions ------------------------------------------------------------------------

    def new_order(self) -> None:
        """*New order…* (Ctrl+N)."""
        session = self.require_session()
        dialog = NewOrderDialog(session, self.jobs, self)
        dialog.order_done.connect(self._order_done)
        self.new_order_dialog = dialog
        dialog.open()
        self.jobs.run(self.tr("loading inventory"), dialog.load())

    def _order_done(self, detail: OrderDetail) -> None:
        self.show_order(detail)
        self.search()

    def return_items(self) -> None:
        """*Return items…* on the paid order in the detail pane: the refund wizard, on the
        order's charge, starting with its line items (the window opens it)."""
        if self.detail is None or not self.detail.can_return:
            return
        self.return_requested.emit(self.detail.order.id)

    def return_done(self, order_id: str) -> None:
        """Items of ``order_id`` were refunded: show the order as Clover has it now."""
        self.jobs.run(self.tr("loading the order"), self.show_detail(order_id))


def order_html(detail: OrderDetail) -> str:
    """The detail pane's text: lines with modifiers and discounts, money, payments."""
    order = detail.order
    currency = order.currency or detail.currency

    def money(amount: int | None) -> str:
        return format_amount(amount or 0, currency)

    no_customer = QCoreApplication.translate("OrdersTab", "no customer")
    out = [
        QCoreApplication.translate("OrdersTab", "<h3>Order {order}</h3>").format(order=order.id)
        + f"<p>{html.escape(tr_enum(order_state(order)))} · "
        f"{_when(order)} · {html.escape(customer_names(order) or no_customer)}</p>",
        _ids_line(order),
        QCoreApplication.translate(
            "OrdersTab",
            "<table cellspacing=3 width=100%><tr><th align=left>Item</th>"
            "<th align=right>Price</th></tr>",
        ),
    ]
    returned = QCoreApplication.translate("OrdersTab", " <i>(returned)</i>")
    for li in detail.line_items:
        flag = returned if li.refunded else ""
        name = li.name or QCoreApplication.translate("OrdersTab", "Item")
        out.append(
            f"<tr><td>{html.escape(name)}{flag}</td><td align=right>{money(li.price)}</td></tr>"
        )
        for mod in li.modifications.elements if li.modifications else []:
            mod_name = mod.name or QCoreApplication.translate("OrdersTab", "modifier")
            out.append(
                f"<tr><td>&nbsp;&nbsp;+ {html.escape(mod_name)}</td>"
                f"<td align=right>{money(mod.amount)}</td></tr>"
            )
        for disc in li.discounts.elements if li.discounts else []:
            off = _discount_text(disc.amount, disc.percentage, currency)
            disc_name = disc.name or QCoreApplication.translate("OrdersTab", "discount")
            out.append(
                f"<tr><td>&nbsp;&nbsp;− {html.escape(disc_name)}</td>"
                f"<td align=right>{off}</td></tr>"
            )
    for disc in order.discounts.elements if order.discounts else []:
        label = QCoreApplication.translate("OrdersTab", "Order discount: {name}").format(
            name=html.escape(disc.name or "")
        )
        out.append(
            f"<tr><td>{label}</td>"
            f"<td align=right>{_discount_text(disc.amount, disc.percentage, currency)}</td></tr>"
        )
    out.append("</table><table cellspacing=3>")
    for label, value in (
        (QCoreApplication.translate("OrdersTab", "Tax"), format_money(detail.tax)),
        (QCoreApplication.translate("OrdersTab", "Tip"), format_money(detail.tip)),
        (QCoreApplication.translate("OrdersTab", "Total"), format_money(detail.total)),
        (QCoreApplication.translate("OrdersTab", "Refunded"), format_money(detail.refunded)),
    ):
        out.append(f"<tr><td><b>{label}</b></td><td align=right>{value}</td></tr>")
    out.append(QCoreApplication.translate("OrdersTab", "</table><h4>Payments</h4>"))
    payments = order.payments.elements if order.payments else []
    if not payments:
        out.append(QCoreApplication.translate("OrdersTab", "<p>No payments.</p>"))
    for p in payments:
        card = p.card_transaction
        card_label = (
            card_text(card.card_type.value if card.card_type else None, card.last4) if card else ""
        )
        card_part = f" · {html.escape(card_label)}" if card_label else ""
        out.append(
            QCoreApplication.translate(
                "OrdersTab", "<p>{payment}: {amount} (tip {tip}, tax {tax}) {result}{card}</p>"
            ).format(
                payment=p.id,
                amount=money(p.amount),
                tip=money(p.tip_amount),
                tax=money(p.tax_amount),
                result=clover_code_label(p.result.value) if p.result else "",
                card=card_part,
            )
        )
    refunds = order.refunds.elements if order.refunds else []
    out.append(QCoreApplication.translate("OrdersTab", "<h4>Refunds</h4>"))
    if not refunds:
        out.append(QCoreApplication.translate("OrdersTab", "<p>No refunds.</p>"))
    for r in refunds:
        out.append(f"<p>{r.id}: {money(r.amount)} {html.escape(r.reason or '')}</p>")
    return "".join(out)


def _ids_line(order: Order) -> str:
    """The ids staff may need to quote (selectable, so they copy)."""
    parts = [QCoreApplication.translate("OrdersTab", "Order id: {id}").format(id=order.id)]
    ids = _customer_ids(order)
    if ids:
        label = QCoreApplication.translate("OrdersTab", "Customer id: {ids}")
        parts.append(label.format(ids=", ".join(ids)))
    return f"<p>{html.escape(' · '.join(parts))}</p>"


def _customer_ids(order: Order) -> list[str]:
    return [c.id for c in order.customers.elements] if order.customers else []


def _discount_text(amount: int | None, percentage: int | None, currency: str) -> str:
    if percentage is not None:
        return f"{percentage}%"
    return format_amount(amount or 0, currency)
