"""The Subscription &plans tab (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clover_desk.ui.jobs import Jobs
from clover_desk.ui.tab_base import Tab

__all__ = ["PlansTab"]


class PlansTab(Tab):
    """The Subscription &plans tab."""

    key = "plans"
    title = "Subscription &plans"

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("plansTab")

    def new_order(self) -> None:
        """Placeholder."""
