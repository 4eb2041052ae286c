"""Connecting a profile: the Clover client modules and the session's services.

Only the composition root imports this module (it reaches the transport, hence httpx);
the UI works with the :class:`~clover_desk.services.session.Session` it returns.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from clover_desk.api._base import Context
from clover_desk.api.auth import ApiKey, BearerToken, Credential
from clover_desk.api.ecommerce import EcommerceApi
from clover_desk.api.gift_cards import GiftCardsApi
from clover_desk.api.hosts import resolve
from clover_desk.api.inventory import InventoryApi
from clover_desk.api.limiter import Limits
from clover_desk.api.platform import PlatformApi
from clover_desk.api.retry import RetryPolicy
from clover_desk.api.tokens import TokensApi
from clover_desk.api.transport import Transport
from clover_desk.services.activity import Activity
from clover_desk.services.charges import ChargesService
from clover_desk.services.journal import Journal
from clover_desk.services.paths import AppPaths
from clover_desk.services.profiles import Profile
from clover_desk.services.session import ProfileSecrets, Session

__all__ = ["CloverApis", "connect", "open_session"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class CloverApis:
    """The api modules of one merchant, sharing one transport."""

    transport: Transport
    ecommerce: EcommerceApi
    platform: PlatformApi
    inventory: InventoryApi
    tokens: TokensApi
    gift_cards: GiftCardsApi

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self.transport.aclose()


def connect(
    profile: Profile,
    secrets: ProfileSecrets,
    *,
    training_url: str | None = None,
    limits: Limits | None = None,
    retry: RetryPolicy | None = None,
) -> CloverApis:
    """Build the api modules for ``profile`` (no request is made)."""
    hosts = resolve(profile.environment, profile.region, training_url=training_url)
    transport = Transport(hosts, limits=limits, retry=retry)

    def bearer(token: str) -> Credential | None:
        return BearerToken(token) if token else None

    context = Context(
        transport=transport,
        merchant_id=profile.merchant_id,
        platform=bearer(secrets.api_token),
        ecommerce=bearer(secrets.ecommerce_private_token),
        pakms=ApiKey(secrets.pakms_key) if secrets.pakms_key else None,
    )
    return CloverApis(
        transport=transport,
        ecommerce=EcommerceApi(context),
        platform=PlatformApi(context),
        inventory=InventoryApi(context),
        tokens=TokensApi(context),
        gift_cards=GiftCardsApi(context),
    )


async def open_session(
    profile: Profile,
    secrets: ProfileSecrets,
    paths: AppPaths,
    *,
    training_url: str | None = None,
    limits: Limits | None = None,
    retry: RetryPolicy | None = None,
) -> Session:
    """Connect ``profile``, read the merchant's name and currency, build the services."""
    apis = connect(profile, secrets, training_url=training_url, limits=limits, retry=retry)
    activity = Activity()
    currency, name = "USD", profile.name
    try:
        async with activity.track("reading the merchant"):
            merchant = await apis.platform.get_merchant()
        currency = (merchant.currency or currency).upper()
        name = merchant.name or name
    except Exception as exc:
        # The window must open even when Clover is unreachable: the status bar shows
        # the connectivity, each tab reports its own failure, and defaults hold meanwhile.
        log.warning("could not read the merchant of profile %s: %s", profile.name, exc)
    journal = Journal(paths.data_dir / f"journal-{profile.id}.sqlite3")

    async def close() -> None:
        await apis.aclose()
        journal.close()

    return Session(
        profile=profile,
        currency=currency,
        merchant_name=name,
        hosts=apis.transport.hosts,
        activity=activity,
        charges=ChargesService(apis.ecommerce, activity, journal),
        closer=close,
    )
