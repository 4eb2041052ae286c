"""The one-shot loopback listener that receives Clover's OAuth redirect."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from clover_desk.api.loopback import CALLBACK_PATH, LoopbackReceiver, StateMismatch

pytestmark = pytest.mark.asyncio


async def _closed(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return True
    writer.close()
    return False


async def test_other_requests_do_not_end_the_wait_and_the_redirect_does() -> None:
    receiver = await LoopbackReceiver.start("expected-state")
    assert receiver.redirect_uri == f"http://127.0.0.1:{receiver.port}{CALLBACK_PATH}"
    base = f"http://127.0.0.1:{receiver.port}"
    # A browser that connects and says nothing must not hold up the real redirect.
    _, idle = await asyncio.open_connection("127.0.0.1", receiver.port)
    async with httpx.AsyncClient() as web:
        assert (await web.get(base + "/favicon.ico")).status_code == 404
        assert (await web.post(receiver.redirect_uri)).status_code == 405
        assert receiver.listening
        page = await web.get(
            receiver.redirect_uri,
            params={"code": "c0de", "merchant_id": "MERCHANT00001", "state": "expected-state"},
        )
    assert page.status_code == 200
    assert "You can close this tab" in page.text
    redirect = await receiver.wait(5)
    assert redirect.code == "c0de"
    assert redirect.merchant_id == "MERCHANT00001"
    assert redirect.error is None
    assert "c0de" not in repr(redirect)
    assert not receiver.listening
    assert await _closed(receiver.port)
    idle.close()


async def test_a_wrong_state_is_answered_and_raised() -> None:
    receiver = await LoopbackReceiver.start("expected-state")
    async with httpx.AsyncClient() as web:
        page = await web.get(receiver.redirect_uri, params={"code": "c0de", "state": "other"})
    assert page.status_code == 400
    assert "You can close this tab" in page.text
    with pytest.raises(StateMismatch):
        await receiver.wait(5)
    assert await _closed(receiver.port)


async def test_an_error_redirect_is_returned_as_an_error() -> None:
    receiver = await LoopbackReceiver.start("s")
    async with httpx.AsyncClient() as web:
        await web.get(receiver.redirect_uri, params={"error": "access_denied", "state": "s"})
    redirect = await receiver.wait(5)
    assert redirect.error == "access_denied"
    assert redirect.code is None


async def test_waiting_times_out_and_closes() -> None:
    receiver = await LoopbackReceiver.start("s")
    with pytest.raises(TimeoutError):
        await receiver.wait(0.05)
    assert await _closed(receiver.port)
