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
client polling every 5 s finds it ``DONE`` at once — as long as the files are built.

Building: the files are built from creation on, on the sandbox's build worker thread
(:mod:`export_builds`), in chunks of 1000 objects rendered in bulk
(:mod:`export_render`), from the data as it is while each chunk is read; the server
keeps answering meanwhile. An export is ``DONE`` only when its steps are taken *and*
its files are written; until then ``percentComplete`` is the lesser of the steps' and
the build's real progress (at least 1 once ``IN_PROGRESS``, never falling). A poll
that would finish the export but for its build waits up to :data:`DONE_GRACE_S` for it
(without blocking the server), so small exports still end on the fourth poll. A build
that fails turns the export ``FAILED``; one lost to a restart of a file-backed sandbox
is started again at the next poll.

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

import concurrent.futures
import json
from datetime import UTC, datetime
from typing import Any

from .db import Database, Row, loads
from .errors import SandboxError, v3_error
from .export_builds import Build
from .export_render import Tenders, render_orders, render_payments
from .ids import new_id
from .state import SandboxState

TYPES = ("ORDERS", "PAYMENTS")
DAY_MS = 86_400_000
MAX_WINDOW_MS = 30 * DAY_MS
FILE_LIFETIME_MS = DAY_MS
OBJECTS_PER_FILE = 1000
STEPS = 4
STEP_MS = 250
#: How long a finishing poll waits for a build still running (real seconds).
DONE_GRACE_S = 1.0
#: ``expires_ms`` of a file whose export is not DONE yet (its URL is not published):
#: never expired; the real expiry is set when the export turns DONE.
UNPUBLISHED_MS = 2**62

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
        if advance(state, row, now_ms, poll=False)["status"] not in ("DONE", "FAILED"):
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


def _steps(row: Row, polls: int, now_ms: int) -> int:
    return int(min(STEPS, max(polls, (now_ms - row["created_ms"]) // STEP_MS)))


def advance(state: SandboxState, row: Row, now_ms: int, *, poll: bool) -> Row:
    """Bring an export's progress up to date (one more poll when ``poll``); in a tx."""
    if row["status"] in ("DONE", "FAILED"):
        return row
    db = state.db
    build = start_build(state, row)
    body = loads(row["body"])
    polls = int(body.get("polls", 0)) + (1 if poll else 0)
    steps = _steps(row, polls, now_ms)
    body["polls"] = polls
    values: dict[str, Any] = {"body": body}
    if build.error is not None:
        values.update(status="FAILED", modified_ms=now_ms)
        state.builds.forget(row["id"])
    elif steps >= STEPS and build.finished:
        expires_ms = now_ms + FILE_LIFETIME_MS
        values.update(
            status="DONE",
            percent_complete=100,
            available_until_ms=expires_ms,
            modified_ms=now_ms,
        )
        db.execute(
            "UPDATE export_files SET expires_ms = ? WHERE export_id = ?", (expires_ms, row["id"])
        )
        state.builds.forget(row["id"])
    elif steps > 0:
        # IN_PROGRESS says some work is done: at least 1 %, and never less than shown.
        percent = max(1, min(steps * 100 // STEPS, build.percent, 99), row["percent_complete"])
        if row["status"] != "IN_PROGRESS" or row["percent_complete"] != percent:
            values.update(status="IN_PROGRESS", percent_complete=percent, modified_ms=now_ms)
    db.update("exports", row["id"], values)
    return _row(db, row["id"])


def build_to_await(
    state: SandboxState, row: Row, now_ms: int
) -> concurrent.futures.Future[None] | None:
    """The running build a poll of ``row`` now would wait for: one that alone keeps it from DONE."""
    if row["status"] in ("DONE", "FAILED"):
        return None
    build = state.builds.get(row["id"])
    if build is None or build.future.done():
        return None
    polls = int(loads(row["body"]).get("polls", 0)) + 1
    return build.future if _steps(row, polls, now_ms) >= STEPS else None


def start_build(state: SandboxState, row: Row) -> Build:
    """The export's build: the one under way, else a new one (at creation, or after a restart).

    Call it while serving the request, after :func:`views_v3.set_href_base`: the build
    renders hrefs with that request's base URL.
    """
    spec = {k: row[k] for k in ("id", "merchant_id", "type", "start_ms", "end_ms")}

    def work(db: Database, build: Build) -> None:
        _build_files(db, spec, build)

    return state.builds.submit(row["id"], work)


#: Each kind's objects in a window, in file order (ids only: rows are read per chunk).
_WINDOW_IDS = {
    "ORDERS": "SELECT id FROM orders WHERE merchant_id = ? AND created_ms BETWEEN ? AND ? "
    "AND deleted_ms IS NULL ORDER BY created_ms, id",
    "PAYMENTS": "SELECT id FROM charges WHERE merchant_id = ? AND created_ms BETWEEN ? AND ? "
    "ORDER BY created_ms, id",
}
_CHUNK_ROWS = {
    "ORDERS": "SELECT * FROM orders WHERE id IN ({}) AND deleted_ms IS NULL",
    "PAYMENTS": "SELECT * FROM charges WHERE id IN ({})",
}


def _build_files(db: Database, spec: dict[str, Any], build: Build) -> None:
    """Write the export's files, one per chunk of :data:`OBJECTS_PER_FILE` objects.

    Runs on the build worker; ``db`` is its own connection or the shared one (see
    :mod:`export_builds`), so every statement here is short and the lock, when shared,
    is never held while rendering.
    """
    export_id, merchant_id, kind = spec["id"], spec["merchant_id"], spec["type"]
    with db.tx():  # a build cut short by a restart left some files: start over
        db.execute("DELETE FROM export_files WHERE export_id = ?", (export_id,))
    ids = [
        r[0] for r in db.query(_WINDOW_IDS[kind], (merchant_id, spec["start_ms"], spec["end_ms"]))
    ]
    build.progress(0, len(ids))
    tenders = Tenders(db)
    render = render_orders if kind == "ORDERS" else render_payments
    # An export matching nothing still has one (empty) file.
    for seq, first in enumerate(range(0, len(ids) or 1, OBJECTS_PER_FILE)):
        chunk = ids[first : first + OBJECTS_PER_FILE]
        rows = {
            r["id"]: r
            for r in db.query(_CHUNK_ROWS[kind].format(",".join("?" * len(chunk))), chunk)
        }
        # Rows deleted since the ids were listed are left out, like Clover's own races.
        objects = render(db, merchant_id, [rows[i] for i in chunk if i in rows], tenders)
        content = json.dumps({"elements": objects}, separators=(",", ":"))
        with db.tx():
            db.insert(
                "export_files",
                {
                    "id": new_id(),
                    "export_id": export_id,
                    "seq": seq,
                    "expires_ms": UNPUBLISHED_MS,
                    "content": content,
                },
            )
        build.progress(first + len(chunk), len(ids))


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
