"""The test harness: every test talks to real services.

- PostgreSQL: one fresh database per session, built by the committed migrations, dropped at
  the end; every table is emptied before each test.
- Redis: a database index claimed for this session (so parallel sessions do not collide),
  flushed before each test.
- Kafka: a `tansu` broker on a free port, started on first use (`kafka` fixture).
- Telegram and Gemini: the HTTP doubles from `sandbox/`, reached through the real aiogram
  session and the real google-genai client.
"""

from __future__ import annotations

import gc
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from redis.asyncio import Redis
from tortoise import Tortoise

from core.clock import FrozenClock
from core.config import AppSettings, Settings, load_settings
from db import apply_migrations, close_db, init_db
from lunchbot.app import Application
from sandbox.gemini import GeminiServer, default_responder
from sandbox.kafka import TansuBroker
from sandbox.telegram import BotAPIServer
from tests.support.app import running_app

PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
TOKEN = "7000001:TEST-token-for-the-double-000000000"
WEBHOOK_SECRET = "test-webhook-secret-of-32-characters-at-least"

# The harness decides every setting; nothing from the developer's shell or .env leaks in.
for _name in list(os.environ):
    if _name.split("_")[0] in {
        "DATABASE",
        "REDIS",
        "KAFKA",
        "TELEGRAM",
        "WEBHOOK",
        "WEB",
        "GEMINI",
        "LOG",
    } or _name in {
        "ADMIN_IDS",
        "MINI_APP_URL",
        "TIMEZONE",
        "INIT_DATA_MAX_AGE",
        "ALERT_BEFORE_DEADLINE_MINUTES",
        "REMINDER_MINUTES",
        "SIGNUP",
    }:
        del os.environ[_name]


# ---- PostgreSQL -----------------------------------------------------------------------


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    name = f"lunchbot_test_{os.getpid()}_{secrets.token_hex(3)}"
    url = f"{PG}/{name}"
    await init_db(url)  # creates the database
    await apply_migrations(url)
    yield url
    await close_db()
    conn = await asyncpg.connect(f"{PG}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


# The slow tier (`make test` runs it, `make test-fast` leaves it out): real Chromium, drills
# that kill consumers or cut the broker, throughput measurements, the sandbox's own process,
# `lunchbot run` end to end from a fresh `.env`.
SLOW = (
    "tests/browser/",
    "tests/notifications/test_kafka.py",
    "tests/notifications/test_throughput.py",
    "tests/recommendations/test_throughput.py",
    "tests/sandbox/test_sandbox_command.py",
    "tests/sandbox/test_sandbox_kafka.py",
    "tests/test_first_run.py",
    "tests/test_smoke.py",
    "tests/web/test_fuzz.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    for item in items:
        if item.path.relative_to(root).as_posix().startswith(SLOW):
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move everything imported so far (aiogram's types, pydantic's validators: most of the
    heap) out of the collector's reach. Without it every full collection walks a million
    objects that live as long as the process; with it a collection costs what the test
    itself allocated. Leaks are checked where an app is started (tests/bot/test_lifecycle.py)
    rather than by a full collection after every test."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
async def clean_db(database_url: str) -> None:
    conn = Tortoise.get_connection("default")
    tables = [
        row["tablename"]
        for row in await conn.execute_query_dict(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'aerich'"
        )
    ]
    await conn.execute_script(
        "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
    )


# ---- Redis ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
async def redis_url() -> AsyncIterator[str]:
    """Claim a free Redis database index (1-15) for this session with a lease in db 0."""
    lease = Redis.from_url(f"{REDIS}/0")
    owner = f"{os.getpid()}:{secrets.token_hex(4)}"
    index = None
    for candidate in range(15, 0, -1):
        if await lease.set(f"lunchbot:test-lease:{candidate}", owner, nx=True, ex=3600):
            index = candidate
            break
    if index is None:
        await lease.aclose()
        pytest.exit("no free Redis database index for the tests (15 sessions running?)")
    yield f"{REDIS}/{index}"
    await lease.delete(f"lunchbot:test-lease:{index}")
    await lease.aclose()


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url, decode_responses=True)
    await client.flushdb()
    yield client
    await client.aclose()


# ---- doubles and the broker -----------------------------------------------------------


@pytest.fixture(scope="session")
async def bot_api_server() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer(TOKEN) as server:
        yield server


@pytest.fixture
def bot_api(bot_api_server: BotAPIServer) -> BotAPIServer:
    bot_api_server.reset()
    return bot_api_server


@pytest.fixture(scope="session")
async def gemini_server() -> AsyncIterator[GeminiServer]:
    async with GeminiServer() as server:
        yield server


@pytest.fixture
def gemini(gemini_server: GeminiServer) -> GeminiServer:
    """The session's Gemini double as new: no calls, no faults, and the settings a test may
    have changed (latency, valid keys, responder) back to their defaults."""
    gemini_server.reset()
    gemini_server.latency = 0.0
    gemini_server.valid_keys = None
    gemini_server.responder = default_responder
    return gemini_server


@pytest.fixture(scope="session")
async def kafka_broker() -> AsyncIterator[TansuBroker]:
    async with TansuBroker() as broker:
        yield broker


@pytest.fixture
def kafka(kafka_broker: TansuBroker) -> TansuBroker:
    return kafka_broker


# ---- the application ------------------------------------------------------------------


@pytest.fixture
def clock() -> FrozenClock:
    """Monday 2026-12-07 08:00 UTC (11:00 in Moscow) unless a test moves it."""
    return FrozenClock(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def make_settings(
    database_url: str, redis_url: str, bot_api_server: BotAPIServer, gemini_server: GeminiServer
) -> Callable[..., Settings]:
    """Settings for an app wired to this session's services, in webhook mode on a free port
    (so the Bot API double delivers updates the way Telegram does)."""

    def make(**sections: dict[str, Any]) -> Settings:
        port = free_port()
        base: dict[str, dict[str, Any]] = {
            "database": {"url": database_url},
            "redis": {"url": redis_url},
            "telegram": {"bot_token": TOKEN, "api_server": bot_api_server.url, "mode": "webhook"},
            "webhook": {"base_url": f"http://127.0.0.1:{port}", "secret": WEBHOOK_SECRET},
            "web": {"host": "127.0.0.1", "port": port},
            "gemini": {"base_url": gemini_server.url},
            "log": {"format": "console"},
            # Tortoise.init writes TIMEZONE=UTC into os.environ (see db.init_db); the tests
            # mean the app's own default zone.
            # Reminders off unless a test turns them on (`app={"reminder_minutes": 60}`): a
            # tick at start-up must not add messages to tests about something else.
            # SIGNUP=open: most tests are about what people do once they are in, and sign
            # them in with initData of their own making; the roster's tests (tests/roster/)
            # and every `lunchbot` process a test starts use the default, approval.
            "app": {
                "timezone": AppSettings.model_fields["timezone"].default,
                "reminder_minutes": 0,
                "signup": "open",
            },
        }
        for section, values in sections.items():
            base[section] = {**base.get(section, {}), **values}
        return load_settings(env_file=None, **base)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
async def app(
    settings: Settings, clock: FrozenClock, redis: Redis, bot_api: BotAPIServer
) -> AsyncIterator[Application]:
    """The whole application in this process. It registers its webhook with the Bot API
    double, so `bot_api.send_text(...)`/`bot_api.click(...)` deliver real updates to it and
    return once they were handled."""
    async with running_app(settings, bot_api, clock) as application:
        yield application


@pytest.fixture
def app_url(app: Application) -> str:
    return f"http://127.0.0.1:{app.port}"
