"""The refund wizard's navigation and rules, without Qt.

Four pages — What, Why, Review, Result — as in issue 5. The Qt wizard renders this
object's state and forwards what the user typed; every rule (what is valid, when Next
is enabled, when a manager's PIN is needed, what the review says) is decided here and
tested bare, in the manner of Electrum's wizard core.

One wizard is one logical refund: its idempotency key is made when the wizard opens
and never changes, so a double click, a held Enter key or a retry after an unknown
outcome all name the same refund, and the journal and Clover both see one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from clover_desk.api.money import Money
from clover_desk.services.refund_rules import (
    REFUND_REASONS,
    RefundMode,
    RefundPlan,
    RefundTarget,
    plan_refund,
)
from clover_desk.services.staff import (
    NO_EARLIER_REFUNDS,
    ApprovalProof,
    EarlierRefunds,
    RefundApproval,
    StaffMember,
    refund_approval,
    why_approval_is_needed,
)

MAX_NOTE_LENGTH = 255


class Page(IntEnum):
    WHAT = 0
    WHY = 1
    REVIEW = 2
    RESULT = 3


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNKNOWN = "unknown"  # shown as such; the service settles it on its own


@dataclass(frozen=True, slots=True)
class RefundResult:
    outcome: Outcome
    refund_id: str | None = None
    remaining: Money | None = None
    message: str = ""


@dataclass
class RefundWizardState:
    """Everything the wizard knows; the Qt pages only read and set these fields."""

    target: RefundTarget
    staff: StaffMember
    mode: RefundMode = RefundMode.FULL
    partial_amount: int | None = None
    item_ids: list[str] = field(default_factory=list)
    reason: str | None = None
    note: str = ""
    approval_proof: ApprovalProof | None = None
    #: What this staff member already refunded (on this charge, today): it counts
    #: against a clerk's limits, so the wizard asks for a PIN where the service will.
    earlier: EarlierRefunds = NO_EARLIER_REFUNDS
    page: Page = Page.WHAT
    busy: bool = False
    result: RefundResult | None = None
    idempotency_key: str = field(default_factory=lambda: str(uuid.uuid4()))

    # -- rules ---------------------------------------------------------------

    @property
    def plan(self) -> RefundPlan:
        return plan_refund(
            self.target, self.mode, partial_amount=self.partial_amount, item_ids=self.item_ids
        )

    @property
    def available_modes(self) -> list[RefundMode]:
        """Modes worth offering: partial amounts only where Clover accepts them."""
        modes = [RefundMode.FULL]
        if self.target.partial_amount_allowed:
            modes.append(RefundMode.PARTIAL)
        if self.target.order_id and any(not i.refunded for i in self.target.items):
            modes.append(RefundMode.ITEMS)
        return modes

    @property
    def restriction_notice(self) -> str | None:
        """Explains, before the user hits it, why a partial amount is not offered."""
        blockers = self.target.partial_amount_blockers()
        if not blockers:
            return None
        route = (
            " Choose the items to refund instead: Clover Desk sends them as an order return."
            if RefundMode.ITEMS in self.available_modes
            else ""
        )
        return "A partial amount cannot be refunded because " + " and ".join(blockers) + "." + route

    @property
    def note_required(self) -> bool:
        return self.mode in (RefundMode.PARTIAL, RefundMode.ITEMS)

    @property
    def approval(self) -> RefundApproval:
        return refund_approval(self.staff, self.plan.amount, self.earlier)

    @property
    def valid_approval(self) -> ApprovalProof | None:
        """The manager's approval if it covers the refund as it stands now.

        A proof names one exact refund, so going back and changing the amount, the
        items or the mode leaves it covering nothing: the wizard asks again.
        """
        proof = self.approval_proof
        if proof is None:
            return None
        plan = self.plan
        item_ids = tuple(sorted({item.line_item_id for item in plan.items}))
        if (
            proof.charge_id != self.target.charge_id
            or proof.mode != plan.mode.value
            or proof.amount != plan.amount
            or proof.item_ids != item_ids
        ):
            return None
        return proof

    @property
    def needs_manager_pin(self) -> bool:
        return self.approval is RefundApproval.NEEDS_MANAGER and self.valid_approval is None

    def problems(self, page: Page | None = None) -> list[str]:
        """What stops the user leaving ``page`` (the current one by default)."""
        page = self.page if page is None else page
        if page is Page.WHAT:
            return list(self.plan.problems)
        if page is Page.WHY:
            problems = []
            if self.reason not in {code for code, _ in REFUND_REASONS}:
                problems.append("Choose a reason.")
            if self.note_required and not self.note.strip():
                problems.append("A note is required for partial and item refunds.")
            if len(self.note) > MAX_NOTE_LENGTH:
                problems.append(f"Keep the note under {MAX_NOTE_LENGTH} characters.")
            return problems
        if page is Page.REVIEW:
            problems = self.problems(Page.WHAT) + self.problems(Page.WHY)
            if self.approval is RefundApproval.REFUSED:
                problems.append(f"{self.staff.name} may not make refunds.")
            elif self.needs_manager_pin:
                why = why_approval_is_needed(self.staff, self.plan.amount, self.earlier)
                problems.append(f"{why}: a manager must enter their PIN.")
            return problems
        return []

    @property
    def can_go_next(self) -> bool:
        """Next (or Refund, on Review) follows ``valid and not busy``."""
        return self.page is not Page.RESULT and not self.busy and not self.problems()

    @property
    def can_go_back(self) -> bool:
        # Once a refund was asked for, going back could only invite a second one.
        return self.page in (Page.WHY, Page.REVIEW) and not self.busy

    # -- navigation ----------------------------------------------------------

    def next(self) -> Page:
        if not self.can_go_next:
            raise ValueError("; ".join(self.problems()) or "busy")
        if self.page is Page.REVIEW:
            raise ValueError("the Review page submits; call begin_submit()")
        self.page = Page(self.page + 1)
        return self.page

    def back(self) -> Page:
        if not self.can_go_back:
            raise ValueError("cannot go back from here")
        self.page = Page(self.page - 1)
        return self.page

    def begin_submit(self) -> bool:
        """Mark the refund as asked for. False when it already was (a repeated click)."""
        if self.busy or self.result is not None:
            return False
        if self.page is not Page.REVIEW or self.problems():
            raise ValueError("; ".join(self.problems()) or "not on the review page")
        self.busy = True
        return True

    def finish(self, result: RefundResult) -> None:
        self.busy = False
        self.result = result
        self.page = Page.RESULT

    # -- what the pages show -------------------------------------------------

    def select_items(self, item_ids: Sequence[str]) -> None:
        self.item_ids = list(item_ids)

    def review_lines(self) -> list[tuple[str, str]]:
        """(label, value) rows restating the refund for the Review page."""
        plan = self.plan
        reason_label = dict(REFUND_REASONS).get(self.reason or "", "—")
        lines = [
            ("Amount", str(plan.amount)),
            ("Card", self.target.card_label),
            ("Customer", self.target.customer_label or "—"),
            ("Reason", reason_label),
        ]
        if plan.items:
            lines.append(("Items", ", ".join(item.name for item in plan.items)))
        if self.note.strip():
            lines.append(("Note", self.note.strip()))
        approval = self.valid_approval
        if approval is not None:
            lines.append(("Approved by", approval.approver_name))
        return lines

    def warnings(self) -> list[str]:
        currency = self.target.currency
        warnings = []
        if self.target.refunded:
            refunded = Money(self.target.refunded, currency)
            warnings.append(f"This charge was refunded before ({refunded}).")
        tip = Money(self.target.tip, currency)
        if self.target.tip and self.mode is RefundMode.FULL:
            warnings.append(f"The charge carries a tip of {tip}; a full refund returns it too.")
        elif self.target.tip:
            warnings.append(f"The tip of {tip} is not part of this refund.")
        return warnings
