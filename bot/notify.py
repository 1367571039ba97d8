"""Private messages to the people who run the bot: managers and admins.

Each recipient reads the text in their own language. Telegram refuses a bot's first message
to someone who never opened it (403): they are skipped and logged, never an error — the
message still reaches everyone else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.sender import ChatGone, DeliveryFailed, Sender
from core.i18n import Translator
from core.logging import get_logger
from db.models import User
from services.users import UserService

log = get_logger(__name__)

Keyboard = Callable[[str], InlineKeyboardMarkup | None]  # locale -> keyboard


@dataclass
class Notifier:
    sender: Sender
    translator: Translator
    users: UserService

    async def managers(self, key: str, *, keyboard: Keyboard | None = None, **args: Any) -> int:
        """Tell every manager and admin; returns how many were reached."""
        return await self.send(await self.users.managers(), key, keyboard=keyboard, **args)

    async def admins(self, key: str, *, keyboard: Keyboard | None = None, **args: Any) -> int:
        return await self.send(await self.users.admins(), key, keyboard=keyboard, **args)

    async def send(
        self, recipients: Iterable[User], key: str, *, keyboard: Keyboard | None = None, **args: Any
    ) -> int:
        reached = 0
        for user in recipients:
            text = self.translator.get(user.language, key, **args)
            markup = keyboard(user.language) if keyboard is not None else None
            try:
                await self.sender.send_message(user.tgid, text, reply_markup=markup)
            except (ChatGone, DeliveryFailed) as error:
                # Never started the bot, blocked it, or deleted their account.
                log.info("recipient skipped", tgid=user.tgid, key=key, reason=error.reason)
            else:
                reached += 1
        return reached
