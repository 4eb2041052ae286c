"""Gift cards: activate (physical or virtual), balance, reload, cash out, and a history."""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.common import QT_TRANSLATE_NOOP, UserFacingError
from clover_desk.services.history import from_ms
from clover_desk.services.sales import GiftCardOutcome, GiftOperation, HistoryEntry
from clover_desk.ui.dates import format_when
from clover_desk.ui.i18n import tr_enum
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.money import format_amount, format_money, parse_amount
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView
from clover_desk.ui.widgets import line_edit, named_button

__all__ = ["GiftCardsTab", "HistoryColumn"]


class HistoryColumn(enum.IntEnum):
    """Columns of the history table."""

    WHEN = 0
    OPERATION = 1
    CARD = 2
    AMOUNT = 3
    BALANCE = 4
    REFERENCE = 5


def history_columns() -> list[Column[HistoryEntry]]:
    """The history table's columns, in :class:`HistoryColumn` order."""

    def money(value: int | None, entry: HistoryEntry) -> str:
        return "" if value is None else format_amount(value, entry.currency)

    columns: dict[HistoryColumn, Column[HistoryEntry]] = {
        HistoryColumn.WHEN: Column(
            QCoreApplication.translate("GiftCardsTab", "When"),
            lambda e: format_when(from_ms(e.at_ms)),
            lambda e: e.at_ms,
        ),
        HistoryColumn.OPERATION: Column(
            QCoreApplication.translate("GiftCardsTab", "Operation"), lambda e: e.operation
        ),
        HistoryColumn.CARD: Column(
            QCoreApplication.translate("GiftCardsTab", "Card"), lambda e: f"•••• {e.last4}"
        ),
        HistoryColumn.AMOUNT: Column(
            QCoreApplication.translate("GiftCardsTab", "Amount"),
            lambda e: money(_signed_amount(e), e),
            _signed_amount,
            align_right=True,
        ),
        HistoryColumn.BALANCE: Column(
            QCoreApplication.translate("GiftCardsTab", "Balance after"),
            lambda e: money(e.balance, e),
            lambda e: e.balance,
            align_right=True,
        ),
        HistoryColumn.REFERENCE: Column(
            QCoreApplication.translate("GiftCardsTab", "Reference"), lambda e: e.reference
        ),
    }
    return [columns[c] for c in HistoryColumn]


def _signed_amount(entry: HistoryEntry) -> int | None:
    """What the operation did to the card's balance: a cash-out takes money off it, so
    it reads as negative beside the loads and reloads in the same column."""
    if entry.amount is None:
        return None
    return -entry.amount if entry.operation == GiftOperation.CASH_OUT.value else entry.amount


class GiftCardsTab(Tab):
    """The Gift cards tab."""

    key = "gift_cards"
    title = QT_TRANSLATE_NOOP("MainWindow", "&Gift cards")

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("giftCardsTab")
        self.last_outcome: GiftCardOutcome | None = None

        self.card_number = line_edit(
            "giftCardNumber", self.tr("Gift card number"), self.tr("Card number")
        )
        self.security_code = line_edit(
            "giftCardCode", self.tr("Security code"), self.tr("Security code"), 140
        )
        self.security_code.setEchoMode(QLineEdit.EchoMode.Password)
        self.amount_edit = line_edit("giftCardAmount", self.tr("Amount"), self.tr("Amount"), 120)
        self.promo_code = line_edit(
            "giftPromoCode", self.tr("Virtual card promo code"), self.tr("Promo code")
        )
        self.activate_button = named_button(
            self.tr("&Activate"), "activateGiftButton", self.tr("Activate card")
        )
        self.balance_button = named_button(
            self.tr("&Balance"), "balanceGiftButton", self.tr("Balance inquiry")
        )
        self.reload_button = named_button(
            self.tr("&Reload"), "reloadGiftButton", self.tr("Reload card")
        )
        self.cashout_button = named_button(
            self.tr("Cash &out"), "cashoutGiftButton", self.tr("Cash out card")
        )
        self.virtual_button = named_button(
            self.tr("Activate &virtual"),
            "activateVirtualButton",
            self.tr("Activate a virtual card"),
        )
        self.activate_button.clicked.connect(lambda: self._start("activate"))
        self.balance_button.clicked.connect(lambda: self._start("balance"))
        self.reload_button.clicked.connect(lambda: self._start("reload"))
        self.cashout_button.clicked.connect(lambda: self._start("cashout"))
        self.virtual_button.clicked.connect(lambda: self._start("virtual"))

        self.virtual_button.setToolTip(
            self.tr("Activate a virtual card with this promo code for the amount typed")
        )
        # One bar of fields and actions, like the other tabs' search bars: the amount
        # sits once, before every action that uses it (activate, reload, virtual).
        card_bar = QHBoxLayout()
        for widget in (
            self.card_number,
            self.security_code,
            self.amount_edit,
            self.activate_button,
            self.balance_button,
            self.reload_button,
            self.cashout_button,
        ):
            card_bar.addWidget(widget)
        virtual_bar = QHBoxLayout()
        virtual_bar.addWidget(QLabel(self.tr("Virtual card:")))
        virtual_bar.addWidget(self.promo_code)
        virtual_bar.addWidget(self.virtual_button)
        virtual_bar.addStretch(1)

        self.result_label = QLabel(
            self.tr(
                "Type or swipe a card number, then choose Balance, Activate, Reload or "
                "Cash out. What happened shows here."
            )
        )
        self.result_label.setObjectName("giftResult")
        self.result_label.setAccessibleName(self.tr("Result of the last operation"))
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model: RowTableModel[HistoryEntry] = RowTableModel(
            history_columns(), lambda e: f"{e.at_ms}-{e.reference}-{e.operation}", self
        )
        self.table = RowTableView(self.model, "giftHistoryTable", self.tr("Gift card history"))
        self.table.set_empty_text(
            self.tr(
                "No gift-card operations from this computer yet. Activate or reload a card "
                "above and it is listed here."
            )
        )
        result_box = QWidget()
        result_layout = QVBoxLayout(result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(QLabel("<b>" + self.tr("Last operation") + "</b>"))
        result_layout.addWidget(self.result_label)
        result_layout.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(result_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(card_bar)
        layout.addLayout(virtual_bar)
        layout.addWidget(splitter, 1)

    # -- Tab hooks ----------------------------------------------------------------------

    async def reload(self) -> int:
        """Show the history of this profile's operations."""
        session = self.require_session()
        self.model.reset_rows(session.gift_cards.history.entries(session.profile.id))
        return self.model.rowCount()

    def row_count(self) -> int:
        """History rows."""
        return self.model.rowCount()

    def focus_search(self) -> None:
        """Ctrl+F: the card number."""
        self.card_number.setFocus()
        self.card_number.selectAll()

    # -- operations ---------------------------------------------------------------------

    def _start(self, operation: str) -> None:
        labels = {
            "activate": self.tr("activating the gift card"),
            "balance": self.tr("checking the gift card balance"),
            "reload": self.tr("reloading the gift card"),
            "cashout": self.tr("cashing out the gift card"),
            "virtual": self.tr("activating a virtual gift card"),
        }
        self.jobs.run(labels[operation], self.perform(operation))

    def _amount(self) -> int:
        currency = self.session.currency if self.session else "USD"
        amount = parse_amount(self.amount_edit.text(), currency)
        if amount is None or amount <= 0:
            raise UserFacingError(self.tr("Type the amount, like 25.00."))
        return amount

    async def perform(self, operation: str) -> GiftCardOutcome:
        """Run one operation and show its result plainly."""
        service = self.require_session().gift_cards
        number = self.card_number.text()
        code = self.security_code.text()
        if operation != "virtual":
            # The number is read once and the form forgets it; the service tokenizes it.
            self.security_code.clear()
        if operation == "activate":
            outcome = await service.activate(number, code, self._amount())
        elif operation == "balance":
            outcome = await service.balance(number, code)
        elif operation == "reload":
            outcome = await service.reload(number, code, self._amount())
        elif operation == "cashout":
            outcome = await service.cash_out(number, code)
        else:
            outcome = await service.activate_virtual(self.promo_code.text(), self._amount())
        self.card_number.clear()
        self.show_outcome(outcome)
        await self.reload()
        return outcome

    def show_outcome(self, outcome: GiftCardOutcome) -> None:
        """Say what happened in one or two plain lines."""
        self.last_outcome = outcome
        parts = [
            self.tr("{operation}: card •••• {last4}").format(
                operation=tr_enum(outcome.operation), last4=outcome.last4
            )
        ]
        if outcome.amount is not None:
            parts.append(self.tr("amount {amount}").format(amount=format_money(outcome.amount)))
        if outcome.balance is not None:
            parts.append(
                self.tr("balance now {amount}").format(amount=format_money(outcome.balance))
            )
        text = ", ".join(parts) + "."
        if outcome.virtual_number:
            text += "\n" + self.tr("Give the customer this card number: {number}").format(
                number=outcome.virtual_number
            )
        self.result_label.setText(text)
