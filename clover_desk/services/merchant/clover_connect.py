"""*Connect to Clover…*: OAuth v2 with PKCE through the system browser, without Qt.

One :meth:`CloverConnector.connect` is one sign-in: a fresh PKCE pair and ``state``, a
one-shot loopback listener, the browser sent to Clover's authorize page, the code
exchanged for an expiring pair, then the merchant read with it (name and currency) and,
where the region has the token service, its PAKMS key fetched. Only when all of that
worked are the tokens written to the keyring (never a file, never a log) and the
profile to the settings; a cancel, a denial, a time-out, a wrong ``state`` or a refused
exchange stores nothing and leaves the listener closed, with words for the owner.

The *client id* is the Clover app id of the merchant's or reseller's own Clover app (a
low-trust app: Clover Desk holds no client secret). It comes from Settings, else from
``clover-desk.toml`` beside the executable (``[clover] app_id = "..."``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from clover_desk.api.client import CloverClient
from clover_desk.api.client import Profile as ClientProfile
from clover_desk.api.credentials import CredentialKind, CredentialStore, OAuthTokens
from clover_desk.api.errors import AuthError, CloverError
from clover_desk.api.hosts import Environment, Hosts, Region, Service, resolve
from clover_desk.api.loopback import LoopbackReceiver, OAuthRedirect, StateMismatch
from clover_desk.api.oauth import (
    Pkce,
    authorize_url,
    exchange_code,
    new_pkce,
    new_state,
    request_migration_code,
    tokens_of,
)
from clover_desk.api.transport import Transport
from clover_desk.services.common import QT_TRANSLATE_NOOP, UserFacingError, join_phrases
from clover_desk.services.merchant.profiles import Profile, Settings

__all__ = [
    "CloverConnector",
    "ConnectTarget",
    "OpenBrowser",
    "packaged_client_id",
    "resolve_client_id",
]

log = logging.getLogger(__name__)

#: How long the browser may take to come back (signing in, two-factor, approving).
SIGN_IN_TIMEOUT_S = 5 * 60.0

_APP_ID_RE = re.compile(r"^[A-Za-z0-9]{6,64}$")

#: Opens a URL in the system browser; may return an awaitable (tests drive a browser).
OpenBrowser = Callable[[str], object]


def packaged_client_id(path: Path) -> str:
    """The app id in a packaged install's ``clover-desk.toml`` (empty if none or bad)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return ""
    clover = data.get("clover")
    value = clover.get("app_id") if isinstance(clover, dict) else None
    return value.strip() if isinstance(value, str) else ""


def resolve_client_id(settings: Settings, packaged: str = "") -> str:
    """Settings first, then the packaged file's."""
    return settings.oauth_client_id.strip() or packaged.strip()


@dataclass(frozen=True, slots=True)
class ConnectTarget:
    """Which Clover to sign in to, and as which app.

    Attributes:
        environment: sandbox or production.
        region: North America, Europe or Latin America.
        client_id: the Clover app id.
        training_url: when set, the local training sandbox stands in for Clover (a
            practice connection, stored as a training profile).
    """

    environment: Environment
    region: Region
    client_id: str
    training_url: str | None = None

    @property
    def practice(self) -> bool:
        """Whether this connects to the local training sandbox."""
        return self.training_url is not None

    def hosts(self) -> Hosts:
        """Where the calls go."""
        if self.training_url is not None:
            return resolve(Environment.TRAINING, self.region, training_url=self.training_url)
        return resolve(self.environment, self.region)

    def problems(self) -> list[str]:
        """What must be fixed before connecting."""
        problems = []
        if self.environment is Environment.TRAINING and self.training_url is None:
            problems.append(QT_TRANSLATE_NOOP("CloverConnect", "Choose sandbox or production."))
        if not self.client_id:
            problems.append(
                QT_TRANSLATE_NOOP(
                    "CloverConnect",
                    "Enter your Clover app id first (in Settings, or clover-desk.toml beside "
                    "the program).",
                )
            )
        elif not _APP_ID_RE.match(self.client_id):
            problems.append(
                QT_TRANSLATE_NOOP("CloverConnect", "The Clover app id is letters and digits only.")
            )
        return problems


class CloverConnector:
    """Connects merchants through Clover's OAuth v2 + PKCE flow.

    Args:
        settings: profiles (the connected one is added or updated; saving the file is
            the caller's).
        credentials: the keyring store.
        timeout_s: how long to wait for the browser to come back.
    """

    def __init__(
        self,
        settings: Settings,
        credentials: CredentialStore,
        *,
        timeout_s: float = SIGN_IN_TIMEOUT_S,
    ) -> None:
        self.settings = settings
        self.credentials = credentials
        self.timeout_s = timeout_s
        #: The listener of the sign-in in progress (``None`` between sign-ins).
        self.receiver: LoopbackReceiver | None = None

    async def connect(self, target: ConnectTarget, open_browser: OpenBrowser) -> Profile:
        """One sign-in; the connected profile, or :class:`UserFacingError`."""
        problems = target.problems()
        if problems:
            raise UserFacingError(join_phrases(problems))
        hosts = target.hosts()
        pkce, state = new_pkce(), new_state()
        receiver = await LoopbackReceiver.start(state)
        self.receiver = receiver
        try:
            url = authorize_url(hosts, target.client_id, receiver.redirect_uri, state, pkce)
            opened = open_browser(url)
            if inspect.isawaitable(opened):
                await opened
            redirect = await self._wait(receiver)
        finally:
            await receiver.aclose()
            self.receiver = None
        merchant_id = _approved_merchant(redirect)
        tokens = await self._exchange(hosts, target.client_id, redirect.code or "", pkce)
        return await self._finish(target, merchant_id, tokens)

    async def migrate(
        self,
        profile: Profile,
        legacy_token: str,
        client_id: str,
        *,
        training_url: str | None = None,
    ) -> Profile:
        """Swap a profile's legacy non-expiring token for an expiring pair (no browser).

        ``training_url``: the local sandbox, for a profile that talks to it.
        """
        target = ConnectTarget(profile.environment, profile.region, client_id, training_url)
        problems = target.problems()
        if problems:
            raise UserFacingError(join_phrases(problems))
        if not legacy_token:
            raise UserFacingError(
                QT_TRANSLATE_NOOP(
                    "CloverConnect", "There is no legacy token to migrate for this profile."
                )
            )
        hosts = target.hosts()
        pkce = new_pkce()
        transport = Transport(hosts)
        try:
            try:
                answer = await request_migration_code(
                    transport, profile.merchant_id, client_id, legacy_token, pkce
                )
                pair = await exchange_code(
                    transport, client_id, answer.authorization_code, pkce.verifier
                )
            except AuthError as exc:
                raise UserFacingError(
                    QT_TRANSLATE_NOOP(
                        "CloverConnect", "Clover refused to migrate the token: {reason}"
                    ).format(reason=exc.message),
                    QT_TRANSLATE_NOOP(
                        "CloverConnect",
                        "Check the app id, or connect again with Connect to Clover….",
                    ),
                ) from exc
        finally:
            await transport.aclose()
        return await self._finish(target, profile.merchant_id, tokens_of(pair), reuse=profile)

    async def _wait(self, receiver: LoopbackReceiver) -> OAuthRedirect:
        try:
            return await receiver.wait(self.timeout_s)
        except TimeoutError:
            minutes = max(1, round(self.timeout_s / 60))
            raise UserFacingError(
                QT_TRANSLATE_NOOP(
                    "CloverConnect",
                    "Clover did not send the browser back to Clover Desk within {minutes} "
                    "minute(s), so nothing was connected.",
                ).format(minutes=minutes),
                QT_TRANSLATE_NOOP(
                    "CloverConnect",
                    "Start again, and finish signing in in the browser tab that opens.",
                ),
            ) from None
        except StateMismatch:
            raise UserFacingError(
                QT_TRANSLATE_NOOP(
                    "CloverConnect",
                    "The answer that reached Clover Desk did not belong to this sign-in, so it "
                    "was ignored and nothing was connected.",
                ),
                QT_TRANSLATE_NOOP(
                    "CloverConnect", "Start again from Clover Desk, and use only the tab it opens."
                ),
            ) from None

    async def _exchange(self, hosts: Hosts, client_id: str, code: str, pkce: Pkce) -> OAuthTokens:
        transport = Transport(hosts)
        try:
            pair = await exchange_code(transport, client_id, code, pkce.verifier)
        except AuthError as exc:
            raise UserFacingError(
                QT_TRANSLATE_NOOP("CloverConnect", "Clover refused the sign-in: {reason}").format(
                    reason=exc.message
                ),
                QT_TRANSLATE_NOOP(
                    "CloverConnect",
                    "Start again. If it keeps failing, check that the app id is your "
                    "Clover app's id.",
                ),
            ) from exc
        except CloverError as exc:
            raise UserFacingError(
                QT_TRANSLATE_NOOP(
                    "CloverConnect",
                    "Clover Desk could not finish the sign-in with Clover: {reason}",
                ).format(reason=str(exc)),
                QT_TRANSLATE_NOOP(
                    "CloverConnect",
                    "Check the internet connection and start again; nothing was stored.",
                ),
            ) from exc
        finally:
            await transport.aclose()
        return tokens_of(pair)

    async def _finish(
        self,
        target: ConnectTarget,
        merchant_id: str,
        tokens: OAuthTokens,
        *,
        reuse: Profile | None = None,
    ) -> Profile:
        environment = Environment.TRAINING if target.practice else target.environment
        existing = reuse or next(
            (
                p
                for p in self.settings.profiles
                if p.environment is environment and p.merchant_id == merchant_id
            ),
            None,
        )
        profile_id = existing.id if existing else Profile.new_id()
        client = CloverClient(
            ClientProfile(
                name=profile_id,
                merchant_id=merchant_id,
                environment=Environment.TRAINING if target.practice else target.environment,
                region=target.region,
                training_url=target.training_url,
                oauth_client_id=target.client_id,
            ),
            oauth=tokens,
        )
        try:
            try:
                merchant = await client.platform.get_merchant()
                pakms = (
                    (await client.tokens.get_pakms_key()).api_access_key
                    if client.hosts.offers(Service.PAKMS)
                    else ""
                )
            except CloverError as exc:
                raise UserFacingError(
                    QT_TRANSLATE_NOOP(
                        "CloverConnect",
                        "Clover approved the connection, but reading the merchant failed: {reason}",
                    ).format(reason=str(exc)),
                    QT_TRANSLATE_NOOP("CloverConnect", "Nothing was stored. Try connecting again."),
                ) from exc
            assert client.oauth is not None
            fresh = client.oauth.tokens  # refreshed meanwhile, perhaps
        finally:
            await client.aclose()
        profile = Profile(
            id=profile_id,
            name=(existing.name if existing else "") or merchant.name or merchant_id,
            environment=environment,
            region=target.region,
            merchant_id=merchant_id,
            oauth_client_id=target.client_id,
        )
        await asyncio.to_thread(self._store, profile, fresh, pakms)
        self.settings.upsert(profile)
        return profile

    def _store(self, profile: Profile, tokens: OAuthTokens, pakms_key: str) -> None:
        self.credentials.save_oauth(profile.id, tokens)
        if pakms_key:
            self.credentials.set(profile.id, CredentialKind.PAKMS_KEY, pakms_key)


def _approved_merchant(redirect: OAuthRedirect) -> str:
    if redirect.error == "access_denied":
        raise UserFacingError(
            QT_TRANSLATE_NOOP(
                "CloverConnect", "Clover Desk was not approved in Clover, so nothing was connected."
            ),
            QT_TRANSLATE_NOOP(
                "CloverConnect",
                "Start again and choose Approve if you want to connect this merchant.",
            ),
        )
    if redirect.error is not None:
        detail = redirect.error_description or redirect.error
        raise UserFacingError(
            QT_TRANSLATE_NOOP(
                "CloverConnect", "Clover could not start the sign-in: {reason}."
            ).format(reason=detail),
            QT_TRANSLATE_NOOP(
                "CloverConnect",
                "Check the app id and its redirect settings in your Clover developer account.",
            ),
        )
    if not redirect.merchant_id:
        raise UserFacingError(
            "Clover's answer did not say which merchant was connected; nothing was stored.",
            QT_TRANSLATE_NOOP("CloverConnect", "Start again."),
        )
    return redirect.merchant_id
