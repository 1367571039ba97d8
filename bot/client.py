"""The Bot API client: aiogram's session tuned for a busy process, and the bot's username
remembered for the commands that run without it."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods.base import Response, TelegramMethod

from core.config import Settings


class BotSession(AiohttpSession):
    """aiogram's session, keeping the answer models it builds.

    aiogram reads every answer as `Response[<the method's result type>]`, and pydantic keeps
    such parametrised models only weakly: between two garbage collections the model is gone
    and the next call builds its validator again, a cost a busy process pays on every
    update (bench/results.md has the profile). Holding one per method keeps pydantic's cache warm.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._answer_models: dict[type, type] = {}

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        kind = type(method)
        if kind not in self._answer_models:
            self._answer_models[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await super().make_request(bot, method, timeout)


def create_bot(settings: Settings) -> Bot:
    """The Bot API client, for `TELEGRAM_API_SERVER`, speaking HTML by default."""
    return Bot(
        token=settings.bot_token,
        session=BotSession(api=TelegramAPIServer.from_base(settings.telegram.api_base)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
