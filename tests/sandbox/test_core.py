"""The sandbox as a program: start-up contract, auth, OAuth refresh, clock, controls."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from clover_desk.sandbox import RunningSandbox, start_sandbox
from clover_desk.sandbox.__main__ import parse_args

ANNOUNCED_KEYS = {
    "base_url",
    "merchant_id",
    "api_token",
    "ecommerce_private_token",
    "pakms_key",
    "admin_url",
    "oauth_client_id",
    "oauth_authorize_url",
}


def test_start_sandbox_announces_what_a_client_needs(sandbox: RunningSandbox) -> None:
    info = sandbox.info
    assert set(info) == ANNOUNCED_KEYS
    assert info["base_url"].startswith("http://127.0.0.1:")
    assert info["admin_url"] == info["base_url"] + "/_sandbox"
    assert len(info["merchant_id"]) == 13
    assert info["merchant_id"].isalnum()
    assert info["merchant_id"].isupper()


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}],
)
def test_calls_without_a_valid_bearer_token_get_401(
    sandbox: RunningSandbox, headers: dict[str, str]
) -> None:
    for path in (
        "/v1/charges",
        "/pakms/apikey",
        f"/v3/merchants/{sandbox.info['merchant_id']}/orders",
    ):
        response = httpx.get(sandbox.base_url + path, headers=headers)
        assert response.status_code == 401, path
        assert response.json() == {"message": "401 Unauthorized"}


def test_a_token_cannot_reach_another_merchants_v3_path(
    sandbox: RunningSandbox, other_merchant: dict[str, str]
) -> None:
    response = httpx.get(
        f"{sandbox.base_url}/v3/merchants/{sandbox.info['merchant_id']}/orders",
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    )
    assert response.status_code == 401


def test_unknown_paths_are_404_and_wrong_methods_405(api: httpx.Client) -> None:
    assert api.get("/v9/nothing-here").status_code == 404
    response = api.put("/v1/refunds")
    assert response.status_code == 405
    assert not response.headers["content-type"].startswith("application/json")


def test_collection_paths_answer_with_and_without_trailing_slash(api: httpx.Client) -> None:
    assert api.get("/v1/refunds").json() == api.get("/v1/refunds/").json()


def test_expiring_oauth_token_works_until_sandbox_time_passes_it(
    sandbox: RunningSandbox, admin: httpx.Client
) -> None:
    pair = admin.post("oauth", json={"access_ttl_s": 60}).json()
    assert pair["access_token_expiration"] < pair["refresh_token_expiration"]
    # Expirations are epoch seconds, unlike every other Clover time.
    assert pair["access_token_expiration"] < 10**11

    def pakms(token: str) -> int:
        return httpx.get(
            sandbox.base_url + "/pakms/apikey", headers={"Authorization": f"Bearer {token}"}
        ).status_code

    assert pakms(pair["access_token"]) == 200
    admin.post("clock", json={"advance_ms": 61_000})
    assert pakms(pair["access_token"]) == 401


def test_refresh_tokens_are_single_use(sandbox: RunningSandbox, admin: httpx.Client) -> None:
    pair = admin.post("oauth", json={"access_ttl_s": 1}).json()
    body = {"client_id": "clover-desk", "refresh_token": pair["refresh_token"]}
    first = httpx.post(sandbox.base_url + "/oauth/v2/refresh", json=body)
    assert first.status_code == 200
    fresh = first.json()
    assert fresh["access_token"] != pair["access_token"]
    assert httpx.post(sandbox.base_url + "/oauth/v2/refresh", json=body).status_code == 401
    again = {"client_id": "clover-desk", "refresh_token": fresh["refresh_token"]}
    assert httpx.post(sandbox.base_url + "/oauth/v2/refresh", json=again).status_code == 200


def test_refresh_needs_client_id_and_token(sandbox: RunningSandbox) -> None:
    response = httpx.post(sandbox.base_url + "/oauth/v2/refresh", json={"client_id": "x"})
    assert response.status_code == 400


def test_clock_moves_forward_only(admin: httpx.Client) -> None:
    before = admin.get("clock").json()
    after = admin.post("clock", json={"advance_ms": 3_600_000}).json()
    assert after["offset_ms"] == before["offset_ms"] + 3_600_000
    assert after["now_ms"] >= before["now_ms"] + 3_600_000
    assert admin.post("clock", json={"advance_ms": -1}).status_code == 400


def test_merchants_lists_two_isolated_merchants(
    admin: httpx.Client, sandbox: RunningSandbox
) -> None:
    merchants = admin.get("merchants").json()["merchants"]
    assert next(m["merchant_id"] for m in merchants) == sandbox.info["merchant_id"]
    assert len({m["merchant_id"] for m in merchants}) == 2
    assert len({m["api_token"] for m in merchants}) == 2


def test_a_file_database_keeps_its_merchant_across_restarts(tmp_path: Path) -> None:
    db = str(tmp_path / "training.sqlite")
    with start_sandbox(db=db, seed="empty") as first:
        merchant = first.info["merchant_id"]
        token = first.info["api_token"]
    with start_sandbox(db=db, seed="empty") as second:
        assert second.info["merchant_id"] == merchant
        assert second.info["api_token"] == token


def _spawn_cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "clover_desk.sandbox", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_command_line_prints_json_serves_and_exits_cleanly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    db = tmp_path / "sandbox.sqlite"
    process = _spawn_cli("--seed", "empty", "--db", str(db), "--port", "0")
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert set(info) == ANNOUNCED_KEYS
        response = httpx.get(
            info["base_url"] + "/pakms/apikey",
            headers={"Authorization": f"Bearer {info['api_token']}"},
            timeout=10,
        )
        assert response.status_code == 200
        process.send_signal(stop_signal)
        _, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT id FROM merchants").fetchall()[0][0] == info["merchant_id"]


def test_command_line_rejects_a_bad_order_count() -> None:
    process = _spawn_cli("--orders", "-5")
    _, err = process.communicate(timeout=20)
    assert process.returncode == 2
    assert "--orders" in err


def test_command_line_takes_half_a_million_orders_and_no_more() -> None:
    assert parse_args(["--orders", "500000"]).orders == 500_000
    process = _spawn_cli("--orders", "500001")
    _, err = process.communicate(timeout=20)
    assert process.returncode == 2
    assert "500000" in err
