"""The baselines: the least a server on the same stack can do for the same request.

`python -m bench.baselines KIND --port P` serves, until SIGTERM:

- `echo`: bare aiohttp answering a POSTed JSON body with itself (the HTTP + JSON floor);
- `aiogram`: aiogram's `SimpleRequestHandler` (secret check, Update parsing, dispatch) with one
  empty message handler (the framework floor of a webhook update);
- `redis`: bare aiohttp answering `GET /api/v1/users/{tgid}/recommendations` with one Redis
  GET of the cached entry (the floor of the cached read, without auth or SQL).

Each also answers `GET /readyz`, for the start-up baseline.
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


async def main(args: argparse.Namespace) -> None:
    if args.kind == "echo":
        app = echo_app()
    elif args.kind == "aiogram":
        app = aiogram_app(args.token, args.secret, args.api)
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
    parser.add_argument("kind", choices=["echo", "aiogram", "redis"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--secret", default="")
    parser.add_argument("--api", default="http://127.0.0.1:9")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    asyncio.run(main(parser.parse_args()))
