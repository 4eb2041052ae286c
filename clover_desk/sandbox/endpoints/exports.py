"""The v3 export service (exports.md §1); the domain lives in ``exports_service``.

* ``POST /v3/merchants/{mId}/exports`` ``{"type", "startTime", "endTime"}`` → the
  export object, ``PENDING`` (200, as v3 creates answer).
* ``GET /v3/merchants/{mId}/exports/{exportId}`` → the export object, progressed; the
  poll that would finish it waits (briefly, asynchronously) for a build still running.
* ``GET /_exports/{fileId}`` → a data file ``{"elements": [...]}``, fetched WITHOUT
  auth (the middleware exempts this prefix from limits and faults); 404 once expired.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .. import exports_service as service
from ..auth import require_v3_merchant, state_of
from ..errors import v3_error, v3_not_found
from ..jsonutil import read_json, respond
from ..views_v3 import set_href_base


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def create_export(request: Request) -> JSONResponse:
    merchant = require_v3_merchant(request)
    set_href_base(request)
    state = state_of(request)
    body = await read_json(request, v3=True)
    db = state.db
    with db.tx():
        now = state.clock.now_ms()
        service.check_window(state, now)
        kind, start, end = service.validate_request(body)
        service.check_capacity(state, merchant.id, now)
        row = service.create(db, merchant.id, kind, start, end, now)
    # Committed first: the worker reads through its own connection when it can.
    service.start_build(state, row)
    return respond(service.render(db, row, _base(request)))


async def get_export(request: Request) -> JSONResponse:
    merchant = require_v3_merchant(request)
    set_href_base(request)
    state = state_of(request)
    db = state.db
    export_id = request.path_params["exportId"]
    row = service.find(db, merchant.id, export_id)
    if row is None:
        raise v3_not_found("Export")
    build = service.build_to_await(state, row, state.clock.now_ms())
    if build is not None:
        # Awaited, not blocked on: the server goes on serving while this poll waits.
        await asyncio.wait([asyncio.wrap_future(build)], timeout=service.DONE_GRACE_S)
    with db.tx():
        row = service.find(db, merchant.id, export_id)
        if row is None:
            raise v3_not_found("Export")
        row = service.advance(state, row, state.clock.now_ms(), poll=True)
        return respond(service.render(db, row, _base(request)))


async def export_file(request: Request) -> Response:
    state = state_of(request)
    content = service.file_content(state.db, request.path_params["fileId"], state.clock.now_ms())
    if content is None:
        raise v3_error(404, "Not Found", "Export file not found or expired")
    return Response(content, media_type="application/json")


def routes() -> list[BaseRoute]:
    return [
        Route("/v3/merchants/{mId}/exports", create_export, methods=["POST"]),
        Route("/v3/merchants/{mId}/exports/{exportId}", get_export, methods=["GET"]),
        Route("/_exports/{fileId}", export_file, methods=["GET"]),
    ]
