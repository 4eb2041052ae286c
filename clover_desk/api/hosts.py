"""Which host serves which Clover API, per environment and region (README "Hosts").

The Ecommerce ("scl"), tokenization and gift-card services, recurring payments and atomic
orders exist only in North America; Europe and Latin America get the platform REST API
only. Asking for a missing one raises :class:`UnsupportedRegion` before any request.
Training mode points every host at the local training sandbox (one origin serves all).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from clover_desk.api.errors import UnsupportedRegion

__all__ = ["Environment", "Hosts", "Region", "Service", "resolve"]


class Environment(StrEnum):
    """Which Clover the profile talks to."""

    SANDBOX = "sandbox"
    PRODUCTION = "production"
    TRAINING = "training"


class Region(StrEnum):
    """Clover's regions; each has its own production hosts."""

    NORTH_AMERICA = "na"
    EUROPE = "eu"
    LATIN_AMERICA = "la"


class Service(StrEnum):
    """A Clover API as far as hosts are concerned."""

    PLATFORM = "platform"  # /v3/..., /oauth/v2/...
    ECOMMERCE = "ecommerce"  # /v1/charges, refunds, orders, customers, gift cards (scl)
    TOKENS = "tokens"  # /v1/tokens (token host)
    PAKMS = "pakms"  # /pakms/apikey (scl per the newer guide)
    RECURRING = "recurring"  # /recurring/v1/...
    ATOMIC_ORDERS = "atomic_orders"  # /v3/merchants/{mId}/atomic_order/... (US/Canada only)
    WEB = "web"  # /oauth/v2/authorize: the page a merchant signs in and approves on


_NA_ONLY = frozenset(
    {Service.ECOMMERCE, Service.TOKENS, Service.PAKMS, Service.RECURRING, Service.ATOMIC_ORDERS}
)

_PLATFORM = {
    Region.NORTH_AMERICA: "https://api.clover.com",
    Region.EUROPE: "https://api.eu.clover.com",
    Region.LATIN_AMERICA: "https://api.la.clover.com",
}
_WEB = {
    Region.NORTH_AMERICA: "https://www.clover.com",
    Region.EUROPE: "https://www.eu.clover.com",
    Region.LATIN_AMERICA: "https://www.la.clover.com",
}
_SANDBOX = {
    Service.WEB: "https://sandbox.dev.clover.com",
    Service.PLATFORM: "https://apisandbox.dev.clover.com",
    Service.ECOMMERCE: "https://scl-sandbox.dev.clover.com",
    Service.TOKENS: "https://token-sandbox.dev.clover.com",
    Service.PAKMS: "https://scl-sandbox.dev.clover.com",
    # Recurring docs use sandbox.dev.clover.com; newer guides put the platform on apisandbox,
    # which Clover serves under both names.
    Service.RECURRING: "https://apisandbox.dev.clover.com",
    Service.ATOMIC_ORDERS: "https://apisandbox.dev.clover.com",
}
_PRODUCTION_NA = {
    Service.ECOMMERCE: "https://scl.clover.com",
    Service.TOKENS: "https://token.clover.com",
    Service.PAKMS: "https://scl.clover.com",  # unconfirmed in the reference: by analogy
    Service.RECURRING: "https://api.clover.com",  # unconfirmed: presumably the platform host
    Service.ATOMIC_ORDERS: "https://api.clover.com",
}


@dataclass(frozen=True, slots=True)
class Hosts:
    """Base URLs (scheme and host, no trailing slash) for one environment and region."""

    environment: Environment
    region: Region
    urls: dict[Service, str]

    def base_url(self, service: Service) -> str:
        """Return the base URL for ``service`` or raise :class:`UnsupportedRegion`."""
        try:
            return self.urls[service]
        except KeyError:
            raise UnsupportedRegion(service.value, self.region.value) from None

    def offers(self, service: Service) -> bool:
        """Whether this region has ``service`` at all."""
        return service in self.urls


def resolve(
    environment: Environment,
    region: Region = Region.NORTH_AMERICA,
    *,
    training_url: str | None = None,
) -> Hosts:
    """Resolve every service's base URL.

    Args:
        environment: sandbox, production or training.
        region: Clover region; decides which services exist (in every environment, so that
            training behaves like the real thing) and, in production, the hosts.
        training_url: the local sandbox's base URL; required for training.
    """
    offered = [s for s in Service if region is Region.NORTH_AMERICA or s not in _NA_ONLY]
    urls: dict[Service, str]
    if environment is Environment.TRAINING:
        if not training_url:
            raise ValueError("training needs the local sandbox's base URL")
        base = training_url.rstrip("/")
        urls = {s: base for s in offered}
    elif environment is Environment.SANDBOX:
        urls = {s: _SANDBOX[s] for s in offered}
    else:
        platform = _PLATFORM[region]
        production = {**_PRODUCTION_NA, Service.PLATFORM: platform, Service.WEB: _WEB[region]}
        urls = {s: production[s] for s in offered}
    return Hosts(environment=environment, region=region, urls=urls)
