"""Customers and what they hold: search and edits, cards on file (checked before they are
tokenized), and the names the tables show for customer and staff ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clover_desk.services import lazy_face

if TYPE_CHECKING:
    from clover_desk.services.customers.cards import (
        CardEntry,
        CardsService,
        CardToken,
        brand_of,
        check_card,
    )
    from clover_desk.services.customers.names import NameBook
    from clover_desk.services.customers.service import (
        CustomerDetail,
        CustomerForm,
        CustomersService,
        active_cards,
        display_name,
    )

__getattr__ = lazy_face(
    globals(),
    {
        "CardEntry": "cards",
        "CardToken": "cards",
        "CardsService": "cards",
        "brand_of": "cards",
        "check_card": "cards",
        "NameBook": "names",
        "CustomerDetail": "service",
        "CustomerForm": "service",
        "CustomersService": "service",
        "active_cards": "service",
        "display_name": "service",
    },
)

__all__ = [
    "CardEntry",
    "CardToken",
    "CardsService",
    "CustomerDetail",
    "CustomerForm",
    "CustomersService",
    "NameBook",
    "active_cards",
    "brand_of",
    "check_card",
    "display_name",
]
