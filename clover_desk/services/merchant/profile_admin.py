"""Profile editing rules for the Settings dialog, without Qt.

Tokens typed in Settings go straight to the keyring (:meth:`ProfileAdmin.save`) and
never into the settings file; an empty token field means "keep what is stored".
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from clover_desk.api.credentials import CredentialKind, CredentialStore
from clover_desk.api.hosts import Environment, Region
from clover_desk.services.common import QT_TRANSLATE_NOOP
from clover_desk.services.merchant.profiles import Profile, Settings
from clover_desk.services.merchant.session import ProfileSecrets, load_secrets

__all__ = ["ConnectionTester", "ProfileAdmin", "ProfileDraft"]

_MERCHANT_ID_RE = re.compile(r"^[A-Z0-9]{13}$")

#: Checks a profile with the given secrets; returns what staff should read on success.
ConnectionTester = Callable[[Profile, ProfileSecrets], Awaitable[str]]


@dataclass(slots=True)
class ProfileDraft:
    """A profile being edited, tokens included (held only until saved)."""

    id: str
    name: str = ""
    environment: Environment = Environment.SANDBOX
    region: Region = Region.NORTH_AMERICA
    merchant_id: str = ""
    #: Kept from *Connect to Clover…* (the app id its OAuth pair refreshes with).
    oauth_client_id: str = ""
    api_token: str = field(default="", repr=False)
    ecommerce_private_token: str = field(default="", repr=False)
    pakms_key: str = field(default="", repr=False)

    @classmethod
    def of(cls, profile: Profile) -> ProfileDraft:
        """A draft of an existing profile (tokens empty: they stay in the keyring)."""
        return cls(
            id=profile.id,
            name=profile.name,
            environment=profile.environment,
            region=profile.region,
            merchant_id=profile.merchant_id,
            oauth_client_id=profile.oauth_client_id,
        )

    @property
    def is_practice(self) -> bool:
        """A practice connection made through the training sandbox's OAuth flow."""
        return self.environment is Environment.TRAINING and bool(self.oauth_client_id)

    def problems(self) -> list[str]:
        """What must be fixed before saving."""
        problems = []
        if not self.name.strip():
            problems.append(QT_TRANSLATE_NOOP("ProfileAdmin", "Give the profile a name."))
        if self.environment is Environment.TRAINING and not self.is_practice:
            problems.append(
                QT_TRANSLATE_NOOP(
                    "ProfileAdmin", "Training is built in; choose sandbox or production."
                )
            )
        if not _MERCHANT_ID_RE.match(self.merchant_id.strip().upper()):
            problems.append(
                QT_TRANSLATE_NOOP("ProfileAdmin", "The merchant id is 13 letters and digits.")
            )
        return problems

    def profile(self) -> Profile:
        """The profile to store (no secrets)."""
        return Profile(
            id=self.id,
            name=self.name.strip(),
            environment=self.environment,
            region=self.region,
            merchant_id=self.merchant_id.strip().upper(),
            oauth_client_id=self.oauth_client_id,
        )

    def typed_secrets(self) -> ProfileSecrets:
        """Only what was typed now."""
        return ProfileSecrets(
            api_token=self.api_token.strip(),
            ecommerce_private_token=self.ecommerce_private_token.strip(),
            pakms_key=self.pakms_key.strip(),
        )

    def forget_secrets(self) -> None:
        """Drop the typed tokens from memory."""
        self.api_token = self.ecommerce_private_token = self.pakms_key = ""


class ProfileAdmin:
    """Adds, changes and removes profiles; tokens to the keyring, the rest to settings."""

    def __init__(self, settings: Settings, credentials: CredentialStore) -> None:
        self.settings = settings
        self.credentials = credentials

    def save(self, draft: ProfileDraft) -> Profile:
        """Store the profile (settings) and any typed token (keyring). Blocking (keyring)."""
        problems = draft.problems()
        if problems:
            raise ValueError(" ".join(problems))
        profile = draft.profile()
        typed = draft.typed_secrets()
        for kind, value in (
            (CredentialKind.API_TOKEN, typed.api_token),
            (CredentialKind.ECOMMERCE_PRIVATE_TOKEN, typed.ecommerce_private_token),
            (CredentialKind.PAKMS_KEY, typed.pakms_key),
        ):
            if value:
                self.credentials.set(profile.id, kind, value)
        draft.forget_secrets()
        self.settings.upsert(profile)
        return profile

    def remove(self, profile_id: str) -> None:
        """Forget a profile and delete its tokens. Blocking (keyring)."""
        self.credentials.delete_profile(profile_id)
        self.settings.remove(profile_id)

    def secrets_for_test(self, draft: ProfileDraft) -> ProfileSecrets:
        """Typed tokens, falling back to the stored ones. Blocking (keyring)."""
        stored = load_secrets(self.credentials, draft.id)
        typed = draft.typed_secrets()
        return ProfileSecrets(
            api_token=typed.api_token or stored.api_token,
            ecommerce_private_token=typed.ecommerce_private_token or stored.ecommerce_private_token,
            pakms_key=typed.pakms_key or stored.pakms_key,
        )

    def stored_kinds(self, profile_id: str) -> set[CredentialKind]:
        """Which tokens the keyring holds for a profile (never their values)."""
        return {
            kind
            for kind in (
                CredentialKind.API_TOKEN,
                CredentialKind.ECOMMERCE_PRIVATE_TOKEN,
                CredentialKind.PAKMS_KEY,
            )
            if self.credentials.get(profile_id, kind)
        }
