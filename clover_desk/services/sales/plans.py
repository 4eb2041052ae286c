"""Subscription plans: plans (create, edit, delete), their subscriptions, subscribe a
customer with a card on file, edit or cancel a subscription."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from clover_desk.api.models.recurring import Interval, Plan, Subscription
from clover_desk.services.common import (
    QT_TRANSLATE_NOOP,
    Activity,
    Feed,
    Listing,
    UserFacingError,
    join_phrases,
)

__all__ = ["PlanForm", "PlansGateway", "PlansService", "SubscriptionForm"]


@dataclass(frozen=True, slots=True)
class PlanForm:
    """A plan as staff type it (amount in minor units)."""

    name: str
    amount: int
    interval: Interval = Interval.MONTH
    interval_count: int = 1
    note: str = ""

    def problems(self) -> list[str]:
        """Why Clover would refuse it (empty when fine)."""
        problems = []
        if not 3 <= len(self.name.strip()) <= 127:
            problems.append(QT_TRANSLATE_NOOP("Plans", "A plan name has 3 to 127 characters."))
        if self.amount <= 0:
            problems.append(QT_TRANSLATE_NOOP("Plans", "The amount must be more than zero."))
        if self.interval is Interval.UNKNOWN:
            problems.append(QT_TRANSLATE_NOOP("Plans", "Choose how often the plan charges."))
        if not 1 <= self.interval_count <= 365:
            problems.append(QT_TRANSLATE_NOOP("Plans", "Charge every 1 to 365 intervals."))
        return problems


@dataclass(frozen=True, slots=True)
class SubscriptionForm:
    """A subscription's editable fields (``amount`` ``None`` keeps the plan's)."""

    amount: int | None = None
    note: str = ""
    start_date: date | None = None
    end_date: date | None = None


class PlansGateway(Protocol):
    """The recurring API."""

    def list_plans(self, *, page_size: int = ...) -> Listing[Plan]:
        """``GET /recurring/v1/plans``."""
        ...

    async def create_plan(
        self,
        name: str,
        amount: int,
        interval: Interval,
        interval_count: int = ...,
        *,
        note: str | None = ...,
    ) -> Plan:
        """``POST /recurring/v1/plans``."""
        ...

    async def update_plan(
        self,
        plan_id: str,
        *,
        name: str | None = ...,
        amount: int | None = ...,
        note: str | None = ...,
    ) -> Plan:
        """``PUT /recurring/v1/plans/{id}``."""
        ...

    async def delete_plan(self, plan_id: str) -> None:
        """``DELETE /recurring/v1/plans/{id}``."""
        ...

    def list_plan_subscriptions(
        self, plan_id: str, *, page_size: int = ...
    ) -> Listing[Subscription]:
        """``GET /recurring/v1/plans/{id}/subscriptions``."""
        ...

    async def create_subscription(
        self,
        plan_id: str,
        customer_id: str,
        *,
        start_date: date | None = ...,
        end_date: date | None = ...,
        amount: int | None = ...,
        note: str | None = ...,
    ) -> Subscription:
        """``POST /recurring/v1/plans/{id}/subscriptions``."""
        ...

    async def update_subscription(
        self,
        subscription_id: str,
        *,
        amount: int | None = ...,
        note: str | None = ...,
        start_date: date | None = ...,
        end_date: date | None = ...,
    ) -> Subscription:
        """``PUT /recurring/v1/subscriptions/{id}``."""
        ...

    async def cancel_subscription(self, subscription_id: str) -> Subscription:
        """Deactivate a subscription."""
        ...


def _check(problems: Sequence[str]) -> None:
    if problems:
        raise UserFacingError(join_phrases(problems))


class PlansService:
    """What the Plans tab asks of Clover."""

    def __init__(self, gateway: PlansGateway, activity: Activity) -> None:
        self._clover = gateway
        self._activity = activity

    def plans(self, text: str = "") -> Feed[Plan]:
        """Plans whose name contains ``text`` (deleted ones are left out)."""
        folded = text.strip().casefold()

        def keep(plan: Plan) -> bool:
            return plan.deleted_time is None and folded in (plan.name or "").casefold()

        return Feed(self._clover.list_plans(page_size=100), keep)

    async def page(self, feed: Feed[Plan]) -> list[Plan]:
        """The next page of plans."""
        async with self._activity.track("loading plans"):
            return await feed.next_page()

    async def subscriptions(self, plan_id: str) -> list[Subscription]:
        """Every subscription of a plan."""
        async with self._activity.track("loading subscriptions"):
            return await self._clover.list_plan_subscriptions(plan_id, page_size=100).collect()

    async def create_plan(self, form: PlanForm) -> Plan:
        """A new plan."""
        _check(form.problems())
        async with self._activity.track("creating the plan"):
            return await self._clover.create_plan(
                form.name.strip(),
                form.amount,
                form.interval,
                form.interval_count,
                note=form.note.strip() or None,
            )

    async def edit_plan(self, plan_id: str, form: PlanForm) -> Plan:
        """Change a plan's name, amount or note (Clover keeps interval and count)."""
        _check(form.problems())
        async with self._activity.track("saving the plan"):
            return await self._clover.update_plan(
                plan_id, name=form.name.strip(), amount=form.amount, note=form.note.strip() or None
            )

    async def delete_plan(self, plan_id: str) -> None:
        """Delete a plan (Clover refuses while it has active subscriptions)."""
        async with self._activity.track("deleting the plan"):
            await self._clover.delete_plan(plan_id)

    async def subscribe(
        self, plan_id: str, customer_id: str, form: SubscriptionForm | None = None
    ) -> Subscription:
        """Subscribe a customer (charged on their card on file)."""
        if not customer_id.strip():
            raise UserFacingError(
                QT_TRANSLATE_NOOP("Plans", "Choose a customer with a card on file.")
            )
        form = form or SubscriptionForm()
        async with self._activity.track("subscribing the customer"):
            return await self._clover.create_subscription(
                plan_id,
                customer_id.strip(),
                start_date=form.start_date,
                end_date=form.end_date,
                amount=form.amount,
                note=form.note.strip() or None,
            )

    async def edit_subscription(self, subscription_id: str, form: SubscriptionForm) -> Subscription:
        """Change a subscription's amount, note or dates."""
        if form.amount is not None and form.amount <= 0:
            raise UserFacingError(QT_TRANSLATE_NOOP("Plans", "The amount must be more than zero."))
        async with self._activity.track("saving the subscription"):
            return await self._clover.update_subscription(
                subscription_id,
                amount=form.amount,
                note=form.note.strip() or None,
                start_date=form.start_date,
                end_date=form.end_date,
            )

    async def cancel_subscription(self, subscription_id: str) -> Subscription:
        """Stop a subscription (it stays listed as inactive)."""
        async with self._activity.track("cancelling the subscription"):
            return await self._clover.cancel_subscription(subscription_id)
