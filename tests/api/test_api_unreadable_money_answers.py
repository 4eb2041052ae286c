"""Money moved, then an unreadable answer: the outcome is kept and settled, never lost.

Found by fuzzing: a refund Clover accepted, whose answer carried a malformed field (an
unknown currency), raised a bare ``ValueError`` after the journal recorded success. A
broken proxy stands between the client and the training sandbox here: the sandbox really
makes the refund, the proxy spoils its answer.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
import pytest_asyncio
from apihelp import RawReply, RawRequest, RawServer
from clover_helpers import card_charge, client_for

from clover_desk.api.client import CloverClient
from clover_desk.api.errors import OutcomeUnknown, ResponseFormatError
from clover_desk.api.money import Money
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import EntryStatus, Journal
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.refunds.service import RefundRequest, RefundService
from clover_desk.services.refunds.wizard import Outcome
from clover_desk.services.staff.accounts import Role, StaffMember

pytestmark = pytest.mark.asyncio

MANAGER = StaffMember(2, "Marcus Manager", Role.MANAGER)


class SpoilingProxy:
    """Forwards every request to the sandbox; spoils the answers of ``spoil_path``."""

    def __init__(self, sandbox: RunningSandbox) -> None:
        self.upstream = sandbox.info["base_url"]
        self.spoil_path: str | None = None
        self.spoiled = 0
        self.server = RawServer(self.forward)

    async def forward(self, request: RawRequest) -> RawReply:
        headers = {k: v for k, v in request.headers.items() if k not in ("host", "content-length")}
        async with httpx.AsyncClient() as upstream:
            answer = await upstream.request(
                request.method,
                self.upstream + request.target,
                headers=headers,
                content=request.body,
            )
        content = answer.content
        if request.method == "POST" and request.path == self.spoil_path and answer.is_success:
            body = answer.json()
            body["currency"] = "dollars"  # no ISO 4217 code
            content = json.dumps(body).encode()
            self.spoiled += 1
        return answer.status_code, {"Content-Type": "application/json"}, content


@pytest_asyncio.fixture
async def proxied(sandbox: RunningSandbox) -> AsyncIterator[tuple[SpoilingProxy, CloverClient]]:
    proxy = SpoilingProxy(sandbox)
    await proxy.server.start()
    info = {**sandbox.info, "base_url": proxy.server.url}
    client = client_for(SimpleNamespace(info=info))  # type: ignore[arg-type]
    yield proxy, client
    await client.aclose()
    await proxy.server.stop()


async def test_the_client_turns_an_unreadable_money_answer_into_an_unknown_outcome(
    proxied: tuple[SpoilingProxy, CloverClient],
) -> None:
    proxy, client = proxied
    charge = await card_charge(client, 1_500)
    proxy.spoil_path = "/v1/refunds"
    with pytest.raises(OutcomeUnknown) as info:
        await client.ecommerce.create_refund(charge.id, idempotency_key="spoiled-answer-0001")
    error = info.value
    assert error.idempotency_key == "spoiled-answer-0001"
    assert error.endpoint == "POST /v1/refunds"
    assert isinstance(error.__cause__, ResponseFormatError)
    assert error.__cause__.field == "$"  # the refund object itself holds the bad currency
    assert "currency" in error.message


async def test_a_refund_whose_answer_is_unreadable_is_kept_and_settled_once(
    sandbox: RunningSandbox, proxied: tuple[SpoilingProxy, CloverClient], tmp_path: Path
) -> None:
    proxy, client = proxied
    journal = Journal(tmp_path / "journal.sqlite")
    service = RefundService(client.ecommerce, client.platform, journal)
    try:
        charge = await card_charge(client, 2_500)
        target = await service.load_target(charge.id)
        request = RefundRequest(
            key=str(uuid.uuid4()),
            target=target,
            mode=RefundMode.FULL,
            reason="requested_by_customer",
            note="event cancelled",
            staff=MANAGER,
        )
        proxy.spoil_path = "/v1/refunds"
        result = await service.refund(request)
        assert proxy.spoiled == 1
        # Staff are told it is being confirmed, not that it failed (it did not).
        assert result.outcome is Outcome.UNKNOWN
        entry = journal.get(request.key)
        assert entry is not None
        assert entry.status is EntryStatus.UNKNOWN
        proxy.spoil_path = None
        [settled] = await service.settle_all()
        assert settled.status is EntryStatus.SUCCEEDED
        async with httpx.AsyncClient() as admin:
            ledger = await admin.get(sandbox.info["admin_url"] + "/ledger")
        refunds = ledger.json()["refunds"]
        made = [r for r in refunds if r["charge"] == charge.id]
        assert len(made) == 1
        assert settled.refund_id == made[0]["id"]
        assert Money(made[0]["amount"], "USD") == Money(2_500, "USD")
    finally:
        await service.close()
        journal.close()
