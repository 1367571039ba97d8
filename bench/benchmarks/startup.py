"""6. Start-up: from spawning `lunchbot run` to its first `/readyz` 200 (database connected
and migrated, Redis reachable, web server listening), against a bare aiohttp process
answering its first request."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time

from bench.harness import Child, World, wait_ready
from bench.results import Figure, Results

NAME = "6 start-up"


async def _timed(world: World, spawn) -> float:
    started = time.perf_counter()
    child: Child = spawn()
    try:
        await wait_ready(child)
        return time.perf_counter() - started
    finally:
        world.release(child)


async def run(world: World, results: Results, repeats: int) -> None:
    ours = [await _timed(world, lambda: world.spawn_app("app-startup")) for _ in range(repeats)]
    bare = [await _timed(world, lambda: world.spawn_baseline("echo")) for _ in range(repeats)]
    started = time.perf_counter()
    await asyncio.to_thread(subprocess.run, [sys.executable, "-c", "pass"], check=True)
    interpreter = time.perf_counter() - started
    results.note(
        NAME,
        f"{repeats} starts each; app {', '.join(f'{s:.2f}' for s in ours)} s; bare aiohttp "
        f"{', '.join(f'{s:.2f}' for s in bare)} s; the interpreter alone {interpreter:.2f} s",
    )
    results.add(
        Figure(NAME, "process start → /readyz 200 (median)", statistics.median(ours), "s",
               "bare aiohttp process", statistics.median(bare), False),
    )  # fmt: skip
