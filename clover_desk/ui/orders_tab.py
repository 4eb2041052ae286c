"""The &Orders tab (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clover_desk.ui.jobs import Jobs
from clover_desk.ui.tab_base import Tab

__all__ = ["OrdersTab"]


class OrdersTab(Tab):
    """The &Orders tab."""

    key = "orders"
    title = "&Orders"

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("ordersTab")

    def new_order(self) -> None:
        """Placeholder."""
