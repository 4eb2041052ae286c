"""Recurring payments' domain: ISO dates, the billing calendar, and the scheduler.

The recurring API speaks ISO-8601 strings (``2023-09-19T10:02:59.476+0000``) while the
database keeps epoch ms of sandbox time (``subscriptions.body``: ``startDate``,
``endDate``, ``lastRunDate``; see db.py). The scheduler is the reference's
**[emulator choice]** (recurring.md, end): on each due date, from ``startDate`` stepping
by ``interval × intervalCount`` (the same calendar date for MONTH/YEAR), charge the
customer's saved card for amount + tip + tax, set ``lastRunDate``, stop after
``endDate``, and deactivate after five consecutive failures.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from .db import Database, loads
from .errors import SandboxError
from .state import SandboxState

INTERVALS = ("DAY", "WEEK", "MONTH", "YEAR")

#: Consecutive failed invoices after which a subscription is deactivated.
MAX_FAILURES = 5
TAX_RATE_UNIT = 10_000_000  # tax rate ``rate`` 1_000_000 = 10 %

_ISO_RE = re.compile(
    r"^(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})"
    r"(?:[T@ ](?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:\.(?P<frac>\d{1,9}))?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)


def format_iso(ms: int) -> str:
    """``2023-09-19T10:02:59.476+0000`` (UTC) for epoch ms, as the recurring API writes."""
    moment = datetime.fromtimestamp(ms // 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms % 1000:03d}+0000"


def parse_iso(text: str) -> int | None:
    """Epoch ms for the date forms the recurring docs show, or None if unparseable.

    Accepts ``20230907``, ``2023-09-07`` (midnight UTC), ``2023-09-07T12:08:56``,
    ``2021-12-24T12:08:56.235-0700``, ``...+00:00``, ``...Z`` and the older
    ``2021-12-03@22:04:15.896+0000``. A time without an offset is UTC.
    """
    match = _ISO_RE.match(text.strip())
    if match is None:
        return None
    parts = match.groupdict()
    tz: tzinfo = UTC
    if parts["tz"] and parts["tz"] != "Z":
        raw = parts["tz"].replace(":", "")
        sign = -1 if raw[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5])))
    frac = (parts["frac"] or "0").ljust(3, "0")[:3]
    try:
        moment = datetime(
            int(parts["y"]),
            int(parts["mo"]),
            int(parts["d"]),
            int(parts["h"] or 0),
            int(parts["mi"] or 0),
            int(parts["s"] or 0),
            int(frac) * 1000,
            tzinfo=tz,
        )
    except ValueError:
        return None
    return int(moment.timestamp() * 1000)


def start_of_next_day(now_ms: int) -> int:
    """Midnight UTC after ``now_ms``: the default ``startDate`` ("next day")."""
    today = datetime.fromtimestamp(now_ms / 1000, UTC).date()
    tomorrow = datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(days=1)
    return int(tomorrow.timestamp() * 1000)


def run_date(start_ms: int, interval: str, count: int, n: int) -> int:
    """The ``n``-th due date (0 = ``startDate``) of a schedule.

    DAY and WEEK step by fixed lengths; MONTH and YEAR keep the start's calendar date
    (clamped to the month's last day: a 31 January start bills on 28/29 February, then
    31 March), always counted from the start so the day of month never drifts.
    """
    if interval == "DAY":
        return start_ms + n * count * 86_400_000
    if interval == "WEEK":
        return start_ms + n * count * 7 * 86_400_000
    months = n * count * (12 if interval == "YEAR" else 1)
    start = datetime.fromtimestamp(start_ms // 1000, UTC)
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    moved = start.replace(year=year, month=month, day=day)
    return int(moved.timestamp()) * 1000 + start_ms % 1000


def tax_for(db: Database, merchant_id: str, amount: int, rate_ids: list[str]) -> int:
    """Tax on ``amount`` from the merchant's tax rates (percentage rates and flat amounts)."""
    tax = 0
    for rate_id in rate_ids:
        row = db.one(
            "SELECT body FROM inventory WHERE kind = 'tax_rate' AND id = ? AND merchant_id = ?",
            (rate_id, merchant_id),
        )
        if row is None:
            continue
        rate = loads(row["body"])
        if isinstance(rate.get("taxAmount"), int):
            tax += rate["taxAmount"]
        elif isinstance(rate.get("rate"), int):
            tax += (amount * rate["rate"] + TAX_RATE_UNIT // 2) // TAX_RATE_UNIT
    return tax


# ----------------------------------------------------------------------- scheduler

#: A failed invoice is retried this long after the previous attempt.
RETRY_MS = 86_400_000


def run_due_subscriptions(state: SandboxState) -> int:
    """Charge every invoice that has fallen due by sandbox time; the attempts made.

    Called whenever the sandbox clock is advanced (``POST /_sandbox/clock``). Per active
    subscription, from the next unpaid due date on: charge amount + tax (tax inside the
    charged amount, as Ecommerce charges carry it) plus tip to the customer's saved card,
    dated at the due time; a success moves to the next due date and clears the failure
    count; a failure is retried a day later, and the fifth consecutive failure
    deactivates the subscription. ``lastRunDate`` is the last attempt. A due date after
    ``endDate`` ends the subscription (``active`` false). A customer who no longer exists
    deactivates it at once ("invalid customer data").
    """
    db = state.db
    now = state.clock.now_ms()
    attempts = 0
    rows = db.query(
        "SELECT s.id, s.merchant_id FROM subscriptions s JOIN plans p ON p.id = s.plan_id "
        "WHERE s.deleted_ms IS NULL AND p.deleted_ms IS NULL ORDER BY s.created_ms, s.id"
    )
    for row in rows:
        with db.tx():
            attempts += _run_one(db, row["id"], now)
    return attempts


def _next_index(body: dict[str, Any], interval: str, count: int) -> int:
    """The index of the next unpaid due date.

    The scheduler keeps it as ``runIndex``; a subscription it has not touched yet (e.g.
    seeded with a history) resumes after its ``lastRunDate``.
    """
    if "runIndex" in body:
        return int(body["runIndex"])
    last = body.get("lastRunDate")
    index = 0
    if last is not None:
        while run_date(body["startDate"], interval, count, index) <= last:
            index += 1
    return index


def _run_one(db: Database, sub_id: str, now: int) -> int:
    from . import charges  # imported late: it pulls in the whole Ecommerce v1 stack

    sub = db.one("SELECT * FROM subscriptions WHERE id = ?", (sub_id,))
    if sub is None:
        return 0
    body = loads(sub["body"])
    if not body.get("active"):
        return 0
    plan = db.one("SELECT * FROM plans WHERE id = ?", (sub["plan_id"],))
    merchant = db.one("SELECT currency FROM merchants WHERE id = ?", (sub["merchant_id"],))
    if plan is None or merchant is None:
        return 0
    plan_body = loads(plan["body"])
    interval, count = plan_body["interval"], int(plan_body["intervalCount"])
    attempts = 0
    changed = False
    body["runIndex"] = _next_index(body, interval, count)
    while True:
        index = int(body["runIndex"])
        failures = int(body.get("failures", 0))
        due = run_date(body["startDate"], interval, count, index)
        if body.get("endDate") is not None and due > body["endDate"]:
            body["active"] = False
            changed = True
            break
        attempt_at = due + failures * RETRY_MS
        if attempt_at > now:
            break
        customer = db.one(
            "SELECT id FROM customers WHERE id = ? AND merchant_id = ? AND deleted_ms IS NULL",
            (sub["customer_id"], sub["merchant_id"]),
        )
        if customer is None:
            body["active"] = False
            changed = True
            break
        amount, tip = int(body.get("amount", 0)), int(body.get("tipAmount", 0))
        tax = tax_for(db, sub["merchant_id"], amount, body.get("taxRateUuids") or [])
        attempts += 1
        changed = True
        body["lastRunDate"] = attempt_at
        try:
            charges.charge_card_on_file(
                db,
                sub["merchant_id"],
                sub["customer_id"],
                amount=amount + tax,
                tip_amount=tip,
                tax_amount=tax,
                currency=merchant["currency"],
                now_ms=attempt_at,
                description=f"Subscription {sub_id}: {plan_body.get('name', '')}",
            )
        except SandboxError:
            # A decline or a missing card; the failed charge (if any) stays recorded.
            body["failures"] = failures + 1
            if body["failures"] >= MAX_FAILURES:
                body["active"] = False
                break
        else:
            body["runIndex"] = index + 1
            body["failures"] = 0
    if changed:
        db.update("subscriptions", sub_id, {"body": body, "modified_ms": now})
    return attempts
