"""Merchant profiles and the settings file that lists them (no secrets, ever).

A profile names one merchant or location: environment, region and merchant id. Its
tokens live in the OS keyring under the profile's id (see :mod:`credentials`); the
settings JSON holds only what is safe to read over a shoulder.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import msgspec

from clover_desk.api.hosts import Environment, Region
from clover_desk.services.common import QT_TRANSLATE_NOOP

__all__ = ["TRAINING_PROFILE_ID", "Profile", "Settings", "SettingsStore", "training_profile"]

#: The id of the built-in profile that talks to the local training sandbox.
TRAINING_PROFILE_ID = "training"


class Profile(msgspec.Struct, kw_only=True, frozen=True):
    """One merchant or location the app can talk to.

    Attributes:
        id: stable key (also the keyring user-name prefix).
        name: what staff see in the profile menu.
        environment: training, sandbox or production.
        region: Clover region (decides which services exist).
        merchant_id: Clover's 13-character merchant id (empty for training until started).
        oauth_client_id: the Clover app id the profile was connected with through OAuth
            (needed to refresh its tokens); empty for pasted tokens.

    A stored profile whose environment is training is a *practice connection*: made
    through the OAuth flow against the local training sandbox, with its own tokens,
    unlike the built-in training profile (id ``"training"``), which is never stored.
    """

    id: str
    name: str
    environment: Environment = Environment.SANDBOX
    region: Region = Region.NORTH_AMERICA
    merchant_id: str = ""
    oauth_client_id: str = ""

    @property
    def is_builtin_training(self) -> bool:
        """Whether this is the built-in training profile (the sandbox's own tokens)."""
        return self.id == TRAINING_PROFILE_ID

    @property
    def is_training(self) -> bool:
        """Whether this profile talks to the local training sandbox."""
        return self.environment is Environment.TRAINING

    @property
    def is_production(self) -> bool:
        """Whether this profile moves real money."""
        return self.environment is Environment.PRODUCTION

    @staticmethod
    def new_id() -> str:
        """A fresh profile id."""
        return uuid.uuid4().hex[:12]


def training_profile(merchant_id: str = "") -> Profile:
    """The built-in training profile (never stored in the settings file)."""
    return Profile(
        id=TRAINING_PROFILE_ID,
        name=QT_TRANSLATE_NOOP("Profiles", "Training"),
        environment=Environment.TRAINING,
        region=Region.NORTH_AMERICA,
        merchant_id=merchant_id,
    )


class Settings(msgspec.Struct, kw_only=True):
    """Everything in the settings file.

    Attributes:
        profiles: the configured merchant profiles (training is implicit).
        active_profile: id of the profile to open, or ``None`` for training.
        idle_lock_minutes: minutes without input before the window locks for a PIN.
        oauth_client_id: the Clover app id *Connect to Clover…* signs in with (empty:
            the one in ``clover-desk.toml`` beside the executable, if any).
        language: the language the app speaks (``"en"``, ``"fr_CA"``); empty follows
            the system's. Read at start.
    """

    version: int = 1
    profiles: list[Profile] = msgspec.field(default_factory=list)
    active_profile: str | None = None
    idle_lock_minutes: int = 5
    oauth_client_id: str = ""
    language: str = ""

    def profile(self, profile_id: str | None) -> Profile | None:
        """The profile with this id, if configured."""
        return next((p for p in self.profiles if p.id == profile_id), None)

    def active(self) -> Profile | None:
        """The profile to open at start, or ``None`` when the app should train."""
        return self.profile(self.active_profile)

    def upsert(self, profile: Profile) -> None:
        """Add ``profile`` or replace the one with its id."""
        if profile.is_builtin_training:
            raise ValueError("the training profile is built in and never stored")
        for index, existing in enumerate(self.profiles):
            if existing.id == profile.id:
                self.profiles[index] = profile
                return
        self.profiles.append(profile)

    def remove(self, profile_id: str) -> None:
        """Forget a profile (its keyring entries are the caller's to delete)."""
        self.profiles = [p for p in self.profiles if p.id != profile_id]
        if self.active_profile == profile_id:
            self.active_profile = None


class SettingsStore:
    """Reads and atomically writes the settings JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        """The saved settings; defaults when the file is missing or unreadable."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        try:
            return msgspec.json.decode(raw, type=Settings)
        except (msgspec.DecodeError, msgspec.ValidationError):
            # A damaged file must not stop the app from starting: keep a copy, start clean.
            self.path.replace(self.path.with_suffix(".damaged.json"))
            return Settings()

    def save(self, settings: Settings) -> None:
        """Write the settings atomically (temp file, fsync, rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = msgspec.json.format(msgspec.json.encode(settings), indent=2)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
