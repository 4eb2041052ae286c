"""Staff accounts on this computer: PINs, roles, what each role may do, refund approvals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clover_desk.services import lazy_face

if TYPE_CHECKING:
    from clover_desk.services.staff.accounts import (
        MAX_REFUND_LIMIT,
        NO_EARLIER_REFUNDS,
        TRAINING_STAFF,
        ApprovalProof,
        ApprovalRefused,
        BatchApprovalProof,
        BatchGrant,
        EarlierRefunds,
        Permission,
        PermissionRefused,
        RefundApproval,
        Role,
        StaffDirectory,
        StaffError,
        StaffMember,
        refund_approval,
        seed_training_staff,
        why_approval_is_needed,
    )

__getattr__ = lazy_face(
    globals(),
    {
        "accounts": (
            "ApprovalProof",
            "ApprovalRefused",
            "BatchApprovalProof",
            "BatchGrant",
            "EarlierRefunds",
            "MAX_REFUND_LIMIT",
            "NO_EARLIER_REFUNDS",
            "Permission",
            "PermissionRefused",
            "RefundApproval",
            "Role",
            "StaffDirectory",
            "StaffError",
            "StaffMember",
            "TRAINING_STAFF",
            "refund_approval",
            "seed_training_staff",
            "why_approval_is_needed",
        ),
    },
)

__all__ = [
    "MAX_REFUND_LIMIT",
    "NO_EARLIER_REFUNDS",
    "TRAINING_STAFF",
    "ApprovalProof",
    "ApprovalRefused",
    "BatchApprovalProof",
    "BatchGrant",
    "EarlierRefunds",
    "Permission",
    "PermissionRefused",
    "RefundApproval",
    "Role",
    "StaffDirectory",
    "StaffError",
    "StaffMember",
    "refund_approval",
    "seed_training_staff",
    "why_approval_is_needed",
]
