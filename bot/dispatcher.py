"""The aiogram Dispatcher: Redis FSM storage and event isolation, middlewares, routers and
dialogs."""

from __future__ import annotations

from typing import Any

from aiogram import Dispatcher
from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram_dialog import setup_dialogs
from redis.asyncio import Redis

from bot.dialogs import access_requests, link_requests, menus
from bot.handlers import (
    acceptance,
    admin,
    errors,
    help,
    linking,
    office,
    refusals,
    reminders,
    reports,
    roster,
    start,
)
from bot.handlers import menus as menu_handlers
from bot.middlewares.i18n import i18n_middleware
from bot.middlewares.user import ActiveOnly, UserMiddleware
from core.i18n import Translator
from core.redis import create_redis
from services.users import UserService


def build_dispatcher(
    *, redis_url: str, translator: Translator, users: UserService, **workflow_data: Any
) -> Dispatcher:
    """`workflow_data` is handed to every handler by name: each service and each bot object
    under a name of its own (`links`, `ordering`, `sender`…, see `lunchbot.container`), so a
    handler names in its parameters exactly what it uses."""
    # aiogram-dialog keeps a stack per chat *and* per thread/business connection: it needs
    # the destiny in the key. The storage gets its own client because the dispatcher closes
    # it on shutdown, and the rest of the app still needs its Redis at that point.
    key_builder = DefaultKeyBuilder(with_destiny=True)
    storage_redis: Redis = create_redis(redis_url)
    # Two processes (or two tasks) never handle the same chat's updates at once.
    isolation = RedisEventIsolation(storage_redis, key_builder=key_builder)
    dispatcher = Dispatcher(
        storage=RedisStorage(storage_redis, key_builder=key_builder),
        events_isolation=isolation,
        users=users,
        translator=translator,
        **workflow_data,
    )
    dispatcher.update.outer_middleware(UserMiddleware(users))
    dispatcher.update.outer_middleware(i18n_middleware(translator))
    dispatcher.update.outer_middleware(ActiveOnly())
    dispatcher.include_routers(
        roster.create_router(),  # strangers first: nothing else answers them
        start.create_router(),
        help.create_router(),
        reminders.create_router(),
        linking.create_router(),
        admin.create_router(),
        acceptance.create_router(),
        reports.create_router(),
        office.create_router(),
        menu_handlers.create_router(),
        # After the command routers and before the dialogs: text or an unknown command in a
        # private chat is answered, never by re-sending an open dialog's window.
        help.create_fallback_router(),
        link_requests.create_dialog(),
        access_requests.create_dialog(),
        menus.create_dialog(),
        menu_handlers.create_fallback_router(),
        refusals.create_router(),  # what services refuse, unknown buttons, stale dialogs
        errors.create_router(),
    )
    # Dialog stacks are locked through Redis too, so a dialog is safe across processes.
    setup_dialogs(dispatcher, events_isolation=isolation)
    return dispatcher
