"""The authorization-code flow with PKCE, as a low-trust (desktop) app meets it.

Read from the reference (``oauth.md``): the app sends the merchant to
``/oauth/v2/authorize`` with its ``client_id``, a redirect, ``state`` and an S256
``code_challenge``; Clover redirects back with ``code``, ``merchant_id`` and ``client_id``;
the app then posts ``client_id``, ``code`` and ``code_verifier`` to ``/oauth/v2/token``.

Emulator choices where Clover's pages are silent: codes live 60 s of sandbox time and
are single-use (a failed exchange spends the code too, so an intercepted code cannot be
tried against many verifiers); only S256 is accepted; a registered loopback redirect
matches whatever port the app listens on (RFC 8252 §7.3), any other redirect must match
exactly; ``state`` is echoed unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .db import Database, Row
from .ids import new_id, new_secret

#: How long an authorization code may wait for its exchange.
CODE_TTL_MS = 60_000

#: Where the training app's loopback listener answers (any port).
TRAINING_APP_REDIRECT = "http://127.0.0.1/oauth/callback"

TRAINING_APP_NAME = "Clover Desk"

_VERIFIER_RE = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_CHALLENGE_RE = re.compile(r"^[A-Za-z0-9\-_]{43}$")


class FlowError(Exception):
    """A request the flow refuses; ``message`` is what the caller is told."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class App:
    client_id: str
    name: str
    redirect_uri: str


def ensure_training_app(db: Database, now_ms: int) -> App:
    """The app training mode connects as (created once per database)."""
    row = db.one("SELECT * FROM oauth_apps ORDER BY created_ms, rowid LIMIT 1")
    if row is None:
        app = App(new_id(), TRAINING_APP_NAME, TRAINING_APP_REDIRECT)
        with db.tx():
            db.insert(
                "oauth_apps",
                {
                    "client_id": app.client_id,
                    "name": app.name,
                    "redirect_uri": app.redirect_uri,
                    "created_ms": now_ms,
                },
            )
        return app
    return App(row["client_id"], row["name"], row["redirect_uri"])


def find_app(db: Database, client_id: object) -> App | None:
    if not isinstance(client_id, str) or not client_id:
        return None
    row = db.one("SELECT * FROM oauth_apps WHERE client_id = ?", (client_id,))
    return None if row is None else App(row["client_id"], row["name"], row["redirect_uri"])


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redirect_allowed(app: App, redirect_uri: str) -> bool:
    """Whether ``redirect_uri`` is the app's registered one (any port on loopback)."""
    try:
        given, registered = urlsplit(redirect_uri), urlsplit(app.redirect_uri)
        given.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    if given.fragment or given.scheme not in ("http", "https"):
        return False
    if _is_loopback(registered.hostname) and given.scheme == "http":
        return given.hostname == registered.hostname and given.path == registered.path
    return redirect_uri == app.redirect_uri


def s256(verifier: str) -> str:
    """RFC 7636 S256: base64url of SHA-256 of the verifier, without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def check_challenge(challenge: object, method: object) -> str:
    if method not in (None, "S256"):
        raise FlowError("code_challenge_method must be S256")
    if not isinstance(challenge, str) or not _CHALLENGE_RE.match(challenge):
        raise FlowError("code_challenge is required (S256, base64url, 43 characters)")
    return challenge


def open_request(
    db: Database,
    now_ms: int,
    app: App,
    *,
    redirect_uri: str | None,
    state: str | None,
    code_challenge: str,
) -> str:
    """Record an authorization request awaiting the merchant's decision; its id."""
    request_id = new_secret()
    with db.tx():
        db.insert(
            "oauth_requests",
            {
                "id": request_id,
                "client_id": app.client_id,
                "redirect_uri": redirect_uri,
                "state": state,
                "code_challenge": code_challenge,
                "created_ms": now_ms,
            },
        )
    return request_id


def pending_request(db: Database, request_id: object) -> Row:
    row = (
        db.one("SELECT * FROM oauth_requests WHERE id = ? AND code IS NULL", (request_id,))
        if isinstance(request_id, str)
        else None
    )
    if row is None or row["used"]:
        raise FlowError("This authorization request is unknown or already answered")
    return row


def approve(db: Database, now_ms: int, request_id: str, merchant_id: str) -> str:
    """The merchant approved: a fresh single-use code for ``merchant_id``."""
    code = new_secret()
    with db.tx():
        changed = db.execute(
            "UPDATE oauth_requests SET code = ?, merchant_id = ?, code_expires_ms = ? "
            "WHERE id = ? AND code IS NULL AND used = 0",
            (code, merchant_id, now_ms + CODE_TTL_MS, request_id),
        )
    if changed != 1:
        raise FlowError("This authorization request is unknown or already answered")
    return code


def deny(db: Database, request_id: str) -> None:
    with db.tx():
        db.execute("UPDATE oauth_requests SET used = 1 WHERE id = ?", (request_id,))


def migration_code(
    db: Database, now_ms: int, app: App, merchant_id: str, code_challenge: str
) -> tuple[str, int]:
    """A code for a legacy token's migration, already approved: (code, expires_ms)."""
    request_id = open_request(
        db, now_ms, app, redirect_uri=None, state=None, code_challenge=code_challenge
    )
    return approve(db, now_ms, request_id, merchant_id), now_ms + CODE_TTL_MS


def redeem(
    db: Database,
    now_ms: int,
    *,
    client_id: str,
    code: str,
    code_verifier: object,
    redirect_uri: object,
) -> str:
    """Spend ``code``; the merchant id it was issued for, or :class:`FlowError`."""
    with db.tx():
        row = db.one("SELECT * FROM oauth_requests WHERE code = ?", (code,))
        if row is None:
            raise FlowError("Invalid authorization code")
        if row["used"]:
            raise FlowError("Authorization code has already been used")
        db.execute("UPDATE oauth_requests SET used = 1 WHERE code = ?", (code,))
    if (row["code_expires_ms"] or 0) <= now_ms:
        raise FlowError("Authorization code has expired")
    if row["client_id"] != client_id:
        raise FlowError("client_id does not match the authorization code")
    if redirect_uri is not None and redirect_uri != row["redirect_uri"]:
        raise FlowError("redirect_uri does not match the authorization request")
    if not isinstance(code_verifier, str) or not _VERIFIER_RE.match(code_verifier):
        raise FlowError("code_verifier is required (43 to 128 unreserved characters)")
    if not hmac.compare_digest(s256(code_verifier), row["code_challenge"]):
        raise FlowError("code_verifier does not match the code_challenge")
    merchant_id: str = row["merchant_id"]
    return merchant_id
