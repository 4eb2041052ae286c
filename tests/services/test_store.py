"""The local history store: upserts, merges, keyset pages and FTS5 search."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from clover_desk.api.models.common import dec_hook
from clover_desk.api.models.platform import Order, Payment, V3Customer
from clover_desk.api.money import amount_text
from clover_desk.services.history.reader import History
from clover_desk.services.history.store import (
    HistoryStore,
    OrderQuery,
    PaymentQuery,
    SyncWindow,
    WindowStatus,
    fts_query,
)

T0 = 1_714_000_000_000


def decode(type_: Any, value: dict[str, Any]) -> Any:
    return msgspec.json.decode(json.dumps(value).encode(), type=type_, dec_hook=dec_hook)


def order(n: int, **extra: Any) -> Order:
    base: dict[str, Any] = {
        "id": f"ORD{n:010d}",
        "currency": "USD",
        "total": 1000 + n,
        "state": "locked",
        "createdTime": T0 + n * 60_000,
        "modifiedTime": T0 + n * 60_000,
    }
    base.update(extra)
    result: Order = decode(Order, base)
    return result


def payment(n: int, **extra: Any) -> Payment:
    base: dict[str, Any] = {
        "id": f"PAY{n:010d}",
        "order": {"id": f"ORD{n:010d}"},
        "amount": 1000 + n,
        "result": "SUCCESS",
        "createdTime": T0 + n * 60_000 + 5_000,
        "modifiedTime": T0 + n * 60_000 + 5_000,
    }
    base.update(extra)
    result: Payment = decode(Payment, base)
    return result


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    s = HistoryStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def put(store: HistoryStore, method: str, items: list[Any]) -> None:
    async def call() -> None:
        await getattr(store, method)(items)

    asyncio.run(call())


ZOE = {
    "id": "CUSTZOE000001",
    "firstName": "Zoë",
    "lastName": "Ångström",
    "emailAddresses": {"elements": [{"emailAddress": "zoe.angstrom@example.com"}]},
    "phoneNumbers": {"elements": [{"phoneNumber": "+1 (555) 010-4477"}]},
}


@pytest.fixture
def filled(store: HistoryStore) -> HistoryStore:
    special = order(
        7,
        total=1234,
        note="Leave at the back door",
        customers={"elements": [{"id": ZOE["id"], "firstName": "Zoë", "lastName": "Ångström"}]},
        payments={
            "elements": [
                {
                    "id": "PAY0000000007",
                    "amount": 1234,
                    "tipAmount": 200,
                    "result": "SUCCESS",
                    "createdTime": T0 + 7 * 60_000,
                    "modifiedTime": T0 + 7 * 60_000,
                }
            ]
        },
    )
    put(store, "put_orders", [order(n) for n in range(250) if n != 7] + [special])
    put(
        store,
        "put_payments",
        [
            payment(
                7,
                amount=1234,
                tipAmount=200,
                cardTransaction={"cardType": "VISA", "last4": "4242", "first6": "424242"},
                tender={"id": "TENDERCARD001", "label": "Credit Card"},
            )
        ],
    )
    put(store, "put_customers", [decode(V3Customer, ZOE)])
    return store


def test_fts_query_turns_typing_into_safe_prefix_phrases() -> None:
    assert fts_query("") is None
    assert fts_query("  ") is None
    assert fts_query("jane.do") == '"jane" + "do"*'
    assert fts_query("12.3 Zoë") == '"12" + "3"* AND "zoë"*'
    assert fts_query('"OR NEAR(') == '"or"* AND "near"*'
    assert amount_text(1234, "USD") == "12.34"
    assert amount_text(-5, "USD") == "-0.05"
    assert amount_text(1234, "JPY") == "1234"
    assert amount_text(1234, "KWD") == "1.234"


@pytest.mark.parametrize(
    "typed",
    [
        "zoe",  # diacritics folded
        "Ångs",
        "zoe.ang",  # email, typed partly
        "example.co",
        "555",  # phone parts
        "4477",
        "12.34",  # amount, as typed
        "12.3",
        "14.34",  # amount + tip
        "back door",  # note words, ANDed
        "ORD000000000",  # id prefix
        "PAY0000000007",  # a payment's id finds its order
        "4242",  # card last 4
    ],
)
def test_order_search_finds_by_every_field(filled: HistoryStore, typed: str) -> None:
    rows = filled.orders_page(OrderQuery(text=typed), limit=50)
    assert "ORD0000000007" in [r.id for r in rows], typed


def test_search_misses_and_odd_input(filled: HistoryStore) -> None:
    assert filled.orders_page(OrderQuery(text="nothing-like-this")) == []
    assert filled.orders_page(OrderQuery(text='" AND ) * ( NEAR')) == []
    assert len(filled.orders_page(OrderQuery(text="!!!"), limit=10)) == 10  # no words: all


def test_payment_search_and_rows(filled: HistoryStore) -> None:
    for typed in ("4242", "visa", "zoe", "ORD0000000007", "12.34", "credit"):
        rows = filled.payments_page(PaymentQuery(text=typed))
        assert [r.id for r in rows] == ["PAY0000000007"], typed
    row = filled.payments_page(PaymentQuery(last4="4242"))[0]
    assert (row.amount, row.tip_amount, row.currency) == (1234, 200, "USD")
    assert row.customer_name == "Zoë Ångström"
    assert row.tender_label == "Credit Card"


def test_upserts_are_idempotent_and_never_go_back(filled: HistoryStore) -> None:
    before = filled.counts()
    fts = filled.query("SELECT count(*) FROM orders_fts")[0][0]
    put(filled, "put_orders", [order(n) for n in range(250) if n != 7])
    assert filled.counts() == before
    assert filled.query("SELECT count(*) FROM orders_fts")[0][0] == fts == before["orders"]
    # an older copy never overwrites a newer one
    put(filled, "put_orders", [order(3, total=1, modifiedTime=T0 - 1)])
    assert filled.query("SELECT total FROM orders WHERE id = 'ORD0000000003'")[0][0] == 1003
    put(filled, "put_orders", [order(3, total=99, modifiedTime=T0 + 10**9)])
    assert filled.query("SELECT total FROM orders WHERE id = 'ORD0000000003'")[0][0] == 99
    # a payment seen again through an ORDERS export keeps its card details
    put(filled, "put_orders", [order(7, total=1234, payments={"elements": [
        {"id": "PAY0000000007", "amount": 1234, "tipAmount": 200, "result": "SUCCESS",
         "createdTime": T0 + 7 * 60_000, "modifiedTime": T0 + 8 * 60_000}]})])  # fmt: skip
    assert filled.payments_page(PaymentQuery(last4="4242"))[0].id == "PAY0000000007"


def test_changed_orders_are_found_by_their_new_words_only(store: HistoryStore) -> None:
    # Ids sort the other way round from creation, as Clover's random ids do.
    batch = [order(n, id=f"ORD{999 - n:010d}", note=f"crate{n % 7}") for n in range(300)]
    put(store, "put_orders", batch)
    assert len(store.orders_page(OrderQuery(text="crate3"), limit=100)) == 43
    changed = [
        order(n, id=f"ORD{999 - n:010d}", note="parcel", modifiedTime=T0 + 10**9)
        for n in range(0, 300, 2)
    ]
    put(store, "put_orders", changed)
    found = {r.id for r in store.orders_page(OrderQuery(text="crate3"), limit=100)}
    assert found == {f"ORD{999 - n:010d}" for n in range(1, 300, 2) if n % 7 == 3}
    assert len(store.orders_page(OrderQuery(text="parcel"), limit=200)) == 150
    assert store.query("SELECT count(*) FROM orders_fts") == [(300,)]
    store.write_now(
        lambda c: c.execute("INSERT INTO orders_fts(orders_fts) VALUES ('integrity-check')")
    )


def test_pages_walk_newest_first_without_gaps(filled: HistoryStore) -> None:
    async def walk() -> list[str]:
        feed = History(filled).search_orders(OrderQuery(), page_size=100)
        ids: list[str] = []
        while feed.more_available:
            ids += [r.id for r in await feed.next_page()]
        return ids

    ids = asyncio.run(walk())
    assert len(ids) == len(set(ids)) == 250
    assert ids == sorted(ids, reverse=True)  # created order == id order in this data
    bounded = filled.orders_page(
        OrderQuery(created_from_ms=T0 + 10 * 60_000, created_to_ms=T0 + 20 * 60_000)
    )
    assert [r.id for r in bounded] == [f"ORD{n:010d}" for n in range(19, 9, -1)]
    by_total = filled.orders_page(OrderQuery(min_total=1240, max_total=1242))
    assert {r.id for r in by_total} == {f"ORD{n:010d}" for n in (240, 241, 242)}


def test_same_millisecond_orders_get_distinct_keys(store: HistoryStore) -> None:
    same = [order(1, id=f"SAME{n:09d}", createdTime=T0) for n in range(3000)]
    put(store, "put_orders", same)
    put(store, "put_orders", same)
    assert store.counts()["orders"] == 3000
    assert store.query("SELECT count(DISTINCT rk) FROM orders")[0][0] == 3000


def test_export_files_can_leave_search_documents_for_later(store: HistoryStore) -> None:
    day = 86_400_000
    sold = order(
        3,
        note="Back door",
        payments={
            "elements": [
                {
                    "id": "PAY0000000003",
                    "amount": 1003,
                    "result": "SUCCESS",
                    "createdTime": T0 + 3 * 60_000 + 5_000,
                    "modifiedTime": T0 + 3 * 60_000 + 5_000,
                }
            ]
        },
    )
    paid = payment(3, cardTransaction={"cardType": "VISA", "last4": "4242"})

    async def run() -> None:
        for kind, objects in (("ORDERS", [sold]), ("PAYMENTS", [paid])):
            window = SyncWindow(
                kind, T0, T0 + day, WindowStatus.EXPORTING, range_start_ms=T0, files_total=1
            )
            await store.put_export_file(window, 0, objects, defer_search=True)
        # Stored and listed at once; found by text only once the documents are built.
        assert [r.id for r in store.orders_page(OrderQuery())] == ["ORD0000000003"]
        assert store.orders_page(OrderQuery(text="back")) == []
        assert store.payments_page(PaymentQuery(text="visa")) == []
        assert await store.index_pending() == 2  # the order, and its payment with it
        assert await store.index_pending() == 0

    asyncio.run(run())
    # Each document built once, from what both exports brought.
    for typed in ("back", "4242", "PAY0000000003"):
        assert [r.id for r in store.orders_page(OrderQuery(text=typed))] == ["ORD0000000003"]
    assert [r.id for r in store.payments_page(PaymentQuery(text="visa"))] == ["PAY0000000003"]
    assert store.query("SELECT count(*) FROM search_pending") == [(0,)]


def test_several_export_files_in_one_write_and_payments_left_to_their_export(
    store: HistoryStore,
) -> None:
    day = 86_400_000

    def with_payment(n: int, paid_at: int) -> Order:
        embedded = {"id": f"PAY{n:010d}", "amount": 1000 + n, "createdTime": paid_at}
        return order(n, payments={"elements": [embedded]})

    async def run() -> None:
        payments_window = SyncWindow(
            "PAYMENTS", T0, T0 + day, WindowStatus.PENDING, range_start_ms=T0
        )
        await store.save_window(payments_window)
        orders_window = SyncWindow(
            "ORDERS", T0, T0 + day, WindowStatus.EXPORTING, range_start_ms=T0, files_total=2
        )
        # Order 1 was paid inside the PAYMENTS window, order 2 the day after it.
        files = [[with_payment(1, T0 + 70_000)], [with_payment(2, T0 + day + 1)]]
        done = await store.put_export_files(orders_window, 0, files, defer_search=True)
        assert (done.files_done, done.objects, done.status) == (2, 2, WindowStatus.DONE)
        assert [w.files_done for w in store.windows("ORDERS")] == [2]
        assert store.query("SELECT id FROM payments") == [("PAY0000000002",)]

        # The PAYMENTS export brings payment 1, with its card.
        card = {"cardType": "VISA", "last4": "4242"}
        payments_window = SyncWindow(
            "PAYMENTS", T0, T0 + day, WindowStatus.EXPORTING, range_start_ms=T0, files_total=1
        )
        await store.put_export_file(
            payments_window, 0, [payment(1, cardTransaction=card)], defer_search=True
        )
        # Only the first minute's documents are built; order 2's keep waiting.
        assert await store.index_pending(created_between=(T0, T0 + 90_000)) == 2
        assert store.orders_page(OrderQuery(text="4242"))[0].id == "ORD0000000001"
        assert store.orders_page(OrderQuery(text=amount_text(1002, "USD"))) == []
        assert await store.index_pending() == 2
        assert store.orders_page(OrderQuery(text=amount_text(1002, "USD")))[0].id == (
            "ORD0000000002"
        )

    asyncio.run(run())
    assert store.query("SELECT id, last4 FROM payments ORDER BY id") == [
        ("PAY0000000001", "4242"),
        ("PAY0000000002", None),
    ]


def test_a_cash_payment_of_a_canadian_merchant_is_stored_in_its_dollars(tmp_path: Path) -> None:
    # A cash payment names no currency (no card) and its order is not stored: before, it
    # was kept as USD, and a Montréal café's cash sale read "9,48 US$".
    store = HistoryStore(tmp_path / "history.sqlite3", currency="CAD")
    try:
        put(store, "put_payments", [payment(1, amount=948, tender={"id": "TENDERCASH01"})])
        assert store.currency() == "CAD"
    finally:
        store.close()
