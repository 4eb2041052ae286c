"""Recurring payments (``/recurring/v1/...``): plans and subscriptions.

Every call carries ``X-Clover-Merchant-Id``. Times come back as ISO-like strings (both
spellings the reference shows are read); dates go out as ``YYYY-MM-DD``, or as
``YYYY-MM-DDTHH:MM:SS.mmm±HHMM`` for a datetime.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from clover_desk.api._base import ApiBase, body, query, seg
from clover_desk.api.hosts import Service
from clover_desk.api.models.recurring import (
    CollectionMethod,
    Interval,
    Plan,
    SoftDescriptor,
    Subscription,
)
from clover_desk.api.paging import OffsetPager
from clover_desk.api.transport import Mode

__all__ = ["RecurringApi"]

#: The reference gives 10 as the smallest page; 100 keeps requests few.
RECURRING_PAGE = 100


def recurring_date(value: date | datetime | None) -> str | None:
    """A date or datetime as the recurring API reads it."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("use an aware datetime")
        millis = value.microsecond // 1000
        return value.strftime("%Y-%m-%dT%H:%M:%S") + f".{millis:03d}" + value.strftime("%z")
    return value.isoformat()


class RecurringApi(ApiBase):
    """Plans and subscriptions this app created for the merchant."""

    service = Service.RECURRING

    @property
    def _headers(self) -> dict[str, str]:
        return {"X-Clover-Merchant-Id": self.merchant_id}

    # ------------------------------------------------------------------ plans

    async def create_plan(
        self,
        name: str,
        amount: int,
        interval: Interval,
        interval_count: int = 1,
        *,
        tip_amount: int | None = None,
        note: str | None = None,
        tax_rate_uuids: Sequence[str] | None = None,
    ) -> Plan:
        """``POST /recurring/v1/plans`` (``amount`` in minor units)."""
        if interval is Interval.UNKNOWN:
            raise ValueError("choose DAY, WEEK, MONTH or YEAR")
        if not 3 <= len(name.strip()) <= 127:
            raise ValueError("a plan name has 3 to 127 characters")
        plan: Plan = await self._send(
            "POST",
            Plan,
            "/recurring/v1/plans",
            "/recurring/v1/plans",
            mode=Mode.UNSAFE,
            headers=self._headers,
            json=body(
                name=name,
                amount=amount,
                interval=interval,
                intervalCount=interval_count,
                tipAmount=tip_amount,
                note=note,
                taxRateUuids=list(tax_rate_uuids) if tax_rate_uuids is not None else None,
            ),
        )
        return plan

    def list_plans(
        self,
        *,
        interval: Interval | None = None,
        interval_count: int | None = None,
        page_size: int = RECURRING_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[Plan]:
        """``GET /recurring/v1/plans`` (a bare JSON array or an envelope; both are read)."""
        return self._v3_pager(
            Plan,
            "/recurring/v1/plans",
            "/recurring/v1/plans",
            query(interval=interval, intervalCount=interval_count),
            page_size,
            limit,
            bare_list_ok=True,
            headers=self._headers,
        )

    async def get_plan(self, plan_id: str) -> Plan:
        """``GET /recurring/v1/plans/{planId}``."""
        plan: Plan = await self._get(
            Plan,
            f"/recurring/v1/plans/{seg(plan_id)}",
            "/recurring/v1/plans/{planId}",
            headers=self._headers,
        )
        return plan

    async def update_plan(
        self,
        plan_id: str,
        *,
        name: str | None = None,
        amount: int | None = None,
        tip_amount: int | None = None,
        note: str | None = None,
        tax_rate_uuids: Sequence[str] | None = None,
        active: bool | None = None,
    ) -> Plan:
        """``PUT /recurring/v1/plans/{planId}`` (interval and count cannot change)."""
        plan: Plan = await self._send(
            "PUT",
            Plan,
            f"/recurring/v1/plans/{seg(plan_id)}",
            "/recurring/v1/plans/{planId}",
            mode=Mode.IDEMPOTENT,
            headers=self._headers,
            json=body(
                name=name,
                amount=amount,
                tipAmount=tip_amount,
                note=note,
                taxRateUuids=list(tax_rate_uuids) if tax_rate_uuids is not None else None,
                active=active,
            ),
        )
        return plan

    async def deactivate_plan(self, plan_id: str) -> Plan:
        """Deactivate a plan (only possible without active subscriptions)."""
        return await self.update_plan(plan_id, active=False)

    async def delete_plan(self, plan_id: str) -> None:
        """``DELETE /recurring/v1/plans/{planId}``."""
        await self._send_no_content(
            "DELETE",
            f"/recurring/v1/plans/{seg(plan_id)}",
            "/recurring/v1/plans/{planId}",
            mode=Mode.UNSAFE,
            headers=self._headers,
        )

    # ------------------------------------------------------------------ subscriptions

    async def create_subscription(
        self,
        plan_id: str,
        customer_id: str,
        *,
        start_date: date | datetime | None = None,
        end_date: date | datetime | None = None,
        amount: int | None = None,
        tip_amount: int | None = None,
        note: str | None = None,
        tax_rate_uuids: Sequence[str] | None = None,
        active: bool | None = None,
        soft_descriptor: SoftDescriptor | None = None,
    ) -> Subscription:
        """``POST /recurring/v1/plans/{planId}/subscriptions`` for a card-on-file customer."""
        subscription: Subscription = await self._send(
            "POST",
            Subscription,
            f"/recurring/v1/plans/{seg(plan_id)}/subscriptions",
            "/recurring/v1/plans/{planId}/subscriptions",
            mode=Mode.UNSAFE,
            headers=self._headers,
            json=body(
                customerId=customer_id,
                collectionMethod=CollectionMethod.CHARGE_AUTOMATICALLY,
                startDate=recurring_date(start_date),
                endDate=recurring_date(end_date),
                amount=amount,
                tipAmount=tip_amount,
                note=note,
                taxRateUuids=list(tax_rate_uuids) if tax_rate_uuids is not None else None,
                active=active,
                softDescriptor=(
                    {
                        k: v
                        for k, v in {
                            "dbaName": soft_descriptor.dba_name,
                            "street": soft_descriptor.street,
                            "city": soft_descriptor.city,
                            "region": soft_descriptor.region,
                            "postalCode": soft_descriptor.postal_code,
                            "countryCode": soft_descriptor.country_code,
                            "merchantContactInfo": soft_descriptor.merchant_contact_info,
                        }.items()
                        if v is not None
                    }
                    if soft_descriptor
                    else None
                ),
            ),
        )
        return subscription

    def list_plan_subscriptions(
        self,
        plan_id: str,
        *,
        customer_uuids: Sequence[str] = (),
        active: bool | None = None,
        page_size: int = RECURRING_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[Subscription]:
        """``GET /recurring/v1/plans/{planId}/subscriptions``."""
        return self._v3_pager(
            Subscription,
            f"/recurring/v1/plans/{seg(plan_id)}/subscriptions",
            "/recurring/v1/plans/{planId}/subscriptions",
            query(customerUuids=list(customer_uuids) or None, active=active),
            page_size,
            limit,
            bare_list_ok=True,
            headers=self._headers,
        )

    def list_subscriptions(
        self,
        *,
        active: bool | None = None,
        page_size: int = RECURRING_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[Subscription]:
        """``GET /recurring/v1/subscriptions``: all of the merchant's (a bare JSON array)."""
        return self._v3_pager(
            Subscription,
            "/recurring/v1/subscriptions",
            "/recurring/v1/subscriptions",
            query(active=active),
            page_size,
            limit,
            bare_list_ok=True,
            headers=self._headers,
        )

    async def get_subscription(self, subscription_id: str) -> Subscription:
        """``GET /recurring/v1/subscriptions/{subscriptionId}``."""
        subscription: Subscription = await self._get(
            Subscription,
            f"/recurring/v1/subscriptions/{seg(subscription_id)}",
            "/recurring/v1/subscriptions/{subscriptionId}",
            headers=self._headers,
        )
        return subscription

    async def update_subscription(
        self,
        subscription_id: str,
        *,
        active: bool | None = None,
        amount: int | None = None,
        note: str | None = None,
        tax_rate_uuids: Sequence[str] | None = None,
        start_date: date | datetime | None = None,
        end_date: date | datetime | None = None,
    ) -> Subscription:
        """``PUT /recurring/v1/subscriptions/{subscriptionId}`` (affects later invoices)."""
        subscription: Subscription = await self._send(
            "PUT",
            Subscription,
            f"/recurring/v1/subscriptions/{seg(subscription_id)}",
            "/recurring/v1/subscriptions/{subscriptionId}",
            mode=Mode.IDEMPOTENT,
            headers=self._headers,
            json=body(
                active=active,
                amount=amount,
                note=note,
                taxRateUuids=list(tax_rate_uuids) if tax_rate_uuids is not None else None,
                startDate=recurring_date(start_date),
                endDate=recurring_date(end_date),
            ),
        )
        return subscription

    async def cancel_subscription(self, subscription_id: str) -> Subscription:
        """Cancel a subscription (``{"active": false}``)."""
        return await self.update_subscription(subscription_id, active=False)

    async def delete_subscription(self, subscription_id: str) -> None:
        """``DELETE /recurring/v1/subscriptions/{subscriptionId}``."""
        await self._send_no_content(
            "DELETE",
            f"/recurring/v1/subscriptions/{seg(subscription_id)}",
            "/recurring/v1/subscriptions/{subscriptionId}",
            mode=Mode.UNSAFE,
            headers=self._headers,
        )
