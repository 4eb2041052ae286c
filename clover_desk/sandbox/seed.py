"""Demo merchant generator (being written)."""

from __future__ import annotations

import random

from .db import Database
from .merchants import create_merchant


def seed_demo(db: Database, now_ms: int, *, seed_number: int, orders: int) -> None:
    rng = random.Random(seed_number)
    create_merchant(db, now_ms, "Demo Cafe", rng=rng)
    create_merchant(db, now_ms + 1, "Other Merchant", rng=rng)
