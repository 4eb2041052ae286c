"""*Return items…*: tick the lines of a paid order to return (opened with ``open()``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.orders import ReturnLine
from clover_desk.ui.money import format_amount

__all__ = ["ReturnItemsDialog"]


class ReturnItemsDialog(QDialog):
    """Choose line items to return; :meth:`chosen` lists them after ``accepted``."""

    def __init__(
        self,
        order_id: str,
        lines: list[ReturnLine],
        currency: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("returnItemsDialog")
        self.setWindowTitle(f"Return items of order {order_id}")
        self._lines = lines
        self.currency = currency
        self.list = QListWidget()
        self.list.setObjectName("returnLines")
        self.list.setAccessibleName("Items to return")
        for line in lines:
            item = QListWidgetItem(f"{line.name} — {format_amount(line.amount, currency)}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.total_label = QLabel()
        self.total_label.setObjectName("returnTotal")
        self.list.itemChanged.connect(lambda _item: self._update_total())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Return and refund")
        self.ok_button.setObjectName("returnOkButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tick the items the customer brings back:"))
        layout.addWidget(self.list)
        layout.addWidget(self.total_label)
        layout.addWidget(self.buttons)
        self._update_total()

    def check(self, row: int, checked: bool = True) -> None:
        """Tick or untick one line (keyboard users press Space; tests call this)."""
        item = self.list.item(row)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[ReturnLine]:
        """The ticked lines."""
        return [
            line
            for row, line in enumerate(self._lines)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _update_total(self) -> None:
        chosen = self.chosen()
        total = sum(line.amount for line in chosen)
        self.total_label.setText(f"To refund: {format_amount(total, self.currency)}")
        self.ok_button.setEnabled(bool(chosen))
