"""5. Recommendations batch: people per second against the Gemini double answering in 300 ms,
against the bound min(concurrency / latency, quota) — no batch can beat `concurrency` requests
in flight each taking `latency`, nor ask more often than the key pool allows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bench.data import make_people
from bench.harness import TIMEZONE, TOKEN, World
from bench.results import Figure, Results
from core.config import load_settings
from lunchbot.app import Application

NAME = "5 recommendations batch"
PER_KEY = 195  # GEMINI_MAX_REQUESTS_PER_KEY's default
KEYS = ("bench-key-0001", "bench-key-0002")


async def run(world: World, results: Results, users: int, concurrencies: list[int]) -> None:
    await world.reset_db()
    today = dt.datetime.now(ZoneInfo(TIMEZONE)).date()
    await make_people(users, 10, today)
    quota = PER_KEY * len(KEYS)
    for concurrency in concurrencies:
        await world.flush_redis()  # fresh key usage, no cached advice
        await world.reset_doubles()
        settings = load_settings(
            env_file=None,
            database={"url": world.database_url},
            redis={"url": world.redis_url},
            telegram={"bot_token": TOKEN, "api_server": world.telegram_url},
            gemini={
                "api_keys": ",".join(KEYS),
                "base_url": world.gemini_url,
                "concurrency": concurrency,
                "max_requests_per_key": PER_KEY,
            },
            log={"level": "WARNING"},
            app={"timezone": TIMEZONE},
        )
        app = Application(settings)
        await app.start(database=False, web=False, telegram=False, background=False)
        try:
            report = await app.services.recommendation_batch.run(force=True)
        finally:
            await app.stop()
        calls = (await world.calls())["gemini"]
        rate = report.generated / report.seconds
        # The daily quota caps how many people one batch can reach, not how fast; within it
        # the bound is the concurrency's.
        bound = concurrency / world.gemini_latency if report.eligible <= quota else float("nan")
        results.note(
            NAME,
            f"concurrency {concurrency}: {report.generated} of {report.eligible} generated "
            f"({report.failed} failed, {report.not_reached} not reached) in {report.seconds:.2f} s "
            f"with {calls} Gemini calls; quota {quota} requests/day ({len(KEYS)} keys × "
            f"{PER_KEY}) not binding",
        )
        results.add(
            Figure(NAME, f"people/s, concurrency {concurrency}", rate, "people/s",
                   f"min({concurrency} / {world.gemini_latency:g} s, quota)", bound, True),
        )  # fmt: skip
