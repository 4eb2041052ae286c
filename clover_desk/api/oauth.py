"""Expiring OAuth tokens, refreshed once and never twice at the same time.

Clover's refresh tokens are single-use: running two refreshes with the same one would
lose the session. :class:`OAuthSession` therefore funnels every refresh through one
``asyncio.Lock``; a caller that finds the token already replaced while it waited simply
uses the new one. The fresh pair is saved to the :class:`CredentialStore` (if given)
before any caller uses it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from clover_desk.api.credentials import CredentialStore, OAuthTokens
from clover_desk.api.errors import ApiError, AuthError
from clover_desk.api.hosts import Service
from clover_desk.api.limiter import limiter_key
from clover_desk.api.models.oauth import TokenPair
from clover_desk.api.redaction import register_secret
from clover_desk.api.transport import Call, Mode, Transport

__all__ = ["OAuthSession", "refresh_pair"]

#: Refresh this long before the stated expiry, against clock drift and slow requests.
EXPIRY_SKEW_S = 30.0


async def refresh_pair(transport: Transport, client_id: str, refresh_token: str) -> TokenPair:
    """``POST /oauth/v2/refresh`` once (never retried after it may have landed)."""
    call = Call(
        "POST",
        Service.PLATFORM,
        "/oauth/v2/refresh",
        "/oauth/v2/refresh",
        mode=Mode.UNSAFE,
        body={"client_id": client_id, "refresh_token": refresh_token},
    )
    try:
        pair: TokenPair = await transport.json(call, TokenPair)
    except ApiError as exc:
        if exc.status in (400, 401, 403):
            raise AuthError(
                f"the OAuth refresh token was refused; sign in to Clover again ({exc.message})",
                endpoint=exc.endpoint,
                status=exc.status,
                code=exc.code,
                request_id=exc.request_id,
            ) from exc
        raise
    register_secret(pair.access_token)
    register_secret(pair.refresh_token)
    return pair


class OAuthSession:
    """A Bearer credential backed by an expiring OAuth pair.

    Args:
        transport: used for the refresh call.
        client_id: the app's id (sent with the refresh token).
        tokens: the current pair.
        store: where refreshed pairs are saved (with ``profile``).
        profile: the profile name in the store.
        clock: wall clock in seconds (tests may pin it).
    """

    def __init__(
        self,
        transport: Transport,
        client_id: str,
        tokens: OAuthTokens,
        *,
        store: CredentialStore | None = None,
        profile: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if store is not None and profile is None:
            raise ValueError("a store needs a profile name")
        self._transport = transport
        self._client_id = client_id
        self._tokens = tokens
        self._store = store
        self._profile = profile
        self._clock = clock
        self._lock = asyncio.Lock()
        self._key = "oauth:" + limiter_key(f"{client_id}:{profile or tokens.access_token}")
        self.refresh_count = 0
        register_secret(tokens.access_token)
        register_secret(tokens.refresh_token)

    @property
    def scheme(self) -> Literal["bearer", "apikey"]:
        """Sent as ``Authorization: Bearer``."""
        return "bearer"

    @property
    def limiter_key(self) -> str:
        """Stable across refreshes."""
        return self._key

    @property
    def tokens(self) -> OAuthTokens:
        """The current pair."""
        return self._tokens

    def _expired(self) -> bool:
        expires = self._tokens.access_expires
        return expires is not None and expires.timestamp() - EXPIRY_SKEW_S <= self._clock()

    async def current(self) -> str:
        """The access token, refreshed first if it is known to have expired."""
        token = self._tokens.access_token
        if self._expired() and self._tokens.refresh_token:
            fresh = await self.refresh(token)
            if fresh is not None:
                return fresh
        return token

    async def refresh(self, rejected: str) -> str | None:
        """Replace ``rejected`` with a fresh access token (single-flight)."""
        async with self._lock:
            if self._tokens.access_token != rejected:
                return self._tokens.access_token  # another caller already refreshed
            refresh_token = self._tokens.refresh_token
            if not refresh_token:
                return None
            refresh_expires = self._tokens.refresh_expires
            if refresh_expires is not None and refresh_expires.timestamp() <= self._clock():
                raise AuthError(
                    "the OAuth refresh token has expired; sign in to Clover again",
                    endpoint="POST /oauth/v2/refresh",
                )
            pair = await refresh_pair(self._transport, self._client_id, refresh_token)
            tokens = OAuthTokens(
                access_token=pair.access_token,
                refresh_token=pair.refresh_token or refresh_token,
                access_expires=_aware(pair.access_token_expiration),
                refresh_expires=_aware(pair.refresh_token_expiration),
            )
            if self._store is not None and self._profile is not None:
                await asyncio.to_thread(self._store.save_oauth, self._profile, tokens)
            self._tokens = tokens
            self.refresh_count += 1
            return tokens.access_token

    def __repr__(self) -> str:
        return f"OAuthSession(profile={self._profile!r}, refreshes={self.refresh_count})"


def _aware(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
