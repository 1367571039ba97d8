from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update
from aiogram.types import User as TelegramUser
from aiogram_i18n import I18nContext

from core.logging import get_logger
from services.users import TelegramIdentity, UserService

log = get_logger(__name__)


class UserMiddleware(BaseMiddleware):
    """Puts the sender's `User` row into the handler data as `user` (created on first contact)."""

    def __init__(self, users: UserService) -> None:
        self.users = users

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is not None and not sender.is_bot:
            chat: Chat | None = data.get("event_chat")
            data["user"] = user = await self.users.touch(
                TelegramIdentity.of(sender),
                personal=chat is None or chat.type == ChatType.PRIVATE,
            )
            if (
                isinstance(event, Update)
                and event.message is not None
                and chat is not None
                and chat.type == ChatType.PRIVATE
            ):
                # A message in their private chat: the bot may write to them now (Telegram
                # refuses a bot's first word), and they have not blocked it.
                await self.users.mark_started(user, dt.datetime.now(dt.UTC))
        return await handler(event, data)


class ActiveOnly(BaseMiddleware):
    """A deactivated person (`is_active = false`, `active: false` in an import) gets a polite
    refusal for every message and button, so no handler runs for them — and a dialog they
    opened before cannot complete a decision. What Telegram reports about chats (the bot
    added or removed, a group migrated) is still handled, without the person as `user`.
    Runs after the i18n middleware, to refuse in their language."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("user")
        if user is None or user.is_active:
            return await handler(event, data)
        assert isinstance(event, Update)
        i18n: I18nContext = data["i18n"]
        message = event.message or event.edited_message
        if event.callback_query is not None:
            log.info("refused: account disabled", tgid=user.tgid, update_id=event.update_id)
            await event.callback_query.answer(i18n.get("error-account-disabled"), show_alert=True)
            return None
        if message is not None and not (message.migrate_to_chat_id or message.migrate_from_chat_id):
            log.info("refused: account disabled", tgid=user.tgid, update_id=event.update_id)
            if message.chat.type == "private":
                await message.answer(i18n.get("error-account-disabled"))
            elif (message.text or "").startswith("/"):  # in a group: commands only, no noise
                await message.reply(i18n.get("error-account-disabled"))
            return None
        data["user"] = None
        return await handler(event, data)
