"""Writing the history store: wire objects turned into rows inside one transaction
(:class:`_Writer`), with their search documents; export files and the sync windows they
advance. Called on the store's writer thread or in its writer process
(:mod:`writer_process`), never on the event loop.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from clover_desk.api.models.common import Ref
from clover_desk.api.models.platform import (
    LineItem,
    Order,
    Payment,
    Refund,
    Tender,
    V3Customer,
)
from clover_desk.api.money import amount_text
from clover_desk.services.history.rows import (
    SyncWindow,
    T,
    WindowStatus,
    _chunks,
    _json_list,
    _marks,
    _ms,
    to_ms,
)


def in_transaction(conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """``fn(conn)`` inside ``BEGIN IMMEDIATE`` ... ``COMMIT``; rolled back if it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = fn(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


def _rk_base(created_ms: int, object_id: str) -> int:
    return created_ms * 1024 + (zlib.crc32(object_id.encode()) & 1023)


# ------------------------------------------------------------------------ sync windows


def _store_file(
    writer: _Writer,
    window: SyncWindow,
    seq: int,
    objects: Sequence[Order] | Sequence[Payment],
    payment_windows: Sequence[tuple[int, int]],
) -> SyncWindow:
    """Write export file ``seq`` of ``window``; returns the window with it counted."""
    created: list[int] = []
    if window.kind == "ORDERS":
        orders = [o for o in objects if isinstance(o, Order)]
        writer.orders(orders, payments_elsewhere=payment_windows, flush=False)
        created = [to_ms(o.created_time) for o in orders if o.created_time]
    else:
        payments = [p for p in objects if isinstance(p, Payment)]
        writer.payments(payments, flush=False)
        created = [to_ms(p.created_time) for p in payments if p.created_time]
    in_order = created == sorted(created)
    last = window.last_created_ms
    if created and last is not None and created[0] < last:
        in_order = False
    done = seq + 1
    return _replace(
        window,
        files_done=done,
        objects=window.objects + len(objects),
        last_created_ms=max([*created, *([last] if last is not None else [])], default=None),
        sorted=window.sorted and in_order,
        status=WindowStatus.DONE if done >= window.files_total else window.status,
    )


def store_export_files(
    conn: sqlite3.Connection,
    *,
    currency: str,
    window: SyncWindow,
    seq: int,
    files: Sequence[Sequence[Order] | Sequence[Payment]],
    defer_search: bool,
) -> SyncWindow:
    """Write export files ``seq``, ``seq + 1``, ... of ``window`` and the window with them
    counted (see ``HistoryStore.put_export_files``); returns that window."""
    writer = _Writer(conn, currency=currency, defer=defer_search)
    payment_windows = conn.execute(
        "SELECT start_ms, end_ms FROM sync_windows WHERE kind = 'PAYMENTS'"
    ).fetchall()
    updated = window
    for offset, objects in enumerate(files):
        updated = _store_file(writer, updated, seq + offset, objects, payment_windows)
    writer.flush()
    _save_window(conn, updated)
    return updated


def index_pending_batch(
    conn: sqlite3.Connection,
    *,
    currency: str,
    chunk: int,
    created_between: tuple[int, int] | None,
) -> int:
    """Build the search documents of up to ``chunk`` objects listed in ``search_pending``
    (orders first, then payments; see ``HistoryStore.index_pending``) and strike them
    off; returns how many were built, 0 when none is left."""
    within = "" if created_between is None else " AND t.created_ms BETWEEN ? AND ?"
    bounds = () if created_between is None else created_between
    writer = _Writer(conn, currency=currency)
    # Orders first: their payments' documents are rebuilt with them.
    for kind, table, dirty in (
        ("order", "orders", writer.dirty_orders),
        ("payment", "payments", writer.dirty_payments),
    ):
        dirty.update(
            r[0]
            for r in conn.execute(
                f"SELECT s.id FROM search_pending s JOIN {table} t ON t.id = s.id "  # noqa: S608
                f"WHERE s.kind = ?{within} LIMIT ?",
                (kind, *bounds, chunk),
            )
        )
        if dirty:
            break
    orders, payments = writer.flush()
    for kind, ids in (("order", orders), ("payment", payments)):
        for part in _chunks(ids):
            conn.execute(
                f"DELETE FROM search_pending WHERE kind = ? AND id IN ({_marks(len(part))})",  # noqa: S608
                [kind, *part],
            )
    return len(orders) + len(payments)


def _save_window(conn: sqlite3.Connection, w: SyncWindow) -> None:
    conn.execute(
        "INSERT INTO sync_windows(kind, start_ms, end_ms, status, range_start_ms, export_id, "
        "export_created_ms, files_total, files_done, objects, last_created_ms, sorted, "
        "caught_up) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(kind, start_ms) DO UPDATE SET "
        "end_ms = excluded.end_ms, status = excluded.status, "
        "range_start_ms = excluded.range_start_ms, export_id = excluded.export_id, "
        "export_created_ms = excluded.export_created_ms, files_total = excluded.files_total, "
        "files_done = excluded.files_done, objects = excluded.objects, "
        "last_created_ms = excluded.last_created_ms, sorted = excluded.sorted, "
        "caught_up = excluded.caught_up",
        (
            w.kind,
            w.start_ms,
            w.end_ms,
            w.status.value,
            w.range_start_ms,
            w.export_id,
            w.export_created_ms,
            w.files_total,
            w.files_done,
            w.objects,
            w.last_created_ms,
            int(w.sorted),
            int(w.caught_up),
        ),
    )


def _replace(window: SyncWindow, **changes: Any) -> SyncWindow:
    return replace(window, **changes)


# ----------------------------------------------------------------------------- writer


_ORDER_UPSERT = (
    "INSERT INTO orders(rk, id, created_ms, modified_ms, currency, total, state, "
    "payment_state, pay_type, title, note, employee_id, customer_id, line_count, lines) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
    "modified_ms = excluded.modified_ms, currency = excluded.currency, "
    "total = excluded.total, state = excluded.state, payment_state = excluded.payment_state, "
    "pay_type = excluded.pay_type, title = excluded.title, note = excluded.note, "
    "employee_id = excluded.employee_id, "
    "customer_id = coalesce(excluded.customer_id, orders.customer_id), "
    "line_count = CASE WHEN excluded.lines IS NULL THEN orders.line_count "
    "ELSE excluded.line_count END, lines = coalesce(excluded.lines, orders.lines) "
    "WHERE excluded.modified_ms >= orders.modified_ms"
)

_PAYMENT_UPSERT = (
    "INSERT INTO payments(rk, id, order_id, created_ms, modified_ms, currency, amount, "
    "tip_amount, tax_amount, result, tender_id, employee_id, card_type, first6, last4, "
    "entry_type, auth_code, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET "
    "order_id = coalesce(excluded.order_id, payments.order_id), "
    "modified_ms = max(excluded.modified_ms, payments.modified_ms), "
    "currency = excluded.currency, amount = excluded.amount, "
    "tip_amount = excluded.tip_amount, tax_amount = excluded.tax_amount, "
    "result = coalesce(excluded.result, payments.result), "
    "tender_id = coalesce(excluded.tender_id, payments.tender_id), "
    "employee_id = coalesce(excluded.employee_id, payments.employee_id), "
    "card_type = coalesce(excluded.card_type, payments.card_type), "
    "first6 = coalesce(excluded.first6, payments.first6), "
    "last4 = coalesce(excluded.last4, payments.last4), "
    "entry_type = coalesce(excluded.entry_type, payments.entry_type), "
    "auth_code = coalesce(excluded.auth_code, payments.auth_code), "
    "note = coalesce(excluded.note, payments.note) "
    "WHERE excluded.modified_ms >= payments.modified_ms"
)

_REFUND_UPSERT = (
    "INSERT INTO refunds(id, payment_id, order_id, created_ms, modified_ms, amount, "
    "tax_amount, tip_amount, status, reason, employee_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET "
    "payment_id = coalesce(excluded.payment_id, refunds.payment_id), "
    "order_id = coalesce(excluded.order_id, refunds.order_id), "
    "modified_ms = excluded.modified_ms, amount = excluded.amount, "
    "tax_amount = excluded.tax_amount, tip_amount = excluded.tip_amount, "
    "status = coalesce(excluded.status, refunds.status), "
    "reason = coalesce(excluded.reason, refunds.reason), "
    "employee_id = coalesce(excluded.employee_id, refunds.employee_id) "
    "WHERE excluded.modified_ms >= refunds.modified_ms"
)

_CUSTOMER_UPSERT = (
    "INSERT INTO customers(id, first_name, last_name, emails, phones, customer_since_ms, "
    "deleted_ms) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
    "first_name = excluded.first_name, last_name = excluded.last_name, "
    "emails = coalesce(excluded.emails, customers.emails), "
    "phones = coalesce(excluded.phones, customers.phones), "
    "customer_since_ms = coalesce(excluded.customer_since_ms, customers.customer_since_ms), "
    "deleted_ms = excluded.deleted_ms"
)


class _Writer:
    """Turns wire objects into rows inside one transaction (writer thread only).

    Every method collects the orders and payments whose search documents changed; the
    documents are rebuilt once, at the end of the batch.
    """

    def __init__(self, conn: sqlite3.Connection, *, currency: str, defer: bool = False) -> None:
        self.conn = conn
        self.currency = currency
        self.defer = defer
        self.dirty_orders: set[str] = set()
        self.dirty_payments: set[str] = set()

    # -- ids to row keys --------------------------------------------------------------

    def _row_keys(self, table: str, items: list[tuple[str, int]]) -> dict[str, int]:
        """``rk`` per id: the stored one, else a fresh unique one from created_ms."""
        conn = self.conn
        ids = [i for i, _ in items]
        known: dict[str, int] = {}
        for chunk in _chunks(ids):
            known.update(
                conn.execute(
                    f"SELECT id, rk FROM {table} WHERE id IN ({_marks(len(chunk))})",  # noqa: S608
                    list(chunk),
                ).fetchall()
            )
        fresh = {i: _rk_base(ms, i) for i, ms in items if i not in known}
        if fresh:
            wanted = list(fresh.values())
            taken: set[int] = set()
            for rk_chunk in _chunks(wanted):
                taken.update(
                    r[0]
                    for r in conn.execute(
                        f"SELECT rk FROM {table} WHERE rk IN ({_marks(len(rk_chunk))})",  # noqa: S608
                        list(rk_chunk),
                    )
                )
            used: set[int] = set()

            def free(rk: int) -> bool:
                if rk in used or rk in taken:
                    return False
                hit = conn.execute(f"SELECT 1 FROM {table} WHERE rk = ?", (rk,)).fetchone()  # noqa: S608
                return hit is None

            for object_id, rk in fresh.items():
                if rk in taken or rk in used:
                    rk += 1
                    while not free(rk):
                        rk += 1
                used.add(rk)
                known[object_id] = rk
        return known

    # -- orders -----------------------------------------------------------------------

    def orders(
        self,
        orders: Sequence[Order],
        *,
        payments_elsewhere: Sequence[tuple[int, int]] = (),
        flush: bool = True,
    ) -> int:
        """Upsert orders with what they embed, except payments created inside one of the
        ``payments_elsewhere`` ranges (epoch ms, inclusive)."""
        conn = self.conn
        items = [(o.id, _ms(o.created_time) or 0) for o in orders]
        keys = self._row_keys("orders", items)
        rows = []
        payments: list[Payment] = []
        refunds: list[Refund] = []
        customers: list[V3Customer] = []
        for o in orders:
            created = _ms(o.created_time) or 0
            lines = o.line_items.elements if o.line_items is not None else None
            customer = o.customers.elements[0] if o.customers and o.customers.elements else None
            rows.append(
                (
                    keys[o.id],
                    o.id,
                    created,
                    _ms(o.modified_time) or created,
                    (o.currency or self.currency).upper(),
                    o.total,
                    o.state,
                    o.payment_state.value if o.payment_state else None,
                    o.pay_type,
                    o.title,
                    o.note,
                    o.employee.id if o.employee else None,
                    customer.id if customer else None,
                    len(lines) if lines is not None else 0,
                    _lines_json(lines) if lines is not None else None,
                )
            )
            if o.payments is not None:
                for p in o.payments.elements:
                    if payments_elsewhere and _within(_ms(p.created_time), payments_elsewhere):
                        continue
                    if p.order is None:
                        p.order = _ref(o.id)
                    payments.append(p)
            if o.refunds is not None:
                for r in o.refunds.elements:
                    if r.order_ref is None:
                        r.order_ref = _ref(o.id)
                    refunds.append(r)
            if o.customers is not None:
                customers.extend(o.customers.elements)
        conn.executemany(_ORDER_UPSERT, rows)
        self.dirty_orders.update(o.id for o in orders)
        if customers:
            self.customers(customers, complete=False, flush=False)
        currency = {o.id: (o.currency or self.currency).upper() for o in orders}
        if payments:
            self.payments(payments, currency_of=currency, flush=False)
        if refunds:
            self.refunds(refunds, flush=False)
        if flush:
            self.flush()
        return len(orders)

    # -- payments ---------------------------------------------------------------------

    def payments(
        self,
        payments: Sequence[Payment],
        *,
        currency_of: dict[str, str] | None = None,
        flush: bool = True,
    ) -> int:
        conn = self.conn
        items = [(p.id, _ms(p.created_time) or 0) for p in payments]
        keys = self._row_keys("payments", items)
        rows = []
        refunds: list[Refund] = []
        tenders: dict[str, Tender] = {}  # a few tenders, each on thousands of payments
        for p in payments:
            created = _ms(p.created_time) or 0
            card = p.card_transaction
            order_id = p.order.id if p.order else None
            currency = (
                (card.currency if card and card.currency else None)
                or (currency_of or {}).get(order_id or "")
                or self.currency
            ).upper()
            rows.append(
                (
                    keys[p.id],
                    p.id,
                    order_id,
                    created,
                    _ms(p.modified_time) or created,
                    currency,
                    p.amount or 0,
                    p.tip_amount or 0,
                    p.tax_amount or 0,
                    p.result.value if p.result else None,
                    p.tender.id if p.tender else None,
                    p.employee.id if p.employee else None,
                    card.card_type.value if card and card.card_type else None,
                    card.first6 if card else None,
                    card.last4 if card else None,
                    card.entry_type if card else None,
                    card.auth_code if card else None,
                    p.note,
                )
            )
            if p.tender is not None and (p.tender.label or p.tender.label_key):
                tenders[p.tender.id] = p.tender
            if p.refunds is not None:
                for r in p.refunds.elements:
                    if r.payment is None:
                        r.payment = _ref(p.id)
                    if r.order_ref is None and order_id:
                        r.order_ref = _ref(order_id)
                    refunds.append(r)
        conn.executemany(_PAYMENT_UPSERT, rows)
        self.dirty_payments.update(p.id for p in payments)
        self.dirty_orders.update(r[2] for r in rows if r[2])
        if tenders:
            self.tenders(list(tenders.values()))
        if refunds:
            self.refunds(refunds, flush=False)
        if flush:
            self.flush()
        return len(payments)

    # -- refunds ----------------------------------------------------------------------

    def refunds(self, refunds: Sequence[Refund], *, flush: bool = True) -> int:
        rows = []
        for r in refunds:
            created = _ms(r.created_time) or 0
            rows.append(
                (
                    r.id,
                    r.payment.id if r.payment else None,
                    r.order_ref.id if r.order_ref else None,
                    created,
                    _ms(r.modified_time) or created,
                    r.amount or 0,
                    r.tax_amount or 0,
                    r.tip_amount or 0,
                    r.status.value if r.status else None,
                    r.reason,
                    r.employee.id if r.employee else None,
                )
            )
        self.conn.executemany(_REFUND_UPSERT, rows)
        self.dirty_payments.update(r[1] for r in rows if r[1])
        self.dirty_orders.update(r[2] for r in rows if r[2])
        if flush:
            self.flush()
        return len(refunds)

    # -- customers, tenders -----------------------------------------------------------

    def customers(
        self, customers: Sequence[V3Customer], *, complete: bool, flush: bool = True
    ) -> int:
        """``complete``: emails/phones were expanded, so an empty list means none."""
        rows = []
        for c in customers:
            emails = c.emails if (complete or c.email_addresses is not None) else None
            phones = c.phones if (complete or c.phone_numbers is not None) else None
            rows.append(
                (
                    c.id,
                    c.first_name,
                    c.last_name,
                    json.dumps(emails) if emails is not None else None,
                    json.dumps(phones) if phones is not None else None,
                    _ms(c.customer_since),
                    _ms(c.deleted_time),
                )
            )
        self.conn.executemany(_CUSTOMER_UPSERT, rows)
        if complete:
            ids = [c.id for c in customers]
            for chunk in _chunks(ids):
                self.dirty_orders.update(
                    r[0]
                    for r in self.conn.execute(
                        f"SELECT id FROM orders WHERE customer_id IN ({_marks(len(chunk))})",  # noqa: S608
                        list(chunk),
                    )
                )
        if flush:
            self.flush()
        return len(customers)

    def tenders(self, tenders: Sequence[Tender]) -> int:
        self.conn.executemany(
            "INSERT INTO tenders(id, label, label_key) VALUES (?,?,?) ON CONFLICT(id) DO UPDATE "
            "SET label = coalesce(excluded.label, tenders.label), "
            "label_key = coalesce(excluded.label_key, tenders.label_key)",
            [(t.id, t.label, t.label_key) for t in tenders],
        )
        return len(tenders)

    # -- search documents -------------------------------------------------------------

    def flush(self) -> tuple[list[str], list[str]]:
        """Rebuild the search documents of every order and payment touched (or, when
        deferring, list them in ``search_pending``); returns the (order, payment) ids."""
        conn = self.conn
        if self.defer:
            orders, payments = sorted(self.dirty_orders), sorted(self.dirty_payments)
            conn.executemany(
                "INSERT OR IGNORE INTO search_pending(kind, id) VALUES (?, ?)",
                [("order", i) for i in orders] + [("payment", i) for i in payments],
            )
            self.dirty_orders.clear()
            self.dirty_payments.clear()
            return orders, payments
        orders = sorted(self.dirty_orders)
        self.dirty_orders.clear()
        order_docs: list[tuple[int, str]] = []
        payment_docs: list[tuple[int, str]] = []
        # A payment's document carries its order's customer, so the payments of touched
        # orders are rebuilt with them, from the same rows.
        done: set[str] = set()
        for chunk in _chunks(orders):
            order_docs += self._order_docs(list(chunk), payment_docs, done)
        payments = sorted(done | self.dirty_payments)
        self.dirty_payments.difference_update(done)
        for chunk in _chunks(sorted(self.dirty_payments)):
            payment_docs += self._payment_docs(list(chunk))
        self.dirty_payments.clear()
        _replace_docs(conn, "orders_fts", order_docs)
        _replace_docs(conn, "payments_fts", payment_docs)
        return orders, payments

    def _order_docs(
        self, ids: list[str], payment_docs: list[tuple[int, str]], payments_done: set[str]
    ) -> list[tuple[int, str]]:
        """The documents of orders ``ids``; their payments' documents go to
        ``payment_docs`` and those payments' ids to ``payments_done``."""
        conn = self.conn
        marks = _marks(len(ids))
        base = conn.execute(
            "SELECT o.rk, o.id, o.title, o.note, o.total, o.currency, c.first_name, "  # noqa: S608
            "c.last_name, c.emails, c.phones, e.name FROM orders o "
            "LEFT JOIN customers c ON c.id = o.customer_id "
            f"LEFT JOIN employees e ON e.id = o.employee_id WHERE o.id IN ({marks})",
            ids,
        ).fetchall()
        payments = conn.execute(
            "SELECT p.rk, p.id, p.order_id, p.card_type, p.last4, p.amount, p.tip_amount, "  # noqa: S608
            "p.currency, p.note, t.label FROM payments p "
            f"LEFT JOIN tenders t ON t.id = p.tender_id WHERE p.order_id IN ({marks})",
            ids,
        ).fetchall()
        refunded = self._payment_refunds([p[1] for p in payments])
        extra: dict[str, list[str]] = {}
        for refunded_order, rid, amount, currency in conn.execute(
            "SELECT r.order_id, r.id, r.amount, o.currency FROM refunds r "  # noqa: S608
            f"JOIN orders o ON o.id = r.order_id WHERE r.order_id IN ({marks})",
            ids,
        ):
            extra.setdefault(refunded_order, []).extend([rid, amount_text(amount, currency)])
        customer_words: dict[str, list[str]] = {}
        order_words: dict[str, tuple[int, list[str]]] = {}
        for rk, oid, title, note, total, currency, first, last, emails, phones, staff in base:
            customer = [first or "", last or "", *_json_list(emails), *_json_list(phones)]
            customer_words[oid] = customer
            words = [oid, title or "", note or "", first or "", last or "", staff or ""]
            words += customer[2:]
            if total is not None:
                words.append(amount_text(total, currency))
            order_words[oid] = (rk, words)
        for row in payments:
            _rk, pid, order_id, _card, last4, amount, tip, currency = row[:8]
            if order_id in order_words:
                words = order_words[order_id][1]
                words += [pid, last4 or "", amount_text(amount, currency)]
                if tip:
                    words.append(amount_text(amount + tip, currency))
            payment_docs.append(
                _payment_doc(row, customer_words.get(order_id, []), refunded.get(pid, []))
            )
            payments_done.add(pid)
        return [
            (rk, " ".join(w for w in [*words, *extra.get(oid, [])] if w))
            for oid, (rk, words) in order_words.items()
        ]

    def _payment_refunds(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """Refund ids and amounts as words, per payment id."""
        words: dict[str, list[str]] = {}
        for chunk in _chunks(ids):
            for pid, rid, amount, currency in self.conn.execute(
                "SELECT r.payment_id, r.id, r.amount, p.currency FROM refunds r "  # noqa: S608
                "JOIN payments p ON p.id = r.payment_id "
                f"WHERE r.payment_id IN ({_marks(len(chunk))})",
                list(chunk),
            ):
                words.setdefault(pid, []).extend([rid, amount_text(amount, currency)])
        return words

    def _payment_docs(self, ids: list[str]) -> list[tuple[int, str]]:
        """The documents of payments ``ids`` (whose orders are not being rebuilt)."""
        conn = self.conn
        marks = _marks(len(ids))
        rows = conn.execute(
            "SELECT p.rk, p.id, p.order_id, p.card_type, p.last4, p.amount, p.tip_amount, "  # noqa: S608
            "p.currency, p.note, t.label, c.first_name, c.last_name, c.emails, c.phones "
            "FROM payments p LEFT JOIN orders o ON o.id = p.order_id "
            "LEFT JOIN customers c ON c.id = o.customer_id "
            f"LEFT JOIN tenders t ON t.id = p.tender_id WHERE p.id IN ({marks})",
            ids,
        ).fetchall()
        refunded = self._payment_refunds(ids)
        docs = []
        for row in rows:
            first, last, emails, phones = row[10:]
            customer = [first or "", last or "", *_json_list(emails), *_json_list(phones)]
            docs.append(_payment_doc(row[:10], customer, refunded.get(row[1], [])))
        return docs


def _payment_doc(row: Sequence[Any], customer: list[str], refunds: list[str]) -> tuple[int, str]:
    """(rk, document) of a payment from its row (rk, id, order id, card type, last 4,
    amount, tip, currency, note, tender label), its order's customer words and its
    refunds' words."""
    rk, pid, order_id, card_type, last4, amount, tip, currency, note, tender = row
    words = [pid, order_id or "", card_type or "", last4 or "", note or "", tender or ""]
    words += [*customer[:2], amount_text(amount, currency)]
    if tip:
        words += [amount_text(tip, currency), amount_text(amount + tip, currency)]
    words += customer[2:] + refunds
    return rk, " ".join(w for w in words if w)


def _replace_docs(conn: sqlite3.Connection, table: str, docs: list[tuple[int, str]]) -> None:
    """Put ``(rowid, document)`` pairs in an FTS5 table in place of the old documents.

    In ascending rowid order, old ones all deleted first: FTS5 writes its pending terms
    to a new segment whenever a rowid is not above the last one written, so documents in
    any other order cost a segment (and its merging) each. Indexing 100k orders and
    their payments in id order spent 3.7 s inserting documents; in rowid order, 1.2 s.
    """
    docs.sort()
    rks = [rk for rk, _ in docs]
    for part in _chunks(rks):
        conn.execute(f"DELETE FROM {table} WHERE rowid IN ({_marks(len(part))})", part)  # noqa: S608
    conn.executemany(f"INSERT INTO {table}(rowid, doc) VALUES (?, ?)", docs)  # noqa: S608


def _within(ms: int | None, ranges: Sequence[tuple[int, int]]) -> bool:
    return ms is not None and any(lo <= ms <= hi for lo, hi in ranges)


def _lines_json(lines: Iterable[LineItem]) -> str:
    return json.dumps(
        [[li.name or "", li.price or 0, li.unit_qty, int(bool(li.refunded))] for li in lines],
        separators=(",", ":"),
    )


def _ref(object_id: str) -> Ref:
    return Ref(id=object_id)
