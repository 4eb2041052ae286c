"""OAuth v2 for a desktop app: PKCE, the authorize URL, the code exchange, migration of
a legacy token, and expiring tokens refreshed once and never twice at the same time.

Clover Desk is a low-trust app (no client secret anywhere in it), so it uses the
authorization-code flow with PKCE (RFC 7636, S256): :func:`new_pkce`,
:func:`authorize_url` (on the web host), then :func:`exchange_code` (on the platform
host) with the verifier. A legacy non-expiring token is swapped for a code with
:func:`request_migration_code` and exchanged the same way.

Clover's refresh tokens are single-use: running two refreshes with the same one would
lose the session. :class:`OAuthSession` therefore funnels every refresh through one
``asyncio.Lock``; a caller that finds the token already replaced while it waited simply
uses the new one. The fresh pair is saved to the :class:`CredentialStore` (if given)
before any caller uses it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlencode

import msgspec

from clover_desk.api.credentials import CredentialStore, OAuthTokens
from clover_desk.api.errors import ApiError, AuthError
from clover_desk.api.hosts import Hosts, Service
from clover_desk.api.limiter import limiter_key
from clover_desk.api.models.common import EpochSeconds
from clover_desk.api.models.oauth import TokenPair
from clover_desk.api.redaction import register_secret
from clover_desk.api.transport import Call, Mode, Transport

__all__ = [
    "OAuthSession",
    "Pkce",
    "authorize_url",
    "exchange_code",
    "new_pkce",
    "new_state",
    "refresh_pair",
    "request_migration_code",
    "tokens_of",
]

#: Refresh this long before the stated expiry, against clock drift and slow requests.
EXPIRY_SKEW_S = 30.0


@dataclass(frozen=True, slots=True)
class Pkce:
    """A PKCE pair: the verifier stays in memory, the challenge goes to the browser."""

    verifier: str = field(repr=False)
    challenge: str


def new_pkce() -> Pkce:
    """A fresh verifier (64 unreserved characters, 384 random bits) and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"))


def new_state() -> str:
    """An unguessable ``state`` that ties the redirect to this very request."""
    return secrets.token_urlsafe(32)


def authorize_url(hosts: Hosts, client_id: str, redirect_uri: str, state: str, pkce: Pkce) -> str:
    """Where the merchant signs in and approves the app (``/oauth/v2/authorize``)."""
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "code_challenge": pkce.challenge,
            "code_challenge_method": "S256",
            "state": state,
        }
    )
    return f"{hosts.base_url(Service.WEB)}/oauth/v2/authorize?{query}"


def _refused(exc: ApiError, what: str) -> AuthError:
    return AuthError(
        f"Clover refused {what} ({exc.message})",
        endpoint=exc.endpoint,
        status=exc.status,
        code=exc.code,
        request_id=exc.request_id,
    )


async def exchange_code(
    transport: Transport, client_id: str, code: str, verifier: str
) -> TokenPair:
    """``POST /oauth/v2/token``: the code and the PKCE verifier for a token pair.

    Sent once: a code is single-use, so a retry after it may have landed would only be
    refused.
    """
    call = Call(
        "POST",
        Service.PLATFORM,
        "/oauth/v2/token",
        "/oauth/v2/token",
        mode=Mode.UNSAFE,
        body={"client_id": client_id, "code": code, "code_verifier": verifier},
    )
    try:
        pair: TokenPair = await transport.json(call, TokenPair)
    except ApiError as exc:
        if exc.status in (400, 401, 403):
            raise _refused(exc, "the sign-in code") from exc
        raise
    register_secret(pair.access_token)
    register_secret(pair.refresh_token)
    return pair


class MigrationCode(msgspec.Struct, kw_only=True):
    """``/oauth/token/migrate_v2``'s answer: a code to exchange with the verifier."""

    authorization_code: str
    expiration: EpochSeconds | None = None

    def __repr__(self) -> str:
        return f"MigrationCode(expiration={self.expiration!r})"


async def request_migration_code(
    transport: Transport, merchant_id: str, client_id: str, legacy_token: str, pkce: Pkce
) -> MigrationCode:
    """``POST /oauth/token/migrate_v2``: a legacy non-expiring token for a PKCE code."""
    call = Call(
        "POST",
        Service.PLATFORM,
        "/oauth/token/migrate_v2",
        "/oauth/token/migrate_v2",
        mode=Mode.UNSAFE,
        body={
            "merchant_uuid": merchant_id,
            "app_uuid": client_id,
            "auth_token": legacy_token,
            "code_challenge": pkce.challenge,
        },
    )
    try:
        answer: MigrationCode = await transport.json(call, MigrationCode)
    except ApiError as exc:
        if exc.status in (400, 401, 403):
            raise _refused(exc, "to migrate the legacy token") from exc
        raise
    register_secret(answer.authorization_code)
    return answer


def tokens_of(pair: TokenPair, *, keep_refresh: str | None = None) -> OAuthTokens:
    """The pair as the credential store keeps it (aware UTC expirations)."""
    return OAuthTokens(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token or keep_refresh,
        access_expires=_aware(pair.access_token_expiration),
        refresh_expires=_aware(pair.refresh_token_expiration),
    )


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
            tokens = tokens_of(pair, keep_refresh=refresh_token)
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
