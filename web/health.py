"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web
from tortoise import Tortoise

from web.keys import BUS, METRICS, REDIS, SETTINGS

CHECK_TIMEOUT = 3.0


async def healthz(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _check(probe: Callable[[], Awaitable[object]]) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            await probe()
    except TimeoutError:
        return "error: timed out"
    except Exception as error:
        return f"error: {type(error).__name__}: {error}"
    return "ok"


async def _database() -> None:
    await Tortoise.get_connection("default").execute_query("SELECT 1")


async def readyz(request: web.Request) -> web.Response:
    bus = request.app[BUS]
    probes: dict[str, Callable[[], Awaitable[object]]] = {
        "database": _database,
        "redis": request.app[REDIS].ping,
    }
    if request.app[SETTINGS].kafka.enabled:
        probes["kafka"] = bus.check
    results = await asyncio.gather(*(_check(p) for p in probes.values()))
    checks = dict(zip(probes, results, strict=True))
    down = bus.consumers_down()
    if down:
        # A consumer task died and waits to be restarted: events are not being handled.
        checks["consumers"] = "error: down: " + "; ".join(
            f"{name} ({reason})" for name, reason in sorted(down.items())
        )
    ok = all(result == "ok" for result in checks.values())
    return web.json_response(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


async def metrics_view(request: web.Request) -> web.Response:
    body, content_type = request.app[METRICS].render()
    response = web.Response(body=body)
    response.headers["Content-Type"] = content_type
    return response
