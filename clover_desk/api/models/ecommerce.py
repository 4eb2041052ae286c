"""Wire models of the Ecommerce API v1 (charges, refunds, orders, customers; snake_case)."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from clover_desk.api.models.common import CloverEnum, EpochMillis, Int64, ListEnvelope
from clover_desk.api.money import Money, currency_code, optional_currency_code

__all__ = [
    "CardBrand",
    "Charge",
    "ChargeStatus",
    "Customer",
    "DeletedSource",
    "GiftCardBalance",
    "Order",
    "OrderItem",
    "OrderReturn",
    "OrderStatus",
    "Outcome",
    "PastCharge",
    "Refund",
    "RefundReason",
    "RefundStatus",
    "Shipping",
    "ShippingAddress",
    "Source",
    "StatusTransitions",
    "VoidOnRefund",
]


class ChargeStatus(CloverEnum):
    """Charge ``status``: documented ``succeeded``; ``pending``/``failed`` per a mirror."""

    SUCCEEDED = "succeeded"
    PENDING = "pending"
    FAILED = "failed"
    UNKNOWN = "unknown"


class RefundStatus(CloverEnum):
    """Refund ``status``: card refunds succeed or fail; others may pend or be canceled."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    PENDING = "pending"
    CANCELED = "canceled"
    UNKNOWN = "unknown"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"cancelled": "canceled"}


class RefundReason(CloverEnum):
    """Why a refund was made (the three the Ecommerce API accepts)."""

    DUPLICATE = "duplicate"
    FRAUDULENT = "fraudulent"
    REQUESTED_BY_CUSTOMER = "requested_by_customer"
    UNKNOWN = "unknown"


class OrderStatus(CloverEnum):
    """v1 order ``status``."""

    CREATED = "created"
    PAID = "paid"
    FULFILLED = "fulfilled"
    RETURNED = "returned"
    CANCELED = "canceled"
    REFUNDED = "refunded"
    UNKNOWN = "unknown"


class CardBrand(CloverEnum):
    """Card brands (token ``card.brand``, charge ``source.brand``, v3 ``cardType``)."""

    VISA = "VISA"
    MC = "MC"
    AMEX = "AMEX"
    DISCOVER = "DISCOVER"
    DINERS_CLUB = "DINERS_CLUB"
    JCB = "JCB"
    MAESTRO = "MAESTRO"
    CHINA_UNION_PAY = "CHINA_UNION_PAY"
    INTERAC = "INTERAC"
    GIFT_CARD = "GIFT_CARD"
    EBT = "EBT"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "mastercard": "MC",
            "master_card": "MC",
            "american_express": "AMEX",
            "americanexpress": "AMEX",
            "diners": "DINERS_CLUB",
            "dinersclub": "DINERS_CLUB",
            "unionpay": "CHINA_UNION_PAY",
            "giftcard": "GIFT_CARD",
        }


class Source(msgspec.Struct, kw_only=True):
    """The payment source on a charge or order (card summary; never the PAN)."""

    id: str | None = None
    brand: CardBrand | None = None
    first6: str | None = None
    last4: str | None = None
    exp_month: str | Int64 | None = None
    exp_year: str | Int64 | None = None
    funding: str | None = None
    cvc_check: str | None = None
    address_line1_check: str | None = None
    address_zip_check: str | None = None


class Outcome(msgspec.Struct, kw_only=True):
    """``{"network_status": "approved_by_network", "type": "authorized"}``."""

    network_status: str | None = None
    type: str | None = None
    reason: str | None = None


class GiftCardBalance(msgspec.Struct, kw_only=True):
    """Gift-card balances attached to gift-card operations (minor units)."""

    expiration_date: date | None = None
    previous_balance: Int64 | None = None
    new_balance: Int64 | None = None
    lock_amount: Int64 | None = None
    lock_id: Int64 | str | None = None
    #: a new virtual card's number (``gift_card.number``; a mirror lists it, and the
    #: sandbox sends it on virtual activation); a digit string, or a JSON number
    number: str | Int64 | None = None
    #: the promo code a virtual card was activated with, under either reading of the
    #: unconfirmed request field name (see :attr:`promo`)
    virtual_promo_code: str | None = None
    promo_code: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.number, int):
            self.number = str(self.number)

    @property
    def card_number(self) -> str | None:
        """The card number, if the answer carried one (a new virtual card's)."""
        return str(self.number) if self.number is not None and self.number != "" else None

    @property
    def promo(self) -> str | None:
        """The virtual promo code echoed back, whichever field name carried it."""
        return self.virtual_promo_code or self.promo_code


class Charge(msgspec.Struct, kw_only=True):
    """A charge (sale, auth, or gift-card redemption/lock).

    ``idempotency_key`` is not Clover's: the client sets it to the key it sent when this
    charge came back from a money-moving call.
    """

    id: str
    amount: Int64
    currency: str
    created: EpochMillis | None = None
    amount_refunded: Int64 = 0
    amount_captured: Int64 | None = None
    tax_amount: Int64 | None = None
    tip_amount: Int64 | None = None
    captured: bool | None = None
    paid: bool | None = None
    refunded: bool | None = None
    status: ChargeStatus = ChargeStatus.UNKNOWN
    outcome: Outcome | None = None
    order: str | None = None
    customer: str | None = None
    auth_code: str | None = None
    ref_num: str | None = None
    source: Source | str | None = None
    payment_method_details: str | None = None
    partial_auth: bool | None = None
    gift_card: GiftCardBalance | None = None
    warning_message: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    description: str | None = None
    external_reference_id: str | None = None
    ecomind: str | None = None
    metadata: dict[str, Any] | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        self.currency = currency_code(self.currency)

    @property
    def money(self) -> Money:
        """The charged amount with its currency."""
        return Money(self.amount, self.currency)

    @property
    def refundable(self) -> Money:
        """What is left to refund (amount less refunds so far)."""
        return Money(self.amount - self.amount_refunded, self.currency)


class Refund(msgspec.Struct, kw_only=True):
    """A refund of a charge (or a gift-card void of a redemption, reload or cashout)."""

    id: str
    amount: Int64
    charge: str | None = None
    currency: str | None = None
    created: EpochMillis | None = None
    reason: RefundReason | None = None
    status: RefundStatus = RefundStatus.UNKNOWN
    receipt_number: str | None = None
    description: str | None = None
    external_reference_id: str | None = None
    failure_reason: str | None = None
    metadata: dict[str, Any] | None = None
    gift_card: GiftCardBalance | None = None
    object: str | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        self.currency = optional_currency_code(self.currency)


class VoidOnRefund(msgspec.Struct, kw_only=True):
    """Result of ``POST /v1/refunds/{id}/cancel`` (``object: "void_on_refund"``)."""

    id: str
    amount: Int64 | None = None
    charge: str | None = None
    status: RefundStatus = RefundStatus.UNKNOWN
    metadata: dict[str, Any] | None = None
    gift_card: GiftCardBalance | None = None
    object: str | None = None
    idempotency_key: str | None = None


class StatusTransitions(msgspec.Struct, kw_only=True):
    """When an order changed status."""

    paid: EpochMillis | None = None
    returned: EpochMillis | None = None
    fulfilled: EpochMillis | None = None
    canceled: EpochMillis | None = None


class OrderItem(msgspec.Struct, kw_only=True):
    """One item of a v1 order (``type`` is ``sku``, ``shipping`` or ``tax``)."""

    type: str | None = None
    parent: str | None = None
    amount: Int64 | None = None
    currency: str | None = None
    description: str | None = None
    quantity: Int64 | None = None
    tax_rates: list[dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        self.currency = optional_currency_code(self.currency)


class ShippingAddress(msgspec.Struct, kw_only=True):
    """A postal address (v1 spelling)."""

    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


class Shipping(msgspec.Struct, kw_only=True):
    """Shipping details on a v1 order or customer."""

    address: ShippingAddress | None = None
    name: str | None = None
    phone: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None


class PastCharge(msgspec.Struct, kw_only=True):
    """An earlier charge of a split-paid order (shape unconfirmed; everything optional)."""

    id: str | None = None
    amount: Int64 | None = None
    currency: str | None = None
    status: ChargeStatus | None = None


class Order(msgspec.Struct, kw_only=True):
    """A v1 ("streamlined") order; also the answer to pay."""

    id: str
    amount: Int64 | None = None
    amount_paid: Int64 | None = None
    amount_returned: Int64 | None = None
    tax_amount: Int64 | None = None
    tip_amount: Int64 | None = None
    currency: str | None = None
    created: EpochMillis | None = None
    customer: str | None = None
    email: str | None = None
    charge: str | None = None
    items: list[OrderItem] = msgspec.field(default_factory=list)
    shipping: Shipping | None = None
    status: OrderStatus = OrderStatus.UNKNOWN
    status_transitions: StatusTransitions | None = None
    ref_num: str | None = None
    auth_code: str | None = None
    source: Source | str | None = None
    ecomind: str | None = None
    warning_message: str | None = None
    past_charges: list[PastCharge | str] | None = None
    metadata: dict[str, Any] | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        self.currency = optional_currency_code(self.currency)

    @property
    def money(self) -> Money | None:
        """The order amount with its currency, when both are known."""
        if self.amount is None or self.currency is None:
            return None
        return Money(self.amount, self.currency)


class OrderReturn(msgspec.Struct, kw_only=True):
    """Result of ``POST /v1/orders/{id}/returns`` (shape partly unconfirmed)."""

    id: str | None = None
    object: str | None = None
    amount: Int64 | None = None
    amount_returned: Int64 | None = None
    currency: str | None = None
    created: EpochMillis | None = None
    items: list[OrderItem] = msgspec.field(default_factory=list)
    status: OrderStatus = OrderStatus.UNKNOWN
    status_transitions: StatusTransitions | None = None
    order: str | None = None
    charge: str | None = None
    refund: str | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        self.currency = optional_currency_code(self.currency)


class Customer(msgspec.Struct, kw_only=True):
    """A card-on-file customer of the Ecommerce API."""

    id: str
    object: str | None = None
    created: EpochMillis | None = None
    currency: str | None = None
    email: str | None = None
    phone: str | None = None
    name: str | None = None
    first_name: str | None = msgspec.field(default=None, name="firstName")
    last_name: str | None = msgspec.field(default=None, name="lastName")
    sources: ListEnvelope[Source | str] | None = None
    default_source: str | None = None
    shipping: Shipping | None = None
    metadata: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.currency = optional_currency_code(self.currency)

    @property
    def source_ids(self) -> list[str]:
        """Ids of the saved payment sources."""
        if self.sources is None:
            return []
        return [s if isinstance(s, str) else (s.id or "") for s in self.sources.items]


class DeletedSource(msgspec.Struct, kw_only=True):
    """``{"deleted": true, "id": "<sourceId>", "object": "deletedcard"}``."""

    id: str
    deleted: bool = False
    object: str | None = None
