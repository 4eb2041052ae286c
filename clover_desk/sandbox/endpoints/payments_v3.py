"""v3 payments and refunds (exports.md §2–§3): lists, single objects, an order's payments.

A v3 Payment is a ``charges`` row (same id); a v3 Refund is a ``refunds`` row. Lists
are newest first by ``createdTime``. Time filters (``createdTime``,
``clientCreatedTime``, ``modifiedTime``) on both lists are silently clipped to the most
recent 90 days of the requested range (see :mod:`clover_desk.sandbox.platform_v3`).

Payment filter fields are the ones Clover's reference lists for ``GET /payments``
(exports.md §2), ``voided`` among them: third-party clients send ``voided=false`` to
leave voids out of sales summaries.

[emulator choices] ``tender.id`` filters resolve the tender to its ``labelKey`` (system
tenders have stable ids per merchant); ``offline`` is always false; ``voided`` is true
exactly when ``result`` is ``VOIDED``, which no sandbox payment is (an Ecommerce charge
is refunded, never voided); no payment has a ``device``, so ``device.id`` matches only
``IS NULL``. ``order.id`` stays accepted although Clover's May 2023 changelog removed it
from the payment filters (the client does not rely on it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import v3_error, v3_not_found
from ..jsonutil import respond
from ..listing import Column, V3Filter, V3ListParams, parse_expand
from ..platform_v3 import Ctx, CustomFilter, begin, list_response, path_id, time_window_clauses
from ..views_v3 import (
    PAYMENT_RESULT_SQL,
    SYSTEM_TENDERS,
    render_payment,
    render_refund,
    system_tender_id,
)

PAYMENT_EXPANDS = (
    "tender",
    "lineItemPayments",
    "cardTransaction",
    "refunds",
    "externalReferenceId",
    "order",
    "taxRates",
    "additionalCharges",
    "employee",
)
REFUND_EXPANDS = ("cardTransaction", "employee", "payment", "lineItems")

PAYMENT_COLUMNS: dict[str, Column] = {
    "createdTime": Column("created_ms", "int"),
    "clientCreatedTime": Column("created_ms", "int"),
    "modifiedTime": Column("modified_ms", "int"),
    "id": Column("id"),
    "amount": Column("amount", "int"),
    "result": Column(PAYMENT_RESULT_SQL),
    "employee.id": Column("employee_id"),
    "order.id": Column("order_id"),
    "order.modifiedTime": Column(
        "(SELECT o.modified_ms FROM orders o WHERE o.id = charges.order_id)", "int"
    ),
    "cardType": Column("card_brand"),
    "offline": Column("0", "bool"),
    "voided": Column(f"({PAYMENT_RESULT_SQL} = 'VOIDED')", "bool"),
    "device.id": Column("NULL"),
    "externalReferenceId": Column("json_extract(charges.body, '$.external_reference_id')"),
    "externalPaymentId": Column("json_extract(charges.body, '$.external_payment_id')"),
}

REFUND_COLUMNS: dict[str, Column] = {
    "createdTime": Column("created_ms", "int"),
    "clientCreatedTime": Column("created_ms", "int"),
    "modifiedTime": Column("modified_ms", "int"),
    "id": Column("id"),
    "amount": Column("amount", "int"),
    "payment.id": Column("charge_id"),
    "orderRef.id": Column(
        "COALESCE(order_id, (SELECT c.order_id FROM charges c WHERE c.id = refunds.charge_id))"
    ),
    "employee.id": Column("employee_id"),
}


def _tender_filter(ctx: Ctx) -> CustomFilter:
    """``tender.id`` → the tender's labelKey, compared with ``charges.tender_label_key``."""

    def label_key_of(tender_id: str) -> str:
        key = ctx.db.scalar(
            "SELECT json_extract(body, '$.labelKey') FROM inventory WHERE kind = 'tender' "
            "AND id = ? AND merchant_id = ?",
            (tender_id, ctx.mid),
        )
        if key is not None:
            return str(key)
        candidates = set(SYSTEM_TENDERS) | {
            r["tender_label_key"]
            for r in ctx.db.query(
                "SELECT DISTINCT tender_label_key FROM charges WHERE merchant_id = ? "
                "AND tender_label_key IS NOT NULL",
                (ctx.mid,),
            )
        }
        for candidate in candidates:
            if system_tender_id(ctx.mid, candidate) == tender_id:
                return candidate
        return "\x00no such tender"

    # Clover's card payments made through Ecommerce carry no tender key in some rows:
    # they are credit-card payments.
    expr = (
        "COALESCE(tender_label_key, CASE WHEN method = 'card' "
        "THEN 'com.clover.tender.credit_card' END)"
    )

    def build(item: V3Filter) -> tuple[str, list[Any]]:
        if item.op in ("IS NULL", "IS NOT NULL"):
            return f"{expr} {item.op}", []
        if item.op == "IN":
            assert isinstance(item.value, tuple)
            keys = [label_key_of(v) for v in item.value]
            return f"{expr} IN ({','.join('?' for _ in keys)})", keys
        if item.op not in ("=", "!="):
            raise v3_error(400, f"Invalid operator for tender.id: {item.op}")
        assert isinstance(item.value, str)
        return f"{expr} {item.op} ?", [label_key_of(item.value)]

    return build


def _window(
    ctx: Ctx, columns: dict[str, Column]
) -> Callable[[V3ListParams], tuple[list[str], list[Any]]]:
    def extra(params: V3ListParams) -> tuple[list[str], list[Any]]:
        return time_window_clauses(params.filters, columns, ctx.now_ms)

    return extra


async def list_payments(request: Request) -> Response:
    ctx = begin(request)
    return list_response(
        request,
        ctx,
        table="charges",
        where="merchant_id = ?",
        where_args=(ctx.mid,),
        columns=PAYMENT_COLUMNS,
        custom={"tender.id": _tender_filter(ctx)},
        expands=PAYMENT_EXPANDS,
        order_by="created_ms DESC, rowid DESC",
        render=lambda row, expand: render_payment(ctx.db, row, expand),
        extra=_window(ctx, PAYMENT_COLUMNS),
    )


async def get_payment(request: Request) -> Response:
    ctx = begin(request)
    row = ctx.db.one(
        "SELECT * FROM charges WHERE id = ? AND merchant_id = ?",
        (path_id(request, "paymentId"), ctx.mid),
    )
    if row is None:
        raise v3_not_found("Payment")
    return respond(render_payment(ctx.db, row, parse_expand(request, PAYMENT_EXPANDS)))


async def order_payments(request: Request) -> Response:
    ctx = begin(request)
    order = ctx.db.one(
        "SELECT id FROM orders WHERE id = ? AND merchant_id = ? AND deleted_ms IS NULL",
        (path_id(request, "orderId"), ctx.mid),
    )
    if order is None:
        raise v3_not_found("Order")
    return list_response(
        request,
        ctx,
        table="charges",
        where="merchant_id = ? AND order_id = ?",
        where_args=(ctx.mid, order["id"]),
        columns=PAYMENT_COLUMNS,
        custom={"tender.id": _tender_filter(ctx)},
        expands=PAYMENT_EXPANDS,
        order_by="created_ms DESC, rowid DESC",
        render=lambda row, expand: render_payment(ctx.db, row, expand),
        extra=_window(ctx, PAYMENT_COLUMNS),
    )


async def list_refunds(request: Request) -> Response:
    ctx = begin(request)
    return list_response(
        request,
        ctx,
        table="refunds",
        where="merchant_id = ?",
        where_args=(ctx.mid,),
        columns=REFUND_COLUMNS,
        expands=REFUND_EXPANDS,
        order_by="created_ms DESC, rowid DESC",
        render=lambda row, expand: render_refund(ctx.db, row, expand),
        extra=_window(ctx, REFUND_COLUMNS),
    )


async def get_refund(request: Request) -> Response:
    ctx = begin(request)
    row = ctx.db.one(
        "SELECT * FROM refunds WHERE id = ? AND merchant_id = ?",
        (path_id(request, "refundId"), ctx.mid),
    )
    if row is None:
        raise v3_not_found("Refund")
    return respond(render_refund(ctx.db, row, parse_expand(request, REFUND_EXPANDS)))


def routes() -> list[BaseRoute]:
    base = "/v3/merchants/{mId}"
    return [
        Route(f"{base}/payments", list_payments, methods=["GET"]),
        Route(f"{base}/payments/{{paymentId}}", get_payment, methods=["GET"]),
        Route(f"{base}/orders/{{orderId}}/payments", order_payments, methods=["GET"]),
        Route(f"{base}/refunds", list_refunds, methods=["GET"]),
        Route(f"{base}/refunds/{{refundId}}", get_refund, methods=["GET"]),
    ]
