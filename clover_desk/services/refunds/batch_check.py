"""Checking a batch of refunds against Clover and the staff member, all or none.

Every row of a batch file (or of a selection in the Charges or Orders table) is read
against Clover before anything is sent: the charge (or the order's charge) exists,
enough of it remains — counting the rows above it on the same charge, so a file cannot
refund one charge twice beyond what remains — the mode is one Clover accepts there, and
the note is present where the wizard asks for one. Then the staff member's authority is
checked for each row and for the batch's total, with the same rules as the wizard
(``staff.refund_approval``): where any of it is over their limits, the batch as a whole
needs a manager's approval (``StaffDirectory.issue_batch_approval``), bound to
:func:`batch_digest` of exactly these rows.

A batch with any problem is refused whole; the problems name their lines.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from clover_desk.api.errors import ApiError, NotFound
from clover_desk.api.money import Money
from clover_desk.services.common import QT_TRANSLATE_NOOP, join_phrases, message_of
from clover_desk.services.refunds.batch_file import BatchRow, RowProblem
from clover_desk.services.refunds.rules import (
    RefundMode,
    RefundTarget,
    plan_refund,
)
from clover_desk.services.refunds.service import RefundRefused, RefundService
from clover_desk.services.staff import (
    EarlierRefunds,
    RefundApproval,
    StaffMember,
    refund_approval,
    why_approval_is_needed,
)

__all__ = [
    "BatchCheck",
    "PlannedRefund",
    "batch_digest",
    "check_authority",
    "check_batch",
]

#: Charges read at once while checking; the client's limiter keeps the pace anyway.
CHECK_CONCURRENCY = 5


@dataclass(frozen=True, slots=True)
class PlannedRefund:
    """One checked row: exactly what will be sent for it."""

    line: int
    charge_id: str
    order_id: str | None
    mode: RefundMode
    amount: Money
    reason: str
    note: str
    item_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchCheck:
    """The outcome of checking a batch: the rows to send, or why not.

    ``approval_reasons`` say why a manager must approve (empty: the staff member may send
    it alone); ``digest`` is what an approval is bound to.
    """

    staff: StaffMember
    rows: tuple[PlannedRefund, ...]
    problems: tuple[RowProblem, ...]
    approval_reasons: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def needs_approval(self) -> bool:
        return bool(self.approval_reasons)

    @property
    def totals(self) -> tuple[Money, ...]:
        """What the batch refunds, per currency (sorted by currency)."""
        sums: Counter[str] = Counter()
        for row in self.rows:
            sums[row.amount.currency] += row.amount.amount
        return tuple(Money(sums[c], c) for c in sorted(sums))

    @property
    def by_reason(self) -> dict[str, int]:
        """How many rows give each reason."""
        return dict(Counter(row.reason for row in self.rows))

    @property
    def digest(self) -> str:
        return batch_digest(self.rows, self.staff.id)


def batch_digest(rows: Sequence[PlannedRefund], staff_id: int) -> str:
    """A fingerprint of exactly these refunds, asked by ``staff_id``: any change to a row
    (or their order) gives another, so an approval of it covers nothing else."""
    canonical = [
        [
            row.line,
            row.charge_id,
            row.order_id,
            row.mode.value,
            row.amount.amount,
            row.amount.currency,
            row.reason,
            row.note,
            sorted(row.item_ids),
        ]
        for row in rows
    ]
    text = json.dumps([staff_id, canonical], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


async def check_batch(
    rows: Sequence[BatchRow], staff: StaffMember, refunds: RefundService
) -> BatchCheck:
    """Check ``rows`` against Clover (fresh reads) and ``staff``'s authority; nothing is sent."""
    staff = await refunds.recorded_staff(staff)
    targets = await _read_targets(rows, refunds)
    problems: list[RowProblem] = []
    planned: list[PlannedRefund] = []
    # What the rows above have taken from each charge: (amount, items returned).
    taken: dict[str, tuple[int, frozenset[str]]] = {}
    for row in rows:
        target = targets[row.line]
        if isinstance(target, str):
            problems.append(RowProblem(row.line, target))
            continue
        used, returned = taken.get(target.charge_id, (0, frozenset()))
        after_above = replace(
            target,
            refunded=target.refunded + used,
            items=tuple(
                replace(item, refunded=item.refunded or item.line_item_id in returned)
                for item in target.items
            ),
        )
        plan_or_problem = _plan(row, after_above, used)
        if isinstance(plan_or_problem, str):
            problems.append(RowProblem(row.line, plan_or_problem))
            continue
        planned.append(plan_or_problem)
        taken[target.charge_id] = (
            used + plan_or_problem.amount.amount,
            returned | set(plan_or_problem.item_ids),
        )
    reasons: tuple[str, ...] = ()
    if not problems:
        refused, reasons = await check_authority(planned, staff, refunds)
        problems += refused
    return BatchCheck(staff, tuple(planned), tuple(problems), reasons)


async def _read_targets(
    rows: Sequence[BatchRow], refunds: RefundService
) -> dict[int, RefundTarget | str]:
    """Each row's charge read fresh (once per charge), or why it cannot be."""
    gate = asyncio.Semaphore(CHECK_CONCURRENCY)
    charges: dict[str, asyncio.Task[RefundTarget | str]] = {}
    orders: dict[str, asyncio.Task[tuple[str | None, str]]] = {}
    not_whole = {r.charge_id for r in rows if r.amount is not None or r.item_ids}
    by_order = any(r.charge_id is None for r in rows)

    async def charge_of_order(order_id: str) -> tuple[str | None, str]:
        """(the order's charge, "") or (None, why not)."""
        async with gate:
            try:
                return await refunds.charge_for_order(order_id), ""
            except NotFound:
                return None, QT_TRANSLATE_NOOP(
                    "BatchCheck", "order {order} is not on Clover."
                ).format(order=order_id)
            except RefundRefused as refused:
                return None, message_of(refused)
            except ApiError as error:
                return None, QT_TRANSLATE_NOOP(
                    "BatchCheck", "order {order} could not be read from Clover ({reason})."
                ).format(order=order_id, reason=error.message)

    async def target(charge_id: str, with_items: bool) -> RefundTarget | str:
        async with gate:
            try:
                return await refunds.load_target(
                    charge_id, for_display=False, with_items=with_items
                )
            except NotFound:
                return QT_TRANSLATE_NOOP("BatchCheck", "charge {charge} is not on Clover.").format(
                    charge=charge_id
                )
            except ApiError as error:
                return QT_TRANSLATE_NOOP(
                    "BatchCheck", "charge {charge} could not be read from Clover ({reason})."
                ).format(charge=charge_id, reason=error.message)

    async def row_target(row: BatchRow) -> RefundTarget | str:
        charge_id = row.charge_id
        if charge_id is None:
            assert row.order_id is not None
            order_task = orders.get(row.order_id)
            if order_task is None:
                order_task = orders[row.order_id] = asyncio.ensure_future(
                    charge_of_order(row.order_id)
                )
            charge_id, problem = await order_task
            if charge_id is None:
                return problem
        task = charges.get(charge_id)
        if task is None:
            # A charge refunded whole in every row needs no line items; any other row
            # of it does (an item return, or a part, which Clover refuses on an order
            # of several items). Which charge an order row refunds is known only once
            # read, so with any order rows every charge is read with its items.
            with_items = by_order or charge_id in not_whole
            task = charges[charge_id] = asyncio.ensure_future(target(charge_id, with_items))
        return await task

    results = await asyncio.gather(*(row_target(row) for row in rows))
    return {row.line: result for row, result in zip(rows, results, strict=True)}


def _plan(row: BatchRow, target: RefundTarget, used_above: int) -> PlannedRefund | str:
    """The row as it will be sent, given what the rows above took; or its problem."""
    if row.item_ids:
        mode = RefundMode.ITEMS
    elif row.amount is None:
        mode = RefundMode.FULL
    else:
        mode = RefundMode.PARTIAL
    if mode is RefundMode.PARTIAL and row.amount == target.remaining.amount:
        # The whole of what remains: sent as a full refund, which Clover allows even
        # where a partial amount is refused (tax, tip, several items).
        mode = RefundMode.FULL
    plan = plan_refund(target, mode, partial_amount=row.amount, item_ids=row.item_ids)
    if not plan.ok:
        problems = list(plan.problems)
        if used_above:
            problems.append(QT_TRANSLATE_NOOP("BatchCheck", "(Rows above refund the same charge.)"))
        return join_phrases(problems)
    if mode is RefundMode.ITEMS and row.amount is not None and row.amount != plan.amount.amount:
        return QT_TRANSLATE_NOOP(
            "BatchCheck",
            "the items come to {amount}, not the amount given; leave the amount empty to "
            "refund the items.",
        ).format(amount=plan.amount)
    if mode is not RefundMode.FULL and not row.note.strip():
        return QT_TRANSLATE_NOOP(
            "BatchCheck", "a partial refund or an item return needs a note saying why."
        )
    return PlannedRefund(
        line=row.line,
        charge_id=target.charge_id,
        order_id=target.order_id,
        mode=plan.mode,
        amount=plan.amount,
        reason=row.reason,
        note=row.note.strip(),
        item_ids=tuple(sorted(item.line_item_id for item in plan.items)),
    )


async def check_authority(
    rows: Sequence[PlannedRefund], staff: StaffMember, refunds: RefundService
) -> tuple[list[RowProblem], tuple[str, ...]]:
    """Problems if ``staff`` may not refund at all, and why a manager must approve the
    rows (empty: ``staff`` may send them alone). What they already refunded from this
    computer (on each charge, and today) counts, as it does in the wizard."""
    if not rows:
        return [], ()
    today: dict[str, int] = {}
    on_charge: dict[str, int] = {}
    reasons: list[str] = []
    for row in rows:
        money = row.amount
        if row.charge_id not in on_charge:
            earlier = await refunds.earlier_refunds(staff, row.charge_id, money.currency)
            on_charge[row.charge_id] = earlier.on_charge
            today.setdefault(money.currency, earlier.today)
        earlier = EarlierRefunds(on_charge[row.charge_id], today[money.currency])
        verdict = refund_approval(staff, money, earlier)
        if verdict is RefundApproval.REFUSED:
            return [
                RowProblem(
                    0,
                    QT_TRANSLATE_NOOP("BatchCheck", "{name} may not make refunds.").format(
                        name=staff.name
                    ),
                )
            ], ()
        if verdict is RefundApproval.NEEDS_MANAGER and len(reasons) < 3:
            reasons.append(
                QT_TRANSLATE_NOOP("BatchCheck", "Line {line}: {why}.").format(
                    line=row.line, why=why_approval_is_needed(staff, money, earlier)
                )
            )
        on_charge[row.charge_id] += money.amount
        today[money.currency] += money.amount
    if not reasons:
        reasons += _over_limit_as_a_whole(rows, staff)
    return [], tuple(reasons)


def _over_limit_as_a_whole(rows: Sequence[PlannedRefund], staff: StaffMember) -> list[str]:
    """A batch is one act: a clerk sends one alone only if all of it together is within
    their refund limit, as one refund would be (their daily total counts it anyway)."""
    sums: Counter[str] = Counter()
    for row in rows:
        sums[row.amount.currency] += row.amount.amount
    reasons = []
    for currency in sorted(sums):
        total = Money(sums[currency], currency)
        if refund_approval(staff, total) is RefundApproval.NEEDS_MANAGER:
            reasons.append(
                QT_TRANSLATE_NOOP(
                    "BatchCheck",
                    "The batch's {count} refunds come to {total}, over {name}'s refund limit.",
                ).format(count=len(rows), total=total, name=staff.name)
            )
    return reasons
