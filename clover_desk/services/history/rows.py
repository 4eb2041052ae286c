"""The history store's row types, and the conversions every part of the store uses:
epoch milliseconds, ids in chunks for ``IN (...)``, stored JSON lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
#: ISO 4217 currencies whose minor unit is not a hundredth.
#: SQLite's default cap on host parameters is 999 on old builds; stay under it.
_CHUNK = 900


# ----------------------------------------------------------------------------- helpers


def to_ms(moment: datetime) -> int:
    """An aware datetime as integer epoch milliseconds (no float rounding)."""
    return (moment - _EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    """Epoch milliseconds as an aware UTC datetime."""
    return _EPOCH + timedelta(milliseconds=ms)


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else to_ms(moment)


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# -------------------------------------------------------------------------- row types


class WindowStatus(StrEnum):
    """Where one export window stands."""

    PENDING = "pending"  #: planned, no export yet
    EXPORTING = "exporting"  #: an export exists; files may be partly stored
    DONE = "done"  #: every file stored


@dataclass(frozen=True, slots=True)
class SyncWindow:
    """One export window's progress, as stored.

    Attributes:
        kind: ``"ORDERS"`` or ``"PAYMENTS"``.
        start_ms / end_ms: the window (epoch ms, inclusive).
        status: pending, exporting, done.
        range_start_ms: where the current export starts (> start after an expiry).
        export_id: the current export, if any.
        export_created_ms: when Clover created it (server time).
        files_total / files_done: files of the current export, and how many are stored.
        objects: objects stored from this window.
        last_created_ms: newest ``createdTime`` stored from the current export's files.
        sorted: whether those files came in ``createdTime`` order (so far).
    """

    kind: str
    start_ms: int
    end_ms: int
    status: WindowStatus
    range_start_ms: int
    export_id: str | None = None
    export_created_ms: int | None = None
    files_total: int = 0
    files_done: int = 0
    objects: int = 0
    last_created_ms: int | None = None
    sorted: bool = True
    caught_up: bool = False

    @property
    def key(self) -> tuple[str, int]:
        """Primary key: (kind, start_ms)."""
        return (self.kind, self.start_ms)

    @property
    def start(self) -> datetime:
        """Window start as a datetime."""
        return from_ms(self.start_ms)

    @property
    def end(self) -> datetime:
        """Window end as a datetime."""
        return from_ms(self.end_ms)


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One order as the Orders table shows it (money in minor units of ``currency``)."""

    id: str
    rk: int
    created: datetime
    currency: str
    total: int | None
    state: str | None
    payment_state: str | None
    customer_id: str | None
    customer_name: str
    employee_name: str
    note: str | None
    title: str | None
    line_count: int
    paid: int
    refunded: int


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """One payment (= Ecommerce charge) as the Charges table shows it."""

    id: str
    rk: int
    created: datetime
    order_id: str | None
    currency: str
    amount: int
    tip_amount: int
    tax_amount: int
    result: str | None
    tender_label: str
    card_type: str | None
    first6: str | None
    last4: str | None
    auth_code: str | None
    customer_id: str | None
    customer_name: str
    employee_name: str
    refunded: int


def _json_list(text: str | None) -> list[str]:
    if not text:
        return []
    value = json.loads(text)
    return [str(v) for v in value] if isinstance(value, list) else []
