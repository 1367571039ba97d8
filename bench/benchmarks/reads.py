"""2. Recommendations read: the cached `GET /api/v1/users/{tgid}/recommendations` with
initData auth, through the whole app, against bare aiohttp answering with one Redis GET of
the same entry, and against the same after one SELECT of the person's row (what refusing a
disabled account at once costs)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from bench.benchmarks.http import Load, Server, measure
from bench.data import make_people
from bench.harness import TIMEZONE, TOKEN, USER_BASE, Child, World
from bench.load import Target
from bench.results import Results

NAME = "2 recommendations read"
DAYS = 20  # orders per person in the 30-day window: the statistics have something to count


async def prepare(world: World, users: int) -> None:
    await world.reset_db()
    today = dt.datetime.now(ZoneInfo(TIMEZONE)).date()
    await make_people(users, DAYS, today)
    redis = Redis.from_url(world.redis_url)
    entry = {
        "summary": "Сбалансированно, но мало овощей.",
        "tips": ["Добавьте салат к обеду.", "Чередуйте супы.", "Пейте больше воды."],
        "stats": {"orders_last_30_days": DAYS, "categories": {"soup": 33.4, "salad": 33.3}},
        "generated_at": dt.datetime.now(dt.UTC).isoformat(),
    }
    async with redis.pipeline(transaction=False) as pipe:
        for tgid in range(USER_BASE, USER_BASE + users):
            pipe.set(f"recommendations:user:{tgid}", json.dumps(entry, ensure_ascii=False))
        await pipe.execute()
    await redis.aclose()


async def run(world: World, results: Results, load: Load, users: int) -> None:
    await prepare(world, users)

    async def start_app() -> Child:
        return await world.start_app("app-reads")

    def target(child: Child) -> Target:
        return Target("recs", child.url, users, USER_BASE, token=TOKEN)

    servers = [
        Server("app", start_app),
        Server("bare aiohttp + Redis GET", lambda: world.start_baseline("redis")),
        Server("bare aiohttp + user SELECT + Redis GET", lambda: world.start_baseline("account")),
    ]
    await measure(NAME, target, servers, load, results, world.release)
