"""A crash handler, not a silent slot exception: log it, then show it in a dialog.

Exceptions that escape a slot or an ``asyncSlot`` task reach ``sys.excepthook`` (qasync
routes task errors there). The handler logs the traceback (through the redacting log
setup) and shows a non-blocking dialog; the app keeps running.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["CrashHandler"]

log = logging.getLogger("clover_desk.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashHandler:
    """Installs itself as ``sys.excepthook``; :meth:`uninstall` restores the previous one."""

    def __init__(self, parent_of_dialogs: Callable[[], QWidget | None]) -> None:
        self._parent_of_dialogs = parent_of_dialogs
        self._previous: ExceptHook | None = None
        self.crashes: list[str] = []
        self._dialog: QMessageBox | None = None

    def install(self) -> None:
        """Become ``sys.excepthook``."""
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        """Give ``sys.excepthook`` back."""
        if self._previous is not None:
            sys.excepthook = self._previous
            self._previous = None

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """Record the crash and show it; never raise from here."""
        if issubclass(exc_type, KeyboardInterrupt):
            if self._previous is not None:
                self._previous(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", text)
        self.crashes.append(f"{exc_type.__name__}: {exc}")
        try:
            self._show(exc_type, exc, text)
        except Exception:
            log.exception("could not show the crash dialog")

    def _show(self, exc_type: type[BaseException], exc: BaseException, text: str) -> None:
        if self._dialog is not None and self._dialog.isVisible():
            return  # one at a time: a loop of errors must not bury the window in dialogs
        box = QMessageBox(self._parent_of_dialogs())
        box.setObjectName("crashDialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("Crash", "Clover Desk: unexpected error"))
        box.setText(
            QCoreApplication.translate(
                "Crash",
                "Something went wrong inside Clover Desk ({error}).\n\n"
                "The app is still running, and the details are in the log. If a money "
                "operation was under way, refresh and check it before repeating it.",
            ).format(error=f"{exc_type.__name__}: {exc}")
        )
        box.setDetailedText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        self._dialog = box
        box.open()
