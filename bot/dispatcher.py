"""The aiogram Dispatcher: Redis FSM storage and event isolation, middlewares, routers and
dialogs.

What an update costs in Redis depends on whether it can touch a dialog (bench/results.md):

- The routers that never open or read a dialog (`/start`, `/help`, `/orders`, `/menu`,
  `/reminders` and the reminder buttons) come first and take no lock at all: nothing they do
  races with anything (the user's row is one upsert, each answer stands alone).
- Every other update enters `dialogs`, the router holding the dialogs and everything after
  them. On the way in it takes the per-chat lock aiogram's event isolation would have taken for
  every update (the same Redis lock, the same key), then aiogram-dialog's own stack lock: two
  processes never handle one chat's dialog at once, exactly as before.
- The bot keeps no FSM state of its own (the dialogs keep theirs under their own keys), so
  aiogram's read of it on every update is answered without a round trip (`DialogStorage`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Dispatcher, Router
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    DEFAULT_DESTINY,
    BaseEventIsolation,
    DefaultKeyBuilder,
    StorageKey,
)
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram.types import TelegramObject
from aiogram_dialog import setup_dialogs
from aiogram_dialog.api.entities import DIALOG_EVENT_NAME
from redis.asyncio import Redis

from bot.dialogs import access_requests, link_requests, menus
from bot.handlers import (
    acceptance,
    admin,
    errors,
    help,
    links,
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

# The events aiogram-dialog handles (its `setup_dialogs` registers on these).
DIALOG_EVENTS = (
    "message",
    "business_message",
    "callback_query",
    "my_chat_member",
    "chat_join_request",
    DIALOG_EVENT_NAME,
)


class DialogStorage(RedisStorage):
    """Redis storage for aiogram-dialog's stacks and contexts, and no FSM state of the bot's.

    Nothing in the bot sets an FSM state (dialogs keep theirs in their contexts): reading it
    for every update was a Redis round trip that always answered None. Setting one is refused,
    so nobody comes to rely on a state this storage would never read back."""

    async def get_state(self, key: StorageKey) -> str | None:
        if key.destiny == DEFAULT_DESTINY:
            return None
        return await super().get_state(key)

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        if key.destiny == DEFAULT_DESTINY and state is not None:
            raise RuntimeError("the bot keeps no FSM state: use a dialog (aiogram-dialog)")
        await super().set_state(key, state)


class ChatLock(BaseMiddleware):
    """aiogram's event isolation, for the updates that reach the dialogs: the lock of the
    update's chat and user (aiogram's FSM key), held until the update is handled."""

    def __init__(self, isolation: BaseEventIsolation) -> None:
        self.isolation = isolation

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        state: FSMContext | None = data.get("state")
        if state is None:  # no chat and no user: nothing to isolate, as with aiogram's own
            return await handler(event, data)
        async with self.isolation.lock(state.key):
            return await handler(event, data)


def _locked(isolation: BaseEventIsolation, *routers: Router) -> Router:
    """`routers` behind the per-chat lock."""
    outer = Router(name="locked")
    # aiogram-dialog's own event has no observer outside its router: give it one, handlers
    # none, so its updates are locked on the way in like the rest.
    outer.observers[DIALOG_EVENT_NAME] = TelegramEventObserver(
        router=outer, event_name=DIALOG_EVENT_NAME
    )
    lock = ChatLock(isolation)
    for name in DIALOG_EVENTS:
        outer.observers[name].outer_middleware(lock)
    outer.include_routers(*routers)
    return outer


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
    # Two processes (or two tasks) never handle the same chat's dialog updates at once: the
    # lock is taken on the way into the dialogs' router (`ChatLock`), not for every update.
    isolation = RedisEventIsolation(storage_redis, key_builder=key_builder)
    dispatcher = Dispatcher(
        storage=DialogStorage(storage_redis, key_builder=key_builder),
        events_isolation=DisabledEventIsolation(),
        users=users,
        translator=translator,
        **workflow_data,
    )
    dispatcher.update.outer_middleware(UserMiddleware(users))
    dispatcher.update.outer_middleware(i18n_middleware(translator))
    dispatcher.update.outer_middleware(ActiveOnly())
    # These never open, read or answer a dialog (no `dialog_manager`; see
    # tests/bot/test_hot_path.py): no lock, no dialog stack read.
    dispatcher.include_routers(
        roster.create_router(),  # strangers first: nothing else answers them
        start.create_router(),
        help.create_router(),
        reminders.create_router(),
    )
    dialogs = Router(name="dialogs")
    dialogs.include_routers(
        roster.create_dialog_router(),
        links.create_router(),
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
    dispatcher.include_router(_locked(isolation, dialogs))
    # Dialog stacks are locked through Redis too, so a dialog is safe across processes.
    setup_dialogs(dialogs, events_isolation=isolation)
    return dispatcher
