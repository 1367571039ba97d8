"""The Mini App in a real browser: Debian's headless Chromium, driven by Playwright, against
the whole app (database, Redis, the Bot API double) in this test's event loop.

One browser for the session; every test gets a fresh context (no cookies, no storage), set
to Moscow time and a phone-sized window. Telegram's script is refused (no internet here, as
in a browser that cannot reach telegram.org): the page must work from the URL hash alone,
the way Telegram opens it. Screenshots go to tests/artifacts/ (see `shot`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, async_playwright

from core.clock import FrozenClock
from lunchbot.app import Application
from tests.conftest import TOKEN
from tests.support.catalog import Catalog, load_catalog
from tests.support.miniapp import IVAN, MiniApp
from web.auth import sign_init_data

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


JOHN = {"id": 9301, "first_name": "John", "last_name": "Smith", "language_code": "en"}

# themeParams as Telegram sends them, in a dark theme.
DARK_THEME = {
    "bg_color": "#212d3b",
    "secondary_bg_color": "#151e27",
    "section_bg_color": "#1d2733",
    "text_color": "#ffffff",
    "hint_color": "#7d8b99",
    "link_color": "#5eabe1",
    "button_color": "#50a8eb",
    "button_text_color": "#ffffff",
    "header_bg_color": "#242d39",
    "destructive_text_color": "#ee686f",
    "section_separator_color": "#111921",
}


@pytest.fixture
async def catalog(app: Application) -> Catalog:
    return await load_catalog()


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    return CHROMIUM


@pytest.fixture(scope="session")
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        await browser.close()


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        viewport={"width": 400, "height": 800},
    )
    await context.route("https://telegram.org/**", lambda route: route.abort())
    yield context
    await context.close()


@pytest.fixture
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    """A tab that fails the test on any script error of the page (a missing text is one)."""
    page = await context.new_page()
    errors = script_errors(page)
    yield page
    assert errors == []


def script_errors(page: Page) -> list[str]:
    """The page's uncaught errors and console errors, collected from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))

    def console(message: ConsoleMessage) -> None:
        # Refused requests (telegram.org, a test's failed route) are the browser's, not ours.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("console", console)
    return errors


def launch_url(
    page_url: str,
    user: dict[str, Any] | None,
    clock: FrozenClock,
    *,
    theme: dict[str, str] | None = None,
    signed_at: dt.datetime | None = None,
) -> str:
    """`page_url` as Telegram opens it: with the launch data in the hash, signed now (by the
    app's clock) unless `signed_at` says when."""
    fragment: dict[str, str] = {"tgWebAppVersion": "8.0", "tgWebAppPlatform": "tdesktop"}
    if user is not None:
        fragment["tgWebAppData"] = sign_init_data(TOKEN, user, auth_date=signed_at or clock.now())
    if theme is not None:
        fragment["tgWebAppThemeParams"] = json.dumps(theme)
    return f"{page_url}#{urlencode(fragment)}"


async def open_app(
    page: Page, app_url: str, clock: FrozenClock, user: dict[str, Any] = IVAN, **kwargs: Any
) -> None:
    """Open the Mini App as `user` (Иван by default) from the bot's button."""
    await page.goto(launch_url(f"{app_url}/app/", user, clock, **kwargs))


@pytest.fixture
async def ivan_api(app_url: str, clock: FrozenClock) -> AsyncIterator[MiniApp]:
    """Иван calling the API himself: another device, or the state a test starts from."""
    async with aiohttp.ClientSession() as http:
        yield MiniApp(http, app_url, clock, IVAN)


async def shot(page: Page, name: str) -> None:
    """Save the whole page as tests/artifacts/miniapp-<name>.png.

    The window is stretched to the page's height for it: a full-page screenshot of a scrolled
    page would draw the sticky header and footer where the scroll left them."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    assert size is not None
    height = await page.evaluate("document.documentElement.scrollHeight")
    await page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    try:
        await page.screenshot(path=ARTIFACTS / f"miniapp-{name}.png")
    finally:
        await page.set_viewport_size(size)
