"""One merchant on this computer: its profiles and settings, where its files live, Connect to
Clover (OAuth), and the open session with every tab's service. connect builds the Clover
client (hence httpx): only the composition root asks for client_for and open_session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clover_desk.services import lazy_face

if TYPE_CHECKING:
    from clover_desk.services.merchant.clover_connect import (
        CloverConnector,
        ConnectTarget,
        OpenBrowser,
        packaged_client_id,
        resolve_client_id,
    )
    from clover_desk.services.merchant.connect import client_for, open_session
    from clover_desk.services.merchant.paths import AppPaths
    from clover_desk.services.merchant.profile_admin import (
        ConnectionTester,
        ProfileAdmin,
        ProfileDraft,
    )
    from clover_desk.services.merchant.profiles import (
        TRAINING_PROFILE_ID,
        Profile,
        Settings,
        SettingsStore,
        training_profile,
    )
    from clover_desk.services.merchant.session import ProfileSecrets, Session, load_secrets

__getattr__ = lazy_face(
    globals(),
    {
        "CloverConnector": "clover_connect",
        "ConnectTarget": "clover_connect",
        "OpenBrowser": "clover_connect",
        "packaged_client_id": "clover_connect",
        "resolve_client_id": "clover_connect",
        "client_for": "connect",
        "open_session": "connect",
        "AppPaths": "paths",
        "ConnectionTester": "profile_admin",
        "ProfileAdmin": "profile_admin",
        "ProfileDraft": "profile_admin",
        "Profile": "profiles",
        "Settings": "profiles",
        "SettingsStore": "profiles",
        "TRAINING_PROFILE_ID": "profiles",
        "training_profile": "profiles",
        "ProfileSecrets": "session",
        "Session": "session",
        "load_secrets": "session",
    },
)

__all__ = [
    "TRAINING_PROFILE_ID",
    "AppPaths",
    "CloverConnector",
    "ConnectTarget",
    "ConnectionTester",
    "OpenBrowser",
    "Profile",
    "ProfileAdmin",
    "ProfileDraft",
    "ProfileSecrets",
    "Session",
    "Settings",
    "SettingsStore",
    "client_for",
    "load_secrets",
    "open_session",
    "packaged_client_id",
    "resolve_client_id",
    "training_profile",
]
