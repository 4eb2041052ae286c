"""The Qt binding keeps Python's singletons alive (why pyproject pins PySide6 on 3.11).

PySide6 6.12.0 on CPython 3.11 dropped a reference to ``None`` on every call of a void
method and to ``True``/``False`` on every call of a bool virtual such as
``QWizardPage.isComplete``, until the interpreter aborted with "deallocating None".
A desk app makes thousands of such calls a minute, so this is checked on every run.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit, QWizard, QWizardPage
from pytestqt.qtbot import QtBot


class _Page(QWizardPage):
    def isComplete(self) -> bool:
        """Override QWizardPage::isComplete."""
        return True


def test_void_calls_do_not_release_none(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for _ in range(500):
        edit.setText("x")
    assert sys.getrefcount(None) >= before - 5


def test_bool_virtuals_do_not_release_true(qtbot: QtBot) -> None:
    wizard = QWizard()
    qtbot.addWidget(wizard)
    page = _Page()
    wizard.addPage(page)
    wizard.show()
    before = sys.getrefcount(True)
    for _ in range(500):
        page.completeChanged.emit()
    assert sys.getrefcount(True) >= before - 5
