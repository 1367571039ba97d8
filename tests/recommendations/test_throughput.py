"""How many people a second the batch gets through when each Gemini answer takes 300 ms.

Against the double, so this measures our side: the pool's Lua script, the cache writes, the
events and the concurrency. The number is printed (`pytest -s -k throughput`); the assertion
only checks that the workers run side by side, not how fast.
"""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from db.models import User
from sandbox.gemini import GeminiServer
from sandbox.telegram import BotAPIServer
from tests.recommendations.conftest import World
from tests.support.app import running_app

LATENCY = 0.3
PEOPLE = 48


@pytest.mark.parametrize("concurrency", [4, 16])
async def test_batch_throughput(
    world: World,
    make_settings,
    bot_api: BotAPIServer,
    clock,
    redis: Redis,
    gemini: GeminiServer,
    concurrency: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    users = [await User.create(tgid=10_000 + i, name=f"u{i}") for i in range(PEOPLE)]
    await asyncio.gather(*(world.orders(u, 5, "light", ["borsch", "kotleta"]) for u in users))
    gemini.latency = LATENCY
    settings = make_settings(
        gemini={"api_keys": "bench-key-0001,bench-key-0002", "concurrency": concurrency}
    )
    async with running_app(settings, bot_api, clock) as app:
        report = await app.services.recommendation_batch.run()

    assert report.generated == PEOPLE
    rate = PEOPLE / report.seconds
    ideal = concurrency / LATENCY
    with capsys.disabled():
        print(
            f"\nbatch throughput: {rate:.1f} people/s with concurrency {concurrency} and "
            f"{LATENCY * 1000:.0f} ms per answer ({PEOPLE} people in {report.seconds:.2f} s; "
            f"ideal {ideal:.1f}/s)"
        )
    # No speed target here (that is bench/'s job); only that the workers really overlap:
    # while the first answer was still on its way (300 ms), other requests had started.
    first = min(call.at for call in gemini.calls)
    assert sum(call.at < first + LATENCY for call in gemini.calls) >= 2
