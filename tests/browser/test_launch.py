"""How the Mini App starts: from the bot's /start button, with or without Telegram's script,
outside Telegram, and with launch data too old to use."""

from __future__ import annotations

import datetime as dt
import json
import re

from playwright.async_api import Page, Route, expect

from core.clock import FrozenClock
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.browser.conftest import DARK_THEME, launch_url, open_app
from tests.conftest import TOKEN
from tests.support.catalog import Catalog
from tests.support.miniapp import IVAN
from web.auth import sign_init_data

CAFES = re.compile("^Пельменная")


async def test_the_start_button_opens_this_mini_app(
    page: Page, bot_api: BotAPIServer, clock: FrozenClock, catalog: Catalog
) -> None:
    ivan = updates.user(IVAN["id"], "Иван", "Сидоров", language_code="ru")
    await bot_api.send_text(updates.private_chat(ivan), ivan, "/start")
    (message,) = bot_api.messages(IVAN["id"])
    ((button,),) = message["reply_markup"]["inline_keyboard"]
    await page.goto(launch_url(button["web_app"]["url"], IVAN, clock))
    await expect(page.get_by_role("button", name=CAFES)).to_be_visible()
    # The chat's menu button opens it too.
    (menu_button,) = bot_api.calls_to("setChatMenuButton")
    assert menu_button.params["chat_id"] == IVAN["id"]
    assert menu_button.params["menu_button"]["web_app"] == button["web_app"]


async def test_without_the_trailing_slash(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    """`/app` redirects to `/app/` and the launch data in the hash comes along."""
    await page.goto(launch_url(f"{app_url}/app", IVAN, clock))
    await expect(page.get_by_role("button", name=CAFES)).to_be_visible()
    assert page.url.startswith(f"{app_url}/app/#tgWebAppVersion=")


async def test_with_telegrams_script(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    """Where Telegram's script loads, its WebApp gives the launch data and the Back button."""
    init_data = sign_init_data(TOKEN, IVAN, auth_date=clock.now())
    stub = f"""
        window.Telegram = {{ WebApp: {{
            initData: {json.dumps(init_data)}, themeParams: {json.dumps(DARK_THEME)},
            colorScheme: "dark", calls: [],
            ready() {{ this.calls.push("ready"); }}, expand() {{ this.calls.push("expand"); }},
            onEvent(name) {{ this.calls.push("on " + name); }}, close() {{}},
            BackButton: {{ visible: false, show() {{ this.visible = true; }},
                           hide() {{ this.visible = false; }}, onClick(f) {{ this.press = f; }} }},
        }} }};"""

    async def telegram_script(route: Route) -> None:
        await route.fulfill(body=stub, content_type="text/javascript")

    await page.route("https://telegram.org/js/telegram-web-app.js", telegram_script)
    await page.goto(f"{app_url}/app/")  # no hash: all from the script
    await expect(page.get_by_role("button", name=CAFES)).to_be_visible()
    calls = await page.evaluate("Telegram.WebApp.calls")
    assert calls[:3] == ["ready", "expand", "on themeChanged"]
    assert await page.evaluate("document.documentElement.dataset.scheme") == "dark"

    back = "Telegram.WebApp.BackButton"
    assert await page.evaluate(f"{back}.visible") is False
    await page.get_by_role("button", name=CAFES).click()
    await expect(page.get_by_role("heading", name="Пельменная №1")).to_be_visible()
    assert await page.evaluate(f"{back}.visible") is True
    await page.evaluate(f"{back}.press()")
    await expect(page.get_by_role("heading", name="Где обедаем?")).to_be_visible()
    assert await page.evaluate(f"{back}.visible") is False


async def test_outside_telegram_it_says_where_to_open_it(page: Page, app_url: str) -> None:
    await page.goto(f"{app_url}/app/")
    await expect(page.get_by_role("alert")).to_have_text(
        "Откройте мини-приложение из бота в Telegram: кнопка «🍽 Заказать обед» в ответ на /start."
    )
    await expect(page.locator("#tabs")).to_be_hidden()


async def test_old_launch_data_asks_to_reopen(page: Page, app_url: str, clock: FrozenClock) -> None:
    await open_app(page, app_url, clock, signed_at=clock.now() - dt.timedelta(days=2))
    await expect(page.get_by_role("alert")).to_contain_text(
        "Сессия устарела. Закройте мини-приложение и откройте его из бота снова."
    )
