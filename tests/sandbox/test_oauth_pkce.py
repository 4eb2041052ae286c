"""The sandbox's authorization-code flow with PKCE, driven over HTTP as a browser would."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from clover_desk.sandbox import RunningSandbox

REDIRECT = "http://127.0.0.1:54321/oauth/callback"


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.fixture
def web(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.base_url, timeout=10, follow_redirects=False) as client:
        yield client


@pytest.fixture
def client_id(sandbox: RunningSandbox) -> str:
    value: str = sandbox.info["oauth_client_id"]
    return value


def _authorize(
    web: httpx.Client, client_id: str, verifier: str, **overrides: str
) -> httpx.Response:
    params = {
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
        "state": "st-123",
        **overrides,
    }
    return web.get("/oauth/v2/authorize", params=params)


def _decide(
    web: httpx.Client, page: httpx.Response, decision: str, merchant: str | None = None
) -> dict[str, list[str]]:
    assert page.status_code == 200, page.text
    request_id = re.search(r'name="request" value="([^"]+)"', page.text)
    assert request_id is not None
    if merchant is None:
        found = re.search(r'<option value="([^"]+)"', page.text)
        assert found is not None
        merchant = found.group(1)
    answer = web.post(
        "/oauth/v2/authorize",
        data={"request": request_id.group(1), "merchant_id": merchant, "decision": decision},
    )
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


def _code(web: httpx.Client, client_id: str, verifier: str, merchant: str | None = None) -> str:
    query = _decide(web, _authorize(web, client_id, verifier), "approve", merchant)
    return query["code"][0]


def _exchange(web: httpx.Client, **body: str) -> httpx.Response:
    return web.post("/oauth/v2/token", json=body)


def test_approve_redirects_with_code_merchant_and_state_and_the_pair_works(
    web: httpx.Client, client_id: str, other_merchant: dict[str, str]
) -> None:
    verifier = secrets.token_urlsafe(48)
    page = _authorize(web, client_id, verifier)
    assert "Approve" in page.text
    assert "Deny" in page.text
    assert "Other Merchant" in page.text  # every demo merchant can be chosen
    query = _decide(web, page, "approve", other_merchant["merchant_id"])
    assert query["state"] == ["st-123"]
    assert query["merchant_id"] == [other_merchant["merchant_id"]]
    assert query["client_id"] == [client_id]

    answer = _exchange(web, client_id=client_id, code=query["code"][0], code_verifier=verifier)
    assert answer.status_code == 200, answer.text
    pair = answer.json()
    assert pair["access_token_expiration"] < pair["refresh_token_expiration"] < 10**11
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    merchant = web.get(f"/v3/merchants/{other_merchant['merchant_id']}", headers=bearer)
    assert merchant.status_code == 200
    assert merchant.json()["name"] == "Other Merchant"
    assert web.get("/v1/charges", headers=bearer).status_code == 200
    assert web.get("/pakms/apikey", headers=bearer).status_code == 200


def test_the_pair_expires_with_sandbox_time_and_refreshes(
    web: httpx.Client, client_id: str, admin: httpx.Client, mid: str
) -> None:
    verifier = secrets.token_urlsafe(48)
    code = _code(web, client_id, verifier, mid)
    pair = _exchange(web, client_id=client_id, code=code, code_verifier=verifier).json()
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    assert web.get(f"/v3/merchants/{mid}", headers=bearer).status_code == 200
    admin.post("clock", json={"advance_ms": 3601 * 1000})
    assert web.get(f"/v3/merchants/{mid}", headers=bearer).status_code == 401
    fresh = web.post(
        "/oauth/v2/refresh", json={"client_id": client_id, "refresh_token": pair["refresh_token"]}
    )
    assert fresh.status_code == 200
    renewed = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
    assert web.get(f"/v3/merchants/{mid}", headers=renewed).status_code == 200


def test_deny_redirects_with_access_denied_and_no_code(web: httpx.Client, client_id: str) -> None:
    query = _decide(web, _authorize(web, client_id, secrets.token_urlsafe(48)), "deny")
    assert query == {"error": ["access_denied"], "state": ["st-123"]}


def test_a_wrong_verifier_is_refused_and_spends_the_code(web: httpx.Client, client_id: str) -> None:
    verifier = secrets.token_urlsafe(48)
    code = _code(web, client_id, verifier)
    wrong = _exchange(web, client_id=client_id, code=code, code_verifier="x" * 43)
    assert wrong.status_code == 400
    assert wrong.json() == {"message": "code_verifier does not match the code_challenge"}
    again = _exchange(web, client_id=client_id, code=code, code_verifier=verifier)
    assert again.status_code == 400


def test_a_missing_verifier_is_refused(web: httpx.Client, client_id: str) -> None:
    code = _code(web, client_id, secrets.token_urlsafe(48))
    answer = _exchange(web, client_id=client_id, code=code)
    assert answer.status_code == 400
    assert "code_verifier" in answer.json()["message"]


def test_a_code_works_once(web: httpx.Client, client_id: str) -> None:
    verifier = secrets.token_urlsafe(48)
    code = _code(web, client_id, verifier)
    assert _exchange(web, client_id=client_id, code=code, code_verifier=verifier).status_code == 200
    reused = _exchange(web, client_id=client_id, code=code, code_verifier=verifier)
    assert reused.status_code == 400
    assert reused.json() == {"message": "Authorization code has already been used"}


def test_a_code_expires_after_sixty_seconds_of_sandbox_time(
    web: httpx.Client, client_id: str, admin: httpx.Client
) -> None:
    verifier = secrets.token_urlsafe(48)
    code = _code(web, client_id, verifier)
    admin.post("clock", json={"advance_ms": 61_000})
    late = _exchange(web, client_id=client_id, code=code, code_verifier=verifier)
    assert late.status_code == 400
    assert late.json() == {"message": "Authorization code has expired"}


def test_a_code_belongs_to_its_client_and_redirect(web: httpx.Client, client_id: str) -> None:
    verifier = secrets.token_urlsafe(48)
    unknown = _exchange(
        web, client_id="NOSUCHAPP0000", code=_code(web, client_id, verifier), code_verifier=verifier
    )
    assert unknown.status_code == 400
    assert unknown.json() == {"message": "Unknown client_id"}
    moved = _exchange(
        web,
        client_id=client_id,
        code=_code(web, client_id, verifier),
        code_verifier=verifier,
        redirect_uri="http://127.0.0.1:9/elsewhere",
    )
    assert moved.status_code == 400
    assert moved.json() == {"message": "redirect_uri does not match the authorization request"}


def test_an_unknown_app_or_unregistered_redirect_gets_a_page_not_a_redirect(
    web: httpx.Client, client_id: str
) -> None:
    verifier = secrets.token_urlsafe(48)
    unknown = _authorize(web, "NOSUCHAPP0000", verifier)
    assert unknown.status_code == 400
    assert "Unknown client_id" in unknown.text
    for redirect in (
        "https://evil.example/oauth/callback",
        "http://127.0.0.1:5000/other/path",
        "http://127.0.0.1:notaport/oauth/callback",
    ):
        page = _authorize(web, client_id, verifier, redirect_uri=redirect)
        assert page.status_code == 400, redirect
        assert "location" not in page.headers


def test_a_missing_or_plain_challenge_redirects_with_invalid_request(
    web: httpx.Client, client_id: str
) -> None:
    for overrides in ({"code_challenge": ""}, {"code_challenge_method": "plain"}):
        answer = _authorize(web, client_id, secrets.token_urlsafe(48), **overrides)
        assert answer.status_code == 302
        query = parse_qs(urlsplit(answer.headers["location"]).query)
        assert query["error"] == ["invalid_request"]
        assert query["state"] == ["st-123"]


def test_an_answered_request_cannot_be_answered_again(web: httpx.Client, client_id: str) -> None:
    page = _authorize(web, client_id, secrets.token_urlsafe(48))
    request_id = re.search(r'name="request" value="([^"]+)"', page.text)
    assert request_id is not None
    form = {"request": request_id.group(1), "decision": "deny"}
    assert web.post("/oauth/v2/authorize", data=form).status_code == 302
    assert web.post("/oauth/v2/authorize", data=form).status_code == 400


def test_a_legacy_token_migrates_to_an_expiring_pair_with_pkce(
    web: httpx.Client, client_id: str, sandbox: RunningSandbox, mid: str
) -> None:
    verifier = secrets.token_urlsafe(48)
    body = {
        "merchant_uuid": mid,
        "app_uuid": client_id,
        "auth_token": sandbox.info["api_token"],
        "code_challenge": _challenge(verifier),
    }
    answer = web.post("/oauth/token/migrate_v2", json=body)
    assert answer.status_code == 200, answer.text
    migrated = answer.json()
    assert migrated["expiration"] < 10**11
    pair = _exchange(
        web, client_id=client_id, code=migrated["authorization_code"], code_verifier=verifier
    )
    assert pair.status_code == 200
    bearer = {"Authorization": f"Bearer {pair.json()['access_token']}"}
    assert web.get(f"/v3/merchants/{mid}", headers=bearer).status_code == 200

    stranger = web.post("/oauth/token/migrate_v2", json={**body, "auth_token": "not-a-token"})
    assert stranger.status_code == 401
    no_pkce = web.post("/oauth/token/migrate_v2", json={**body, "code_challenge": ""})
    assert no_pkce.status_code == 400
