"""The window shell: tabs, menus with shortcuts, status bar, training mode, self-test."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QTabWidget

from clover_desk.api import RateLimited
from clover_desk.app import DeskApp
from clover_desk.services.common.feedback import UserFacingError
from clover_desk.services.sales.charges import ChargeFilter


def test_window_has_the_named_tabs_and_says_training(demo_desk: DeskApp) -> None:
    window = demo_desk.window
    assert window.objectName() == "MainWindow"
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs is not None
    names = [tabs.widget(i).objectName() for i in range(tabs.count())]
    assert names == [
        "ordersTab",
        "chargesTab",
        "customersTab",
        "plansTab",
        "giftCardsTab",
        "reportsTab",
        "activityTab",
    ]
    assert window.training_banner.isVisible()
    assert "Training" in window.windowTitle()
    assert window.status.environment_label.text() == "TRAINING"
    assert window.status.profile_label.text() == "Profile: Training"


def test_menus_show_the_shortcuts(demo_desk: DeskApp) -> None:
    window = demo_desk.window
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.refund_action.shortcut().toString() == "Ctrl+R"
    assert window.open_detail_action.shortcut().toString() == "Return"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Actions", "&Go", "&Help"]


def test_every_control_with_a_name_has_an_accessible_name(demo_desk: DeskApp) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView

    missing = [
        w.objectName()
        for kind in (QLineEdit, QComboBox, QTableView, QAbstractButton)
        for w in demo_desk.window.findChildren(kind)
        if w.objectName() and not w.objectName().startswith("qt_") and not w.accessibleName()
    ]
    assert missing == []


def test_status_bar_counts_requests_and_shows_connectivity(demo_desk: DeskApp) -> None:
    status = demo_desk.window.status
    assert status.connectivity_label.text() == "Online"  # the merchant was read on open
    assert status.in_flight_label.text() == "0 in flight"


def test_an_error_stays_shown_until_what_failed_succeeds(
    demo_desk: DeskApp, run: Callable[..., Any]
) -> None:
    window = demo_desk.window

    async def refused() -> None:
        raise UserFacingError("This card has expired.")

    async def fine() -> None:
        return None

    def finished(task: asyncio.Task[None]) -> None:
        run(asyncio.wait([task]))

    finished(window.jobs.run("paying the order", refused()))
    assert window.error_banner.isVisible()
    assert "This card has expired." in window.error_banner.text()
    finished(window.jobs.run("loading orders", fine()))  # a refresh meanwhile
    assert window.error_banner.isVisible()
    finished(window.jobs.run("paying the order", fine()))
    assert not window.error_banner.isVisible()


def test_production_profile_is_red(demo_desk: DeskApp) -> None:
    from clover_desk.api.hosts import Environment
    from clover_desk.services.merchant.profiles import Profile

    status = demo_desk.window.status
    status.show_profile(Profile(id="p1", name="Main St", environment=Environment.PRODUCTION))
    assert status.environment_label.text() == "PRODUCTION"
    assert status.environment_label.property("production") is True


@pytest.mark.timeout(240)
def test_self_test_prints_one_json_line_and_saves_screenshots(tmp_path: Any) -> None:
    shots = tmp_path / "shots"
    done = subprocess.run(
        [sys.executable, "-m", "clover_desk.app", "--self-test", "--screenshots", str(shots)],
        capture_output=True,
        text=True,
        timeout=200,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
        },
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, done.stdout + done.stderr
    report = json.loads(lines[0])
    assert set(report["tabs"]) == {
        "orders",
        "charges",
        "customers",
        "plans",
        "gift_cards",
        "reports",
        "activity",
    }
    assert sorted(p.name for p in shots.iterdir()) == sorted(f"{k}.png" for k in report["tabs"])
    assert (done.returncode == 0) == (report["errors"] == [])


def test_the_status_bar_says_when_clover_asks_the_app_to_wait(
    fresh_desk: DeskApp, run: Callable[..., Any]
) -> None:
    import httpx

    admin = fresh_desk.sandbox.info["admin_url"] + "/faults"
    status = fresh_desk.window.status
    session = fresh_desk.session
    assert session is not None
    assert not status.clover_wait_label.isVisibleTo(status)
    # Every answer for one charge is a 429 asking for a second: the client retries, then
    # gives up, and staff are told why things slowed down.
    httpx.post(
        admin, json={"error_rate": 1.0, "error_status": 429, "path_regex": "^/v1/charges/NOSUCH"}
    ).raise_for_status()
    with pytest.raises(RateLimited):
        run(session.charges.detail("NOSUCHCHARGE1"), timeout=60_000)
    assert status.clover_wait_label.isVisibleTo(status)
    assert status.clover_wait_label.text() == "Clover asked us to slow down: waiting 1 second(s)"
    httpx.delete(admin).raise_for_status()
    run(session.charges.page(session.charges.search(ChargeFilter())))
    assert not status.clover_wait_label.isVisibleTo(status)
