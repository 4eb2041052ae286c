"""Settings dialog: profiles, tokens to the (in-memory) keyring only, Test connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from memkeyring import MemoryKeyring
from pytestqt.qtbot import QtBot

from clover_desk.api.credentials import SERVICE
from clover_desk.app import DeskApp
from clover_desk.ui.settings_dialog import SettingsDialog


def open_settings(desk: DeskApp) -> SettingsDialog:
    desk.window.settings_action.trigger()
    dialog = desk.switching._settings_dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def test_add_profile_test_connection_save_and_switch(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    info = fresh_desk.sandbox.info
    # Profiles point at Clover's servers; here every call goes to the local sandbox.
    fresh_desk.clover_url = info["base_url"]
    dialog = open_settings(fresh_desk)
    assert dialog.profile_list.count() == 1  # the built-in training profile
    assert not dialog.form_box.isEnabled()

    dialog.add_profile()
    dialog.name_edit.setText("Main St")
    dialog.merchant_edit.setText("short")
    dialog.test_button.click()
    assert "13 letters" in dialog.result_label.text()

    dialog.merchant_edit.setText(info["merchant_id"])
    dialog.api_token_edit.setText("wrong-token-value")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✘"), timeout=10_000)
    assert dialog.last_test == ""

    dialog.api_token_edit.setText(info["api_token"])
    dialog.private_token_edit.setText(info["ecommerce_private_token"])
    dialog.pakms_edit.setText(info["pakms_key"])
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✔"), timeout=10_000)
    assert info["merchant_id"] in dialog.last_test

    dialog.save_button.click()
    qtbot.waitUntil(lambda: "Saved Main St" in dialog.result_label.text(), timeout=10_000)
    profile = fresh_desk.settings.profiles[0]
    assert profile.name == "Main St"
    stored = {
        user: secret
        for (service, user), secret in memory_keyring.store.items()
        if service == SERVICE
    }
    assert stored == {
        f"{profile.id}:api_token": info["api_token"],
        f"{profile.id}:ecommerce_private_token": info["ecommerce_private_token"],
        f"{profile.id}:pakms_key": info["pakms_key"],
    }
    settings_text = fresh_desk.paths.settings_file.read_text()
    assert "Main St" in settings_text
    for secret in stored.values():
        assert secret not in settings_text
    assert dialog.api_token_edit.text() == ""
    assert dialog.api_token_edit.placeholderText() in ("stored in the keyring", "")

    dialog.use_button.click()
    qtbot.waitUntil(
        lambda: fresh_desk.session is not None and fresh_desk.session.profile.id == profile.id,
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: not fresh_desk.window.jobs.busy(), timeout=15_000)
    status = fresh_desk.window.status
    assert status.profile_label.text() == "Profile: Main St"
    assert status.environment_label.text() == "SANDBOX"
    assert not fresh_desk.window.training_banner.isVisible()
    assert fresh_desk.window.orders_tab.row_count() > 0
    assert fresh_desk.settings_store.load().active_profile == profile.id
    dialog.close()


def test_removing_a_profile_deletes_its_tokens(
    fresh_desk: DeskApp, run: Callable[..., Any], qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    info = fresh_desk.sandbox.info
    dialog = open_settings(fresh_desk)
    dialog.add_profile()
    dialog.name_edit.setText("Second location")
    dialog.merchant_edit.setText(info["merchant_id"])
    dialog.api_token_edit.setText(info["api_token"])
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "Saved" in dialog.result_label.text(), timeout=10_000)
    assert len(memory_keyring.store) == 1
    qtbot.waitUntil(lambda: not fresh_desk.window.jobs.busy(), timeout=10_000)
    dialog.profile_list.setCurrentRow(1)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: not memory_keyring.store, timeout=10_000)
    assert fresh_desk.settings.profiles == []
    dialog.close()
