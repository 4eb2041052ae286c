"""Secrets in the OS keyring: service ``clover-desk``, one entry per profile and kind.

The keyring is blocking (D-Bus, Keychain, Credential Manager); async code should call
the store through ``asyncio.to_thread``. With no usable keyring (headless Linux without
a Secret Service) every method raises :class:`CredentialError` with a clear message
instead of keyring's own exceptions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import keyring
import keyring.backend
import keyring.errors

from clover_desk.api.errors import CredentialError
from clover_desk.api.redaction import register_secret

__all__ = ["SERVICE", "CredentialKind", "CredentialStore", "OAuthTokens"]

SERVICE = "clover-desk"


class CredentialKind(StrEnum):
    """Which secret an entry holds."""

    API_TOKEN = "api_token"  # noqa: S105 - merchant REST API token (Bearer on platform)
    ECOMMERCE_PRIVATE_TOKEN = "ecommerce_private_token"  # noqa: S105 - Bearer on Ecommerce
    PAKMS_KEY = "pakms_key"  # apikey on /v1/tokens
    OAUTH_ACCESS_TOKEN = "oauth_access_token"  # noqa: S105 - a kind, not a password
    OAUTH_REFRESH_TOKEN = "oauth_refresh_token"  # noqa: S105 - a kind, not a password


@dataclass(frozen=True, slots=True)
class OAuthTokens:
    """An expiring OAuth pair with its expirations (aware UTC datetimes, if known)."""

    access_token: str
    refresh_token: str | None
    access_expires: datetime | None = None
    refresh_expires: datetime | None = None

    def __repr__(self) -> str:
        return (
            f"OAuthTokens(access_expires={self.access_expires!r}, "
            f"refresh_expires={self.refresh_expires!r})"
        )


def _stamp(when: datetime | None) -> float | None:
    return when.timestamp() if when is not None else None


def _unstamp(value: object) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    return None


class CredentialStore:
    """Profile secrets in the keyring.

    Args:
        backend: a keyring backend to use; ``None`` uses whatever ``keyring.get_keyring()``
            returns at each call (so ``keyring.set_keyring`` in tests takes effect).
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    def _ring(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    @staticmethod
    def username(profile: str, kind: CredentialKind) -> str:
        """The keyring user name of one entry: ``<profile>:<kind>``."""
        if not profile or ":" in profile:
            raise ValueError(f"invalid profile name: {profile!r}")
        return f"{profile}:{kind.value}"

    def get(self, profile: str, kind: CredentialKind) -> str | None:
        """The stored secret, or ``None`` if there is none."""
        try:
            value = self._ring().get_password(SERVICE, self.username(profile, kind))
        except keyring.errors.KeyringError as exc:
            raise _unavailable("read", exc) from exc
        register_secret(value)
        return value

    def set(self, profile: str, kind: CredentialKind, secret: str) -> None:
        """Store (or replace) a secret."""
        if not secret:
            raise ValueError("refusing to store an empty secret")
        register_secret(secret)
        try:
            self._ring().set_password(SERVICE, self.username(profile, kind), secret)
        except keyring.errors.KeyringError as exc:
            raise _unavailable("store", exc) from exc

    def delete(self, profile: str, kind: CredentialKind) -> None:
        """Remove a secret (no error if it was not there)."""
        try:
            self._ring().delete_password(SERVICE, self.username(profile, kind))
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as exc:
            raise _unavailable("delete", exc) from exc

    def delete_profile(self, profile: str) -> None:
        """Remove every secret of ``profile``."""
        for kind in CredentialKind:
            self.delete(profile, kind)

    # OAuth pairs are stored as two entries, each a small JSON object with its expiry.

    def save_oauth(self, profile: str, tokens: OAuthTokens) -> None:
        """Store an OAuth pair (the refresh token first: it is the one that matters)."""
        if tokens.refresh_token:
            self.set(
                profile,
                CredentialKind.OAUTH_REFRESH_TOKEN,
                json.dumps(
                    {"token": tokens.refresh_token, "expires": _stamp(tokens.refresh_expires)}
                ),
            )
        self.set(
            profile,
            CredentialKind.OAUTH_ACCESS_TOKEN,
            json.dumps({"token": tokens.access_token, "expires": _stamp(tokens.access_expires)}),
        )

    def load_oauth(self, profile: str) -> OAuthTokens | None:
        """The stored OAuth pair, or ``None`` if there is no access token."""
        access = _read_entry(self.get(profile, CredentialKind.OAUTH_ACCESS_TOKEN))
        if access is None:
            return None
        refresh = _read_entry(self.get(profile, CredentialKind.OAUTH_REFRESH_TOKEN))
        tokens = OAuthTokens(
            access_token=access[0],
            refresh_token=refresh[0] if refresh else None,
            access_expires=access[1],
            refresh_expires=refresh[1] if refresh else None,
        )
        register_secret(tokens.access_token)
        register_secret(tokens.refresh_token)
        return tokens


def _read_entry(raw: str | None) -> tuple[str, datetime | None] | None:
    if raw is None:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError:
        return raw, None  # a bare token stored by hand
    if isinstance(parsed, dict) and isinstance(parsed.get("token"), str):
        return parsed["token"], _unstamp(parsed.get("expires"))
    return raw, None


def _unavailable(action: str, exc: keyring.errors.KeyringError) -> CredentialError:
    if isinstance(exc, keyring.errors.NoKeyringError):
        return CredentialError(
            f"cannot {action} credentials: no secure storage (OS keyring) is available on "
            "this system"
        )
    return CredentialError(f"cannot {action} credentials: the OS keyring refused ({exc})")
