"""What every main-window tab offers the window: load, search focus, detail, rows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clover_desk.services.session import Session
from clover_desk.ui.jobs import Jobs

__all__ = ["Tab"]


class Tab(QWidget):
    """Base of the five tabs. Subclasses set ``key`` and ``title`` and override the hooks.

    Attributes:
        key: short name used by ``--self-test`` (``"orders"``).
        title: the tab's label (with an ``&`` mnemonic).
    """

    key = ""
    title = ""

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.session: Session | None = None

    def bind(self, session: Session) -> None:
        """Use ``session`` from now on (a profile switch calls this again)."""
        self.session = session

    async def reload(self) -> int:
        """Fetch the first page (or everything small) again; return rows shown."""
        return 0

    def row_count(self) -> int:
        """Rows shown in the tab's main table."""
        return 0

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the tab's search box."""

    def open_detail(self) -> None:
        """Enter: show the selected row's detail."""

    def require_session(self) -> Session:
        """The bound session (tabs act only after binding)."""
        if self.session is None:
            raise RuntimeError(f"{type(self).__name__} used before a session was bound")
        return self.session
