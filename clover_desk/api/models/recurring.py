"""Wire models of recurring payments: plans and subscriptions (camelCase, ISO times)."""

from __future__ import annotations

from typing import Any

import msgspec

from clover_desk.api.models.common import CloverEnum, CloverTime, Int64

__all__ = ["CollectionMethod", "Interval", "Plan", "SoftDescriptor", "Subscription"]


class Interval(CloverEnum):
    """How often a plan charges (times ``intervalCount``)."""

    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    YEAR = "YEAR"
    UNKNOWN = "UNKNOWN"


class CollectionMethod(CloverEnum):
    """How a subscription collects; only ``CHARGE_AUTOMATICALLY`` exists."""

    CHARGE_AUTOMATICALLY = "CHARGE_AUTOMATICALLY"
    UNKNOWN = "UNKNOWN"


class SoftDescriptor(msgspec.Struct, kw_only=True, rename="camel"):
    """Statement descriptor for subscription charges."""

    dba_name: str | None = None
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    merchant_contact_info: str | None = None


class Plan(msgspec.Struct, kw_only=True, rename="camel"):
    """A recurring plan. Amounts are minor units of the merchant's currency."""

    id: str
    name: str | None = None
    amount: Int64 | None = None
    tip_amount: Int64 | None = None
    active: bool | None = None
    interval: Interval = Interval.UNKNOWN
    interval_count: Int64 | None = None
    note: str | None = None
    tax_rate_uuids: list[str] | None = None
    created_time: CloverTime | None = None
    modified_time: CloverTime | None = None
    deleted_time: CloverTime | None = None
    merchant_id: str | None = None
    developer_app_id: str | None = None
    object: str | None = None


class Subscription(msgspec.Struct, kw_only=True, rename="camel"):
    """A customer's subscription to a plan.

    The response names the customer ``customerUuid`` (requests say ``customerId``); both
    are read, see :attr:`customer`.
    """

    id: str
    customer_uuid: str | None = None
    customer_id: str | None = None
    collection_method: CollectionMethod | None = None
    active: bool | None = None
    amount: Int64 | None = None
    tip_amount: Int64 | None = None
    total: Int64 | None = None
    note: str | None = None
    soft_descriptor: SoftDescriptor | None = None
    tax_rate_uuids: list[str] | None = None
    additional_charges: list[Any] | None = None
    start_date: CloverTime | None = None
    end_date: CloverTime | None = None
    last_run_date: CloverTime | None = None
    created_time: CloverTime | None = None
    modified_time: CloverTime | None = None
    deleted_time: CloverTime | None = None
    plan: Plan | None = None
    plan_id: str | None = None
    merchant_id: str | None = None
    object: str | None = None

    @property
    def customer(self) -> str | None:
        """The subscribed customer's id, under either spelling."""
        return self.customer_uuid or self.customer_id
