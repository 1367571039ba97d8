"""`/start` in a private chat: a greeting and, when configured, the Mini App — under the
greeting and behind the chat's menu button."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandStart
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonWebApp,
    Message,
    WebAppInfo,
)
from aiogram_i18n import I18nContext

from bot.commands import commands_text
from bot.filters import Magic
from core.config import Settings
from core.logging import get_logger
from db.models import Role, User
from services.users import UserService

log = get_logger(__name__)


def mini_app_keyboard(i18n: I18nContext, url: str | None) -> InlineKeyboardMarkup | None:
    if not url:
        return None
    button = InlineKeyboardButton(text=i18n.get("start-open-app"), web_app=WebAppInfo(url=url))
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def start(
    message: Message, user: User, i18n: I18nContext, settings: Settings, users: UserService
) -> None:
    text = i18n.get("start-greeting", name=html.quote(user.name))
    url = settings.mini_app_url
    keyboard = mini_app_keyboard(i18n, url)
    if keyboard is None:
        text += "\n\n" + i18n.get("start-no-app")
    role = users.role_of(user)
    if role is not Role.EMPLOYEE:  # they run lunch: say what they can do
        text += "\n\n" + i18n.get("start-staff", role=str(role))
        text += "\n" + commands_text(i18n, user, users)
    await message.answer(text, reply_markup=keyboard)
    if url:
        await _menu_button(message, i18n, url)


async def _menu_button(message: Message, i18n: I18nContext, url: str) -> None:
    """The Mini App behind the menu button left of the input field, in the user's language:
    one tap away later, once the greeting has scrolled up. A nicety: the greeting stands
    without it."""
    assert message.bot is not None
    button = MenuButtonWebApp(text=i18n.get("start-menu-button"), web_app=WebAppInfo(url=url))
    try:
        await message.bot.set_chat_menu_button(chat_id=message.chat.id, menu_button=button)
    except TelegramAPIError as error:
        log.warning("chat menu button not set", chat_id=message.chat.id, error=str(error))


def create_router() -> Router:
    router = Router(name="start")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.message.register(start, CommandStart())
    return router
