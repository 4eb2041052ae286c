"""v3 inventory and merchant objects (atomic-orders-inventory.md §4), table ``inventory``.

Items, categories, modifier groups and their modifiers, discounts, tax rates, order
types, tenders, the default service charge and item stocks; plus
``GET /v3/merchants/{mId}`` (``expand=tenders``...). Updates are ``POST`` to the object
path; deletes are soft (``deleted_ms``) and answer 200 ``{}`` like an order delete;
a deleted object is then 404.

[emulator choices]
* Lists come in creation order (Clover sorts inventory by its own rules; clients page).
* System tenders (cash, check, credit/debit card, gift card, external payment) exist for
  every merchant with stable ids; they are not editable and cannot be deleted.
* ``GET /default_service_charge`` answers a 10 % "Service Charge" until the merchant
  sets another through ``POST /default_service_charge`` (a sandbox convenience: Clover
  configures it in the dashboard).
* Discount ``amount`` is stored as sent (Clover's examples show negative cents).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..db import Row, loads
from ..errors import v3_error, v3_not_found
from ..ids import new_id
from ..jsonutil import read_json, respond
from ..listing import Column, parse_expand
from ..platform_v3 import Ctx, begin, collection, list_response, path_id
from ..views_v3 import (
    SERVICE_CHARGE_DEFAULTS,
    default_service_charge_id,
    ensure_system_tenders,
    href,
    inventory_row,
    render_inventory,
    render_item_stock,
)

_INT_FIELDS = {
    "price",
    "priceWithoutVat",
    "cost",
    "stockCount",
    "rate",
    "taxAmount",
    "amount",
    "percentage",
    "percentageDecimal",
    "minRequired",
    "maxAllowed",
    "sortOrder",
    "fee",
    "minOrderAmount",
    "maxOrderAmount",
    "maxRadius",
    "avgOrderTime",
}
_BOOL_FIELDS = {
    "hidden",
    "available",
    "autoManage",
    "defaultTaxRates",
    "isRevenue",
    "isAgeRestricted",
    "excludeCashDiscount",
    "isDefault",
    "showByDefault",
    "taxable",
    "filterCategories",
    "isHidden",
    "isDeleted",
    "editable",
    "opensCashDrawer",
    "supportsTipping",
    "enabled",
    "visible",
    "deleted",
    "isAutoApplied",
}
_READ_ONLY = {"id", "href", "modifiedTime", "deletedTime", "modifierIds", "modifiers", "items"}
_ENUMS = {
    "priceType": ("FIXED", "VARIABLE", "PER_UNIT"),
    "taxType": (
        "VAT_TAXABLE",
        "VAT_NON_TAXABLE",
        "VAT_EXEMPT",
        "INTERNAL_TAX",
        "PARTNER_TAX",
        "ORDER_FEES",
    ),
    "type": ("DEFAULT", "CASH_DISCOUNT"),
    "hoursAvailable": ("ALL", "BUSINESS", "CUSTOM"),
    "customerIdMethod": ("NAME", "TABLE", "NAME_TABLE"),
}
_COLOR = re.compile(r"#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})")
#: Associations an item may carry, and the inventory kind each names.
_ITEM_LINKS = {"taxRates": "tax_rate", "categories": "category", "modifierGroups": "modifier_group"}


def _json(name: str) -> Column:
    return Column(f"json_extract(body, '$.{name}')")


def _json_int(name: str) -> Column:
    return Column(f"json_extract(body, '$.{name}')", "int")


def _json_bool(name: str) -> Column:
    return Column(f"COALESCE(json_extract(body, '$.{name}'), 0)", "bool")


_COMMON_COLUMNS = {
    "id": Column("id"),
    "name": Column("name"),
    "modifiedTime": Column("modified_ms", "int"),
}


@dataclass(frozen=True)
class Kind:
    kind: str
    path: str
    label: str
    required: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    expands: tuple[str, ...] = ()
    columns: dict[str, Column] = field(default_factory=dict)
    name_field: str = "name"


KINDS: dict[str, Kind] = {
    k.path: k
    for k in (
        Kind(
            "item",
            "items",
            "Item",
            required=("name", "price"),
            defaults={
                "hidden": False,
                "available": True,
                "autoManage": False,
                "priceType": "FIXED",
                "defaultTaxRates": True,
                "isRevenue": True,
            },
            expands=("tags", "categories", "taxRates", "modifierGroups", "itemStock"),
            columns={
                "price": _json_int("price"),
                "sku": _json("sku"),
                "code": _json("code"),
                "itemCode": _json("code"),
                "alternateName": _json("alternateName"),
                "hidden": _json_bool("hidden"),
                "available": _json_bool("available"),
                "isRevenue": _json_bool("isRevenue"),
                "defaultTaxRates": _json_bool("defaultTaxRates"),
                "priceType": _json("priceType"),
                "itemStock.quantity": _json_int("itemStock.quantity"),
            },
        ),
        Kind("category", "categories", "Category", required=("name",), expands=("items",)),
        Kind(
            "modifier_group",
            "modifier_groups",
            "Modifier group",
            required=("name",),
            defaults={"showByDefault": True},
            expands=("modifiers", "items"),
        ),
        Kind(
            "discount",
            "discounts",
            "Discount",
            required=("name",),
            columns={"amount": _json_int("amount"), "percentage": _json_int("percentage")},
        ),
        Kind(
            "tax_rate",
            "tax_rates",
            "Tax rate",
            required=("name",),
            defaults={"isDefault": False},
            expands=("items",),
            columns={"rate": _json_int("rate"), "isDefault": _json_bool("isDefault")},
        ),
        Kind(
            "order_type",
            "order_types",
            "Order type",
            required=("label",),
            defaults={"taxable": True, "isDefault": False, "filterCategories": False},
            expands=("categories", "hours"),
            columns={"label": Column("name"), "labelKey": _json("labelKey")},
            name_field="label",
        ),
        Kind(
            "tender",
            "tenders",
            "Tender",
            required=("label",),
            defaults={
                "editable": True,
                "opensCashDrawer": False,
                "supportsTipping": False,
                "enabled": True,
                "visible": True,
            },
            columns={"label": Column("name"), "labelKey": _json("labelKey")},
            name_field="label",
        ),
    )
}


def _validate(kind: Kind, body: dict[str, Any], ctx: Ctx, creating: bool) -> dict[str, Any]:
    """The fields to store from a create/update body; 400 on a bad one."""
    clean: dict[str, Any] = {}
    for name in kind.required if creating else ():
        value = body.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise v3_error(400, f"{name} is required")
    for name, value in body.items():
        if name in _READ_ONLY or name == "itemStock":
            continue
        if value is None:
            clean[name] = None
            continue
        if name in _INT_FIELDS and (isinstance(value, bool) or not isinstance(value, int)):
            raise v3_error(400, f"{name} must be an integer")
        if name in _BOOL_FIELDS and not isinstance(value, bool):
            raise v3_error(400, f"{name} must be a boolean")
        if name in ("name", "label", "labelKey", "alternateName", "sku", "code") and not isinstance(
            value, str
        ):
            raise v3_error(400, f"{name} must be a string")
        if name in _ENUMS and value not in _ENUMS[name]:
            raise v3_error(400, f"Invalid {name}: {value}")
        if name == "colorCode" and (not isinstance(value, str) or not _COLOR.fullmatch(value)):
            raise v3_error(400, f"Invalid colorCode: {value}")
        if kind.kind == "item" and name in _ITEM_LINKS:
            clean[name] = _links(ctx, _ITEM_LINKS[name], value, name)
            continue
        clean[name] = value
    rate = clean.get("rate")
    if kind.kind == "tax_rate" and isinstance(rate, int) and not 0 <= rate <= 10_000_000:
        raise v3_error(400, "rate must be between 0 and 10000000 (100%)")
    amounts = ("amount", "percentage", "percentageDecimal")
    if kind.kind == "discount" and creating and all(body.get(a) is None for a in amounts):
        raise v3_error(400, "A discount needs an amount or a percentage")
    if isinstance(clean.get("percentage"), int) and not 0 <= clean["percentage"] <= 100:
        raise v3_error(400, "percentage must be between 0 and 100")
    return clean


def _links(ctx: Ctx, kind: str, value: Any, name: str) -> list[dict[str, str]]:
    entries = collection(value)
    if entries is None:
        raise v3_error(400, f"{name} must be a list of references")
    links: list[dict[str, str]] = []
    for entry in entries:
        object_id = entry.get("id") if isinstance(entry, dict) else None
        if (
            not isinstance(object_id, str)
            or inventory_row(ctx.db, ctx.mid, kind, object_id) is None
        ):
            raise v3_error(400, f"Invalid {name} reference", str(object_id))
        links.append({"id": object_id})
    return links


def _store(
    ctx: Ctx,
    kind: str,
    object_id: str,
    body: dict[str, Any],
    *,
    name: str | None,
    parent_id: str | None = None,
) -> None:
    body = {k: v for k, v in body.items() if v is not None}
    body["modifiedTime"] = ctx.now_ms
    ctx.db.insert(
        "inventory",
        {
            "kind": kind,
            "id": object_id,
            "merchant_id": ctx.mid,
            "parent_id": parent_id,
            "name": name,
            "modified_ms": ctx.now_ms,
            "body": body,
        },
    )


def _update(ctx: Ctx, row: Row, changes: dict[str, Any], name_field: str = "name") -> Row:
    body = dict(loads(row["body"]))
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    body["modifiedTime"] = ctx.now_ms
    ctx.db.execute(
        "UPDATE inventory SET body = ?, name = ?, modified_ms = ? WHERE kind = ? AND id = ?",
        (
            _dumps(body),
            body.get(name_field, row["name"]),
            ctx.now_ms,
            row["kind"],
            row["id"],
        ),
    )
    updated = ctx.db.one(
        "SELECT * FROM inventory WHERE kind = ? AND id = ?", (row["kind"], row["id"])
    )
    assert updated is not None
    return updated


def _dumps(value: Any) -> str:
    from ..db import dumps

    return dumps(value)


def _soft_delete(ctx: Ctx, kind: str, object_id: str) -> None:
    ctx.db.execute(
        "UPDATE inventory SET deleted_ms = ?, modified_ms = ? WHERE kind = ? AND id = ? "
        "AND merchant_id = ?",
        (ctx.now_ms, ctx.now_ms, kind, object_id, ctx.mid),
    )


def _found(ctx: Ctx, kind: Kind, object_id: str) -> Row:
    row = inventory_row(ctx.db, ctx.mid, kind.kind, object_id)
    if row is None:
        raise v3_not_found(kind.label)
    return row


def _prepare(ctx: Ctx, kind: Kind) -> None:
    if kind.kind == "tender":
        with ctx.db.tx():
            ensure_system_tenders(ctx.db, ctx.mid, ctx.now_ms)


# ----------------------------------------------------------------- generic handlers


def _list_handler(kind: Kind) -> Callable[[Request], Any]:
    async def handler(request: Request) -> Response:
        ctx = begin(request)
        _prepare(ctx, kind)
        columns = {**_COMMON_COLUMNS, **kind.columns}
        return list_response(
            request,
            ctx,
            table="inventory",
            where="kind = ? AND merchant_id = ? AND deleted_ms IS NULL",
            where_args=(kind.kind, ctx.mid),
            columns=columns,
            expands=kind.expands,
            order_by="rowid",
            render=lambda row, expand: _render(ctx, kind, row, expand),
        )

    return handler


def _render(ctx: Ctx, kind: Kind, row: Row, expand: frozenset[str]) -> dict[str, Any]:
    result = render_inventory(ctx.db, row, expand)
    if "items" in expand and kind.kind in ("category", "tax_rate", "modifier_group"):
        link = {
            "category": "categories",
            "tax_rate": "taxRates",
            "modifier_group": "modifierGroups",
        }
        items = ctx.db.query(
            "SELECT i.* FROM inventory i WHERE i.kind = 'item' AND i.merchant_id = ? "
            "AND i.deleted_ms IS NULL AND EXISTS (SELECT 1 FROM json_each(i.body, ?) j "
            "WHERE json_extract(j.value, '$.id') = ?) ORDER BY i.rowid",
            (ctx.mid, f"$.{link[kind.kind]}", row["id"]),
        )
        result["items"] = {"elements": [render_inventory(ctx.db, i) for i in items]}
    return result


def _create_handler(kind: Kind) -> Callable[[Request], Any]:
    async def handler(request: Request) -> Response:
        ctx = begin(request)
        body = await read_json(request, v3=True)
        expand = parse_expand(request, kind.expands)
        with ctx.db.tx():
            clean = _validate(kind, body, ctx, creating=True)
            stored = {**kind.defaults, **clean}
            object_id = new_id()
            if kind.kind == "tender":
                stored.setdefault("labelKey", f"com.clover.tender.custom.{object_id.lower()}")
            _store(ctx, kind.kind, object_id, stored, name=stored.get(kind.name_field))
            row = _found(ctx, kind, object_id)
            return respond(_render(ctx, kind, row, expand))

    return handler


def _get_handler(kind: Kind) -> Callable[[Request], Any]:
    async def handler(request: Request) -> Response:
        ctx = begin(request)
        _prepare(ctx, kind)
        row = _found(ctx, kind, path_id(request, "objectId"))
        return respond(_render(ctx, kind, row, parse_expand(request, kind.expands)))

    return handler


def _update_handler(kind: Kind) -> Callable[[Request], Any]:
    async def handler(request: Request) -> Response:
        ctx = begin(request)
        _prepare(ctx, kind)
        body = await read_json(request, v3=True)
        with ctx.db.tx():
            row = _found(ctx, kind, path_id(request, "objectId"))
            expand = parse_expand(request, kind.expands)
            if kind.kind == "tender" and not loads(row["body"]).get("editable", True):
                raise v3_error(400, "System tenders cannot be modified")
            clean = _validate(kind, body, ctx, creating=False)
            for name in kind.required:
                if name in clean and clean[name] is None:
                    raise v3_error(400, f"{name} is required")
            row = _update(ctx, row, clean, kind.name_field)
            return respond(_render(ctx, kind, row, expand))

    return handler


def _delete_handler(kind: Kind) -> Callable[[Request], Any]:
    async def handler(request: Request) -> Response:
        ctx = begin(request)
        _prepare(ctx, kind)
        with ctx.db.tx():
            row = _found(ctx, kind, path_id(request, "objectId"))
            if kind.kind == "tender" and not loads(row["body"]).get("editable", True):
                raise v3_error(400, "System tenders cannot be deleted")
            _soft_delete(ctx, kind.kind, row["id"])
            if kind.kind == "modifier_group":
                ctx.db.execute(
                    "UPDATE inventory SET deleted_ms = ? WHERE kind = 'modifier' AND parent_id = ? "
                    "AND merchant_id = ? AND deleted_ms IS NULL",
                    (ctx.now_ms, row["id"], ctx.mid),
                )
        return respond({})

    return handler


def _bulk_delete_handler(kind: Kind, param: str) -> Callable[[Request], Any]:
    async def handler(request: Request) -> Response:
        ctx = begin(request)
        ids = [i.strip() for i in request.query_params.get(param, "").split(",") if i.strip()]
        if not ids:
            raise v3_error(400, f"{param} is required")
        with ctx.db.tx():
            for object_id in ids:
                _found(ctx, kind, object_id)
            for object_id in ids:
                _soft_delete(ctx, kind.kind, object_id)
                if kind.kind == "modifier_group":
                    ctx.db.execute(
                        "UPDATE inventory SET deleted_ms = ? WHERE kind = 'modifier' "
                        "AND parent_id = ? AND merchant_id = ? AND deleted_ms IS NULL",
                        (ctx.now_ms, object_id, ctx.mid),
                    )
        return respond({})

    return handler


# ------------------------------------------------------------------------ modifiers

_MODIFIER = Kind("modifier", "modifiers", "Modifier", required=("name",))
_MODIFIER_DEFAULTS = {"available": True, "price": 0}


def _group(ctx: Ctx, request: Request) -> Row:
    return _found(ctx, KINDS["modifier_groups"], path_id(request, "groupId"))


def _modifier(ctx: Ctx, request: Request) -> Row:
    group = _group(ctx, request)
    row = inventory_row(ctx.db, ctx.mid, "modifier", path_id(request, "modId"))
    if row is None or row["parent_id"] != group["id"]:
        raise v3_not_found("Modifier")
    return row


async def list_all_modifiers(request: Request) -> Response:
    ctx = begin(request)
    columns = {
        **_COMMON_COLUMNS,
        "price": _json_int("price"),
        "modifierGroup.id": Column("parent_id"),
    }
    return list_response(
        request,
        ctx,
        table="inventory",
        where="kind = 'modifier' AND merchant_id = ? AND deleted_ms IS NULL",
        where_args=(ctx.mid,),
        columns=columns,
        expands=(),
        order_by="rowid",
        render=lambda row, expand: render_inventory(ctx.db, row, expand),
    )


async def list_group_modifiers(request: Request) -> Response:
    ctx = begin(request)
    group = _group(ctx, request)
    return list_response(
        request,
        ctx,
        table="inventory",
        where="kind = 'modifier' AND merchant_id = ? AND parent_id = ? AND deleted_ms IS NULL",
        where_args=(ctx.mid, group["id"]),
        columns={**_COMMON_COLUMNS, "price": _json_int("price")},
        expands=(),
        order_by="rowid",
        render=lambda row, expand: render_inventory(ctx.db, row, expand),
    )


async def create_modifier(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        group = _group(ctx, request)
        clean = _validate(_MODIFIER, body, ctx, creating=True)
        clean.pop("modifierGroup", None)
        stored = {**_MODIFIER_DEFAULTS, **clean}
        object_id = new_id()
        _store(ctx, "modifier", object_id, stored, name=stored.get("name"), parent_id=group["id"])
        row = inventory_row(ctx.db, ctx.mid, "modifier", object_id)
        assert row is not None
        return respond(render_inventory(ctx.db, row))


async def get_modifier(request: Request) -> Response:
    ctx = begin(request)
    return respond(render_inventory(ctx.db, _modifier(ctx, request)))


async def update_modifier(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        row = _modifier(ctx, request)
        clean = _validate(_MODIFIER, body, ctx, creating=False)
        clean.pop("modifierGroup", None)
        if "name" in clean and clean["name"] is None:
            raise v3_error(400, "name is required")
        row = _update(ctx, row, clean)
        return respond(render_inventory(ctx.db, row))


async def delete_modifier(request: Request) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        row = _modifier(ctx, request)
        _soft_delete(ctx, "modifier", row["id"])
    return respond({})


# ---------------------------------------------------------------------- item stocks


def _item(ctx: Ctx, request: Request) -> Row:
    return _found(ctx, KINDS["items"], path_id(request, "itemId"))


async def list_item_stocks(request: Request) -> Response:
    ctx = begin(request)
    return list_response(
        request,
        ctx,
        table="inventory",
        where="kind = 'item' AND merchant_id = ? AND deleted_ms IS NULL "
        "AND json_extract(body, '$.itemStock') IS NOT NULL",
        where_args=(ctx.mid,),
        columns={
            "item.id": Column("id"),
            "quantity": _json_int("itemStock.quantity"),
            "modifiedTime": Column("modified_ms", "int"),
        },
        expands=(),
        order_by="rowid",
        render=lambda row, expand: render_item_stock(row),
    )


async def get_item_stock(request: Request) -> Response:
    ctx = begin(request)
    row = _item(ctx, request)
    if "itemStock" not in loads(row["body"]):
        raise v3_not_found("Item stock")
    return respond(render_item_stock(row))


async def set_item_stock(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    quantity = body.get("quantity", body.get("stockCount"))
    if isinstance(quantity, bool) or not isinstance(quantity, int | float):
        raise v3_error(400, "quantity is required and must be a number")
    with ctx.db.tx():
        row = _item(ctx, request)
        stock = {"quantity": quantity, "modifiedTime": ctx.now_ms}
        row = _update(ctx, row, {"itemStock": stock, "stockCount": int(quantity)})
        return respond(render_item_stock(row))


async def delete_item_stock(request: Request) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        row = _item(ctx, request)
        _update(ctx, row, {"itemStock": None, "stockCount": None})
    return respond({})


# ------------------------------------------------------------ default service charge


def ensure_service_charge(ctx: Ctx) -> Row:
    """The merchant's default service charge row (created with defaults on first use)."""
    row = ctx.db.one(
        "SELECT * FROM inventory WHERE kind = 'service_charge' AND merchant_id = ? "
        "AND deleted_ms IS NULL ORDER BY rowid LIMIT 1",
        (ctx.mid,),
    )
    if row is not None:
        return row
    with ctx.db.tx():
        _store(
            ctx,
            "service_charge",
            default_service_charge_id(ctx.mid),
            dict(SERVICE_CHARGE_DEFAULTS),
            name=SERVICE_CHARGE_DEFAULTS["name"],
        )
    row = inventory_row(ctx.db, ctx.mid, "service_charge", default_service_charge_id(ctx.mid))
    assert row is not None
    return row


async def get_service_charge(request: Request) -> Response:
    ctx = begin(request)
    return respond(render_inventory(ctx.db, ensure_service_charge(ctx)))


async def set_service_charge(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    kind = Kind("service_charge", "default_service_charge", "Service charge")
    with ctx.db.tx():
        row = ensure_service_charge(ctx)
        clean = _validate(kind, body, ctx, creating=False)
        pct = clean.get("percentageDecimal")
        if isinstance(pct, int) and not 0 <= pct <= 1_000_000:
            raise v3_error(400, "percentageDecimal must be between 0 and 1000000")
        row = _update(ctx, row, clean)
        return respond(render_inventory(ctx.db, row))


# ------------------------------------------------------------------------ merchant

_MERCHANT_EXPANDS = ("tenders", "taxRates", "orderTypes", "address", "employees")


async def get_merchant(request: Request) -> Response:
    ctx = begin(request)
    expand = parse_expand(request, _MERCHANT_EXPANDS)
    row = ctx.db.one("SELECT * FROM merchants WHERE id = ?", (ctx.mid,))
    assert row is not None
    body = loads(row["body"])
    merchant: dict[str, Any] = {
        "href": href(ctx.mid),
        "id": ctx.mid,
        "name": row["name"],
        "defaultCurrency": row["currency"],
        "phoneNumber": body.get("phone"),
        "website": body.get("website"),
        "createdTime": row["created_ms"],
    }
    if "address" in expand:
        merchant["address"] = body.get("address") or {}
    lists = {"tenders": "tender", "taxRates": "tax_rate", "orderTypes": "order_type"}
    for name, kind in lists.items():
        if name not in expand:
            continue
        if kind == "tender":
            with ctx.db.tx():
                ensure_system_tenders(ctx.db, ctx.mid, ctx.now_ms)
        rows = ctx.db.query(
            "SELECT * FROM inventory WHERE kind = ? AND merchant_id = ? AND deleted_ms IS NULL "
            "ORDER BY rowid",
            (kind, ctx.mid),
        )
        merchant[name] = {"elements": [render_inventory(ctx.db, r) for r in rows]}
    if "employees" in expand:
        merchant["employees"] = {
            "elements": [
                {"href": href(ctx.mid, "employees", e["id"]), "id": e["id"], "name": e["name"]}
                for e in ctx.db.query(
                    "SELECT * FROM employees WHERE merchant_id = ? ORDER BY rowid", (ctx.mid,)
                )
            ]
        }
    return respond(merchant)


SYSTEM_ORDER_TYPES = [
    {
        "id": "com.clover.order.type.dine_in",
        "labelKey": "com.clover.order.type.dine_in",
        "label": "Dine In",
    },
    {
        "id": "com.clover.order.type.take_out",
        "labelKey": "com.clover.order.type.take_out",
        "label": "Take Out",
    },
    {
        "id": "com.clover.order.type.delivery",
        "labelKey": "com.clover.order.type.delivery",
        "label": "Delivery",
    },
]


async def system_order_types(request: Request) -> Response:
    begin(request)
    return respond({"elements": SYSTEM_ORDER_TYPES, "href": str(request.url)})


def routes() -> list[BaseRoute]:
    base = "/v3/merchants/{mId}"
    result: list[BaseRoute] = [Route(base, get_merchant, methods=["GET"])]
    for path, kind in KINDS.items():
        result += [
            Route(f"{base}/{path}", _list_handler(kind), methods=["GET"]),
            Route(f"{base}/{path}", _create_handler(kind), methods=["POST"]),
            Route(f"{base}/{path}/{{objectId}}", _get_handler(kind), methods=["GET"]),
            Route(f"{base}/{path}/{{objectId}}", _update_handler(kind), methods=["POST"]),
            Route(f"{base}/{path}/{{objectId}}", _delete_handler(kind), methods=["DELETE"]),
        ]
    result += [
        Route(f"{base}/items", _bulk_delete_handler(KINDS["items"], "itemIds"), methods=["DELETE"]),
        Route(
            f"{base}/modifier_groups",
            _bulk_delete_handler(KINDS["modifier_groups"], "modifierGroupIds"),
            methods=["DELETE"],
        ),
        Route(f"{base}/modifiers", list_all_modifiers, methods=["GET"]),
        Route(
            f"{base}/modifier_groups/{{groupId}}/modifiers", list_group_modifiers, methods=["GET"]
        ),
        Route(f"{base}/modifier_groups/{{groupId}}/modifiers", create_modifier, methods=["POST"]),
        Route(
            f"{base}/modifier_groups/{{groupId}}/modifiers/{{modId}}", get_modifier, methods=["GET"]
        ),
        Route(
            f"{base}/modifier_groups/{{groupId}}/modifiers/{{modId}}",
            update_modifier,
            methods=["POST"],
        ),
        Route(
            f"{base}/modifier_groups/{{groupId}}/modifiers/{{modId}}",
            delete_modifier,
            methods=["DELETE"],
        ),
        Route(f"{base}/item_stocks", list_item_stocks, methods=["GET"]),
        Route(f"{base}/item_stocks/{{itemId}}", get_item_stock, methods=["GET"]),
        Route(f"{base}/item_stocks/{{itemId}}", set_item_stock, methods=["POST"]),
        Route(f"{base}/item_stocks/{{itemId}}", delete_item_stock, methods=["DELETE"]),
        Route(f"{base}/default_service_charge", get_service_charge, methods=["GET"]),
        Route(f"{base}/default_service_charge", set_service_charge, methods=["POST"]),
        Route(f"{base}/system_order_types", system_order_types, methods=["GET"]),
    ]
    return result
