"""The profile's recommendations card: the night's advice from the cache, or a friendly empty
state; and the Mini App in English with a dark Telegram theme."""

from __future__ import annotations

import datetime as dt
import re

from playwright.async_api import Page, Route, expect

from core.clock import FrozenClock
from db.models import Cafe, Combo, MenuItem, User
from lunchbot.app import Application
from services.recommendations.prompt import Advice
from tests.browser.conftest import DARK_THEME, JOHN, open_app, shot
from tests.support.catalog import Catalog
from tests.support.miniapp import IVAN, MiniApp
from tests.support.orders import make_order

TIPS = [
    "Добавьте к обеду салат: в Пельменной есть оливье.",
    "Попробуйте солянку вместо борща — в меню она есть каждый день.",
]


async def _eat(user: User, days: int, combo: str, dishes: list[str]) -> None:
    cafe = await Cafe.get(key="pelmennaya")
    chosen = await Combo.get(key=combo)
    items = await MenuItem.filter(key__in=dishes)
    for offset in range(1, days + 1):
        day = dt.date(2026, 12, 7) - dt.timedelta(days=offset)
        await make_order(user, cafe, day, chosen, items)


async def test_the_recommendations_card_shows_the_nights_advice(
    page: Page,
    app: Application,
    app_url: str,
    clock: FrozenClock,
    catalog: Catalog,
    ivan_api: MiniApp,
) -> None:
    await ivan_api.get("/me")
    ivan = await User.get(tgid=IVAN["id"])
    await _eat(ivan, 4, "full", ["borsch", "olivier", "kotleta"])
    await _eat(ivan, 2, "light", ["solyanka", "olivier"])  # days 1-2 again: 6 orders
    # The cache entry exactly as the nightly batch writes it (generated at 11:00 Moscow).
    stats = await app.services.stats.for_user(IVAN["id"])
    await app.services.recommendations.store(
        stats, Advice(summary="Много горячего и супов, мало овощей.", tips=TIPS)
    )

    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Профиль").click()
    await expect(page.get_by_role("heading", name="Иван Сидоров")).to_be_visible()
    card = page.locator(".advice")
    await expect(card.get_by_text("Много горячего и супов, мало овощей.")).to_be_visible()
    await expect(card.locator(".tips li")).to_have_text(TIPS)
    # 6 soups, 6 salads, 4 mains out of 16 dishes
    await expect(card.locator(".chart-row")).to_have_text(
        [
            re.compile(r"Салат\s*37,5\s%"),
            re.compile(r"Суп\s*37,5\s%"),
            re.compile(r"Горячее\s*25\s%"),
        ]
    )
    await expect(card).to_contain_text("6 заказов за 30 дней · разных блюд: 4")
    await expect(card).to_contain_text("Обновлено пн, 7 дек., 11:00")
    await shot(page, "profile")


async def test_without_advice_the_card_says_when_it_comes(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Профиль").click()
    card = page.locator(".advice")
    await expect(card.get_by_text("Советов пока нет")).to_be_visible()
    # This app has no GEMINI_API_KEYS: the card does not promise advice that never comes.
    await expect(card).to_contain_text("Советы по питанию здесь не включены.")
    await expect(card).not_to_contain_text("пять заказов")
    await expect(card.locator(".chart")).to_have_count(0)
    await shot(page, "profile-empty")


async def test_english_in_a_dark_theme(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    await open_app(page, app_url, clock, JOHN, theme=DARK_THEME)
    await expect(page.get_by_role("heading", name="Where shall we eat?")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "en"
    pelmennaya = page.get_by_role("button", name=re.compile("^Пельменная"))
    await expect(pelmennaya).to_contain_text("Next delivery Tue, December 8, order by 10:00 AM")
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 30, 39)"  # the theme's secondary_bg_color
    await shot(page, "cafes-en-dark")

    await pelmennaya.click()
    await page.get_by_text("Полный обед").click()
    await expect(page.get_by_text("Choose: Soup")).to_be_visible()
    await shot(page, "menu-en-dark")
    await page.get_by_role("button", name="Profile").click()
    await expect(page.get_by_text("No tips yet")).to_be_visible()
    await shot(page, "profile-en-dark")


async def test_failures_are_told_in_words_and_can_be_retried(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    """A proxy's HTML error page and a dropped connection, as a phone meets them."""
    advice = "**/api/v1/users/*/recommendations"

    async def bad_gateway(route: Route) -> None:
        await route.fulfill(status=502, body="<h1>502 Bad Gateway</h1>", content_type="text/html")

    await page.route(advice, bad_gateway)
    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Профиль").click()
    await expect(page.get_by_role("alert").locator("p")).to_have_text(
        "На сервере что-то пошло не так. Попробуйте ещё раз чуть позже."
    )
    await page.unroute(advice)
    await page.route(advice, lambda route: route.abort("internetdisconnected"))
    await page.get_by_role("button", name="Повторить").click()
    await expect(page.get_by_role("alert").locator("p")).to_have_text(
        "Нет связи с сервером. Проверьте интернет и попробуйте ещё раз."
    )
    await shot(page, "offline")
    await page.unroute(advice)
    await page.get_by_role("button", name="Повторить").click()
    await expect(page.get_by_text("Советов пока нет")).to_be_visible()
