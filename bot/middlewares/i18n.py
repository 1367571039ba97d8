from __future__ import annotations

from typing import Any

from aiogram.types import User as TelegramUser
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.managers.base import BaseManager

from core.i18n import DEFAULT_LOCALE, Translator
from db.models import User
from services.users import pick_language


class UserLocaleManager(BaseManager):
    """The language of our `User` row; for senders without one, their Telegram client's."""

    async def get_locale(
        self, user: User | None = None, event_from_user: TelegramUser | None = None, **_: Any
    ) -> str:
        if user is not None:
            return user.language
        if event_from_user is not None:
            return pick_language(event_from_user.language_code)
        return DEFAULT_LOCALE

    async def set_locale(self, locale: str, user: User | None = None, **_: Any) -> None:
        if user is not None:
            user.language = locale
            await user.save(update_fields=["language", "updated_at"])


def i18n_middleware(translator: Translator) -> I18nMiddleware:
    return I18nMiddleware(
        core=translator.core, manager=UserLocaleManager(), default_locale=DEFAULT_LOCALE
    )
