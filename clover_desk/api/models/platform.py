"""Wire models of the platform REST API v3 (camelCase, epoch-ms times, ``{"elements"}``).

Orders, line items, payments, refunds, customers, inventory objects, atomic-order
checkouts and exports. Absent fields stay ``None`` (Clover leaves unset fields out).
"""

from __future__ import annotations

from typing import Any

import msgspec

from clover_desk.api.models.common import CloverEnum, Elements, EpochMillis, Int64, Ref
from clover_desk.api.models.ecommerce import CardBrand
from clover_desk.api.money import Money, optional_currency_code

__all__ = [
    "CardTransaction",
    "Category",
    "Checkout",
    "Discount",
    "Employee",
    "Export",
    "ExportStatus",
    "ExportType",
    "ExportUrl",
    "Item",
    "ItemStock",
    "LineItem",
    "Merchant",
    "Modification",
    "Modifier",
    "ModifierGroup",
    "Order",
    "OrderType",
    "Payment",
    "PaymentResult",
    "PaymentState",
    "PriceType",
    "Refund",
    "RefundStatus",
    "ServiceCharge",
    "TaxRate",
    "TaxSummary",
    "Tender",
    "V3Address",
    "V3Card",
    "V3Customer",
    "V3EmailAddress",
    "V3PhoneNumber",
]


class _V3(msgspec.Struct, kw_only=True, rename="camel", repr_omit_defaults=True, gc=False):
    """Base of v3 models: camelCase on the wire, unknown fields ignored.

    ``gc=False``: wire data is a tree and never forms reference cycles, so the garbage
    collector need not track it. A history sync holds a few hundred thousand of these;
    tracked, they made full collections that stalled the event loop for 100-200 ms and
    cost a tenth of the sync.
    """


class PaymentState(CloverEnum):
    """Order ``paymentState``."""

    OPEN = "OPEN"
    PAID = "PAID"
    REFUNDED = "REFUNDED"
    CREDITED = "CREDITED"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    UNKNOWN = "UNKNOWN"


class PaymentResult(CloverEnum):
    """Payment ``result``."""

    SUCCESS = "SUCCESS"
    FAIL = "FAIL"
    INITIATED = "INITIATED"
    VOIDED = "VOIDED"
    VOIDING = "VOIDING"
    VOID_FAILED = "VOID_FAILED"
    AUTH = "AUTH"
    AUTH_COMPLETED = "AUTH_COMPLETED"
    DISCOUNT = "DISCOUNT"
    OFFLINE_RETRYING = "OFFLINE_RETRYING"
    PENDING = "PENDING"
    UNKNOWN = "UNKNOWN"


class RefundStatus(CloverEnum):
    """v3 refund ``status``."""

    SUCCESS = "SUCCESS"
    FAIL = "FAIL"
    PENDING = "PENDING"
    VOIDED = "VOIDED"
    UNKNOWN = "UNKNOWN"


class PriceType(CloverEnum):
    """Inventory item ``priceType``."""

    FIXED = "FIXED"
    VARIABLE = "VARIABLE"
    PER_UNIT = "PER_UNIT"
    UNKNOWN = "UNKNOWN"


class ExportType(CloverEnum):
    """What an export holds."""

    ORDERS = "ORDERS"
    PAYMENTS = "PAYMENTS"
    UNKNOWN = "UNKNOWN"


class ExportStatus(CloverEnum):
    """Export progress; anything unlisted is terminal (Clover's sample code says so)."""

    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    FAILED = "FAILED"
    UNKNOWN = "UNKNOWN"

    @property
    def running(self) -> bool:
        """Still queued or working."""
        return self in (ExportStatus.PENDING, ExportStatus.IN_PROGRESS)


class Tender(_V3):
    """A way to pay (cash, check, card, custom)."""

    id: str
    label_key: str | None = None
    label: str | None = None
    enabled: bool | None = None
    visible: bool | None = None
    editable: bool | None = None
    opens_cash_drawer: bool | None = None
    supports_tipping: bool | None = None
    instructions: str | None = None


class CardTransaction(_V3):
    """Card details of a payment or refund (summary only)."""

    card_type: CardBrand | None = None
    entry_type: str | None = None
    first6: str | None = None
    last4: str | None = None
    type: str | None = None
    auth_code: str | None = None
    reference_id: str | None = None
    transaction_no: str | None = None
    state: str | None = None
    cardholder_name: str | None = None
    avs_result: str | None = None
    currency: str | None = None
    captured: bool | None = None


class Refund(_V3):
    """A v3 refund: a separate object with a positive amount, linked by ``orderRef``."""

    id: str
    amount: Int64 | None = None
    tax_amount: Int64 | None = None
    tip_amount: Int64 | None = None
    order_ref: Ref | None = None
    payment: Ref | None = None
    created_time: EpochMillis | None = None
    client_created_time: EpochMillis | None = None
    modified_time: EpochMillis | None = None
    voided: bool | None = None
    void_reason: str | None = None
    status: RefundStatus | None = None
    reason: str | None = None
    external_reference_id: str | None = None
    card_transaction: CardTransaction | None = None
    employee: Ref | None = None
    device: Ref | None = None


class Payment(_V3):
    """A v3 payment."""

    id: str
    amount: Int64 | None = None
    tip_amount: Int64 | None = None
    tax_amount: Int64 | None = None
    cashback_amount: Int64 | None = None
    cash_tendered: Int64 | None = None
    order: Ref | None = None
    tender: Tender | None = None
    employee: Ref | None = None
    device: Ref | None = None
    result: PaymentResult | None = None
    offline: bool | None = None
    note: str | None = None
    external_payment_id: str | None = None
    external_reference_id: str | None = None
    card_transaction: CardTransaction | None = None
    refunds: Elements[Refund] | None = None
    created_time: EpochMillis | None = None
    client_created_time: EpochMillis | None = None
    modified_time: EpochMillis | None = None
    void_reason: str | None = None


class Modification(_V3):
    """A modifier applied to a line item."""

    id: str | None = None
    name: str | None = None
    alternate_name: str | None = None
    amount: Int64 | None = None
    modifier: Ref | None = None
    quantity_sold: Int64 | None = None


class LineItem(_V3):
    """One line of a v3 order. ``unitQty`` is ×1000 for per-unit items."""

    id: str
    name: str | None = None
    alternate_name: str | None = None
    price: Int64 | None = None
    price_with_modifiers: Int64 | None = None
    unit_qty: Int64 | None = None
    unit_name: str | None = None
    item_code: str | None = None
    note: str | None = None
    printed: bool | None = None
    exchanged: bool | None = None
    refunded: bool | None = None
    is_revenue: bool | None = None
    item: Ref | None = None
    order_ref: Ref | None = None
    discount_amount: Int64 | None = None
    modifications: Elements[Modification] | None = None
    discounts: Elements[Discount] | None = None
    tax_rates: Elements[TaxRate] | None = None
    created_time: EpochMillis | None = None
    order_client_created_time: EpochMillis | None = None


class V3EmailAddress(_V3):
    """A customer's email address (sub-collection)."""

    id: str | None = None
    email_address: str | None = None
    primary_email: bool | None = None
    verified_time: EpochMillis | None = None


class V3PhoneNumber(_V3):
    """A customer's phone number (sub-collection)."""

    id: str | None = None
    phone_number: str | None = None


class V3Address(_V3):
    """A customer's postal address (sub-collection)."""

    id: str | None = None
    address1: str | None = None
    address2: str | None = None
    address3: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None


class V3Card(_V3):
    """A customer's card on file (summary only)."""

    id: str | None = None
    first6: str | None = None
    last4: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    expiration_date: str | None = None
    card_type: CardBrand | None = None
    token_type: str | None = None
    modified_time: EpochMillis | None = None


class V3Customer(_V3):
    """A v3 customer; email/phone/addresses/cards appear only when expanded."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    marketing_allowed: bool | None = None
    customer_since: EpochMillis | None = None
    email_addresses: Elements[V3EmailAddress] | None = None
    phone_numbers: Elements[V3PhoneNumber] | None = None
    addresses: Elements[V3Address] | None = None
    cards: Elements[V3Card] | None = None
    metadata: dict[str, Any] | None = None
    merchant: Ref | None = None
    deleted_time: EpochMillis | None = None

    @property
    def emails(self) -> list[str]:
        """The customer's email addresses (expanded ``emailAddresses``)."""
        if self.email_addresses is None:
            return []
        return [e.email_address for e in self.email_addresses.elements if e.email_address]

    @property
    def phones(self) -> list[str]:
        """The customer's phone numbers (expanded ``phoneNumbers``)."""
        if self.phone_numbers is None:
            return []
        return [p.phone_number for p in self.phone_numbers.elements if p.phone_number]


class ServiceCharge(_V3):
    """A service charge (``percentageDecimal`` is percent × 10,000)."""

    id: str | None = None
    name: str | None = None
    enabled: bool | None = None
    percentage: Int64 | None = None
    percentage_decimal: Int64 | None = None
    is_auto_applied: bool | None = None


class Order(_V3):
    """A v3 order. ``total`` is minor units of ``currency``."""

    id: str
    currency: str | None = None
    total: Int64 | None = None
    unpaid_balance: Int64 | None = None
    state: str | None = None
    payment_state: PaymentState | None = None
    pay_type: str | None = None
    title: str | None = None
    note: str | None = None
    external_reference_id: str | None = None
    # Clover's order schema defaults: a server that leaves these out means them. An
    # explicit null stays readable (None) rather than failing the whole order.
    tax_removed: bool | None = False
    is_vat: bool | None = False
    manual_transaction: bool | None = False
    group_line_items: bool | None = True
    test_mode: bool | None = False
    employee: Ref | None = None
    device: Ref | None = None
    merchant: Ref | None = None
    order_type: Ref | None = None
    customers: Elements[V3Customer] | None = None
    line_items: Elements[LineItem] | None = None
    payments: Elements[Payment] | None = None
    refunds: Elements[Refund] | None = None
    discounts: Elements[Discount] | None = None
    service_charge: ServiceCharge | None = None
    created_time: EpochMillis | None = None
    client_created_time: EpochMillis | None = None
    modified_time: EpochMillis | None = None
    deleted_timestamp: EpochMillis | None = None
    href: str | None = None

    def __post_init__(self) -> None:
        self.currency = optional_currency_code(self.currency)

    @property
    def money(self) -> Money | None:
        """The order total with its currency, when both are known."""
        if self.total is None or self.currency is None:
            return None
        return Money(self.total, self.currency)


class TaxRate(_V3):
    """A tax rate; ``rate`` is in 1/100,000 of a percent (10 % = 1,000,000)."""

    id: str | None = None
    name: str | None = None
    rate: Int64 | None = None
    tax_amount: Int64 | None = None
    tax_type: str | None = None
    is_default: bool | None = None
    modified_time: EpochMillis | None = None
    deleted_time: EpochMillis | None = None


class Discount(_V3):
    """An inventory or order discount (``amount`` negative minor units in examples)."""

    id: str | None = None
    name: str | None = None
    amount: Int64 | None = None
    percentage: Int64 | None = None
    percentage_decimal: Int64 | None = None
    type: str | None = None
    disc_type: str | None = None
    discount: Ref | None = None
    deleted: bool | None = None


class ItemStock(_V3):
    """Stock of an item."""

    item: Ref | None = None
    quantity: float | None = None
    stock_count: Int64 | None = None
    modified_time: EpochMillis | None = None


class Category(_V3):
    """An inventory category."""

    id: str
    name: str | None = None
    sort_order: Int64 | None = None
    deleted: bool | None = None
    modified_time: EpochMillis | None = None


class Modifier(_V3):
    """A modifier (extra cost in minor units)."""

    id: str
    name: str | None = None
    alternate_name: str | None = None
    available: bool | None = None
    price: Int64 | None = None
    modifier_group: Ref | None = None


class ModifierGroup(_V3):
    """A group of modifiers."""

    id: str
    name: str | None = None
    alternate_name: str | None = None
    min_required: Int64 | None = None
    max_allowed: Int64 | None = None
    show_by_default: bool | None = None
    sort_order: Int64 | None = None
    modifier_ids: str | None = None
    modifiers: Elements[Modifier] | None = None


class Item(_V3):
    """An inventory item; ``price`` in minor units."""

    id: str
    name: str | None = None
    alternate_name: str | None = None
    code: str | None = None
    sku: str | None = None
    price: Int64 | None = None
    price_type: PriceType | None = None
    price_without_vat: Int64 | None = None
    cost: Int64 | None = None
    unit_name: str | None = None
    default_tax_rates: bool | None = None
    hidden: bool | None = None
    available: bool | None = None
    auto_manage: bool | None = None
    is_revenue: bool | None = None
    stock_count: Int64 | None = None
    color_code: str | None = None
    is_age_restricted: bool | None = None
    tax_rates: Elements[TaxRate] | None = None
    categories: Elements[Category] | None = None
    modifier_groups: Elements[ModifierGroup] | None = None
    item_stock: ItemStock | None = None
    modified_time: EpochMillis | None = None
    deleted_time: EpochMillis | None = None


class OrderType(_V3):
    """An order type (dine in, take out...)."""

    id: str
    label_key: str | None = None
    label: str | None = None
    taxable: bool | None = None
    is_default: bool | None = None
    filter_categories: bool | None = None
    is_hidden: bool | None = None
    fee: Int64 | None = None
    min_order_amount: Int64 | None = None
    max_order_amount: Int64 | None = None
    hours_available: str | None = None
    is_deleted: bool | None = None
    system_order_type_id: str | None = None


class Employee(_V3):
    """A member of the merchant's staff (no PIN: it is a secret and never read)."""

    id: str
    name: str | None = None
    nickname: str | None = None
    custom_id: str | None = None
    email: str | None = None
    role: str | None = None
    is_owner: bool | None = None
    deleted_time: EpochMillis | None = None


class Merchant(_V3):
    """The merchant (``GET /v3/merchants/{mId}``); collections only when expanded."""

    id: str
    name: str | None = None
    currency: str | None = None
    default_currency: str | None = None
    tenders: Elements[Tender] | None = None
    employees: Elements[Employee] | None = None

    def __post_init__(self) -> None:
        self.currency = optional_currency_code(self.currency)
        self.default_currency = optional_currency_code(self.default_currency)

    @property
    def currency_code(self) -> str | None:
        """The merchant's currency, upper case. Clover's merchant object names it
        ``defaultCurrency``; ``currency`` is read too, whichever a server sends."""
        return self.currency or self.default_currency


class TaxSummary(_V3):
    """Tax per rate in an atomic checkout."""

    id: str | None = None
    name: str | None = None
    rate: Int64 | None = None
    amount: Int64 | None = None


class Checkout(_V3):
    """Totals of an atomic-order checkout (nothing was created)."""

    subtotal: Int64 | None = None
    total_tax_amount: Int64 | None = None
    total: Int64 | None = None
    is_vat: bool | None = None
    tax_summaries: Elements[TaxSummary] | None = None
    order_cart: dict[str, Any] | None = None


class ExportUrl(_V3):
    """One file of a finished export."""

    url: str
    export: Ref | None = None


class Export(_V3):
    """A bulk export of orders or payments."""

    id: str
    type: ExportType | None = None
    status: ExportStatus = ExportStatus.UNKNOWN
    percent_complete: Int64 | float | None = None
    start_time: EpochMillis | None = None
    end_time: EpochMillis | None = None
    created_time: EpochMillis | None = None
    modified_time: EpochMillis | None = None
    available_until: EpochMillis | None = None
    export_urls: Elements[ExportUrl] | None = None
    merchant_ref: Ref | None = None

    @property
    def urls(self) -> list[str]:
        """The data-file URLs (set once ``DONE``)."""
        return [u.url for u in self.export_urls.elements] if self.export_urls else []
