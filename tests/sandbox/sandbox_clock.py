"""The sandbox's test clock, read and moved through its admin API."""

from __future__ import annotations

import httpx

from clover_desk.sandbox import RunningSandbox


def now_ms(sandbox: RunningSandbox) -> int:
    with httpx.Client(base_url=sandbox.info["admin_url"] + "/") as client:
        value: int = client.get("clock").json()["now_ms"]
    return value


def advance(sandbox: RunningSandbox, ms: int) -> None:
    with httpx.Client(base_url=sandbox.info["admin_url"] + "/") as client:
        client.post("clock", json={"advance_ms": ms}).raise_for_status()
