"""What the ordering API tests share: the catalog (tests.support.catalog) and employees."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from core.clock import FrozenClock
from lunchbot.app import Application
from tests.support.catalog import Catalog, load_catalog
from tests.support.miniapp import IVAN, MiniApp

MARIA = {"id": 9202, "first_name": "Мария", "username": "masha_k", "language_code": "ru"}


@pytest.fixture
async def catalog(app: Application) -> Catalog:
    return await load_catalog()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def ivan(http: aiohttp.ClientSession, app_url: str, clock: FrozenClock) -> MiniApp:
    return MiniApp(http, app_url, clock, IVAN)


@pytest.fixture
def maria(http: aiohttp.ClientSession, app_url: str, clock: FrozenClock) -> MiniApp:
    return MiniApp(http, app_url, clock, MARIA)
