"""Past orders and "Повторить" in the Mini App, and the reminder switch in the Profile."""

from __future__ import annotations

import datetime as dt
import re

from playwright.async_api import Page, expect

from core.clock import FrozenClock
from db.models import Cafe, Combo, MenuItem, Order, OrderStatus, User
from tests.browser.conftest import open_app, shot
from tests.support.catalog import Catalog
from tests.support.miniapp import IVAN, MiniApp
from tests.support.orders import make_order


async def _history(ivan_api: MiniApp) -> dict[str, Order]:
    await ivan_api.get("/me")
    user = await User.get(tgid=IVAN["id"])
    cafe = await Cafe.get(key="pelmennaya")
    items = {item.key: item for item in await MenuItem.filter(cafe=cafe)}
    full, light = await Combo.get(key="full"), await Combo.get(key="light")
    full_dishes = [items["borsch"], items["olivier"], items["kotleta"]]
    return {
        "nov20": await make_order(
            user, cafe, dt.date(2026, 11, 20), full, full_dishes, [(items["mors"], 2)], "без лука"
        ),
        "dec1": await make_order(
            user, cafe, dt.date(2026, 12, 1), light, [items["solyanka"], items["olivier"]]
        ),
        # More than 60 days ago: not listed.
        "sep1": await make_order(user, cafe, dt.date(2026, 9, 1), light, full_dishes[:2]),
    }


async def test_past_orders_below_upcoming_and_repeat_one(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog, ivan_api: MiniApp
) -> None:
    history = await _history(ivan_api)
    status, upcoming = await ivan_api.post("/orders", catalog.order(date="2026-12-09"))
    assert status == 201
    await MenuItem.filter(key="borsch").update(is_available=False)  # off the menu since

    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Мои заказы").click()
    await expect(page.get_by_role("heading", name="Прошлые заказы · 60 дней")).to_be_visible()
    cards = page.locator("article.order")
    # Upcoming first, then the past ones newest first; the one of September is not there.
    await expect(cards).to_have_count(3)
    ids = [await card.get_attribute("data-order") for card in await cards.all()]
    assert ids == [str(upcoming["id"]), str(history["dec1"].id), str(history["nov20"].id)]
    past = page.locator(f"[data-order='{history['nov20'].id}']")
    await expect(past).to_contain_text("пт, 20 ноября")
    await expect(past).to_contain_text("Итого690 ₽")
    await expect(past.get_by_role("button")).to_have_text(["Повторить"])  # read-only
    await shot(page, "orders-past")

    await past.get_by_role("button", name="Повторить").click()
    # The Пельменная's next open date is Tuesday; Борщ is gone, the rest is chosen again.
    await expect(page.get_by_text("Доставка вт, 8 декабря · заказ до 10:00")).to_be_visible()
    await expect(
        page.get_by_text("«Борщ» нет в меню на вт, 8 декабря — выберите другое.")
    ).to_be_visible()
    await expect(page.get_by_role("radio", name="Полный обед")).to_be_checked()
    await expect(page.get_by_role("radio", name="Котлета по-киевски")).to_be_checked()
    await expect(page.locator(".extra.chosen .count")).to_have_text("2")
    await expect(page.get_by_placeholder("Например: без лука")).to_have_value("без лука")
    await expect(page.get_by_role("button", name="Далее")).to_be_disabled()
    await shot(page, "repeat")
    await page.get_by_text("Солянка", exact=True).click()
    await page.get_by_role("button", name="Далее").click()
    await page.get_by_role("button", name=re.compile("^Заказать за 690")).click()
    await expect(page.get_by_role("heading", name="Заказ принят")).to_be_visible()

    order = await Order.get(date=dt.date(2026, 12, 8)).prefetch_related(
        "items__menu_item", "extras__menu_item"
    )
    assert order.status is OrderStatus.ACTIVE
    assert sorted(row.menu_item.key for row in order.items) == ["kotleta", "olivier", "solyanka"]
    assert [(row.menu_item.key, row.quantity) for row in order.extras] == [("mors", 2)]
    assert order.notes == "без лука"


async def test_the_reminder_switch_in_the_profile(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Профиль").click()
    switch = page.get_by_role("switch", name=re.compile("Напоминать о заказе"))
    await expect(switch).to_be_checked()
    await switch.click()
    await expect(switch).not_to_be_checked()
    await expect(switch).to_be_enabled()
    assert (await User.get(tgid=IVAN["id"])).reminders_enabled is False
    await shot(page, "profile-reminders")
    await page.reload()
    await page.get_by_role("button", name="Профиль").click()
    await expect(page.get_by_role("switch", name=re.compile("Напоминать"))).not_to_be_checked()
