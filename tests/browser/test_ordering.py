"""Ordering in the Mini App, as an employee does it: cafes → menu → confirmation → My orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from playwright.async_api import Page, expect

from core.clock import FrozenClock
from db.models import Order, OrderStatus
from tests.browser.conftest import open_app, shot
from tests.support.catalog import Catalog


async def test_order_a_lunch_end_to_end(
    page: Page, app_url: str, clock: FrozenClock, catalog: Catalog
) -> None:
    await open_app(page, app_url, clock)
    await expect(page.get_by_role("heading", name="Где обедаем?")).to_be_visible()
    pelmennaya = page.get_by_role("button", name="Пельменная №1")
    await expect(pelmennaya).to_contain_text("вт, 8 декабря")
    await expect(page.get_by_text("Сейчас не доставляет")).to_be_visible()  # the Буфет
    await shot(page, "cafes")

    await pelmennaya.click()
    await expect(page.get_by_text("Доставка вт, 8 декабря · заказ до 10:00")).to_be_visible()
    await page.get_by_text("Полный обед").click()
    await page.get_by_text("Борщ с пампушкой").click()
    await page.get_by_text("Оливье").click()
    await expect(page.get_by_role("button", name="Далее")).to_be_disabled()
    await expect(page.get_by_text("Выберите: Горячее")).to_be_visible()
    await page.get_by_text("Котлета по-киевски").click()
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
