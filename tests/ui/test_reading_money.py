"""Money as staff read it: one formatter, the merchant's currency, the reader's locale."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont

from clover_desk.api.money import Money
from clover_desk.app import DeskApp
from clover_desk.services.sales.gift_cards import HistoryEntry
from clover_desk.ui.charges_tab import ChargeColumn
from clover_desk.ui.gift_cards_tab import HistoryColumn
from clover_desk.ui.money import format_amount, parse_amount

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
CANADA_FR = QLocale(QLocale.Language.French, QLocale.Country.Canada)
CANADA_EN = QLocale(QLocale.Language.English, QLocale.Country.Canada)
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "shown"),
    [
        (1905, "USD", US, "$19.05"),
        (1905, "CAD", CANADA_FR, f"19,05{NBSP}$"),
        (123456, "CAD", CANADA_FR, f"1{NBSP}234,56{NBSP}$"),
        (1905, "CAD", US, "CA$19.05"),
        (1905, "USD", CANADA_EN, "US$19.05"),
        (1905, "USD", CANADA_FR, f"19,05{NBSP}US$"),
        (1905, "CAD", CANADA_EN, "$19.05"),
        (-1905, "USD", US, "-$19.05"),
        (-1905, "CAD", CANADA_FR, f"-19,05{NBSP}$"),
        (100, "CHF", US, f"CHF{NBSP}1.00"),
    ],
)
def test_amounts_read_as_the_locale_writes_them(
    amount: int, currency: str, locale: QLocale, shown: str
) -> None:
    assert format_amount(amount, currency, locale) == shown
    assert parse_amount(shown, currency, locale) == amount


def test_a_machine_with_no_locale_reads_us_english_not_iso_codes() -> None:
    # LANG unset gives Qt's "C" locale, which has no currency sign: that was "19.05 USD".
    c_locale = QLocale.c()
    assert format_amount(1905, "USD", c_locale) == "$19.05"
    assert format_amount(123456, "CAD", c_locale) == "CA$1,234.56"


def test_charges_table_shows_dollars_in_tabular_figures_right_aligned(
    demo_desk: DeskApp, run: Callable[..., Any]
) -> None:
    tab = demo_desk.window.charges_tab
    assert run(tab.reload()) > 0
    index = tab.model.index(0, ChargeColumn.AMOUNT)
    charge = tab.model.row_at(0)
    assert charge is not None
    text = index.data()
    assert text.startswith("$")
    assert "USD" not in text
    assert parse_amount(text, "USD", US) == charge.amount
    alignment = Qt.AlignmentFlag(index.data(Qt.ItemDataRole.TextAlignmentRole))
    assert alignment & Qt.AlignmentFlag.AlignRight
    font = index.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.featureValue(QFont.Tag("tnum")) == 1
    # Text columns keep the view's own font.
    assert tab.model.index(0, ChargeColumn.CHARGE).data(Qt.ItemDataRole.FontRole) is None


def test_service_messages_show_money_like_the_tables(demo_desk: DeskApp) -> None:
    # The refund rules say "Only {remaining} remains refundable"; staff read dollars.
    assert str(Money(1905, "USD")) == "$19.05"
    assert f"{Money(-250, 'CAD')}" == "-CA$2.50"


def test_service_messages_are_plain_without_the_window() -> None:
    assert str(Money(1905, "USD")) == "19.05 USD"


def test_a_cash_out_reads_negative_beside_the_loads(demo_desk: DeskApp, tmp_path: Path) -> None:
    tab = demo_desk.window.gift_cards_tab
    rows = [
        HistoryEntry(1_000, "Activate", "1234", 5000, 5000, "USD", "R1", "p"),
        HistoryEntry(2_000, "Cash out", "1234", 5000, 0, "USD", "R2", "p"),
    ]
    tab.model.reset_rows(rows)
    assert tab.model.index(0, HistoryColumn.AMOUNT).data() == "$50.00"
    assert tab.model.index(1, HistoryColumn.AMOUNT).data() == "-$50.00"
    assert tab.model.index(1, HistoryColumn.BALANCE).data() == "$0.00"
