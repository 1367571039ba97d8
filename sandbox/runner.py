"""`lunchbot sandbox`: the real application, offline, with a browser UI standing in for Telegram.

One event loop hosts the Bot API double, the Gemini double, the whole `Application` (in
webhook mode, pointed at the double) and the UI server (`sandbox.ui`). The demo data is
imported into a database of its own, `lunchbot_sandbox`, emptied at every start: the
double's chats live in memory, so yesterday's links would point at chats that are gone.

What keeps it from touching anything real:

- the bot token is the sandbox's fixed fake one, and the Bot API is the local double; a
  `TELEGRAM_BOT_TOKEN` in the environment other than that one is refused, not ignored, so
  nobody believes their bot is being tested when it is not (`.env` is not read at all);
- the database must be named `lunchbot_sandbox…`: a `DATABASE_URL` naming any other is refused;
- Redis: a database index of its own, leased like the tests lease theirs (never index 0,
  which is the application's default), emptied at start;
- Kafka, when `KAFKA_BROKER_URL` is set, with topics and groups under `lunch-bot-sandbox`;
- Gemini is the local double with a fake key;
- everything listens on 127.0.0.1 only: the UI lets anyone act as anyone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from redis.asyncio import Redis
from tortoise import Tortoise

from core.clock import Clock
from core.config import ConfigError, Settings, load_settings
from core.logging import get_logger
from db.models import User
from lunchbot.app import Application
from sandbox.demo import CafeChat, Person, World, build_world
from sandbox.gemini import GeminiServer
from sandbox.guard import DATABASE, TOKEN, SandboxError, check_token
from sandbox.telegram import BotAPIServer
from sandbox.updates import group_chat, private_chat
from services.importer import apply
from web.auth import sign_init_data

log = get_logger(__name__)

BOT_USERNAME = "lunch_sandbox_bot"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379"
GEMINI_KEY = "sandbox-gemini-key"
WEBHOOK_SECRET = "sandbox-webhook-secret-of-32-characters-at-least"
TOPIC_PREFIX = "lunch-bot-sandbox"
HOST = "127.0.0.1"
DEMO_TIMEZONE = "Europe/Moscow"
LEASE_SECONDS = 3600


def sandbox_settings(
    environ: Mapping[str, str],
    *,
    database: str,
    redis: str,
    telegram_url: str,
    gemini_url: str,
    app_port: int,
) -> Settings:
    """The application's settings in the sandbox: the environment (never `.env`) for what is
    harmless (log format, Kafka's address), the sandbox's own for everything that
    could reach a real bot, a real database or a real key."""
    check_token(environ)
    base = f"http://{HOST}:{app_port}"
    overrides: dict[str, dict[str, Any]] = {
        "database": {"url": database},
        "redis": {"url": redis},
        "kafka": {"topic_prefix": TOPIC_PREFIX, **_kafka(environ)},
        "telegram": {"bot_token": TOKEN, "api_server": telegram_url, "mode": "webhook"},
        "webhook": {"base_url": base, "secret": WEBHOOK_SECRET, "path": "/telegram/webhook"},
        "web": {"host": HOST, "port": app_port},
        "gemini": {"api_keys": GEMINI_KEY, "base_url": gemini_url},
        # The demo's deadlines are Moscow wall-clock times. (Also: Tortoise writes
        # TIMEZONE=UTC into os.environ, so a second start in one process would read that.)
        "app": {"admin_ids": "", "mini_app_url": f"{base}/app/", "timezone": DEMO_TIMEZONE},
    }
    try:
        settings = load_settings(env_file=None, **overrides)
    except ConfigError as error:
        raise SandboxError(f"configuration error: {error}") from None
    assert settings.telegram.api_base == telegram_url.rstrip("/")  # never Telegram itself
    return settings


def _kafka(environ: Mapping[str, str]) -> dict[str, str]:
    """Kafka's address (and its knobs) from `environ`; the prefix is always the sandbox's."""
    names = ("broker_url", "enable_idempotence", "partitions", "replication_factor")
    return {n: environ[f"KAFKA_{n.upper()}"] for n in names if environ.get(f"KAFKA_{n.upper()}")}


@contextlib.asynccontextmanager
async def leased_redis(environ: Mapping[str, str]) -> AsyncIterator[str]:
    """A Redis database index of the sandbox's own (1-15), leased in db 0 with the tests'
    scheme so that neither takes the other's, and refreshed while the sandbox runs."""
    parsed = urlsplit(environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    server = urlunsplit(parsed._replace(path=""))
    lease = Redis.from_url(f"{server}/0")
    owner = f"sandbox:{os.getpid()}:{secrets.token_hex(4)}"
    key = None
    try:
        for index in range(1, 16):
            if await lease.set(f"lunchbot:test-lease:{index}", owner, nx=True, ex=LEASE_SECONDS):
                key = f"lunchbot:test-lease:{index}"
                break
        else:
            raise SandboxError(f"no free Redis database index on {server} (1-15 all leased)")

        async def refresh() -> None:
            while True:
                await asyncio.sleep(LEASE_SECONDS / 3)
                try:
                    await lease.set(key, owner, ex=LEASE_SECONDS)
                except Exception as error:  # Redis away for a moment: the lease has time left
                    log.warning("Redis lease not refreshed", error=str(error))

        refresher = asyncio.create_task(refresh(), name="redis-lease")
        try:
            yield f"{server}/{index}"
        finally:
            refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refresher
            if await lease.get(key) == owner.encode():
                await lease.delete(key)
    finally:
        await lease.aclose()


@dataclass(frozen=True)
class Chat:
    """A chat the UI lists: who the visitor is in it, and which cafe it belongs to."""

    id: int
    title: str
    kind: str  # "cafe", or the person's role
    user: Person
    cafe_id: int | None = None


class Sandbox:
    """Start, use, stop. `database=False` leaves connecting Tortoise (and emptying the
    database) to the caller: the test harness owns one connection for its session."""

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        app_port: int = 8080,
        ui_port: int = 8081,
        clock: Clock | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.redis_url = redis_url
        self.app_port = app_port
        self.ui_port = ui_port
        self.clock = clock or Clock()
        self.environ = os.environ if environ is None else environ
        self.telegram = BotAPIServer(
            TOKEN, host=HOST, bot_username=BOT_USERNAME, bot_name="Lunch bot (sandbox)"
        )
        self.gemini = GeminiServer(host=HOST)
        self.app: Application | None = None
        self.chats: dict[int, Chat] = {}
        self.world: World | None = None
        self._ui_runner: Any = None
        self._owns_db = False

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.ui_port}/"

    async def start(self, *, database: bool = True) -> None:
        try:
            await self._start(database)
        except BaseException:
            await self.stop()  # what did start, stops (a port taken, PostgreSQL away)
            raise

    async def _start(self, database: bool) -> None:
        check_token(self.environ)
        await self.telegram.start()
        await self.gemini.start()
        # Read before Tortoise starts: it writes TIMEZONE=UTC into os.environ.
        settings = sandbox_settings(
            self.environ,
            database=self.database_url,
            redis=self.redis_url,
            telegram_url=self.telegram.url,
            gemini_url=self.gemini.url,
            app_port=self.app_port,
        )
        if database:
            await _fresh_database(self.database_url)
            self._owns_db = True
        redis = Redis.from_url(self.redis_url)
        try:
            await redis.flushdb()
        finally:
            await redis.aclose()
        self.world = build_world(self.clock.now(), settings.tz)
        report = await apply(self.world.data)
        self._add_chats(self.world, dict(report.cafes))
        # Everyone has opened the bot once (see `_add_chats`): the bot may write to them.
        await User.filter(tgid__in=[p.tgid for p in self.world.private]).update(
            started_at=self.clock.now()
        )
        self.app = Application(settings, clock=self.clock)
        since = len(self.telegram.calls)
        await self.app.start(database=False)
        await self.telegram.wait_for(
            "setWebhook", lambda c: c.params.get("url") == settings.webhook.url, 30, since=since
        )
        from sandbox.ui import start_ui  # the UI needs a started sandbox

        self._ui_runner = await start_ui(self, HOST, self.ui_port)
        log.info("sandbox ready", url=self.url, app=f"http://{HOST}:{self.app.port}")

    async def stop(self) -> None:
        if self._ui_runner is not None:
            await self._ui_runner.cleanup()
            self._ui_runner = None
        # The doubles first: their keep-alive connections to the app's webhook would otherwise
        # hold the app's web server open until its shutdown timeout.
        await self.telegram.stop()
        await self.gemini.stop()
        if self.app is not None:
            await self.app.stop()
            self.app = None
        if self._owns_db:
            await Tortoise.close_connections()
            self._owns_db = False

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    def _add_chats(self, world: World, cafe_ids: dict[str, int]) -> None:
        bot = self.telegram.bot_user
        for person in world.private:
            user = person.telegram_user()
            # They have all opened the bot once (README › Linking, step 1).
            self.telegram.add_chat(private_chat(user), started=True)
            self.chats[person.tgid] = Chat(person.tgid, person.name, person.role, person)
        for cafe in world.cafes:
            self._add_cafe_chat(cafe, cafe_ids.get(cafe.key), bot)

    def _add_cafe_chat(self, cafe: CafeChat, cafe_id: int | None, bot: dict[str, Any]) -> None:
        self.telegram.add_chat(group_chat(cafe.chat_id, cafe.name, type="supergroup"))
        self.telegram.set_member(cafe.chat_id, cafe.staff.telegram_user(), "creator")
        self.telegram.set_member(cafe.chat_id, bot, "left")  # until someone adds it
        self.chats[cafe.chat_id] = Chat(cafe.chat_id, cafe.name, "cafe", cafe.staff, cafe_id)

    def mini_app_url(self, tgid: int) -> str:
        """The Mini App as Telegram opens it for `tgid`: launch data signed now, in the hash."""
        assert self.app is not None
        assert self.world is not None
        person = self.world.people.get(tgid) or next(
            (c.user for c in self.chats.values() if c.user.tgid == tgid), None
        )
        if person is None:
            raise KeyError(tgid)
        user = person.telegram_user()
        user.pop("is_bot")
        fragment = {
            "tgWebAppData": sign_init_data(TOKEN, user, auth_date=self.clock.now()),
            "tgWebAppVersion": "8.0",
            "tgWebAppPlatform": "tdesktop",
        }
        return f"{self.app.settings.mini_app_url}#{urlencode(fragment)}"


async def _fresh_database(url: str) -> None:
    """Connect (creating the database if missing), migrate, and empty every table."""
    from db import apply_migrations, init_db

    name = urlsplit(url).path.lstrip("/")
    assert name.startswith(DATABASE), name  # database_url() refused anything else
    await init_db(url)
    await apply_migrations(url)
    conn = Tortoise.get_connection("default")
    rows = await conn.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'aerich'"
    )
    tables = ", ".join(f'"{row["tablename"]}"' for row in rows)
    await conn.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def banner(sandbox: Sandbox) -> str:
    """What `lunchbot sandbox` prints once it is up: where to go and what to try there."""
    assert sandbox.world is not None
    first = sandbox.world.cafes[0]
    cafe_id = sandbox.chats[first.chat_id].cafe_id
    manager = next(p for p in sandbox.world.private if p.role == "manager")
    employee = next(p for p in sandbox.world.private if p.role == "employee")
    return "\n".join(
        [
            "",
            "Lunch bot sandbox is up: the real bot, offline (a local Telegram and Gemini,",
            f"the demo data in the database {urlsplit(sandbox.database_url).path.lstrip('/')}).",
            "",
            f"  Open {sandbox.url}",
            "",
            "Three things to try:",
            f"  1. Link a cafe: in {manager.name}'s chat send /link {cafe_id}, click the link,",
            f"     add the bot to «{first.name}», then approve it in {manager.name}'s chat.",
            f"  2. Order lunch: in {employee.name}'s chat, «Open the Mini App as this user».",
            f"  3. In «{first.name}», «Fire the deadline now»: the orders arrive in the chat.",
            "     (And «Run the recommendations batch», then the Mini App's Профиль tab.)",
            "",
            "Ctrl+C stops it.",
        ]
    )


async def run_sandbox(
    *,
    database_url: str,
    redis_url: str,
    ui_port: int,
    app_port: int,
    say: Any = print,
) -> None:
    """`lunchbot sandbox`: start, print the banner, wait for SIGINT/SIGTERM, stop."""
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    sandbox = Sandbox(
        database_url=database_url, redis_url=redis_url, app_port=app_port, ui_port=ui_port
    )
    try:
        await sandbox.start()
        say(banner(sandbox), flush=True)
        await stop.wait()
    finally:
        await sandbox.stop()
