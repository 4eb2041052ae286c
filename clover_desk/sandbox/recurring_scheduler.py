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

INTERVALS = ("DAY", "WEEK", "MONTH", "YEAR")

#: Consecutive failed invoices after which a subscription is deactivated.
MAX_FAILURES = 5

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
