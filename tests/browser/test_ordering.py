"""Ordering in the Mini App, as an employee does it: cafes → menu → confirmation → My orders."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from decimal import Decimal

from playwright.async_api import Page, Route, expect

from core.clock import FrozenClock
from db.models import Cafe, Combo, MenuItem, Order, OrderStatus, User
from tests.browser.conftest import open_app, shot
from tests.support.catalog import Catalog
from tests.support.miniapp import IVAN, MiniApp
from tests.support.orders import make_order


async def test_order_a_lunch_end_to_end(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    await open_app(page, app_url, clock)
    await expect(page.get_by_role("heading", name="Где обедаем?")).to_be_visible()
    pelmennaya = page.get_by_role("button", name="Пельменная №1")
    await expect(pelmennaya).to_contain_text("вт, 8 декабря")
    await expect(page.get_by_role("button", name="Green Bowl")).to_contain_text("до 11:00")
    await expect(page.get_by_text("Сейчас не доставляет")).to_be_visible()  # the Буфет
    await shot(page, "cafes")

    await pelmennaya.click()
    await expect(page.get_by_text("Доставка вт, 8 декабря · заказ до 10:00")).to_be_visible()
    await page.get_by_text("Полный обед").click()
    # Оливье and the Котлета are the only salad and main: chosen already.
    await expect(page.get_by_role("radio", name="Котлета по-киевски")).to_be_checked()
    await expect(page.get_by_role("button", name="Далее")).to_be_disabled()
    await expect(page.get_by_text("Выберите: Суп")).to_be_visible()
    await page.get_by_text("Борщ", exact=True).click()
    await page.get_by_role("button", name="Добавить: Морс клюквенный").click()
    await page.get_by_role("button", name="Добавить: Морс клюквенный").click()
    await page.get_by_role("button", name="Добавить: Пирожок с капустой").click()
    await page.get_by_placeholder("Например: без лука").fill("без лука, пожалуйста")
    total = page.locator(".checkout .total")
    await expect(total).to_have_text("765,50 ₽")  # 450 + 2 × 120 + 75.50
    await shot(page, "menu")

    await page.get_by_role("button", name="Далее").click()
    await expect(page.get_by_role("heading", name="Проверьте заказ")).to_be_visible()
    await expect(page.get_by_text("Морс клюквенный × 2")).to_be_visible()
    await shot(page, "review")
    await page.get_by_role("button", name="Заказать за 765,50 ₽").click()
    await expect(page.get_by_role("heading", name="Заказ принят")).to_be_visible()
    await shot(page, "done")

    (order,) = await Order.all()
    assert order.total_amount == Decimal("765.50")
    assert order.date == dt.date(2026, 12, 8)
    assert order.notes == "без лука, пожалуйста"

    await page.get_by_role("button", name="Мои заказы").first.click()
    card = page.locator(f"[data-order='{order.id}']")
    await expect(card).to_contain_text("Пельменная №1")
    await expect(card).to_contain_text("Котлета по-киевски")
    await expect(card).to_contain_text("Можно изменить или отменить до")
    await shot(page, "orders")
    assert order.status is OrderStatus.ACTIVE


async def test_change_an_order(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog, ivan_api: MiniApp
) -> None:
    order = catalog.order(extras={"mors": 1}, notes="без лука")
    status, placed = await ivan_api.post("/orders", order)
    assert status == 201
    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Мои заказы").click()
    card = page.locator(f"[data-order='{placed['id']}']")
    await card.get_by_role("button", name="Изменить").click()

    await expect(page.get_by_text("Изменение заказа на вт, 8 декабря")).to_be_visible()
    await expect(page.get_by_role("radio", name=re.compile("^Полный обед"))).to_be_checked()
    await expect(page.get_by_role("radio", name="Котлета по-киевски")).to_be_checked()
    await expect(page.get_by_placeholder("Например: без лука")).to_have_value("без лука")
    await expect(page.locator(".checkout .total")).to_have_text("570 ₽")
    await page.get_by_text("Лёгкий").click()
    await page.get_by_text("Солянка").click()
    await page.get_by_role("button", name="Убрать: Морс клюквенный").click()
    await page.get_by_role("button", name="Добавить: Пирожок с капустой").click()
    await page.get_by_placeholder("Например: без лука").fill("")
    await expect(page.locator(".checkout .total")).to_have_text("395,50 ₽")  # 320 + 75.50
    await shot(page, "change")
    await page.get_by_role("button", name="Далее").click()
    await expect(page.get_by_role("heading", name="Проверьте изменения")).to_be_visible()
    await page.get_by_role("button", name="Сохранить изменения").click()
    await expect(page.get_by_role("heading", name="Заказ изменён")).to_be_visible()

    order = await Order.get(id=placed["id"]).prefetch_related("items__menu_item", "extras")
    assert order.combo_id == catalog.combos["light"]
    assert sorted(row.menu_item.key for row in order.items) == ["olivier", "solyanka"]
    assert [(row.menu_item_id, row.quantity) for row in order.extras] == [
        (catalog.items["pirozhok"], 1)
    ]
    assert (order.notes, order.total_amount) == (None, Decimal("395.50"))
    assert await Order.all().count() == 1


async def test_cancel_an_order(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog, ivan_api: MiniApp
) -> None:
    _, placed = await ivan_api.post("/orders", catalog.order())
    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Мои заказы").click()
    card = page.locator(f"[data-order='{placed['id']}']")
    await card.get_by_role("button", name="Отменить").click()
    await expect(card.get_by_text("Отменить этот заказ?")).to_be_visible()
    await card.get_by_role("button", name="Оставить").click()  # changed their mind
    await card.get_by_role("button", name="Отменить").click()
    await card.get_by_role("button", name="Да, отменить").click()

    await expect(card.get_by_text("Заказ отменён.")).to_be_visible()
    await expect(card.locator(".badge")).to_have_text("Отменён")
    await expect(card.get_by_role("button")).to_have_text(["Повторить"])  # only that
    await shot(page, "cancel")
    assert (await Order.get(id=placed["id"])).status is OrderStatus.CANCELLED


async def test_a_closed_day_says_so_and_refuses(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog, ivan_api: MiniApp
) -> None:
    # An order for today, placed before the Пельменная closed at 10:00.
    await ivan_api.get("/me")
    user = await User.get(tgid=IVAN["id"])
    cafe = await Cafe.get(key="pelmennaya")
    dishes = await MenuItem.filter(key__in=["borsch", "olivier", "kotleta"])
    monday = await make_order(user, cafe, dt.date(2026, 12, 7), await Combo.get(key="full"), dishes)
    await open_app(page, app_url, clock)
    await page.get_by_role("button", name="Мои заказы").click()
    card = page.locator(f"[data-order='{monday.id}']")
    await expect(card.locator(".badge")).to_have_text("Приём закрыт")
    await expect(card).to_contain_text("Приём заказов закрыт в 10:00 — заказ уже не изменить")
    await expect(card.get_by_role("button")).to_have_text(["Повторить"])  # read-only

    # Tuesday's order is ready to go when Tuesday's 10:00 passes.
    await page.get_by_role("button", name="Обед").click()
    await page.get_by_role("button", name=re.compile("^Пельменная")).click()
    for choice in ("Полный обед", "Борщ"):
        await page.get_by_text(choice, exact=True).click()
    await page.get_by_role("button", name="Далее").click()
    clock.set(dt.datetime(2026, 12, 8, 7, 0, tzinfo=dt.UTC))  # 10:00 in Moscow
    place = page.get_by_role("button", name="Заказать за 450 ₽")
    await place.click()
    await expect(page.get_by_role("alert")).to_have_text(
        "Приём заказов на этот день закрылся в вт, 8 дек., 10:00."
    )
    await expect(place).to_be_disabled()
    await shot(page, "closed")
    assert await Order.filter(date=dt.date(2026, 12, 8)).count() == 0

    # Back at the menu, the day shows as closed, and so does a day it does not deliver.
    await page.get_by_role("button", name="Назад").click()
    await expect(page.get_by_text("Приём заказов на вт, 8 декабря закрыт в 10:00.")).to_be_visible()
    await expect(page.get_by_role("button", name="Далее")).to_have_count(0)
    await page.get_by_role("button", name="сб, 12 декабря").click()
    await expect(page.get_by_text("На сб, 12 декабря доставки нет")).to_be_visible()
    await shot(page, "no-delivery")


async def test_an_order_placed_meanwhile_on_another_device(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog, ivan_api: MiniApp
) -> None:
    await open_app(page, app_url, clock)
    await page.get_by_role("button", name=re.compile("^Пельменная")).click()
    for choice in ("Лёгкий", "Солянка"):
        await page.get_by_text(choice, exact=True).click()
    await page.get_by_role("button", name="Далее").click()
    status, elsewhere = await ivan_api.post("/orders", catalog.order())
    assert status == 201

    await page.get_by_role("button", name="Заказать за 320 ₽").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "У вас уже есть заказ в этом кафе на этот день — откройте его, чтобы изменить."
    )
    await page.get_by_role("button", name="Открыть мой заказ").click()
    await expect(page.get_by_text("Изменение заказа на вт, 8 декабря")).to_be_visible()
    await expect(page.get_by_role("radio", name=re.compile("^Полный обед"))).to_be_checked()
    assert await Order.all().values_list("id", flat=True) == [elsewhere["id"]]


async def test_a_slow_network_shows_progress(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    answer = asyncio.Event()

    async def slow(route: Route) -> None:
        if route.request.method in ("GET", "POST"):
            await answer.wait()
        await route.continue_()

    await page.route("**/api/v1/cafes", slow)
    await open_app(page, app_url, clock)
    await expect(page.get_by_role("status").locator(".skeleton-card").first).to_be_visible()
    await shot(page, "loading")
    answer.set()
    await expect(page.get_by_role("button", name=re.compile("^Пельменная"))).to_be_visible()
    await expect(page.locator(".skeleton")).to_have_count(0)

    answer.clear()
    await page.route("**/api/v1/orders", slow)
    await page.get_by_role("button", name=re.compile("^Пельменная")).click()
    for choice in ("Лёгкий", "Борщ"):
        await page.get_by_text(choice, exact=True).click()
    await page.get_by_role("button", name="Далее").click()
    await page.get_by_role("button", name="Заказать за 320 ₽").click()
    sending = page.get_by_role("button", name="Отправляем…")
    await expect(sending).to_be_disabled()
    await shot(page, "sending")
    answer.set()
    await expect(page.get_by_role("heading", name="Заказ принят")).to_be_visible()
    assert await Order.all().count() == 1
