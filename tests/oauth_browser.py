"""An owner's browser on the training sandbox's authorize page, driven over HTTP.

It fetches the page the app opened, chooses a merchant, presses Approve or Deny, and
follows Clover's redirect to the app's loopback listener, as a browser would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx


def with_query(url: str, **changes: str) -> str:
    """``url`` with some query parameters replaced."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


class HttpBrowser:
    """Callable as the connector's ``open_browser``.

    Args:
        decision: ``"approve"`` or ``"deny"``.
        merchant_id: the merchant to choose (default: the first listed).
        rewrite: changes the redirect before it is followed (a forged ``state``...).
        before_redirect: awaited before the redirect is followed (advance the clock...).
    """

    def __init__(
        self,
        decision: str = "approve",
        merchant_id: str | None = None,
        rewrite: Callable[[str], str] | None = None,
        before_redirect: Callable[[], object] | None = None,
    ) -> None:
        self.decision = decision
        self.merchant_id = merchant_id
        self.rewrite = rewrite
        self.before_redirect = before_redirect
        self.opened: list[str] = []
        self.landing: httpx.Response | None = None

    async def __call__(self, url: str) -> None:
        self.opened.append(url)
        async with httpx.AsyncClient(timeout=10, follow_redirects=False) as web:
            page = await web.get(url)
            page.raise_for_status()
            request_id = re.search(r'name="request" value="([^"]+)"', page.text)
            assert request_id is not None, page.text
            merchant = self.merchant_id
            if merchant is None:
                first = re.search(r'<option value="([^"]+)"', page.text)
                assert first is not None
                merchant = first.group(1)
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
            answer = await web.post(
                origin + "/oauth/v2/authorize",
                data={
                    "request": request_id.group(1),
                    "merchant_id": merchant,
                    "decision": self.decision,
                },
            )
            assert answer.status_code == 302, answer.text
            location = answer.headers["location"]
            if self.rewrite is not None:
                location = self.rewrite(location)
            if self.before_redirect is not None:
                waiting = self.before_redirect()
                if hasattr(waiting, "__await__"):
                    await waiting
            self.landing = await web.get(location)
