"""Benchmark 7's baselines: what each measured CLI command does, and nothing else, so its wall
time is that command's own work plus the imports that work needs — the floor the command is
compared against. Two floors:

- `python -m bench.cli_baselines COMMAND …`: the command as anyone would write it on the
  libraries Lunch bot's CLI stands on: a typer command (typer brings rich), its settings read
  and validated by one pydantic-settings class (the environment and `.env`), then the work
  (`link` reads the cafe through Tortoise, with a one-model app). This is the goal's floor:
  parsing arguments, validating the configuration and reading through the ORM is work the
  command does on any stack that uses those libraries, as the guide asks instead of
  hand-written ones; what the goal bounds is what Lunch bot adds on top.
- `python -m bench.cli_baselines --stdlib COMMAND …`: the same work with argparse and
  `os.environ`, the interpreter's own floor; what typer and pydantic cost is the gap between
  the two.

The work:

- `initdata TGID`: the HMAC signature of a Mini App initData, with the standard library;
- `link CAFE_ID`: one asyncpg SELECT of the cafe, one Redis GET of the bot's username, the
  payload's HMAC;
- `dlq TOPIC`: one Redis LRANGE of the topic's dead letters (the in-process bus keeps them
  there), decoded and printed;
- `deadline CAFE_ID DATE`: the cafe's chat and that day's orders in one asyncpg SELECT, and one
  `sendMessage` with aiogram's Bot (the command sends through aiogram too).

Imports stay inside each command, so a command pays only for its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys


def initdata(args: argparse.Namespace) -> None:
    import hashlib
    import hmac
    import json
    import time
    from urllib.parse import urlencode

    user = json.dumps({"id": args.tgid, "first_name": "Test"}, separators=(",", ":"))
    fields = {"query_id": "AAEAAAE", "user": user, "auth_date": str(int(time.time()))}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", os.environ["TELEGRAM_BOT_TOKEN"].encode(), hashlib.sha256)
    fields["hash"] = hmac.new(secret.digest(), check.encode(), hashlib.sha256).hexdigest()
    print(urlencode(fields))


async def link(args: argparse.Namespace) -> None:
    import hashlib
    import hmac

    import asyncpg
    from redis.asyncio import Redis

    token = os.environ["TELEGRAM_BOT_TOKEN"]
    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        name = await conn.fetchval("SELECT name FROM cafes WHERE id = $1", args.cafe_id)
    finally:
        await conn.close()
    redis = Redis.from_url(os.environ["REDIS_URL"])
    try:
        username = await redis.get(f"bot:{token.split(':', 1)[0]}:username")
    finally:
        await redis.aclose()
    mac = hmac.new(token.encode(), str(args.cafe_id).encode(), hashlib.sha256).hexdigest()[:16]
    print(f"{name}: https://t.me/{(username or b'').decode()}?startgroup={args.cafe_id}-{mac}")


async def link_orm(args: argparse.Namespace) -> None:
    """`link` on the stack's ORM: the cafe through Tortoise, as the command reads it."""
    import hashlib
    import hmac

    from redis.asyncio import Redis
    from tortoise import Tortoise

    from bench.cli_baseline_models import Cafe

    token = os.environ["TELEGRAM_BOT_TOKEN"]
    await Tortoise.init(
        db_url=os.environ["DATABASE_URL"], modules={"models": ["bench.cli_baseline_models"]}
    )
    try:
        name = (await Cafe.get(id=args.cafe_id)).name
    finally:
        await Tortoise.close_connections()
    redis = Redis.from_url(os.environ["REDIS_URL"])
    try:
        username = await redis.get(f"bot:{token.split(':', 1)[0]}:username")
    finally:
        await redis.aclose()
    mac = hmac.new(token.encode(), str(args.cafe_id).encode(), hashlib.sha256).hexdigest()[:16]
    print(f"{name}: https://t.me/{(username or b'').decode()}?startgroup={args.cafe_id}-{mac}")


async def dlq(args: argparse.Namespace) -> None:
    import json

    from redis.asyncio import Redis

    redis = Redis.from_url(os.environ["REDIS_URL"])
    try:
        raw = await redis.lrange(f"lunchbot:dlq:{args.topic}", 0, 99)
    finally:
        await redis.aclose()
    for letter in map(json.loads, raw):
        print(letter)
    print(f"{len(raw)} letters")


async def deadline(args: argparse.Namespace) -> None:
    import datetime as dt

    import asyncpg
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        rows = await conn.fetch(
            "SELECT c.tg_chat_id, u.name, o.total_amount FROM orders o "
            "JOIN cafes c ON c.id = o.cafe_id JOIN users u ON u.id = o.user_id "
            "WHERE o.cafe_id = $1 AND o.date = $2 AND o.status = 'active' ORDER BY u.name",
            args.cafe_id,
            dt.date.fromisoformat(args.date),
        )
    finally:
        await conn.close()
    api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_SERVER"])
    bot = Bot(os.environ["TELEGRAM_BOT_TOKEN"], session=AiohttpSession(api=api))
    try:
        text = "\n".join(f"{row['name']}: {row['total_amount']}" for row in rows)
        await bot.send_message(rows[0]["tg_chat_id"], text or "no orders")
    finally:
        await bot.session.close()
    print(f"cafe {args.cafe_id}, {args.date}: sent")


def _typer_main() -> None:
    """The floor on Lunch bot's CLI libraries: typer parses, pydantic-settings validates."""
    import typer
    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class Settings(BaseSettings):
        model_config = SettingsConfigDict(env_file=".env", extra="ignore")
        telegram_bot_token: SecretStr
        database_url: str = ""
        redis_url: str = ""
        telegram_api_server: str = ""

    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    def settings() -> None:
        loaded = Settings()
        os.environ["TELEGRAM_BOT_TOKEN"] = loaded.telegram_bot_token.get_secret_value()

    @app.command("initdata")
    def initdata_(tgid: int) -> None:
        settings()
        initdata(argparse.Namespace(tgid=tgid))

    @app.command("link")
    def link_(cafe_id: int) -> None:
        settings()
        asyncio.run(link_orm(argparse.Namespace(cafe_id=cafe_id)))

    @app.command("dlq")
    def dlq_(topic: str) -> None:
        settings()
        asyncio.run(dlq(argparse.Namespace(topic=topic)))

    @app.command("deadline")
    def deadline_(cafe_id: int, date: str) -> None:
        settings()
        asyncio.run(deadline(argparse.Namespace(cafe_id=cafe_id, date=date)))

    app()


def main() -> None:
    if sys.argv[1:2] != ["--stdlib"]:
        _typer_main()
        return
    del sys.argv[1]
    parser = argparse.ArgumentParser(prog="python -m bench.cli_baselines --stdlib")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("initdata").add_argument("tgid", type=int)
    commands.add_parser("link").add_argument("cafe_id", type=int)
    commands.add_parser("dlq").add_argument("topic")
    fire = commands.add_parser("deadline")
    fire.add_argument("cafe_id", type=int)
    fire.add_argument("date")
    args = parser.parse_args()
    if args.command == "initdata":
        initdata(args)
    else:
        asyncio.run({"link": link, "dlq": dlq, "deadline": deadline}[args.command](args))


if __name__ == "__main__":
    sys.exit(main())
