"""The one HTTP road to Clover: headers, limits, retries, idempotency, errors, logs.

Every API module describes a call as a :class:`Call` and hands it to
:meth:`Transport.send`, which

1. resolves the host for the call's service (failing before any request if the region
   lacks it),
2. waits on the per-token limiter (429 pause, 5 in flight, 16 per second by default),
3. sends it over the session's single ``httpx.AsyncClient`` with the auth header,
   ``User-Agent`` and, for money-moving calls, the same ``idempotency-key`` every time,
4. retries connection errors, 429, 502, 503 and 504 with backoff (honouring
   ``retry-after``, which also pauses every other caller on that token) — but repeats a
   write that may already have happened only when it carries an idempotency key,
5. refreshes an expired OAuth token once, and
6. maps any error response with :func:`error_from_response`.

How a failure is retried depends on the call's :class:`Mode`:

=============  ==============================  ==========================================
Mode           retried                          when retries cannot settle it
=============  ==============================  ==========================================
READ           anything retryable               ServiceUnavailable / RateLimited
IDEMPOTENT     anything retryable               ServiceUnavailable / RateLimited
KEYED          anything retryable, same key     OutcomeUnknown(key) if any attempt may
                                                have landed, else as above
UNSAFE         only what surely never arrived   OutcomeUnknown(None) on the first attempt
               (connect errors, 429, 503)       that may have landed
=============  ==============================  ==========================================
"""

from __future__ import annotations

import asyncio
import functools
import logging
import platform
import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

import httpx
import msgspec

from clover_desk import __version__
from clover_desk.api.auth import Credential
from clover_desk.api.errors import (
    ApiError,
    OutcomeUnknown,
    RateLimited,
    ResponseFormatError,
    ServiceUnavailable,
    error_from_response,
    parse_retry_after,
    request_id_from,
)
from clover_desk.api.hosts import Hosts, Service
from clover_desk.api.limiter import Limits, TokenLimiter, shared_limiter
from clover_desk.api.models.common import ListEnvelope, dec_hook, enc_hook
from clover_desk.api.retry import RetryPolicy

__all__ = [
    "Call",
    "Mode",
    "Transport",
    "decode",
    "decode_export_file",
    "decode_items",
    "new_idempotency_key",
    "user_agent",
]

log = logging.getLogger("clover_desk.api")

T = TypeVar("T")

#: Bodies above this size are decoded on a worker thread so the event loop never stalls.
THREAD_DECODE_BYTES = 512 * 1024

_encoder = msgspec.json.Encoder(enc_hook=enc_hook)


def new_idempotency_key() -> str:
    """A fresh idempotency key (UUID v4) for one logical money-moving operation."""
    return str(uuid.uuid4())


def user_agent() -> str:
    """``CloverDesk/<version> (<comment>)``, the form the reference asks for."""
    return (
        f"CloverDesk/{__version__} (clover_desk.api; python-httpx/{httpx.__version__}; "
        f"Python {platform.python_version()})"
    )


class Mode(Enum):
    """How safe a call is to repeat (see the module docstring)."""

    READ = "read"
    IDEMPOTENT = "idempotent"
    KEYED = "keyed"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Call:
    """One logical API call.

    Attributes:
        method: HTTP method.
        service: which host serves it.
        path: the concrete path (ids filled in).
        template: the path with placeholders, for logs and errors (``/v1/charges/{id}``).
        mode: how safe it is to repeat.
        credential: what authenticates it (``None``: no auth header).
        params: query parameters (repeatable keys allowed).
        body: JSON body (``None``: no body).
        headers: extra headers.
        idempotency_key: sent as ``idempotency-key`` on every attempt (KEYED calls).
    """

    method: str
    service: Service
    path: str
    template: str
    mode: Mode = Mode.READ
    credential: Credential | None = None
    params: Sequence[tuple[str, str]] = ()
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    idempotency_key: str | None = None

    @property
    def endpoint(self) -> str:
        """``"METHOD /template"``."""
        return f"{self.method} {self.template}"


# Failures before the request could reach the server: always safe to retry.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Statuses that say the request was not processed.
_NOT_PROCESSED = frozenset({429, 503})

_FILE = "GET <export file>"

_AT_PATH = re.compile(r"^(?P<msg>.*?)(?: - at `(?P<path>[^`]*)`)?$", re.DOTALL)


@functools.lru_cache(maxsize=256)
def _decoder(type_: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(type_, dec_hook=dec_hook)


def decode(
    content: bytes,
    type_: Any,
    endpoint: str,
    *,
    status: int | None = None,
    request_id: str | None = None,
) -> Any:
    """Decode ``content`` as ``type_`` or raise :class:`ResponseFormatError`.

    The error names the endpoint and the JSON path of the offending field.
    """
    try:
        return _decoder(type_).decode(content)
    except msgspec.MsgspecError as exc:
        raise _format_error(exc, content, endpoint, status, request_id) from None
    except RecursionError:
        raise _too_deep(content, endpoint, "$", status, request_id) from None


def decode_items(content: bytes, item_type: Any, endpoint: str) -> list[Any]:
    """Decode a list body (``data`` or ``elements``) one item at a time.

    One decoder call per item instead of one for the body: between items, other threads
    get the GIL, where a 1,000-object export file decoded in one call held it for tens of
    milliseconds — stalling the event loop and the store's writer thread. Errors name
    the item's path (``$.elements[3].total``).
    """
    envelope = decode(content, ListEnvelope[msgspec.Raw], endpoint)
    key = "data" if envelope.data is not None else "elements"
    item_decoder = _decoder(item_type)
    items = []
    for index, raw in enumerate(envelope.items):
        try:
            items.append(item_decoder.decode(raw))
        except msgspec.MsgspecError as exc:
            raise _format_error(exc, content, endpoint, at=f"$.{key}[{index}]") from None
        except RecursionError:
            raise _too_deep(content, endpoint, f"$.{key}[{index}]") from None
    return items


def decode_export_file(content: bytes, item_type: Any) -> list[Any]:
    """Decode a downloaded export file (:meth:`Transport.download_file`) in one call.

    Not item by item like :func:`decode_items`: files are decoded in the history's
    writer process, where holding the interpreter lock stalls no one, and one call per
    file took a fifth less time on 344 files of the 500,000-order benchmark (the objects
    no longer pass through ``msgspec.Raw``). Errors still name the item's path
    (``$.elements[3].total``).
    """
    envelope: ListEnvelope[Any] = decode(content, ListEnvelope[item_type], _FILE)
    return envelope.items


def _too_deep(
    content: bytes,
    endpoint: str,
    at: str,
    status: int | None = None,
    request_id: str | None = None,
) -> ResponseFormatError:
    """A body nested deeper than the decoder goes: no Clover answer is, so it is refused
    like any other malformed one rather than escaping as a ``RecursionError``."""
    return ResponseFormatError(
        f"malformed JSON from {endpoint}: nested too deeply",
        field=at,
        endpoint=endpoint,
        status=status,
        request_id=request_id,
        body=content[:500].decode("utf-8", errors="replace"),
    )


def _format_error(
    exc: msgspec.MsgspecError,
    content: bytes,
    endpoint: str,
    status: int | None = None,
    request_id: str | None = None,
    *,
    at: str = "$",
) -> ResponseFormatError:
    """The :class:`ResponseFormatError` for a msgspec failure; ``at``: where the decoded
    part sits in the whole body."""
    body = content[:500].decode("utf-8", errors="replace")
    if not isinstance(exc, msgspec.ValidationError):
        return ResponseFormatError(
            f"malformed JSON from {endpoint}: {exc}",
            field=at,
            endpoint=endpoint,
            status=status,
            request_id=request_id,
            body=body,
        )
    match = _AT_PATH.match(str(exc))
    assert match is not None
    where = at + (match.group("path") or "$")[1:]
    return ResponseFormatError(
        f"unexpected response from {endpoint}: {match.group('msg')} at {where}",
        field=where,
        endpoint=endpoint,
        status=status,
        request_id=request_id,
        body=body,
    )


class Transport:
    """One merchant session's HTTP road: one ``httpx.AsyncClient``, shared limits.

    Args:
        hosts: resolved base URLs.
        limits: per-token limits (shared with every other Transport on the same token).
        retry: backoff policy.
        timeout: httpx timeout (default 10 s connect, 30 s read/write).
        http_transport: an httpx transport to send through (tests wrap the real one).
        forwarded_for: the ``x-forwarded-for`` value for calls that require it.
    """

    def __init__(
        self,
        hosts: Hosts,
        *,
        limits: Limits | None = None,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        forwarded_for: str = "127.0.0.1",
    ) -> None:
        self.hosts = hosts
        self.limits = limits or Limits()
        self.retry = retry or RetryPolicy()
        self.forwarded_for = forwarded_for
        self.user_agent = user_agent()
        pool = max(10, self.limits.max_concurrent * 2)
        self.http = httpx.AsyncClient(
            timeout=timeout or httpx.Timeout(30.0, connect=10.0),
            limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool),
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
            transport=http_transport,
            follow_redirects=False,
        )
        self.attempts = 0  # every attempt sent, for diagnostics and benchmarks
        #: Told the (clamped) seconds each time a 429 asks the whole token to wait, so
        #: staff can be told why everything has slowed down.
        self.server_wait_listeners: list[Callable[[float], None]] = []

    async def aclose(self) -> None:
        """Close the HTTP client (and its connections)."""
        await self.http.aclose()

    def base_url(self, service: Service) -> str:
        """The base URL for ``service`` (raises UnsupportedRegion before any request)."""
        return self.hosts.base_url(service)

    def limiter_for(self, credential: Credential) -> TokenLimiter:
        """The process-wide limiter of ``credential`` under this transport's limits."""
        return shared_limiter(credential.limiter_key, self.limits)

    async def json(self, call: Call, type_: type[T] | Any) -> Any:
        """Send ``call`` and decode its 2xx body as ``type_``."""
        response = await self.send(call)
        content = response.content
        request_id = request_id_from(response.headers)
        if len(content) > THREAD_DECODE_BYTES:
            return await asyncio.to_thread(
                decode,
                content,
                type_,
                call.endpoint,
                status=response.status_code,
                request_id=request_id,
            )
        return decode(
            content, type_, call.endpoint, status=response.status_code, request_id=request_id
        )

    async def send(self, call: Call) -> httpx.Response:
        """Send ``call`` with limits, retries and error mapping; return a 2xx response."""
        url = self.base_url(call.service) + call.path
        content = _encoder.encode(call.body) if call.body is not None else None
        headers: dict[str, str] = dict(call.headers)
        if content is not None:
            headers["Content-Type"] = "application/json"
        if call.idempotency_key is not None:
            headers["idempotency-key"] = call.idempotency_key
        credential = call.credential
        limiter = self.limiter_for(credential) if credential is not None else None

        attempt = 0
        refreshed = False
        maybe_landed = False  # some attempt may have reached Clover's business logic
        last_error: ApiError | None = None
        while True:
            attempt += 1
            secret = None
            if credential is not None:
                secret = await credential.current()
                if credential.scheme == "bearer":
                    headers["Authorization"] = f"Bearer {secret}"
                else:
                    headers["apikey"] = secret
            request = self.http.build_request(
                call.method, url, params=list(call.params), content=content, headers=headers
            )
            started = time.perf_counter()
            try:
                if limiter is None:
                    response = await self.http.send(request)
                else:
                    async with limiter.slot():
                        self.attempts += 1
                        response = await self.http.send(request)
            except httpx.TransportError as exc:
                elapsed = (time.perf_counter() - started) * 1000
                not_sent = isinstance(exc, _NOT_SENT)
                log.warning(
                    "%s %s -> %s after %.1f ms (attempt %d)",
                    call.method,
                    call.path,
                    type(exc).__name__,
                    elapsed,
                    attempt,
                )
                if not not_sent:
                    maybe_landed = True
                    if call.mode is Mode.UNSAFE:
                        raise self._unknown(call, exc, attempt) from exc
                if attempt >= self.retry.max_attempts:
                    if maybe_landed and call.mode is Mode.KEYED:
                        raise self._unknown(call, exc, attempt) from exc
                    raise ServiceUnavailable(
                        f"could not reach Clover: {type(exc).__name__}",
                        endpoint=call.endpoint,
                    ) from exc
                await asyncio.sleep(self.retry.backoff(attempt))
                continue

            elapsed = (time.perf_counter() - started) * 1000
            status = response.status_code
            log.info(
                "%s %s -> %d in %.1f ms (attempt %d)",
                call.method,
                call.path,
                status,
                elapsed,
                attempt,
            )
            if status < 400:
                return response

            if status == 401 and credential is not None and secret is not None and not refreshed:
                refreshed = True
                fresh = await credential.refresh(secret)
                if fresh is not None:
                    attempt -= 1  # a refreshed token gets a full set of attempts
                    continue

            error = error_from_response(call.endpoint, status, response.headers, response.content)
            retryable = status in self.retry.statuses
            if retryable and status not in _NOT_PROCESSED:
                maybe_landed = True
                if call.mode is Mode.UNSAFE:
                    raise self._unknown(call, error, attempt) from error
            if isinstance(error, ServiceUnavailable) and error.available_hours:
                raise error  # outside the export service's hours: waiting will not help
            if not retryable:
                raise error
            last_error = error

            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if status == 429 and limiter is not None:
                pause = self.retry.wait_for(attempt, retry_after)
                limiter.pause(pause)
                if retry_after is not None:
                    self._tell_server_wait(self.retry.server_wait(retry_after))
            if attempt >= self.retry.max_attempts or self.retry.outlasts(retry_after):
                if maybe_landed and call.mode is Mode.KEYED:
                    raise self._unknown(call, last_error, attempt) from last_error
                if isinstance(last_error, RateLimited) and retry_after is not None:
                    last_error.retry_after = retry_after
                raise last_error
            if status == 429 and limiter is not None:
                continue  # the limiter holds this (and every) caller until the pause ends
            await asyncio.sleep(self.retry.wait_for(attempt, retry_after))

    def _tell_server_wait(self, seconds: float) -> None:
        """Tell every :attr:`server_wait_listeners` that Clover asked for ``seconds``."""
        for listener in list(self.server_wait_listeners):
            listener(seconds)

    def _unknown(self, call: Call, cause: BaseException, attempts: int) -> OutcomeUnknown:
        key = call.idempotency_key
        hint = (
            f"retry later with idempotency key {key}"
            if key
            else "look the object up before trying again"
        )
        status = cause.status if isinstance(cause, ApiError) else None
        return OutcomeUnknown(
            f"{call.endpoint} may or may not have taken effect after {attempts} attempt(s) "
            f"({type(cause).__name__}); {hint}",
            idempotency_key=key,
            endpoint=call.endpoint,
            status=status,
        )

    async def download_items(self, url: str, item_type: type[T]) -> list[T]:
        """GET an absolute URL without credentials (export files) and decode its list
        item by item on a worker thread (:func:`decode_items`).

        Reads are retried like any READ call; nothing secret is sent.
        """
        content = await self.download_file(url)
        items: list[T] = await asyncio.to_thread(decode_items, content, item_type, _FILE)
        return items

    async def download_file(self, url: str) -> bytes:
        """GET an absolute URL without credentials (export files) and return its body
        undecoded, for :func:`decode_export_file` wherever the caller decodes.

        Reads are retried like any READ call; nothing secret is sent.
        """
        endpoint = _FILE
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                response, content = await self._read_file(url)
            except httpx.TransportError as exc:
                log.warning("GET <export file> -> %s (attempt %d)", type(exc).__name__, attempt)
                if attempt >= self.retry.max_attempts:
                    raise ServiceUnavailable(
                        f"could not download export file: {type(exc).__name__}",
                        endpoint=endpoint,
                    ) from exc
                await asyncio.sleep(self.retry.backoff(attempt))
                continue
            log.info(
                "GET <export file> -> %d in %.1f ms (attempt %d)",
                response.status_code,
                (time.perf_counter() - started) * 1000,
                attempt,
            )
            if response.status_code >= 400:
                error = error_from_response(
                    endpoint, response.status_code, response.headers, content
                )
                if response.status_code in self.retry.statuses and attempt < (
                    self.retry.max_attempts
                ):
                    await asyncio.sleep(
                        self.retry.wait_for(
                            attempt, parse_retry_after(response.headers.get("retry-after"))
                        )
                    )
                    continue
                raise error
            return content

    async def _read_file(self, url: str) -> tuple[httpx.Response, bytes]:
        """GET ``url`` and read its body chunk by chunk, letting the event loop run between
        chunks: an export file arrives faster than it is parsed, and read in one go its
        megabyte of chunks held the loop for up to 150 ms."""
        chunks: list[bytes] = []
        async with self.http.stream("GET", url) as response:
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                await asyncio.sleep(0)
        return response, b"".join(chunks)
