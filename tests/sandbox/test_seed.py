"""The demo merchant (``--seed demo``): deterministic, internally consistent, isolated.

Two kinds of checks: the generator's rows straight from a database it filled (the
invariants every renderer relies on, and determinism), and the seeded data as a
client sees it over real HTTP through the ``demo_sandbox`` fixture (seed number 7,
300 orders).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from clover_desk.sandbox import RunningSandbox, gift_cards, order_state, sources, views_v1, views_v3
from clover_desk.sandbox.db import Database, loads
from clover_desk.sandbox.merchants import merchant_ids
from clover_desk.sandbox.recurring_scheduler import run_date
from clover_desk.sandbox.seed import (
    LOCAL_OFFSET_MS,
    MAIN_MERCHANT_NAME,
    OTHER_MERCHANT_NAME,
    seed_demo,
)

NOW = 1_750_000_000_000  # a fixed Sunday afternoon in June 2025, UTC
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
ORDERS = 300
SEED = 7

#: Tables whose every row comes from the generator (credentials hold random secrets).
SEEDED_TABLES = (
    "merchants",
    "employees",
    "inventory",
    "customers",
    "orders",
    "line_items",
    "charges",
    "refunds",
    "gift_cards",
    "plans",
    "subscriptions",
)


def seeded_db(seed_number: int = SEED, orders: int = ORDERS, now_ms: int = NOW) -> Database:
    db = Database(":memory:")
    seed_demo(db, now_ms, seed_number=seed_number, orders=orders)
    return db


@pytest.fixture(scope="module")
def db() -> Iterator[Database]:
    database = seeded_db()
    yield database
    database.close()


@pytest.fixture(scope="module")
def mid(db: Database) -> str:
    return merchant_ids(db)[0]


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: sorted(tuple(row) for row in db.query(f"SELECT * FROM {table}"))  # noqa: S608
        for table in SEEDED_TABLES
    }


def half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


# ------------------------------------------------------------------ determinism


def test_the_same_seed_number_gives_identical_data(db: Database) -> None:
    again = seeded_db()
    assert snapshot(again) == snapshot(db)


def test_ids_and_amounts_do_not_depend_on_when_the_sandbox_starts(db: Database) -> None:
    """Another day (and weekday) moves the data in time but changes no id or amount."""
    later = seeded_db(now_ms=NOW + 3 * DAY_MS + 5 * HOUR_MS)
    queries = (
        "SELECT id, total, tax_amount, payment_state, customer_id FROM orders",
        "SELECT id, order_id, name, price, unit_qty, refunded FROM line_items",
        "SELECT id, order_id, amount, tax_amount, tip_amount, amount_refunded, card_last4 "
        "FROM charges",
        "SELECT id, charge_id, amount, reason, kind FROM refunds",
        "SELECT id, email, marketing_allowed FROM customers",
        "SELECT id, number, balance FROM gift_cards",
    )
    for sql in queries:
        assert sorted(map(tuple, later.query(sql))) == sorted(map(tuple, db.query(sql))), sql
    moved = later.scalar("SELECT MIN(created_ms) FROM orders")
    assert moved != db.scalar("SELECT MIN(created_ms) FROM orders")


def test_another_seed_number_gives_other_data(db: Database) -> None:
    other = seeded_db(seed_number=SEED + 1)
    ids = {r["id"] for r in db.query("SELECT id FROM orders")}
    other_ids = {r["id"] for r in other.query("SELECT id FROM orders")}
    assert not ids & other_ids
    totals = [r["total"] for r in db.query("SELECT total FROM orders ORDER BY created_ms")]
    other_totals = [r["total"] for r in other.query("SELECT total FROM orders ORDER BY created_ms")]
    assert totals != other_totals
    assert merchant_ids(other) != merchant_ids(db)


# ----------------------------------------------------------------------- counts


def test_counts_and_the_announced_merchant(db: Database, mid: str) -> None:
    first, second = merchant_ids(db)
    assert first == mid
    names = {r["id"]: r["name"] for r in db.query("SELECT id, name FROM merchants")}
    assert names == {first: MAIN_MERCHANT_NAME, second: OTHER_MERCHANT_NAME}
    merchant = db.one("SELECT * FROM merchants WHERE id = ?", (mid,))
    assert merchant is not None
    assert merchant["currency"] == "USD"
    assert loads(merchant["body"])["address"]["city"] == "New York"

    assert db.scalar("SELECT COUNT(*) FROM orders WHERE merchant_id = ?", (mid,)) == ORDERS
    assert db.scalar("SELECT COUNT(*) FROM customers WHERE merchant_id = ?", (mid,)) == 300
    with_cards = sum(
        any(not c["revoked"] for c in loads(r["body"]).get("cards", []))
        for r in db.query("SELECT body FROM customers")
    )
    assert with_cards >= 0.75 * 300
    roles = Counter(loads(r["body"])["role"] for r in db.query("SELECT body FROM employees"))
    assert roles == {"OWNER": 1, "MANAGER": 2, "EMPLOYEE": 4}
    kinds = Counter(r["kind"] for r in db.query("SELECT kind FROM inventory"))
    assert kinds["item"] >= 40
    for kind in ("category", "modifier_group", "modifier", "discount", "tax_rate"):
        assert kinds[kind] >= 3, kind
    assert kinds["order_type"] == 3
    assert kinds["service_charge"] == 1
    assert kinds["tender"] >= 5
    assert db.scalar("SELECT COUNT(*) FROM plans") >= 5
    assert db.scalar("SELECT COUNT(*) FROM subscriptions") == 25
    assert db.scalar("SELECT COUNT(*) FROM gift_cards") == 30


def test_the_second_merchant_owns_nothing(db: Database) -> None:
    other = merchant_ids(db)[1]
    for table in SEEDED_TABLES[1:]:
        count = db.scalar(f"SELECT COUNT(*) FROM {table} WHERE merchant_id = ?", (other,))  # noqa: S608
        assert count == 0, table


def test_zero_orders_still_seeds_both_merchants() -> None:
    empty = seeded_db(orders=0)
    assert len(merchant_ids(empty)) == 2
    assert empty.scalar("SELECT COUNT(*) FROM orders") == 0
    assert empty.scalar("SELECT COUNT(*) FROM customers") == 300


def test_tax_rates_and_per_unit_items(db: Database) -> None:
    rates = {
        r["name"]: loads(r["body"])
        for r in db.query("SELECT * FROM inventory WHERE kind = 'tax_rate'")
    }
    assert rates["Sales Tax"] == {"name": "Sales Tax", "rate": 887_500, "isDefault": True}
    assert any(r["rate"] == 0 for r in rates.values())
    beans = [
        loads(r["body"])
        for r in db.query("SELECT body FROM inventory WHERE kind = 'item'")
        if loads(r["body"])["priceType"] == "PER_UNIT"
    ]
    assert beans
    assert all(b["unitName"] == "lb" for b in beans)
    sold_by_weight = db.query("SELECT * FROM line_items WHERE unit_qty IS NOT NULL")
    assert sold_by_weight
    assert all(loads(r["body"])["unitName"] == "lb" for r in sold_by_weight)


# ------------------------------------------------------------------ money rules


def expected_totals(db: Database, order: Any) -> tuple[int, int]:
    """(total, tax) by the rounding rules the generator documents."""
    lines = db.query(
        "SELECT * FROM line_items WHERE order_id = ? ORDER BY created_ms, rowid", (order["id"],)
    )
    nets, rate_sets = [], []
    for line in lines:
        body = loads(line["body"])
        base = line["price"]
        if line["unit_qty"] is not None:
            base = half_up(line["price"] * line["unit_qty"], 1000)
        gross = base + sum(m["amount"] for m in body.get("modifications", []))
        net = gross
        for disc in body.get("discounts", []):
            net += disc["amount"] if "amount" in disc else -half_up(gross * disc["percentage"], 100)
        nets.append(max(net, 0))
        rate_sets.append([(t["id"], t["rate"]) for t in body["taxRates"]])
    subtotal = sum(nets)
    off = 0
    for disc in loads(order["body"]).get("discounts", []):
        off = (
            min(-disc["amount"], subtotal)
            if "amount" in disc
            else half_up(subtotal * disc["percentage"], 100)
        )
    if off:
        shares = [off * n // subtotal for n in nets]
        shares[nets.index(max(nets))] += off - sum(shares)
        nets = [n - s for n, s in zip(nets, shares, strict=True)]
    per_rate: dict[tuple[str, int], int] = {}
    for net, rates in zip(nets, rate_sets, strict=True):
        for rate in rates:
            per_rate[rate] = per_rate.get(rate, 0) + net
    tax = sum(half_up(amount * rate, 10_000_000) for (_, rate), amount in per_rate.items())
    return sum(nets) + tax, tax


def test_order_totals_follow_the_documented_tax_and_discount_rounding(db: Database) -> None:
    orders = db.query("SELECT * FROM orders")
    for order in orders:
        assert (order["total"], order["tax_amount"]) == expected_totals(db, order), order["id"]
    discounted = [o for o in orders if loads(o["body"]).get("discounts")]
    assert discounted, "some orders carry an order-level discount"


def test_line_items_per_order(db: Database) -> None:
    counts = [r[0] for r in db.query("SELECT COUNT(*) FROM line_items GROUP BY order_id")]
    assert len(counts) == ORDERS
    assert min(counts) >= 1
    assert max(counts) <= 6
    bodies = [loads(r["body"]) for r in db.query("SELECT body FROM line_items")]
    assert any(b.get("modifications") for b in bodies)
    assert any(b.get("discounts") for b in bodies)


def test_charges_pay_exactly_the_order_total(db: Database) -> None:
    states: Counter[str] = Counter()
    for order in db.query("SELECT * FROM orders"):
        charges = db.query("SELECT * FROM charges WHERE order_id = ?", (order["id"],))
        states[order["payment_state"]] += 1
        assert order["origin"] == "pos"
        assert order["currency"] == "USD"
        if order["payment_state"] == "OPEN":
            assert charges == []
            assert order["state"] == "open"
            assert order["v1_status"] == "created"
            continue
        assert order["state"] == "locked"
        assert sum(c["amount"] for c in charges) == order["total"]
        assert sum(c["tax_amount"] for c in charges) == order["tax_amount"]
        for charge in charges:
            assert charge["status"] == "succeeded"
            assert charge["captured"] == 1
            assert charge["amount_captured"] == charge["amount"]
            assert charge["currency"] == "USD"
            assert charge["auth_code"]
            assert charge["ref_num"]
            assert charge["created_ms"] >= order["created_ms"]
    assert states["OPEN"] >= 1
    assert states["PAID"] > 0.8 * ORDERS
    assert states["REFUNDED"] >= 3
    assert states["PARTIALLY_REFUNDED"] >= 3
    methods = Counter(r["method"] for r in db.query("SELECT method FROM charges"))
    assert methods["card"] > 0.6 * sum(methods.values())
    assert methods["alternate_tender"] > 0
    assert methods["giftCard"] > 0
    brands = {r["card_brand"] for r in db.query("SELECT card_brand FROM charges")}
    assert {"VISA", "MC", "AMEX", "DISCOVER", "DINERS_CLUB", "JCB", "GIFT_CARD"} <= brands
    split = db.query("SELECT order_id FROM charges GROUP BY order_id HAVING COUNT(*) > 1")
    assert split, "a few orders are paid in two parts"
    tipped = db.scalar("SELECT COUNT(*) FROM charges WHERE method = 'card' AND tip_amount > 0")
    assert tipped > 0.3 * methods["card"]
    with_customer = db.scalar("SELECT COUNT(*) FROM orders WHERE customer_id IS NOT NULL")
    assert 0.3 * ORDERS < with_customer < 0.5 * ORDERS


def test_charge_bodies_have_the_ecommerce_shapes(db: Database) -> None:
    for row in db.query("SELECT * FROM charges"):
        body = loads(row["body"])
        assert body["outcome"] == {"network_status": "approved_by_network", "type": "authorized"}
        if row["method"] == "card":
            source = body["source"]
            assert source["brand"] == row["card_brand"]
            assert (source["first6"], source["last4"]) == (row["card_first6"], row["card_last4"])
            assert len(source["first6"]) == 6
            assert len(source["last4"]) == 4
            assert row["tender_label_key"] in (sources.TENDER_CARD, sources.TENDER_DEBIT)
        elif row["method"] == "giftCard":
            assert row["card_brand"] == "GIFT_CARD"
            assert row["tender_label_key"] == sources.TENDER_GIFT
            assert (
                body["gift_card"]["previous_balance"] - body["gift_card"]["new_balance"]
                == (row["amount"])
            )
        else:
            assert row["tender_label_key"] in (sources.TENDER_CASH, sources.TENDER_CHECK)
            assert body["tender"] == {"label_key": row["tender_label_key"]}
            assert row["tip_amount"] == 0


def test_card_on_file_payments_name_the_saved_card(db: Database) -> None:
    saved = {}
    for row in db.query("SELECT id, body FROM customers"):
        for card in loads(row["body"]).get("cards", []):
            saved[card["id"]] = (row["id"], card)
    on_file = [
        (row, loads(row["body"])["source"])
        for row in db.query("SELECT * FROM charges WHERE method = 'card'")
        if loads(row["body"])["source"]["id"] in saved
    ]
    assert on_file
    for row, source in on_file:
        customer_id, card = saved[source["id"]]
        assert row["customer_id"] == customer_id
        assert (card["first6"], card["last4"], card["cardType"]) == (
            row["card_first6"],
            row["card_last4"],
            row["card_brand"],
        )


# ---------------------------------------------------------------------- refunds


def test_refunds_never_exceed_their_charge(db: Database) -> None:
    refunds = db.query("SELECT * FROM refunds")
    assert refunds
    for charge in db.query("SELECT * FROM charges"):
        total = db.scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE charge_id = ?", (charge["id"],)
        )
        assert total == charge["amount_refunded"]
        assert total <= charge["amount_captured"] + charge["tip_amount"]
    assert {r["reason"] for r in refunds} == {"duplicate", "fraudulent", "requested_by_customer"}
    paid = db.scalar("SELECT COUNT(*) FROM orders WHERE payment_state != 'OPEN'")
    full = db.scalar("SELECT COUNT(*) FROM orders WHERE payment_state = 'REFUNDED'")
    partial = db.scalar("SELECT COUNT(*) FROM orders WHERE payment_state = 'PARTIALLY_REFUNDED'")
    assert 0.02 * paid <= full <= 0.06 * paid
    assert 0.015 * paid <= partial <= 0.05 * paid
    for refund in refunds:
        refunded = db.one("SELECT * FROM charges WHERE id = ?", (refund["charge_id"],))
        assert refunded is not None
        assert refund["order_id"] == refunded["order_id"]
        assert refunded["created_ms"] < refund["created_ms"] <= NOW
        assert refund["status"] == "succeeded"
        assert refund["currency"] == "USD"


def test_line_item_returns_mark_their_lines(db: Database) -> None:
    returns = [
        r
        for r in db.query("SELECT * FROM refunds WHERE kind = 'return'")
        if db.scalar("SELECT payment_state FROM orders WHERE id = ?", (r["order_id"],))
        == "PARTIALLY_REFUNDED"
    ]
    assert returns
    for refund in returns:
        line_ids = loads(refund["body"])["line_item_ids"]
        lines = db.query("SELECT * FROM line_items WHERE order_id = ?", (refund["order_id"],))
        assert line_ids
        assert set(line_ids) < {line["id"] for line in lines}
        assert {line["id"] for line in lines if line["refunded"]} == set(line_ids)
        assert refund["tip_amount"] == 0


def test_order_states_are_what_the_payments_engine_computes() -> None:
    """Re-deriving every order's state with the live engine changes nothing."""
    fresh = seeded_db()
    before = snapshot(fresh)
    with fresh.tx():
        for row in fresh.query("SELECT id FROM orders"):
            order_state.sync_order(fresh, row["id"], NOW)
    after = snapshot(fresh)
    assert after["orders"] == before["orders"]
    assert after["line_items"] == before["line_items"]


# ------------------------------------------------------------------- gift cards


def test_gift_card_balances_are_the_sum_of_their_history(db: Database) -> None:
    cards = db.query("SELECT * FROM gift_cards")
    numbers = [c["number"] for c in cards]
    assert len(set(numbers)) == len(numbers)
    assert all(len(n) == 16 and n.isdigit() for n in numbers)
    assert {c["virtual"] for c in cards} == {0, 1}
    redeemed = 0
    for card in cards:
        assert gift_cards.gift_card_balance_adds_up(card)
        history = loads(card["body"])["history"]
        assert history[0]["op"] == "activate"
        balance, last_at = 0, 0
        for entry in history:
            balance += entry["amount"]
            assert entry["balance_after"] == balance >= 0
            assert entry["at_ms"] > last_at
            last_at = entry["at_ms"]
            assert entry["op"] in ("activate", "reload", "redeem")
            if entry["op"] == "redeem":
                redeemed += 1
                charge = db.one("SELECT * FROM charges WHERE id = ?", (entry["ref"],))
                assert charge is not None
                assert charge["method"] == "giftCard"
                assert charge["amount"] == -entry["amount"]
                assert charge["created_ms"] == entry["at_ms"]
                assert loads(charge["body"])["gift_card_id"] == card["id"]
        assert balance == card["balance"]
    assert redeemed == db.scalar("SELECT COUNT(*) FROM charges WHERE method = 'giftCard'")
    assert any(e["op"] == "reload" for c in cards for e in loads(c["body"])["history"])


# -------------------------------------------------------------------- recurring


def test_plans_and_subscriptions(db: Database, mid: str) -> None:
    app_id = db.scalar("SELECT developer_app_id FROM merchants WHERE id = ?", (mid,))
    plans = {r["id"]: loads(r["body"]) for r in db.query("SELECT * FROM plans")}
    assert all(r["developer_app_id"] == app_id for r in db.query("SELECT * FROM plans"))
    names = {p["name"] for p in plans.values()}
    assert {"Coffee Club Monthly", "Weekly Beans", "Annual Mug Club"} <= names
    for plan in plans.values():
        assert plan["interval"] in ("DAY", "WEEK", "MONTH", "YEAR")
        assert isinstance(plan["amount"], int)
        assert isinstance(plan["active"], bool)
    subscriptions = db.query("SELECT * FROM subscriptions")
    assert len({s["customer_id"] for s in subscriptions}) == len(subscriptions)
    for sub in subscriptions:
        body = loads(sub["body"])
        plan = plans[sub["plan_id"]]
        assert plan["active"]
        customer = db.one("SELECT body FROM customers WHERE id = ?", (sub["customer_id"],))
        assert customer is not None
        assert any(not c["revoked"] for c in loads(customer["body"])["cards"])
        assert body["collectionMethod"] == "CHARGE_AUTOMATICALLY"
        if "lastRunDate" in body:
            # The last run is the latest due date: nothing is owed at seeding time.
            assert body["lastRunDate"] <= NOW
            index = 0
            while (
                run_date(body["startDate"], plan["interval"], plan["intervalCount"], index)
                < (body["lastRunDate"])
            ):
                index += 1
            assert (
                run_date(body["startDate"], plan["interval"], plan["intervalCount"], index)
                == (body["lastRunDate"])
            )
            next_due = run_date(
                body["startDate"], plan["interval"], plan["intervalCount"], index + 1
            )
            assert next_due > NOW or body["active"] is False
        else:
            assert body["startDate"] > NOW
    actives = Counter(loads(s["body"])["active"] for s in subscriptions)
    assert actives[True] >= 20
    assert actives[False] >= 1


# ------------------------------------------------------------------------ times


def test_orders_fall_in_the_last_90_days_with_busy_mornings_and_weekends() -> None:
    big = seeded_db(orders=3000)
    times = [r[0] for r in big.query("SELECT created_ms FROM orders")]
    assert min(times) >= NOW - 91 * DAY_MS
    assert max(times) <= NOW - 15 * 60_000
    local = [t + LOCAL_OFFSET_MS for t in times]
    hours = Counter((t % DAY_MS) // HOUR_MS for t in local)
    assert set(hours) <= set(range(7, 19))
    assert sum(hours[h] for h in (7, 8, 9)) > 2 * sum(hours[h] for h in (15, 16, 17))
    weekday = Counter(((t // DAY_MS) + 3) % 7 for t in local)
    weekend_per_day = (weekday[5] + weekday[6]) / 2
    weekday_per_day = sum(weekday[d] for d in range(5)) / 5
    assert weekend_per_day > 1.15 * weekday_per_day
    customers = big.query("SELECT id, created_ms FROM customers")
    created = {r["id"]: r["created_ms"] for r in customers}
    for order in big.query(
        "SELECT created_ms, customer_id FROM orders WHERE customer_id IS NOT NULL"
    ):
        assert created[order["customer_id"]] < order["created_ms"]


# -------------------------------------------------------------------- rendering


def test_every_seeded_row_renders_through_the_v1_and_v3_views(db: Database) -> None:
    expand = frozenset({"lineItems", "payments", "refunds", "discounts", "customers"})
    for row in db.query("SELECT * FROM orders"):
        order = views_v3.render_order(db, row, expand)
        assert order["total"] == row["total"]
        assert order["paymentState"] == row["payment_state"]
        assert len(order["lineItems"]["elements"]) >= 1
        v1 = views_v1.render_order_v1(db, row)
        assert v1["amount"] == row["total"]
        if row["payment_state"] != "OPEN":
            assert v1["amount_paid"] == row["total"]
            assert v1["status"] == row["v1_status"]
    for row in db.query("SELECT * FROM line_items LIMIT 200"):
        line = views_v3.render_line_item(db, row, frozenset({"modifications", "taxRates"}))
        assert line["priceWithModifiers"] >= line["price"]
    for row in db.query("SELECT * FROM charges"):
        payment = views_v3.render_payment(db, row, frozenset({"tender", "cardTransaction"}))
        assert payment["result"] == "SUCCESS"
        assert payment["tender"]["labelKey"] == row["tender_label_key"]
        charge = views_v1.render_charge(db, row)
        assert charge["paid"] is True
        refundable = row["amount"] + row["tip_amount"]
        assert charge["refunded"] == (row["amount_refunded"] >= refundable)
    for row in db.query("SELECT * FROM refunds"):
        refund = views_v3.render_refund(db, row, frozenset())
        assert refund["status"] == "SUCCESS"
        assert refund["amount"] > 0
    for row in db.query("SELECT * FROM customers"):
        customer = views_v3.render_customer(db, row, frozenset(views_v3.CUSTOMER_COLLECTIONS))
        assert customer["customerSince"] == row["created_ms"]
        views_v1.render_customer_v1(db, row)


# ------------------------------------------------------------------ over HTTP


@pytest.fixture(scope="module")
def demo_merchants(demo_sandbox: RunningSandbox) -> list[dict[str, str]]:
    with httpx.Client(base_url=demo_sandbox.base_url, timeout=10) as client:
        merchants: list[dict[str, str]] = client.get("/_sandbox/merchants").json()["merchants"]
    return merchants


def client_for(sandbox: RunningSandbox, token: str, **headers: str) -> httpx.Client:
    return httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {token}", **headers},
        timeout=30,
    )


def page_v1(client: httpx.Client, path: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        found.extend(page["data"])
        if not page["has_more"]:
            return found
        params["starting_after"] = page["data"][-1]["id"]


def page_v3(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    offset = 0
    while True:
        response = client.get(path, params={**params, "limit": 100, "offset": offset})
        assert response.status_code == 200, response.text
        elements = response.json()["elements"]
        found.extend(elements)
        if len(elements) < 100:
            return found
        offset += 100


def test_the_sandbox_announces_the_demo_cafe(
    demo_sandbox: RunningSandbox, demo_merchants: list[dict[str, str]]
) -> None:
    assert demo_merchants[0]["merchant_id"] == demo_sandbox.info["merchant_id"]
    assert [m["name"] for m in demo_merchants] == [MAIN_MERCHANT_NAME, OTHER_MERCHANT_NAME]


def test_v1_charges_page_through_the_seeded_history(demo_sandbox: RunningSandbox) -> None:
    with client_for(demo_sandbox, demo_sandbox.info["ecommerce_private_token"]) as ecom:
        charges = page_v1(ecom, "/v1/charges")
    db = demo_sandbox.state.db
    mid = demo_sandbox.info["merchant_id"]
    assert len(charges) == db.scalar("SELECT COUNT(*) FROM charges WHERE merchant_id = ?", (mid,))
    assert len({c["id"] for c in charges}) == len(charges)
    created = [c["created"] for c in charges]
    assert created == sorted(created, reverse=True)
    for charge in charges:
        assert charge["currency"] == "usd"
        assert charge["status"] == "succeeded"
        assert charge["amount_refunded"] <= charge["amount"] + charge["tip_amount"]
        if charge.get("payment_method_details") == "card":
            assert set(charge["source"]) >= {"id", "brand", "first6", "last4"}
        if charge["amount_refunded"]:
            assert charge["refunds"]["data"]
    refunded = [c for c in charges if c["refunded"]]
    assert refunded
    assert all(c["amount_refunded"] == c["amount"] + c["tip_amount"] for c in refunded)


def test_v3_orders_payments_and_refunds_page_through(demo_sandbox: RunningSandbox) -> None:
    mid = demo_sandbox.info["merchant_id"]
    base = f"/v3/merchants/{mid}"
    with client_for(demo_sandbox, demo_sandbox.info["api_token"]) as api:
        orders = page_v3(api, f"{base}/orders")
        payments_seen = page_v3(api, f"{base}/payments")
        refunds = page_v3(api, f"{base}/refunds")
        refunded = [o for o in orders if o.get("paymentState") == "PARTIALLY_REFUNDED"]
        assert refunded
        one = api.get(
            f"{base}/orders/{refunded[0]['id']}", params={"expand": "lineItems,payments,refunds"}
        ).json()
    db = demo_sandbox.state.db
    assert len(orders) == ORDERS
    assert len(payments_seen) == db.scalar(
        "SELECT COUNT(*) FROM charges WHERE merchant_id = ?", (mid,)
    )
    assert len(refunds) == db.scalar("SELECT COUNT(*) FROM refunds WHERE merchant_id = ?", (mid,))
    states = Counter(o.get("paymentState") for o in orders)
    assert states["PAID"] > 0
    assert states["OPEN"] > 0
    assert states["REFUNDED"] > 0
    assert all(o["currency"] == "USD" and "employee" in o for o in orders)
    lines = one["lineItems"]["elements"]
    returned = {line["id"] for line in lines if line["refunded"]}
    assert returned
    assert len(returned) < len(lines)
    refund_lines = {
        li["id"] for r in one["refunds"]["elements"] for li in r["lineItems"]["elements"]
    }
    assert refund_lines == returned
    paid = sum(p["amount"] for p in one["payments"]["elements"])
    assert paid == one["total"]
    assert sum(r["amount"] for r in one["refunds"]["elements"]) < paid


def test_the_ledger_shows_refunds_within_their_charges(
    demo_sandbox: RunningSandbox, demo_merchants: list[dict[str, str]]
) -> None:
    mid = demo_sandbox.info["merchant_id"]
    with httpx.Client(base_url=demo_sandbox.base_url, timeout=10) as client:
        ledger = client.get("/_sandbox/ledger", params={"merchant_id": mid}).json()
        other = client.get(
            "/_sandbox/ledger", params={"merchant_id": demo_merchants[1]["merchant_id"]}
        ).json()
    assert other == {"charges": [], "refunds": []}
    by_charge: Counter[str] = Counter()
    for refund in ledger["refunds"]:
        by_charge[refund["charge"]] += refund["amount"]
    assert {r["reason"] for r in ledger["refunds"]} == {
        "duplicate",
        "fraudulent",
        "requested_by_customer",
    }
    for charge in ledger["charges"]:
        assert by_charge[charge["id"]] == charge["amount_refunded"]
        assert charge["amount_refunded"] <= charge["amount_captured"] + charge["tip_amount"]


def test_inventory_and_recurring_over_http(demo_sandbox: RunningSandbox) -> None:
    mid = demo_sandbox.info["merchant_id"]
    base = f"/v3/merchants/{mid}"
    token = demo_sandbox.info["api_token"]
    with client_for(demo_sandbox, token) as api:
        items = page_v3(api, f"{base}/items", expand="categories,taxRates,modifierGroups")
        rates = page_v3(api, f"{base}/tax_rates")
        tenders = page_v3(api, f"{base}/tenders")
        order_types = page_v3(api, f"{base}/order_types")
        stocks = page_v3(api, f"{base}/item_stocks")
    assert len(items) >= 40
    latte = next(i for i in items if i["name"] == "Latte")
    assert latte["categories"]["elements"][0]["name"] == "Coffee & Espresso"
    assert {g["name"] for g in latte["modifierGroups"]["elements"]} >= {"Size", "Milk Options"}
    beans = [i for i in items if i["priceType"] == "PER_UNIT"]
    assert beans
    assert beans[0]["taxRates"]["elements"][0]["rate"] == 0
    assert any(r["name"] == "Sales Tax" and r["rate"] == 887_500 and r["isDefault"] for r in rates)
    label_keys = {t["labelKey"] for t in tenders}
    assert {sources.TENDER_CARD, sources.TENDER_CASH} <= label_keys
    assert {t["label"] for t in order_types} == {"Dine In", "Take Out", "Delivery"}
    retail = {i["id"] for i in items if "code" in i}
    assert retail
    assert {s["item"]["id"] for s in stocks} == retail
    assert all(s["quantity"] > 0 for s in stocks)
    with client_for(demo_sandbox, token, **{"X-Clover-Merchant-Id": mid}) as rec:
        plans = rec.get("/recurring/v1/plans").json()
        subscriptions = rec.get("/recurring/v1/subscriptions").json()
    assert "Coffee Club Monthly" in {p["name"] for p in plans}
    assert len(subscriptions) == 25


def test_the_second_merchant_sees_none_of_the_demo_data(
    demo_sandbox: RunningSandbox, demo_merchants: list[dict[str, str]]
) -> None:
    demo_mid = demo_sandbox.info["merchant_id"]
    other = demo_merchants[1]
    other_mid = other["merchant_id"]
    with client_for(demo_sandbox, other["ecommerce_private_token"]) as ecom:
        assert page_v1(ecom, "/v1/charges") == []
        some_charge = demo_sandbox.state.db.scalar(
            "SELECT id FROM charges WHERE merchant_id = ? LIMIT 1", (demo_mid,)
        )
        assert ecom.get(f"/v1/charges/{some_charge}").status_code == 404
    with client_for(demo_sandbox, other["api_token"]) as api:
        assert page_v3(api, f"/v3/merchants/{other_mid}/orders") == []
        assert page_v3(api, f"/v3/merchants/{other_mid}/payments") == []
        assert page_v3(api, f"/v3/merchants/{other_mid}/items") == []
        assert api.get(f"/v3/merchants/{demo_mid}/orders").status_code == 401
    with client_for(demo_sandbox, other["api_token"], **{"X-Clover-Merchant-Id": other_mid}) as rec:
        assert rec.get("/recurring/v1/subscriptions").json() == []


def test_v1_refunds_and_orders_over_http(demo_sandbox: RunningSandbox) -> None:
    db = demo_sandbox.state.db
    mid = demo_sandbox.info["merchant_id"]
    with client_for(demo_sandbox, demo_sandbox.info["ecommerce_private_token"]) as ecom:
        refunds = page_v1(ecom, "/v1/refunds")
        orders = page_v1(ecom, "/v1/orders")
    assert len(refunds) == db.scalar("SELECT COUNT(*) FROM refunds WHERE merchant_id = ?", (mid,))
    assert {r["reason"] for r in refunds} == {"duplicate", "fraudulent", "requested_by_customer"}
    assert all(r["status"] == "succeeded" and r["amount"] > 0 for r in refunds)
    assert len(orders) == ORDERS
    statuses = Counter(o["status"] for o in orders)
    assert statuses["paid"] > 0.8 * ORDERS
    assert statuses["created"] >= 1
    assert statuses["returned"] + statuses["refunded"] >= 3
    for order in orders:
        if order["status"] != "created":
            assert order["amount_paid"] == order["amount"]
            assert order["items"]


def test_customers_and_cards_over_http(demo_sandbox: RunningSandbox) -> None:
    mid = demo_sandbox.info["merchant_id"]
    with client_for(demo_sandbox, demo_sandbox.info["api_token"]) as api:
        customers = page_v3(
            api, f"/v3/merchants/{mid}/customers", expand="cards,emailAddresses,phoneNumbers"
        )
    assert len(customers) == 300
    with_cards = [c for c in customers if c.get("cards", {}).get("elements")]
    assert len(with_cards) >= 0.75 * 300
    for customer in with_cards:
        for card in customer["cards"]["elements"]:
            assert card["cardType"] in ("VISA", "MC", "AMEX", "DISCOVER")
            assert len(card["first6"]) == 6
            assert len(card["last4"]) == 4
            assert len(card["expirationDate"]) == 4
            assert card["tokenType"] == "MULTIPAY"
            assert card["token"].startswith("clv_")
    emails = [
        e["emailAddress"]
        for c in customers
        for e in c.get("emailAddresses", {}).get("elements", [])
    ]
    assert len(emails) == len(set(emails)) > 250
    assert Counter(c["marketingAllowed"] for c in customers).keys() == {True, False}


def test_gift_card_balances_over_http(demo_sandbox: RunningSandbox) -> None:
    """Each card's balance inquiry answers the sum of its seeded history."""
    db = demo_sandbox.state.db
    mid = demo_sandbox.info["merchant_id"]
    cards = db.query("SELECT * FROM gift_cards WHERE merchant_id = ?", (mid,))
    with (
        httpx.Client(
            base_url=demo_sandbox.base_url,
            headers={"apikey": demo_sandbox.info["pakms_key"]},
            timeout=10,
        ) as tokenizer,
        client_for(demo_sandbox, demo_sandbox.info["ecommerce_private_token"]) as ecom,
    ):
        for card in cards:
            body = loads(card["body"])
            gift: dict[str, str] = {"number": card["number"]}
            if "security_code" in body:
                gift["security_code"] = body["security_code"]
            token = tokenizer.post("/v1/tokens", json={"gift_card": gift}).json()["id"]
            answer = ecom.post("/v1/balance_inquiry", json={"source": token})
            if not card["active"]:
                assert answer.status_code == 400
                assert answer.json()["error"]["code"] == "card_declined"
                continue
            assert answer.status_code == 200, answer.text
            history_sum = sum(entry["amount"] for entry in body["history"])
            assert answer.json()["gift_card"]["new_balance"] == history_sum == card["balance"]
