"""A/B the webhook ingest of two source trees: `python -m bench.ab OTHER_TREE [ROUNDS]`.

The app from OTHER_TREE (e.g. a `git archive` of the commit before a change) and from this
tree are started in turn, ROUNDS times each, interleaved so the machine's other load falls on
both alike; each round warms up, then saturates the webhook with wrk and reports req/s and
the app's CPU per update."""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
from pathlib import Path

from bench.data import make_people
from bench.harness import ROOT, SECRET, USER_BASE, World, free_port, wait_ready
from bench.load import Target, saturate

USERS = 1000


async def main(other: Path, rounds: int) -> None:
    async with World(gemini_latency=0.3, users=USERS) as world:
        await world.reset_db()
        await make_people(USERS, 0, dt.date.today())
        found: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
        for _ in range(rounds):
            for name, tree in (("before", other), ("after", ROOT)):
                await world.reset_doubles()
                port = free_port()
                command = [sys.executable, "-m", "lunchbot", "run"]
                child = world.spawn(f"app-ab-{name}", command, port, world.app_env(port), tree)
                await wait_ready(child)
                await world.wait_webhook()
                target = Target("webhook", child.url, USERS, USER_BASE, secret=SECRET)
                await asyncio.to_thread(saturate, target, connections=4, seconds=6)
                cpu = child.cpu_seconds()
                run = await asyncio.to_thread(saturate, target, connections=16, seconds=15)
                per = (child.cpu_seconds() - cpu) * 1000 / max(run.requests, 1)
                world.release(child)
                found[name].append((run.rps, per))
                print(f"{name}: {run.rps:.1f} req/s, {per:.2f} ms CPU/update", flush=True)
        for name, runs in found.items():
            rps = statistics.median(r for r, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(f"{name}: median {rps:.1f} req/s, {cpu:.2f} ms CPU/update")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2))
