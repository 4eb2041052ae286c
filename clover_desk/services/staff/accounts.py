"""Staff accounts, PINs and what each role may do.

Roles (issue 5): a *clerk* looks and refunds up to a per-clerk limit (per charge, and
optionally a daily total the owner sets); a *manager*
refunds anything and approves a clerk's over-limit refund with their PIN; an *owner*
also manages settings, staff and tokens. These rules are enforced here, in services;
the UI only reflects them.

PINs are stored as salted scrypt hashes. Wrong PINs count per account, and an account
that keeps failing is locked for a while so a PIN cannot be guessed at the counter.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from clover_desk.api.money import Money
from clover_desk.services.common import QT_TRANSLATE_NOOP, is_ascii_digits

#: scrypt cost: about 20 ms on a 2-core machine; slow enough to resist offline guessing
#: of a 4–6 digit PIN only together with the lockout below.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12
#: Clover refuses a charge above 99,999,999 minor units, so no refund can be larger.
MAX_REFUND_LIMIT = 99_999_999
MAX_FAILED_PINS = 5
LOCKOUT_SECONDS = 300


class Role(StrEnum):
    CLERK = "clerk"
    MANAGER = "manager"
    OWNER = "owner"


class Permission(StrEnum):
    VIEW = "view"
    REFUND = "refund"
    APPROVE_REFUNDS = "approve_refunds"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_STAFF = "manage_staff"
    MANAGE_TOKENS = "manage_tokens"


#: Each role in words (the UI translates them in the same context).
_ROLE_WORDS: dict[Role, str] = {
    Role.CLERK: QT_TRANSLATE_NOOP("Role", "clerk"),
    Role.MANAGER: QT_TRANSLATE_NOOP("Role", "manager"),
    Role.OWNER: QT_TRANSLATE_NOOP("Role", "owner"),
}

#: What each permission lets someone do, as the end of "… may not ___".
_PERMISSION_WORDS: dict[Permission, str] = {
    Permission.VIEW: QT_TRANSLATE_NOOP("Staff", "view"),
    Permission.REFUND: QT_TRANSLATE_NOOP("Staff", "refund"),
    Permission.APPROVE_REFUNDS: QT_TRANSLATE_NOOP("Staff", "approve refunds"),
    Permission.MANAGE_SETTINGS: QT_TRANSLATE_NOOP("Staff", "manage settings"),
    Permission.MANAGE_STAFF: QT_TRANSLATE_NOOP("Staff", "manage staff"),
    Permission.MANAGE_TOKENS: QT_TRANSLATE_NOOP("Staff", "manage tokens"),
}

_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.VIEW, Permission.REFUND}),
    Role.MANAGER: frozenset({Permission.VIEW, Permission.REFUND, Permission.APPROVE_REFUNDS}),
    Role.OWNER: frozenset(Permission),
}


class StaffError(Exception):
    """A staff rule said no; ``str(error)`` is a sentence for the person at the counter."""


class PermissionRefused(StaffError):
    pass


class WrongPin(StaffError):
    pass


class AccountLocked(StaffError):
    pass


class ApprovalRefused(PermissionRefused):
    """A refund approval did not hold: forged, for another refund, expired, used, or its
    approver may no longer approve."""


#: How long a manager's approval stays good: long enough to finish the wizard's Review
#: page, short enough that an approval left on a screen cannot be used later.
APPROVAL_TTL_SECONDS = 180


@dataclass(frozen=True, slots=True)
class ApprovalProof:
    """A manager's approval of one exact refund, issued only by ``StaffDirectory``.

    Every field is covered by ``signature``, an HMAC under a key only the directory that
    issued it holds, so changing any of them (or writing a proof from scratch) makes it
    worthless. ``item_ids`` is the sorted set of line items for an item return (empty
    otherwise); ``mode`` is the refund mode's value.
    """

    proof_id: str
    approver_id: int
    approver_name: str
    charge_id: str
    amount: Money
    mode: str
    item_ids: tuple[str, ...]
    expires_at: float
    signature: bytes


@dataclass(frozen=True, slots=True)
class BatchApprovalProof:
    """A manager's approval of one exact batch of refunds, issued only by ``StaffDirectory``.

    ``batch_digest`` is the batch's fingerprint (``batch_check.batch_digest``: every row's
    charge, amount, mode, items, reason and note, and who asked), so the proof covers those
    rows and no others; ``totals`` and ``row_count`` are what the manager was shown. Signed
    and spent once like :class:`ApprovalProof`.
    """

    proof_id: str
    approver_id: int
    approver_name: str
    batch_digest: str
    row_count: int
    totals: tuple[Money, ...]
    expires_at: float
    signature: bytes


@dataclass(frozen=True, slots=True)
class BatchGrant:
    """What an accepted batch allows for one of its rows, as the refund service checks it.

    Only the batch queue writes these, after verifying the batch's authority (and
    spending its approval proof, if it needed one); ``approver_id`` is None for a batch
    within the staff member's own limits, whose rows are then held to those limits.
    """

    batch_id: str
    staff_id: int
    charge_id: str
    amount: Money
    mode: str
    item_ids: tuple[str, ...]
    approver_id: int | None = None
    approval_id: str | None = None


@dataclass(frozen=True, slots=True)
class StaffMember:
    """A person who signs in. ``refund_limit`` applies to clerks only (None: no refunds
    without approval); so does ``daily_refund_limit``, the most a clerk may refund in a
    day without approval (None: no daily total, the default)."""

    id: int
    name: str
    role: Role
    refund_limit: Money | None = None
    active: bool = True
    daily_refund_limit: Money | None = None

    def can(self, permission: Permission) -> bool:
        return self.active and permission in _PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionRefused(
                QT_TRANSLATE_NOOP("Staff", "{name} ({role}) may not {action}.").format(
                    name=self.name,
                    role=_ROLE_WORDS[self.role],
                    action=_PERMISSION_WORDS[permission],
                )
            )


class RefundApproval(StrEnum):
    """What a refund of a given size needs from the person asking for it."""

    ALLOWED = "allowed"
    NEEDS_MANAGER = "needs_manager"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class EarlierRefunds:
    """What a staff member already refunded from this computer, in one currency's minor
    units: on the charge (or order) at hand, and today on any charge."""

    on_charge: int = 0
    today: int = 0


NO_EARLIER_REFUNDS = EarlierRefunds()


def refund_approval(
    member: StaffMember, amount: Money, earlier: EarlierRefunds = NO_EARLIER_REFUNDS
) -> RefundApproval:
    """Whether ``member`` may refund ``amount`` alone, with a manager's PIN, or not at all.

    A clerk's limit covers what they refund on one charge altogether, and their daily
    total (if the owner set one) what they refund in a day, so neither can be split
    around by refunding in pieces.
    """
    if not member.can(Permission.REFUND):
        return RefundApproval.REFUSED
    if member.can(Permission.APPROVE_REFUNDS):
        return RefundApproval.ALLOWED
    limit, daily = member.refund_limit, member.daily_refund_limit
    within_limit = (
        limit is not None
        and limit.currency == amount.currency
        and amount.amount + earlier.on_charge <= limit.amount
    )
    within_day = daily is None or (
        daily.currency == amount.currency and amount.amount + earlier.today <= daily.amount
    )
    return RefundApproval.ALLOWED if within_limit and within_day else RefundApproval.NEEDS_MANAGER


def why_approval_is_needed(member: StaffMember, amount: Money, earlier: EarlierRefunds) -> str:
    """Why ``amount`` needs a manager (see refund_approval), as the start of a sentence
    the caller finishes with what happens next."""
    daily = member.daily_refund_limit
    if daily is not None and (
        daily.currency != amount.currency or amount.amount + earlier.today > daily.amount
    ):
        return QT_TRANSLATE_NOOP(
            "Staff",
            "{name} has refunded {today} today; with {amount} that is over their daily "
            "total of {daily}",
        ).format(
            name=member.name,
            today=Money(earlier.today, amount.currency),
            amount=amount,
            daily=daily,
        )
    if earlier.on_charge:
        together = Money(amount.amount + earlier.on_charge, amount.currency)
        return QT_TRANSLATE_NOOP(
            "Staff",
            "With the {earlier} {name} already refunded on this charge, {together} is over "
            "their refund limit",
        ).format(
            earlier=Money(earlier.on_charge, amount.currency), name=member.name, together=together
        )
    return QT_TRANSLATE_NOOP("Staff", "{amount} is over {name}'s refund limit").format(
        amount=amount, name=member.name
    )


def hash_pin(pin: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    """(salt, scrypt hash) for a PIN."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return salt, digest


def check_pin_format(pin: str) -> None:
    if not is_ascii_digits(pin) or not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise StaffError(
            QT_TRANSLATE_NOOP(
                "Staff", "A PIN is at least {least} digits (0 to 9) and at most {most}."
            ).format(least=MIN_PIN_LENGTH, most=MAX_PIN_LENGTH)
        )


def check_refund_limit(limit: Money | None) -> None:
    """A clerk's refund limit is a sum one charge could hold (bounded before storage)."""
    if limit is not None and not 0 <= limit.amount <= MAX_REFUND_LIMIT:
        raise StaffError(QT_TRANSLATE_NOOP("Staff", "A refund limit is between 0 and 999,999.99."))


_SCHEMA = """
CREATE TABLE IF NOT EXISTS staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    refund_limit INTEGER,
    refund_limit_currency TEXT,
    pin_salt BLOB NOT NULL,
    pin_hash BLOB NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    failed_pins INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0,
    daily_refund_limit INTEGER,
    daily_refund_limit_currency TEXT
);
"""

#: Columns added since the first release, for directories made before them.
_ADDED_COLUMNS = (
    ("daily_refund_limit", "INTEGER"),
    ("daily_refund_limit_currency", "TEXT"),
)


class StaffDirectory:
    """Staff accounts in a SQLite file in the user data dir.

    Args:
        path: the database file (``:memory:`` in tests).
        clock: seconds since the epoch; injectable so lockouts can be tested.
    """

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.executescript(_SCHEMA)
        present = {row["name"] for row in self._conn.execute("PRAGMA table_info(staff)")}
        for column, kind in _ADDED_COLUMNS:
            if column not in present:
                self._conn.execute(f"ALTER TABLE staff ADD COLUMN {column} {kind}")
        self._lock = threading.Lock()
        self._clock = clock
        # Per-directory secret: proofs die with the process, so a proof cannot be
        # minted from outside it nor replayed after a restart.
        self._approval_key = secrets.token_bytes(32)
        self._used_approvals: set[str] = set()

    def close(self) -> None:
        self._conn.close()

    def is_empty(self) -> bool:
        with self._lock:
            count: int = self._conn.execute("SELECT COUNT(*) FROM staff").fetchone()[0]
        return count == 0

    def add(
        self,
        name: str,
        role: Role,
        pin: str,
        *,
        refund_limit: Money | None = None,
        daily_refund_limit: Money | None = None,
        by: StaffMember | None = None,
    ) -> StaffMember:
        """Create an account. Only an owner may, except for the very first (an owner)."""
        if by is not None:
            by.require(Permission.MANAGE_STAFF)
        elif not (self.is_empty() and role is Role.OWNER):
            raise PermissionRefused(QT_TRANSLATE_NOOP("Staff", "Only an owner can add staff."))
        name = name.strip()
        if not name:
            raise StaffError(QT_TRANSLATE_NOOP("Staff", "A staff member needs a name."))
        check_pin_format(pin)
        check_refund_limit(refund_limit)
        check_refund_limit(daily_refund_limit)
        salt, digest = hash_pin(pin)
        with self._lock:
            try:
                cursor = self._conn.execute(
                    "INSERT INTO staff(name, role, refund_limit, refund_limit_currency, "
                    "daily_refund_limit, daily_refund_limit_currency, pin_salt, pin_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        name,
                        role.value,
                        *_columns(refund_limit),
                        *_columns(daily_refund_limit),
                        salt,
                        digest,
                    ),
                )
            except sqlite3.IntegrityError:
                raise StaffError(
                    QT_TRANSLATE_NOOP(
                        "Staff", "There is already a staff member called {name}."
                    ).format(name=name)
                ) from None
        member_id = cursor.lastrowid
        assert member_id is not None
        return StaffMember(
            member_id, name, role, refund_limit, daily_refund_limit=daily_refund_limit
        )

    def members(self) -> list[StaffMember]:
        with self._lock:
            rows = self._conn.execute("SELECT * FROM staff ORDER BY role DESC, name").fetchall()
        return [_member(row) for row in rows]

    def get(self, member_id: int) -> StaffMember:
        with self._lock:
            row = self._conn.execute("SELECT * FROM staff WHERE id = ?", (member_id,)).fetchone()
        if row is None:
            raise StaffError(QT_TRANSLATE_NOOP("Staff", "No such staff member."))
        return _member(row)

    def set_refund_limit(self, member_id: int, limit: Money | None, *, by: StaffMember) -> None:
        by.require(Permission.MANAGE_STAFF)
        check_refund_limit(limit)
        with self._lock:
            self._conn.execute(
                "UPDATE staff SET refund_limit = ?, refund_limit_currency = ? WHERE id = ?",
                (*_columns(limit), member_id),
            )

    def set_daily_refund_limit(
        self, member_id: int, limit: Money | None, *, by: StaffMember
    ) -> None:
        """The most the clerk may refund in a day without approval; None turns it off."""
        by.require(Permission.MANAGE_STAFF)
        check_refund_limit(limit)
        with self._lock:
            self._conn.execute(
                "UPDATE staff SET daily_refund_limit = ?, daily_refund_limit_currency = ? "
                "WHERE id = ?",
                (*_columns(limit), member_id),
            )

    def deactivate(self, member_id: int, *, by: StaffMember) -> None:
        by.require(Permission.MANAGE_STAFF)
        if member_id == by.id:
            raise StaffError(QT_TRANSLATE_NOOP("Staff", "You cannot deactivate your own account."))
        with self._lock:
            self._conn.execute("UPDATE staff SET active = 0 WHERE id = ?", (member_id,))

    def sign_in(self, member_id: int, pin: str) -> StaffMember:
        """The member, if the PIN is right; counts failures and locks after too many."""
        now = self._clock()
        with self._lock:
            row = self._conn.execute("SELECT * FROM staff WHERE id = ?", (member_id,)).fetchone()
            if row is None or not row["active"]:
                raise WrongPin(QT_TRANSLATE_NOOP("Staff", "Unknown or inactive staff member."))
            if row["locked_until"] > now:
                minutes = max(1, round((row["locked_until"] - now) / 60))
                raise AccountLocked(
                    QT_TRANSLATE_NOOP(
                        "Staff", "Too many wrong PINs: {name} is locked for about {minutes} min."
                    ).format(name=row["name"], minutes=minutes)
                )
            _, digest = hash_pin(pin, row["pin_salt"])
            if not hmac.compare_digest(digest, row["pin_hash"]):
                failed = row["failed_pins"] + 1
                locked_until = now + LOCKOUT_SECONDS if failed >= MAX_FAILED_PINS else 0
                self._conn.execute(
                    "UPDATE staff SET failed_pins = ?, locked_until = ? WHERE id = ?",
                    (0 if locked_until else failed, locked_until, member_id),
                )
                raise WrongPin(QT_TRANSLATE_NOOP("Staff", "That PIN is not right."))
            self._conn.execute(
                "UPDATE staff SET failed_pins = 0, locked_until = 0 WHERE id = ?", (member_id,)
            )
        return _member(row)

    def approve_refund(self, manager_id: int, pin: str, amount: Money) -> StaffMember:
        """A manager's (or owner's) PIN approving an over-limit refund; returns the approver."""
        approver = self.sign_in(manager_id, pin)
        approver.require(Permission.APPROVE_REFUNDS)
        if refund_approval(approver, amount) is not RefundApproval.ALLOWED:
            raise PermissionRefused(
                QT_TRANSLATE_NOOP("Staff", "{name} cannot approve this refund.").format(
                    name=approver.name
                )
            )
        return approver

    def issue_approval(
        self,
        approver_id: int,
        pin: str,
        *,
        charge_id: str,
        amount: Money,
        mode: str,
        item_ids: Iterable[str] = (),
    ) -> ApprovalProof:
        """A proof that ``approver_id`` approved exactly this refund, after their PIN.

        Wrong PINs count towards the same lockout as signing in.
        """
        approver = self.approve_refund(approver_id, pin, amount)
        unsigned = ApprovalProof(
            proof_id=secrets.token_hex(8),
            approver_id=approver.id,
            approver_name=approver.name,
            charge_id=charge_id,
            amount=amount,
            mode=mode,
            item_ids=tuple(sorted(set(item_ids))),
            expires_at=self._clock() + APPROVAL_TTL_SECONDS,
            signature=b"",
        )
        return replace(unsigned, signature=self._sign(unsigned))

    def redeem_approval(
        self,
        proof: ApprovalProof,
        *,
        charge_id: str,
        amount: Money,
        mode: str,
        item_ids: Iterable[str] = (),
    ) -> StaffMember:
        """Use ``proof`` for this refund, once; the approver, or ApprovalRefused saying why."""
        if not hmac.compare_digest(proof.signature, self._sign(proof)):
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff", "The manager's approval is not valid. Ask a manager to approve again."
                )
            )
        if proof.charge_id != charge_id:
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff",
                    "The manager's approval was for another charge. Ask a manager to approve "
                    "this refund.",
                )
            )
        if proof.mode != mode:
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff",
                    "The manager approved a different kind of refund. Ask a manager to approve "
                    "this one.",
                )
            )
        if proof.amount != amount:
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff",
                    "The manager approved {approved}, not {amount}. Nothing was sent; ask a "
                    "manager to approve the new amount.",
                ).format(approved=proof.amount, amount=amount)
            )
        if proof.item_ids != tuple(sorted(set(item_ids))):
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff", "The manager approved different items. Ask a manager to approve these."
                )
            )
        self._check_unexpired(proof.expires_at)
        return self._spend(proof.proof_id, proof.approver_id)

    def issue_batch_approval(
        self,
        approver_id: int,
        pin: str,
        *,
        batch_digest: str,
        row_count: int,
        totals: Iterable[Money],
    ) -> BatchApprovalProof:
        """A proof that ``approver_id`` approved exactly this batch, after their PIN.

        Wrong PINs count towards the same lockout as signing in.
        """
        approver = self.sign_in(approver_id, pin)
        approver.require(Permission.APPROVE_REFUNDS)
        unsigned = BatchApprovalProof(
            proof_id=secrets.token_hex(8),
            approver_id=approver.id,
            approver_name=approver.name,
            batch_digest=batch_digest,
            row_count=row_count,
            totals=_sorted_totals(totals),
            expires_at=self._clock() + APPROVAL_TTL_SECONDS,
            signature=b"",
        )
        return replace(unsigned, signature=self._sign_batch(unsigned))

    def redeem_batch_approval(
        self,
        proof: BatchApprovalProof,
        *,
        batch_digest: str,
        row_count: int,
        totals: Iterable[Money],
    ) -> StaffMember:
        """Use ``proof`` for this batch, once; the approver, or ApprovalRefused saying why."""
        if not hmac.compare_digest(proof.signature, self._sign_batch(proof)):
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff",
                    "The manager's approval is not valid. Ask a manager to approve the batch "
                    "again.",
                )
            )
        if (
            proof.batch_digest != batch_digest
            or proof.row_count != row_count
            or proof.totals != _sorted_totals(totals)
        ):
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff",
                    "The manager approved a different batch: the rows have changed since. "
                    "Nothing was sent; ask a manager to approve this batch.",
                )
            )
        self._check_unexpired(proof.expires_at)
        return self._spend(proof.proof_id, proof.approver_id)

    def _check_unexpired(self, expires_at: float) -> None:
        if self._clock() >= expires_at:
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff", "The manager's approval has expired. Ask a manager to approve again."
                )
            )

    def _spend(self, proof_id: str, approver_id: int) -> StaffMember:
        approver = self.get(approver_id)
        if not approver.can(Permission.APPROVE_REFUNDS):
            raise ApprovalRefused(
                QT_TRANSLATE_NOOP(
                    "Staff", "{name} can no longer approve refunds. Ask another manager."
                ).format(name=approver.name)
            )
        with self._lock:
            if proof_id in self._used_approvals:
                raise ApprovalRefused(
                    QT_TRANSLATE_NOOP(
                        "Staff",
                        "The manager's approval has already been used. Ask a manager to "
                        "approve again.",
                    )
                )
            self._used_approvals.add(proof_id)
        return approver

    def _sign_batch(self, proof: BatchApprovalProof) -> bytes:
        return self._sign_fields(
            (
                "batch",
                proof.proof_id,
                str(proof.approver_id),
                proof.approver_name,
                proof.batch_digest,
                str(proof.row_count),
                ",".join(f"{m.amount} {m.currency}" for m in proof.totals),
                repr(proof.expires_at),
            )
        )

    def _sign(self, proof: ApprovalProof) -> bytes:
        fields = (
            proof.proof_id,
            str(proof.approver_id),
            proof.approver_name,
            proof.charge_id,
            str(proof.amount.amount),
            proof.amount.currency,
            proof.mode,
            ",".join(proof.item_ids),
            repr(proof.expires_at),
        )
        return self._sign_fields(fields)

    def _sign_fields(self, fields: tuple[str, ...]) -> bytes:
        # Unit separators keep one field's text from sliding into the next.
        message = "\x1f".join(fields).encode()
        return hmac.new(self._approval_key, message, hashlib.sha256).digest()


def _sorted_totals(totals: Iterable[Money]) -> tuple[Money, ...]:
    return tuple(sorted(totals, key=lambda money: money.currency))


def _columns(limit: Money | None) -> tuple[int | None, str | None]:
    return (limit.amount, limit.currency) if limit is not None else (None, None)


def _limit(row: sqlite3.Row, column: str) -> Money | None:
    amount = row[column]
    return Money(amount, row[f"{column}_currency"]) if amount is not None else None


def _member(row: sqlite3.Row) -> StaffMember:
    return StaffMember(
        row["id"],
        row["name"],
        Role(row["role"]),
        _limit(row, "refund_limit"),
        bool(row["active"]),
        _limit(row, "daily_refund_limit"),
    )


#: Training mode's demo staff. Their PINs are printed on the training sign-in screen.
TRAINING_STAFF: tuple[tuple[str, Role, str, int | None], ...] = (
    ("Olivia Owner", Role.OWNER, "1111", None),
    ("Marcus Manager", Role.MANAGER, "2222", None),
    ("Cora Clerk", Role.CLERK, "3333", 5_000),
)


def seed_training_staff(directory: StaffDirectory, currency: str) -> None:
    """Create the demo staff in an empty directory (training mode only)."""
    if not directory.is_empty():
        return
    owner_name, owner_role, owner_pin, _ = TRAINING_STAFF[0]
    owner = directory.add(owner_name, owner_role, owner_pin)
    for name, role, pin, limit in TRAINING_STAFF[1:]:
        directory.add(
            name,
            role,
            pin,
            refund_limit=Money(limit, currency) if limit is not None else None,
            by=owner,
        )
