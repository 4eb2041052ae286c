"""Marks on standard output when the first screen is painted (``--startup-probe``).

``tests/benchmarks/startup.py`` starts the app with ``--startup-probe`` and reads these
lines: each is one JSON object ``{"event": NAME, "monotonic": SECONDS}`` on the
process-wide monotonic clock, which the benchmark shares, so it can time process start to
the sign-in dialog without a screenshot or a window manager.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

__all__ = ["FirstPaint", "mark"]


def mark(event: str) -> None:
    """Print one probe line now."""
    print(json.dumps({"event": event, "monotonic": time.monotonic()}), flush=True)


class FirstPaint(QObject):
    """Calls ``then`` once, just after ``widget`` is painted for the first time."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Override QObject::eventFilter: the first Paint event, then let it paint."""
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            # After this paint has reached the screen, not while it is being drawn.
            QTimer.singleShot(0, then)
        return False
