"""Sandbox time: wall-clock time plus an offset that tests can advance.

Every timestamp the sandbox writes comes from here, so that advancing the clock
(``POST /_sandbox/clock``) ages export files, expires OAuth tokens and moves
subscription schedules consistently.
"""

from __future__ import annotations

import threading
import time


class Clock:
    """Epoch-millisecond clock with a movable offset."""

    def __init__(self, offset_ms: int = 0) -> None:
        self._offset_ms = offset_ms
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        return int(time.time() * 1000) + self.offset_ms

    @property
    def offset_ms(self) -> int:
        with self._lock:
            return self._offset_ms

    def advance(self, delta_ms: int) -> int:
        """Move sandbox time forward (never backward) and return the new offset."""
        if delta_ms < 0:
            raise ValueError("the sandbox clock only moves forward")
        with self._lock:
            self._offset_ms += delta_ms
            return self._offset_ms
