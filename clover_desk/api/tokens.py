"""PAKMS key and tokenization: ``GET /pakms/apikey``, ``POST /v1/tokens``.

Card, ACH and gift-card details go to the token service only, under the ``apikey``
header (never Bearer); what comes back is a single-use ``clv_`` token. The request
objects never show their numbers or CVV in ``repr``, and nothing here logs a body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clover_desk.api._base import ApiBase, body, query
from clover_desk.api.auth import Credential
from clover_desk.api.errors import AuthError
from clover_desk.api.hosts import Service
from clover_desk.api.models.tokens import ApiAccessKey, Token
from clover_desk.api.transport import Mode

__all__ = ["AchDetails", "CardDetails", "TokensApi"]


@dataclass(frozen=True, slots=True)
class CardDetails:
    """A card to tokenize. ``number`` and ``cvv`` never appear in ``repr``."""

    number: str = field(repr=False)
    exp_month: str
    exp_year: str
    cvv: str = field(repr=False)
    brand: str | None = None
    name: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    address_city: str | None = None
    address_state: str | None = None
    address_zip: str | None = None
    address_country: str | None = None
    country: str | None = None

    def wire(self) -> dict[str, Any]:
        """The ``card`` object of the request (digits only in the number)."""
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return body(
            number=digits,
            exp_month=self.exp_month,
            exp_year=self.exp_year,
            cvv=self.cvv,
            brand=self.brand,
            first6=digits[:6],
            last4=digits[-4:],
            name=self.name,
            address_line1=self.address_line1,
            address_line2=self.address_line2,
            address_city=self.address_city,
            address_state=self.address_state,
            address_zip=self.address_zip,
            address_country=self.address_country,
            country=self.country,
        )


@dataclass(frozen=True, slots=True)
class AchDetails:
    """A US bank account to tokenize (TeleCheck). Numbers never appear in ``repr``."""

    bank_account_number: str = field(repr=False)
    bank_routing_number: str = field(repr=False)
    account_type: str  # Savings | Checking
    check_type: str  # personal_check | corporate_check
    customer_id_type: str
    customer_id_state: str
    customer_id: str = field(repr=False)
    email: str
    phone: str
    address_line1: str
    address_city: str
    address_state: str
    address_zip: str
    agreement: str
    first_name: str | None = None
    last_name: str | None = None
    business_name: str | None = None
    address_line2: str | None = None
    encrypted: bool = False
    session_id: str | None = None

    def wire(self) -> dict[str, Any]:
        """The ``ach`` object of the request."""
        return body(
            bank_account_number=self.bank_account_number,
            bank_routing_number=self.bank_routing_number,
            account_type=self.account_type,
            check_type=self.check_type,
            customer_id_type=self.customer_id_type,
            customer_id_state=self.customer_id_state,
            customer_id=self.customer_id,
            email=self.email,
            phone=self.phone,
            address_line1=self.address_line1,
            address_line2=self.address_line2,
            address_city=self.address_city,
            address_state=self.address_state,
            address_zip=self.address_zip,
            agreement=self.agreement,
            first_name=self.first_name,
            last_name=self.last_name,
            business_name=self.business_name,
            encrypted=self.encrypted,
            session_id=self.session_id,
        )


class TokensApi(ApiBase):
    """The PAKMS key and single-use payment tokens."""

    service = Service.TOKENS

    def _credential(self) -> Credential:
        cred = self._ctx.pakms
        if cred is None:
            raise AuthError("no PAKMS key (apiAccessKey) is configured for this profile")
        return cred

    async def get_pakms_key(self, *, token_association_group: str | None = None) -> ApiAccessKey:
        """``GET /pakms/apikey`` with the OAuth (or API) token: the merchant's PAKMS key.

        The key does not expire; store it (``CredentialStore``) and reuse it.
        """
        platform = self._ctx.platform
        if platform is None:
            raise AuthError("fetching the PAKMS key needs an OAuth or REST API token")
        key: ApiAccessKey = await self._get(
            ApiAccessKey,
            "/pakms/apikey",
            "/pakms/apikey",
            service=Service.PAKMS,
            credential=platform,
            params=query(tokenAssociationGroupUuid=token_association_group),
        )
        return key

    async def _tokenize(self, payload: dict[str, Any]) -> Token:
        # Making a token twice is harmless (the spare one is never used), so retry freely.
        token: Token = await self._send(
            "POST", Token, "/v1/tokens", "/v1/tokens", mode=Mode.IDEMPOTENT, json=payload
        )
        return token

    async def create_card_token(self, card: CardDetails) -> Token:
        """``POST /v1/tokens`` with ``{"card": {...}}``."""
        return await self._tokenize({"card": card.wire()})

    async def create_ach_token(self, account: AchDetails) -> Token:
        """``POST /v1/tokens`` with ``{"ach": {...}}`` (nesting per a mirror; unconfirmed)."""
        return await self._tokenize({"ach": account.wire()})

    async def create_gift_card_token(
        self,
        number: str,
        *,
        security_code: str | None = None,
        foreign_access_code: str | None = None,
    ) -> Token:
        """``POST /v1/tokens`` with ``{"gift_card": {...}}``."""
        digits = "".join(ch for ch in number if ch.isdigit())
        return await self._tokenize(
            {
                "gift_card": body(
                    number=digits,
                    security_code=security_code,
                    foreign_access_code=foreign_access_code,
                )
            }
        )
