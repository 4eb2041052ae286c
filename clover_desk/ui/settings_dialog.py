"""Settings: merchant profiles, *Connect to Clover…*, and (under *Advanced*) pasted
tokens straight to the keyring with *Test connection*.

Opened with ``open()``; keyring calls (blocking) and the connection test run as jobs on
the qasync loop, so the window never freezes. ``saved`` carries the profile to switch to
(``"training"`` for the built-in one) or ``None`` to stay.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clover_desk.api.credentials import CredentialKind, CredentialStore
from clover_desk.api.hosts import Environment, Region
from clover_desk.services.common import QT_TRANSLATE_NOOP, UserFacingError
from clover_desk.services.merchant import (
    TRAINING_PROFILE_ID,
    ConnectionTester,
    Profile,
    ProfileAdmin,
    ProfileDraft,
    Settings,
)
from clover_desk.ui.i18n import LANGUAGES, tr_error, tr_text
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import environment_label
from clover_desk.ui.widgets import line_edit, named_button

__all__ = ["SettingsDialog"]

_ENVIRONMENTS = [
    (QT_TRANSLATE_NOOP("SettingsDialog", "Sandbox (Clover's test servers)"), Environment.SANDBOX),
    (QT_TRANSLATE_NOOP("SettingsDialog", "Production (real money)"), Environment.PRODUCTION),
]
_REGIONS = [
    (QT_TRANSLATE_NOOP("SettingsDialog", "North America"), Region.NORTH_AMERICA),
    (QT_TRANSLATE_NOOP("SettingsDialog", "Europe"), Region.EUROPE),
    (QT_TRANSLATE_NOOP("SettingsDialog", "Latin America"), Region.LATIN_AMERICA),
]


class SettingsDialog(QDialog):
    """Profiles for several merchants or locations.

    Signals:
        saved(object): settings changed; the id of the profile to switch to, or ``None``.
        connect_requested: *Connect to Clover…* was pressed (the composition root opens
            the connect dialog).
    """

    saved = Signal(object)
    connect_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        credentials: CredentialStore,
        *,
        current_profile_id: str | None,
        jobs: Jobs,
        tester: ConnectionTester,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.resize(760, 440)
        self.admin = ProfileAdmin(settings, credentials)
        self.jobs = jobs
        self.tester = tester
        self.current_profile_id = current_profile_id or TRAINING_PROFILE_ID
        self.draft: ProfileDraft | None = None
        self.last_test = ""

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.profile_list.setAccessibleName(self.tr("Profiles"))
        self.profile_list.currentRowChanged.connect(self._profile_chosen)
        self.connect_button = named_button(
            self.tr("&Connect to Clover…"), "connectCloverButton", self.tr("Connect to Clover")
        )
        self.connect_button.clicked.connect(self.connect_requested.emit)
        self.add_button = named_button(
            self.tr("&Add profile"), "addProfileButton", self.tr("Add profile")
        )
        self.add_button.clicked.connect(self.add_profile)
        self.remove_button = named_button(
            self.tr("&Remove"), "removeProfileButton", self.tr("Remove profile")
        )
        self.remove_button.clicked.connect(self.remove_profile)
        left = QVBoxLayout()
        left.addWidget(self.connect_button)
        left.addWidget(self.profile_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        # The language applies from the next start: widgets take their words as they are
        # built, and a window half in one language and half in another helps nobody.
        self.language_box = QComboBox()
        self.language_box.setObjectName("languageBox")
        self.language_box.setAccessibleName(self.tr("Language"))
        self.language_box.addItem(self.tr("Same as the system"), "")
        for code, name in LANGUAGES:
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(settings.language)))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.language_box)
        left.addWidget(language_label)
        left.addWidget(self.language_box)
        self.language_note = QLabel()
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        left.addWidget(self.language_note)

        self.name_edit = line_edit(
            "profileName", self.tr("Profile name"), self.tr("Main Street store")
        )
        self.environment_box = self._combo(
            "profileEnvironment", self.tr("Environment"), _ENVIRONMENTS
        )
        self.region_box = self._combo("profileRegion", self.tr("Region"), _REGIONS)
        self.merchant_edit = line_edit(
            "profileMerchantId", self.tr("Merchant id"), self.tr("13 letters/digits")
        )
        self.api_token_edit = self._secret("profileApiToken", self.tr("REST API token"))
        self.private_token_edit = self._secret(
            "profilePrivateToken", self.tr("Ecommerce private token")
        )
        self.pakms_edit = self._secret("profilePakmsKey", self.tr("PAKMS key"))
        self.test_button = named_button(
            self.tr("&Test connection"), "testConnectionButton", self.tr("Test connection")
        )
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = named_button(
            self.tr("&Save"), "saveProfileButton", self.tr("Save profile")
        )
        self.save_button.clicked.connect(self.save_profile)
        self.use_button = named_button(
            self.tr("&Use this profile"), "useProfileButton", self.tr("Use this profile")
        )
        self.use_button.clicked.connect(self.use_profile)
        self.result_label = QLabel()
        self.result_label.setObjectName("settingsResult")
        self.result_label.setAccessibleName(self.tr("Settings result"))
        self.result_label.setWordWrap(True)
        self.close_button = named_button(
            self.tr("Close"), "closeSettingsButton", self.tr("Close settings")
        )
        self.close_button.clicked.connect(self.accept)

        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Environment:"), self.environment_box)
        form.addRow(self.tr("Re&gion:"), self.region_box)
        form.addRow(self.tr("&Merchant id:"), self.merchant_edit)
        # Pasted tokens serve a single merchant who makes their own; Connect to Clover…
        # is the way for everyone else, so the token fields sit under Advanced.
        self.advanced_box = QGroupBox(self.tr("Advanced: paste tokens instead of connecting"))
        self.advanced_box.setObjectName("advancedTokens")
        tokens = QFormLayout(self.advanced_box)
        tokens.addRow(self.tr("REST API &token:"), self.api_token_edit)
        tokens.addRow(self.tr("Ecommerce &private token:"), self.private_token_edit)
        tokens.addRow(self.tr("PA&KMS key:"), self.pakms_edit)
        note = QLabel(
            self.tr(
                "Tokens go straight to the system keyring, never into a file. "
                "Leave a token empty to keep the stored one."
            )
        )
        note.setWordWrap(True)
        tokens.addRow(note)
        form.addRow(self.advanced_box)
        buttons = QHBoxLayout()
        for button in (self.test_button, self.save_button, self.use_button):
            buttons.addWidget(button)
        form.addRow(buttons)
        right = QVBoxLayout()
        right.addWidget(self.form_box)
        right.addWidget(self.result_label)
        right.addStretch(1)
        right.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self._fill_list(self.current_profile_id)

    # -- widgets -----------------------------------------------------------------------

    def _language_chosen(self) -> None:
        """Keep the chosen language in the settings; it applies at the next start."""
        self.admin.settings.language = str(self.language_box.currentData() or "")
        self.language_note.setText(self.tr("Clover Desk speaks it from its next start."))
        self.saved.emit(None)

    def _combo(self, name: str, accessible: str, items: Sequence[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        for text, value in items:
            box.addItem(tr_text(text), str(value))
        return box

    def _secret(self, name: str, accessible: str) -> QLineEdit:
        edit = line_edit(name, accessible)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    # -- the list ----------------------------------------------------------------------

    def show_profile(self, profile_id: str) -> None:
        """Refill the list (a profile was connected elsewhere) and select ``profile_id``."""
        self._fill_list(profile_id)

    def _fill_list(self, select: str | None) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        training = QListWidgetItem(self.tr("Training (built in)"))
        training.setData(Qt.ItemDataRole.UserRole, TRAINING_PROFILE_ID)
        self.profile_list.addItem(training)
        for profile in self.admin.settings.profiles:
            item = QListWidgetItem(f"{profile.name} — {environment_label(profile.environment)}")
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            self.profile_list.addItem(item)
        self.profile_list.blockSignals(False)
        ids = [
            self.profile_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.profile_list.count())
        ]
        self.profile_list.setCurrentRow(ids.index(select) if select in ids else 0)
        self._profile_chosen(self.profile_list.currentRow())

    def _selected_id(self) -> str:
        item = self.profile_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else TRAINING_PROFILE_ID

    def _profile_chosen(self, _row: int) -> None:
        profile_id = self._selected_id()
        profile = self.admin.settings.profile(profile_id)
        training = profile is None
        self.form_box.setEnabled(not training)
        self.remove_button.setEnabled(not training)
        self.test_button.setEnabled(not training)
        self.draft = None if profile is None else ProfileDraft.of(profile)
        self._show_draft(profile)

    def _show_draft(self, profile: Profile | None) -> None:
        for edit in (self.api_token_edit, self.private_token_edit, self.pakms_edit):
            edit.clear()
            edit.setPlaceholderText("")
        if profile is None:
            self.name_edit.setText(self.tr("Training"))
            self.merchant_edit.setText("")
            self.result_label.setText(
                self.tr("The training sandbox runs on this computer; no setup.")
            )
            return
        self.name_edit.setText(profile.name)
        self.environment_box.setCurrentIndex(
            max(0, self.environment_box.findData(profile.environment.value))
        )
        self.region_box.setCurrentIndex(max(0, self.region_box.findData(profile.region.value)))
        self.environment_box.setEnabled(not profile.is_training)
        self.merchant_edit.setText(profile.merchant_id)
        self.result_label.setText("")
        self.jobs.run(self.tr("reading the keyring"), self._show_stored(profile.id))

    async def _show_stored(self, profile_id: str) -> None:
        stored = await asyncio.to_thread(self.admin.stored_kinds, profile_id)
        for kind, edit in (
            (CredentialKind.API_TOKEN, self.api_token_edit),
            (CredentialKind.ECOMMERCE_PRIVATE_TOKEN, self.private_token_edit),
            (CredentialKind.PAKMS_KEY, self.pakms_edit),
        ):
            edit.setPlaceholderText(
                self.tr("stored in the keyring") if kind in stored else self.tr("not set")
            )

    # -- editing -----------------------------------------------------------------------

    def _read_draft(self) -> ProfileDraft:
        draft = self.draft or ProfileDraft(id=Profile.new_id())
        draft.name = self.name_edit.text()
        if not draft.is_practice:  # a practice connection stays on the training sandbox
            draft.environment = Environment(self.environment_box.currentData())
        draft.region = Region(self.region_box.currentData())
        draft.merchant_id = self.merchant_edit.text()
        draft.api_token = self.api_token_edit.text()
        draft.ecommerce_private_token = self.private_token_edit.text()
        draft.pakms_key = self.pakms_edit.text()
        return draft

    def add_profile(self) -> None:
        """*Add profile*: an empty form for a new merchant or location."""
        self.profile_list.setCurrentRow(-1)
        self.draft = ProfileDraft(id=Profile.new_id())
        self.form_box.setEnabled(True)
        self.environment_box.setEnabled(True)
        self.test_button.setEnabled(True)
        self.name_edit.clear()
        self.merchant_edit.clear()
        self._show_draft(None)
        self.name_edit.clear()
        self.result_label.setText(self.tr("New profile: fill it in and press Save."))
        self.name_edit.setFocus()

    def save_profile(self) -> None:
        """*Save*: profile to settings, typed tokens to the keyring."""
        draft = self._read_draft()
        problems = draft.problems()
        if problems:
            self.result_label.setText(" ".join(tr_text(p) for p in problems))
            return
        self.jobs.run(self.tr("saving the profile"), self._save(draft))

    async def _save(self, draft: ProfileDraft) -> Profile:
        profile = await asyncio.to_thread(self.admin.save, draft)
        for edit in (self.api_token_edit, self.private_token_edit, self.pakms_edit):
            edit.clear()
        self.saved.emit(None)
        self._fill_list(profile.id)
        self.result_label.setText(
            self.tr("Saved {profile}. Tokens are in the keyring.").format(profile=profile.name)
        )
        return profile

    def remove_profile(self) -> None:
        """*Remove*: forget the profile and delete its tokens."""
        profile_id = self._selected_id()
        if profile_id != TRAINING_PROFILE_ID:
            self.jobs.run(self.tr("removing the profile"), self._remove(profile_id))

    async def _remove(self, profile_id: str) -> None:
        await asyncio.to_thread(self.admin.remove, profile_id)
        self.saved.emit(TRAINING_PROFILE_ID if profile_id == self.current_profile_id else None)
        self._fill_list(TRAINING_PROFILE_ID)

    def use_profile(self) -> None:
        """*Use this profile*: switch the window to it."""
        profile_id = self._selected_id()
        self.admin.settings.active_profile = (
            None if profile_id == TRAINING_PROFILE_ID else profile_id
        )
        self.current_profile_id = profile_id
        self.saved.emit(profile_id)
        self.result_label.setText(self.tr("Switching…"))

    def test_connection(self) -> None:
        """*Test connection*: read the merchant with these settings (typed or stored)."""
        draft = self._read_draft()
        problems = draft.problems()
        if problems:
            self.result_label.setText(" ".join(tr_text(p) for p in problems))
            return
        self.result_label.setText(self.tr("Testing…"))
        self.jobs.run(
            self.tr("testing the connection"), self._test(draft), on_error=self._test_failed
        )

    async def _test(self, draft: ProfileDraft) -> str:
        secrets = await asyncio.to_thread(self.admin.secrets_for_test, draft)
        if secrets.empty:
            raise UserFacingError(
                self.tr("No token is typed or stored for this profile."),
                self.tr("Type the REST API token, then test again."),
            )
        message = await self.tester(draft.profile(), secrets)
        self.last_test = message
        self.result_label.setText(f"✔ {message}")
        return message

    def _test_failed(self, exc: BaseException) -> None:
        self.last_test = ""
        if isinstance(exc, asyncio.CancelledError):
            self.result_label.setText(self.tr("Test cancelled."))
            return
        self.result_label.setText(
            self.tr("✘ Connection failed: {error}").format(error=tr_error(exc))
        )
