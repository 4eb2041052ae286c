"""Recurring plans and subscriptions (``/recurring/v1/...``) over real HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sandbox_clock import advance, now_ms

from clover_desk.sandbox import RunningSandbox
from clover_desk.sandbox.ids import new_id

ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$")
DAY_MS = 86_400_000


@pytest.fixture
def rec(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """A recurring-API client: Bearer token plus ``X-Clover-Merchant-Id``."""
    headers = {
        "Authorization": f"Bearer {sandbox.info['api_token']}",
        "X-Clover-Merchant-Id": sandbox.info["merchant_id"],
    }
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def other_rec(sandbox: RunningSandbox, other_merchant: dict[str, str]) -> Iterator[httpx.Client]:
    headers = {
        "Authorization": f"Bearer {other_merchant['api_token']}",
        "X-Clover-Merchant-Id": other_merchant["merchant_id"],
    }
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=10) as client:
        yield client


def add_customer(
    sandbox: RunningSandbox,
    merchant_id: str,
    *,
    revoked: bool = False,
    cards: bool = True,
    first6: str = "424242",
    last4: str = "4242",
) -> str:
    """Setup only: a customer with a card on file, written straight into the DB."""
    db = sandbox.state.db
    now = sandbox.state.clock.now_ms()
    customer_id = new_id()
    card = {
        "id": new_id(),
        "first6": first6,
        "last4": last4,
        "cardType": "VISA",
        "expirationDate": "1230",
        "token": "tok_" + customer_id,
        "tokenType": "MULTIPAY",
        "revoked": revoked,
    }
    with db.tx():
        db.insert(
            "customers",
            {
                "id": customer_id,
                "merchant_id": merchant_id,
                "created_ms": now,
                "modified_ms": now,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "body": {"cards": [card] if cards else []},
            },
        )
    return customer_id


def add_tax_rate(sandbox: RunningSandbox, merchant_id: str, rate: int) -> str:
    """Setup only: a percentage tax rate in the merchant's inventory."""
    db = sandbox.state.db
    rate_id = new_id()
    with db.tx():
        db.insert(
            "inventory",
            {
                "kind": "tax_rate",
                "id": rate_id,
                "merchant_id": merchant_id,
                "name": "Sales tax",
                "modified_ms": sandbox.state.clock.now_ms(),
                "body": {"name": "Sales tax", "rate": rate, "isDefault": False},
            },
        )
    return rate_id


def iso_ms(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)


PLAN = {"name": "Monthly Plan", "amount": 1000, "interval": "MONTH", "intervalCount": 1}


def make_plan(rec: httpx.Client, **fields: Any) -> dict[str, Any]:
    response = rec.post("/recurring/v1/plans", json={**PLAN, **fields})
    assert response.status_code == 200, response.text
    plan: dict[str, Any] = response.json()
    return plan


def make_subscription(
    rec: httpx.Client, sandbox: RunningSandbox, plan_id: str, **fields: Any
) -> dict[str, Any]:
    body = {
        "customerId": add_customer(sandbox, sandbox.info["merchant_id"]),
        "collectionMethod": "CHARGE_AUTOMATICALLY",
        **fields,
    }
    response = rec.post(f"/recurring/v1/plans/{plan_id}/subscriptions", json=body)
    assert response.status_code == 200, response.text
    sub: dict[str, Any] = response.json()
    return sub


# ------------------------------------------------------------------------------ auth


def test_missing_merchant_header_is_400(sandbox: RunningSandbox, api: httpx.Client) -> None:
    response = api.get("/recurring/v1/plans")
    assert response.status_code == 400
    assert "X-Clover-Merchant-Id" in response.json()["message"]


def test_missing_bearer_is_401(sandbox: RunningSandbox, mid: str) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        response = client.get("/recurring/v1/plans", headers={"X-Clover-Merchant-Id": mid})
    assert response.status_code == 401
    assert response.json() == {"message": "401 Unauthorized"}


def test_header_naming_another_merchant_is_401(
    api: httpx.Client, other_merchant: dict[str, str]
) -> None:
    response = api.get(
        "/recurring/v1/plans", headers={"X-Clover-Merchant-Id": other_merchant["merchant_id"]}
    )
    assert response.status_code == 401


# ----------------------------------------------------------------------------- plans


def test_create_plan_renders_the_plan_object(rec: httpx.Client, mid: str) -> None:
    plan = make_plan(rec, tipAmount=300, note="Coffee club")
    assert plan["object"] == "plan"
    assert re.fullmatch(r"[0-9A-Z]{13}", plan["id"])
    assert plan["name"] == "Monthly Plan"
    assert plan["amount"] == 1000
    assert plan["tipAmount"] == 300
    assert plan["interval"] == "MONTH"
    assert plan["intervalCount"] == 1
    assert plan["active"] is True
    assert plan["note"] == "Coffee club"
    assert plan["merchantId"] == mid
    assert re.fullmatch(r"[0-9A-Z]{13}", plan["developerAppId"])
    assert ISO_RE.match(plan["createdTime"])
    assert ISO_RE.match(plan["modifiedTime"])
    assert "taxRateUuids" not in plan  # omitted, not null


def test_create_plan_with_tax_rates(rec: httpx.Client, sandbox: RunningSandbox, mid: str) -> None:
    rate = add_tax_rate(sandbox, mid, 1_000_000)
    plan = make_plan(rec, taxRateUuids=[rate])
    assert plan["taxRateUuids"] == [rate]


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"name": "ab"}, "name"),
        ({"name": "   "}, "blank"),
        ({"name": "x" * 128}, "name"),
        ({"name": None}, "name"),
        ({"amount": None}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": "1000"}, "amount"),
        ({"interval": "FORTNIGHT"}, "interval"),
        ({"interval": None}, "interval"),
        ({"intervalCount": 0}, "intervalCount"),
        ({"intervalCount": None}, "intervalCount"),
        ({"note": "n" * 256}, "note"),
        ({"taxRateUuids": ["ABCDEFGHJKMNP"] * 19}, "taxRateUuids"),
        ({"taxRateUuids": "ABCDEFGHJKMNP"}, "taxRateUuids"),
        ({"taxRateUuids": ["NOSUCHRATE000"]}, "tax rate"),
    ],
)
def test_create_plan_validation(rec: httpx.Client, override: dict[str, Any], fragment: str) -> None:
    response = rec.post("/recurring/v1/plans", json={**PLAN, **override})
    assert response.status_code == 400
    body = response.json()
    assert set(body) <= {"message", "details"}
    assert fragment.lower() in body["message"].lower()


def test_create_plan_malformed_json_is_400(rec: httpx.Client) -> None:
    response = rec.post(
        "/recurring/v1/plans", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "message" in response.json()


def test_list_plans_is_a_bare_array_with_filters(rec: httpx.Client) -> None:
    monthly = make_plan(rec)
    quarterly = make_plan(rec, name="Quarterly", intervalCount=3)
    weekly = make_plan(rec, name="Weekly", interval="WEEK")
    rec.put(f"/recurring/v1/plans/{weekly['id']}", json={"active": False}).raise_for_status()

    everything = rec.get("/recurring/v1/plans")
    assert everything.status_code == 200
    assert [p["id"] for p in everything.json()] == [monthly["id"], quarterly["id"], weekly["id"]]

    def ids(**params: Any) -> list[str]:
        response = rec.get("/recurring/v1/plans", params=params)
        assert response.status_code == 200
        return [p["id"] for p in response.json()]

    assert ids(interval="MONTH") == [monthly["id"], quarterly["id"]]
    assert ids(interval="MONTH", intervalCount=3) == [quarterly["id"]]
    assert ids(active="false") == [weekly["id"]]
    assert ids(active="true", interval="WEEK") == []


def test_list_plans_bad_query_is_400(rec: httpx.Client) -> None:
    assert rec.get("/recurring/v1/plans", params={"intervalCount": "x"}).status_code == 400
    assert rec.get("/recurring/v1/plans", params={"active": "maybe"}).status_code == 400
    assert rec.get("/recurring/v1/plans", params={"limit": 5}).status_code == 400


def test_get_plan_and_unknown_plan(rec: httpx.Client) -> None:
    plan = make_plan(rec)
    fetched = rec.get(f"/recurring/v1/plans/{plan['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == plan
    missing = rec.get("/recurring/v1/plans/NOSUCHPLAN000")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Not Found"


def test_edit_plan_fields(rec: httpx.Client, sandbox: RunningSandbox) -> None:
    plan = make_plan(rec, note="old")
    advance(sandbox, 1000)
    response = rec.put(
        f"/recurring/v1/plans/{plan['id']}",
        json={"name": "Renamed plan", "amount": 1500, "tipAmount": 100, "note": None},
    )
    assert response.status_code == 200
    edited = response.json()
    assert edited["name"] == "Renamed plan"
    assert edited["amount"] == 1500
    assert edited["tipAmount"] == 100
    assert "note" not in edited
    assert iso_ms(edited["modifiedTime"]) > iso_ms(plan["modifiedTime"])
    assert rec.get(f"/recurring/v1/plans/{plan['id']}").json() == edited


@pytest.mark.parametrize("change", [{"interval": "YEAR"}, {"intervalCount": 2}])
def test_interval_is_not_editable(rec: httpx.Client, change: dict[str, Any]) -> None:
    plan = make_plan(rec)
    response = rec.put(f"/recurring/v1/plans/{plan['id']}", json=change)
    assert response.status_code == 400
    assert "not editable" in response.json()["message"]
    # Echoing the current values back (GET, modify, PUT) is fine.
    same = rec.put(
        f"/recurring/v1/plans/{plan['id']}",
        json={"interval": "MONTH", "intervalCount": 1, "name": "Same schedule"},
    )
    assert same.status_code == 200


def test_edit_plan_validation_and_unknown(rec: httpx.Client) -> None:
    plan = make_plan(rec)
    assert rec.put(f"/recurring/v1/plans/{plan['id']}", json={"name": "x"}).status_code == 400
    assert rec.put(f"/recurring/v1/plans/{plan['id']}", json={"amount": -1}).status_code == 400
    assert rec.put(f"/recurring/v1/plans/{plan['id']}", json={"active": "no"}).status_code == 400
    assert rec.put("/recurring/v1/plans/NOSUCHPLAN000", json={"amount": 5}).status_code == 404


def test_plan_with_active_subscriptions_cannot_be_deactivated_or_deleted(
    rec: httpx.Client, sandbox: RunningSandbox
) -> None:
    plan = make_plan(rec)
    sub = make_subscription(rec, sandbox, plan["id"])
    refused = rec.put(f"/recurring/v1/plans/{plan['id']}", json={"active": False})
    assert refused.status_code == 400
    assert "active subscriptions" in refused.json()["message"]
    assert rec.get(f"/recurring/v1/plans/{plan['id']}").json()["active"] is True
    assert rec.delete(f"/recurring/v1/plans/{plan['id']}").status_code == 400

    rec.put(f"/recurring/v1/subscriptions/{sub['id']}", json={"active": False}).raise_for_status()
    deactivated = rec.put(f"/recurring/v1/plans/{plan['id']}", json={"active": False})
    assert deactivated.status_code == 200
    assert deactivated.json()["active"] is False
    # An inactive plan takes no new subscriptions.
    response = rec.post(
        f"/recurring/v1/plans/{plan['id']}/subscriptions",
        json={
            "customerId": add_customer(sandbox, sandbox.info["merchant_id"]),
            "collectionMethod": "CHARGE_AUTOMATICALLY",
        },
    )
    assert response.status_code == 400
    assert rec.put(f"/recurring/v1/plans/{plan['id']}", json={"active": True}).json()["active"]


def test_delete_plan(rec: httpx.Client) -> None:
    plan = make_plan(rec)
    response = rec.delete(f"/recurring/v1/plans/{plan['id']}")
    assert response.status_code == 200
    assert response.json() == {}
    assert rec.get(f"/recurring/v1/plans/{plan['id']}").status_code == 404
    assert rec.get("/recurring/v1/plans").json() == []
    assert rec.delete(f"/recurring/v1/plans/{plan['id']}").status_code == 404


def test_unsupported_method_is_405(rec: httpx.Client) -> None:
    plan = make_plan(rec)
    assert rec.patch(f"/recurring/v1/plans/{plan['id']}", json={}).status_code == 405


# --------------------------------------------------------------------- subscriptions


def test_create_subscription_defaults(rec: httpx.Client, sandbox: RunningSandbox, mid: str) -> None:
    plan = make_plan(rec, tipAmount=300, note="plan note")
    customer = add_customer(sandbox, mid)
    before = now_ms(sandbox)
    response = rec.post(
        f"/recurring/v1/plans/{plan['id']}/subscriptions",
        json={"customerId": customer, "collectionMethod": "CHARGE_AUTOMATICALLY"},
    )
    assert response.status_code == 200, response.text
    sub = response.json()
    assert sub["object"] == "subscription"
    assert re.fullmatch(r"[0-9A-Z]{13}", sub["id"])
    assert sub["customerUuid"] == customer
    assert "customerId" not in sub
    assert sub["collectionMethod"] == "CHARGE_AUTOMATICALLY"
    assert sub["active"] is True
    assert sub["amount"] == 1000
    assert sub["tipAmount"] == 300
    assert sub["total"] == 1300
    assert sub["note"] == "plan note"
    assert sub["additionalCharges"] == []
    assert sub["plan"]["id"] == plan["id"]
    assert sub["plan"]["object"] == "plan"
    assert sub["merchantId"] == mid
    # Default start: the next day (midnight UTC after now).
    start = iso_ms(sub["startDate"])
    assert ISO_RE.match(sub["startDate"])
    assert before < start <= before + DAY_MS
    assert start % DAY_MS == 0
    assert "endDate" not in sub
    assert "lastRunDate" not in sub
    assert ISO_RE.match(sub["createdTime"])


def _future(sandbox: RunningSandbox, days: int) -> datetime:
    return datetime.fromtimestamp(now_ms(sandbox) / 1000, UTC) + timedelta(days=days)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("%Y%m%d", "{date}T00:00:00.000+0000"),
        ("%Y-%m-%d", "{date}T00:00:00.000+0000"),
        ("%Y-%m-%dT12:08:56.235-0700", "{date}T19:08:56.235+0000"),
        ("%Y-%m-%dT10:02:59.476+0000", "{date}T10:02:59.476+0000"),
    ],
)
def test_start_date_formats(
    rec: httpx.Client, sandbox: RunningSandbox, fmt: str, expected: str
) -> None:
    plan = make_plan(rec)
    day = _future(sandbox, 3)
    sub = make_subscription(rec, sandbox, plan["id"], startDate=day.strftime(fmt))
    assert sub["startDate"] == expected.format(date=day.strftime("%Y-%m-%d"))


def test_create_subscription_with_overrides(
    rec: httpx.Client, sandbox: RunningSandbox, mid: str
) -> None:
    plan = make_plan(rec)
    rate = add_tax_rate(sandbox, mid, 1_000_000)  # 10 %
    start, end = _future(sandbox, 2), _future(sandbox, 90)
    sub = make_subscription(
        rec,
        sandbox,
        plan["id"],
        amount=2500,
        tipAmount=200,
        note="VIP",
        taxRateUuids=[rate],
        startDate=start.strftime("%Y-%m-%d"),
        endDate=end.strftime("%Y-%m-%d"),
        softDescriptor={"dbaName": "Demo Cafe"},
    )
    assert sub["amount"] == 2500
    assert sub["tipAmount"] == 200
    assert sub["note"] == "VIP"
    assert sub["taxRateUuids"] == [rate]
    assert sub["total"] == 2500 + 200 + 250
    assert sub["endDate"] == end.strftime("%Y-%m-%dT00:00:00.000+0000")
    assert sub["softDescriptor"] == {"dbaName": "Demo Cafe"}
    assert sub["plan"]["amount"] == 1000  # the plan itself is untouched


def test_create_subscription_validation(
    rec: httpx.Client, sandbox: RunningSandbox, mid: str, other_merchant: dict[str, str]
) -> None:
    plan = make_plan(rec)
    url = f"/recurring/v1/plans/{plan['id']}/subscriptions"
    good = add_customer(sandbox, mid)
    past = datetime.fromtimestamp(now_ms(sandbox) / 1000 - 86400, UTC).strftime("%Y-%m-%d")
    future = _future(sandbox, 5).strftime("%Y-%m-%d")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"collectionMethod": "CHARGE_AUTOMATICALLY"}, "customerId"),
        ({"customerId": "NOSUCHCUSTOMR", "collectionMethod": "CHARGE_AUTOMATICALLY"}, "customer"),
        (
            {
                "customerId": add_customer(sandbox, mid, revoked=True),
                "collectionMethod": "CHARGE_AUTOMATICALLY",
            },
            "card on file",
        ),
        (
            {
                "customerId": add_customer(sandbox, mid, cards=False),
                "collectionMethod": "CHARGE_AUTOMATICALLY",
            },
            "card on file",
        ),
        (
            {
                "customerId": add_customer(sandbox, other_merchant["merchant_id"]),
                "collectionMethod": "CHARGE_AUTOMATICALLY",
            },
            "customer",
        ),
        ({"customerId": good}, "collectionMethod"),
        ({"customerId": good, "collectionMethod": "SEND_INVOICE"}, "collectionMethod"),
        (
            {"customerId": good, "collectionMethod": "CHARGE_AUTOMATICALLY", "startDate": past},
            "future",
        ),
        (
            {"customerId": good, "collectionMethod": "CHARGE_AUTOMATICALLY", "startDate": "soon"},
            "startDate",
        ),
        (
            {
                "customerId": good,
                "collectionMethod": "CHARGE_AUTOMATICALLY",
                "startDate": future,
                "endDate": future,
            },
            "endDate",
        ),
        (
            {"customerId": good, "collectionMethod": "CHARGE_AUTOMATICALLY", "amount": 0},
            "amount",
        ),
        (
            {"customerId": good, "collectionMethod": "CHARGE_AUTOMATICALLY", "note": "n" * 256},
            "note",
        ),
    ]
    for body, fragment in cases:
        response = rec.post(url, json=body)
        assert response.status_code == 400, body
        assert fragment.lower() in response.json()["message"].lower(), body
    assert rec.get(url).json() == []
    unknown_plan = rec.post(
        "/recurring/v1/plans/NOSUCHPLAN000/subscriptions",
        json={"customerId": good, "collectionMethod": "CHARGE_AUTOMATICALLY"},
    )
    assert unknown_plan.status_code == 404


def test_list_plan_subscriptions_filters(
    rec: httpx.Client, sandbox: RunningSandbox, mid: str
) -> None:
    plan = make_plan(rec)
    other_plan = make_plan(rec, name="Other plan")
    early = make_subscription(
        rec,
        sandbox,
        plan["id"],
        startDate=_future(sandbox, 2).strftime("%Y-%m-%d"),
        endDate=_future(sandbox, 30).strftime("%Y-%m-%d"),
    )
    late = make_subscription(
        rec, sandbox, plan["id"], startDate=_future(sandbox, 10).strftime("%Y-%m-%d")
    )
    make_subscription(rec, sandbox, other_plan["id"])
    rec.put(f"/recurring/v1/subscriptions/{late['id']}", json={"active": False})
    url = f"/recurring/v1/plans/{plan['id']}/subscriptions"

    def ids(**params: Any) -> list[str]:
        response = rec.get(url, params=params)
        assert response.status_code == 200, response.text
        assert isinstance(response.json(), list)
        return [s["id"] for s in response.json()]

    assert ids() == [early["id"], late["id"]]
    assert ids(customerUuids=early["customerUuid"]) == [early["id"]]
    assert ids(customerUuids=[early["customerUuid"], late["customerUuid"]]) == [
        early["id"],
        late["id"],
    ]
    middle = now_ms(sandbox) + 5 * DAY_MS
    assert ids(startDateGt=middle) == [late["id"]]
    assert ids(startDateLt=middle) == [early["id"]]
    assert ids(endDateGt=middle) == [early["id"]]
    assert ids(endDateLt=middle) == []
    assert ids(active="true") == [early["id"]]
    assert ids(active="false") == [late["id"]]
    assert ids(limit=10, offset=1) == [late["id"]]
    too_small = rec.get(url, params={"limit": 9})
    assert too_small.status_code == 400
    assert "limit" in too_small.json()["message"]
    assert rec.get(url, params={"startDateGt": "tomorrow"}).status_code == 400
    assert rec.get("/recurring/v1/plans/NOSUCHPLAN000/subscriptions").status_code == 404


def test_all_subscriptions_is_a_bare_array(rec: httpx.Client, sandbox: RunningSandbox) -> None:
    first = make_subscription(rec, sandbox, make_plan(rec)["id"])
    second = make_subscription(rec, sandbox, make_plan(rec, name="Second")["id"])
    response = rec.get("/recurring/v1/subscriptions")
    assert response.status_code == 200
    listed = response.json()
    assert isinstance(listed, list)
    assert [s["id"] for s in listed] == [first["id"], second["id"]]
    assert listed[1]["plan"]["name"] == "Second"
    limited = rec.get("/recurring/v1/subscriptions", params={"limit": 10, "offset": 1}).json()
    assert [s["id"] for s in limited] == [second["id"]]


def test_get_subscription_and_unknown(rec: httpx.Client, sandbox: RunningSandbox) -> None:
    sub = make_subscription(rec, sandbox, make_plan(rec)["id"])
    fetched = rec.get(f"/recurring/v1/subscriptions/{sub['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == sub
    missing = rec.get("/recurring/v1/subscriptions/NOSUCHSUBSCRP")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Not Found"


def test_edit_subscription(rec: httpx.Client, sandbox: RunningSandbox, mid: str) -> None:
    sub = make_subscription(rec, sandbox, make_plan(rec)["id"])
    rate = add_tax_rate(sandbox, mid, 500_000)  # 5 %
    end = _future(sandbox, 60)
    new_start = _future(sandbox, 3)
    response = rec.put(
        f"/recurring/v1/subscriptions/{sub['id']}",
        json={
            "amount": 2000,
            "note": "changed",
            "taxRateUuids": [rate],
            "endDate": end.strftime("%Y-%m-%d"),
            "startDate": new_start.strftime("%Y-%m-%d"),
        },
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["amount"] == 2000
    assert edited["note"] == "changed"
    assert edited["total"] == 2000 + 100
    assert edited["endDate"] == end.strftime("%Y-%m-%dT00:00:00.000+0000")
    assert edited["startDate"] == new_start.strftime("%Y-%m-%dT00:00:00.000+0000")
    assert rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json() == edited

    cancelled = rec.put(f"/recurring/v1/subscriptions/{sub['id']}", json={"active": False})
    assert cancelled.status_code == 200
    assert cancelled.json()["active"] is False


@pytest.mark.parametrize(
    "change",
    [
        {"customerId": "ANOTHERCUSTMR"},
        {"collectionMethod": "SEND_INVOICE"},
        {"tipAmount": 999},
        {"amount": -1},
        {"active": "yes"},
        {"endDate": "not a date"},
    ],
)
def test_edit_subscription_refusals(
    rec: httpx.Client, sandbox: RunningSandbox, change: dict[str, Any]
) -> None:
    sub = make_subscription(rec, sandbox, make_plan(rec)["id"])
    response = rec.put(f"/recurring/v1/subscriptions/{sub['id']}", json=change)
    assert response.status_code == 400
    assert "message" in response.json()
    assert rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json() == sub


def test_start_date_only_editable_before_start(rec: httpx.Client, sandbox: RunningSandbox) -> None:
    sub = make_subscription(rec, sandbox, make_plan(rec)["id"])
    advance(sandbox, 2 * DAY_MS)  # the subscription has started
    later = _future(sandbox, 5).strftime("%Y-%m-%d")
    response = rec.put(f"/recurring/v1/subscriptions/{sub['id']}", json={"startDate": later})
    assert response.status_code == 400
    assert "startDate" in response.json()["message"]
    # The edits that remain allowed still work.
    assert (
        rec.put(f"/recurring/v1/subscriptions/{sub['id']}", json={"amount": 1234}).json()["amount"]
        == 1234
    )


def test_edit_unknown_subscription_is_404(rec: httpx.Client) -> None:
    response = rec.put("/recurring/v1/subscriptions/NOSUCHSUBSCRP", json={"amount": 5})
    assert response.status_code == 404


def test_delete_subscription(rec: httpx.Client, sandbox: RunningSandbox) -> None:
    plan = make_plan(rec)
    sub = make_subscription(rec, sandbox, plan["id"])
    response = rec.delete(f"/recurring/v1/subscriptions/{sub['id']}")
    assert response.status_code == 200
    assert response.json() == {}
    assert rec.get(f"/recurring/v1/subscriptions/{sub['id']}").status_code == 404
    assert rec.get("/recurring/v1/subscriptions").json() == []
    assert rec.delete(f"/recurring/v1/subscriptions/{sub['id']}").status_code == 404
    # No active subscription is left, so the plan can be deactivated now.
    assert rec.put(f"/recurring/v1/plans/{plan['id']}", json={"active": False}).status_code == 200


# ------------------------------------------------------------------------- isolation


def test_other_merchant_sees_nothing(
    rec: httpx.Client, other_rec: httpx.Client, sandbox: RunningSandbox
) -> None:
    plan = make_plan(rec)
    sub = make_subscription(rec, sandbox, plan["id"])
    assert other_rec.get("/recurring/v1/plans").json() == []
    assert other_rec.get("/recurring/v1/subscriptions").json() == []
    assert other_rec.get(f"/recurring/v1/plans/{plan['id']}").status_code == 404
    assert other_rec.put(f"/recurring/v1/plans/{plan['id']}", json={"amount": 1}).status_code == 404
    assert other_rec.delete(f"/recurring/v1/plans/{plan['id']}").status_code == 404
    assert other_rec.get(f"/recurring/v1/plans/{plan['id']}/subscriptions").status_code == 404
    assert other_rec.get(f"/recurring/v1/subscriptions/{sub['id']}").status_code == 404
    assert (
        other_rec.put(
            f"/recurring/v1/subscriptions/{sub['id']}", json={"active": False}
        ).status_code
        == 404
    )
    assert other_rec.delete(f"/recurring/v1/subscriptions/{sub['id']}").status_code == 404
    assert rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json()["active"] is True


def test_an_app_sees_only_its_own_plans(
    rec: httpx.Client, sandbox: RunningSandbox, mid: str
) -> None:
    mine = make_plan(rec)
    foreign_id = new_id()
    now = sandbox.state.clock.now_ms()
    with sandbox.state.db.tx():  # setup: a plan another app created for this merchant
        sandbox.state.db.insert(
            "plans",
            {
                "id": foreign_id,
                "merchant_id": mid,
                "developer_app_id": "OTHERAPP00000",
                "created_ms": now,
                "modified_ms": now,
                "body": {**PLAN, "active": True},
            },
        )
    assert [p["id"] for p in rec.get("/recurring/v1/plans").json()] == [mine["id"]]
    assert rec.get(f"/recurring/v1/plans/{foreign_id}").status_code == 404
    response = rec.post(
        f"/recurring/v1/plans/{foreign_id}/subscriptions",
        json={"customerId": add_customer(sandbox, mid), "collectionMethod": "CHARGE_AUTOMATICALLY"},
    )
    assert response.status_code == 404


# ------------------------------------------------------------------------- scheduler


def charges_of(sandbox: RunningSandbox, customer: str) -> list[dict[str, Any]]:
    with httpx.Client(base_url=sandbox.info["admin_url"] + "/") as client:
        ledger = client.get("ledger", params={"merchant_id": sandbox.info["merchant_id"]})
    return [c for c in ledger.json()["charges"] if c["customer"] == customer]


def advance_to(sandbox: RunningSandbox, target_ms: int) -> None:
    advance(sandbox, max(0, target_ms - now_ms(sandbox)))


def test_scheduler_charges_each_due_day(
    rec: httpx.Client, sandbox: RunningSandbox, mid: str
) -> None:
    plan = make_plan(rec, name="Daily", interval="DAY", tipAmount=100)
    rate = add_tax_rate(sandbox, mid, 1_000_000)  # 10 %
    customer = add_customer(sandbox, mid)
    sub = rec.post(
        f"/recurring/v1/plans/{plan['id']}/subscriptions",
        json={
            "customerId": customer,
            "collectionMethod": "CHARGE_AUTOMATICALLY",
            "taxRateUuids": [rate],
        },
    ).json()
    start = iso_ms(sub["startDate"])
    advance_to(sandbox, start - 60_000)
    assert charges_of(sandbox, customer) == []
    advance_to(sandbox, start + 60_000)
    charges = charges_of(sandbox, customer)
    assert len(charges) == 1
    assert charges[0]["status"] == "succeeded"
    assert charges[0]["amount"] == 1100  # amount + tax; the tip rides on top
    assert charges[0]["tip_amount"] == 100
    assert charges[0]["created"] == start
    fetched = rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json()
    assert fetched["lastRunDate"] == sub["startDate"]
    assert fetched["active"] is True
    advance(sandbox, 2 * DAY_MS)
    assert [c["created"] for c in charges_of(sandbox, customer)] == [
        start,
        start + DAY_MS,
        start + 2 * DAY_MS,
    ]


def test_scheduler_steps_by_interval_count(
    rec: httpx.Client, sandbox: RunningSandbox, mid: str
) -> None:
    plan = make_plan(rec, name="Bi-weekly", interval="WEEK", intervalCount=2)
    sub = make_subscription(rec, sandbox, plan["id"])
    start = iso_ms(sub["startDate"])
    advance_to(sandbox, start + 15 * DAY_MS)
    customer = sub["customerUuid"]
    assert [c["created"] for c in charges_of(sandbox, customer)] == [start, start + 14 * DAY_MS]


def test_scheduler_keeps_the_calendar_date_for_months(
    rec: httpx.Client, sandbox: RunningSandbox
) -> None:
    # Start on the next 31st; the month after is shorter, the one after that may not be.
    day = datetime.fromtimestamp(now_ms(sandbox) / 1000, UTC).date() + timedelta(days=1)
    while day.day != 31:
        day += timedelta(days=1)

    def nth(n: int) -> int:
        month_index = day.month - 1 + n
        year, month = day.year + month_index // 12, month_index % 12 + 1
        last = (datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC) - timedelta(days=1)).day
        return int(datetime(year, month, min(31, last), tzinfo=UTC).timestamp() * 1000)

    plan = make_plan(rec, name="Monthly on the 31st")
    sub = make_subscription(rec, sandbox, plan["id"], startDate=day.strftime("%Y-%m-%d"))
    customer = sub["customerUuid"]
    advance_to(sandbox, nth(2) + 60_000)
    assert [c["created"] for c in charges_of(sandbox, customer)] == [nth(0), nth(1), nth(2)]
    fetched = rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json()
    assert iso_ms(fetched["lastRunDate"]) == nth(2)


def test_scheduler_stops_after_end_date(rec: httpx.Client, sandbox: RunningSandbox) -> None:
    plan = make_plan(rec, name="Daily", interval="DAY")
    start = _future(sandbox, 2).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=2)
    sub = make_subscription(
        rec,
        sandbox,
        plan["id"],
        startDate=start.strftime("%Y-%m-%d"),
        endDate=end.strftime("%Y-%m-%d"),
    )
    advance_to(sandbox, int(start.timestamp() * 1000) + 10 * DAY_MS)
    assert len(charges_of(sandbox, sub["customerUuid"])) == 3
    assert rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json()["active"] is False


def test_scheduler_deactivates_after_five_failures(
    rec: httpx.Client, sandbox: RunningSandbox, mid: str
) -> None:
    plan = make_plan(rec, name="Daily", interval="DAY")
    declining = add_customer(sandbox, mid, first6="400557", last4="2222")  # a decline card
    sub = rec.post(
        f"/recurring/v1/plans/{plan['id']}/subscriptions",
        json={"customerId": declining, "collectionMethod": "CHARGE_AUTOMATICALLY"},
    ).json()
    start = iso_ms(sub["startDate"])
    advance_to(sandbox, start + 60_000)
    first = charges_of(sandbox, declining)
    assert [c["status"] for c in first] == ["failed"]
    assert rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json()["active"] is True
    advance(sandbox, 10 * DAY_MS)
    failed = charges_of(sandbox, declining)
    assert [c["status"] for c in failed] == ["failed"] * 5
    fetched = rec.get(f"/recurring/v1/subscriptions/{sub['id']}").json()
    assert fetched["active"] is False
    assert iso_ms(fetched["lastRunDate"]) == start + 4 * DAY_MS


def test_cancelled_subscription_is_not_charged(rec: httpx.Client, sandbox: RunningSandbox) -> None:
    sub = make_subscription(rec, sandbox, make_plan(rec, interval="DAY")["id"])
    rec.put(f"/recurring/v1/subscriptions/{sub['id']}", json={"active": False}).raise_for_status()
    advance(sandbox, 5 * DAY_MS)
    assert charges_of(sandbox, sub["customerUuid"]) == []


def test_end_to_end_with_an_ecommerce_customer(
    rec: httpx.Client, ecom: httpx.Client, tokenizer: httpx.Client, sandbox: RunningSandbox
) -> None:
    """A customer saved through /v1/customers subscribes, is billed, then loses the card."""
    token = tokenizer.post(
        "/v1/tokens",
        json={
            "card": {
                "number": "4242424242424242",
                "exp_month": "07",
                "exp_year": "2031",
                "cvv": "123",
            }
        },
    ).json()["id"]
    customer = ecom.post("/v1/customers", json={"email": "ada@example.com", "source": token})
    assert customer.status_code == 200, customer.text
    customer_id = customer.json()["id"]
    plan = make_plan(rec, name="Daily", interval="DAY")
    sub = rec.post(
        f"/recurring/v1/plans/{plan['id']}/subscriptions",
        json={"customerId": customer_id, "collectionMethod": "CHARGE_AUTOMATICALLY"},
    )
    assert sub.status_code == 200, sub.text
    start = iso_ms(sub.json()["startDate"])
    advance_to(sandbox, start + 60_000)
    charges = charges_of(sandbox, customer_id)
    assert [(c["status"], c["amount"]) for c in charges] == [("succeeded", 1000)]
    # The card is revoked: no new subscription, and the next invoice fails.
    source = customer.json()["sources"]["data"][0]
    assert ecom.delete(f"/v1/customers/{customer_id}/sources/{source}").status_code == 200
    refused = rec.post(
        f"/recurring/v1/plans/{plan['id']}/subscriptions",
        json={"customerId": customer_id, "collectionMethod": "CHARGE_AUTOMATICALLY"},
    )
    assert refused.status_code == 400
    assert "card on file" in refused.json()["message"]
    advance(sandbox, DAY_MS)
    assert rec.get(f"/recurring/v1/subscriptions/{sub.json()['id']}").json()["active"] is True
    assert len(charges_of(sandbox, customer_id)) == 1  # no card, so no charge was made
    advance(sandbox, 5 * DAY_MS)
    assert rec.get(f"/recurring/v1/subscriptions/{sub.json()['id']}").json()["active"] is False
