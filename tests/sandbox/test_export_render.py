"""Export files built in bulk on the worker equal the per-object reference renderers.

``views_v3.render_order`` / ``render_payment`` (one object at a time, several queries
each) are the reference; the export builder renders chunks of 1000 with a few queries
per chunk. Both are run on the demo seed plus the unusual rows the demo lacks, and the
file texts must be identical byte for byte — in both database modes the worker has: its
own connection (file) and the shared one (``:memory:``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clover_desk.sandbox import exports_service as service
from clover_desk.sandbox.clock import Clock
from clover_desk.sandbox.db import Database
from clover_desk.sandbox.merchants import merchant_ids
from clover_desk.sandbox.seed import seed_demo
from clover_desk.sandbox.state import SandboxState
from clover_desk.sandbox.views_v3 import _HREF_BASE, render_order, render_payment

DAY_MS = 86_400_000
#: Two files and a bit of each kind.
ORDERS = 2300
BASE_URL = "http://127.0.0.1:8765"


def _insert(db: Database, table: str, **values: Any) -> None:
    db.insert(table, values)


def add_unusual_rows(db: Database, mid: str, other_mid: str, now: int) -> None:
    """Setup only: shapes the demo seed never makes but the schema allows."""
    some = [r["id"] for r in db.query("SELECT id FROM orders ORDER BY created_ms LIMIT 3")]
    charge_of = {
        r["order_id"]: r["id"]
        for r in db.query(
            f"SELECT id, order_id FROM charges WHERE order_id IN ({','.join('?' * len(some))})",  # noqa: S608
            some,
        )
    }
    base = {"merchant_id": mid, "currency": "USD", "modified_ms": now}
    with db.tx():
        # A refund naming no order (found through its charge), one naming another order
        # than its charge's (listed under both), one canceled, one with an odd status.
        for n, (order_id, status) in enumerate(
            [(None, "succeeded"), (some[1], "succeeded"), (some[0], "canceled"), (None, "held")]
        ):
            _insert(
                db,
                "refunds",
                id=f"XREFUND{n:06d}",
                charge_id=charge_of[some[0]],
                order_id=order_id,
                created_ms=now - DAY_MS + n,
                amount=100 + n,
                status=status,
                kind="refund",
                employee_id=None if n % 2 else "XEMPLOYEE0001",
                reason="damaged" if n == 1 else None,
                body={"line_item_ids": ["XLINE0000001", None], "external_reference_id": "ext-9"},
                **base,
            )
        # Payments without an order, without a tender label, with an unknown tender.
        for n, (order_id, method, label) in enumerate(
            [
                (None, "ach", None),
                (some[2], "card", None),
                (None, "alternate_tender", "com.example.tender.voucher"),
                (None, "giftCard", None),
            ]
        ):
            _insert(
                db,
                "charges",
                id=f"XCHARGE{n:06d}",
                order_id=order_id,
                created_ms=now - 2 * DAY_MS + n,
                amount=500,
                tip_amount=50,
                captured=n % 2,
                status=("succeeded", "pending", "failed", "succeeded")[n],
                method=method,
                tender_label_key=label,
                card_last4="0005" if method == "card" else None,
                body={"note": "hand-keyed", "entry_type": "SWIPED"} if n == 1 else {},
                **base,
            )
        # Orders: deleted (left out), an unknown customer, another merchant's customer,
        # an order type and odd body fields, no employee; and a line item with extras.
        other_customer = db.scalar(
            "SELECT id FROM customers WHERE merchant_id = ? LIMIT 1", (other_mid,)
        )
        for n, (customer, deleted) in enumerate(
            [(None, now), ("XNOCUSTOMER01", None), (other_customer, None)]
        ):
            _insert(
                db,
                "orders",
                id=f"XORDER{n:07d}",
                origin="v3",
                created_ms=now - 3 * DAY_MS + n,
                client_created_ms=now - 3 * DAY_MS,
                state="open",
                payment_state=None,
                total=None,
                customer_id=customer,
                order_type_id="XORDERTYPE001" if n else None,
                deleted_ms=deleted,
                body={
                    # Body values may be containers holding nulls: rendered compacted.
                    "payType": {"split": "GUEST", "by": None} if n == 2 else "SPLIT_GUEST",
                    "taxRemoved": 0,
                    "testMode": True,
                    "discounts": [{"name": "Open", "percentage": 10, "extra": None}],
                },
                **base,
            )
        _insert(
            db,
            "line_items",
            id="XLINE0000001",
            merchant_id=mid,
            order_id="XORDER0000001",
            created_ms=now - 3 * DAY_MS,
            item_id=None,
            name="Custom",
            price=250,
            unit_qty=1500,
            note="no ice",
            refunded=1,
            is_revenue=0,
            body={
                "alternateName": "Cstm",
                "printed": True,
                "modifications": [{"id": "M1", "amount": 75}, {"id": "M2", "amount": None}],
                "itemCode": ["X-1", {"alias": None}],
            },
        )


@pytest.fixture(params=["memory", "file"])
def seeded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SandboxState]:
    path = ":memory:" if request.param == "memory" else str(tmp_path / "sandbox.sqlite3")
    db = Database(path)
    clock = Clock(0)
    seed_demo(db, clock.now_ms(), seed_number=3, orders=ORDERS)
    mid, other = merchant_ids(db)[:2]
    add_unusual_rows(db, mid, other, clock.now_ms())
    state = SandboxState(db=db, clock=clock)
    yield state
    state.builds.close()
    db.close()


def reference_files(db: Database, kind: str, start: int, end: int) -> list[str]:
    """The files as the per-object renderers make them (the code before bulk rendering)."""
    mid = merchant_ids(db)[0]
    if kind == "ORDERS":
        rows = db.query(
            "SELECT * FROM orders WHERE merchant_id = ? AND created_ms BETWEEN ? AND ? "
            "AND deleted_ms IS NULL ORDER BY created_ms, id",
            (mid, start, end),
        )
        objects = [render_order(db, r, service.ORDER_EXPAND) for r in rows]
    else:
        rows = db.query(
            "SELECT * FROM charges WHERE merchant_id = ? AND created_ms BETWEEN ? AND ? "
            "ORDER BY created_ms, id",
            (mid, start, end),
        )
        objects = [render_payment(db, r, service.PAYMENT_EXPAND) for r in rows]
    size = service.OBJECTS_PER_FILE
    chunks = [objects[i : i + size] for i in range(0, len(objects), size)] or [[]]
    return [json.dumps({"elements": c}, separators=(",", ":")) for c in chunks]


def built_files(state: SandboxState, kind: str, start: int, end: int) -> list[str]:
    db = state.db
    with db.tx():
        row = service.create(db, merchant_ids(db)[0], kind, start, end, state.clock.now_ms())
    build = service.start_build(state, row)
    build.future.result(timeout=120)
    assert build.percent == 100
    return [
        r["content"]
        for r in db.query(
            "SELECT content FROM export_files WHERE export_id = ? ORDER BY seq", (row["id"],)
        )
    ]


@pytest.mark.parametrize("kind", ["ORDERS", "PAYMENTS"])
def test_bulk_files_equal_the_per_object_renderers(seeded: SandboxState, kind: str) -> None:
    now = seeded.clock.now_ms()
    start, end = now - 100 * DAY_MS, now
    token = _HREF_BASE.set(BASE_URL)  # as while serving a request: absolute hrefs
    try:
        expected = reference_files(seeded.db, kind, start, end)
        actual = built_files(seeded, kind, start, end)
    finally:
        _HREF_BASE.reset(token)
    assert len(expected) == 3  # several full files and a partial one
    assert BASE_URL + "/v3/merchants/" in expected[0]
    # Compared file by file, so that a failure names the first object that differs.
    for want, got in zip(expected, actual, strict=True):
        if want != got:
            pairs = zip(json.loads(want)["elements"], json.loads(got)["elements"], strict=True)
            for a, b in pairs:
                assert json.dumps(a) == json.dumps(b)
            raise AssertionError("same objects, different text")


def test_an_empty_window_has_one_empty_file(seeded: SandboxState) -> None:
    assert built_files(seeded, "ORDERS", 1, 2) == ['{"elements":[]}']
