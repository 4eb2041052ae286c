"""What every main-window tab offers the window: load, search focus, detail, rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from clover_desk.services.merchant import Session
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.table import RowTableModel, RowTableView

__all__ = ["Tab"]


class Tab(QWidget):
    """Base of the five tabs. Subclasses set ``key`` and ``title`` and override the hooks.

    Attributes:
        key: short name used by ``--self-test`` (``"orders"``).
        title: the tab's label (with an ``&`` mnemonic).
        model / table / search_edit: a tab built around one searchable table sets these,
            and the row count, Ctrl+F and Enter hooks work from them.
    """

    key = ""
    title = ""
    model: RowTableModel[Any] | None = None
    table: RowTableView | None = None
    search_edit: QLineEdit | None = None

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
        return self.model.rowCount() if self.model is not None else 0

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the tab's search box."""
        if self.search_edit is not None:
            self.search_edit.setFocus()
            self.search_edit.selectAll()

    def open_detail(self) -> None:
        """Enter: show the selected row's detail."""
        if self.table is not None:
            self._open_row(self.table.selected_row())

    def _open_row(self, row: int) -> None:
        """Show the detail of source row ``row`` (tabs with a detail pane override this)."""

    def require_session(self) -> Session:
        """The bound session (tabs act only after binding)."""
        if self.session is None:
            raise RuntimeError(f"{type(self).__name__} used before a session was bound")
        return self.session
