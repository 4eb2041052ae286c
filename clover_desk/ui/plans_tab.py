"""Subscription plans: plans and their subscriptions, subscribe, edit, cancel."""

from __future__ import annotations

import enum
from datetime import date, datetime

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.models.recurring import Plan, Subscription
from clover_desk.services.common import QT_TRANSLATE_NOOP, Feed
from clover_desk.ui.dates import format_day
from clover_desk.ui.feed_loader import FeedLoader
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import every_interval
from clover_desk.ui.money import format_amount
from clover_desk.ui.plan_dialogs import PlanDialog, SubscriptionDialog
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView
from clover_desk.ui.widgets import line_edit, named_button

__all__ = ["PlanColumn", "PlansTab", "SubscriptionColumn"]


class PlanColumn(enum.IntEnum):
    """Columns of the plans table."""

    NAME = 0
    AMOUNT = 1
    EVERY = 2
    ACTIVE = 3


class SubscriptionColumn(enum.IntEnum):
    """Columns of the subscriptions table."""

    CUSTOMER = 0
    AMOUNT = 1
    ACTIVE = 2
    START = 3
    LAST_RUN = 4
    NOTE = 5


def _every(plan: Plan) -> str:
    return every_interval(plan.interval, plan.interval_count or 1)


def _date(value: object) -> str:
    return format_day(value) if isinstance(value, date | datetime) else ""


class PlansTab(Tab):
    """The Subscription plans tab."""

    key = "plans"
    title = QT_TRANSLATE_NOOP("MainWindow", "Subscription &plans")
    search_edit: QLineEdit
    table: RowTableView

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("plansTab")
        self.plan: Plan | None = None
        self._wanted: str | None = None
        self.plan_dialog: PlanDialog | None = None
        self.subscription_dialog: SubscriptionDialog | None = None

        self.search_edit = line_edit("planSearch", self.tr("Search plans"), self.tr("Plan name…"))
        self.search_edit.returnPressed.connect(self.search)
        self.new_plan_button = named_button(
            self.tr("&New plan…"), "newPlanButton", self.tr("New plan")
        )
        self.new_plan_button.clicked.connect(self.new_plan)
        self.edit_plan_button = named_button(
            self.tr("&Edit plan…"), "editPlanButton", self.tr("Edit plan")
        )
        self.edit_plan_button.clicked.connect(self.edit_plan)
        self.delete_plan_button = named_button(
            self.tr("&Delete plan"), "deletePlanButton", self.tr("Delete plan")
        )
        self.delete_plan_button.clicked.connect(self.delete_plan)
        bar = QHBoxLayout()
        for widget in (
            self.search_edit,
            self.new_plan_button,
            self.edit_plan_button,
            self.delete_plan_button,
        ):
            bar.addWidget(widget)

        currency = "USD"
        plan_columns: list[Column[Plan]] = [
            Column(self.tr("Plan"), lambda p: p.name or ""),
            Column(
                self.tr("Amount"),
                lambda p: format_amount(p.amount or 0, self._currency(currency)),
                lambda p: p.amount or 0,
                align_right=True,
            ),
            Column(self.tr("Charges"), _every),
            Column(
                self.tr("Active"),
                lambda p: self.tr("yes") if p.active is not False else self.tr("no"),
            ),
        ]
        self.model: RowTableModel[Plan] = RowTableModel(plan_columns, lambda p: p.id, self)
        self.table = RowTableView(self.model, "plansTable", self.tr("Plans"))
        self.table.set_empty_text(self.tr("No subscription plans yet. Create one with New plan…"))
        self.table.open_requested.connect(self._open_row)
        self.table.row_selected.connect(self._open_row)
        self.loader = FeedLoader(self.model, jobs, self.tr("plans"), self._page, self)
        self.loader.first_page_shown.connect(self.table.fit_columns)

        sub_columns: list[Column[Subscription]] = [
            Column(self.tr("Customer"), lambda s: s.customer or ""),
            Column(
                self.tr("Amount"),
                lambda s: format_amount(s.amount or 0, self._currency(currency)),
                lambda s: s.amount or 0,
                align_right=True,
            ),
            Column(
                self.tr("Active"), lambda s: self.tr("yes") if s.active else self.tr("cancelled")
            ),
            Column(self.tr("Starts"), lambda s: _date(s.start_date), lambda s: s.start_date),
            Column(
                self.tr("Last charged"), lambda s: _date(s.last_run_date), lambda s: s.last_run_date
            ),
            Column(self.tr("Note"), lambda s: s.note or ""),
        ]
        self.subscriptions: RowTableModel[Subscription] = RowTableModel(
            sub_columns, lambda s: s.id, self
        )
        self.subscriptions_table = RowTableView(
            self.subscriptions, "subscriptionsTable", self.tr("Subscriptions of the plan")
        )
        self.subscriptions_table.open_requested.connect(lambda _row: self.edit_subscription())
        self.subscriptions_table.set_empty_text(
            self.tr("Select a plan to see its subscriptions; Subscribe customer… adds one.")
        )
        self.plan_label = QLabel(self.tr("<b>Subscriptions</b> (select a plan)"))
        self.plan_label.setObjectName("planTitle")
        self.subscribe_button = named_button(
            self.tr("&Subscribe customer…"), "subscribeButton", self.tr("Subscribe a customer")
        )
        self.subscribe_button.clicked.connect(self.subscribe)
        self.edit_sub_button = named_button(
            self.tr("Edit su&bscription…"), "editSubscriptionButton", self.tr("Edit subscription")
        )
        self.edit_sub_button.clicked.connect(self.edit_subscription)
        self.cancel_sub_button = named_button(
            self.tr("&Cancel subscription"),
            "cancelSubscriptionButton",
            self.tr("Cancel subscription"),
        )
        self.cancel_sub_button.clicked.connect(self.cancel_subscription)
        for button in (
            self.edit_plan_button,
            self.delete_plan_button,
            self.subscribe_button,
            self.edit_sub_button,
            self.cancel_sub_button,
        ):
            button.setEnabled(False)
        sub_buttons = QHBoxLayout()
        for button in (self.subscribe_button, self.edit_sub_button, self.cancel_sub_button):
            sub_buttons.addWidget(button)
        sub_buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.plan_label)
        right_layout.addWidget(self.subscriptions_table, 1)
        right_layout.addLayout(sub_buttons)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _currency(self, default: str) -> str:
        return self.session.currency if self.session else default

    # -- Tab hooks ----------------------------------------------------------------------

    async def reload(self) -> int:
        """Load the plans again."""
        session = self.require_session()
        return await self.loader.load(session.plans.plans(self.search_edit.text()))

    def search(self) -> None:
        """Filter plans by name."""
        self.jobs.run(self.tr("searching plans"), self.reload())

    async def _page(self, feed: Feed[Plan]) -> list[Plan]:
        return await self.require_session().plans.page(feed)

    # -- plans --------------------------------------------------------------------------

    def _open_row(self, row: int) -> None:
        plan = self.model.row_at(row)
        if plan is not None:
            self.jobs.run(self.tr("loading subscriptions"), self.show_plan(plan))

    async def show_plan(self, plan: Plan) -> list[Subscription]:
        """Show a plan's subscriptions (unless another plan was chosen meanwhile)."""
        self._wanted = plan.id
        subscriptions = await self.require_session().plans.subscriptions(plan.id)
        if self._wanted != plan.id:
            return subscriptions
        self.plan = plan
        self.plan_label.setText(
            self.tr("<b>Subscriptions of {plan}</b> ({every})").format(
                plan=plan.name, every=_every(plan)
            )
        )
        self.subscriptions.reset_rows(subscriptions)
        for button in (self.edit_plan_button, self.delete_plan_button, self.subscribe_button):
            button.setEnabled(True)
        has_subs = bool(subscriptions)
        self.edit_sub_button.setEnabled(has_subs)
        self.cancel_sub_button.setEnabled(has_subs)
        if has_subs:
            self.subscriptions_table.select_row(0)
        return subscriptions

    def new_plan(self) -> None:
        """*New plan…*."""
        dialog = PlanDialog(None, self._currency("USD"), self)
        dialog.accepted.connect(
            lambda: self.jobs.run(self.tr("creating the plan"), self._create(dialog))
        )
        self.plan_dialog = dialog
        dialog.open()

    async def _create(self, dialog: PlanDialog) -> Plan:
        plan = await self.require_session().plans.create_plan(dialog.form())
        await self.reload()
        await self.show_plan(plan)
        return plan

    def edit_plan(self) -> None:
        """*Edit plan…*."""
        if self.plan is None:
            return
        plan = self.plan
        dialog = PlanDialog(plan, self._currency("USD"), self)
        dialog.accepted.connect(
            lambda: self.jobs.run(self.tr("saving the plan"), self._edit(plan, dialog))
        )
        self.plan_dialog = dialog
        dialog.open()

    async def _edit(self, plan: Plan, dialog: PlanDialog) -> Plan:
        saved = await self.require_session().plans.edit_plan(plan.id, dialog.form())
        self.model.replace_row(saved)
        self.plan = saved
        return saved

    def delete_plan(self) -> None:
        """*Delete plan*."""
        if self.plan is not None:
            self.jobs.run(self.tr("deleting the plan"), self._delete(self.plan))

    async def _delete(self, plan: Plan) -> None:
        await self.require_session().plans.delete_plan(plan.id)
        self.plan = None
        self.subscriptions.reset_rows([])
        self.plan_label.setText(self.tr("<b>Subscriptions</b> (open a plan)"))
        for button in (
            self.edit_plan_button,
            self.delete_plan_button,
            self.subscribe_button,
            self.edit_sub_button,
            self.cancel_sub_button,
        ):
            button.setEnabled(False)
        await self.reload()

    # -- subscriptions -------------------------------------------------------------------

    def subscribe(self) -> None:
        """*Subscribe customer…*: choose a customer with a card on file."""
        if self.plan is not None:
            self.jobs.run(self.tr("loading cards on file"), self._open_subscribe(self.plan))

    async def _open_subscribe(self, plan: Plan) -> SubscriptionDialog:
        customers = await self.require_session().customers.with_cards()
        dialog = SubscriptionDialog(self._currency("USD"), customers, None, self)
        dialog.accepted.connect(
            lambda: self.jobs.run(
                self.tr("subscribing the customer"), self._subscribe(plan, dialog)
            )
        )
        self.subscription_dialog = dialog
        dialog.open()
        return dialog

    async def _subscribe(self, plan: Plan, dialog: SubscriptionDialog) -> Subscription:
        subscription = await self.require_session().plans.subscribe(
            plan.id, dialog.customer_id(), dialog.form()
        )
        await self.show_plan(plan)
        return subscription

    def _selected_subscription(self) -> Subscription | None:
        return self.subscriptions.row_at(self.subscriptions_table.selected_row())

    def edit_subscription(self) -> None:
        """*Edit subscription…*."""
        subscription = self._selected_subscription()
        if subscription is None or self.plan is None:
            return
        plan = self.plan
        dialog = SubscriptionDialog(self._currency("USD"), None, subscription, self)
        dialog.accepted.connect(
            lambda: self.jobs.run(
                self.tr("saving the subscription"),
                self._edit_subscription(plan, subscription, dialog),
            )
        )
        self.subscription_dialog = dialog
        dialog.open()

    async def _edit_subscription(
        self, plan: Plan, subscription: Subscription, dialog: SubscriptionDialog
    ) -> Subscription:
        form = dialog.form()
        assert form is not None  # the dialog accepts only a readable form
        saved = await self.require_session().plans.edit_subscription(subscription.id, form)
        await self.show_plan(plan)
        return saved

    def cancel_subscription(self) -> None:
        """*Cancel subscription*."""
        subscription = self._selected_subscription()
        if subscription is not None and self.plan is not None:
            self.jobs.run(
                self.tr("cancelling the subscription"),
                self._cancel_subscription(self.plan, subscription),
            )

    async def _cancel_subscription(self, plan: Plan, subscription: Subscription) -> Subscription:
        cancelled = await self.require_session().plans.cancel_subscription(subscription.id)
        await self.show_plan(plan)
        return cancelled
