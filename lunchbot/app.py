"""Running the object graph `lunchbot.container` builds: one process hosting the bot, the web
server, the event bus consumers and the scheduler, sharing one database, one Redis and one Bot
session.

`Application` is what `lunchbot run` starts, what the tests start in-process, and what CLI
commands start partially (`start(web=False, telegram=False)`). The objects it runs are its
container's; they are reachable as its attributes (`app.services.links`, `app.bus`), for the
CLI and the tests — the adapters get theirs handed over by name, never the application.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from typing import Any

from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.types import Update
from aiohttp import web
from aiohttp import web_app as web_app_module
from tenacity import AsyncRetrying, RetryCallState, wait_exponential

from bot.identity import remember_bot_username
from core.clock import Clock
from core.config import Settings
from core.events.memory import InProcessEventBus
from core.logging import get_logger
from db import apply_migrations, close_db, init_db
from lunchbot import jobs
from lunchbot.container import Container, build

log = get_logger(__name__)

TELEGRAM_RETRY = (1.0, 60.0)  # first and longest pause between attempts to reach the Bot API


class Application:
    def __init__(
        self, settings: Settings, *, clock: Clock | None = None, container: Container | None = None
    ) -> None:
        self.container = container or build(settings, clock)
        self.scheduler = jobs.schedule(self.container)
        self._runner: web.AppRunner | None = None
        self._telegram_task: asyncio.Task[None] | None = None
        self._started: list[str] = []
        self._polling = False

    def __getattr__(self, name: str) -> Any:
        # Only reached for names the application itself lacks: the container's objects.
        return getattr(self.__dict__["container"], name)

    async def ack_tick(self) -> None:
        await jobs.ack_tick(self.container)

    @property
    def port(self) -> int | None:
        """The port actually bound (WEB_PORT=0 picks a free one)."""
        if self._runner is None:
            return None
        for site in self._runner.sites:
            server = getattr(site, "_server", None)
            if server is not None and server.sockets:
                return server.sockets[0].getsockname()[1]
        return None

    # ---- lifecycle -------------------------------------------------------------------

    async def start(
        self,
        *,
        web: bool = True,
        telegram: bool = True,
        database: bool = True,
        background: bool = True,
        consumers: bool | None = None,
    ) -> None:
        """`database=False` leaves connecting and migrating to the caller (the test harness
        owns one connection for the whole session). `background=False` starts neither the
        event consumers nor the scheduled jobs: a CLI command that does one thing and exits
        must not join consumer groups or run the nightly batch (it can still publish).
        `consumers=True` with `background=False` starts the consumers alone (a command that
        handles its own events on the in-process bus, without the scheduler's jobs)."""
        if consumers is None:
            consumers = background
        if database:
            await init_db(str(self.settings.database.url))
            self._started.append("db")
            await apply_migrations(str(self.settings.database.url))
        await self.translator.load()
        if consumers:
            if background and isinstance(self.bus, InProcessEventBus):
                await self.outbox.republish_undelivered()
            await self.bus.start()
        if background:
            self.scheduler.start()
            self._started.append("scheduler")
        self._started.append("bus")  # stopped either way: publishing may have opened a producer
        if web or telegram:
            self._watch_updates()
        if web:
            self._runner = web_runner = _runner(self.web)
            await web_runner.setup()
            site = _site(web_runner, self.settings.web.host, self.settings.web.port)
            await site.start()
            log.info("web server listening", host=self.settings.web.host, port=self.port)
        if telegram:
            self._telegram_task = asyncio.create_task(self._connect_telegram(), name="telegram")
        log.info(
            "lunchbot started" if background else "lunchbot ready",
            mode=self.settings.telegram.mode,
            kafka=self.settings.kafka.enabled,
        )

    def _watch_updates(self) -> None:
        """Polling hands each update to a task of its own, and its shutdown (and the webhook
        app's cleanup) closes the FSM storage first thing: let the updates in flight finish
        before that. Once, however often the application starts."""
        handlers = self.dispatcher.shutdown.handlers
        if not any(handler.callback == self._finish_updates for handler in handlers):
            handlers.insert(0, HandlerObject(self._finish_updates))

    async def _finish_updates(self) -> None:
        in_flight = list(self.dispatcher._handle_update_tasks)
        if in_flight:
            await asyncio.wait(in_flight, timeout=10)

    async def stop(self) -> None:
        if self._telegram_task is not None:
            if self._polling:
                # Polling winds down on its own and emits the dispatcher's shutdown.
                await self.dispatcher.stop_polling()
                await self._telegram_task
            else:  # still waiting for the Bot API, or done after setting the webhook
                self._telegram_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._telegram_task
            self._telegram_task = None
        if self._runner is not None:
            await self._runner.cleanup()  # webhook mode: also emits the dispatcher's shutdown
            self._runner = None
        if "scheduler" in self._started:
            self.scheduler.shutdown(wait=False)
        if "bus" in self._started:
            await self.bus.stop()
        await self.confirmations.drain()
        await self.services.close()
        await self.bot.session.close()
        if self.container.adapters_built:
            await self.dispatcher.fsm.storage.close()
        await self.redis.aclose()
        if "db" in self._started:
            await close_db()
        # aiogram caches Update.event_type in an lru_cache on the property, which keeps the
        # last 128 updates alive until the interpreter exits; freed that late (after
        # pydantic-core's time zones) they crash the process on its way out. Let them go now.
        Update.event_type.fget.cache_clear()  # type: ignore[attr-defined]
        # aiohttp memoises each route's middleware chain in a module-level lru_cache keyed by
        # the handler and its (sub)applications, so a stopped web app (and through its state,
        # this whole Application) would stay reachable for the life of the process. One app
        # per process never notices; a process that starts several (tests, the sandbox's
        # restarts) would keep every one. The cache refills on the next request.
        web_app_module._cached_build_middleware.cache_clear()
        self._started.clear()
        log.info("lunchbot stopped")

    async def __aenter__(self) -> Application:
        await self.start()
        return self

    async def __aexit__(self, *_: Any) -> None:
        await self.stop()

    # ---- Telegram --------------------------------------------------------------------

    async def _connect_telegram(self) -> None:
        """Reach the Bot API (retrying while it is unreachable), then poll or set the webhook.

        Runs in the background so that the web server and /healthz come up regardless.
        """
        async for attempt in AsyncRetrying(
            wait=wait_exponential(multiplier=TELEGRAM_RETRY[0], max=TELEGRAM_RETRY[1]),
            before_sleep=_unreachable,
        ):
            with attempt:
                me = await self.bot.me()
                await remember_bot_username(self.redis, self.settings, me.username or "")
                await self.command_menus.publish()
                if self.settings.telegram.mode == "webhook":
                    await self._set_webhook()
                else:
                    await self.bot.delete_webhook(drop_pending_updates=False)
        log.info("connected to the Bot API", bot_username=me.username)
        if self.settings.telegram.mode == "polling":
            self._polling = True
            await self.dispatcher.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                allowed_updates=self.dispatcher.resolve_used_update_types(),
            )

    async def _set_webhook(self) -> None:
        webhook = self.settings.webhook
        assert webhook.url is not None
        assert webhook.secret is not None
        await self.bot.set_webhook(
            url=webhook.url,
            secret_token=webhook.secret.get_secret_value(),
            allowed_updates=self.dispatcher.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        log.info("webhook set", url=webhook.url)


def settle_heap() -> None:
    """Keep the start-up's objects out of every later garbage collection.

    Start-up leaves most of the process's objects, and they live as long as it does (every
    Telegram type's pydantic schema, the ORM's models, the translations). A full collection
    walks all of them with the event loop stopped, and every update in flight waits it out.
    Frozen, they are never walked again; what the updates allocate is still collected, and a
    full collection walks only that."""
    gc.collect()
    gc.freeze()


def _unreachable(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.warning(
        "Bot API unreachable, retrying",
        retry_in=state.upcoming_sleep,
        error=f"{type(error).__name__}: {error}",
    )


def _runner(app: web.Application) -> web.AppRunner:
    # The access log goes through structlog like everything else.
    return web.AppRunner(app, handle_signals=False, access_log_format="%r %s %b %Tf")


def _site(runner: web.AppRunner, host: str, port: int) -> web.TCPSite:
    return web.TCPSite(runner, host, port, reuse_address=True)


async def serve(settings: Settings) -> None:
    """`lunchbot run`: start everything, wait for SIGTERM/SIGINT, stop cleanly."""
    settings.require_bot()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    app = Application(settings)
    try:
        await app.start()
        settle_heap()
        await stop.wait()
        log.info("stopping on signal")
    finally:
        await app.stop()
