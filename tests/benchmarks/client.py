"""Benchmark of the Clover client against the training sandbox (run on demand).

    python tests/benchmarks/client.py [--charges 500] [--orders 20000]

The sandbox is set to 50 ms added latency, 50 requests/s and 5 concurrent per token, and
the client to the same limits. Then

(a) 500 charges are fetched one by one through concurrent ``get_charge`` calls,
(b) 20,000 v3 orders are listed through the paging iterator, and
(c) 2,012 v1 charges are listed (21 pages of up to 100, each page needs the last one's
    id, so one request at a time) by ``ecommerce.list_charges``, and the same pages by a
    sequential baseline: a bare httpx client that asks for each page and parses its JSON
    into dicts, which is what Clover's own Python SDK does (one request after another).

The last line printed is one JSON object::

    {"requests": N, "seconds": S, "requests_per_s": R, "bound_requests_per_s": B,
     "rejected_429": K, "orders_per_s": O,
     "list_pages": P, "list_s": L, "list_baseline_s": LB, "list_ratio": LR}

``requests``/``seconds``/``requests_per_s`` describe (a); ``B = min(rate limit,
concurrency / latency)`` is the most any client could do; ``rejected_429`` counts the
requests the sandbox refused (rate or concurrency) during (a), (b) and (c). ``list_s``
and ``list_baseline_s`` are the medians of three interleaved runs of (c);
``list_ratio = list_baseline_s / list_s`` is the client's paging rate against the
baseline's. Goals: R >= 0.85 B, K = 0 and LR >= 1.0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from clover_desk.api import CloverClient, Limits, Money, Profile
from clover_desk.api.tokens import CardDetails
from clover_desk.sandbox import start_sandbox

LATENCY_MS = 50
RATE_PER_S = 50
CONCURRENT = 5
LIST_CHARGES = 2012
LIST_RUNS = 3
V1_PAGE = 100


def admin(info: dict[str, Any], method: str, path: str, payload: Any = None) -> Any:
    response = httpx.request(method, info["admin_url"] + path, json=payload, timeout=30)
    response.raise_for_status()
    return response.json() if response.content else None


async def sequential_baseline(info: dict[str, Any], count: int) -> list[str]:
    """What a sequential SDK does: page after page, each parsed into dicts."""
    ids: list[str] = []
    headers = {"Authorization": f"Bearer {info['ecommerce_private_token']}"}
    async with httpx.AsyncClient(base_url=info["base_url"], headers=headers) as bare:
        params: dict[str, Any] = {"limit": V1_PAGE}
        while len(ids) < count:
            params["limit"] = min(V1_PAGE, count - len(ids))
            response = await bare.get("/v1/charges", params=params)
            response.raise_for_status()
            body = response.json()
            ids.extend(charge["id"] for charge in body["data"])
            if not body.get("has_more") or not body["data"]:
                break
            params["starting_after"] = ids[-1]
    return ids


def rejected(info: dict[str, Any]) -> int:
    stats = admin(info, "GET", "/stats")
    return int(stats["rejected_rate"]) + int(stats["rejected_concurrency"])


def client_for(info: dict[str, Any], limits: Limits) -> CloverClient:
    profile = Profile("benchmark", info["merchant_id"], training_url=info["base_url"])
    return CloverClient(
        profile,
        api_token=info["api_token"],
        ecommerce_token=info["ecommerce_private_token"],
        pakms_key=info["pakms_key"],
        limits=limits,
    )


async def charge_ids(info: dict[str, Any], count: int) -> list[str]:
    """Ids of ``count`` charges: the demo merchant's, topped up with new ones if needed."""
    async with client_for(info, Limits(rate_per_s=10_000, max_concurrent=50)) as client:
        ids = [c.id async for c in client.ecommerce.list_charges(limit=count)]

        async def one() -> str:
            token = await client.tokens.create_card_token(
                CardDetails("4242424242424242", "12", "2031", "123")
            )
            return (await client.ecommerce.create_charge(Money(1000, "USD"), token.id)).id

        while len(ids) < count:
            ids += await asyncio.gather(*(one() for _ in range(min(50, count - len(ids)))))
        return ids[:count]


async def run(info: dict[str, Any], charges: int, orders: int) -> dict[str, Any]:
    ids = await charge_ids(info, max(charges, LIST_CHARGES))
    ids = ids[:charges]
    admin(
        info,
        "POST",
        "/faults",
        {"latency_ms": LATENCY_MS, "rate_limit_per_s": RATE_PER_S, "max_concurrent": CONCURRENT},
    )
    await asyncio.sleep(1.2)  # let the set-up requests leave the rate window
    rejected_before = rejected(info)

    async with client_for(info, Limits(rate_per_s=RATE_PER_S, max_concurrent=CONCURRENT)) as c:
        started = time.perf_counter()
        fetched = await asyncio.gather(*(c.ecommerce.get_charge(i) for i in ids))
        seconds = time.perf_counter() - started
        requests = c.transport.attempts
        assert [f.id for f in fetched] == ids

        started = time.perf_counter()
        listed = 0
        async for _ in c.platform.list_orders(
            page_size=1000, limit=orders, prefetch=CONCURRENT - 1
        ):
            listed += 1
        list_seconds = time.perf_counter() - started

        list_runs: list[float] = []
        baseline_runs: list[float] = []
        for _ in range(LIST_RUNS):
            started = time.perf_counter()
            pager = c.ecommerce.list_charges(limit=LIST_CHARGES)
            charges_listed = [charge.id async for charge in pager]
            list_runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            baseline_ids = await sequential_baseline(info, LIST_CHARGES)
            baseline_runs.append(time.perf_counter() - started)
            assert charges_listed == baseline_ids, "both read the same charges"
        list_pages = pager.pages_fetched

    bound = min(RATE_PER_S, CONCURRENT / (LATENCY_MS / 1000))
    list_s = statistics.median(list_runs)
    baseline_s = statistics.median(baseline_runs)
    print(
        f"(c) {LIST_CHARGES} charges in {list_pages} pages: client {list_s:.2f} s, "
        f"sequential baseline {baseline_s:.2f} s",
        file=sys.stderr,
    )
    print(f"(a) {requests} requests for {charges} charges in {seconds:.2f} s", file=sys.stderr)
    print(f"(b) {listed} orders in {list_seconds:.2f} s", file=sys.stderr)
    return {
        "requests": requests,
        "seconds": round(seconds, 3),
        "requests_per_s": round(requests / seconds, 2),
        "bound_requests_per_s": bound,
        "rejected_429": rejected(info) - rejected_before,
        "orders_per_s": round(listed / list_seconds, 1),
        "list_pages": list_pages,
        "list_s": round(list_s, 3),
        "list_baseline_s": round(baseline_s, 3),
        "list_ratio": round(baseline_s / list_s, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charges", type=int, default=500)
    parser.add_argument("--orders", type=int, default=20_000)
    args = parser.parse_args()
    print(f"seeding a demo sandbox with {args.orders} orders...", file=sys.stderr)
    with start_sandbox(
        seed="demo",
        orders=args.orders,
        export_windows=False,
        rate_limit_per_s=10_000,
        max_concurrent=100,
    ) as sandbox:
        result = asyncio.run(run(sandbox.info, args.charges, args.orders))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
