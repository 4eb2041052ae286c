"""The facade: one profile, one ``httpx.AsyncClient``, every Clover API.

::

    async with CloverClient(profile, api_token=..., ecommerce_token=..., pakms_key=...) as c:
        charge = await c.ecommerce.create_charge(Money(2099, "USD"), token)
        async for order in c.platform.list_orders(limit=500):
            ...

or ``CloverClient.from_store(profile, CredentialStore())`` to read the secrets from the
OS keyring (OAuth pairs found there are refreshed, and saved back, transparently).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

import httpx

from clover_desk.api._base import Context
from clover_desk.api.atomic_orders import AtomicOrdersApi
from clover_desk.api.auth import ApiKey, BearerToken, Credential
from clover_desk.api.credentials import CredentialKind, CredentialStore, OAuthTokens
from clover_desk.api.ecommerce import EcommerceApi
from clover_desk.api.exports import ExportsApi
from clover_desk.api.gift_cards import GiftCardsApi
from clover_desk.api.hosts import Environment, Hosts, Region, resolve
from clover_desk.api.inventory import InventoryApi
from clover_desk.api.limiter import Limits
from clover_desk.api.oauth import OAuthSession
from clover_desk.api.platform import PlatformApi
from clover_desk.api.recurring import RecurringApi
from clover_desk.api.retry import RetryPolicy
from clover_desk.api.tokens import TokensApi
from clover_desk.api.transport import Transport

__all__ = ["CloverClient", "Profile"]


@dataclass(frozen=True, slots=True)
class Profile:
    """Where and as whom to talk to Clover (no secrets here).

    Attributes:
        name: the profile's name (keyring entries are keyed by it).
        merchant_id: the 13-character merchant id.
        environment: sandbox, production or training.
        region: decides the hosts and which APIs exist.
        training_url: the local training sandbox's base URL (training only).
        oauth_client_id: the app id, needed to refresh OAuth tokens.
    """

    name: str
    merchant_id: str
    environment: Environment = Environment.TRAINING
    region: Region = Region.NORTH_AMERICA
    training_url: str | None = None
    oauth_client_id: str | None = None


class CloverClient:
    """Every Clover API for one profile over one HTTP client. Close with :meth:`aclose`.

    Args:
        profile: merchant, environment and region.
        api_token: merchant REST API token (Bearer on platform, recurring, PAKMS).
        ecommerce_token: Ecommerce private key (Bearer on /v1 scl APIs); falls back to the
            platform credential.
        pakms_key: ``apikey`` for /v1/tokens.
        oauth: an expiring OAuth pair; used instead of ``api_token`` and refreshed.
        store: where refreshed OAuth pairs are saved.
        limits: per-token limits (default 16/s, 5 in flight).
        retry: backoff policy.
        timeout: httpx timeout.
        http_transport: an httpx transport to send through (tests).
        forwarded_for: ``x-forwarded-for`` for charge, capture and pay.

    Attributes:
        ecommerce, tokens, atomic_orders, inventory, recurring, gift_cards, exports,
        platform: one object per API.
    """

    def __init__(
        self,
        profile: Profile,
        *,
        api_token: str | None = None,
        ecommerce_token: str | None = None,
        pakms_key: str | None = None,
        oauth: OAuthTokens | None = None,
        store: CredentialStore | None = None,
        limits: Limits | None = None,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        forwarded_for: str = "127.0.0.1",
    ) -> None:
        self.profile = profile
        hosts = resolve(profile.environment, profile.region, training_url=profile.training_url)
        self.transport = Transport(
            hosts,
            limits=limits,
            retry=retry,
            timeout=timeout,
            http_transport=http_transport,
            forwarded_for=forwarded_for,
        )
        platform: Credential | None = None
        self.oauth: OAuthSession | None = None
        if oauth is not None:
            if not profile.oauth_client_id:
                raise ValueError("OAuth tokens need the profile's oauth_client_id to refresh")
            self.oauth = OAuthSession(
                self.transport,
                profile.oauth_client_id,
                oauth,
                store=store,
                profile=profile.name if store is not None else None,
            )
            platform = self.oauth
        elif api_token:
            platform = BearerToken(api_token)
        ecommerce: Credential | None = BearerToken(ecommerce_token) if ecommerce_token else None
        context = Context(
            transport=self.transport,
            merchant_id=profile.merchant_id,
            platform=platform,
            ecommerce=ecommerce,
            pakms=ApiKey(pakms_key) if pakms_key else None,
        )
        self.ecommerce = EcommerceApi(context)
        self.tokens = TokensApi(context)
        self.atomic_orders = AtomicOrdersApi(context)
        self.inventory = InventoryApi(context)
        self.recurring = RecurringApi(context)
        self.gift_cards = GiftCardsApi(context)
        self.exports = ExportsApi(context)
        self.platform = PlatformApi(context)

    @classmethod
    def from_store(
        cls,
        profile: Profile,
        store: CredentialStore,
        **kwargs: object,
    ) -> CloverClient:
        """Build a client from the secrets the keyring holds for ``profile``.

        Blocking (reads the keyring): call it through ``asyncio.to_thread`` from a loop.
        """
        oauth = store.load_oauth(profile.name)
        return cls(
            profile,
            api_token=store.get(profile.name, CredentialKind.API_TOKEN),
            ecommerce_token=store.get(profile.name, CredentialKind.ECOMMERCE_PRIVATE_TOKEN),
            pakms_key=store.get(profile.name, CredentialKind.PAKMS_KEY),
            oauth=oauth,
            store=store,
            **kwargs,  # type: ignore[arg-type]
        )

    @property
    def hosts(self) -> Hosts:
        """The profile's hosts: which Clover APIs its environment and region offer."""
        return self.transport.hosts

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.transport.aclose()

    async def __aenter__(self) -> CloverClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        p = self.profile
        return f"CloverClient({p.name!r}, {p.environment.value}/{p.region.value})"
