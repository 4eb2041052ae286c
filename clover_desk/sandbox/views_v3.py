"""v3 platform JSON: how rows of the shared schema render as Clover v3 objects.

Public contract (other modules import these; keep names and signatures):
``render_order``, ``render_line_item``, ``render_payment``, ``render_refund``,
``render_customer`` — each ``(db, row, expand: frozenset[str]) -> dict`` returning the
v3 object in camelCase with ``href``, references as ``{"id": ...}``, collections as
``{"elements": [...]}`` and absent fields left out (``None`` values are dropped here
too, so callers need not ``compact`` again).

Conventions (README "Observed behaviour", exports.md §3):

* collections (``lineItems``, ``payments``, ``refunds``, ``discounts``, ``customers``,
  a customer's ``emailAddresses`` ...) appear only when expanded; single references
  (``employee``, ``orderType``, ``tender``, ``order``) are always ``{"id"}`` and become
  full objects when expanded;
* a dotted expansion (``lineItems.discounts``, ``payment.tender``) implies its parent;
* ``href`` is absolute when the serving handler called :func:`set_href_base` (every v3
  handler does), else a root-relative path (e.g. when rendering an export file).

Mapping of ``charges`` rows to v3 ``Payment`` ([emulator choice], brief): ``result``
SUCCESS (succeeded and captured), AUTH (succeeded, not captured), FAIL (failed),
PENDING (pending); ``cardTransaction.type`` AUTH when captured, PREAUTH for an open
auth; ``state`` CLOSED / PENDING; ``entryType`` from the body's ``entry_type`` else
KEYED (Ecommerce payments are keyed card-not-present transactions).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from starlette.requests import Request

from .db import Database, Row, loads
from .jsonutil import compact

_HREF_BASE: ContextVar[str] = ContextVar("v3_href_base", default="")

_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

#: Tenders every Clover merchant has (exports.md §3 Tender; labelKeys of system
#: tenders start with ``com.clover.tender.``).
SYSTEM_TENDERS: dict[str, dict[str, Any]] = {
    "com.clover.tender.cash": {"label": "Cash", "opensCashDrawer": True},
    "com.clover.tender.check": {"label": "Check", "opensCashDrawer": True},
    "com.clover.tender.credit_card": {"label": "Credit Card", "supportsTipping": True},
    "com.clover.tender.debit_card": {"label": "Debit Card", "supportsTipping": True},
    "com.clover.tender.external_gift_card": {"label": "Gift Card"},
    "com.clover.tender.external_payment": {"label": "External Payment"},
    "com.clover.tender.ach": {"label": "ACH"},
}

_PAYMENT_RESULTS = {"failed": "FAIL", "pending": "PENDING"}
_REFUND_STATUSES = {
    "succeeded": "SUCCESS",
    "failed": "FAIL",
    "pending": "PENDING",
    "canceled": "VOIDED",
}

INVENTORY_PATHS = {
    "item": "items",
    "category": "categories",
    "modifier_group": "modifier_groups",
    "discount": "discounts",
    "tax_rate": "tax_rates",
    "order_type": "order_types",
    "tender": "tenders",
    "service_charge": "default_service_charge",
}


# --------------------------------------------------------------------------- hrefs


def set_href_base(request: Request) -> None:
    """Make hrefs rendered while serving ``request`` absolute URLs on its origin."""
    _HREF_BASE.set(str(request.base_url).rstrip("/"))


def href(merchant_id: str, *parts: str) -> str:
    return _HREF_BASE.get() + "/v3/merchants/" + "/".join([merchant_id, *parts])


def ref(object_id: str | None) -> dict[str, Any] | None:
    return None if object_id is None else {"id": object_id}


def elements(items: Iterable[Any]) -> dict[str, Any]:
    return {"elements": list(items)}


def child_expand(expand: frozenset[str], parent: str) -> frozenset[str]:
    """The expansions below ``parent`` (``lineItems.discounts`` -> ``discounts``)."""
    prefix = parent + "."
    return frozenset(name[len(prefix) :] for name in expand if name.startswith(prefix))


def expanded(expand: frozenset[str], name: str, *aliases: str) -> bool:
    """True when ``name`` (or an alias) or any dotted child of it is expanded."""
    for candidate in (name, *aliases):
        if candidate in expand or any(e.startswith(candidate + ".") for e in expand):
            return True
    return False


def _clean(value: dict[str, Any]) -> dict[str, Any]:
    """``value`` without its None fields, recursively (absent, not null)."""
    cleaned: dict[str, Any] = compact(value)
    return cleaned


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


# --------------------------------------------------------------------- inventory


def stable_id(*parts: str) -> str:
    """A deterministic 13-character id (system tenders, the default service charge)."""
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return "".join(_ID_ALPHABET[b % len(_ID_ALPHABET)] for b in digest[:13])


#: The default service charge a merchant has until it sets its own ([emulator choice]).
SERVICE_CHARGE_DEFAULTS: dict[str, Any] = {
    "name": "Service Charge",
    "enabled": True,
    "percentageDecimal": 100000,
    "isAutoApplied": False,
}


def default_service_charge_id(merchant_id: str) -> str:
    return stable_id("service_charge", merchant_id)


def system_tender_id(merchant_id: str, label_key: str) -> str:
    return stable_id("tender", merchant_id, label_key)


def default_label(label_key: str) -> str:
    known = SYSTEM_TENDERS.get(label_key)
    if known is not None:
        return str(known["label"])
    tail = label_key.rsplit(".", 1)[-1]
    return tail.replace("_", " ").title()


def render_inventory(
    db: Database, row: Row, expand: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """An inventory row as its v3 object: ``{"href", "id", **body}``.

    Association lists stored in the body (``taxRates``, ``categories``,
    ``modifierGroups``, ``modifiers``, ``tags``) appear only when expanded, resolved
    to the live objects.
    """
    kind = row["kind"]
    body = dict(loads(row["body"]))
    merchant_id = row["merchant_id"]
    if kind == "modifier":
        link = href(merchant_id, "modifier_groups", row["parent_id"] or "", "modifiers", row["id"])
    elif kind == "service_charge":
        link = href(merchant_id, "default_service_charge")
    else:
        link = href(merchant_id, INVENTORY_PATHS.get(kind, kind + "s"), row["id"])
    result: dict[str, Any] = {"href": link, "id": row["id"]}
    associations = {
        "taxRates": "tax_rate",
        "categories": "category",
        "modifierGroups": "modifier_group",
        "tags": "tag",
    }
    for key, value in body.items():
        if key in associations:
            if key in expand:
                ids = [e["id"] for e in _element_list(value) if isinstance(e, dict) and "id" in e]
                result[key] = elements(
                    render_inventory(db, r)
                    for r in _inventory_rows(db, merchant_id, associations[key], ids)
                )
            continue
        if key == "itemStock" and "itemStock" not in expand:
            continue
        result[key] = value
    if kind == "modifier_group":
        modifiers = db.query(
            "SELECT * FROM inventory WHERE kind = 'modifier' AND merchant_id = ? AND parent_id = ? "
            "AND deleted_ms IS NULL ORDER BY rowid",
            (merchant_id, row["id"]),
        )
        result["modifierIds"] = ",".join(m["id"] for m in modifiers)
        if "modifiers" in expand:
            result["modifiers"] = elements(render_inventory(db, m) for m in modifiers)
    if kind == "modifier":
        result["modifierGroup"] = ref(row["parent_id"])
    if kind == "item" and "itemStock" in expand and "itemStock" in body:
        result["itemStock"] = render_item_stock(row)
    result["modifiedTime"] = body.get("modifiedTime", row["modified_ms"])
    if row["deleted_ms"] is not None:
        result["deletedTime"] = row["deleted_ms"]
    return _clean(result)


def render_item_stock(row: Row) -> dict[str, Any]:
    stock = loads(row["body"]).get("itemStock") or {}
    quantity = stock.get("quantity", 0)
    return _clean(
        {
            "item": {"id": row["id"]},
            "stockCount": int(quantity),
            "quantity": quantity,
            "modifiedTime": stock.get("modifiedTime", row["modified_ms"]),
        }
    )


def _element_list(value: Any) -> list[Any]:
    if isinstance(value, dict):
        value = value.get("elements", [])
    return list(value) if isinstance(value, list) else []


def _inventory_rows(db: Database, merchant_id: str, kind: str, ids: list[str]) -> list[Row]:
    if not ids:
        return []
    placeholders = ",".join("?" for _ in ids)
    rows = db.query(
        f"SELECT * FROM inventory WHERE kind = ? AND merchant_id = ? AND id IN ({placeholders}) "  # noqa: S608
        "AND deleted_ms IS NULL",
        (kind, merchant_id, *ids),
    )
    by_id = {r["id"]: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def inventory_row(db: Database, merchant_id: str, kind: str, object_id: str | None) -> Row | None:
    """A live (not deleted) inventory object of this merchant, or None."""
    if not object_id:
        return None
    return db.one(
        "SELECT * FROM inventory WHERE kind = ? AND id = ? AND merchant_id = ? "
        "AND deleted_ms IS NULL",
        (kind, object_id, merchant_id),
    )


def tender_row(db: Database, merchant_id: str, label_key: str) -> Row | None:
    return db.one(
        "SELECT * FROM inventory WHERE kind = 'tender' AND merchant_id = ? "
        "AND json_extract(body, '$.labelKey') = ? ORDER BY deleted_ms IS NOT NULL, rowid LIMIT 1",
        (merchant_id, label_key),
    )


def render_tender(db: Database, merchant_id: str, label_key: str, full: bool) -> dict[str, Any]:
    """A payment's tender: ``{"id"}``, or the whole Tender when expanded.

    A merchant's system tenders have deterministic ids, so a payment names the same
    tender whether or not ``GET /tenders`` has materialised the rows yet.
    """
    row = tender_row(db, merchant_id, label_key)
    if row is not None:
        if not full:
            return {"id": row["id"]}
        return render_inventory(db, row)
    tender_id = system_tender_id(merchant_id, label_key)
    if not full:
        return {"id": tender_id}
    return {
        "href": href(merchant_id, "tenders", tender_id),
        "id": tender_id,
        "editable": False,
        "labelKey": label_key,
        "label": default_label(label_key),
        "enabled": True,
        "visible": True,
    }


def ensure_system_tenders(db: Database, merchant_id: str, now_ms: int) -> None:
    """Materialise the merchant's system tenders (idempotent; call inside ``db.tx()``)."""
    for label_key, extra in SYSTEM_TENDERS.items():
        if tender_row(db, merchant_id, label_key) is not None:
            continue
        body = {
            "editable": False,
            "labelKey": label_key,
            "label": extra["label"],
            "opensCashDrawer": bool(extra.get("opensCashDrawer", False)),
            "supportsTipping": bool(extra.get("supportsTipping", False)),
            "enabled": True,
            "visible": True,
        }
        db.insert(
            "inventory",
            {
                "kind": "tender",
                "id": system_tender_id(merchant_id, label_key),
                "merchant_id": merchant_id,
                "name": extra["label"],
                "modified_ms": now_ms,
                "body": body,
            },
        )


def render_employee(
    db: Database, merchant_id: str, employee_id: str | None, full: bool
) -> dict[str, Any] | None:
    if employee_id is None:
        return None
    if not full:
        return {"id": employee_id}
    row = db.one(
        "SELECT * FROM employees WHERE id = ? AND merchant_id = ?", (employee_id, merchant_id)
    )
    result: dict[str, Any] = {
        "href": href(merchant_id, "employees", employee_id),
        "id": employee_id,
    }
    if row is not None:
        result["name"] = row["name"]
        role = loads(row["body"]).get("role")
        if role:
            result["role"] = role
    return result


# ------------------------------------------------------------------------- orders


def render_order(db: Database, row: Row, expand: frozenset[str]) -> dict[str, Any]:
    """An ``orders`` row as a v3 Order (atomic-orders-inventory.md §3)."""
    merchant_id = row["merchant_id"]
    order_id = row["id"]
    body = loads(row["body"])
    order: dict[str, Any] = {
        "href": href(merchant_id, "orders", order_id),
        "id": order_id,
        "currency": row["currency"],
        "employee": render_employee(db, merchant_id, row["employee_id"], "employee" in expand),
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
        "payType": body.get("payType"),
        "createdTime": row["created_ms"],
        "clientCreatedTime": row["client_created_ms"],
        "modifiedTime": row["modified_ms"],
        "deletedTimestamp": row["deleted_ms"],
    }
    if row["order_type_id"] is not None:
        order_type = None
        if "orderType" in expand:
            type_row = db.one(
                "SELECT * FROM inventory WHERE kind = 'order_type' AND id = ? AND merchant_id = ?",
                (row["order_type_id"], merchant_id),
            )
            order_type = None if type_row is None else render_inventory(db, type_row)
        order["orderType"] = order_type or {"id": row["order_type_id"]}
    if "customers" in expand:
        customers: list[dict[str, Any]] = []
        if row["customer_id"] is not None:
            customer = db.one(
                "SELECT * FROM customers WHERE id = ? AND merchant_id = ?",
                (row["customer_id"], merchant_id),
            )
            customers.append(
                {"id": row["customer_id"]}
                if customer is None
                else render_customer(db, customer, frozenset())
            )
        order["customers"] = elements(customers)
    if expanded(expand, "lineItems"):
        line_expand = child_expand(expand, "lineItems")
        order["lineItems"] = elements(
            render_line_item(db, li, line_expand) for li in order_line_items(db, order_id)
        )
    if "discounts" in expand:
        order["discounts"] = elements(
            render_order_discount(merchant_id, order_id, d) for d in body.get("discounts") or []
        )
    if "serviceCharge" in expand and body.get("serviceCharge"):
        order["serviceCharge"] = dict(body["serviceCharge"])
    if expanded(expand, "payments", "payment"):
        payment_expand = child_expand(expand, "payment") | child_expand(expand, "payments")
        order["payments"] = elements(
            render_payment(db, p, payment_expand)
            for p in db.query(
                "SELECT * FROM charges WHERE order_id = ? AND merchant_id = ? "
                "ORDER BY created_ms, rowid",
                (order_id, merchant_id),
            )
        )
    if "refunds" in expand:
        order["refunds"] = elements(
            render_refund(db, r, frozenset())
            for r in db.query(
                "SELECT * FROM refunds WHERE merchant_id = ? AND (order_id = ? OR charge_id IN "
                "(SELECT id FROM charges WHERE order_id = ?)) ORDER BY created_ms, rowid",
                (merchant_id, order_id, order_id),
            )
        )
    if "credits" in expand:
        order["credits"] = elements([])
    if "voids" in expand:
        order["voids"] = elements([])
    return _clean(order)


def order_line_items(db: Database, order_id: str) -> list[Row]:
    return db.query(
        "SELECT * FROM line_items WHERE order_id = ? ORDER BY created_ms, rowid", (order_id,)
    )


def render_order_discount(
    merchant_id: str, order_id: str, discount: dict[str, Any]
) -> dict[str, Any]:
    result = dict(discount)
    if "id" in result:
        result = {
            "href": href(merchant_id, "orders", order_id, "discounts", result["id"]),
            **result,
        }
    return _clean(result)


def render_line_item(db: Database, row: Row, expand: frozenset[str]) -> dict[str, Any]:
    """A ``line_items`` row as a v3 LineItem; discounts/modifications/taxRates when expanded."""
    merchant_id = row["merchant_id"]
    body = loads(row["body"])
    order_created = db.scalar(
        "SELECT client_created_ms FROM orders WHERE id = ?", (row["order_id"],)
    )
    modifications = body.get("modifications") or []
    line: dict[str, Any] = {
        "href": href(merchant_id, "orders", row["order_id"], "line_items", row["id"]),
        "id": row["id"],
        "orderRef": {"id": row["order_id"]},
        "item": ref(row["item_id"]),
        "name": row["name"],
        "alternateName": body.get("alternateName"),
        "price": row["price"],
        "priceWithModifiers": row["price"] + sum(int(m.get("amount") or 0) for m in modifications),
        "unitQty": row["unit_qty"],
        "unitName": body.get("unitName"),
        "itemCode": body.get("itemCode"),
        "note": row["note"],
        "printed": bool(body.get("printed", False)),
        "createdTime": row["created_ms"],
        "orderClientCreatedTime": order_created,
        "exchanged": bool(row["exchanged"]),
        "refunded": bool(row["refunded"]),
        "isRevenue": bool(row["is_revenue"]),
    }
    if "discounts" in expand:
        line["discounts"] = elements(
            compact(
                {
                    "href": href(
                        merchant_id,
                        "orders",
                        row["order_id"],
                        "line_items",
                        row["id"],
                        "discounts",
                        d["id"],
                    )
                    if "id" in d
                    else None,
                    **d,
                }
            )
            for d in body.get("discounts") or []
        )
    if "modifications" in expand:
        line["modifications"] = elements(dict(m) for m in modifications)
    if "taxRates" in expand:
        line["taxRates"] = elements(
            {**t, "lineItemRef": {"id": row["id"]}} for t in body.get("taxRates") or []
        )
    if "payments" in expand:
        line["payments"] = elements(
            {"id": p["id"]}
            for p in db.query(
                "SELECT id FROM charges WHERE order_id = ? AND status = 'succeeded' "
                "ORDER BY created_ms",
                (row["order_id"],),
            )
        )
    return _clean(line)


# ----------------------------------------------------------------------- payments


def payment_result(row: Row) -> str:
    status = row["status"]
    if status in _PAYMENT_RESULTS:
        return _PAYMENT_RESULTS[status]
    return "SUCCESS" if row["captured"] else "AUTH"


#: The same mapping as SQL over a ``charges`` row (for ``filter=result=...``).
PAYMENT_RESULT_SQL = (
    "(CASE WHEN status = 'failed' THEN 'FAIL' WHEN status = 'pending' THEN 'PENDING' "
    "WHEN captured THEN 'SUCCESS' ELSE 'AUTH' END)"
)


def render_card_transaction(row: Row) -> dict[str, Any] | None:
    if row["method"] not in ("card", "giftCard") and row["card_last4"] is None:
        return None
    body = loads(row["body"])
    captured = bool(row["captured"])
    failed = row["status"] == "failed"
    card_type = row["card_brand"] or ("GIFT_CARD" if row["method"] == "giftCard" else None)
    return _clean(
        {
            "cardType": card_type,
            "entryType": body.get("entry_type") or "KEYED",
            "first6": row["card_first6"],
            "last4": row["card_last4"],
            "type": "AUTH" if captured or failed else "PREAUTH",
            "authCode": row["auth_code"],
            "referenceId": row["ref_num"],
            "state": "CLOSED" if captured or failed else "PENDING",
            "currency": row["currency"],
            "captured": captured,
        }
    )


def render_payment(db: Database, row: Row, expand: frozenset[str]) -> dict[str, Any]:
    """A ``charges`` row as a v3 Payment (v3 payment id == charge id)."""
    merchant_id = row["merchant_id"]
    body = loads(row["body"])
    payment: dict[str, Any] = {
        "href": href(merchant_id, "payments", row["id"]),
        "id": row["id"],
        "order": ref(row["order_id"]),
        "amount": row["amount"],
        "tipAmount": row["tip_amount"],
        "taxAmount": row["tax_amount"],
        "externalReferenceId": body.get("external_reference_id"),
        "externalPaymentId": body.get("external_payment_id"),
        "employee": render_employee(db, merchant_id, row["employee_id"], "employee" in expand),
        "createdTime": row["created_ms"],
        "clientCreatedTime": row["created_ms"],
        "modifiedTime": row["modified_ms"],
        "offline": False,
        "result": payment_result(row),
        "note": body.get("note"),
    }
    label_key = row["tender_label_key"]
    if label_key is None:
        label_key = "com.clover.tender.credit_card" if row["method"] == "card" else None
    if label_key is not None:
        payment["tender"] = render_tender(db, merchant_id, label_key, "tender" in expand)
    if "order" in expand and row["order_id"] is not None:
        order_row = db.one(
            "SELECT * FROM orders WHERE id = ? AND merchant_id = ?", (row["order_id"], merchant_id)
        )
        if order_row is not None:
            payment["order"] = render_order(db, order_row, frozenset())
    if "cardTransaction" in expand:
        payment["cardTransaction"] = render_card_transaction(row)
    if "refunds" in expand:
        payment["refunds"] = elements(
            render_refund(db, r, frozenset())
            for r in db.query(
                "SELECT * FROM refunds WHERE charge_id = ? AND merchant_id = ? "
                "ORDER BY created_ms, rowid",
                (row["id"], merchant_id),
            )
        )
    if "lineItemPayments" in expand:
        items = (
            order_line_items(db, row["order_id"])
            if row["order_id"] is not None and payment["result"] == "SUCCESS"
            else []
        )
        payment["lineItemPayments"] = elements(
            {"id": li["id"], "refunded": bool(li["refunded"])} for li in items
        )
    return _clean(payment)


def render_refund(db: Database, row: Row, expand: frozenset[str]) -> dict[str, Any]:
    """A ``refunds`` row as a v3 Refund: positive ``amount``, ``orderRef``, ``payment``."""
    merchant_id = row["merchant_id"]
    body = loads(row["body"])
    order_id = row["order_id"] or db.scalar(
        "SELECT order_id FROM charges WHERE id = ?", (row["charge_id"],)
    )
    status = _REFUND_STATUSES.get(row["status"], str(row["status"]).upper())
    line_ids = body.get("line_item_ids") or []
    refund: dict[str, Any] = {
        "href": href(merchant_id, "refunds", row["id"]),
        "id": row["id"],
        "orderRef": ref(order_id),
        "payment": {"id": row["charge_id"]},
        "amount": row["amount"],
        "taxAmount": row["tax_amount"],
        "tipAmount": row["tip_amount"],
        "createdTime": row["created_ms"],
        "clientCreatedTime": row["created_ms"],
        "modifiedTime": row["modified_ms"],
        "employee": render_employee(db, merchant_id, row["employee_id"], "employee" in expand),
        "voided": status == "VOIDED",
        "status": status,
        "reason": row["reason"],
        "externalReferenceId": body.get("external_reference_id"),
        "lineItems": elements({"id": li} for li in line_ids) if line_ids else None,
    }
    if "cardTransaction" in expand:
        charge = db.one("SELECT * FROM charges WHERE id = ?", (row["charge_id"],))
        if charge is not None:
            card = render_card_transaction(charge)
            if card is not None:
                card.update(type="REFUND", state="CLOSED")
                card.pop("captured", None)
                refund["cardTransaction"] = card
    return _clean(refund)


# ---------------------------------------------------------------------- customers

CUSTOMER_COLLECTIONS = ("addresses", "emailAddresses", "phoneNumbers", "cards")


def render_customer(db: Database, row: Row, expand: frozenset[str]) -> dict[str, Any]:
    """A ``customers`` row as a v3 Customer; sub-collections appear only when expanded."""
    merchant_id = row["merchant_id"]
    body = loads(row["body"])
    customer: dict[str, Any] = {
        "href": href(merchant_id, "customers", row["id"]),
        "id": row["id"],
        "merchant": {"id": merchant_id},
        "firstName": row["first_name"],
        "lastName": row["last_name"],
        "marketingAllowed": bool(row["marketing_allowed"]),
        "customerSince": row["created_ms"],
        "deletedTime": row["deleted_ms"],
    }
    for name in CUSTOMER_COLLECTIONS:
        if name not in expand:
            continue
        entries = [dict(e) for e in body.get(name) or [] if isinstance(e, dict)]
        if name == "cards":
            entries = [e for e in entries if not e.get("revoked")]
            for entry in entries:
                entry.pop("revoked", None)
        for entry in entries:
            entry["customer"] = {"id": row["id"]}
        customer[name] = elements(entries)
    if "metadata" in expand:
        metadata = dict(body.get("metadata") or {})
        metadata["customer"] = {"id": row["id"]}
        customer["metadata"] = metadata
    return _clean(customer)
