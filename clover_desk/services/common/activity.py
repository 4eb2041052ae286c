"""Requests in flight and connectivity, observed without Qt so the status bar can render it.

Every service call goes through :meth:`Activity.track`; listeners (the status bar) are
plain callables told about each change.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from clover_desk.api.errors import ApiError, AuthError, ServiceUnavailable

__all__ = ["Activity", "ActivitySnapshot", "Connectivity"]


class Connectivity(enum.StrEnum):
    """What the last finished call says about the road to Clover."""

    UNKNOWN = "unknown"
    ONLINE = "online"
    OFFLINE = "offline"
    UNAUTHORIZED = "unauthorized"


@dataclass(frozen=True, slots=True)
class ActivitySnapshot:
    """What the status bar shows."""

    in_flight: int
    connectivity: Connectivity
    last_operation: str
    #: Seconds Clover last asked the app to wait (a 429's ``retry-after``, already
    #: clamped by the client); 0 once a call has succeeded since.
    clover_wait_s: float = 0.0


Listener = Callable[[ActivitySnapshot], None]


class Activity:
    """Counts service calls in flight and remembers the last connectivity verdict."""

    def __init__(self) -> None:
        self._in_flight = 0
        self._connectivity = Connectivity.UNKNOWN
        self._last_operation = ""
        self._clover_wait_s = 0.0
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` after every change (and once now)."""
        self._listeners.append(listener)
        listener(self.snapshot())

    def unsubscribe(self, listener: Listener) -> None:
        """Stop telling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def snapshot(self) -> ActivitySnapshot:
        """The current state."""
        return ActivitySnapshot(
            self._in_flight, self._connectivity, self._last_operation, self._clover_wait_s
        )

    def asked_to_wait(self, seconds: float) -> None:
        """Clover answered 429 and asked every call on the token to wait ``seconds``."""
        self._clover_wait_s = seconds
        self._notify()

    @asynccontextmanager
    async def track(self, operation: str) -> AsyncIterator[None]:
        """Count one call in flight for its duration and judge connectivity by its end."""
        self._in_flight += 1
        self._last_operation = operation
        self._notify()
        try:
            yield
        except AuthError:
            self._connectivity = Connectivity.UNAUTHORIZED
            raise
        except ServiceUnavailable as exc:
            # No status means nothing answered: the network or the host is down.
            self._connectivity = Connectivity.OFFLINE if exc.status is None else self._online()
            raise
        except ApiError:
            self._connectivity = Connectivity.ONLINE  # Clover answered, just said no.
            raise
        except OSError:
            self._connectivity = Connectivity.OFFLINE
            raise
        else:
            self._connectivity = Connectivity.ONLINE
            self._clover_wait_s = 0.0
        finally:
            self._in_flight -= 1
            self._notify()

    def _online(self) -> Connectivity:
        return Connectivity.ONLINE

    def _notify(self) -> None:
        snapshot = self.snapshot()
        for listener in list(self._listeners):
            listener(snapshot)
