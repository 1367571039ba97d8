"""The Mini App for someone not on the office roster (SIGNUP=approval): where they stand, and
the button that asks the managers; no tabs, no menus, no ordering."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from playwright.async_api import Page, expect
from redis.asyncio import Redis

from core.clock import FrozenClock
from core.config import Settings
from db.models import AccessRequest
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from tests.browser.conftest import JOHN, open_app
from tests.links.conftest import staff, texts
from tests.support.app import running_app

PETR = {"id": 9302, "first_name": "Пётр", "last_name": "Новиков", "language_code": "ru"}


@pytest.fixture
async def app(
    make_settings: Callable[..., Settings], clock: FrozenClock, redis: Redis, bot_api: BotAPIServer
) -> AsyncIterator[Application]:
    async with running_app(make_settings(app={"signup": "approval"}), bot_api, clock) as app:
        yield app


async def test_a_stranger_requests_access_from_the_mini_app(
    page: Page, app: Application, app_url: str, clock: FrozenClock, bot_api: BotAPIServer
) -> None:
    anna = await staff(bot_api, 9101, "Анна Петрова")
    await open_app(page, app_url, clock, PETR)
    status = page.get_by_role("status")
    await expect(status).to_contain_text("Вас пока нет в списке сотрудников")
    await expect(page.locator("#tabs")).to_be_hidden()
    await status.get_by_role("button", name="🙋 Запросить доступ").click()
    await expect(page.get_by_role("status")).to_contain_text("Заявка на доступ отправлена")
    await expect(page.get_by_role("button", name="🙋 Запросить доступ")).to_have_count(0)
    assert await AccessRequest.filter(user__tgid=PETR["id"]).count() == 1
    assert "Пётр Новиков" in texts(bot_api, anna["id"])[0]

    await page.reload()  # asked already: it says so, no button
    await expect(page.get_by_role("status")).to_contain_text("ждёт решения менеджера")
    await expect(page.get_by_role("button")).to_have_count(0)


async def test_in_english(page: Page, app: Application, app_url: str, clock: FrozenClock) -> None:
    await open_app(page, app_url, clock, JOHN)
    await expect(page.get_by_role("status")).to_contain_text(
        "You are not on the list of people who order lunch here yet."
    )
