"""The async Clover client: one module per API, typed wire models, one transport.

Public entry points are re-exported here; see :class:`CloverClient`.

Names are imported on first use (PEP 562), so that a module needing only, say,
``clover_desk.api.money`` does not pay for httpx: the sign-in dialog shows before the
client is loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clover_desk.api.client import CloverClient, Profile
    from clover_desk.api.credentials import CredentialKind, CredentialStore, OAuthTokens
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
        error_from_response,
    )
    from clover_desk.api.hosts import Environment, Region, Service, resolve
    from clover_desk.api.limiter import Limits
    from clover_desk.api.money import Money
    from clover_desk.api.redaction import install_redaction, redact, register_secret
    from clover_desk.api.retry import RetryPolicy
    from clover_desk.api.transport import new_idempotency_key

_HOME: dict[str, str] = {
    "ApiError": "clover_desk.api.errors",
    "AuthError": "clover_desk.api.errors",
    "CardDeclined": "clover_desk.api.errors",
    "CloverClient": "clover_desk.api.client",
    "CloverError": "clover_desk.api.errors",
    "CredentialError": "clover_desk.api.errors",
    "CredentialKind": "clover_desk.api.credentials",
    "CredentialStore": "clover_desk.api.credentials",
    "Environment": "clover_desk.api.hosts",
    "InvalidRequest": "clover_desk.api.errors",
    "Limits": "clover_desk.api.limiter",
    "Money": "clover_desk.api.money",
    "NotFound": "clover_desk.api.errors",
    "OAuthTokens": "clover_desk.api.credentials",
    "OutcomeUnknown": "clover_desk.api.errors",
    "PermissionDenied": "clover_desk.api.errors",
    "Profile": "clover_desk.api.client",
    "RateLimited": "clover_desk.api.errors",
    "Region": "clover_desk.api.hosts",
    "ResponseFormatError": "clover_desk.api.errors",
    "RetryPolicy": "clover_desk.api.retry",
    "Service": "clover_desk.api.hosts",
    "ServiceUnavailable": "clover_desk.api.errors",
    "UnsupportedRegion": "clover_desk.api.errors",
    "error_from_response": "clover_desk.api.errors",
    "install_redaction": "clover_desk.api.redaction",
    "new_idempotency_key": "clover_desk.api.transport",
    "redact": "clover_desk.api.redaction",
    "register_secret": "clover_desk.api.redaction",
    "resolve": "clover_desk.api.hosts",
}


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module the first time it is asked for."""
    try:
        module = _HOME[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ApiError",
    "AuthError",
    "CardDeclined",
    "CloverClient",
    "CloverError",
    "CredentialError",
    "CredentialKind",
    "CredentialStore",
    "Environment",
    "InvalidRequest",
    "Limits",
    "Money",
    "NotFound",
    "OAuthTokens",
    "OutcomeUnknown",
    "PermissionDenied",
    "Profile",
    "RateLimited",
    "Region",
    "ResponseFormatError",
    "RetryPolicy",
    "Service",
    "ServiceUnavailable",
    "UnsupportedRegion",
    "error_from_response",
    "install_redaction",
    "new_idempotency_key",
    "redact",
    "register_secret",
    "resolve",
]
