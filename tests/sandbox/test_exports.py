"""The v3 export service (``/v3/merchants/{mId}/exports``) and its files, over real HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sandbox_clock import advance, now_ms

from clover_desk.sandbox import RunningSandbox, start_sandbox
from clover_desk.sandbox import exports_service as service
from clover_desk.sandbox.ids import new_id

DAY_MS = 86_400_000
HOUR_MS = 3_600_000


# -------------------------------------------------------------------- setup helpers


def insert_orders(
    sandbox: RunningSandbox, merchant_id: str, created: list[int], *, deleted: bool = False
) -> list[str]:
    """Setup only: orders with one line item, a discount, a card payment and a refund."""
    db = sandbox.state.db
    ids = []
    with db.tx():
        for when in created:
            order_id, charge_id = new_id(), new_id()
            ids.append(order_id)
            db.insert(
                "orders",
                {
                    "id": order_id,
                    "merchant_id": merchant_id,
                    "origin": "pos",
                    "created_ms": when,
                    "client_created_ms": when,
                    "modified_ms": when,
                    "currency": "USD",
                    "state": "locked",
                    "payment_state": "PARTIALLY_REFUNDED",
                    "total": 1000,
                    "deleted_ms": when if deleted else None,
                    "body": {
                        "discounts": [{"id": new_id(), "name": "Loyalty", "amount": -100}],
                    },
                },
            )
            db.insert(
                "line_items",
                {
                    "id": new_id(),
                    "merchant_id": merchant_id,
                    "order_id": order_id,
                    "created_ms": when,
                    "name": "Latte",
                    "price": 1100,
                },
            )
            insert_charge(sandbox, merchant_id, when, order_id=order_id, charge_id=charge_id)
            db.insert(
                "refunds",
                {
                    "id": new_id(),
                    "merchant_id": merchant_id,
                    "charge_id": charge_id,
                    "order_id": order_id,
                    "created_ms": when + 1,
                    "modified_ms": when + 1,
                    "currency": "USD",
                    "amount": 300,
                    "status": "succeeded",
                    "kind": "refund",
                },
            )
    return ids


def insert_charge(
    sandbox: RunningSandbox,
    merchant_id: str,
    when: int,
    *,
    order_id: str | None = None,
    charge_id: str | None = None,
) -> str:
    """Setup only: a captured card charge (the v3 payment is the same row)."""
    charge_id = charge_id or new_id()
    db = sandbox.state.db
    with db.tx():
        db.insert(
            "charges",
            {
                "id": charge_id,
                "merchant_id": merchant_id,
                "order_id": order_id,
                "created_ms": when,
                "modified_ms": when,
                "currency": "USD",
                "amount": 1000,
                "amount_captured": 1000,
                "captured": 1,
                "status": "succeeded",
                "method": "card",
                "card_brand": "VISA",
                "card_first6": "424242",
                "card_last4": "4242",
                "tender_label_key": "com.clover.tender.credit_card",
            },
        )
    return charge_id


def insert_many_charges(sandbox: RunningSandbox, merchant_id: str, start: int, count: int) -> None:
    """Setup only: ``count`` charges one second apart from ``start``, in one statement."""
    rows = [
        (new_id(), merchant_id, start + i * 1000, start + i * 1000, "USD", 100 + i, 1, "succeeded")
        for i in range(count)
    ]
    with sandbox.state.db.tx():
        sandbox.state.db.executemany(
            "INSERT INTO charges (id, merchant_id, created_ms, modified_ms, currency, amount, "
            "captured, status, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'card')",
            rows,
        )


def create(api: httpx.Client, mid: str, **body: Any) -> httpx.Response:
    return api.post(f"/v3/merchants/{mid}/exports", json=body)


def run_to_done(api: httpx.Client, mid: str, export_id: str) -> dict[str, Any]:
    for _ in range(10):
        export: dict[str, Any] = api.get(f"/v3/merchants/{mid}/exports/{export_id}").json()
        if export["status"] == "DONE":
            return export
    raise AssertionError(f"export {export_id} never finished: {export}")


def fetch_all(export: dict[str, Any]) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    with httpx.Client() as bare:  # files are fetched without Authorization
        for entry in export["exportUrls"]["elements"]:
            response = bare.get(entry["url"])
            assert response.status_code == 200
            objects += response.json()["elements"]
    return objects


# ---------------------------------------------------------------------------- tests


def test_create_export_is_pending(api: httpx.Client, mid: str, sandbox: RunningSandbox) -> None:
    end = now_ms(sandbox)
    response = create(api, mid, type="ORDERS", startTime=end - DAY_MS, endTime=end)
    assert response.status_code == 200, response.text
    export = response.json()
    assert export["type"] == "ORDERS"
    assert export["status"] == "PENDING"
    assert export["percentComplete"] == 0
    assert export["startTime"] == end - DAY_MS
    assert export["endTime"] == end
    assert isinstance(export["createdTime"], int)
    assert isinstance(export["modifiedTime"], int)
    assert export["merchantRef"] == {"id": mid}
    assert len(export["id"]) == 13
    assert "exportUrls" not in export
    assert "availableUntil" not in export


def test_times_as_digit_strings_and_trailing_slash(
    api: httpx.Client, mid: str, sandbox: RunningSandbox
) -> None:
    end = now_ms(sandbox)
    response = api.post(
        f"/v3/merchants/{mid}/exports/",
        json={"type": "PAYMENTS", "startTime": str(end - HOUR_MS), "endTime": str(end)},
    )
    assert response.status_code == 200, response.text
    assert response.json()["startTime"] == end - HOUR_MS
    assert response.json()["endTime"] == end


def test_progress_then_done_with_urls(api: httpx.Client, mid: str, sandbox: RunningSandbox) -> None:
    end = now_ms(sandbox)
    export = create(api, mid, type="ORDERS", startTime=end - DAY_MS, endTime=end).json()
    seen = []
    for _ in range(10):
        polled = api.get(f"/v3/merchants/{mid}/exports/{export['id']}").json()
        seen.append((polled["status"], polled["percentComplete"]))
        if polled["status"] == "DONE":
            break
    assert len(seen) <= 4  # every poll moves it on
    percents = [p for _, p in seen]
    assert percents == sorted(percents)
    assert seen[-1] == ("DONE", 100)
    assert all(status in ("PENDING", "IN_PROGRESS") for status, _ in seen[:-1])
    assert polled["availableUntil"] == polled["modifiedTime"] + DAY_MS
    urls = polled["exportUrls"]["elements"]
    assert len(urls) == 1
    assert urls[0]["url"].startswith(sandbox.base_url + "/")
    assert urls[0]["export"] == {"id": export["id"]}
    assert fetch_all(polled) == []
    # Finished exports stay finished.
    again = api.get(f"/v3/merchants/{mid}/exports/{export['id']}").json()
    assert again == polled


def test_in_progress_is_observable(api: httpx.Client, mid: str, sandbox: RunningSandbox) -> None:
    end = now_ms(sandbox)
    export = create(api, mid, type="PAYMENTS", startTime=end - DAY_MS, endTime=end).json()
    first = api.get(f"/v3/merchants/{mid}/exports/{export['id']}").json()
    if first["status"] != "DONE":  # a slow machine may have let sandbox time finish it
        assert first["status"] == "IN_PROGRESS"
        assert 0 < first["percentComplete"] < 100
        assert "exportUrls" not in first


def test_a_fast_poller_sees_it_finish_within_two_seconds(
    api: httpx.Client, mid: str, sandbox: RunningSandbox
) -> None:
    end = now_ms(sandbox)
    export = create(api, mid, type="ORDERS", startTime=end - DAY_MS, endTime=end).json()
    started = time.monotonic()
    status = export["status"]
    while status != "DONE" and time.monotonic() - started < 2.0:
        time.sleep(0.25)
        status = api.get(f"/v3/merchants/{mid}/exports/{export['id']}").json()["status"]
    assert status == "DONE"


def test_a_slow_poller_finds_it_done(api: httpx.Client, mid: str, sandbox: RunningSandbox) -> None:
    end = now_ms(sandbox)
    export = create(api, mid, type="ORDERS", startTime=end - DAY_MS, endTime=end).json()
    advance(sandbox, 5000)  # like Clover's C# sample, which polls every 5 s
    polled = api.get(f"/v3/merchants/{mid}/exports/{export['id']}").json()
    assert polled["status"] == "DONE"


def test_orders_file_content(api: httpx.Client, mid: str, sandbox: RunningSandbox) -> None:
    now = now_ms(sandbox)
    start, end = now - 10 * DAY_MS, now - DAY_MS
    inside = insert_orders(sandbox, mid, [end, start + HOUR_MS, start])  # unsorted on purpose
    insert_orders(sandbox, mid, [start - 1, end + 1])  # just outside
    insert_orders(sandbox, mid, [start + 2 * HOUR_MS], deleted=True)
    export = create(api, mid, type="ORDERS", startTime=start, endTime=end).json()
    orders = fetch_all(run_to_done(api, mid, export["id"]))
    assert [o["id"] for o in orders] == [inside[2], inside[1], inside[0]]
    assert [o["createdTime"] for o in orders] == [start, start + HOUR_MS, end]
    order = orders[0]
    assert order["total"] == 1000
    assert [li["name"] for li in order["lineItems"]["elements"]] == ["Latte"]
    assert len(order["payments"]["elements"]) == 1
    assert order["payments"]["elements"][0]["amount"] == 1000
    assert [r["amount"] for r in order["refunds"]["elements"]] == [300]
    assert [d["name"] for d in order["discounts"]["elements"]] == ["Loyalty"]
    assert "customers" in order


def test_payments_file_content(api: httpx.Client, mid: str, sandbox: RunningSandbox) -> None:
    now = now_ms(sandbox)
    start = now - 3 * DAY_MS
    order_ids = insert_orders(sandbox, mid, [start + HOUR_MS])
    lone = insert_charge(sandbox, mid, start + 2 * HOUR_MS)
    insert_charge(sandbox, mid, start - 1)  # outside
    export = create(api, mid, type="PAYMENTS", startTime=start, endTime=now).json()
    payments = fetch_all(run_to_done(api, mid, export["id"]))
    assert [p["createdTime"] for p in payments] == [start + HOUR_MS, start + 2 * HOUR_MS]
    first, second = payments
    assert first["order"] == {"id": order_ids[0]}
    assert first["tender"]["labelKey"] == "com.clover.tender.credit_card"
    assert first["cardTransaction"]["last4"] == "4242"
    assert [r["amount"] for r in first["refunds"]["elements"]] == [300]
    assert second["id"] == lone
    assert "order" not in second


def test_files_hold_at_most_1000_objects(
    api: httpx.Client, mid: str, sandbox: RunningSandbox
) -> None:
    start = now_ms(sandbox) - 2 * DAY_MS
    insert_many_charges(sandbox, mid, start, 2001)
    export = create(api, mid, type="PAYMENTS", startTime=start, endTime=start + DAY_MS).json()
    done = run_to_done(api, mid, export["id"])
    urls = [e["url"] for e in done["exportUrls"]["elements"]]
    assert len(urls) == 3
    assert len(set(urls)) == 3
    sizes = []
    objects: list[dict[str, Any]] = []
    with httpx.Client() as bare:
        for url in urls:
            chunk = bare.get(url).json()["elements"]
            sizes.append(len(chunk))
            objects += chunk
    assert sizes == [1000, 1000, 1]
    times = [p["createdTime"] for p in objects]
    assert times == sorted(times)
    assert len({p["id"] for p in objects}) == 2001


def test_files_expire_after_24_hours_of_sandbox_time(
    api: httpx.Client, mid: str, sandbox: RunningSandbox
) -> None:
    now = now_ms(sandbox)
    insert_charge(sandbox, mid, now - HOUR_MS)
    export = create(api, mid, type="PAYMENTS", startTime=now - DAY_MS, endTime=now).json()
    done = run_to_done(api, mid, export["id"])
    url = done["exportUrls"]["elements"][0]["url"]
    with httpx.Client() as bare:
        assert len(bare.get(url).json()["elements"]) == 1
        advance(sandbox, DAY_MS - 60_000)
        assert bare.get(url).status_code == 200
        advance(sandbox, 60_000)
        expired = bare.get(url)
        assert expired.status_code == 404
        assert expired.json()["message"] == "Not Found"
        assert bare.get(url).status_code == 404
    # The export itself still answers, and says until when its files were available.
    again = api.get(f"/v3/merchants/{mid}/exports/{export['id']}").json()
    assert again["status"] == "DONE"
    assert again["availableUntil"] <= now_ms(sandbox)


def test_unknown_file_is_404(sandbox: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url) as bare:
        response = bare.get("/_exports/NOSUCHFILE000")
    assert response.status_code == 404


def test_window_of_30_days(api: httpx.Client, mid: str) -> None:
    start = 1_700_000_000_000
    ok = create(api, mid, type="ORDERS", startTime=start, endTime=start + 30 * DAY_MS)
    assert ok.status_code == 200
    too_long = create(api, mid, type="ORDERS", startTime=start, endTime=start + 30 * DAY_MS + 1)
    assert too_long.status_code == 400
    assert "30 days" in too_long.json()["message"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"startTime": 1, "endTime": 2}, "type"),
        ({"type": "CUSTOMERS", "startTime": 1, "endTime": 2}, "type"),
        ({"type": "ORDERS", "endTime": 2}, "startTime"),
        ({"type": "ORDERS", "startTime": 1}, "endTime"),
        ({"type": "ORDERS", "startTime": "yesterday", "endTime": 2}, "startTime"),
        ({"type": "ORDERS", "startTime": 1.5, "endTime": 2}, "startTime"),
        ({"type": "ORDERS", "startTime": True, "endTime": 2}, "startTime"),
        ({"type": "ORDERS", "startTime": 5000, "endTime": 1000}, "endTime"),
    ],
)
def test_create_validation(
    api: httpx.Client, mid: str, body: dict[str, Any], fragment: str
) -> None:
    response = api.post(f"/v3/merchants/{mid}/exports", json=body)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_malformed_json_is_400(api: httpx.Client, mid: str) -> None:
    response = api.post(
        f"/v3/merchants/{mid}/exports",
        content=b"{",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "message" in response.json()


def test_too_many_running_exports_is_503(
    api: httpx.Client, mid: str, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Setup: progress only by polling, so that sandbox time cannot finish a job mid-test.
    monkeypatch.setattr(service, "STEP_MS", 10**12)
    assert sandbox.state.max_running_exports == 2
    window = {"startTime": 1_700_000_000_000, "endTime": 1_700_000_000_000 + DAY_MS}
    first = create(api, mid, type="ORDERS", **window).json()
    create(api, mid, type="PAYMENTS", **window).raise_for_status()
    refused = create(api, mid, type="ORDERS", **window)
    assert refused.status_code == 503
    assert "wait" in refused.json()["message"]
    run_to_done(api, mid, first["id"])
    assert create(api, mid, type="ORDERS", **window).status_code == 200


def test_unknown_export_and_other_merchants(
    api: httpx.Client, mid: str, sandbox: RunningSandbox, other_merchant: dict[str, str]
) -> None:
    now = now_ms(sandbox)
    insert_charge(sandbox, mid, now - HOUR_MS)
    insert_charge(sandbox, other_merchant["merchant_id"], now - HOUR_MS)
    missing = api.get(f"/v3/merchants/{mid}/exports/NOSUCHEXPORT0")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Not Found"
    mine = create(api, mid, type="PAYMENTS", startTime=now - DAY_MS, endTime=now).json()
    other_id = other_merchant["merchant_id"]
    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    ) as other:
        # The other merchant cannot see my export, and mine holds only my payments.
        assert other.get(f"/v3/merchants/{other_id}/exports/{mine['id']}").status_code == 404
        assert other.get(f"/v3/merchants/{mid}/exports/{mine['id']}").status_code == 401
        theirs = other.post(
            f"/v3/merchants/{other_id}/exports",
            json={"type": "PAYMENTS", "startTime": now - DAY_MS, "endTime": now},
        ).json()
        assert theirs["merchantRef"] == {"id": other_id}
    assert api.get(f"/v3/merchants/{mid}/exports/{theirs['id']}").status_code == 404
    assert create(api, other_id, type="ORDERS", startTime=1, endTime=2).status_code == 401
    payments = fetch_all(run_to_done(api, mid, mine["id"]))
    assert len(payments) == 1


def test_auth_is_required(sandbox: RunningSandbox, mid: str) -> None:
    with httpx.Client(base_url=sandbox.base_url) as bare:
        response = bare.post(
            f"/v3/merchants/{mid}/exports", json={"type": "ORDERS", "startTime": 1, "endTime": 2}
        )
        assert response.status_code == 401
        assert bare.get(f"/v3/merchants/{mid}/exports/ANYEXPORT0000").status_code == 401


# ------------------------------------------------------------------- availability


@pytest.fixture
def windowed() -> Iterator[RunningSandbox]:
    with start_sandbox(
        seed="empty", export_windows=True, rate_limit_per_s=10_000, max_concurrent=100
    ) as running:
        yield running


def _advance_to(sandbox: RunningSandbox, weekday: int, hour: int, minute: int = 30) -> None:
    """Move sandbox time forward to the next ``weekday`` (Monday 0) at ``hour:minute`` UTC."""
    now = now_ms(sandbox)
    moment = datetime.fromtimestamp(now / 1000, UTC)
    midnight = int(datetime(moment.year, moment.month, moment.day, tzinfo=UTC).timestamp() * 1000)
    target = midnight + ((weekday - moment.weekday()) % 7) * DAY_MS
    target += hour * HOUR_MS + minute * 60_000
    if target <= now:
        target += 7 * DAY_MS
    advance(sandbox, target - now)


def _windowed_client(sandbox: RunningSandbox) -> httpx.Client:
    return httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {sandbox.info['api_token']}"},
        timeout=10,
    )


def test_outside_the_window_is_503_with_hours(windowed: RunningSandbox) -> None:
    mid = windowed.info["merchant_id"]
    body = {"type": "ORDERS", "startTime": 1_700_000_000_000, "endTime": 1_700_000_100_000}
    with _windowed_client(windowed) as client:
        _advance_to(windowed, 2, 16)  # Wednesday 16:30 UTC: after North America's hours
        refused = client.post(f"/v3/merchants/{mid}/exports", json=body)
        assert refused.status_code == 503
        payload = refused.json()
        assert "10:00-15:00" in payload["message"]
        assert payload["timeZone"] == "UTC"
        assert len(payload["availableHours"]) == 7
        assert payload["availableHours"][0] == {"day": "MONDAY", "start": "10:00", "end": "15:00"}

        _advance_to(windowed, 3, 10, 0)  # Thursday 10:00: the window opens
        assert client.post(f"/v3/merchants/{mid}/exports", json=body).status_code == 200
        _advance_to(windowed, 3, 15, 0)  # Thursday 15:00: closed again
        assert client.post(f"/v3/merchants/{mid}/exports", json=body).status_code == 503


def test_eu_windows_differ_by_day(windowed: RunningSandbox) -> None:
    windowed.state.region = "eu"  # setup: the sandbox plays api.eu.clover.com
    mid = windowed.info["merchant_id"]
    body = {"type": "PAYMENTS", "startTime": 1_700_000_000_000, "endTime": 1_700_000_100_000}
    with _windowed_client(windowed) as client:
        _advance_to(windowed, 5, 1)  # Saturday 01:30: the Saturday window opens at 02:00
        refused = client.post(f"/v3/merchants/{mid}/exports", json=body)
        assert refused.status_code == 503
        hours = refused.json()["availableHours"]
        assert hours[5] == {"day": "SATURDAY", "start": "02:00", "end": "05:00"}
        assert hours[6] == {"day": "SUNDAY", "start": "02:00", "end": "06:00"}
        _advance_to(windowed, 6, 5)  # Sunday 05:30: still open on Sundays
        created = client.post(f"/v3/merchants/{mid}/exports", json=body)
        assert created.status_code == 200
        # Polling an export is not subject to the window.
        _advance_to(windowed, 0, 12)  # Monday 12:30
        export_id = created.json()["id"]
        assert client.get(f"/v3/merchants/{mid}/exports/{export_id}").status_code == 200


# ----------------------------------------------------------------------- demo data


def _v3_ids(client: httpx.Client, path: str, start: int, end: int) -> list[str]:
    ids: list[str] = []
    offset = 0
    while True:
        page = client.get(
            path,
            params=[
                ("filter", f"createdTime>={start}"),
                ("filter", f"createdTime<={end}"),
                ("limit", "1000"),
                ("offset", str(offset)),
            ],
        )
        assert page.status_code == 200, page.text
        elements = page.json()["elements"]
        ids += [e["id"] for e in elements]
        if len(elements) < 1000:
            return ids
        offset += 1000


@pytest.mark.parametrize(("kind", "path"), [("ORDERS", "orders"), ("PAYMENTS", "payments")])
def test_demo_exports_match_the_v3_lists(
    demo_sandbox: RunningSandbox, kind: str, path: str
) -> None:
    mid = demo_sandbox.info["merchant_id"]
    with httpx.Client(
        base_url=demo_sandbox.base_url,
        headers={"Authorization": f"Bearer {demo_sandbox.info['api_token']}"},
        timeout=30,
    ) as client:
        end = now_ms(demo_sandbox)
        start = end - 30 * DAY_MS
        export = client.post(
            f"/v3/merchants/{mid}/exports",
            json={"type": kind, "startTime": str(start), "endTime": str(end)},
        ).json()
        exported = fetch_all(run_to_done(client, mid, export["id"]))
        listed = _v3_ids(client, f"/v3/merchants/{mid}/{path}", start, end)
    assert exported, "the demo merchant has activity in the last 30 days"
    assert sorted(o["id"] for o in exported) == sorted(listed)
    times = [o["createdTime"] for o in exported]
    assert times == sorted(times)
    assert all(start <= t <= end for t in times)
    if kind == "ORDERS":
        assert all("lineItems" in o and "payments" in o for o in exported)
    else:
        assert all("order" in p and "tender" in p for p in exported)


# ------------------------------------------------------------- building off the loop


@pytest.fixture
def slow_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Setup: ORDERS builds hold on until the returned event is set; short poll grace."""
    release = threading.Event()
    original = service.render_orders

    def held(*args: Any) -> list[dict[str, Any]]:
        assert release.wait(30), "the test never released the build"
        return original(*args)

    monkeypatch.setattr(service, "render_orders", held)
    monkeypatch.setattr(service, "DONE_GRACE_S", 0.05)
    yield release
    release.set()  # never leave the worker stuck


def test_the_server_answers_while_an_export_builds(
    api: httpx.Client, mid: str, sandbox: RunningSandbox, slow_builds: threading.Event
) -> None:
    now = now_ms(sandbox)
    inside = insert_orders(sandbox, mid, [now - HOUR_MS])
    export = create(api, mid, type="ORDERS", startTime=now - DAY_MS, endTime=now).json()
    url = f"/v3/merchants/{mid}/exports/{export['id']}"
    advance(sandbox, 5000)  # every step taken: only the build keeps it from DONE
    for _ in range(3):
        started = time.monotonic()
        polled = api.get(url).json()
        assert time.monotonic() - started < 2.0
        assert polled["status"] == "IN_PROGRESS"
        assert 0 < polled["percentComplete"] < 100
        assert "exportUrls" not in polled
        # Other requests are served meanwhile, a second export included.
        assert api.get(f"/v3/merchants/{mid}/orders/{inside[0]}").status_code == 200
    other = create(api, mid, type="PAYMENTS", startTime=now - DAY_MS, endTime=now)
    assert other.status_code == 200
    slow_builds.set()
    done = run_to_done(api, mid, export["id"])
    assert [o["id"] for o in fetch_all(done)] == inside
    assert done["availableUntil"] == done["modifiedTime"] + DAY_MS


def test_a_failed_build_fails_the_export(
    api: httpx.Client, mid: str, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> list[dict[str, Any]]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "render_orders", broken)
    now = now_ms(sandbox)
    insert_orders(sandbox, mid, [now - HOUR_MS])
    export = create(api, mid, type="ORDERS", startTime=now - DAY_MS, endTime=now).json()
    for _ in range(10):
        polled = api.get(f"/v3/merchants/{mid}/exports/{export['id']}").json()
        if polled["status"] == "FAILED":
            break
    assert polled["status"] == "FAILED"
    assert "exportUrls" not in polled
    # A failed export no longer counts against the merchant's running exports.
    assert create(api, mid, type="PAYMENTS", startTime=now - DAY_MS, endTime=now).is_success
    assert create(api, mid, type="PAYMENTS", startTime=now - DAY_MS, endTime=now).is_success
