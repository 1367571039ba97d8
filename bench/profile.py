"""Profile the app: `python -m bench.profile ingest|reads|startup [SECONDS]`.

Starts the world as `python -m bench` does, drives the app at saturation with the same load
and records it with py-spy (`bench/.work/profile-<what>.svg`, a flame graph, and a `.txt` of
the hottest frames)."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import subprocess
import sys
import threading

from bench.benchmarks import reads
from bench.data import make_people
from bench.harness import SECRET, TOKEN, USER_BASE, WORK, World, free_port, wait_ready
from bench.load import Target, saturate

USERS = 200


async def startup(world: World) -> None:
    """py-spy runs the app from its start until /readyz first answers 200."""
    port = free_port()
    out = WORK / "profile-startup.txt"
    command = ["py-spy", "record", "-r", "250", "-f", "raw", "-o", str(out), "--"]
    command += [sys.executable, "-m", "lunchbot", "run"]
    child = world.spawn("app-profile-startup", command, port, world.app_env(port))
    seconds = await wait_ready(child)
    child.process.send_signal(signal.SIGINT)  # py-spy writes its file and stops the app
    await asyncio.to_thread(child.process.wait, 30)
    print(f"ready after {seconds:.2f} s; written {out}")


async def main(what: str, seconds: int) -> None:
    async with World(gemini_latency=0.3, users=USERS) as world:
        if what == "startup":
            await startup(world)
            return
        if what == "reads":
            await reads.prepare(world, USERS)
        else:  # as benchmark 1: everyone has written before, the everyday `/start`
            await world.reset_db()
            await make_people(USERS, 0, dt.date.today())
        app = await world.start_app(f"app-profile-{what}")
        kind, extra = ("recs", {"token": TOKEN}) if what == "reads" else ("webhook", {})
        target = Target(kind, app.url, USERS, USER_BASE, secret=SECRET, **extra)
        await asyncio.to_thread(saturate, target, connections=4, seconds=4)  # warm-up
        results: dict[str, object] = {}

        def load() -> None:
            results["load"] = saturate(target, connections=16, seconds=seconds + 2)

        thread = threading.Thread(target=load)
        thread.start()
        for fmt, suffix in (("speedscope", "json"), ("raw", "txt")):
            out = WORK / f"profile-{what}.{suffix}"
            command = ["py-spy", "record", "-p", str(app.pid), "-d", str(seconds // 2)]
            command += ["-r", "200", "-f", fmt, "-o", str(out)]
            await asyncio.to_thread(subprocess.run, command, check=True, capture_output=True)
            print(f"written {out}")
        await asyncio.to_thread(thread.join)
        print(f"load: {results['load'].rps:.0f} req/s")  # type: ignore[attr-defined]


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "ingest"
    asyncio.run(main(what, int(sys.argv[2]) if len(sys.argv) > 2 else 12))
