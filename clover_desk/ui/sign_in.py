"""Staff sign-in at launch, after an idle lock, and to switch user.

PIN checks (scrypt) run on a worker thread so the dialog stays responsive; wrong PINs
and lockouts are counted by ``services.staff``, the dialog only shows what it says.
In training mode the demo staff and their PINs are printed on the dialog. On a machine
with no staff yet, the dialog creates the owner's account instead.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.staff import (
    TRAINING_STAFF,
    Role,
    StaffDirectory,
    StaffError,
    StaffMember,
)
from clover_desk.ui.i18n import tr_error
from clover_desk.ui.labels import role_label

#: Minutes without keyboard or mouse input before the window locks (settings may change it).
DEFAULT_IDLE_LOCK_MINUTES = 5


class SignInDialog(QDialog):
    """Pick a staff member and enter their PIN. Open with ``open()``.

    At launch the dialog may show before its staff exist: the training merchant's demo
    staff are created once the training sandbox is seeded, in the background. Made with
    ``ready=False`` it says so and will not sign anyone in until :meth:`set_ready`.

    Signals:
        signedIn(object): the ``StaffMember`` who signed in.
        becameReady(): :meth:`set_ready` was called; signing in works from now on.
    """

    signedIn = Signal(object)  # noqa: N815 - Qt signal naming
    becameReady = Signal()  # noqa: N815 - Qt signal naming

    def __init__(
        self,
        directory: StaffDirectory,
        *,
        training: bool = False,
        reason: str = "",
        ready: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setModal(True)
        self.directory = directory
        self._checking: asyncio.Task[None] | None = None
        self.ready = ready
        self.first_owner = False
        layout = QVBoxLayout(self)
        if reason:
            note = QLabel(reason)
            note.setObjectName("signInReason")
            layout.addWidget(note)
        self.getting_ready = QLabel(
            self.tr("Getting the training merchant ready… You can sign in in a moment.")
        )
        self.getting_ready.setObjectName("signInGettingReady")
        self.getting_ready.setWordWrap(True)
        layout.addWidget(self.getting_ready)
        self.owner_intro = QLabel(
            self.tr(
                "No staff account exists on this computer yet. Create the owner's account: "
                "the owner manages settings, staff and Clover tokens."
            )
        )
        self.owner_intro.setWordWrap(True)
        layout.addWidget(self.owner_intro)
        self.form = QFormLayout()
        self.owner_name = QLineEdit()
        self.owner_name.setObjectName("ownerName")
        self.owner_name.setAccessibleName(self.tr("Owner's name"))
        self.form.addRow(self.tr("&Name"), self.owner_name)
        self.member = QComboBox()
        self.member.setObjectName("signInStaff")
        self.member.setAccessibleName(self.tr("Staff member"))
        self.form.addRow(self.tr("&Staff"), self.member)
        self.pin = QLineEdit()
        self.pin.setObjectName("signInPin")
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.returnPressed.connect(self.try_sign_in)
        self.form.addRow(self.tr("&PIN"), self.pin)
        self.pin_again = QLineEdit()
        self.pin_again.setObjectName("ownerPinAgain")
        self.pin_again.setAccessibleName(self.tr("PIN again"))
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("PIN &again"), self.pin_again)
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        if training:
            demo = ", ".join(
                self.tr("{name} — PIN {pin}").format(name=name, pin=pin)
                for name, _, pin, _ in TRAINING_STAFF
            )
            hint = QLabel(self.tr("<b>Training mode.</b> Demo staff: {staff}").format(staff=demo))
            hint.setObjectName("trainingPins")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign &in"))
        self.buttons.accepted.connect(self.try_sign_in)
        layout.addWidget(self.buttons)
        self._show_staff()

    def set_ready(self) -> None:
        """The staff now exist: list them (or offer the owner's account) and sign in."""
        if self.ready:
            return
        self.ready = True
        self._show_staff()
        self.becameReady.emit()

    def _show_staff(self) -> None:
        """Fill the form from the directory, as far as it is ready."""
        self.getting_ready.setVisible(not self.ready)
        self.sign_in_button.setEnabled(self.ready)
        self.first_owner = self.ready and self.directory.is_empty()
        self.setWindowTitle(
            self.tr("Create the owner's account")
            if self.first_owner
            else self.tr("Sign in to Clover Desk")
        )
        self.owner_intro.setVisible(self.first_owner)
        self.form.setRowVisible(self.owner_name, self.first_owner)
        self.form.setRowVisible(self.member, not self.first_owner)
        self.form.setRowVisible(self.pin_again, self.first_owner)
        self.member.clear()
        if self.ready:
            for member in self.directory.members():
                if member.active:
                    self.member.addItem(f"{member.name} ({role_label(member.role)})", member.id)

    def try_sign_in(self) -> None:
        if not self.ready:  # the staff do not exist yet; the dialog says so
            return
        if self._checking is not None and not self._checking.done():
            return
        if self.first_owner:
            self._create_owner()
            return
        member_id = self.member.currentData()
        pin = self.pin.text()
        self.pin.clear()
        if member_id is None:
            self.error.setText(self.tr("No staff account exists yet."))
            return
        self._checking = asyncio.get_event_loop().create_task(self._check(int(member_id), pin))

    async def _check(self, member_id: int, pin: str) -> None:
        try:
            member = await asyncio.to_thread(self.directory.sign_in, member_id, pin)
        except StaffError as error:
            self.error.setText(tr_error(error))
            self.pin.setFocus()
            return
        self.error.clear()
        self.signedIn.emit(member)
        self.accept()

    def _create_owner(self) -> None:
        pin, again = self.pin.text(), self.pin_again.text()
        self.pin.clear()
        self.pin_again.clear()
        if pin != again:
            self.error.setText(self.tr("The two PINs differ."))
            return
        try:
            owner = self.directory.add(self.owner_name.text(), Role.OWNER, pin)
        except StaffError as error:
            self.error.setText(tr_error(error))
            return
        self.signedIn.emit(owner)
        self.accept()

    def reject(self) -> None:
        """Override QDialog::reject: signing in is not optional (Esc does nothing)."""


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` with no keyboard or mouse input anywhere.

    Signals:
        idle(): time to lock the window.
    """

    idle = Signal()

    _INPUT_EVENTS = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(
        self, minutes: float = DEFAULT_IDLE_LOCK_MINUTES, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Override QObject::eventFilter: any input restarts the countdown."""
        if event.type() in self._INPUT_EVENTS:
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def staff_label(member: StaffMember | None) -> str:
    """What the status bar shows for the signed-in person."""
    if member is None:
        return QCoreApplication.translate("SignInDialog", "Not signed in")
    return f"{member.name} · {role_label(member.role)}"


__all__ = ["DEFAULT_IDLE_LOCK_MINUTES", "IdleWatcher", "SignInDialog", "staff_label"]
