"""`/reminders on|off`, the reminder's "🔕 Не напоминать" button, and a private chat blocked
or unblocked (Telegram's `my_chat_member`): the bot stops writing to who blocked it."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import IS_MEMBER, IS_NOT_MEMBER, ChatMemberUpdatedFilter, Command
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message
from aiogram_i18n import I18nContext

from bot.arguments import arguments
from bot.filters import Magic
from bot.reminders import ReminderAction, Reminders
from core.config import Settings
from core.logging import get_logger
from db.models import User
from services.users import UserService

log = get_logger(__name__)

PRIVATE = Magic(F.chat.type == ChatType.PRIVATE)


async def reminders_switch(
    message: Message,
    state: str,
    user: User,
    i18n: I18nContext,
    users: UserService,
    settings: Settings,
) -> None:
    enabled = state.lower() == "on"
    await users.set_reminders(user, enabled)
    if not enabled:
        await message.answer(i18n.get("reminders-off"))
    elif settings.app.reminder_minutes == 0:
        await message.answer(i18n.get("reminders-disabled"))
    else:
        await message.answer(i18n.get("reminders-on", minutes=settings.app.reminder_minutes))


async def reminders_state(message: Message, user: User, i18n: I18nContext) -> None:
    await message.answer(
        i18n.get("reminders-state", state="on" if user.reminders_enabled else "off")
    )


async def stop_button(
    callback: CallbackQuery,
    user: User,
    i18n: I18nContext,
    users: UserService,
    reminders: Reminders,
) -> None:
    await users.set_reminders(user, False)
    await callback.answer(i18n.get("reminders-off-answer"))
    message = callback.message
    if isinstance(message, Message) and message.html_text:
        # Answered in place: the reminder keeps its text, loses the button, says what happened.
        try:
            await message.edit_text(
                message.html_text + "\n\n" + i18n.get("reminders-off-line"),
                reply_markup=reminders.keyboard(user.language, stop=False),
            )
        except TelegramBadRequest as error:  # pressed twice: already edited
            log.info("reminder not edited", reason=error.message)


async def blocked(event: ChatMemberUpdated, users: UserService) -> None:
    await users.mark_blocked(event.chat.id, dt.datetime.now(dt.UTC))


async def unblocked(event: ChatMemberUpdated, user: User, users: UserService) -> None:
    await users.mark_started(user, dt.datetime.now(dt.UTC))


def create_router() -> Router:
    router = Router(name="reminders")
    router.message.filter(PRIVATE)
    router.my_chat_member.filter(PRIVATE)
    router.message.register(
        reminders_switch, Command("reminders", magic=arguments(r"(?P<state>on|off)"))
    )
    router.message.register(reminders_state, Command("reminders"))
    router.callback_query.register(stop_button, ReminderAction.filter(F.action == "off"))
    router.my_chat_member.register(blocked, ChatMemberUpdatedFilter(IS_MEMBER >> IS_NOT_MEMBER))
    router.my_chat_member.register(unblocked, ChatMemberUpdatedFilter(IS_NOT_MEMBER >> IS_MEMBER))
    return router
