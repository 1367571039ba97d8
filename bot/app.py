"""The composition root: one process hosting the bot, the web server, the event bus consumers
and the scheduler, sharing one database, one Redis and one Bot session.

`Application` is what `lunchbot run` starts, what the tests start in-process, and what CLI
commands start partially (`start(web=False, telegram=False)`).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from datetime import datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.enums import ParseMode
from aiogram.methods.base import Response, TelegramMethod
from aiogram.types import Update
from aiohttp import web
from aiohttp import web_app as web_app_module
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from redis.asyncio import Redis

from bot.access_notices import AccessNotices
from bot.commands import CommandMenus
from bot.confirmations import Confirmations
from bot.dispatcher import build_dispatcher
from bot.identity import remember_bot_username
from bot.link_notices import LinkNotices
from bot.menu_notices import MenuNotices
from bot.notifications.acceptance import CafeAcceptance
from bot.notifications.alerts import OrphanOrderAlerts
from bot.notifications.delivery import DeadlineDelivery
from bot.notifications.followups import FollowUps
from bot.notifications.message import OrdersMessage
from bot.notify import Notifier
from bot.reminders import Reminders
from bot.sender import Sender
from core.clock import Clock
from core.config import Settings
from core.events import EventBus, Topics
from core.events.kafka import KafkaEventBus
from core.events.memory import InProcessEventBus
from core.i18n import Translator
from core.logging import get_logger
from core.metrics import Metrics
from core.ratelimit import RateLimiter
from core.redis import create_redis
from db import apply_migrations, close_db, init_db
from services import Services
from services.linking import LinkPayloads, LinkService
from services.menu_admin import MenuAdmin
from services.menus import MenuService
from services.notifications.acceptance import AcceptanceService
from services.notifications.outbox import DeadlineOutbox
from services.office import OfficeService
from services.ordering import OrderingService
from services.recommendations import create_recommendations
from services.reminders import ReminderService
from services.roster import RosterService
from services.stats import StatsService
from services.users import UserService
from web.app import create_web_app

log = get_logger(__name__)

TELEGRAM_RETRY = (1.0, 60.0)  # first and longest pause between attempts to reach the Bot API
DELIVERY_CONCURRENCY = 8
REMINDER_TICK = 30  # seconds: a reminder goes out within half a minute of its time
DEADLINE_TICK = 30  # seconds: a deadline is noticed within half a minute (SPEC: every minute)


class BotSession(AiohttpSession):
    """aiogram's session, keeping the answer models it builds.

    aiogram reads every answer as `Response[<the method's result type>]`, and pydantic keeps
    such parametrised models only weakly: between two garbage collections the model is gone
    and the next call builds its validator again — 6 % of a busy process in the webhook
    ingest profile (bench/results.md). Holding one per method keeps pydantic's cache warm.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._answer_models: dict[type, type] = {}

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        kind = type(method)
        if kind not in self._answer_models:
            self._answer_models[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await super().make_request(bot, method, timeout)


def create_bot(settings: Settings) -> Bot:
    """The Bot API client, for `TELEGRAM_API_SERVER`, speaking HTML by default."""
    return Bot(
        token=settings.bot_token,
        session=BotSession(api=TelegramAPIServer.from_base(settings.telegram.api_base)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


class Application:
    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or Clock()
        self.metrics = Metrics()
        self.redis: Redis = create_redis(str(settings.redis.url))
        self.topics = Topics(settings.kafka.topic_prefix)
        self.bus: EventBus = self._create_bus()
        self.translator = Translator()
        self.services = self._create_services()
        self.bot = create_bot(settings)
        self.sender = Sender(self.bot, RateLimiter(self.redis), self.metrics)
        self.notifier = Notifier(self.sender, self.translator, self.services.users)
        self.link_notices = LinkNotices(
            self.sender, self.translator, self.notifier, self.services.links, settings.tz
        )
        self.access_notices = AccessNotices(
            self.sender, self.translator, self.notifier, settings.tz, settings.mini_app_url
        )
        self.menu_notices = MenuNotices(
            self.sender, self.translator, settings.mini_app_url, settings.tz
        )
        self.outbox = DeadlineOutbox(self.bus, self.topics, self.clock, settings.tz)
        self.alerts = OrphanOrderAlerts(
            self.notifier,
            self.redis,
            self.clock,
            settings.tz,
            settings.app.alert_before_deadline_minutes,
        )
        orders_message = OrdersMessage(self.translator)
        self.acceptance = CafeAcceptance(
            self.services.acceptance, orders_message, self.notifier, self.translator, settings.tz
        )
        self.delivery = DeadlineDelivery(
            self.sender,
            orders_message,
            self.link_notices,
            self.metrics,
            self.clock,
            self.acceptance,
            self.alerts,
        )
        self.followups = FollowUps(self.sender, orders_message)
        self.services.ordering.listeners.append(self.followups.order_changed)
        self.reminders = Reminders(
            ReminderService(self.clock, settings.tz, settings.app.reminder_minutes),
            self.sender,
            self.translator,
            self.services.users,
            self.metrics,
            settings.tz,
            settings.mini_app_url,
        )
        self.confirmations = Confirmations(
            self.sender,
            self.translator,
            self.services.ordering,
            self.services.users,
            self.metrics,
            self.clock,
            settings.tz,
        )
        # The one hook into the deadline delivery: the list went out, so say so to everyone.
        self.delivery.on_sent = self.confirmations.sent_to_cafe
        self.command_menus = CommandMenus(self.bot, self.translator, self.services.users)
        self.dispatcher: Dispatcher = build_dispatcher(
            redis_url=str(settings.redis.url),
            translator=self.translator,
            users=self.services.users,
            settings=settings,
            metrics=self.metrics,
            clock=self.clock,
            services=self.services,
            bus=self.bus,
            notifier=self.notifier,
            link_notices=self.link_notices,
            access_notices=self.access_notices,
            menu_notices=self.menu_notices,
            command_menus=self.command_menus,
            reminders=self.reminders,
            acceptance=self.acceptance,
            sender=self.sender,
        )
        # Polling hands each update to a task of its own, and its shutdown closes the FSM
        # storage first thing: let the updates in flight finish before that.
        self.dispatcher.shutdown.handlers.insert(0, HandlerObject(self._finish_updates))
        self.scheduler = AsyncIOScheduler(timezone=settings.tz)
        self._schedule_recommendations()
        self._schedule_deadlines()
        self._schedule_reminders()
        self.web = create_web_app(self)
        self._runner: web.AppRunner | None = None
        self._telegram_task: asyncio.Task[None] | None = None
        self._started: list[str] = []
        self._polling = False

    def _create_services(self) -> Services:
        users = UserService(self.settings.app.admin_ids, self.settings.app.signup)
        stats = StatsService(self.settings.tz, self.clock)
        recommendations, batch = create_recommendations(
            self.settings,
            redis=self.redis,
            bus=self.bus,
            users=users,
            stats=stats,
            metrics=self.metrics,
            clock=self.clock,
            # The notifier needs the services itself, so it is looked up when an alert is due.
            alert=lambda key, **args: self.notifier.admins(key, **args),
        )
        return Services(
            users=users,
            menus=MenuService(self.clock, self.settings.tz),
            menu_admin=MenuAdmin(self.redis, self.clock, self.settings.tz),
            ordering=OrderingService(self.clock, self.settings.tz, self.metrics),
            stats=stats,
            recommendations=recommendations,
            recommendation_batch=batch,
            links=LinkService(
                LinkPayloads(self.settings.bot_token), users, self.clock, self.metrics
            ),
            acceptance=AcceptanceService(self.clock, self.settings.app.ack_timeout_minutes),
            office=OfficeService(self.clock, self.settings.tz, self.redis),
            roster=RosterService(users, self.clock),
        )

    def _schedule_recommendations(self) -> None:
        """Every process subscribes and schedules; the batch's lock lets one of them work."""
        batch = self.services.recommendation_batch
        self.bus.subscribe(
            self.topics.daily_tasks,
            self.topics.group("recommendations"),
            batch.handle_event,
            max_poll_interval=6 * 3600,  # the handler is the whole nightly batch
        )
        if self.settings.gemini.enabled:
            self.scheduler.add_job(
                batch.nightly,
                CronTrigger(hour=3, minute=0, timezone=self.settings.tz),
                id="recommendations",
                name="nightly recommendations",
                coalesce=True,
                max_instances=1,
                misfire_grace_time=600,  # a busy event loop delays the run, never skips it
            )

    def _schedule_deadlines(self) -> None:
        """Every process ticks; the outbox's unique rows and row locks make one event of each
        deadline. The first tick runs at start-up: it catches up on today's deadlines."""
        self.bus.subscribe(
            self.topics.deadlines,
            self.topics.group("notifications"),
            self.delivery.handle,
            # Mostly waiting on PostgreSQL and Telegram: a handful at once keeps our side well
            # ahead of Telegram's 30 messages a second (the rate limiter sets the pace).
            concurrency=DELIVERY_CONCURRENCY,
        )
        self.scheduler.add_job(
            self._deadline_tick,
            IntervalTrigger(seconds=DEADLINE_TICK, timezone=self.settings.tz),
            id="deadlines",
            name="deadline outbox",
            next_run_time=datetime.now(self.settings.tz),  # the scheduler runs on real time
            coalesce=True,
            max_instances=1,
            misfire_grace_time=DEADLINE_TICK,
        )

    def _schedule_reminders(self) -> None:
        """Every process ticks; the unique (person, date) rows make each reminder once."""
        if not self.reminders.service.enabled:
            return
        self.scheduler.add_job(
            self._reminder_tick,
            IntervalTrigger(seconds=REMINDER_TICK, timezone=self.settings.tz),
            id="reminders",
            name="reminders before the deadline",
            next_run_time=datetime.now(self.settings.tz),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=REMINDER_TICK,
        )

    async def _reminder_tick(self) -> None:
        try:
            await self.reminders.tick()
        except Exception:
            log.exception("reminder tick failed")  # the rows remember; the next tick goes on

    async def _deadline_tick(self) -> None:
        try:
            await self.outbox.tick()
        except Exception:
            # The next tick tries again; the rows are the memory, nothing is lost.
            log.exception("deadline tick failed")
        await self.ack_tick()
        try:
            await self.alerts.before_deadlines()
        except Exception:
            log.exception("pre-deadline alerts failed")

    async def ack_tick(self) -> None:
        """Lists nobody accepted in time: one alert each, whichever process ticks first."""
        try:
            await self.acceptance.alert_overdue()
        except Exception:
            log.exception("acceptance check failed")

    def _create_bus(self) -> EventBus:
        kafka = self.settings.kafka
        if kafka.enabled:
            return KafkaEventBus(
                self.topics,
                self.metrics,
                kafka.broker_url,
                partitions=kafka.partitions,
                replication_factor=kafka.replication_factor,
                enable_idempotence=kafka.enable_idempotence,
                session_timeout_ms=kafka.session_timeout_ms,
            )
        return InProcessEventBus(self.topics, self.metrics, self.redis)

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
        delay = TELEGRAM_RETRY[0]
        while True:
            try:
                me = await self.bot.me()
                await remember_bot_username(self.redis, self.settings, me.username or "")
                await self.command_menus.publish()
                if self.settings.telegram.mode == "webhook":
                    await self._set_webhook()
                else:
                    await self.bot.delete_webhook(drop_pending_updates=False)
                break
            except Exception as error:
                log.warning(
                    "Bot API unreachable, retrying",
                    retry_in=delay,
                    error=f"{type(error).__name__}: {error}",
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, TELEGRAM_RETRY[1])
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
        await stop.wait()
        log.info("stopping on signal")
    finally:
        await app.stop()
