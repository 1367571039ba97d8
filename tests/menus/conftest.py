"""A catalog, a manager, an employee with an open order, and the Mini App, for the menu tests."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from openpyxl import load_workbook

from core.clock import FrozenClock
from db.models import Cafe, Combo, MenuItem, Order, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.links.conftest import staff
from tests.support.catalog import TUESDAY, Catalog, load_catalog
from tests.support.miniapp import IVAN, MiniApp
from tests.support.orders import make_order

Json = dict[str, Any]
ANNA = {"id": 9101, "first_name": "Анна Петрова", "language_code": "ru"}


@pytest.fixture
async def catalog(app: Application) -> Catalog:
    return await load_catalog()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def anna(bot_api: BotAPIServer, catalog: Catalog) -> Json:
    """A manager who has opened the bot."""
    return await staff(bot_api, 9101, "Анна Петрова")


@pytest.fixture
def anna_app(http: aiohttp.ClientSession, app_url: str, clock: FrozenClock, anna: Json) -> MiniApp:
    return MiniApp(http, app_url, clock, ANNA)


@pytest.fixture
async def ivan(bot_api: BotAPIServer, catalog: Catalog) -> User:
    """An employee who has opened the bot, with an open order for Tuesday: борщ in it."""
    user = await User.create(tgid=IVAN["id"], name="Иван Сидоров", language="ru")
    person = updates.user(IVAN["id"], "Иван", "Сидоров")
    bot_api.add_chat(updates.private_chat(person), started=True)
    await make_order(
        user,
        await Cafe.get(key="pelmennaya"),
        dt.date.fromisoformat(TUESDAY),
        await Combo.get(key="full"),
        [await MenuItem.get(key=k) for k in ("borsch", "olivier", "kotleta")],
    )
    return user


@pytest.fixture
def ivan_app(http: aiohttp.ClientSession, app_url: str, clock: FrozenClock) -> MiniApp:
    return MiniApp(http, app_url, clock, IVAN)


def workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def saved(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def active_orders() -> int:
    return await Order.filter(status="active").count()
