"""v3 customers (README "Observed behaviour", exports.md §2–§3).

* email addresses, phone numbers, addresses and cards are sub-collections that appear
  only when expanded, as ``{"elements": [...]}``; ``metadata`` likewise;
* flat ``email`` / ``phone`` fields in a create or update body are ignored;
* updates are ``POST /customers/{id}``; ``PUT`` and ``PATCH`` are 405 (plain text);
* filters are flat: ``emailAddress``, ``phoneNumber``, ``fullName``, ``firstName``,
  ``lastName``, ``customerSince``, ``marketingAllowed``, ``id``, ``deletedTime``;
* sub-resources: ``/phone_numbers``, ``/email_addresses``, ``/addresses``, ``/cards``
  (``first6`` and ``last4`` required) — POST create, POST ``/{subId}`` update,
  DELETE ``/{subId}``; ``POST /metadata``.

[emulator choices] A deleted customer is 404 and leaves lists unless a
``deletedTime`` filter asks for it. A create answers the customer with the
sub-collections it was given (plus any ``expand``). Sending a sub-collection in an
update replaces it. The ``email``/``phone`` columns mirror the primary email (the one
marked ``primaryEmail``, else the first) and the first phone number.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..db import Row, loads
from ..errors import v3_error, v3_not_found
from ..ids import new_id
from ..jsonutil import read_json, respond
from ..listing import Column, V3ListParams, parse_expand
from ..platform_v3 import (
    Ctx,
    begin,
    collection,
    exists_filter,
    list_response,
    path_id,
    require_bool,
    require_int,
    require_str,
)
from ..views_v3 import render_customer

EXPANDS = ("addresses", "emailAddresses", "phoneNumbers", "cards", "metadata")
COLUMNS: dict[str, Column] = {
    "customerSince": Column("created_ms", "int"),
    "firstName": Column("first_name"),
    "lastName": Column("last_name"),
    "fullName": Column("TRIM(COALESCE(first_name, '') || ' ' || COALESCE(last_name, ''))"),
    "marketingAllowed": Column("marketing_allowed", "bool"),
    "id": Column("id"),
    "deletedTime": Column("deleted_ms", "int"),
}
CUSTOM_FILTERS = {
    "emailAddress": exists_filter(
        "SELECT 1 FROM json_each(customers.body, '$.emailAddresses') j "
        "WHERE json_extract(j.value, '$.emailAddress') {cmp}"
    ),
    "phoneNumber": exists_filter(
        "SELECT 1 FROM json_each(customers.body, '$.phoneNumbers') j "
        "WHERE json_extract(j.value, '$.phoneNumber') {cmp}"
    ),
}

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ADDRESS_FIELDS = ("address1", "address2", "address3", "city", "state", "zip", "country")
_CARD_FIELDS = (
    "first6",
    "last4",
    "firstName",
    "lastName",
    "expirationDate",
    "cardType",
    "token",
    "tokenType",
)
_METADATA_FIELDS = ("businessName", "note", "dobYear", "dobMonth", "dobDay")


# ------------------------------------------------------------------ sub-resources


def _phone(body: dict[str, Any], entry_id: str, current: dict[str, Any] | None) -> dict[str, Any]:
    number = require_str(body, "phoneNumber", required=current is None)
    entry = dict(current or {"id": entry_id})
    if number is not None:
        entry["phoneNumber"] = number
    return entry


def _email(body: dict[str, Any], entry_id: str, current: dict[str, Any] | None) -> dict[str, Any]:
    address = require_str(body, "emailAddress", required=current is None)
    entry = dict(current or {"id": entry_id})
    if address is not None:
        if not _EMAIL.fullmatch(address):
            raise v3_error(400, f"Invalid emailAddress: {address}")
        entry["emailAddress"] = address
    primary = require_bool(body, "primaryEmail")
    if primary is not None:
        entry["primaryEmail"] = primary
    verified = require_int(body, "verifiedTime")
    if verified is not None:
        entry["verifiedTime"] = verified
    return entry


def _address(body: dict[str, Any], entry_id: str, current: dict[str, Any] | None) -> dict[str, Any]:
    entry = dict(current or {"id": entry_id})
    for name in _ADDRESS_FIELDS:
        if name in body:
            value = require_str(body, name)
            if value is None:
                entry.pop(name, None)
            else:
                entry[name] = value
    return entry


def _card(body: dict[str, Any], entry_id: str, current: dict[str, Any] | None) -> dict[str, Any]:
    creating = current is None
    entry = dict(current or {"id": entry_id})
    for name in _CARD_FIELDS:
        if name in body or (creating and name in ("first6", "last4")):
            value = require_str(body, name, required=creating and name in ("first6", "last4"))
            if value is not None:
                entry[name] = value
    if not re.fullmatch(r"\d{6}", str(entry.get("first6", ""))):
        raise v3_error(400, "first6 must be the card's first 6 digits")
    if not re.fullmatch(r"\d{4}", str(entry.get("last4", ""))):
        raise v3_error(400, "last4 must be the card's last 4 digits")
    if entry.get("tokenType") not in (None, "MULTIPAY", "FINANCIAL"):
        raise v3_error(400, f"Invalid tokenType: {entry['tokenType']}")
    return entry


SUB_RESOURCES = {
    "phone_numbers": ("phoneNumbers", _phone, "Phone number"),
    "email_addresses": ("emailAddresses", _email, "Email address"),
    "addresses": ("addresses", _address, "Address"),
    "cards": ("cards", _card, "Card"),
}


def _columns_from_body(body: dict[str, Any]) -> dict[str, Any]:
    """The search columns mirrored from the sub-collections."""
    emails = body.get("emailAddresses") or []
    primary = next((e for e in emails if e.get("primaryEmail")), emails[0] if emails else None)
    phones = body.get("phoneNumbers") or []
    return {
        "email": None if primary is None else primary.get("emailAddress"),
        "phone": phones[0].get("phoneNumber") if phones else None,
    }


# ---------------------------------------------------------------------- customers


def find_customer(ctx: Ctx, customer_id: str) -> Row:
    row = ctx.db.one(
        "SELECT * FROM customers WHERE id = ? AND merchant_id = ? AND deleted_ms IS NULL",
        (customer_id, ctx.mid),
    )
    if row is None:
        raise v3_not_found("Customer")
    return row


def _reload(ctx: Ctx, customer_id: str) -> Row:
    row = ctx.db.one("SELECT * FROM customers WHERE id = ?", (customer_id,))
    assert row is not None
    return row


def _scalar_fields(body: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if "firstName" in body:
        changes["first_name"] = require_str(body, "firstName", max_len=64)
    if "lastName" in body:
        changes["last_name"] = require_str(body, "lastName", max_len=64)
    if "marketingAllowed" in body:
        changes["marketing_allowed"] = bool(require_bool(body, "marketingAllowed"))
    return changes


def _collections_from(body: dict[str, Any], stored: dict[str, Any]) -> set[str]:
    """Replace stored sub-collections with the ones in ``body``; returns their names."""
    given: set[str] = set()
    for key, builder, _label in SUB_RESOURCES.values():
        if key not in body:
            continue
        entries = collection(body[key])
        if entries is None and body[key] is not None:
            raise v3_error(400, f"{key} must be a list")
        built = []
        for entry in entries or []:
            if not isinstance(entry, dict):
                raise v3_error(400, f"{key} entries must be objects")
            built.append(builder(entry, new_id(), None))
        stored[key] = built
        given.add(key)
    if "metadata" in body:
        stored["metadata"] = _metadata(body["metadata"], stored.get("metadata"), 0)
        given.add("metadata")
    return given


def _metadata(raw: Any, current: dict[str, Any] | None, now_ms: int) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise v3_error(400, "metadata must be an object")
    metadata = dict(current or {})
    for name in _METADATA_FIELDS:
        if name in raw:
            value = raw[name]
            if name.startswith("dob"):
                value = require_int(raw, name)
            elif value is not None:
                value = require_str(raw, name)
            if value is None:
                metadata.pop(name, None)
            else:
                metadata[name] = value
    if now_ms:
        metadata["modifiedTime"] = now_ms
    return metadata


async def list_customers(request: Request) -> Response:
    ctx = begin(request)

    def extra(params: V3ListParams) -> tuple[list[str], list[Any]]:
        if any(f.field == "deletedTime" for f in params.filters):
            return [], []
        return ["deleted_ms IS NULL"], []

    return list_response(
        request,
        ctx,
        table="customers",
        where="merchant_id = ?",
        where_args=(ctx.mid,),
        columns=COLUMNS,
        custom=CUSTOM_FILTERS,
        expands=EXPANDS,
        order_by="created_ms DESC, rowid DESC",
        render=lambda row, expand: render_customer(ctx.db, row, expand),
        extra=extra,
    )


async def create_customer(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    expand = parse_expand(request, EXPANDS)
    with ctx.db.tx():
        columns = _scalar_fields(body)
        stored: dict[str, Any] = {}
        given = _collections_from(body, stored)
        if "metadata" in stored:
            stored["metadata"]["modifiedTime"] = ctx.now_ms
        since = require_int(body, "customerSince")
        customer_id = new_id()
        ctx.db.insert(
            "customers",
            {
                "id": customer_id,
                "merchant_id": ctx.mid,
                "created_ms": ctx.now_ms if since is None else since,
                "modified_ms": ctx.now_ms,
                **columns,
                **_columns_from_body(stored),
                "body": stored,
            },
        )
        row = _reload(ctx, customer_id)
        return respond(render_customer(ctx.db, row, expand | given))


async def get_customer(request: Request) -> Response:
    ctx = begin(request)
    # An unknown customer is 404 whatever else is wrong with the request.
    row = find_customer(ctx, path_id(request, "customerId"))
    return respond(render_customer(ctx.db, row, parse_expand(request, EXPANDS)))


async def update_customer(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        row = find_customer(ctx, path_id(request, "customerId"))
        expand = parse_expand(request, EXPANDS)
        columns = _scalar_fields(body)
        stored = dict(loads(row["body"]))
        given = _collections_from(body, stored)
        if "metadata" in given:
            stored["metadata"]["modifiedTime"] = ctx.now_ms
        if "customerSince" in body:
            since = require_int(body, "customerSince", required=True)
            columns["created_ms"] = since
        ctx.db.update(
            "customers",
            row["id"],
            {
                **columns,
                **_columns_from_body(stored),
                "body": stored,
                "modified_ms": ctx.now_ms,
            },
        )
        return respond(render_customer(ctx.db, _reload(ctx, row["id"]), expand | given))


async def delete_customer(request: Request) -> Response:
    ctx = begin(request)
    with ctx.db.tx():
        row = find_customer(ctx, path_id(request, "customerId"))
        ctx.db.update("customers", row["id"], {"deleted_ms": ctx.now_ms, "modified_ms": ctx.now_ms})
    return respond({})


# ------------------------------------------------------------- sub-resource routes


def _sub_handlers(segment: str) -> tuple[Any, Any, Any]:
    key, builder, label = SUB_RESOURCES[segment]

    async def create(request: Request) -> Response:
        ctx = begin(request)
        body = await read_json(request, v3=True)
        with ctx.db.tx():
            row = find_customer(ctx, path_id(request, "customerId"))
            stored = dict(loads(row["body"]))
            entry = builder(body, new_id(), None)
            if key == "cards":
                entry["modifiedTime"] = ctx.now_ms
            stored[key] = [*(stored.get(key) or []), entry]
            _save(ctx, row, stored)
            return respond({**entry, "customer": {"id": row["id"]}})

    async def update(request: Request) -> Response:
        ctx = begin(request)
        body = await read_json(request, v3=True)
        with ctx.db.tx():
            row = find_customer(ctx, path_id(request, "customerId"))
            stored = dict(loads(row["body"]))
            entries = list(stored.get(key) or [])
            index = _index(entries, path_id(request, "subId"), label)
            entry = builder(body, entries[index]["id"], entries[index])
            if key == "cards":
                entry["modifiedTime"] = ctx.now_ms
            entries[index] = entry
            stored[key] = entries
            _save(ctx, row, stored)
            return respond({**entry, "customer": {"id": row["id"]}})

    async def delete(request: Request) -> Response:
        ctx = begin(request)
        with ctx.db.tx():
            row = find_customer(ctx, path_id(request, "customerId"))
            stored = dict(loads(row["body"]))
            entries = list(stored.get(key) or [])
            del entries[_index(entries, path_id(request, "subId"), label)]
            stored[key] = entries
            _save(ctx, row, stored)
        return respond({})

    return create, update, delete


def _index(entries: list[dict[str, Any]], entry_id: str, label: str) -> int:
    for index, entry in enumerate(entries):
        if entry.get("id") == entry_id and not entry.get("revoked"):
            return index
    raise v3_not_found(label)


def _save(ctx: Ctx, row: Row, stored: dict[str, Any]) -> None:
    ctx.db.update(
        "customers",
        row["id"],
        {**_columns_from_body(stored), "body": stored, "modified_ms": ctx.now_ms},
    )


async def set_metadata(request: Request) -> Response:
    ctx = begin(request)
    body = await read_json(request, v3=True)
    with ctx.db.tx():
        row = find_customer(ctx, path_id(request, "customerId"))
        stored = dict(loads(row["body"]))
        stored["metadata"] = _metadata(body, stored.get("metadata"), ctx.now_ms)
        _save(ctx, row, stored)
        return respond({**stored["metadata"], "customer": {"id": row["id"]}})


def routes() -> list[BaseRoute]:
    base = "/v3/merchants/{mId}/customers"
    one = f"{base}/{{customerId}}"
    result: list[BaseRoute] = [
        Route(base, list_customers, methods=["GET"]),
        Route(base, create_customer, methods=["POST"]),
        Route(one, get_customer, methods=["GET"]),
        Route(one, update_customer, methods=["POST"]),
        Route(one, delete_customer, methods=["DELETE"]),
        Route(f"{one}/metadata", set_metadata, methods=["POST"]),
    ]
    for segment in SUB_RESOURCES:
        create, update, delete = _sub_handlers(segment)
        result += [
            Route(f"{one}/{segment}", create, methods=["POST"]),
            Route(f"{one}/{segment}/{{subId}}", update, methods=["POST"]),
            Route(f"{one}/{segment}/{{subId}}", delete, methods=["DELETE"]),
        ]
    return result
