"""A Clover client for a profile the connect tests just connected, on the sandbox."""

from __future__ import annotations

from clover_desk.api.client import CloverClient
from clover_desk.api.client import Profile as ClientProfile
from clover_desk.api.credentials import OAuthTokens
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.merchant.profiles import Profile


def connected_client(
    profile: Profile, tokens: OAuthTokens, sandbox: RunningSandbox
) -> CloverClient:
    """A client signed in with ``tokens`` as ``profile``, against ``sandbox``."""
    return CloverClient(
        ClientProfile(
            name=profile.id,
            merchant_id=profile.merchant_id,
            training_url=sandbox.base_url,
            oauth_client_id=profile.oauth_client_id,
        ),
        oauth=tokens,
    )
