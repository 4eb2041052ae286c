"""The one table base: typed rows, a columns IntEnum, named roles, paging on demand.

Every table in the app is a :class:`RowTableModel` over a list of typed rows (msgspec
structs or dataclasses from services). Columns are declared once as :class:`Column`
specs keyed by an ``IntEnum``; display text, sort key, alignment and tooltip come from
the spec, so tabs never write ``data()`` themselves.

Sorting happens in the model (Python's sort over precomputed keys) rather than in a
``QSortFilterProxyModel``: a proxy compares through ``data()`` one Python call at a time,
which takes seconds at 100,000 rows. Even a keyed sort of 100,000 rows blocks the GUI
thread for a good part of a second, and sorts only the rows loaded so far, so a model
whose rows come from the history store is made with ``sorts_itself=False``: a click on a
header then only emits :attr:`RowTableModel.sort_requested`, and the owner reads the
rows again from the store in that order, page by page.

Paging: the view asks ``canFetchMore``/``fetchMore`` as the user scrolls; the model
only emits :attr:`RowTableModel.fetch_requested` and the owning tab fetches the next page
on the event loop, then calls :meth:`RowTableModel.append_rows`.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from clover_desk.ui import dates
from clover_desk.ui.i18n import tr_text

__all__ = ["Column", "Roles", "RowTableModel", "RowTableView"]

RowT = TypeVar("RowT")

AnyIndex = QModelIndex | QPersistentModelIndex


# Computed once: Qt asks for these for every painted cell, and combining the flags in
# Python each time was a fifth of the model's share of painting a page.
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class Roles(enum.IntEnum):
    """Item data roles beyond Qt's own."""

    SORT = Qt.ItemDataRole.UserRole + 1  #: a comparable key for the cell
    ROW = Qt.ItemDataRole.UserRole + 2  #: the typed row object itself
    ID = Qt.ItemDataRole.UserRole + 3  #: the row's Clover id


#: The roles ``RowTableModel.data`` answers; it returns ``None`` for any other at once.
_ANSWERED = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        *Roles,
    )
)


@dataclass(frozen=True, slots=True)
class Column(Generic[RowT]):
    """How one column shows a row.

    Attributes:
        header: column title (translated, or a ``QT_TRANSLATE_NOOP`` phrase).
        text: display text of a row's cell.
        sort_key: comparable value for sorting (defaults to the text).
        align_right: numbers and money: right-aligned, in tabular (equal-width) figures
            so the digits of a column line up.
        tooltip: optional hover text.
    """

    header: str
    text: Callable[[RowT], str]
    sort_key: Callable[[RowT], Any] | None = None
    align_right: bool = False
    tooltip: Callable[[RowT], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """A table of typed rows, filled page by page.

    Args:
        sorts_itself: sort the loaded rows here (``False``: ask the owner to, below).

    Signals:
        fetch_requested: the view wants more rows; the owner should fetch a page.
        sort_requested(int, bool): (``sorts_itself=False``) the view asks for the rows
            sorted by this column, descending or not; the owner loads them so.
    """

    fetch_requested = Signal()
    sort_requested = Signal(int, bool)

    def __init__(
        self,
        columns: Sequence[Column[RowT]],
        row_id: Callable[[RowT], str],
        parent: Any = None,
        *,
        sorts_itself: bool = True,
    ) -> None:
        super().__init__(parent)
        self._sorts_itself = sorts_itself
        self._columns = list(columns)
        self._row_id = row_id
        self._rows: list[RowT] = []
        #: Display texts by row position, made when a cell is first painted. Every
        #: scroll, page and selection repaints the visible rows, and formatting their
        #: dates, money and names again each time was a fifth of a repaint (see
        #: ``data``). Dropped wherever rows move or their text changes, and when the day
        #: changes: a time reads "Today 2:36 PM" only on that day.
        self._texts: dict[int, list[str | None]] = {}
        self._texts_day: date | None = None
        self._more_available = False
        self._fetching = False

    # -- what owners call --------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        """The rows loaded so far, in view order."""
        return self._rows

    def row_at(self, row: int) -> RowT | None:
        """The typed row at ``row`` or ``None`` when out of range."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def reset_rows(self, rows: Iterable[RowT], *, more_available: bool = False) -> None:
        """Replace every row (a new search)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts.clear()
        self._more_available = more_available
        self._fetching = False
        self.endResetModel()

    def append_rows(self, rows: Sequence[RowT], *, more_available: bool) -> None:
        """Add a fetched page at the end."""
        self._fetching = False
        self._more_available = more_available
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def replace_row(self, row: RowT) -> None:
        """Swap in a fresher copy of a row with the same id (after capture, edit...)."""
        key = self._row_id(row)
        for index, existing in enumerate(self._rows):
            if self._row_id(existing) == key:
                self._rows[index] = row
                self._texts.pop(index, None)
                self.dataChanged.emit(
                    self.index(index, 0), self.index(index, len(self._columns) - 1)
                )
                return

    def refresh_column(self, column: int) -> None:
        """Redraw one column of every row (its text came from elsewhere, e.g. names read
        after the rows were shown)."""
        if self._rows and 0 <= column < len(self._columns):
            self._texts.clear()
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def fetch_failed(self) -> None:
        """The owner's page fetch failed: let the view ask again later."""
        self._fetching = False

    def find_row(self, row_id: str) -> int:
        """The position of the row with this id, or -1."""
        return next((i for i, r in enumerate(self._rows) if self._row_id(r) == row_id), -1)

    # -- Qt overrides --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Override QAbstractItemModel::rowCount (flat table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Override QAbstractItemModel::columnCount."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override QAbstractItemModel::data."""
        if role not in _ANSWERED:
            # Painting asks every cell for seven roles, four of them never set here:
            # answered before the index is read, they cost a Python call and no more.
            return None
        if not index.isValid():
            return None
        row = index.row()
        col = index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self._columns)):
            return None
        column = self._columns[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        item = self._rows[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.align_right else _LEFT
        if role == Qt.ItemDataRole.FontRole and column.align_right:
            return _tabular_font()
        if role == Roles.SORT:
            return self._sort_value(column, item)
        if role == Roles.ROW:
            return item
        if role == Roles.ID:
            return self._row_id(item)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        return None

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Override QAbstractItemModel::headerData."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            # A header marked at import time (before any translator) translates here.
            return tr_text(self._columns[section].header)
        return section + 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Override QAbstractItemModel::flags: selectable, never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _READ_ONLY

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        """Override QAbstractItemModel::canFetchMore: another page exists."""
        return not parent.isValid() and self._more_available and not self._fetching

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        """Override QAbstractItemModel::fetchMore: ask the owner for a page."""
        if self.canFetchMore(parent):
            self._fetching = True
            self.fetch_requested.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override QAbstractItemModel::sort: keyed list sort of the loaded rows, or
        (``sorts_itself=False``) the owner's sort."""
        if not 0 <= column < len(self._columns):
            return
        if not self._sorts_itself:
            self.sort_requested.emit(column, order == Qt.SortOrder.DescendingOrder)
            return
        spec = self._columns[column]
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        keyed = sorted(
            range(len(old)),
            key=lambda i: _Comparable(self._sort_value(spec, old[i])),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [old[i] for i in keyed]
        self._texts.clear()
        position = {old_row: new_row for new_row, old_row in enumerate(keyed)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [self.index(position[p.row()], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()

    def _text(self, row: int, col: int) -> str:
        # The formatters' own clock (``dates.current_time``), so both agree on the day.
        today = dates.current_time().date()
        if today != self._texts_day:
            self._texts.clear()
            self._texts_day = today
        texts = self._texts.get(row)
        if texts is None:
            texts = self._texts[row] = [None] * len(self._columns)
        text = texts[col]
        if text is None:
            text = texts[col] = self._columns[col].text(self._rows[row])
        return text

    @staticmethod
    def _sort_value(column: Column[RowT], item: RowT) -> Any:
        return column.sort_key(item) if column.sort_key is not None else column.text(item)


@functools.cache
def _tabular_font() -> QFont:
    """The view's font with OpenType ``tnum``: every digit as wide as the others.

    Made once: ``data()`` asks for it for every money cell painted.
    """
    font = QFont()
    font.setFeature(QFont.Tag("tnum"), 1)
    return font


class _Comparable:
    """Sort key that puts ``None`` last and compares mixed types by their text."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Comparable) -> bool:
        a, b = self.value, other.value
        if a is None:
            return False
        if b is None:
            return True
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class RowTableView(QTableView):
    """A read-only table of whole rows; choosing a row shows its detail.

    Signals:
        open_requested(int): the user asked for the detail of this source row (Enter,
            double click).
        row_selected(int): the user moved to another row (click, arrow keys): tabs with
            a detail pane show it at once.
    """

    open_requested = Signal(int)
    row_selected = Signal(int)

    def __init__(self, model: RowTableModel[Any], name: str, accessible: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        # Every row has the same height: Qt can then skip measuring 100,000 of them.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSortIndicatorShown(False)
        self.doubleClicked.connect(lambda index: self.open_requested.emit(index.row()))
        self._empty_text = ""

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        """Override QAbstractItemView::setModel: lay out new rows before they paint.

        Qt lays out the rows of a reset model on a zero timer, after the next paint: a
        search then painted every cell, showed the scroll bar and painted them all again
        narrower, two repaints in each of the worst stalls ``table_stalls.py`` measured.
        """
        previous = self.model()
        if previous is not None:
            previous.modelReset.disconnect(self.executeDelayedItemsLayout)
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.executeDelayedItemsLayout)

    def empty_text(self) -> str:
        """What the table says while it has no rows."""
        return self._empty_text

    def set_empty_text(self, text: str) -> None:
        """Say what to do next while the table has no rows (a search found nothing, no
        operation was made yet): an empty grid alone tells staff nothing."""
        self._empty_text = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Override QWidget::paintEvent: the empty-state text over an empty table."""
        super().paintEvent(event)
        model = self.model()
        if not self._empty_text or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(16, 16, -16, -16)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(area, int(flags) | int(Qt.TextFlag.TextWordWrap), self._empty_text)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Override QWidget::keyPressEvent: Enter opens the selected row; Ctrl+C copies
        its Clover id (what support and Clover's dashboard ask for), not the cell."""
        if event.matches(QKeySequence.StandardKey.Copy):
            row = self.selected_row()
            model = self.model()
            if row >= 0 and model is not None:
                row_id = model.index(row, 0).data(Roles.ID)
                if row_id:
                    QGuiApplication.clipboard().setText(str(row_id))
                    event.accept()
                    return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.selected_row()
            if row >= 0:
                self.open_requested.emit(row)
                event.accept()
                return
        super().keyPressEvent(event)

    def fit_columns(self) -> None:
        """Size the columns to their contents, once for each model the view shows.

        Measuring asks ``data()`` for every role of every loaded cell: about 40 ms for a
        page of 100 rows, which each search or sort would otherwise spend on the GUI
        thread again (and the columns would jump about under the pointer as well).
        """
        model = self.model()
        if model is None or model.rowCount() == 0 or model.property("columnsFitted"):
            return
        model.setProperty("columnsFitted", True)
        self.resizeColumnsToContents()

    def currentChanged(self, current: AnyIndex, previous: AnyIndex) -> None:  # noqa: N802
        """Override QAbstractItemView::currentChanged: moving to a row selects it."""
        super().currentChanged(current, previous)
        if current.isValid() and current.row() != previous.row():
            self.row_selected.emit(current.row())

    def selected_row(self) -> int:
        """The selected row, or the current one, or -1."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        if rows:
            return rows[0].row()
        current = self.currentIndex()
        return current.row() if current.isValid() else -1

    def selected_rows(self) -> list[int]:
        """Every selected row, top to bottom (the current one if none is selected)."""
        model = self.selectionModel()
        rows = sorted(index.row() for index in model.selectedRows()) if model else []
        if rows:
            return rows
        current = self.selected_row()
        return [current] if current >= 0 else []

    def allow_many(self) -> None:
        """Let staff select several rows (Shift/Ctrl-click), for a batch refund."""
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def select_row(self, row: int) -> None:
        """Select and show ``row``."""
        model = self.model()
        if 0 <= row < model.rowCount():
            self.selectRow(row)
            self.scrollTo(model.index(row, 0))
