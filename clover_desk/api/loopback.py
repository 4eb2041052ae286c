"""The one-shot loopback listener that receives Clover's OAuth redirect (RFC 8252 §7.3).

A desktop app cannot keep a client secret, nor a public redirect URL; it listens on
``http://127.0.0.1:<ephemeral port>/oauth/callback`` for exactly one redirect. The
listener runs on the caller's asyncio loop (no thread), answers the browser with a plain
page saying the tab can be closed, and closes its socket after the first answer, on a
time-out, or on cancel, whichever comes first.

The redirect must carry the ``state`` the app generated for this very request; one that
does not is answered and reported as :class:`StateMismatch` (it may be a forged request
from another page), never treated as a sign-in.
"""

from __future__ import annotations

import asyncio
import hmac
import html
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from clover_desk.api.redaction import register_secret

__all__ = ["CALLBACK_PATH", "LoopbackReceiver", "OAuthRedirect", "StateMismatch"]

#: The path Clover Desk registers and listens on (any port).
CALLBACK_PATH = "/oauth/callback"

_MAX_REQUEST_BYTES = 16 * 1024
_READ_TIMEOUT_S = 10.0


class StateMismatch(Exception):
    """The redirect's ``state`` is not the one this request sent."""


@dataclass(frozen=True, slots=True)
class OAuthRedirect:
    """What the redirect carried: a code and merchant id, or an error."""

    code: str | None = field(default=None, repr=False)
    merchant_id: str | None = None
    client_id: str | None = None
    error: str | None = None
    error_description: str | None = None


_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Clover Desk</title>"
    "</head><body style='font-family:sans-serif;max-width:32rem;margin:3rem auto'>"
    "<h1>{heading}</h1><p>{detail}</p><p>You can close this tab and go back to Clover Desk."
    "</p></body></html>"
)


class LoopbackReceiver:
    """Listens once on 127.0.0.1 for the redirect of the request whose state is given.

    Use :meth:`start`, send the browser to :attr:`redirect_uri`, then :meth:`wait`; or
    ``async with await LoopbackReceiver.start(state) as receiver``.
    """

    def __init__(self, expected_state: str) -> None:
        self._expected_state = expected_state
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[OAuthRedirect] = asyncio.get_running_loop().create_future()
        self._handlers: set[asyncio.Task[None]] = set()
        self.port = 0

    @classmethod
    async def start(cls, expected_state: str) -> LoopbackReceiver:
        """Bind an ephemeral loopback port and start listening."""
        receiver = cls(expected_state)
        receiver._server = await asyncio.start_server(receiver._serve, "127.0.0.1", 0)
        receiver.port = receiver._server.sockets[0].getsockname()[1]
        return receiver

    @property
    def redirect_uri(self) -> str:
        """The redirect to hand to Clover."""
        return f"http://127.0.0.1:{self.port}{CALLBACK_PATH}"

    @property
    def listening(self) -> bool:
        """Whether the socket is still open."""
        return self._server is not None and self._server.is_serving()

    async def wait(self, timeout_s: float) -> OAuthRedirect:
        """The redirect; :class:`TimeoutError` if the browser never comes back.

        The listener is closed when this returns or raises, whatever happened.
        """
        try:
            async with asyncio.timeout(timeout_s):
                return await asyncio.shield(self._result)
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        """Stop listening (idempotent)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
            for task in list(self._handlers):
                task.cancel()
            await server.wait_closed()
        if not self._result.done():
            self._result.cancel()

    async def __aenter__(self) -> LoopbackReceiver:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- one connection ----------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        try:
            await self._answer(reader, writer)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        except TimeoutError:
            pass
        finally:
            writer.close()
            if task is not None:
                self._handlers.discard(task)

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with asyncio.timeout(_READ_TIMEOUT_S):
            head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > _MAX_REQUEST_BYTES:
            await _respond(writer, 431, "Request too large", "")
            return
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3 or parts[0] != "GET":
            await _respond(writer, 405, "Not here", "This address only receives Clover's sign-in.")
            return
        target = urlsplit(parts[1])
        if target.path != CALLBACK_PATH or self._result.done():
            # A favicon request, or a second redirect after the first: not ours to take.
            await _respond(writer, 404, "Not here", "This address only receives one sign-in.")
            return
        query = dict(parse_qsl(target.query, keep_blank_values=True))
        code = query.get("code") or None
        register_secret(code)
        if not hmac.compare_digest(query.get("state", ""), self._expected_state):
            await _respond(
                writer,
                400,
                "Sign-in not accepted",
                "This sign-in did not come from the request Clover Desk made, so it was "
                "ignored. Start again from Clover Desk.",
            )
            self._result.set_exception(StateMismatch("the redirect's state does not match"))
            return
        redirect = OAuthRedirect(
            code=code,
            merchant_id=query.get("merchant_id") or None,
            client_id=query.get("client_id") or None,
            error=query.get("error") or (None if code else "missing_code"),
            error_description=query.get("error_description") or None,
        )
        if redirect.error is None:
            await _respond(writer, 200, "Connected", "Clover Desk received your approval.")
        else:
            await _respond(writer, 200, "Not connected", "Clover Desk was not connected.")
        self._result.set_result(redirect)


async def _respond(writer: asyncio.StreamWriter, status: int, heading: str, detail: str) -> None:
    reasons = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
    body = _PAGE.format(heading=html.escape(heading), detail=html.escape(detail)).encode()
    head = (
        f"HTTP/1.1 {status} {reasons.get(status, 'Request Header Fields Too Large')}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Connection: close\r\n\r\n"
    ).encode("latin-1")
    writer.write(head + body)
    await writer.drain()
