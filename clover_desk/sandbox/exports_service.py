"""The v3 export service's domain: jobs, their progress, windows, limits and files.

Reference: exports.md §1. An export is created ``PENDING``, moves to ``IN_PROGRESS``
with a rising ``percentComplete`` and ends ``DONE`` with ``exportUrls`` naming files of
at most 1000 objects each (``{"elements": [...]}``), served without auth at
``/_exports/{fileId}`` until ``availableUntil`` (done time + 24 h of sandbox time).

Progress (an emulator choice): a job takes :data:`STEPS` steps; it has taken
``max(polls, elapsed // STEP_MS)`` of them, where ``polls`` counts ``GET`` calls on the
export and ``elapsed`` is sandbox time since creation. So a client polling every
0.25 s sees ``PENDING`` → ``IN_PROGRESS`` 25/50/75 % → ``DONE`` within about a second
of real time, a test sees ``DONE`` after at most four polls whatever the timing, and a
client polling every 5 s finds it ``DONE`` at once. Files are built when the job turns
``DONE``, from the data as it is then.

Files: ORDERS hold v3 Orders with ``lineItems``, ``payments``, ``refunds``,
``discounts`` and ``customers`` expanded (deleted orders left out); PAYMENTS hold v3
Payments with ``tender``, ``cardTransaction`` and ``refunds`` expanded and ``order``
as ``{"id"}``; both filtered on ``createdTime`` within [startTime, endTime] (inclusive)
and ordered by ``createdTime`` ascending (then id). An export matching nothing has one
file with ``"elements": []`` so that clients expecting at least one URL still work.

Availability windows (UTC, sandbox time): ``na`` every day 10:00–15:00; ``eu`` Mon–Fri
01:00–05:00, Sat 02:00–05:00, Sun 02:00–06:00 (end hour exclusive). Outside them,
creating an export is a 503 whose body (format unconfirmed, our choice) is::

    {"message": "Export service is available only during these hours (UTC): ...",
     "timeZone": "UTC",
     "availableHours": [{"day": "MONDAY", "start": "10:00", "end": "15:00"}, ...]}

Concurrency: when the merchant already has ``state.max_running_exports`` exports not
yet ``DONE``, creating another is a 503 ``{"message": "Too many exports in progress
..."}``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from .db import Database, Row, loads
from .errors import SandboxError, v3_error
from .ids import new_id
from .state import SandboxState
from .views_v3 import render_order, render_payment

TYPES = ("ORDERS", "PAYMENTS")
DAY_MS = 86_400_000
MAX_WINDOW_MS = 30 * DAY_MS
FILE_LIFETIME_MS = DAY_MS
OBJECTS_PER_FILE = 1000
STEPS = 4
STEP_MS = 250

ORDER_EXPAND = frozenset({"lineItems", "payments", "refunds", "discounts", "customers"})
PAYMENT_EXPAND = frozenset({"tender", "cardTransaction", "refunds"})

DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")

#: Per region, per weekday (Monday = 0): the (start hour, end hour) UTC window.
WINDOWS: dict[str, tuple[tuple[int, int], ...]] = {
    "na": ((10, 15),) * 7,
    "eu": ((1, 5),) * 5 + ((2, 5), (2, 6)),
}
_WINDOW_TEXT = {
    "na": "every day 10:00-15:00",
    "eu": "Mon-Fri 01:00-05:00, Sat 02:00-05:00, Sun 02:00-06:00",
}


# -------------------------------------------------------------------- availability


def available_hours(region: str) -> list[dict[str, str]]:
    return [
        {"day": day, "start": f"{start:02d}:00", "end": f"{end:02d}:00"}
        for day, (start, end) in zip(DAYS, WINDOWS[region], strict=True)
    ]


def check_window(state: SandboxState, now_ms: int) -> None:
    """503 when export windows are on and sandbox time is outside the region's hours."""
    if not state.export_windows:
        return
    region = state.region if state.region in WINDOWS else "na"
    moment = datetime.fromtimestamp(now_ms // 1000, UTC)
    start, end = WINDOWS[region][moment.weekday()]
    if start <= moment.hour < end:
        return
    raise SandboxError(
        503,
        {
            "message": "Export service is available only during these hours (UTC): "
            f"{_WINDOW_TEXT[region]}. Try again within those hours.",
            "timeZone": "UTC",
            "availableHours": available_hours(region),
        },
    )


def check_capacity(state: SandboxState, merchant_id: str, now_ms: int) -> None:
    """503 when the merchant already runs ``max_running_exports`` unfinished exports."""
    db = state.db
    running = 0
    for row in db.query(
        "SELECT * FROM exports WHERE merchant_id = ? AND status NOT IN ('DONE', 'FAILED')",
        (merchant_id,),
    ):
        if advance(db, row, now_ms, poll=False)["status"] != "DONE":
            running += 1
    if running >= state.max_running_exports:
        raise SandboxError(
            503,
            {
                "message": f"Too many exports in progress for this merchant ({running}, the "
                f"limit is {state.max_running_exports}): wait for a running export to "
                "finish before starting another"
            },
        )


# ------------------------------------------------------------------------ creation


def parse_time(body: dict[str, Any], name: str) -> int:
    """``startTime`` / ``endTime``: epoch ms as a number or a digit string."""
    value = body.get(name)
    if value is None:
        raise v3_error(400, f"{name} is required")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise v3_error(400, f"{name} must be epoch milliseconds (a number or a digit string)")


def validate_request(body: dict[str, Any]) -> tuple[str, int, int]:
    kind = body.get("type")
    if kind is None:
        raise v3_error(400, "type is required")
    if kind not in TYPES:
        raise v3_error(400, "type must be ORDERS or PAYMENTS")
    start, end = parse_time(body, "startTime"), parse_time(body, "endTime")
    if end < start:
        raise v3_error(400, "endTime must not be before startTime")
    if end - start > MAX_WINDOW_MS:
        raise v3_error(400, "The export window may span at most 30 days: split longer spans")
    return kind, start, end


def create(db: Database, merchant_id: str, kind: str, start: int, end: int, now_ms: int) -> Row:
    export_id = new_id()
    db.insert(
        "exports",
        {
            "id": export_id,
            "merchant_id": merchant_id,
            "type": kind,
            "start_ms": start,
            "end_ms": end,
            "created_ms": now_ms,
            "modified_ms": now_ms,
            "status": "PENDING",
            "percent_complete": 0,
            "body": {"polls": 0},
        },
    )
    return _row(db, export_id)


def _row(db: Database, export_id: str) -> Row:
    row = db.one("SELECT * FROM exports WHERE id = ?", (export_id,))
    assert row is not None
    return row


# ------------------------------------------------------------------------ progress


def advance(db: Database, row: Row, now_ms: int, *, poll: bool) -> Row:
    """Bring an export's progress up to date (one more poll when ``poll``); in a tx."""
    if row["status"] in ("DONE", "FAILED"):
        return row
    body = loads(row["body"])
    polls = int(body.get("polls", 0)) + (1 if poll else 0)
    steps = min(STEPS, max(polls, (now_ms - row["created_ms"]) // STEP_MS))
    body["polls"] = polls
    values: dict[str, Any] = {"body": body}
    if steps >= STEPS:
        values.update(
            status="DONE",
            percent_complete=100,
            available_until_ms=now_ms + FILE_LIFETIME_MS,
            modified_ms=now_ms,
        )
        _write_files(db, row, now_ms + FILE_LIFETIME_MS)
    elif steps > 0:
        percent = steps * 100 // STEPS
        if row["status"] != "IN_PROGRESS" or row["percent_complete"] != percent:
            values.update(status="IN_PROGRESS", percent_complete=percent, modified_ms=now_ms)
    db.update("exports", row["id"], values)
    return _row(db, row["id"])


def _objects(db: Database, row: Row) -> list[dict[str, Any]]:
    window = (row["merchant_id"], row["start_ms"], row["end_ms"])
    if row["type"] == "ORDERS":
        orders = db.query(
            "SELECT * FROM orders WHERE merchant_id = ? AND created_ms BETWEEN ? AND ? "
            "AND deleted_ms IS NULL ORDER BY created_ms, id",
            window,
        )
        return [render_order(db, order, ORDER_EXPAND) for order in orders]
    charges = db.query(
        "SELECT * FROM charges WHERE merchant_id = ? AND created_ms BETWEEN ? AND ? "
        "ORDER BY created_ms, id",
        window,
    )
    return [render_payment(db, charge, PAYMENT_EXPAND) for charge in charges]


def _write_files(db: Database, row: Row, expires_ms: int) -> None:
    objects = _objects(db, row)
    chunks = [
        objects[i : i + OBJECTS_PER_FILE] for i in range(0, len(objects), OBJECTS_PER_FILE)
    ] or [[]]
    for seq, chunk in enumerate(chunks):
        db.insert(
            "export_files",
            {
                "id": new_id(),
                "export_id": row["id"],
                "seq": seq,
                "expires_ms": expires_ms,
                "content": json.dumps({"elements": chunk}, separators=(",", ":")),
            },
        )


# ----------------------------------------------------------------- reading back


def find(db: Database, merchant_id: str, export_id: str) -> Row | None:
    return db.one(
        "SELECT * FROM exports WHERE id = ? AND merchant_id = ?", (export_id, merchant_id)
    )


def render(db: Database, row: Row, base_url: str) -> dict[str, Any]:
    """The export object; ``base_url`` (no trailing slash) makes URLs absolute."""
    export: dict[str, Any] = {
        "href": f"{base_url}/v3/merchants/{row['merchant_id']}/exports/{row['id']}",
        "id": row["id"],
        "type": row["type"],
        "status": row["status"],
        "percentComplete": row["percent_complete"],
        "startTime": row["start_ms"],
        "endTime": row["end_ms"],
        "createdTime": row["created_ms"],
        "modifiedTime": row["modified_ms"],
        "availableUntil": row["available_until_ms"],
        "merchantRef": {"id": row["merchant_id"]},
    }
    if row["status"] == "DONE":
        files = db.query(
            "SELECT id FROM export_files WHERE export_id = ? ORDER BY seq", (row["id"],)
        )
        export["exportUrls"] = {
            "elements": [
                {"url": f"{base_url}/_exports/{f['id']}", "export": {"id": row["id"]}}
                for f in files
            ]
        }
    return export


def file_content(db: Database, file_id: str, now_ms: int) -> str | None:
    """A file's JSON text, or None when it never existed or has expired.

    An expired file's content is dropped; its row stays so the export still lists it.
    """
    row = db.one("SELECT expires_ms, content FROM export_files WHERE id = ?", (file_id,))
    if row is None:
        return None
    if row["expires_ms"] <= now_ms:
        with db.tx():
            db.execute("UPDATE export_files SET content = '' WHERE id = ?", (file_id,))
        return None
    content: str = row["content"]
    return content
