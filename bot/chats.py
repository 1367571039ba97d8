"""What Telegram says a chat is: the `ChatLookup` of `services.ports`, for the web API's link
requests (which name a chat by id, where the bot's own handlers get it from the update)."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from services.errors import ForbiddenError, UnavailableError
from services.links import ChatRef


@dataclass
class TelegramChats:
    bot: Bot

    async def verified_group(self, chat_id: int, caller_tgid: int) -> ChatRef:
        """The chat as Telegram describes it, not as the caller does: the bot must be in it
        and the caller one of its administrators (who could add the bot and `/start` it
        there)."""
        bot = self.bot
        try:
            chat = await bot.get_chat(chat_id)
            me = await bot.get_chat_member(chat_id, bot.id)
            if me.status in ("left", "kicked"):
                raise _not_in_chat()
            caller = await bot.get_chat_member(chat_id, caller_tgid)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            # "chat not found" (also for a chat the bot is not in), "user not found"…
            if "user" in error.message.lower():
                raise _not_admin() from None
            raise _not_in_chat() from None
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter):
            raise UnavailableError(
                "Telegram cannot be asked about the chat right now; try again later",
                code="telegram_unavailable",
            ) from None
        if chat.type not in ("group", "supergroup"):
            raise ForbiddenError("Only a group chat can be a cafe's chat", code="not_a_group")
        if caller.status not in ("creator", "administrator"):
            raise _not_admin()
        return ChatRef(chat.id, chat.title, chat.username)


def _not_in_chat() -> ForbiddenError:
    return ForbiddenError("The bot is not a member of this chat", code="bot_not_in_chat")


def _not_admin() -> ForbiddenError:
    return ForbiddenError("You are not an administrator of this chat", code="not_chat_admin")
