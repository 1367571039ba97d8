"""What keeps an update's path cheap (bench/results.md, webhook ingest): no filter that aiogram
would run in a worker thread, and Bot API answer models that are built once, not per call."""

from __future__ import annotations

from aiogram import Router
from aiogram.methods.base import Response
from aiogram.types import User as TelegramUser
from magic_filter import MagicFilter

from bot.client import BotSession, create_bot
from core.config import Settings
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer


def _routers(router: Router) -> list[Router]:
    return [router, *(r for child in router.sub_routers for r in _routers(child))]


def test_no_filter_runs_in_a_thread(app: Application) -> None:
    """aiogram runs a bare `F` filter, like any synchronous callable, through
    `asyncio.to_thread`; ours are wrapped in `bot.filters.Magic`, checked on the loop."""
    threaded = []
    for router in _routers(app.dispatcher):
        for name, observer in router.observers.items():
            filters = list(observer._handler.filters or [])
            for handler in observer.handlers:
                filters += handler.filters or []
            threaded += [
                f"{router.name}.{name}: {f.callback!r}"
                for f in filters
                if isinstance(f.magic, MagicFilter)
            ]
    assert threaded == []


async def test_answer_models_are_held(settings: Settings, bot_api: BotAPIServer) -> None:
    """pydantic caches `Response[T]` weakly; in a busy process aiogram rebuilt it on most
    calls (7.7 % of the ingest profile). The session holds the one pydantic hands out."""
    bot = create_bot(settings)
    assert isinstance(bot.session, BotSession)
    try:
        await bot.get_me()
        await bot.get_me()
        held = list(bot.session._answer_models.values())
        assert held == [Response[TelegramUser]]
    finally:
        await bot.session.close()
