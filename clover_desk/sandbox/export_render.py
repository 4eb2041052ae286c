"""Export objects rendered in bulk: a few set-based queries per chunk of 1000.

The per-object renderers in :mod:`views_v3` run several queries per object (line items,
payments, each payment's tender, refunds, the customer, each line item's order), which
at 30 days of a busy merchant means hundreds of thousands of queries for one export. The
functions here render the very same objects, byte for byte once dumped, for a whole
chunk at once: one query per related table per chunk, tenders once per build.

Only the expansions the export service uses are supported (``ORDER_EXPAND`` and
``PAYMENT_EXPAND`` of :mod:`exports_service`); :mod:`views_v3` stays the reference and
``tests/sandbox/test_export_render.py`` checks the two agree on the demo data.

Like :mod:`views_v3`, hrefs are absolute when :func:`views_v3.set_href_base` was called in
the current context (the builder runs in a copy of the request's context).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .db import Database, Row, loads
from .jsonutil import compact
from .views_v3 import (
    _REFUND_STATUSES,
    _bool,
    href,
    payment_result,
    ref,
    render_card_transaction,
    render_customer,
    render_order_discount,
    render_tender,
)

#: Read-only: an empty expansion, shared.
_NO_EXPAND: frozenset[str] = frozenset()


def _marks(ids: Sequence[Any]) -> str:
    return ",".join("?" * len(ids))


# In the queries below ``+merchant_id`` keeps SQLite off the (merchant_id, created_ms)
# indexes, which it otherwise prefers to spare the sort: that walks all of the
# merchant's history for every chunk, where the id indexes read only the chunk's rows.


def _flat(fields: dict[str, Any]) -> dict[str, Any]:
    """``compact(fields)`` for an object whose nested collections are added afterwards.

    The reference compacts each object whole, walking every line item, payment and
    refund of an order again: half a build's time. Here every nested value is built
    clean instead — columns are scalars, refs never hold None, and the body values that
    may be containers go through ``compact`` where they are read — so dropping this
    level's Nones is all that is left.
    """
    return {k: v for k, v in fields.items() if v is not None}


class Tenders:
    """Each payment's tender, looked up once per label key (and per merchant) per build.

    A tender row may be added while an export builds (``GET /tenders`` materialises the
    system tenders); like any data changed mid-build, which one a file shows is then a
    matter of timing.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[tuple[str, str, bool], dict[str, Any]] = {}

    def get(self, merchant_id: str, label_key: str, full: bool) -> dict[str, Any]:
        key = (merchant_id, label_key, full)
        tender = self._cache.get(key)
        if tender is None:
            tender = self._cache[key] = render_tender(self._db, merchant_id, label_key, full)
        # Shared by many payments of a build: nothing mutates rendered objects.
        return tender


def _payment(row: Row, tenders: Tenders, *, full_tender: bool) -> dict[str, Any]:
    """``render_payment``'s fields up to ``tender`` (no expansion of employee/order)."""
    merchant_id = row["merchant_id"]
    body = loads(row["body"])
    employee_id = row["employee_id"]
    payment = _flat(
        {
            "href": href(merchant_id, "payments", row["id"]),
            "id": row["id"],
            "order": ref(row["order_id"]),
            "amount": row["amount"],
            "tipAmount": row["tip_amount"],
            "taxAmount": row["tax_amount"],
            "externalReferenceId": compact(body.get("external_reference_id")),
            "externalPaymentId": compact(body.get("external_payment_id")),
            "employee": None if employee_id is None else {"id": employee_id},
            "createdTime": row["created_ms"],
            "clientCreatedTime": row["created_ms"],
            "modifiedTime": row["modified_ms"],
            "offline": False,
            "result": payment_result(row),
            "note": compact(body.get("note")),
        }
    )
    label_key = row["tender_label_key"]
    if label_key is None:
        label_key = "com.clover.tender.credit_card" if row["method"] == "card" else None
    if label_key is not None:
        payment["tender"] = tenders.get(merchant_id, label_key, full_tender)
    return payment


def _refund(row: Row, charge_order_id: str | None) -> dict[str, Any]:
    """``render_refund(db, row, frozenset())`` given its charge's order id."""
    merchant_id = row["merchant_id"]
    body = loads(row["body"])
    status = _REFUND_STATUSES.get(row["status"], str(row["status"]).upper())
    line_ids = body.get("line_item_ids") or []
    employee_id = row["employee_id"]
    return _flat(
        {
            "href": href(merchant_id, "refunds", row["id"]),
            "id": row["id"],
            "orderRef": ref(row["order_id"] or charge_order_id),
            "payment": {"id": row["charge_id"]},
            "amount": row["amount"],
            "taxAmount": row["tax_amount"],
            "tipAmount": row["tip_amount"],
            "createdTime": row["created_ms"],
            "clientCreatedTime": row["created_ms"],
            "modifiedTime": row["modified_ms"],
            "employee": None if employee_id is None else {"id": employee_id},
            "voided": status == "VOIDED",
            "status": status,
            "reason": row["reason"],
            "externalReferenceId": compact(body.get("external_reference_id")),
            "lineItems": compact({"elements": [{"id": li} for li in line_ids]})
            if line_ids
            else None,
        }
    )


def _line_item(row: Row, order_client_created: int | None) -> dict[str, Any]:
    """``render_line_item(db, row, frozenset())`` given its order's clientCreatedTime."""
    body = loads(row["body"])
    modifications = body.get("modifications") or []
    order_id = row["order_id"]
    return _flat(
        {
            "href": href(row["merchant_id"], "orders", order_id, "line_items", row["id"]),
            "id": row["id"],
            "orderRef": {"id": order_id},
            "item": ref(row["item_id"]),
            "name": row["name"],
            "alternateName": compact(body.get("alternateName")),
            "price": row["price"],
            "priceWithModifiers": row["price"]
            + sum(int(m.get("amount") or 0) for m in modifications),
            "unitQty": row["unit_qty"],
            "unitName": compact(body.get("unitName")),
            "itemCode": compact(body.get("itemCode")),
            "note": row["note"],
            "printed": bool(body.get("printed", False)),
            "createdTime": row["created_ms"],
            "orderClientCreatedTime": order_client_created,
            "exchanged": bool(row["exchanged"]),
            "refunded": bool(row["refunded"]),
            "isRevenue": bool(row["is_revenue"]),
        }
    )


def render_orders(
    db: Database, merchant_id: str, orders: Sequence[Row], tenders: Tenders
) -> list[dict[str, Any]]:
    """``render_order(db, row, ORDER_EXPAND)`` for each of ``orders`` (one merchant's)."""
    if not orders:
        return []
    ids = [o["id"] for o in orders]
    marks = _marks(ids)
    wanted = set(ids)

    # The reference looks up each line item's order by id alone (any merchant); an order
    # id names one row, so the clientCreatedTime of the order being rendered is that.
    client_created = {o["id"]: o["client_created_ms"] for o in orders}
    lines: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for li in db.query(
        f"SELECT * FROM line_items WHERE order_id IN ({marks}) ORDER BY created_ms, rowid",  # noqa: S608 - placeholders only
        ids,
    ):
        lines[li["order_id"]].append(_line_item(li, client_created[li["order_id"]]))

    payments: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for charge in db.query(
        f"SELECT * FROM charges WHERE order_id IN ({marks}) AND +merchant_id = ? "  # noqa: S608
        "ORDER BY created_ms, rowid",
        [*ids, merchant_id],
    ):
        payments[charge["order_id"]].append(_payment(charge, tenders, full_tender=False))

    # An order's refunds are those naming it and those of its charges (which may name
    # another order, or none): a refund can belong to two orders of the chunk.
    refunds: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for r in db.query(
        "SELECT r.*, c.order_id AS charge_order_id FROM refunds r "  # noqa: S608 - placeholders only
        "LEFT JOIN charges c ON c.id = r.charge_id "
        f"WHERE +r.merchant_id = ? AND (r.order_id IN ({marks}) OR r.charge_id IN "
        f"(SELECT id FROM charges WHERE order_id IN ({marks}))) "
        "ORDER BY r.created_ms, r.rowid",
        [merchant_id, *ids, *ids],
    ):
        refund = _refund(r, r["charge_order_id"])
        owners = {r["order_id"], r["charge_order_id"]} & wanted
        for owner in owners:
            refunds[owner].append(refund)

    customer_ids = sorted({o["customer_id"] for o in orders if o["customer_id"] is not None})
    customers: dict[str, dict[str, Any]] = {}
    if customer_ids:
        for c in db.query(
            f"SELECT * FROM customers WHERE id IN ({_marks(customer_ids)}) AND +merchant_id = ?",  # noqa: S608
            [*customer_ids, merchant_id],
        ):
            customers[c["id"]] = render_customer(db, c, _NO_EXPAND)

    rendered = []
    for row in orders:
        order_id = row["id"]
        body = loads(row["body"])
        employee_id = row["employee_id"]
        order = _flat(
            {
                "href": href(merchant_id, "orders", order_id),
                "id": order_id,
                "currency": row["currency"],
                "employee": None if employee_id is None else {"id": employee_id},
                "total": row["total"],
                "externalReferenceId": row["external_reference_id"],
                "paymentState": row["payment_state"],
                "title": row["title"],
                "note": row["note"],
                "taxRemoved": _bool(body.get("taxRemoved")),
                "isVat": _bool(body.get("isVat")),
                "state": row["state"],
                "manualTransaction": _bool(body.get("manualTransaction")),
                "groupLineItems": _bool(body.get("groupLineItems")),
                "testMode": _bool(body.get("testMode")),
                "payType": compact(body.get("payType")),
                "createdTime": row["created_ms"],
                "clientCreatedTime": row["client_created_ms"],
                "modifiedTime": row["modified_ms"],
                "deletedTimestamp": row["deleted_ms"],
            }
        )
        if row["order_type_id"] is not None:
            order["orderType"] = {"id": row["order_type_id"]}
        customer_id = row["customer_id"]
        order["customers"] = {
            "elements": []
            if customer_id is None
            else [customers.get(customer_id) or {"id": customer_id}]
        }
        order["lineItems"] = {"elements": lines[order_id]}
        order["discounts"] = {
            "elements": [
                render_order_discount(merchant_id, order_id, d) for d in body.get("discounts") or []
            ]
        }
        order["payments"] = {"elements": payments[order_id]}
        order["refunds"] = {"elements": refunds[order_id]}
        rendered.append(order)
    return rendered


def render_payments(
    db: Database, merchant_id: str, charges: Sequence[Row], tenders: Tenders
) -> list[dict[str, Any]]:
    """``render_payment(db, row, PAYMENT_EXPAND)`` for each of ``charges`` (one merchant's)."""
    if not charges:
        return []
    ids = [c["id"] for c in charges]
    refunds: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    order_of = {c["id"]: c["order_id"] for c in charges}
    for r in db.query(
        f"SELECT * FROM refunds WHERE charge_id IN ({_marks(ids)}) AND +merchant_id = ? "  # noqa: S608
        "ORDER BY created_ms, rowid",
        [*ids, merchant_id],
    ):
        # The reference finds a refund without an order through its charge: this one.
        refunds[r["charge_id"]].append(_refund(r, order_of[r["charge_id"]]))
    rendered = []
    for row in charges:
        payment = _payment(row, tenders, full_tender=True)
        card = render_card_transaction(row)
        if card is not None:
            payment["cardTransaction"] = card
        payment["refunds"] = {"elements": refunds[row["id"]]}
        rendered.append(payment)
    return rendered
