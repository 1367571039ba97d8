"""The Bot API and Gemini doubles in a process of their own, so that serving the app's calls
costs the benchmarked process nothing.

`python -m bench.doubles --telegram-port P --gemini-port Q --control-port C ...` prints one
line `ready` when all three listen. The control port answers `GET /calls` (calls by method)
and `POST /reset`, so the benchmark can check that every update got its reply.

For the reliability drill (bench/drill.py): `--groups N` makes N group chats (ids
`--groups-from` down), `--fault-429 P` / `--fault-5xx P` fail that share of sendMessage calls
at random (a 429 with retry_after 1, or a 500/502/503, before the message is stored), and the
control port also answers `GET /messages` (the bot's messages per chat, and the faults
injected).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import signal

from aiohttp import web

from sandbox.gemini import GeminiServer
from sandbox.telegram import BotAPIServer, Fault, RetryAfter, ServerError


def _random_faults(
    telegram: BotAPIServer, rate_429: float, rate_5xx: float, seed: int
) -> collections.Counter[str]:
    """Fail a random share of sendMessage calls; returns the live count of faults injected.
    Wraps the double's own fault lookup, so faults a caller injects still come first."""
    rng = random.Random(seed)
    injected: collections.Counter[str] = collections.Counter()
    take = telegram._take_fault

    def take_fault(method: str, params: dict) -> Fault | None:
        fault = take(method, params)
        if fault is None and method.lower() == "sendmessage":
            roll = rng.random()
            if roll < rate_429:
                fault = RetryAfter(1)
                injected["429"] += 1
            elif roll < rate_429 + rate_5xx:
                fault = ServerError(rng.choice((500, 502, 503)))
                injected["5xx"] += 1
        return fault

    telegram._take_fault = take_fault  # type: ignore[method-assign]
    return injected


def _control_app(
    telegram: BotAPIServer,
    gemini: GeminiServer,
    injected: collections.Counter[str] | None = None,
) -> web.Application:
    async def calls(_: web.Request) -> web.Response:
        counts = collections.Counter(call.method for call in telegram.calls)
        failed = collections.Counter(call.method for call in telegram.calls if not call.ok)
        return web.json_response(
            {"telegram": counts, "telegram_failed": failed, "gemini": len(gemini.calls)}
        )

    async def reset(_: web.Request) -> web.Response:
        # The double keeps every call and message: forget them between runs, keep the chats.
        telegram.calls.clear()
        telegram.state.messages.clear()
        gemini.reset()
        return web.json_response({"ok": True})

    async def messages(_: web.Request) -> web.Response:
        # Current state per chat (deletions gone), the bot's messages only: what a cafe sees.
        chats = list(telegram.state.messages)
        per_chat = {str(chat): len(telegram.messages(chat)) for chat in chats}
        # When each message of a chat with more than one was accepted (epoch seconds): the
        # drill lines them up with its kills.
        repeated = {int(chat) for chat, n in per_chat.items() if n > 1}
        accepted: dict[str, list[float]] = collections.defaultdict(list)
        for call in telegram.calls:
            if call.method == "sendMessage" and call.ok and call.params.get("chat_id") in repeated:
                accepted[str(call.params["chat_id"])].append(call.wall)
        return web.json_response(
            {"messages": per_chat, "accepted": accepted, "faults": dict(injected or {})}
        )

    app = web.Application()
    app.router.add_get("/calls", calls)
    app.router.add_get("/messages", messages)
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
    for number in range(args.groups):
        chat_id = args.groups_from - number
        telegram.add_chat({"id": chat_id, "type": "group", "title": f"Cafe chat {number + 1}"})
    injected = None
    if args.fault_429 or args.fault_5xx:
        injected = _random_faults(telegram, args.fault_429, args.fault_5xx, args.seed)
    runner = web.AppRunner(_control_app(telegram, gemini, injected), access_log=None)
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
    parser.add_argument("--groups", type=int, default=0)
    parser.add_argument("--groups-from", type=int, default=-100)
    parser.add_argument("--fault-429", type=float, default=0.0)
    parser.add_argument("--fault-5xx", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    asyncio.run(main(parser.parse_args()))
