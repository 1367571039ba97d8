"""Starting `lunchbot sandbox`'s runner inside a test, on the harness's database and Redis."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from core.clock import Clock
from sandbox.runner import Sandbox
from tests.conftest import free_port


@contextlib.asynccontextmanager
async def running_sandbox(
    database_url: str, redis_url: str, clock: Clock, environ: dict[str, str] | None = None
) -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(
        database_url=database_url,
        redis_url=redis_url,
        app_port=free_port(),
        ui_port=0,
        clock=clock,
        environ=environ or {},
    )
    await sandbox.start(database=False)  # the harness owns the connection (and emptied it)
    try:
        yield sandbox
    finally:
        await sandbox.stop()
