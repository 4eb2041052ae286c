"""Identifiers in Clover's shapes: 13-character object ids and ``clv_`` tokens."""

from __future__ import annotations

import random
import secrets
import string

_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford-style: no I, L, O, U
_TOKEN_ALPHABET = string.digits + string.ascii_letters


def new_id(rng: random.Random | None = None) -> str:
    """A 13-character uppercase alphanumeric id, e.g. ``9J1F7WW503CZW``.

    Pass ``rng`` for deterministic ids (seeding); live requests use ``secrets``.
    """
    if rng is not None:
        return "".join(rng.choice(_ID_ALPHABET) for _ in range(13))
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(13))


def new_token(prefix: str = "clv_", length: int = 22) -> str:
    """A single-use payment token such as ``clv_1TSTxxxxxxxxxxxxxxxxxx``."""
    return prefix + "1TST" + "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(length - 4))


def new_secret(length: int = 32) -> str:
    """An opaque credential (API token, PAKMS key): lowercase hex."""
    return secrets.token_hex(length // 2)
