"""Whatever a client sends, the sandbox answers as Clover does: never a 5xx, never a hang.

Found by fuzzing: deeply nested bodies hit the recursion limit, and integers beyond 64
bits overflowed SQLite; both gave HTTP 500 where Clover answers 400 with a message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sandbox_routes import Route, credentials_for, sandbox_routes

from clover_desk.sandbox import RunningSandbox, start_sandbox

#: Bodies that once gave a 500 (or would): pinned so a regression fails every time.
HOSTILE_BODIES = {
    "deep list": b"[" * 100_000 + b"]" * 100_000,
    "deep object": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    "amount beyond 64 bits": b'{"amount": 18446744073709551616, "currency": "usd"}',
    "negative beyond 64 bits": b'{"amount": -1180591620717411303424}',
    "5000 digits": b'{"amount": ' + b"9" * 5_000 + b"}",
    "float overflow": b'{"amount": 1e400}',
    "NaN": b'{"amount": NaN}',
    "Infinity": b'{"price": -Infinity}',
    "nested ints": b'{"orderCart": {"lineItems": [{"price": 99999999999999999999999}]}}',
    "not utf-8": b'{"note": "\xff\xfe"}',
}

#: Field names Clover's request bodies use, so generated bodies reach real validation.
FIELDS = (
    "amount", "currency", "source", "email", "name", "price", "quantity", "note", "title",
    "total", "tip_amount", "tax_amount", "reason", "charge", "items", "lineItems",
    "orderCart", "customer", "tender", "firstName", "emailAddresses", "phoneNumbers",
    "percentage", "amountOff", "interval", "intervalCount", "startDate", "planId",
    "card", "number", "exp_month", "exp_year", "cvv", "state", "taxRates", "type",
)  # fmt: skip

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)
bodies = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=80),
)
query_values = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.sampled_from(["-1", "0", "9" * 30, "١٢٣", "²", "1e9", "inf", "true", ""]),
)
query_names = st.sampled_from(
    ["limit", "offset", "filter", "expand", "created.gt", "created.lte", "ending_before"]
)


@pytest.fixture(scope="module")
def running() -> Iterator[RunningSandbox]:
    with start_sandbox(seed="empty", export_windows=False, rate_limit_per_s=100_000,
                       max_concurrent=100) as sandbox:  # fmt: skip
        yield sandbox


@pytest.fixture(scope="module")
def http(running: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running.base_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def routes(running: RunningSandbox) -> list[Route]:
    return sandbox_routes(running.info["merchant_id"])


def send(
    http: httpx.Client,
    running: RunningSandbox,
    route: Route,
    body: bytes | None,
    params: list[tuple[str, str]] | None = None,
) -> httpx.Response:
    headers = credentials_for(running, route.path)
    if body is not None:
        headers["Content-Type"] = "application/json"
    return http.request(route.method, route.path, content=body, params=params, headers=headers)


def assert_clover_like(response: httpx.Response, route: Route) -> None:
    assert response.status_code < 500, (str(route), response.status_code, response.text[:300])
    if response.status_code == 400 and response.headers.get("content-type", "").startswith(
        "application/json"
    ):
        payload: Any = response.json()
        message = payload.get("message") or payload.get("error", {}).get("message")
        assert message, (str(route), response.text[:300])
    elif response.status_code == 400:  # an HTML page (the OAuth pages speak to people)
        assert response.text.strip(), str(route)


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_hostile_bodies_get_a_400_on_every_route_that_reads_one(
    http: httpx.Client, running: RunningSandbox, routes: list[Route], name: str
) -> None:
    body = HOSTILE_BODIES[name]
    posted = [r for r in routes if r.method in ("POST", "PUT")]
    assert len(posted) > 60  # every body-taking route, not a sample
    for route in posted:
        assert_clover_like(send(http, running, route, body), route)


def test_a_deep_body_is_refused_with_a_message(http: httpx.Client, running: RunningSandbox) -> None:
    route = Route("POST", "/v1/charges")
    response = send(http, running, route, HOSTILE_BODIES["deep object"])
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]["message"]
    big = send(http, running, route, HOSTILE_BODIES["amount beyond 64 bits"])
    assert big.status_code == 400
    assert "out of range" in big.json()["error"]["message"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data(), body=bodies)
@example(data=None, body=b'{"amount": 18446744073709551616}')
@example(data=None, body=b"[" * 3_000 + b"]" * 3_000)
def test_any_body_on_any_route_is_answered_without_a_5xx(
    http: httpx.Client,
    running: RunningSandbox,
    routes: list[Route],
    data: st.DataObject | None,
    body: bytes,
) -> None:
    posted = [r for r in routes if r.method in ("POST", "PUT")]
    chosen = posted if data is None else [data.draw(st.sampled_from(posted))]
    for route in chosen:
        assert_clover_like(send(http, running, route, body), route)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data(), params=st.lists(st.tuples(query_names, query_values), max_size=4))
@example(data=None, params=[("limit", "99999999999999999999999")])
@example(data=None, params=[("offset", "١٢٣")])
@example(data=None, params=[("filter", "total>99999999999999999999999")])
@example(data=None, params=[("filter", "createdTime>=99999999999999999999")])
def test_any_query_on_any_list_is_answered_without_a_5xx(
    http: httpx.Client,
    running: RunningSandbox,
    routes: list[Route],
    data: st.DataObject | None,
    params: list[tuple[str, str]],
) -> None:
    listed = [r for r in routes if r.method == "GET"]
    chosen = listed if data is None else [data.draw(st.sampled_from(listed))]
    for route in chosen:
        assert_clover_like(send(http, running, route, None, params), route)
