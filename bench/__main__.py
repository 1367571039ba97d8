"""`python -m bench [--quick] [--only 1,2,...]`: every benchmark, side by side, in one run.

Writes bench/results.json, bench/results.md and bench/latency.png (a `--quick` run writes
them under bench/.work/ instead, so the committed results stay those of a full run).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import resource
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.benchmarks import batch, fanout, ingest, reads, startup, stats
from bench.benchmarks import cli as commands
from bench.benchmarks.http import Load
from bench.harness import ROOT, TIMEZONE, WORK, World
from bench.load import ensure_wrk
from bench.results import Results, load_json, write_chart, write_json, write_markdown
from core.logging import configure_logging

CLOSING = ROOT / "bench" / "closing.md"  # the hand-written closing note, appended to results.md


@dataclass(frozen=True)
class Size:
    users: int  # people the HTTP loads act as
    ingest: Load
    reads: Load
    stats_users: int
    stats_sample: int
    batch_users: int
    startups: int
    fanout_cafes: int
    cli_repeats: int


FULL = Size(
    users=1000,
    # The fixed rates sit below what the app sustains on this machine (so the figure is the
    # latency of a working server, not of a growing queue), the same for every server.
    ingest=Load(rate=30, rate_seconds=20, connections=16, saturation_seconds=20, warmup_seconds=6),
    reads=Load(rate=100, rate_seconds=20, connections=16, saturation_seconds=20, warmup_seconds=6),
    stats_users=10_000,
    stats_sample=300,
    batch_users=200,
    startups=5,
    fanout_cafes=1000,
    cli_repeats=3,
)
QUICK = Size(
    users=200,
    ingest=Load(rate=30, rate_seconds=4, connections=16, saturation_seconds=4, warmup_seconds=2),
    reads=Load(rate=100, rate_seconds=4, connections=16, saturation_seconds=4, warmup_seconds=2),
    stats_users=500,
    stats_sample=40,
    batch_users=24,
    startups=2,
    fanout_cafes=60,
    cli_repeats=1,
)


# 3, 4 and 5 run the app's services inside this process (the app itself, not a child).
IN_PROCESS = {3: "3 deadline fan-out", 4: "4 statistics", 5: "5 recommendations batch"}


def _rss_note(results: Results, number: int) -> None:
    if number in IN_PROCESS:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.note(
            IN_PROCESS[number],
            f"peak RSS of the benchmark process hosting the app's services, so far: {peak:.0f} MiB",
        )


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} × {model}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


async def main(args: argparse.Namespace) -> Results:
    size = QUICK if args.quick else FULL
    only = {int(n) for n in args.only.split(",")} if args.only else {1, 2, 3, 4, 5, 6, 7}
    results = Results()
    started = time.perf_counter()
    results.meta = {
        "command": "make bench" + (" ARGS=--quick" if args.quick else ""),
        "argv": shlex.join(["python", "-m", "bench", *sys.argv[1:]]),
        "machine": _machine(),
        "uptime_before": _uptime(),
        "wrk": ensure_wrk() or "missing: the aiohttp generator stood in",
        "sizes": (
            f"{size.users} people for HTTP loads; webhook {size.ingest.rate:g}/s and reads "
            f"{size.reads.rate:g}/s for {size.ingest.rate_seconds:g} s at fixed rate, "
            f"{size.ingest.connections} connections for {size.ingest.saturation_seconds:g} s at "
            "saturation; statistics "
            f"{size.stats_users:,} people × 30 days (naive loop on {size.stats_sample}); "
            f"batch {size.batch_users} people; {size.startups} start-ups each; "
            f"fan-out {size.fanout_cafes:,} cafes; {size.cli_repeats} runs of each CLI command"
        ),
        "benchmarks": sorted(only),
    }
    async with World(gemini_latency=0.3, users=size.users) as world:
        plan = [
            (1, "webhook ingest", lambda: ingest.run(world, results, size.ingest, size.users)),
            (2, "recommendations read", lambda: reads.run(world, results, size.reads, size.users)),
            (
                4,
                "statistics",
                lambda: stats.run(
                    world, results, size.stats_users, size.stats_sample, ZoneInfo(TIMEZONE)
                ),
            ),
            (
                5,
                "recommendations batch",
                lambda: batch.run(world, results, size.batch_users, [4, 16]),
            ),
            (6, "start-up", lambda: startup.run(world, results, size.startups)),
        ]
        for number, title, job in plan:
            if number in only:
                print(f"bench {number}: {title}", flush=True)
                began = time.perf_counter()
                await job()
                _rss_note(results, number)
                print(f"bench {number}: {time.perf_counter() - began:.0f} s", flush=True)
    if 3 in only:
        # A world of its own (group chats in the doubles), after the shared one is gone: each
        # world owns the process's database connection.
        print("bench 3: deadline fan-out", flush=True)
        began = time.perf_counter()
        await fanout.run(results, size.fanout_cafes)
        _rss_note(results, 3)
        print(f"bench 3: {time.perf_counter() - began:.0f} s", flush=True)
    if 7 in only:
        print("bench 7: CLI commands", flush=True)  # a world of its own too (a group chat)
        began = time.perf_counter()
        await commands.run(results, size.cli_repeats)
        print(f"bench 7: {time.perf_counter() - began:.0f} s", flush=True)
    results.meta["uptime_after"] = _uptime()
    results.meta["wall_seconds"] = round(time.perf_counter() - started, 1)
    results.meta["finished"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return results


def cli() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke-sized run (about a minute)")
    parser.add_argument("--only", help="comma-separated benchmark numbers, e.g. 1,2")
    parser.add_argument("--out", type=Path, help="folder for the results (default: bench/)")
    parser.add_argument(
        "--render",
        action="store_true",
        help="only write results.md and latency.png again from results.json (and closing.md)",
    )
    args = parser.parse_args()
    out = args.out or (WORK if args.quick else ROOT / "bench")
    out.mkdir(parents=True, exist_ok=True)
    if args.render:
        results = load_json(out / "results.json")
        write_chart(results, out / "latency.png")
        write_markdown(results, out / "results.md", CLOSING.read_text() if CLOSING.exists() else "")
        print(f"written: {out / 'results.md'}, {out / 'latency.png'}")
        return
    # The benchmarks that run the app's services in this process log like the app, quietly.
    configure_logging("WARNING", "console", [])
    results = asyncio.run(main(args))
    write_json(results, out / "results.json")
    write_chart(results, out / "latency.png")
    closing = CLOSING.read_text() if CLOSING.exists() else ""
    write_markdown(results, out / "results.md", closing)
    print(f"written: {out / 'results.md'}, {out / 'results.json'}, {out / 'latency.png'}")


if __name__ == "__main__":
    cli()
