"""Every route the training sandbox serves, with a request that reaches its handler.

Shared by the request fuzz tests and ``tests/benchmarks/fuzz.py``. The ``/_sandbox``
controls are left out: they are the tests' own levers (faults, clock), not Clover's
contract, and fuzzing them would change what every later request sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clover_desk.sandbox import RunningSandbox
from clover_desk.sandbox.app import ENDPOINT_MODULES

#: A syntactically valid 13-character Clover id that names nothing.
UNKNOWN_ID = "ZZZZZZZZZZZZZ"


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # with path parameters filled in

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def sandbox_routes(merchant_id: str) -> list[Route]:
    """One :class:`Route` per method and path (``{mId}`` is ``merchant_id``)."""
    routes: list[Route] = []
    for module in ENDPOINT_MODULES:
        for route in module.routes():
            template: str = getattr(route, "path", "")
            if not template or template.startswith("/_sandbox"):
                continue
            path = template.replace("{mId}", merchant_id)
            path = re.sub(r"\{[^}]+\}", UNKNOWN_ID, path)
            for method in sorted(getattr(route, "methods", None) or ()):
                if method != "HEAD":
                    routes.append(Route(method, path))
    return routes


def credentials_for(sandbox: RunningSandbox, path: str) -> dict[str, str]:
    """The credential Clover expects on ``path`` (so the handler, not auth, answers)."""
    info = sandbox.info
    if path == "/v1/tokens":
        return {"apikey": info["pakms_key"]}
    if path.startswith("/v1/"):
        return {"Authorization": f"Bearer {info['ecommerce_private_token']}"}
    return {"Authorization": f"Bearer {info['api_token']}"}
