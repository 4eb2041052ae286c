"""The keyring-backed credential store."""

from __future__ import annotations

from datetime import UTC, datetime

import keyring.backends.fail
import pytest
from memkeyring import MemoryKeyring

from clover_desk.api.credentials import (
    SERVICE,
    CredentialKind,
    CredentialStore,
    OAuthTokens,
)
from clover_desk.api.errors import CredentialError


def test_one_entry_per_profile_and_kind(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    store.set("shop", CredentialKind.API_TOKEN, "api-secret-1")
    store.set("shop", CredentialKind.PAKMS_KEY, "pakms-secret-1")
    store.set("other", CredentialKind.API_TOKEN, "api-secret-2")
    assert store.get("shop", CredentialKind.API_TOKEN) == "api-secret-1"
    assert store.get("other", CredentialKind.API_TOKEN) == "api-secret-2"
    assert store.get("shop", CredentialKind.ECOMMERCE_PRIVATE_TOKEN) is None
    assert (SERVICE, "shop:api_token") in memory_keyring.store
    store.delete_profile("shop")
    assert store.get("shop", CredentialKind.API_TOKEN) is None
    assert store.get("other", CredentialKind.API_TOKEN) == "api-secret-2"


def test_oauth_pair_round_trip(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    assert store.load_oauth("shop") is None
    tokens = OAuthTokens(
        "access-1",
        "refresh-1",
        datetime(2030, 1, 1, tzinfo=UTC),
        datetime(2031, 1, 1, tzinfo=UTC),
    )
    store.save_oauth("shop", tokens)
    assert store.load_oauth("shop") == tokens
    assert "access-1" not in repr(tokens)


def test_explicit_backend() -> None:
    backend = MemoryKeyring()
    CredentialStore(backend).set("p", CredentialKind.API_TOKEN, "x-secret")
    assert backend.store[(SERVICE, "p:api_token")] == "x-secret"


def test_no_keyring_is_a_clear_error() -> None:
    store = CredentialStore(keyring.backends.fail.Keyring())
    with pytest.raises(CredentialError, match="no secure storage"):
        store.get("p", CredentialKind.API_TOKEN)
    with pytest.raises(CredentialError, match="no secure storage"):
        store.set("p", CredentialKind.API_TOKEN, "x-secret")


def test_profile_names_cannot_collide() -> None:
    with pytest.raises(ValueError, match="profile"):
        CredentialStore.username("a:b", CredentialKind.API_TOKEN)
