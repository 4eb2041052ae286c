"""Light and dark follow the OS: Qt's style hints say which, our stylesheet adds accents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

__all__ = ["apply_theme", "is_dark", "stylesheet_path"]


def stylesheet_path() -> Path:
    """The app stylesheet in ``resources/``."""
    return Path(__file__).resolve().parents[2] / "resources" / "style.qss"


def is_dark() -> bool:
    """Whether the OS asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication) -> None:
    """Use the Fusion style (it honours the OS scheme everywhere) plus our accents.

    Re-applied when the OS switches between light and dark.
    """
    app.setStyle("Fusion")
    path = stylesheet_path()
    sheet = path.read_text(encoding="utf-8") if path.exists() else ""
    app.setStyleSheet(sheet)
    app.setProperty("darkScheme", is_dark())
