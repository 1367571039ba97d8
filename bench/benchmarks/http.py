"""What benchmarks 1 and 2 share: the same load, at a fixed rate and at saturation, against
the app and against each baseline, one server at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench.harness import Child
from bench.load import LoadResult, Target, fixed_rate, saturate
from bench.results import Distribution, Figure, Results


@dataclass
class Server:
    name: str  # "app", "bare aiogram", …
    start: Callable[[], Awaitable[Child]]
    check: Callable[[LoadResult], Awaitable[str | None]] | None = None  # a note on the replies
    reset: Callable[[], Awaitable[None]] | None = None  # before the measured runs


@dataclass
class Load:
    rate: float
    rate_seconds: float
    connections: int
    saturation_seconds: float
    warmup_seconds: float


async def measure(
    benchmark: str,
    target: Callable[[Child], Target],
    servers: list[Server],
    load: Load,
    results: Results,
    stop: Callable[[Child], None],
) -> dict[str, tuple[LoadResult, LoadResult, float]]:
    measured: dict[str, tuple[LoadResult, LoadResult, float]] = {}
    rss: dict[str, tuple[float, float]] = {}  # (after the warm-up, peak over both loads)
    for server in servers:
        child = await server.start()
        try:
            aim = target(child)
            # Warm-up: every person has been seen once (their row exists), caches are hot.
            await asyncio.to_thread(saturate, aim, connections=4, seconds=load.warmup_seconds)
            warm = child.peak_rss_mb()
            if server.reset is not None:
                await server.reset()
            rate = await asyncio.to_thread(
                fixed_rate, aim, rate=load.rate, seconds=load.rate_seconds
            )
            if server.check is not None and (note := await server.check(rate)):
                results.note(benchmark, f"{server.name}: {note}")
            cpu = child.cpu_seconds()
            sat = await asyncio.to_thread(
                saturate, aim, connections=load.connections, seconds=load.saturation_seconds
            )
            cpu_ms = (child.cpu_seconds() - cpu) * 1000 / max(sat.requests, 1)
            rss[server.name] = (warm, child.peak_rss_mb())
        finally:
            stop(child)
        for run in (rate, sat):
            if run.failed:
                results.note(
                    benchmark,
                    f"{server.name}, {run.tool}: {run.failed} of {run.requests} failed "
                    f"({run.errors})",
                )
        results.distributions.append(
            Distribution(benchmark, f"{server.name} @ {load.rate:g}/s", "rate", rate.percentiles_ms)
        )
        results.distributions.append(
            Distribution(
                benchmark,
                f"{server.name}, {load.connections} conns ({sat.rps:,.0f}/s)",
                "saturation",
                sat.percentiles_ms,
            )
        )
        measured[server.name] = (rate, sat, cpu_ms)
    ours_rate, ours_sat, ours_cpu = measured[servers[0].name]
    for baseline in servers[1:]:
        base_rate, base_sat, base_cpu = measured[baseline.name]
        results.add(
            Figure(benchmark, "throughput at saturation", ours_sat.rps, "req/s",
                   baseline.name, base_sat.rps, True, ours_sat.tool),
            Figure(benchmark, "server CPU per request", ours_cpu, "ms",
                   baseline.name, base_cpu, False, "user + system time of the server process"),
            Figure(benchmark, "p50 at saturation", ours_sat.p(50), "ms",
                   baseline.name, base_sat.p(50), False),
            Figure(benchmark, "p99 at saturation", ours_sat.p(99), "ms",
                   baseline.name, base_sat.p(99), False),
            Figure(benchmark, f"p50 at {load.rate:g}/s", ours_rate.p(50), "ms",
                   baseline.name, base_rate.p(50), False, ours_rate.tool),
            Figure(benchmark, f"p99 at {load.rate:g}/s", ours_rate.p(99), "ms",
                   baseline.name, base_rate.p(99), False),
            Figure(benchmark, "peak RSS under load", rss[servers[0].name][1], "MiB",
                   baseline.name, rss[baseline.name][1], False, "VmHWM of the server process"),
        )  # fmt: skip
    for name, (rate, _, _) in measured.items():
        achieved = rate.requests / rate.seconds
        warm, peak = rss[name]
        results.note(
            benchmark,
            f"{name}: fixed-rate run sent {rate.requests} at {achieved:.1f}/s; resident memory "
            f"{warm:.0f} MiB after the warm-up, peak {peak:.0f} MiB under both loads",
        )
    return measured
