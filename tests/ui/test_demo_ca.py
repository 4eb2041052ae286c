"""The Canadian training merchant end to end: CAD money read in fr_CA and in en_US."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from memkeyring import MemoryKeyring
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot
from ui.conftest import fresh_desk_on, settled

from clover_desk.app import DeskApp
from clover_desk.launch import parse_args, training_seed_options
from clover_desk.services.merchant.paths import AppPaths
from clover_desk.ui.charges_tab import ChargeColumn
from clover_desk.ui.money import parse_amount
from clover_desk.ui.orders_tab import OrderColumn

NBSP = "\u00a0"


@pytest.fixture
def montreal_desk(
    qtbot: QtBot, run: Callable[..., Any], tmp_path: Any, memory_keyring: MemoryKeyring
) -> Iterator[DeskApp]:
    """The window on a fresh Montréal café of its own."""
    yield from fresh_desk_on("demo-ca", qtbot, run, tmp_path)


@pytest.fixture
def reader_locale() -> Iterator[Callable[[str], None]]:
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def test_a_montreal_cashier_reads_canadian_dollars_and_french_items(
    montreal_desk: DeskApp,
    run: Callable[..., Any],
    qtbot: QtBot,
    reader_locale: Callable[[str], None],
) -> None:
    session = montreal_desk.session
    assert session is not None
    assert session.currency == "CAD"
    reader_locale("fr_CA")
    charges = montreal_desk.window.charges_tab
    assert run(charges.reload()) > 0
    charge = charges.model.row_at(0)
    shown = charges.model.index(0, ChargeColumn.AMOUNT).data()
    assert shown.endswith(f"{NBSP}$")
    assert "CA$" not in shown
    assert parse_amount(shown, "CAD", QLocale("fr_CA")) == charge.amount
    orders = montreal_desk.window.orders_tab
    assert run(orders.reload()) > 0
    detail = run(orders.show_detail(orders.model.row_at(0).id))
    settled(montreal_desk, qtbot)
    names = {li.name for li in detail.line_items}
    assert names
    assert not names & {"Drip Coffee", "Latte", "Butter Croissant"}
    staff = {orders.model.index(r, OrderColumn.STAFF).data() for r in range(orders.row_count())}
    assert staff & {
        "Isabelle Tremblay",
        "Mathieu Gagnon",
        "Nadia Bouchard",
        "Félix Côté",
        "Chloé Roy",
        "Karim Haddad",
        "Émilie Gauthier",
    }


def test_a_us_reader_sees_the_canadian_merchant_in_ca_dollars(
    montreal_desk: DeskApp, run: Callable[..., Any], reader_locale: Callable[[str], None]
) -> None:
    reader_locale("en_US")
    charges = montreal_desk.window.charges_tab
    assert run(charges.reload()) > 0
    assert charges.model.index(0, ChargeColumn.AMOUNT).data().startswith("CA$")


def test_the_app_starts_training_on_the_canadian_merchant_in_its_own_file(
    tmp_path: Any,
) -> None:
    args = parse_args(["--training-seed", "demo-ca"])
    paths = AppPaths.under(tmp_path)
    options = training_seed_options(paths, args.training_seed)
    assert options["seed"] == "demo-ca"
    assert options["db"] != str(paths.training_db)
    assert training_seed_options(paths, "demo") == {"seed": "demo"}
