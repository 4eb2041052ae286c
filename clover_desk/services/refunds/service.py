"""Exactly-once refunds: journal first, one key per refund, settle what is unknown.

The flow (ARCHITECTURE.md, "Data flow of the central job"):

1. the caller's rights are checked (``staff.refund_approval``) against the staff
   directory's record of them, a manager's approval, a clerk's per-charge limit and
   daily total included;
2. any unsettled earlier refund of the same charge is settled first;
3. the charge is read fresh and the request re-validated against what remains;
4. the intent is committed to the journal under the wizard's idempotency key;
5. the request goes out with that key (amount refunds ``POST /v1/refunds``, item
   refunds ``POST /v1/orders/{id}/returns``); every retry reuses it;
6. the outcome is journaled. When retries cannot tell (``OutcomeUnknown``), the entry
   is ``unknown`` and is settled in the background, never by asking the user to try
   again blind.

Settling an entry first looks for the refund on the server — amount refunds carry an
``external_reference_id`` derived from the key, item refunds mark their line items
refunded — and only if it is not there re-sends the same request with the same key.
Because Clover deduplicates by that key (and the lookup runs first where its
deduplication is undocumented), a refund is never made twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from clover_desk.api.ecommerce import EcommerceApi, ReturnItem
from clover_desk.api.errors import ApiError, InvalidRequest, NotFound, OutcomeUnknown
from clover_desk.api.models.ecommerce import Charge, RefundReason, Source
from clover_desk.api.models.platform import LineItem, Order
from clover_desk.api.money import Money
from clover_desk.api.platform import PlatformApi
from clover_desk.services.common import QT_TRANSLATE_NOOP, join_phrases
from clover_desk.services.refunds.journal import (
    EntryStatus,
    Journal,
    JournalEntry,
    MovementKind,
    ReturnedItem,
)
from clover_desk.services.refunds.rules import (
    RefundableItem,
    RefundMode,
    RefundPlan,
    RefundTarget,
    item_amounts,
    plan_refund,
)
from clover_desk.services.refunds.wizard import Outcome, RefundResult
from clover_desk.services.staff import (
    NO_EARLIER_REFUNDS,
    ApprovalProof,
    ApprovalRefused,
    BatchGrant,
    EarlierRefunds,
    Permission,
    PermissionRefused,
    RefundApproval,
    StaffDirectory,
    StaffError,
    StaffMember,
    refund_approval,
    why_approval_is_needed,
)

log = logging.getLogger(__name__)

#: Delays between background attempts to settle an unknown outcome (seconds); the last
#: one repeats until the entry settles or the service closes.
SETTLE_BACKOFF = (0.5, 1.0, 2.0, 5.0, 15.0, 30.0)


def reference_for(key: str) -> str:
    """The 12-character ``external_reference_id`` a refund with this key carries.

    Clover caps the field at 12 characters, so it holds a digest of the key rather than
    the key: ``CD`` and ten base-32 characters, enough to tell this machine's refunds
    of one charge apart.
    """
    digest = hashlib.sha256(key.encode()).digest()
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(10):
        number, index = divmod(number, 32)
        chars.append(alphabet[index])
    return "CD" + "".join(chars)


@dataclass(frozen=True, slots=True)
class RefundRequest:
    """One refund as the wizard (or any other caller) asks for it."""

    key: str
    target: RefundTarget
    mode: RefundMode
    reason: str
    note: str
    staff: StaffMember
    partial_amount: int | None = None
    item_ids: tuple[str, ...] = ()
    approval: ApprovalProof | None = None


@dataclass(frozen=True, slots=True)
class BatchRowRequest:
    """One row of an accepted batch, as the batch queue sends it (see ``batch_queue``)."""

    key: str
    charge_id: str
    mode: RefundMode
    amount: Money
    reason: str
    note: str
    staff: StaffMember
    item_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Ask:
    """What every refund path hands the exactly-once core, however it was asked."""

    key: str
    charge_id: str
    mode: RefundMode
    reason: str
    note: str
    staff: StaffMember
    partial_amount: int | None
    item_ids: tuple[str, ...]
    approval: ApprovalProof | None

    @classmethod
    def of(cls, request: RefundRequest) -> _Ask:
        return cls(
            key=request.key,
            charge_id=request.target.charge_id,
            mode=request.mode,
            reason=request.reason,
            note=request.note,
            staff=request.staff,
            partial_amount=request.partial_amount,
            item_ids=request.item_ids,
            approval=request.approval,
        )


class RefundRefused(Exception):
    """The refund was not sent: the sentence says why, for the person at the counter."""


class RefundNotYet(RefundRefused):
    """Not sent because Clover could not be asked yet (the charge could not be read, or
    an earlier refund of it is still unconfirmed): the same refund may be asked again."""


JournalListener = Callable[[JournalEntry], None]


class RefundService:
    """Refunds for one merchant session.

    Args:
        ecommerce: the client's Ecommerce API (charges, refunds, returns).
        platform: the client's v3 API (orders and line items for item refunds).
        journal: the durable journal on this machine.
        directory: the staff directory that issues and verifies managers' approvals;
            without one, no refund that needs an approval is sent.
    """

    def __init__(
        self,
        ecommerce: EcommerceApi,
        platform: PlatformApi,
        journal: Journal,
        directory: StaffDirectory | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._ecommerce = ecommerce
        self._platform = platform
        self._journal = journal
        self._directory = directory
        # Seconds since the epoch: "today" for a clerk's daily total is the local day.
        self._clock = clock
        self._charge_locks: dict[str, asyncio.Lock] = {}
        self._settlers: dict[str, asyncio.Task[None]] = {}
        self._settled_listeners: list[JournalListener] = []
        self._intent_listeners: list[JournalListener] = []
        self._claimed: set[str] = set()
        self._batch_grants: Callable[[str], BatchGrant | None] | None = None

    # -- listening (services ask, the UI renders) ------------------------------

    def on_settled(self, listener: JournalListener) -> None:
        """Call ``listener`` with each entry this service settles (success or failure)."""
        self._settled_listeners.append(listener)

    def on_intent(self, listener: JournalListener) -> None:
        """Call ``listener`` once an intent is durably journaled, just before it is sent."""
        self._intent_listeners.append(listener)

    def forget_listener(self, listener: JournalListener) -> None:
        """Stop calling ``listener`` (a closed wizard)."""
        for listeners in (self._settled_listeners, self._intent_listeners):
            while listener in listeners:
                listeners.remove(listener)

    # -- one wizard per charge -------------------------------------------------

    def claim(self, charge_id: str) -> None:
        """Reserve ``charge_id`` for one refund wizard; a second one is refused."""
        if charge_id in self._claimed:
            raise RefundRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds",
                    "A refund of this charge is already open in another window. Finish or "
                    "close that one first.",
                )
            )
        self._claimed.add(charge_id)

    def release(self, charge_id: str) -> None:
        self._claimed.discard(charge_id)

    @staticmethod
    def _tell(listeners: list[JournalListener], entry: JournalEntry) -> None:
        for listener in list(listeners):
            try:
                listener(entry)
            except Exception:
                log.exception("a refund listener failed")

    # -- reading ---------------------------------------------------------------

    async def load_target(
        self, charge_id: str, *, for_display: bool = True, with_items: bool = True
    ) -> RefundTarget:
        """The charge as a refund sees it, read fresh: remaining balance, items, card.

        ``for_display=False`` leaves out what only a person reads (the customer's name,
        the list of earlier refunds), and ``with_items=False`` the order's line items,
        which a full refund of what remains does not depend on: each costs requests a
        check does not need.
        """
        charge = await self._ecommerce.get_charge(charge_id)
        earlier = (
            [r async for r in self._ecommerce.list_refunds(charge=charge_id)] if for_display else []
        )
        items: tuple[RefundableItem, ...] = ()
        if charge.order and with_items:
            with contextlib.suppress(NotFound):
                items = await self._order_items(charge.order)
        return RefundTarget(
            charge_id=charge.id,
            order_id=charge.order,
            amount=charge.money,
            tip=charge.tip_amount or 0,
            tax=charge.tax_amount or 0,
            refunded=charge.amount_refunded,
            captured=charge.captured is not False,
            card_label=_card_label(charge),
            customer_label=await self._customer_label(charge) if for_display else "",
            items=items,
            earlier_refunds=tuple((r.id, r.amount) for r in earlier if r.status.value != "failed"),
        )

    async def charge_for_order(self, order_id: str) -> str:
        """The charge that paid ``order_id`` (item returns refund through it).

        The Ecommerce order names its charge; a v3 payment is the fallback, its id being
        the charge's where the two coincide.
        """
        try:
            order = await self._ecommerce.get_order(order_id)
            if order.charge:
                return order.charge
        except NotFound:
            pass
        v3 = await self._platform.get_order(order_id, expand=["payments"])
        for payment in v3.payments.elements if v3.payments else []:
            if payment.result is None or payment.result.value in ("SUCCESS", "AUTH_COMPLETED"):
                return payment.id
        raise RefundRefused(
            QT_TRANSLATE_NOOP("Refunds", "Order {order} has no card payment to refund.").format(
                order=order_id
            )
        )

    async def _order_items(self, order_id: str) -> tuple[RefundableItem, ...]:
        order = await self._platform.get_order(order_id, expand=["discounts"])
        line_items = [
            item
            async for item in self._platform.list_line_items(
                order_id, expand=["modifications", "discounts"]
            )
        ]
        nets = [_net_price(item) for item in line_items]
        order_discount = _order_discount(order, sum(nets))
        tax = max(0, (order.total or 0) - (sum(nets) - order_discount))
        amounts = item_amounts(nets, order_discount, tax)
        return tuple(
            RefundableItem(item.id, item.name or "Item", amount, bool(item.refunded))
            for item, amount in zip(line_items, amounts, strict=True)
        )

    async def _customer_label(self, charge: Charge) -> str:
        if not charge.customer:
            return ""
        try:
            customer = await self._platform.get_customer(charge.customer)
        except ApiError:
            return ""
        name = " ".join(p for p in (customer.first_name, customer.last_name) if p)
        return name or charge.customer

    # -- refunding -------------------------------------------------------------

    async def refund(self, request: RefundRequest) -> RefundResult:
        """Make one refund, exactly once, whatever happens to the network or the app."""
        request = await self._as_recorded(request)
        _authorize(request)
        return await self._refund_once(
            _Ask.of(request), expected_full=request.target.remaining, grant=None
        )

    async def refund_batch_row(self, row: BatchRowRequest) -> RefundResult:
        """Make one row of an accepted batch, exactly once, under the batch's authority.

        The row must be one the batch queue recorded (its :class:`BatchGrant`, looked up
        by key): its charge, amount, mode and items, asked by the same staff member. A
        full refund is made only if what remains is still the amount the batch was
        checked (and approved) for. What remains is not read back afterwards: a batch
        reports each row's refund, not the charge's new balance.
        """
        grant = await asyncio.to_thread(self._grant_for, row.key)
        if grant is None:
            raise PermissionRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds", "This refund is not part of an accepted batch: nothing was sent."
                )
            )
        staff = await self._recorded(row.staff)
        ask = _Ask(
            key=row.key,
            charge_id=row.charge_id,
            mode=row.mode,
            reason=row.reason,
            note=row.note,
            staff=staff,
            partial_amount=row.amount.amount if row.mode is RefundMode.PARTIAL else None,
            item_ids=row.item_ids,
            approval=None,
        )
        return await self._refund_once(
            ask, expected_full=row.amount, grant=grant, report_remaining=False
        )

    def use_batch_grants(self, lookup: Callable[[str], BatchGrant | None]) -> None:
        """Where batch rows' grants are looked up (blocking; run on a worker thread)."""
        self._batch_grants = lookup

    def _grant_for(self, key: str) -> BatchGrant | None:
        return self._batch_grants(key) if self._batch_grants is not None else None

    async def _refund_once(
        self,
        ask: _Ask,
        *,
        expected_full: Money,
        grant: BatchGrant | None,
        report_remaining: bool = True,
    ) -> RefundResult:
        lock = self._charge_locks.setdefault(ask.charge_id, asyncio.Lock())
        async with lock:
            existing = await asyncio.to_thread(self._journal.get, ask.key)
            if existing is not None:
                # A repeated submit of the same wizard, or a batch row resumed after a
                # restart: never a second request.
                if not existing.status.settled:
                    existing = await self._settle(existing)
                return await self._result(existing, report_remaining)
            for earlier in await asyncio.to_thread(self._journal.unsettled, ask.charge_id):
                settled = await self._settle(earlier)
                if not settled.status.settled:
                    raise RefundNotYet(
                        QT_TRANSLATE_NOOP(
                            "Refunds",
                            "An earlier refund of this charge could not be confirmed with Clover "
                            "yet. Clover Desk keeps checking; try again when it has settled.",
                        )
                    )
            try:
                fresh = await self.load_target(
                    ask.charge_id, for_display=False, with_items=ask.mode is not RefundMode.FULL
                )
            except ApiError as error:
                raise RefundNotYet(
                    QT_TRANSLATE_NOOP(
                        "Refunds",
                        "Could not read the charge from Clover ({reason}). "
                        "Nothing was sent; try again when Clover answers.",
                    ).format(reason=error.message)
                ) from error
            plan = plan_refund(
                fresh, ask.mode, partial_amount=ask.partial_amount, item_ids=ask.item_ids
            )
            if not plan.ok:
                raise RefundRefused(join_phrases(plan.problems))
            if plan.mode is RefundMode.FULL and plan.amount != expected_full:
                raise RefundRefused(
                    QT_TRANSLATE_NOOP(
                        "Refunds",
                        "What remains of this charge changed from {before} to {now} since it "
                        "was shown. Nothing was sent; start the refund again to see the new "
                        "amount.",
                    ).format(before=expected_full, now=plan.amount)
                )
            if grant is not None:
                approver = await self._verify_grant(ask, grant, fresh, plan)
                approval_id = grant.approval_id if approver is not None else None
            else:
                approver = await self._verify_approval(ask, fresh, plan)
                approval_id = ask.approval.proof_id if approver and ask.approval else None
            entry = await asyncio.to_thread(
                self._journal.record_intent,
                _entry_for(ask, fresh, plan, approver, approval_id),
            )
            self._tell(self._intent_listeners, entry)
            entry = await self._send(entry)
        if entry.status is EntryStatus.UNKNOWN:
            self._settle_in_background(entry)
        return await self._result(entry, report_remaining)

    async def recorded_staff(self, member: StaffMember) -> StaffMember:
        """``member`` as the staff directory records them now (role, limits, active)."""
        return await self._recorded(member)

    async def _as_recorded(self, request: RefundRequest) -> RefundRequest:
        """The request with its staff member as the directory knows them now.

        A caller builds ``StaffMember`` itself, so its role, limits and active flag are
        only claims; where a directory exists, its record decides.
        """
        return replace(request, staff=await self._recorded(request.staff))

    async def _recorded(self, member: StaffMember) -> StaffMember:
        if self._directory is None:
            return member
        try:
            recorded = await asyncio.to_thread(self._directory.get, member.id)
        except StaffError:
            raise PermissionRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds", "{name} is not on this merchant's staff: nothing was sent."
                ).format(name=member.name)
            ) from None
        if not recorded.active:
            raise PermissionRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds", "{name}'s account is inactive: nothing was sent."
                ).format(name=recorded.name)
            )
        return recorded

    async def _verify_grant(
        self, ask: _Ask, grant: BatchGrant, target: RefundTarget, plan: RefundPlan
    ) -> StaffMember | None:
        """The batch's approver if the row is exactly what the batch holds, else refused.

        A batch within the staff member's own limits is held to them row by row, as the
        wizard would be; an approved one needs its approver still able to approve.
        """
        if (
            grant.staff_id != ask.staff.id
            or grant.charge_id != target.charge_id
            or grant.mode != plan.mode.value
            or grant.amount != plan.amount
            or grant.item_ids != tuple(sorted(item.line_item_id for item in plan.items))
        ):
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds",
                    "This refund is not the one the batch holds for it: nothing was sent.",
                )
            )
        if grant.approver_id is None:
            return await self._verify_approval(ask, target, plan)
        if self._directory is None:
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds", "A manager's approval cannot be checked here, so nothing was sent."
                )
            )
        try:
            approver = await asyncio.to_thread(self._directory.get, grant.approver_id)
        except StaffError:
            approver = None
        if approver is None or not approver.can(Permission.APPROVE_REFUNDS):
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds",
                    "The manager who approved this batch can no longer approve refunds: "
                    "nothing more of it is sent. Ask another manager to approve what is left.",
                )
            )
        return approver

    async def _verify_approval(
        self, request: _Ask, target: RefundTarget, plan: RefundPlan
    ) -> StaffMember | None:
        """The approver whose proof covers exactly this refund, or None if none is needed.

        Checked against the charge as read just now, so a proof can only ever authorise
        the refund that is about to be sent; using it spends it.
        """
        earlier = await self.earlier_refunds(request.staff, target.charge_id, plan.amount.currency)
        if request.approval is None:
            needs = refund_approval(request.staff, plan.amount, earlier)
            if needs is RefundApproval.REFUSED:
                raise PermissionRefused(
                    QT_TRANSLATE_NOOP("Refunds", "{name} may not make refunds.").format(
                        name=request.staff.name
                    )
                )
            if needs is RefundApproval.NEEDS_MANAGER:
                why = why_approval_is_needed(request.staff, plan.amount, earlier)
                raise PermissionRefused(
                    QT_TRANSLATE_NOOP("Refunds", "{why}: a manager's approval is needed.").format(
                        why=why
                    )
                )
            return None
        if self._directory is None:
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Refunds", "A manager's approval cannot be checked here, so nothing was sent."
                )
            )
        return await asyncio.to_thread(
            self._directory.redeem_approval,
            request.approval,
            charge_id=target.charge_id,
            amount=plan.amount,
            mode=plan.mode.value,
            item_ids=[item.line_item_id for item in plan.items],
        )

    async def earlier_refunds(
        self, staff: StaffMember, charge_id: str, currency: str
    ) -> EarlierRefunds:
        """What ``staff`` already refunded from here, on ``charge_id`` and today, which
        counts against a clerk's limits together with the refund being asked for."""
        on_charge = await asyncio.to_thread(self._journal.refunded_by, staff.id, charge_id)
        today = await asyncio.to_thread(
            self._journal.refunded_by_since, staff.id, self._start_of_today_ms(), currency
        )
        return EarlierRefunds(on_charge=on_charge, today=today)

    def _start_of_today_ms(self) -> int:
        now = datetime.fromtimestamp(self._clock()).astimezone()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return int(midnight.timestamp() * 1000)

    async def _send(self, entry: JournalEntry) -> JournalEntry:
        """Send (or re-send, same key) and journal what came of it."""
        await asyncio.to_thread(self._journal.record_attempt, entry.key)
        try:
            refund_id = await self._post(entry)
        except OutcomeUnknown as error:
            log.warning("refund %s: outcome unknown (%s)", entry.key, error.message)
            return await asyncio.to_thread(
                self._journal.record_outcome,
                entry.key,
                EntryStatus.UNKNOWN,
                message=QT_TRANSLATE_NOOP(
                    "Refunds", "Clover's answer was lost; Clover Desk is confirming it."
                ),
            )
        except InvalidRequest as error:
            return await asyncio.to_thread(
                self._journal.record_outcome, entry.key, EntryStatus.FAILED, message=error.message
            )
        except ApiError as error:
            # Not sent, or refused for a reason retries could not fix: unsettled but not
            # lost; the settle loop looks again before any other refund of the charge.
            return await asyncio.to_thread(
                self._journal.record_outcome,
                entry.key,
                EntryStatus.UNKNOWN,
                message=QT_TRANSLATE_NOOP(
                    "Refunds", "Clover could not be reached ({reason}); confirming later."
                ).format(reason=error.message),
            )
        return await asyncio.to_thread(
            self._journal.record_outcome, entry.key, EntryStatus.SUCCEEDED, refund_id=refund_id
        )

    async def _post(self, entry: JournalEntry) -> str:
        if entry.kind is MovementKind.RETURN:
            assert entry.order_id is not None
            result = await self._ecommerce.return_order(
                entry.order_id,
                items=[
                    ReturnItem(parent=i.line_item_id, amount=i.amount, description=i.name)
                    for i in entry.items
                ],
                idempotency_key=entry.key,
            )
            # The return's response shape is unconfirmed: prefer a refund id, else its own.
            return result.refund or result.id or entry.order_id
        refund = await self._ecommerce.create_refund(
            entry.charge_id,
            amount=entry.amount.amount,
            reason=RefundReason(entry.reason),
            external_reference_id=reference_for(entry.key),
            idempotency_key=entry.key,
        )
        return refund.id

    # -- settling --------------------------------------------------------------

    async def settle_all(self) -> list[JournalEntry]:
        """Settle every unsettled intent (at start-up and after a reconnect)."""
        settled = []
        for entry in await asyncio.to_thread(self._journal.unsettled):
            lock = self._charge_locks.setdefault(entry.charge_id, asyncio.Lock())
            async with lock:
                settled.append(await self._settle(entry))
        return settled

    async def _settle(self, entry: JournalEntry) -> JournalEntry:
        try:
            found = await self._find_on_server(entry)
        except ApiError as error:
            log.info("refund %s: cannot look it up yet (%s)", entry.key, error.message)
            return entry
        if found is not None:
            settled = await asyncio.to_thread(
                self._journal.record_outcome, entry.key, EntryStatus.SUCCEEDED, refund_id=found
            )
        else:
            settled = await self._send(entry)
        if settled.status.settled:
            self._tell(self._settled_listeners, settled)
        return settled

    async def _find_on_server(self, entry: JournalEntry) -> str | None:
        """The refund's id if Clover already has it, else None."""
        if entry.kind is MovementKind.REFUND:
            reference = reference_for(entry.key)
            async for refund in self._ecommerce.list_refunds(charge=entry.charge_id):
                if refund.external_reference_id == reference:
                    return refund.id
            return None
        assert entry.order_id is not None
        wanted = {item.line_item_id for item in entry.items}
        refunded = {
            item.id
            async for item in self._platform.list_line_items(entry.order_id)
            if item.refunded
        }
        if not wanted <= refunded:
            return None
        newest = [r async for r in self._ecommerce.list_refunds(charge=entry.charge_id, limit=1)]
        return newest[0].id if newest else "returned"

    def _settle_in_background(self, entry: JournalEntry) -> None:
        if entry.key in self._settlers:
            return
        self._settlers[entry.key] = asyncio.get_running_loop().create_task(
            self._settle_until_known(entry), name=f"settle-refund-{entry.key}"
        )

    async def _settle_until_known(self, entry: JournalEntry) -> None:
        try:
            attempt = 0
            while not entry.status.settled:
                await asyncio.sleep(SETTLE_BACKOFF[min(attempt, len(SETTLE_BACKOFF) - 1)])
                attempt += 1
                lock = self._charge_locks.setdefault(entry.charge_id, asyncio.Lock())
                async with lock:
                    current = await asyncio.to_thread(self._journal.get, entry.key)
                    assert current is not None
                    entry = current if current.status.settled else await self._settle(current)
        finally:
            self._settlers.pop(entry.key, None)

    async def wait_settled(self, key: str) -> JournalEntry | None:
        """Wait for a background settle of ``key`` (tests and the wizard's result page)."""
        task = self._settlers.get(key)
        if task is not None:
            await task
        return await asyncio.to_thread(self._journal.get, key)

    async def close(self) -> None:
        for task in list(self._settlers.values()):
            task.cancel()
        for task in list(self._settlers.values()):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _result(self, entry: JournalEntry, report_remaining: bool = True) -> RefundResult:
        if entry.status is EntryStatus.SUCCEEDED:
            remaining: Money | None = None
            if report_remaining:
                with contextlib.suppress(ApiError):
                    fresh = await self.load_target(
                        entry.charge_id, for_display=False, with_items=False
                    )
                    remaining = fresh.remaining
            return RefundResult(Outcome.SUCCEEDED, entry.refund_id, remaining)
        if entry.status is EntryStatus.FAILED:
            return RefundResult(
                Outcome.FAILED,
                message=entry.message or QT_TRANSLATE_NOOP("Refunds", "Clover refused it."),
            )
        return RefundResult(
            Outcome.UNKNOWN,
            message=entry.message
            or QT_TRANSLATE_NOOP(
                "Refunds", "Clover's answer has not arrived; Clover Desk is confirming the refund."
            ),
        )


def _authorize(request: RefundRequest) -> RefundPlan:
    plan = plan_refund(
        request.target,
        request.mode,
        partial_amount=request.partial_amount,
        item_ids=request.item_ids,
    )
    if not plan.ok:
        raise RefundRefused(join_phrases(plan.problems))
    approval = refund_approval(request.staff, plan.amount)
    if approval is RefundApproval.REFUSED:
        raise PermissionRefused(
            QT_TRANSLATE_NOOP("Refunds", "{name} may not make refunds.").format(
                name=request.staff.name
            )
        )
    if approval is RefundApproval.NEEDS_MANAGER and request.approval is None:
        why = why_approval_is_needed(request.staff, plan.amount, NO_EARLIER_REFUNDS)
        raise PermissionRefused(
            QT_TRANSLATE_NOOP("Refunds", "{why}: a manager's approval is needed.").format(why=why)
        )
    return plan


def journal_entry_for(
    request: RefundRequest,
    target: RefundTarget,
    plan: RefundPlan,
    approver: StaffMember | None = None,
) -> JournalEntry:
    """The intent the journal records for ``request`` (before anything is sent)."""
    approval_id = request.approval.proof_id if approver and request.approval else None
    return _entry_for(_Ask.of(request), target, plan, approver, approval_id)


def _entry_for(
    ask: _Ask,
    target: RefundTarget,
    plan: RefundPlan,
    approver: StaffMember | None,
    approval_id: str | None,
) -> JournalEntry:
    kind = MovementKind.RETURN if plan.mode is RefundMode.ITEMS else MovementKind.REFUND
    return JournalEntry(
        key=ask.key,
        kind=kind,
        charge_id=target.charge_id,
        order_id=target.order_id,
        amount=plan.amount,
        reason=ask.reason,
        note=ask.note.strip(),
        staff_id=ask.staff.id,
        staff_name=ask.staff.name,
        approver_name=approver.name if approver else None,
        approver_id=approver.id if approver else None,
        approval_id=approval_id,
        items=tuple(ReturnedItem(i.line_item_id, i.name, i.amount) for i in plan.items),
    )


def _card_label(charge: Charge) -> str:
    source = charge.source
    if isinstance(source, Source) and source.last4:
        brand = source.brand.value if source.brand else "Card"
        return f"{brand} •••• {source.last4}"
    return charge.payment_method_details or "—"


def _net_price(item: LineItem) -> int:
    """A line item's price with modifiers, less its own discounts (minor units)."""
    price = item.price or 0
    if item.unit_qty:
        price = price * item.unit_qty // 1000
    modifications = item.modifications.elements if item.modifications else []
    modifiers = sum(m.amount or 0 for m in modifications)
    gross = price + modifiers
    discount = 0
    for d in item.discounts.elements if item.discounts else []:
        if d.amount is not None:
            discount += abs(d.amount)
        elif d.percentage is not None:
            discount += gross * d.percentage // 100
    return max(0, gross - discount)


def _order_discount(order: Order, subtotal: int) -> int:
    total = 0
    for d in order.discounts.elements if order.discounts else []:
        if d.amount is not None:
            total += abs(d.amount)
        elif d.percentage is not None:
            total += subtotal * d.percentage // 100
    return min(total, subtotal)
