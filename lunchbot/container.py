"""The object graph, built in one place: every object the process uses, each made once and
handed to what needs it by name. Building starts nothing (no connection, no task, no timer):
`lunchbot.app.Application` runs what is built here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from aiogram import Bot
from redis.asyncio import Redis

from bot.access_notices import AccessNotices
from bot.client import create_bot
from bot.commands import CommandMenus
from bot.confirmations import Confirmations
from bot.link_notices import LinkNotices
from bot.menu_notices import MenuNotices
from bot.notifications.acceptance import CafeAcceptance
from bot.notifications.alerts import OrphanOrderAlerts
from bot.notifications.delivery import CafeListSender
from bot.notifications.followups import FollowUps
from bot.notifications.message import OrdersMessage
from bot.notify import Notifier
from bot.reminders import Reminders
from bot.sender import Sender
from core.clock import Clock
from core.config import Settings
from core.events import EventBus, Topics
from core.events.factory import create_bus
from core.i18n import Translator
from core.metrics import Metrics
from core.ratelimit import RateLimiter
from core.redis import create_redis
from services.links import LinkPayloads, LinkService
from services.menu_admin import MenuAdmin
from services.menus import MenuService
from services.notifications.acceptance import AcceptanceService
from services.notifications.delivery import DeadlineDeliveries
from services.notifications.outbox import DeadlineOutbox
from services.office import OfficeService
from services.ordering import OrderingService
from services.recommendations import create_recommendations
from services.recommendations.batch import RecommendationBatch
from services.recommendations.service import RecommendationService
from services.reminders import ReminderService
from services.roster import RosterService
from services.stats import StatsService
from services.users import UserService

if TYPE_CHECKING:
    from aiogram import Dispatcher
    from aiohttp import web


@dataclass(frozen=True)
class Services:
    """The use cases, for the code that drives them from outside an adapter: the scheduler's
    jobs, the CLI's commands, the tests."""

    users: UserService
    menus: MenuService
    menu_admin: MenuAdmin
    ordering: OrderingService
    links: LinkService
    stats: StatsService
    recommendations: RecommendationService
    recommendation_batch: RecommendationBatch
    acceptance: AcceptanceService
    office: OfficeService
    roster: RosterService

    async def close(self) -> None:
        """Release what services hold beyond the shared Redis and database (HTTP clients)."""
        await self.recommendation_batch.close()


@dataclass(frozen=True)
class Adapters:
    """What turns Telegram updates and HTTP requests into use cases: built on first use, so a
    CLI command that only publishes or sends never builds (or imports) the routers, the
    dialogs and the web API."""

    dispatcher: Dispatcher
    web: web.Application


@dataclass(frozen=True)
class Container:
    settings: Settings
    clock: Clock
    metrics: Metrics
    redis: Redis
    topics: Topics
    bus: EventBus
    translator: Translator
    services: Services
    bot: Bot
    sender: Sender
    notifier: Notifier
    link_notices: LinkNotices
    access_notices: AccessNotices
    menu_notices: MenuNotices
    outbox: DeadlineOutbox
    deliveries: DeadlineDeliveries
    alerts: OrphanOrderAlerts
    acceptance: CafeAcceptance
    reminders: Reminders
    confirmations: Confirmations
    command_menus: CommandMenus
    build_adapters: Callable[[], Adapters] = field(repr=False, compare=False)

    @cached_property  # writes the instance's __dict__, which a frozen dataclass allows
    def adapters(self) -> Adapters:
        return self.build_adapters()

    @property
    def adapters_built(self) -> bool:
        return "adapters" in self.__dict__

    @property
    def dispatcher(self) -> Dispatcher:
        return self.adapters.dispatcher

    @property
    def web(self) -> web.Application:
        return self.adapters.web


def build(settings: Settings, clock: Clock | None = None) -> Container:
    clock = clock or Clock()
    tz = settings.tz
    metrics = Metrics()
    redis = create_redis(str(settings.redis.url))
    topics = Topics(settings.kafka.topic_prefix)
    bus = create_bus(settings, topics, metrics, redis)
    translator = Translator()

    # Telegram: the client and the one way out to it.
    bot = create_bot(settings)
    sender = Sender(bot, RateLimiter(redis), metrics)
    users = UserService(settings.app.admin_ids, settings.app.signup)
    notifier = Notifier(sender, translator, users)

    # The bot's side of the ports the services tell people through (`services.ports`).
    link_notices = LinkNotices(sender, translator, notifier, tz)
    access_notices = AccessNotices(sender, translator, notifier, tz, settings.mini_app_url)
    menu_notices = MenuNotices(sender, translator, settings.mini_app_url, tz)
    orders_message = OrdersMessage(translator)
    alerts = OrphanOrderAlerts(
        notifier, redis, clock, tz, settings.app.alert_before_deadline_minutes
    )

    # The use cases.
    stats = StatsService(tz, clock)
    recommendations, batch = create_recommendations(
        settings,
        redis=redis,
        bus=bus,
        users=users,
        stats=stats,
        metrics=metrics,
        clock=clock,
        alert=notifier.admins,
    )
    links = LinkService(LinkPayloads(settings.bot_token), users, clock, metrics, link_notices)
    # A send that finds a cafe's chat moved or gone tells the links, whichever feature sent it.
    sender.chats = links
    acceptance_service = AcceptanceService(clock, settings.app.ack_timeout_minutes)
    services = Services(
        users=users,
        menus=MenuService(clock, tz),
        menu_admin=MenuAdmin(redis, clock, tz, menu_notices),
        ordering=OrderingService(clock, tz, metrics),
        stats=stats,
        recommendations=recommendations,
        recommendation_batch=batch,
        links=links,
        acceptance=acceptance_service,
        office=OfficeService(clock, tz, redis),
        roster=RosterService(users, clock, access_notices),
    )

    # The deadline notification: the outbox publishes, the deliveries settle each row, the
    # bot renders and sends the list.
    outbox = DeadlineOutbox(bus, topics, clock, tz)
    cafe_acceptance = CafeAcceptance(acceptance_service, orders_message, notifier, translator, tz)
    lists = CafeListSender(sender, orders_message, cafe_acceptance, alerts)
    deliveries = DeadlineDeliveries(lists, metrics, clock)
    services.ordering.listeners.append(FollowUps(sender, orders_message).order_changed)
    reminders = Reminders(
        ReminderService(clock, tz, settings.app.reminder_minutes),
        sender,
        translator,
        users,
        metrics,
        tz,
        settings.mini_app_url,
    )
    confirmations = Confirmations(sender, translator, services.ordering, users, metrics, clock, tz)
    lists.on_sent = confirmations.sent_to_cafe  # the list went out: everyone's order says so
    command_menus = CommandMenus(bot, translator, users)

    def build_adapters() -> Adapters:
        # The adapters: each handler and route names what it uses.
        from bot.chats import TelegramChats
        from bot.dispatcher import build_dispatcher
        from bot.webhook import mount_webhook
        from web.app import create_web_app

        dispatcher = build_dispatcher(
            redis_url=str(settings.redis.url),
            translator=translator,
            users=users,
            settings=settings,
            metrics=metrics,
            clock=clock,
            links=links,
            ordering=services.ordering,
            menu_admin=services.menu_admin,
            office=services.office,
            roster=services.roster,
            acceptance=acceptance_service,
            cafe_acceptance=cafe_acceptance,
            reminders=reminders,
            command_menus=command_menus,
            sender=sender,
        )
        web_app = create_web_app(
            settings=settings,
            clock=clock,
            metrics=metrics,
            translator=translator,
            redis=redis,
            bus=bus,
            users=users,
            menus=services.menus,
            menu_admin=services.menu_admin,
            ordering=services.ordering,
            links=links,
            recommendations=recommendations,
            office=services.office,
            roster=services.roster,
            chats=TelegramChats(bot),
            confirmations=confirmations,
        )
        if settings.telegram.mode == "webhook":
            mount_webhook(web_app, dispatcher, bot, settings)
        return Adapters(dispatcher=dispatcher, web=web_app)

    return Container(
        settings=settings,
        clock=clock,
        metrics=metrics,
        redis=redis,
        topics=topics,
        bus=bus,
        translator=translator,
        services=services,
        bot=bot,
        sender=sender,
        notifier=notifier,
        link_notices=link_notices,
        access_notices=access_notices,
        menu_notices=menu_notices,
        outbox=outbox,
        deliveries=deliveries,
        alerts=alerts,
        acceptance=cafe_acceptance,
        reminders=reminders,
        confirmations=confirmations,
        command_menus=command_menus,
        build_adapters=build_adapters,
    )
