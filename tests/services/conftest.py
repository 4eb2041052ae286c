"""Services wired to a real Clover client talking to a sandbox over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from clover_helpers import client_for

from clover_desk.api.client import CloverClient
from clover_desk.sandbox import RunningSandbox
from clover_desk.services.refunds.journal import Journal


@pytest_asyncio.fixture
async def client(sandbox: RunningSandbox) -> AsyncIterator[CloverClient]:
    async with client_for(sandbox) as c:
        yield c


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite")
    yield j
    j.close()
