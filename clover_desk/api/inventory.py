"""Inventory (``/v3/merchants/{mId}/...``): items, stock, categories, tax rates, modifier
groups and modifiers, discounts, order types and the default service charge.

Creates are ``POST`` to the collection, updates ``POST`` to the object (Clover's way).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from clover_desk.api._base import MerchantApiBase, body, seg
from clover_desk.api.hosts import Service
from clover_desk.api.models.platform import (
    Category,
    Discount,
    Item,
    ItemStock,
    Modifier,
    ModifierGroup,
    OrderType,
    PriceType,
    ServiceCharge,
    TaxRate,
)
from clover_desk.api.paging import V3_MAX_PAGE, OffsetPager
from clover_desk.api.transport import Mode

__all__ = ["InventoryApi"]


class InventoryApi(MerchantApiBase):
    """The merchant's inventory objects."""

    service = Service.PLATFORM

    async def _create(self, type_: Any, tail: str, template_tail: str, json: Any) -> Any:
        return await self._send(
            "POST",
            type_,
            self._m + tail,
            "/v3/merchants/{mId}" + template_tail,
            mode=Mode.UNSAFE,
            json=json,
        )

    async def _update(self, type_: Any, tail: str, template_tail: str, json: Any) -> Any:
        return await self._send(
            "POST",
            type_,
            self._m + tail,
            "/v3/merchants/{mId}" + template_tail,
            mode=Mode.IDEMPOTENT,
            json=json,
        )

    async def _delete(self, tail: str, template_tail: str) -> None:
        await self._send_no_content(
            "DELETE", self._m + tail, "/v3/merchants/{mId}" + template_tail, mode=Mode.UNSAFE
        )

    # ------------------------------------------------------------------ items

    def list_items(
        self,
        *,
        filters: Sequence[str] = (),
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[Item]:
        """``GET /items``."""
        return self._list(
            Item,
            "/items",
            "/items",
            filters=filters,
            expand=expand,
            page_size=page_size,
            limit=limit,
        )

    async def get_item(self, item_id: str, *, expand: Sequence[str] = ()) -> Item:
        """``GET /items/{itemId}``."""
        item: Item = await self._read(Item, f"/items/{seg(item_id)}", "/items/{itemId}", expand)
        return item

    async def create_item(
        self,
        name: str,
        price: int,
        *,
        price_type: PriceType | None = None,
        sku: str | None = None,
        code: str | None = None,
        alternate_name: str | None = None,
        cost: int | None = None,
        unit_name: str | None = None,
        hidden: bool | None = None,
        default_tax_rates: bool | None = None,
        is_revenue: bool | None = None,
    ) -> Item:
        """``POST /items`` (``price`` in minor units)."""
        item: Item = await self._create(
            Item,
            "/items",
            "/items",
            body(
                name=name,
                price=price,
                priceType=price_type,
                sku=sku,
                code=code,
                alternateName=alternate_name,
                cost=cost,
                unitName=unit_name,
                hidden=hidden,
                defaultTaxRates=default_tax_rates,
                isRevenue=is_revenue,
            ),
        )
        return item

    async def update_item(self, item_id: str, fields: Mapping[str, Any]) -> Item:
        """``POST /items/{itemId}`` with camelCase ``fields``."""
        item: Item = await self._update(
            Item, f"/items/{seg(item_id)}", "/items/{itemId}", body(**fields)
        )
        return item

    async def delete_item(self, item_id: str) -> None:
        """``DELETE /items/{itemId}``."""
        await self._delete(f"/items/{seg(item_id)}", "/items/{itemId}")

    # ------------------------------------------------------------------ stock

    def list_item_stocks(
        self, *, page_size: int = V3_MAX_PAGE, limit: int | None = None
    ) -> OffsetPager[ItemStock]:
        """``GET /item_stocks``."""
        return self._list(
            ItemStock, "/item_stocks", "/item_stocks", page_size=page_size, limit=limit
        )

    async def get_item_stock(self, item_id: str) -> ItemStock:
        """``GET /item_stocks/{itemId}``."""
        stock: ItemStock = await self._read(
            ItemStock, f"/item_stocks/{seg(item_id)}", "/item_stocks/{itemId}"
        )
        return stock

    async def set_item_stock(self, item_id: str, quantity: float) -> ItemStock:
        """``POST /item_stocks/{itemId}`` with ``{"quantity": ...}``."""
        stock: ItemStock = await self._update(
            ItemStock,
            f"/item_stocks/{seg(item_id)}",
            "/item_stocks/{itemId}",
            body(quantity=quantity),
        )
        return stock

    # ------------------------------------------------------------------ categories

    def list_categories(
        self, *, page_size: int = V3_MAX_PAGE, limit: int | None = None
    ) -> OffsetPager[Category]:
        """``GET /categories``."""
        return self._list(Category, "/categories", "/categories", page_size=page_size, limit=limit)

    async def create_category(self, name: str, *, sort_order: int | None = None) -> Category:
        """``POST /categories``."""
        category: Category = await self._create(
            Category, "/categories", "/categories", body(name=name, sortOrder=sort_order)
        )
        return category

    async def delete_category(self, category_id: str) -> None:
        """``DELETE /categories/{catId}``."""
        await self._delete(f"/categories/{seg(category_id)}", "/categories/{catId}")

    # ------------------------------------------------------------------ tax rates

    def list_tax_rates(
        self, *, page_size: int = V3_MAX_PAGE, limit: int | None = None
    ) -> OffsetPager[TaxRate]:
        """``GET /tax_rates``."""
        return self._list(TaxRate, "/tax_rates", "/tax_rates", page_size=page_size, limit=limit)

    async def get_tax_rate(self, tax_rate_id: str) -> TaxRate:
        """``GET /tax_rates/{taxId}``."""
        rate: TaxRate = await self._read(
            TaxRate, f"/tax_rates/{seg(tax_rate_id)}", "/tax_rates/{taxId}"
        )
        return rate

    async def create_tax_rate(
        self,
        name: str,
        *,
        rate: int | None = None,
        tax_amount: int | None = None,
        is_default: bool | None = None,
    ) -> TaxRate:
        """``POST /tax_rates``: ``rate`` in 1/100,000 % (10 % = 1,000,000) or a flat amount."""
        if (rate is None) == (tax_amount is None):
            raise ValueError("give exactly one of rate and tax_amount")
        created: TaxRate = await self._create(
            TaxRate,
            "/tax_rates",
            "/tax_rates",
            body(name=name, rate=rate, taxAmount=tax_amount, isDefault=is_default),
        )
        return created

    async def delete_tax_rate(self, tax_rate_id: str) -> None:
        """``DELETE /tax_rates/{taxId}``."""
        await self._delete(f"/tax_rates/{seg(tax_rate_id)}", "/tax_rates/{taxId}")

    # ------------------------------------------------------------------ modifiers

    def list_modifier_groups(
        self,
        *,
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[ModifierGroup]:
        """``GET /modifier_groups``."""
        return self._list(
            ModifierGroup,
            "/modifier_groups",
            "/modifier_groups",
            expand=expand,
            page_size=page_size,
            limit=limit,
        )

    async def get_modifier_group(
        self, group_id: str, *, expand: Sequence[str] = ()
    ) -> ModifierGroup:
        """``GET /modifier_groups/{modGroupId}``."""
        group: ModifierGroup = await self._read(
            ModifierGroup,
            f"/modifier_groups/{seg(group_id)}",
            "/modifier_groups/{modGroupId}",
            expand,
        )
        return group

    async def create_modifier_group(
        self,
        name: str,
        *,
        min_required: int | None = None,
        max_allowed: int | None = None,
        show_by_default: bool | None = None,
    ) -> ModifierGroup:
        """``POST /modifier_groups``."""
        group: ModifierGroup = await self._create(
            ModifierGroup,
            "/modifier_groups",
            "/modifier_groups",
            body(
                name=name,
                minRequired=min_required,
                maxAllowed=max_allowed,
                showByDefault=show_by_default,
            ),
        )
        return group

    async def delete_modifier_group(self, group_id: str) -> None:
        """``DELETE /modifier_groups/{modGroupId}`` (its modifiers go too)."""
        await self._delete(f"/modifier_groups/{seg(group_id)}", "/modifier_groups/{modGroupId}")

    def list_modifiers(
        self,
        group_id: str | None = None,
        *,
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
    ) -> OffsetPager[Modifier]:
        """``GET /modifier_groups/{modGroupId}/modifiers``, or ``GET /modifiers`` for all."""
        if group_id is None:
            return self._list(
                Modifier, "/modifiers", "/modifiers", page_size=page_size, limit=limit
            )
        return self._list(
            Modifier,
            f"/modifier_groups/{seg(group_id)}/modifiers",
            "/modifier_groups/{modGroupId}/modifiers",
            page_size=page_size,
            limit=limit,
        )

    async def create_modifier(
        self, group_id: str, name: str, *, price: int | None = None, available: bool | None = None
    ) -> Modifier:
        """``POST /modifier_groups/{modGroupId}/modifiers`` (``price``: extra minor units)."""
        modifier: Modifier = await self._create(
            Modifier,
            f"/modifier_groups/{seg(group_id)}/modifiers",
            "/modifier_groups/{modGroupId}/modifiers",
            body(name=name, price=price, available=available),
        )
        return modifier

    # ------------------------------------------------------------------ discounts

    def list_discounts(
        self, *, page_size: int = V3_MAX_PAGE, limit: int | None = None
    ) -> OffsetPager[Discount]:
        """``GET /discounts``."""
        return self._list(Discount, "/discounts", "/discounts", page_size=page_size, limit=limit)

    async def get_discount(self, discount_id: str) -> Discount:
        """``GET /discounts/{discountId}``."""
        discount: Discount = await self._read(
            Discount, f"/discounts/{seg(discount_id)}", "/discounts/{discountId}"
        )
        return discount

    async def create_discount(
        self, name: str, *, amount: int | None = None, percentage: int | None = None
    ) -> Discount:
        """``POST /discounts``: a fixed ``amount`` (minor units) or a whole ``percentage``."""
        if (amount is None) == (percentage is None):
            raise ValueError("give exactly one of amount and percentage")
        discount: Discount = await self._create(
            Discount,
            "/discounts",
            "/discounts",
            body(name=name, amount=amount, percentage=percentage),
        )
        return discount

    async def delete_discount(self, discount_id: str) -> None:
        """``DELETE /discounts/{discountId}``."""
        await self._delete(f"/discounts/{seg(discount_id)}", "/discounts/{discountId}")

    # ------------------------------------------------------------------ order types

    def list_order_types(
        self, *, page_size: int = V3_MAX_PAGE, limit: int | None = None
    ) -> OffsetPager[OrderType]:
        """``GET /order_types``."""
        return self._list(
            OrderType, "/order_types", "/order_types", page_size=page_size, limit=limit
        )

    async def get_order_type(self, order_type_id: str) -> OrderType:
        """``GET /order_types/{orderTypeId}``."""
        order_type: OrderType = await self._read(
            OrderType, f"/order_types/{seg(order_type_id)}", "/order_types/{orderTypeId}"
        )
        return order_type

    async def create_order_type(
        self,
        label: str,
        *,
        taxable: bool | None = None,
        is_default: bool | None = None,
        label_key: str | None = None,
    ) -> OrderType:
        """``POST /order_types``."""
        order_type: OrderType = await self._create(
            OrderType,
            "/order_types",
            "/order_types",
            body(label=label, taxable=taxable, isDefault=is_default, labelKey=label_key),
        )
        return order_type

    async def delete_order_type(self, order_type_id: str) -> None:
        """``DELETE /order_types/{orderTypeId}``."""
        await self._delete(f"/order_types/{seg(order_type_id)}", "/order_types/{orderTypeId}")

    # ------------------------------------------------------------------ service charge

    async def get_default_service_charge(self) -> ServiceCharge:
        """``GET /default_service_charge``."""
        charge: ServiceCharge = await self._read(
            ServiceCharge, "/default_service_charge", "/default_service_charge"
        )
        return charge
