"""Charges & refunds: filter, page through, see refunds so far, capture, refund."""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.models.ecommerce import Charge
from clover_desk.services.common import QT_TRANSLATE_NOOP, Feed
from clover_desk.services.sales import ChargeDetail, ChargeFilter, ChargeState, charge_state
from clover_desk.services.sales import last4_of as card_last4
from clover_desk.ui.dates import format_when
from clover_desk.ui.feed_loader import FeedLoader
from clover_desk.ui.history_rows import AsOfLabel
from clover_desk.ui.i18n import tr_enum
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import clover_code_label, refund_reason_label
from clover_desk.ui.money import format_amount, format_money, parse_amount
from clover_desk.ui.naming import NOBODY, card_text, person_text
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView
from clover_desk.ui.widgets import DateRange, DetailView, line_edit

__all__ = ["ChargeColumn", "ChargesTab", "charge_columns"]


class ChargeColumn(enum.IntEnum):
    """Columns of the charges table."""

    CREATED = 0
    CHARGE = 1
    AMOUNT = 2
    REFUNDED = 3
    STATE = 4
    CARD = 5
    CUSTOMER = 6
    ORDER = 7


def _when(charge: Charge) -> str:
    return format_when(charge.created)


def charge_columns(
    customer_of: Callable[[Charge], str] = lambda c: NOBODY,
) -> list[Column[Charge]]:
    """The charges table's columns, in :class:`ChargeColumn` order; ``customer_of``
    names a charge's customer (the tab asks the session's name book)."""
    columns: dict[ChargeColumn, Column[Charge]] = {
        ChargeColumn.CREATED: Column(
            QCoreApplication.translate("ChargesTab", "Created"), _when, lambda c: c.created
        ),
        ChargeColumn.CHARGE: Column(
            QCoreApplication.translate("ChargesTab", "Charge"), lambda c: c.id
        ),
        ChargeColumn.AMOUNT: Column(
            QCoreApplication.translate("ChargesTab", "Amount"),
            lambda c: format_amount(c.amount, c.currency),
            lambda c: c.amount,
            align_right=True,
        ),
        ChargeColumn.REFUNDED: Column(
            QCoreApplication.translate("ChargesTab", "Refunded"),
            lambda c: format_amount(c.amount_refunded, c.currency) if c.amount_refunded else "",
            lambda c: c.amount_refunded,
            align_right=True,
        ),
        ChargeColumn.STATE: Column(
            QCoreApplication.translate("ChargesTab", "Status"), lambda c: tr_enum(charge_state(c))
        ),
        ChargeColumn.CARD: Column(
            QCoreApplication.translate("ChargesTab", "Card"),
            lambda c: card_text(_brand_code(c), card_last4(c)),
        ),
        ChargeColumn.CUSTOMER: Column(
            QCoreApplication.translate("ChargesTab", "Customer"),
            customer_of,
            tooltip=lambda c: c.customer or "",
        ),
        ChargeColumn.ORDER: Column(
            QCoreApplication.translate("ChargesTab", "Order"), lambda c: c.order or ""
        ),
    }
    return [columns[c] for c in ChargeColumn]


class ChargesTab(Tab):
    """The Charges & refunds tab.

    Signals:
        refund_requested(str): *Refund…* on this charge id (the window opens the wizard).
    """

    refund_requested = Signal(str)

    key = "charges"
    title = QT_TRANSLATE_NOOP("MainWindow", "&Charges && refunds")
    search_edit: QLineEdit
    table: RowTableView

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("chargesTab")
        self.detail: ChargeDetail | None = None
        self._wanted: str | None = None

        self.search_edit = line_edit(
            "chargeSearch", self.tr("Search charges"), self.tr("Charge id, order id…")
        )
        self.state_box = QComboBox()
        self.state_box.setObjectName("chargeState")
        self.state_box.setAccessibleName(self.tr("Charge status"))
        for state in ChargeState:
            self.state_box.addItem(tr_enum(state), state)
        self.dates = DateRange("chargeDates")
        self.min_amount = line_edit(
            "chargeMinAmount", self.tr("Minimum amount"), self.tr("Min"), 80
        )
        self.max_amount = line_edit(
            "chargeMaxAmount", self.tr("Maximum amount"), self.tr("Max"), 80
        )
        self.customer_edit = line_edit(
            "chargeCustomer", self.tr("Customer id"), self.tr("Customer id"), 140
        )
        self.last4_edit = line_edit("chargeLast4", self.tr("Card last 4"), self.tr("Last 4"), 70)
        self.last4_edit.setMaxLength(4)
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setObjectName("chargeSearchButton")
        self.search_button.setAccessibleName(self.tr("Search charges"))
        self.search_button.clicked.connect(self.search)
        self.search_edit.returnPressed.connect(self.search)

        filters = QHBoxLayout()
        for widget in (
            self.search_edit,
            self.state_box,
            self.dates,
            self.min_amount,
            self.max_amount,
            self.customer_edit,
            self.last4_edit,
            self.search_button,
        ):
            filters.addWidget(widget)

        self.model: RowTableModel[Charge] = RowTableModel(
            charge_columns(self._customer_text), lambda c: c.id, self
        )
        self.table = RowTableView(self.model, "chargesTable", self.tr("Charges"))
        self.table.allow_many()
        self.table.set_empty_text(
            self.tr("No charges match. Clear the filters or widen the dates, then Search.")
        )
        self.table.open_requested.connect(self._open_row)
        self.table.row_selected.connect(self._open_row)
        self.loader = FeedLoader(self.model, jobs, self.tr("charges"), self._page, self)
        self.loader.first_page_shown.connect(self.table.fit_columns)

        self.as_of_label = AsOfLabel("chargesAsOf")
        self.as_of_label.setVisible(False)
        self.detail_view = DetailView("chargeDetail", self.tr("Charge detail"))
        self.capture_button = QPushButton(self.tr("Ca&pture"))
        self.capture_button.setObjectName("captureButton")
        self.capture_button.setAccessibleName(self.tr("Capture the authorized charge"))
        self.capture_button.setToolTip(self.tr("Capture this authorization (Ctrl+Shift+C)"))
        self.capture_button.clicked.connect(self.capture_selected)
        self.refund_button = QPushButton(self.tr("&Refund…"))
        self.refund_button.setObjectName("refundButton")
        self.refund_button.setAccessibleName(self.tr("Refund the charge"))
        self.refund_button.setToolTip(self.tr("Refund this charge (Ctrl+R)"))
        self.refund_button.clicked.connect(self.refund_selected)
        self.capture_button.setEnabled(False)
        self.refund_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.capture_button)
        buttons.addWidget(self.refund_button)
        buttons.addStretch(1)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(QLabel(self.tr("<b>Charge detail</b>")))
        detail_layout.addWidget(self.detail_view, 1)
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
            return await self.loader.load(session.history.search_charges(filters))
        self.as_of_label.setVisible(False)
        return await self.loader.load(session.charges.search(filters))

    # -- filters ------------------------------------------------------------------------

    def filters(self) -> ChargeFilter:
        """The filters as typed."""
        currency = self.session.currency if self.session else "USD"
        start, end = self.dates.range()
        state = self.state_box.currentData()
        return ChargeFilter(
            text=self.search_edit.text().strip(),
            # Qt hands a StrEnum back as its plain string value.
            state=ChargeState(state) if state else ChargeState.ANY,
            created_from=start,
            created_to=end,
            min_amount=parse_amount(self.min_amount.text(), currency),
            max_amount=parse_amount(self.max_amount.text(), currency),
            customer=self.customer_edit.text().strip(),
            last4=self.last4_edit.text().strip(),
        )

    def search(self) -> None:
        """Run the search (Enter in the search box, *Search*)."""
        self.jobs.run(self.tr("searching charges"), self.reload())

    async def _page(self, feed: Feed[Charge]) -> list[Charge]:
        charges = await self.require_session().charges.page(feed)
        # The rows show at once; their customers' names follow as they are read.
        ids = [c.customer for c in charges if c.customer]
        self.jobs.run(self.tr("reading customer names"), self._name_customers(ids))
        return charges

    async def _name_customers(self, ids: list[str]) -> None:
        await self.require_session().names.learn_customers(ids)
        self.model.refresh_column(ChargeColumn.CUSTOMER)

    def _customer_text(self, charge: Charge) -> str:
        if self.session is None:
            return NOBODY
        return person_text(self.session.names.customer(charge.customer))

    # -- detail -------------------------------------------------------------------------

    def _open_row(self, row: int) -> None:
        charge = self.model.row_at(row)
        if charge is not None:
            self.jobs.run(self.tr("loading the charge"), self.show_detail(charge.id))

    async def show_detail(self, charge_id: str) -> ChargeDetail:
        """Load and show one charge with its refunds (unless another row was chosen
        meanwhile: arrowing down a table must not leave an older charge shown)."""
        self._wanted = charge_id
        detail = await self.require_session().charges.detail(charge_id)
        if self._wanted == charge_id:
            self._render(detail)
        return detail

    def _render(self, detail: ChargeDetail) -> None:
        self.detail = detail
        self.model.replace_row(detail.charge)
        c = detail.charge
        rows = [
            (self.tr("Charge"), c.id),
            (self.tr("Created"), _when(c)),
            (self.tr("Status"), tr_enum(charge_state(c))),
            (self.tr("Amount"), format_amount(c.amount, c.currency)),
            (self.tr("Tax"), format_amount(c.tax_amount, c.currency) if c.tax_amount else "—"),
            (self.tr("Tip"), format_amount(c.tip_amount, c.currency) if c.tip_amount else "—"),
            (self.tr("Card"), card_text(_brand_code(c), card_last4(c)) or NOBODY),
            (self.tr("Customer"), self._customer_text(c)),
            (self.tr("Customer id"), c.customer or NOBODY),
            (self.tr("Order"), c.order or "—"),
            (self.tr("Refunded so far"), format_money(detail.refunded)),
            (self.tr("Left to refund"), format_money(detail.refundable)),
        ]
        html = ["<table cellspacing=4>"]
        html += [f"<tr><td><b>{k}</b></td><td>{_esc(v)}</td></tr>" for k, v in rows]
        html.append(self.tr("</table><h4>Refunds</h4>"))
        html.append(refunds_html(detail))
        self.detail_view.setHtml("".join(html))
        self.capture_button.setEnabled(detail.can_capture)
        self.refund_button.setEnabled(detail.can_refund)

    # -- actions ------------------------------------------------------------------------

    def selected_charge_ids(self) -> list[str]:
        """The charges selected in the table, top to bottom (for a batch refund)."""
        rows = (self.model.row_at(row) for row in self.table.selected_rows())
        return [charge.id for charge in rows if charge is not None]

    def _selected_charge(self) -> Charge | None:
        return self.model.row_at(self.table.selected_row())

    def capture_selected(self) -> None:
        """Capture the charge in the detail pane (or the selected one)."""
        charge_id = self.detail.charge.id if self.detail else None
        if charge_id is None:
            selected = self._selected_charge()
            charge_id = selected.id if selected else None
        if charge_id is None:
            return
        self.jobs.run(self.tr("capturing the charge"), self.capture(charge_id))

    async def capture(self, charge_id: str) -> ChargeDetail:
        """Capture an authorization and show the result."""
        detail = await self.require_session().charges.capture(charge_id)
        self._render(detail)
        return detail

    def refund_selected(self) -> None:
        """Ctrl+R / *Refund…*: the refund wizard for the charge in the detail pane (or the
        selected one); the window opens it with the signed-in staff member."""
        charge_id = self.detail.charge.id if self.detail else None
        selected = self._selected_charge()
        if selected is not None:
            charge_id = selected.id
        if charge_id is not None:
            self.refund_requested.emit(charge_id)

    def refund_done(self, charge_id: str) -> None:
        """A refund of ``charge_id`` finished: show the charge as Clover has it now."""
        self.jobs.run(self.tr("loading the charge"), self.show_detail(charge_id))


def _brand_code(charge: Charge) -> str | None:
    brand = getattr(charge.source, "brand", None)
    return brand.value if brand is not None else None


def refunds_html(detail: ChargeDetail) -> str:
    """The charge's refunds, oldest first, each with what remained refundable after it."""
    c = detail.charge
    if not detail.refunds:
        return "<p>" + _esc(QCoreApplication.translate("ChargesTab", "No refunds yet.")) + "</p>"
    headers = [
        (QCoreApplication.translate("ChargesTab", "When"), "left"),
        (QCoreApplication.translate("ChargesTab", "Amount"), "right"),
        (QCoreApplication.translate("ChargesTab", "Remaining"), "right"),
    ]
    out = ["<table cellspacing=4><tr>"]
    out += [f"<th align={align}>{_esc(h)}</th>" for h, align in headers]
    out.append("</tr>")
    for step in detail.refund_steps():
        r = step.refund
        reason = (r.reason.value if r.reason else "").replace("_", " ")
        # Amounts on the first line, where the eye compares them; the refund's id, reason
        # and status on a line of their own beneath, so the narrow pane breaks no column.
        about = " · ".join(part for part in (r.id, reason, r.status.value) if part)
        cells = [
            (format_when(r.created), "left"),
            (format_amount(-r.amount, r.currency or c.currency), "right"),
            (refund_reason_label(r.reason.value) if r.reason else "", "left"),
            (clover_code_label(r.status.value), "left"),
            (format_money(step.remaining), "right"),
        ]
        out.append("<tr>")
        out += [f"<td align={align}>{_esc(text)}</td>" for text, align in cells]
        out.append(f"</tr><tr><td colspan=3><small>{_esc(about)}</small></td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
