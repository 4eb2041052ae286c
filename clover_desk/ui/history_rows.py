"""Columns for rows read from the local history, and the *as of* line that marks them.

The Orders and Charges tabs use these when they read from the store
(``services.history.History``) instead of Clover: the same :class:`RowTableModel`, typed
rows from services, money formatted here with QLocale from integer minor units.
"""

from __future__ import annotations

import enum
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QLabel, QWidget

from clover_desk.services.history import OrderRow, OrderSort, PaymentRow
from clover_desk.ui.dates import format_when, format_when_in_sentence
from clover_desk.ui.labels import clover_code_label
from clover_desk.ui.money import format_amount
from clover_desk.ui.naming import card_text, person_text
from clover_desk.ui.table import Column

__all__ = [
    "ORDER_SORTS",
    "AsOfLabel",
    "OrderColumn",
    "PaymentColumn",
    "as_of_text",
    "order_columns",
    "payment_columns",
]


class OrderColumn(enum.IntEnum):
    """Columns of an orders table read from the history."""

    CREATED = 0
    ORDER = 1
    TOTAL = 2
    PAID = 3
    REFUNDED = 4
    STATE = 5
    CUSTOMER = 6
    STAFF = 7
    NOTE = 8


#: What the store sorts by for each column (``OrdersTab`` sorts the stored orders there).
ORDER_SORTS: dict[OrderColumn, OrderSort] = {
    OrderColumn.CREATED: OrderSort.CREATED,
    OrderColumn.ORDER: OrderSort.ID,
    OrderColumn.TOTAL: OrderSort.TOTAL,
    OrderColumn.PAID: OrderSort.PAID,
    OrderColumn.REFUNDED: OrderSort.REFUNDED,
    OrderColumn.STATE: OrderSort.STATE,
    OrderColumn.CUSTOMER: OrderSort.CUSTOMER,
    OrderColumn.STAFF: OrderSort.STAFF,
    OrderColumn.NOTE: OrderSort.NOTE,
}


def order_columns() -> list[Column[OrderRow]]:
    """Columns in :class:`OrderColumn` order."""
    columns: dict[OrderColumn, Column[OrderRow]] = {
        OrderColumn.CREATED: Column(
            QCoreApplication.translate("HistoryRows", "Created"),
            lambda r: format_when(r.created),
            lambda r: r.rk,
        ),
        OrderColumn.ORDER: Column(
            QCoreApplication.translate("HistoryRows", "Order"), lambda r: r.id
        ),
        OrderColumn.TOTAL: Column(
            QCoreApplication.translate("HistoryRows", "Total"),
            lambda r: format_amount(r.total, r.currency) if r.total is not None else "",
            lambda r: r.total,
            align_right=True,
        ),
        OrderColumn.PAID: Column(
            QCoreApplication.translate("HistoryRows", "Paid"),
            lambda r: format_amount(r.paid, r.currency) if r.paid else "",
            lambda r: r.paid,
            align_right=True,
        ),
        OrderColumn.REFUNDED: Column(
            QCoreApplication.translate("HistoryRows", "Refunded"),
            lambda r: format_amount(r.refunded, r.currency) if r.refunded else "",
            lambda r: r.refunded,
            align_right=True,
        ),
        OrderColumn.STATE: Column(
            QCoreApplication.translate("HistoryRows", "State"),
            lambda r: clover_code_label(r.payment_state or r.state),
        ),
        OrderColumn.CUSTOMER: Column(
            QCoreApplication.translate("HistoryRows", "Customer"),
            lambda r: person_text(r.customer_name),
            tooltip=lambda r: r.customer_id or "",
        ),
        OrderColumn.STAFF: Column(
            QCoreApplication.translate("HistoryRows", "Staff"),
            lambda r: person_text(r.employee_name),
        ),
        OrderColumn.NOTE: Column(
            QCoreApplication.translate("HistoryRows", "Note"), lambda r: r.note or r.title or ""
        ),
    }
    return [columns[c] for c in OrderColumn]


class PaymentColumn(enum.IntEnum):
    """Columns of a payments table read from the history."""

    CREATED = 0
    PAYMENT = 1
    AMOUNT = 2
    TIP = 3
    REFUNDED = 4
    RESULT = 5
    TENDER = 6
    CARD = 7
    CUSTOMER = 8
    ORDER = 9


def payment_columns() -> list[Column[PaymentRow]]:
    """Columns in :class:`PaymentColumn` order."""
    columns: dict[PaymentColumn, Column[PaymentRow]] = {
        PaymentColumn.CREATED: Column(
            QCoreApplication.translate("HistoryRows", "Created"),
            lambda r: format_when(r.created),
            lambda r: r.rk,
        ),
        PaymentColumn.PAYMENT: Column(
            QCoreApplication.translate("HistoryRows", "Payment"), lambda r: r.id
        ),
        PaymentColumn.AMOUNT: Column(
            QCoreApplication.translate("HistoryRows", "Amount"),
            lambda r: format_amount(r.amount, r.currency),
            lambda r: r.amount,
            True,
        ),
        PaymentColumn.TIP: Column(
            QCoreApplication.translate("HistoryRows", "Tip"),
            lambda r: format_amount(r.tip_amount, r.currency) if r.tip_amount else "",
            lambda r: r.tip_amount,
            True,
        ),
        PaymentColumn.REFUNDED: Column(
            QCoreApplication.translate("HistoryRows", "Refunded"),
            lambda r: format_amount(r.refunded, r.currency) if r.refunded else "",
            lambda r: r.refunded,
            True,
        ),
        PaymentColumn.RESULT: Column(
            QCoreApplication.translate("HistoryRows", "Result"),
            lambda r: clover_code_label(r.result),
        ),
        PaymentColumn.TENDER: Column(
            QCoreApplication.translate("HistoryRows", "Tender"), lambda r: r.tender_label
        ),
        PaymentColumn.CARD: Column(
            QCoreApplication.translate("HistoryRows", "Card"),
            lambda r: card_text(r.card_type, r.last4),
        ),
        PaymentColumn.CUSTOMER: Column(
            QCoreApplication.translate("HistoryRows", "Customer"),
            lambda r: person_text(r.customer_name),
            tooltip=lambda r: r.customer_id or "",
        ),
        PaymentColumn.ORDER: Column(
            QCoreApplication.translate("HistoryRows", "Order"), lambda r: r.order_id or ""
        ),
    }
    return [columns[c] for c in PaymentColumn]


def as_of_text(
    moment: datetime | None, *, now: datetime | None = None, locale: QLocale | None = None
) -> str:
    """``"From the local history, as of today at 2:02 PM"`` (or not synced yet)."""
    if moment is None:
        return QCoreApplication.translate(
            "HistoryRows", "The local history has not been synced yet."
        )
    shown = format_when_in_sentence(moment, now=now, locale=locale)
    return QCoreApplication.translate(
        "HistoryRows", "From the local history, as of {moment} (available offline)."
    ).format(moment=shown)


class AsOfLabel(QLabel):
    """The line above a table read from the history: *as of* the last sync."""

    def __init__(self, name: str = "asOfLabel", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(self.tr("History as of"))
        self.set_as_of(None)

    def set_as_of(self, moment: datetime | None) -> None:
        """Show when the history was last synced."""
        self.setText(as_of_text(moment))
