"""Words for values kept as codes: a journal entry's outcome and kind, a refund reason,
an environment, a staff role. The codes stay in files and
requests; staff read these."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from clover_desk.api.hosts import Environment
from clover_desk.api.models.recurring import Interval
from clover_desk.services.common import QT_TRANSLATE_NOOP
from clover_desk.services.refunds import REFUND_REASONS, EntryStatus, MovementKind
from clover_desk.services.staff import Role
from clover_desk.ui.i18n import tr_text

__all__ = [
    "clover_code_label",
    "entry_status_label",
    "environment_label",
    "every_interval",
    "interval_label",
    "movement_kind_label",
    "refund_reason_label",
    "role_label",
]


def entry_status_label(status: EntryStatus) -> str:
    """``Succeeded``, ``Being confirmed``… for a journal entry's outcome."""
    labels = {
        EntryStatus.PENDING: QCoreApplication.translate("EntryStatus", "Pending"),
        EntryStatus.SUCCEEDED: QCoreApplication.translate("EntryStatus", "Succeeded"),
        EntryStatus.FAILED: QCoreApplication.translate("EntryStatus", "Failed"),
        EntryStatus.UNKNOWN: QCoreApplication.translate("EntryStatus", "Unknown"),
    }
    return labels.get(status, str(status))


def movement_kind_label(kind: MovementKind) -> str:
    """``Refund`` or ``Item return``."""
    if kind is MovementKind.RETURN:
        return QCoreApplication.translate("MovementKind", "Item return")
    return QCoreApplication.translate("MovementKind", "Refund")


def refund_reason_label(code: str) -> str:
    """The reason staff chose, in words (a code the app does not know reads as itself)."""
    for known, label in REFUND_REASONS:
        if code == known:
            return tr_text(label)
    return code.replace("_", " ")


def environment_label(environment: Environment) -> str:
    """``sandbox``, ``production`` or ``training``, in the user's language."""
    labels = {
        Environment.SANDBOX: QCoreApplication.translate("Environment", "sandbox"),
        Environment.PRODUCTION: QCoreApplication.translate("Environment", "production"),
        Environment.TRAINING: QCoreApplication.translate("Environment", "training"),
    }
    return labels.get(environment, str(environment))


def role_label(role: Role) -> str:
    """``owner``, ``manager`` or ``clerk``, in the user's language."""
    labels = {
        Role.OWNER: QCoreApplication.translate("Role", "owner"),
        Role.MANAGER: QCoreApplication.translate("Role", "manager"),
        Role.CLERK: QCoreApplication.translate("Role", "clerk"),
    }
    return labels.get(role, str(role))


#: Clover's order and payment codes (``paymentState``, ``result``), in words.
_CLOVER_CODES = {
    "open": QT_TRANSLATE_NOOP("CloverCode", "Open"),
    "locked": QT_TRANSLATE_NOOP("CloverCode", "Locked"),
    "paid": QT_TRANSLATE_NOOP("CloverCode", "Paid"),
    "partially_paid": QT_TRANSLATE_NOOP("CloverCode", "Partially paid"),
    "partially_refunded": QT_TRANSLATE_NOOP("CloverCode", "Partially refunded"),
    "refunded": QT_TRANSLATE_NOOP("CloverCode", "Refunded"),
    "success": QT_TRANSLATE_NOOP("CloverCode", "Success"),
    "succeeded": QT_TRANSLATE_NOOP("CloverCode", "Succeeded"),
    "canceled": QT_TRANSLATE_NOOP("CloverCode", "Canceled"),
    "unknown": QT_TRANSLATE_NOOP("CloverCode", "Unknown"),
    "fail": QT_TRANSLATE_NOOP("CloverCode", "Failed"),
    "auth": QT_TRANSLATE_NOOP("CloverCode", "Authorized"),
    "pending": QT_TRANSLATE_NOOP("CloverCode", "Pending"),
    "voided": QT_TRANSLATE_NOOP("CloverCode", "Voided"),
}


def clover_code_label(code: str | None) -> str:
    """``"PARTIALLY_REFUNDED"`` as ``"Partially refunded"`` (a code the app does not know
    reads as itself, spaced and capitalised)."""
    if not code:
        return ""
    known = _CLOVER_CODES.get(code.lower())
    return tr_text(known) if known is not None else code.replace("_", " ").capitalize()


def interval_label(interval: Interval) -> str:
    """``Day``, ``Week``, ``Month`` or ``Year`` (a plan's interval, as a choice)."""
    labels = {
        Interval.DAY: QCoreApplication.translate("Interval", "Day"),
        Interval.WEEK: QCoreApplication.translate("Interval", "Week"),
        Interval.MONTH: QCoreApplication.translate("Interval", "Month"),
        Interval.YEAR: QCoreApplication.translate("Interval", "Year"),
    }
    return labels.get(interval, str(interval.value).title())


def every_interval(interval: Interval, count: int) -> str:
    """``every month``, ``every 3 weeks``: how often a plan charges."""
    if count == 1:
        single = {
            Interval.DAY: QCoreApplication.translate("Interval", "every day"),
            Interval.WEEK: QCoreApplication.translate("Interval", "every week"),
            Interval.MONTH: QCoreApplication.translate("Interval", "every month"),
            Interval.YEAR: QCoreApplication.translate("Interval", "every year"),
        }
        return single.get(interval, f"every {str(interval.value).lower()}")
    several = {
        Interval.DAY: QCoreApplication.translate("Interval", "every {count} days"),
        Interval.WEEK: QCoreApplication.translate("Interval", "every {count} weeks"),
        Interval.MONTH: QCoreApplication.translate("Interval", "every {count} months"),
        Interval.YEAR: QCoreApplication.translate("Interval", "every {count} years"),
    }
    template = several.get(interval, f"every {{count}} {str(interval.value).lower()}s")
    return template.format(count=count)
