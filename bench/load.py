"""Load generators, each in a process of its own (never in the process measured).

- `saturate()`: `wrk` (Debian's; installed by `ensure_wrk()` when missing) with a generated
  Lua script, N connections as fast as the server answers. Without wrk, the aiohttp generator
  below in closed-loop mode stands in.
- `fixed_rate()`: `python -m bench.load` in open-loop mode: request i is due at t0 + i/rate
  whatever happened to the earlier ones, and its latency counts from when it was due, so a
  stalled server shows up in the tail (no coordinated omission).

Both send the same requests: `webhook` (a `/start` Update from one of `users` people, each
update with its own id) or `recs` (a person's recommendations with their own signed initData).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PERCENTILES = (1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9)


@dataclass
class Target:
    kind: str  # "webhook" or "recs"
    url: str  # the server's base, e.g. http://127.0.0.1:8081
    users: int
    user_base: int
    secret: str = ""
    token: str = ""  # signs initData for "recs"

    def args(self) -> list[str]:
        return [
            f"--kind={self.kind}",
            f"--url={self.url}",
            f"--users={self.users}",
            f"--user-base={self.user_base}",
            f"--secret={self.secret}",
            f"--token={self.token}",
        ]


@dataclass
class LoadResult:
    mode: str  # "rate" or "saturation"
    tool: str
    requests: int
    seconds: float
    errors: dict[str, int]
    percentiles_ms: dict[str, float]
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def p(self, q: float) -> float:
        return self.percentiles_ms[_key(q)]


def _key(q: float) -> str:
    return f"{q:g}"


def update_body(update_id: int, tgid: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": tgid, "type": "private", "first_name": f"U{tgid}"},
            "from": {"id": tgid, "is_bot": False, "first_name": f"U{tgid}", "language_code": "ru"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def init_data(token: str, tgid: int) -> str:
    from web.auth import sign_init_data

    return sign_init_data(token, {"id": tgid, "first_name": f"U{tgid}", "language_code": "ru"})


# ---- wrk ---------------------------------------------------------------------------------


def ensure_wrk() -> str | None:
    """wrk's path; installs Debian's package when missing and we may (root)."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("bench: installing wrk (apt-get install -y wrk)", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, check=False)
    return shutil.which("wrk")


_LUA_DONE = """
function done(summary, latency, requests)
  local p = {}
  for _, q in ipairs({%(percentiles)s}) do
    p[#p + 1] = string.format('"%%g": %%.4f', q, latency:percentile(q) / 1000)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "seconds": %%.4f, "errors": {"connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d}, "percentiles_ms": {%%s}}\\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status,
    e.timeout, table.concat(p, ", ")))
end
"""


def _lua(target: Target) -> str:
    done = _LUA_DONE % {"percentiles": ", ".join(f"{q:g}" for q in PERCENTILES)}
    if target.kind == "webhook":
        sample = json.dumps(update_body(0, 0), separators=(",", ":"))
        template = (
            sample.replace('"update_id":0', '"update_id":%d')
            .replace('"message_id":0', '"message_id":%d')
            .replace('"id":0', '"id":%d')
            .replace('"first_name":"U0"', '"first_name":"U%d"')
        )
        return f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = {json.dumps(target.secret)}
local template = {json.dumps(template)}
local n = 0
request = function()
  n = n + 1
  local u = {target.user_base} + n % {target.users}
  local id = 1000000 + n
  return wrk.format(nil, "/telegram/webhook", nil, string.format(template, id, id, u, u, u, u))
end
{done}"""
    rows = ",\n".join(
        f"{{{json.dumps(f'/api/v1/users/{tgid}/recommendations')}, "
        f"{json.dumps('tma ' + init_data(target.token, tgid))}}}"
        for tgid in range(target.user_base, target.user_base + target.users)
    )
    return f"""
local rows = {{
{rows}
}}
local n = 0
request = function()
  n = n + 1
  local row = rows[n % #rows + 1]
  return wrk.format("GET", row[1], {{["Authorization"] = row[2]}}, nil)
end
{done}"""


def saturate(target: Target, *, connections: int, seconds: float) -> LoadResult:
    wrk = ensure_wrk()
    if wrk is None:
        return _run_generator(target, ["--concurrency", str(connections)], seconds, "saturation")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(target))
    try:
        command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
        command += ["--timeout", "10s", "-s", script.name, target.url]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        Path(script.name).unlink()
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    return LoadResult(
        "saturation",
        f"wrk -t1 -c{connections}",
        data["requests"],
        data["seconds"],
        data["errors"],
        data["percentiles_ms"],
    )


def fixed_rate(target: Target, *, rate: float, seconds: float) -> LoadResult:
    return _run_generator(target, ["--rate", str(rate)], seconds, "rate")


def _run_generator(target: Target, mode: list[str], seconds: float, name: str) -> LoadResult:
    command = [sys.executable, "-m", "bench.load", *target.args(), *mode, f"--seconds={seconds}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    tool = "aiohttp generator, " + (
        f"{mode[1]}/s open loop" if mode[0] == "--rate" else f"{mode[1]} connections"
    )
    return LoadResult(
        name,
        tool,
        data["requests"],
        data["seconds"],
        data["errors"],
        data["percentiles_ms"],
        data["statuses"],
    )


# ---- the aiohttp generator (this module as a program) ------------------------------------


async def _generate(args: argparse.Namespace) -> dict[str, Any]:
    import aiohttp

    base = args.user_base
    if args.kind == "recs":
        auth = {t: "tma " + init_data(args.token, t) for t in range(base, base + args.users)}
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    limit = args.concurrency or 512
    connector = aiohttp.TCPConnector(limit=limit)
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:

        async def one(n: int, due: float) -> None:
            tgid = base + n % args.users
            try:
                if args.kind == "webhook":
                    headers = {"X-Telegram-Bot-Api-Secret-Token": args.secret}
                    body = update_body(2_000_000 + n, tgid)
                    request = http.post(f"{args.url}/telegram/webhook", json=body, headers=headers)
                else:
                    path = f"{args.url}/api/v1/users/{tgid}/recommendations"
                    request = http.get(path, headers={"Authorization": auth[tgid]})
                async with request as response:
                    await response.read()
                    statuses[str(response.status)] += 1
                    if response.status >= 400:
                        errors["status"] += 1
            except TimeoutError:
                errors["timeout"] += 1
            except aiohttp.ClientError:
                errors["connect"] += 1
            latencies.append((time.perf_counter() - due) * 1000)

        started = time.perf_counter()
        if args.rate:
            total = int(args.rate * args.seconds)
            tasks = []
            for n in range(total):
                due = started + n / args.rate
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(one(n, due)))
            await asyncio.gather(*tasks)
        else:
            counter = iter(range(10**9))
            stop_at = started + args.seconds

            async def worker() -> None:
                while time.perf_counter() < stop_at:
                    await one(next(counter), time.perf_counter())

            await asyncio.gather(*(worker() for _ in range(args.concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "errors": dict(errors),
        "statuses": dict(statuses),
        "percentiles_ms": {_key(q): _percentile(latencies, q) for q in PERCENTILES},
    }


def _percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=["webhook", "recs"], required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--user-base", type=int, required=True)
    parser.add_argument("--secret", default="")
    parser.add_argument("--token", default="")
    parser.add_argument("--rate", type=float, default=0.0)
    parser.add_argument("--concurrency", type=int, default=0)
    parser.add_argument("--seconds", type=float, required=True)
    print(json.dumps(asyncio.run(_generate(parser.parse_args()))))
