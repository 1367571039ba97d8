"""7. CLI commands: the wall time of `lunchbot initdata`, `link`, `dlq list` and `deadline`,
each from spawning the process to its exit, against the same work done by a bare script on
the bare libraries (`bench/cli_baselines.py`: the HMAC, the one SELECT, the Redis read, the
one `sendMessage` through aiogram), written as a typer command whose settings pydantic-settings
reads — the libraries our CLI stands on. The goal is ×1.5 of that: a command pays for what it
does, not for the whole bot. The same work with argparse and `os.environ` is reported too: the
interpreter's floor, and what typer and pydantic cost on their own.

The data: one cafe linked to its group chat (the Bot API double knows it) with two orders for
today, three dead letters in the in-process bus's DLQ, and the bot's username in Redis (as a
running bot leaves it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import sys
import time
from zoneinfo import ZoneInfo

from redis.asyncio import Redis
from tortoise import Tortoise

from bench.drill import DrillWorld, make_cafes
from bench.harness import ROOT, TIMEZONE, TOKEN, WORK, free_port
from bench.results import Figure, Results

NAME = "7 CLI commands"
TOPIC = "lunch-bot.deadlines"  # the default prefix's `deadlines` topic


async def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        *command,
        cwd=WORK,  # no .env of the developer's is read
        env={**env, "PYTHONPATH": str(ROOT)},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {out.decode()}")
    return elapsed


async def run(results: Results, repeats: int) -> None:
    async with DrillWorld(cafes=1, rate_429=0.0, rate_5xx=0.0, seed=7) as world:
        await world.reset_db()
        now = dt.datetime.now(ZoneInfo(TIMEZONE))
        passed = now - dt.timedelta(minutes=1)
        await make_cafes(1, now.date(), passed.hour * 60 + passed.minute)
        conn = Tortoise.get_connection("default")
        cafe = str((await conn.execute_query_dict("SELECT min(id) AS id FROM cafes"))[0]["id"])
        redis = Redis.from_url(world.redis_url)
        try:
            await redis.set(f"bot:{TOKEN.split(':', 1)[0]}:username", "lunch_bench_bot")
            letters = [
                json.dumps({"failed_at": "2026-12-01T12:00:00+00:00", "attempts": 5,
                            "error": "TelegramNetworkError", "topic": TOPIC, "key": str(n),
                            "event": {"cafe_id": n, "date": "2026-12-01"}})
                for n in range(3)
            ]  # fmt: skip
            await redis.rpush(f"lunchbot:dlq:{TOPIC}", *letters)
        finally:
            await redis.aclose()
        env = world.app_env(free_port())  # a command logs WARNING and up by itself
        day = now.date().isoformat()
        commands = {
            "initdata": (["initdata", "9201"], ["initdata", "9201"]),
            "link": (["link", cafe], ["link", cafe]),
            "dlq list": (["dlq", "list", "deadlines"], ["dlq", TOPIC]),
            "deadline": (["deadline", cafe, day, "--force"], ["deadline", cafe, day]),
        }
        ours: dict[str, list[float]] = {name: [] for name in commands}
        bare: dict[str, list[float]] = {name: [] for name in commands}
        stdlib: dict[str, list[float]] = {name: [] for name in commands}
        # Interleaved, so the machine's other load falls on each alike.
        for _ in range(repeats):
            for name, (args, baseline) in commands.items():
                ours[name].append(await _timed(["lunchbot", *args], env))
                bare[name].append(await _timed(["bench.cli_baselines", *baseline], env))
                stdlib[name].append(
                    await _timed(["bench.cli_baselines", "--stdlib", *baseline], env)
                )
    floor = await _timed(["json.tool", "--help"], {})
    for name in commands:
        results.add(
            Figure(NAME, f"`lunchbot {name}`, spawn to exit (median)",
                   statistics.median(ours[name]), "s", "the same work, typer + pydantic-settings",
                   statistics.median(bare[name]), False),
            Figure(NAME, f"`lunchbot {name}`, spawn to exit (median)",
                   statistics.median(ours[name]), "s", "the same work, argparse + os.environ",
                   statistics.median(stdlib[name]), False),
        )  # fmt: skip
        results.note(
            NAME,
            f"{name}: ours {', '.join(f'{s:.2f}' for s in ours[name])} s; typer + "
            f"pydantic-settings {', '.join(f'{s:.2f}' for s in bare[name])} s; argparse "
            f"{', '.join(f'{s:.2f}' for s in stdlib[name])} s",
        )
    results.note(NAME, f"the interpreter alone (`python -m json.tool --help`): {floor:.2f} s")
