"""Carts: line items, modifiers, discounts, tax and service charge for v3 orders.

Used by the atomic order endpoints (``checkouts`` prices a cart, ``orders`` prices and
records it) and by the custom-order line-item endpoints (which resolve line items the
same way but, like Clover, never recalculate an order's total).

Arithmetic (all integer cents; ``round_half_up`` everywhere):

1. line gross = ``price`` (× ``unitQty`` / 1000 for per-unit items) + modifier amounts;
2. line discounts (amount, negative cents; or ``percentage`` whole percent /
   ``percentageDecimal`` ×10,000 of the line gross) bring it to the line net (never
   below 0);
3. order discounts apply to the sum of line nets (never below 0) and are shared out
   over the lines in proportion to their nets (largest remainder, so the shares add
   up exactly) to find each line's taxable amount;
4. tax is computed **per line and per tax rate** and rounded there
   (``taxable × rate / 10,000,000``; a flat ``taxAmount`` rate adds its cents once per
   line), then summed — so the order's tax can differ by a cent from taxing the
   subtotal once; an order type with ``taxable: false`` makes the order tax-free;
5. the service charge is ``percentageDecimal`` / 1,000,000 of the discounted subtotal
   (before tax);
6. total = discounted subtotal + tax + service charge.

Which tax rates a line carries: the line's own ``taxRates`` when sent; else, for an item
with ``defaultTaxRates: false``, the item's ``taxRates``; else (items with
``defaultTaxRates: true`` and ad-hoc lines) the merchant's ``isDefault`` tax rates.

Errors follow the atomic-order shape ``{"message": "<code>", "details": "..."}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .db import Database, Row, loads
from .errors import SandboxError, v3_error
from .ids import new_id
from .platform_v3 import collection
from .views_v3 import SERVICE_CHARGE_DEFAULTS, default_service_charge_id, inventory_row

MAX_LINE_ITEMS = 3000
RATE_SCALE = 10_000_000  # tax rate: 100% = 10,000,000
PERCENT_DECIMAL_SCALE = 1_000_000  # percentageDecimal: 100% = 1,000,000


def cart_error(code: str, details: str) -> SandboxError:
    return v3_error(400, code, details)


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Line:
    item_id: str | None
    name: str
    price: int
    unit_qty: int | None = None
    note: str | None = None
    is_revenue: bool = True
    body: dict[str, Any] = field(default_factory=dict)
    # computed by price_cart
    gross: int = 0
    net: int = 0
    taxable: int = 0
    tax: int = 0

    @property
    def modifications(self) -> list[dict[str, Any]]:
        mods: list[dict[str, Any]] = self.body.setdefault("modifications", [])
        return mods

    @property
    def discounts(self) -> list[dict[str, Any]]:
        discounts: list[dict[str, Any]] = self.body.setdefault("discounts", [])
        return discounts

    @property
    def tax_rates(self) -> list[dict[str, Any]]:
        rates: list[dict[str, Any]] = self.body.setdefault("taxRates", [])
        return rates


@dataclass
class PricedCart:
    lines: list[Line]
    discounts: list[dict[str, Any]]
    service_charge: dict[str, Any] | None
    subtotal: int = 0  # after every discount, before tax and service charge
    discount_total: int = 0  # order-level discounts, negative cents
    service_charge_amount: int = 0
    tax_total: int = 0
    total: int = 0
    tax_summaries: list[dict[str, Any]] = field(default_factory=list)


def _int(value: Any, code: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise cart_error(code, f"{what} must be an integer")
    return value


def tax_rate_entry(row: Row) -> dict[str, Any]:
    body = loads(row["body"])
    entry: dict[str, Any] = {"id": row["id"], "name": body.get("name")}
    if body.get("taxAmount") is not None:
        entry["taxAmount"] = body["taxAmount"]
    else:
        entry["rate"] = body.get("rate", 0)
    entry["isDefault"] = bool(body.get("isDefault", False))
    return entry


def default_tax_rates(db: Database, merchant_id: str) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT * FROM inventory WHERE kind = 'tax_rate' AND merchant_id = ? "
        "AND deleted_ms IS NULL AND json_extract(body, '$.isDefault') = 1 ORDER BY rowid",
        (merchant_id,),
    )
    return [tax_rate_entry(r) for r in rows]


def _tax_rates_by_id(db: Database, merchant_id: str, refs: list[Any]) -> list[dict[str, Any]]:
    rates: list[dict[str, Any]] = []
    for ref in refs:
        rate_id = ref.get("id") if isinstance(ref, dict) else None
        row = inventory_row(
            db, merchant_id, "tax_rate", rate_id if isinstance(rate_id, str) else None
        )
        if row is None:
            raise cart_error("bad_request", f"Unknown tax rate: {rate_id}")
        rates.append(tax_rate_entry(row))
    return rates


def parse_discount(db: Database, merchant_id: str, raw: Any) -> dict[str, Any]:
    """A line or order discount from a request: inline amount/percentage or inventory id."""
    if not isinstance(raw, dict):
        raise cart_error("invalid_discount_attribute", "A discount must be an object")
    entry: dict[str, Any] = {"id": new_id()}
    inventory_ref = raw.get("discount")
    if inventory_ref is not None:
        discount_id = inventory_ref.get("id") if isinstance(inventory_ref, dict) else None
        row = inventory_row(
            db, merchant_id, "discount", discount_id if isinstance(discount_id, str) else None
        )
        if row is None:
            raise cart_error("invalid_discount_attribute", f"Unknown discount: {discount_id}")
        stored = loads(row["body"])
        entry["discount"] = {"id": row["id"]}
        source: dict[str, Any] = {
            "name": raw.get("name", stored.get("name")),
            "amount": None if stored.get("amount") is None else -abs(int(stored["amount"])),
            "percentage": stored.get("percentage"),
            "percentageDecimal": stored.get("percentageDecimal"),
        }
    else:
        source = raw
    name = source.get("name")
    if not isinstance(name, str) or not name.strip():
        raise cart_error("invalid_discount_attribute", "A discount needs a name")
    entry["name"] = name
    given = [k for k in ("amount", "percentage", "percentageDecimal") if source.get(k) is not None]
    if len(given) != 1:
        raise cart_error(
            "invalid_discount_attribute",
            "A discount needs exactly one of amount, percentage or percentageDecimal",
        )
    key = given[0]
    value = _int(source[key], "invalid_discount_attribute", f"discount {key}")
    if key == "amount" and value > 0:
        raise cart_error(
            "invalid_discount_attribute", "discount amount is negative cents (e.g. -200)"
        )
    if key == "percentage" and not 0 <= value <= 100:
        raise cart_error("invalid_discount_attribute", "discount percentage must be 0 to 100")
    if key == "percentageDecimal" and not 0 <= value <= PERCENT_DECIMAL_SCALE:
        raise cart_error(
            "invalid_discount_attribute", "discount percentageDecimal must be 0 to 1000000"
        )
    entry[key] = value
    return entry


def discount_value(discount: dict[str, Any], base: int) -> int:
    """The (negative) cents a discount takes off ``base``."""
    if discount.get("amount") is not None:
        return int(discount["amount"])
    if discount.get("percentage") is not None:
        return -round_half_up(Decimal(base) * discount["percentage"] / 100)
    if discount.get("percentageDecimal") is not None:
        return -round_half_up(Decimal(base) * discount["percentageDecimal"] / PERCENT_DECIMAL_SCALE)
    return 0


def parse_modification(db: Database, merchant_id: str, raw: Any) -> dict[str, Any] | None:
    """A modification; the modifier id may sit in ``modifier`` or at the top level."""
    if not isinstance(raw, dict):
        raise cart_error("bad_request", "A modification must be an object")
    modifier = raw.get("modifier")
    modifier_id = modifier.get("id") if isinstance(modifier, dict) else None
    if modifier_id is None:
        modifier_id = raw.get("id")
    if modifier_id is None:
        return None  # no modifier id: the other modifier fields are ignored
    row = inventory_row(
        db, merchant_id, "modifier", modifier_id if isinstance(modifier_id, str) else None
    )
    if row is None:
        raise cart_error("invalid_modifier", str(modifier_id))
    stored = loads(row["body"])
    name, amount = stored.get("name"), int(stored.get("price") or 0)
    if raw.get("name") is not None and raw.get("amount") is not None:
        name = raw["name"]
        amount = _int(raw["amount"], "bad_request", "modification amount")
    return {
        "id": new_id(),
        "name": name,
        "amount": amount,
        "modifier": {"id": row["id"], "name": stored.get("name"), "price": stored.get("price", 0)},
    }


def parse_line(db: Database, merchant_id: str, raw: Any) -> Line:
    """Resolve one requested line item against the merchant's inventory."""
    if not isinstance(raw, dict):
        raise cart_error("bad_request", "A line item must be an object")
    item_ref = raw.get("item")
    item_row: Row | None = None
    item: dict[str, Any] = {}
    if item_ref is not None:
        item_id = item_ref.get("id") if isinstance(item_ref, dict) else item_ref
        item_row = inventory_row(
            db, merchant_id, "item", item_id if isinstance(item_id, str) else None
        )
        if item_row is None:
            raise cart_error("item_does_not_exist", str(item_id))
        item = loads(item_row["body"])
    name = raw.get("name", item.get("name"))
    if not isinstance(name, str) or not name:
        raise cart_error("bad_request", "A line item without an item needs a name")
    price = raw.get("price", item.get("price"))
    if price is None:
        raise cart_error("bad_request", "A line item without an item needs a price")
    price = _int(price, "bad_request", "line item price")
    unit_qty = raw.get("unitQty")
    if unit_qty is not None:
        unit_qty = _int(unit_qty, "bad_request", "unitQty")
        if unit_qty <= 0:
            raise cart_error("bad_request", "unitQty must be positive (x1000)")
    body: dict[str, Any] = {}
    for key, source in (
        ("alternateName", raw.get("alternateName", item.get("alternateName"))),
        ("itemCode", raw.get("itemCode", item.get("code"))),
        ("unitName", raw.get("unitName", item.get("unitName"))),
    ):
        if source is not None:
            body[key] = source
    for flag in ("printed", "exchanged"):
        if raw.get(flag) is not None:
            body[flag] = bool(raw[flag])
    line = Line(
        item_id=None if item_row is None else item_row["id"],
        name=name,
        price=price,
        unit_qty=unit_qty,
        note=raw.get("note") if isinstance(raw.get("note"), str) else None,
        is_revenue=bool(item.get("isRevenue", True)),
        body=body,
    )
    for mod in collection(raw.get("modifications")) or []:
        parsed = parse_modification(db, merchant_id, mod)
        if parsed is not None:
            line.modifications.append(parsed)
    for discount in collection(raw.get("discounts")) or []:
        line.discounts.append(parse_discount(db, merchant_id, discount))
    rate_refs = collection(raw.get("taxRates"))
    if rate_refs is not None:
        rates = _tax_rates_by_id(db, merchant_id, rate_refs)
    elif item_row is not None and item.get("defaultTaxRates") is False:
        rates = _tax_rates_by_id(db, merchant_id, collection(item.get("taxRates")) or [])
    else:
        rates = default_tax_rates(db, merchant_id)
    line.tax_rates.extend(rates)
    return line


def parse_service_charge(db: Database, merchant_id: str, raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    charge_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(charge_id, str) or not charge_id:
        raise cart_error("service_charge_does_not_exist", str(charge_id))
    row = inventory_row(db, merchant_id, "service_charge", charge_id)
    if row is None:
        if charge_id != default_service_charge_id(merchant_id):
            raise cart_error("service_charge_does_not_exist", charge_id)
        stored: dict[str, Any] = dict(SERVICE_CHARGE_DEFAULTS)
    else:
        stored = loads(row["body"])
    assert isinstance(raw, dict)
    pct = raw.get("percentageDecimal", stored.get("percentageDecimal", 0))
    pct = _int(pct, "bad_request", "serviceCharge.percentageDecimal")
    if not 0 <= pct <= PERCENT_DECIMAL_SCALE:
        raise cart_error("bad_request", "serviceCharge.percentageDecimal must be 0 to 1000000")
    return {
        "id": charge_id,
        "name": raw.get("name") or stored.get("name"),
        "enabled": True,
        "percentageDecimal": pct,
    }


def _allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` over ``weights`` proportionally; the parts add up to ``total``."""
    whole = sum(weights)
    if not weights or whole == 0 or total == 0:
        return [0] * len(weights)
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    exact = [Decimal(magnitude) * w / whole for w in weights]
    parts = [int(e) for e in exact]
    remainder = magnitude - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[:remainder]:
        parts[i] += 1
    return [sign * p for p in parts]


def price_cart(
    lines: list[Line],
    discounts: list[dict[str, Any]],
    service_charge: dict[str, Any] | None,
    *,
    taxable: bool = True,
) -> PricedCart:
    """Compute every amount of a cart (see the module docstring for the rules)."""
    cart = PricedCart(lines, discounts, service_charge)
    for line in lines:
        base = line.price
        if line.unit_qty is not None:
            base = round_half_up(Decimal(line.price) * line.unit_qty / 1000)
        line.gross = base + sum(int(m["amount"]) for m in line.modifications)
        off = sum(discount_value(d, line.gross) for d in line.discounts)
        line.net = max(0, line.gross + off)
    before_order_discounts = sum(line.net for line in lines)
    order_off = sum(discount_value(d, before_order_discounts) for d in discounts)
    cart.discount_total = max(order_off, -before_order_discounts)
    shares = _allocate(cart.discount_total, [line.net for line in lines])
    summaries: dict[str, dict[str, Any]] = {}
    for line, share in zip(lines, shares, strict=True):
        line.taxable = line.net + share
        line.tax = 0
        if not taxable:
            continue
        for rate in line.tax_rates:
            if rate.get("taxAmount") is not None:
                amount = int(rate["taxAmount"])
            else:
                amount = round_half_up(
                    Decimal(line.taxable) * int(rate.get("rate", 0)) / RATE_SCALE
                )
            line.tax += amount
            summary = summaries.setdefault(
                rate["id"],
                {"id": rate["id"], "name": rate.get("name"), "rate": rate.get("rate"), "amount": 0},
            )
            summary["amount"] += amount
    cart.subtotal = before_order_discounts + cart.discount_total
    cart.tax_total = sum(line.tax for line in lines)
    if service_charge is not None:
        cart.service_charge_amount = round_half_up(
            Decimal(cart.subtotal) * service_charge["percentageDecimal"] / PERCENT_DECIMAL_SCALE
        )
    cart.total = cart.subtotal + cart.tax_total + cart.service_charge_amount
    cart.tax_summaries = list(summaries.values())
    return cart
