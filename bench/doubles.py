"""The Bot API and Gemini doubles in a process of their own, so that serving the app's calls
costs the benchmarked process nothing.

`python -m bench.doubles --telegram-port P --gemini-port Q --control-port C ...` prints one
line `ready` when all three listen. The control port answers `GET /calls` (calls by method)
and `POST /reset`, so the benchmark can check that every update got its reply.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import signal

from aiohttp import web

from sandbox.gemini import GeminiServer
from sandbox.telegram import BotAPIServer


def _control_app(telegram: BotAPIServer, gemini: GeminiServer) -> web.Application:
    async def calls(_: web.Request) -> web.Response:
        counts = collections.Counter(call.method for call in telegram.calls)
        failed = collections.Counter(call.method for call in telegram.calls if not call.ok)
        return web.json_response(
            {"telegram": counts, "telegram_failed": failed, "gemini": len(gemini.calls)}
        )

    async def reset(_: web.Request) -> web.Response:
        # The double keeps every call and message: forget them between runs, keep the chats.
        telegram.calls.clear()
        telegram._messages.clear()
        gemini.reset()
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_get("/calls", calls)
    app.router.add_post("/reset", reset)
    return app


async def main(args: argparse.Namespace) -> None:
    telegram = BotAPIServer(args.token, port=args.telegram_port)
    gemini = GeminiServer(port=args.gemini_port, latency=args.gemini_latency)
    await telegram.start()
    await gemini.start()
    for tgid in range(args.users_from, args.users_from + args.users):
        chat = {"id": tgid, "type": "private", "first_name": f"U{tgid}"}
        telegram.add_chat(chat, started=True)
    runner = web.AppRunner(_control_app(telegram, gemini), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", args.control_port).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    await stop.wait()
    await runner.cleanup()
    await gemini.stop()
    await telegram.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--telegram-port", type=int, required=True)
    parser.add_argument("--gemini-port", type=int, required=True)
    parser.add_argument("--control-port", type=int, required=True)
    parser.add_argument("--gemini-latency", type=float, default=0.3)
    parser.add_argument("--users-from", type=int, default=0)
    parser.add_argument("--users", type=int, default=0)
    asyncio.run(main(parser.parse_args()))
