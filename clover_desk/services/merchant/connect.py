"""Connecting a profile: the Clover client and adapters the services talk through.

Only the composition root imports this module (it builds the client, hence httpx); the
UI works with the :class:`~clover_desk.services.merchant.session.Session` it returns. The
adapters turn the services' own cart, return and card objects into the api's request
structs and calls, through the api's public methods only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence

from clover_desk.api.atomic_orders import CartDiscount, CartLineItem, CartModification, OrderCart
from clover_desk.api.client import CloverClient
from clover_desk.api.client import Profile as ClientProfile
from clover_desk.api.credentials import CredentialStore
from clover_desk.api.hosts import Environment
from clover_desk.api.limiter import Limits
from clover_desk.api.models.common import Elements
from clover_desk.api.models.ecommerce import Charge
from clover_desk.api.models.ecommerce import Customer as CardCustomer
from clover_desk.api.models.ecommerce import Order as PaidOrder
from clover_desk.api.models.gift_cards import GiftCardResult
from clover_desk.api.models.platform import (
    Checkout,
    Discount,
    Item,
    Order,
    V3Address,
    V3Customer,
    V3EmailAddress,
    V3PhoneNumber,
)
from clover_desk.api.money import Money
from clover_desk.api.retry import RetryPolicy
from clover_desk.api.tokens import CardDetails
from clover_desk.services.common import Activity, Listing
from clover_desk.services.customers import (
    CardEntry,
    CardsService,
    CardToken,
    CustomersService,
    NameBook,
    brand_of,
)
from clover_desk.services.history import PlatformStaff, open_history
from clover_desk.services.merchant.paths import AppPaths
from clover_desk.services.merchant.profiles import Profile
from clover_desk.services.merchant.session import ProfileSecrets, Session
from clover_desk.services.refunds import BatchQueue, BatchStore, Journal, RefundService
from clover_desk.services.sales import (
    Cart,
    ChargesService,
    GiftCardHistory,
    GiftCardService,
    OrdersService,
    PlansService,
)
from clover_desk.services.staff import StaffDirectory

__all__ = ["OrdersAdapter", "client_for", "open_session"]

log = logging.getLogger(__name__)


def client_for(
    profile: Profile,
    secrets: ProfileSecrets,
    *,
    training_url: str | None = None,
    clover_url: str | None = None,
    limits: Limits | None = None,
    retry: RetryPolicy | None = None,
    store: CredentialStore | None = None,
) -> CloverClient:
    """The Clover client of ``profile`` (no request is made).

    ``clover_url`` sends every call to one local origin whatever the environment (a
    standalone sandbox standing in for Clover's servers); the region still decides
    which APIs exist. An OAuth pair in ``secrets`` is used (and refreshed through the
    single-flight refresh) instead of a pasted API token; refreshed pairs are saved to
    ``store``.
    """
    environment = profile.environment
    if clover_url is not None:
        environment, training_url = Environment.TRAINING, clover_url
    oauth = secrets.oauth if profile.oauth_client_id else None
    return CloverClient(
        ClientProfile(
            name=profile.id,
            merchant_id=profile.merchant_id,
            environment=environment,
            region=profile.region,
            training_url=training_url,
            oauth_client_id=profile.oauth_client_id or None,
        ),
        api_token=secrets.api_token or None,
        ecommerce_token=secrets.ecommerce_private_token or None,
        pakms_key=secrets.pakms_key or None,
        oauth=oauth,
        store=store if oauth is not None else None,
        limits=limits,
        retry=retry,
    )


def order_cart(cart: Cart) -> OrderCart:
    """The atomic-order cart of a services :class:`Cart` (one line per unit)."""
    lines: list[CartLineItem] = []
    for line in cart.lines:
        for _ in range(line.quantity):
            lines.append(
                CartLineItem(
                    item={"id": line.item.id},
                    note=line.note or None,
                    modifications=[
                        CartModification(modifier={"id": m.id}, name=m.name, amount=m.price)
                        for m in line.modifiers
                    ]
                    or None,
                    discounts=[_cart_discount(d) for d in line.discounts] or None,
                )
            )
    return OrderCart(
        line_items=lines,
        discounts=[_cart_discount(d) for d in cart.discounts] or None,
        note=cart.note or None,
    )


def _cart_discount(discount: Discount) -> CartDiscount:
    return CartDiscount(
        name=discount.name,
        amount=discount.amount if discount.percentage is None else None,
        percentage=discount.percentage,
        discount={"id": discount.id} if discount.id else None,
    )


class OrdersAdapter:
    """The orders service's gateway over a :class:`CloverClient`."""

    def __init__(self, client: CloverClient) -> None:
        self._c = client

    def list_orders(
        self, *, filters: Sequence[str] = (), expand: Sequence[str] = (), page_size: int = 100
    ) -> Listing[Order]:
        """v3 orders, newest first."""
        return self._c.platform.list_orders(filters=filters, expand=expand, page_size=page_size)

    async def get_order(self, order_id: str, *, expand: Sequence[str] = ()) -> Order:
        """One v3 order."""
        return await self._c.platform.get_order(order_id, expand=expand)

    async def inventory_items(self) -> list[Item]:
        """Items, each with its modifier groups' modifiers filled in."""
        items, groups = await asyncio.gather(
            self._c.inventory.list_items(expand=["modifierGroups"]).collect(),
            self._c.inventory.list_modifier_groups(expand=["modifiers"]).collect(),
        )
        by_id = {g.id: g for g in groups}
        for item in items:
            if item.modifier_groups is not None:
                item.modifier_groups = Elements(
                    elements=tuple(by_id.get(g.id, g) for g in item.modifier_groups.elements)
                )
        return items

    async def inventory_discounts(self) -> list[Discount]:
        """The merchant's discounts."""
        return await self._c.inventory.list_discounts().collect()

    async def checkout(self, cart: Cart) -> Checkout:
        """Atomic checkout totals."""
        return await self._c.atomic_orders.checkout(order_cart(cart))

    async def create_order(self, cart: Cart) -> Order:
        """Atomic order creation."""
        return await self._c.atomic_orders.create_order(order_cart(cart))

    async def pay_order(
        self,
        order_id: str,
        *,
        source: str | None,
        customer: str | None,
        tip_amount: int | None,
        email: str | None,
        idempotency_key: str,
    ) -> PaidOrder:
        """Pay with a token or a customer's card on file."""
        return await self._c.ecommerce.pay_order(
            order_id,
            source=source,
            customer=customer,
            tip_amount=tip_amount,
            email=email,
            idempotency_key=idempotency_key,
        )


class TokensAdapter:
    """The cards service's gateway: a typed card to a ``clv_`` token."""

    def __init__(self, client: CloverClient) -> None:
        self._c = client

    async def tokenize_card(self, entry: CardEntry) -> CardToken:
        """Tokenize; the api's CardDetails keeps the number out of reprs."""
        token = await self._c.tokens.create_card_token(
            CardDetails(
                number=entry.number,
                exp_month=f"{entry.exp_month:02d}",
                exp_year=str(entry.exp_year),
                cvv=entry.cvv,
                name=entry.name or None,
                address_zip=entry.postal_code or None,
            )
        )
        card = token.card
        return CardToken(
            token=token.id,
            last4=(card.last4 if card and card.last4 else entry.last4),
            brand=(card.brand.value if card and card.brand else brand_of(entry.number)),
        )


class CustomersAdapter:
    """The customers service's gateway: v3 reads and contact edits, Ecommerce cards on file."""

    def __init__(self, client: CloverClient) -> None:
        self._c = client

    def list_customers(
        self, *, filters: Sequence[str] = (), expand: Sequence[str] = (), page_size: int = 200
    ) -> Listing[V3Customer]:
        """v3 customers."""
        return self._c.platform.list_customers(filters=filters, expand=expand, page_size=page_size)

    async def get_customer(self, customer_id: str, *, expand: Sequence[str] = ()) -> V3Customer:
        """One v3 customer."""
        return await self._c.platform.get_customer(customer_id, expand=expand)

    async def create_customer(
        self,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        emails: Sequence[str] = (),
        phones: Sequence[str] = (),
        addresses: Sequence[Mapping[str, str | None]] = (),
    ) -> V3Customer:
        """A v3 customer (no card needed)."""
        return await self._c.platform.create_customer(
            first_name=first_name,
            last_name=last_name,
            emails=emails,
            phones=phones,
            addresses=addresses,
        )

    async def update_customer(
        self, customer_id: str, *, first_name: str | None = None, last_name: str | None = None
    ) -> V3Customer:
        """A v3 customer's names."""
        return await self._c.platform.update_customer(
            customer_id, first_name=first_name, last_name=last_name
        )

    async def add_email_address(
        self, customer_id: str, email_address: str, *, primary: bool | None = None
    ) -> V3EmailAddress:
        """A new email address."""
        return await self._c.platform.add_email_address(customer_id, email_address, primary=primary)

    async def update_email_address(
        self, customer_id: str, email_id: str, *, email_address: str | None = None
    ) -> V3EmailAddress:
        """Change an email address."""
        return await self._c.platform.update_email_address(
            customer_id, email_id, email_address=email_address
        )

    async def add_phone_number(self, customer_id: str, phone_number: str) -> V3PhoneNumber:
        """A new phone number."""
        return await self._c.platform.add_phone_number(customer_id, phone_number)

    async def update_phone_number(
        self, customer_id: str, phone_id: str, phone_number: str
    ) -> V3PhoneNumber:
        """Change a phone number."""
        return await self._c.platform.update_phone_number(customer_id, phone_id, phone_number)

    async def add_address(self, customer_id: str, **fields: str) -> V3Address:
        """A new postal address (v3 field names)."""
        return await self._c.platform.add_address(customer_id, **fields)

    async def update_address(self, customer_id: str, address_id: str, **fields: str) -> V3Address:
        """Change fields of a postal address."""
        return await self._c.platform.update_address(customer_id, address_id, **fields)

    async def save_card(self, customer_id: str, source: str) -> CardCustomer:
        """``PUT /v1/customers/{id}`` with a ``clv_`` token: a new card on file."""
        return await self._c.ecommerce.update_customer(customer_id, source=source)

    async def revoke_source(self, customer_id: str, source_id: str) -> object:
        """Forget a saved card."""
        return await self._c.ecommerce.revoke_source(customer_id, source_id)

    def customer_charges(self, customer_id: str) -> Listing[Charge]:
        """The customer's charges, newest first."""
        return self._c.ecommerce.list_charges(customer=customer_id, page_size=50)


class GiftCardsAdapter:
    """The gift-card service's gateway."""

    def __init__(self, client: CloverClient) -> None:
        self._c = client

    async def tokenize_gift_card(self, number: str, security_code: str | None) -> str:
        """A single-use token for the card."""
        token = await self._c.tokens.create_gift_card_token(number, security_code=security_code)
        return token.id

    async def activate(self, source: str, amount: Money, idempotency_key: str) -> GiftCardResult:
        """Activate a physical card."""
        return await self._c.gift_cards.activate(source, amount, idempotency_key=idempotency_key)

    async def activate_virtual(
        self, promo_code: str, amount: Money, idempotency_key: str
    ) -> GiftCardResult:
        """Activate a virtual card (its number is in ``gift_card.card_number``)."""
        return await self._c.gift_cards.activate_virtual(
            promo_code, amount, idempotency_key=idempotency_key
        )

    async def balance(self, source: str) -> GiftCardResult:
        """Balance inquiry."""
        return await self._c.gift_cards.balance(source)

    async def reload(self, source: str, amount: Money, idempotency_key: str) -> GiftCardResult:
        """Reload."""
        return await self._c.gift_cards.reload(source, amount, idempotency_key=idempotency_key)

    async def cashout(self, source: str, idempotency_key: str) -> GiftCardResult:
        """Cash out."""
        return await self._c.gift_cards.cashout(source, idempotency_key=idempotency_key)


async def open_session(
    profile: Profile,
    secrets: ProfileSecrets,
    paths: AppPaths,
    *,
    training_url: str | None = None,
    clover_url: str | None = None,
    limits: Limits | None = None,
    retry: RetryPolicy | None = None,
    store: CredentialStore | None = None,
    staff: StaffDirectory | None = None,
) -> Session:
    """Connect ``profile``, read the merchant's name and currency, build the services.

    ``staff`` verifies managers' approvals of refunds; without it none is accepted.
    """
    client = client_for(
        profile,
        secrets,
        training_url=training_url,
        clover_url=clover_url,
        limits=limits,
        retry=retry,
        store=store,
    )
    activity = Activity()
    client.transport.server_wait_listeners.append(activity.asked_to_wait)
    currency, name = "USD", profile.name
    try:
        async with activity.track("reading the merchant"):
            merchant = await client.platform.get_merchant()
        currency = merchant.currency_code or currency
        name = merchant.name or name
    except Exception as exc:
        # The window must open even when Clover is unreachable: the status bar shows
        # the connectivity, each tab reports its own failure, and defaults hold meanwhile.
        log.warning("could not read the merchant of profile %s: %s", profile.name, exc)
    journal = Journal(paths.journal_for(profile.id))
    cards = CardsService(TokensAdapter(client), activity)

    refunds = RefundService(client.ecommerce, client.platform, journal, staff)
    batch_store = BatchStore(journal)
    batches = BatchQueue(batch_store, refunds, staff)
    history = open_history(
        paths.history_for(profile.id), client.exports, client.platform, currency=currency
    )

    async def close() -> None:
        await batches.close()  # rows in flight are journaled; they resume next time
        await refunds.close()  # stop settling before the client and the journal go
        await history.aclose()
        await client.aclose()
        batch_store.close()
        journal.close()

    return Session(
        profile=profile,
        currency=currency,
        merchant_name=name,
        hosts=client.hosts,
        activity=activity,
        charges=ChargesService(client.ecommerce, activity),
        orders=OrdersService(OrdersAdapter(client), activity, currency),
        cards=cards,
        customers=CustomersService(CustomersAdapter(client), cards, activity),
        plans=PlansService(client.recurring, activity),
        gift_cards=GiftCardService(
            GiftCardsAdapter(client),
            activity,
            GiftCardHistory(paths.gift_card_history),
            currency,
            profile.id,
        ),
        refunds=refunds,
        journal=journal,
        batches=batches,
        history=history.history,
        sync=history.sync,
        reports=history.reports,
        names=NameBook(
            CustomersAdapter(client), PlatformStaff(client.platform), activity, history.store
        ),
        closer=close,
    )
