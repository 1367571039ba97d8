"""The world a benchmark run needs, made for the run and taken down after it: a fresh
PostgreSQL database, a Redis database index leased the way the tests lease theirs, the
doubles in their own process, and the app (`lunchbot run`) or a baseline as child processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import aiohttp
import asyncpg
from redis.asyncio import Redis
from tortoise import Tortoise

from db import apply_migrations, close_db, init_db

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"  # logs of the child processes (git-ignored)
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
TOKEN = "7000001:BENCH-token-for-the-double-0000000000"
SECRET = "bench-webhook-secret-of-32-characters-at-least"
USER_BASE = 500_000  # tgids of the people the load generators act as
TIMEZONE = "Europe/Moscow"
# Settings the children must not inherit from the developer's shell (or from Tortoise, which
# writes TIMEZONE=UTC into this process's environment).
_OURS = {"DATABASE", "REDIS", "KAFKA", "TELEGRAM", "WEBHOOK", "WEB", "GEMINI", "LOG"}
_OURS_EXACT = {"ADMIN_IDS", "MINI_APP_URL", "TIMEZONE", "INIT_DATA_MAX_AGE"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**settings: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name.split("_")[0] not in _OURS and name not in _OURS_EXACT
    }
    env.update(settings)
    return env


@dataclass
class Child:
    """A child process and where it listens."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the process has used so far: what a request costs it,
        whatever else the machine is doing at the time."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """The most memory the process has held resident so far (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self, timeout: float = 15.0) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


async def wait_ready(child: Child, path: str = "/readyz", timeout: float = 60.0) -> float:
    """Seconds until `path` answered 200 (polled every 5 ms); fails if the child died."""
    started = time.perf_counter()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
        while True:
            if child.process.poll() is not None:
                tail = child.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{child.name} exited with {child.process.returncode}:\n{tail}")
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with http.get(child.url + path) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{child.name} not ready after {timeout:.0f} s")
            await asyncio.sleep(0.005)


class World:
    def __init__(self, *, gemini_latency: float, users: int) -> None:
        self.gemini_latency = gemini_latency
        self.users = users
        self.database_url = f"{PG}/lunchbot_bench_{os.getpid()}_{secrets.token_hex(3)}"
        self.redis_url = ""
        self._lease_key = ""
        self._children: list[Child] = []
        self.doubles: Child | None = None
        self.telegram_url = self.gemini_url = self.control_url = ""
        WORK.mkdir(parents=True, exist_ok=True)

    async def __aenter__(self) -> Self:
        await init_db(self.database_url)  # creates the database
        await apply_migrations(self.database_url)
        await self._lease_redis()
        await self._start_doubles()
        return self

    async def __aexit__(self, *_: object) -> None:
        for child in reversed(self._children):
            child.stop()
        await close_db()
        conn = await asyncpg.connect(f"{PG}/postgres")
        try:
            name = self.database_url.rsplit("/", 1)[1]
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()
        if self._lease_key:
            lease = Redis.from_url(f"{REDIS}/0")
            await lease.delete(self._lease_key)
            await lease.aclose()

    async def _lease_redis(self) -> None:
        """Claim a free Redis index with the tests' own lease, so a run never shares one."""
        lease = Redis.from_url(f"{REDIS}/0")
        owner = f"bench:{os.getpid()}"
        try:
            for index in range(15, 0, -1):
                key = f"lunchbot:test-lease:{index}"
                if await lease.set(key, owner, nx=True, ex=3 * 3600):
                    self._lease_key, self.redis_url = key, f"{REDIS}/{index}"
                    break
            else:
                raise RuntimeError("no free Redis database index")
        finally:
            await lease.aclose()
        await self.flush_redis()

    async def flush_redis(self) -> None:
        redis = Redis.from_url(self.redis_url)
        await redis.flushdb()
        await redis.aclose()

    async def _start_doubles(self) -> None:
        telegram, gemini, control = free_port(), free_port(), free_port()
        command = [sys.executable, "-m", "bench.doubles", f"--token={TOKEN}"]
        command += [f"--telegram-port={telegram}", f"--gemini-port={gemini}"]
        command += [f"--control-port={control}", f"--gemini-latency={self.gemini_latency}"]
        command += [f"--users-from={USER_BASE}", f"--users={self.users}"]
        self.doubles = self.spawn("doubles", command, control)
        self.telegram_url = f"http://127.0.0.1:{telegram}"
        self.gemini_url = f"http://127.0.0.1:{gemini}"
        self.control_url = f"http://127.0.0.1:{control}"
        await wait_ready(self.doubles, "/calls")

    def spawn(
        self,
        name: str,
        command: list[str],
        port: int,
        env: dict[str, str] | None = None,
        tree: Path = ROOT,
    ) -> Child:
        """`tree`: the source tree the child imports our code from (this one, or another
        commit's for an A/B)."""
        log = WORK / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=WORK,  # no .env of the developer's is read
                env={**(env or clean_env()), "PYTHONPATH": str(tree)},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        child = Child(name, process, port, log)
        self._children.append(child)
        return child

    def release(self, child: Child) -> None:
        child.stop()
        self._children.remove(child)

    # ---- the app and the baselines ---------------------------------------------------

    def app_env(self, port: int, **extra: str) -> dict[str, str]:
        return clean_env(
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_SERVER=self.telegram_url,
            TELEGRAM_MODE="webhook",
            WEBHOOK_BASE_URL=f"http://127.0.0.1:{port}",
            WEBHOOK_SECRET=SECRET,
            WEB_HOST="127.0.0.1",
            WEB_PORT=str(port),
            TIMEZONE=TIMEZONE,
            GEMINI_BASE_URL=self.gemini_url,
            LOG_LEVEL="INFO",  # what production runs with
            LOG_FORMAT="json",
            **extra,
        )

    def spawn_app(self, name: str = "app", **extra: str) -> Child:
        """`lunchbot run` (as `python -m lunchbot run`), not yet waited for."""
        port = free_port()
        command = [sys.executable, "-m", "lunchbot", "run"]
        return self.spawn(name, command, port, self.app_env(port, **extra))

    async def start_app(self, name: str = "app", **extra: str) -> Child:
        await self.reset_doubles()  # so the setWebhook waited for is this app's
        app = self.spawn_app(name, **extra)
        await wait_ready(app)
        await self.wait_webhook()
        return app

    def spawn_baseline(self, kind: str) -> Child:
        port = free_port()
        command = [sys.executable, "-m", "bench.baselines", kind, f"--port={port}"]
        command += [f"--token={TOKEN}", f"--secret={SECRET}", f"--api={self.telegram_url}"]
        command += [f"--redis-url={self.redis_url}", f"--database-url={self.database_url}"]
        return self.spawn(f"baseline-{kind}", command, port)

    async def start_baseline(self, kind: str) -> Child:
        child = self.spawn_baseline(kind)
        await wait_ready(child)
        return child

    # ---- the doubles' record ---------------------------------------------------------

    async def calls(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.get(self.control_url + "/calls") as r:
            return await r.json()

    async def reset_doubles(self) -> None:
        async with aiohttp.ClientSession() as http, http.post(self.control_url + "/reset") as r:
            r.raise_for_status()

    async def wait_webhook(self, timeout: float = 30.0) -> None:
        """The app set its webhook (so its start-up calls are over before we measure)."""
        deadline = time.monotonic() + timeout
        while (await self.calls())["telegram"].get("setWebhook", 0) == 0:
            if time.monotonic() > deadline:
                raise TimeoutError("the app never set its webhook")
            await asyncio.sleep(0.05)

    # ---- the database ----------------------------------------------------------------

    async def reset_db(self) -> None:
        conn = Tortoise.get_connection("default")
        tables = [
            row["tablename"]
            for row in await conn.execute_query_dict(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'aerich'"
            )
        ]
        await conn.execute_script(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )
