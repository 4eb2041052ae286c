"""Light and dark follow the OS; the icon is sharp on high-DPI screens."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from clover_desk.services.staff.accounts import StaffDirectory
from clover_desk.ui.sign_in import SignInDialog
from clover_desk.ui.theme import app_icon, stylesheet, stylesheet_path

RULE = re.compile(r"([^{}]+)\{([^}]*)\}")


def _rules(sheet: str) -> dict[str, str]:
    without_comments = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    return {sel.strip(): body for sel, body in RULE.findall(without_comments)}


def _lightness(body: str) -> float:
    colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
    assert colour, body
    return QColor(colour.group(1)).lightnessF()


def test_the_stylesheet_names_no_colour_a_widget_could_inherit() -> None:
    for selector, body in _rules(stylesheet_path().read_text(encoding="utf-8")).items():
        sets_text = re.search(r"(?<![-\w])color:", body)
        sets_background = "background" in body
        if selector == 'QLabel[role="error"]':
            continue  # per scheme: checked below
        # A badge sets both its text and its background, so it reads in either scheme.
        assert bool(sets_text) == sets_background, selector


def test_error_text_gets_a_lighter_red_in_the_dark_scheme() -> None:
    light = _rules(stylesheet(dark=False))['QLabel[role="error"]']
    dark = _rules(stylesheet(dark=True))['QLabel[role="error"]']
    assert _lightness(dark) > 0.7 > 0.5 > _lightness(light)


def test_error_labels_take_their_colour_from_the_theme_not_inline(
    qapp: Any, tmp_path: Path
) -> None:
    directory = StaffDirectory(tmp_path / "staff.db")
    dialog = SignInDialog(directory)
    error = dialog.findChild(QLabel, "signInError")
    assert error is not None
    assert error.styleSheet() == ""
    assert error.property("role") == "error"
    previous = QApplication.instance().styleSheet()
    try:
        QApplication.instance().setStyleSheet(stylesheet(dark=True))
        error.ensurePolished()
        shown = error.palette().color(QPalette.ColorRole.WindowText)
        assert shown.lightnessF() > 0.7
    finally:
        QApplication.instance().setStyleSheet(previous)
        dialog.deleteLater()
        directory.close()


def test_the_window_icon_is_drawn_sharp_at_twice_the_pixels(qapp: Any) -> None:
    icon = app_icon()
    assert not icon.isNull()
    pixmap = icon.pixmap(QSize(32, 32), 2.0)
    assert pixmap.size() == QSize(64, 64)
    assert pixmap.devicePixelRatio() == 2.0
    # Scalable: the same icon draws a 1024-pixel image, past the largest PNG (512).
    assert icon.pixmap(QSize(512, 512), 2.0).size() == QSize(1024, 1024)
