"""Fuzzing at high example counts (run on demand): the suite's property tests, 10,000 each.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/fuzz.py [--examples 10000]

Targets, each run for ``--examples`` generated cases (Hypothesis, no shrinking, no saved
database), reusing the targets of the test suite:

* ``decode``: generated answers decoded into every response model of the client
  (tests/api/decode_targets.py): only ``ResponseFormatError`` may escape;
* ``sandbox_body`` / ``sandbox_query``: generated bodies on every body-taking route and
  generated query strings on every list of a training sandbox over loopback
  (tests/sandbox/test_request_bounds.py): no 5xx, a message on every 400;
* ``card``, ``pin``, ``staff_limit``, ``customer_form``, ``refund_plan``: the services'
  validators (tests/unit/validator_targets.py), invariants included;
* ``amount``: staff-typed amounts in en_US, en_CA and fr_CA (ui.money.parse_amount).

The last line printed is one JSON object ``{"cases", "bad", "by_class"}``: ``bad`` counts
cases that raised anything but the project's own refusal, broke an invariant or got a 5xx;
``by_class`` counts them by target and exception class. Goal: ``bad`` is 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "tests", ROOT / "tests" / "api", ROOT / "tests" / "sandbox",
               ROOT / "tests" / "unit"):  # fmt: skip
    sys.path.insert(0, str(folder))

import httpx  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

BAD: Counter[str] = Counter()
CASES: Counter[str] = Counter()


def run_target(name: str, examples: int, strategy: Any, check: Callable[..., None]) -> None:
    """Feed ``examples`` generated cases to ``check``, counting what goes wrong."""

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def body(case: Any) -> None:
        CASES[name] += 1
        try:
            check(case)
        except Exception as exc:
            BAD[f"{name}: {type(exc).__name__}"] += 1

    started = time.perf_counter()
    body()
    print(
        f"{name}: {CASES[name]} cases, {sum(v for k, v in BAD.items() if k.startswith(name + ':'))}"
        f" bad, {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    examples = parser.parse_args().examples

    from decode_targets import bodies_for, decode_target, response_models
    from sandbox_routes import credentials_for, sandbox_routes
    from test_request_bounds import assert_clover_like, bodies, query_names, query_values
    from validator_targets import (
        card_target,
        customer_form_target,
        pin_target,
        refund_plan_target,
        refund_targets,
        staff_limit_target,
        typed_text,
    )

    from clover_desk.sandbox import start_sandbox
    from clover_desk.services.refunds.rules import RefundMode

    models = response_models()
    model_and_body = st.sampled_from(models).flatmap(
        lambda model: st.tuples(st.just(model), bodies_for(model))
    )
    run_target("decode", examples, model_and_body, lambda case: decode_target(*case))

    with (
        start_sandbox(
            seed="empty", export_windows=False, rate_limit_per_s=100_000, max_concurrent=100
        ) as sandbox,  # fmt: skip
        httpx.Client(base_url=sandbox.base_url, timeout=30) as http,
    ):
        routes = sandbox_routes(sandbox.info["merchant_id"])
        posted = [r for r in routes if r.method in ("POST", "PUT")]
        listed = [r for r in routes if r.method == "GET"]

        def post(case: tuple[Any, bytes]) -> None:
            route, content = case
            headers = {**credentials_for(sandbox, route.path), "Content-Type": "application/json"}
            response = http.request(route.method, route.path, content=content, headers=headers)
            assert_clover_like(response, route)

        def query(case: tuple[Any, list[tuple[str, str]]]) -> None:
            route, params = case
            headers = credentials_for(sandbox, route.path)
            assert_clover_like(http.get(route.path, params=params, headers=headers), route)

        run_target("sandbox_body", examples, st.tuples(st.sampled_from(posted), bodies), post)
        params = st.lists(st.tuples(query_names, query_values), max_size=4)
        run_target("sandbox_query", examples, st.tuples(st.sampled_from(listed), params), query)

    run_target("card", examples, st.tuples(typed_text, typed_text, typed_text),
               lambda case: card_target(*case))  # fmt: skip
    run_target("pin", examples, typed_text, pin_target)
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder) / "staff.sqlite"
        run_target(
            "staff_limit",
            examples,
            st.integers(min_value=-(2**80), max_value=2**80),
            lambda amount: staff_limit_target(directory, amount),
        )
    run_target("customer_form", examples, st.tuples(typed_text, typed_text, typed_text),
               lambda case: customer_form_target(*case))  # fmt: skip
    plans = st.tuples(
        refund_targets,
        st.sampled_from(RefundMode),
        st.none() | st.integers(-(2**70), 2**70),
        st.lists(st.text("ABCDEF0123", min_size=1, max_size=4), max_size=6),
    )
    run_target("refund_plan", examples, plans, lambda case: refund_plan_target(*case))

    from PySide6.QtCore import QLocale

    from clover_desk.ui.money import parse_amount

    locales = [QLocale(name) for name in ("en_US", "en_CA", "fr_CA")]

    def amount(case: tuple[str, str, int]) -> None:
        text, currency, which = case
        value = parse_amount(text, currency, locales[which])
        assert value is None or (isinstance(value, int) and abs(value) < 10**16)

    amounts = st.tuples(
        st.one_of(typed_text, st.text(alphabet="0123456789.,- $", max_size=25)),
        st.sampled_from(["USD", "CAD", "JPY", "KWD"]),
        st.integers(0, 2),
    )
    run_target("amount", examples, amounts, amount)

    print(
        json.dumps({"cases": sum(CASES.values()), "bad": sum(BAD.values()), "by_class": dict(BAD)})
    )


if __name__ == "__main__":
    main()
