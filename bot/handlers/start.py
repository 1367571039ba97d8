"""`/start` in a private chat: a greeting and, when configured, the Mini App — under the
greeting and behind the chat's menu button.

The greeting goes back in the webhook's answer (aiogram writes a method the handler returns
into it, and Telegram sends it; in polling mode aiogram sends it itself): no Bot API round trip
of ours. The menu button is set once per person, language and Mini App URL, not on every
`/start` (`User.menu_button` remembers which one their chat has).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import hashlib

from aiogram import F, Router, html
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandStart
from aiogram.methods import SendMessage
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
    return _open_app(i18n.get("start-open-app"), url)


@functools.lru_cache(maxsize=16)  # one per language: the same for everyone, never changed
def _open_app(text: str, url: str) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text=text, web_app=WebAppInfo(url=url))
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def start(
    message: Message, user: User, i18n: I18nContext, settings: Settings, users: UserService
) -> SendMessage:
    text = i18n.get("start-greeting", name=html.quote(user.name))
    url = settings.mini_app_url
    keyboard = mini_app_keyboard(i18n, url)
    if keyboard is None:
        text += "\n\n" + i18n.get("start-no-app")
    role = users.role_of(user)
    if role is not Role.EMPLOYEE:  # they run lunch: say what they can do
        text += "\n\n" + i18n.get("start-staff", role=str(role))
        text += "\n" + commands_text(i18n, user, users)
    if url:
        await _menu_button(message, user, i18n, url, users)
    return message.answer(text, reply_markup=keyboard)


@functools.lru_cache(maxsize=16)
def menu_button_mark(language: str, url: str) -> str:
    """What `User.menu_button` holds for the button in `language` opening `url`."""
    return hashlib.sha256(f"{language} {url}".encode()).hexdigest()[:32]


async def _menu_button(
    message: Message, user: User, i18n: I18nContext, url: str, users: UserService
) -> None:
    """The Mini App behind the menu button left of the input field, in the user's language:
    one tap away later, once the greeting has scrolled up. A nicety: the greeting stands
    without it (and the next `/start` tries again)."""
    assert message.bot is not None
    mark = menu_button_mark(user.language, url)
    if user.menu_button == mark:
        return
    button = MenuButtonWebApp(text=i18n.get("start-menu-button"), web_app=WebAppInfo(url=url))
    try:
        await message.bot.set_chat_menu_button(chat_id=message.chat.id, menu_button=button)
    except TelegramAPIError as error:
        log.warning("chat menu button not set", chat_id=message.chat.id, error=str(error))
        return
    # In a context of its own: asyncpg's timers (statement cache, idle connections) keep the
    # context they were set in for minutes, and this one holds the update's data, the whole
    # application with it (tests/bot/test_lifecycle.py).
    await asyncio.create_task(users.remember_menu_button(user, mark), context=contextvars.Context())


def create_router() -> Router:
    router = Router(name="start")
    router.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.message.register(start, CommandStart())
    return router
