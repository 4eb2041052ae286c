"""OAuth v2: the authorize page, code exchange, refresh and legacy-token migration.

* ``GET /oauth/v2/authorize``: a small page (choose a demo merchant, Approve / Deny);
  the decision is posted back to the same path, which redirects to the app's redirect
  with ``code``, ``merchant_id``, ``client_id`` and ``state``, or ``error=access_denied``.
  A request naming an unknown app or an unregistered redirect gets an error page and is
  never redirected (RFC 6749 §4.1.2.1); other faults redirect with ``error``.
* ``POST /oauth/v2/token`` ``{client_id, code, code_verifier}``: the pair.
* ``POST /oauth/v2/refresh``: refresh tokens are single use: spending one issues a new
  pair and the old refresh token is refused from then on.
* ``POST /oauth/token/migrate_v2`` ``{merchant_uuid, app_uuid, auth_token,
  code_challenge}``: a code for a legacy token, exchanged at ``/oauth/v2/token``.

Expirations are epoch *seconds*, unlike other times. Refused requests answer 400 with
``{"message": ...}`` as Clover's platform validation errors do (Clover does not document
the token endpoint's error bodies); an unknown legacy token is the usual 401.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import oauth_flow
from ..auth import state_of
from ..errors import SandboxError, unauthorized
from ..ids import new_secret
from ..jsonutil import read_json
from ..merchants import merchant_ids
from ..state import SandboxState

DEFAULT_ACCESS_TTL_S = 3600
DEFAULT_REFRESH_TTL_S = 30 * 24 * 3600


def issue_oauth_pair(
    state: SandboxState,
    merchant_id: str,
    access_ttl_s: int,
    refresh_ttl_s: int,
    *,
    with_refresh: bool = True,
) -> dict[str, Any]:
    now = state.clock.now_ms()
    access, refresh = new_secret(), new_secret()
    access_expires = now + access_ttl_s * 1000
    refresh_expires = now + refresh_ttl_s * 1000
    issued = [(access, "oauth_access", access_expires)]
    if with_refresh:
        issued.append((refresh, "oauth_refresh", refresh_expires))
    with state.db.tx():
        for token, kind, expires in issued:
            state.db.insert(
                "credentials",
                {
                    "token": token,
                    "merchant_id": merchant_id,
                    "kind": kind,
                    "created_ms": now,
                    "expires_ms": expires,
                },
            )
    pair: dict[str, Any] = {
        "access_token": access,
        "access_token_expiration": access_expires // 1000,
    }
    if with_refresh:
        pair["refresh_token"] = refresh
        pair["refresh_token_expiration"] = refresh_expires // 1000
    return pair


async def refresh(request: Request) -> JSONResponse:
    state = state_of(request)
    body = await read_json(request, v3=True)
    token = body.get("refresh_token")
    if not isinstance(token, str) or not body.get("client_id"):
        raise SandboxError(400, {"message": "client_id and refresh_token are required"})
    now = state.clock.now_ms()
    with state.db.tx():
        row = state.db.one(
            "SELECT merchant_id, expires_ms, used FROM credentials "
            "WHERE token = ? AND kind = 'oauth_refresh'",
            (token,),
        )
        if row is None or row["used"] or (row["expires_ms"] or 0) <= now:
            raise unauthorized()
        state.db.execute("UPDATE credentials SET used = 1 WHERE token = ?", (token,))
        pair = issue_oauth_pair(
            state, row["merchant_id"], DEFAULT_ACCESS_TTL_S, DEFAULT_REFRESH_TTL_S
        )
    return JSONResponse(pair)


def _refused(message: str) -> SandboxError:
    return SandboxError(400, {"message": message})


def _with_query(url: str, params: dict[str, str | None]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(k, v) for k, v in params.items() if v is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:3rem auto;line-height:1.5}}
button{{font-size:1rem;padding:.4rem 1.2rem;margin-right:.6rem}}
.note{{color:#555;font-size:.9rem}}</style></head>
<body><h1>{title}</h1>{body}
<p class="note">Clover Desk training sandbox: a local stand-in for Clover's sign-in page.
No real account is involved.</p></body></html>"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(title=html.escape(title), body=body), status_code=status)


def _error_page(message: str) -> HTMLResponse:
    body = f'<p id="error">{html.escape(message)}</p>'
    return _page("Cannot authorize this app", body, status=400)


async def authorize_page(request: Request) -> Response:
    state = state_of(request)
    query = request.query_params
    app = oauth_flow.find_app(state.db, query.get("client_id"))
    if app is None:
        return _error_page("Unknown client_id: no app with this id is registered.")
    redirect_uri = query.get("redirect_uri") or app.redirect_uri
    if not oauth_flow.redirect_allowed(app, redirect_uri):
        return _error_page("The redirect_uri is not the one registered for this app.")
    app_state = query.get("state")
    try:
        if query.get("response_type", "code") != "code":
            raise oauth_flow.FlowError("response_type must be code")
        challenge = oauth_flow.check_challenge(
            query.get("code_challenge"), query.get("code_challenge_method")
        )
    except oauth_flow.FlowError as exc:
        target = _with_query(
            redirect_uri,
            {"error": "invalid_request", "error_description": exc.message, "state": app_state},
        )
        return RedirectResponse(target, status_code=302)
    request_id = oauth_flow.open_request(
        state.db,
        state.clock.now_ms(),
        app,
        redirect_uri=redirect_uri,
        state=app_state,
        code_challenge=challenge,
    )
    options = "".join(
        f'<option value="{html.escape(row["id"])}">{html.escape(row["name"])}</option>'
        for row in state.db.query("SELECT id, name FROM merchants ORDER BY created_ms, rowid")
    )
    body = (
        f"<p><strong>{html.escape(app.name)}</strong> asks to read and manage the data of "
        "a merchant.</p>"
        '<form method="post" action="/oauth/v2/authorize">'
        f'<input type="hidden" name="request" value="{html.escape(request_id)}">'
        '<p><label for="merchant">Merchant:</label> '
        f'<select id="merchant" name="merchant_id">{options}</select></p>'
        '<p><button id="approve" type="submit" name="decision" value="approve">Approve'
        '</button><button id="deny" type="submit" name="decision" value="deny">Deny'
        "</button></p></form>"
    )
    return _page(f"Connect {app.name} to Clover", body)


async def authorize_decision(request: Request) -> Response:
    state = state_of(request)
    # urlencoded by hand: Starlette's form parser needs python-multipart, which the
    # sandbox does not otherwise need.
    raw = (await request.body()).decode("utf-8", errors="replace")
    form = dict(parse_qsl(raw, keep_blank_values=True))
    try:
        pending = oauth_flow.pending_request(state.db, form.get("request"))
    except oauth_flow.FlowError as exc:
        return _error_page(exc.message)
    redirect_uri: str = pending["redirect_uri"]
    app_state: str | None = pending["state"]
    if form.get("decision") != "approve":
        oauth_flow.deny(state.db, pending["id"])
        target = _with_query(redirect_uri, {"error": "access_denied", "state": app_state})
        return RedirectResponse(target, status_code=302)
    merchant_id = form.get("merchant_id")
    if not isinstance(merchant_id, str) or merchant_id not in merchant_ids(state.db):
        return _error_page("Choose one of the listed merchants.")
    try:
        code = oauth_flow.approve(state.db, state.clock.now_ms(), pending["id"], merchant_id)
    except oauth_flow.FlowError as exc:
        return _error_page(exc.message)
    target = _with_query(
        redirect_uri,
        {
            "merchant_id": merchant_id,
            "client_id": pending["client_id"],
            "code": code,
            "state": app_state,
        },
    )
    return RedirectResponse(target, status_code=302)


async def token(request: Request) -> JSONResponse:
    state = state_of(request)
    body = await read_json(request, v3=True)
    client_id, code = body.get("client_id"), body.get("code")
    if not isinstance(client_id, str) or not client_id or not isinstance(code, str) or not code:
        raise _refused("client_id and code are required")
    if oauth_flow.find_app(state.db, client_id) is None:
        raise _refused("Unknown client_id")
    try:
        merchant_id = oauth_flow.redeem(
            state.db,
            state.clock.now_ms(),
            client_id=client_id,
            code=code,
            code_verifier=body.get("code_verifier"),
            redirect_uri=body.get("redirect_uri"),
        )
    except oauth_flow.FlowError as exc:
        raise _refused(exc.message) from None
    with_refresh = request.query_params.get("no_refresh_token", "").lower() != "true"
    pair = issue_oauth_pair(
        state, merchant_id, DEFAULT_ACCESS_TTL_S, DEFAULT_REFRESH_TTL_S, with_refresh=with_refresh
    )
    return JSONResponse(pair)


async def migrate_v2(request: Request) -> JSONResponse:
    state = state_of(request)
    body = await read_json(request, v3=True)
    merchant_id, app_id = body.get("merchant_uuid"), body.get("app_uuid")
    legacy = body.get("auth_token")
    if not all(isinstance(v, str) and v for v in (merchant_id, app_id, legacy)):
        raise _refused("merchant_uuid, app_uuid and auth_token are required")
    app = oauth_flow.find_app(state.db, app_id)
    if app is None:
        raise _refused("Unknown app_uuid")
    try:
        challenge = oauth_flow.check_challenge(body.get("code_challenge"), None)
    except oauth_flow.FlowError as exc:
        # The sandbox's apps are low-trust (no client secret), so PKCE is not optional.
        raise _refused(exc.message) from None
    # The legacy non-expiring token: the merchant's REST API token in the sandbox.
    owner = state.db.scalar(
        "SELECT merchant_id FROM credentials WHERE token = ? AND kind = 'api' "
        "AND expires_ms IS NULL",
        (legacy,),
    )
    if owner is None or owner != merchant_id:
        raise unauthorized()
    code, expires_ms = oauth_flow.migration_code(
        state.db, state.clock.now_ms(), app, merchant_id, challenge
    )
    return JSONResponse({"authorization_code": code, "expiration": expires_ms // 1000})


def routes() -> list[BaseRoute]:
    return [
        Route("/oauth/v2/authorize", authorize_page, methods=["GET"]),
        Route("/oauth/v2/authorize", authorize_decision, methods=["POST"]),
        Route("/oauth/v2/token", token, methods=["POST"]),
        Route("/oauth/v2/refresh", refresh, methods=["POST"]),
        Route("/oauth/token/migrate_v2", migrate_v2, methods=["POST"]),
    ]
