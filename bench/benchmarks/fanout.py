"""3. Deadline fan-out: N cafes, each linked to its own group chat with M orders, all reach
their deadline in the same minute → how long until every chat has its message.

Two runs of the real Application against the Bot API double in its own process (the
in-process bus: this is about our sending, not the broker):

- with the rate limiter on, against N / 30 s: Telegram lets a bot send about 30 messages a
  second, so no bot can do better, and ours should not do worse;
- with the limiter off: our own notifications/s, against Telegram's 30/s — ours must be
  well above it, or we, not Telegram, would be the limit.

The clock starts when the app's start-up tick finds the deadlines (a running app finds a
deadline within its 30-second tick; that delay is by design and not counted here).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from zoneinfo import ZoneInfo

from bench.drill import DrillWorld, make_cafes
from bench.harness import TIMEZONE, TOKEN
from bench.results import Figure, Results
from core.config import load_settings
from db.models import DeadlineNotification, NotificationStatus
from lunchbot.app import Application

NAME = "3 deadline fan-out"
TELEGRAM_RATE = 30.0  # messages a second, the bot's limit across all chats


async def run(results: Results, cafes: int) -> None:
    async with DrillWorld(cafes=cafes, rate_429=0.0, rate_5xx=0.0, seed=3) as world:
        limited = await _once(world, results, cafes, limiter=True)
        unlimited = await _once(world, results, cafes, limiter=False)
    floor = cafes / TELEGRAM_RATE
    results.add(
        Figure(NAME, f"all {cafes:,} chats served, limiter on (s)", limited, "s",
               f"N / {TELEGRAM_RATE:g} per s (Telegram)", floor, False),
        Figure(NAME, "notifications/s, limiter off", cafes / unlimited, "/s",
               "Telegram's 30 messages/s", TELEGRAM_RATE, True),
    )  # fmt: skip


async def _once(world: DrillWorld, results: Results, cafes: int, *, limiter: bool) -> float:
    await world.reset_db()
    await world.flush_redis()
    await world.reset_doubles()
    now = dt.datetime.now(ZoneInfo(TIMEZONE))
    if now.hour == 0 and now.minute < 2:
        await asyncio.sleep(120)  # the deadline must fall on today, a minute ago
        now = dt.datetime.now(ZoneInfo(TIMEZONE))
    passed = now - dt.timedelta(minutes=1)
    await make_cafes(cafes, now.date(), passed.hour * 60 + passed.minute)
    settings = load_settings(
        env_file=None,
        database={"url": world.database_url},
        redis={"url": world.redis_url},
        telegram={"bot_token": TOKEN, "api_server": world.telegram_url},
        log={"level": "WARNING"},
        app={"timezone": TIMEZONE},
    )
    app = Application(settings)
    if not limiter:
        app.sender.limiter = None
    # The scheduler's first tick is due the moment start() returns: the clock starts there, not
    # before the texts load and the consumers start (that is start-up, benchmark 6's).
    await app.start(database=False, web=False, telegram=False)
    started = time.perf_counter()
    first: float | None = None
    try:
        while True:
            counts = (await world.messages())["messages"]
            served = sum(1 for n in counts.values() if n >= 1)
            if served and first is None:
                first = time.perf_counter() - started
            if served >= cafes:
                break
            if time.perf_counter() - started > 30 + 3 * cafes / TELEGRAM_RATE:
                raise TimeoutError(f"{NAME}: {served} of {cafes} chats served")
            await asyncio.sleep(0.2)
        elapsed = time.perf_counter() - started
        await app.bus.drain()
    finally:
        await app.stop()
    counts = (await world.messages())["messages"]
    repeated = sum(1 for n in counts.values() if n > 1)
    sent = await DeadlineNotification.filter(status=NotificationStatus.SENT).count()
    results.note(
        NAME,
        f"limiter {'on' if limiter else 'off'}: {cafes:,} cafes, first message after "
        f"{(first or 0) * 1000:.0f} ms, all after {elapsed:.1f} s "
        f"({cafes / elapsed:.1f}/s); {sent} rows sent, {repeated} chats with a repeat",
    )
    return elapsed
