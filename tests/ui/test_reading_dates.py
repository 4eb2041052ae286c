"""Dates and times as staff read them: the locale's forms, relative words where they scan.

Every test says what "now" is; none depends on the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from clover_desk.app import DeskApp
from clover_desk.ui import dates
from clover_desk.ui.charges_tab import ChargeColumn
from clover_desk.ui.dates import format_day, format_when
from clover_desk.ui.history_rows import as_of_text

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
CANADA_FR = QLocale(QLocale.Language.French, QLocale.Country.Canada)
NNBSP = "\u202f"  # CLDR writes "2:36 PM" with a narrow no-break space
SALE = datetime(2026, 12, 5, 14, 36).astimezone()


@pytest.mark.parametrize(
    ("now", "shown"),
    [
        (SALE + timedelta(hours=1), f"Today 2:36{NNBSP}PM"),
        (datetime(2026, 12, 6, 0, 5).astimezone(), f"Yesterday 2:36{NNBSP}PM"),
        (datetime(2026, 12, 9, 10, 0).astimezone(), f"12/5/26 2:36{NNBSP}PM"),
    ],
)
def test_recent_times_read_today_and_yesterday_then_the_date(now: datetime, shown: str) -> None:
    assert format_when(SALE, now=now, locale=US) == shown


def test_french_canadian_times_and_dates_follow_the_locale() -> None:
    later = datetime(2026, 12, 20, 9, 0).astimezone()
    assert format_when(SALE, now=later, locale=CANADA_FR) == "2026-12-05 14 h 36"
    assert format_day(SALE, locale=CANADA_FR) == "2026-12-05"


def test_the_history_line_says_when_in_words_not_6_12_2026() -> None:
    synced = datetime(2026, 12, 6, 10, 11).astimezone()
    # The C locale (LANG unset) used to give "as of 6 12 2026 10:11".
    text = as_of_text(synced, now=synced + timedelta(minutes=5), locale=QLocale.c())
    assert text == f"From the local history, as of today at 10:11{NNBSP}AM (available offline)."
    older = as_of_text(synced, now=synced + timedelta(days=3), locale=US)
    assert f"as of 12/6/26 at 10:11{NNBSP}AM (" in older


def test_the_charges_table_reads_today_for_a_charge_made_today(
    demo_desk: DeskApp, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = demo_desk.window.charges_tab
    assert run(tab.reload()) > 0
    charge = tab.model.row_at(0)
    assert charge is not None
    assert charge.created is not None
    made = charge.created.astimezone()
    index = tab.model.index(0, ChargeColumn.CREATED)
    monkeypatch.setattr(dates, "current_time", lambda: made.replace(hour=23, minute=59))
    assert index.data().startswith("Today ")
    monkeypatch.setattr(dates, "current_time", lambda: made + timedelta(days=1))
    assert index.data().startswith("Yesterday ")
    monkeypatch.setattr(dates, "current_time", lambda: made + timedelta(days=30))
    assert index.data().startswith(format_day(made))
