"""1. Webhook ingest: a `/start` Update through the whole app (secret check, middlewares, user
lookup, handler, the reply and the menu button through the Bot API double) against the same
`/start` work on the bare libraries (aiogram's handler, one asyncpg upsert, the same two Bot
API calls), against aiogram's bare `SimpleRequestHandler` with an empty handler and against a
bare aiohttp JSON echo."""

from __future__ import annotations

import datetime as dt

from bench.benchmarks.http import Load, Server, measure
from bench.data import make_people
from bench.harness import SECRET, USER_BASE, Child, World
from bench.load import LoadResult, Target
from bench.results import Results

NAME = "1 webhook ingest"


async def run(world: World, results: Results, load: Load, users: int) -> None:
    # Everyone has written to the bot before: the measured path is the everyday one (their
    # row exists), not the first contact.
    await world.reset_db()
    await make_people(users, 0, dt.date.today())

    async def start_app() -> Child:
        return await world.start_app("app-ingest")

    async def replies(rate: LoadResult) -> str | None:
        """Every update answered 200 must have had its greeting sent: the work was done."""
        calls = await world.calls()
        sent = calls["telegram"].get("sendMessage", 0)
        failed = calls["telegram_failed"]
        answered = rate.statuses.get("200", 0)
        note = f"{answered} updates answered 200, {sent} greetings sent by then"
        return note + (f"; Bot API calls that failed: {failed}" if failed else "")

    async def start_plain(kind: str) -> Child:
        return await world.start_baseline(kind)

    def target(child: Child) -> Target:
        return Target("webhook", child.url, users, USER_BASE, secret=SECRET)

    servers = [
        Server("app", start_app, replies, world.reset_doubles),
        Server("bare /start", lambda: start_plain("start"), replies, world.reset_doubles),
        Server("bare aiogram", lambda: start_plain("aiogram")),
        Server("bare aiohttp echo", lambda: start_plain("echo")),
    ]
    await measure(NAME, target, servers, load, results, world.release)
