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
        "ApprovalProof": "accounts",
        "ApprovalRefused": "accounts",
        "BatchApprovalProof": "accounts",
        "BatchGrant": "accounts",
        "EarlierRefunds": "accounts",
        "MAX_REFUND_LIMIT": "accounts",
        "NO_EARLIER_REFUNDS": "accounts",
        "Permission": "accounts",
        "PermissionRefused": "accounts",
        "RefundApproval": "accounts",
        "Role": "accounts",
        "StaffDirectory": "accounts",
        "StaffError": "accounts",
        "StaffMember": "accounts",
        "TRAINING_STAFF": "accounts",
        "refund_approval": "accounts",
        "seed_training_staff": "accounts",
        "why_approval_is_needed": "accounts",
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
