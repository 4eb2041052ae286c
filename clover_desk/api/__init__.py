"""The async Clover client: one module per API, typed wire models, one transport.

Public entry points are re-exported here; see :class:`CloverClient`.
"""

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
