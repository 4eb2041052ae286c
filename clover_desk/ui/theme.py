"""Light and dark follow the OS: Qt's style hints say which, our stylesheet adds accents.

``resources/style.qss`` sets no colour a widget could inherit: ordinary text and
backgrounds come from the palette (Fusion fills it from the OS scheme), and the only
colours it names are self-contained badges (a background *and* its text). Accents that
sit on the palette's own background, such as error text, need a shade per scheme; those
are in ``style-dark.qss``, added when the OS asks for dark.

The app icon is the SVG source (``resources/clover-desk.svg``), so the window and task
bar draw it sharp at any device-pixel ratio; the 512-pixel PNG is the fallback where
Qt's SVG icon engine is missing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

__all__ = ["app_icon", "apply_theme", "is_dark", "stylesheet", "stylesheet_path"]


def _resources() -> Path:
    return Path(__file__).resolve().parents[2] / "resources"


def stylesheet_path() -> Path:
    """The app stylesheet in ``resources/``."""
    return _resources() / "style.qss"


def is_dark() -> bool:
    """Whether the OS asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def stylesheet(dark: bool) -> str:
    """The base sheet, plus the dark scheme's accents when ``dark``."""
    parts = [stylesheet_path()]
    if dark:
        parts.append(_resources() / "style-dark.qss")
    return "\n".join(p.read_text(encoding="utf-8") for p in parts if p.exists())


def apply_theme(app: QApplication) -> None:
    """Use the Fusion style (it honours the OS scheme everywhere) plus our accents.

    Re-applied when the OS switches between light and dark.
    """
    app.setStyle("Fusion")
    dark = is_dark()
    app.setStyleSheet(stylesheet(dark))
    app.setProperty("darkScheme", dark)


def app_icon() -> QIcon:
    """The window icon: scalable SVG, with the PNG for hosts without the SVG engine."""
    icon = QIcon(str(_resources() / "clover-desk.svg"))
    if icon.isNull() or icon.pixmap(64, 64).isNull():
        return QIcon(str(_resources() / "icons" / "clover-desk.png"))
    return icon
