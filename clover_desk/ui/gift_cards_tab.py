"""The &Gift cards tab (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clover_desk.ui.jobs import Jobs
from clover_desk.ui.tab_base import Tab

__all__ = ["GiftCardsTab"]


class GiftCardsTab(Tab):
    """The &Gift cards tab."""

    key = "gift_cards"
    title = "&Gift cards"

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("giftCardsTab")

    def new_order(self) -> None:
        """Placeholder."""
