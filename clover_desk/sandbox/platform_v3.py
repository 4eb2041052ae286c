"""Shared machinery of the v3 platform endpoints: request context, lists, 90-day windows.

Every v3 handler starts with :func:`begin` (Bearer auth, the path's ``{mId}`` must be
the token's merchant, absolute hrefs) and answers lists through :func:`list_response`
(limit/offset, ANDed filters, at most three expansions, newest first where Clover
sorts so, ``X-Clover-Allowed-Filter-Fields`` on every list).

90-day windows (exports.md §2):

* payments and refunds: a time filter (``createdTime``, ``clientCreatedTime``,
  ``modifiedTime``) whose range is longer than 90 days is silently narrowed to the most
  recent 90 days of that range; an open lower bound counts as longer; an equality test
  is not a range and is left alone. With no time filter at all nothing is clipped.
* orders: when a filter uses any field of :data:`ORDER_90_DAY_FIELDS` the results are
  limited to orders created in the last 90 days (sandbox time).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .auth import Merchant, require_v3_merchant, state_of
from .db import Database, Row
from .errors import v3_error
from .jsonutil import respond
from .listing import (
    Column,
    V3Filter,
    V3ListParams,
    allowed_filter_header,
    parse_v3_list,
    v3_envelope,
    v3_where,
)
from .views_v3 import set_href_base

DAY_MS = 86_400_000
WINDOW_MS = 90 * DAY_MS

TIME_FIELDS = ("createdTime", "clientCreatedTime", "modifiedTime")

ORDER_90_DAY_FIELDS = frozenset(
    {
        "deletedTime",
        "externalReferenceId",
        "createdTime",
        "total",
        "payType",
        "title",
        "note",
        "state",
        "manualTransaction",
        "cardTransaction.last4",
        "testMode",
        "touched",
    }
)


@dataclass(frozen=True)
class Ctx:
    merchant: Merchant
    db: Database
    now_ms: int

    @property
    def mid(self) -> str:
        return self.merchant.id


def begin(request: Request) -> Ctx:
    """Authenticate a v3 call and prepare rendering for it."""
    merchant = require_v3_merchant(request)
    set_href_base(request)
    state = state_of(request)
    return Ctx(merchant, state.db, state.clock.now_ms())


def path_id(request: Request, name: str) -> str:
    return str(request.path_params[name])


#: A filter handled outside ``v3_where``: returns an SQL clause and its parameters.
CustomFilter = Callable[[V3Filter], tuple[str, list[Any]]]


def exists_filter(template: str) -> CustomFilter:
    """A filter on a value of a related collection: ``EXISTS (... {cmp} ...)``.

    ``template`` holds ``{cmp}`` where the comparison of the related value goes, e.g.
    ``SELECT 1 FROM charges c WHERE c.order_id = orders.id AND c.card_last4 {cmp}``.
    """

    def build(item: V3Filter) -> tuple[str, list[Any]]:
        if item.op in ("IS NULL", "IS NOT NULL"):
            clause = f"EXISTS ({template.format(cmp='IS NOT NULL')})"
            return (clause if item.op == "IS NOT NULL" else f"NOT {clause}"), []
        if item.op == "IN":
            assert isinstance(item.value, tuple)
            marks = ",".join("?" for _ in item.value)
            return f"EXISTS ({template.format(cmp=f'IN ({marks})')})", list(item.value)
        if item.op == "!=":
            return f"NOT EXISTS ({template.format(cmp='= ?')})", [item.value]
        return f"EXISTS ({template.format(cmp=item.op + ' ?')})", [item.value]

    return build


def time_window_clauses(
    filters: Sequence[V3Filter], columns: Mapping[str, Column], now_ms: int
) -> tuple[list[str], list[Any]]:
    """Clauses narrowing long time ranges to their most recent 90 days (payments, refunds)."""
    clauses: list[str] = []
    args: list[Any] = []
    for name in TIME_FIELDS:
        mine = [f for f in filters if f.field == name and isinstance(f.value, str)]
        if not mine or name not in columns or any(f.op in ("=", "IN") for f in mine):
            continue
        uppers = [_int(f.value) for f in mine if f.op in ("<", "<=")]
        lowers = [_int(f.value) for f in mine if f.op in (">", ">=")]
        upper = min(uppers) if uppers else now_ms
        lower = max(lowers) if lowers else None
        if lower is None or upper - lower > WINDOW_MS:
            clauses.append(f"{columns[name].sql} >= ?")
            args.append(upper - WINDOW_MS)
    return clauses, args


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise v3_error(400, f"Invalid time value: {value}") from None


def list_response(
    request: Request,
    ctx: Ctx,
    *,
    table: str,
    where: str,
    where_args: Sequence[Any],
    columns: Mapping[str, Column],
    expands: Sequence[str],
    order_by: str,
    render: Callable[[Row, frozenset[str]], dict[str, Any]],
    custom: Mapping[str, CustomFilter] | None = None,
    extra: Callable[[V3ListParams], tuple[list[str], list[Any]]] | None = None,
) -> Response:
    """One page of a v3 list: ``{"elements", "href"}`` plus the allowed-filter header."""
    custom = custom or {}
    allowed = [*columns, *custom]
    params = parse_v3_list(request, allowed, expands)
    plain = [f for f in params.filters if f.field in columns]
    clause, args = v3_where(plain, columns)
    clauses = [f"({where})", clause]
    all_args: list[Any] = [*where_args, *args]
    for item in params.filters:
        if item.field in custom:
            sql, more = custom[item.field](item)
            clauses.append(sql)
            all_args.extend(more)
    if extra is not None:
        more_clauses, more_args = extra(params)
        clauses.extend(more_clauses)
        all_args.extend(more_args)
    rows = ctx.db.query(
        f"SELECT * FROM {table} WHERE {' AND '.join(clauses)} "  # noqa: S608 - our SQL
        f"ORDER BY {order_by} LIMIT ? OFFSET ?",
        [*all_args, params.limit, params.offset],
    )
    body = v3_envelope([render(row, params.expand) for row in rows], str(request.url))
    return respond(body, headers=allowed_filter_header(allowed))


def collection(value: Any) -> list[Any] | None:
    """A collection from a request body: a bare list or ``{"elements": [...]}``."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("elements")
    if not isinstance(value, list):
        return None
    return value


def require_int(body: Mapping[str, Any], name: str, *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise v3_error(400, f"{name} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise v3_error(400, f"{name} must be an integer")
    return value


def require_str(
    body: Mapping[str, Any], name: str, *, required: bool = False, max_len: int | None = None
) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise v3_error(400, f"{name} is required")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise v3_error(400, f"{name} must be a non-empty string")
    if max_len is not None and len(value) > max_len:
        raise v3_error(400, f"{name} must be at most {max_len} characters")
    return value


def require_bool(body: Mapping[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise v3_error(400, f"{name} must be a boolean")
    return value


def ref_id(value: Any, name: str) -> str | None:
    """The id of a ``{"id": ...}`` reference in a request body (None when absent)."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("id")
    if not isinstance(value, str) or not value:
        raise v3_error(400, f'{name} must be a reference {{"id": ...}}')
    return value
