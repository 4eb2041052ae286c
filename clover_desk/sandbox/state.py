"""Everything one running sandbox holds: database, clock, switches and counters."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from .clock import Clock
from .db import Database
from .export_builds import BuildWorker


@dataclass
class Faults:
    """Run-time fault injection, set through ``POST /_sandbox/faults``.

    Rates are probabilities in [0, 1]; ``path_regex`` limits every fault to matching
    paths (``re.search`` on the URL path) and ``method`` to one HTTP method; ``None``
    means every API path or method. ``hold`` parks matching requests until the faults
    are cleared: ``"before"`` holds them before the handler runs (nothing happens yet),
    ``"after"`` lets the handler commit and holds only the reply. A test uses it to
    stop a client at a known point without betting on how long anything takes.
    """

    latency_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 503
    reset_rate: float = 0.0
    drop_after_commit_rate: float = 0.0
    path_regex: str | None = None
    method: str | None = None
    hold: str | None = None


@dataclass
class Limits:
    """Clover's per-token limits (README: 16 requests/s, 5 in flight)."""

    rate_limit_per_s: int = 16
    max_concurrent: int = 5


@dataclass
class TokenStats:
    """What the limiter saw for one token, for ``GET /_sandbox/stats``."""

    requests: int = 0
    rejected_rate: int = 0
    rejected_concurrency: int = 0
    injected_errors: int = 0
    max_in_flight: int = 0


@dataclass
class SandboxState:
    db: Database
    clock: Clock
    faults: Faults = field(default_factory=Faults)
    limits: Limits = field(default_factory=Limits)
    #: False turns the export service's availability windows off (``--no-export-windows``).
    export_windows: bool = True
    #: Region whose export windows apply: "na" or "eu".
    region: str = "na"
    #: Exports that may run at once before the service answers 503.
    max_running_exports: int = 2
    stats: dict[str, TokenStats] = field(default_factory=dict)
    #: Set when the faults are cleared; held requests wait on it.
    faults_cleared: asyncio.Event = field(default_factory=asyncio.Event)
    #: Builds export files off the event loop; close it before the database.
    builds: BuildWorker = field(init=False)

    def __post_init__(self) -> None:
        self.builds = BuildWorker(self.db)

    def token_stats(self, token: str) -> TokenStats:
        return self.stats.setdefault(token, TokenStats())
