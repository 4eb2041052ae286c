"""Small building blocks shared by the tabs: labelled fields, date ranges, detail text."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QWidget,
)

__all__ = ["DateRange", "DetailView", "line_edit", "named_button"]


def named_button(text: str, name: str, accessible: str) -> QPushButton:
    """A named push button with an accessible name."""
    push = QPushButton(text)
    push.setObjectName(name)
    push.setAccessibleName(accessible)
    return push


def line_edit(name: str, accessible: str, placeholder: str = "", width: int = 0) -> QLineEdit:
    """A named, accessible line edit."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    if width:
        edit.setMaximumWidth(width)
    return edit


class DateRange(QWidget):
    """An optional from–to date range (off until ticked)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.enabled_box = QCheckBox(self.tr("Dates"))
        self.enabled_box.setObjectName(f"{name}Enabled")
        self.enabled_box.setAccessibleName(self.tr("Filter by date"))
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today.addDays(-30))
        self.from_edit.setObjectName(f"{name}From")
        self.from_edit.setAccessibleName(self.tr("From date"))
        self.to_edit = QDateEdit(today)
        self.to_edit.setObjectName(f"{name}To")
        self.to_edit.setAccessibleName(self.tr("To date"))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.enabled_box.toggled.connect(self.from_edit.setEnabled)
        self.enabled_box.toggled.connect(self.to_edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.to_edit)

    def set_range(self, start: date | None, end: date | None) -> None:
        """Tick and set the range (``None`` for both: untick)."""
        self.enabled_box.setChecked(start is not None or end is not None)
        if start is not None:
            self.from_edit.setDate(QDate(start.year, start.month, start.day))
        if end is not None:
            self.to_edit.setDate(QDate(end.year, end.month, end.day))

    def range(self) -> tuple[date | None, date | None]:
        """The chosen dates, or ``(None, None)`` when off."""
        if not self.enabled_box.isChecked():
            return None, None
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()  # type: ignore[return-value]


class DetailView(QTextBrowser):
    """The read-only detail pane: rich text the tab builds from a typed object."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setPlaceholderText(self.tr("Select a row to see its detail."))
