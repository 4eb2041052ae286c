"""Shared plumbing of the per-API modules (not public)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import quote

from clover_desk.api.auth import Credential
from clover_desk.api.errors import AuthError, InvalidRequest, OutcomeUnknown, ResponseFormatError
from clover_desk.api.hosts import Service
from clover_desk.api.models.common import ListEnvelope
from clover_desk.api.paging import V3_MAX_PAGE, CursorPager, OffsetPager
from clover_desk.api.transport import Call, Mode, Transport, new_idempotency_key

T = TypeVar("T")

MAX_EXPAND = 3


@dataclass(frozen=True, slots=True)
class Context:
    """What every API module of one client shares.

    Attributes:
        transport: the session's transport.
        merchant_id: the merchant (``mId``).
        platform: Bearer credential for /v3, /recurring and /pakms.
        ecommerce: Bearer credential for the Ecommerce (scl) APIs.
        pakms: ``apikey`` credential for /v1/tokens.
    """

    transport: Transport
    merchant_id: str
    platform: Credential | None
    ecommerce: Credential | None
    pakms: Credential | None


def seg(value: str) -> str:
    """One path segment, escaped (ids are alphanumeric, but never trust that)."""
    if not value:
        raise ValueError("empty id")
    return quote(value, safe="")


def wire(value: Any) -> Any:
    """A Python value as it goes into a JSON body."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, Mapping):
        return {k: wire(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [wire(v) for v in value]
    return value


def body(**fields: Any) -> dict[str, Any]:
    """A JSON body without the ``None`` fields."""
    return {k: wire(v) for k, v in fields.items() if v is not None}


def query_value(value: Any) -> str:
    """A Python value as a query-string value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return str(int(value.timestamp() * 1000))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def query(**fields: Any) -> list[tuple[str, str]]:
    """Query parameters without the ``None`` fields; lists repeat the key."""
    out: list[tuple[str, str]] = []
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            out.extend((key, query_value(v)) for v in value)
        else:
            out.append((key, query_value(value)))
    return out


def expand_param(expand: Iterable[str]) -> list[tuple[str, str]]:
    """``expand=a,b.c`` on at most three top-level fields (Clover's cap counts fields).

    ``lineItems.discounts`` expands ``lineItems`` too, so a bare parent named beside one
    of its nested paths is left out, as are repeats: the request carries no more paths
    than it must, which also keeps it within a server that counts paths instead.
    """
    wanted = list(dict.fromkeys(e for e in expand if e))
    nested_parents = {e.split(".", 1)[0] for e in wanted if "." in e}
    paths = [e for e in wanted if "." in e or e not in nested_parents]
    fields = fields_of(paths)
    if len(fields) > MAX_EXPAND:
        raise ValueError(f"Clover expands at most {MAX_EXPAND} fields per call, got {fields}")
    return [("expand", ",".join(paths))] if paths else []


def fields_of(expand: Iterable[str]) -> list[str]:
    """The top-level fields ``expand`` names (``lineItems.discounts`` -> ``lineItems``)."""
    return list(dict.fromkeys(e.split(".", 1)[0] for e in expand if e))


def filter_params(filters: Iterable[str]) -> list[tuple[str, str]]:
    """Repeated ``filter=<field><op><value>`` parameters (ANDed by Clover)."""
    return [("filter", f) for f in filters]


class ApiBase:
    """Base of the per-API classes: the context plus call helpers."""

    #: which host this API's calls go to
    service: Service = Service.PLATFORM

    def __init__(self, context: Context) -> None:
        self._ctx = context
        self._t = context.transport

    @property
    def merchant_id(self) -> str:
        """The merchant this API object works for."""
        return self._ctx.merchant_id

    def _require_service(self, service: Service | None = None) -> None:
        """Fail now (no request) if the profile's region lacks the service."""
        self._t.base_url(service or self.service)

    def _credential(self) -> Credential:
        cred = self._ctx.platform
        if cred is None:
            raise AuthError("no REST API token or OAuth token is configured for this profile")
        return cred

    def _call(
        self,
        method: str,
        path: str,
        template: str,
        *,
        mode: Mode = Mode.READ,
        params: Sequence[tuple[str, str]] = (),
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        service: Service | None = None,
        credential: Credential | None = None,
    ) -> Call:
        svc = service or self.service
        self._require_service(svc)
        return Call(
            method=method,
            service=svc,
            path=path,
            template=template,
            mode=mode,
            credential=credential or self._credential(),
            params=tuple(params),
            body=json,
            headers=dict(headers or {}),
            idempotency_key=idempotency_key,
        )

    async def _get(self, type_: type[T] | Any, path: str, template: str, **kw: Any) -> Any:
        return await self._t.json(self._call("GET", path, template, **kw), type_)

    async def _send(
        self, method: str, type_: type[T] | Any, path: str, template: str, **kw: Any
    ) -> Any:
        return await self._t.json(self._call(method, path, template, **kw), type_)

    async def _send_no_content(self, method: str, path: str, template: str, **kw: Any) -> None:
        await self._t.send(self._call(method, path, template, **kw))

    async def _money(
        self,
        method: str,
        type_: type[T] | Any,
        path: str,
        template: str,
        idempotency_key: str | None,
        **kw: Any,
    ) -> Any:
        """A money-moving call: one key for every attempt, recorded on the result."""
        key = idempotency_key or new_idempotency_key()
        try:
            result = await self._send(
                method, type_, path, template, mode=Mode.KEYED, idempotency_key=key, **kw
            )
        except ResponseFormatError as exc:
            # Clover took the request (2xx) and answered something unreadable: the money
            # may have moved, so the caller must treat it like a lost answer and settle
            # it by this key, never as a refusal it may simply try again.
            raise OutcomeUnknown(
                f"{exc.endpoint} was answered, but the answer could not be read "
                f"({exc.field}: {exc.message}); look it up with idempotency key {key}",
                idempotency_key=key,
                endpoint=exc.endpoint,
                status=exc.status,
                request_id=exc.request_id,
                body=exc.body,
            ) from exc
        if hasattr(result, "idempotency_key"):
            result.idempotency_key = key
        return result

    def _v1_pager(
        self,
        type_: Any,
        path: str,
        template: str,
        params: Sequence[tuple[str, str]],
        page_size: int,
        limit: int | None,
        **kw: Any,
    ) -> CursorPager[Any]:
        self._require_service(kw.get("service"))

        async def fetch(page_params: Sequence[tuple[str, str]]) -> ListEnvelope[Any]:
            envelope: ListEnvelope[Any] = await self._get(
                ListEnvelope[type_], path, template, params=page_params, **kw
            )
            return envelope

        return CursorPager(fetch, params=params, page_size=page_size, limit=limit)

    def _v3_pager(
        self,
        type_: Any,
        path: str,
        template: str,
        params: Sequence[tuple[str, str]],
        page_size: int,
        limit: int | None,
        prefetch: int = 1,
        *,
        bare_list_ok: bool = False,
        **kw: Any,
    ) -> OffsetPager[Any]:
        self._require_service(kw.get("service"))
        shape: Any = (list[type_] | ListEnvelope[type_]) if bare_list_ok else ListEnvelope[type_]

        async def fetch(page_params: Sequence[tuple[str, str]]) -> ListEnvelope[Any]:
            got = await self._get(shape, path, template, params=page_params, **kw)
            if isinstance(got, list):
                return ListEnvelope(elements=got)
            envelope: ListEnvelope[Any] = got
            return envelope

        return OffsetPager(
            fetch, params=params, page_size=page_size, limit=limit, prefetch=prefetch
        )


class MerchantApiBase(ApiBase):
    """Base of the APIs under ``/v3/merchants/{mId}``: paths, lists and reads there."""

    @property
    def _m(self) -> str:
        return f"/v3/merchants/{seg(self.merchant_id)}"

    def _list(
        self,
        type_: Any,
        tail: str,
        template_tail: str,
        filters: Sequence[str] = (),
        expand: Sequence[str] = (),
        page_size: int = V3_MAX_PAGE,
        limit: int | None = None,
        prefetch: int = 1,
    ) -> OffsetPager[Any]:
        """Every page of a list below the merchant (``tail``: ``"/orders"``)."""
        params = [*filter_params(filters), *expand_param(expand)]
        return self._v3_pager(
            type_,
            self._m + tail,
            "/v3/merchants/{mId}" + template_tail,
            params,
            page_size,
            limit,
            prefetch,
        )

    async def _read(
        self, type_: Any, tail: str, template_tail: str, expand: Sequence[str] = ()
    ) -> Any:
        """One object below the merchant, with up to three expanded fields."""
        path, template = self._m + tail, "/v3/merchants/{mId}" + template_tail
        params = expand_param(expand)
        try:
            return await self._get(type_, path, template, params=params)
        except InvalidRequest as exc:
            folded = fields_of(expand)
            if not (params and params != expand_param(folded) and "expan" in exc.message.lower()):
                raise
            # A server counting expand paths rather than fields (Clover counts fields)
            # refused the nested ones: ask for the fields alone. Their nested collections
            # then come back as references, which every model reads.
            return await self._get(type_, path, template, params=expand_param(folded))
