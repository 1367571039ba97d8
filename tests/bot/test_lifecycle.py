"""A stopped Application lets go of everything it built: a process (the test suite, the
sandbox) that starts several must not keep every one alive."""

from __future__ import annotations

import asyncio
import gc
import heapq
import weakref

import aiohttp

from core.clock import FrozenClock
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.support.app import running_app


def drop_cancelled_timers() -> None:
    """asyncio keeps a cancelled timer in its queue until the timer's time comes (aiogram's
    60 s request timeouts, say), and the timer's context holds what was current when it was
    set: the last update's data, and through it the app. That is the loop's lazy clean-up,
    bounded in time; anything else that still holds the app after this is a leak."""
    loop = asyncio.get_running_loop()
    scheduled = loop._scheduled  # type: ignore[attr-defined]
    scheduled[:] = [handle for handle in scheduled if not handle.cancelled()]
    heapq.heapify(scheduled)


async def test_nothing_of_a_stopped_application_stays_reachable(
    make_settings, bot_api: BotAPIServer, redis, clock: FrozenClock
) -> None:
    settings = make_settings()
    async with running_app(settings, bot_api, clock) as app:
        anna = updates.user(501, "Анна")
        await bot_api.send_text(updates.private_chat(anna), anna, "/start")
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{app.port}/healthz") as response,
        ):
            assert response.status == 200
        held = [weakref.ref(part) for part in (app, app.web, app.dispatcher, app.bot)]
    del app
    await asyncio.sleep(0.1)  # the last callbacks of the stop run
    drop_cancelled_timers()
    gc.collect()
    assert [ref() is None for ref in held] == [True] * len(held)
