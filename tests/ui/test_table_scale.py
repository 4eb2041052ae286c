"""The table base at 100,000 rows: appends, sorting and painting give the right rows.

How long they block the GUI thread is measured by ``tests/benchmarks/table_stalls.py``
(no timed assertions here); the Orders table over the history sorts in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from clover_desk.ui import dates
from clover_desk.ui.dates import format_when
from clover_desk.ui.money import format_amount, parse_amount
from clover_desk.ui.table import Column, Roles, RowTableModel, RowTableView


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    amount: int
    name: str


COLUMNS: list[Column[Row]] = [
    Column("Id", lambda r: r.id),
    Column("Amount", lambda r: format_amount(r.amount, "USD"), lambda r: r.amount, True),
    Column("Name", lambda r: r.name),
]


def make_rows(count: int, start: int = 0) -> list[Row]:
    return [
        Row(f"R{i:07d}", (i * 7919) % 100_000, f"name {i % 977}")
        for i in range(start, start + count)
    ]


def test_model_passes_the_tester_while_paging(qtmodeltester: Any) -> None:
    model: RowTableModel[Row] = RowTableModel(COLUMNS, lambda r: r.id)
    model.reset_rows(make_rows(50), more_available=True)
    qtmodeltester.check(model)
    model.append_rows(make_rows(50, 50), more_available=False)
    assert model.rowCount() == 100
    assert model.data(model.index(3, 1), Roles.SORT) == make_rows(4)[3].amount
    assert model.data(model.index(3, 0), Roles.ID) == "R0000003"


def test_hundred_thousand_rows_sort_in_order_and_paint(qtbot: QtBot) -> None:
    model: RowTableModel[Row] = RowTableModel(COLUMNS, lambda r: r.id)
    view = RowTableView(model, "bigTable", "Big table")
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    for page in range(100):
        model.append_rows(make_rows(1000, page * 1000), more_available=page < 99)
    assert model.rowCount() == 100_000
    view.selectRow(5)
    selected = model.rows[5]

    model.sort(1)
    amounts = [r.amount for r in model.rows]
    assert amounts == sorted(amounts)
    ids_of_equal_amounts = [r.id for r in model.rows if r.amount == amounts[0]]
    assert ids_of_equal_amounts == sorted(ids_of_equal_amounts), "a stable sort"
    assert model.rows[view.selected_row()] == selected, "the selection follows its row"
    model.sort(2, Qt.SortOrder.DescendingOrder)
    names = [r.name for r in model.rows]
    assert names == sorted(names, reverse=True)

    view.scrollToBottom()
    view.viewport().repaint()
    bottom = view.indexAt(view.viewport().rect().bottomLeft() - QPoint(-1, 1))
    assert bottom.row() > 99_900
    assert model.data(bottom) == model.rows[bottom.row()].id


def test_a_model_that_does_not_sort_itself_asks_its_owner(qtbot: QtBot) -> None:
    model: RowTableModel[Row] = RowTableModel(COLUMNS, lambda r: r.id, sorts_itself=False)
    view = RowTableView(model, "storedTable", "Stored table")
    qtbot.addWidget(view)
    model.reset_rows(make_rows(300))
    before = [r.id for r in model.rows]
    with qtbot.waitSignal(model.sort_requested) as asked:
        view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert asked.args == [1, False]
    assert [r.id for r in model.rows] == before, "the rows wait for the owner's order"


def test_money_follows_the_locale_and_parses_either_separator() -> None:
    from PySide6.QtCore import QLocale

    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    de = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert format_amount(123456, "USD", us) == "$1,234.56"
    assert format_amount(-250, "USD", us) == "-$2.50"
    assert format_amount(123456, "EUR", de) == "1.234,56\u00a0€"
    assert format_amount(1200, "JPY", us) == "¥1,200"
    assert parse_amount("12.5", "USD", us) == 1250
    assert parse_amount("12,50", "EUR", de) == 1250
    assert parse_amount("1.234,56", "EUR", de) == 123456
    assert parse_amount("abc", "USD", us) is None
    assert parse_amount("1.234", "USD", us) is None


def test_shown_text_follows_new_rows_a_sort_a_refresh_and_the_day(
    qtbot: QtBot, monkeypatch: Any
) -> None:
    """Display texts are kept between repaints; whatever changes a row's text shows."""
    today = datetime(2026, 12, 7, 23, 59).astimezone()  # a minute to local midnight
    clock = {"now": today}
    monkeypatch.setattr(dates, "current_time", lambda: clock["now"])
    labels = {"R0000001": "first label"}
    columns: list[Column[Row]] = [
        Column("Id", lambda r: r.id),
        Column("Label", lambda r: labels.get(r.id, "none"), lambda r: r.name),
        Column("When", lambda r: format_when(today)),
    ]
    model: RowTableModel[Row] = RowTableModel(columns, lambda r: r.id)
    view = RowTableView(model, "cachedTable", "Cached table")
    qtbot.addWidget(view)
    view.show()
    model.reset_rows(make_rows(3))
    view.viewport().repaint()

    def shown() -> list[list[str]]:
        """Every cell as the table shows it (read again and again, as repaints do)."""
        return [[str(model.data(model.index(r, c))) for c in range(3)] for r in range(3)]

    assert [row[1] for row in shown()] == ["none", "first label", "none"]
    assert all(row[2].startswith("Today") for row in shown())

    labels["R0000001"] = "a name read later"
    model.refresh_column(1)
    assert shown()[1][1] == "a name read later"

    labels["R0000002"] = "its fresher copy"
    model.replace_row(Row("R0000002", 5, "renamed"))
    assert shown()[2][1] == "its fresher copy"

    model.sort(1, Qt.SortOrder.DescendingOrder)  # by name: "renamed" first
    assert [row[:2] for row in shown()] == [
        ["R0000002", "its fresher copy"],
        ["R0000001", "a name read later"],
        ["R0000000", "none"],
    ]

    model.reset_rows(make_rows(3, 40))
    assert [row[0] for row in shown()] == ["R0000040", "R0000041", "R0000042"]

    clock["now"] = today + timedelta(minutes=2)  # past midnight
    assert all(row[2].startswith("Yesterday") for row in shown())


def test_new_rows_are_laid_out_before_they_paint(qtbot: QtBot) -> None:
    """A new search's rows get their scroll range at once, not after a first paint at
    the wrong width (which made Qt paint every cell twice)."""
    model: RowTableModel[Row] = RowTableModel(COLUMNS, lambda r: r.id)
    view = RowTableView(model, "laidOutTable", "Laid-out table")
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    qtbot.waitExposed(view)
    model.reset_rows([])
    model.reset_rows(make_rows(500))
    assert view.verticalScrollBar().maximum() > 0, "scroll range set before any paint"

    other: RowTableModel[Row] = RowTableModel(COLUMNS, lambda r: r.id)
    view.setModel(other)
    other.reset_rows(make_rows(500))
    assert view.verticalScrollBar().maximum() > 0, "so is a model swapped in later"
