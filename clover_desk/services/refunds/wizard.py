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
from clover_desk.services.common import QT_TRANSLATE_NOOP, and_list, join_phrases
from clover_desk.services.refunds.rules import (
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
        notice = QT_TRANSLATE_NOOP(
            "RefundWizardState", "A partial amount cannot be refunded because {reasons}."
        ).format(reasons=and_list(blockers))
        if RefundMode.ITEMS not in self.available_modes:
            return notice
        route = QT_TRANSLATE_NOOP(
            "RefundWizardState",
            "Choose the items to refund instead: Clover Desk sends them as an order return.",
        )
        return join_phrases([notice, route])

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
                problems.append(QT_TRANSLATE_NOOP("RefundWizardState", "Choose a reason."))
            if self.note_required and not self.note.strip():
                problems.append(
                    QT_TRANSLATE_NOOP(
                        "RefundWizardState", "A note is required for partial and item refunds."
                    )
                )
            if len(self.note) > MAX_NOTE_LENGTH:
                problems.append(
                    QT_TRANSLATE_NOOP(
                        "RefundWizardState", "Keep the note under {count} characters."
                    ).format(count=MAX_NOTE_LENGTH)
                )
            return problems
        if page is Page.REVIEW:
            problems = self.problems(Page.WHAT) + self.problems(Page.WHY)
            if self.approval is RefundApproval.REFUSED:
                problems.append(
                    QT_TRANSLATE_NOOP("RefundWizardState", "{name} may not make refunds.").format(
                        name=self.staff.name
                    )
                )
            elif self.needs_manager_pin:
                why = why_approval_is_needed(self.staff, self.plan.amount, self.earlier)
                problems.append(
                    QT_TRANSLATE_NOOP(
                        "RefundWizardState", "{why}: a manager must enter their PIN."
                    ).format(why=why)
                )
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
            (QT_TRANSLATE_NOOP("RefundWizardState", "Amount"), str(plan.amount)),
            (QT_TRANSLATE_NOOP("RefundWizardState", "Card"), self.target.card_label),
            (
                QT_TRANSLATE_NOOP("RefundWizardState", "Customer"),
                self.target.customer_label or "—",
            ),
            (QT_TRANSLATE_NOOP("RefundWizardState", "Reason"), reason_label),
        ]
        if plan.items:
            lines.append(
                (
                    QT_TRANSLATE_NOOP("RefundWizardState", "Items"),
                    ", ".join(item.name for item in plan.items),
                )
            )
        if self.note.strip():
            lines.append((QT_TRANSLATE_NOOP("RefundWizardState", "Note"), self.note.strip()))
        approval = self.valid_approval
        if approval is not None:
            lines.append(
                (QT_TRANSLATE_NOOP("RefundWizardState", "Approved by"), approval.approver_name)
            )
        return lines

    def warnings(self) -> list[str]:
        currency = self.target.currency
        warnings = []
        if self.target.refunded:
            refunded = Money(self.target.refunded, currency)
            warnings.append(
                QT_TRANSLATE_NOOP(
                    "RefundWizardState", "This charge was refunded before ({amount})."
                ).format(amount=refunded)
            )
        tip = Money(self.target.tip, currency)
        if self.target.tip and self.mode is RefundMode.FULL:
            warnings.append(
                QT_TRANSLATE_NOOP(
                    "RefundWizardState",
                    "The charge carries a tip of {amount}; a full refund returns it too.",
                ).format(amount=tip)
            )
        elif self.target.tip:
            warnings.append(
                QT_TRANSLATE_NOOP(
                    "RefundWizardState", "The tip of {amount} is not part of this refund."
                ).format(amount=tip)
            )
        return warnings
