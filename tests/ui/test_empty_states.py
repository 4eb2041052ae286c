"""Empty tables say what to do next; the Gift cards tab reads like the other tabs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel

from clover_desk.app import DeskApp
from clover_desk.ui.table import RowTableView


def test_every_table_in_the_window_says_what_to_do_when_empty(demo_desk: DeskApp) -> None:
    tables = demo_desk.window.findChildren(RowTableView)
    assert len(tables) >= 8
    for table in tables:
        text = table.empty_text()
        assert text, table.objectName()
        assert text.endswith((".", "…")), text


def test_an_empty_search_paints_its_hint(demo_desk: DeskApp, run: Callable[..., Any]) -> None:
    tab = demo_desk.window.charges_tab
    tab.search_edit.setText("no charge has this description")
    assert run(tab.reload()) == 0
    # Painting the empty table draws the hint (no warnings, no crash); the text is
    # what an empty grid would otherwise leave unsaid.
    assert not tab.table.grab().isNull()
    assert "Clear the filters" in tab.table.empty_text()


def test_the_gift_cards_tab_has_no_heading_sized_placeholder_or_amount_above(
    demo_desk: DeskApp,
) -> None:
    tab = demo_desk.window.gift_cards_tab
    labels = [label.text() for label in tab.findChildren(QLabel)]
    assert "Results appear here." not in labels
    assert not any("(above)" in text for text in labels)
    assert tab.result_label.property("role") is None
    assert "card number" in tab.result_label.text()
    assert "Activate or reload a card" in tab.table.empty_text()
