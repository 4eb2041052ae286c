"""The history store sorts orders for the Orders table: every column, both directions,
paged by keyset without gaps or repeats, missing values where the table put them."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_store import T0, decode, order, put

from clover_desk.api.models.platform import Refund, V3Customer
from clover_desk.services.history.order_sort import OrderOrder, OrderSort
from clover_desk.services.history.search import orders_sorted_sql
from clover_desk.services.history.store import HistoryStore, OrderQuery, OrderRow

STATES = [None, "OPEN", "PAID", "PARTIALLY_PAID", "REFUNDED", "PARTIALLY_REFUNDED"]
CUSTOMERS = [("CUSTA0000001", "Zoë", "Ångström"), ("CUSTB0000001", "adam", None)]
STAFF = {"EMPA00000001": "Marcus Manager", "EMPB00000001": "Cora Clerk"}


def varied(n: int) -> Any:
    """Order ``n``: ties, gaps and missing values in every column the table sorts."""
    extra: dict[str, Any] = {
        "total": None if n % 11 == 0 else (n * 37) % 500,
        "state": "open" if n % 4 else "locked",
        # Several orders share a creation time: rk still tells them apart.
        "createdTime": T0 + (n // 3) * 60_000,
        "modifiedTime": T0 + (n // 3) * 60_000,
    }
    if STATES[n % len(STATES)] is not None:
        extra["paymentState"] = STATES[n % len(STATES)]
    if n % 3 == 0:
        extra["note"] = f"note {n % 7}"
    elif n % 3 == 1:
        extra["note"] = ""
        extra["title"] = f"Table {n % 5}"
    if n % 4 == 1:
        cid, first, last = CUSTOMERS[n % 2]
        extra["customers"] = {"elements": [{"id": cid, "firstName": first, "lastName": last}]}
    if n % 5 != 0:
        extra["employee"] = {"id": list(STAFF)[n % 2]}
    if n % 6 < 4:
        extra["payments"] = {
            "elements": [
                {
                    "id": f"PAY{n:010d}",
                    "amount": (n * 13) % 300,
                    "tipAmount": n % 3,
                    "result": "SUCCESS" if n % 6 else "FAIL",
                    "createdTime": T0 + n * 60_000,
                    "modifiedTime": T0 + n * 60_000,
                }
            ]
        }
    return order(n, **extra)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HistoryStore]:
    s = HistoryStore(tmp_path_factory.mktemp("sorted") / "history.sqlite3")
    put(s, "put_orders", [varied(n) for n in range(240)])
    put(
        s,
        "put_customers",
        [
            decode(V3Customer, {"id": cid, "firstName": first, "lastName": last})
            for cid, first, last in CUSTOMERS
        ],
    )
    refunds = [
        decode(
            Refund,
            {
                "id": f"REF{n:010d}",
                "amount": (n * 7) % 90,
                "payment": {"id": f"PAY{n:010d}"},
                "orderRef": {"id": f"ORD{n:010d}"},
                "createdTime": T0 + n * 60_000 + 1,
                "modifiedTime": T0 + n * 60_000 + 1,
            },
        )
        for n in range(240)
        if n % 6 in (1, 2) and n % 4
    ]
    put(s, "put_refunds", refunds)

    async def staff() -> None:
        await s.put_employees(STAFF)

    asyncio.run(staff())
    yield s
    s.close()


#: What each column's text sorts by in the table: a missing total after every amount.
SHOWN: dict[OrderSort, Callable[[OrderRow], Any]] = {
    OrderSort.CREATED: lambda r: r.rk,
    OrderSort.ID: lambda r: r.id,
    OrderSort.TOTAL: lambda r: (r.total is None, r.total or 0),
    OrderSort.PAID: lambda r: r.paid,
    OrderSort.REFUNDED: lambda r: r.refunded,
    OrderSort.STATE: lambda r: (r.payment_state or r.state or "").replace("_", " ").lower(),
    OrderSort.CUSTOMER: lambda r: r.customer_name,
    OrderSort.STAFF: lambda r: r.employee_name,
    OrderSort.NOTE: lambda r: r.note or r.title or "",
}


def walk(store: HistoryStore, order: OrderOrder, query: OrderQuery, page: int) -> list[OrderRow]:
    rows: list[OrderRow] = []
    after = None
    while True:
        got, after = store.orders_sorted(query, order, after=after, limit=page)
        rows.extend(got)
        if len(got) < page:
            return rows


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("by", list(OrderSort), ids=[s.value for s in OrderSort])
def test_every_column_sorts_in_the_store_page_by_page(
    store: HistoryStore, by: OrderSort, descending: bool
) -> None:
    everything = walk(store, OrderOrder(), OrderQuery(), 1000)
    assert len(everything) == 240
    assert any(r.refunded for r in everything)
    assert any(r.paid for r in everything)
    expected = sorted(everything, key=lambda r: (SHOWN[by](r), r.rk), reverse=descending)
    got = walk(store, OrderOrder(by, descending), OrderQuery(), 7)
    assert [r.id for r in got] == [r.id for r in expected]


def test_a_search_and_bounds_keep_the_sort(store: HistoryStore) -> None:
    query = OrderQuery(text="table", min_total=100)
    order = OrderOrder(OrderSort.TOTAL, descending=False)
    got = walk(store, order, query, 5)
    assert got, "some orders match"
    assert all((r.title or "").startswith("Table") and (r.total or 0) >= 100 for r in got)
    totals = [r.total for r in got]
    assert totals == sorted(totals)  # type: ignore[type-var]


def test_a_store_made_before_the_sort_indexes_gains_them(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    with sqlite3.connect(path) as conn:
        for name in ("orders_by_total_key", "orders_by_state_key", "orders_by_note_key"):
            conn.execute(f"DROP INDEX {name}")
    reopened = HistoryStore(path)
    reopened.close()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"orders_by_total_key", "orders_by_state_key", "orders_by_note_key"} <= names


#: Columns kept on the orders row, with an index each; the others are sums or names
#: read from other tables, which SQLite must sort (off the GUI thread).
INDEXED = {OrderSort.CREATED, OrderSort.ID, OrderSort.TOTAL, OrderSort.STATE, OrderSort.NOTE}


@pytest.mark.parametrize(
    ("by", "text"),
    [*((by, "") for by in sorted(INDEXED)), (OrderSort.CREATED, "table")],
    ids=lambda v: v.value if isinstance(v, OrderSort) else (v and "search") or "all",
)
def test_a_page_is_read_in_index_order_without_sorting_every_match(
    store: HistoryStore, by: OrderSort, text: str
) -> None:
    """The first page of 100k orders costs a page, not a sort of all of them (a search
    sorted by creation walks the search index's rowids, which are the orders' rk)."""
    query, order = OrderQuery(text=text), OrderOrder(by)
    # A real read first: it brings the read connection's schema up to date with the sort
    # indexes the writer made, which EXPLAIN alone does not.
    store.orders_sorted(query, order, limit=1)
    sql, args = orders_sorted_sql(query, order, after=None, limit=100)
    plan = " ".join(str(row[-1]) for row in store.query("EXPLAIN QUERY PLAN " + sql, args))
    assert "TEMP B-TREE" not in plan, plan
