"""Turning a failure into words for staff: what failed, and what to do next.

Services decide the words; the UI only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from clover_desk.api.errors import (
    ApiError,
    AuthError,
    CardDeclined,
    CloverError,
    CredentialError,
    InvalidRequest,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    RateLimited,
    ResponseFormatError,
    ServiceUnavailable,
    UnsupportedRegion,
)
from clover_desk.services.common.i18n import QT_TRANSLATE_NOOP, sentence

__all__ = ["UserFacingError", "UserMessage", "explain"]


@dataclass(frozen=True, slots=True)
class UserMessage:
    """A failure as staff should read it.

    Attributes:
        title: what failed (``"Capturing the charge failed"``).
        detail: why, in Clover's or our words.
        advice: what to do next.
    """

    title: str
    detail: str
    advice: str

    def text(self) -> str:
        """All three parts as one paragraph block."""
        return f"{self.title}\n\n{self.detail}\n\n{self.advice}".strip()


class UserFacingError(Exception):
    """A refusal from our own rules, worded for staff (no request was sent)."""

    def __init__(self, detail: str, advice: str = "") -> None:
        self.detail = detail
        self.advice = advice
        super().__init__(detail)


def explain(operation: str, exc: BaseException) -> UserMessage:
    """Words for ``exc`` raised while doing ``operation`` (``"loading orders"``)."""
    title = sentence(
        QT_TRANSLATE_NOOP("Feedback", "{operation} failed").format(operation=operation)
    )
    if isinstance(exc, UserFacingError):
        return UserMessage(
            title,
            exc.detail,
            exc.advice or QT_TRANSLATE_NOOP("Feedback", "Correct it and try again."),
        )
    detail = exc.message if isinstance(exc, ApiError) else str(exc) or type(exc).__name__
    advice = _advice(exc)
    return UserMessage(title, detail, advice)


def _advice(exc: BaseException) -> str:
    if isinstance(exc, CardDeclined):
        return QT_TRANSLATE_NOOP(
            "Feedback", "The card was declined: ask for another card or payment method."
        )
    if isinstance(exc, OutcomeUnknown):
        return QT_TRANSLATE_NOOP(
            "Feedback",
            "The connection dropped before Clover answered, so it may or may not have "
            "happened. Refresh and check before trying again.",
        )
    if isinstance(exc, AuthError):
        return QT_TRANSLATE_NOOP(
            "Feedback",
            "The token was refused: open Settings, check the profile's tokens and use "
            "Test connection.",
        )
    if isinstance(exc, PermissionDenied):
        return QT_TRANSLATE_NOOP(
            "Feedback", "The token lacks this permission: ask the account owner to grant it."
        )
    if isinstance(exc, NotFound):
        return QT_TRANSLATE_NOOP(
            "Feedback", "It may have been deleted elsewhere: refresh the list."
        )
    if isinstance(exc, RateLimited):
        return QT_TRANSLATE_NOOP(
            "Feedback", "Clover is asking us to slow down: wait a few seconds and try again."
        )
    if isinstance(exc, ServiceUnavailable):
        if exc.status is None:
            return QT_TRANSLATE_NOOP(
                "Feedback",
                "Clover could not be reached: check the network connection and try again.",
            )
        return QT_TRANSLATE_NOOP(
            "Feedback", "Clover is having trouble right now: try again in a minute."
        )
    if isinstance(exc, ResponseFormatError):
        return QT_TRANSLATE_NOOP(
            "Feedback", "Clover answered in a form this version does not understand: report it."
        )
    if isinstance(exc, InvalidRequest):
        return QT_TRANSLATE_NOOP(
            "Feedback", "Clover refused the request: check the values and try again."
        )
    if isinstance(exc, UnsupportedRegion):
        return QT_TRANSLATE_NOOP("Feedback", "This merchant's region does not offer it.")
    if isinstance(exc, CredentialError):
        return QT_TRANSLATE_NOOP(
            "Feedback", "Secure storage is unavailable: tokens cannot be saved on this system."
        )
    if isinstance(exc, CloverError):
        return QT_TRANSLATE_NOOP("Feedback", "Try again; if it keeps failing, check Settings.")
    if isinstance(exc, OSError):
        return QT_TRANSLATE_NOOP("Feedback", "Check the network connection and try again.")
    return QT_TRANSLATE_NOOP(
        "Feedback", "This is a defect in Clover Desk: it has been logged. Try again or restart."
    )
