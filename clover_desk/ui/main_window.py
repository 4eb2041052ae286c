"""The main window: the tabs, menus with shortcuts, a status bar, training banner.

The window only assembles: each tab is its own module, the services arrive through a
:class:`~clover_desk.services.merchant.session.Session` bound by the composition root.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.common import UserFacingError, UserMessage
from clover_desk.services.merchant import Session
from clover_desk.services.refunds import BatchRow, RefundMode, RefundRefused, RefundWizardState
from clover_desk.services.staff import StaffDirectory, StaffMember
from clover_desk.ui.activity_tab import ActivityTab
from clover_desk.ui.batch_refund_dialog import BatchRefundDialog
from clover_desk.ui.charges_tab import ChargesTab
from clover_desk.ui.customers_tab import CustomersTab
from clover_desk.ui.gift_cards_tab import GiftCardsTab
from clover_desk.ui.i18n import tr_error, tr_message, tr_text
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import environment_label
from clover_desk.ui.orders_tab import OrdersTab
from clover_desk.ui.plans_tab import PlansTab
from clover_desk.ui.refund_wizard import RefundWizard
from clover_desk.ui.reports_tab import ReportsTab
from clover_desk.ui.sign_in import staff_label
from clover_desk.ui.status_bar import MainStatusBar
from clover_desk.ui.tab_base import Tab

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    """Clover Desk's one main window.

    Signals:
        settings_requested: *Settings…* was chosen; the composition root opens the dialog.
        staff_requested: *Staff…* was chosen (owners manage staff and the idle lock).
        sign_in_requested: *Switch user…* (or a refund with nobody signed in).
        lock_requested: *Lock* was chosen.
        closed: the window was closed (the app ends).
        merchant_switch_requested(str): a merchant was chosen under *Switch merchant*
            (File menu or status bar): the profile id.
    """

    merchant_switch_requested = Signal(str)
    settings_requested = Signal()
    staff_requested = Signal()
    sign_in_requested = Signal()
    lock_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Clover Desk"))
        self.resize(1200, 760)
        self.jobs = Jobs(self)
        self.session: Session | None = None
        self._error_box: QMessageBox | None = None
        #: Who is signed in, and the directory a manager's approval is checked against;
        #: both are set by the composition root.
        self.staff_directory: StaffDirectory | None = None
        self.staff_member: StaffMember | None = None
        self.refund_wizard: RefundWizard | None = None
        self.batch_dialog: BatchRefundDialog | None = None

        self.training_banner = QLabel(
            self.tr(
                "Training: this is the practice sandbox on this computer. No real money moves."
            ),
            self,
        )
        self.training_banner.setObjectName("trainingBanner")
        self.training_banner.setAccessibleName(self.tr("Training mode"))
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setVisible(False)

        self.error_banner = QLabel(self)
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.setAccessibleName(self.tr("Last error"))
        self.error_banner.setWordWrap(True)
        self.error_banner.setVisible(False)

        self.tabs_widget = QTabWidget(self)
        self.tabs_widget.setObjectName("mainTabs")
        self.tabs_widget.setAccessibleName(self.tr("Main sections"))
        self.orders_tab = OrdersTab(self.jobs)
        self.charges_tab = ChargesTab(self.jobs)
        self.customers_tab = CustomersTab(self.jobs)
        self.plans_tab = PlansTab(self.jobs)
        self.gift_cards_tab = GiftCardsTab(self.jobs)
        self.activity_tab = ActivityTab(self.jobs)
        self.reports_tab = ReportsTab(self.jobs)
        self.tabs: list[Tab] = [
            self.orders_tab,
            self.charges_tab,
            self.customers_tab,
            self.plans_tab,
            self.gift_cards_tab,
            self.reports_tab,
            self.activity_tab,
        ]
        self.charges_tab.refund_requested.connect(self.open_refund)
        self.orders_tab.return_requested.connect(self.open_return)
        for tab in self.tabs:
            self.tabs_widget.addTab(tab, tr_text(tab.title))

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.tabs_widget, 1)
        self.setCentralWidget(central)
        self.content = central

        self.status = MainStatusBar(self)
        self.setStatusBar(self.status)
        self.status.cancel_requested.connect(self.jobs.cancel_all)
        self.jobs.changed.connect(self.status.show_jobs)
        self.jobs.failed.connect(self.show_error)
        self.jobs.succeeded.connect(self._clear_error)
        self.status.show_jobs([])
        self.staff_status = QLabel(staff_label(None), self)
        self.staff_status.setObjectName("staffLabel")
        self.staff_status.setAccessibleName(self.tr("Signed-in staff member"))
        self.status.addPermanentWidget(self.staff_status)
        self.switch_merchant_menu = QMenu(self.tr("Switch &merchant"), self)
        self.switch_merchant_menu.setObjectName("switchMerchantMenu")
        self._merchant_actions = QActionGroup(self)
        self.merchant_button = QToolButton(self)
        self.merchant_button.setObjectName("switchMerchantButton")
        self.merchant_button.setAccessibleName(self.tr("Switch merchant"))
        self.merchant_button.setText(self.tr("Merchant ▾"))
        self.merchant_button.setToolTip(self.tr("Switch to another connected merchant"))
        self.merchant_button.setMenu(self.switch_merchant_menu)
        self.merchant_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status.addPermanentWidget(self.merchant_button)
        self._build_menus()

    # -- menus and shortcuts ------------------------------------------------------------

    def _action(
        self,
        text: str,
        name: str,
        handler: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: handler())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.settings_action = self._action(
            self.tr("&Settings…"), "settingsAction", self.settings_requested.emit, "Ctrl+,"
        )
        file_menu.addAction(self.settings_action)
        file_menu.addMenu(self.switch_merchant_menu)
        self.staff_action = self._action(
            self.tr("S&taff…"), "staffAction", self.staff_requested.emit
        )
        file_menu.addAction(self.staff_action)
        self.switch_user_action = self._action(
            self.tr("S&witch user…"), "switchUserAction", self.sign_in_requested.emit, "Ctrl+L"
        )
        file_menu.addAction(self.switch_user_action)
        self.lock_action = self._action(
            self.tr("&Lock"), "lockAction", self.lock_requested.emit, "Ctrl+Shift+L"
        )
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(self.tr("&Quit"), "quitAction", self.close, QKeySequence.StandardKey.Quit)
        )

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.find_action = self._action(
            self.tr("&Find…"), "findAction", self.focus_search, "Ctrl+F"
        )
        edit_menu.addAction(self.find_action)
        self.refresh_action = self._action(self.tr("&Refresh"), "refreshAction", self.refresh, "F5")
        edit_menu.addAction(self.refresh_action)

        actions_menu = bar.addMenu(self.tr("&Actions"))
        self.open_detail_action = self._action(
            self.tr("&Open detail"), "openDetailAction", self.open_detail, "Return"
        )
        # Enter in a table opens the detail; as a window shortcut it would steal Enter
        # from every line edit and dialog button, so the tables handle the key themselves
        # and the menu only shows it.
        self.open_detail_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        actions_menu.addAction(self.open_detail_action)
        self.refund_action = self._action(
            self.tr("Re&fund selected charge…"), "refundAction", self.refund_selected, "Ctrl+R"
        )
        actions_menu.addAction(self.refund_action)
        self.batch_refund_action = self._action(
            self.tr("&Batch refund…"), "batchRefundAction", self.open_batch_refund
        )
        actions_menu.addAction(self.batch_refund_action)
        self.capture_action = self._action(
            self.tr("&Capture selected charge"),
            "captureAction",
            self.capture_selected,
            "Ctrl+Shift+C",
        )
        actions_menu.addAction(self.capture_action)
        actions_menu.addSeparator()
        self.new_order_action = self._action(
            self.tr("&New order…"), "newOrderAction", self.new_order, "Ctrl+N"
        )
        actions_menu.addAction(self.new_order_action)

        go_menu = bar.addMenu(self.tr("&Go"))
        for number, tab in enumerate(self.tabs, start=1):
            go_menu.addAction(
                self._action(
                    tr_text(tab.title),
                    f"goTo{tab.key.title().replace('_', '')}Action",
                    partial(self.tabs_widget.setCurrentWidget, tab),
                    f"Ctrl+{number}",
                )
            )

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About Clover Desk"), "aboutAction", self._about))

    # -- merchants ----------------------------------------------------------------------

    def set_merchants(self, choices: list[tuple[str, str]], current: str) -> None:
        """The connected merchants (profile id, label) under *Switch merchant*."""
        self.switch_merchant_menu.clear()
        for action in self._merchant_actions.actions():
            self._merchant_actions.removeAction(action)
        for profile_id, label in choices:
            action = QAction(label, self)
            action.setObjectName(f"switchMerchant_{profile_id}")
            action.setCheckable(True)
            action.setChecked(profile_id == current)
            action.triggered.connect(
                partial(self._merchant_chosen, profile_id)  # ignores Qt's "checked"
            )
            self._merchant_actions.addAction(action)
            self.switch_merchant_menu.addAction(action)
        self.merchant_button.setEnabled(len(choices) > 1)

    def merchant_action(self, profile_id: str) -> QAction | None:
        """The *Switch merchant* entry of ``profile_id``."""
        return next(
            (a for a in self.switch_merchant_menu.actions() if a.objectName().endswith(profile_id)),
            None,
        )

    def _merchant_chosen(self, profile_id: str, _checked: bool = False) -> None:
        current = self.session.profile.id if self.session is not None else None
        if profile_id != current:
            self.merchant_switch_requested.emit(profile_id)

    # -- session ------------------------------------------------------------------------

    def bind(self, session: Session) -> None:
        """Show ``session``'s profile and hand it to every tab."""
        if self.session is not None:
            self.session.activity.unsubscribe(self.status.show_activity)
        self.session = session
        session.activity.subscribe(self.status.show_activity)
        self.status.show_profile(session.profile)
        training = session.profile.is_training
        self.training_banner.setVisible(training)
        if training:
            title = self.tr("Clover Desk — Training")
        elif session.profile.is_production:
            title = self.tr("Clover Desk — {profile} (PRODUCTION)").format(
                profile=session.profile.name
            )
        else:
            title = self.tr("Clover Desk — {profile} ({environment})").format(
                profile=session.profile.name,
                environment=environment_label(session.profile.environment),
            )
        self.setWindowTitle(title)
        for tab in self.tabs:
            tab.bind(session)

    def current_tab(self) -> Tab:
        """The tab in front."""
        widget = self.tabs_widget.currentWidget()
        assert isinstance(widget, Tab)
        return widget

    async def load_all(self) -> dict[str, int]:
        """Load every tab's data (start-up and ``--self-test``); rows per tab key."""
        counts = await asyncio.gather(*(tab.reload() for tab in self.tabs))
        return {tab.key: count for tab, count in zip(self.tabs, counts, strict=True)}

    # -- actions ------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F."""
        self.current_tab().focus_search()

    def open_detail(self) -> None:
        """Enter."""
        self.current_tab().open_detail()

    def refresh(self) -> None:
        """F5: reload the tab in front."""
        tab = self.current_tab()
        self.jobs.run(
            self.tr("refreshing {tab}").format(tab=tr_text(tab.title).replace("&", "").lower()),
            tab.reload(),
        )

    def refund_selected(self) -> None:
        """Ctrl+R: go to charges and refund the selected charge."""
        self.tabs_widget.setCurrentWidget(self.charges_tab)
        self.charges_tab.refund_selected()

    def set_staff(self, member: StaffMember | None) -> None:
        """Show who is signed in; refunds and approvals act as this person."""
        self.staff_member = member
        self.staff_status.setText(staff_label(member))
        # Locked: nothing of the merchant's data stays on screen behind the sign-in.
        self.content.setVisible(member is not None or self.staff_directory is None)

    def open_refund(self, charge_id: str) -> None:
        """The refund wizard for ``charge_id``, as the signed-in staff member."""
        self._start_refund(charge_id, order_id=None)

    def open_return(self, order_id: str) -> None:
        """The refund wizard on the charge of ``order_id``, starting with its items."""
        self._start_refund(None, order_id=order_id)

    def _start_refund(self, charge_id: str | None, *, order_id: str | None) -> None:
        if self.staff_member is None or self.staff_directory is None:
            self.show_error(
                UserMessage(
                    self.tr("Refund"),
                    self.tr("Nobody is signed in."),
                    self.tr("Sign in, then refund again."),
                )
            )
            self.sign_in_requested.emit()
            return
        self.jobs.run(self.tr("opening the refund"), self._open_wizard(charge_id, order_id))

    async def _open_wizard(self, charge_id: str | None, order_id: str | None) -> None:
        session = self.session
        member, directory = self.staff_member, self.staff_directory
        if session is None or member is None or directory is None:
            return
        if charge_id is None:
            assert order_id is not None
            charge_id = await session.refunds.charge_for_order(order_id)
        target = await session.refunds.load_target(charge_id)
        earlier = await session.refunds.earlier_refunds(member, charge_id, target.amount.currency)
        state = RefundWizardState(target, member, earlier=earlier)
        if order_id is not None and RefundMode.ITEMS in state.available_modes:
            state.mode = RefundMode.ITEMS
        try:
            wizard = RefundWizard(state, session.refunds, directory, self)
        except RefundRefused as exc:
            raise UserFacingError(tr_error(exc)) from exc
        wizard.refundFinished.connect(lambda _result: self._refund_finished(charge_id, order_id))
        wizard.finished.connect(wizard.deleteLater)
        self.refund_wizard = wizard
        wizard.open()  # not exec(): a nested loop would re-enter qasync's tasks

    def _refund_finished(self, charge_id: str, order_id: str | None) -> None:
        if self.charges_tab.detail is not None and self.charges_tab.detail.charge.id == charge_id:
            self.charges_tab.refund_done(charge_id)
        if order_id is not None:
            self.orders_tab.return_done(order_id)
        self.activity_tab.refresh()

    def open_batch_refund(self) -> BatchRefundDialog | None:
        """*Actions ▸ Batch refund…*: the rows selected in Charges or Orders (whichever
        is in front), or an empty batch to import a file into."""
        session, member, directory = self.session, self.staff_member, self.staff_directory
        if session is None or member is None or directory is None:
            self.show_error(
                UserMessage(
                    self.tr("Batch refund"),
                    self.tr("Nobody is signed in."),
                    self.tr("Sign in, then open the batch refund again."),
                )
            )
            self.sign_in_requested.emit()
            return None
        if self.batch_dialog is not None and self.batch_dialog.isVisible():
            self.batch_dialog.raise_()
            return self.batch_dialog
        tab = self.current_tab()
        selection: list[BatchRow] = []
        if tab is self.charges_tab:
            ids = self.charges_tab.selected_charge_ids()
            selection = [BatchRow(n, c, None, None, "") for n, c in enumerate(ids, 1)]
        elif tab is self.orders_tab:
            ids = self.orders_tab.selected_order_ids()
            selection = [BatchRow(n, None, o, None, "") for n, o in enumerate(ids, 1)]
        dialog = BatchRefundDialog(session, member, directory, self, selection)
        dialog.batch_finished.connect(lambda _batch: self.activity_tab.refresh())
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: setattr(self, "batch_dialog", None))
        self.batch_dialog = dialog
        dialog.open()  # not exec(): a nested loop would re-enter qasync's tasks
        if not selection:
            # A batch left sending or paused (before a restart, too) is shown again
            # rather than hidden behind a new, empty one.
            self.jobs.run(self.tr("opening the batch"), self._show_unfinished_batch(dialog))
        return dialog

    async def _show_unfinished_batch(self, dialog: BatchRefundDialog) -> None:
        session = self.session
        if session is None:
            return
        unfinished = await session.batches.unfinished()
        if unfinished and dialog.batch_id is None and dialog.check is None:
            await dialog.attach(unfinished[0])

    def capture_selected(self) -> None:
        """Capture the selected authorized charge."""
        self.tabs_widget.setCurrentWidget(self.charges_tab)
        self.charges_tab.capture_selected()

    def new_order(self) -> None:
        """Ctrl+N: the new-order dialog."""
        self.tabs_widget.setCurrentWidget(self.orders_tab)
        self.orders_tab.new_order()

    def show_error(self, message: UserMessage) -> None:
        """Show a failure plainly without blocking; the app keeps running."""
        message = tr_message(message)
        self.error_banner.setText(
            self.tr("{title}: {detail} {advice}").format(
                title=message.title, detail=message.detail, advice=message.advice
            )
        )
        self.error_banner.setVisible(True)
        if self._error_box is not None and self._error_box.isVisible():
            self._error_box.setText(message.text())
            return
        box = QMessageBox(self)
        box.setObjectName("errorDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(message.title)
        box.setText(message.text())
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self._error_box = box
        box.open()

    def _clear_error(self, label: str) -> None:
        # Only the failed operation, done again, clears its message: a refresh finishing
        # meanwhile must not hide why a payment was refused.
        if label == self.jobs.last_failed_label:
            self.error_banner.setVisible(False)

    def _about(self) -> None:
        # open(), not exec(): a nested event loop would re-enter qasync's tasks.
        box = QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setWindowTitle(self.tr("About Clover Desk"))
        box.setText(
            self.tr(
                "Clover Desk: a back office for Clover merchants.\n"
                "With no profile configured it runs against the local training sandbox."
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Override QWidget::closeEvent: cancel running work before closing."""
        self.jobs.cancel_all()
        if self._error_box is not None:
            self._error_box.close()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
