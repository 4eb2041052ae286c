"""``python -m clover_desk.sandbox``: serve the training sandbox in the foreground.

The first stdout line is one JSON object (base_url, merchant_id, api_token,
ecommerce_private_token, pakms_key, admin_url); the process then serves until SIGINT
or SIGTERM and exits 0 with its database closed cleanly.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from types import FrameType

from .server import SandboxConfig, announce, base_url_of, bind_socket, make_server, open_state

#: Enough for the history benchmark at half a million orders.
MAX_ORDERS = 500_000


def parse_args(argv: list[str] | None = None) -> SandboxConfig:
    parser = argparse.ArgumentParser(
        prog="python -m clover_desk.sandbox", description="Clover Desk training sandbox"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--db", default=":memory:", help="SQLite file, or :memory:")
    parser.add_argument(
        "--seed",
        choices=["demo", "demo-ca", "empty"],
        default="demo",
        help="demo: a New York cafe (USD); demo-ca: a Montreal one (CAD, GST+QST, French)",
    )
    parser.add_argument("--seed-number", type=int, default=1)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--no-export-windows", action="store_true")
    parser.add_argument("--rate-limit", type=int, default=16, help="requests/s per token")
    parser.add_argument("--max-concurrent", type=int, default=5, help="in flight per token")
    args = parser.parse_args(argv)
    if not 0 <= args.orders <= MAX_ORDERS:
        parser.error(f"--orders must be from 0 to {MAX_ORDERS}")
    return SandboxConfig(
        host=args.host,
        port=args.port,
        db=args.db,
        seed=args.seed,
        seed_number=args.seed_number,
        orders=args.orders,
        export_windows=not args.no_export_windows,
        rate_limit_per_s=args.rate_limit,
        max_concurrent=args.max_concurrent,
    )


def _ignore_reraised_signal(signum: int, frame: FrameType | None) -> None:
    """uvicorn re-raises the signal that stopped it once it has shut down cleanly; by
    then the database is closed and there is nothing left to interrupt, so exit 0."""


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    # uvicorn installs its own handlers while serving and restores these afterwards.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, _ignore_reraised_signal)
    sock = bind_socket(config.host, config.port)
    state = open_state(config)
    print(json.dumps(announce(state, base_url_of(sock, config.host))), flush=True)
    server = make_server(state)
    try:
        server.run(sockets=[sock])  # uvicorn turns SIGINT/SIGTERM into a graceful stop
    finally:
        sock.close()
        state.builds.close()  # a build still running uses the database
        state.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
