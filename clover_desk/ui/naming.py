"""How cards and people are named in tables and detail panes.

Clover writes card brands as codes (``VISA``, ``MC``, ``CHINA_UNION_PAY``); staff read
"Visa •••• 4242". A person Clover has no name for reads as an em dash, never as an id:
the id stays in the detail pane, where it can be selected and copied.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["BRAND_NAMES", "NOBODY", "brand_name", "card_text", "person_text"]

#: What a cell says when there is no name to show.
NOBODY = "\u2014"

#: Clover's card brand codes and the brand's own name (a name, so never translated).
BRAND_NAMES = {
    "VISA": "Visa",
    "MC": "Mastercard",
    "MASTERCARD": "Mastercard",
    "AMEX": "Amex",
    "AMERICAN_EXPRESS": "Amex",
    "DISCOVER": "Discover",
    "DINERS_CLUB": "Diners Club",
    "JCB": "JCB",
    "MAESTRO": "Maestro",
    "CHINA_UNION_PAY": "UnionPay",
    "INTERAC": "Interac",
    "EBT": "EBT",
}


def brand_name(code: str | None) -> str:
    """``"MC"`` → ``"Mastercard"``; a brand we do not know reads as "Card"."""
    if not code:
        return QCoreApplication.translate("Naming", "Card")
    if code.upper() == "GIFT_CARD":
        return QCoreApplication.translate("Naming", "Gift card")
    known = BRAND_NAMES.get(code.upper())
    return known or QCoreApplication.translate("Naming", "Card")


def card_text(brand: str | None, last4: str | None) -> str:
    """``"Visa •••• 4242"``; empty when the last four digits are unknown."""
    if not last4:
        return ""
    return f"{brand_name(brand)} \u2022\u2022\u2022\u2022 {last4}"


def person_text(name: str | None) -> str:
    """A name (or email) to show, or the em dash."""
    return name or NOBODY
