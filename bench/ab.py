"""A/B the webhook ingest of two source trees: `python -m bench.ab OTHER_TREE [ROUNDS]`.

The app from OTHER_TREE (e.g. a `git archive` of the commit before a change) and from this
tree are started in turn, ROUNDS times each, interleaved so the machine's other load falls on
both alike; each round warms up, sends `/start` at a fixed 30/s for 20 s (open loop, as
benchmark 1 does: a stalled loop shows in the p99), then saturates the webhook with wrk and
reports the p99 at that rate, req/s and the app's CPU per update."""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
from pathlib import Path

from bench.data import make_people
from bench.harness import ROOT, SECRET, USER_BASE, World, free_port, wait_ready
from bench.load import Target, fixed_rate, saturate

USERS = 1000
RATE, RATE_SECONDS = 30.0, 20.0  # benchmark 1's fixed rate


async def main(other: Path, rounds: int) -> None:
    async with World(gemini_latency=0.3, users=USERS) as world:
        await world.reset_db()
        await make_people(USERS, 0, dt.date.today())
        found: dict[str, list[tuple[float, float, float]]] = {"before": [], "after": []}
        for _ in range(rounds):
            for name, tree in (("before", other), ("after", ROOT)):
                await world.reset_doubles()
                port = free_port()
                command = [sys.executable, "-m", "lunchbot", "run"]
                child = world.spawn(f"app-ab-{name}", command, port, world.app_env(port), tree)
                await wait_ready(child, timeout=180)  # a loaded machine starts slowly
                await world.wait_webhook()
                target = Target("webhook", child.url, USERS, USER_BASE, secret=SECRET)
                await asyncio.to_thread(saturate, target, connections=4, seconds=6)
                rate = await asyncio.to_thread(fixed_rate, target, rate=RATE, seconds=RATE_SECONDS)
                cpu = child.cpu_seconds()
                run = await asyncio.to_thread(saturate, target, connections=16, seconds=15)
                per = (child.cpu_seconds() - cpu) * 1000 / max(run.requests, 1)
                world.release(child)
                p99 = rate.p(99)
                found[name].append((run.rps, per, p99))
                print(
                    f"{name}: {run.rps:.1f} req/s, {per:.2f} ms CPU/update, p99 at {RATE:g}/s "
                    f"{p99:.1f} ms (p99.9 {rate.p(99.9):.1f})",
                    flush=True,
                )
        for name, runs in found.items():
            rps = statistics.median(r for r, _, _ in runs)
            cpu = statistics.median(c for _, c, _ in runs)
            p99 = statistics.median(p for _, _, p in runs)
            print(
                f"{name}: median {rps:.1f} req/s, {cpu:.2f} ms CPU/update, "
                f"p99 at {RATE:g}/s {p99:.1f} ms"
            )


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2))
