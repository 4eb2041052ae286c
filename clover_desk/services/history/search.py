"""Reading the history store: the Orders and Charges tables' searches (:class:`OrderQuery`,
:class:`PaymentQuery`) and their search and sort SQL, and the readers that turn the
store's rows into :class:`OrderRow`, :class:`PaymentRow` and :class:`SyncWindow`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from clover_desk.services.history.order_sort import OrderOrder, OrderSort, sort_key_sql
from clover_desk.services.history.rows import (
    OrderRow,
    PaymentRow,
    SyncWindow,
    WindowStatus,
    _json_list,
    _marks,
    from_ms,
)

__all__ = ["OrderQuery", "PaymentQuery", "fts_query", "orders_sorted_sql"]


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """What staff typed as an FTS5 query; ``None`` when there is nothing to search.

    Each whitespace-separated word becomes a phrase of its alphanumeric parts with the
    last part a prefix, and the words are ANDed: ``jane.do`` → ``"jane" + "do"*``
    (matches jane.doe@example.com), ``12.3`` → ``"12" + "3"*`` (matches 12.34),
    ``4242`` → ``"4242"*``. Quotes and FTS operators in the input are never syntax.
    """
    phrases = []
    for word in text.split():
        parts = _WORD.findall(word.casefold())
        if not parts:
            continue
        quoted = " + ".join(f'"{p}"' for p in parts)
        phrases.append(quoted + "*")
    return " AND ".join(phrases) if phrases else None


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """The Orders table's search: free text plus optional bounds (``None``: unbounded).

    ``created_from_ms`` inclusive, ``created_to_ms`` exclusive.
    """

    text: str = ""
    created_from_ms: int | None = None
    created_to_ms: int | None = None
    min_total: int | None = None
    max_total: int | None = None
    customer_id: str = ""


@dataclass(frozen=True, slots=True)
class PaymentQuery:
    """The Charges table's search over stored payments (see :class:`OrderQuery`)."""

    text: str = ""
    created_from_ms: int | None = None
    created_to_ms: int | None = None
    min_amount: int | None = None
    max_amount: int | None = None
    customer_id: str = ""
    last4: str = ""
    results: tuple[str, ...] = ()


def orders_sorted_sql(
    query: OrderQuery, order: OrderOrder, *, after: tuple[Any, int] | None, limit: int
) -> tuple[str, list[Any]]:
    """The query behind :meth:`HistoryStore.orders_sorted`: the sort key and ``rk`` of one page."""
    where: list[str] = []
    args: list[Any] = []
    match = fts_query(query.text)
    # With a search, the rows come from the FTS index in its rowid (= rk) order.
    rk = "orders_fts.rowid" if match is not None else "orders.rk"
    key = rk if order.by is OrderSort.CREATED else sort_key_sql(order.by)
    _add_ranges(
        where,
        args,
        "orders",
        "total",
        (query.created_from_ms, query.created_to_ms),
        (query.min_total, query.max_total),
    )
    if query.customer_id:
        where.append("orders.customer_id = ?")
        args.append(query.customer_id)
    beyond = "<" if order.descending else ">"
    if after is not None and order.by is OrderSort.CREATED:
        where.append(f"{rk} {beyond} ?")
        args.append(after[1])
    elif after is not None:
        # Not the row value (key, rk) < (?, ?): SQLite seeks an index on the key only
        # for a plain bound on it, and a page deep in the sort would scan from the top.
        where.append(f"{key} {beyond}= ? AND ({key} {beyond} ? OR {rk} {beyond} ?)")
        args.extend((after[0], after[0], after[1]))
    sql = _filtered(
        f"SELECT {key}, {rk} FROM orders_fts JOIN orders ON orders.rk = orders_fts.rowid "  # noqa: S608
        "WHERE orders_fts MATCH ?",
        f"SELECT {key}, {rk} FROM orders",  # noqa: S608
        match,
        where,
        args,
    )
    direction = "DESC" if order.descending else "ASC"
    # By creation the key is rk itself: naming it twice would make SQLite sort every
    # match instead of walking the index (or the FTS rowids) in order.
    tiebreak = "" if key == rk else f", {rk} {direction}"
    sql += f" ORDER BY {key} {direction}{tiebreak} LIMIT ?"
    args.append(limit)
    return sql, args


def _filtered(
    searched: str, plain: str, match: str | None, where: list[str], args: list[Any]
) -> str:
    """``searched`` (whose WHERE is the FTS ``MATCH ?``) when there is a ``match``, which then
    goes first in ``args``; else ``plain``. Either way with the ``where`` clauses ANDed on."""
    if match is not None:
        args.insert(0, match)
        sql, glue = searched, " AND "
    else:
        sql, glue = plain, " WHERE "
    return sql + glue + " AND ".join(where) if where else sql


def _add_ranges(
    where: list[str],
    args: list[Any],
    table: str,
    money: str,
    created_ms: tuple[int | None, int | None],
    amounts: tuple[int | None, int | None],
) -> None:
    """The optional bounds of a search: created in ``[from, to)`` (through ``rk``, which is
    the creation millisecond times 1024) and an amount column within ``[lo, hi]``."""
    created_from, created_to = created_ms
    if created_from is not None:
        where.append(f"{table}.rk >= ?")
        args.append(created_from * 1024)
    if created_to is not None:
        where.append(f"{table}.rk < ?")
        args.append(created_to * 1024)
    lo, hi = amounts
    if lo is not None:
        where.append(f"{table}.{money} >= ?")
        args.append(lo)
    if hi is not None:
        where.append(f"{table}.{money} <= ?")
        args.append(hi)


# --------------------------------------------------------------------- read helpers


def _name(first: str | None, last: str | None, emails: str | None = None) -> str:
    """First and last name, else the first email the store has, else ""."""
    name = " ".join(p for p in (first, last) if p)
    return name or next(iter(_json_list(emails)), "")


def _order_rows(conn: sqlite3.Connection, rks: list[int]) -> list[OrderRow]:
    if not rks:
        return []
    rows = conn.execute(
        "SELECT o.id, o.rk, o.created_ms, o.currency, o.total, o.state, o.payment_state, "  # noqa: S608
        "o.customer_id, c.first_name, c.last_name, e.name, o.note, o.title, o.line_count, "
        "c.emails, "
        "(SELECT coalesce(sum(p.amount + p.tip_amount), 0) FROM payments p "
        " WHERE p.order_id = o.id AND p.result = 'SUCCESS'), "
        "(SELECT coalesce(sum(r.amount), 0) FROM refunds r "
        " WHERE r.order_id = o.id AND coalesce(r.status, 'SUCCESS') = 'SUCCESS') "
        "FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
        f"LEFT JOIN employees e ON e.id = o.employee_id WHERE o.rk IN ({_marks(len(rks))})",
        rks,
    ).fetchall()
    position = {rk: i for i, rk in enumerate(rks)}
    rows.sort(key=lambda r: position[r[1]])  # in the order asked for (the sort's)
    return [
        OrderRow(
            id=r[0],
            rk=r[1],
            created=from_ms(r[2]),
            currency=r[3],
            total=r[4],
            state=r[5],
            payment_state=r[6],
            customer_id=r[7],
            customer_name=_name(r[8], r[9], r[14]),
            employee_name=r[10] or "",
            note=r[11],
            title=r[12],
            line_count=r[13],
            paid=r[15],
            refunded=r[16],
        )
        for r in rows
    ]


def _payment_rows(conn: sqlite3.Connection, rks: list[int]) -> list[PaymentRow]:
    if not rks:
        return []
    rows = conn.execute(
        "SELECT p.id, p.rk, p.created_ms, p.order_id, p.currency, p.amount, p.tip_amount, "  # noqa: S608
        "p.tax_amount, p.result, coalesce(t.label, ''), p.card_type, p.first6, p.last4, "
        "p.auth_code, o.customer_id, c.first_name, c.last_name, e.name, c.emails, "
        "(SELECT coalesce(sum(r.amount), 0) FROM refunds r "
        " WHERE r.payment_id = p.id AND coalesce(r.status, 'SUCCESS') = 'SUCCESS') "
        "FROM payments p LEFT JOIN orders o ON o.id = p.order_id "
        "LEFT JOIN customers c ON c.id = o.customer_id "
        "LEFT JOIN tenders t ON t.id = p.tender_id "
        f"LEFT JOIN employees e ON e.id = p.employee_id WHERE p.rk IN ({_marks(len(rks))}) "
        "ORDER BY p.rk DESC",
        rks,
    ).fetchall()
    return [
        PaymentRow(
            id=r[0],
            rk=r[1],
            created=from_ms(r[2]),
            order_id=r[3],
            currency=r[4],
            amount=r[5],
            tip_amount=r[6],
            tax_amount=r[7],
            result=r[8],
            tender_label=r[9],
            card_type=r[10],
            first6=r[11],
            last4=r[12],
            auth_code=r[13],
            customer_id=r[14],
            customer_name=_name(r[15], r[16], r[18]),
            employee_name=r[17] or "",
            refunded=r[19],
        )
        for r in rows
    ]


def _window(row: sqlite3.Row | tuple[Any, ...]) -> SyncWindow:
    (
        kind,
        start_ms,
        end_ms,
        status,
        range_start_ms,
        export_id,
        export_created_ms,
        files_total,
        files_done,
        objects,
        last_created_ms,
        sorted_,
        caught_up,
    ) = tuple(row)
    return SyncWindow(
        kind=kind,
        start_ms=start_ms,
        end_ms=end_ms,
        status=WindowStatus(status),
        range_start_ms=range_start_ms,
        export_id=export_id,
        export_created_ms=export_created_ms,
        files_total=files_total,
        files_done=files_done,
        objects=objects,
        last_created_ms=last_created_ms,
        sorted=bool(sorted_),
        caught_up=bool(caught_up),
    )
