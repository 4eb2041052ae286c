"""Wire model of the OAuth v2 token pair (``/oauth/v2/token``, ``/oauth/v2/refresh``)."""

from __future__ import annotations

import msgspec

from clover_desk.api.models.common import EpochSeconds

__all__ = ["TokenPair"]


class TokenPair(msgspec.Struct, kw_only=True):
    """An expiring OAuth pair. Expirations travel as epoch *seconds*."""

    access_token: str
    refresh_token: str | None = None
    access_token_expiration: EpochSeconds | None = None
    refresh_token_expiration: EpochSeconds | None = None

    def __repr__(self) -> str:
        return (
            f"TokenPair(access_token_expiration={self.access_token_expiration!r}, "
            f"refresh_token_expiration={self.refresh_token_expiration!r})"
        )
