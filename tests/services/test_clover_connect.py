"""Connect to Clover through OAuth v2 + PKCE against the training sandbox, every outcome."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import httpx
import msgspec
import pytest
from connected_client import connected_client
from memkeyring import MemoryKeyring
from oauth_browser import HttpBrowser, with_query

from clover_desk.api.credentials import CredentialKind, CredentialStore
from clover_desk.api.hosts import Environment, Region
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.common.feedback import UserFacingError
from clover_desk.services.merchant.clover_connect import (
    CloverConnector,
    ConnectTarget,
)
from clover_desk.services.merchant.connect import client_for
from clover_desk.services.merchant.profile_admin import ProfileAdmin
from clover_desk.services.merchant.profiles import Profile, Settings
from clover_desk.services.merchant.session import load_secrets

pytestmark = pytest.mark.asyncio


@pytest.fixture
def store(memory_keyring: MemoryKeyring) -> CredentialStore:
    return CredentialStore()


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def connector(settings: Settings, store: CredentialStore) -> CloverConnector:
    return CloverConnector(settings, store, timeout_s=20)


@pytest.fixture
def mid(sandbox: RunningSandbox) -> str:
    merchant_id: str = sandbox.info["merchant_id"]
    return merchant_id


@pytest.fixture
def other_merchant(sandbox: RunningSandbox) -> dict[str, str]:
    with httpx.Client(base_url=sandbox.base_url) as client:
        second: dict[str, str] = client.get("/_sandbox/merchants").json()["merchants"][1]
    return second


def _target(sandbox: RunningSandbox, client_id: str | None = None) -> ConnectTarget:
    return ConnectTarget(
        Environment.SANDBOX,
        Region.NORTH_AMERICA,
        client_id if client_id is not None else sandbox.info["oauth_client_id"],
        training_url=sandbox.base_url,
    )


async def _refused_to_connect(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return True
    writer.close()
    return False


async def _nothing_stored(
    connector: CloverConnector, memory_keyring: MemoryKeyring, port: int
) -> None:
    assert memory_keyring.store == {}
    assert connector.settings.profiles == []
    assert connector.receiver is None
    assert await _refused_to_connect(port)


class PortSpy:
    """Remembers the listener's port from the URL the app opened."""

    def __init__(self) -> None:
        self.port = 0
        self.opened = asyncio.Event()

    def note(self, url: str) -> None:
        redirect = httpx.URL(url).params["redirect_uri"]
        self.port = httpx.URL(redirect).port or 0
        self.opened.set()


async def test_approving_stores_the_pair_in_the_keyring_and_the_token_works(
    connector: CloverConnector,
    sandbox: RunningSandbox,
    memory_keyring: MemoryKeyring,
    store: CredentialStore,
    other_merchant: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    browser = HttpBrowser(merchant_id=other_merchant["merchant_id"])
    profile = await connector.connect(_target(sandbox), browser)

    assert browser.landing is not None
    assert browser.landing.status_code == 200
    assert "You can close this tab" in browser.landing.text
    opened = httpx.URL(browser.opened[0])
    assert opened.path == "/oauth/v2/authorize"
    assert opened.params["code_challenge_method"] == "S256"
    assert opened.params["redirect_uri"].startswith("http://127.0.0.1:")

    assert profile.merchant_id == other_merchant["merchant_id"]
    assert profile.name == "Other Merchant"
    assert profile.environment is Environment.TRAINING  # a practice connection
    assert profile.oauth_client_id == sandbox.info["oauth_client_id"]
    assert connector.settings.profiles == [profile]
    tokens = store.load_oauth(profile.id)
    assert tokens is not None
    assert tokens.refresh_token
    assert tokens.access_expires is not None
    assert store.get(profile.id, CredentialKind.PAKMS_KEY) == other_merchant["pakms_key"]

    # Nothing secret reaches the settings file or the log.
    settings_json = msgspec.json.encode(connector.settings).decode()
    log_text = caplog.text
    for secret in (tokens.access_token, tokens.refresh_token):
        assert secret not in settings_json
        assert secret not in log_text

    async with connected_client(profile, tokens, sandbox) as client:
        merchant = await client.platform.get_merchant()
    assert merchant.name == "Other Merchant"


async def test_connecting_the_same_merchant_again_updates_its_profile(
    connector: CloverConnector, sandbox: RunningSandbox, mid: str
) -> None:
    first = await connector.connect(_target(sandbox), HttpBrowser(merchant_id=mid))
    second = await connector.connect(_target(sandbox), HttpBrowser(merchant_id=mid))
    assert second.id == first.id
    assert len(connector.settings.profiles) == 1


async def test_deny_says_so_and_stores_nothing(
    connector: CloverConnector, sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    spy = PortSpy()
    browser = HttpBrowser(decision="deny")

    async def deny(url: str) -> None:
        spy.note(url)
        await browser(url)

    with pytest.raises(UserFacingError, match="not approved"):
        await connector.connect(_target(sandbox), deny)
    assert browser.landing is not None
    assert "You can close this tab" in browser.landing.text
    await _nothing_stored(connector, memory_keyring, spy.port)


async def test_a_browser_that_never_comes_back_times_out(
    settings: Settings,
    store: CredentialStore,
    sandbox: RunningSandbox,
    memory_keyring: MemoryKeyring,
) -> None:
    connector = CloverConnector(settings, store, timeout_s=0.3)
    spy = PortSpy()
    with pytest.raises(UserFacingError, match="did not send the browser back"):
        await connector.connect(_target(sandbox), spy.note)
    await _nothing_stored(connector, memory_keyring, spy.port)


async def test_cancel_closes_the_listener_and_stores_nothing(
    connector: CloverConnector, sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    spy = PortSpy()
    task = asyncio.ensure_future(connector.connect(_target(sandbox), spy.note))
    await asyncio.wait_for(spy.opened.wait(), timeout=10)
    assert connector.receiver is not None
    assert connector.receiver.listening
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await _nothing_stored(connector, memory_keyring, spy.port)


async def test_a_redirect_with_a_wrong_state_is_refused(
    connector: CloverConnector, sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    spy = PortSpy()
    browser = HttpBrowser(rewrite=lambda url: with_query(url, state="forged"))

    async def forged(url: str) -> None:
        spy.note(url)
        await browser(url)

    with pytest.raises(UserFacingError, match="did not belong to this sign-in"):
        await connector.connect(_target(sandbox), forged)
    assert browser.landing is not None
    assert browser.landing.status_code == 400
    await _nothing_stored(connector, memory_keyring, spy.port)


async def test_a_refused_exchange_says_so_and_stores_nothing(
    connector: CloverConnector, sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    async def code_expires() -> None:
        async with httpx.AsyncClient(base_url=sandbox.info["admin_url"] + "/") as admin:
            await admin.post("clock", json={"advance_ms": 61_000})

    spy = PortSpy()
    browser = HttpBrowser(before_redirect=code_expires)

    async def late(url: str) -> None:
        spy.note(url)
        await browser(url)

    with pytest.raises(UserFacingError, match=r"Clover refused the sign-in.*expired"):
        await connector.connect(_target(sandbox), late)
    await _nothing_stored(connector, memory_keyring, spy.port)


async def test_a_wrong_app_id_gets_an_error_page_and_times_out(
    settings: Settings,
    store: CredentialStore,
    sandbox: RunningSandbox,
    memory_keyring: MemoryKeyring,
) -> None:
    connector = CloverConnector(settings, store, timeout_s=0.5)
    pages: list[int] = []

    async def browse(url: str) -> None:
        async with httpx.AsyncClient() as web:
            pages.append((await web.get(url)).status_code)

    with pytest.raises(UserFacingError, match="did not send the browser back"):
        await connector.connect(_target(sandbox, client_id="NOSUCHAPP0000"), browse)
    assert pages == [400]  # Clover's page says the app is unknown; nothing comes back
    assert memory_keyring.store == {}


async def test_a_missing_app_id_is_asked_for_before_anything_opens(
    connector: CloverConnector, sandbox: RunningSandbox
) -> None:
    opened: list[str] = []
    with pytest.raises(UserFacingError, match="Clover app id"):
        await connector.connect(_target(sandbox, client_id=""), opened.append)
    assert opened == []


async def test_a_legacy_token_migrates_to_an_expiring_pair(
    connector: CloverConnector, sandbox: RunningSandbox, store: CredentialStore, mid: str
) -> None:
    legacy = Profile(
        id="legacy1", name="Old token", environment=Environment.TRAINING, merchant_id=mid
    )
    client_id = sandbox.info["oauth_client_id"]
    migrated = await connector.migrate(
        legacy, sandbox.info["api_token"], client_id, training_url=sandbox.base_url
    )
    assert migrated.id == "legacy1"
    assert migrated.oauth_client_id == client_id
    tokens = store.load_oauth("legacy1")
    assert tokens is not None
    assert tokens.refresh_token

    with pytest.raises(UserFacingError, match="refused to migrate"):
        await connector.migrate(legacy, "not-a-token", client_id, training_url=sandbox.base_url)


async def test_removing_a_connected_profile_deletes_its_tokens(
    connector: CloverConnector, sandbox: RunningSandbox, store: CredentialStore
) -> None:
    profile = await connector.connect(_target(sandbox), HttpBrowser())
    assert store.load_oauth(profile.id) is not None
    ProfileAdmin(connector.settings, store).remove(profile.id)
    assert store.load_oauth(profile.id) is None
    assert store.get(profile.id, CredentialKind.PAKMS_KEY) is None
    assert connector.settings.profiles == []


async def test_an_expired_access_token_is_refreshed_and_saved_back_to_the_keyring(
    connector: CloverConnector, sandbox: RunningSandbox, store: CredentialStore
) -> None:
    profile = await connector.connect(_target(sandbox), HttpBrowser())
    before = store.load_oauth(profile.id)
    assert before is not None
    async with httpx.AsyncClient(base_url=sandbox.info["admin_url"] + "/") as admin:
        await admin.post("clock", json={"advance_ms": 2 * 3600 * 1000})
    client = client_for(
        profile,
        await asyncio.to_thread(load_secrets, store, profile.id),
        training_url=sandbox.base_url,
        store=store,
    )
    async with client:
        merchant = await client.platform.get_merchant()
    assert merchant.id == profile.merchant_id
    after = store.load_oauth(profile.id)
    assert after is not None
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token
