"""List endpoints: v1 cursor paging and v3 limit/offset/filter/expand.

v1 (README §Pagination): ``limit`` 1–100 (default 10), ``starting_after`` /
``ending_before`` cursors, ``created.{gt,gte,lt,lte}`` windows whose values are epoch
ms or date strings; newest first; envelope ``{"object": "list", "url", "has_more",
"data"}``.

v3: ``limit`` (default 100, max 1000), ``offset``, repeated ``filter=<field><op><value>``
ANDed, ``expand=a,b`` on at most three distinct top-level fields (``a.b`` expands ``a``);
envelope ``{"elements", "href"}``; ``X-Clover-Allowed-Filter-Fields`` names what may be
filtered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from starlette.requests import Request

from .bounds import int64
from .db import Database, Row
from .errors import invalid_request, v3_error

V1_MAX_LIMIT = 100
V1_DEFAULT_LIMIT = 10
V3_MAX_LIMIT = 1000
V3_DEFAULT_LIMIT = 100
V3_MAX_EXPANDS = 3

_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_DATE_FORMATS = ("%Y-%m-%dT%H%M%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")


def parse_time_value(raw: str, param: str) -> int:
    """Epoch ms from a number or one of the date-string forms Clover's docs show (UTC)."""
    text = raw.strip()
    number = int64(text)
    if number is not None:
        return number
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        return int(parsed.timestamp() * 1000)
    raise invalid_request(f"Invalid timestamp for {param}: {raw!r}", param=param)


@dataclass(frozen=True)
class V1ListParams:
    limit: int = V1_DEFAULT_LIMIT
    starting_after: str | None = None
    ending_before: str | None = None
    #: (sql operator, epoch ms) pairs on ``created_ms``.
    created: tuple[tuple[str, int], ...] = ()


def parse_v1_list(request: Request) -> V1ListParams:
    query = request.query_params
    raw_limit = query.get("limit")
    limit = V1_DEFAULT_LIMIT
    if raw_limit is not None:
        number = int64(raw_limit)
        if number is None or not 1 <= number <= V1_MAX_LIMIT:
            raise invalid_request(
                f"limit must be an integer from 1 to {V1_MAX_LIMIT}", param="limit"
            )
        limit = number
    created: list[tuple[str, int]] = []
    for name, value in query.multi_items():
        match = re.fullmatch(r"created(?:\.(\w+)|\[(\w+)\])?", name)
        if not match:
            continue
        op_name = match.group(1) or match.group(2)
        if op_name is None:
            created.append(("=", parse_time_value(value, name)))
        elif op_name in _COMPARISONS:
            created.append((_COMPARISONS[op_name], parse_time_value(value, name)))
        else:
            raise invalid_request(f"Unknown operator in {name}", param=name)
    return V1ListParams(
        limit=limit,
        starting_after=query.get("starting_after") or None,
        ending_before=query.get("ending_before") or None,
        created=tuple(created),
    )


def v1_page(
    db: Database,
    table: str,
    merchant_id: str,
    params: V1ListParams,
    where: str = "1 = 1",
    where_params: Sequence[Any] = (),
) -> tuple[list[Row], bool]:
    """One page of ``table`` newest first, plus ``has_more``.

    ``where`` narrows the rows (e.g. ``charge_id = ?``). A cursor naming an object
    that does not exist is ``resource_missing``.
    """
    clauses = ["merchant_id = ?", f"({where})"]
    args: list[Any] = [merchant_id, *where_params]
    for op, value in params.created:
        clauses.append(f"created_ms {op} ?")
        args.append(value)
    cursor_id = params.starting_after or params.ending_before
    backwards = params.starting_after is None and params.ending_before is not None
    if cursor_id is not None:
        anchor = db.one(
            f"SELECT created_ms FROM {table} WHERE id = ? AND merchant_id = ?",  # noqa: S608
            (cursor_id, merchant_id),
        )
        if anchor is None:
            raise invalid_request(
                f"No such object: '{cursor_id}'",
                param="ending_before" if backwards else "starting_after",
                code="resource_missing",
            )
        op = ">" if backwards else "<"
        clauses.append(f"(created_ms {op} ? OR (created_ms = ? AND id {op} ?))")
        args += [anchor["created_ms"], anchor["created_ms"], cursor_id]
    order = "ASC" if backwards else "DESC"
    rows = db.query(
        f"SELECT * FROM {table} WHERE {' AND '.join(clauses)} "  # noqa: S608 - our SQL
        f"ORDER BY created_ms {order}, id {order} LIMIT ?",
        [*args, params.limit + 1],
    )
    has_more = len(rows) > params.limit
    rows = rows[: params.limit]
    if backwards:
        rows.reverse()
    return rows, has_more


def v1_envelope(url: str, data: list[Any], has_more: bool) -> dict[str, Any]:
    return {"object": "list", "url": url, "has_more": has_more, "data": data}


FilterOp = Literal["=", "!=", ">", ">=", "<", "<=", "IS NOT NULL", "IS NULL", "IN"]


@dataclass(frozen=True)
class V3Filter:
    field: str
    op: FilterOp
    #: A single value, or the tuple of values for ``IN``; None for the NULL tests.
    value: str | tuple[str, ...] | None


@dataclass(frozen=True)
class V3ListParams:
    limit: int = V3_DEFAULT_LIMIT
    offset: int = 0
    filters: tuple[V3Filter, ...] = ()
    expand: frozenset[str] = field(default_factory=frozenset)


_FILTER_RE = re.compile(
    r"^\s*(?P<field>[A-Za-z_][\w.]*)\s*"
    r"(?:(?P<null>IS\s+NOT\s+NULL|IS\s+NULL)"
    r"|(?P<in>\s+in\s*\((?P<list>.*)\))"
    r"|(?P<op>>=|<=|!=|<>|=|>|<)\s*(?P<value>.*))\s*$",
    re.IGNORECASE | re.DOTALL,
)


_OPERATORS: dict[str, FilterOp] = {
    "=": "=",
    "!=": "!=",
    "<>": "!=",
    ">": ">",
    ">=": ">=",
    "<": "<",
    "<=": "<=",
}


def parse_v3_filter(text: str) -> V3Filter:
    match = _FILTER_RE.match(text)
    if match is None:
        raise v3_error(400, f"Invalid filter: {text}")
    name = match.group("field")
    if match.group("null"):
        op: FilterOp = "IS NOT NULL" if "NOT" in match.group("null").upper() else "IS NULL"
        return V3Filter(name, op, None)
    if match.group("in"):
        items = tuple(
            part.strip().strip("'\"") for part in match.group("list").split(",") if part.strip()
        )
        return V3Filter(name, "IN", items)
    raw_op = match.group("op")
    return V3Filter(name, _OPERATORS[raw_op], match.group("value").strip().strip("'\""))


def parse_v3_list(
    request: Request, allowed_filters: Sequence[str], allowed_expands: Sequence[str]
) -> V3ListParams:
    """Parse and validate v3 list parameters against an endpoint's allowed fields."""
    query = request.query_params
    limit = _v3_int(query.get("limit"), "limit", V3_DEFAULT_LIMIT)
    limit = max(1, min(limit, V3_MAX_LIMIT))
    offset = max(0, _v3_int(query.get("offset"), "offset", 0))
    filters = tuple(parse_v3_filter(raw) for raw in query.getlist("filter"))
    for item in filters:
        if item.field not in allowed_filters:
            raise v3_error(
                400,
                f"Invalid filter field: {item.field}",
                "Allowed filter fields: " + ", ".join(allowed_filters),
            )
    return V3ListParams(limit, offset, filters, parse_expand(request, allowed_expands))


def parse_expand(request: Request, allowed: Sequence[str]) -> frozenset[str]:
    """``expand`` paths (comma-separated, possibly repeated) on at most three fields.

    The cap counts distinct top-level fields, not paths: ``lineItems.modifications,
    lineItems.discounts,payments`` expands two fields (``lineItems`` with two of its
    collections, and ``payments``). A nested path expands its parent too (see
    :func:`views_v3.expanded`), so naming the parent as well adds nothing.
    """
    names = [
        part.strip()
        for raw in request.query_params.getlist("expand")
        for part in raw.split(",")
        if part.strip()
    ]
    unknown = sorted(set(names) - set(allowed))
    if unknown:
        raise v3_error(400, f"Invalid expand field: {unknown[0]}")
    fields = {expand_field(name) for name in names}
    if len(fields) > V3_MAX_EXPANDS:
        raise v3_error(
            400,
            f"Too many expansions: at most {V3_MAX_EXPANDS} fields per call",
            "Expanded fields: " + ", ".join(sorted(fields)),
        )
    return frozenset(names)


def expand_field(path: str) -> str:
    """The top-level field an expand path expands (``lineItems.discounts`` -> ``lineItems``)."""
    return path.split(".", 1)[0]


def _v3_int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    number = int64(raw)
    if number is None:
        raise v3_error(400, f"Invalid {name}: {raw}")
    return number


@dataclass(frozen=True)
class Column:
    """How a v3 filter field maps to SQL: an expression and the value's type."""

    sql: str
    kind: Literal["int", "str", "bool"] = "str"


def v3_where(filters: Sequence[V3Filter], columns: Mapping[str, Column]) -> tuple[str, list[Any]]:
    """SQL (ANDed) and parameters for parsed filters; every field must be in ``columns``."""
    clauses: list[str] = []
    args: list[Any] = []
    for item in filters:
        column = columns.get(item.field)
        if column is None:
            raise v3_error(400, f"Invalid filter field: {item.field}")
        if item.op in ("IS NOT NULL", "IS NULL"):
            clauses.append(f"{column.sql} {item.op}")
        elif item.op == "IN":
            assert isinstance(item.value, tuple)
            values = [_typed(v, column, item.field) for v in item.value]
            clauses.append(f"{column.sql} IN ({','.join('?' for _ in values)})")
            args.extend(values)
        else:
            assert isinstance(item.value, str)
            clauses.append(f"{column.sql} {item.op} ?")
            args.append(_typed(item.value, column, item.field))
    return (" AND ".join(clauses) or "1 = 1"), args


def _typed(value: str, column: Column, name: str) -> Any:
    if column.kind == "int":
        number = int64(value)
        if number is None:
            raise v3_error(400, f"Invalid value for {name}: {value}")
        return number
    if column.kind == "bool":
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise v3_error(400, f"Invalid value for {name}: {value}")
        return 1 if lowered == "true" else 0
    return value


def v3_envelope(elements: list[Any], href: str) -> dict[str, Any]:
    return {"elements": elements, "href": href}


def allowed_filter_header(fields: Sequence[str]) -> dict[str, str]:
    return {"X-Clover-Allowed-Filter-Fields": ", ".join(fields)}
