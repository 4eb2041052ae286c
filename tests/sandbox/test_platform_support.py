"""Helpers shared by the v3 platform tests (builds data through the HTTP API only)."""

from __future__ import annotations

from typing import Any

import httpx


def v3(mid: str, path: str = "") -> str:
    return f"/v3/merchants/{mid}{path}"


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text)
    return response.json()


def make(api: httpx.Client, mid: str, path: str, **body: Any) -> dict[str, Any]:
    created: dict[str, Any] = ok(api.post(v3(mid, path), json=body))
    return created


def make_item(api: httpx.Client, mid: str, name: str, price: int, **extra: Any) -> dict[str, Any]:
    return make(api, mid, "/items", name=name, price=price, **extra)


def make_tax(api: httpx.Client, mid: str, rate: int, *, default: bool = True) -> dict[str, Any]:
    return make(api, mid, "/tax_rates", name=f"Tax {rate}", rate=rate, isDefault=default)


def atomic_order(api: httpx.Client, mid: str, cart: dict[str, Any]) -> dict[str, Any]:
    order: dict[str, Any] = ok(api.post(v3(mid, "/atomic_order/orders"), json={"orderCart": cart}))
    return order


def simple_orders(api: httpx.Client, mid: str, count: int, price: int = 500) -> list[str]:
    """``count`` atomic orders of one ad-hoc line each; ids in creation order."""
    return [
        atomic_order(api, mid, {"lineItems": [{"name": f"Thing {n}", "price": price + n}]})["id"]
        for n in range(count)
    ]


def all_pages(api: httpx.Client, url: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Page a v3 list with limit/offset until a short page, as Clover clients do."""
    found: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = ok(api.get(url, params={**params, "limit": limit, "offset": offset}))["elements"]
        found += page
        if len(page) < limit:
            return found
        offset += limit
