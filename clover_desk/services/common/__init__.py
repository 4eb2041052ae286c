"""Small helpers every domain uses: translatable words, failures worded for staff, paged
feeds, typed digits, requests in flight, and the protocols of the Clover client."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clover_desk.services import lazy_face

if TYPE_CHECKING:
    from clover_desk.services.common.activity import Activity, ActivitySnapshot, Connectivity
    from clover_desk.services.common.feed import Feed
    from clover_desk.services.common.feedback import UserFacingError, UserMessage, explain
    from clover_desk.services.common.gateways import ChargesGateway, Listing, new_idempotency_key
    from clover_desk.services.common.i18n import (
        QT_TRANSLATE_NOOP,
        Phrase,
        and_list,
        join_phrases,
        message_of,
        stored_text,
        text_from_store,
    )
    from clover_desk.services.common.input_text import (
        ASCII_DIGITS,
        ascii_digits_in,
        is_ascii_digits,
    )

__getattr__ = lazy_face(
    globals(),
    {
        "Activity": "activity",
        "ActivitySnapshot": "activity",
        "Connectivity": "activity",
        "Feed": "feed",
        "UserFacingError": "feedback",
        "UserMessage": "feedback",
        "explain": "feedback",
        "ChargesGateway": "gateways",
        "Listing": "gateways",
        "new_idempotency_key": "gateways",
        "Phrase": "i18n",
        "QT_TRANSLATE_NOOP": "i18n",
        "and_list": "i18n",
        "join_phrases": "i18n",
        "message_of": "i18n",
        "stored_text": "i18n",
        "text_from_store": "i18n",
        "ASCII_DIGITS": "input_text",
        "ascii_digits_in": "input_text",
        "is_ascii_digits": "input_text",
    },
)

__all__ = [
    "ASCII_DIGITS",
    "QT_TRANSLATE_NOOP",
    "Activity",
    "ActivitySnapshot",
    "ChargesGateway",
    "Connectivity",
    "Feed",
    "Listing",
    "Phrase",
    "UserFacingError",
    "UserMessage",
    "and_list",
    "ascii_digits_in",
    "explain",
    "is_ascii_digits",
    "join_phrases",
    "message_of",
    "new_idempotency_key",
    "stored_text",
    "text_from_store",
]
