"""Starting the sandbox: in-process on a background thread, or in the foreground."""

from __future__ import annotations

import random
import socket
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

import uvicorn

from .app import create_app
from .clock import Clock
from .db import Database
from .merchants import create_merchant, credentials_of, merchant_ids
from .oauth_flow import ensure_training_app
from .state import Limits, SandboxState

#: ``demo``: the New York café (USD); ``demo-ca``: the Montréal one (CAD, GST+QST, French).
SeedKind = Literal["demo", "demo-ca", "empty"]


@dataclass(frozen=True)
class SandboxConfig:
    host: str = "127.0.0.1"
    port: int = 0
    db: str = ":memory:"
    seed: SeedKind = "empty"
    seed_number: int = 1
    orders: int = 2000
    export_windows: bool = True
    rate_limit_per_s: int = 16
    max_concurrent: int = 5


def open_state(config: SandboxConfig) -> SandboxState:
    """Open (or create and seed) the database and build the sandbox's state."""
    db = Database(config.db)
    offset = db.get_meta("clock_offset_ms")
    clock = Clock(int(offset) if offset else 0)
    if not merchant_ids(db):
        _seed(db, clock, config)
    ensure_training_app(db, clock.now_ms())
    return SandboxState(
        db=db,
        clock=clock,
        limits=Limits(config.rate_limit_per_s, config.max_concurrent),
        export_windows=config.export_windows,
    )


def _seed(db: Database, clock: Clock, config: SandboxConfig) -> None:
    if config.seed == "demo":
        from .seed import seed_demo  # the demo generator is large; load it only when asked

        seed_demo(db, clock.now_ms(), seed_number=config.seed_number, orders=config.orders)
    elif config.seed == "demo-ca":
        from .seed import seed_demo
        from .seed_montreal import MONTREAL_CAFE

        seed_demo(
            db,
            clock.now_ms(),
            seed_number=config.seed_number,
            orders=config.orders,
            flavour=MONTREAL_CAFE,
        )
    else:
        rng = random.Random(config.seed_number)
        create_merchant(db, clock.now_ms(), "Sandbox Merchant", rng=rng)
        create_merchant(db, clock.now_ms() + 1, "Other Merchant", rng=rng)
    db.set_meta("seed", f"{config.seed}:{config.seed_number}:{config.orders}")


def announce(state: SandboxState, base_url: str) -> dict[str, Any]:
    """The JSON object the sandbox prints first and ``start_sandbox`` returns."""
    creds = credentials_of(state.db, merchant_ids(state.db)[0])
    app = ensure_training_app(state.db, state.clock.now_ms())
    return {
        "base_url": base_url,
        "merchant_id": creds.merchant_id,
        "api_token": creds.api_token,
        "ecommerce_private_token": creds.ecommerce_private_token,
        "pakms_key": creds.pakms_key,
        "admin_url": base_url + "/_sandbox",
        "oauth_client_id": app.client_id,
        "oauth_authorize_url": base_url + "/oauth/v2/authorize",
    }


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio turns Nagle off only for sockets made that way, and
    # with Nagle on every reply on a kept-alive connection waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def base_url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def make_server(state: SandboxState) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(state),
        lifespan="off",
        log_level="warning",
        access_log=False,
        # A windowed app (pythonw, a frozen Windows build) has no console to colour.
        use_colors=False,
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


class RunningSandbox:
    """A sandbox serving on a background thread; ``stop()`` (or ``with``) ends it."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.state = open_state(config)
        self._socket = bind_socket(config.host, config.port)
        self.base_url = base_url_of(self._socket, config.host)
        self.info = announce(self.state, self.base_url)
        self._server = make_server(self.state)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name="clover-sandbox",
            daemon=True,
        )
        self._thread.start()
        if not self._wait_started(timeout=15.0):
            self.stop()
            raise RuntimeError("the training sandbox did not start")

    def _wait_started(self, timeout: float) -> bool:
        started = threading.Event()

        def poll() -> None:
            while self._thread.is_alive() and not self._server.started:
                threading.Event().wait(0.01)
            started.set()

        threading.Thread(target=poll, daemon=True).start()
        return started.wait(timeout) and self._server.started

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()
        self.state.builds.close()  # a build still running uses the database
        self.state.db.close()

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_sandbox(**options: Any) -> RunningSandbox:
    """Start a sandbox on a loopback port in a background thread.

    Options are ``SandboxConfig`` fields (``db``, ``seed``, ``seed_number``, ``orders``,
    ``export_windows``, ``rate_limit_per_s``, ``max_concurrent``, ``host``, ``port``).
    ``.info`` holds the JSON the command line prints first.
    """
    return RunningSandbox(SandboxConfig(**options))
