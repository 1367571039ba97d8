"""6. Start-up: from spawning `lunchbot run` to its first `/readyz` 200 (database connected
and migrated, Redis reachable, web server listening), against a bare aiogram + aiohttp webhook
process (aiogram imported, a Dispatcher and a Bot made, the webhook route registered) and a
bare aiohttp process answering their first request; and the app's resident memory then."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time

from bench.harness import Child, World, wait_ready
from bench.results import Figure, Results

NAME = "6 start-up"


async def _timed(world: World, spawn, rss: list[float] | None = None) -> float:
    started = time.perf_counter()
    child: Child = spawn()
    try:
        await wait_ready(child)
        elapsed = time.perf_counter() - started
        if rss is not None:
            rss.append(child.peak_rss_mb())
        return elapsed
    finally:
        world.release(child)


async def run(world: World, results: Results, repeats: int) -> None:
    ours: list[float] = []
    aiogram: list[float] = []
    bare: list[float] = []
    rss: list[float] = []
    aiogram_rss: list[float] = []
    # Interleaved, so the machine's other load falls on each alike.
    for _ in range(repeats):
        ours.append(await _timed(world, lambda: world.spawn_app("app-startup"), rss))
        aiogram.append(await _timed(world, lambda: world.spawn_baseline("aiogram"), aiogram_rss))
        bare.append(await _timed(world, lambda: world.spawn_baseline("echo")))
    started = time.perf_counter()
    await asyncio.to_thread(subprocess.run, [sys.executable, "-c", "pass"], check=True)
    interpreter = time.perf_counter() - started
    results.note(
        NAME,
        f"{repeats} starts each; app {', '.join(f'{s:.2f}' for s in ours)} s; bare aiogram "
        f"webhook {', '.join(f'{s:.2f}' for s in aiogram)} s; bare aiohttp "
        f"{', '.join(f'{s:.2f}' for s in bare)} s; the interpreter alone {interpreter:.2f} s",
    )
    results.add(
        Figure(NAME, "process start → /readyz 200 (median)", statistics.median(ours), "s",
               "bare aiogram + aiohttp webhook process", statistics.median(aiogram), False),
        Figure(NAME, "process start → /readyz 200 (median)", statistics.median(ours), "s",
               "bare aiohttp process", statistics.median(bare), False),
        Figure(NAME, "resident memory when ready (median)", statistics.median(rss), "MiB",
               "bare aiogram + aiohttp webhook process", statistics.median(aiogram_rss), False),
    )  # fmt: skip
