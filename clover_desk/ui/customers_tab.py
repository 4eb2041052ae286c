"""The C&ustomers && cards tab (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clover_desk.ui.jobs import Jobs
from clover_desk.ui.tab_base import Tab

__all__ = ["CustomersTab"]


class CustomersTab(Tab):
    """The C&ustomers && cards tab."""

    key = "customers"
    title = "C&ustomers && cards"

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("customersTab")

    def new_order(self) -> None:
        """Placeholder."""
