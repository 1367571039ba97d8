from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update
from aiogram.types import User as TelegramUser

from services.users import TelegramIdentity, UserService


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
            data["user"] = user = await self.users.touch(
                TelegramIdentity(
                    tgid=sender.id,
                    first_name=sender.first_name,
                    last_name=sender.last_name,
                    username=sender.username,
                    language_code=sender.language_code,
                )
            )
            chat: Chat | None = data.get("event_chat")
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
