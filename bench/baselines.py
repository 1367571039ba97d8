"""The baselines: the least a server on the same stack can do for the same request.

`python -m bench.baselines KIND --port P` serves, until SIGTERM:

- `echo`: bare aiohttp answering a POSTed JSON body with itself (the HTTP + JSON floor);
- `aiogram`: aiogram's `SimpleRequestHandler` (secret check, Update parsing, dispatch) with one
  empty message handler (the framework floor of a webhook update);
- `start`: the same `/start` work as ours on the bare libraries: aiogram's handler, one
  asyncpg upsert of the sender's row, and the same two Bot API calls (the greeting with the
  Mini App button, and `setChatMenuButton`) — no middlewares, no dialogs, no locks;
- `redis`: bare aiohttp answering `GET /api/v1/users/{tgid}/recommendations` with one Redis
  GET of the cached entry (the floor of the cached read, without auth or SQL);
- `account`: the same, after one asyncpg SELECT of the person's row, refusing a disabled one
  (403): the floor of a read that keeps "a disabled account is refused at once", which no
  cache of the row can (another process's change would reach it later).

Each also answers `GET /readyz` (`aiogram` is the start-up baseline: a bare aiogram + aiohttp
webhook process).
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from aiohttp import web


async def _ready(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def echo_app() -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        return web.json_response(await request.json())

    app = web.Application()
    app.router.add_post("/telegram/webhook", echo)
    return app


def aiogram_app(token: str, secret: str, api: str) -> web.Application:
    from aiogram import Bot, Dispatcher, Router
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    router = Router()

    @router.message()
    async def nothing(_: Message) -> None:
        return None

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api)))
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dispatcher, bot=bot, handle_in_background=False, secret_token=secret
    ).register(app, path="/telegram/webhook")
    setup_application(app, dispatcher, bot=bot)
    return app


# What a first version would write: the row created or brought up to date, one statement.
UPSERT = """
INSERT INTO users (created_at, updated_at, tgid, name, username, language, role, is_active,
                   reminders_enabled, started_at)
VALUES (now(), now(), $1, $2, $3, $4, 'employee', true, true, now())
ON CONFLICT (tgid) DO UPDATE SET name = EXCLUDED.name, username = EXCLUDED.username
RETURNING id, name, language
"""


def start_app(token: str, secret: str, api: str, database_url: str) -> web.Application:
    import asyncpg
    from aiogram import Bot, Dispatcher, Router, html
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.enums import ParseMode
    from aiogram.filters import CommandStart
    from aiogram.types import (
        InlineKeyboardButton,
        InlineKeyboardMarkup,
        MenuButtonWebApp,
        Message,
        WebAppInfo,
    )
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    url = "https://lunch.example/app/"
    pools: list[asyncpg.Pool] = []
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, bot: Bot) -> None:
        sender = message.from_user
        assert sender is not None
        name = " ".join(p for p in (sender.first_name, sender.last_name) if p)
        row = await pools[0].fetchrow(
            UPSERT, sender.id, name, sender.username, sender.language_code or "ru"
        )
        button = InlineKeyboardButton(text="Открыть", web_app=WebAppInfo(url=url))
        await message.answer(
            f"Привет, {html.quote(row['name'])}! Здесь заказывают обеды.",
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
        )
        await bot.set_chat_menu_button(
            chat_id=message.chat.id,
            menu_button=MenuButtonWebApp(text="Обед", web_app=WebAppInfo(url=url)),
        )

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = Bot(
        token,
        session=AiohttpSession(api=TelegramAPIServer.from_base(api)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )

    async def connect(_: web.Application) -> None:
        pools.append(await asyncpg.create_pool(database_url, min_size=1, max_size=10))

    async def disconnect(_: web.Application) -> None:
        await pools[0].close()

    app = web.Application()
    app.on_startup.append(connect)
    app.on_cleanup.append(disconnect)
    SimpleRequestHandler(
        dispatcher=dispatcher, bot=bot, handle_in_background=False, secret_token=secret
    ).register(app, path="/telegram/webhook")
    setup_application(app, dispatcher, bot=bot)
    return app


def redis_app(redis_url: str) -> web.Application:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)

    async def read(request: web.Request) -> web.Response:
        raw = await redis.get(f"recommendations:user:{request.match_info['tgid']}")
        return web.Response(body=raw or b"{}", content_type="application/json")

    async def close(_: web.Application) -> None:
        await redis.aclose()

    app = web.Application()
    app.router.add_get(r"/api/v1/users/{tgid:\d+}/recommendations", read)
    app.on_cleanup.append(close)
    return app


def account_app(redis_url: str, database_url: str) -> web.Application:
    import asyncpg
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    pool: list[asyncpg.Pool] = []

    async def read(request: web.Request) -> web.Response:
        tgid = int(request.match_info["tgid"])
        active = await pool[0].fetchval("SELECT is_active FROM users WHERE tgid = $1", tgid)
        if not active:
            return web.json_response({"error": "account_disabled"}, status=403)
        raw = await redis.get(f"recommendations:user:{tgid}")
        return web.Response(body=raw or b"{}", content_type="application/json")

    async def connect(_: web.Application) -> None:
        pool.append(await asyncpg.create_pool(database_url, min_size=2, max_size=20))

    async def close(_: web.Application) -> None:
        await redis.aclose()
        await pool[0].close()

    app = web.Application()
    app.router.add_get(r"/api/v1/users/{tgid:\d+}/recommendations", read)
    app.on_startup.append(connect)
    app.on_cleanup.append(close)
    return app


async def main(args: argparse.Namespace) -> None:
    if args.kind == "echo":
        app = echo_app()
    elif args.kind == "aiogram":
        app = aiogram_app(args.token, args.secret, args.api)
    elif args.kind == "start":
        app = start_app(args.token, args.secret, args.api, args.database_url)
    elif args.kind == "account":
        app = account_app(args.redis_url, args.database_url)
    else:
        app = redis_app(args.redis_url)
    app.router.add_get("/readyz", _ready)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", args.port).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["echo", "aiogram", "start", "redis", "account"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--secret", default="")
    parser.add_argument("--api", default="http://127.0.0.1:9")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    asyncio.run(main(parser.parse_args()))
