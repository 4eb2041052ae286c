"""Credentials as the transport sees them: a header value that may be refreshed once.

* :class:`BearerToken` — a fixed ``Authorization: Bearer`` token (merchant API token,
  Ecommerce private key, legacy OAuth token).
* :class:`ApiKey` — the ``apikey`` header of ``/v1/tokens`` (PAKMS key or public key).
* :class:`clover_desk.api.oauth.OAuthSession` — an expiring OAuth pair, refreshed once
  when a call meets an expired token.
"""

from __future__ import annotations

from typing import Literal, Protocol

from clover_desk.api.limiter import limiter_key
from clover_desk.api.redaction import register_secret

__all__ = ["ApiKey", "BearerToken", "Credential"]


class Credential(Protocol):
    """What the transport needs from a credential."""

    @property
    def scheme(self) -> Literal["bearer", "apikey"]:
        """Which header carries it."""
        ...

    @property
    def limiter_key(self) -> str:
        """Stable key for the per-token rate limiter (never the secret itself)."""
        ...

    async def current(self) -> str:
        """The secret to send now."""
        ...

    async def refresh(self, rejected: str) -> str | None:
        """The server refused ``rejected``: return a fresh secret, or ``None`` if none."""
        ...


class BearerToken:
    """A fixed bearer token."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("empty token")
        register_secret(token)
        self._token = token
        self._key = "bearer:" + limiter_key(token)

    @property
    def scheme(self) -> Literal["bearer", "apikey"]:
        """Sent as ``Authorization: Bearer``."""
        return "bearer"

    @property
    def limiter_key(self) -> str:
        """Hash of the token."""
        return self._key

    async def current(self) -> str:
        """The token."""
        return self._token

    async def refresh(self, rejected: str) -> str | None:
        """A fixed token cannot be refreshed."""
        return None

    def __repr__(self) -> str:
        return "BearerToken(…)"


class ApiKey(BearerToken):
    """A fixed ``apikey`` header value (PAKMS key)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self._key = "apikey:" + limiter_key(key)

    @property
    def scheme(self) -> Literal["bearer", "apikey"]:
        """Sent as ``apikey``."""
        return "apikey"

    def __repr__(self) -> str:
        return "ApiKey(…)"
