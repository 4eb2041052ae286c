"""``--seed demo-ca``: a Montréal café in Canadian dollars, with GST and QST, in French."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest
from test_oauth_pkce import _authorize
from test_seed import NOW, ORDERS, SEED, expected_totals, seeded_db, snapshot

from clover_desk.sandbox import start_sandbox
from clover_desk.sandbox.db import Database, loads
from clover_desk.sandbox.merchants import merchant_ids
from clover_desk.sandbox.seed import seed_demo
from clover_desk.sandbox.seed_montreal import MONTREAL_CAFE, MONTREAL_MERCHANT_NAME


@pytest.fixture(scope="module")
def db() -> Iterator[Database]:
    database = Database(":memory:")
    seed_demo(database, NOW, seed_number=SEED, orders=ORDERS, flavour=MONTREAL_CAFE)
    yield database
    database.close()


def test_the_merchant_is_in_montreal_and_counts_in_canadian_dollars(db: Database) -> None:
    merchant = db.query("SELECT * FROM merchants WHERE id = ?", (merchant_ids(db)[0],))[0]
    assert merchant["name"] == MONTREAL_MERCHANT_NAME
    body = loads(merchant["body"])
    assert body["address"]["city"] == "Montréal"
    assert body["address"]["country"] == "CA"
    assert merchant["currency"] == "CAD"
    for table in ("orders", "charges", "refunds", "gift_cards"):
        currencies = {r[0] for r in db.query(f"SELECT DISTINCT currency FROM {table}")}  # noqa: S608
        assert currencies == {"CAD"}, table


def test_taxable_lines_carry_gst_and_qst_and_totals_follow_the_rounding(db: Database) -> None:
    rates = {
        loads(r["body"])["name"]: loads(r["body"])
        for r in db.query("SELECT body FROM inventory WHERE kind = 'tax_rate'")
    }
    assert rates["TPS"]["rate"] == 500_000  # GST 5 %
    assert rates["TVQ"]["rate"] == 997_500  # QST 9.975 %
    assert rates["TPS"]["isDefault"]
    assert rates["TVQ"]["isDefault"]
    lines = [loads(r["body"]) for r in db.query("SELECT body FROM line_items LIMIT 500")]
    rate_names = [sorted(t["name"] for t in body["taxRates"]) for body in lines]
    assert ["TPS", "TVQ"] in rate_names
    assert ["Détaxé"] in rate_names  # coffee beans are zero-rated groceries
    for order in db.query("SELECT * FROM orders"):
        assert (order["total"], order["tax_amount"]) == expected_totals(db, order), order["id"]


def test_the_menu_and_the_people_are_french(db: Database) -> None:
    items = {r["name"] for r in db.query("SELECT name FROM inventory WHERE kind = 'item'")}
    assert {"Chocolatine", "Café filtre", "Muffin aux bleuets"} <= items
    assert "Drip Coffee" not in items
    sold = {r["name"] for r in db.query("SELECT DISTINCT name FROM line_items")}
    assert sold <= items
    staff = {r["name"] for r in db.query("SELECT name FROM employees")}
    assert "Isabelle Tremblay" in staff
    emails = [r["email"] for r in db.query("SELECT email FROM customers") if r["email"]]
    assert emails
    assert all(email.isascii() for email in emails)  # "Émilie Côté" writes emilie.cote@


def test_the_same_seed_number_gives_the_same_montreal_data(db: Database) -> None:
    again = Database(":memory:")
    seed_demo(again, NOW, seed_number=SEED, orders=ORDERS, flavour=MONTREAL_CAFE)
    assert snapshot(again) == snapshot(db)
    # ...and the New York demo is untouched by the Montréal one existing.
    assert MONTREAL_MERCHANT_NAME not in {
        r["name"] for r in seeded_db().query("SELECT name FROM merchants")
    }


def test_the_standalone_sandbox_serves_the_canadian_merchant() -> None:
    sandbox = start_sandbox(seed="demo-ca", orders=40, export_windows=False)
    try:
        info = sandbox.info
        headers = {"Authorization": f"Bearer {info['api_token']}"}
        with httpx.Client(base_url=info["base_url"], headers=headers, timeout=10) as client:
            merchant = client.get(f"/v3/merchants/{info['merchant_id']}").json()
            items = client.get(f"/v3/merchants/{info['merchant_id']}/items").json()
        assert merchant["name"] == MONTREAL_MERCHANT_NAME
        assert merchant["defaultCurrency"] == "CAD"
        assert "Chocolatine" in {item["name"] for item in items["elements"]}
        # The training sign-in page offers it among its demo merchants, accents intact.
        with httpx.Client(base_url=info["base_url"], timeout=10) as web:
            page = _authorize(web, info["oauth_client_id"], secrets.token_urlsafe(48))
        assert page.status_code == 200
        assert MONTREAL_MERCHANT_NAME in page.text
    finally:
        sandbox.stop()
