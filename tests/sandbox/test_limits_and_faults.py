"""Clover's per-token limits and the sandbox's injectable faults, over loopback HTTP."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
import pytest

from clover_desk.sandbox import RunningSandbox


def _charge_body() -> dict[str, object]:
    return {
        "amount": 1250,
        "currency": "usd",
        "source": "alternate_tender",
        "tender": {"label_key": "com.clover.tender.cash"},
    }


def test_rate_limit_answers_429_with_retry_after_and_the_limit_hit(
    api: httpx.Client, admin: httpx.Client
) -> None:
    admin.post("faults", json={"rate_limit_per_s": 5})
    statuses = [api.get("/pakms/apikey") for _ in range(8)]
    assert [r.status_code for r in statuses[:5]] == [200] * 5
    rejected = [r for r in statuses if r.status_code == 429]
    assert rejected, "the sixth request inside one second must be refused"
    assert rejected[0].headers["X-RateLimit-tokenLimit"] == "5"
    assert int(rejected[0].headers["retry-after"]) >= 1
    assert rejected[0].json()["error"]["code"] == "rate_limit"
    assert admin.get("stats").json()["rejected_rate"] == len(rejected)
    time.sleep(1.05)
    assert api.get("/pakms/apikey").status_code == 200


def test_concurrency_limit_refuses_the_request_past_the_cap(
    sandbox: RunningSandbox, admin: httpx.Client
) -> None:
    admin.post("faults", json={"max_concurrent": 2, "latency_ms": 400})
    headers = {"Authorization": f"Bearer {sandbox.info['api_token']}"}

    def call(_: int) -> httpx.Response:
        return httpx.get(sandbox.base_url + "/pakms/apikey", headers=headers, timeout=10)

    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(call, range(4)))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 200, 429, 429]
    refused = next(r for r in responses if r.status_code == 429)
    assert refused.headers["X-RateLimit-tokenConcurrentLimit"] == "2"
    stats = admin.get("stats").json()
    assert stats["rejected_concurrency"] == 2
    assert stats["max_in_flight"] == 2


def test_limits_are_counted_per_token(
    sandbox: RunningSandbox, api: httpx.Client, admin: httpx.Client, other_merchant: dict[str, str]
) -> None:
    admin.post("faults", json={"rate_limit_per_s": 3})
    assert [api.get("/pakms/apikey").status_code for _ in range(4)][-1] == 429
    other = httpx.get(
        sandbox.base_url + "/pakms/apikey",
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    )
    assert other.status_code == 200


def test_latency_delays_every_api_answer(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("faults", json={"latency_ms": 300})
    started = time.monotonic()
    assert api.get("/pakms/apikey").status_code == 200
    assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_injected_server_errors_have_clover_error_bodies(
    api: httpx.Client, admin: httpx.Client, status: int
) -> None:
    admin.post("faults", json={"error_rate": 1.0, "error_status": status})
    response = api.get("/pakms/apikey")
    assert response.status_code == status
    assert response.json()["error"]["type"] == "api_error"
    assert admin.get("stats").json()["injected_errors"] == 1


def test_a_429_storm_is_told_apart_from_real_limit_breaches(
    api: httpx.Client, admin: httpx.Client
) -> None:
    admin.post("faults", json={"error_rate": 1.0, "error_status": 429})
    response = api.get("/pakms/apikey")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    stats = admin.get("stats").json()
    assert stats["rejected_rate"] == 0
    assert stats["rejected_concurrency"] == 0
    assert stats["injected_errors"] == 1


def test_path_regex_confines_faults(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("faults", json={"error_rate": 1.0, "path_regex": "^/v1/refunds"})
    assert api.get("/pakms/apikey").status_code == 200
    assert api.get("/v1/refunds").status_code == 503


def test_method_confines_faults(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("faults", json={"error_rate": 1.0, "method": "POST"})
    assert api.get("/v1/refunds").status_code == 200
    assert api.post("/v1/refunds", json={"charge": "NOPE"}).status_code == 503


def test_reset_breaks_the_connection_before_anything_happens(
    ecom: httpx.Client, admin: httpx.Client
) -> None:
    admin.post("faults", json={"reset_rate": 1.0})
    with pytest.raises(httpx.TransportError):
        ecom.post("/v1/charges", json=_charge_body(), headers={"idempotency-key": "k-reset"})
    admin.delete("faults")
    assert admin.get("ledger").json()["charges"] == []


def test_commit_then_drop_keeps_the_effect_and_a_retry_replays_it(
    ecom: httpx.Client, admin: httpx.Client
) -> None:
    key = str(uuid.uuid4())
    admin.post("faults", json={"drop_after_commit_rate": 1.0, "path_regex": "^/v1/charges"})
    with pytest.raises(httpx.TransportError):
        ecom.post("/v1/charges", json=_charge_body(), headers={"idempotency-key": key})
    ledger = admin.get("ledger").json()["charges"]
    assert [c["idempotency_key"] for c in ledger] == [key], "the charge was committed"

    admin.delete("faults")
    retried = ecom.post("/v1/charges", json=_charge_body(), headers={"idempotency-key": key})
    assert retried.status_code == 200
    assert retried.json()["id"] == ledger[0]["id"]
    assert len(admin.get("ledger").json()["charges"]) == 1


def _post_charge_in_background(ecom: httpx.Client, key: str) -> Future[httpx.Response]:
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(
        ecom.post, "/v1/charges", json=_charge_body(), headers={"idempotency-key": key}
    )
    pool.shutdown(wait=False)
    return future


def _ledger_keys(admin: httpx.Client) -> list[str]:
    return [c["idempotency_key"] for c in admin.get("ledger").json()["charges"]]


def test_a_request_held_before_the_handler_does_nothing_until_faults_clear(
    ecom: httpx.Client, admin: httpx.Client
) -> None:
    key = str(uuid.uuid4())
    admin.post("faults", json={"hold": "before", "path_regex": "^/v1/charges"})
    answer = _post_charge_in_background(ecom, key)
    # Held for good: other calls are answered while it waits, and it has done nothing.
    for _ in range(3):
        assert admin.get("stats").status_code == 200
    assert not answer.done()
    assert _ledger_keys(admin) == []

    admin.delete("faults")
    assert answer.result(timeout=10).status_code == 200
    assert _ledger_keys(admin) == [key]


def test_a_request_held_after_the_handler_commits_but_keeps_its_answer(
    ecom: httpx.Client, admin: httpx.Client
) -> None:
    key = str(uuid.uuid4())
    admin.post("faults", json={"hold": "after", "path_regex": "^/v1/charges"})
    answer = _post_charge_in_background(ecom, key)
    deadline = time.monotonic() + 10
    while _ledger_keys(admin) != [key]:
        assert time.monotonic() < deadline, "the held charge was never committed"
        time.sleep(0.01)
    assert not answer.done(), "the answer waits for the faults to clear"

    admin.delete("faults")
    charged = answer.result(timeout=10)
    assert charged.status_code == 200
    assert charged.json()["id"] == admin.get("ledger").json()["charges"][0]["id"]


def test_clearing_faults_restores_the_configured_limits(
    api: httpx.Client, admin: httpx.Client
) -> None:
    admin.post("faults", json={"latency_ms": 50, "rate_limit_per_s": 1, "error_rate": 0.5})
    cleared = admin.delete("faults").json()
    assert cleared["latency_ms"] == 0
    assert cleared["error_rate"] == 0
    assert cleared["rate_limit_per_s"] == 10_000  # the fixture's start value
    assert all(api.get("/pakms/apikey").status_code == 200 for _ in range(5))


@pytest.mark.parametrize(
    "settings",
    [
        {"error_rate": 1.5},
        {"latency_ms": -1},
        {"rate_limit_per_s": 0},
        {"error_status": 200},
        {"no_such_fault": 1},
        {"path_regex": 5},
        {"hold": "forever"},
    ],
)
def test_bad_fault_settings_are_refused(admin: httpx.Client, settings: dict[str, object]) -> None:
    response = admin.post("faults", json=settings)
    assert response.status_code == 400
    assert response.json()["message"]
    assert admin.get("stats").status_code == 200
