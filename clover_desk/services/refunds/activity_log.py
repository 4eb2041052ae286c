"""The Activity view's rows: money movements from the journal, a batch folded into one.

A batch refund of 500 charges is one thing staff did, so the Activity view lists it as
one row — who sent it, who approved it, how many rows came to what, and how they ended
— with its movements behind it, instead of 500 rows burying everything else. Movements
made in the wizard stay one row each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clover_desk.api.money import Money
from clover_desk.services.refunds.batch_queue import BatchSummary, RowStatus
from clover_desk.services.refunds.journal import JournalEntry

__all__ = ["ActivityRow", "fold_batches"]


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One row of the Activity view: a single movement, or a batch with its movements
    (those the view's filters kept)."""

    entries: tuple[JournalEntry, ...]
    batch: BatchSummary | None = None

    @property
    def key(self) -> str:
        return f"batch:{self.batch.id}" if self.batch else self.entries[0].key

    @property
    def created_ms(self) -> int:
        return self.batch.created_ms if self.batch else self.entries[0].created_ms

    @property
    def staff_name(self) -> str:
        return self.batch.staff_name if self.batch else self.entries[0].staff_name

    @property
    def approver_name(self) -> str | None:
        return self.batch.approver_name if self.batch else self.entries[0].approver_name

    @property
    def note(self) -> str:
        return self.batch.name if self.batch else self.entries[0].note

    @property
    def totals(self) -> tuple[Money, ...]:
        """What the movements shown add up to, per currency."""
        sums: dict[str, int] = {}
        for entry in self.entries:
            sums[entry.amount.currency] = sums.get(entry.amount.currency, 0) + entry.amount.amount
        return tuple(Money(sums[c], c) for c in sorted(sums))

    @property
    def outcome(self) -> str:
        """``succeeded`` for a movement; for a batch, its rows by status (codes: the UI
        shows them in words)."""
        if self.batch is None:
            return self.entries[0].status.value
        return ", ".join(f"{n} {status.value}" for status, n in self.batch_counts())

    def batch_counts(self) -> list[tuple[RowStatus, int]]:
        """How many of the batch's rows stand where, in the queue's order of states."""
        if self.batch is None:
            return []
        order = list(RowStatus)
        return sorted(self.batch.counts.items(), key=lambda item: order.index(item[0]))


def fold_batches(
    entries: Sequence[JournalEntry],
    batch_of: Mapping[str, str],
    summaries: Mapping[str, BatchSummary],
) -> list[ActivityRow]:
    """``entries`` (newest first) as Activity rows: each batch's movements gathered into
    one row where the batch's first movement stood. ``batch_of`` maps a movement's key
    to its batch id; ``summaries`` holds each of those batches."""
    rows: list[ActivityRow] = []
    gathered: dict[str, list[JournalEntry]] = {}
    for entry in entries:
        batch_id = batch_of.get(entry.key)
        if batch_id is None or batch_id not in summaries:
            rows.append(ActivityRow((entry,)))
            continue
        if batch_id not in gathered:
            gathered[batch_id] = []
            rows.append(ActivityRow((), summaries[batch_id]))
        gathered[batch_id].append(entry)
    return [
        ActivityRow(tuple(gathered[row.batch.id]), row.batch) if row.batch else row for row in rows
    ]
