"""The orders the Orders table can be sorted in, as SQL over the history store.

Sorting 100,000 stored orders in the table model compared rows one Python call at a
time on the GUI thread (0.35-0.9 s); and it could only sort the rows already loaded. The
store sorts instead: each :class:`OrderSort` is an SQL key, pages are read by keyset on
``(key, rk)`` like the newest-first pages, so page 1,000 costs what page 1 does.

Each key gives the order the table's text shows: an order without a total sorts after
every total (as an unknown amount did in the table), text columns compare as shown
(``''`` for none), ties fall back to ``rk`` (creation time). The keys on the orders row
itself have an index (:data:`SORT_INDEXES`), so the first page of any of them is a short
index walk. Paid, refunded, customer and staff are computed from other tables (sums of
payments and refunds, names by id): SQLite sorts every matching order for them on each
page, on the worker thread that reads the store, so the window never waits for it, but
a page of those takes longer (see ``tests/benchmarks/table_stalls.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["SORT_INDEXES", "OrderOrder", "OrderSort", "sort_key_sql"]

#: What a missing total sorts as: after every real amount, in either direction's sense.
_NO_TOTAL = 9_223_372_036_854_775_807


class OrderSort(StrEnum):
    """A column of the stored Orders table to sort by."""

    CREATED = "created"
    ID = "id"
    TOTAL = "total"
    PAID = "paid"
    REFUNDED = "refunded"
    STATE = "state"
    CUSTOMER = "customer"
    STAFF = "staff"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class OrderOrder:
    """A sort: the column and its direction. The default is newest first."""

    by: OrderSort = OrderSort.CREATED
    descending: bool = True


# The expressions of the indexed keys are written once and used both in the index and
# in the query: SQLite uses an expression index only for the identical expression.
_TOTAL = f"coalesce(total, {_NO_TOTAL})"
_STATE = "lower(replace(coalesce(nullif(payment_state, ''), state, ''), '_', ' '))"
_NOTE = "coalesce(nullif(note, ''), title, '')"

_KEYS: dict[OrderSort, str] = {
    OrderSort.CREATED: "rk",
    OrderSort.ID: "id",
    OrderSort.TOTAL: _TOTAL,
    OrderSort.STATE: _STATE,
    OrderSort.NOTE: _NOTE,
    OrderSort.PAID: (
        "(SELECT coalesce(sum(p.amount + p.tip_amount), 0) FROM payments p "
        "WHERE p.order_id = orders.id AND p.result = 'SUCCESS')"
    ),
    OrderSort.REFUNDED: (
        "(SELECT coalesce(sum(r.amount), 0) FROM refunds r "
        "WHERE r.order_id = orders.id AND coalesce(r.status, 'SUCCESS') = 'SUCCESS')"
    ),
    OrderSort.CUSTOMER: (
        "coalesce((SELECT trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, ''))"
        " FROM customers c WHERE c.id = orders.customer_id), '')"
    ),
    OrderSort.STAFF: (
        "coalesce((SELECT e.name FROM employees e WHERE e.id = orders.employee_id), '')"
    ),
}

#: Indexes for the keys on the orders row (``id`` and ``rk`` have theirs already).
#: Created on the writer thread when a store opens, so an older store gains them too.
SORT_INDEXES = (
    f"CREATE INDEX IF NOT EXISTS orders_by_total_key ON orders({_TOTAL})",
    f"CREATE INDEX IF NOT EXISTS orders_by_state_key ON orders({_STATE})",
    f"CREATE INDEX IF NOT EXISTS orders_by_note_key ON orders({_NOTE})",
)


def sort_key_sql(by: OrderSort) -> str:
    """The SQL key of ``by`` over the ``orders`` table (not aliased)."""
    return _KEYS[by]
