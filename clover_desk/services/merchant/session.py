"""One open merchant session: the profile, its currency, and every tab's service.

Built by :mod:`clover_desk.services.merchant.connect` (which owns the Clover client); the UI sees
only this object and the services in it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from clover_desk.api.credentials import CredentialKind, CredentialStore, OAuthTokens
from clover_desk.api.hosts import Hosts, Service
from clover_desk.services.common import Activity
from clover_desk.services.customers import CardsService, CustomersService, NameBook
from clover_desk.services.history import History, HistorySync, ReportsService
from clover_desk.services.merchant.profiles import Profile
from clover_desk.services.refunds import BatchQueue, Journal, RefundService
from clover_desk.services.sales import ChargesService, GiftCardService, OrdersService, PlansService

__all__ = ["ProfileSecrets", "Session", "load_secrets"]


@dataclass(frozen=True, slots=True)
class ProfileSecrets:
    """A profile's tokens, in memory only while the session needs them."""

    api_token: str = field(default="", repr=False)
    ecommerce_private_token: str = field(default="", repr=False)
    pakms_key: str = field(default="", repr=False)
    #: An expiring pair from *Connect to Clover…* (preferred over ``api_token``).
    oauth: OAuthTokens | None = field(default=None, repr=False)

    @property
    def empty(self) -> bool:
        """Whether no token at all is configured."""
        return not (self.api_token or self.ecommerce_private_token or self.pakms_key or self.oauth)


def load_secrets(store: CredentialStore, profile_id: str) -> ProfileSecrets:
    """The profile's tokens from the keyring (blocking: call through ``to_thread``)."""
    return ProfileSecrets(
        api_token=store.get(profile_id, CredentialKind.API_TOKEN) or "",
        ecommerce_private_token=store.get(profile_id, CredentialKind.ECOMMERCE_PRIVATE_TOKEN) or "",
        pakms_key=store.get(profile_id, CredentialKind.PAKMS_KEY) or "",
        oauth=store.load_oauth(profile_id),
    )


async def _nothing() -> None:
    return None


@dataclass(slots=True)
class Session:
    """Everything the window needs for one profile.

    Attributes:
        profile: who we talk to.
        currency: the merchant's currency (ISO 4217, upper case).
        merchant_name: shown in the title.
        hosts: which Clover services the profile's region offers.
        activity: requests in flight and connectivity.
        charges / orders / customers / plans / gift_cards: the tabs' services.
        refunds: exactly-once refunds and returns, through ``journal``.
        batches: the batch refund queue, kept in the journal's file and sent through
            ``refunds``.
        journal: this profile's money journal on this machine (the Activity view).
        history / sync / reports: the local history (orders, payments, refunds,
            customers), its export-driven sync, and the reports built from it.
        names: customer and staff names for the ids in live tables.
        closer: closes the client and files.
    """

    profile: Profile
    currency: str
    merchant_name: str
    hosts: Hosts
    activity: Activity
    charges: ChargesService
    orders: OrdersService
    cards: CardsService
    customers: CustomersService
    plans: PlansService
    gift_cards: GiftCardService
    refunds: RefundService
    journal: Journal
    batches: BatchQueue
    history: History
    sync: HistorySync
    reports: ReportsService
    names: NameBook
    extra: dict[str, Any] = field(default_factory=dict)
    closer: Callable[[], Awaitable[None]] = _nothing

    def offers(self, service: Service) -> bool:
        """Whether the profile's region has ``service``."""
        return self.hosts.offers(service)

    async def aclose(self) -> None:
        """Close connections and files."""
        await self.closer()
