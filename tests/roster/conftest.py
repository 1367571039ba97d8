"""An app with the default `SIGNUP=approval` (the harness's default is `open`), a manager who
has opened the bot, and strangers who write to it or open the Mini App."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from core.clock import FrozenClock
from core.config import Settings
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.support.app import running_app

Json = dict[str, Any]
STRANGER = updates.user(9301, "Пётр", "Новиков", username="petya", language_code="ru")


@pytest.fixture
def signup() -> str:
    return "approval"


@pytest.fixture
async def app(
    make_settings: Callable[..., Settings],
    signup: str,
    clock: FrozenClock,
    redis: Redis,
    bot_api: BotAPIServer,
) -> AsyncIterator[Application]:
    settings = make_settings(app={"signup": signup})
    async with running_app(settings, bot_api, clock) as application:
        yield application


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session
