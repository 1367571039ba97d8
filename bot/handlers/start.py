"""`/start` in a private chat: a greeting and, when configured, the Mini App button."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.enums import ChatType
from aiogram.filters import CommandStart
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, WebAppInfo
from aiogram_i18n import I18nContext

from core.config import Settings
from db.models import User


def mini_app_keyboard(i18n: I18nContext, url: str | None) -> InlineKeyboardMarkup | None:
    if not url:
        return None
    button = InlineKeyboardButton(text=i18n.get("start-open-app"), web_app=WebAppInfo(url=url))
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def start(message: Message, user: User, i18n: I18nContext, settings: Settings) -> None:
    text = i18n.get("start-greeting", name=html.quote(user.name))
    keyboard = mini_app_keyboard(i18n, settings.mini_app_url)
    if keyboard is None:
        text += "\n\n" + i18n.get("start-no-app")
    await message.answer(text, reply_markup=keyboard)


def create_router() -> Router:
    router = Router(name="start")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(start, CommandStart())
    return router
