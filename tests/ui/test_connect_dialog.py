"""Settings ▸ Connect to Clover…: the OAuth sign-in from the dialog, practised on training.

The owner's browser is driven over HTTP (tests/oauth_browser.py) on the training
sandbox's authorize page; the app's own loopback listener receives the redirect.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from memkeyring import MemoryKeyring
from oauth_browser import HttpBrowser
from pytestqt.qtbot import QtBot

from clover_desk.api.credentials import SERVICE
from clover_desk.api.money import Money
from clover_desk.app import DeskApp
from clover_desk.services.refunds.journal import EntryStatus, JournalEntry, MovementKind
from clover_desk.services.staff.accounts import Role
from clover_desk.ui.connect_dialog import ConnectDialog


def open_connect(desk: DeskApp) -> ConnectDialog:
    desk.window.settings_action.trigger()
    settings = desk.switching._settings_dialog
    assert settings is not None
    settings.connect_button.click()
    dialog = desk.switching._connect_dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def test_a_new_owner_practises_connecting_and_the_window_switches_to_the_merchant(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    info = fresh_desk.sandbox.info
    browser = HttpBrowser()
    fresh_desk.open_browser = browser
    dialog = open_connect(fresh_desk)
    # Training mode: "sandbox" is the training sandbox, with its own app id filled in.
    assert "training sandbox" in dialog.environment_box.currentText()
    assert dialog.client_id_edit.text() == info["oauth_client_id"]
    assert [dialog.region_box.itemText(i) for i in range(dialog.region_box.count())] == [
        "North America",
        "Europe",
        "Latin America",
    ]

    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✔"), timeout=15_000)
    assert browser.opened[0].startswith(info["base_url"] + "/oauth/v2/authorize?")
    profile = dialog.profile
    assert profile is not None
    assert profile.merchant_id == info["merchant_id"]

    qtbot.waitUntil(
        lambda: fresh_desk.session is not None and fresh_desk.session.profile.id == profile.id,
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: not fresh_desk.window.jobs.busy(), timeout=15_000)
    assert fresh_desk.window.status.profile_label.text() == f"Profile: {profile.name}"
    # The merchant has its own staff: the window locks until one of them signs in.
    assert fresh_desk.window.staff_member is None
    assert not fresh_desk.window.content.isVisible()
    assert fresh_desk.wiring.sign_in_dialog is not None
    assert fresh_desk.wiring.sign_in_dialog.isVisible()
    fresh_desk.sign_in_training_owner()  # a practice merchant has the training staff
    assert fresh_desk.window.training_banner.isVisible()  # practice: no real money
    assert fresh_desk.window.orders_tab.row_count() > 0  # read with the OAuth token

    users = {user for service, user in memory_keyring.store if service == SERVICE}
    assert users == {
        f"{profile.id}:oauth_access_token",
        f"{profile.id}:oauth_refresh_token",
        f"{profile.id}:pakms_key",
    }
    settings_text = fresh_desk.paths.settings_file.read_text()
    assert profile.id in settings_text
    assert info["oauth_client_id"] in settings_text  # the app id is kept (not a secret)
    for secret in memory_keyring.store.values():
        assert secret not in settings_text
    assert fresh_desk.settings_store.load().active_profile == profile.id
    settings_dialog = fresh_desk.switching._settings_dialog
    assert settings_dialog is not None
    assert settings_dialog.profile_list.count() == 2
    dialog.close()
    settings_dialog.close()


def test_deny_is_said_in_the_dialog_and_nothing_is_stored(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    fresh_desk.open_browser = HttpBrowser(decision="deny")
    dialog = open_connect(fresh_desk)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✘"), timeout=15_000)
    assert "not approved" in dialog.result_label.text()
    assert dialog.connect_button.isEnabled()
    assert memory_keyring.store == {}
    assert fresh_desk.settings.profiles == []
    assert fresh_desk.session is not None
    assert fresh_desk.session.profile.is_builtin_training
    dialog.close()


def test_cancel_stops_waiting_and_closes_the_listener(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    opened: list[str] = []
    fresh_desk.open_browser = opened.append  # the browser never comes back
    dialog = open_connect(fresh_desk)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert dialog.cancel_button.isEnabled()
    redirect = httpx.URL(httpx.URL(opened[0]).params["redirect_uri"])
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "cancelled" in dialog.result_label.text(), timeout=10_000)
    assert dialog.connector.receiver is None

    async def refused() -> bool:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", redirect.port)
        except OSError:
            return True
        writer.close()
        return False

    assert run(refused())
    assert memory_keyring.store == {}
    dialog.close()


def test_a_missing_app_id_is_asked_for(fresh_desk: DeskApp, qtbot: QtBot) -> None:
    opened: list[str] = []
    fresh_desk.open_browser = opened.append
    dialog = open_connect(fresh_desk)
    dialog.client_id_edit.clear()
    dialog.connect_button.click()
    assert "Clover app id" in dialog.result_label.text()
    assert opened == []
    dialog.close()


def test_two_connected_merchants_each_keep_their_own_data(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    info = fresh_desk.sandbox.info
    with httpx.Client(base_url=info["base_url"]) as admin:
        merchants = admin.get("/_sandbox/merchants").json()["merchants"]
    first_id, second_id = merchants[0]["merchant_id"], merchants[1]["merchant_id"]

    def connect(merchant_id: str) -> str:
        fresh_desk.open_browser = HttpBrowser(merchant_id=merchant_id)
        dialog = open_connect(fresh_desk)
        dialog.connect_button.click()
        qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✔"), timeout=15_000)
        assert dialog.profile is not None
        profile_id = dialog.profile.id
        qtbot.waitUntil(
            lambda: fresh_desk.session is not None and fresh_desk.session.profile.id == profile_id,
            timeout=15_000,
        )
        qtbot.waitUntil(lambda: not fresh_desk.window.jobs.busy(), timeout=15_000)
        dialog.close()
        return profile_id

    first = connect(first_id)
    session = fresh_desk.session
    assert session is not None
    # Each merchant has its own staff: a practice merchant starts with the training staff.
    assert fresh_desk.window.staff_member is None
    owner = fresh_desk.sign_in_training_owner()
    fresh_desk.staff.add("Sam First-Shop", Role.CLERK, "4444", by=owner)
    first_orders = fresh_desk.window.orders_tab.row_count()
    assert first_orders > 0
    # A refund journaled on the first merchant (settled, so nothing is re-sent).
    entry = session.journal.record_intent(
        JournalEntry(
            key=str(uuid.uuid4()),
            kind=MovementKind.REFUND,
            charge_id="CHARGEFIRST01",
            order_id=None,
            amount=Money(500, session.currency),
            reason="requested_by_customer",
            note="first merchant only",
            staff_id=None,
            staff_name="Olivia Owner",
        )
    )
    session.journal.record_outcome(entry.key, EntryStatus.SUCCEEDED, refund_id="REFUNDFIRST01")
    run(fresh_desk.window.activity_tab.reload())
    assert fresh_desk.window.activity_tab.row_count() == 1

    second = connect(second_id)
    assert second != first
    window = fresh_desk.window
    assert window.staff_member is None
    assert "Sam First-Shop" not in {m.name for m in fresh_desk.staff.members()}
    fresh_desk.sign_in_training_owner()
    labels = [a.text() for a in window.switch_merchant_menu.actions()]
    assert len(labels) == 3  # training and the two merchants
    assert window.merchant_button.isEnabled()
    session = fresh_desk.session
    assert session is not None
    assert session.profile.merchant_id == second_id
    assert session.journal.entries() == []
    run(window.activity_tab.reload())
    assert window.activity_tab.row_count() == 0  # the first merchant's refund stays there
    assert window.orders_tab.row_count() == 0  # the other merchant has no orders
    assert fresh_desk.paths.journal_for(first).exists()
    assert fresh_desk.paths.journal_for(second).exists()
    assert fresh_desk.paths.history_for(first) != fresh_desk.paths.history_for(second)

    # Back to the first merchant from File ▸ Switch merchant.
    action = window.merchant_action(first)
    assert action is not None
    action.trigger()
    qtbot.waitUntil(
        lambda: fresh_desk.session is not None and fresh_desk.session.profile.id == first,
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=15_000)
    assert window.orders_tab.row_count() == first_orders
    assert "Sam First-Shop" in {m.name for m in fresh_desk.staff.members()}
    run(window.activity_tab.reload())
    assert window.activity_tab.row_count() == 1
    assert fresh_desk.settings_store.load().active_profile == first


def test_renaming_a_connected_profile_in_settings_keeps_its_connection(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    fresh_desk.open_browser = HttpBrowser()
    dialog = open_connect(fresh_desk)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✔"), timeout=15_000)
    assert dialog.profile is not None
    connected = dialog.profile
    qtbot.waitUntil(lambda: not fresh_desk.window.jobs.busy(), timeout=15_000)
    dialog.close()
    settings = fresh_desk.switching._settings_dialog
    assert settings is not None
    settings.show_profile(connected.id)
    assert not settings.environment_box.isEnabled()  # practice stays on the training sandbox
    settings.name_edit.setText("Front counter")
    settings.save_button.click()
    qtbot.waitUntil(lambda: "Saved Front counter" in settings.result_label.text(), timeout=10_000)
    renamed = fresh_desk.settings_store.load().profile(connected.id)
    assert renamed is not None
    assert renamed.name == "Front counter"
    assert renamed.environment is connected.environment
    assert renamed.oauth_client_id == connected.oauth_client_id
    settings.close()
